from odoo import fields, models

from ..tools import numbers


class TargetDeductionCategory(models.Model):
    """A category of incidents that cost points (减分类别), with its cap per cycle.

    虚报瞒报, 安全事故, 被上级通报批评, 信访问题, 督查发现问题 ...: a unit loses
    at most ``cap`` points per category and cycle, whatever the incidents add
    up to; the scheme's overall deduction cap applies on top.

    Access: the office maintains the list; every role reads it.
    """

    _name = "target.deduction.category"
    _description = "Deduction Category"
    _inherit = ["target.number.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    cap = fields.Float(
        "Cap per cycle",
        default=0.0,
        help="Most points a unit can lose in this category in a cycle (0: no cap).",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "The category code must be unique.")
    _cap_check = models.Constraint("CHECK(cap >= 0)", "A cap cannot be negative.")

    def _number_limits(self):
        return dict.fromkeys(self, {"cap": numbers.NON_NEGATIVE})
