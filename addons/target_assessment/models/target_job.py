from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules import module as odoo_module
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.utils import must_run_without_delay

STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]
# The states in which a job holds its identity key: a second one is refused.
ACTIVE_STATES = ("queued", "running")
# Serialization failures are retried this many times, by the retry pattern of
# data/queue_job_data.xml (10 s, then 1 min, then 5 min).
MAX_RETRIES = 5
# The business errors that end a job as failed (the user's to fix); any other
# exception is a bug: queue_job records its traceback and calls _on_queue_job_fail.
BUSINESS_ERRORS = (UserError, ValidationError, AccessError)


class TargetJob(models.Model):
    """A background job (后台任务) started by a user: compute cycle, results, exports, imports.

    The work itself runs in OCA ``queue_job`` (its runner hands it to an HTTP
    worker of any node); this record is what the user sees of it: its state,
    its progress and its result, and the refusal of a second identical job
    while one is queued or running (the identity key: same work, same
    record, same arguments).

    Access: every internal user reads the jobs they started; the office, the
    leaders and HR read all of them. Nobody creates, edits or deletes a job:
    :meth:`_enqueue` creates it (as superuser) and only the runner's
    transitions write its state, progress and result.
    """

    _name = "target.job"
    _description = "Background Job"
    _inherit = ["target.workflow.mixin"]
    _order = "id desc"

    _workflow_field = "state"
    _workflow_transitions = {
        ("queued", "running"): "runner",
        ("running", "done"): "runner",
        ("running", "failed"): "runner",
        ("queued", "failed"): "runner",
    }
    _workflow_stamps = {"running": "started", "done": "finished", "failed": "finished"}
    _workflow_system_fields = (
        "name",
        "user_id",
        "res_model",
        "res_id",
        "method",
        "args",
        "identity_key",
        "superuser",
        "progress",
        "result",
        "queue_job_id",
        "attachment_id",
    )

    name = fields.Char("Job", required=True, readonly=True)
    state = fields.Selection(STATES, default="queued", required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Started by", required=True, readonly=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char("Model", required=True, readonly=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", readonly=True)
    method = fields.Char(required=True, readonly=True)
    args = fields.Json("Arguments", readonly=True)
    identity_key = fields.Char(required=True, readonly=True, index=True)
    superuser = fields.Boolean("Runs as superuser", readonly=True)
    progress = fields.Integer("Progress (%)", readonly=True)
    result = fields.Text(readonly=True)
    queue_job_id = fields.Many2one("queue.job", "Queue job", readonly=True, ondelete="set null")
    attachment_id = fields.Many2one(
        "ir.attachment", "File", readonly=True, ondelete="set null", help="The file the job made."
    )
    started_by_id = fields.Many2one("res.users", "Run by", readonly=True)
    started_on = fields.Datetime("Started on", readonly=True)
    finished_by_id = fields.Many2one("res.users", "Finished by", readonly=True)
    finished_on = fields.Datetime("Finished on", readonly=True)

    # -- CRUD --------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Background jobs are started by the actions, not entered.")
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_finished(self):
        if any(job.state in ACTIVE_STATES for job in self):
            raise UserError(self.env._("A queued or running background job cannot be deleted."))

    # -- starting a job ----------------------------------------------------------

    @api.model
    def _enqueue(
        self, record, method, name, *, args=(), channel="root", superuser=False, refuse=True
    ):
        """Run ``record.method(*args)`` in the background for the current user; return the job.

        While the same job (same record, method and arguments) is queued or
        running, a second one is refused (``refuse``) or the first one is
        returned. ``superuser``: the work runs as superuser (trusted code that
        ran under sudo before, e.g. publication); otherwise as the user, with
        their access rights. Where jobs run at once (tests,
        ``QUEUE_JOB__NO_DELAY``) the work is done when this returns, and its
        errors reach the caller as before.
        """
        record.ensure_one()
        key = self._identity_key(record, method, args)
        running = self.sudo().search(
            [("identity_key", "=", key), ("state", "in", ACTIVE_STATES)], limit=1
        )
        if running and not refuse:
            return running
        if running:
            raise UserError(
                self.env._(
                    "%(job)s is already %(state)s (started by %(user)s on %(date)s): "
                    "wait for it to finish.",
                    job=running.name,
                    state=running._workflow_label(running.state),
                    user=running.user_id.name,
                    date=running.create_date,
                )
            )
        job = self.sudo().create(
            {
                "name": name,
                "user_id": self.env.uid,
                "res_model": record._name,
                "res_id": record.id,
                "method": method,
                "args": list(args),
                "identity_key": key,
                "superuser": superuser,
            }
        )
        delayed = (
            job.with_user(self.env.user)
            .with_delay(
                description=name,
                channel=channel,
                max_retries=MAX_RETRIES,
                identity_key=key,
            )
            ._run()
        )
        if not must_run_without_delay(self.env):
            # a queue.job record when queue_job found one with the same identity key
            stored = delayed if isinstance(delayed, models.BaseModel) else delayed.db_record()
            job.sudo().queue_job_id = stored
        return job

    def _action_started(self):
        """The client action telling the user that the job is queued (or done, when run inline)."""
        self.ensure_one()
        done = self.state == "done"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if done else "info",
                "message": self.result
                if done
                else self.env._(
                    "%(job)s is queued: you will be notified when it is done.", job=self.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_download(self):
        """Download the file the job made (a large export)."""
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("%(job)s has made no file.", job=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    @api.model
    def _identity_key(self, record, method, args):
        return ":".join(map(str, ("target.job", record._name, record.id, method, *args)))

    # -- the runner's side -------------------------------------------------------

    def _run(self):
        """The job: do the work once, record the outcome, tell the user who started it.

        Idempotent: a job that already finished (a run again after a crash,
        a requeue) does nothing. The work runs in a savepoint: a business
        error rolls it back and ends the job as failed; a serialization
        failure is retried by queue_job, from the start.
        """
        self.ensure_one()
        job = self.sudo()
        if job.state not in ACTIVE_STATES:
            return job.result
        if job.state == "queued":
            job._workflow_move("running", vals={"progress": 0})
        self._notify_progress(self.env._("%(job)s has started.", job=job.name))
        # the work tells the user how far it is through _report_progress()
        target = self.env[job.res_model].browse(job.res_id).with_context(target_job_id=job.id)
        if job.superuser:
            target = target.sudo()
        try:
            with self.env.cr.savepoint():
                outcome = getattr(target, job.method)(*(job.args or ()))
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            raise RetryableJobError(
                self.env._("%(job)s met a concurrent update; it will be retried.", job=job.name)
            ) from error
        except BUSINESS_ERRORS as error:
            job._finish("failed", str(error.args[0] if error.args else error))
            if must_run_without_delay(self.env):
                raise
            return job.result
        job._finish("done", outcome if isinstance(outcome, str) else "")
        return job.result

    def _finish(self, state, message):
        """Record the outcome (``done`` or ``failed``) and notify the user who started the job."""
        self.ensure_one()
        if not message:
            message = self.env._("%(job)s is done.", job=self.name)
        self.sudo()._workflow_move(
            state, vals={"result": message, "progress": 100 if state == "done" else self.progress}
        )
        # written now, with the work: nothing of the job is left for a later flush
        self.flush_recordset()
        self.user_id.partner_id._bus_send(
            "simple_notification",
            {
                "type": "success" if state == "done" else "danger",
                "title": self.name,
                "message": message,
                "sticky": state == "failed",
            },
        )

    @api.model
    def _report_progress(self, percent, step):
        """Tell the user who started the running job that ``step`` is done, at ``percent``.

        Called by the work; does nothing outside a job. Only a notification: the
        job's row is locked by the runner's transaction until the job ends.
        """
        job_id = self.env.context.get("target_job_id")
        if not job_id:
            return
        job = self.sudo().browse(job_id)
        job._notify_progress(
            self.env._(
                "%(job)s: %(step)s (%(progress)s).", job=job.name, step=step, progress=f"{percent}%"
            )
        )

    @api.model
    def _attach_file(self, content, file_name, mimetype):
        """Keep ``content`` as the running job's file, to download from the job; return
        the attachment (does nothing outside a job)."""
        job_id = self.env.context.get("target_job_id")
        if not job_id:
            return self.env["ir.attachment"]
        job = self.sudo().browse(job_id)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": file_name,
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": job.id,
                }
            )
        )
        job.attachment_id = attachment
        return attachment

    def _notify_progress(self, message):
        """Show ``message`` to the user who started the job now, not at the job's commit."""
        # inline (tests, QUEUE_JOB__NO_DELAY): nobody waits; a test never commits
        if must_run_without_delay(self.env) or odoo_module.current_test:
            return
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr, su=True)
            env["res.users"].browse(self.user_id.id).partner_id._bus_send(
                "simple_notification", {"type": "info", "title": self.name, "message": message}
            )

    def _on_queue_job_fail(self, **failure):
        """queue_job's hook when the job failed for good (a bug or the retries used up)."""
        job = self.sudo()
        if job.state in ACTIVE_STATES:
            job._finish(
                "failed",
                self.env._(
                    "%(job)s failed: %(reason)s",
                    job=job.name,
                    reason=failure.get("exc_message") or failure.get("exc_name") or "",
                ),
            )

    # -- workflow roles ------------------------------------------------------------

    def _workflow_role_runner(self):
        """Only the job runner (as superuser) moves a job."""
        return self.browse()

    def _workflow_role_description(self, role):
        if role == "runner":
            return self.env._("the job runner")
        return super()._workflow_role_description(role)
