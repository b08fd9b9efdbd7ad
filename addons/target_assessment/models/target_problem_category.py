from odoo import fields, models


class TargetProblemCategory(models.Model):
    """A category of problems to rectify (问题类别), so the office sees the problems
    common to many units (共性问题) and those left unrectified a year later.

    Access: the office maintains the list; every role reads it.
    """

    _name = "target.problem.category"
    _description = "Problem Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    color = fields.Integer()

    _code_unique = models.Constraint("UNIQUE(code)", "The category code must be unique.")
