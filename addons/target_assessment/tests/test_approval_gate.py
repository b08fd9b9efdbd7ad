"""States, phases and their stamps move only through the transitions (DESIGN.md §12).

For the letter, the adjustment, the evaluation and the cycle (phase and
sign-off): every (from, to) of the state's selection, as every role, is
refused through ``write`` and ``load`` (the office and the administrator
included); creating a record in another state than its default is refused;
the action methods move a record iff the workflow's table gives the role that
move.
"""

import base64
from contextlib import contextmanager, suppress
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ROLE_GROUPS, ApprovalMixinCase, TargetCityCase

# Who acts for county A's records (its clerk and leader) or for all (the office).
UNIT_SIDE = {"unit_user", "unit_leader", "office", "admin"}


class _Rollback(Exception):
    """Leaves the savepoint of an attempt that succeeded."""


class GateCase(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        section = cls.section(cls.scheme_county, "quant")
        cls.goal_gdp = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县地区生产总值",
                "target_value": 100.0,
                "points": 20.0,
                "section_id": section.id,
            }
        )
        cls.plan = cls.goal_gdp.plan_id
        cls.signer = cls.env["hr.employee.public"].browse(cls.employee.id)

    @contextmanager
    def attempt(self):
        """Try something and undo it even when it succeeds."""
        with suppress(_Rollback), self.env.cr.savepoint():
            yield
            self.env.flush_all()
            raise _Rollback
        self.env.invalidate_all()

    def set_state(self, record, field, value, **values):
        """Put ``record`` in a state as the superuser does (the fixtures, the demo)."""
        if field == record._state_field and value != "draft":
            # from draft: no tier validation is asked for on the way
            record.write({field: "draft"})
        record.write({field: value, **values})

    def assert_load_refused(self, record, field, value):
        try:
            result = record.load([".id", field], [[str(record.id), value]])
        except AccessError:
            return  # a role that cannot even read the model
        self.assertFalse(result["ids"], result)
        self.assertTrue(result["messages"])
        if record.has_access("write"):
            # not refused by the access rights: by the workflow's gate
            self.assertIn("change only through", str(result["messages"]))

    def assert_write_and_load_refused(self, record, field, states, extra=()):
        """Every role is refused ``field`` (and ``extra`` fields) through write and load."""
        current = record[field]
        for role in ROLE_GROUPS:
            user = self.users[role]
            for to in states:
                if to == current:
                    continue
                with self.subTest(model=record._name, role=role, to=to):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({field: to})
                    self.assert_load_refused(record.with_user(user), field, to)
            for name in extra:
                value = 1 if record._fields[name].type in ("integer", "many2one") else "2026-01-02"
                if record._fields[name].type == "text":
                    value = "伪造"
                with (
                    self.subTest(model=record._name, role=role, field=name),
                    self.assertRaises(AccessError),
                ):
                    record.with_user(user).write({name: value})
        self.env.invalidate_all()
        self.assertEqual(record[field], current)


@tagged("post_install", "-at_install")
class TestLetterGate(GateCase):
    """The responsibility letter: draft → submitted → approved → signed; returned."""

    def test_state_and_stamps_written_by_nobody(self):
        states = [code for code, _label in self.plan._fields["state"].selection]
        stamps = (
            "submitted_by_id",
            "submitted_on",
            "approved_on",
            "return_reason",
            "version",
            "signed_on",
            "signed_office_user_id",
        )
        for state in states:
            self.set_state(self.plan, "state", state)
            self.assert_write_and_load_refused(self.plan, "state", states, stamps)

    def test_created_in_its_default_state_only(self):
        for role in ("unit_user", "office", "admin"):
            Plan = self.env["target.plan"].with_user(self.users[role])
            for state in ("submitted", "approved", "signed"):
                with self.assertRaises(AccessError, msg=(role, state)):
                    Plan.create(
                        {"cycle_id": self.cycle.id, "unit_id": self.county_b.id, "state": state}
                    )
            with self.assertRaises(AccessError, msg=role):
                Plan.with_context(default_state="signed").create(
                    {"cycle_id": self.cycle.id, "unit_id": self.county_b.id, "version": 5}
                )

    def test_submit_by_role_and_state(self):
        for state in ("draft", "submitted", "approved", "returned", "signed"):
            self.set_state(
                self.plan, "state", state, return_reason="退回" if state == "returned" else False
            )
            for role in ROLE_GROUPS:
                allowed = state in ("draft", "returned") and role in UNIT_SIDE
                with self.subTest(state=state, role=role), self.attempt():
                    plan = self.plan.with_user(self.users[role])
                    if allowed:
                        self.assertTrue(plan.can_submit)
                        plan.action_submit()
                        self.assertEqual(self.plan.state, "submitted")
                        self.assertEqual(self.plan.submitted_by_id, self.users[role])
                        self.assertFalse(self.plan.return_reason)
                    else:
                        with self.assertRaises(UserError):
                            plan.action_submit()

    def test_only_the_reviewers_of_the_turn_approve(self):
        self.plan.with_user(self.users["unit_user"]).action_submit()
        for role in ROLE_GROUPS:
            with self.subTest(role=role), self.attempt():
                if role == "unit_leader":
                    self.approve(self.plan, role)
                    self.assertEqual(self.plan.review_ids[0].status, "approved")
                else:
                    with self.assertRaises(UserError):
                        self.approve(self.plan, role)
        self.approve(self.plan, "unit_leader", "office", "leader")
        self.assertEqual(self.plan.state, "approved")

    def sign(self, role):
        wizard = Form(
            self.env["target.plan.sign.wizard"]
            .with_user(self.users[role])
            .with_context(default_plan_id=self.plan.id)
        )
        wizard.signed_on = date(2026, 2, 15)
        wizard.unit_employee_id = self.signer
        wizard.scan = base64.b64encode(b"%PDF-1.4 signed")
        return wizard.save().action_sign()

    @freeze_time("2026-03-01")
    def test_sign_by_the_office_from_approved_only(self):
        for state in ("draft", "submitted", "returned", "signed"):
            self.set_state(self.plan, "state", state)
            with self.assertRaisesRegex(UserError, "Only an approved letter", msg=state):
                self.plan.with_user(self.users["office"]).action_sign()
        self.set_state(self.plan, "state", "approved")
        for role in ROLE_GROUPS:
            with self.subTest(role=role), self.attempt():
                if role in ("office", "admin"):
                    self.sign(role)
                    self.assertEqual(self.plan.state, "signed")
                    self.assertEqual(self.plan.signed_on, date(2026, 2, 15))
                else:
                    with self.assertRaises(AccessError):
                        self.plan.with_user(self.users[role]).action_sign()
                    with self.assertRaises(UserError):
                        self.sign(role)
        self.assertEqual(self.plan.state, "approved")

    @freeze_time("2026-03-01")
    def test_signing_date_inside_the_cycle_and_not_ahead(self):
        self.set_state(self.plan, "state", "approved")
        for day in (date(2025, 12, 31), date(2026, 3, 2)):
            wizard = Form(
                self.env["target.plan.sign.wizard"]
                .with_user(self.users["office"])
                .with_context(default_plan_id=self.plan.id)
            )
            wizard.signed_on = day
            wizard.unit_employee_id = self.signer
            wizard.scan = base64.b64encode(b"%PDF-1.4 signed")
            with self.assertRaisesRegex(UserError, "outside the cycle or in the future"):
                wizard.save().action_sign()
        self.assertEqual(self.plan.state, "approved")

    def test_an_approved_letter_keeps_its_state_and_reviews(self):
        self.plan.with_user(self.users["unit_user"]).action_submit()
        self.approve(self.plan, "unit_leader", "office", "leader")
        trail = self.plan.review_ids
        self.assertEqual(set(trail.mapped("status")), {"approved"})
        for role in ("unit_user", "office", "admin"):
            plan = self.plan.with_user(self.users[role])
            with self.assertRaises(AccessError, msg=role):
                plan.write({"state": "draft"})
            with self.assertRaises(UserError, msg=role):
                plan._workflow_move("draft")
            with self.assertRaises(UserError, msg=role):
                plan.unlink()
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.plan.review_ids, trail)
        # the goals of an approved letter change only through an adjustment
        for role in ("unit_user", "office"):
            goal = self.goal_gdp.with_user(self.users[role])
            with self.assertRaisesRegex(UserError, "through an adjustment", msg=role):
                goal.write({"target_value": 50.0})
            with self.assertRaisesRegex(UserError, "through an adjustment", msg=role):
                goal.with_context(target_apply_adjustment=True).write({"target_value": 50.0})
        self.assertEqual(self.goal_gdp.target_value, 100.0)


@tagged("post_install", "-at_install")
class TestAdjustmentGate(GateCase):
    """The adjustment: submitted in the window, approved and applied by the flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.write({"state": "approved"})
        cls.goal_gdp.write({"state": "approved"})
        cls.adjustment = cls.env["target.adjustment"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "reason": "项目延期",
                "line_ids": [(0, 0, {"goal_id": cls.goal_gdp.id, "new_target_value": 50.0})],
            }
        )

    def test_state_and_stamps_written_by_nobody(self):
        states = [code for code, _label in self.adjustment._fields["state"].selection]
        stamps = ("submitted_on", "approved_on", "applied_on", "return_reason")
        for state in states:
            self.set_state(self.adjustment, "state", state)
            self.assert_write_and_load_refused(self.adjustment, "state", states, stamps)

    @freeze_time("2026-07-10")
    def test_submit_by_role_and_state_then_applied_by_the_flow_only(self):
        for state in ("draft", "submitted", "approved", "returned", "applied"):
            self.set_state(self.adjustment, "state", state)
            for role in ROLE_GROUPS:
                allowed = state in ("draft", "returned") and role in UNIT_SIDE
                with self.subTest(state=state, role=role), self.attempt():
                    adjustment = self.adjustment.with_user(self.users[role])
                    if allowed:
                        adjustment.action_submit()
                        self.assertEqual(self.adjustment.state, "submitted")
                    else:
                        with self.assertRaises(UserError):
                            adjustment.action_submit()
        self.set_state(self.adjustment, "state", "draft")
        self.adjustment.with_user(self.users["unit_user"]).action_submit()
        # the unit cannot approve its own request with the office and the leadership shown
        for role in ("unit_user", "office", "admin"):
            with self.assertRaises(AccessError, msg=role):
                self.adjustment.review_ids.with_user(self.users[role]).write(
                    {"status": "approved", "done_by": self.users["leader"].id}
                )
            with self.assertRaises(AccessError, msg=role):
                self.adjustment.with_user(self.users[role])._workflow_move("approved")
        # nor change what it asked for, nor forge the history
        line = self.adjustment.line_ids
        for role in ("unit_user", "office", "admin"):
            with self.assertRaisesRegex(UserError, "has been submitted", msg=role):
                line.with_user(self.users[role]).write({"new_target_value": 10.0})
            with self.assertRaises(AccessError, msg=role):
                line.with_user(self.users[role]).write({"old_target_value": 300.0})
            with self.assertRaises(UserError, msg=role):
                line.with_user(self.users[role]).unlink()
        self.assertEqual(self.goal_gdp.target_value, 100.0)
        self.approve(self.adjustment, "unit_leader", "office", "leader")
        self.assertEqual(self.adjustment.state, "applied")
        self.assertEqual(self.goal_gdp.target_value, 50.0)
        self.assertEqual(self.plan.version, 2)
        self.assertEqual((line.old_target_value, line.applied), (100.0, True))


@tagged("post_install", "-at_install")
class TestEvaluationGate(GateCase):
    """The evaluation: submitted by the unit, approved or returned by its reviewers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation = cls.env["target.evaluation"].create(
            {"cycle_id": cls.cycle.id, "unit_id": cls.county_a.id, "stage": "year_end"}
        )

    def test_state_and_stamps_written_by_nobody(self):
        states = [code for code, _label in self.evaluation._fields["state"].selection]
        stamps = ("submitted_on", "approved_on", "return_reason", "feedback_sent")
        for state in states:
            self.set_state(self.evaluation, "state", state)
            self.assert_write_and_load_refused(self.evaluation, "state", states, stamps)

    def test_submit_by_role_and_state(self):
        for state in ("draft", "submitted", "approved", "returned"):
            self.set_state(self.evaluation, "state", state)
            for role in ROLE_GROUPS:
                allowed = state in ("draft", "returned") and role in UNIT_SIDE
                with self.subTest(state=state, role=role), self.attempt():
                    evaluation = self.evaluation.with_user(self.users[role])
                    if allowed:
                        evaluation.action_submit()
                        self.assertEqual(self.evaluation.state, "submitted")
                    else:
                        with self.assertRaises(UserError):
                            evaluation.action_submit()

    def test_returned_by_a_reviewer_with_the_reason(self):
        self.evaluation.with_user(self.users["unit_user"]).action_submit()
        self.reject(self.evaluation, "unit_leader", "自评依据不足")
        self.assertEqual(self.evaluation.state, "returned")
        self.assertEqual(self.evaluation.return_reason, "自评依据不足")
        # the clerk who submitted has a to-do
        self.assertIn(self.users["unit_user"], self.evaluation.activity_ids.user_id)


@tagged("post_install", "-at_install")
class TestCycleGate(GateCase):
    """The cycle's phase (the office, step by step; the administrator reopens) and sign-off."""

    PHASES = ("planning", "decomposition", "signing", "execution", "midyear", "year_end")

    def test_phase_and_signoff_written_by_nobody(self):
        phases = [code for code, _label in self.cycle._fields["phase"].selection]
        signoff = [code for code, _label in self.cycle._fields["signoff_state"].selection]
        stamps = ("signoff_submitted_on", "signoff_approved_on", "published_on", "publicity_end")
        for phase in ("planning", "scoring", "signoff", "publicity", "closed"):
            self.set_state(self.cycle, "phase", phase)
            self.assert_write_and_load_refused(self.cycle, "phase", phases, stamps)
        for state in signoff:
            self.set_state(self.cycle, "signoff_state", state)
            self.assert_write_and_load_refused(self.cycle, "signoff_state", signoff)
        for role in ("office", "admin"):
            with self.assertRaises(AccessError, msg=role):
                self.env["target.cycle"].with_user(self.users[role]).create(
                    {
                        "name": "2027年度",
                        "year": 2027,
                        "date_start": date(2027, 1, 1),
                        "date_end": date(2027, 12, 31),
                        "phase": "closed",
                    }
                )

    def test_next_phase_by_the_office_only(self):
        for phase, following in zip(self.PHASES, self.PHASES[1:], strict=False):
            self.set_state(self.cycle, "phase", phase)
            for role in ROLE_GROUPS:
                with self.subTest(phase=phase, role=role), self.attempt():
                    cycle = self.cycle.with_user(self.users[role])
                    if role in ("office", "admin"):
                        cycle.action_next_phase()
                        self.assertEqual(self.cycle.phase, following)
                    else:
                        with self.assertRaises(AccessError):
                            cycle.action_next_phase()

    def test_signed_off_phases_reopened_by_an_administrator_only(self):
        for phase in ("publicity", "published", "closed"):
            self.set_state(self.cycle, "phase", phase)
            self.set_state(self.cycle, "signoff_state", "approved")
            for role in ROLE_GROUPS:
                with self.subTest(phase=phase, role=role), self.attempt():
                    cycle = self.cycle.with_user(self.users[role])
                    if role == "admin":
                        with self.assertRaisesRegex(UserError, "reason"):
                            cycle._reopen("  ")
                        cycle._reopen("复核发现计分错误")
                        self.assertEqual(
                            (self.cycle.phase, self.cycle.signoff_state), ("scoring", "draft")
                        )
                        self.assertIn("复核发现计分错误", self.cycle.message_ids[0].body)
                    else:
                        with self.assertRaises(AccessError):
                            cycle.action_reopen()
                        with self.assertRaises(AccessError):
                            cycle._reopen("越权")
        # nothing to reopen before the sign-off
        self.set_state(self.cycle, "phase", "scoring")
        with self.assertRaisesRegex(UserError, "nothing to reopen"):
            self.cycle.with_user(self.users["admin"])._reopen("无")

    def test_no_publicity_without_the_signoff(self):
        self.set_state(self.cycle, "phase", "signoff")
        for state in ("draft", "submitted", "rejected"):
            self.set_state(self.cycle, "signoff_state", state)
            with self.assertRaisesRegex(UserError, "not signed the results off", msg=state):
                self.cycle.with_user(self.users["office"]).action_next_phase()
            with self.assertRaises(UserError, msg=state):
                self.cycle.with_user(self.users["office"]).action_publish()
        self.assertEqual(self.cycle.phase, "signoff")
