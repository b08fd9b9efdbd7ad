"""Approval reviews are written by the approval flow only (DESIGN.md §12).

Every role reads reviews and none creates, edits or deletes one, neither
directly nor through the record's ``review_ids``; the comment wizard, whose
reviews the client chooses, counts only the user's own turn; a validation is
restarted by the office (an administrator for the cycle's sign-off), never by
who submitted; tier definitions of the product's models are the office's.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ROLE_GROUPS, ApprovalMixinCase, TargetCityCase
from .test_cycle_signoff import YearEndCase


@tagged("post_install", "-at_install")
class TestTierReviewAccess(ApprovalMixinCase, TargetCityCase):
    """A letter of county A submitted by its clerk: leader → office → leadership."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._letter(cls.county_a)
        cls.plan.with_user(cls.users["unit_user"]).action_submit()
        cls.other_plan = cls._letter(cls.county_b)
        cls.definition = cls.env.ref("target_assessment.tier_definition_target_plan_office")

    @classmethod
    def _letter(cls, unit):
        goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": unit.id,
                "indicator_id": cls.ind_gdp.id,
                "name": f"{unit.name}地区生产总值",
                "target_value": 200.0,
                "points": 20.0,
                "section_id": cls.section(cls.scheme_county, "quant").id,
            }
        )
        return goal.plan_id

    def review(self, sequence):
        return self.plan.review_ids.filtered(lambda r: r.sequence == sequence)

    def test_every_role_only_reads_reviews(self):
        leader_tier = self.review(1)
        for role in ROLE_GROUPS:
            user = self.users[role]
            reviews = self.env["tier.review"].with_user(user)
            with self.subTest(role=role):
                self.assertEqual(reviews.browse(leader_tier.id).status, "pending")
                with self.assertRaises(AccessError):
                    reviews.create(
                        {
                            "model": "target.plan",
                            "res_id": self.plan.id,
                            "definition_id": self.definition.id,
                            "status": "approved",
                            "done_by": self.users["office"].id,
                        }
                    )
                with self.assertRaises(AccessError):
                    reviews.browse(leader_tier.id).write(
                        {"status": "approved", "done_by": self.users["leader"].id}
                    )
                with self.assertRaises(AccessError):
                    reviews.browse(leader_tier.id).unlink()
        self.assertEqual(self.plan.review_ids.mapped("status"), ["pending", "waiting", "waiting"])

    def test_reviews_not_written_through_the_record(self):
        leader_tier = self.review(1)
        draft = self.other_plan
        for role, record in (("unit_user", draft), ("office", self.plan), ("admin", self.plan)):
            for command in (
                Command.create({"definition_id": self.definition.id, "status": "approved"}),
                Command.update(leader_tier.id, {"status": "approved"}),
                Command.delete(leader_tier.id),
                Command.clear(),
            ):
                with self.subTest(role=role, command=command), self.assertRaises(AccessError):
                    record.with_user(self.users[role]).write({"review_ids": [command]})
        self.assertEqual(leader_tier.status, "pending")
        self.assertEqual(len(self.plan.review_ids), 3)
        self.assertFalse(draft.review_ids)

    def test_reviews_are_requested_by_the_submission_only(self):
        self.assertFalse(self.other_plan.review_ids)
        for role in ("unit_user", "office", "admin"):
            with self.assertRaises(AccessError, msg=role):
                self.other_plan.with_user(self.users[role]).request_validation()
        self.assertFalse(self.other_plan.review_ids)

    def test_the_comment_wizard_counts_only_the_users_turn(self):
        leader_tier = self.review(1)
        # the clerk forges a wizard on the leader's review, then on its own record's tiers
        for role, reviews in (
            ("unit_user", leader_tier),
            ("office", self.review(2)),
            ("leader", self.review(3)),
        ):
            wizard = (
                self.env["comment.wizard"]
                .with_user(self.users[role])
                .create(
                    {
                        "res_model": "target.plan",
                        "res_id": self.plan.id,
                        "review_ids": [Command.set(reviews.ids)],
                        "validate_reject": "validate",
                        "comment": "同意",
                    }
                )
            )
            with self.assertRaisesRegex(UserError, "waits for you", msg=role):
                wizard.add_comment()
        # the leader's own review given as another record's
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.users["unit_leader"])
            .create(
                {
                    "res_model": "target.plan",
                    "res_id": self.other_plan.id,
                    "review_ids": [Command.set(leader_tier.ids)],
                    "validate_reject": "validate",
                    "comment": "同意",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.add_comment()
        self.assertEqual(self.plan.review_ids.mapped("status"), ["pending", "waiting", "waiting"])
        self.assertFalse(any(self.plan.review_ids.mapped("comment")))
        # the leader's own turn through the wizard: counted, its comment kept
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.users["unit_leader"])
            .create(
                {
                    "res_model": "target.plan",
                    "res_id": self.plan.id,
                    "review_ids": [Command.set(leader_tier.ids)],
                    "validate_reject": "validate",
                    "comment": "同意",
                }
            )
        )
        wizard.add_comment()
        self.assertEqual(
            (leader_tier.status, leader_tier.done_by, leader_tier.comment),
            ("approved", self.users["unit_leader"], "同意"),
        )
        self.assertEqual(
            self.pending_reviewers(self.plan) & self.users["office"], self.users["office"]
        )

    def test_the_systray_counter_promotes_reviews_for_a_read_only_reviewer(self):
        self.approve(self.plan, "unit_leader")
        counts = self.env["res.users"].with_user(self.users["office"]).review_user_count()
        self.assertTrue(counts)

    def test_restart_by_the_office_never_by_who_submitted(self):
        before = self.plan.review_ids
        self.approve(self.plan, "unit_leader")
        for role in ("unit_user", "unit_leader", "leader", "hr"):
            plan = self.plan.with_user(self.users[role])
            self.assertFalse(plan.can_restart_validation, role)
            with self.assertRaisesRegex(AccessError, "may not restart", msg=role):
                plan.restart_validation()
        self.assertEqual(self.plan.review_ids, before)
        office_plan = self.plan.with_user(self.users["office"])
        self.assertTrue(office_plan.can_restart_validation)
        office_plan.restart_validation()
        self.assertEqual(self.plan.state, "submitted")
        self.assertEqual(len(self.plan.review_ids), 3)
        self.assertFalse(self.plan.review_ids & before)
        self.assertEqual(
            set(self.plan.review_ids.mapped("requested_by")), {self.users["unit_user"]}
        )
        self.assertEqual(self.pending_reviewers(self.plan), self.users["unit_leader"])
        self.assertIn("Validation restarted by TA office", self.plan.message_ids.mapped("body")[0])

    def test_restart_refused_to_the_office_user_who_submitted(self):
        plan = self.other_plan.with_user(self.users["office"])
        plan.action_submit()
        self.assertFalse(plan.can_restart_validation)
        with self.assertRaisesRegex(AccessError, "may not restart"):
            plan.restart_validation()
        self.other_plan.with_user(self.users["admin"]).restart_validation()
        self.assertEqual(len(self.other_plan.review_ids), 3)

    def test_nothing_to_restart_once_approved(self):
        self.approve(self.plan, "unit_leader", "office", "leader")
        self.assertEqual(self.plan.state, "approved")
        trail = self.plan.review_ids
        self.assertFalse(self.plan.with_user(self.users["office"]).can_restart_validation)
        with self.assertRaisesRegex(AccessError, "may not restart"):
            self.plan.with_user(self.users["office"]).restart_validation()
        self.assertEqual(self.plan.review_ids, trail)
        self.assertEqual(set(trail.mapped("status")), {"approved"})

    def test_a_reviewed_record_is_not_deleted(self):
        for role in ("office", "admin"):
            with self.assertRaisesRegex(UserError, "reviews are kept", msg=role):
                self.plan.with_user(self.users[role]).unlink()
        self.assertTrue(self.plan.exists())

    def test_client_context_does_not_lift_the_lock_under_validation(self):
        evaluation = self.env["target.evaluation"].create(
            {"cycle_id": self.cycle.id, "unit_id": self.county_a.id, "stage": "midyear"}
        )
        evaluation.with_user(self.users["unit_user"]).action_submit()
        self.assertEqual(evaluation.state, "submitted")
        with self.assertRaisesRegex(ValidationError, "cannot be changed until its approval"):
            evaluation.with_user(self.users["office"]).with_context(
                skip_validation_check=True
            ).write({"self_comment": "改写"})
        self.assertFalse(evaluation.self_comment)

    def test_tier_definitions_are_the_offices(self):
        for role in ROLE_GROUPS:
            definitions = self.env["tier.definition"].with_user(self.users[role])
            self.assertTrue(definitions.browse(self.definition.id).name, role)
            if role in ("office", "admin"):
                continue
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    definitions.browse(self.definition.id).write({"sequence": 99})
                with self.assertRaises(AccessError):
                    definitions.browse(self.definition.id).unlink()
                with self.assertRaises(AccessError):
                    definitions.create(
                        {
                            "name": "绕过",
                            "model_id": self.env.ref("target_assessment.model_target_plan").id,
                            "review_type": "individual",
                            "reviewer_id": self.users[role].id,
                        }
                    )
        # the office manages the product's chains (test_scheme_governance: not another's)
        for sequence, role in ((25, "admin"), (26, "office")):
            self.definition.with_user(self.users[role]).write({"sequence": sequence})
            self.assertEqual(self.definition.sequence, sequence)


@tagged("post_install", "-at_install")
class TestSignoffRestart(YearEndCase):
    """The cycle's sign-off is restarted by an administrator only (the office submitted it)."""

    def test_only_an_administrator_restarts_the_signoff(self):
        self.compute()
        self.complete_year_end()
        self.cycle.phase = "scoring"
        self.cycle.with_user(self.users["office"]).action_submit_signoff()
        before = self.cycle.review_ids
        for role in ("office", "leader", "unit_user"):
            cycle = self.cycle.with_user(self.users[role])
            self.assertFalse(cycle.can_restart_validation, role)
            with self.assertRaisesRegex(AccessError, "may not restart", msg=role):
                cycle.restart_validation()
            with self.assertRaises(AccessError, msg=role):
                before.with_user(self.users[role]).write({"status": "approved"})
        self.assertEqual(self.cycle.review_ids, before)
        self.cycle.with_user(self.users["admin"]).restart_validation()
        self.assertEqual(self.cycle.signoff_state, "submitted")
        self.assertTrue(self.cycle.review_ids)
        self.assertFalse(self.cycle.review_ids & before)
        self.assertEqual(self.cycle.review_ids.requested_by, self.users["office"])
        self.approve(self.cycle, "leader")
        self.assertEqual(self.cycle.phase, "publicity")
