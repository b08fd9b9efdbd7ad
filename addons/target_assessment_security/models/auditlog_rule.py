from odoo import api, models

#: The chatter's and activities' fields of mail.thread / mail.activity.mixin: not results.
CHATTER_PREFIXES = ("message_", "activity_", "website_message_", "has_message")


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    @api.model
    def get_auditlog_fields(self, model):
        """The stored values of a record, without its one2many lists and its chatter.

        A one2many list is read with a query of its own on every audited write,
        before and after; the records it lists are audited themselves where
        they decide results (lines, milestones, reviews...).
        """
        return [
            name
            for name in super().get_auditlog_fields(model)
            if model._fields[name].type != "one2many" and not name.startswith(CHATTER_PREFIXES)
        ]

    def _patch_method(self, model, method_name, check_attr):
        """auditlog's wrappers, behind a flush of the pending writes.

        auditlog reads the values before and after in a cache of its own
        (ThrowAwayCache); a write still pending in the ORM's cache at that
        moment (a translated name, say) cannot be flushed from there and fails.
        """
        patched = super()._patch_method(model, method_name, check_attr)
        model_class = model.env.registry[model._name]
        audited = vars(model_class).get(method_name)
        if patched and method_name in ("create", "write", "unlink") and audited:

            def flushed(self, *args, **kwargs):
                self.env.flush_all()
                return audited(self, *args, **kwargs)

            if method_name == "create":
                flushed = api.model_create_multi(flushed)
            flushed.origin = audited.origin
            setattr(model_class, method_name, flushed)
        return patched
