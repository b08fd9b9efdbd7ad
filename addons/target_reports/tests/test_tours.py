"""Browser journey (h): the office downloads the result summary, in zh_CN."""

import io
from unittest.mock import patch

import openpyxl

from odoo.tests import tagged

from odoo.addons.target_assessment.tests.test_cycle_signoff import YearEndCase
from odoo.addons.target_assessment.tests.tour import TourCase

from .common import ReportsCase

XLSX_SIGNATURE = b"PK"  # an xlsx file is a zip archive


@tagged("post_install", "-at_install")
class TestResultSummaryTour(TourCase, YearEndCase):
    """(h) 考核办 exports the counties' 考核结果汇总表 from Reporting › Export reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()

    def test_office_downloads_the_result_summary(self):
        Report = type(self.env["ir.actions.report"])
        original = Report._render_xlsx
        sent = []

        def render_xlsx(report, report_ref, docids, data=None):
            content, extension = original(report, report_ref, docids, data=data)
            sent.append((report_ref, report.env.user, content))
            return content, extension

        # the HTTP server of the test runs in this process: the request the
        # browser makes renders the file through this patch
        with patch.object(Report, "_render_xlsx", render_xlsx):
            self.start_tour("/odoo", "target_result_summary_tour", login="ta_office")

        self.assertEqual(len(sent), 1, "one file was asked for and sent")
        report_ref, user, content = sent[0]
        self.assertEqual(report_ref, "target_reports.result_summary_xlsx")
        self.assertEqual(user, self.users["office"])
        self.assertEqual(content[:2], XLSX_SIGNATURE)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = [
            [str(value) for value in row if value not in (None, "")]
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        text = "\n".join(" ".join(row) for row in cells)
        # in the office's language, the counties only, in rank order
        self.assertIn("考核结果汇总表", text)
        units = [
            unit
            for row in cells
            for unit in ("乙县", "丙县", "甲县")
            if any(unit in v for v in row)
        ]
        self.assertEqual(units, ["乙县", "丙县", "甲县"])
        self.assertNotIn("统计局", text)
        ranked = {
            unit: row[0]
            for row in cells
            for unit in ("乙县", "丙县", "甲县")
            if len(row) > 1 and unit in row[1]
        }
        self.assertEqual(ranked, {"乙县": "1", "丙县": "2", "甲县": "3"})
        self.assertIn("95", text)  # 乙县's total


@tagged("post_install", "-at_install")
class TestCockpitTour(TourCase, ReportsCase):
    """领导 lands on the leadership cockpit, whose figures render."""

    def test_leader_lands_on_the_cockpit(self):
        self.start_tour("/odoo", "target_cockpit_tour", login="ta_leader")
