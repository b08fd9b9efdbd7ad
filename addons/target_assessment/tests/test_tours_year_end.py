"""Browser journeys (tours) of the year end, run in headless Chromium in zh_CN.

As in test_tours.py: each class builds its data through the model methods,
a tour of static/tests/tours/ plays the journey as the role's users, and the
test checks what the journey wrote.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..scoring.preview import goal_score
from .test_cycle_signoff import YearEndCase
from .tour import LANG, TourCase


class InTheClientsLanguage:
    """The records of the class are made in the users' language, as from the web client
    (the names stored with them, e.g. an evaluation's, read in Chinese)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang=LANG))
        cls.cycle = cls.cycle.with_env(cls.env)


@tagged("post_install", "-at_install")
class TestSelfAssessmentTour(InTheClientsLanguage, TourCase):
    """年终自评: the clerk enters and submits; the unit leader, then the office approve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        common = {"cycle_id": cls.cycle.id, "section_id": quant.id, "target_value": 100.0}
        cls.gdp, cls.energy = cls.env["target.goal"].create(
            [
                dict(common, ref="SA1", unit_id=cls.county_a.id, indicator_id=cls.ind_gdp.id,
                     name="甲县GDP", points=20.0),
                dict(common, ref="SA2", unit_id=cls.county_a.id, indicator_id=cls.ind_energy.id,
                     name="甲县能耗", points=10.0),
            ]
        )  # fmt: skip
        today = fields.Date.context_today(cls.env["target.cycle"])
        cls.cycle.write({"phase": "midyear", "self_assessment_deadline": today + timedelta(10)})
        cls.cycle.with_user(cls.users["office"]).action_next_phase()
        cls.evaluation = cls.env["target.evaluation"].search(
            [("unit_id", "=", cls.county_a.id), ("stage", "=", "year_end")]
        )
        # the energy goal is self-assessed already; the tour gives the GDP goal's value
        energy_line = cls.evaluation.line_ids.filtered(lambda line: line.goal_id == cls.energy)
        energy_line.with_user(cls.users["unit_user"]).write({"self_value": 100.0})

    def test_submitted_then_approved_by_leader_and_office(self):
        self.assertEqual(self.cycle.phase, "year_end")
        self.start_tour("/odoo", "target_self_assessment_tour", login="ta_unit_user")
        evaluation = self.evaluation
        line = evaluation.line_ids.filtered(lambda line: line.goal_id == self.gdp)
        self.assertEqual(line.self_value, 96.0)
        self.assertTrue(line.self_scored)
        self.assertIn("统计年报", line.self_explanation)
        self.assertEqual(line.preview_score, goal_score(self.gdp, 96.0))
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.users["unit_user"])

        self.start_tour("/odoo", "target_self_assessment_approve_tour", login="ta_unit_leader")
        self.assertEqual(evaluation.state, "submitted")
        leader_review = evaluation.review_ids.filtered(lambda r: r.status == "approved")
        self.assertEqual(leader_review.done_by, self.users["unit_leader"])

        self.start_tour("/odoo", "target_self_assessment_office_tour", login="ta_office")
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(evaluation.review_ids.mapped("status"), ["approved", "approved"])
        self.assertIn(self.users["office"], evaluation.review_ids.done_by)
        self.assertTrue(evaluation.approved_on)


@tagged("post_install", "-at_install")
class TestMidyearReviewTour(InTheClientsLanguage, TourCase):
    """半年初评: the clerk submits; the leader, then the office approve; the office's
    feedback goes to the unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "midyear"
        cls.evaluation = cls._midyear_evaluation(90.0)

    def test_submitted_approved_and_answered(self):
        evaluation = self.evaluation
        self.start_tour("/odoo", "target_midyear_submit_tour", login="ta_unit_user")
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.users["unit_user"])
        self.assertIn("重点项目二季度开工", evaluation.self_comment)

        self.start_tour("/odoo", "target_midyear_leader_tour", login="ta_unit_leader")
        self.assertEqual(evaluation.state, "submitted")
        done = evaluation.review_ids.filtered(lambda r: r.status == "approved")
        self.assertEqual(done.done_by, self.users["unit_leader"])

        self.start_tour("/odoo", "target_midyear_office_tour", login="ta_office")
        self.assertEqual(evaluation.state, "approved")
        self.assertIn("GDP进度偏慢", evaluation.feedback)
        self.assertTrue(evaluation.feedback_sent)
        message = evaluation.message_ids.filtered(lambda m: "GDP进度偏慢" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.county_a.user_ids.partner_id)


@tagged("post_install", "-at_install")
class TestAppealTour(InTheClientsLanguage, TourCase, YearEndCase):
    """申诉: the unit files an appeal in the publicity period; the office accepts it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = cls.users["office"]
        cls.cycle.with_user(office).action_compute_scores()
        cls.complete_year_end()
        cls.cycle.phase = "scoring"
        cls.cycle.with_user(office).action_submit_signoff()
        cls.cycle.with_user(cls.users["leader"]).validate_tier()

    def test_appeal_filed_then_accepted(self):
        self.assertEqual(self.cycle.phase, "publicity")
        before = self.evaluation(self.county_a)
        self.assertEqual((before.total, before.rank), (83.0, 3))
        self.start_tour("/odoo", "target_appeal_file_tour", login="ta_unit_user")
        appeal = self.env["target.appeal"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(len(appeal), 1)
        self.assertEqual(appeal.create_uid, self.users["unit_user"])
        self.assertEqual(appeal.line_id, self.line(self.gdp[self.county_a]))
        self.assertIn("评分所用数据有误", appeal.reason)
        self.assertEqual(
            (appeal.state, appeal.total_before, appeal.rank_before), ("submitted", 83.0, 3)
        )

        self.start_tour("/odoo", "target_appeal_decide_tour", login="ta_office")
        self.assertEqual(appeal.state, "accepted")
        self.assertEqual(appeal.decided_by_id, self.users["office"])
        after = self.evaluation(self.county_a)
        self.assertEqual((after.total, after.rank, after.grade), (98.0, 1, "excellent"))
        self.assertEqual((appeal.rank_after, appeal.grade_after), (1, "excellent"))
        self.assertEqual(self.cycle.phase, "publicity")


@tagged("post_install", "-at_install")
class TestAdjustmentsTour(InTheClientsLanguage, TourCase, YearEndCase):
    """加减分与一票否决: the office records a bonus, a deduction and a veto and decides them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.cycle)
        # today's award counts in this cycle whatever day the tests run on
        cls.cycle.scoring_deadline = max(cls.cycle.scoring_deadline, today + timedelta(30))
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()

    def test_bonus_deduction_and_veto_decided(self):
        before = {unit: self.evaluation(unit).total for unit in self.gdp}
        self.start_tour("/odoo", "target_adjustments_tour", login="ta_office")
        office = self.users["office"]
        adjustments = self.env["target.score.adjustment"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(
            {(a.kind, a.unit_id, a.applied_points, a.state) for a in adjustments},
            {
                ("bonus", self.county_a, 2.0, "confirmed"),
                ("deduction", self.county_b, 1.5, "confirmed"),
            },
        )
        self.assertEqual(adjustments.decided_by_id, office)
        self.assertEqual(
            adjustments.filtered(lambda a: a.kind == "bonus").award_level, "provincial"
        )
        self.assertEqual(
            adjustments.filtered(lambda a: a.kind == "deduction").deduction_category_id,
            self.cat_criticism,
        )
        veto = self.env["target.veto"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(
            (veto.unit_id, veto.type_id, veto.state, veto.decided_by_id),
            (self.county_c, self.veto_safety, "confirmed", office),
        )
        # they count in the next computation
        self.cycle.with_user(office).action_compute_scores()
        a, b, c = (self.evaluation(unit) for unit in (self.county_a, self.county_b, self.county_c))
        self.assertEqual((a.bonus, a.total), (2.0, before[self.county_a] + 2.0))
        self.assertEqual((b.deduction, b.total), (1.5, before[self.county_b] - 1.5))
        # the scheme's effect: 丙县 (88, good) cannot be graded above pass
        self.assertEqual((c.vetoed, c.grade), (True, "pass"))
