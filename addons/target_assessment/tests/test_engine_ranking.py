"""Ranking and grading the units of one scheme: ties, thresholds, quotas, vetoes; the
movement of a unit's rank between evaluations."""

import unittest

from ..engine import (
    CEIL,
    EXCELLENT,
    FAIL,
    FLOOR,
    GOALS,
    GOOD,
    GRADE_BY_QUOTA,
    GRADE_BY_THRESHOLD,
    GRADE_BY_VETO,
    PASS,
    ROUND,
    Scheme,
    Section,
    SectionResult,
    UnitResult,
    grade_units,
    previous_ranks,
    quota_limit,
    rank_units,
)

SECTIONS = (Section("key", 40), Section("quant", 60))


def result(unit, total, quant=0.0, veto=None):
    """A scored unit: its total, its tie-break section score, its veto ceiling."""
    sections = {"quant": SectionResult("quant", GOALS, 60, quant)}
    return UnitResult(unit, "s", sections, (), 0.0, 0.0, {}, 0.0, total, veto is not None, veto)


def rank_and_grade(results, **config):
    scheme = Scheme("s", SECTIONS, **config)
    ranks = rank_units(scheme, results)
    graded = grade_units(scheme, results, ranks)
    return {unit: (ranks[unit], *graded[unit]) for unit in ranks}


class TestRanking(unittest.TestCase):
    def ranks(self, results, **config):
        return rank_units(Scheme("s", SECTIONS, **config), results)

    def test_competition_ranking(self):
        # 90, 85, 85, 80 → 1, 2, 2, 4
        results = [result("a", 85), result("b", 90), result("c", 80), result("d", 85)]
        self.assertEqual(self.ranks(results), {"b": 1, "a": 2, "d": 2, "c": 4})

    def test_tie_broken_by_section(self):
        # all 85; quant 46, 45, 46: a and c share 1, b is 3rd
        results = [result("a", 85, 46), result("b", 85, 45), result("c", 85, 46)]
        self.assertEqual(self.ranks(results, tie_break="quant"), {"a": 1, "c": 1, "b": 3})
        # without a tie-break section all three share the rank
        self.assertEqual(self.ranks(results), {"a": 1, "b": 1, "c": 1})

    def test_all_units_tied(self):
        results = [result(unit, 80, 40) for unit in "abcdef"]
        self.assertEqual(set(self.ranks(results, tie_break="quant").values()), {1})

    def test_vetoed_unit_keeps_its_rank_unless_veto_last(self):
        results = [result("a", 97, veto=PASS), result("b", 94), result("c", 92)]
        self.assertEqual(self.ranks(results), {"a": 1, "b": 2, "c": 3})
        self.assertEqual(self.ranks(results, veto_last=True), {"b": 1, "c": 2, "a": 3})


class TestThresholds(unittest.TestCase):
    def test_boundaries(self):
        # ≥ 90 excellent, ≥ 75 good, ≥ 60 pass, else fail; no quota
        totals = {"a": 90, "b": 89.99, "c": 75, "d": 74.99, "e": 60, "f": 59.99}
        graded = rank_and_grade([result(unit, total) for unit, total in totals.items()])
        grades = {unit: grade for unit, (_rank, grade, _reason) in graded.items()}
        self.assertEqual(
            grades, {"a": EXCELLENT, "b": GOOD, "c": GOOD, "d": PASS, "e": PASS, "f": FAIL}
        )
        self.assertEqual(graded["a"][2].code, GRADE_BY_THRESHOLD)

    def test_configured_thresholds(self):
        # 考核办 may use 95 / 85 / 70
        thresholds = ((95, EXCELLENT), (85, GOOD), (70, PASS))
        graded = rank_and_grade([result("a", 92), result("b", 69)], thresholds=thresholds)
        self.assertEqual((graded["a"][1], graded["b"][1]), (GOOD, FAIL))


class TestQuotas(unittest.TestCase):
    def test_quota_rounding(self):
        # 7 × 30 % = 2.1: floor 2, round 2, ceil 3
        self.assertEqual(quota_limit(0.3, 7, FLOOR), 2)
        self.assertEqual(quota_limit(0.3, 7, ROUND), 2)
        self.assertEqual(quota_limit(0.3, 7, CEIL), 3)
        # 5 × 30 % = 1.5: floor 1, round 2, ceil 2
        self.assertEqual(quota_limit(0.3, 5, FLOOR), 1)
        self.assertEqual(quota_limit(0.3, 5, ROUND), 2)
        self.assertEqual(quota_limit(0.3, 5, CEIL), 2)
        # float noise: 0.29 × 100 = 28.999…96 is 29; 0.3 × 10 = 3.000…04 is 3
        self.assertEqual(quota_limit(0.29, 100, FLOOR), 29)
        self.assertEqual(quota_limit(0.3, 10, CEIL), 3)

    def test_quota_in_rank_order(self):
        # 7 units all ≥ 90; 30 % floor → 2 excellent; the others drop to good
        results = [result(unit, 99 - index) for index, unit in enumerate("abcdefg")]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.3})
        grades = "".join(graded[unit][1][0] for unit in "abcdefg")
        self.assertEqual(grades, "eeggggg")
        self.assertEqual(graded["c"][2].code, GRADE_BY_QUOTA)
        self.assertEqual(dict(graded["c"][2].args), {"grade": EXCELLENT, "limit": 2})
        # ceil → 3 excellent
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.3}, quota_rounding=CEIL)
        self.assertEqual("".join(graded[unit][1][0] for unit in "abcdefg"), "eeegggg")

    def test_quota_only_among_holders(self):
        # 30 % of 7 = 2 places, but only one unit reaches 90: quota does not promote
        totals = [95, 88, 87, 80, 70, 65, 50]
        results = [result(f"u{index}", total) for index, total in enumerate(totals)]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.3})
        self.assertEqual(
            [graded[f"u{index}"][1] for index in range(7)],
            [EXCELLENT, GOOD, GOOD, GOOD, PASS, PASS, FAIL],
        )

    def test_tie_at_the_quota_boundary(self):
        # 4 units, quota 50 % → 2 places; 98 takes one; the two tied at 95 would need two:
        # neither gets it, and neither does 93 ranked after them (no lottery, no skipping)
        results = [result("a", 98), result("b", 95), result("c", 95), result("d", 93)]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.5})
        self.assertEqual(
            {unit: grade for unit, (_rank, grade, _reason) in graded.items()},
            {"a": EXCELLENT, "b": GOOD, "c": GOOD, "d": GOOD},
        )

    def test_tie_broken_before_the_quota(self):
        # the same, but the tie-break section separates b (46) and c (45): b gets the place
        results = [result("a", 98), result("b", 95, 46), result("c", 95, 45), result("d", 93)]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.5}, tie_break="quant")
        self.assertEqual([graded[unit][1] for unit in "abcd"], [EXCELLENT, EXCELLENT, GOOD, GOOD])

    def test_all_units_tied(self):
        # 5 units at 95: 30 % → 1 place for a group of 5 → nobody is excellent
        results = [result(unit, 95) for unit in "abcde"]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.3})
        self.assertEqual({grade for _rank, grade, _reason in graded.values()}, {GOOD})
        self.assertEqual({rank for rank, _grade, _reason in graded.values()}, {1})
        # a quota large enough for the whole group admits all of them
        graded = rank_and_grade(results, quotas={EXCELLENT: 1.0})
        self.assertEqual({grade for _rank, grade, _reason in graded.values()}, {EXCELLENT})

    def test_quotas_cascade(self):
        # 5 units ≥ 90; excellent 20 % → 1, good 40 % → 2: e, g, g, then pass, pass
        results = [result(unit, 99 - index) for index, unit in enumerate("abcde")]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.2, GOOD: 0.4})
        self.assertEqual([graded[unit][1] for unit in "abcde"], [EXCELLENT, GOOD, GOOD, PASS, PASS])
        self.assertEqual(dict(graded["e"][2].args), {"grade": GOOD, "limit": 2})

    def test_zero_quota(self):
        graded = rank_and_grade([result("a", 99)], quotas={EXCELLENT: 0})
        self.assertEqual(graded["a"][1], GOOD)


class TestVetoes(unittest.TestCase):
    def test_vetoed_unit_that_would_be_first(self):
        # 7 units, 30 % floor → 2 excellent places. "a" (97) has a veto capping it at pass:
        # it keeps rank 1 but is graded pass and takes no place; b and c are excellent,
        # d (91) is refused by the quota, g (55) fails on its total.
        totals = {"a": 97, "b": 94, "c": 92, "d": 91, "e": 85, "f": 80, "g": 55}
        results = [
            result(unit, total, veto=PASS if unit == "a" else None)
            for unit, total in totals.items()
        ]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.3})
        self.assertEqual([graded[unit][0] for unit in totals], [1, 2, 3, 4, 5, 6, 7])
        self.assertEqual(
            [graded[unit][1] for unit in totals],
            [PASS, EXCELLENT, EXCELLENT, GOOD, GOOD, GOOD, FAIL],
        )
        self.assertEqual(graded["a"][2].code, GRADE_BY_VETO)
        self.assertEqual(dict(graded["a"][2].args), {"max_grade": PASS})
        self.assertEqual(graded["d"][2].code, GRADE_BY_QUOTA)

    def test_veto_fail(self):
        graded = rank_and_grade([result("a", 97, veto=FAIL), result("b", 50)])
        self.assertEqual(graded["a"][1:], (FAIL, graded["a"][2]))
        self.assertEqual(graded["a"][2].code, GRADE_BY_VETO)

    def test_veto_ceiling_never_raises_a_grade(self):
        # 65 is pass; a cap at good leaves it pass, decided by the threshold
        graded = rank_and_grade([result("a", 65, veto=GOOD)])
        self.assertEqual(graded["a"][1], PASS)
        self.assertEqual(graded["a"][2].code, GRADE_BY_THRESHOLD)

    def test_vetoed_unit_tied_at_the_boundary_takes_no_place(self):
        # a (vetoed, cap good) and b tie at 95; 3 units × 34 % → 1 place. Only b competes
        # for it, so b is excellent and c (90) is refused.
        results = [result("a", 95, veto=GOOD), result("b", 95), result("c", 90)]
        graded = rank_and_grade(results, quotas={EXCELLENT: 0.34})
        self.assertEqual(
            [graded[unit][:2] for unit in "abc"], [(1, GOOD), (1, EXCELLENT), (3, GOOD)]
        )


class TestPreviousRanks(unittest.TestCase):
    """The rank an evaluation moved from: the unit's previous ranked stage of the
    cycle, else its last ranked stage of the previous cycle."""

    # stages by their position in the year: 0 q1, 1 midyear, 2 q3, 3 year_end
    RANKED = [
        # key, unit, cycle, stage, rank
        ("a_2025_end", "a", 2025, 3, 4),
        ("a_2025_mid", "a", 2025, 1, 2),
        ("a_2026_mid", "a", 2026, 1, 1),
        ("a_2026_end", "a", 2026, 3, 3),
        ("b_2026_q1", "b", 2026, 0, 5),
        ("b_2026_end", "b", 2026, 3, 2),
        ("c_2026_end", "c", 2026, 3, 1),
    ]

    def test_previous_stage_else_previous_cycle(self):
        previous = previous_ranks(self.RANKED, {2026: 2025, 2025: None})
        self.assertEqual(
            previous,
            {
                "a_2025_end": 2,  # its cycle's mid-year
                "a_2026_mid": 4,  # last year's year end, not its mid-year
                "a_2026_end": 1,  # this mid-year
                "b_2026_end": 5,  # the latest earlier stage ranked (q1; no mid-year)
            },
        )

    def test_no_previous_cycle(self):
        previous = previous_ranks(self.RANKED, {})
        self.assertNotIn("a_2026_mid", previous)
        self.assertEqual(previous["a_2026_end"], 1)
