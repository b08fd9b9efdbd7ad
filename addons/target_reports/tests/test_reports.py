"""The XLSX reports rendered and read back: cells, formats, merged headers,
frozen panes, print setup; from a list's selection and from the filter."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestGoalTree(ReportsCase):
    def test_tree_with_owners_values_points(self):
        sheet = self.render("goal_tree", cycle_id=self.cycle.id).worksheets[0]
        self.assertEqual(sheet["A1"].value, "Goal decomposition table")
        self.assertIn("A1:P1", self.merged(sheet), "the title spans the table")
        self.assertIn(self.cycle.name, sheet["A2"].value)
        headers = [cell.value for cell in sheet[3]]
        self.assertEqual(headers[:3], ["No.", "Goal number", "Goal"])
        names = self.column(sheet, 3, "Goal")
        # a parent, then its whole decomposition: the city, counties, county A's township
        # and person right under county A
        self.assertEqual(len(names), len(self.goals))
        city, a = names.index(self.g_city.name), names.index(self.g_a.name)
        self.assertEqual(
            set(names[city : city + 5]),
            set((self.g_city | self.g_a | self.g_b | self.g_town | self.g_person).mapped("name")),
        )
        self.assertEqual(
            set(names[a + 1 : a + 3]), {self.g_town.name, self.g_person.name}, "under county A"
        )
        row = {cell.column_letter: cell for cell in sheet[4 + names.index(self.g_town.name)]}
        self.assertEqual(row["C"].alignment.indent, 2, "the township's goal is two levels down")
        self.assertEqual(row["F"].value, self.town_a1.complete_name)
        self.assertEqual(row["L"].value, 120.0)
        self.assertEqual(row["L"].number_format, "#,##0.00##")
        self.assertEqual(row["M"].value, 8.0)
        self.assertEqual(row["M"].number_format, "0.0#")
        person = sheet[4 + names.index(self.g_person.name)]
        self.assertEqual(person[6].value, "张三", "the person owns a person-level goal")
        city = sheet[4 + city]
        self.assertEqual(city[13].value, 300.0, "the city's goal is decomposed into 300")
        self.assertEqual(city[2].alignment.indent, 0)

    def test_odd_numbers_already_stored_do_not_break_it(self):
        """Points stored NaN or infinite before the models refused them: shown as #NUM!."""
        self.env.cr.execute(
            "UPDATE target_goal SET points = %s WHERE id = %s", ["NaN", self.g_town.id]
        )
        self.env.cr.execute(
            "UPDATE target_goal SET points = %s WHERE id = %s", ["Infinity", self.g_person.id]
        )
        self.env.invalidate_all()
        sheet = self.render("goal_tree", cycle_id=self.cycle.id).worksheets[0]
        names = self.column(sheet, 3, "Goal")
        self.assertEqual(sheet[4 + names.index(self.g_town.name)][12].value, "#NUM!")
        self.assertEqual(sheet[4 + names.index(self.g_person.name)][12].value, "#NUM!")
        self.assertEqual(sheet[4 + names.index(self.g_a.name)][12].value, self.g_a.points)

    def test_layout_frozen_and_printable(self):
        sheet = self.render("goal_tree", cycle_id=self.cycle.id).worksheets[0]
        self.assertEqual(sheet.freeze_panes, "D4", "header rows and the goal's name stay in view")
        self.assertAlmostEqual(sheet.column_dimensions["C"].width, 40.7, delta=0.1)
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(sheet.page_setup.paperSize, 9)
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        # one page wide (1 is Excel's default, left out of the file), as many pages long as needed
        self.assertIn(sheet.page_setup.fitToWidth, (None, 1))
        self.assertEqual(sheet.page_setup.fitToHeight, 0)
        self.assertEqual(sheet.print_title_rows, "$3:$3", "the header row repeats on each page")
        self.assertIn("&P", sheet.oddFooter.center.text)

    def test_printed_from_the_selected_goals(self):
        picked = self.g_b | self.g_energy
        sheet = self.render("goal_tree", records=picked).worksheets[0]
        self.assertEqual(set(self.column(sheet, 3, "Goal")), set(picked.mapped("name")))
        binding = self.env.ref("target_reports.target_goal_tree_xlsx").binding_model_id
        self.assertEqual(binding.model, "target.goal")

    def test_chinese_headers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["target_assessment", "target_reports"], ["zh_CN"], overwrite=True
        )
        sheet = self.render("goal_tree", lang="zh_CN", cycle_id=self.cycle.id).worksheets[0]
        self.assertEqual(sheet.title, "目标分解表")
        self.assertEqual(sheet["A1"].value, "目标分解表")
        self.assertEqual(
            [cell.value for cell in sheet[3]][:4], ["序号", "目标编号", "目标任务", "指标"]
        )
        self.assertIn("已审批", self.column(sheet, 3, "状态"))


@tagged("post_install", "-at_install")
class TestProgressTable(ReportsCase):
    def test_periods_values_and_lights(self):
        sheet = self.render("progress", cycle_id=self.cycle.id).worksheets[0]
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(header[6:18], self.periods.mapped("name"))
        self.assertEqual(sheet["G3"].value, "Reported by period")
        self.assertIn("G3:R3", self.merged(sheet))
        self.assertEqual(sheet.freeze_panes, "D5")
        self.assertEqual(sheet.print_title_rows, "$3:$4")
        names = self.column(sheet, 4, "Goal")
        a = sheet[5 + names.index(self.g_a.name)]
        b = sheet[5 + names.index(self.g_b.name)]
        march, april = 6 + 2, 6 + 3
        self.assertEqual(a[march].value, 60.0)
        self.assertEqual(a[march].fill.fgColor.rgb, "FFC6EFCE", "ahead of time: green")
        self.assertFalse(a[march].font.i)
        self.assertEqual(a[april].value, 70.0)
        self.assertTrue(a[april].font.i, "submitted, not accepted: italic")
        self.assertEqual(b[march].value, 10.0)
        self.assertEqual(b[march].fill.fgColor.rgb, "FFFFC7CE", "behind: red")
        self.assertIsNone(b[april].value)
        self.assertEqual(a[19].number_format, "0.0%")
        self.assertAlmostEqual(a[19].value, self.g_a.completion / 100.0)
        legend = sheet.cell(row=5 + len(names), column=1).value
        self.assertIn("95.0%", legend)

    def test_goals_of_one_cycle(self):
        other = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": "2027-01-01",
                "date_end": "2027-12-31",
            }
        )
        stray = self.goal(self.county_a, cycle_id=other.id, state="approved")
        with self.assertRaisesRegex(UserError, "one cycle"):
            self.render("progress", records=self.g_a | stray)


@tagged("post_install", "-at_install")
class TestResultSummary(ReportsCase):
    def test_one_sheet_per_category(self):
        book = self.render("result_summary", cycle_id=self.cycle.id)
        self.assertEqual(
            [sheet.title for sheet in book.worksheets],
            [c.name for c in (self.cat_county | self.cat_dept | self.cat_town).sorted()],
        )
        county = book[self.cat_county.name]
        self.assertEqual(county["C3"].value, "Section scores")
        self.assertEqual({"A1:J1", "A2:J2", "C3:E3", "F3:G3", "H3:J3"} - self.merged(county), set())
        headers = [cell.value for cell in county[4]]
        self.assertEqual(
            headers,
            [
                "Rank",
                "Unit",
                "key（40）",
                "quant（50）",
                "other（10）",
                "Bonus",
                "Deductions",
                "One-vote veto",
                "Total",
                "Grade",
            ],
        )
        rows = {row[1]: row for row in self.rows(county, 5)}
        evaluation_a = self.evaluations.filtered(lambda e: e.unit_id == self.county_a)
        a, b = rows[self.county_a.name], rows[self.county_b.name]
        self.assertEqual(a[0], evaluation_a.rank)
        self.assertEqual(a[5], evaluation_a.bonus)
        self.assertEqual(a[6], 1.0)
        self.assertAlmostEqual(a[8], evaluation_a.total)
        self.assertEqual(b[7], "安全生产", "the veto item is named")
        self.assertEqual(county["I5"].number_format, "0.00")
        row_b = next(r for r in county.iter_rows(min_row=5) if r[1].value == self.county_b.name)
        self.assertTrue(row_b[1].font.b, "vetoed units are flagged")
        self.assertEqual(county.freeze_panes, "C5")

    def test_printed_from_the_selected_evaluations(self):
        picked = self.evaluations.filtered(lambda e: e.unit_id == self.dept_env)
        book = self.render("result_summary", records=picked)
        self.assertEqual([sheet.title for sheet in book.worksheets], [self.cat_dept.name])
        self.assertEqual([row[1] for row in self.rows(book.worksheets[0], 5)], ["环保局"])


@tagged("post_install", "-at_install")
class TestUnitDetail(ReportsCase):
    def test_every_line_with_lost_points(self):
        book = self.render("unit_detail", cycle_id=self.cycle.id, unit_ids=(self.county_a.id,))
        # county A and its township (sub-units are included)
        self.assertEqual([s.title for s in book.worksheets], ["甲县", "一镇"])
        sheet = book["甲县"]
        evaluation = self.evaluations.filtered(lambda e: e.unit_id == self.county_a)
        self.assertIn(f"{evaluation.total:.2f}", sheet["A3"].value)
        self.assertIn("key (40)", sheet["A4"].value)
        self.assertEqual(sheet.freeze_panes, "D6")
        lines = [row for row in self.rows(sheet, 6) if isinstance(row[0], int)]
        self.assertEqual({row[1] for row in lines}, set(evaluation.line_ids.goal_id.mapped("ref")))
        for row in lines:
            line = evaluation.line_ids.filtered(lambda li, ref=row[1]: li.goal_id.ref == ref)
            self.assertAlmostEqual(row[12], line.final_score)
            if line.lost_points:
                self.assertAlmostEqual(row[14], line.lost_points)
                self.assertEqual(row[15], line.explanation)
        notes = [row[0] for row in self.rows(sheet, 6 + len(lines))]
        self.assertIn("Bonus: 省级表彰, 2 points", notes)
        self.assertIn("Deduction: 通报批评, 1 points", notes)

    def test_veto_and_too_many_units(self):
        sheet = self.render(
            "unit_detail", cycle_id=self.cycle.id, unit_ids=(self.county_b.id,)
        ).worksheets[0]
        self.assertIn("One-vote veto: 安全生产", sheet["A3"].value)
        with (
            self.assertRaisesRegex(UserError, "at most 1 units"),
            self.patch_max_units(1),
        ):
            self.render("unit_detail", cycle_id=self.cycle.id)

    def patch_max_units(self, count):
        from unittest.mock import patch  # noqa: PLC0415

        from ..builders import unit_detail  # noqa: PLC0415

        return patch.object(unit_detail, "MAX_UNITS", count)
