from odoo import fields, models

from .target_scheme import GRADES

VETO_EFFECTS = [
    ("scheme", "As the scheme says"),
    ("cap_grade", "Cannot be graded above"),
    ("fail", "Graded fail"),
]


class TargetVetoType(models.Model):
    """A one-vote veto item (一票否决事项): 安全生产, 环境保护, 社会治安综合治理 ...

    Its effect applies to every veto of the item: cap the grade (e.g. never
    excellent) or fail the unit; "as the scheme says" defers to the scheme of
    the unit's category.

    Access: the office maintains the list; every role reads it.
    """

    _name = "target.veto.type"
    _description = "Veto Item Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    effect = fields.Selection(VETO_EFFECTS, required=True, default="scheme")
    max_grade = fields.Selection(
        GRADES, "Grade cap", default="pass", help="Best grade a vetoed unit can get."
    )
    owner_unit_id = fields.Many2one(
        "target.unit",
        "Responsible department",
        help="The department that monitors the item and proposes vetoes (应急局 for 安全生产).",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "The veto item code must be unique.")
