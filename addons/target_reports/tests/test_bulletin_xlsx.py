"""The tables of a supervision bulletin (督查通报) as XLSX, read back: every line for
the office, only its own lines for a unit."""

import io

import openpyxl

from odoo.tests import new_test_user, tagged

from odoo.addons.target_assessment.tests.test_supervision_bulletin import BulletinCase

REPORT = "target_reports.target_supervision_bulletin_xlsx"


@tagged("post_install", "-at_install")
class TestBulletinXlsx(BulletinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_b = new_test_user(
            cls.env, login="tr_bul_b_user", groups="target_assessment.group_unit_user"
        )
        cls.user_b.target_unit_ids = cls.county_b

    def render(self, user, bulletins):
        report = self.env.ref(REPORT)
        self.env.invalidate_all()
        content, extension = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(active_model=report.model)
            ._render_xlsx(report.report_name, bulletins.ids, None)
        )
        self.assertEqual(extension, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def data_rows(sheet):
        return [
            row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)
        ]

    def test_the_office_exports_every_line(self):
        bulletin = self.published(11)
        sheet = self.render(self.office, bulletin).worksheets[0]
        self.assertIn(bulletin.number, sheet["A1"].value)
        self.assertIn(bulletin.name, sheet["A1"].value)
        headers = [cell.value for cell in sheet[3]]
        self.assertEqual(len(headers), 14)
        rows = self.data_rows(sheet)
        lines = bulletin.line_ids
        self.assertEqual(len(rows), len(lines))
        self.assertEqual(
            [row[3] for row in rows], lines.mapped("unit_id.complete_name"), "in the table's order"
        )
        by_unit = {row[3]: row for row in rows}
        line_b = lines.filtered(lambda line: line.unit_id == self.county_b)
        row_b = by_unit[self.county_b.complete_name]
        self.assertEqual(row_b[2], line_b.rank)
        self.assertAlmostEqual(row_b[5], line_b.progress / 100.0)
        self.assertEqual(
            row_b[9:14],
            (1, 1, 1, 1, 1),  # red, late, findings, false reports, open rectifications
        )
        self.assertEqual(by_unit[self.county_a.complete_name][9], 0)
        binding = self.env.ref(REPORT).binding_model_id
        self.assertEqual(binding.model, "target.supervision.bulletin")

    def test_a_unit_exports_only_its_own_line(self):
        bulletin = self.published(11)
        rows = self.data_rows(self.render(self.user_b, bulletin).worksheets[0])
        self.assertEqual([row[3] for row in rows], [self.county_b.complete_name])

    def test_a_unit_exports_nothing_of_a_draft(self):
        draft = self.bulletin(10)
        draft.action_draft_text()
        self.assertEqual(self.data_rows(self.render(self.user_b, draft).worksheets[0]), [])
