from odoo import models


class AuditlogLogLine(models.Model):
    _name = "auditlog.log.line"
    _inherit = ["auditlog.log.line", "target.audit.readonly.mixin"]
