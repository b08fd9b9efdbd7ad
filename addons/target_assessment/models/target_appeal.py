from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..scoring import appeal_bypass, compute_cycle_scores
from ..tools import numbers
from .target_scheme import GRADES

APPEAL_STATES = [
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]


class TargetAppeal(models.Model):
    """An appeal (申诉) of a unit against its published year-end result.

    Filed during the publicity window of the cycle, on one line or on the
    total, with a reason and evidence. The office accepts it (the corrected
    value and score given here become the line's verified value and score and
    the whole cycle is re-scored, re-ranked and re-graded) or rejects it with a
    reason. The cycle cannot be published or closed while an appeal is open.

    Access: unit users file and read the appeals of their units (and edit them
    while submitted); the office decides every appeal; leaders and HR read all.
    The decision is the kernel's (target.workflow.mixin).
    """

    _name = "target.appeal"
    _description = "Appeal"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("evaluation_id", "line_id")
    _belongs_open_states = ()
    _freeze_phases = ("published", "closed")
    _number_depends = ("line_id",)
    _order = "create_date desc, id desc"

    _workflow_transitions = {
        ("submitted", "accepted"): "office",
        ("submitted", "rejected"): "office",
    }
    _workflow_stamps = {"accepted": "decided", "rejected": "decided"}
    _workflow_reasons = {"rejected": "rejection_reason"}
    # the result before and after the decision, recorded by the appeal itself
    _workflow_system_fields = (
        "total_before",
        "rank_before",
        "grade_before",
        "total_after",
        "rank_after",
        "grade_after",
    )

    name = fields.Char(compute="_compute_name", store=True)
    evaluation_id = fields.Many2one(
        "target.evaluation",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('stage', '=', 'year_end')]",
    )
    cycle_id = fields.Many2one(related="evaluation_id.cycle_id", store=True, index=True)
    unit_id = fields.Many2one(related="evaluation_id.unit_id", store=True, index=True)
    line_id = fields.Many2one(
        "target.evaluation.line",
        "Line",
        ondelete="restrict",
        domain="[('evaluation_id', '=', evaluation_id)]",
        help="The line appealed against; empty: the total.",
    )
    reason = fields.Text(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    state = fields.Selection(
        APPEAL_STATES, default="submitted", required=True, readonly=True, tracking=True
    )
    corrected_value = fields.Float(
        digits=(16, 4),
        aggregator=None,
        tracking=True,
        help="Accepted: becomes the line's verified value.",
    )
    corrected_score = fields.Float(
        digits=(16, 2), tracking=True, help="Accepted: becomes the line's verified score."
    )
    rejection_reason = fields.Text(tracking=True)
    decided_by_id = fields.Many2one("res.users", "Decided by", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)
    total_before = fields.Float(readonly=True, digits=(16, 2))
    rank_before = fields.Integer(readonly=True)
    grade_before = fields.Selection(GRADES, readonly=True)
    total_after = fields.Float(readonly=True, digits=(16, 2))
    rank_after = fields.Integer(readonly=True)
    grade_after = fields.Selection(GRADES, readonly=True)

    # What only the office gives.
    _decision_fields = frozenset({"corrected_value", "corrected_score", "rejection_reason"})

    @api.depends("unit_id.name", "line_id")
    def _compute_name(self):
        for appeal in self:
            appeal.name = self.env._(
                "Appeal of %(unit)s: %(what)s",
                unit=appeal.unit_id.name or "",
                what=appeal.line_id.display_name or self.env._("the total"),
            )

    @api.onchange("line_id")
    def _onchange_line_id(self):
        if self.line_id:
            self.corrected_value = self.line_id.verified_value or self.line_id.assessor_value
            self.corrected_score = self.line_id.final_score

    @api.model_create_multi
    def create(self, vals_list):
        appeals = super().create(vals_list)
        appeals._ensure_fileable()
        appeals._record_result("before")
        return appeals

    def write(self, vals):
        if self._decision_fields.intersection(vals) and not self._workflow_role_office():
            raise AccessError(self.env._("Only the assessment office decides appeals."))
        return super().write(vals)

    def action_accept(self):
        """Correct the line as the appeal says and re-score the whole cycle."""
        return self._workflow_move("accepted")

    def action_reject(self, reason=None):
        """Reject with the reason given here or on the appeal; the scores stay."""
        return self._workflow_move("rejected", reason=reason)

    def _workflow_precheck_accepted(self):
        """An accepted appeal corrects a line, during the publicity period."""
        self._ensure_publicity()
        missing = self.filtered(lambda appeal: not appeal.line_id)
        if missing:
            raise UserError(
                self.env._(
                    "%(appeal)s: choose the line the correction applies to.",
                    appeal=missing[0].name,
                )
            )

    def _workflow_precheck_rejected(self):
        """Appeals are rejected during the publicity period."""
        self._ensure_publicity()

    def _workflow_after_accepted(self):
        for appeal in self.sudo():
            appeal_bypass(appeal.line_id).write(
                {
                    "verified": True,
                    "verified_value": appeal.corrected_value,
                    "verified_score": appeal.corrected_score,
                }
            )
        for cycle in self.sudo().cycle_id:
            compute_cycle_scores(appeal_bypass(cycle), "year_end")
        self._record_result("after")
        for appeal in self:
            appeal.message_post(
                body=self.env._(
                    "Appeal accepted: total %(before)s → %(after)s, rank %(rank_before)s → "
                    "%(rank_after)s.",
                    before=appeal.total_before,
                    after=appeal.total_after,
                    rank_before=appeal.rank_before,
                    rank_after=appeal.rank_after,
                ),
                partner_ids=appeal.create_uid.partner_id.ids,
            )

    def _workflow_after_rejected(self):
        self._record_result("after")
        for appeal in self:
            appeal.message_post(
                body=self.env._("Appeal rejected: %(reason)s", reason=appeal.rejection_reason),
                partner_ids=appeal.create_uid.partner_id.ids,
            )

    def _record_result(self, moment):
        """Record the evaluation's total, rank and grade ``moment`` ("before" or "after")
        the decision."""
        for appeal in self.sudo():
            evaluation = appeal.evaluation_id
            appeal.write(
                {
                    f"total_{moment}": evaluation.total,
                    f"rank_{moment}": evaluation.rank,
                    f"grade_{moment}": evaluation.grade,
                }
            )

    def _ensure_fileable(self):
        """Appeals are filed on a year-end result, in the publicity window, by the unit."""
        today = fields.Date.context_today(self)
        filers = self._workflow_role_unit()
        for appeal in self.sudo():
            cycle = appeal.cycle_id
            if appeal.evaluation_id.stage != "year_end":
                raise UserError(self.env._("Only a year-end result can be appealed."))
            if appeal.line_id and appeal.line_id.evaluation_id != appeal.evaluation_id:
                raise UserError(
                    self.env._("The line appealed against is not one of the evaluation's.")
                )
            if not (
                cycle.phase == "publicity"
                and cycle.publicity_start
                and cycle.publicity_start <= today <= cycle.publicity_end
            ):
                raise UserError(
                    self.env._(
                        "The results of %(cycle)s can be appealed only during their publicity "
                        "period (%(start)s – %(end)s).",
                        cycle=cycle.name,
                        start=cycle.publicity_start or "…",
                        end=cycle.publicity_end or "…",
                    )
                )
            if appeal not in filers:
                raise AccessError(
                    self.env._(
                        "Only the users of %(unit)s appeal its result.", unit=appeal.unit_id.name
                    )
                )

    def _ensure_publicity(self):
        for appeal in self:
            if appeal.sudo().cycle_id.phase != "publicity":
                raise UserError(
                    self.env._(
                        "%(appeal)s: appeals are decided during the publicity period.",
                        appeal=appeal.name,
                    )
                )

    def _number_limits(self):
        limits = {}
        for appeal in self.filtered("line_id"):
            indicator = appeal.line_id.goal_id.indicator_id
            limits[appeal] = {
                "corrected_value": numbers.value_limits(indicator.scoring_method, indicator.uom),
                "corrected_score": numbers.score_limits(
                    appeal.line_id.goal_id.points, indicator.scoring_method, indicator.ratio_cap
                ),
            }
        return limits
