"""Scoring one unit under its scheme: sections, bonus, deductions, total."""

import unittest

from ..engine import (
    BANDS,
    BINARY,
    DEDUCTION,
    FAIL,
    GOAL_DIFFICULTY,
    GOOD,
    GRADE,
    LOWER,
    MILESTONES,
    PASS,
    PROPORTIONAL,
    RATIO,
    ROUTINE,
    SPECIAL,
    UNIT_DIFFICULTY,
    Bonus,
    Deduction,
    GoalSpec,
    Scheme,
    Section,
    Unit,
    Veto,
    evaluate_unit,
    validate_scheme,
)
from ..engine.evaluation import veto_ceiling

# 县区: 重点工作和项目工程 40 / 定量任务指标 50 / 其他考核内容 10 (人大、政协、纪委、
# 组织部、宣传部专项评议), as in the seed documents.
COUNTY_BODIES = {"npc": 1, "cppcc": 1, "discipline": 1, "organization": 1, "publicity": 1}
COUNTY = Scheme(
    key="county",
    sections=(
        Section("key", 40),
        Section("quant", 50),
        Section("other", 10, SPECIAL, COUNTY_BODIES),
    ),
    bonus_cap=3,
    deduction_caps={"safety": 2, "environment": 2},
    quotas={"excellent": 0.3},
    tie_break="quant",
)

# 市直部门: 常规工作 20 / 定量任务指标 60 / 其他考核内容 20 (人大、政协专项评议 and
# the supervising city leader's assessment 分管领导评鉴, weighted double).
DEPARTMENT = Scheme(
    key="department",
    sections=(
        Section("routine_work", 20),
        Section("quant", 60),
        Section("other", 20, SPECIAL, {"npc": 0.25, "cppcc": 0.25, "leader": 0.5}),
    ),
    bonus_cap=5,
)


def goal(section, method, points, target=None, actual=None, **params):
    direction = params.pop("direction", "higher")
    return GoalSpec(method, points, target, actual, direction, params, section)


class TestGoalsSection(unittest.TestCase):
    scheme = Scheme("s", (Section("work", 50),))

    def total(self, *goals):
        return evaluate_unit(self.scheme, Unit("u", "s", goals)).sections["work"].score

    def test_scaled_to_weight(self):
        # goals of 10 and 30 points (Σ 40) score 8.5 and 30: section = 50 × 38.5 / 40 = 48.125
        # → 48.13 (rounded half up)
        score = self.total(goal("work", RATIO, 10, 100, 85), goal("work", RATIO, 30, 100, 100))
        self.assertEqual(score, 48.13)

    def test_all_full_is_exactly_the_weight(self):
        goals = [goal("work", RATIO, 7, 3, 3), goal("work", BINARY, 11, actual=True)]
        self.assertEqual(self.total(*goals), 50)

    def test_over_fulfilment_exceeds_the_weight_only_with_a_cap(self):
        # 12 of 10 (cap 1.2, c = 1.3) and 10 of 10: section = 50 × 22 / 20 = 55
        capped = goal("work", RATIO, 10, 100, 130, cap=1.2)
        self.assertEqual(self.total(capped, goal("work", BINARY, 10, actual=1)), 55)
        # without the cap: 50 × 20 / 20 = 50
        plain = goal("work", RATIO, 10, 100, 130)
        self.assertEqual(self.total(plain, goal("work", BINARY, 10, actual=1)), 50)

    def test_missing_data_counts_as_zero(self):
        # 10 of 10 and 0 of 10 (no actual reported): 50 × 10 / 20 = 25
        result = evaluate_unit(
            self.scheme,
            Unit("u", "s", (goal("work", BINARY, 10, actual=1), goal("work", RATIO, 10, 100))),
        )
        self.assertEqual(result.sections["work"].score, 25)
        self.assertEqual(result.goals[1].reason.code, "missing_data")

    def test_empty_section(self):
        result = evaluate_unit(self.scheme, Unit("u", "s"))
        self.assertEqual(result.sections["work"].score, 0)
        self.assertTrue(result.sections["work"].empty)

    def test_goal_outside_a_goals_section_is_an_error(self):
        scheme = Scheme("s", (Section("work", 50), Section("survey", 50, SPECIAL)))
        for section in ("nowhere", "survey"):
            with self.assertRaises(ValueError):
                evaluate_unit(scheme, Unit("u", "s", (goal(section, BINARY, 10, actual=1),)))


class TestSpecialSection(unittest.TestCase):
    scheme = Scheme(
        "s", (Section("survey", 10, SPECIAL, {"npc": 0.3, "cppcc": 0.3, "public": 0.4}),)
    )

    def section(self, scores):
        return evaluate_unit(self.scheme, Unit("u", "s", special={"survey": scores})).sections[
            "survey"
        ]

    def test_weighted_by_body(self):
        # 10 × (0.3 × 90 + 0.3 × 80 + 0.4 × 70) / 100 / 1.0 = 10 × 79 / 100 = 7.9
        result = self.section({"npc": 90, "cppcc": 80, "public": 70})
        self.assertEqual(result.score, 7.9)
        self.assertEqual(result.missing, ())

    def test_missing_body_left_out_and_reported(self):
        # public gave nothing: 10 × (0.3 × 90 + 0.3 × 80) / 0.6 / 100 = 10 × 51 / 60 = 8.5
        result = self.section({"npc": 90, "cppcc": 80, "public": None})
        self.assertEqual(result.score, 8.5)
        self.assertEqual(result.missing, ("public",))
        self.assertFalse(result.empty)

    def test_no_body_scored(self):
        result = self.section({})
        self.assertEqual(result.score, 0)
        self.assertTrue(result.empty)
        self.assertEqual(result.missing, ("npc", "cppcc", "public"))

    def test_unknown_body_is_an_error(self):
        with self.assertRaises(ValueError):
            self.section({"npc": 90, "mayor": 100})

    def test_without_configured_bodies_a_plain_mean(self):
        # 20 × mean(80, 90) / 100 = 20 × 0.85 = 17
        scheme = Scheme("s", (Section("social", 20, SPECIAL),))
        unit = Unit("u", "s", special={"social": {"survey": 80, "hotline": 90}})
        self.assertEqual(evaluate_unit(scheme, unit).sections["social"].score, 17)


class TestRoutineSection(unittest.TestCase):
    def test_mean_of_routine_results(self):
        # 平时考核 30 %: Q1 80, mid-year 90, Q3 85, Q4 95: mean 87.5; 30 × 87.5 / 100 = 26.25
        # goals 70: one full goal → 70; total 96.25
        scheme = Scheme("s", (Section("goals", 70), Section("routine", 30, ROUTINE)))
        unit = Unit(
            "u",
            "s",
            (goal("goals", BINARY, 10, actual=1),),
            routine={"routine": [80, 90, 85, 95]},
        )
        result = evaluate_unit(scheme, unit)
        self.assertEqual(result.sections["routine"].score, 26.25)
        self.assertEqual(result.total, 96.25)

    def test_no_routine_result(self):
        scheme = Scheme("s", (Section("routine", 30, ROUTINE),))
        result = evaluate_unit(scheme, Unit("u", "s", routine={"routine": [None]}))
        self.assertEqual(result.sections["routine"].score, 0)
        self.assertTrue(result.sections["routine"].empty)


class TestBonusAndDeductions(unittest.TestCase):
    scheme = Scheme(
        "s",
        (Section("work", 100),),
        bonus_cap=5,
        deduction_caps={"safety": 2, "petition": 3},
    )

    def evaluate(self, bonuses=(), deductions=(), scheme=None):
        goals = (goal("work", BINARY, 1, actual=1),)
        unit = Unit("u", "s", goals, bonuses=bonuses, deductions=deductions)
        return evaluate_unit(scheme or self.scheme, unit)

    def test_bonus_by_level_capped(self):
        # national 3 + provincial 2 + city 1 = 6 > cap 5: applied 5, excess 1; total 100 + 5
        result = self.evaluate([Bonus("national"), Bonus("provincial"), Bonus("city")])
        self.assertEqual((result.bonus, result.bonus_excess, result.total), (5, 1, 105))

    def test_bonus_item_points_win_over_level(self):
        # 2.5 (own points) + 1 (city) = 3.5 ≤ 5
        result = self.evaluate([Bonus("national", 2.5), Bonus("city")])
        self.assertEqual((result.bonus, result.bonus_excess), (3.5, 0))

    def test_bonus_without_cap(self):
        scheme = Scheme("s", (Section("work", 100),), bonus_cap=None)
        result = self.evaluate([Bonus("national")] * 3, scheme=scheme)
        self.assertEqual(result.bonus, 9)

    def test_unknown_level_is_an_error(self):
        with self.assertRaises(ValueError):
            self.evaluate([Bonus("township")])

    def test_deductions_capped_per_category(self):
        # safety 1.5 + 1.5 = 3 → cap 2; petition 1 (cap 3); discipline 2.5 (no cap)
        # deduction = 2 + 1 + 2.5 = 5.5; total = 100 − 5.5 = 94.5
        result = self.evaluate(
            deductions=[
                Deduction("safety", 1.5),
                Deduction("safety", 1.5),
                Deduction("petition", 1),
                Deduction("discipline", 2.5),
            ]
        )
        self.assertEqual(result.deductions, {"safety": 2, "petition": 1, "discipline": 2.5})
        self.assertEqual((result.deduction, result.total), (5.5, 94.5))

    def test_overall_deduction_cap(self):
        # categories 2 + 2.5 = 4.5, overall cap 4: deduction 4; total 96
        scheme = Scheme("s", (Section("work", 100),), deduction_caps={"safety": 2}, deduction_cap=4)
        result = self.evaluate(
            deductions=[Deduction("safety", 3), Deduction("discipline", 2.5)], scheme=scheme
        )
        self.assertEqual(result.deductions, {"safety": 2, "discipline": 2.5})
        self.assertEqual((result.deduction, result.total), (4, 96))


class TestVetoCeiling(unittest.TestCase):
    def test_strictest_veto_wins(self):
        self.assertIsNone(veto_ceiling(()))
        self.assertEqual(veto_ceiling([Veto("cap_grade", GOOD)]), GOOD)
        self.assertEqual(veto_ceiling([Veto("cap_grade", GOOD), Veto("cap_grade", PASS)]), PASS)
        self.assertEqual(veto_ceiling([Veto("fail"), Veto("cap_grade", GOOD)]), FAIL)

    def test_invalid_veto(self):
        with self.assertRaises(ValueError):
            veto_ceiling([Veto("cap_grade")])
        with self.assertRaises(ValueError):
            veto_ceiling([Veto("banish")])


class TestValidateScheme(unittest.TestCase):
    def test_errors(self):
        sections = (Section("a", 50), Section("b", 50))
        validate_scheme(Scheme("s", sections, tie_break="b", quotas={"excellent": 0.3}))
        invalid = [
            Scheme("s", (Section("a", 50), Section("a", 50))),
            Scheme("s", (Section("a", 100, "lottery"),)),
            Scheme("s", sections, tie_break="c"),
            Scheme("s", sections, thresholds=((90, "outstanding"),)),
            Scheme("s", sections, quotas={"gold": 0.1}),
            Scheme("s", sections, quotas={"fail": 0.1}),
            Scheme("s", sections, quota_rounding="bankers"),
            Scheme("s", sections, difficulty="heavy"),
        ]
        for scheme in invalid:
            with self.subTest(scheme=scheme), self.assertRaises(ValueError):
                validate_scheme(scheme)


class TestDifficulty(unittest.TestCase):
    """Difficulty coefficients (难度系数) per goal or per unit."""

    sections = (Section("work", 50), Section("other", 50, SPECIAL))

    def evaluate(self, difficulty, goals, unit_difficulty=1.0):
        scheme = Scheme("s", self.sections, difficulty=difficulty)
        unit = Unit("u", "s", goals, special={"other": {"npc": 80}}, difficulty=unit_difficulty)
        return evaluate_unit(validate_scheme(scheme), unit)

    def goals(self, heavy=1.0, light=1.0):
        # 10 points scoring 8 (c = 0.8) and 10 points scoring 10
        return (
            GoalSpec(RATIO, 10, 100, 80, section="work", key="heavy", difficulty=heavy),
            GoalSpec(BINARY, 10, actual=True, section="work", key="light", difficulty=light),
        )

    def test_no_basis_ignores_the_coefficients(self):
        # 50 × (8 + 10) / 20 = 45, other 50 × 80 / 100 = 40
        result = self.evaluate("none", self.goals(1.2, 0.8), unit_difficulty=1.1)
        self.assertEqual(result.sections["work"].score, 45)
        self.assertEqual(result.total, 85)

    def test_goal_basis_weighs_each_goal(self):
        # 50 × (8 × 1.2 + 10 × 0.9) / 20 = 50 × 18.6 / 20 = 46.5; other 40 unchanged
        result = self.evaluate(GOAL_DIFFICULTY, self.goals(1.2, 0.9))
        self.assertEqual(result.sections["work"].score, 46.5)
        self.assertEqual(result.sections["other"].score, 40)
        self.assertEqual(result.total, 86.5)
        # the goals' own scores stay as measured
        self.assertEqual([g.score for g in result.goals], [8, 10])
        self.assertEqual(result.goals[0].lost, 2)

    def test_goal_basis_may_raise_a_section_above_its_weight(self):
        # both full, coefficients 1.2: 50 × (12 + 12) / 20 = 60 (like over-fulfilment)
        goals = (
            GoalSpec(BINARY, 10, actual=True, section="work", difficulty=1.2),
            GoalSpec(RATIO, 10, 100, 150, section="work", difficulty=1.2),  # cap 1: 10
        )
        self.assertEqual(self.evaluate(GOAL_DIFFICULTY, goals).sections["work"].score, 60)

    def test_unit_basis_weighs_the_goals_sections(self):
        # 45 × 1.1 = 49.5 (special section not weighted): 49.5 + 40 = 89.5
        result = self.evaluate(UNIT_DIFFICULTY, self.goals(1.2, 0.8), unit_difficulty=1.1)
        self.assertEqual(result.sections["work"].score, 49.5)
        self.assertEqual(result.sections["other"].score, 40)
        self.assertEqual(result.total, 89.5)
        # 45 × 0.95 = 42.75
        lower = self.evaluate(UNIT_DIFFICULTY, self.goals(), unit_difficulty=0.95)
        self.assertEqual(lower.sections["work"].score, 42.75)

    def test_unit_basis_rounds_after_weighing(self):
        # 30 points at c = 1/3 score 10: 50 × 10 / 30 × 1.1 = 18.333… → 18.33
        goals = (GoalSpec(RATIO, 30, 3, 1, section="work"),)
        self.assertEqual(self.evaluate(UNIT_DIFFICULTY, goals, 1.1).sections["work"].score, 18.33)

    def test_coefficient_must_be_positive(self):
        for bad in (0.0, -1.0, None):
            with self.subTest(goal=bad), self.assertRaisesRegex(ValueError, "'heavy'"):
                self.evaluate(GOAL_DIFFICULTY, self.goals(heavy=bad))
            with self.subTest(unit=bad), self.assertRaisesRegex(ValueError, "unit 'u'"):
                self.evaluate(UNIT_DIFFICULTY, self.goals(), unit_difficulty=bad)
        # a basis that does not use them does not check them
        self.evaluate("none", self.goals(heavy=0.0), unit_difficulty=0.0)


class TestCountyScheme(unittest.TestCase):
    """A county under the 40:50:10 scheme, worked through by hand."""

    def test_county(self):
        unit = Unit(
            "county_a",
            "county",
            goals=(
                # 重点工作和项目工程 (Σ points 40)
                # project: 立项 0.3 + 开工 0.3 done, 竣工 0.4 not: 15 × 0.6 = 9
                goal(
                    "key",
                    MILESTONES,
                    15,
                    milestones=[(0.3, True, "立项"), (0.3, True, "开工"), (0.4, False, "竣工")],
                ),
                # industrial park completed: 10
                goal("key", BINARY, 10, actual=True),
                # 营商环境 rated B: 15 × 0.85 = 12.75
                goal("key", GRADE, 15, actual="B"),
                # 定量任务指标 (Σ points 60)
                # GDP: c = 330 / 300 = 1.1, cap 1.2: 20 × 1.1 = 22
                goal("quant", RATIO, 20, 300, 330, cap=1.2),
                # fixed-asset investment: c = 135 / 150 = 0.9, proportional band: 20 × 0.9 = 18
                goal(
                    "quant",
                    BANDS,
                    20,
                    150,
                    135,
                    bands=[(1.0, 1.0), (0.9, PROPORTIONAL), (0.6, 0.5)],
                ),
                # energy intensity (lower is better): c = 0.5 / 0.625 = 0.8: 10 × 0.8 = 8
                goal("quant", RATIO, 10, 0.5, 0.625, direction=LOWER),
                # safety incidents: 1 × 2: 10 − 2 = 8
                goal("quant", DEDUCTION, 10, actual=1, per_incident=2),
            ),
            special={
                "other": {
                    "npc": 90,
                    "cppcc": 92,
                    "discipline": 88,
                    "organization": 95,
                    "publicity": 85,
                }
            },
            bonuses=(Bonus("national"), Bonus("provincial")),
            deductions=(
                Deduction("safety", 1),
                Deduction("safety", 1.5),
                Deduction("environment", 1),
            ),
        )
        result = evaluate_unit(COUNTY, unit)
        self.assertEqual([goal.score for goal in result.goals], [9, 10, 12.75, 22, 18, 8, 8])
        # key: 40 × (9 + 10 + 12.75) / 40 = 31.75
        # quant: 50 × (22 + 18 + 8 + 8) / 60 = 50 × 56 / 60 = 46.666… → 46.67
        # other: 10 × (90 + 92 + 88 + 95 + 85) / 5 / 100 = 10 × 0.9 = 9
        scores = {code: section.score for code, section in result.sections.items()}
        self.assertEqual(scores, {"key": 31.75, "quant": 46.67, "other": 9})
        # bonus: national 3 + provincial 2 = 5, cap 3: 3 (2 cut off)
        self.assertEqual((result.bonus, result.bonus_excess), (3, 2))
        # deductions: safety 1 + 1.5 = 2.5 → cap 2; environment 1: 3
        self.assertEqual(result.deductions, {"safety": 2, "environment": 1})
        # total = 31.75 + 46.67 + 9 + 3 − 3 = 87.42
        self.assertEqual(result.total, 87.42)
        self.assertFalse(result.vetoed)


class TestDepartmentScheme(unittest.TestCase):
    """A city department under the 20:60:20 scheme, worked through by hand."""

    def test_department(self):
        unit = Unit(
            "dept_a",
            "department",
            goals=(
                # 常规工作: A → 10, C → 10 × 0.7 = 7; section 20 × 17 / 20 = 17
                goal("routine_work", GRADE, 10, actual="A"),
                goal("routine_work", GRADE, 10, actual="C"),
                # 定量任务指标: c = 950 / 1000 = 0.95 → 30 × 0.95 = 28.5;
                # c = 100 / 200 = 0.5 < 0.6 → 0; section 60 × 28.5 / 60 = 28.5
                goal("quant", RATIO, 30, 1000, 950, zero_below=0.6),
                goal("quant", RATIO, 30, 200, 100, zero_below=0.6),
            ),
            # cppcc did not score: 20 × (0.25 × 80 + 0.5 × 90) / 0.75 / 100
            # = 20 × 65 / 75 = 17.333… → 17.33
            special={"other": {"npc": 80, "leader": 90}},
            bonuses=(Bonus("city"),),
        )
        result = evaluate_unit(DEPARTMENT, unit)
        scores = {code: section.score for code, section in result.sections.items()}
        self.assertEqual(scores, {"routine_work": 17, "quant": 28.5, "other": 17.33})
        self.assertEqual(result.sections["other"].missing, ("cppcc",))
        self.assertEqual(result.goals[3].reason.code, "zero_threshold")
        # total = 17 + 28.5 + 17.33 + 1 (city award) = 63.83
        self.assertEqual(result.total, 63.83)
