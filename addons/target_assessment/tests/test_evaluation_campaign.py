"""Evaluation campaigns: questionnaire, anonymous tokens, aggregation, access."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_cycle_signoff import YearEndCase


class CampaignMixin:
    """A 人大 campaign on 甲县 and 乙县: 人大代表 (3 tokens, weight 3), 群众 (2, weight 1)."""

    @classmethod
    def _campaign(cls, **values):
        return cls.env["target.evaluation.campaign"].create(
            {
                "name": "人大满意度测评",
                "cycle_id": cls.cycle.id,
                "body_id": cls.body_npc.id,
                "unit_ids": [(6, 0, (cls.county_a | cls.county_b).ids)],
                "min_responses": 3,
                "group_ids": [
                    (0, 0, {"name": "人大代表", "sample_size": 3, "weight": 3.0}),
                    (0, 0, {"name": "群众", "sample_size": 2, "weight": 1.0}),
                ],
                **values,
            }
        )

    def answer(self, campaign, group_name, ratings):
        """One respondent of ``group_name`` rates the units: ``{unit: option index}``."""
        group = campaign.group_ids.filtered(lambda g: g.name == group_name)
        invitation = group.sudo().invitation_ids.filtered(lambda i: i.state == "new")[0]
        for question in campaign.sudo().survey_id.question_ids:
            index = ratings[question.target_unit_id]
            invitation._save_lines(question, question.suggested_answer_ids[index].id)
        invitation._mark_done()
        return invitation


@tagged("post_install", "-at_install")
class TestEvaluationCampaign(CampaignMixin, YearEndCase):
    def setUp(self):
        super().setUp()
        self.campaign = self._campaign()
        self.office = self.users["office"]

    def test_open_builds_questionnaire_and_anonymous_tokens(self):
        self.campaign.with_user(self.office).action_open()
        self.assertEqual(self.campaign.state, "open")
        self.assertEqual(self.campaign.opened_by_id, self.office)
        survey = self.campaign.sudo().survey_id
        self.assertEqual(survey.access_mode, "token")
        self.assertEqual(survey.scoring_type, "no_scoring")
        self.assertEqual(
            survey.question_ids.target_unit_id, self.county_a | self.county_b, "one per unit"
        )
        self.assertEqual(len(survey.question_ids[0].suggested_answer_ids), 3)
        if self.env["res.lang"]._lang_get("zh_CN"):  # scripts/test loads it
            question = survey.question_ids[0].with_context(lang="zh_CN")
            self.assertEqual(question.title, "您对甲县的工作是否满意？")
            self.assertEqual(
                question.suggested_answer_ids.mapped("value"), ["满意", "基本满意", "不满意"]
            )
        invitations = survey.user_input_ids
        self.assertEqual(len(invitations), 5)
        self.assertFalse(invitations.partner_id or any(invitations.mapped("email")))
        self.assertEqual(len(set(invitations.mapped("access_token"))), 5)
        self.assertEqual(self.campaign.invitation_count, 5)
        rows = self.campaign.with_user(self.office)._invitation_rows()
        self.assertEqual(len(rows), 5)
        self.assertIn("/survey/start/", rows[0]["url"])
        self.assertIn("answer_token=", rows[0]["url"])

    def test_invitation_sheet(self):
        self.campaign.with_user(self.office).action_open()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.office)
            ._render_qweb_html(
                "target_assessment.target_evaluation_campaign_report", self.campaign.ids
            )
        )
        html = html.decode()
        self.assertEqual(html.count("data:image/svg+xml;base64"), 5, "one QR code per token")
        self.assertEqual(html.count("answer_token="), 5, "and its link")
        self.assertIn("人大代表", html)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.office)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "target_assessment.target_evaluation_campaign_report", self.campaign.ids
            )
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))
        # a used token is not printed again
        self.answer(self.campaign, "群众", {self.county_a: 0, self.county_b: 0})
        self.assertEqual(len(self.campaign._invitation_rows()), 4)
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.users["unit_user"])._invitation_rows()

    def test_ten_point_scale(self):
        campaign = self._campaign(scale="ten")
        campaign.action_open()
        answers = campaign.sudo().survey_id.question_ids[0].suggested_answer_ids
        self.assertEqual(answers.mapped("answer_score")[:2], [100.0, 90.0])
        self.assertEqual(len(answers), 10)

    def test_close_fills_special_evaluations(self):
        self.campaign.with_user(self.office).action_open()
        a, b = self.county_a, self.county_b
        # 人大代表: 甲县 满意, 满意, 基本满意 (mean 86.67); 群众: 甲县 不满意 (0)
        self.answer(self.campaign, "人大代表", {a: 0, b: 0})
        self.answer(self.campaign, "人大代表", {a: 0, b: 1})
        self.answer(self.campaign, "人大代表", {a: 1, b: 1})
        self.answer(self.campaign, "群众", {a: 2, b: 0})
        self.assertEqual(self.campaign.response_count, 4)
        self.assertEqual(
            self.campaign.group_ids.mapped("response_count"), [3, 1], "counts per group"
        )
        self.campaign.with_user(self.users["evaluator"]).action_close()
        self.assertEqual(self.campaign.state, "closed")
        special = self.campaign.special_evaluation_ids.filtered(lambda s: s.unit_id == a)
        self.assertEqual(special.body_id, self.body_npc)
        self.assertEqual(special.section_id, self.other)
        self.assertAlmostEqual(special.score, (3 * 260 / 3 + 0) / 4, places=2)
        self.assertEqual(special.survey_responses, 4)
        self.assertFalse(special.survey_short)
        self.assertIn("人大代表", special.survey_counts)
        self.assertIn("Satisfied 2", special.survey_counts)
        self.assertFalse(self.campaign.sudo().survey_id.active, "no more answers")
        # the special evaluation typed before is the one filled (one per body and unit)
        self.assertEqual(
            self.env["target.special.evaluation"].search_count(
                [("unit_id", "=", a.id), ("body_id", "=", self.body_npc.id)]
            ),
            1,
        )
        # trimmed: the highest and the lowest of the 人大代表 of 甲县 dropped → 60 + 0
        self.campaign.with_user(self.office).action_reopen()
        self.campaign.with_user(self.office).write({"trim_extremes": True, "min_responses": 5})
        self.campaign.with_user(self.office).action_close()
        self.assertTrue(special.survey_short, "4 responses under the minimum of 5")
        self.assertAlmostEqual(special.score, (3 * 100 + 0) / 4, places=2)

    def test_campaign_scores_are_not_typed_over(self):
        self.campaign.action_open()
        self.answer(self.campaign, "人大代表", {self.county_a: 0, self.county_b: 0})
        self.campaign.action_close()
        special = self.campaign.special_evaluation_ids[0]
        with self.assertRaises(UserError):
            special.with_user(self.users["evaluator"]).score = 10.0
        with self.assertRaises(UserError):
            special.with_user(self.office).survey_counts = "x"
        with self.assertRaises(UserError):
            special.with_user(self.users["evaluator"]).unlink()
        with self.assertRaises(UserError):
            self.env["target.special.evaluation"].with_user(self.office).create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_c.id,
                    "section_id": self.other.id,
                    "body_id": self.body_public.id,
                    "score": 90.0,
                    "campaign_id": self.campaign.id,
                }
            )

    def test_reopening_refused_once_signed_off(self):
        self.campaign.action_open()
        self.answer(self.campaign, "人大代表", {self.county_a: 0, self.county_b: 0})
        self.campaign.action_close()
        self.to_publicity()
        with self.assertRaises(UserError):
            self.campaign.with_user(self.office).action_reopen()
        self.assertEqual(self.campaign.state, "closed")

    def test_groups_fixed_once_open(self):
        office = self.campaign.with_user(self.office)
        office.write({"unit_ids": [(4, self.county_c.id)]})  # a draft changes freely
        office.action_open()
        self.assertEqual(self.campaign.invitation_count, 5)
        # what the campaign evaluates, and for whom, is fixed once open
        for vals in (
            {"unit_ids": [(3, self.county_c.id)]},
            {"body_id": self.body_public.id},
            {"scale": "ten"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                office.write(vals)
        with self.assertRaises(UserError):
            self.campaign.group_ids[0].with_user(self.office).sample_size = 30
        with self.assertRaises(UserError):
            self.campaign.unlink()

    def test_access(self):
        campaign = self.campaign
        # the evaluators of the body read it, not those of another body; units see nothing
        campaign.with_user(self.users["evaluator"]).check_access("read")
        for role in ("unit_user", "unit_leader", "assessor", "inspector", "hr", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                campaign.with_user(self.users[role]).read(["name"])
        other = self._campaign(body_id=self.body_public.id)
        with self.assertRaises(AccessError):
            other.with_user(self.users["evaluator"]).read(["name"])
        with self.assertRaises(AccessError):
            campaign.with_user(self.users["evaluator"]).write({"name": "改"})
        with self.assertRaises(AccessError):
            campaign.with_user(self.users["evaluator"]).action_open()
        # nobody writes the state, the stamps or the questionnaire by hand
        with self.assertRaises(AccessError):
            campaign.with_user(self.office).write({"state": "closed"})
        with self.assertRaises(AccessError):
            campaign.with_user(self.office).write({"survey_id": False})

    def test_respondents_see_no_results(self):
        self.campaign.action_open()
        public = self.env.ref("base.public_user")
        for model in (
            "target.evaluation.campaign",
            "target.evaluation.campaign.group",
            "target.special.evaluation",
            "survey.user_input",
            "survey.user_input.line",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(public).search([])
        # a unit user reads neither the invitations nor the answers
        for model in ("survey.user_input", "survey.user_input.line", "survey.survey"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.users["unit_user"]).search([])
