from odoo import api, models


class AuditlogLogLine(models.Model):
    _name = "auditlog.log.line"
    _inherit = ["auditlog.log.line", "target.audit.readonly.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        # auditlog reads the field of each line on its own: one query for all of them
        field_ids = {vals["field_id"] for vals in vals_list if vals.get("field_id")}
        self.env["ir.model.fields"].sudo().browse(field_ids).fetch(["name", "field_description"])
        return super().create(vals_list)
