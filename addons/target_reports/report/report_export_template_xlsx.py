from odoo import models

from ..builders import TemplateBuilder


class ExportTemplateXlsx(models.AbstractModel):
    """上报表: the superior level's sheet as laid out by an export template."""

    _name = "report.target_reports.export_template_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Superior-level Upload Sheet (XLSX)"

    def _builder(self, report_filter, objs):
        # printed from the template itself: the template is the record, not a filter
        template = objs.ensure_one()
        if report_filter.record_ids == tuple(template.ids):
            report_filter = type(report_filter)(stage=report_filter.stage)
        return TemplateBuilder(self.env, report_filter, template)

    def _get_objs_for_report(self, docids, data):
        template_id = (data or {}).get("target_template_id")
        if template_id:
            return self.env["target.export.template"].browse(template_id)
        return super()._get_objs_for_report(docids, data)
