from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import numbers

# Written when the request is applied (its history), by the flow only.
HISTORY_FIELDS = {"old_target_value", "old_points", "old_deadline", "applied"}


class TargetAdjustmentLine(models.Model):
    """One goal's change in an adjustment request; after applying, its history.

    Access: follows the request. The lines of a submitted request no longer
    change, and the history (old values, applied) is written by the flow only.
    """

    _name = "target.adjustment.line"
    _description = "Adjustment Line"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.belongs.mixin"]
    _belongs_fields = ("adjustment_id", "goal_id")
    _belongs_state = "adjustment_id.state"
    _freeze_cycle_field = "adjustment_id.cycle_id"
    _order = "adjustment_id, id"
    _number_depends = ("goal_id",)
    _number_date_fields = ("new_deadline",)

    adjustment_id = fields.Many2one(
        "target.adjustment", required=True, ondelete="cascade", index=True
    )
    goal_id = fields.Many2one("target.goal", required=True, ondelete="restrict", index=True)
    decimals = fields.Integer(related="goal_id.decimals")
    action = fields.Selection(
        [("change", "Change"), ("cancel", "Cancel the goal")], required=True, default="change"
    )
    new_target_value = fields.Float("New target", digits=(16, 4), aggregator=None)
    new_points = fields.Float("New points")
    new_deadline = fields.Date("New deadline")
    # what the goal had when the change was applied
    old_target_value = fields.Float("Old target", digits=(16, 4), aggregator=None, readonly=True)
    old_points = fields.Float("Old points", readonly=True)
    old_deadline = fields.Date("Old deadline", readonly=True)
    applied = fields.Boolean(readonly=True)
    state = fields.Selection(related="adjustment_id.state")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            if any(HISTORY_FIELDS.intersection(vals) for vals in vals_list):
                raise AccessError(self._history_error())
            adjustments = self.env["target.adjustment"].browse(
                [vals["adjustment_id"] for vals in vals_list if vals.get("adjustment_id")]
            )
            adjustments._refuse_line_changes()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if HISTORY_FIELDS.intersection(vals):
                raise AccessError(self._history_error())
            self.adjustment_id._refuse_line_changes()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if not self.env.su:
            self.adjustment_id._refuse_line_changes()

    def _history_error(self):
        return self.env._("The old values of an adjustment are recorded when it is applied.")

    @api.onchange("goal_id")
    def _onchange_goal_id(self):
        self.new_target_value = self.goal_id.target_value
        self.new_points = self.goal_id.points
        self.new_deadline = self.goal_id.deadline

    def _check_values(self):
        for line in self:
            if line.action == "change" and line.new_points < 0:
                raise UserError(
                    self.env._("%(goal)s: points cannot be negative.", goal=line.goal_id.ref)
                )
            if line.goal_id.state == "cancelled":
                raise UserError(self.env._("%(goal)s is already cancelled.", goal=line.goal_id.ref))

    def _apply(self):
        for line in self:
            goal = line.goal_id
            line.write(
                {
                    "old_target_value": goal.target_value,
                    "old_points": goal.points,
                    "old_deadline": goal.deadline,
                    "applied": True,
                }
            )
            if line.action == "cancel":
                values = {"state": "cancelled"}
            else:
                values = {
                    "target_value": line.new_target_value,
                    "points": line.new_points,
                    "deadline": line.new_deadline,
                }
            goal.sudo().with_context(target_apply_adjustment=True).write(values)

    def _number_limits(self):
        ceilings = self.goal_id._points_ceiling()
        limits = {}
        for line in self:
            indicator = line.goal_id.indicator_id
            limits[line] = {
                "new_target_value": numbers.target_limits(
                    indicator.scoring_method, indicator.direction, indicator.uom
                )
                # left at 0 it was not given (the form fills it in): the goal checks it on apply
                if line.action == "change" and line.new_target_value
                else numbers.ANY,
                "new_points": numbers.points_limits(ceilings.get(line.goal_id)),
            }
        return limits

    def _number_dates(self):
        return {
            line: {
                "new_deadline": (line.goal_id.cycle_id.date_start, line.goal_id.cycle_id.date_end)
            }
            for line in self
        }
