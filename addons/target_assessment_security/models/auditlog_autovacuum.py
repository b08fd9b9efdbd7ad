from odoo import api, models
from odoo.exceptions import AccessError

from .auditlog_log import VACUUM_KEY

#: Days the audit log is kept (ir.config_parameter); 0 or less keeps it forever.
RETENTION_KEY = "target_assessment_security.audit_retention_days"
DEFAULT_RETENTION = 1095


class AuditlogAutovacuum(models.TransientModel):
    _inherit = "auditlog.autovacuum"

    @api.model
    def autovacuum(self, days, chunk_size=None):
        """Delete the logs older than ``days``, never younger than the retention period.

        Only the cron (superuser) runs it: a user calling it over RPC, or a
        shorter ``days``, cannot cut the retention.
        """
        if not self.env.is_superuser():
            raise AccessError(self.env._("Only the scheduled job purges the audit log."))
        retention = self._target_retention_days()
        if retention <= 0:
            return True
        days = max(int(days), retention)
        return super(AuditlogAutovacuum, self.sudo().with_context(**{VACUUM_KEY: True})).autovacuum(
            days, chunk_size=chunk_size
        )

    @api.model
    def _target_retention_days(self):
        """The configured retention in days."""
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_KEY, DEFAULT_RETENTION)
        try:
            return int(value)
        except ValueError:
            return DEFAULT_RETENTION

    @api.model
    def _target_vacuum(self):
        """The cron's entry point: purge what is past the retention period."""
        return self.autovacuum(self._target_retention_days())
