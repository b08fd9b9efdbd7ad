"""What the generic walk of the kernel's models cannot reach: each model's
preconditions, its stamps and what the client's context cannot open."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_cycle_signoff import YearEndCase


@tagged("post_install", "-at_install")
class TestWorkflowPreconditions(YearEndCase):
    def test_goal_state_and_freeze_not_opened_by_the_context(self):
        goal = self.gdp[self.county_a]
        office = self.users["office"]
        with self.assertRaisesRegex(AccessError, "change only through"):
            goal.with_user(office).write({"state": "cancelled"})
        goal.plan_id.sudo().write({"state": "approved"})
        forged = goal.with_user(office).with_context(target_apply_adjustment=True)
        with self.assertRaisesRegex(UserError, "through an adjustment"):
            forged.write({"target_value": 1.0})
        self.assertEqual(goal.target_value, 100.0)

    @freeze_time("2026-05-04 08:00:00")
    def test_decision_stamps_and_back_to_proposed(self):
        office = self.users["office"]
        veto = (
            self.env["target.veto"]
            .with_user(office)
            .create(
                {
                    "name": "事故",
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "type_id": self.env.ref("target_assessment.target_veto_type_safety").id,
                }
            )
        )
        veto.action_confirm()
        self.assertEqual(
            (veto.state, veto.decided_by_id, veto.decided_on),
            ("confirmed", office, datetime(2026, 5, 4, 8, 0)),
        )
        self.assertEqual(veto.copy().state, "draft", "a copy is proposed again")
        veto.action_draft()
        self.assertEqual(
            (veto.state, veto.decided_by_id.id, veto.decided_on), ("draft", False, False)
        )
        veto.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot go from Cancelled to Decided"):
            veto.action_confirm()

    def test_inspection_starts_with_members_and_units(self):
        office = self.users["office"]
        group = (
            self.env["target.inspection"]
            .with_user(office)
            .create({"name": "空组", "cycle_id": self.cycle.id})
        )
        with self.assertRaisesRegex(UserError, "needs members and assigned units"):
            group.action_start()
        group.write(
            {"leader_id": self.users["inspector"].id, "unit_ids": [(6, 0, self.county_b.ids)]}
        )
        group.with_user(self.users["inspector"]).action_start()
        group.action_reset()
        self.assertEqual(group.state, "draft")

    def test_appeal_preconditions(self):
        self.compute()
        self.cycle.sudo().write(
            {"phase": "publicity", "publicity_start": date.today(), "publicity_end": date.today()}
        )
        office = self.users["office"]
        total = self.appeal(self.county_a, line_id=False).with_user(office)
        with self.assertRaisesRegex(UserError, "choose the line"):
            total.action_accept()
        # the unit neither decides nor sets the decision's values
        with self.assertRaises(AccessError):
            total.with_user(self.users["unit_user"]).action_reject("撤回")
        with self.assertRaises(AccessError):
            total.with_user(self.users["unit_user"]).write({"total_after": 99.0})
        self.cycle.sudo().phase = "signoff"
        with self.assertRaisesRegex(UserError, "during the publicity period"):
            total.action_reject("数据无误")
        self.cycle.sudo().phase = "publicity"
        total.action_reject("数据无误")
        self.assertEqual((total.state, total.decided_by_id), ("rejected", office))
        self.assertEqual(total.rejection_reason, "数据无误")
        self.assertEqual(total.total_after, total.total_before)
