"""Scheduled superior-level exports (定时上报): one run per period, delivered
once, whatever runs twice or crashes; failures retried and visible; the
office's re-send recorded; a clear error for every wrong setting."""

import hashlib
import io
from datetime import datetime, timedelta
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.models.mail_mail import MailMail
from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.queue_job.job import Job
from odoo.addons.target_assessment.tests.test_background_jobs import queued

from ..models.target_export_run import TargetExportRun
from .common import ReportsCase

# 10:00 on 2 April 2026 in Beijing: the first quarter is over.
APRIL_2 = "2026-04-02 02:00:00"


class WorkerKilled(BaseException):
    """The worker dies (not an error the run could record)."""


def sheet_values(content):
    """The cells of a workbook's first sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@tagged("post_install", "-at_install")
class TestSchedules(ReportsCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.province = env["res.partner"].create(
            {"name": "省考核办", "email": "kaohe@province.gov.cn"}
        )
        cls.users["office"].email = "office@jiangling.gov.cn"
        cls.template = env["target.export.template"].create(
            {
                "name": "季度目标进度上报表",
                "source": "goal",
                "header_ids": [
                    (0, 0, {"row": 1, "col_from": 1, "col_to": 3, "text": "{cycle}（{period}）"})
                ],
                "column_ids": [
                    (0, 0, {"code": "no", "header": "序号", "source_type": "sequence"}),
                    (0, 0, {"code": "unit", "header": "单位", "field_path": "unit_id.name"}),
                    (0, 0, {"code": "goal", "header": "目标任务", "field_path": "name"}),
                ],
            }
        )
        cls.schedule = (
            env["target.export.schedule"]
            .with_user(cls.users["office"])
            .create(
                {
                    "name": "季度上报省考核办",
                    "report": "template",
                    "template_id": cls.template.id,
                    "frequency": "quarterly",
                    "date_start": "2026-01-01",
                    "tz": "Asia/Shanghai",
                    "recipient_partner_ids": [(6, 0, cls.province.ids)],
                    "recipient_emails": "backup@province.gov.cn",
                    "subject_template": "{schedule}：{period}",
                }
            )
        )

    # -- helpers ---------------------------------------------------------------

    def run_job(self):
        """The scheduled job, its commits made harmless (a crash keeps what was done),
        with the runs' jobs run at once (scripts/test), then the mail queue."""
        with patch.object(IrCron, "_commit_progress", return_value=float("inf")):
            self.env["target.export.schedule"]._cron_run_due()
        self.send_mail_queue()
        self.env.invalidate_all()

    def send_mail_queue(self):
        """The mail queue's job, for the runs' mails."""
        self.env["mail.mail"].with_context(
            filters=[("model", "=", "target.export.run")]
        ).process_email_queue()

    def crash(self):
        """Run the job until the worker dies; what it committed before stays (no
        savepoint around it, as in the monitoring jobs' tests)."""
        crashed = False
        try:
            self.run_job()
        except WorkerKilled:
            crashed = True
        self.assertTrue(crashed)
        self.env.invalidate_all()

    def runs(self):
        return self.schedule.sudo().run_ids

    def mails(self, run):
        return self.env["mail.mail"].search(
            [("model", "=", "target.export.run"), ("res_id", "=", run.id)]
        )

    # -- delivered once --------------------------------------------------------

    def test_quarterly_upload_arrives_once_with_its_file(self):
        with freeze_time(APRIL_2), self.mock_mail_gateway():
            self.run_job()
            self.run_job()
        run = self.runs()
        self.assertEqual(len(run), 1)
        self.assertEqual((run.period_key, run.state), ("2026-Q1", "sent"))
        self.assertEqual(run.cycle_id, self.cycle)
        self.assertEqual(len(self.mails(run)), 1, "one mail for the period")
        content = run.attachment_id.raw
        self.assertEqual(run.checksum, hashlib.sha256(content).hexdigest())
        self.assertTrue(run.delivered_at)
        # each recipient received it once, with the file
        self.assertEqual(
            sorted(address for mail in self._mails for address in mail["email_to"]),
            ['"省考核办" <kaohe@province.gov.cn>', "backup@province.gov.cn"],
        )
        for mail in self._mails:
            self.assertEqual(mail["subject"], "季度上报省考核办：2026-Q1")
            self.assertEqual([a[0] for a in mail["attachments"]], [run.attachment_id.name])
            self.assertEqual(mail["attachments"][0][1], content)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet["A1"].value, f"{self.cycle.name}（2026-Q1）")
        units = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
        self.assertEqual(units, set(self.goals.unit_id.mapped("name")))
        # the next quarter is not due before July
        with freeze_time("2026-06-30 12:00:00"), self.mock_mail_gateway():
            self.run_job()
        self.assertEqual(len(self.runs()), 1)
        with freeze_time("2026-07-01 02:00:00"), self.mock_mail_gateway():
            self.run_job()
        self.assertEqual(self.runs().mapped("period_key"), ["2026-Q2", "2026-Q1"])

    def jobs(self, run):
        return self.env["target.job"].search(
            [("res_model", "=", "target.export.run"), ("res_id", "=", run.id)]
        )

    def test_the_scheduled_job_queues_one_job_per_run(self):
        with freeze_time(APRIL_2), self.mock_mail_gateway(), queued():
            self.run_job()
            run = self.runs()
            self.assertEqual(run.state, "pending", "the scheduled job only queues the run")
            job = self.jobs(run)
            self.assertEqual(job.state, "queued")
            self.assertEqual(job.queue_job_id.channel, "root.export")
            self.assertEqual(job.queue_job_id.identity_key, job.identity_key)
            self.run_job()
            self.assertEqual(self.jobs(run), job, "a queued run is not queued twice")
            self.assertEqual(
                self.env["queue.job"].search_count([("identity_key", "=", job.identity_key)]), 1
            )
            with self.assertRaisesRegex(UserError, "already"):
                self.schedule.with_user(self.users["office"]).action_run_now()
            Job.load(self.env, job.queue_job_id.uuid).perform()
            self.env.invalidate_all()
            self.assertEqual(job.state, "done")
            self.assertEqual((run.state, run.mail_state), ("generated", "outgoing"))
            mail_cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
            self.assertTrue(
                self.env["ir.cron.trigger"].search_count([("cron_id", "=", mail_cron.id)]),
                "the mail queue is woken up",
            )
            self.send_mail_queue()
            self.run_job()
        self.assertEqual(run.state, "sent")
        self.assertEqual(self.jobs(run), job, "a sent run is not queued again")
        self.assertEqual(len(self._mails), 2, "one e-mail per recipient, once")
        # the job's file is the one the run makes at once
        inline, _name = (
            self.schedule.with_user(self.users["office"])
            .with_company(self.schedule.company_id)
            ._render_report(cycle=run.cycle_id, period=run.period_key)
        )
        self.assertEqual(sheet_values(run.attachment_id.raw), sheet_values(inline))

    def test_crash_after_the_file_before_the_mail(self):
        """A job that dies loses its transaction only; the job runs again and delivers once."""
        with freeze_time(APRIL_2), self.mock_mail_gateway(), queued():
            self.run_job()
            run = self.runs()
            job = self.jobs(run)
            with (
                patch.object(TargetExportRun, "_queue_delivery", side_effect=WorkerKilled),
                self.assertRaises(WorkerKilled),
                self.env.cr.savepoint(),
            ):
                Job.load(self.env, job.queue_job_id.uuid).perform()
            self.env.invalidate_all()
            self.assertEqual(run.state, "pending")
            self.assertFalse(run.attachment_id, "nothing of the dead job's work is kept")
            # queue_job runs the dead job again, then the mail queue sends the mail
            Job.load(self.env, job.queue_job_id.uuid).perform()
            self.send_mail_queue()
            self.run_job()
            self.run_job()
        self.assertEqual(run.state, "sent")
        self.assertEqual(self.jobs(run), job)
        self.assertEqual(len(self.mails(run)), 1)
        self.assertEqual(len(self._mails), 2, "one e-mail per recipient, once")

    def test_crash_after_the_mail_was_queued(self):
        with (
            freeze_time(APRIL_2),
            self.mock_mail_gateway(),
            patch.object(MailMail, "send", side_effect=WorkerKilled),
        ):
            self.crash()
        run = self.runs()
        self.assertEqual((run.state, run.mail_state), ("generated", "outgoing"))
        with freeze_time(APRIL_2), self.mock_mail_gateway():
            self.run_job()
            self.run_job()
        self.assertEqual(run.state, "sent")
        self.assertEqual(len(self.mails(run)), 1, "the queued mail is sent, no other one made")
        self.assertEqual(len(self._mails), 2)

    def test_crash_after_the_mail_went_out(self):
        with freeze_time(APRIL_2), self.mock_mail_gateway():
            self.run_job()
            run = self.runs()
            # the worker died after sending, before the run was marked sent
            run.write({"state": "generated", "delivered_at": False})
            self._mails.clear()
            self.run_job()
        self.assertEqual(run.state, "sent")
        self.assertTrue(run.delivered_at)
        self.assertEqual(len(self.mails(run)), 1)
        self.assertEqual(self._mails, [], "nothing sent again")

    # -- failures --------------------------------------------------------------

    def test_failed_delivery_retried_later_with_the_same_mail(self):
        IrMailServer = type(self.env["ir.mail_server"])
        with (
            freeze_time(APRIL_2),
            self.mock_mail_gateway(),
            patch.object(
                IrMailServer, "send_email", side_effect=MailDeliveryException("SMTP down")
            ),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            self.run_job()
        run = self.runs()
        self.assertEqual((run.state, run.attempts), ("failed", 1))
        self.assertIn("SMTP down", run.error)
        self.assertEqual(run.next_attempt_at, datetime(2026, 4, 2, 2, 30))
        self.assertIn("Attempt 1 failed", run.message_ids[0].body)
        self.assertEqual(self.schedule.failed_run_count, 1, "visible on the schedule")
        with freeze_time("2026-04-02 02:20:00"), self.mock_mail_gateway():
            self.run_job()  # not due yet
        self.assertEqual((run.state, run.attempts), ("failed", 1))
        with freeze_time("2026-04-02 02:31:00"), self.mock_mail_gateway():
            self.run_job()
        self.assertEqual(run.state, "sent")
        self.assertFalse(run.error)
        self.assertEqual(len(self.mails(run)), 1, "the retry sends the same mail")
        self.assertEqual(len(self._mails), 2)

    def test_generation_failing_until_the_office_steps_in(self):
        self.schedule.write({"max_attempts": 2, "retry_minutes": 10})
        broken = patch.object(
            TargetExportRun, "_generate", side_effect=ValueError("template broken")
        )
        with freeze_time(APRIL_2), broken, mute_logger("odoo.addons.target_reports"):
            self.run_job()
        run = self.runs()
        self.assertEqual((run.state, run.attempts, run.error), ("failed", 1, "template broken"))
        self.assertFalse(run.attachment_id)
        later = datetime(2026, 4, 2, 2, 11)
        with freeze_time(later), broken, mute_logger("odoo.addons.target_reports"):
            self.run_job()
            self.run_job()
        self.assertEqual(run.attempts, 2)
        self.assertFalse(run.next_attempt_at, "no more automatic attempts")
        activity = self.schedule.activity_ids
        self.assertEqual(activity.user_id, self.users["office"])
        self.assertIn("failed 2 times", activity.summary)
        with freeze_time(later + timedelta(days=2)), self.mock_mail_gateway():
            self.run_job()
            self.assertEqual(run.state, "failed", "waits for the office")
            run.with_user(self.users["office"]).action_retry()
        self.assertEqual(run.state, "generated", "the mail queue sends it")
        self.assertEqual(run.mail_state, "outgoing")
        self.assertEqual(len(self.mails(run)), 1)

    # -- by hand ---------------------------------------------------------------

    def test_run_now_and_resend_by_hand(self):
        office = self.users["office"]
        with freeze_time(APRIL_2), self.mock_mail_gateway():
            action = self.schedule.with_user(office).action_run_now()
            run = self.env["target.export.run"].browse(action["res_id"])
            self.assertEqual(run.mail_state, "outgoing", "queued; the mail queue sends it")
            run.mail_id.send()
            self.assertEqual(run.state, "sent", "the run follows its mail")
            with self.assertRaisesRegex(UserError, "2026-Q1 was already sent"):
                self.schedule.with_user(office).action_run_now()
            run.with_user(office).action_resend()
        self.assertEqual(run.resend_count, 1)
        self.assertEqual(len(self.mails(run)), 2, "a re-send is a second, recorded delivery")
        self.assertEqual(run.resend_mail_ids, self.mails(run) - run.mail_id)
        self.assertIn("Re-sent by TA office", run.message_ids[0].body)

    def test_job_runs_as_the_scheduler(self):
        cron = self.env.ref("target_reports.ir_cron_target_export_schedules")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        with freeze_time(APRIL_2), self.mock_mail_gateway(), self.enter_registry_test_mode():
            cron.method_direct_trigger()
            self.send_mail_queue()
        self.env.invalidate_all()
        self.assertEqual(self.runs().state, "sent")
        self.assertEqual(self.jobs(self.runs()).state, "done")

    # -- settings --------------------------------------------------------------

    def test_cron_expression(self):
        schedule = self.schedule.with_user(self.users["office"])
        schedule.write({"frequency": "cron", "cron_expression": "0 8 5 1,4,7,10 *"})
        with freeze_time("2026-05-20 00:00:00"):
            self.assertEqual(schedule._due_period().key, "2026-04-05 08:00")
            self.assertEqual(schedule.next_due, datetime(2026, 7, 5, 0, 0), "08:00 in Beijing")
        for expression, reason in (
            ("0 24 * * *", "24 in the hour field is out of its range 0–23"),
            ("0 8 5 1", "it has 4 fields instead of five"),
            ("*/0 8 * * *", "the step of \\*/0 in the minute field"),
            ("0 8 L * *", "L in the day of the month field is not understood"),
            ("0 8 31 2 *", "no such day exists"),
        ):
            with self.assertRaisesRegex(
                ValidationError, f"季度上报省考核办: the cron expression .* is not valid: {reason}"
            ):
                schedule.cron_expression = expression
        with self.assertRaisesRegex(ValidationError, "is not valid: it is empty"):
            schedule.cron_expression = False

    def test_settings_refused(self):
        schedule = self.schedule.with_user(self.users["office"])
        with self.assertRaisesRegex(ValidationError, "kaohe@ is not an e-mail address"):
            schedule.recipient_emails = "a@b.cn, kaohe@"
        with self.assertRaisesRegex(ValidationError, "has no recipient"):
            schedule.write({"recipient_emails": False, "recipient_partner_ids": [(5,)]})
        no_mail = self.env["res.partner"].create({"name": "无邮箱"})
        with self.assertRaisesRegex(ValidationError, "无邮箱 has no e-mail address"):
            schedule.recipient_partner_ids = no_mail
        with self.assertRaisesRegex(
            ValidationError, r"unknown placeholder \{quarter\} in the subject"
        ):
            schedule.subject_template = "{quarter}上报"
        with self.assertRaisesRegex(ValidationError, "TA unit_user, who is not in the assessment"):
            schedule.user_id = self.users["unit_user"]
        with self.assertRaisesRegex(ValidationError, "needs its template"):
            schedule.template_id = False

    def test_schedules_and_runs_are_the_offices(self):
        with freeze_time(APRIL_2), self.mock_mail_gateway():
            self.run_job()
        run = self.runs()
        for role in ("unit_user", "unit_leader", "assessor", "leader", "hr", "inspector"):
            user = self.users[role]
            with self.assertRaises(AccessError, msg=role):
                self.schedule.with_user(user).read(["name"])
            with self.assertRaises(AccessError, msg=role):
                run.with_user(user).read(["period_key"])
            with self.assertRaises(AccessError, msg=role):
                self.env["target.export.schedule"].with_user(user).create(
                    {"name": "x", "recipient_emails": "a@b.cn"}
                )
        self.assertEqual(run.with_user(self.users["office"]).read(["state"])[0]["state"], "sent")
        with self.assertRaises(AccessError):
            run.with_user(self.users["office"]).unlink()
