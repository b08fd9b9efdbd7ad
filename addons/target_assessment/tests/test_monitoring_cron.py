"""The monitoring jobs: reminders, overdue flags, red-light warnings (预警); run twice, resumed."""

from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .test_progress import ProgressCase

REMINDER = "target_assessment.mail_activity_type_progress_reminder"
WARNING = "target_assessment.mail_activity_type_early_warning"


@tagged("post_install", "-at_install")
class TestMonitoringCron(ProgressCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        leader = cls.env["hr.employee"].create(
            {"name": "李县长", "user_id": cls.users["unit_leader"].id}
        )
        cls.env["target.unit.leader"].create(
            {"unit_id": cls.county_a.id, "employee_id": leader.id, "role": "principal"}
        )
        cls.Activity = cls.env["mail.activity"].with_context(active_test=False)

    def run_cron(self, name):
        """Run a job as the scheduler does: its own cursor, commits per batch."""
        with self.enter_registry_test_mode():
            self.env.ref(
                f"target_assessment.ir_cron_target_progress_{name}"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def activities(self, xmlid):
        return self.Activity.search([("activity_type_id", "=", self.env.ref(xmlid).id)])

    def assertWarnedOnce(self, red):
        """Each of the ``red`` goals warned once: one message, 甲县's leader one activity."""
        warnings = self.activities(WARNING)
        self.assertEqual(len(warnings.filtered(lambda a: a.res_id == self.g_a.id)), 1)
        for goal in red:
            messages = goal.message_ids.filtered(
                lambda m: m.subject and m.subject.startswith("Early warning")
            )
            self.assertEqual(len(messages), 1, goal.name)

    def counts(self):
        """What a duplicate run would add to: activities, messages, outgoing mails."""
        return (
            self.Activity.search_count([]),
            self.env["mail.message"].search_count([]),
            self.env["mail.mail"].search_count([]),
        )

    def test_jobs_and_activity_types_are_shipped(self):
        for name in ("reminders", "overdue", "warnings"):
            cron = self.env.ref(f"target_assessment.ir_cron_target_progress_{name}")
            self.assertEqual(cron.interval_type, "days")
            self.assertTrue(cron.active)
        self.assertEqual(self.env.ref(REMINDER).res_model, "target.period")
        self.assertEqual(self.env.ref(WARNING).res_model, "target.goal")

    def test_reminders_once_per_user_and_period(self):
        Progress = self.env["target.progress"]
        march, april = self.period(3), self.period(4)
        with freeze_time("2026-04-03"):
            # county B has already reported March: nobody reminds it
            for goal in (self.g_b, self.g_air_b):
                self.report(goal, 3, 1.0, "unit_b").action_submit()
            self.run_cron("reminders")

            # the reports of the running periods are open, one per goal that reports itself
            reports = Progress.search([("period_id", "=", march.id)])
            self.assertEqual(
                reports.goal_id,
                self.g_a | self.g_b | self.g_energy | self.g_invest | self.g_air_b,
                "the city's GDP rolls up from the counties: no report of its own",
            )
            self.assertEqual(Progress.search_count([("period_id", "=", april.id)]), 5)
            todo = reports.filtered(lambda r: r.state == "draft")
            self.assertEqual(todo.unit_id, self.county_a)
            self.assertTrue(all(todo.mapped("reminder_sent")))

            # one reminder per user of county A (members and principal leader), on March
            reminders = self.activities(REMINDER)
            self.assertEqual(reminders.user_id, self.users["unit_user"] | self.users["unit_leader"])
            self.assertEqual(len(reminders), 2)
            self.assertEqual(set(reminders.mapped("res_model")), {"target.period"})
            self.assertEqual(set(reminders.mapped("res_id")), {march.id})
            self.assertEqual(set(reminders.mapped("date_deadline")), {march.due_date})

            # the same day again: nothing new
            before = self.counts()
            self.run_cron("reminders")
            self.assertEqual(self.counts(), before)

            # done is done: the reminder marked as done is not sent again
            mine = reminders.filtered(lambda a: a.user_id == self.users["unit_user"])
            mine.with_user(self.users["unit_user"]).action_feedback(feedback="正在填报")
            self.assertFalse(mine.active)
            self.run_cron("reminders")
            self.assertEqual(len(self.activities(REMINDER)), 2)

        with freeze_time("2026-05-02"):
            # April's reminder date: county B has not reported April either
            self.run_cron("reminders")
            on_april = self.activities(REMINDER).filtered(lambda a: a.res_id == april.id)
            self.assertEqual(
                on_april.user_id,
                self.users["unit_user"] | self.users["unit_leader"] | self.users["unit_b"],
            )
            self.assertEqual(len(on_april), 3)

    def test_overdue_flags(self):
        with freeze_time("2026-04-03"):
            self.run_cron("reminders")
        report = self.env["target.progress"].search(
            [("goal_id", "=", self.g_a.id), ("period_id", "=", self.period(3).id)]
        )
        with freeze_time("2026-04-05"):
            self.run_cron("overdue")
            self.assertFalse(report.is_overdue, "due today, not yet overdue")
        with freeze_time("2026-04-06"):
            self.run_cron("overdue")
            self.assertTrue(report.is_overdue)
            self.assertTrue(self.g_a.is_overdue)
            overdue = self.env["target.progress"].search([("is_overdue", "=", True)])
            self.assertEqual(overdue.period_id, self.period(3))
            self.assertEqual(len(overdue), 5)
            before = self.counts()
            self.run_cron("overdue")
            self.assertEqual(self.counts(), before)
            # a late report clears the flag
            report.with_user(self.users["unit_user"]).write({"value": 40.0})
            report.with_user(self.users["unit_user"]).action_submit()
            self.assertFalse(report.is_overdue)
            self.assertFalse(self.g_a.is_overdue)

    def test_red_light_warning_reaches_leader_and_office(self):
        office = self.users["office"]
        with freeze_time("2026-04-10"):
            self.accepted(self.g_a, 3, 10.0)  # 20 % of expected: red
            self.accepted(self.g_b, 3, 24.0, reporter="unit_b")  # 97 %: green
            self.assertEqual((self.g_a.light, self.g_b.light), ("red", "green"))
            self.run_cron("warnings")

            warnings = self.activities(WARNING)
            on_a = warnings.filtered(lambda a: a.res_id == self.g_a.id)
            self.assertEqual(on_a.user_id, self.users["unit_leader"], "the principal leader")
            self.assertEqual(on_a.res_model, "target.goal")
            self.assertIn(self.g_a.ref, on_a.summary)
            self.assertFalse(warnings.filtered(lambda a: a.res_id == self.g_b.id))
            message = self.g_a.message_ids.filtered(
                lambda m: m.subject and m.subject.startswith("Early warning")
            )
            self.assertEqual(len(message), 1)
            self.assertIn(office.partner_id, message.partner_ids)
            self.assertIn(self.users["unit_leader"].partner_id, message.partner_ids)
            self.assertEqual(self.g_a.warned_period_id, self.period(3))
            self.assertFalse(self.g_a.warning_due)
            # the office sees the goal among the red lights
            red = self.env["target.goal"].with_user(office).search([("light", "=", "red")])
            self.assertIn(self.g_a, red)

            before = self.counts()
            self.run_cron("warnings")
            self.run_cron("overdue")
            self.assertEqual(self.counts(), before, "twice the same day: no duplicate")

        with freeze_time("2026-05-10"):
            # still red at the end of April: warned once more, for April
            self.run_cron("warnings")
            on_a = self.activities(WARNING).filtered(lambda a: a.res_id == self.g_a.id)
            self.assertEqual(len(on_a), 2)
            self.assertEqual(self.g_a.warned_period_id, self.period(4))

    def test_warnings_resume_after_a_crash(self):
        Progress = self.env["target.progress"]
        original = type(Progress)._send_warnings
        batches = []

        def crash_after_the_first_batch(model, goals):
            if batches:
                raise RuntimeError("worker killed")
            batches.append(goals)
            return original(model, goals)

        with freeze_time("2026-04-10"):
            self.accepted(self.g_a, 3, 10.0)
            self.accepted(self.g_b, 3, 5.0, reporter="unit_b")
            red = self.env["target.goal"].search([("warning_due", "=", True)])
            self.assertEqual(red, self.g_city | self.g_a | self.g_b)
            # the batch committed before the crash stays done: no savepoint around the run
            with (
                patch.object(IrCron, "_commit_progress", return_value=float("inf")) as commit,
                patch.object(type(Progress), "_send_warnings", crash_after_the_first_batch),
            ):
                crashed = False
                try:
                    Progress._cron_send_warnings(batch_size=1)
                except RuntimeError:
                    crashed = True
            self.assertTrue(crashed)
            # the first batch was done (and committed) before the crash
            self.assertTrue(commit.called)
            self.assertEqual(len(batches[0]), 1)
            self.assertEqual(
                self.env["target.goal"].search([("warning_due", "=", True)]), red - batches[0]
            )

            with patch.object(IrCron, "_commit_progress", return_value=float("inf")):
                Progress._cron_send_warnings(batch_size=1)
            self.assertFalse(self.env["target.goal"].search([("warning_due", "=", True)]))
            self.assertWarnedOnce(red)

    def test_warnings_give_way_to_a_concurrent_update(self):
        # a clerk's report updates a goal the job is warning of (the load check met it):
        # the job's batch, its warnings written, is rolled back, and the job runs again
        # in a new transaction at once instead of failing until its next run: each red
        # goal warned once
        Progress = self.env["target.progress"]
        original = type(Progress)._send_warnings
        calls = []

        def conflict_once(model, goals):
            calls.append(goals)
            result = original(model, goals)
            if len(calls) == 1:
                raise psycopg2.errors.SerializationFailure("could not serialize access")
            return result

        cron = self.env.ref("target_assessment.ir_cron_target_progress_warnings")
        Trigger = self.env["ir.cron.trigger"].sudo()
        with freeze_time("2026-04-10"):
            self.accepted(self.g_a, 3, 10.0)
            self.accepted(self.g_b, 3, 5.0, reporter="unit_b")
            red = self.env["target.goal"].search([("warning_due", "=", True)])
            self.assertEqual(red, self.g_city | self.g_a | self.g_b)
            before = Trigger.search([("cron_id", "=", cron.id)])
            with patch.object(type(Progress), "_send_warnings", conflict_once):
                self.run_cron("warnings")
            self.assertEqual(len(calls), 2, "the conflicting batch ran again")
            self.assertEqual(calls[1], calls[0])
            self.assertTrue(Trigger.search([("cron_id", "=", cron.id)]) - before)
            self.assertFalse(cron.failure_count)
            self.assertFalse(self.env["target.goal"].search([("warning_due", "=", True)]))
            self.assertWarnedOnce(red)
