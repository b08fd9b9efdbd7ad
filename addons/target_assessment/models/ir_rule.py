from odoo import models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # Odoo's message jokes (top-secret records; in Chinese, win over the
        # administrator with a batch of biscuits): a government office's tool
        # says plainly what was refused and whom to ask
        exception = super()._make_access_error(operation, records)
        env = self.with_context(**self.env.user.context_get()).env
        operations = {
            "read": env._("read"),
            "write": env._("change"),
            "create": env._("create"),
            "unlink": env._("delete"),
        }
        description = env["ir.model"]._get(records._name).name or records._name
        refused = AccessError(
            env._(
                "%(user)s may not %(operation)s these records (%(description)s): they are "
                "outside the units and duties of your role.\n\nIf you need them, ask the "
                "system administrator.",
                user=env.user.name,
                operation=operations[operation],
                description=description,
            )
        )
        if getattr(exception, "context", None):  # the company to switch to, if any
            refused.context = exception.context
        return refused
