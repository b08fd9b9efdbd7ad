"""Bonuses and deductions through the ORM: caps, and carry-over across two cycles."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..demo_city.flow import put_schemes_in_force
from .test_scoring_common import ScoringCase


@tagged("post_install", "-at_install")
class TestScoringAdjustments(ScoringCase):
    """County A scores 40 + 50 (all goals done) in 2025 and in 2026; special none.

    2025 (scoring deadline 20 January 2026):
      national award of 10 January 2026 → 3 points in 2025
      provincial award of 1 March 2026 → after the deadline: carried over to 2026
      deduction of 1 March 2026 → deductions are not carried over: 1 point in 2025
      total 2025 = 90 + 3 − 1 = 92
    2026: city award 1 + the carried provincial award 2 → total 90 + 3 = 93
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.previous_scheme = cls.env["target.scheme"].create(
            {
                "name": "2025 县区考核办法",
                "cycle_id": cls.previous.id,
                "category_id": cls.cat_county.id,
                "section_ids": [
                    (0, 0, {"name": "key", "code": "key", "weight": 40, "kind": "goals"}),
                    (0, 0, {"name": "quant", "code": "quant", "weight": 50, "kind": "goals"}),
                    (0, 0, {"name": "other", "code": "other", "weight": 10, "kind": "special"}),
                ],
            }
        )
        put_schemes_in_force(cls.previous_scheme)
        for cycle, scheme in ((cls.previous, cls.previous_scheme), (cls.cycle, cls.scheme_county)):
            key, quant = cls.section(scheme, "key"), cls.section(scheme, "quant")
            cls._goal(cls.county_a, cls.ind_project, key, 10, 1, actual=1, cycle=cycle)
            cls._goal(cls.county_a, cls.ind_gdp, quant, 10, 100, actual=100, cycle=cycle)
        previous = cls.previous
        cls.in_time = cls._adjustment(
            cls.county_a, "bonus", previous, award_level="national", date=date(2026, 1, 10)
        )
        cls.late = cls._adjustment(
            cls.county_a, "bonus", previous, award_level="provincial", date=date(2026, 3, 1)
        )
        cls.late_deduction = cls._adjustment(
            cls.county_a,
            "deduction",
            previous,
            deduction_category_id=cls.cat_false.id,
            points=1,
            date=date(2026, 3, 1),
        )
        cls.current = cls._adjustment(cls.county_a, "bonus", award_level="city")

    def test_late_award_counts_in_the_next_cycle(self):
        self.assertEqual((self.in_time.carried_over, self.late.carried_over), (False, True))
        self.assertFalse(self.late_deduction.carried_over)
        self.assertEqual(self.in_time.scoring_cycle_id, self.previous)
        self.assertEqual(self.late.scoring_cycle_id, self.cycle)
        self.assertEqual(self.late_deduction.scoring_cycle_id, self.previous)
        self.assertEqual(self.late.applied_points, 2)

        Adjustment = self.env["target.score.adjustment"]
        self.assertEqual(
            Adjustment.search([("scoring_cycle_id", "=", self.cycle.id)]), self.late | self.current
        )
        self.assertEqual(
            Adjustment.search([("scoring_cycle_id", "!=", self.cycle.id)]),
            self.in_time | self.late_deduction,
        )
        self.assertEqual(
            Adjustment.search([("scoring_cycle_id", "ilike", "2026")]), self.late | self.current
        )
        # listed under both cycles
        for cycle, items in (
            (self.previous, self.in_time | self.late | self.late_deduction),
            (self.cycle, self.late | self.current),
        ):
            action = cycle.action_view_score_adjustments()
            self.assertEqual(Adjustment.search(action["domain"]), items)

        office = self.users["office"]
        self.previous.with_user(office).action_compute_scores()
        self.cycle.with_user(office).action_compute_scores()
        before = self.evaluation(self.county_a, cycle=self.previous)
        after = self.evaluation(self.county_a)
        self.assertEqual((before.bonus, before.deduction, before.total), (3, 1, 92))
        self.assertEqual((after.bonus, after.deduction, after.total), (3, 0, 93))

    def test_carry_over_follows_the_deadline(self):
        self.previous.scoring_deadline = date(2026, 3, 31)
        self.assertFalse(self.late.carried_over)
        self.assertEqual(self.late.scoring_cycle_id, self.previous)
        self.previous.scoring_deadline = False
        self.assertFalse(self.late.carried_over)

    def test_closed_cycle_still_takes_late_awards(self):
        self.previous.phase = "closed"
        late = self._adjustment(
            self.county_a, "bonus", self.previous, award_level="city", date=date(2026, 4, 1)
        )
        self.assertEqual(late.scoring_cycle_id, self.cycle)
        with self.assertRaisesRegex(UserError, "approved"):
            self._adjustment(
                self.county_a, "bonus", self.previous, award_level="city", date=date(2025, 12, 1)
            )
        with self.assertRaisesRegex(UserError, "approved"):
            self.in_time.points = 5

    def test_caps(self):
        """Bonus cap 5; criticism capped at 3; the overall deduction cap 10.

        Bonuses: 3 national awards × 3 = 9 → 5. Deductions: criticism 2 × 2 = 4
        → 3, false reporting 8 → 8, together 11 → 10. Total 90 + 5 − 10 = 85.
        """
        for _index in range(3):
            self._adjustment(self.county_b, "bonus", award_level="national")
        for points in (2, 2):
            self._adjustment(
                self.county_b,
                "deduction",
                deduction_category_id=self.cat_criticism.id,
                points=points,
            )
        self._adjustment(
            self.county_b, "deduction", deduction_category_id=self.cat_false.id, points=8
        )
        key, quant = (
            self.section(self.scheme_county, "key"),
            self.section(self.scheme_county, "quant"),
        )
        self._goal(self.county_b, self.ind_project, key, 10, 1, actual=1)
        self._goal(self.county_b, self.ind_gdp, quant, 10, 100, actual=100)
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        evaluation = self.evaluation(self.county_b)
        self.assertEqual((evaluation.bonus, evaluation.deduction, evaluation.total), (5, 10, 85))

    def test_kind_needs_its_details(self):
        with self.assertRaisesRegex(Exception, "award level"):
            self._adjustment(self.county_a, "bonus")
        with self.assertRaisesRegex(Exception, "category"):
            self._adjustment(self.county_a, "deduction", points=1)
