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
