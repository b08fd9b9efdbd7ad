from odoo import fields, models

from ..tools import numbers


class TargetGoalMilestone(models.Model):
    """A milestone of a goal (节点): by this date, this value, worth this share.

    Milestones give the expected progress of a goal through the year and, for
    goals scored by milestones, the share of the points each stage earns.

    Access: follows the goal.
    """

    _name = "target.goal.milestone"
    _description = "Goal Milestone"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.belongs.mixin"]
    _belongs_fields = ("goal_id",)
    _belongs_state = "goal_id.state"
    _freeze_cycle_field = "goal_id.cycle_id"
    _order = "goal_id, date, id"
    _number_depends = ("goal_id",)
    _number_date_fields = ("date",)

    goal_id = fields.Many2one("target.goal", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True)
    date = fields.Date(required=True)
    expected_value = fields.Float(
        "Expected value",
        digits=(16, 4),
        aggregator=None,
        help="Cumulative value expected by this date.",
    )
    share = fields.Float("Share of points (%)", help="For goals scored by milestones.")
    done = fields.Boolean()
    done_date = fields.Date()

    _share_check = models.Constraint(
        "CHECK(share >= 0 AND share <= 100)", "A milestone's share lies between 0 and 100."
    )

    def _number_limits(self):
        return {
            milestone: {
                "expected_value": numbers.value_limits(
                    milestone.goal_id.indicator_id.scoring_method, milestone.goal_id.uom
                ),
                "share": numbers.SHARE,
            }
            for milestone in self
        }

    def _number_dates(self):
        return {
            milestone: {
                "date": (milestone.goal_id.cycle_id.date_start, milestone.goal_id.cycle_id.date_end)
            }
            for milestone in self
        }
