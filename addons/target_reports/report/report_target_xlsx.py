from io import BytesIO

import xlsxwriter

from odoo import models

from ..builders import ReportFilter
from ..tools.sheet import Column, SheetWriter, title_banner


class TargetReportXlsx(models.AbstractModel):
    """The rendering shared by the assessment's XLSX reports (OCA report_xlsx).

    A report names its builder (:meth:`_builder`); the builder reads the data
    as the current user, and this class only writes what it hands out, one
    row at a time into a ``constant_memory`` workbook (kept in memory only
    when the layout merges header cells over several rows).
    """

    _name = "report.target_reports.abstract_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Target Assessment XLSX Report"

    def get_workbook_options(self):
        # one row in memory at a time; strings stay strings (no formulas from data)
        return {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}

    def _builder(self, report_filter, objs):
        """Hook: the builder (builders.Builder) of this report for ``report_filter``."""
        raise NotImplementedError

    def create_xlsx_report(self, docids, data):
        objs = self._get_objs_for_report(docids, data)
        builder = self._builder(ReportFilter.from_data(data, objs), objs)
        options = self.get_workbook_options()
        options["constant_memory"] = options.get("constant_memory") and builder.streamable()
        output = BytesIO()
        # xlsxwriter.Workbook is report_xlsx's patched class (unique sheet names)
        workbook = xlsxwriter.Workbook(output, options)
        self._render(workbook, builder)
        workbook.close()
        return output.getvalue(), "xlsx"

    def generate_xlsx_report(self, workbook, data, objs):
        self._render(workbook, self._builder(ReportFilter.from_data(data, objs), objs))

    def _render(self, workbook, builder):
        footer = builder.footer()
        written = 0
        for sheet in builder.sheets():
            writer = SheetWriter(
                workbook,
                sheet.name,
                sheet.columns,
                banner=sheet.banner,
                header=sheet.header,
                freeze_cols=sheet.freeze_cols,
                footer=footer,
            )
            for row in sheet.rows:
                writer.write_row(row)
            for note in sheet.notes:
                writer.write_text(note)
            written += 1
        if not written:
            title = builder.title()
            writer = SheetWriter(
                workbook,
                title,
                [Column("note", title, width=80)],
                banner=title_banner(1, title, builder.subtitle()),
                header=[],
                footer=footer,
            )
            writer.write_text(self.env._("Nothing to export for this selection."))
