from odoo import api, fields, models


class TargetReportWizard(models.TransientModel):
    """Export an XLSX report for a cycle, a unit category and units (报表导出).

    The report reads the data as the current user: a unit user's export holds
    their units' subtree only, whatever units they pick.

    Access: every assessment role; the upload templates are the office's.
    """

    _name = "target.report.wizard"
    _inherit = ["target.report.request"]
    _description = "Export Reports"

    # a wizard never keeps a template or a cycle from being deleted
    template_id = fields.Many2one(ondelete="cascade")
    cycle_id = fields.Many2one(ondelete="cascade")
    category_id = fields.Many2one(ondelete="cascade")
    unit_ids = fields.Many2many(
        "target.unit", "target_report_wizard_unit_rel", "wizard_id", "unit_id", "Units"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "cycle_id" in fields_list and not values.get("cycle_id"):
            cycle = self.env["target.cycle"].search([], order="date_start desc", limit=1)
            values["cycle_id"] = cycle.id
        user = self.env.user
        if (
            "unit_ids" in fields_list
            and not values.get("unit_ids")
            and not user.has_group("target_assessment.group_office")
            and user.target_unit_ids
        ):
            values["unit_ids"] = [fields.Command.set(user.target_unit_ids.ids)]
        return values

    def action_export(self):
        """Download the report (the browser receives the file)."""
        self.ensure_one()
        report, docids, data = self._report_data()
        return report.report_action(docids, data=data, config=False)
