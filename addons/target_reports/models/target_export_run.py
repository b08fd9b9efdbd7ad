import hashlib
import logging
import re
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import mute_logger
from odoo.tools.mail import plaintext2html

from ..tools.placeholders import fill
from .target_report_request import XLSX_MIMETYPE

_logger = logging.getLogger(__name__)

RUN_STATES = [
    ("pending", "Pending"),
    ("generated", "Generated"),
    ("sent", "Sent"),
    ("failed", "Failed"),
]
#: The longest wait between two attempts of a failed run.
MAX_RETRY_DELAY = timedelta(days=1)
UNSAFE_FILE_CHARACTERS = re.compile(r'[\\/:*?"<>|\s]+')


class TargetExportRun(models.Model):
    """One period of a scheduled export: its file, checksum and delivery.

    Unique per (schedule, period). A run goes pending → generated (the file
    is archived as an attachment with its SHA-256, then one mail is queued
    and recorded on the run) → sent (the mail went out), or failed (the error
    is kept; retried after a delay that doubles each time, up to the
    schedule's attempts). Whatever happens, a run has at most one automatic
    mail: once ``mail_id`` is set, later attempts follow that mail (retrying
    it when it failed) instead of making another. A re-send by hand is an
    explicit second delivery, recorded on the run.

    Access: the assessment office only.
    """

    _name = "target.export.run"
    _description = "Scheduled Export Run"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _rec_name = "period_key"

    schedule_id = fields.Many2one(
        "target.export.schedule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="schedule_id.company_id", store=True, index=True)
    period_key = fields.Char("Period", required=True, readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    cycle_id = fields.Many2one("target.cycle", readonly=True, ondelete="set null")
    state = fields.Selection(
        RUN_STATES, default="pending", required=True, readonly=True, index=True, tracking=True
    )
    attachment_id = fields.Many2one("ir.attachment", "File", readonly=True, ondelete="restrict")
    file_name = fields.Char(related="attachment_id.name")
    checksum = fields.Char("SHA-256", readonly=True, help="Checksum of the file as generated.")
    generated_at = fields.Datetime(readonly=True)
    mail_id = fields.Many2one(
        "mail.mail", "Mail", readonly=True, ondelete="set null", groups="base.group_system"
    )
    mail_state = fields.Selection(related="mail_id.state", string="Mail status")
    delivered_at = fields.Datetime("Delivered on", readonly=True)
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True, default=0)
    next_attempt_at = fields.Datetime("Next attempt", readonly=True)
    resend_mail_ids = fields.Many2many(
        "mail.mail",
        "target_export_run_resend_rel",
        "run_id",
        "mail_id",
        "Re-sent mails",
        groups="base.group_system",
    )
    resend_count = fields.Integer("Re-sent", readonly=True, default=0)

    _period_unique = models.Constraint(
        "UNIQUE(schedule_id, period_key)", "A schedule has one run per period."
    )

    # -- actions ---------------------------------------------------------------

    def action_retry(self):
        """Try a failed run again now (its delay and attempts start over)."""
        for run in self:
            if run.state != "failed":
                raise UserError(self.env._("Run %(run)s has not failed.", run=run.display_name))
        self.write({"attempts": 0, "next_attempt_at": False})
        for run in self:
            run._process()
        return True

    def action_resend(self):
        """Send the archived file again, by hand: a new mail, recorded on the run."""
        for run in self:
            if not run.attachment_id:
                raise UserError(
                    self.env._(
                        "Run %(run)s has no file yet; retry it instead.", run=run.display_name
                    )
                )
            mail = run._new_mail()
            # the mails are system records: the link is bookkeeping
            run.sudo().write(
                {
                    "resend_mail_ids": [Command.link(mail.id)],
                    "resend_count": run.resend_count + 1,
                }
            )
            run.message_post(
                body=self.env._(
                    "Re-sent by %(user)s to %(recipients)s.",
                    user=self.env.user.name,
                    recipients=", ".join(run._recipient_labels()),
                )
            )
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("Run %(run)s has no file.", run=self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    # -- the steps -------------------------------------------------------------

    def _enqueue_process(self, refuse=True, superuser=False):
        """Queue the background job (target.job, channel root.export) that processes the
        run; while one is queued or running, refuse (``refuse``) or return it.
        ``superuser``: the scheduler's job, trusted as the scheduled job was."""
        self.ensure_one()
        return self.env["target.job"]._enqueue(
            self,
            "_process",
            self.env._(
                "Export of %(schedule)s for %(period)s",
                schedule=self.schedule_id.name,
                period=self.period_key,
            ),
            channel="root.export",
            superuser=superuser,
            refuse=refuse,
        )

    def _process(self, commit=None):
        """Take this run as far as it goes now; never deliver twice.

        ``commit`` is the scheduler's ``ir.cron._commit_progress``: the run is
        committed after each step and locked again before the next (another
        worker may have moved it meanwhile), and the queued mail is sent at
        once. Without it (a button), nothing is committed here and the mail
        queue sends the mail.
        """
        self.ensure_one()
        if not self._lock():
            return
        if self.state == "sent":
            return
        if self.sudo().mail_id:
            if self.state == "failed" and self.sudo().mail_id.state in ("exception", "cancel"):
                self._retry_delivery()
            self._follow_delivery(send=commit is not None)
            return
        generated = self.attachment_id or (
            self._attempt(self._generate) and self._checkpoint(commit)
        )
        if not generated:
            return
        if self.sudo().mail_id:  # queued meanwhile by another worker
            return
        if not self._attempt(self._queue_delivery) or not self._checkpoint(commit):
            return
        self._follow_delivery(send=commit is not None)

    def _lock(self):
        """Lock this run's row for this transaction (False: another worker has it)."""
        if not self.try_lock_for_update():
            _logger.info("export run %s is locked by another worker; skipped", self.id)
            return False
        self.invalidate_recordset()
        return True

    def _checkpoint(self, commit):
        """Commit the step just done (scheduler only) and lock the run again."""
        if commit is None:
            return True
        commit()
        return self._lock()

    def _attempt(self, step):
        """Run ``step``; on failure keep the error, schedule the retry, return False."""
        try:
            with self.env.cr.savepoint():
                step()
        except Exception as error:  # noqa: BLE001 - whatever fails is recorded and retried
            _logger.warning("export run %s failed: %s", self.id, error)
            self._set_failed(str(error))
            return False
        return True

    def _generate(self):
        """Render the report as the schedule's user; archive it with its checksum."""
        schedule = self.schedule_id
        cycle = self.cycle_id or schedule._cycle_for(self.period_end)
        exporter = schedule.with_user(schedule.user_id).with_company(schedule.company_id)
        content, name = exporter._render_report(
            cycle=cycle.with_user(schedule.user_id), period=self.period_key
        )
        file_name = UNSAFE_FILE_CHARACTERS.sub("_", f"{name}_{self.period_key}") + ".xlsx"
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": file_name,
                    "raw": content,
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self._set_generated(attachment, hashlib.sha256(content).hexdigest(), cycle)

    def _queue_delivery(self):
        """Queue the one automatic mail of the run and record it on the run; the mail
        queue sends it as soon as this is committed."""
        self.sudo().write({"mail_id": self._new_mail().id})
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _new_mail(self):
        """An outgoing mail of the file to the schedule's recipients."""
        schedule = self.schedule_id
        values = schedule._mail_values(self.period_key, self.cycle_id)
        body = fill(schedule.body, values) or self.env._(
            "Attached: %(report)s, %(period)s (SHA-256 %(checksum)s).",
            report=values["report"],
            period=self.period_key,
            checksum=self.checksum,
        )
        addresses = schedule._free_addresses()
        sender = schedule.user_id.email_formatted or schedule.company_id.email_formatted
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": fill(schedule.subject_template, values),
                    "body_html": plaintext2html(body),
                    "email_from": sender or False,
                    "recipient_ids": [Command.set(schedule.recipient_partner_ids.ids)],
                    "email_to": ", ".join(addresses) or False,
                    "attachment_ids": [Command.set(self.attachment_id.ids)],
                    "auto_delete": False,
                    "model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _follow_delivery(self, send=False):
        """Bring the run's state in line with its mail; ``send``: send it now if it
        waits in the queue (its outcome then reaches the run through the mail's
        post-processing, see mail.mail)."""
        mail = self.sudo().mail_id
        if not mail.exists():
            if self.state != "failed":
                self._set_failed(
                    self.env._("The run's mail was deleted; re-send the file by hand.")
                )
            return
        if mail.state == "outgoing":
            if send:
                mail.send(raise_exception=False)
            return
        if mail.state == "sent":
            if self.state != "sent":
                self._set_sent(mail.write_date)
        elif self.state != "failed":
            self._set_failed(
                (mail.failure_reason or self.env._("The mail could not be sent."))
                if mail.state == "exception"
                else self.env._("The mail was cancelled.")
            )

    def _retry_delivery(self):
        """Deliver the run's own mail again (a retry never makes a second mail)."""
        self.sudo().mail_id.mark_outgoing()
        self.write({"state": "generated", "error": False})

    # -- transitions -----------------------------------------------------------

    def _set_generated(self, attachment, checksum, cycle):
        self.write(
            {
                "state": "generated",
                "attachment_id": attachment.id,
                "checksum": checksum,
                "cycle_id": cycle.id,
                "generated_at": fields.Datetime.now(),
                "error": False,
            }
        )

    def _set_sent(self, when):
        self.write(
            {
                "state": "sent",
                "delivered_at": when or fields.Datetime.now(),
                "error": False,
                "next_attempt_at": False,
            }
        )

    def _set_failed(self, error):
        """Failed: keep the error; retry later, or wait for the office after the last try."""
        attempts = self.attempts + 1
        schedule = self.schedule_id
        next_attempt = False
        if attempts < schedule.max_attempts:
            delay = timedelta(minutes=schedule.retry_minutes * 2 ** (attempts - 1))
            next_attempt = fields.Datetime.now() + min(delay, MAX_RETRY_DELAY)
        self.write(
            {
                "state": "failed",
                "error": error,
                "attempts": attempts,
                "next_attempt_at": next_attempt,
            }
        )
        self.message_post(
            body=self.env._("Attempt %(attempt)s failed: %(error)s", attempt=attempts, error=error)
        )
        if not next_attempt:
            schedule.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=schedule.user_id.id,
                summary=self.env._(
                    "Export %(period)s failed %(attempts)s times",
                    period=self.period_key,
                    attempts=attempts,
                ),
                note=error,
            )

    # -- helpers ---------------------------------------------------------------

    @api.model
    def _todo_domain(self):
        """Runs the scheduled job advances: unfinished, or failed and due for a retry."""
        return [
            ("schedule_id.active", "=", True),
            "|",
            ("state", "in", ("pending", "generated")),
            "&",
            ("state", "=", "failed"),
            ("next_attempt_at", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _ensure_runs(self, due):
        """Create the missing runs of ``due`` ({(schedule, key): Period})."""
        if not due:
            return
        schedules = self.env["target.export.schedule"].union(*(s for s, _key in due))
        existing = {
            (run.schedule_id, run.period_key)
            for run in self.search(
                [
                    ("schedule_id", "in", schedules.ids),
                    ("period_key", "in", list({key for _s, key in due})),
                ]
            )
        }
        for (schedule, _key), period in due.items():
            if (schedule, period.key) not in existing:
                self._get_or_create(schedule, period)

    @api.model
    def _get_or_create(self, schedule, period):
        """The run of ``schedule`` for ``period``, created if missing (empty when a
        concurrent worker is creating it right now)."""
        run = self.search(
            [("schedule_id", "=", schedule.id), ("period_key", "=", period.key)], limit=1
        )
        if run:
            return run
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.create(
                    {
                        "schedule_id": schedule.id,
                        "period_key": period.key,
                        "period_start": period.start,
                        "period_end": period.end,
                    }
                )
        except UniqueViolation:
            return self.browse()

    def _recipient_labels(self):
        self.ensure_one()
        schedule = self.schedule_id
        return [p.email_formatted for p in schedule.recipient_partner_ids] + (
            schedule._free_addresses()
        )

    def _action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }
