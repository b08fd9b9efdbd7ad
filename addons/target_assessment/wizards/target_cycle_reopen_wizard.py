from odoo import fields, models


class TargetCycleReopenWizard(models.TransientModel):
    """Reopen a signed-off cycle (administrators), with the reason recorded in its chatter."""

    _name = "target.cycle.reopen.wizard"
    _description = "Reopen an Assessment Cycle"

    cycle_id = fields.Many2one("target.cycle", required=True, readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Recorded in the cycle's chatter.")

    def action_reopen(self):
        self.ensure_one()
        self.cycle_id._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
