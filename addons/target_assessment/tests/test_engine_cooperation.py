"""engine.cooperation: goals shared by a lead and cooperating units, without a database."""

import unittest

from odoo.addons.target_assessment.engine.common import round_score
from odoo.addons.target_assessment.engine.cooperation import (
    Part,
    completion,
    equivalent_actual,
    goal_completion,
    lead_share,
    part_target,
    rolled_completion,
    rollup,
    share_problems,
    shared_scores,
)
from odoo.addons.target_assessment.engine.evaluation import (
    Scheme,
    Section,
    Unit,
    evaluate_unit,
)
from odoo.addons.target_assessment.engine.methods import MAX_COMPLETION, RATIO, GoalSpec


class TestShares(unittest.TestCase):
    def test_lead_keeps_the_rest(self):
        self.assertEqual(lead_share([30.0, 20.0]), 50.0)
        self.assertEqual(lead_share([]), 100.0)

    def test_part_target(self):
        # additive: the share of the target; a rate: the target itself
        self.assertEqual(part_target(200.0, 25.0, additive=True), 50.0)
        self.assertEqual(part_target(85.0, 25.0, additive=False), 85.0)

    def test_problems(self):
        self.assertEqual(share_problems([30.0, 20.0]), [])
        self.assertEqual(share_problems([]), [])
        self.assertEqual(share_problems([-1.0, 20.0]), [(0, "range")])
        self.assertEqual(share_problems([20.0, 101.0]), [(1, "range"), (1, "lead")])
        # the lead keeps a share: 100 in all is refused, on the last row
        self.assertEqual(share_problems([60.0, 40.0]), [(1, "lead")])
        self.assertEqual(share_problems([60.0, 39.99]), [])


class TestCompletion(unittest.TestCase):
    def test_higher(self):
        self.assertEqual(completion(100.0, 80.0), 0.8)
        self.assertEqual(completion(100.0, 130.0), 1.3)  # not capped
        self.assertEqual(completion(100.0, -5.0), 0.0)
        self.assertEqual(completion(0.0, 0.0), 1.0)
        self.assertEqual(completion(0.0, -1.0), 0.0)

    def test_lower(self):
        self.assertEqual(completion(100.0, 125.0, lower=True), 0.8)
        self.assertEqual(completion(100.0, 0.0, lower=True), 1.0)
        self.assertEqual(completion(0.0, 5.0, lower=True), 0.0)


class TestGoalCompletion(unittest.TestCase):
    """The completion a goal shows agrees with how it is scored (issue 16)."""

    def test_a_line_held_is_done_not_550_percent(self):
        self.assertEqual(goal_completion("binary", 5.5, 1.0, lower=True), 1.0)
        self.assertEqual(goal_completion("binary", 5.5, 0.0, lower=True), 0.0)

    def test_milestones_count_what_is_done(self):
        milestones = [(30.0, True), (20.0, True), (50.0, False)]
        self.assertEqual(goal_completion("milestones", 100.0, 97.2, False, milestones), 0.5)
        self.assertEqual(goal_completion("milestones", 100.0, None, False, milestones), 0.5)
        # no milestones with shares: measured like any other goal
        self.assertAlmostEqual(goal_completion("milestones", 100.0, 97.2), 0.972)

    def test_measured_goals_by_direction(self):
        self.assertAlmostEqual(goal_completion("ratio", 200.0, 150.0), 0.75)
        self.assertAlmostEqual(goal_completion("bands", 35.0, 40.0, lower=True), 0.875)
        self.assertIsNone(goal_completion("ratio", 200.0, None))


class TestRollup(unittest.TestCase):
    def test_nothing_reported(self):
        parts = [Part(60.0), Part(40.0)]
        self.assertIsNone(rolled_completion(100.0, parts, additive=True))
        self.assertEqual(rollup(100.0, parts, additive=True), (None, None))

    def test_additive_is_the_sum_of_the_parts(self):
        # target 200: lead 50 % (100), 统计局 30 % (60), 工信局 20 % (40)
        parts = [Part(50.0, 90.0), Part(30.0, 60.0), Part(20.0, 30.0)]
        ratio = rolled_completion(200.0, parts, additive=True)
        self.assertAlmostEqual(ratio, 0.9)  # 0.5 × 0.9 + 0.3 × 1 + 0.2 × 0.75
        actual, rolled = rollup(200.0, parts, additive=True)
        self.assertAlmostEqual(actual, 180.0)  # 90 + 60 + 30
        self.assertAlmostEqual(rolled, 0.9)

    def test_unreported_part_counts_zero(self):
        parts = [Part(70.0, 70.0), Part(30.0, None)]
        actual, ratio = rollup(100.0, parts, additive=True)
        self.assertAlmostEqual(ratio, 0.7)
        self.assertAlmostEqual(actual, 70.0)

    def test_rate_weighted_by_work_share(self):
        # a rate (优良天数比例 85 %): every part measured against 85
        parts = [Part(75.0, 85.0), Part(25.0, 68.0)]
        actual, ratio = rollup(85.0, parts, additive=False)
        self.assertAlmostEqual(ratio, 0.75 + 0.25 * 0.8)
        self.assertAlmostEqual(actual, 85.0 * 0.95)

    def test_lower_is_better(self):
        # energy ceiling 100, split 50/50: 55 and 40 used
        parts = [Part(50.0, 55.0), Part(50.0, 40.0)]
        actual, ratio = rollup(100.0, parts, additive=True, lower=True)
        self.assertAlmostEqual(ratio, 0.5 * 50 / 55 + 0.5 * 50 / 40)
        self.assertAlmostEqual(actual, 100.0 / ratio)
        self.assertAlmostEqual(completion(100.0, actual, lower=True), ratio)

    def test_lower_nothing_done_is_bounded(self):
        self.assertEqual(equivalent_actual(100.0, 0.0, lower=True), 100.0 * MAX_COMPLETION)

    def test_zero_target(self):
        parts = [Part(60.0, 3.0), Part(40.0, 2.0)]
        self.assertEqual(rollup(0.0, parts, additive=True), (5.0, 1.0))
        self.assertEqual(rollup(0.0, parts, additive=False), (3.0, 1.0))


class TestSharedScores(unittest.TestCase):
    def test_split(self):
        lead, cooperating = shared_scores(8.0, {"tjj": 25.0, "gxj": 10.0})
        self.assertEqual(cooperating, {"tjj": 2.0, "gxj": 0.8})
        self.assertAlmostEqual(lead, 5.2)
        self.assertAlmostEqual(lead + sum(cooperating.values()), 8.0)

    def test_no_cooperation(self):
        self.assertEqual(shared_scores(8.0, {}), (8.0, {}))

    def test_parts_add_up_to_the_score_as_shown(self):
        lead, cooperating = shared_scores(10.0, {"a": 33.33, "b": 33.33})
        self.assertEqual((lead, cooperating), (3.34, {"a": 3.33, "b": 3.33}))
        # an unrounded score: split as the line shows it (24.67), not as measured
        lead, cooperating = shared_scores(24.666666, {"a": 20.0, "b": 10.0})
        self.assertEqual(cooperating, {"a": 4.93, "b": 2.47})
        self.assertEqual(lead, 17.27)
        self.assertEqual(round(lead + sum(cooperating.values()), 2), 24.67)
        for score in (0.0, 0.01, 0.05, 1.0 / 3, 7.777, 29.995, 100.0):
            for shares in ({"a": 15.0}, {"a": 12.5, "b": 12.5, "c": 12.5}, {"a": 99.99}):
                lead, cooperating = shared_scores(score, shares)
                with self.subTest(score=score, shares=shares):
                    self.assertEqual(
                        round(lead + sum(cooperating.values()), 2), round_score(score, 2)
                    )
                    self.assertGreaterEqual(lead, 0.0)

    def test_half_up(self):
        # 2.675 is shown 2.68 (half up, where round() gives 2.67): 1.34 each
        self.assertEqual(shared_scores(2.675, {"a": 50.0}), (1.34, {"a": 1.34}))

    def test_bad_shares(self):
        for shares in ({"a": 100.0}, {"a": 60.0, "b": 40.0}, {"a": -5.0}, {"a": 101.0}):
            with self.subTest(shares=shares), self.assertRaises(ValueError):
                shared_scores(8.0, shares)


class TestSharedPointsInTheEvaluation(unittest.TestCase):
    """A goals section of 40 with a shared goal of 10 points scored 8 (80 %)."""

    scheme = Scheme(key="s", sections=(Section("key", 40.0),))

    def spec(self, share=1.0, actual=80.0, key="shared"):
        return GoalSpec(
            RATIO, 10.0, target=100.0, actual=actual, section="key", key=key, share=share
        )

    def test_unshared_goal_unchanged(self):
        result = evaluate_unit(self.scheme, Unit("lead", "s", goals=(self.spec(),)))
        self.assertAlmostEqual(result.sections["key"].score, 32.0)  # 40 × 8 / 10
        self.assertEqual(result.shared, ())

    def test_lead_counts_its_share(self):
        # the lead keeps 70 % of the shared goal's points beside a full goal of its own
        own = self.spec(actual=100.0, key="own")
        unit = Unit("lead", "s", goals=(own, self.spec(share=0.7)))
        result = evaluate_unit(self.scheme, unit)
        # (10 + 8 × 0.7) / (10 + 10 × 0.7) × 40
        self.assertAlmostEqual(result.sections["key"].score, round(40 * 15.6 / 17, 2))
        self.assertEqual(result.goals[1].score, 8.0)  # the goal's own score is whole

    def test_cooperating_unit_earns_its_share(self):
        own = self.spec(actual=100.0, key="own")
        unit = Unit("coop", "s", goals=(own,), shared=(self.spec(share=0.3),))
        result = evaluate_unit(self.scheme, unit)
        # (10 + 8 × 0.3) / (10 + 10 × 0.3) × 40
        self.assertAlmostEqual(result.sections["key"].score, round(40 * 12.4 / 13, 2))
        self.assertEqual(len(result.goals), 1)
        self.assertEqual([score.score for score in result.shared], [8.0])
        # only the shared goal: its completion alone
        alone = evaluate_unit(self.scheme, Unit("coop", "s", shared=(self.spec(share=0.3),)))
        self.assertAlmostEqual(alone.sections["key"].score, 32.0)

    def test_share_out_of_range(self):
        with self.assertRaisesRegex(ValueError, "share of goal 'shared'"):
            evaluate_unit(self.scheme, Unit("lead", "s", goals=(self.spec(share=1.5),)))
        with self.assertRaisesRegex(ValueError, "not a goals section"):
            spec = GoalSpec(RATIO, 10.0, 100.0, 80.0, section="other", key="x", share=0.3)
            evaluate_unit(self.scheme, Unit("coop", "s", shared=(spec,)))
