from odoo import fields, models


class TargetUnitCategory(models.Model):
    """Category of assessed units (县区 / 乡镇 / 市直部门 / 驻地单位): picks the scheme.

    Access: the office maintains; every role reads.
    """

    _name = "target.unit.category"
    _description = "Unit Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    unit_ids = fields.One2many("target.unit", "category_id", "Units")

    _code_unique = models.Constraint("UNIQUE(code)", "The category code must be unique.")
