"""Supervision tasks (督办): roles × states, forged writes, unit scope, idempotent jobs."""

from datetime import date, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import TargetCityCase

REMINDER = "target_assessment.mail_activity_type_supervision_reminder"
OVERDUE = "target_assessment.mail_activity_type_supervision_overdue"
ESCALATION = "target_assessment.mail_activity_type_supervision_escalation"


@tagged("post_install", "-at_install")
class TestSupervisionTask(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = cls.users["office"]
        cls.unit = cls.users["unit_user"]  # county A
        cls.unit_b = new_test_user(
            cls.env,
            login="ta_task_b",
            groups="target_assessment.group_unit_user",
            name="乙县填报员",
        )
        cls.unit_b.target_unit_ids = cls.county_b
        (cls.county_a | cls.county_b).invalidate_recordset()

    def task(self, unit=None, **values):
        vals = {
            "name": values.pop("name", "加快推进重点项目开工"),
            "cycle_id": self.cycle.id,
            "unit_id": (unit or self.county_a).id,
            "source": "instruction",
            "instructed_by": "市长",
            "deadline": date(2026, 12, 10),
        }
        vals.update(values)
        return self.env["target.supervision.task"].with_user(self.office).create(vals)

    def activities(self, task, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", task._name),
                ("res_id", "=", task.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_roles_by_state(self):
        task = self.task()
        for role in ("unit_user", "unit_leader", "inspector", "leader"):
            with self.assertRaises(AccessError, msg=role):
                task.with_user(self.users[role]).action_assign()
        task.action_assign()
        self.assertEqual((task.state, task.assigned_by_id), ("assigned", self.office))
        mine = task.with_user(self.unit)
        with self.assertRaisesRegex(UserError, "write the feedback"):
            mine.action_answer()
        mine.write({"feedback": "已召开专题会议，项目于12月8日开工。"})
        with self.assertRaises(AccessError):
            task.with_user(self.unit_b).action_answer()
        mine.action_answer()
        self.assertEqual((task.state, task.answered_by_id), ("answered", self.unit))
        with self.assertRaises(AccessError):
            mine.action_accept()
        with self.assertRaisesRegex(UserError, "Give the reason"):
            task.action_return()
        task.action_return(reason="缺少开工照片和施工许可。")
        self.assertEqual(task.state, "returned")
        mine.write({"feedback": "补充施工许可和现场照片。"})
        mine.action_answer()
        task.action_accept()
        self.assertEqual((task.state, task.accepted_by_id), ("accepted", self.office))
        with self.assertRaisesRegex(UserError, "assigned or returned"):
            mine.write({"feedback": "再改"})

    def test_forged_writes_refused(self):
        task = self.task()
        for vals in ({"state": "accepted"}, {"escalated": True}, {"answered_by_id": self.unit.id}):
            with self.assertRaises(AccessError, msg=str(vals)):
                task.write(vals)
        with self.assertRaises(AccessError):
            self.env["target.supervision.task"].with_user(self.office).create(
                {
                    "name": "伪造",
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "deadline": date(2026, 12, 10),
                    "state": "accepted",
                }
            )
        task.action_assign()
        mine = task.with_user(self.unit)
        for vals in ({"deadline": date(2027, 1, 31)}, {"unit_id": self.county_b.id}):
            with self.assertRaises(AccessError, msg=str(vals)):
                mine.write(vals)
        with self.assertRaises(AccessError):
            self.env["target.supervision.task"].with_user(self.unit).create(
                {
                    "name": "自建",
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "deadline": date(2026, 12, 10),
                }
            )

    def test_units_see_only_their_own_assigned_tasks(self):
        mine, theirs, draft = self.task(), self.task(self.county_b), self.task(name="草稿")
        (mine | theirs).action_assign()
        Task = self.env["target.supervision.task"]
        self.assertEqual(Task.with_user(self.unit).search([]), mine)
        self.assertEqual(Task.with_user(self.unit_b).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.unit).read(["name"])
        with self.assertRaises(AccessError):
            draft.with_user(self.unit).read(["name"])
        self.assertEqual(len(Task.with_user(self.users["leader"]).search([])), 3)
        with self.assertRaises(AccessError):
            Task.with_user(self.users["inspector"]).search([])

    def test_jobs_remind_flag_and_escalate_once(self):
        self.unit.target_unit_ids = self.county_a  # the unit's users are notified
        task = self.task(deadline=date(2026, 12, 2))
        task.action_assign()
        Task = self.env["target.supervision.task"]
        # the jobs commit their progress batch by batch: not inside a test
        IrCron = type(self.env["ir.cron"])
        self.startPatcher(patch.object(IrCron, "_commit_progress", return_value=float("inf")))
        for _run in range(2):
            Task._cron_send_reminders()
        reminders = self.activities(task, REMINDER)
        # one per user of the unit (its clerk and its leader), not one per run
        self.assertEqual(reminders.user_id, self.unit | self.users["unit_leader"])
        self.assertEqual(len(reminders), 2)
        self.assertTrue(task.reminder_sent)
        self.assertFalse(task.is_overdue, "due in two days")
        with freeze_time(date(2026, 12, 3)):
            for _run in range(2):
                Task._cron_flag_overdue()
            self.assertTrue(task.is_overdue)
            self.assertFalse(task.escalated)
            self.assertEqual(len(self.activities(task, OVERDUE)), 2)
        with freeze_time(date(2026, 12, 2) + timedelta(days=4)):
            for _run in range(2):
                Task._cron_flag_overdue()
            self.assertTrue(task.escalated)
            escalations = self.activities(task, ESCALATION)
            self.assertIn(self.office, escalations.user_id)
            self.assertEqual(len(escalations), len(escalations.user_id))
        # answered: no longer late
        task.with_user(self.unit).write({"feedback": "已完成"})
        task.with_user(self.unit).action_answer()
        self.assertFalse(task.is_overdue)
