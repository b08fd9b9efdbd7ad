"""A whole cycle in one call: schemes ranked apart, vetoes, errors, scale."""

import unittest

from ..engine import (
    BANDS,
    BINARY,
    DEDUCTION,
    EXCELLENT,
    GOOD,
    GRADE,
    MILESTONES,
    PASS,
    PROPORTIONAL,
    RATIO,
    SPECIAL,
    Bonus,
    Deduction,
    GoalSpec,
    Scheme,
    Section,
    Unit,
    Veto,
    compute_cycle,
)

SCHEMES = (
    Scheme(
        "county",
        (Section("key", 40), Section("quant", 50), Section("other", 10, SPECIAL)),
        bonus_cap=3,
        quotas={EXCELLENT: 0.3},
        tie_break="quant",
    ),
    Scheme(
        "department",
        (Section("routine_work", 20), Section("quant", 60), Section("other", 20, SPECIAL)),
        quotas={EXCELLENT: 0.3},
    ),
)


def unit(key, scheme, done, vetoes=()):
    """A unit whose goals are all 10-point binary goals, ``done`` of them done per section.

    ``done`` maps a section to (done, count); special sections get 100.
    """
    goals = tuple(
        GoalSpec(BINARY, 10, actual=index < count_done, section=section, key=(key, section, index))
        for section, (count_done, count) in done.items()
        for index in range(count)
    )
    return Unit(key, scheme, goals, special={"other": {"survey": 100}}, vetoes=vetoes)


class TestComputeCycle(unittest.TestCase):
    def test_schemes_are_ranked_apart(self):
        # county 1: key 40 × 4/4 = 40, quant 50 × 3/4 = 37.5, other 10 → 87.5
        # county 2: key 40 × 2/4 = 20, quant 50 × 4/4 = 50, other 10 → 80
        # dept 1: 20 × 1/2 = 10, 60 × 2/2 = 60, other 20 → 90
        units = [
            unit("county_1", "county", {"key": (4, 4), "quant": (3, 4)}),
            unit("county_2", "county", {"key": (2, 4), "quant": (4, 4)}),
            unit("dept_1", "department", {"routine_work": (1, 2), "quant": (2, 2)}),
        ]
        results = compute_cycle(SCHEMES, units)
        self.assertEqual(list(results), ["county_1", "county_2", "dept_1"])
        summary = {key: (r.total, r.rank, r.grade) for key, r in results.items()}
        # dept_1 reaches 90, but 1 unit × 30 % floor = 0 excellent places: good
        self.assertEqual(
            summary,
            {"county_1": (87.5, 1, GOOD), "county_2": (80, 2, GOOD), "dept_1": (90, 1, GOOD)},
        )
        self.assertEqual(results["county_1"].goals[0].key, ("county_1", "key", 0))

    def test_vetoed_county_that_would_be_first(self):
        # seven counties, 7 × 30 % floor = 2 excellent places; key: 10 × done of 4 goals,
        # quant: 50 × done / 8 goals, other: 10
        done = {
            "c0": (4, 8),  # 40 + 50 + 10 = 100, but a safety veto: not above pass
            "c1": (4, 7),  # 40 + 43.75 + 10 = 93.75
            "c2": (3, 8),  # 30 + 50 + 10 = 90
            "c3": (4, 6),  # 40 + 37.5 + 10 = 87.5
            "c4": (3, 7),  # 30 + 43.75 + 10 = 83.75
            "c5": (2, 8),  # 20 + 50 + 10 = 80
            "c6": (1, 4),  # 10 + 25 + 10 = 45
        }
        veto = (Veto("cap_grade", PASS, "safety"),)
        units = [
            unit(key, "county", {"key": (k, 4), "quant": (q, 8)}, veto if key == "c0" else ())
            for key, (k, q) in done.items()
        ]
        results = compute_cycle(SCHEMES, units)
        self.assertEqual(
            [results[key].total for key in done], [100, 93.75, 90, 87.5, 83.75, 80, 45]
        )
        self.assertEqual([results[key].rank for key in done], [1, 2, 3, 4, 5, 6, 7])
        # c0 takes no excellent place: both go to c1 and c2
        self.assertEqual(
            [results[key].grade for key in done],
            [PASS, EXCELLENT, EXCELLENT, GOOD, GOOD, GOOD, "fail"],
        )
        self.assertTrue(results["c0"].vetoed)
        self.assertEqual(results["c0"].grade_reason.code, "veto")

    def test_deterministic(self):
        units = [unit(f"u{i}", "county", {"key": (i % 5, 4), "quant": (3, 4)}) for i in range(20)]
        self.assertEqual(compute_cycle(SCHEMES, units), compute_cycle(SCHEMES, units))

    def test_errors(self):
        with self.assertRaises(ValueError):
            compute_cycle(SCHEMES, [unit("u", "township", {})])
        with self.assertRaises(ValueError):
            compute_cycle(SCHEMES, [unit("u", "county", {}), unit("u", "county", {})])
        with self.assertRaises(ValueError):
            compute_cycle([Scheme("bad", (Section("a", 100),), tie_break="b")], [])


class TestScale(unittest.TestCase):
    def test_a_hundred_thousand_goals(self):
        # 7,500 units × 14 goals = 105,000 goals of every method, 5 schemes
        bands = [(1.0, 1.0), (0.9, PROPORTIONAL), (0.6, 0.5)]
        milestones = [(0.5, True, "a"), (0.5, False, "b")]
        goals = [
            GoalSpec(RATIO, 5, 100, 93, params={"cap": 1.2}, section="key"),
            GoalSpec(BANDS, 5, 100, 95, params={"bands": bands}, section="key"),
            GoalSpec(BINARY, 5, actual=True, section="key"),
            GoalSpec(GRADE, 5, actual="B", section="quant"),
            GoalSpec(MILESTONES, 5, params={"milestones": milestones}, section="quant"),
            GoalSpec(DEDUCTION, 5, actual=1, section="quant"),
            GoalSpec(RATIO, 5, 100, None, section="quant"),
        ] * 2
        schemes = [
            Scheme(key, SCHEMES[0].sections, bonus_cap=3, quotas={EXCELLENT: 0.3})
            for key in range(5)
        ]
        units = [
            Unit(
                index,
                index % 5,
                goals[index % 3 :] + goals[: index % 3],
                special={"other": {"survey": 60 + index % 40}},
                bonuses=(Bonus("city"),),
                deductions=(Deduction("safety", index % 3),),
            )
            for index in range(7500)
        ]
        results = compute_cycle(schemes, units)
        self.assertEqual(sum(len(r.goals) for r in results.values()), 105000)
        self.assertEqual(min(r.rank for r in results.values()), 1)
