"""The unit's year-end self-assessment: the screen, the approval, roles × states, the
deadline's reminders and overdue flags."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.base.models.ir_cron import IrCron

from ..scoring.preview import goal_score
from .common import (
    ApprovalMixinCase,
    TargetCityCase,
    approve_through_reviews,
    submit_self_assessments,
)

SELF_VIEW = "target_assessment.target_evaluation_view_form_self_assessment"
ROLES = ("unit_user", "unit_leader", "assessor", "inspector", "evaluator", "leader", "hr")
STATES = ("draft", "submitted", "approved", "returned")


@tagged("post_install", "-at_install")
class TestSelfAssessment(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a_gdp, cls.a_energy, cls.b_gdp = cls._county_goals("S")
        cls.cycle.write({"phase": "midyear", "self_assessment_deadline": date(2026, 12, 2)})
        cls.cycle.with_user(cls.users["office"]).action_next_phase()
        Evaluation = cls.env["target.evaluation"]
        cls.eval_a = Evaluation.search(
            [("unit_id", "=", cls.county_a.id), ("stage", "=", "year_end")]
        )
        cls.eval_b = Evaluation.search(
            [("unit_id", "=", cls.county_b.id), ("stage", "=", "year_end")]
        )

    def set_state(self, evaluation, state):
        """Walk the draft ``evaluation`` to ``state`` through its flow."""
        if state == "draft":
            return
        submit_self_assessments(evaluation)
        if state == "returned":
            self.reject(evaluation, "unit_leader", "佐证材料不全")
        elif state == "approved":
            approve_through_reviews(evaluation)
        self.assertEqual(evaluation.state, state)

    def test_screen_preview_submit_and_approval(self):
        self.assertEqual(self.eval_a.self_assessment_deadline, date(2026, 12, 2))
        evaluation = self.eval_a.with_user(self.users["unit_user"])
        with Form(evaluation, view=SELF_VIEW) as form:
            for index in range(2):
                with form.line_ids.edit(index) as line:
                    line.self_value = 96.0 if index == 0 else 90.0
                    line.self_explanation = "全年完成情况见佐证材料"
        lines = self.eval_a.line_ids.sorted(lambda line: line.goal_id.ref)
        self.assertEqual(lines.mapped("self_value"), [96.0, 90.0])
        self.assertTrue(all(lines.mapped("self_scored")))
        expected = [goal_score(line.goal_id, line.self_value) for line in lines]
        self.assertEqual(lines.mapped("preview_score"), expected)
        self.assertAlmostEqual(self.eval_a.preview_score, sum(expected), places=2)
        self.assertEqual(self.eval_a.preview_points, 30.0)
        evaluation.action_submit()
        self.assertEqual(self.eval_a.state, "submitted")
        self.approve(self.eval_a, "unit_leader", "office")
        self.assertEqual(self.eval_a.state, "approved")

    def test_returned_with_a_reason_then_resubmitted(self):
        evaluation = self.eval_a.with_user(self.users["unit_user"])
        evaluation.line_ids.write({"self_value": 95.0})
        evaluation.action_submit()
        self.reject(self.eval_a, "unit_leader", "佐证材料不全")
        self.assertEqual(
            (self.eval_a.state, self.eval_a.return_reason), ("returned", "佐证材料不全")
        )
        evaluation.line_ids.write({"self_explanation": "已补充佐证材料"})
        evaluation.action_submit()
        self.assertEqual(self.eval_a.state, "submitted")

    def test_forged_writes_refused(self):
        user = self.users["unit_user"]
        evaluation = self.eval_a.with_user(user)
        for field, value in (("state", "approved"), ("reminder_sent", True), ("total", 99.0)):
            with self.subTest(field=field), self.assertRaises(AccessError):
                evaluation.write({field: value})
        with self.assertRaises(AccessError):
            self.eval_b.line_ids.with_user(user).write({"self_value": 100.0})
        with self.assertRaises(AccessError):
            evaluation.line_ids.write({"assessor_score": 20.0})
        with self.assertRaises(AccessError):
            evaluation.line_ids.write({"final_score": 20.0})

    def test_who_self_assesses_in_which_state(self):
        line = self.eval_a.line_ids[0]
        for state in STATES:
            # each state reached from draft, then undone
            with self.env.cr.savepoint() as walked:
                self.set_state(self.eval_a, state)
                for role in ROLES:
                    allowed = role in ("unit_user", "unit_leader") and state in (
                        "draft",
                        "returned",
                    )
                    with self.subTest(state=state, role=role), self.env.cr.savepoint() as sp:
                        if allowed:
                            line.with_user(self.users[role]).write({"self_value": 88.0})
                            self.assertEqual(line.self_value, 88.0)
                        else:
                            with self.assertRaises(AccessError):
                                line.with_user(self.users[role]).write({"self_value": 88.0})
                        sp.rollback()
                        line.invalidate_recordset()
                walked.rollback()
            self.env.invalidate_all()
        # the office corrects in every state
        self.set_state(self.eval_a, "submitted")
        line.with_user(self.users["office"]).write({"self_value": 77.0})
        self.assertEqual(line.self_value, 77.0)

    def test_submit_needs_every_goal_self_assessed(self):
        evaluation = self.eval_a.with_user(self.users["unit_user"])
        evaluation.line_ids[0].write({"self_value": 95.0})
        with self.assertRaisesRegex(UserError, "missing"):
            evaluation.action_submit()

    def test_reminders_and_overdue_flags_once(self):
        self.enterContext(patch.object(IrCron, "_commit_progress", return_value=float("inf")))
        Evaluation = self.env["target.evaluation"]
        Activity = self.env["mail.activity"]
        reminder = self.env.ref("target_assessment.mail_activity_type_self_assessment_reminder")
        overdue = self.env.ref("target_assessment.mail_activity_type_self_assessment_overdue")
        submit_self_assessments(self.eval_b)

        def activities(kind):
            return Activity.search(
                [
                    ("res_model", "=", "target.evaluation"),
                    ("res_id", "in", (self.eval_a | self.eval_b).ids),
                    ("activity_type_id", "=", kind.id),
                ]
            )

        Evaluation._cron_send_reminders()
        Evaluation._cron_send_reminders()
        sent = activities(reminder)
        self.assertEqual(set(sent.mapped("res_id")), {self.eval_a.id})
        self.assertEqual(len(sent), len(sent.user_id))
        self.assertIn(self.users["unit_user"], sent.user_id)
        self.assertTrue(self.eval_a.reminder_sent)
        self.assertFalse(self.eval_a.is_overdue)
        with freeze_time("2026-12-03 12:00:00"):
            Evaluation._cron_flag_overdue()
            Evaluation._cron_flag_overdue()
        self.assertTrue(self.eval_a.is_overdue)
        self.assertFalse(self.eval_b.is_overdue, "submitted in time")
        flagged = activities(overdue)
        self.assertEqual(set(flagged.mapped("res_id")), {self.eval_a.id})
        self.assertEqual(len(flagged), len(flagged.user_id))
        # submitted late: no longer overdue
        self.eval_a.line_ids.write({"self_value": 90.0})
        self.eval_a.with_user(self.users["unit_user"]).action_submit()
        self.assertFalse(self.eval_a.is_overdue)
