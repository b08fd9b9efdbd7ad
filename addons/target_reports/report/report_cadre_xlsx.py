from odoo import models

from ..builders import CadreBuilder


class CadreXlsx(models.AbstractModel):
    """干部考核结果表 (the leaders' results of a cycle)."""

    _name = "report.target_reports.cadre_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Cadre Assessment Results (XLSX)"

    def _builder(self, report_filter, objs):
        return CadreBuilder(self.env, report_filter)
