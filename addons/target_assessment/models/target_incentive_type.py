from odoo import fields, models

INCENTIVE_KINDS = [("reward", "Reward"), ("penalty", "Penalty")]


class TargetIncentiveType(models.Model):
    """A kind of reward or penalty (奖惩类型): 表彰, 奖金系数, 诫勉谈话, 组织调整, 问责 …

    Access: the office and HR maintain the list; leaders read it.
    """

    _name = "target.incentive.type"
    _description = "Reward or Penalty Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    kind = fields.Selection(INCENTIVE_KINDS, required=True, default="reward")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _code_unique = models.Constraint(
        "UNIQUE(code)", "The code of a reward or penalty type must be unique."
    )
