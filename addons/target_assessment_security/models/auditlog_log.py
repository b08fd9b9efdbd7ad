from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request

#: Where a change came from (DESIGN.md §13: who, when, before, after, where from).
ORIGINS = [
    ("ui", "Web interface"),
    ("rpc", "RPC"),
    ("import", "Import"),
    ("system", "System"),
]
#: Context key set by ``load()`` (models/base.py); Odoo's import sets ``import_file``.
IMPORT_KEY = "target_audit_import"
#: Context key of the retention's autovacuum, the only deletion of the log there is.
VACUUM_KEY = "target_audit_vacuum"
#: Odoo's external APIs: XML-RPC, JSON-RPC and the JSON-2 API of Odoo 19.
RPC_PATHS = ("/xmlrpc", "/jsonrpc", "/json/")


def change_origin(env):
    """Where the current change comes from: ``ui``, ``rpc``, ``import`` or ``system``."""
    if env.context.get("import_file") or env.context.get(IMPORT_KEY):
        return "import"
    httprequest = getattr(request, "httprequest", None) if request else None
    if httprequest is None:
        return "system"  # cron, server action, shell, upgrade
    return "rpc" if httprequest.path.startswith(RPC_PATHS) else "ui"


class TargetAuditReadonlyMixin(models.AbstractModel):
    """The audit log's tables are written only by auditlog itself, as superuser.

    Nobody edits a row, the superuser included; rows are deleted only by the
    retention's autovacuum (auditlog_autovacuum.py), past the configured
    number of days. Reading is limited to the audit administrator by the
    record rules of security/auditlog_rules.xml.
    """

    _name = "target.audit.readonly.mixin"
    _description = "Read-only audit log"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Only the audit log itself writes audit records."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise AccessError(self.env._("The audit log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_retention(self):
        if not (self.env.context.get(VACUUM_KEY) and self.env.su):
            raise AccessError(
                self.env._(
                    "The audit log cannot be deleted; old records expire after the "
                    "retention period."
                )
            )


class AuditlogLog(models.Model):
    _name = "auditlog.log"
    _inherit = ["auditlog.log", "target.audit.readonly.mixin"]

    origin = fields.Selection(ORIGINS, readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        origin = change_origin(self.env)
        for vals in vals_list:
            vals.setdefault("origin", origin)
        return super().create(vals_list)


class AuditlogHttpRequest(models.Model):
    _name = "auditlog.http.request"
    _inherit = ["auditlog.http.request", "target.audit.readonly.mixin"]


class AuditlogHttpSession(models.Model):
    _name = "auditlog.http.session"
    _inherit = ["auditlog.http.session", "target.audit.readonly.mixin"]
