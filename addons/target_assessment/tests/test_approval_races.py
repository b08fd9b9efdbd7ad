"""Races on one approval (scripts/loadcheck plays them on a multi-worker server).

Two reviewers who act on the same record at once conflict in PostgreSQL and
Odoo replays the later request from the start. These tests play what the
replay sees: the other reviewer's decision already committed. It must be
refused (the client learns its review did not count) and leave no trace:
no second "review accepted" message, no comment on someone else's review,
no second state change. And every review rewrites the record's row, which
is what makes two concurrent reviews of the same record conflict.
"""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import ApprovalMixinCase, TargetCityCase
from .test_cycle_signoff import YearEndCase

ACCEPTED = "base_tier_validation.mt_tier_validation_accepted"
REJECTED = "base_tier_validation.mt_tier_validation_rejected"


@tagged("post_install", "-at_install")
class TestApprovalRaces(ApprovalMixinCase, TargetCityCase):
    """A mid-year evaluation of county A (tiers: the county's leaders, then the office)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["unit_leader_2"] = new_test_user(
            cls.env,
            login="ta_unit_leader_2",
            groups="target_assessment.group_unit_leader",
            name="TA unit leader 2",
        )
        cls.users["office_2"] = new_test_user(
            cls.env, login="ta_office_2", groups="target_assessment.group_office"
        )
        cls.users["unit_leader_2"].target_unit_ids = cls.county_a
        cls.evaluation = cls._midyear_evaluation(40.0)

    def setUp(self):
        super().setUp()
        # with the chatter's tracking, which the shared fixtures turn off
        self.evaluation = type(self).evaluation.with_context(tracking_disable=False)
        self.evaluation.with_user(self.users["unit_user"]).action_submit()

    def messages(self, subtype):
        return self.evaluation.message_ids.filtered(lambda m: m.subtype_id == self.env.ref(subtype))

    def row_version(self, record):
        """The row version's physical address: every UPDATE of the row writes a new version."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT ctid::text FROM %s WHERE id = %s", SQL.identifier(record._table), record.id)
        )
        return self.env.cr.fetchone()[0]

    def test_both_leaders_approve_the_same_tier(self):
        leader_tier = self.evaluation.review_ids.sorted("sequence")[0]
        self.assertEqual(
            leader_tier.reviewer_ids, self.users["unit_leader"] | self.users["unit_leader_2"]
        )
        self.approve(self.evaluation, "unit_leader")
        notified = self.messages(ACCEPTED)
        self.assertEqual(len(notified), 1)
        # the second leader's replay: the tier is done, the office's turn has come
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.approve(self.evaluation, "unit_leader_2")
        self.assertEqual(self.messages(ACCEPTED), notified, "no second 'review accepted'")
        self.assertEqual(leader_tier.done_by, self.users["unit_leader"])
        self.assertEqual(self.evaluation.state, "submitted")

        # the same at the last tier: one approval, one state change
        self.approve(self.evaluation, "office")
        self.assertEqual(self.evaluation.state, "approved")
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.approve(self.evaluation, "office_2")
        self.assertEqual(
            self.evaluation.review_ids.mapped("done_by"),
            self.users["unit_leader"] | self.users["office"],
        )
        approvals = self.evaluation.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state" and t.new_value_char == "Approved"
        )
        self.assertEqual(len(approvals), 1)

    def test_out_of_turn_and_after_the_end(self):
        # the office before the leaders, and a reviewer of no tier at all
        for role in ("office", "leader", "unit_user"):
            with self.assertRaisesRegex(UserError, "waits for you", msg=role):
                self.approve(self.evaluation, role)
        self.assertEqual(set(self.evaluation.review_ids.mapped("status")), {"pending", "waiting"})
        self.approve(self.evaluation, "unit_leader", "office")
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.approve(self.evaluation, "unit_leader")

    def test_rejection_after_the_other_leader_approved(self):
        # both leaders open the tier; the second asks to reject (the comment wizard)
        user = self.users["unit_leader_2"]
        action = self.evaluation.with_user(user).reject_tier()
        wizard = (
            self.env["comment.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": "退回重报"})
        )
        self.approve(self.evaluation, "unit_leader")
        with self.assertRaisesRegex(UserError, "waits for you"):
            wizard.add_comment()
        leader_tier = self.evaluation.review_ids.sorted("sequence")[0]
        self.assertEqual(leader_tier.status, "approved")
        self.assertFalse(leader_tier.comment, "the refused rejection left its comment")
        self.assertFalse(self.messages(REJECTED))
        self.assertEqual(self.evaluation.state, "submitted")

    def test_a_review_rewrites_the_record_row(self):
        # What makes two concurrent reviews of one record conflict even when
        # they touch different tier.review rows (parallel tiers): each review
        # recomputes the record's stored validation_status and so rewrites its
        # row. Were that to stop (a change in base_tier_validation or the ORM),
        # both reviews could commit side by side, each missing the other's,
        # and leave the record submitted with every review approved.
        before = self.row_version(self.evaluation)
        self.approve(self.evaluation, "unit_leader")
        self.assertEqual(self.evaluation.state, "submitted")
        self.assertNotEqual(self.row_version(self.evaluation), before)


@tagged("post_install", "-at_install")
class TestSignoffRace(YearEndCase):
    """The cycle's sign-off by the leading group: two leaders at once, one counts."""

    def test_second_leader_is_refused(self):
        second = new_test_user(
            self.env, login="ta_leader_2", groups="target_assessment.group_leader"
        )
        self.compute()
        self.complete_year_end()
        self.cycle.phase = "scoring"
        self.cycle.with_user(self.users["office"]).action_submit_signoff()
        self.assertIn(second, self.pending_reviewers(self.cycle))
        self.approve(self.cycle, "leader")
        signed_off = self.cycle.signoff_approved_on
        self.assertEqual(self.cycle.phase, "publicity")
        with self.assertRaisesRegex(UserError, "waits for you"):
            self.cycle.with_user(second).validate_tier()
        self.assertEqual(self.cycle.review_ids.done_by, self.users["leader"])
        self.assertEqual(self.cycle.signoff_approved_on, signed_off)
