"""The plain-Python cores on their own (no database): cron expressions, due
periods, placeholders, and the sheet writer read back with openpyxl."""

import io
import unittest
from datetime import date, datetime

import openpyxl
import xlsxwriter

from ..tools import cron_expression as cron
from ..tools.periods import due_period, next_due, period_of
from ..tools.placeholders import fill, placeholders
from ..tools.sheet import Column, Merge, Row, SheetWriter, group_row, title_banner


class TestCronExpression(unittest.TestCase):
    def error(self, text):
        with self.assertRaises(cron.CronError) as caught:
            cron.parse(text)
        return caught.exception

    def test_fields_ranges_steps_names(self):
        expression = cron.parse("0,30 8-10 */10 jan,JUL mon-fri")
        self.assertEqual(expression.minutes, {0, 30})
        self.assertEqual(expression.hours, {8, 9, 10})
        self.assertEqual(expression.days, {1, 11, 21, 31})
        self.assertEqual(expression.months, {1, 7})
        self.assertEqual(expression.weekdays, {1, 2, 3, 4, 5})
        self.assertEqual(cron.parse("0 0 * * 7").weekdays, {0}, "7 is Sunday too")
        self.assertEqual(cron.parse("5/20 * * * *").minutes, {5, 25, 45})
        alias, plain = cron.parse("@monthly"), cron.parse("0 0 1 * *")
        fields = ("minutes", "hours", "days", "months", "weekdays", "any_day", "any_weekday")
        self.assertEqual([getattr(alias, f) for f in fields], [getattr(plain, f) for f in fields])

    def test_errors_say_what_and_where(self):
        self.assertEqual(self.error("").code, cron.EMPTY)
        error = self.error("0 8 * *")
        self.assertEqual((error.code, error.args_), (cron.FIELD_COUNT, {"count": 4}))
        error = self.error("0 24 * * *")
        self.assertEqual(error.code, cron.RANGE)
        self.assertEqual(error.args_, {"field": "hour", "token": "24", "low": 0, "high": 23})
        error = self.error("*/0 * * * *")
        self.assertEqual((error.code, error.args_["field"]), (cron.STEP, "minute"))
        error = self.error("0 0 1 foo *")
        self.assertEqual(
            (error.code, error.args_), (cron.SYNTAX, {"field": "month", "token": "foo"})
        )
        self.assertEqual(self.error("0 0 5-1 * *").code, cron.RANGE, "a reversed range")
        self.assertEqual(self.error("0 0 1,,2 * *").code, cron.SYNTAX)
        self.assertEqual(self.error("0 0 31 2 *").code, cron.NEVER, "31 February never comes")
        cron.parse("0 0 29 2 *")  # it comes every four years

    def test_fire_times(self):
        quarterly = cron.parse("0 8 5 1,4,7,10 *")
        now = datetime(2026, 5, 20, 12, 0)
        self.assertEqual(quarterly.last_fire(now), datetime(2026, 4, 5, 8, 0))
        self.assertEqual(quarterly.next_fire(now), datetime(2026, 7, 5, 8, 0))
        self.assertEqual(
            quarterly.last_fire(datetime(2026, 4, 5, 8, 0)), datetime(2026, 4, 5, 8, 0)
        )
        self.assertEqual(
            quarterly.last_fire(datetime(2026, 4, 5, 7, 59)), datetime(2026, 1, 5, 8, 0)
        )
        # day of month or weekday: either matches when both are restricted
        either = cron.parse("0 9 1 * mon")
        self.assertEqual(either.next_fire(datetime(2026, 6, 1, 10, 0)), datetime(2026, 6, 8, 9, 0))
        self.assertEqual(either.next_fire(datetime(2026, 6, 29, 10, 0)), datetime(2026, 7, 1, 9, 0))
        leap = cron.parse("0 0 29 2 *")
        self.assertEqual(leap.next_fire(datetime(2026, 3, 1)), datetime(2028, 2, 29, 0, 0))

    def test_only_five_plain_fields(self):
        """croniter's extensions (seconds, years, L, #, ?) are not schedules' syntax."""
        self.assertEqual(self.error("0 0 1 1 * 2027").code, cron.FIELD_COUNT)
        for text, field, token in (
            ("0 18 L * *", "day", "L"),
            ("0 9 * * mon#2", "weekday", "mon#2"),
            ("0 9 ? * *", "day", "?"),
        ):
            error = self.error(text)
            self.assertEqual(
                (error.code, error.args_), (cron.SYNTAX, {"field": field, "token": token})
            )


class TestPeriods(unittest.TestCase):
    def test_calendar_periods(self):
        self.assertEqual(
            period_of(date(2026, 5, 20), "monthly"),
            (date(2026, 5, 1), date(2026, 5, 31), "2026-05"),
        )
        self.assertEqual(period_of(date(2026, 5, 20), "quarterly")[2], "2026-Q2")
        self.assertEqual(
            period_of(date(2026, 12, 31), "quarterly")[:2], (date(2026, 10, 1), date(2026, 12, 31))
        )
        self.assertEqual(
            period_of(date(2026, 5, 20), "yearly"), (date(2026, 1, 1), date(2026, 12, 31), "2026")
        )

    def test_the_period_just_over_is_due(self):
        period = due_period("quarterly", datetime(2026, 4, 1, 0, 5))
        self.assertEqual(
            (period.key, period.start, period.end), ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31))
        )
        self.assertEqual(period.due, datetime(2026, 4, 1))
        # five days after the quarter: still the fourth quarter on 3 April
        self.assertEqual(due_period("quarterly", datetime(2026, 4, 3), delay_days=5).key, "2025-Q4")
        self.assertEqual(due_period("quarterly", datetime(2026, 4, 6), delay_days=5).key, "2026-Q1")
        self.assertEqual(due_period("monthly", datetime(2026, 1, 15)).key, "2025-12")
        self.assertEqual(due_period("yearly", datetime(2026, 1, 15)).key, "2025")
        # a schedule starting in May sends nothing before the second quarter is over
        self.assertIsNone(due_period("quarterly", datetime(2026, 6, 30), since=date(2026, 5, 1)))
        self.assertEqual(
            due_period("quarterly", datetime(2026, 7, 1), since=date(2026, 5, 1)).key, "2026-Q2"
        )
        self.assertEqual(
            next_due("quarterly", datetime(2026, 5, 20), delay_days=5), datetime(2026, 7, 6)
        )

    def test_cron_periods(self):
        period = due_period("cron", datetime(2026, 5, 20, 12), cron="0 8 5 1,4,7,10 *")
        self.assertEqual(period.key, "2026-04-05 08:00")
        self.assertEqual((period.start, period.end), (date(2026, 1, 5), date(2026, 4, 5)))
        self.assertIsNone(
            due_period(
                "cron", datetime(2026, 5, 20), cron="0 8 5 1,4,7,10 *", since=date(2026, 5, 1)
            )
        )
        with self.assertRaises(cron.CronError):
            due_period("cron", datetime(2026, 5, 20), cron="bad")


class TestPlaceholders(unittest.TestCase):
    def test_names_and_filling(self):
        self.assertEqual(placeholders("{cycle}目标任务上报表（{period}）"), ["cycle", "period"])
        self.assertEqual(
            fill("{cycle}（{period}）", {"cycle": "2026年度", "period": "2026-Q1"}),
            "2026年度（2026-Q1）",
        )
        self.assertEqual(
            fill("{unknown} 上报", {}), "{unknown} 上报", "unknown names stay as written"
        )
        with self.assertRaises(ValueError):
            placeholders("{cycle")


class TestSheetWriter(unittest.TestCase):
    """Write in constant memory, read back with openpyxl."""

    def render(self, build, constant_memory=True):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"constant_memory": constant_memory})
        build(workbook)
        workbook.close()
        return openpyxl.load_workbook(io.BytesIO(output.getvalue())).worksheets[0]

    def test_banner_groups_rows_formats(self):
        columns = [
            Column("unit", "单位", width=20),
            Column("a", "重点工作", "score"),
            Column("b", "定量指标", "score"),
            Column("rate", "完成率", "percent"),
        ]

        def build(workbook):
            writer = SheetWriter(
                workbook,
                "考核结果/汇总",
                columns,
                banner=title_banner(4, "考核结果汇总表", "2026年度"),
                header=group_row(columns, [("a", "b", "板块得分")]),
                freeze_cols=1,
                footer="&C第 &P 页",
            )
            writer.write_row(Row(["甲县", 35.5, 44.25, 0.9]))
            writer.write_row(
                Row(["乙县", None, 40.0, 0.5], styles={0: "alert", 3: ("red", "pending")})
            )
            writer.write_text("注：乙县一票否决。")

        sheet = self.render(build)
        self.assertEqual(sheet.title, "考核结果_汇总", "a slash is not allowed in sheet names")
        self.assertEqual(
            {str(r) for r in sheet.merged_cells.ranges}, {"A1:D1", "A2:D2", "B3:C3", "A7:D7"}
        )
        self.assertEqual([c.value for c in sheet[3]], [None, "板块得分", None, None])
        self.assertEqual([c.value for c in sheet[4]], ["单位", "重点工作", "定量指标", "完成率"])
        self.assertEqual(sheet.freeze_panes, "B5")
        self.assertEqual(sheet.print_title_rows, "$3:$4")
        self.assertEqual(sheet["B5"].number_format, "0.00")
        self.assertEqual(sheet["D5"].number_format, "0.0%")
        self.assertIsNone(sheet["B6"].value, "empty cells are left out")
        self.assertTrue(sheet["A6"].font.b)
        self.assertEqual(sheet["D6"].fill.fgColor.rgb, "FFFFC7CE")
        self.assertTrue(sheet["D6"].font.i)
        self.assertEqual(sheet["A7"].value, "注：乙县一票否决。")
        self.assertEqual(sheet.oddFooter.center.text, "第 &P 页")

    def test_ranges_over_several_rows_need_memory(self):
        columns = [Column("no", "序号", "int"), Column("name", "单位")]
        header = [
            Merge(0, 0, 1, 0, "序号"),
            Merge(0, 1, 0, 1, "基本情况"),
            Merge(1, 1, 1, 1, "单位"),
        ]

        def build(workbook):
            SheetWriter(workbook, "s", columns, header=header).write_row(Row([1, "甲县"]))

        with self.assertRaises(ValueError):
            self.render(build)
        sheet = self.render(build, constant_memory=False)
        self.assertEqual({str(r) for r in sheet.merged_cells.ranges}, {"A1:A2"})
        self.assertEqual(sheet["A3"].value, 1)
