from odoo import models

from ..builders import ProgressBuilder


class ProgressXlsx(models.AbstractModel):
    """进度表 (progress table)."""

    _name = "report.target_reports.progress_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Progress Table (XLSX)"

    def _builder(self, report_filter, objs):
        return ProgressBuilder(self.env, report_filter)
