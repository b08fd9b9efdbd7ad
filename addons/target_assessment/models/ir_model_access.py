from odoo import models

from .ir_rule import plain_refusal


class IrModelAccess(models.Model):
    _inherit = "ir.model.access"

    def _make_access_error(self, model, mode):
        # Odoo's message names the model's technical name and lists the groups that
        # may, in the administrator's words: the same plain refusal as a record rule's
        super()._make_access_error(model, mode)  # logs the refusal
        return plain_refusal(self.env, mode, model)
