from odoo import api, fields, models
from odoo.exceptions import UserError

from .target_approval_mixin import APPROVAL_STATES

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
    _inherit = ["mail.thread", "mail.activity.mixin", "target.approval.mixin"]
    _order = "id desc"
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"

    name = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env["ir.sequence"].next_by_code("target.adjustment") or "/",
    )
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one("target.unit", required=True, index=True, ondelete="restrict")
    plan_id = fields.Many2one("target.plan", compute="_compute_plan_id", store=True)
    state = fields.Selection(ADJUSTMENT_STATES, default="draft", required=True, tracking=True)
    reason = fields.Text(required=True)
    evidence_ids = fields.Many2many("ir.attachment", string="Evidence")
    line_ids = fields.One2many("target.adjustment.line", "adjustment_id", "Changes", copy=True)
    applied_on = fields.Datetime(readonly=True, copy=False)

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

    def _check_submittable(self):
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

    def _on_approved(self):
        """Apply the approved changes at once, old values kept on each line."""
        for adjustment in self:
            adjustment.line_ids._apply()
            adjustment.sudo().with_context(skip_validation_check=True).write(
                {"state": "applied", "applied_on": fields.Datetime.now()}
            )
            adjustment.plan_id._new_version(
                self.env._("Adjustment %(request)s", request=adjustment.name)
            )
