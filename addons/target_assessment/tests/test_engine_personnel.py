"""The personnel rules of the engine: suggested grades, bonus, incentive proposals, ranking."""

import unittest

from ..engine import CEIL, EXCELLENT, FAIL, GOOD, PASS, ROUND
from ..engine.personnel import (
    FOR_LEADERS,
    FOR_UNIT,
    P_BASIC,
    P_COMPETENT,
    P_EXCELLENT,
    P_INCOMPETENT,
    SUGGESTED_BY_QUOTA,
    SUGGESTED_BY_UNIT,
    SUGGESTED_BY_VETO,
    CadreResult,
    IncentiveRule,
    Member,
    Policy,
    UnitOutcome,
    bonus_amount,
    bonus_coefficient,
    bonus_cut,
    propose_incentives,
    rank_cadres,
    suggest_grades,
)

CAPS = {EXCELLENT: P_EXCELLENT, GOOD: P_EXCELLENT, PASS: P_COMPETENT, FAIL: P_BASIC}


def grades(policy, members):
    return {key: grade for key, (grade, _reason) in suggest_grades(policy, members).items()}


class TestSuggestedGrades(unittest.TestCase):
    def test_unit_grade_caps_the_leaders(self):
        members = [
            Member("a", EXCELLENT, 95),
            Member("b", GOOD, 80),
            Member("c", PASS, 65),
            Member("d", FAIL, 40),
            Member("e", None, 0),
        ]
        result = suggest_grades(Policy(caps=CAPS), members)
        self.assertEqual(
            {key: grade for key, (grade, _r) in result.items()},
            {"a": P_EXCELLENT, "b": P_EXCELLENT, "c": P_COMPETENT, "d": P_BASIC, "e": P_COMPETENT},
        )
        self.assertEqual(result["d"][1].code, SUGGESTED_BY_UNIT)
        self.assertEqual(result["d"][1].args, {"unit_grade": FAIL})
        strict = dict(CAPS, fail=P_INCOMPETENT, good=P_COMPETENT)
        self.assertEqual(grades(Policy(caps=strict), members)["d"], P_INCOMPETENT)
        self.assertEqual(grades(Policy(caps=strict), members)["b"], P_COMPETENT)

    def test_vetoed_units_principal_is_not_excellent(self):
        members = [
            Member("head", EXCELLENT, 92, vetoed=True, role="principal"),
            Member("deputy", EXCELLENT, 92, vetoed=True, role="deputy"),
            Member("other_head", EXCELLENT, 91, role="principal"),
            Member("failed_head", FAIL, 40, vetoed=True, role="principal"),
        ]
        result = suggest_grades(Policy(caps=CAPS), members)
        self.assertEqual(result["head"], (P_COMPETENT, result["head"][1]))
        self.assertEqual(result["head"][1].code, SUGGESTED_BY_VETO)
        self.assertEqual(result["deputy"][0], P_EXCELLENT)
        self.assertEqual(result["other_head"][0], P_EXCELLENT)
        # the veto never raises a grade the unit's grade already lowered
        self.assertEqual(result["failed_head"], (P_BASIC, result["failed_head"][1]))
        self.assertEqual(result["failed_head"][1].code, SUGGESTED_BY_UNIT)
        lenient = Policy(caps=CAPS, veto_principal_not_excellent=False)
        self.assertEqual(grades(lenient, members)["head"], P_EXCELLENT)

    def test_quota_by_unit_score_then_own_goals(self):
        # ten members, 20 %: two keep 优秀
        members = [
            Member("a1", EXCELLENT, 95, own_score=8, own_points=10),
            Member("a2", EXCELLENT, 95, own_score=10, own_points=10),
            Member("a3", EXCELLENT, 95),  # no own goals: after those with
            Member("b1", EXCELLENT, 93, own_score=10, own_points=10),
            *(Member(f"p{i}", PASS, 70) for i in range(6)),
        ]
        result = suggest_grades(Policy(caps=CAPS, excellent_quota=0.2), members)
        self.assertEqual(result["a2"][0], P_EXCELLENT)
        self.assertEqual(result["a1"][0], P_EXCELLENT)
        self.assertEqual(result["a3"], (P_COMPETENT, result["a3"][1]))
        self.assertEqual(result["a3"][1].code, SUGGESTED_BY_QUOTA)
        self.assertEqual(result["a3"][1].args, {"limit": 2})
        self.assertEqual(result["b1"][0], P_COMPETENT)
        self.assertEqual(result["p0"][0], P_COMPETENT)
        self.assertEqual(result["p0"][1].code, SUGGESTED_BY_UNIT)

    def test_quota_rounding(self):
        # seven members × 30 % = 2.1: floor 2, round 2, ceil 3
        members = [Member(f"m{i}", EXCELLENT, 100 - i) for i in range(7)]
        for rounding, expected in (("floor", 2), (ROUND, 2), (CEIL, 3)):
            policy = Policy(caps=CAPS, excellent_quota=0.3, quota_rounding=rounding)
            kept = [k for k, g in grades(policy, members).items() if g == P_EXCELLENT]
            self.assertEqual(kept, [f"m{i}" for i in range(expected)], rounding)
        # 25 % of 6 = 1.5: round half up gives 2
        policy = Policy(caps=CAPS, excellent_quota=0.25, quota_rounding=ROUND)
        kept = [k for k, g in grades(policy, members[:6]).items() if g == P_EXCELLENT]
        self.assertEqual(kept, ["m0", "m1"])
        no_quota = grades(Policy(caps=CAPS), members)
        self.assertEqual(set(no_quota.values()), {P_EXCELLENT})
        zero = grades(Policy(caps=CAPS, excellent_quota=0.0), members)
        self.assertEqual(set(zero.values()), {P_COMPETENT})

    def test_quota_never_splits_equals(self):
        # limit 2 (40 % of 5): the first is in; the next two are equal on both keys,
        # admitting both would make 3, so neither is, and nobody after them either
        members = [
            Member("first", EXCELLENT, 96),
            Member("tie1", EXCELLENT, 94, own_score=9, own_points=10),
            Member("tie2", EXCELLENT, 94, own_score=18, own_points=20),
            Member("after", EXCELLENT, 90),
            Member("pass", PASS, 70),
        ]
        result = grades(Policy(caps=CAPS, excellent_quota=0.4), members)
        self.assertEqual(
            result,
            {
                "first": P_EXCELLENT,
                "tie1": P_COMPETENT,
                "tie2": P_COMPETENT,
                "after": P_COMPETENT,
                "pass": P_COMPETENT,
            },
        )

    def test_vetoed_principal_takes_no_quota_place(self):
        members = [
            Member("head", EXCELLENT, 99, vetoed=True, role="principal"),
            Member("next", EXCELLENT, 90),
            Member("third", EXCELLENT, 85),
            Member("x", PASS, 60),
        ]
        result = grades(Policy(caps=CAPS, excellent_quota=0.25), members)
        self.assertEqual(
            (result["head"], result["next"], result["third"]),
            (P_COMPETENT, P_EXCELLENT, P_COMPETENT),
        )


class TestBonus(unittest.TestCase):
    def test_coefficient_by_grade_zero_for_fail(self):
        coefficients = {EXCELLENT: 1.2, GOOD: 1.0, PASS: 0.8, FAIL: 0.5}
        self.assertEqual(bonus_coefficient(EXCELLENT, coefficients), 1.2)
        self.assertEqual(bonus_coefficient(PASS, coefficients), 0.8)
        self.assertEqual(bonus_coefficient(FAIL, coefficients), 0.0)
        self.assertEqual(bonus_coefficient(None, coefficients), 0.0)
        self.assertEqual(bonus_coefficient(GOOD, {}), 0.0)

    def test_amount_rounds_half_up_to_the_cent(self):
        self.assertEqual(bonus_amount(100000.0, 1.2), 120000.0)
        self.assertEqual(bonus_amount(3333.33, 1.2), 4000.0)  # 3999.996
        self.assertEqual(bonus_amount(2.675, 1.0), 2.68)
        self.assertEqual(bonus_amount(50000.0, 0.0), 0.0)

    def test_cut_per_missed_goal_up_to_its_maximum(self):
        self.assertEqual(bonus_cut(0, 10.0, 8.0), 0.0)
        self.assertEqual(bonus_cut(3, 2.5, 30.0), 7.5)  # 3 × 2.5
        self.assertEqual(bonus_cut(5, 10.0, 8.0), 8.0)  # 50, at most 8
        self.assertEqual(bonus_cut(12, 10.0, 150.0), 100.0)  # never more than all of it
        self.assertEqual(bonus_cut(4, 0.0, 30.0), 0.0)  # no cut per goal: no cut

    def test_cut_refuses_negatives(self):
        for args in ((-1, 10.0, 8.0), (1, -10.0, 8.0), (1, 10.0, -8.0)):
            with self.subTest(args=args), self.assertRaises(ValueError):
                bonus_cut(*args)

    def test_amount_after_the_cut(self):
        # 100,000 × 1.2 = 120,000, less 8 %: 110,400
        self.assertEqual(bonus_amount(100000.0, 1.2, 8.0), 110400.0)
        # 3,333.33 × 1.0 × 0.925 = 3,083.330… → 3,083.33
        self.assertEqual(bonus_amount(3333.33, 1.0, 7.5), 3083.33)
        self.assertEqual(bonus_amount(50000.0, 1.0, 100.0), 0.0)
        self.assertEqual(bonus_amount(50000.0, 1.0), 50000.0)  # no cut by default
        for bad in (-1.0, 100.5):
            with self.subTest(cut=bad), self.assertRaises(ValueError):
                bonus_amount(50000.0, 1.0, bad)


class TestIncentiveProposals(unittest.TestCase):
    UNITS = (
        UnitOutcome("A", FAIL, category="county", leaders=(("ha", "principal"), ("da", "deputy"))),
        UnitOutcome("B", EXCELLENT, category="dept", leaders=(("hb", "principal"),)),
        UnitOutcome(
            "C", FAIL, vetoed=True, category="dept", leaders=(("hc", "principal"), ("hc", "member"))
        ),
    )

    def test_rules_by_grade_recipient_role_veto_category(self):
        rules = [
            IncentiveRule("talk", FAIL, FOR_LEADERS, role="principal"),
            IncentiveRule("praise", EXCELLENT, FOR_UNIT),
            IncentiveRule("accountability", FAIL, FOR_LEADERS, vetoed_only=True),
            IncentiveRule("county_only", FAIL, FOR_UNIT, categories=frozenset({"county"})),
        ]
        self.assertEqual(
            propose_incentives(rules, self.UNITS),
            [
                ("talk", "A", "ha"),
                ("talk", "C", "hc"),
                ("praise", "B", None),
                ("accountability", "C", "hc"),  # once, though two roles
                ("county_only", "A", None),
            ],
        )

    def test_no_rule_no_proposal(self):
        self.assertEqual(propose_incentives([], self.UNITS), [])
        rules = [IncentiveRule("good", GOOD, FOR_UNIT)]
        self.assertEqual(propose_incentives(rules, self.UNITS), [])


class TestCadreRanking(unittest.TestCase):
    def test_ranked_by_recent_cycles(self):
        results = {
            # 2023 does not count (last two cycles: 2024, 2025)
            "zhang": [
                CadreResult(2023, P_INCOMPETENT, 10),
                CadreResult(2024, P_EXCELLENT, 95, 1.0),
                CadreResult(2025, P_EXCELLENT, 93, 0.8),
            ],
            # two results in 2025 (two units): the better one counts
            "li": [
                CadreResult(2024, P_EXCELLENT, 90),
                CadreResult(2025, P_COMPETENT, 80, ref="li-unit-b"),
                CadreResult(2025, P_EXCELLENT, 91, ref="li-unit-a"),
            ],
            "wang": [CadreResult(2024, P_COMPETENT, 85), CadreResult(2025, P_BASIC, 60)],
            "zhao": [CadreResult(2025, P_COMPETENT, 70)],
            "old": [CadreResult(2023, P_EXCELLENT, 99)],
            "ungraded": [CadreResult(2025, None, 80)],
        }
        ranked = rank_cadres(results, [2024, 2025])
        self.assertEqual([(r.key, r.rank) for r in ranked][:2], [("zhang", 1), ("li", 2)])
        self.assertEqual(ranked[0].points, 4.0)
        self.assertEqual(ranked[0].excellent, 2)
        self.assertEqual(ranked[0].unit_score, 94.0)
        self.assertEqual(ranked[0].own_share, 0.9)
        self.assertEqual(ranked[1].unit_score, 90.5)
        self.assertIsNone(ranked[1].own_share)
        self.assertEqual(ranked[1].last_ref, "li-unit-a")
        # zhao: 3 points in one cycle; wang: (3 + 2) / 2 = 2.5
        self.assertEqual(
            [(r.key, r.rank, r.points) for r in ranked[2:]],
            [
                ("zhao", 3, 3.0),
                ("wang", 4, 2.5),
            ],
        )
        self.assertEqual(ranked[3].last_grade, P_BASIC)
        self.assertEqual(ranked[3].cycles, 2)
        # at least competent in the latest cycle: wang (基本称职) is out, ranks close up
        ranked = rank_cadres(results, [2024, 2025], min_grade=P_COMPETENT)
        self.assertEqual([r.key for r in ranked], ["zhang", "li", "zhao"])
        ranked = rank_cadres(results, [2024, 2025], min_grade=P_EXCELLENT)
        self.assertEqual([(r.key, r.rank) for r in ranked], [("zhang", 1), ("li", 2)])

    def test_equals_share_a_rank(self):
        results = {
            "a": [CadreResult(1, P_COMPETENT, 80)],
            "b": [CadreResult(1, P_COMPETENT, 80)],
            "c": [CadreResult(1, P_COMPETENT, 79)],
        }
        self.assertEqual(
            [(r.key, r.rank) for r in rank_cadres(results, [1])], [("a", 1), ("b", 1), ("c", 3)]
        )
        self.assertEqual(rank_cadres(results, []), [])
