from odoo import api, fields, models
from odoo.exceptions import UserError

from .target_approval_mixin import (
    APPROVAL_STATES,
    APPROVAL_SYSTEM_FIELDS,
    EDITABLE_STATES,
    TargetApprovalMixin,
)
from .target_sequence_mixin import NEW_NUMBER

ADJUSTMENT_STATES = [*APPROVAL_STATES, ("applied", "Applied")]


class TargetAdjustment(models.Model):
    """A request to change goals mid-year (目标调整申请 / 动态调整).

    A unit asks, with reasons and evidence, to change the value, points or
    deadline of some of its goals, or to cancel them; only inside the cycle's
    adjustment window. Approved through its tiers, it is applied at once:
    every line keeps the old and the new values (the goal's history), the
    letter gets its next version.

    Access: unit users and leaders read their units' requests and edit them
    while draft or returned; the office manages all; leaders and HR read all.
    """

    _name = "target.adjustment"
    _description = "Adjustment Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.approval.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
        "target.sequence.mixin",
    ]
    _sequence_code = "target.adjustment"
    _belongs_fields = ("unit_id", "cycle_id")
    _order = "id desc"
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"
    _workflow_transitions = {
        **TargetApprovalMixin._workflow_transitions,
        ("approved", "applied"): "approval",
    }
    _workflow_system_fields = (*APPROVAL_SYSTEM_FIELDS, "applied_on")

    name = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        default=NEW_NUMBER,
    )
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one("target.unit", required=True, index=True, ondelete="restrict")
    plan_id = fields.Many2one("target.plan", compute="_compute_plan_id", store=True)
    state = fields.Selection(ADJUSTMENT_STATES, default="draft", required=True, tracking=True)
    reason = fields.Text(required=True)
    evidence_ids = fields.Many2many("ir.attachment", string="Evidence")
    line_ids = fields.One2many("target.adjustment.line", "adjustment_id", "Changes", copy=True)
    applied_on = fields.Datetime(readonly=True, copy=False)
    window_start = fields.Date(related="cycle_id.adjustment_start", string="Accepted from")
    window_end = fields.Date(related="cycle_id.adjustment_end", string="Accepted until")
    window_open = fields.Boolean(
        "In the adjustment window",
        compute="_compute_window_open",
        help="Today lies in the cycle's adjustment window: the request can be submitted. "
        "Outside it a request is kept as a draft until the window opens.",
    )

    @api.depends("cycle_id", "unit_id")
    def _compute_plan_id(self):
        for adjustment in self:
            adjustment.plan_id = self.env["target.plan"].search(
                [
                    ("cycle_id", "=", adjustment.cycle_id.id),
                    ("unit_id", "=", adjustment.unit_id.id),
                ],
                limit=1,
            )

    @api.depends("cycle_id.adjustment_start", "cycle_id.adjustment_end")
    @api.depends_context("uid")
    def _compute_window_open(self):
        today = fields.Date.context_today(self)
        for adjustment in self:
            adjustment.window_open = bool(
                adjustment.cycle_id and adjustment.cycle_id.in_adjustment_window(today)
            )

    @api.constrains("line_ids", "unit_id", "cycle_id")
    def _check_lines(self):
        for adjustment in self:
            foreign = adjustment.line_ids.goal_id.filtered(
                lambda g, a=adjustment: g.unit_id != a.unit_id or g.cycle_id != a.cycle_id
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "%(request)s: goal %(goal)s is not a goal of %(unit)s in this cycle.",
                        request=adjustment.name,
                        goal=foreign[0].ref,
                        unit=adjustment.unit_id.name,
                    )
                )

    def _refuse_line_changes(self):
        """Raise when these requests are no longer drafts (their lines are kept as asked)."""
        submitted = self.filtered(lambda r: r.state not in EDITABLE_STATES)
        if submitted:
            raise UserError(
                self.env._(
                    "%(request)s has been submitted: its changes are kept as they were asked.",
                    request=submitted[0].name,
                )
            )

    def _workflow_precheck_submitted(self):
        today = fields.Date.context_today(self)
        for adjustment in self:
            cycle = adjustment.cycle_id
            if not cycle.in_adjustment_window(today):
                raise UserError(
                    self.env._(
                        "%(request)s: adjustments are accepted only from %(start)s to %(end)s.",
                        request=adjustment.name,
                        start=cycle.adjustment_start or "-",
                        end=cycle.adjustment_end or "-",
                    )
                )
            if not adjustment.line_ids:
                raise UserError(
                    self.env._("%(request)s asks for no change.", request=adjustment.name)
                )
            if adjustment.plan_id.state not in ("approved", "signed"):
                raise UserError(
                    self.env._(
                        "%(request)s: the letter is not approved yet; change its goals directly.",
                        request=adjustment.name,
                    )
                )
            adjustment.line_ids._check_values()

    def _workflow_after_approved(self):
        """Apply the approved changes at once, old values kept on each line."""
        for adjustment in self:
            adjustment.line_ids._apply()
            adjustment.sudo().with_context(skip_validation_check=True)._workflow_move(
                "applied", vals={"applied_on": fields.Datetime.now()}
            )
            adjustment.plan_id._new_version(
                self.env._("Adjustment %(request)s", request=adjustment.name)
            )
