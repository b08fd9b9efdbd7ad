"""Progress reporting (月自查、季分析): periods, the report workflow, expected progress, lights."""

import unittest
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..engine.monitoring import (
    GREEN,
    NO_LIGHT,
    RED,
    YELLOW,
    expected_at,
    light_of,
    period_bounds,
)
from ..models.target_progress import LIGHT_FIELDS, recompute
from .common import TargetCityCase

# Share of 2026 gone by the end of March and of April (days, both ends counted).
MARCH = 90 / 365
APRIL = 120 / 365


class ProgressCase(TargetCityCase):
    """The city in execution, monthly periods, approved goals of both counties.

    city GDP 300 (rolls up the counties) ← county A GDP 200, county B GDP 100;
    county A: energy (lower is better, ceiling 100), investment (per period,
    120); county B: air quality (owned by the environment bureau).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cycle.phase = "execution"
        cls.cycle.action_generate_periods()
        cls.periods = cls.cycle.period_ids.sorted("date_start")
        cls.ind_invest = env["target.indicator"].create(
            {
                "name": "招商引资到位资金",
                "code": "INVEST",
                "uom": "亿元",
                "cumulative": False,
                "assessor_unit_id": cls.dept_stats.id,
            }
        )
        cls.g_city = cls._new_goal(cls.city, cls.ind_gdp, 300.0)
        cls.g_a = cls._new_goal(cls.county_a, cls.ind_gdp, 200.0, cls.g_city)
        cls.g_b = cls._new_goal(cls.county_b, cls.ind_gdp, 100.0, cls.g_city)
        cls.g_energy = cls._new_goal(cls.county_a, cls.ind_energy, 100.0)
        cls.g_invest = cls._new_goal(cls.county_a, cls.ind_invest, 120.0)
        cls.g_air_b = cls._new_goal(cls.county_b, cls.ind_air, 85.0)
        (cls.g_city | cls.g_a | cls.g_b | cls.g_energy | cls.g_invest | cls.g_air_b).write(
            {"state": "approved"}
        )
        cls.users["unit_b"] = new_test_user(
            env,
            login="ta_unit_b",
            groups="target_assessment.group_unit_user",
            name="TA unit B",
        )
        cls.users["unit_b"].target_unit_ids = cls.county_b

    @classmethod
    def _new_goal(cls, unit, indicator, target, parent=None):
        return cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": unit.id,
                "indicator_id": indicator.id,
                "name": f"{unit.name} {indicator.name}",
                "target_value": target,
                "points": 10.0,
                "parent_id": parent.id if parent else False,
            }
        )

    def period(self, month):
        return self.periods[month - 1]

    def report(self, goal, month, value, role="unit_user"):
        """A draft report of ``goal`` for ``month``, created by ``role``."""
        return (
            self.env["target.progress"]
            .with_user(self.users[role])
            .create({"goal_id": goal.id, "period_id": self.period(month).id, "value": value})
        )

    def accepted(self, goal, month, value, reporter="unit_user", reviewer="office"):
        """A report submitted by ``reporter`` and accepted by ``reviewer``."""
        report = self.report(goal, month, value, reporter)
        report.action_submit()
        report.with_user(self.users[reviewer]).action_accept()
        return report


class TestMonitoringArithmetic(unittest.TestCase):
    """engine.monitoring on its own: no database."""

    def test_period_bounds(self):
        months = period_bounds(date(2026, 1, 1), date(2026, 12, 31), "monthly")
        self.assertEqual(len(months), 12)
        self.assertEqual(months[1], (date(2026, 2, 1), date(2026, 2, 28), 2026, 2))
        quarters = period_bounds(date(2026, 2, 10), date(2027, 2, 9), "quarterly")
        self.assertEqual(quarters[0], (date(2026, 2, 10), date(2026, 3, 31), 2026, 1))
        self.assertEqual(quarters[-1], (date(2027, 1, 1), date(2027, 2, 9), 2027, 1))
        self.assertEqual(len(quarters), 5)

    def test_expected_and_lights(self):
        start, end = date(2026, 1, 1), date(2026, 12, 31)
        self.assertAlmostEqual(expected_at(date(2026, 3, 31), start, end, 365.0), 90.0)
        self.assertEqual(expected_at(date(2025, 12, 1), start, end, 365.0), 0.0)
        self.assertEqual(expected_at(date(2027, 1, 1), start, end, 365.0), 365.0)
        self.assertEqual(expected_at(date(2026, 2, 1), start, end, 50.0, lower=True), 50.0)
        self.assertEqual(light_of(95.0, 100.0, 95.0, 85.0), GREEN)
        self.assertEqual(light_of(85.0, 100.0, 95.0, 85.0), YELLOW)
        self.assertEqual(light_of(84.9, 100.0, 95.0, 85.0), RED)
        self.assertEqual(light_of(None, 100.0, 95.0, 85.0), NO_LIGHT)
        self.assertEqual(light_of(5.0, 0.0, 95.0, 85.0), GREEN, "nothing expected yet")
        # lower is better: expected (the ceiling) against actual
        self.assertEqual(light_of(100.0, 100.0, 95.0, 85.0, lower=True), GREEN)
        self.assertEqual(light_of(110.0, 100.0, 95.0, 85.0, lower=True), YELLOW)
        self.assertEqual(light_of(130.0, 100.0, 95.0, 85.0, lower=True), RED)


@tagged("post_install", "-at_install")
class TestPeriods(ProgressCase):
    def test_monthly_periods_with_due_dates(self):
        self.assertEqual(len(self.periods), 12)
        self.assertEqual(self.cycle.period_count, 12)
        march = self.period(3)
        self.assertEqual(march.name, "2026-3")
        self.assertEqual((march.date_start, march.date_end), (date(2026, 3, 1), date(2026, 3, 31)))
        self.assertEqual(march.due_date, date(2026, 4, 5))
        self.assertEqual(march.reminder_date, date(2026, 4, 2))
        self.assertEqual(self.period(2).date_end, date(2026, 2, 28))
        self.assertEqual(self.period(12).due_date, date(2027, 1, 5))
        self.assertEqual(self.periods.mapped("sequence"), list(range(1, 13)))
        # the due dates follow the cycle's setting
        self.cycle.report_due_days = 10
        self.assertEqual(march.due_date, date(2026, 4, 10))

    def test_quarterly_periods_and_regeneration(self):
        cycle = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
                "report_frequency": "quarterly",
            }
        )
        cycle.action_generate_periods()
        quarters = cycle.period_ids.sorted("date_start")
        self.assertEqual(len(quarters), 4)
        self.assertEqual(quarters[1].name, "2027 Q2")
        self.assertEqual(
            (quarters[1].date_start, quarters[1].date_end, quarters[1].due_date),
            (date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 5)),
        )
        # idempotent: the same periods, untouched
        stamps = quarters.mapped("write_date")
        cycle.action_generate_periods()
        self.assertEqual(cycle.period_ids.sorted("date_start"), quarters)
        self.assertEqual(quarters.mapped("write_date"), stamps)
        # a new frequency: each quarter becomes its first month, the others are added
        cycle.report_frequency = "monthly"
        cycle.action_generate_periods()
        months = cycle.period_ids.sorted("date_start")
        self.assertEqual(len(months), 12)
        self.assertEqual(months[0::3], quarters)
        self.assertEqual(months[3].date_end, date(2027, 4, 30))
        self.assertEqual(months[3].name, "2027-4")
        # and back: the months between the quarters give way
        cycle.report_frequency = "quarterly"
        cycle.action_generate_periods()
        self.assertEqual(cycle.period_ids.sorted("date_start"), quarters)
        self.assertFalse((months - quarters).exists())

    def test_cycle_not_on_calendar_boundaries(self):
        cycle = self.env["target.cycle"].create(
            {
                "name": "跨年度",
                "year": 2026,
                "date_start": date(2026, 3, 15),
                "date_end": date(2027, 3, 14),
            }
        )
        cycle.action_generate_periods()
        periods = cycle.period_ids.sorted("date_start")
        self.assertEqual(len(periods), 13)
        self.assertEqual(
            (periods[0].date_start, periods[0].date_end), (date(2026, 3, 15), date(2026, 3, 31))
        )
        self.assertEqual(
            (periods[-1].date_start, periods[-1].date_end), (date(2027, 3, 1), date(2027, 3, 14))
        )

    @freeze_time("2026-03-10")
    def test_periods_with_reports_are_kept(self):
        self.report(self.g_a, 2, 10.0)
        self.cycle.report_frequency = "quarterly"
        with self.assertRaisesRegex(UserError, "2026-2"):
            self.cycle.action_generate_periods()
        self.assertEqual(len(self.cycle.period_ids), 12)

    def test_only_the_office_generates_periods(self):
        for role in ("unit_user", "assessor", "leader"):
            with self.assertRaises(AccessError):
                self.cycle.with_user(self.users[role]).action_generate_periods()


@tagged("post_install", "-at_install")
class TestProgressWorkflow(ProgressCase):
    @freeze_time("2026-04-03")
    def test_returned_once_resubmitted_accepted_and_rolled_up(self):
        report = self.report(self.g_a, 3, 50.0)
        self.assertTrue(report.can_submit)
        self.assertFalse(report.can_review)
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.users["unit_user"])
        self.assertFalse(report.can_edit)

        as_assessor = report.with_user(self.users["assessor"])
        self.assertTrue(as_assessor.can_review)
        with self.assertRaisesRegex(UserError, "reason"):
            as_assessor.action_return()
        as_assessor.action_return("缺少统计报表佐证")
        self.assertEqual(report.state, "returned")
        self.assertEqual(report.return_reason, "缺少统计报表佐证")
        self.assertEqual(report.reviewed_by_id, self.users["assessor"])
        todo = report.activity_ids
        self.assertEqual(todo.user_id, self.users["unit_user"])
        self.assertFalse(self.g_a.has_actual, "a returned value does not count")

        # the unit corrects the value and resubmits; the to-do is settled
        self.assertTrue(report.can_edit)
        report.write({"value": 55.0, "narrative": "补充了统计局快报"})
        report.action_submit()
        self.assertFalse(report.return_reason)
        self.assertFalse(report.activity_ids)

        as_assessor.action_accept()
        self.assertEqual(report.state, "accepted")
        self.assertEqual((self.g_a.own_actual, self.g_a.own_actual_set), (55.0, True))
        self.assertEqual(self.g_a.actual_value, 55.0)
        self.assertEqual(self.g_a.last_progress_date, date(2026, 3, 31))
        self.assertEqual(self.g_city.actual_value, 55.0, "the city rolls up county A")

        # county B's report, accepted by the office, adds up in the city
        self.accepted(self.g_b, 3, 30.0, reporter="unit_b")
        self.assertEqual(self.g_city.actual_value, 85.0)

    @freeze_time("2026-03-10")
    def test_cumulative_and_per_period_values(self):
        jan = self.report(self.g_a, 1, 20.0)
        feb = self.report(self.g_a, 2, 45.0)
        (jan | feb).action_submit()
        office = self.users["office"]
        feb.with_user(office).action_accept()
        jan.with_user(office).action_accept()
        # cumulative: the latest period's value, whatever the order of acceptance
        self.assertEqual(self.g_a.own_actual, 45.0)
        self.assertEqual(feb.actual_to_date, 45.0)

        # per period: the accepted periods add up
        inv_jan = self.accepted(self.g_invest, 1, 10.0)
        inv_feb = self.report(self.g_invest, 2, 15.0)
        self.assertEqual(inv_feb.actual_to_date, 25.0, "the draft with the accepted January")
        self.assertEqual(self.g_invest.own_actual, 10.0)
        inv_feb.action_submit()
        inv_feb.with_user(office).action_accept()
        self.assertEqual(self.g_invest.own_actual, 25.0)
        self.assertEqual(inv_jan.actual_to_date, 10.0)

    def test_expected_from_elapsed_time(self):
        Progress = self.env["target.progress"]
        self.assertAlmostEqual(Progress._expected_on(self.g_a, date(2026, 3, 31)), 200 * MARCH)
        self.assertEqual(Progress._expected_on(self.g_a, date(2026, 12, 31)), 200.0)
        # a ceiling (lower is better) holds from the first day
        self.assertEqual(Progress._expected_on(self.g_energy, date(2026, 1, 31)), 100.0)
        with freeze_time("2026-04-03"):
            report = self.report(self.g_a, 3, 50.0)
        self.assertAlmostEqual(report.expected_value, 200 * MARCH, places=4)
        self.assertAlmostEqual(report.expected_share, 100 * 50.0 / (200 * MARCH), places=2)

    def test_expected_from_milestones(self):
        self.g_b.milestone_ids = [
            Command.create({"name": "上半年", "date": date(2026, 6, 30), "expected_value": 40.0}),
            Command.create({"name": "前三季度", "date": date(2026, 9, 30), "expected_value": 70.0}),
        ]
        expected = self.env["target.progress"]._expected_on
        # 0 at the start of the cycle, linear to each milestone, then to the target
        self.assertEqual(expected(self.g_b, date(2026, 1, 1)), 0.0)
        self.assertAlmostEqual(expected(self.g_b, date(2026, 3, 31)), 40 * 89 / 180)
        self.assertEqual(expected(self.g_b, date(2026, 6, 30)), 40.0)
        self.assertAlmostEqual(expected(self.g_b, date(2026, 8, 15)), 40 + 30 * 46 / 92)
        self.assertAlmostEqual(expected(self.g_b, date(2026, 11, 15)), 70 + 30 * 46 / 92)
        self.assertEqual(expected(self.g_b, date(2026, 12, 31)), 100.0)

    def test_lights_on_known_dates(self):
        with freeze_time("2026-01-20"):
            recompute(self.g_a, LIGHT_FIELDS)
            self.assertEqual(self.g_a.light, "none", "no period has ended, nothing reported")
        with freeze_time("2026-04-10"):
            report = self.accepted(self.g_a, 3, 200 * MARCH * 0.96)
            self.assertEqual(report.light, "green")
            self.assertEqual(self.g_a.light, "green")
            self.assertEqual(self.g_a.light_period_id, self.period(3))
            self.assertAlmostEqual(self.g_a.expected_value, 200 * MARCH, places=4)
            self.accepted(self.g_invest, 3, 120 * MARCH * 0.90)
            self.assertEqual(self.g_invest.light, "yellow")
            self.accepted(self.g_b, 3, 100 * MARCH * 0.50, reporter="unit_b")
            self.assertEqual(self.g_b.light, "red")
            # lower is better: 130 against a ceiling of 100
            self.accepted(self.g_energy, 3, 130.0)
            self.assertEqual(self.g_energy.light, "red")
            self.assertTrue(self.g_energy.warning_due)
            # the thresholds are the cycle's
            self.cycle.light_green = 90.0
            self.assertEqual(self.g_invest.light, "green")
            self.cycle.light_green = 95.0
        with freeze_time("2026-05-10"):
            # April has ended without a report: the March value falls behind
            recompute(self.g_a, LIGHT_FIELDS)
            self.assertEqual(self.g_a.light_period_id, self.period(4))
            self.assertAlmostEqual(self.g_a.expected_value, 200 * APRIL, places=4)
            self.assertEqual(self.g_a.light, "red")  # 72 % of expected

    @freeze_time("2026-04-03")
    def test_roles_that_may_not(self):
        Progress = self.env["target.progress"]
        office, assessor, leader = (self.users[r] for r in ("office", "assessor", "leader"))
        unit_b = self.users["unit_b"]
        report = self.report(self.g_a, 3, 50.0)

        # another county's unit user neither reads nor reports county A's goals
        with self.assertRaises(AccessError):
            report.with_user(unit_b).read(["value"])
        with self.assertRaises(AccessError):
            self.report(self.g_a, 4, 1.0, "unit_b")
        with self.assertRaises(AccessError):
            report.with_user(unit_b).action_submit()
        self.assertFalse(Progress.with_user(unit_b).search([]))

        # the leading group reads, but neither reports nor reviews
        as_leader = report.with_user(leader)
        self.assertEqual(as_leader.value, 50.0)
        self.assertFalse(as_leader.can_submit or as_leader.can_review)
        with self.assertRaises(AccessError):
            as_leader.action_submit()
        with self.assertRaises(AccessError):
            as_leader.write({"value": 1.0})

        # an assessor does not report
        with self.assertRaises(AccessError):
            self.report(self.g_a, 4, 1.0, "assessor")
        with self.assertRaises(AccessError):
            report.with_user(assessor).action_submit()

        # nothing to review before it is submitted
        with self.assertRaisesRegex(UserError, "cannot go from"):
            report.with_user(office).action_accept()
        report.action_submit()

        # the unit does not review its own report, nor change it once submitted
        with self.assertRaises(AccessError):
            report.action_accept()
        with self.assertRaises(AccessError):
            report.action_return("自己退回")
        with self.assertRaisesRegex(UserError, "only drafts"):
            report.write({"value": 70.0})
        with self.assertRaises(AccessError):
            report.unlink()
        with self.assertRaisesRegex(UserError, "Only draft"):
            report.with_user(office).unlink()
        with self.assertRaises(AccessError):
            as_leader.action_accept()
        # resubmitting what waits for review is no transition
        with self.assertRaisesRegex(UserError, "cannot go from"):
            report.with_user(office).action_submit()

        # the assessor of another indicator (statistics bureau, air quality)
        air = self.report(self.g_air_b, 3, 80.0, "unit_b")
        air.action_submit()
        self.assertFalse(air.with_user(office).can_edit)
        with self.assertRaises(AccessError):
            air.with_user(assessor).action_accept()
        with self.assertRaises(AccessError):
            air.with_user(assessor).action_return("不是我的指标")
        self.assertEqual(air.state, "submitted")

        # once accepted, nobody sends it back
        report.with_user(assessor).action_accept()
        with self.assertRaisesRegex(UserError, "cannot go from"):
            report.with_user(office).action_return("太晚了")

        # stamps and reminder marks are the workflow's and the jobs'
        with self.assertRaisesRegex(AccessError, "change only through"):
            air.with_user(office).write({"submitted_by_id": office.id})
        with self.assertRaises(AccessError):
            air.with_user(office).write({"reminder_sent": True})
        with self.assertRaisesRegex(AccessError, "change only through"):
            Progress.with_user(office).create(
                {"goal_id": self.g_b.id, "period_id": self.period(4).id, "state": "accepted"}
            )

    @freeze_time("2026-04-03")
    def test_what_cannot_be_reported(self):
        # a period that has not started
        may = self.report(self.g_a, 5, 1.0)
        with self.assertRaisesRegex(UserError, "not started"):
            may.action_submit()
        # a goal whose letter is not approved
        draft_goal = self.goal(self.town_a1, target=10.0, parent=self.g_a)
        with self.assertRaises(ValidationError):
            self.report(draft_goal, 3, 1.0)
        # one report per goal and period
        self.report(self.g_a, 3, 1.0)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.report(self.g_a, 3, 2.0)

    @freeze_time("2026-04-03")
    def test_unit_scoping(self):
        mine = self.report(self.g_a, 3, 1.0)
        theirs = self.report(self.g_b, 3, 1.0, "unit_b")
        Progress = self.env["target.progress"].with_user(self.users["unit_user"])
        self.assertEqual(Progress.search([]), mine)
        self.assertEqual(Progress.search([("is_mine", "=", True)]), mine)
        as_office = self.env["target.progress"].with_user(self.users["office"])
        self.assertEqual(as_office.search([("id", "in", (mine | theirs).ids)]), mine | theirs)
        # the unit leader reports for the unit too
        mine.with_user(self.users["unit_leader"]).action_submit()
        self.assertEqual(mine.submitted_by_id, self.users["unit_leader"])
