import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import assessor_sheet
from ..tools import decomposition_sheet as sheet


class TargetAssessorImportWizard(models.TransientModel):
    """Import an assessor's score sheet (考评得分表): every row checked, all or nothing.

    The rows are checked against the year-end lines of the cycle the current
    user's units assess; when any row is wrong, the errors are listed with
    row, column and reason and nothing is written. Otherwise the assessor's
    values and scores are written as the current user, and submitted.
    """

    _name = "target.assessor.import.wizard"
    _description = "Import Assessor Scores"

    cycle_id = fields.Many2one("target.cycle", required=True)
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("errors", "Errors"), ("done", "Done")], default="upload"
    )
    error_text = fields.Text("Errors", readonly=True)
    error_count = fields.Integer(readonly=True)
    line_ids = fields.Many2many("target.evaluation.line", string="Scored lines", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "cycle_id" in fields_list and not values.get("cycle_id"):
            cycle = self.env["target.cycle"].search([("phase", "!=", "closed")], limit=1)
            values["cycle_id"] = cycle.id
        return values

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        try:
            rows = sheet.read_sheet(base64.b64decode(self.file), self.filename)
        except sheet.SheetFormatError as exc:
            raise UserError(self.env._(exc.reason, **exc.args_)) from exc
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
                ["goal_id", "unit_id", "assessor_unit_id", "points"],
            )
        )
        mine = self.env.user.target_unit_ids
        office = self.env.user.has_group("target_assessment.group_office")
        return {
            line.goal_id.ref: assessor_sheet.LineInfo(
                line_id=line.id,
                unit_code=line.unit_id.code,
                points=line.points,
                mine=office or line.assessor_unit_id in mine,
            )
            for line in found
        }

    def _show_errors(self, errors):
        lines = [
            self.env._(
                "Row %(row)s, column %(column)s: %(reason)s",
                row=e.row,
                column=e.column or "-",
                reason=self.env._(e.reason, **e.args) if e.args else self.env._(e.reason),
            )
            for e in sorted(errors, key=lambda e: (e.row, e.column))
        ]
        self.write({"state": "errors", "error_text": "\n".join(lines), "error_count": len(errors)})
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
