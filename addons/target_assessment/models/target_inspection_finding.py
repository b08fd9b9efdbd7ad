from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import engine
from ..scoring.reader import CycleReader
from ..tools import numbers

FINDING_RESULTS = [
    ("confirmed", "Confirmed"),  # 属实
    ("corrected", "Corrected value"),  # 核减 / 核增
    ("false_report", "False report"),  # 虚报
]
# Written by the finding itself (its effects), never by a person.
SYSTEM_FIELDS = {"inspector_id", "adjustment_id", "rectification_id"}
# A change of these re-verifies the line.
VERIFY_FIELDS = {"line_id", "result", "verified_value"}


class TargetInspectionFinding(models.Model):
    """What an inspection group found on one evaluation line (核查结果).

    Confirmed: the unit's value stands. Corrected: the group's value replaces
    it. False report (虚报): the group's value replaces it and, once per
    finding, a proposed deduction of the false-reporting category and a
    rectification item are created for the unit (the office decides the
    deduction). Every result writes the line's verified value, verified flag
    and verified score; the score is the indicator's method applied by the
    scoring engine to the verified value, which is what the scheme uses when
    its lines are scored from the score given (the default).

    Access: members of the group record and change the findings on the lines
    of the group's units while the inspection is in progress, never on a unit
    they belong to; the office manages all; leaders read all. Units see the
    consequences (deduction, rectification item, verified score), not the
    findings.
    """

    _name = "target.inspection.finding"
    _description = "Inspection Finding"
    _inherit = [
        "target.number.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
        "target.false.report.mixin",
    ]
    _freeze_cycle_field = "inspection_id.cycle_id"
    _belongs_fields = ("inspection_id", "line_id")
    _belongs_state = "inspection_id.state"
    _belongs_open_states = ("in_progress",)
    _order = "inspection_id, unit_id, line_id, id"
    _number_depends = ("line_id", "verified_value")
    _rec_name = "line_id"

    inspection_id = fields.Many2one(
        "target.inspection", "Inspection group", required=True, index=True, ondelete="cascade"
    )
    inspection_state = fields.Selection(related="inspection_id.state", string="Inspection status")
    inspection_unit_ids = fields.Many2many(related="inspection_id.unit_ids")
    cycle_id = fields.Many2one(related="inspection_id.cycle_id", store=True, index=True)
    line_id = fields.Many2one(
        "target.evaluation.line",
        "Evaluation line",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id), ('stage', '=', 'year_end'), "
        "('unit_id', 'in', inspection_unit_ids)]",
    )
    evaluation_id = fields.Many2one(related="line_id.evaluation_id")
    unit_id = fields.Many2one(related="line_id.unit_id", store=True, index=True)
    goal_id = fields.Many2one(related="line_id.goal_id", store=True)
    indicator_id = fields.Many2one(related="line_id.indicator_id")
    target_value = fields.Float(related="line_id.target_value")
    uom = fields.Char(related="line_id.uom")
    decimals = fields.Integer(related="line_id.decimals")
    points = fields.Float(related="line_id.points")
    reported_value = fields.Float(
        compute="_compute_reported_value",
        digits=(16, 4),
        aggregator=None,
        help="The unit's self-assessed value (or, without one, its reported actual).",
    )
    self_score = fields.Float(related="line_id.self_score")

    result = fields.Selection(FINDING_RESULTS, required=True, default="confirmed")
    verified_value = fields.Float(
        compute="_compute_verified_value",
        store=True,
        readonly=False,
        precompute=True,
        digits=(16, 4),
        aggregator=None,
        help="The value the group establishes: the unit's own when confirmed.",
    )
    verified_score = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="The verified value scored by the indicator's method (the line's verified score).",
    )
    note = fields.Text(help="What the group heard, saw, was told and read.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_inspection_finding_ir_attachment_rel",
        "finding_id",
        "attachment_id",
        "Evidence",
    )
    inspector_id = fields.Many2one(
        "res.users", "Recorded by", default=lambda self: self.env.user, readonly=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True)

    _line_unique = models.Constraint(
        "UNIQUE(inspection_id, line_id)", "A group records one finding per line."
    )
    _points_check = models.Constraint(
        "CHECK(deduction_points >= 0)", "Points to deduct cannot be negative."
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("inspection_id", "line_id")
    def _check_line(self):
        for finding in self.sudo():
            line, inspection = finding.line_id, finding.inspection_id
            if (
                line.stage != "year_end"
                or line.cycle_id != inspection.cycle_id
                or line.unit_id not in inspection.unit_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Line %(line)s is not a year-end line of a unit assigned to inspection "
                        "group %(group)s.",
                        line=line.display_name,
                        group=inspection.name,
                    )
                )

    # -- computes --------------------------------------------------------------

    @api.depends("line_id.self_value", "line_id.self_scored", "line_id.actual_value")
    def _compute_reported_value(self):
        for finding in self:
            finding.reported_value = finding._line_reported_value()

    @api.depends("result", "line_id")
    def _compute_verified_value(self):
        for finding in self:
            # confirming takes the unit's value; a new finding starts from it
            if finding.result == "confirmed" or not finding.verified_value:
                finding.verified_value = finding._line_reported_value()

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if SYSTEM_FIELDS.intersection(vals) - {"inspector_id"}:
                    raise UserError(self.env._("Deductions and rectifications follow the result."))
                vals["inspector_id"] = self.env.uid
        findings = super().create(vals_list)
        findings._check_editable()
        findings._apply()
        return findings

    def write(self, vals):
        if not self.env.su and SYSTEM_FIELDS.intersection(vals):
            raise UserError(self.env._("Deductions and rectifications follow the result."))
        self._check_editable()
        result = super().write(vals)
        if VERIFY_FIELDS.intersection(vals) or "deduction_points" in vals:
            self._apply()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consequences(self):
        self._check_editable()
        if self.filtered(lambda f: f.adjustment_id or f.rectification_id):
            raise UserError(
                self.env._(
                    "A false report has led to a deduction and a rectification item: change "
                    "its result instead of deleting it."
                )
            )

    def unlink(self):
        lines = self.sudo().line_id
        result = super().unlink()
        # a line nobody verifies any more falls back to the assessor's and the unit's scores
        verified = self.sudo().search([("line_id", "in", lines.ids)]).line_id
        (lines - verified).write({"verified": False, "verified_value": 0.0, "verified_score": 0.0})
        return result

    # -- helpers ---------------------------------------------------------------

    def _line_reported_value(self):
        line = self.line_id
        return line.self_value if line.self_scored else line.actual_value

    def _check_editable(self):
        """Findings change while their inspection is in progress and the results are open."""
        if self.env.su:
            return
        for finding in self.sudo():
            if finding.inspection_state != "in_progress":
                raise UserError(
                    self.env._(
                        "Inspection group %(group)s is not in progress: its findings cannot "
                        "change.",
                        group=finding.inspection_id.name,
                    )
                )

    def _freeze_label(self):
        return self.env._("inspection findings")

    def _apply(self):
        """Write each finding's verified value and score on its line and, once per
        false report, propose the deduction and open the rectification item."""
        findings = self.sudo()
        for finding in findings:
            score = finding._engine_score(finding.verified_value)
            # the line is written as superuser: inspectors have no write access to lines
            finding.line_id.write(
                {
                    "verified": True,
                    "verified_value": finding.verified_value,
                    "verified_score": score,
                }
            )
            if finding.verified_score != score:
                finding.verified_score = score
        findings._false_report_apply()

    def _engine_score(self, value):
        """``value`` of this finding's goal scored by its indicator's method (the engine)."""
        self.ensure_one()
        goal = self.line_id.goal_id
        indicator = goal.indicator_id
        method = indicator.scoring_method
        if method == engine.MILESTONES:
            params = {
                "milestones": tuple(
                    engine.Milestone(m.share, m.done, m.name or "") for m in goal.milestone_ids
                )
            }
        else:
            bands = [
                engine.Band(band.min_completion / 100.0, band.share / 100.0, band.proportional)
                for band in indicator.band_ids
            ]
            params = CycleReader._params(indicator, bands)
        spec = engine.GoalSpec(
            method=method,
            points=goal.points,
            target=goal.target_value,
            actual=CycleReader._engine_value(method, value),
            direction=indicator.direction,
            params=params,
            key=goal.id,
        )
        try:
            return engine.round_score(engine.score_goal(spec).score)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The verified value of %(line)s cannot be scored: %(error)s",
                    line=self.line_id.display_name,
                    error=error,
                )
            ) from error

    def _false_report_deduction_values(self, category):
        self.ensure_one()
        return {
            "name": self.env._(
                "False report: %(goal)s (%(group)s)",
                goal=self.line_id.display_name,
                group=self.inspection_id.name,
            ),
            "kind": "deduction",
            "cycle_id": self.cycle_id.id,
            "unit_id": self.unit_id.id,
            "date": self.date,
            "deduction_category_id": category.id,
            "points": self.deduction_points,
            "attachment_ids": [fields.Command.set(self.attachment_ids.ids)],
            "note": self.note,
        }

    def _false_report_rectification_values(self, problem):
        self.ensure_one()
        return {
            "name": self.env._("False report: %(goal)s", goal=self.line_id.display_name),
            "description": self.note,
            "cycle_id": self.cycle_id.id,
            "unit_id": self.unit_id.id,
            "source": "finding",
            "finding_id": self.id,
            "line_id": self.line_id.id,
            "category_id": problem.id if problem else False,
        }

    def _number_limits(self):
        limits = {}
        for finding in self:
            goal = finding.line_id.goal_id
            limits[finding] = {
                "verified_value": numbers.value_limits(goal.indicator_id.scoring_method, goal.uom),
                "deduction_points": numbers.points_limits(
                    goal._points_ceiling(section=False).get(goal)
                ),
            }
        return limits
