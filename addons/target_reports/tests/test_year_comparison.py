"""Year on year (DESIGN §10): each unit's year-end result beside last year's,
how rank and grade moved, and who may read it when."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestYearComparison(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.last = cls.previous  # the fixture's 2025 cycle
        cls.cycle.previous_cycle_id = cls.last
        # last year's published results, as the scoring writer stores them
        cls.this = {e.unit_id: e for e in cls.evaluations}
        cls.before = {}
        results = {
            cls.county_a: (70.0, 2, "pass"),
            cls.county_b: (95.0, 1, "excellent"),
        }
        for unit, (total, rank, grade) in results.items():
            evaluation = env["target.evaluation"].create(
                {"cycle_id": cls.last.id, "unit_id": unit.id, "stage": "year_end"}
            )
            env.cr.execute(
                "UPDATE target_evaluation SET total = %s, rank = %s, grade = %s, "
                "computed_at = now() WHERE id = %s",
                (total, rank, grade, evaluation.id),
            )
            cls.before[unit] = evaluation
        env.flush_all()

    def rows(self, role="office", cycle=None):
        Rows = self.env["target.report.year.comparison"].with_user(self.users[role])
        return {
            row.unit_id: row for row in Rows.search([("cycle_id", "=", (cycle or self.cycle).id)])
        }

    def test_each_unit_beside_last_year(self):
        rows = self.rows()
        self.assertEqual(set(rows), set(self.this), "one row per year-end result")
        a, b = rows[self.county_a], rows[self.county_b]
        this_a, this_b = self.this[self.county_a], self.this[self.county_b]
        self.assertEqual(a.previous_cycle_id, self.last)
        self.assertEqual((a.previous_total, a.previous_rank, a.previous_grade), (70.0, 2, "pass"))
        self.assertAlmostEqual(a.total, this_a.total)
        self.assertAlmostEqual(a.total_change, this_a.total - 70.0)
        self.assertEqual(a.rank_change, 2 - this_a.rank)
        # county B is vetoed this year: from excellent to fail is worse
        self.assertEqual((b.previous_grade, b.grade, b.trend), ("excellent", "fail", "down"))
        self.assertEqual(b.rank_change, 1 - this_b.rank)
        # a unit with no result last year is new; the city department has none
        for unit, row in rows.items():
            if unit not in self.before:
                self.assertEqual(row.trend, "new")
                self.assertFalse(row.previous_cycle_id and row.previous_total)
        # last year's rows have no year before them
        self.assertEqual({row.trend for row in self.rows(cycle=self.last).values()}, {"new"})

    def test_grade_trend_and_category_change(self):
        self.env.cr.execute(
            "UPDATE target_evaluation SET grade = 'fail', category_id = %s WHERE id = %s",
            (self.cat_town.id, self.before[self.county_a].id),
        )
        a = self.rows()[self.county_a]
        expected = "same" if self.this[self.county_a].grade == "fail" else "up"
        self.assertEqual(a.trend, expected)
        self.assertFalse(a.rank_change, "ranks of different categories do not compare")
        self.assertEqual(a.previous_category_id, self.cat_town)

    def test_without_a_previous_cycle_the_preceding_year_counts(self):
        # another 2025 cycle, holding no result of the unit: not that one
        self.env["target.cycle"].create(
            {
                "name": "2025年度（试行）",
                "year": 2025,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
            }
        )
        self.assertEqual(self.env["target.cycle"].search_count([("year", "=", 2025)]), 2)
        self.cycle.previous_cycle_id = False
        self.env.flush_all()
        self.assertEqual(self.rows()[self.county_a].previous_cycle_id, self.last)

    def test_who_reads_what(self):
        for role in ("office", "leader", "hr"):
            with self.subTest(role=role):
                self.assertEqual(set(self.rows(role)), set(self.this))
        # units: their subtree, and only once the year's results are published
        self.assertFalse(self.rows("unit_user"))
        self.env.cr.execute(
            "UPDATE target_cycle SET phase = 'published' WHERE id = %s", (self.cycle.id,)
        )
        self.env.invalidate_all()
        self.assertEqual(
            set(self.rows("unit_user")), {self.county_a, self.town_a1} & set(self.this)
        )
        self.assertEqual(set(self.rows("unit_b")), {self.county_b})
        for role in ("evaluator", "assessor"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.rows(role)
