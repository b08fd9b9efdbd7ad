from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ApprovalMixinCase, TargetCityCase


@tagged("post_install", "-at_install")
class TestMidyearReview(ApprovalMixinCase, TargetCityCase):
    """The mid-year evaluation: submitted by the unit, approved, answered with feedback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation = cls._midyear_evaluation(90.0)

    def test_submission_approval_and_feedback(self):
        evaluation = self.evaluation.with_user(self.users["unit_user"])
        self.assertEqual(evaluation.scheme_id, self.scheme_county)
        evaluation.self_comment = "上半年完成目标的45%"
        for role in ("unit_user", "unit_leader"):  # the office's, even on the unit's draft
            with self.assertRaisesRegex(AccessError, "feedback to the unit"):
                self.evaluation.with_user(self.users[role]).feedback = "<p>写给自己的反馈</p>"
        for role in ("leader", "assessor", "hr"):
            with self.assertRaises(AccessError):
                self.evaluation.with_user(self.users[role]).feedback = "<p>反馈</p>"
        self.assertFalse(self.evaluation.feedback)
        evaluation.line_ids.self_explanation = "重点项目二季度开工"
        evaluation.action_submit()
        self.assertEqual(self.evaluation.state, "submitted")
        # two tiers: the county's leader, then the office
        self.assertEqual(len(self.evaluation.review_ids), 2)
        with self.assertRaises(UserError):  # frozen under review
            evaluation.self_comment = "changed under review"
        self.reject(self.evaluation, "unit_leader", "请补充项目进度佐证")
        self.assertEqual(self.evaluation.state, "returned")
        self.assertEqual(self.evaluation.return_reason, "请补充项目进度佐证")
        evaluation.action_submit()
        self.approve(self.evaluation, "unit_leader", "office")
        self.assertEqual(self.evaluation.state, "approved")

        with self.assertRaisesRegex(UserError, "no feedback"):
            self.evaluation.with_user(self.users["office"]).action_send_feedback()
        office = self.evaluation.with_user(self.users["office"])
        office.feedback = "<p>GDP进度偏慢，请加快重点项目建设。</p>"
        office.action_send_feedback()
        self.assertTrue(self.evaluation.feedback_sent)
        message = self.evaluation.message_ids[:1]
        self.assertIn("GDP进度偏慢", message.body)
        self.assertEqual(message.partner_ids, self.county_a.user_ids.partner_id)
        # feedback is the office's to send
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.users["unit_leader"]).action_send_feedback()

    def test_other_units_cannot_see_it(self):
        self.users["unit_user"].target_unit_ids = self.county_b
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.users["unit_user"]).read(["total"])

    def test_open_rectifications_follow_the_unit_into_the_next_cycle(self):
        item = self.env["target.rectification"].create(
            {"name": "台账资料不全", "cycle_id": self.cycle.id, "unit_id": self.county_a.id}
        )
        next_cycle = self.env["target.cycle"].create(
            {"name": "2027年度", "year": 2027, "date_start": "2027-01-01", "date_end": "2027-12-31"}
        )
        evaluation = self.env["target.evaluation"].create(
            {"cycle_id": next_cycle.id, "unit_id": self.county_a.id, "stage": "year_end"}
        )
        self.assertEqual(evaluation.open_rectification_count, 1)
        action = evaluation.action_view_open_rectifications()
        self.assertEqual(self.env["target.rectification"].search(action["domain"]), item)
        # this cycle's own evaluation does not carry it, nor does another unit's
        self.assertEqual(self.evaluation.open_rectification_count, 0)
        other = self.env["target.evaluation"].create(
            {"cycle_id": next_cycle.id, "unit_id": self.county_b.id, "stage": "year_end"}
        )
        self.assertEqual(other.open_rectification_count, 0)
        item.sudo().write({"state": "verified"})
        evaluation.invalidate_recordset(["open_rectification_count"])
        self.assertEqual(evaluation.open_rectification_count, 0)
