"""Satisfaction surveys aggregated: weights of the groups, trimming, the minimum."""

import unittest

from ..engine.survey import SCALES, TEN_POINTS, THREE_LEVELS, Response, aggregate, aggregate_units

SCORE = dict(THREE_LEVELS)


def rate(group, *options):
    return [Response(group, option, SCORE[option]) for option in options]


class TestSurveyAggregation(unittest.TestCase):
    def test_scales(self):
        self.assertEqual([score for _option, score in THREE_LEVELS], [100.0, 60.0, 0.0])
        self.assertEqual(TEN_POINTS[0], ("10", 100.0))
        self.assertEqual(TEN_POINTS[-1], ("1", 10.0))
        self.assertEqual(set(SCALES), {"three", "ten"})

    def test_groups_weighted(self):
        # 人大代表 (weight 3): mean 80; 群众 (weight 1): mean 30 → (3·80 + 30) / 4 = 67.5
        responses = rate("npc", "satisfied", "fair") + rate("public", "fair", "dissatisfied")
        result = aggregate(responses, {"npc": 3.0, "public": 1.0})
        self.assertEqual(result.score, 67.5)
        self.assertEqual(result.responses, 4)
        self.assertFalse(result.short)
        self.assertEqual([g.score for g in result.groups], [80.0, 30.0])

    def test_group_without_responses_does_not_count(self):
        result = aggregate(rate("npc", "fair"), {"npc": 3.0, "public": 1.0})
        self.assertEqual(result.score, 60.0)
        public = [g for g in result.groups if g.group == "public"][0]
        self.assertIsNone(public.score)
        self.assertEqual(public.responses, 0)

    def test_trimming_drops_highest_and_lowest_per_group(self):
        responses = rate("npc", "satisfied", "fair", "fair", "dissatisfied")
        self.assertEqual(aggregate(responses, {"npc": 1.0}).score, 55.0)
        trimmed = aggregate(responses, {"npc": 1.0}, trim=True)
        self.assertEqual(trimmed.score, 60.0)
        self.assertEqual(trimmed.groups[0].counted, 2)
        self.assertEqual(trimmed.responses, 4, "trimmed responses are still counted")

    def test_no_trimming_below_three_responses(self):
        responses = rate("npc", "satisfied", "dissatisfied")
        self.assertEqual(aggregate(responses, {"npc": 1.0}, trim=True).score, 50.0)

    def test_minimum_flags_short_results(self):
        responses = rate("npc", "satisfied", "satisfied")
        self.assertTrue(aggregate(responses, {"npc": 1.0}, minimum=3).short)
        self.assertFalse(aggregate(responses, {"npc": 1.0}, minimum=2).short)
        empty = aggregate([], {"npc": 1.0}, minimum=1)
        self.assertIsNone(empty.score)
        self.assertTrue(empty.short)

    def test_counts_per_option_kept_for_audit(self):
        responses = rate("npc", "satisfied", "satisfied", "fair") + rate("public", "dissatisfied")
        result = aggregate(responses, {"npc": 1.0, "public": 1.0, "clients": 1.0}, trim=True)
        self.assertEqual(
            result.counts, {"npc": {"satisfied": 2, "fair": 1}, "public": {"dissatisfied": 1}}
        )

    def test_ten_point_scale(self):
        score = dict(TEN_POINTS)
        responses = [Response("g", option, score[option]) for option in ("10", "9", "1")]
        self.assertEqual(aggregate(responses, {"g": 1.0}).score, 66.67)

    def test_refusals(self):
        with self.assertRaises(ValueError):
            aggregate(rate("unknown", "fair"), {"npc": 1.0})
        with self.assertRaises(ValueError):
            aggregate([Response("npc", "x", 120.0)], {"npc": 1.0})
        with self.assertRaises(ValueError):
            aggregate(rate("npc", "fair"), {"npc": 0.0})

    def test_every_unit_gets_a_result(self):
        results = aggregate_units({1: rate("npc", "satisfied")}, [1, 2], {"npc": 1.0}, minimum=1)
        self.assertEqual(results[1].score, 100.0)
        self.assertIsNone(results[2].score)
        self.assertTrue(results[2].short)
