from collections import defaultdict

from odoo import fields, models

from ..tools import assessor_sheet


class TargetAssessorImportWizard(models.TransientModel):
    """Import an assessor's score sheet (考评得分表): every row checked, all or nothing.

    The rows are checked against the year-end lines of the cycle the current
    user's units assess; when any row is wrong, the errors are listed with
    row, column and reason and nothing is written. Otherwise the assessor's
    values and scores are written as the current user, and submitted.
    """

    _name = "target.assessor.import.wizard"
    _description = "Import Assessor Scores"
    _inherit = ["target.sheet.import.mixin"]

    line_ids = fields.Many2many("target.evaluation.line", string="Scored lines", readonly=True)

    def _import(self):
        """Check the rows against the cycle's year-end lines; write the scores."""
        rows = self._read_rows()
        parsed, errors, labels = assessor_sheet.parse_rows(rows)
        lines = self._lines_by_ref(parsed)
        if labels:
            errors += assessor_sheet.check_rows(parsed, labels, lines)
        if errors:
            return self._show_errors(errors)
        Line = self.env["target.evaluation.line"]
        # one write per distinct value and score
        by_values = defaultdict(list)
        for row in parsed:
            by_values[(row.assessor_value, row.assessor_score)].append(lines[row.ref].line_id)
        for (value, score), line_ids in by_values.items():
            Line.browse(line_ids).write(
                {"assessor_value": value, "assessor_score": score, "assessor_scored": True}
            )
        scored = Line.browse([lines[row.ref].line_id for row in parsed])
        self.write({"state": "done", "line_ids": [fields.Command.set(scored.ids)]})
        return self._reopen()

    def _lines_by_ref(self, rows):
        """The cycle's year-end lines of the rows' goals, in one query."""
        found = (
            self.env["target.evaluation.line"]
            .sudo()
            .search_fetch(
                [
                    ("cycle_id", "=", self.cycle_id.id),
                    ("stage", "=", "year_end"),
                    ("goal_id.ref", "in", list({row.ref for row in rows if row.ref})),
                ],
                ["goal_id", "unit_id", "assessor_unit_id", "points", "indicator_id"],
            )
        )
        mine = self.env.user.target_unit_ids
        office = self.env.user._target_is_office_of(self.cycle_id)
        return {
            line.goal_id.ref: assessor_sheet.LineInfo(
                line_id=line.id,
                unit_code=line.unit_id.code,
                points=line.points,
                mine=office or line.assessor_unit_id in mine,
                method=line.indicator_id.scoring_method,
                uom=line.indicator_id.uom or "",
                ratio_cap=line.indicator_id.ratio_cap,
            )
            for line in found
        }
