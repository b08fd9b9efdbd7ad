"""The six scoring methods of one goal, with the arithmetic written down."""

import unittest

from ..engine import (
    BANDS,
    BINARY,
    DEDUCTION,
    GRADE,
    LOWER,
    MAX_COMPLETION,
    MILESTONES,
    PROPORTIONAL,
    RATIO,
    REASON_BELOW_TARGET,
    REASON_FULL,
    REASON_GRADE,
    REASON_INCIDENTS,
    REASON_MILESTONE_MISSED,
    REASON_MISSING_DATA,
    REASON_NOT_DONE,
    REASON_TARGET_MISSED,
    REASON_ZERO_THRESHOLD,
    Band,
    GoalSpec,
    Milestone,
    round_score,
    score_goal,
)

# ≥ 100 %: full; 90-100 %: proportional (share = completion); 60-90 %: half; < 60 %: zero.
COUNTY_BANDS = [(1.0, 1.0), (0.9, PROPORTIONAL), (0.6, 0.5)]


class EngineCase(unittest.TestCase):
    def assertScore(self, result, score, lost, reason):
        self.assertAlmostEqual(result.score, score, places=9)
        self.assertAlmostEqual(result.lost, lost, places=9)
        self.assertEqual(result.reason.code, reason)


class TestRatio(EngineCase):
    def test_below_target(self):
        # c = 85 / 100 = 0.85; score = 10 × 0.85 = 8.5; lost = 10 − 8.5 = 1.5
        result = score_goal(GoalSpec(RATIO, 10, target=100, actual=85))
        self.assertScore(result, 8.5, 1.5, REASON_BELOW_TARGET)
        self.assertAlmostEqual(result.completion, 0.85)
        self.assertAlmostEqual(result.reason.args["completion"], 0.85)

    def test_over_fulfilment_without_cap_is_full(self):
        # c = 130 / 100 = 1.3; default cap 1.0: score = 10 × min(1.3, 1.0) = 10
        result = score_goal(GoalSpec(RATIO, 10, target=100, actual=130))
        self.assertScore(result, 10, 0, REASON_FULL)
        self.assertAlmostEqual(result.completion, 1.3)

    def test_over_fulfilment_capped(self):
        # 超额加分: c = 1.3, cap 1.2: score = 10 × 1.2 = 12; nothing lost
        result = score_goal(GoalSpec(RATIO, 10, 100, 130, params={"cap": 1.2}))
        self.assertScore(result, 12, 0, REASON_FULL)
        # c = 1.1 < cap: score = 10 × 1.1 = 11
        result = score_goal(GoalSpec(RATIO, 10, 100, 110, params={"cap": 1.2}))
        self.assertScore(result, 11, 0, REASON_FULL)

    def test_lower_is_better(self):
        # energy intensity: target 0.5, actual 0.625: c = 0.5 / 0.625 = 0.8; score = 8
        result = score_goal(GoalSpec(RATIO, 10, 0.5, 0.625, direction=LOWER))
        self.assertScore(result, 8, 2, REASON_BELOW_TARGET)
        # actual 0.4 beats the target: c = 0.5 / 0.4 = 1.25, no cap: score = 10
        result = score_goal(GoalSpec(RATIO, 10, 0.5, 0.4, direction=LOWER))
        self.assertScore(result, 10, 0, REASON_FULL)
        self.assertAlmostEqual(result.completion, 1.25)

    def test_lower_is_better_actual_zero_earns_the_cap(self):
        # target 5 accidents, actual 0: c = 5 / 0 is unbounded → MAX_COMPLETION;
        # score = 10 × min(MAX_COMPLETION, 1.2) = 12 (with the default cap 1.0: 10)
        result = score_goal(GoalSpec(RATIO, 10, 5, 0, direction=LOWER, params={"cap": 1.2}))
        self.assertScore(result, 12, 0, REASON_FULL)
        self.assertEqual(result.completion, MAX_COMPLETION)
        result = score_goal(GoalSpec(RATIO, 10, 5, 0, direction=LOWER))
        self.assertScore(result, 10, 0, REASON_FULL)

    def test_lower_is_better_negative_actual_is_best(self):
        # debt growth target 3 %, actual −1 %: better than 0 → MAX_COMPLETION → full
        result = score_goal(GoalSpec(RATIO, 10, 3, -1, direction=LOWER))
        self.assertScore(result, 10, 0, REASON_FULL)

    def test_negative_actual_completion_floored_at_zero(self):
        # c = −20 / 100 = −0.2 → floored at 0; score = 0; lost = 10
        result = score_goal(GoalSpec(RATIO, 10, 100, -20))
        self.assertScore(result, 0, 10, REASON_BELOW_TARGET)
        self.assertEqual(result.completion, 0.0)

    def test_completion_clamped(self):
        # c = 50 / 1 = 50 → clamped to MAX_COMPLETION (10 = 1000 %)
        result = score_goal(GoalSpec(RATIO, 10, 1, 50, params={"cap": 1.5}))
        self.assertEqual(result.completion, MAX_COMPLETION)
        self.assertAlmostEqual(result.score, 15)

    def test_zero_below(self):
        # c = 55 / 100 = 0.55 < zero_below 0.6 → 0 (instead of 5.5)
        result = score_goal(GoalSpec(RATIO, 10, 100, 55, params={"zero_below": 0.6}))
        self.assertScore(result, 0, 10, REASON_ZERO_THRESHOLD)
        self.assertEqual(result.reason.args["threshold"], 0.6)
        # c = 0.6 reaches the threshold: score = 10 × 0.6 = 6
        result = score_goal(GoalSpec(RATIO, 10, 100, 60, params={"zero_below": 0.6}))
        self.assertScore(result, 6, 4, REASON_BELOW_TARGET)

    def test_floor(self):
        # c = 0.3, floor 0.5: share = max(0.3, 0.5) = 0.5; score = 5
        result = score_goal(GoalSpec(RATIO, 10, 100, 30, params={"floor": 0.5}))
        self.assertScore(result, 5, 5, REASON_BELOW_TARGET)
        self.assertAlmostEqual(result.completion, 0.3)

    def test_zero_below_wins_over_floor(self):
        # c = 0.55 < 0.6 → 0, although the floor would give 5
        params = {"zero_below": 0.6, "floor": 0.5}
        result = score_goal(GoalSpec(RATIO, 10, 100, 55, params=params))
        self.assertScore(result, 0, 10, REASON_ZERO_THRESHOLD)

    def test_target_zero_higher_is_better(self):
        # target 0, actual ≥ 0 meets it: full (c = 1), even with a cap
        result = score_goal(GoalSpec(RATIO, 10, 0, 0, params={"cap": 1.2}))
        self.assertScore(result, 10, 0, REASON_FULL)
        self.assertEqual(result.completion, 1.0)
        result = score_goal(GoalSpec(RATIO, 10, 0, 3))
        self.assertScore(result, 10, 0, REASON_FULL)
        # actual −1 < 0 misses it: c = 0
        result = score_goal(GoalSpec(RATIO, 10, 0, -1))
        self.assertScore(result, 0, 10, REASON_TARGET_MISSED)

    def test_target_zero_lower_is_better(self):
        # zero accidents allowed, none happened: full
        result = score_goal(GoalSpec(RATIO, 10, 0, 0, direction=LOWER))
        self.assertScore(result, 10, 0, REASON_FULL)
        # two happened: 0 / 2 is no completion at all → 0
        result = score_goal(GoalSpec(RATIO, 10, 0, 2, direction=LOWER))
        self.assertScore(result, 0, 10, REASON_TARGET_MISSED)
        self.assertEqual(result.reason.args["actual"], 2)
        # unless the indicator says otherwise: c = 0.5 → score = 5
        params = {"zero_target_completion": 0.5}
        result = score_goal(GoalSpec(RATIO, 10, 0, 2, direction=LOWER, params=params))
        self.assertScore(result, 5, 5, REASON_TARGET_MISSED)

    def test_missing_data(self):
        result = score_goal(GoalSpec(RATIO, 10, 100, None, key="gdp"))
        self.assertScore(result, 0, 10, REASON_MISSING_DATA)
        self.assertEqual(result.reason.args["field"], "actual")
        self.assertIsNone(result.completion)
        self.assertEqual(result.key, "gdp")
        result = score_goal(GoalSpec(RATIO, 10, None, 80))
        self.assertScore(result, 0, 10, REASON_MISSING_DATA)
        self.assertEqual(result.reason.args["field"], "target")


class TestBands(EngineCase):
    def score(self, actual, bands=None, points=10):
        bands = COUNTY_BANDS if bands is None else bands
        return score_goal(GoalSpec(BANDS, points, 100, actual, params={"bands": bands}))

    def test_top_band(self):
        # c = 1.05 ≥ 1.0 → share 1.0 → 10
        self.assertScore(self.score(105), 10, 0, REASON_FULL)

    def test_proportional_band(self):
        # c = 0.95 in [0.9, 1.0): share = 0.9 + (1.0 − 0.9) × (0.95 − 0.9) / 0.1 = 0.95
        # score = 10 × 0.95 = 9.5
        self.assertScore(self.score(95), 9.5, 0.5, REASON_BELOW_TARGET)

    def test_flat_band(self):
        # c = 0.7 in [0.6, 0.9): share 0.5 → 5
        self.assertScore(self.score(70), 5, 5, REASON_BELOW_TARGET)

    def test_below_lowest_band(self):
        # c = 0.5 < 0.6 → 0
        result = self.score(50)
        self.assertScore(result, 0, 10, REASON_ZERO_THRESHOLD)
        self.assertEqual(result.reason.args["threshold"], 0.6)

    def test_interpolation_between_different_shares(self):
        # from 80 % (share 0.6) to 100 % (share 1.0): c = 0.9 →
        # share = 0.6 + (1.0 − 0.6) × (0.9 − 0.8) / (1.0 − 0.8) = 0.8; score = 20 × 0.8 = 16
        bands = [Band(1.0, 1.0), Band(0.8, 0.6, proportional=True)]
        self.assertScore(self.score(90, bands, points=20), 16, 4, REASON_BELOW_TARGET)

    def test_order_of_bands_does_not_matter(self):
        # the same bands listed low to high still give c = 0.95 → 9.5
        self.assertScore(self.score(95, list(reversed(COUNTY_BANDS))), 9.5, 0.5, "below_target")

    def test_proportional_top_band_is_flat(self):
        # nothing above to grow to: c = 1.5 → share 1.0 → 10
        self.assertScore(self.score(150, [(1.0, 1.0, True)]), 10, 0, REASON_FULL)

    def test_missing_data(self):
        self.assertScore(self.score(None), 0, 10, REASON_MISSING_DATA)


class TestBinary(EngineCase):
    def test_done_and_not_done(self):
        self.assertScore(score_goal(GoalSpec(BINARY, 5, actual=True)), 5, 0, REASON_FULL)
        self.assertScore(score_goal(GoalSpec(BINARY, 5, actual=False)), 0, 5, REASON_NOT_DONE)
        # numbers: not 0 is done
        self.assertScore(score_goal(GoalSpec(BINARY, 5, actual=1)), 5, 0, REASON_FULL)
        self.assertScore(score_goal(GoalSpec(BINARY, 5, actual=0)), 0, 5, REASON_NOT_DONE)

    def test_missing_data(self):
        self.assertScore(score_goal(GoalSpec(BINARY, 5)), 0, 5, REASON_MISSING_DATA)


class TestGrade(EngineCase):
    def test_default_shares(self):
        # C → 70 %: score = 10 × 0.7 = 7; lost 3
        result = score_goal(GoalSpec(GRADE, 10, actual="C"))
        self.assertScore(result, 7, 3, REASON_GRADE)
        self.assertEqual(dict(result.reason.args), {"grade": "C", "share": 0.7})
        # B → 85 %: 8.5; D → 50 %: 5; a (lower case) → 100 %: 10
        self.assertScore(score_goal(GoalSpec(GRADE, 10, actual="B")), 8.5, 1.5, REASON_GRADE)
        self.assertScore(score_goal(GoalSpec(GRADE, 10, actual="D")), 5, 5, REASON_GRADE)
        self.assertScore(score_goal(GoalSpec(GRADE, 10, actual="a")), 10, 0, REASON_FULL)

    def test_configured_shares(self):
        # 好 / 较好 / 一般: 较好 → 80 %: 10 × 0.8 = 8
        grades = {"好": 1.0, "较好": 0.8, "一般": 0.6}
        result = score_goal(GoalSpec(GRADE, 10, actual="较好", params={"grades": grades}))
        self.assertScore(result, 8, 2, REASON_GRADE)

    def test_unknown_grade_is_an_error(self):
        with self.assertRaises(ValueError):
            score_goal(GoalSpec(GRADE, 10, actual="E"))

    def test_missing_data(self):
        self.assertScore(score_goal(GoalSpec(GRADE, 10)), 0, 10, REASON_MISSING_DATA)
        self.assertScore(score_goal(GoalSpec(GRADE, 10, actual="")), 0, 10, REASON_MISSING_DATA)


class TestMilestones(EngineCase):
    def test_staged_acceptance(self):
        # 立项 30 % done, 开工 30 % done, 竣工 40 % not: share = 0.6; score = 15 × 0.6 = 9
        milestones = [(0.3, True, "立项"), (0.3, True, "开工"), (0.4, False, "竣工")]
        result = score_goal(GoalSpec(MILESTONES, 15, params={"milestones": milestones}))
        self.assertScore(result, 9, 6, REASON_MILESTONE_MISSED)
        self.assertEqual(result.reason.args["names"], ("竣工",))
        self.assertAlmostEqual(result.reason.args["missed_share"], 0.4)
        self.assertAlmostEqual(result.completion, 0.6)

    def test_shares_are_relative(self):
        # 30 / 30 / 40 points instead of ratios: share = 60 / 100 = 0.6 → 9
        milestones = [Milestone(30, True, "a"), Milestone(30, True, "b"), Milestone(40, False)]
        result = score_goal(GoalSpec(MILESTONES, 15, params={"milestones": milestones}))
        self.assertScore(result, 9, 6, REASON_MILESTONE_MISSED)

    def test_all_done(self):
        milestones = [(0.5, True), (0.5, True)]
        result = score_goal(GoalSpec(MILESTONES, 15, params={"milestones": milestones}))
        self.assertScore(result, 15, 0, REASON_FULL)

    def test_no_milestones_is_missing_data(self):
        result = score_goal(GoalSpec(MILESTONES, 15))
        self.assertScore(result, 0, 15, REASON_MISSING_DATA)
        self.assertEqual(result.reason.args["field"], "milestones")


class TestDeduction(EngineCase):
    def test_per_incident(self):
        # 3 incidents × 1.0 = 3; score = 10 − 3 = 7
        result = score_goal(GoalSpec(DEDUCTION, 10, actual=3))
        self.assertScore(result, 7, 3, REASON_INCIDENTS)
        self.assertEqual(dict(result.reason.args), {"count": 3, "per_incident": 1.0, "deducted": 3})

    def test_capped(self):
        # 3 × 1.5 = 4.5, cap 2: score = 10 − min(4.5, 2) = 8
        params = {"per_incident": 1.5, "cap": 2}
        self.assertScore(
            score_goal(GoalSpec(DEDUCTION, 10, actual=3, params=params)), 8, 2, "incidents"
        )

    def test_never_below_zero(self):
        # 5 × 4 = 20 > 10 points, no cap: score = 10 − min(20, 10) = 0
        params = {"per_incident": 4}
        self.assertScore(
            score_goal(GoalSpec(DEDUCTION, 10, actual=5, params=params)), 0, 10, "incidents"
        )

    def test_no_incident(self):
        self.assertScore(score_goal(GoalSpec(DEDUCTION, 10, actual=0)), 10, 0, REASON_FULL)
        self.assertScore(score_goal(GoalSpec(DEDUCTION, 10, actual=-2)), 10, 0, REASON_FULL)

    def test_missing_data(self):
        self.assertScore(score_goal(GoalSpec(DEDUCTION, 10)), 0, 10, REASON_MISSING_DATA)


class TestConfiguration(unittest.TestCase):
    def test_unknown_method_or_direction(self):
        with self.assertRaises(ValueError):
            score_goal(GoalSpec("guess", 10, 100, 80))
        with self.assertRaises(ValueError):
            score_goal(GoalSpec(RATIO, 10, 100, 80, direction="sideways"))


class TestRounding(unittest.TestCase):
    def test_half_up(self):
        # round() would give 2.67 and 1.0 (binary floats, halves to even)
        self.assertEqual(round_score(2.675), 2.68)
        self.assertEqual(round_score(1.005), 1.01)
        self.assertEqual(round_score(-2.675), -2.68)
        self.assertEqual(round_score(46.666666), 46.67)
        self.assertEqual(round_score(0.004), 0.0)
        self.assertEqual(round_score(8.125, 1), 8.1)
