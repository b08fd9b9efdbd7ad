"""Compute cycle through the ORM: a worked example of the small city, rule by rule."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..scoring.reader import interim_date
from .test_scoring_common import ScoringCase


@tagged("post_install", "-at_install")
class TestScoringCompute(ScoringCase):
    """County scheme 40:50:10 and department scheme 20:60:20, computed at year-end.

    County A
      key (40): project done 20/20 + task, milestones 30+30 of 100 done, 12/20
                → 40 × 32/40 = 32
      quant (50): GDP 95 of 100 → 30 × 0.95 = 28.5; energy 40 under a ceiling
                of 50 → completion 1.25, capped at 1 → 20/20 → 50 × 48.5/50 = 48.5
      other (10): 人大 90 (weight 3), 社会评价 80 (weight 2) → (270 + 160) / 5 = 86
                → 10 × 86 % = 8.6
      bonus: provincial award 2 + national award of 4 points = 6, capped at 5
      deductions: two criticisms of 2 = 4, capped at 3 in their category
      total = 32 + 48.5 + 8.6 + 5 − 3 = 91.1 → excellent (quota 50 % of 2 = 1)
    County B
      key: project not done 0 + task all done 20 → 40 × 20/40 = 20
      quant: GDP 110 → 30 (cap 1); energy 55 against 50 → 50/55 = 0.909… → 18.18…
             → 50 × 48.1818/50 = 48.18
      other: 人大 100 only (社会评价 missing) → 10
      total = 20 + 48.18 + 10 = 78.18 → good, rank 2
    Statistics bureau (department)
      common (20): grade B = 85 % of 20 = 17 → 17
      own (60): revenue 95 % in the proportional band 90 → 100 % (90 → 100 % of
                the points) → 95 % of 60 = 57
      social (20): 社会评价 90 (no bodies configured: all bodies alike) → 18
      total = 92 → excellent by threshold, but 30 % of 2 departments = 0 places → good
    Environment bureau
      common: grade A → 20; own: revenue 50 % is under the 60 % band → 0
      social: nobody scored → 0 (empty); total 20 → fail
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        key, quant = cls.section(cls.scheme_county, "key"), cls.section(cls.scheme_county, "quant")
        common = cls.section(cls.scheme_dept, "common")
        own = cls.section(cls.scheme_dept, "own")
        cls.social = cls.section(cls.scheme_dept, "social")
        a, b = cls.county_a, cls.county_b
        cls.a_project = cls._goal(a, cls.ind_project, key, 20, 1, actual=1)
        cls.a_task = cls._goal(a, cls.ind_task, key, 20, 100)
        cls._milestones(cls.a_task, (3, 30, True), (6, 30, True), (12, 40, False))
        cls.a_gdp = cls._goal(a, cls.ind_gdp, quant, 30, 100, actual=95)
        cls.a_energy = cls._goal(a, cls.ind_energy, quant, 20, 50, actual=40)
        cls.b_project = cls._goal(b, cls.ind_project, key, 20, 1, actual=0)
        cls.b_task = cls._goal(b, cls.ind_task, key, 20, 100)
        cls._milestones(cls.b_task, (9, 50, True), (12, 50, True))
        cls.b_gdp = cls._goal(b, cls.ind_gdp, quant, 30, 100, actual=110)
        cls.b_energy = cls._goal(b, cls.ind_energy, quant, 20, 50, actual=55)
        cls._special(a, cls.body_npc, 90)
        cls._special(a, cls.body_public, 80)
        cls._special(b, cls.body_npc, 100)
        cls._adjustment(a, "bonus", award_level="provincial")
        cls._adjustment(a, "bonus", award_level="national", points=4)
        cls._adjustment(a, "deduction", deduction_category_id=cls.cat_criticism.id, points=2)
        cls._adjustment(a, "deduction", deduction_category_id=cls.cat_criticism.id, points=2)
        cls._adjustment(b, "bonus", award_level="city", confirm=False)  # proposed only

        stats, env_bureau = cls.dept_stats, cls.dept_env
        cls.s_quality = cls._goal(stats, cls.ind_quality, common, 20, actual=2)
        cls.s_revenue = cls._goal(stats, cls.ind_revenue, own, 60, 100, actual=95)
        cls.e_quality = cls._goal(env_bureau, cls.ind_quality, common, 20, actual=1)
        cls.e_revenue = cls._goal(env_bureau, cls.ind_revenue, own, 60, 100, actual=50)
        cls._special(stats, cls.body_public, 90, section=cls.social)

        # not scored: a person-level goal, a cancelled goal, the city's own goal
        cls.a_person = cls._goal(a, cls.ind_gdp, quant, 30, 100, employee_id=cls.employee.id)
        cls.a_cancelled = cls._goal(
            a, cls.ind_air, quant, 5, 90, actual=10, state="cancelled", name="取消"
        )

    def compute(self, stage="year_end"):
        cycle = self.cycle.with_user(self.users["office"])
        return {
            "q1": cycle.action_preview_q1,
            "midyear": cycle.action_preview_midyear,
            "q3": cycle.action_preview_q3,
            "year_end": cycle.action_compute_scores,
        }[stage]()

    def test_worked_example(self):
        self.compute()
        ev_a, ev_b = self.evaluation(self.county_a), self.evaluation(self.county_b)
        self.assertEqual(self.section_scores(ev_a), {"key": 32, "quant": 48.5, "other": 8.6})
        self.assertEqual(self.section_scores(ev_b), {"key": 20, "quant": 48.18, "other": 10})
        self.assertEqual((ev_a.bonus, ev_a.deduction, ev_a.goal_score), (5, 3, 80.5))
        self.assertEqual((ev_a.total, ev_a.rank, ev_a.grade), (91.1, 1, "excellent"))
        self.assertEqual((ev_b.bonus, ev_b.deduction), (0, 0))  # the proposed award waits
        self.assertEqual((ev_b.total, ev_b.rank, ev_b.grade), (78.18, 2, "good"))
        self.assertTrue(ev_a.computed_at)
        self.assertEqual(ev_a.scheme_id, self.scheme_county)

        ev_s, ev_e = self.evaluation(self.dept_stats), self.evaluation(self.dept_env)
        self.assertEqual(self.section_scores(ev_s), {"common": 17, "own": 57, "social": 18})
        self.assertEqual((ev_s.total, ev_s.rank, ev_s.grade), (92, 1, "good"))  # quota
        self.assertEqual((ev_e.total, ev_e.rank, ev_e.grade), (20, 2, "fail"))
        empty = ev_e.section_result_ids.filtered("empty").section_id
        self.assertEqual(empty, self.social)

        # evaluations for assessed units with goals only; lines for their scored goals
        evaluations = self.env["target.evaluation"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(
            evaluations.unit_id, self.county_a | self.county_b | self.dept_stats | self.dept_env
        )
        self.assertEqual(set(evaluations.mapped("stage")), {"year_end"})
        self.assertEqual(
            ev_a.line_ids.goal_id, self.a_project | self.a_task | self.a_gdp | self.a_energy
        )
        self.assertEqual(len(ev_a.section_result_ids), 3)

    def test_lines_explain_lost_points(self):
        self.compute()
        gdp = self.line(self.a_gdp)
        self.assertEqual((gdp.final_score, gdp.completion, gdp.lost_points), (28.5, 95, 1.5))
        self.assertEqual((gdp.actual_value, gdp.score_source), (95, "reported"))
        self.assertEqual(gdp.explanation, "Completion 95 %.")
        energy = self.line(self.b_energy)
        self.assertEqual(energy.final_score, 18.18)  # 20 × 50/55 = 18.1818…
        self.assertEqual(energy.completion, 90.91)
        self.assertEqual(energy.explanation, "Completion 90.9 %.")
        self.assertEqual(self.line(self.a_energy).lost_points, 0)
        self.assertEqual(self.line(self.a_energy).explanation, "")
        self.assertEqual(self.line(self.b_project).explanation, "Not done.")
        task = self.line(self.a_task)
        self.assertEqual((task.final_score, task.completion), (12, 60))
        self.assertEqual(task.explanation, "Milestones not reached (40 % of the points): M12.")
        self.assertEqual(self.line(self.s_quality).explanation, "Graded B: 85 % of the points.")
        self.assertEqual(
            self.line(self.e_revenue).explanation,
            "Completion 50 % is below the 60 % needed to score at all.",
        )
        self.assertEqual(self.evaluation(self.county_a).lost_points, 8 + 1.5)

    def test_breakdown(self):
        self.compute()
        breakdown = self.evaluation(self.county_a)._score_breakdown()
        self.assertEqual(breakdown["total"], 91.1)
        self.assertEqual(breakdown["grade"], "Excellent")
        self.assertEqual([row["score"] for row in breakdown["sections"]], [32, 48.5, 8.6])
        self.assertEqual(sorted(item["points"] for item in breakdown["bonuses"]), [2, 4])
        self.assertEqual([item["points"] for item in breakdown["deductions"]], [2, 2])
        self.assertEqual([line["lost"] for line in breakdown["lost"]], [8, 1.5])
        quota = self.evaluation(self.dept_stats)._score_breakdown()
        self.assertEqual(
            quota["grade_reason"], "Quota: only 0 unit(s) of the category can be Excellent."
        )

    def test_veto_caps_the_first(self):
        veto = self._veto(self.county_a)  # the scheme's effect: not above pass
        self.assertEqual(veto.effect, "scheme")
        self.compute()
        ev_a = self.evaluation(self.county_a)
        self.assertEqual((ev_a.total, ev_a.rank, ev_a.grade, ev_a.vetoed), (91.1, 1, "pass", True))
        self.assertIn("veto", ev_a._score_breakdown()["grade_reason"])
        # a fail item, and the scheme ranking vetoed units last
        veto.action_draft()
        veto.write({"effect": "fail"})
        veto.action_confirm()
        self.scheme_county.veto_rank_last = True
        self.compute()
        self.assertEqual((ev_a.rank, ev_a.grade), (2, "fail"))
        self.assertEqual(self.evaluation(self.county_b).rank, 1)
        # a cancelled veto no longer counts
        veto.action_cancel()
        self.compute()
        self.assertEqual((ev_a.rank, ev_a.grade, ev_a.vetoed), (1, "excellent", False))

    def test_precedence_of_line_scores(self):
        self.compute()
        gdp = self.line(self.a_gdp)
        gdp.write({"self_scored": True, "self_value": 99, "self_score": 29.7})
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source), (29.7, "self"))
        gdp.write({"assessor_scored": True, "assessor_value": 90, "assessor_score": 27})
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source, gdp.completion), (27, "assessor", 90))
        self.assertEqual(
            gdp.explanation, "Scored 27 of 30 points by the assessor department. Completion 90 %."
        )
        gdp.write({"verified": True, "verified_value": 100, "verified_score": 30})
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source, gdp.explanation), (30, "verified", ""))
        self.scheme_county.score_precedence = "assessor_verified_self"
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source), (27, "assessor"))
        # the value given, scored by the indicator's method: 90 of 100 → 27 as well
        self.scheme_county.write({"score_basis": "value", "score_precedence": "reported"})
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source), (28.5, "reported"))
        self.scheme_county.score_precedence = "verified_assessor"
        gdp.verified_value = 96
        self.compute()
        self.assertEqual((gdp.final_score, gdp.score_source), (28.8, "verified"))

    def test_recompute_is_idempotent(self):
        self.compute()
        Evaluation, Line = self.env["target.evaluation"], self.env["target.evaluation.line"]
        Section = self.env["target.evaluation.section"]

        def snapshot():
            evaluations = Evaluation.search([("cycle_id", "=", self.cycle.id)])
            return (
                evaluations.read(["unit_id", "total", "rank", "grade", "vetoed"]),
                Line.search([("cycle_id", "=", self.cycle.id)]).read(
                    ["goal_id", "final_score", "lost_points", "explanation"]
                ),
                Section.search([("evaluation_id", "in", evaluations.ids)]).read(["score"]),
            )

        first = snapshot()
        self.compute()
        self.assertEqual(snapshot(), first)
        # a goal cancelled since leaves the evaluation at the next run
        self.a_project.state = "cancelled"
        self.compute()
        self.assertFalse(self.line(self.a_project))
        self.assertEqual(self.section_scores(self.evaluation(self.county_a))["key"], 24)

    def test_locked_once_results_are_approved(self):
        self.compute()
        self.cycle.phase = "publicity"
        with self.assertRaisesRegex(UserError, "approved"):
            self.compute()
        with self.assertRaisesRegex(UserError, "approved"):
            self._veto(self.county_b)
        with self.assertRaisesRegex(UserError, "approved"):
            self._special(self.county_b, self.body_public, 60)
        with self.assertRaisesRegex(UserError, "approved"):
            self.env["target.special.evaluation"].search([], limit=1).score = 10
        with self.assertRaisesRegex(UserError, "approved"):
            self._adjustment(self.county_b, "bonus", award_level="city")
        # an award of this cycle dated after its scoring deadline counts in the next one
        late = self._adjustment(self.county_b, "bonus", award_level="city", date=date(2027, 2, 1))
        self.assertTrue(late.carried_over)
        self.assertFalse(late.scoring_cycle_id)

    def test_only_the_office_computes(self):
        for role in ("unit_leader", "assessor", "leader", "evaluator"):
            with self.assertRaises(AccessError):
                self.cycle.with_user(self.users[role]).action_compute_scores()

    def test_midyear_preview(self):
        """Mid-year (30 June): targets pro rata, milestones due by then.

        County A: project done 20/20; task: M3 and M6 due (60 of the shares) and
        done → 20/20; key 40. GDP 95 against 100 × 181/365 = 49.59 → full;
        energy, a cumulative ceiling of 50 × 181/365 = 24.79 against 40 →
        24.79/40 = 0.6199 → 12.40 of 20; quant 50 × 42.40/50 = 42.40. No
        special evaluation at mid-year; bonus and deductions dated by 30 June
        only (none).
        """
        self.compute("midyear")
        ev_a = self.evaluation(self.county_a, "midyear")
        self.assertFalse(self.evaluation(self.county_a))  # no year-end evaluation
        self.assertEqual(self.section_scores(ev_a), {"key": 40, "quant": 42.4, "other": 0})
        self.assertEqual((ev_a.bonus, ev_a.deduction, ev_a.total), (0, 0, 82.4))
        # B's task had nothing due by June: not scored yet, its points out of the section
        task = self.line(self.b_task, "midyear")
        self.assertEqual((task.final_score, task.lost_points, task.reason_code), (0, 0, "not_due"))
        self.assertIn("not scored yet", task.explanation)
        self.assertEqual(self.section_scores(self.evaluation(self.county_b, "midyear"))["key"], 0)
        self.assertEqual(len(self.evaluation(self.county_b, "midyear").line_ids), 4)

    def test_routine_section_takes_the_midyear_total(self):
        """A routine section (平时考核) of 10 is worth 10 × mid-year total / 100."""
        self.section(self.scheme_town, "other").kind = "routine"
        town_key = self.section(self.scheme_town, "key")
        self._goal(self.town_a1, self.ind_project, town_key, 10, 1, actual=1)
        self.compute("midyear")
        midyear = self.evaluation(self.town_a1, "midyear")
        self.assertEqual(midyear.total, 40)  # key 40 × 10/10; quant empty
        self.compute()
        self.assertEqual(self.section_scores(self.evaluation(self.town_a1))["other"], 4)

    def test_routine_section_averages_the_quarters_when_the_scheme_says_so(self):
        """平时考核 from the quarterly evaluations: 10 × mean(Q1, mid-year, Q3) / 100.

        The project (10 of the key section's 10) counts as done only from the mid-year
        on (its milestones: none due by the first quarter's end, then one of two due and
        done by June, both by September); the key section is worth 40 of 100.
        """
        routine = self.section(self.scheme_town, "other")
        routine.write({"kind": "routine", "routine_source": "quarterly"})
        town_key = self.section(self.scheme_town, "key")
        task = self._goal(self.town_a1, self.ind_task, town_key, 10, 100)
        self._milestones(task, (6, 50, True), (9, 50, True))
        for stage in ("q1", "midyear", "q3"):
            self.compute(stage)
        totals = [self.evaluation(self.town_a1, stage).total for stage in ("q1", "midyear", "q3")]
        # Q1: nothing due, the key section is empty; mid-year: 50 of the 50 due; Q3: all done
        self.assertEqual(totals, [0, 40, 40])
        self.assertEqual(
            self.line(task, "q1").reason_code, "not_due", "Q1 counts what is due by March 31"
        )
        self.compute()
        other = 10 * (0 + 40 + 40) / 3 / 100
        scores = self.section_scores(self.evaluation(self.town_a1))
        self.assertAlmostEqual(scores["other"], other, 2)

        # the mid-year source ignores the quarters
        routine.routine_source = "midyear"
        self.compute()
        self.assertEqual(self.section_scores(self.evaluation(self.town_a1))["other"], 4)

    def test_routine_section_counts_supervision_when_the_scheme_says_so(self):
        """平时考核 with supervision (督办): the unit's record on 100 is one more routine result.

        Town A1's mid-year total is 40; of its two supervision tasks one was answered by
        its deadline and accepted, the other is past its deadline unanswered: 50 on 100.
        The section of 10 is worth 10 × mean(40, 50) / 100 = 4.5; without the setting, 4.
        """
        routine = self.section(self.scheme_town, "other")
        routine.write({"kind": "routine", "routine_supervision": True})
        town_key = self.section(self.scheme_town, "key")
        self._goal(self.town_a1, self.ind_project, town_key, 10, 1, actual=1)
        Task = self.env["target.supervision.task"]
        on_time, late = Task.create(
            [
                {
                    "name": name,
                    "cycle_id": self.cycle.id,
                    "unit_id": self.town_a1.id,
                    "deadline": deadline,
                }
                for name, deadline in (
                    ("按期办结", date(2026, 12, 10)),
                    ("逾期未办", date(2026, 10, 8)),
                )
            ]
        )
        (on_time | late).action_assign()
        on_time.write({"feedback": "已完成"})
        on_time.action_answer()
        on_time.action_accept()
        self.compute("midyear")
        self.compute()
        self.assertEqual(self.section_scores(self.evaluation(self.town_a1))["other"], 4.5)
        routine.routine_supervision = False
        self.compute()
        self.assertEqual(self.section_scores(self.evaluation(self.town_a1))["other"], 4)

    def test_quarter_dates(self):
        """Q1 ends on March 31 and Q3 on September 30 of a calendar-year cycle."""
        year = self.cycle.date_start.year
        self.assertEqual(interim_date(self.cycle, "q1"), date(year, 3, 31))
        self.assertEqual(interim_date(self.cycle, "q3"), date(year, 9, 30))
        self.cycle.sudo().midyear_date = date(year, 7, 15)
        self.assertEqual(interim_date(self.cycle, "midyear"), date(year, 7, 15))
