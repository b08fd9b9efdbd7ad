from odoo import models

from ..builders import UnitDetailBuilder


class UnitDetailXlsx(models.AbstractModel):
    """单位考核明细 (one unit's evaluation, line by line)."""

    _name = "report.target_reports.unit_detail_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Unit Assessment Detail (XLSX)"

    def _builder(self, report_filter, objs):
        return UnitDetailBuilder(self.env, report_filter)
