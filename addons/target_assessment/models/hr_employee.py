from odoo import models


class HrEmployee(models.Model):
    """Employees show their assessment history (smart button and tab)."""

    _name = "hr.employee"
    _inherit = ["hr.employee", "target.personnel.history.mixin"]
