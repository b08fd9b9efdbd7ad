"""Bad numbers at every door: the rules, the form and ORM, RPC, load() and the sheets."""

import base64
import io
import json
import time
import tracemalloc
import unittest
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import call_kw
from odoo.tests import Form, tagged

from ..tools import decomposition_sheet as sheet
from ..tools import numbers
from .common import TargetCityCase
from .test_goal_import import HEADER, csv_bytes, xlsx

NAN, INF = float("nan"), float("inf")
#: What JSON-RPC hands the server for NaN, Infinity and 1e400 (json.loads accepts all three).
RPC_NUMBERS = json.loads("[NaN, Infinity, -Infinity, 1e400]")


class TestNumberRules(unittest.TestCase):
    """The rules of tools/numbers.py, written once for the models and the sheets."""

    def test_finite_and_sized(self):
        for bad in (NAN, INF, -INF, "nan", "inf", "1e400", "-Infinity"):
            message, _args = numbers.check(bad)
            self.assertIn("finite", message, bad)
        self.assertEqual(numbers.check(2e12)[1], {"max": "1000000000000"})
        self.assertEqual(numbers.check("十")[0], "not a number: %(value)s")
        for good in (0, -5, 1e12, "1,234.5", None, False):
            self.assertIsNone(numbers.check(good), good)

    def test_bounds(self):
        self.assertEqual(numbers.check(-1, numbers.NON_NEGATIVE)[1], {"min": "0"})
        self.assertEqual(numbers.check(0, numbers.POSITIVE)[0], "must be greater than %(min)s")
        self.assertEqual(numbers.check(100.5, numbers.SHARE)[1], {"max": "100"})
        self.assertIsNone(numbers.check(100.0000001, numbers.SHARE))  # float noise

    def test_target_follows_the_indicator(self):
        higher = numbers.target_limits("ratio", "higher", "亿元")
        self.assertTrue(numbers.check(0, higher))  # the ratio divides by it
        self.assertTrue(numbers.check(-3, higher))
        self.assertIsNone(numbers.check(0.001, higher))
        lower = numbers.target_limits("bands", "lower", "起")
        self.assertIsNone(numbers.check(0, lower))  # no accidents at all
        self.assertTrue(numbers.check(-1, lower))
        rate = numbers.target_limits("ratio", "higher", "%")
        self.assertTrue(numbers.check(100.5, rate))
        self.assertIsNone(numbers.check(100, rate))
        self.assertTrue(numbers.check(1001, numbers.target_limits("ratio", "higher", "‰")))
        self.assertIsNone(numbers.check(-2, numbers.target_limits("binary", "higher", "")))
        self.assertTrue(numbers.check(-1, numbers.target_limits("deduction", "lower", "起")))

    def test_values_points_scores(self):
        self.assertTrue(numbers.check(-1, numbers.value_limits("deduction")))
        self.assertIsNone(numbers.check(-3.5, numbers.value_limits("ratio", "%")))  # growth
        self.assertTrue(numbers.check(-101, numbers.value_limits("ratio", "%")))
        self.assertTrue(numbers.check(41, numbers.points_limits(40)))
        self.assertTrue(numbers.check(101, numbers.points_limits()))
        self.assertIsNone(numbers.check(12, numbers.score_limits(10, "ratio", 1.2)))
        self.assertTrue(numbers.check(12, numbers.score_limits(10, "bands", 1.2)))

    def test_dates(self):
        start, end = date(2026, 1, 1), date(2026, 12, 31)
        self.assertIsNone(numbers.check_date(date(2026, 6, 1), start, end))
        self.assertEqual(
            numbers.check_date(date(2027, 1, 1), start, end)[1],
            {"day": "2027-01-01", "start": "2026-01-01", "end": "2026-12-31"},
        )
        self.assertEqual(numbers.after_the_cycle(date(2028, 2, 29)), date(2029, 2, 28))


@tagged("post_install", "-at_install")
class TestDisplayDecimals(unittest.TestCase):
    """Decimals per indicator, from its unit of measure (issue 16: values with 4 decimals)."""

    def test_from_the_unit_of_measure(self):
        for uom, decimals in (
            ("%", 1),
            ("‰", 1),
            (" % ", 1),
            ("个", 0),
            ("家", 0),
            ("起", 0),
            ("亿元", 2),
            ("万人", 2),
            ("微克/立方米", 2),
            ("", 2),
            (None, 2),
            (False, 2),
        ):
            with self.subTest(uom=uom):
                self.assertEqual(numbers.display_decimals(uom), decimals)


class TestNumbersInModels(TargetCityCase):
    """Form and ORM, RPC-style write and load() refuse what the rules refuse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quant = cls.section(cls.scheme_county, "quant")  # weight 50
        cls.office = cls.users["office"]

    def setUp(self):
        super().setUp()
        self.target = self.goal(self.county_a, target=100.0, section_id=self.quant.id, ref="N1")

    def assertRefused(self, record, vals, *needles):
        """Writing ``vals`` raises a ValidationError naming the field and the reason."""
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            record.write(vals)
        for needle in needles:
            self.assertIn(needle, str(caught.exception))
        return caught.exception

    def test_goal_numbers_finite(self):
        goal = self.target.with_user(self.office)
        for fname in ("target_value", "baseline_value", "points"):
            for bad in (NAN, INF, -INF):
                self.assertRefused(goal, {fname: bad}, "finite")
        self.assertRefused(goal, {"target_value": 2e12}, "Target", "too large")
        self.assertEqual(self.target.target_value, 100.0)

    def test_goal_errors_in_chinese(self):
        goal = self.target.with_user(self.office).with_context(lang="zh_CN")
        self.env["res.lang"]._activate_lang("zh_CN")
        error = self.assertRefused(goal, {"target_value": NAN}, "目标值", "不是有限的数字")
        self.assertNotIn("field", str(error))
        self.assertRefused(goal, {"points": 60}, "分值", "不能大于 50")

    def test_goal_ranges_follow_the_indicator_and_section(self):
        goal = self.target.with_user(self.office)
        error = self.assertRefused(goal, {"target_value": 0}, "must be greater than 0")
        self.assertIn(self.target.display_name, str(error))  # the record is named
        self.assertRefused(goal, {"target_value": -5}, "Target")
        self.assertRefused(goal, {"points": -1}, "Points", "at least 0")
        self.assertRefused(goal, {"points": 1e12}, "Points", "at most 50")
        self.assertRefused(goal, {"points": 51}, "at most 50")
        goal.points = 50  # the section's whole weight is fine
        # without a section: the scheme's total
        free = self.goal(self.county_b, target=10.0, points=100.0)
        self.assertRefused(free, {"points": 100.5}, "at most 100")
        # lower is better: 0 is a fine target (no excess), a negative one is not
        energy = self.goal(self.county_a, indicator=self.ind_energy, target=0.0)
        self.assertRefused(energy, {"target_value": -1}, "at least 0")
        # a rate is at most 100 %
        air = self.goal(self.county_a, indicator=self.ind_air, target=90.0)
        self.assertRefused(air, {"target_value": 101}, "at most 100")
        self.assertRefused(air, {"baseline_value": -120}, "at least -100")

    def test_goal_deadline_inside_the_cycle(self):
        goal = self.target.with_user(self.office)
        self.assertRefused(goal, {"deadline": date(2027, 3, 1)}, "2027-03-01", "2026-12-31")
        self.assertRefused(goal, {"deadline": date(2025, 12, 31)}, "Deadline")
        goal.deadline = date(2026, 12, 31)

    def test_indicator_change_rechecks_its_goals(self):
        self.goal(self.county_b, indicator=self.ind_energy, target=0.0)
        with self.assertRaisesRegex(ValidationError, "greater than 0"):
            self.ind_energy.direction = "higher"  # now the ratio divides by the target 0
        with self.assertRaisesRegex(ValidationError, "finite"):
            self.ind_gdp.ratio_cap = NAN
        with self.assertRaisesRegex(ValidationError, "at most 10"):
            self.ind_gdp.ratio_cap = 50

    def test_form(self):
        goal = self.target.with_user(self.office)
        with self.assertRaisesRegex(ValidationError, "at most 50"), Form(goal) as form:
            form.points = 70
        with self.assertRaisesRegex(ValidationError, "outside"), Form(goal) as form:
            form.deadline = date(2027, 1, 5)

    def test_rpc_write_and_create(self):
        """What /web/dataset/call_kw runs, with the numbers JSON decoding gives."""
        for value in RPC_NUMBERS:
            with self.assertRaisesRegex(ValidationError, "finite"):
                call_kw(
                    self.env["target.goal"].with_user(self.office),
                    "write",
                    [[self.target.id], {"points": value}],
                    {},
                )
        with self.assertRaisesRegex(ValidationError, "finite"):
            call_kw(
                self.env["target.goal"].with_user(self.office),
                "create",
                [
                    {
                        "cycle_id": self.cycle.id,
                        "unit_id": self.county_b.id,
                        "indicator_id": self.ind_gdp.id,
                        "name": "RPC",
                        "target_value": RPC_NUMBERS[0],
                        "points": 1,
                    }
                ],
                {},
            )
        with self.assertRaisesRegex(ValidationError, "finite"):
            call_kw(
                self.env["target.goal"].with_user(self.office),
                "onchange",
                [[self.target.id], {"target_value": RPC_NUMBERS[1]}, ["target_value"], {}],
                {},
            )
        self.assertEqual(self.target.points, 10.0)

    def test_load(self):
        fields = ["cycle_id/.id", "unit_id/.id", "indicator_id/.id", "name", "target_value"]
        common = [str(self.cycle.id), str(self.county_b.id), str(self.ind_gdp.id)]
        count = self.env["target.goal"].search_count([])
        for text, needle in (
            ("nan", "finite"),
            ("inf", "finite"),
            ("1e400", "finite"),
            ("-5", "greater than 0"),
            ("0", "greater than 0"),
        ):
            result = (
                self.env["target.goal"].with_user(self.office).load(fields, [[*common, "x", text]])
            )
            self.assertFalse(result["ids"], text)
            self.assertIn(needle, " ".join(m["message"] for m in result["messages"]), text)
        self.assertEqual(self.env["target.goal"].search_count([]), count)

    def test_milestones_and_progress(self):
        Milestone = self.env["target.goal.milestone"].with_user(self.office)
        with self.assertRaisesRegex(ValidationError, "outside"):
            Milestone.create({"goal_id": self.target.id, "name": "m", "date": date(2027, 2, 1)})
        with self.assertRaisesRegex(ValidationError, "finite"):
            Milestone.create(
                {"goal_id": self.target.id, "name": "m", "date": date(2026, 6, 30), "share": NAN}
            )
        period = self.env["target.period"].create(
            {
                "name": "2026-03",
                "cycle_id": self.cycle.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2026, 3, 31),
            }
        )
        self.target.state = "approved"  # progress is reported on approved goals
        progress = self.env["target.progress"].create(
            {"goal_id": self.target.id, "period_id": period.id, "value": 10.0}
        )
        for bad in (NAN, INF):
            self.assertRefused(progress, {"value": bad}, "finite")
        self.assertRefused(period, {"date_end": date(2027, 1, 31)}, "outside")

    def test_evaluation_scores(self):
        evaluation = self.env["target.evaluation"].create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "stage": "year_end",
                "line_ids": [(0, 0, {"goal_id": self.target.id})],
            }
        )
        line = evaluation.line_ids
        for fname in ("self_score", "assessor_score", "verified_score"):
            self.assertRefused(line, {fname: NAN}, "finite")
            self.assertRefused(line, {fname: -1}, "at least 0")
            self.assertRefused(line, {fname: 10.5}, "at most 10")
        for fname in ("self_value", "assessor_value", "verified_value"):
            self.assertRefused(line, {fname: INF}, "finite")
        # the completion cap lets a ratio goal earn up to 120 % of its points
        self.ind_gdp.ratio_cap = 1.2
        line.assessor_score = 12
        self.assertRefused(line, {"assessor_score": 12.5}, "at most 12")

    def test_adjustments_specials_and_settings(self):
        Adjustment = self.env["target.score.adjustment"]
        common = {"cycle_id": self.cycle.id, "unit_id": self.county_a.id, "name": "奖"}
        with self.assertRaisesRegex(ValidationError, "at most 5"):
            Adjustment.create(dict(common, kind="bonus", award_level="city", points=6))
        with self.assertRaisesRegex(ValidationError, "finite"):
            Adjustment.create(dict(common, kind="bonus", award_level="city", points=INF))
        with self.assertRaisesRegex(ValidationError, "finite"):
            self.env["target.special.evaluation"].create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "section_id": self.section(self.scheme_county, "other").id,
                    "body_id": self.env["target.evaluation.body"]
                    .create({"name": "人大", "code": "n_npc"})
                    .id,
                    "score": NAN,
                }
            )
        self.assertRefused(self.quant, {"weight": NAN}, "finite")
        self.assertRefused(self.scheme_county, {"bonus_cap": 1e12}, "at most 100")
        cycle = self.cycle.with_user(self.users["admin"])
        self.assertRefused(cycle, {"publicity_days": -1}, "at least 0")
        self.assertRefused(cycle, {"light_green": NAN}, "finite")
        self.assertRefused(cycle, {"scoring_deadline": date(2028, 1, 20)}, "outside")
        cycle.scoring_deadline = date(2027, 1, 20)  # the next January is usual
        policy = self.env["target.personnel.policy"].search([("cycle_id", "=", self.cycle.id)])
        if policy:
            self.assertRefused(policy, {"bonus_base": INF}, "finite")

    def test_adjustment_lines(self):
        Adjustment = self.env["target.adjustment"].with_user(self.users["unit_user"])

        def request(**line):
            return Adjustment.create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "reason": "调整",
                    "line_ids": [(0, 0, dict(goal_id=self.target.id, **line))],
                }
            )

        for line, needle in (
            ({"new_target_value": NAN}, "finite"),
            ({"new_target_value": -10}, "greater than 0"),
            ({"new_target_value": 90, "new_points": 60}, "at most 50"),
            ({"new_target_value": 90, "new_deadline": date(2027, 1, 31)}, "outside"),
        ):
            with self.assertRaisesRegex(ValidationError, needle):
                request(**line)
        request(new_target_value=90, new_points=12, new_deadline=date(2026, 10, 31))

    def test_appeals_and_findings_follow_the_line(self):
        evaluation = self.env["target.evaluation"].create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "stage": "year_end",
                "line_ids": [(0, 0, {"goal_id": self.target.id})],
            }
        )
        appeal = self.env["target.appeal"].new(
            {"line_id": evaluation.line_ids.id, "corrected_score": 11, "reason": "x"}
        )
        with self.assertRaisesRegex(ValidationError, "at most 10"):
            appeal._check_numbers()
        appeal.corrected_score = 9
        appeal.corrected_value = 2e12
        with self.assertRaisesRegex(ValidationError, "too large"):
            appeal._check_numbers()
        finding = self.env["target.inspection.finding"].new(
            {"line_id": evaluation.line_ids.id, "deduction_points": 101}
        )
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            finding._check_numbers()

    def test_integers_and_library(self):
        # JSON's 1e400 in an integer field: a clear error, not an OverflowError
        with self.assertRaisesRegex(ValidationError, "finite"):
            call_kw(
                self.env["target.cycle"].with_user(self.users["admin"]),
                "write",
                [[self.cycle.id], {"publicity_days": RPC_NUMBERS[3]}],
                {},
            )
        band = {"min_completion": 90, "share": NAN}
        with self.assertRaisesRegex(ValidationError, "finite"):
            self.ind_gdp.write({"scoring_method": "bands", "band_ids": [(0, 0, band)]})
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.ind_gdp.grade_a = 120


@tagged("post_install", "-at_install")
class TestNumbersInSheets(TargetCityCase):
    """The decomposition sheet: bad numbers are row errors; big sheets are refused unread."""

    def run_import(self, data, filename="分解表.xlsx"):
        wizard = self.env["target.goal.import.wizard"].create(
            {"cycle_id": self.cycle.id, "file": base64.b64encode(data), "filename": filename}
        )
        wizard.action_import()
        return wizard

    def test_bad_numbers_are_row_errors_and_nothing_is_written(self):
        rows = [
            HEADER,
            ["B1", "", "ca", "", "GDP", "好", 100, "", 10, "", "quant"],  # row 2: good
            ["B2", "", "ca", "", "GDP", "nan", "nan", "", 10, "", ""],
            ["B3", "", "ca", "", "GDP", "inf", "inf", "", 10, "", ""],
            ["B4", "", "ca", "", "GDP", "1e400", "1e400", "", 10, "", ""],
            ["B5", "", "ca", "", "GDP", "负", -100, "", 10, "", ""],
            ["B6", "", "ca", "", "GDP", "零", 0, "", 10, "", ""],
            ["B7", "", "ca", "", "GDP", "分值", 100, "", "1e12", "", ""],
            ["B8", "", "ca", "", "GDP", "板块", 100, "", 51, "", "quant"],
            ["B9", "", "ca", "", "AIR", "比例", 120, "", 5, "", ""],
            ["B10", "", "ca", "", "GDP", "基期", 100, "-inf", 5, "", ""],
            ["B11", "", "ca", "", "GDP", "分值NaN", 100, "", "NaN", "", ""],
        ]
        count = self.env["target.goal"].search_count([])
        wizard = self.run_import(xlsx(rows))
        self.assertEqual(wizard.state, "errors")
        self.assertEqual(self.env["target.goal"].search_count([]), count)
        text = wizard.error_text
        for expected in (
            "Row 3, column 目标值: not a finite number (nan)",
            "Row 4, column 目标值: not a finite number (inf)",
            "Row 5, column 目标值: not a finite number (1e400)",
            "Row 6, column 目标值: must be greater than 0",
            "Row 7, column 目标值: must be greater than 0",
            "Row 8, column 分值: must be at most 100",
            "Row 9, column 分值: must be at most 50",
            "Row 10, column 目标值: must be at most 100",
            "Row 11, column 基期值: not a finite number (-inf)",
            "Row 12, column 分值: not a finite number (NaN)",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Row 2,", text)
        self.assertEqual(wizard.error_count, 10, text)

    def test_csv_numbers(self):
        rows = [HEADER, ["C2", "", "ca", "", "GDP", "csv", "Infinity", "", "-0.5", "", ""]]
        wizard = self.run_import(csv_bytes(rows, "gb18030"), "分解表.csv")
        self.assertIn("Row 2, column 目标值: not a finite number (Infinity)", wizard.error_text)
        self.assertIn("Row 2, column 分值: must be at least 0", wizard.error_text)

    def test_errors_in_chinese(self):
        rows = [HEADER, ["B2", "", "ca", "", "GDP", "nan", "nan", "", 10, "", ""]]
        wizard = self.run_import(xlsx(rows))
        self.env["res.lang"]._activate_lang("zh_CN")
        wizard = wizard.with_context(lang="zh_CN")
        wizard.action_import()
        self.assertIn("第2行", wizard.error_text)
        self.assertIn("不是有限的数字", wizard.error_text)

    def test_a_cell_at_the_last_row_is_refused_before_reading(self):
        book = openpyxl.Workbook(write_only=True)
        page = book.create_sheet()
        page.append(HEADER)
        buffer = io.BytesIO()
        book.save(buffer)
        # one cell at row 1,048,576: openpyxl writes a sheet with that dimension
        book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        book.active.cell(row=1_048_576, column=1, value="x")
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        self.assertLess(len(data), 10_000)
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with self.assertRaisesRegex(UserError, "reaches row 1048576, at most 20000"):
                self.run_import(data)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertLess(elapsed, 2.0)
        self.assertLess(peak, 50 * 1024 * 1024)

    def test_a_lying_or_missing_dimension_still_stops_early(self):
        rows = [HEADER] + [["", "", "ca", "", "GDP", f"r{i}", 1, "", 0, "", ""] for i in range(30)]
        with (
            patch.object(sheet, "MAX_ROWS", 20),
            self.assertRaisesRegex(UserError, "at most 20 rows"),
        ):
            self.run_import(xlsx(rows))
        with (
            patch.object(sheet, "MAX_ROWS", 20),
            self.assertRaisesRegex(UserError, "at most 20 rows"),
        ):
            self.run_import(csv_bytes(rows), "分解表.csv")
        wide = [HEADER + [f"extra{i}" for i in range(60)]]
        with self.assertRaisesRegex(UserError, "reaches column 71, at most 50"):
            self.run_import(xlsx(wide))
        with (
            patch.object(sheet, "MAX_FILE_BYTES", 100),
            self.assertRaisesRegex(UserError, "at most 0 MB"),
        ):
            self.run_import(xlsx(rows))

    def test_sheet_reader_ignores_the_dimension_record(self):
        """A sheet whose dimension record claims A1:A1 is bounded while streaming."""
        rows = [HEADER] + [["", "", "ca", "", "GDP", f"r{i}", 1, "", 0, "", ""] for i in range(30)]
        data = xlsx(rows)
        with (
            patch.object(sheet, "MAX_ROWS", 20),
            patch("openpyxl.worksheet._read_only.ReadOnlyWorksheet.max_row", None),
            self.assertRaises(sheet.SheetFormatError),
        ):
            sheet.read_sheet(data, "a.xlsx")
