"""Browser journeys (tours) of each role, run in headless Chromium in zh_CN.

Each test builds its data here, then a tour of static/tests/tours/ plays
the journey in the browser as the role's user (menus, clicks, typing, file
uploads) and checks what the user sees in Chinese; the test then checks what
the journey wrote. The base class and the screenshots are in tour.py.
"""

import base64
import io
import unittest
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..demo_city.flow import approve_through_reviews, put_schemes_in_force
from . import tour
from .common import ApprovalMixinCase
from .test_cycle_signoff import YearEndCase
from .test_evaluation_campaign import CampaignMixin
from .test_inspection import FALSE_REPORT
from .test_personnel_results import PersonnelCase
from .test_scoring_common import ScoringCase
from .tour import XLSX_MIMETYPE, TourCase, browser_problem


class TestBrowserCheck(unittest.TestCase):
    """Where the tours cannot run, the reason is named (no database, no browser)."""

    def test_reasons(self):
        missing = unittest.SkipTest("Chrome executable not found")
        with patch.object(tour, "_find_executable", side_effect=missing):
            self.assertIn("apt-get install chromium", browser_problem(8069))
        with patch.object(tour, "websocket", None):
            self.assertIn("websocket-client", browser_problem(8069))
        with patch.object(tour, "_find_executable", return_value="/usr/bin/chromium"):
            self.assertIn("--odoo-http", browser_problem(None))
            self.assertIsNone(browser_problem(8069))


@tagged("post_install", "-at_install")
class TestProgressTour(TourCase):
    """(a) 填报员 reports October's progress of a goal with evidence and submits it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "execution"
        cls.cycle.action_generate_periods()
        cls.goal_a = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县地区生产总值",
                "target_value": 200.0,
                "points": 20.0,
                "section_id": cls.section(cls.scheme_county, "quant").id,
            }
        )
        cls.goal_a.write({"state": "approved"})
        cls.september = cls.period("2026-9")
        cls.october = cls.period("2026-10")
        returned = (
            cls.env["target.progress"]
            .with_user(cls.users["unit_user"])
            .create({"goal_id": cls.goal_a.id, "period_id": cls.september.id, "value": 150.0})
        )
        returned.action_submit()
        returned.with_user(cls.users["office"]).action_return("请补充九月统计台账。")

    @classmethod
    def period(cls, name):
        return cls.cycle.period_ids.filtered(lambda p: p.name == name)

    def test_a_browser_odoo_gives_up_on_fails_the_test(self):
        # Odoo turns a browser that does not start or answer into a skip
        gave_up = unittest.SkipTest("Failed to detect chrome devtools port after 10.0s.")
        with (
            patch.object(HttpCase, "start_tour", side_effect=gave_up),
            self.assertRaisesRegex(AssertionError, "did not run: Failed to detect"),
        ):
            self.start_tour("/odoo", "target_progress_tour", login="ta_unit_user")

    def test_unit_user_reports_with_evidence(self):
        self.start_tour("/odoo", "target_progress_tour", login="ta_unit_user")
        report = self.env["target.progress"].search(
            [("goal_id", "=", self.goal_a.id), ("period_id", "=", self.october.id)]
        )
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.value, 160.0)
        self.assertEqual(report.submitted_by_id, self.users["unit_user"])
        self.assertIn("重点项目投产", report.narrative)
        self.assertEqual(report.attachment_ids.mapped("name"), ["十月统计台账.txt"])
        self.assertIn("累计160亿元", base64.b64decode(report.attachment_ids.datas).decode())
        # the reviewer's list shows it
        to_review = (
            self.env["target.progress"]
            .with_user(self.users["office"])
            .search([("state", "=", "submitted")])
        )
        self.assertIn(report, to_review)


@tagged("post_install", "-at_install")
class TestLetterApprovalTour(ApprovalMixinCase, TourCase):
    """(b) 单位负责人 approves the letter the unit submitted, from the reviews inbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "signing"
        quant = cls.section(cls.scheme_county, "quant")
        cls.goals = cls.env["target.goal"].create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "indicator_id": indicator.id,
                    "name": name,
                    "target_value": target,
                    "points": points,
                    "section_id": quant.id,
                }
                for indicator, name, target, points in (
                    (cls.ind_gdp, "甲县地区生产总值", 200.0, 20.0),
                    (cls.ind_energy, "甲县能源消费总量", 80.0, 10.0),
                )
            ]
        )
        cls.plan = cls.goals.plan_id
        cls.plan.with_user(cls.users["unit_user"]).action_submit()

    def test_unit_leader_approves_from_inbox(self):
        self.assertEqual(self.pending_reviewers(self.plan), self.users["unit_leader"])
        self.start_tour("/odoo", "target_letter_approval_tour", login="ta_unit_leader")
        leader_review = self.plan.review_ids.filtered(
            lambda r: self.users["unit_leader"] in r.reviewer_ids
        )
        self.assertEqual(leader_review.status, "approved")
        self.assertEqual(leader_review.done_by, self.users["unit_leader"])
        # the chain goes on: the office next, the letter still submitted
        self.assertEqual(self.plan.state, "submitted")
        self.assertIn(self.users["office"], self.pending_reviewers(self.plan))


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SHEET_HEADER = ["目标编号", "上级目标编号", "单位编码", "责任人", "指标编码", "目标名称"]
SHEET_HEADER += ["目标值", "基期值", "分值", "完成时限", "考核板块"]
ENERGY_SHEET = [
    SHEET_HEADER,
    ["A-EN", "C-EN", "ca", "", "ENERGY", "甲县能源消费总量", 180, "", 10, "", "quant"],
    ["B-EN", "C-EN", "cb", "", "ENERGY", "乙县能源消费总量", 120, "", 10, "", "quant"],
    ["A1-EN", "A-EN", "ta1", "", "ENERGY", "一镇能源消费总量", 90, "", 8, "", "quant"],
    ["A2-EN", "A-EN", "ta2", "", "ENERGY", "二镇能源消费总量", 90, "", 8, "", "quant"],
]


@tagged("post_install", "-at_install")
class TestDecompositionTour(TourCase):
    """(c) 考核办 decomposes a goal in the wizard and imports a decomposition sheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "decomposition"
        Goal = cls.env["target.goal"]
        cls.city_gdp, cls.city_energy = Goal.create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.city.id,
                    "indicator_id": indicator.id,
                    "ref": ref,
                    "name": name,
                    "target_value": target,
                    "points": 10.0,
                }
                for indicator, ref, name, target in (
                    (cls.ind_gdp, "C-GDP", "全市地区生产总值", 1000.0),
                    (cls.ind_energy, "C-EN", "全市能源消费总量", 300.0),
                )
            ]
        )
        bad = [list(row) for row in ENERGY_SHEET]
        bad[3][2] = "ta9"  # row 4 of the sheet: no such unit
        Attachment = cls.env["ir.attachment"].with_user(cls.users["office"])
        for name, rows in (
            ("tour_decomposition_bad.xlsx", bad),
            ("tour_decomposition_good.xlsx", ENERGY_SHEET),
        ):
            Attachment.create({"name": name, "raw": xlsx(rows), "mimetype": XLSX_MIMETYPE})

    def test_office_decomposes_and_imports(self):
        goals_before = self.env["target.goal"].search_count([])
        self.start_tour("/odoo", "target_decomposition_tour", login="ta_office")
        # the wizard: the counties' parts, by hand
        children = self.city_gdp.child_ids.sorted("target_value")
        self.assertEqual(children.unit_id, self.county_b | self.county_a)
        self.assertEqual(children.mapped("target_value"), [400.0, 600.0])
        self.assertTrue(self.city_gdp.is_covered)
        # the sheet: the corrected one only, parents first
        goals = {
            g.ref: g for g in self.city_energy.child_ids | self.city_energy.child_ids.child_ids
        }
        self.assertEqual(set(goals), {"A-EN", "B-EN", "A1-EN", "A2-EN"})
        self.assertEqual(goals["A1-EN"].parent_id, goals["A-EN"])
        self.assertEqual(goals["A1-EN"].unit_id, self.town_a1)
        self.assertEqual(goals["B-EN"].target_value, 120.0)
        self.assertTrue(self.city_energy.is_covered)
        self.assertEqual(self.env["target.goal"].search_count([]), goals_before + 2 + 4)


@tagged("post_install", "-at_install")
class TestAssessorTour(TourCase):
    """(d) 指标考评部门 scores its indicator for every unit from the worklist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "year_end"
        quant = cls.section(cls.scheme_county, "quant")
        common = {"cycle_id": cls.cycle.id, "section_id": quant.id}
        Goal = cls.env["target.goal"]
        a_gdp, a_energy, b_gdp = Goal.create(
            [
                dict(common, unit_id=cls.county_a.id, indicator_id=cls.ind_gdp.id,
                     name="甲县地区生产总值", target_value=200.0, points=20.0),
                dict(common, unit_id=cls.county_a.id, indicator_id=cls.ind_energy.id,
                     name="甲县能源消费总量", target_value=80.0, points=10.0),
                dict(common, unit_id=cls.county_b.id, indicator_id=cls.ind_gdp.id,
                     name="乙县地区生产总值", target_value=100.0, points=20.0),
            ]
        )  # fmt: skip
        cls.env["target.evaluation"].create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "stage": "year_end",
                    "line_ids": [
                        (0, 0, {"goal_id": a_gdp.id, "actual_value": 190.0, "self_value": 195.0}),
                        (0, 0, {"goal_id": a_energy.id, "actual_value": 78.0, "self_value": 78.0}),
                    ],
                },
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_b.id,
                    "stage": "year_end",
                    "line_ids": [
                        (0, 0, {"goal_id": b_gdp.id, "actual_value": 102.0, "self_value": 102.0})
                    ],
                },
            ]
        )
        cls.lines = cls.env["target.evaluation.line"].search([("cycle_id", "=", cls.cycle.id)])

    def test_assessor_scores_an_indicator_for_all_units(self):
        self.start_tour("/odoo", "target_assessor_tour", login="ta_assessor")
        by_unit = {line.unit_id: line for line in self.lines if line.indicator_id == self.ind_gdp}
        a, b = by_unit[self.county_a], by_unit[self.county_b]
        self.assertEqual((a.assessor_value, a.assessor_score, a.assessor_scored), (190, 19, True))
        self.assertEqual((b.assessor_value, b.assessor_score, b.assessor_scored), (102, 20, True))
        # the environment bureau's line was neither shown nor touched
        energy = self.lines.filtered(lambda line: line.indicator_id == self.ind_energy)
        self.assertFalse(energy.assessor_scored)
        self.assertFalse(energy.assessor_score)


@tagged("post_install", "-at_install")
class TestInspectionTour(TourCase, ScoringCase):
    """(e) 考核组成员 records a false report (虚报) on an inspected unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        key = cls.section(cls.scheme_county, "key")
        cls.a_gdp = cls._goal(cls.county_a, cls.ind_gdp, quant, 30, 100, actual=95)
        cls._goal(cls.county_a, cls.ind_project, key, 10, 1, actual=1)
        cls._goal(cls.county_b, cls.ind_gdp, quant, 30, 100, actual=100)
        cls.cycle.phase = "year_end"
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()
        cls.line_a = cls.env["target.evaluation.line"].search(
            [("goal_id", "=", cls.a_gdp.id), ("stage", "=", "year_end")]
        )
        cls.line_a.write({"self_scored": True, "self_value": 100.0, "self_score": 30.0})
        inspector = cls.users["inspector"]
        inspector.target_unit_ids = cls.dept_env
        cls.group = cls.env["target.inspection"].create(
            {
                "name": "第一考核组",
                "cycle_id": cls.cycle.id,
                "leader_id": inspector.id,
                "unit_ids": [(6, 0, cls.county_a.ids)],
                "method_site": True,
            }
        )
        cls.group.with_user(inspector).action_start()

    def test_inspector_records_a_false_report(self):
        self.start_tour("/odoo", "target_inspection_tour", login="ta_inspector")
        finding = self.group.finding_ids
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.line_id, self.line_a)
        self.assertEqual(finding.result, "false_report")
        self.assertEqual(finding.inspector_id, self.users["inspector"])
        self.assertEqual((self.line_a.verified_value, self.line_a.verified_score), (80.0, 24.0))
        deduction = finding.adjustment_id
        self.assertEqual(
            (deduction.kind, deduction.points, deduction.state), ("deduction", 2, "draft")
        )
        self.assertEqual(deduction.deduction_category_id, self.env.ref(FALSE_REPORT))
        self.assertEqual(finding.rectification_id.unit_id, self.county_a)
        self.assertEqual(finding.rectification_id.state, "draft")


@tagged("post_install", "-at_install")
class TestSignoffTour(TourCase, YearEndCase):
    """(f) 考核领导小组 reads the results and signs the cycle off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = cls.users["office"]
        cls.cycle.with_user(office).action_compute_scores()
        cls.complete_year_end()
        cls.cycle.phase = "scoring"
        cls.cycle.with_user(office).action_submit_signoff()

    def test_leader_signs_off(self):
        self.assertEqual(self.cycle.signoff_state, "submitted")
        self.start_tour("/odoo", "target_signoff_tour", login="ta_leader")
        self.assertEqual(self.cycle.signoff_state, "approved")
        self.assertEqual(self.cycle.phase, "publicity")
        review = self.cycle.review_ids
        self.assertEqual(review.done_by, self.users["leader"])
        self.assertEqual(self.cycle.publicity_start, date.today())


@tagged("post_install", "-at_install")
class TestSpecialEvaluationTour(TourCase, ScoringCase):
    """专项评议机构 enters its body's scores of the counties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "year_end"

    def test_evaluator_scores_units(self):
        self.start_tour("/odoo", "target_special_evaluation_tour", login="ta_evaluator")
        scores = self.env["target.special.evaluation"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(
            {(s.unit_id, s.body_id, s.section_id, s.score) for s in scores},
            {
                (self.county_a, self.body_npc, self.other, 92.0),
                (self.county_b, self.body_npc, self.other, 85.0),
            },
        )
        self.assertEqual(scores.evaluator_id, self.users["evaluator"])


@tagged("post_install", "-at_install")
class TestEvaluationCampaignTour(TourCase, CampaignMixin, ScoringCase):
    """满意度测评: a public visitor answers from a token link; the office closes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "year_end"
        cls.campaign = cls._campaign(min_responses=1)
        cls.campaign.action_open()

    def test_public_answer_then_office_closes(self):
        group = self.campaign.group_ids.filtered(lambda g: g.name == "人大代表")
        invitation = group.sudo().invitation_ids[0]
        url = invitation.get_start_url()
        self.start_tour(url, "target_evaluation_campaign_answer_tour", login=None)
        self.assertEqual(invitation.state, "done")
        self.assertFalse(invitation.partner_id, "anonymous")
        ratings = {
            line.question_id.target_unit_id: line.suggested_answer_id.answer_score
            for line in invitation.user_input_line_ids
        }
        self.assertEqual(ratings, {self.county_a: 100.0, self.county_b: 60.0})
        # the token is used up: the page says it is done, a new submission is refused
        self.assertIn("o_survey_finished", self.url_open(url).text)
        survey = invitation.survey_id
        answer = self.make_jsonrpc_request(
            f"/survey/submit/{survey.access_token}/{invitation.access_token}", {}
        )
        self.assertEqual(answer[1], {"error": "unauthorized"})
        # without a token nobody answers; the results are for signed-in survey users
        self.assertNotIn("o_survey_form", self.url_open(survey.get_start_url()).text)
        results = self.url_open(f"/survey/results/{survey.id}")
        self.assertIn("/web/login", results.url)

        self.start_tour("/odoo", "target_evaluation_campaign_close_tour", login="ta_office")
        self.assertEqual(self.campaign.state, "closed")
        scores = {s.unit_id: s.score for s in self.campaign.special_evaluation_ids}
        self.assertEqual(scores, {self.county_a: 100.0, self.county_b: 60.0})


@tagged("post_install", "-at_install")
class TestHrHistoryTour(TourCase, PersonnelCase):
    """(g) 组织部 opens a leader's assessment history and sets the final grade.

    2025: 甲县 scored 100 (excellent) and its secretary's own goal is full, so he
    is suggested 优秀; 2026 is published as in PersonnelCase (甲县 83, good:
    suggested 称职).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        scheme = cls.env["target.scheme"].create(
            {
                "name": "2025县区考核办法",
                "cycle_id": cls.previous.id,
                "category_id": cls.cat_county.id,
                "excellent_quota": 50.0,
                "section_ids": [
                    (0, 0, {"name": "重点工作和项目", "code": "key", "weight": 40}),
                    (0, 0, {"name": "定量指标", "code": "quant", "weight": 60}),
                ],
            }
        )
        put_schemes_in_force(scheme)
        key, quant = scheme.section_ids
        for unit, actual in ((cls.county_a, 100.0), (cls.county_b, 70.0), (cls.county_c, 80.0)):
            cls._goal(unit, cls.ind_project, key, 40.0, 1.0, actual=1.0, cycle=cls.previous)
            cls._goal(unit, cls.ind_gdp, quant, 60.0, 100.0, actual=actual, cycle=cls.previous)
        cls._goal(
            cls.county_a, cls.ind_energy, quant, 5.0, 100.0, actual=100.0,
            cycle=cls.previous, employee_id=cls.head_a.id, name="甲县书记 能耗 2025",
        )  # fmt: skip
        cls.previous.with_user(cls.users["office"]).action_compute_scores()
        cls.previous.phase = "published"  # a past year, as the demo city makes it

    def setUp(self):
        super().setUp()
        self.publish()

    def test_hr_opens_history_and_sets_final_grade(self):
        history = self.env["target.personnel.result"].search([("employee_id", "=", self.head_a.id)])
        self.assertEqual(history.mapped("suggested_grade"), ["competent", "excellent"])
        self.start_tour("/odoo", "target_hr_history_tour", login="ta_hr")
        result = self.result(self.head_a)
        self.assertEqual(result.final_grade, "basic")
        self.assertIn("通报批评", result.final_reason)
        self.assertEqual(result.grade, "basic")
        # the 2025 result is untouched
        self.assertFalse(self.result(self.head_a, self.previous).final_grade)


@tagged("post_install", "-at_install")
class TestSupervisionTaskTour(TourCase):
    """填报员 answers a supervision task (督办) assigned to the unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task = (
            cls.env["target.supervision.task"]
            .with_user(cls.users["office"])
            .create(
                {
                    "name": "加快推进重点项目开工",
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "deadline": date(2026, 12, 10),
                }
            )
        )
        cls.task.action_assign()

    def test_unit_user_answers_a_task(self):
        self.start_tour("/odoo", "target_supervision_task_tour", login="ta_unit_user")
        self.assertEqual(self.task.state, "answered")
        self.assertEqual(self.task.answered_by_id, self.users["unit_user"])
        self.assertIn("全部开工", self.task.feedback)


@tagged("post_install", "-at_install")
class TestSpotCheckTour(TourCase):
    """考核办 draws a spot check of two goals and starts it with an inspector."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goals = cls.env["target.goal"].create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_b.id,
                    "indicator_id": cls.ind_gdp.id,
                    "name": f"乙县目标{i}",
                    "target_value": 100.0,
                    "points": 10.0,
                }
                for i in range(3)
            ]
        )
        cls.goals.write({"state": "approved"})
        cls.inspector = new_test_user(
            cls.env,
            login="ta_tour_inspector",
            groups="target_assessment.group_inspector",
            name="环保局督查员",
        )
        cls.inspector.target_unit_ids = cls.dept_env

    def test_office_draws_and_starts_a_spot_check(self):
        self.start_tour("/odoo", "target_spot_check_tour", login="ta_office")
        check = self.env["target.spot.check"].search([("name", "=", "十二月目标任务抽查")])
        self.assertEqual(check.state, "in_progress")
        self.assertEqual(len(check.item_ids), 2)
        self.assertTrue(check.seed)
        self.assertEqual(check.inspector_ids, self.inspector)
        self.assertEqual(check.sudo()._sample(), check.item_ids.goal_id.sorted("id"))


@tagged("post_install", "-at_install")
class TestSupervisionBulletinTour(TourCase):
    """考核办主任 drafts, approves and publishes a supervision bulletin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.action_generate_periods()
        goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_b.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "乙县红灯目标",
                "target_value": 100.0,
                "points": 10.0,
                "own_actual": 40.0,
                "own_actual_set": True,
            }
        )
        goal.write({"state": "approved"})

    def test_head_of_office_publishes_a_bulletin(self):
        self.start_tour("/odoo", "target_supervision_bulletin_tour", login="ta_admin")
        bulletin = self.env["target.supervision.bulletin"].search(
            [("cycle_id", "=", self.cycle.id)]
        )
        self.assertEqual((bulletin.state, bulletin.sequence_number), ("published", 1))
        self.assertEqual(bulletin.line_ids.unit_id, self.county_b)
        self.assertEqual(bulletin.line_ids.red_count, 1)


@tagged("post_install", "-at_install")
class TestSchemeCommentsTour(TourCase):
    """The office publishes a draft scheme for comments; 填报员 comments for the unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cycle = cls.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        cls.scheme = cls.env["target.scheme"].create(
            {
                "name": "2027县区考核办法（征求意见稿）",
                "cycle_id": cycle.id,
                "category_id": cls.cat_county.id,
                "section_ids": [(0, 0, {"name": "重点工作和项目", "code": "key", "weight": 100})],
            }
        )

    def test_office_publishes_and_a_unit_comments(self):
        self.start_tour("/odoo", "target_scheme_publish_tour", login="ta_office")
        self.assertEqual(self.scheme.state, "comments")
        self.assertEqual(self.scheme.consulted_by_id, self.users["office"])
        self.start_tour("/odoo", "target_scheme_comment_tour", login="ta_unit_user")
        self.assertRecordValues(
            self.scheme.comment_ids,
            [
                {
                    "unit_id": self.county_a.id,
                    "author_id": self.users["unit_user"].id,
                    "body": "建议将重点工作和项目权重提高到45分。",
                    "state": "pending",
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestSupervisionBulletinReadTour(TourCase):
    """填报员 of county A reads an issued bulletin: the text, and only its own line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.action_generate_periods()
        goals = cls.env["target.goal"].create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": unit.id,
                    "indicator_id": cls.ind_gdp.id,
                    "name": f"{unit.name}目标",
                    "target_value": 100.0,
                    "points": 10.0,
                    "own_actual": actual,
                    "own_actual_set": True,
                }
                for unit, actual in ((cls.county_a, 100.0), (cls.county_b, 40.0))
            ]
        )
        goals.write({"state": "approved"})
        Bulletin = cls.env["target.supervision.bulletin"].with_user(cls.users["office"])
        cls.bulletin, draft = Bulletin.create(
            [
                {"cycle_id": cls.cycle.id, "period_number": 11},
                {"cycle_id": cls.cycle.id, "period_number": 10},
            ]
        )
        (cls.bulletin | draft).action_draft_text()
        cls.bulletin.action_submit()
        approve_through_reviews(cls.bulletin)
        cls.bulletin.action_publish()

    def test_unit_user_reads_an_issued_bulletin(self):
        self.assertEqual(self.bulletin.number, "〔2026〕第1期")
        self.assertEqual(self.bulletin.line_ids.unit_id, self.county_a | self.county_b)
        self.start_tour("/odoo", "target_supervision_bulletin_read_tour", login="ta_unit_user")


@tagged("post_install", "-at_install")
class TestCooperationTour(TourCase):
    """配合单位: the statistics bureau's clerk opens county A's shared GDP goal, reports
    the bureau's part and sees the share of the points the bureau counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.phase = "execution"
        cls.cycle.action_generate_periods()
        cls.scheme_county.cooperation_points = True
        cls.clerk = new_test_user(
            cls.env,
            login="ta_stats_user",
            groups="target_assessment.group_unit_user",
            name="统计局填报员",
            lang=tour.LANG,
            tz="Asia/Shanghai",
        )
        cls.clerk.target_unit_ids = cls.dept_stats
        cls.goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县 地区生产总值（共建）",
                "target_value": 100.0,
                "points": 30.0,
                "section_id": cls.section(cls.scheme_county, "quant").id,
                "cooperation_ids": [
                    Command.create(
                        {"unit_id": cls.dept_stats.id, "work_share": 30.0, "point_share": 20.0}
                    )
                ],
            }
        )
        cls.goal.write({"state": "approved"})
        cls.cycle.with_user(cls.users["office"]).action_preview_midyear()

    def test_cooperating_unit_reports_its_part_and_sees_its_share(self):
        shared = self.env["target.evaluation.line"].search(
            [("goal_id", "=", self.goal.id), ("cooperation_id", "!=", False)]
        )
        self.assertEqual(
            (shared.unit_id, shared.stage, shared.point_share), (self.dept_stats, "midyear", 20.0)
        )
        self.start_tour("/odoo", "target_cooperation_tour", login="ta_stats_user")
        report = self.env["target.progress"].search([("goal_id", "=", self.goal.id)])
        self.assertRecordValues(
            report,
            [
                {
                    "cooperation_id": self.goal.cooperation_ids.id,
                    "unit_id": self.dept_stats.id,
                    "value": 25.0,
                    "state": "submitted",
                    "submitted_by_id": self.clerk.id,
                }
            ],
        )
