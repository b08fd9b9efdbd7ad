import base64
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ApprovalMixinCase, TargetCityCase


@tagged("post_install", "-at_install")
class TestPlanWorkflow(ApprovalMixinCase, TargetCityCase):
    """Letters: submitted by the unit, approved leader → office → leadership, signed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal_gdp = cls.env["target.goal"].create(
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
        cls.plan = cls.goal_gdp.plan_id

    def test_default_tiers_are_shipped(self):
        for model, count in (
            ("target.plan", 3),
            ("target.adjustment", 3),
            ("target.evaluation", 4),  # mid-year and year-end: leader, office
        ):
            tiers = self.env["tier.definition"].search([("model", "=", model)])
            self.assertEqual(len(tiers), count, model)
            self.assertTrue(all(tiers.mapped("approve_sequence")), model)

    def test_full_approval_in_sequence(self):
        plan = self.plan.with_user(self.users["unit_user"])
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertEqual(plan.submitted_by_id, self.users["unit_user"])
        self.assertEqual(len(plan.review_ids), 3)
        # first the county's leader: the office cannot jump the queue
        self.assertEqual(self.pending_reviewers(plan), self.users["unit_leader"])
        self.assertFalse(self.plan.with_user(self.users["office"]).can_review)
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.approve(self.plan, "office")
        self.assertNotIn("approved", self.plan.review_ids.mapped("status"))
        self.approve(self.plan, "unit_leader")
        self.assertIn(self.users["office"], self.pending_reviewers(self.plan))
        self.approve(self.plan, "office")
        self.assertEqual(self.plan.state, "submitted")
        self.assertIn(self.users["leader"], self.pending_reviewers(self.plan))
        # the reviewers' inbox: an activity for the pending reviewer's tier
        self.assertTrue(self.plan.with_user(self.users["leader"]).can_review)
        self.approve(self.plan, "leader")
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.goal_gdp.state, "approved")
        self.assertEqual(self.plan.version_ids.version, 1)
        self.assertEqual(self.plan.version_ids.snapshot[0]["ref"], self.goal_gdp.ref)
        # approved letters are read-only
        with self.assertRaisesRegex(UserError, "through an adjustment"):
            self.goal_gdp.target_value = 250.0

    def test_rejection_returns_with_reason_and_resubmission(self):
        self.plan.with_user(self.users["unit_user"]).action_submit()
        self.approve(self.plan, "unit_leader")
        self.reject(self.plan, "office", "GDP target below the city's plan")
        self.assertEqual(self.plan.state, "returned")
        self.assertEqual(self.plan.return_reason, "GDP target below the city's plan")
        # the unit sees why, edits and resubmits; the chain starts again
        self.goal_gdp.with_user(self.users["unit_user"]).target_value = 220.0
        self.plan.with_user(self.users["unit_user"]).action_submit()
        self.assertEqual(self.plan.state, "submitted")
        self.assertEqual(self.plan.validation_status, "pending")
        self.assertEqual(self.pending_reviewers(self.plan), self.users["unit_leader"])
        self.approve(self.plan, "unit_leader", "office", "leader")
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.goal_gdp.target_value, 220.0)

    def test_who_may_not(self):
        # another county's user cannot submit this letter
        self.users["unit_user"].target_unit_ids = self.county_b
        with self.assertRaises(AccessError):
            self.plan.with_user(self.users["unit_user"]).action_submit()
        self.users["unit_user"].target_unit_ids = self.county_a
        for role in ("leader", "hr", "assessor"):
            with self.assertRaises(AccessError, msg=role):
                self.plan.with_user(self.users[role]).action_submit()
        self.plan.with_user(self.users["unit_user"]).action_submit()
        with self.assertRaisesRegex(UserError, "cannot go from Submitted to Submitted"):
            self.plan.with_user(self.users["unit_user"]).action_submit()
        # a reviewer out of turn has nothing to reject
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.plan.with_user(self.users["leader"]).reject_tier()
        # nobody signs an unapproved letter
        with self.assertRaisesRegex(UserError, "approved letter"):
            self.plan.action_sign()

    def test_signing_and_letter(self):
        self.plan.with_user(self.users["unit_user"]).action_submit()
        self.approve(self.plan, "unit_leader", "office", "leader")
        principal = self.env["hr.employee"].create({"name": "李县长"})
        self.county_a.leader_ids = [(0, 0, {"employee_id": principal.id, "role": "principal"})]
        action = self.plan.with_user(self.users["office"]).action_sign()
        wizard_model = self.env["target.plan.sign.wizard"].with_user(self.users["office"])
        with Form(wizard_model.with_context(**action["context"])) as form:
            self.assertEqual(form.unit_employee_id.id, principal.id)
            form.signed_on = date(2026, 2, 15)
            form.scan = base64.b64encode(b"%PDF-1.4 signed scan")
        form.record.action_sign()
        self.assertEqual(self.plan.state, "signed")
        self.assertEqual(self.plan.signed_on, date(2026, 2, 15))
        self.assertEqual(self.plan.signed_office_user_id, self.users["office"])
        self.assertEqual(self.plan.signed_scan_id.raw, b"%PDF-1.4 signed scan")
        # unit users cannot record a signing
        with self.assertRaises(AccessError):
            self.env["target.plan.sign.wizard"].with_user(self.users["unit_user"]).create(
                {"plan_id": self.plan.id, "unit_employee_id": principal.id, "scan": "eA=="}
            )
        # the letter renders with the goals, points and signature blocks
        report = self.env["ir.actions.report"]
        html, _format = report._render_qweb_html(
            "target_assessment.target_plan_report_letter", self.plan.ids
        )
        html = html.decode()
        for text in (self.goal_gdp.ref, "甲县地区生产总值", "李县长", "Party B", "Total points"):
            self.assertIn(text, html)

    def test_letter_pdf(self):
        report = self.env.ref("target_assessment.target_plan_report_letter")
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed: the PDF step cannot run here")
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, self.plan.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestAdjustments(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县地区生产总值",
                "target_value": 200.0,
                "points": 20.0,
            }
        )
        cls.goal2 = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_air.id,
                "name": "空气质量",
                "target_value": 85.0,
                "points": 10.0,
            }
        )
        cls.goal.plan_id.action_submit()
        cls.goal.plan_id.review_ids.write({"status": "approved"})
        cls.goal.plan_id.invalidate_recordset()
        cls.goal.plan_id._finish_if_validated()

    def request(self, user_role="unit_user"):
        return (
            self.env["target.adjustment"]
            .with_user(self.users[user_role])
            .create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "reason": "受疫情影响，重点项目延期",
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "goal_id": self.goal.id,
                                "new_target_value": 180.0,
                                "new_points": 18.0,
                            },
                        ),
                        (0, 0, {"goal_id": self.goal2.id, "action": "cancel"}),
                    ],
                }
            )
        )

    def test_outside_the_window_refused(self):
        self.assertEqual(self.goal.plan_id.state, "approved")
        adjustment = self.request()
        with (
            freeze_time("2026-06-15"),
            self.assertRaisesRegex(UserError, "only from 2026-07-01 to 2026-07-31"),
        ):
            adjustment.action_submit()
        self.assertEqual(adjustment.state, "draft")

    def test_the_window_is_shown_before_submit(self):
        """Outside the window the form says so and offers no submit (issue 16): the unit
        learns it when it opens the request, not after filling it in."""
        adjustment = self.request()
        with freeze_time("2026-06-15"):
            adjustment.invalidate_recordset(["window_open"])
            self.assertFalse(adjustment.window_open)
            self.assertTrue(adjustment.can_submit, "a draft of its own unit, only the window shut")
        with freeze_time("2026-07-10"):
            adjustment.invalidate_recordset(["window_open"])
            self.assertTrue(adjustment.window_open)
        self.assertEqual(
            (adjustment.window_start, adjustment.window_end),
            (date(2026, 7, 1), date(2026, 7, 31)),
        )
        arch = etree.fromstring(
            self.env["target.adjustment"].get_view(
                self.env.ref("target_assessment.target_adjustment_view_form").id
            )["arch"]
        )
        (submit,) = arch.xpath("//header/button[@name='action_submit']")
        self.assertIn("not window_open", submit.get("invisible"))
        (notice,) = arch.xpath("//div[@name='window_closed']")
        self.assertIn("window_open", notice.get("invisible"))

    def test_inside_the_window_approved_and_applied(self):
        adjustment = self.request()
        with freeze_time("2026-07-10"):
            adjustment.action_submit()
        self.approve(adjustment, "unit_leader", "office", "leader")
        self.assertEqual(adjustment.state, "applied")
        self.assertEqual(self.goal.target_value, 180.0)
        self.assertEqual(self.goal.points, 18.0)
        self.assertEqual(self.goal2.state, "cancelled")
        line = adjustment.line_ids.filtered(lambda line: line.goal_id == self.goal)
        self.assertEqual((line.old_target_value, line.old_points), (200.0, 20.0))
        plan = self.goal.plan_id
        self.assertEqual(plan.version, 2)
        self.assertEqual(plan.version_ids.mapped("version"), [2, 1])
        old, new = plan.version_ids.sorted("version")
        self.assertEqual(old.snapshot[0]["target"], 200.0)
        self.assertEqual({g["ref"]: g["target"] for g in new.snapshot}[self.goal.ref], 180.0)

    def test_rules_of_the_request(self):
        other = self.env["target.goal"].create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.county_b.id,
                "indicator_id": self.ind_gdp.id,
                "name": "乙县",
                "target_value": 50.0,
                "points": 1.0,
            }
        )
        with self.assertRaisesRegex(UserError, "is not a goal of 甲县"):
            self.env["target.adjustment"].create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "reason": "x",
                    "line_ids": [(0, 0, {"goal_id": other.id})],
                }
            )
        # another county's user cannot ask for county A
        with self.assertRaises(AccessError):
            self.request("leader")
        adjustment = self.request()
        with freeze_time("2026-07-10"):
            adjustment.action_submit()
        # under review the unit cannot change the request
        with self.assertRaises(UserError):
            adjustment.with_user(self.users["unit_user"]).reason = "changed"
        self.reject(adjustment, "unit_leader", "Reason is not enough")
        self.assertEqual(adjustment.state, "returned")
        self.assertEqual(self.goal.target_value, 200.0)
