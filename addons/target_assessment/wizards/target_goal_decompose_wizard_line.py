from odoo import fields, models


class TargetGoalDecomposeWizardLine(models.TransientModel):
    """One part of a decomposition: a unit (or a person of the goal's unit) and its value."""

    _name = "target.goal.decompose.wizard.line"
    _description = "Decomposition Part"

    wizard_id = fields.Many2one("target.goal.decompose.wizard", required=True, ondelete="cascade")
    unit_id = fields.Many2one("target.unit", required=True)
    employee_id = fields.Many2one("hr.employee", "Person")
    share = fields.Float(default=1.0, help="Weight of this part when splitting by share.")
    value = fields.Float("Target", digits=(16, 4))
    baseline_value = fields.Float("Baseline", digits=(16, 4))
    points = fields.Float()
