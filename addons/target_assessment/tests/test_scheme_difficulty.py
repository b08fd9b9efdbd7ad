"""Difficulty coefficients (难度系数) per goal or unit, and the target bonus cut (下浮)."""

from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..demo_city.flow import put_schemes_in_force
from .test_personnel_results import PersonnelCase

READERS = ("unit_user", "assessor", "inspector", "evaluator", "leader", "hr")


@tagged("post_install", "-at_install")
class TestSchemeDifficulty(PersonnelCase):
    """On :class:`YearEndCase`: 乙县 95 (1st), 丙县 88 (2nd), 甲县 83 (3rd).

    Each county: key project done (40 of 40), GDP of 50 points at 90 / 80 / 70 %
    (45 / 40 / 35), the special section 10 / 8 / 8.
    """

    def totals(self):
        return {
            unit: (self.evaluation(unit).total, self.evaluation(unit).rank)
            for unit in (self.county_a, self.county_b, self.county_c)
        }

    @contextmanager
    def revised(self, scheme=None):
        """The scheme reopened by an administrator for the block, then in force again."""
        scheme = scheme or self.scheme_county
        scheme.with_user(self.users["admin"]).action_reopen("修订难度系数")
        yield
        put_schemes_in_force(scheme, office=self.users["office"])
        self.assertEqual(scheme.state, "active")

    def coefficient(self, unit, coefficient, reason="任务较重", user="office", scheme=None):
        return (
            self.env["target.scheme.difficulty"]
            .with_user(self.users[user])
            .create(
                {
                    "scheme_id": (scheme or self.scheme_county).id,
                    "unit_id": unit.id,
                    "coefficient": coefficient,
                    "reason": reason,
                }
            )
        )

    def test_defaults_change_nothing(self):
        scheme = self.scheme_county
        self.assertEqual(scheme.difficulty_basis, "none")
        self.assertEqual((scheme.bonus_cut_per_goal, scheme.bonus_cut_max), (0.0, 30.0))
        self.assertEqual(self.gdp[self.county_a].difficulty, 1.0)
        # a coefficient recorded while the scheme ignores them counts for nothing
        with self.revised():
            self.coefficient(self.county_a, 1.5)
        self.compute()
        self.assertEqual(
            self.totals(),
            {self.county_b: (95.0, 1), self.county_c: (88.0, 2), self.county_a: (83.0, 3)},
        )

    def test_goal_basis_weighs_each_goal(self):
        with self.revised():
            self.scheme_county.with_user(self.users["office"]).difficulty_basis = "goal"
        self.gdp[self.county_a].difficulty = 1.4
        self.compute()
        # 甲县: GDP 35 × 1.4 = 49 of 50 → quant 50 × 49 / 50 = 49; 40 + 49 + 8 = 97, first
        self.assertEqual(self.section_scores(self.evaluation(self.county_a))["quant"], 49.0)
        self.assertEqual(
            self.totals(),
            {self.county_a: (97.0, 1), self.county_b: (95.0, 2), self.county_c: (88.0, 3)},
        )
        # the line keeps the goal's own score and the points it lost
        line = self.line(self.gdp[self.county_a])
        self.assertEqual((line.final_score, line.lost_points), (35.0, 15.0))

    def test_unit_basis_weighs_the_goals_sections(self):
        with self.revised():
            self.scheme_county.with_user(self.users["office"]).difficulty_basis = "unit"
            self.coefficient(self.county_c, 1.1, "贡献较大")
        self.compute()
        # 丙县: key 40 × 1.1 = 44, quant 40 × 1.1 = 44, special 8 unweighted: 96, first
        self.assertEqual(
            self.section_scores(self.evaluation(self.county_c)),
            {"key": 44.0, "quant": 44.0, "other": 8.0},
        )
        self.assertEqual(
            self.totals(),
            {self.county_c: (96.0, 1), self.county_b: (95.0, 2), self.county_a: (83.0, 3)},
        )

    def test_bad_coefficients_refused(self):
        self.scheme_county.with_user(self.users["admin"]).action_reopen("修订难度系数")
        for bad, reason in ((0.0, "greater than 0"), (-1.0, "greater than 0"), (3.5, "at most 3")):
            with self.subTest(coefficient=bad), self.assertRaisesRegex(ValidationError, reason):
                self.coefficient(self.county_a, bad)
            with self.subTest(goal=bad), self.assertRaisesRegex(ValidationError, reason):
                self.gdp[self.county_a].difficulty = bad
        with self.assertRaisesRegex(
            ValidationError, "统计局 in scheme .*: the unit is a 市直部门, the scheme is for 县区"
        ):
            self.coefficient(self.dept_stats, 1.2)
        with self.assertRaisesRegex(ValidationError, "must be at most 100"):
            self.scheme_county.bonus_cut_per_goal = 120.0
        with self.assertRaisesRegex(ValidationError, "must be at least 0"):
            self.scheme_county.bonus_cut_max = -5.0
        self.coefficient(self.county_a, 1.2)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.coefficient(self.county_a, 1.3)
        # nothing half-written: the one accepted coefficient only
        lines = self.env["target.scheme.difficulty"].search([])
        self.assertRecordValues(lines, [{"unit_id": self.county_a.id, "coefficient": 1.2}])
        self.assertEqual(lines.display_name, f"甲县 – {self.scheme_county.name}")
        self.assertEqual(lines.cycle_id, self.cycle)

    def test_access_per_role(self):
        self.scheme_county.with_user(self.users["admin"]).action_reopen("修订难度系数")
        line = self.coefficient(self.county_a, 1.2)
        for role in READERS:
            with self.subTest(role=role):
                self.assertEqual(
                    self.env["target.scheme.difficulty"].with_user(self.users[role]).search([]),
                    line,
                )
                with self.assertRaises(AccessError):
                    line.with_user(self.users[role]).write({"coefficient": 1.3})
                with self.assertRaises(AccessError):
                    self.coefficient(self.county_b, 1.3, user=role)
                with self.assertRaises(AccessError):
                    line.with_user(self.users[role]).unlink()
        office = line.with_user(self.users["office"])
        office.write({"coefficient": 1.3})
        office.unlink()
        self.assertFalse(line.exists())

    def test_goal_difficulty_locked_with_the_letter_and_frozen_with_the_cycle(self):
        goal = self.gdp[self.county_a]
        goal.plan_id.with_user(self.users["unit_user"]).action_submit()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            goal.with_user(self.users["office"]).write({"difficulty": 1.2})
        with self.revised():
            line = self.coefficient(self.county_a, 1.2)
        # in force: the scheme and its coefficients are frozen
        with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
            line.with_user(self.users["office"]).write({"coefficient": 1.3})
        with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
            self.coefficient(self.county_b, 1.3)
        self.to_publicity()
        # and frozen with the cycle, superuser included
        with self.assertRaisesRegex(UserError, "are approved"):
            line.write({"coefficient": 1.3})
        with self.assertRaisesRegex(UserError, "are approved"):
            self.env["target.scheme.difficulty"].create(
                {
                    "scheme_id": self.scheme_county.id,
                    "unit_id": self.county_b.id,
                    "coefficient": 1.3,
                    "reason": "任务较重",
                }
            )
        with self.assertRaisesRegex(UserError, "are approved"):
            self.scheme_county.bonus_cut_per_goal = 5.0

    # -- the target bonus cut (下浮) -------------------------------------------------

    def bonus(self, unit):
        return self.env["target.bonus"].search(
            [("cycle_id", "=", self.cycle.id), ("unit_id", "=", unit.id)]
        )

    def test_no_cut_by_default(self):
        self.policy(bonus_base=100000.0)
        self.publish()
        # excellent 1.2, good 1.0; every county misses its GDP target, no cut
        for unit, amount in (
            (self.county_b, 120000.0),
            (self.county_c, 100000.0),
            (self.county_a, 100000.0),
        ):
            self.assertRecordValues(
                self.bonus(unit), [{"missed_goals": 0, "cut": 0.0, "amount": amount}]
            )

    def test_cut_per_missed_goal_up_to_the_maximum(self):
        # 甲县 misses one more goal: a 5-point project not done. key = 40 × 40 / 45
        # = 35.56; total 35.56 + 35 + 8 = 78.56, still good and third.
        key = self.section(self.scheme_county, "key")
        self._goal(self.county_a, self.ind_project, key, 5.0, 1.0, actual=0.0, name="甲县 新项目")
        with self.revised():
            self.scheme_county.with_user(self.users["office"]).write(
                {"bonus_cut_per_goal": 5.0, "bonus_cut_max": 8.0}
            )
        self.policy(bonus_base=100000.0)
        self.publish()
        self.assertEqual(self.evaluation(self.county_a).total, 78.56)
        # 乙县 excellent: 1 missed → 5 %: 100,000 × 1.2 × 0.95 = 114,000
        # 丙县 good: 1 missed → 5 %: 100,000 × 1.0 × 0.95 = 95,000
        # 甲县 good: 2 missed → min(10, 8) = 8 %: 100,000 × 0.92 = 92,000
        expected = (
            (self.county_b, 1, 5.0, 114000.0),
            (self.county_c, 1, 5.0, 95000.0),
            (self.county_a, 2, 8.0, 92000.0),
        )
        for unit, missed, cut, amount in expected:
            with self.subTest(unit=unit.name):
                self.assertRecordValues(
                    self.bonus(unit), [{"missed_goals": missed, "cut": cut, "amount": amount}]
                )
        # HR changes a base: the cut still applies (80,000 × 0.92 = 73,600)
        self.bonus(self.county_a).with_user(self.users["hr"]).write({"base_amount": 80000.0})
        self.assertEqual(self.bonus(self.county_a).amount, 73600.0)
