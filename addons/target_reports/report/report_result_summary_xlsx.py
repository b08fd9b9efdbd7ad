from odoo import models

from ..builders import ResultSummaryBuilder


class ResultSummaryXlsx(models.AbstractModel):
    """考核结果汇总表 (result summary per unit category)."""

    _name = "report.target_reports.result_summary_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Assessment Result Summary (XLSX)"

    def _builder(self, report_filter, objs):
        return ResultSummaryBuilder(self.env, report_filter)
