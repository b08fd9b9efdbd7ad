from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.personnel import FOR_LEADERS, FOR_UNIT, IncentiveRule
from .target_scheme import GRADES
from .target_unit_leader import LEADER_ROLES

RECIPIENTS = [(FOR_UNIT, "The unit"), (FOR_LEADERS, "Its leaders")]


class TargetIncentiveRule(models.Model):
    """A rule proposing a reward or penalty from a unit's published grade.

    E.g. a unit graded 不合格 → 诫勉谈话 for its principal leader; a unit graded
    优秀 → 表彰 for the unit. When a cycle is published, every active rule
    proposes its incentive for each matching unit (or each matching member of
    its leadership team); HR confirms or cancels the proposals.

    Access: the office maintains the rules; HR and leaders read them.
    """

    _name = "target.incentive.rule"
    _description = "Reward and Penalty Rule"
    _inherit = ["target.number.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    unit_grade = fields.Selection(GRADES, "When the unit is graded", required=True)
    vetoed_only = fields.Boolean(
        "Only vetoed units", help="Apply only to units with a one-vote veto in the cycle."
    )
    category_ids = fields.Many2many(
        "target.unit.category",
        string="Unit categories",
        help="Apply only to units of these categories; empty: every category.",
    )
    recipient = fields.Selection(RECIPIENTS, "Proposed for", required=True, default=FOR_LEADERS)
    role = fields.Selection(
        LEADER_ROLES, "Only the role", help="Leaders: only the members with this role; empty: all."
    )
    type_id = fields.Many2one(
        "target.incentive.type", "Reward or penalty", required=True, ondelete="restrict"
    )
    amount = fields.Float(digits=(16, 2), help="Amount or coefficient the proposal carries.")
    measure = fields.Char(
        "Proposed measure", help="The measure the proposal carries, e.g. 由组织部约谈."
    )

    @api.constrains("recipient", "role")
    def _check_role(self):
        for rule in self:
            if rule.recipient == FOR_UNIT and rule.role:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a role applies only to proposals for the leaders.",
                        rule=rule.name,
                    )
                )

    def _engine_rule(self):
        """This rule as the engine's :class:`IncentiveRule`."""
        self.ensure_one()
        return IncentiveRule(
            key=self.id,
            unit_grade=self.unit_grade,
            recipient=self.recipient,
            role=self.role or None,
            vetoed_only=self.vetoed_only,
            categories=frozenset(self.category_ids.ids),
        )
