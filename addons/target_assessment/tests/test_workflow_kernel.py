"""The workflow kernel, tested once on a tester model; the role service on res.users."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.orm.model_classes import add_to_registry
from odoo.tests import new_test_user, tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import TargetCityCase

TESTER = "target.workflow.tester"
TODO = "mail.mail_activity_data_todo"


@tagged("post_install", "-at_install")
class TestWorkflowKernel(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # imported here, not at the top: a model class defined while the registry
        # loads would join the addon's models for good
        from .workflow_tester import TargetWorkflowTester  # noqa: PLC0415

        add_to_registry(cls.registry, TargetWorkflowTester)
        cls.registry._setup_models__(cls.env.cr, [TESTER])
        cls.registry.init_models(cls.env.cr, [TESTER], {"models_to_check": True})
        cls.addClassCleanup(cls.registry.__delitem__, TESTER)
        cls.env["ir.model.access"].create(
            {
                "name": "tester",
                "model_id": cls.env["ir.model"]._get_id(TESTER),
                "group_id": cls.env.ref("base.group_user").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
                "perm_unlink": True,
            }
        )
        cls.unit_b = new_test_user(
            cls.env, login="ta_kernel_unit_b", groups="target_assessment.group_unit_user"
        )
        cls.unit_b.target_unit_ids = cls.county_b
        cls.Tester = cls.env[TESTER]

    def new(self, role="unit_user", **values):
        return (
            self.Tester.with_user(self.users[role])
            .create({"name": "t", "unit_id": self.county_a.id, "value": 1.0, **values})
            .with_env(self.env)
        )

    def in_state(self, state):
        record = self.new()
        record.sudo().write({"state": state})
        return record

    # -- the gate on write, create, load and copy ------------------------------

    def test_state_and_stamps_written_by_nobody(self):
        record = self.new()
        for role, user in self.users.items():
            for vals in (
                {"state": "accepted"},
                {"state": "draft"},
                {"submitted_by_id": user.id},
                {"reviewed_on": "2026-01-01 00:00:00"},
                {"reminder_sent": True},
            ):
                with (
                    self.subTest(role=role, vals=vals),
                    self.assertRaisesRegex(AccessError, "change only through"),
                ):
                    record.with_user(user).write(vals)
        self.assertEqual(record.state, "draft")

    def test_create_starts_at_the_default(self):
        for role in ("unit_user", "office", "admin"):
            with self.subTest(role=role):
                Tester = self.Tester.with_user(self.users[role])
                with self.assertRaisesRegex(AccessError, "change only through"):
                    Tester.create({"name": "x", "unit_id": self.county_a.id, "state": "accepted"})
                with self.assertRaisesRegex(AccessError, "change only through"):
                    Tester.create({"name": "x", "unit_id": self.county_a.id, "reviewed_by_id": 1})
                # the client's context is no gate either
                record = Tester.with_context(
                    default_state="accepted", default_reviewed_by_id=1
                ).create({"name": "x", "unit_id": self.county_a.id, "state": "draft"})
                self.assertEqual(record.state, "draft")
                self.assertFalse(record.reviewed_by_id)

    def test_load_refused(self):
        record = self.in_state("submitted")
        for role in ("unit_user", "office", "admin"):
            with self.subTest(role=role):
                Tester = self.Tester.with_user(self.users[role])
                result = Tester.load(
                    ["name", "unit_id/.id", "state"], [["x", self.county_a.id, "accepted"]]
                )
                self.assertFalse(result["ids"])
                self.assertTrue(result["messages"])
                result = Tester.load(
                    ["id", "state"], [[record._export_rows([["id"]])[0][0], "accepted"]]
                )
                self.assertFalse(result["ids"])
        self.assertEqual(record.state, "submitted")

    def test_copy_starts_over(self):
        record = self.in_state("accepted")
        copy = record.with_user(self.users["office"]).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.reviewed_by_id)

    # -- moves -----------------------------------------------------------------

    @freeze_time("2026-05-04 10:00:00")
    def test_move_by_role_with_stamps_and_hooks(self):
        record = self.new()
        unit = self.users["unit_user"]
        with self.assertRaisesRegex(AccessError, "users of its unit"):
            record.with_user(self.unit_b)._workflow_move("submitted")
        record.with_user(unit)._workflow_move("submitted")
        self.assertEqual(record.state, "submitted")
        self.assertEqual(record.submitted_by_id, unit)
        self.assertEqual(str(record.submitted_on), "2026-05-04 10:00:00")
        with self.assertRaisesRegex(AccessError, "assessment office"):
            record.with_user(unit)._workflow_move("accepted")
        record.with_user(self.users["office"])._workflow_move("accepted")
        self.assertEqual(record.reviewed_by_id, self.users["office"])
        self.assertEqual(record.accepted_count, 1)

    def test_moves_outside_the_table_refused_to_everyone(self):
        record = self.new()
        for env in (self.env, record.with_user(self.users["admin"]).env):
            with self.assertRaisesRegex(UserError, "cannot go from Draft to Accepted"):
                record.with_env(env)._workflow_move("accepted")
        record.with_user(self.users["unit_user"])._workflow_move("submitted")
        with self.assertRaisesRegex(UserError, "cannot go from Submitted to Submitted"):
            record.with_user(self.users["unit_user"])._workflow_move("submitted")

    def test_precheck(self):
        record = self.new(value=0.0)
        with self.assertRaisesRegex(UserError, "A value first"):
            record.with_user(self.users["unit_user"])._workflow_move("submitted")
        self.assertEqual(record.state, "draft")

    def test_return_needs_a_reason_and_leaves_a_todo(self):
        unit, office = self.users["unit_user"], self.users["office"]
        record = self.new()
        record.with_user(unit)._workflow_move("submitted")
        with self.assertRaisesRegex(UserError, "Give the reason"):
            record.with_user(office)._workflow_move("returned", reason="  ")
        record.with_user(office)._workflow_move("returned", reason="数据不全")
        self.assertEqual(record.return_reason, "数据不全")
        todo = record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(TODO))
        self.assertEqual(todo.user_id, unit)
        record.with_user(unit)._workflow_move("submitted", vals={"return_reason": False})
        self.assertFalse(record.activity_ids)
        self.assertFalse(record.return_reason)

    def test_allowed_is_the_gate_of_the_buttons(self):
        draft, submitted = self.new(), self.in_state("submitted")
        other = self.new(role="office", unit_id=self.county_b.id)
        records = draft | submitted | other
        unit, office = self.users["unit_user"], self.users["office"]
        self.assertEqual(records.with_user(unit)._workflow_allowed("submitted"), draft)
        self.assertEqual(records.with_user(self.unit_b)._workflow_allowed("submitted"), other)
        self.assertEqual(records.with_user(office)._workflow_allowed("submitted"), draft | other)
        self.assertEqual(records.with_user(office)._workflow_allowed("accepted"), submitted)
        self.assertFalse(records.with_user(unit)._workflow_allowed("accepted"))
        accepted = self.in_state("accepted")
        self.assertFalse(accepted.with_user(office)._workflow_allowed("draft"))
        self.assertEqual(accepted.with_user(self.users["hr"])._workflow_allowed("draft"), accepted)

    # -- deadlines, overdue flags, activities once -------------------------------

    def test_overdue_and_reminder_mark(self):
        late = self.new(deadline=date(2026, 3, 1))
        done = self.in_state("accepted")
        done.sudo().deadline = date(2026, 3, 1)
        with (
            freeze_time("2026-03-02"),
            patch.object(IrCron, "_commit_progress", return_value=float("inf")),
        ):
            self.Tester._workflow_flag_overdue(10)
        self.assertTrue(late.is_overdue)
        self.assertFalse(done.is_overdue)
        late.sudo().reminder_sent = True
        late.with_user(self.users["unit_user"]).deadline = date(2026, 6, 1)
        self.assertFalse(late.reminder_sent, "a new deadline deserves its own reminder")

    def test_activities_once(self):
        record = self.new()
        unit = self.users["unit_user"]
        xmlid = "mail.mail_activity_data_todo"

        def plan(deadline):
            return [(record, unit, deadline, lambda env: ("s", "n"))] * 2

        first = self.Tester._workflow_schedule_once(xmlid, plan(date(2026, 5, 1)))
        self.assertEqual(len(first), 1)
        self.assertFalse(self.Tester._workflow_schedule_once(xmlid, plan(date(2026, 5, 1))))
        self.Tester._workflow_schedule_once(xmlid, plan(date(2026, 6, 1)))
        self.assertEqual(first.date_deadline, date(2026, 6, 1), "the open one moves")
        first.action_feedback()
        self.assertFalse(self.Tester._workflow_schedule_once(xmlid, plan(date(2026, 6, 1))))
        self.assertEqual(len(self.Tester._workflow_schedule_once(xmlid, plan(date(2026, 7, 1)))), 1)


@tagged("post_install", "-at_install")
class TestRoleService(TargetCityCase):
    def test_scope_units(self):
        unit = self.users["unit_user"]
        scope = self.county_a | self.town_a1 | self.town_a2
        self.assertEqual(unit.target_scope_unit_ids, scope)
        self.assertEqual(unit._target_units(), scope)
        self.assertFalse(self.users["office"]._target_units())
        Users = self.env["res.users"]
        self.assertIn(unit, Users.search([("target_scope_unit_ids", "in", self.town_a1.ids)]))
        self.assertNotIn(unit, Users.search([("target_scope_unit_ids", "in", self.county_b.ids)]))

    def test_roles(self):
        self.assertTrue(self.users["office"]._target_has_role("unit_user", "assessor"))
        self.assertTrue(self.users["admin"]._target_has_role("office"))
        self.assertFalse(self.users["unit_user"]._target_has_role("office", "hr"))
        self.assertTrue(self.users["unit_leader"]._target_has_role("unit_user"))
