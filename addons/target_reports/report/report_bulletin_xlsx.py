from odoo import models

from ..builders import BulletinBuilder


class BulletinXlsx(models.AbstractModel):
    """督查通报 tables (the units of a supervision bulletin, as the user reads them)."""

    _name = "report.target_reports.bulletin_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Supervision Bulletin Tables (XLSX)"

    def _builder(self, report_filter, objs):
        return BulletinBuilder(self.env, report_filter)
