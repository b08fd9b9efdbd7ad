from odoo import models


class HrEmployeePublic(models.Model):
    """The public employee form (users without HR rights) shows the history too."""

    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "target.personnel.history.mixin"]
