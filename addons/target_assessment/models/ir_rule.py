from odoo import models
from odoo.exceptions import AccessError


def plain_refusal(env, operation, model):
    """The refusal a user reads when their role may not ``operation`` records of ``model``.

    Odoo's own messages name the model's technical name and the groups' internal
    names (access rights), or joke (record rules: top-secret records; in Chinese,
    win over the administrator with a batch of biscuits). A government office's
    tool says plainly, in the user's language, what was refused and whom to ask.
    """
    env = env(context=dict(env.context, **env.user.context_get()))
    operations = {
        "read": env._("read"),
        "write": env._("change"),
        "create": env._("create"),
        "unlink": env._("delete"),
    }
    description = env["ir.model"]._get(model).name or model
    return AccessError(
        env._(
            "%(user)s may not %(operation)s these records (%(description)s): they are "
            "outside the units and duties of your role.\n\nIf you need them, ask the "
            "system administrator.",
            user=env.user.name,
            operation=operations[operation],
            description=description,
        )
    )


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        exception = super()._make_access_error(operation, records)
        refused = plain_refusal(self.env, operation, records._name)
        if getattr(exception, "context", None):  # the company to switch to, if any
            refused.context = exception.context
        return refused
