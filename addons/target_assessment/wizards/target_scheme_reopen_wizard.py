from odoo import fields, models


class TargetSchemeReopenWizard(models.TransientModel):
    """Reopen an approved or frozen scheme or indicator library (administrators), with the
    reason kept (target.governance.mixin)."""

    _name = "target.scheme.reopen.wizard"
    _description = "Reopen an Approved Draft"

    scheme_id = fields.Many2one("target.scheme", readonly=True, ondelete="cascade")
    library_id = fields.Many2one("target.indicator.library", readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Kept on the scheme or library and in its chatter.")

    def action_reopen(self):
        self.ensure_one()
        (self.scheme_id or self.library_id).action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
