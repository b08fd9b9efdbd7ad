from odoo import fields, models


class TargetSchemeReopenWizard(models.TransientModel):
    """Reopen an approved or frozen scheme (administrators), with the reason kept."""

    _name = "target.scheme.reopen.wizard"
    _description = "Reopen an Assessment Scheme"

    scheme_id = fields.Many2one("target.scheme", required=True, readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Kept on the scheme and in its chatter.")

    def action_reopen(self):
        self.ensure_one()
        self.scheme_id.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
