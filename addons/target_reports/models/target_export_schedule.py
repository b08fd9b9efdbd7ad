import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, email_split

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import cron_expression, periods
from ..tools.placeholders import placeholders

FREQUENCIES = [
    (periods.MONTHLY, "Monthly"),
    (periods.QUARTERLY, "Quarterly"),
    (periods.YEARLY, "Yearly"),
    (periods.CRON, "Cron expression"),
]
#: What a mail subject may say.
SUBJECT_PLACEHOLDERS = ("schedule", "report", "period", "cycle", "date")


class TargetExportSchedule(models.Model):
    """A scheduled superior-level export (定时上报): which report, over what,
    how often, to whom.

    A scheduled job runs the schedules whose period is due: each period gets
    one run (``target.export.run``), unique per schedule and period, which
    renders the file as the schedule's user, archives it with its checksum and
    mails it once; a second run, or one resumed after a crash, delivers
    nothing twice. Failures are retried with a growing delay and stay visible
    on the run; the office can retry or re-send by hand.

    Access: the assessment office only; other roles can neither read nor
    change schedules.
    """

    _name = "target.export.schedule"
    _description = "Scheduled Superior-level Export"
    _inherit = ["target.report.request", "mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Exported as",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="The report reads the data with this user's rights (an assessment office user).",
    )
    unit_ids = fields.Many2many(
        "target.unit", "target_export_schedule_unit_rel", "schedule_id", "unit_id", "Units"
    )
    frequency = fields.Selection(
        FREQUENCIES, required=True, default=periods.QUARTERLY, tracking=True
    )
    cron_expression = fields.Char(
        tracking=True,
        help="Minute hour day month weekday, e.g. 0 8 5 1,4,7,10 * (08:00 on the 5th day of "
        "each quarter's first month); @monthly, @weekly ... also work.",
    )
    delay_days = fields.Integer(
        "Days after the period",
        default=0,
        help="Monthly, quarterly, yearly: the period's file is sent this many days after the "
        "period ends (0: on the next period's first day).",
    )
    date_start = fields.Date(
        "Starts on",
        required=True,
        default=fields.Date.context_today,
        help="Periods that end before this day are not sent.",
    )
    tz = fields.Selection(
        _tz_get,
        "Time zone",
        required=True,
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
        help="Days, hours and cron expressions are read in this time zone.",
    )
    recipient_partner_ids = fields.Many2many(
        "res.partner",
        "target_export_schedule_partner_rel",
        "schedule_id",
        "partner_id",
        "Recipients",
    )
    recipient_emails = fields.Char(
        "Other addresses", help="Addresses that are not contacts, separated by commas."
    )
    subject_template = fields.Char(
        "Subject",
        required=True,
        default="{schedule} {period}",
        help="Placeholders: {schedule} {report} {period} {cycle} {date}.",
    )
    body = fields.Text("Message", help="The mail's text (same placeholders as the subject).")
    max_attempts = fields.Integer(
        "Attempts", default=5, help="How often a failed run is tried before it waits for you."
    )
    retry_minutes = fields.Integer(
        "First retry after (minutes)",
        default=30,
        help="A failed run is retried after this delay, doubled after each further failure.",
    )
    run_ids = fields.One2many("target.export.run", "schedule_id", "Runs")
    run_count = fields.Integer("Run count", compute="_compute_run_counts")
    failed_run_count = fields.Integer("Failed runs", compute="_compute_run_counts")
    next_due = fields.Datetime(
        "Next due", compute="_compute_next_due", help="When the next period's run falls due."
    )

    _delay_check = models.Constraint(
        "CHECK(delay_days >= 0 AND delay_days <= 90)",
        "The days after the period are between 0 and 90.",
    )
    _attempts_check = models.Constraint(
        "CHECK(max_attempts >= 1 AND retry_minutes >= 1)",
        "A run is tried at least once, and retried after at least a minute.",
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("frequency", "cron_expression")
    def _check_cron_expression(self):
        for schedule in self.filtered(lambda s: s.frequency == periods.CRON):
            try:
                cron_expression.parse(schedule.cron_expression)
            except cron_expression.CronError as error:
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: the cron expression %(expression)s is not "
                        "valid: %(reason)s",
                        schedule=schedule.name,
                        expression=schedule.cron_expression or "",
                        reason=self._cron_error_text(error),
                    )
                ) from error

    def _cron_error_text(self, error):
        """The reason of a :class:`CronError`, worded for the user."""
        args = error.args_
        field_names = {
            "minute": self.env._("minute"),
            "hour": self.env._("hour"),
            "day": self.env._("day of the month"),
            "month": self.env._("month"),
            "weekday": self.env._("day of the week"),
        }
        field = field_names.get(args.get("field"), args.get("field"))
        if error.code == cron_expression.EMPTY:
            return self.env._("it is empty.")
        if error.code == cron_expression.FIELD_COUNT:
            return self.env._(
                "it has %(count)s fields instead of five (minute hour day month weekday).",
                count=args["count"],
            )
        if error.code == cron_expression.RANGE:
            return self.env._(
                "%(token)s in the %(field)s field is out of its range %(low)s–%(high)s.",
                token=args["token"],
                field=field,
                low=args["low"],
                high=args["high"],
            )
        if error.code == cron_expression.STEP:
            return self.env._(
                "the step of %(token)s in the %(field)s field is not a positive whole number.",
                token=args["token"],
                field=field,
            )
        if error.code == cron_expression.NEVER:
            return self.env._("no such day exists, the export would never run.")
        return self.env._(
            "%(token)s in the %(field)s field is not understood.", token=args["token"], field=field
        )

    @api.constrains("recipient_partner_ids", "recipient_emails")
    def _check_recipients(self):
        for schedule in self:
            for address in schedule._free_addresses(strict=True):
                if not email_normalize(address):
                    raise ValidationError(
                        self.env._(
                            "Schedule %(schedule)s: %(address)s is not an e-mail address.",
                            schedule=schedule.name,
                            address=address,
                        )
                    )
            if not schedule.recipient_partner_ids and not schedule._free_addresses():
                raise ValidationError(
                    self.env._("Schedule %(schedule)s has no recipient.", schedule=schedule.name)
                )
            missing = schedule.recipient_partner_ids.filtered(lambda p: not p.email)
            if missing:
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: the recipient %(partner)s has no e-mail address.",
                        schedule=schedule.name,
                        partner=missing[0].display_name,
                    )
                )

    @api.constrains("subject_template", "body")
    def _check_placeholders(self):
        for schedule in self:
            for label, text in (
                (self.env._("subject"), schedule.subject_template),
                (self.env._("message"), schedule.body),
            ):
                try:
                    names = placeholders(text)
                except ValueError as error:
                    raise ValidationError(
                        self.env._(
                            "Schedule %(schedule)s: the braces of the %(what)s do not pair up.",
                            schedule=schedule.name,
                            what=label,
                        )
                    ) from error
                unknown = [name for name in names if name not in SUBJECT_PLACEHOLDERS]
                if unknown:
                    raise ValidationError(
                        self.env._(
                            "Schedule %(schedule)s: unknown placeholder {%(name)s} in the "
                            "%(what)s; use %(known)s.",
                            schedule=schedule.name,
                            name=unknown[0],
                            what=label,
                            known=", ".join(f"{{{n}}}" for n in SUBJECT_PLACEHOLDERS),
                        )
                    )

    @api.constrains("user_id")
    def _check_user(self):
        office = self.env.ref("target_assessment.group_office")
        for schedule in self:
            if office not in schedule.user_id.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: the export runs as %(user)s, who is not in the "
                        "assessment office.",
                        schedule=schedule.name,
                        user=schedule.user_id.name,
                    )
                )

    # -- computes --------------------------------------------------------------

    def _compute_run_counts(self):
        counts = self.env["target.export.run"]._read_group(
            [("schedule_id", "in", self.ids)], ["schedule_id", "state"], ["__count"]
        )
        for schedule in self:
            schedule.run_count = sum(n for s, _state, n in counts if s == schedule)
            schedule.failed_run_count = sum(
                n for s, state, n in counts if s == schedule and state == "failed"
            )

    @api.depends("frequency", "cron_expression", "delay_days", "tz")
    def _compute_next_due(self):
        for schedule in self:
            try:
                local = periods.next_due(
                    schedule.frequency,
                    schedule._now_local(),
                    delay_days=schedule.delay_days,
                    cron=schedule.cron_expression,
                )
            except cron_expression.CronError:
                local = None
            schedule.next_due = schedule._to_utc(local) if local else False

    # -- actions ---------------------------------------------------------------

    def action_run_now(self):
        """Run the due period now (the office's button), whatever the start day.

        The run is the same as the scheduled job's, processed in a background
        job (target.job): a period already sent is not sent again (re-send it
        from the run).
        """
        self.ensure_one()
        period = self._due_period(ignore_start=True)
        if period is None:
            raise UserError(
                self.env._("Schedule %(schedule)s has no period due yet.", schedule=self.name)
            )
        Run = self.env["target.export.run"]
        run = Run._get_or_create(self, period)
        if not run:
            raise UserError(self.env._("This period is being exported right now."))
        if run.state == "sent":
            raise UserError(
                self.env._(
                    "%(period)s was already sent on %(when)s; open the run to re-send it.",
                    period=period.key,
                    when=fields.Datetime.to_string(run.delivered_at),
                )
            )
        run._enqueue_process()
        return run._action_open()

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_reports.target_export_run_action"
        )
        action["domain"] = [("schedule_id", "=", self.id)]
        action["context"] = {"default_schedule_id": self.id}
        return action

    # -- the scheduled job -----------------------------------------------------

    @api.model
    def _cron_run_due(self):
        """Create the runs of the periods due, then queue one background job per
        unfinished run (target.job, channel root.export).

        The job takes its run as far as it goes (file, then the one mail, which
        the mail queue sends; see ``target.export.run._process``): what a run
        records is done in one transaction, so a crash loses at most that job's
        work, and the next job resumes from what the run records without doing
        anything twice. A run whose job is still queued or running is not queued
        again (the job's identity key).
        """
        Run = self.env["target.export.run"]
        due = {}
        for schedule in self.search([]):
            period = schedule._due_period()
            if period:
                due[schedule, period.key] = period
        Run._ensure_runs(due)
        runs = Run.search(Run._todo_domain())
        commit = self.env["ir.cron"]._commit_progress
        commit(remaining=len(runs))
        for run in runs:
            run._enqueue_process(refuse=False, superuser=True)
            if not commit(1):
                break

    # -- helpers ---------------------------------------------------------------

    def _now_local(self):
        """Now, in the schedule's time zone (naive)."""
        self.ensure_one()
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(pytz.timezone(self.tz or "UTC")).replace(tzinfo=None)

    def _to_utc(self, local):
        """A naive local datetime of the schedule's time zone, in UTC (naive)."""
        self.ensure_one()
        zone = pytz.timezone(self.tz or "UTC")
        return zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _due_period(self, ignore_start=False):
        """The period whose run is due now (periods.Period), or None."""
        self.ensure_one()
        return periods.due_period(
            self.frequency,
            self._now_local(),
            delay_days=self.delay_days,
            cron=self.cron_expression,
            since=None if ignore_start else self.date_start,
        )

    def _free_addresses(self, strict=False):
        """The other addresses, split; ``strict``: as typed, to check them."""
        self.ensure_one()
        text = self.recipient_emails or ""
        if strict:
            return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        return email_split(text)

    def _cycle_for(self, day):
        """The cycle a run reports: the schedule's, else the one ``day`` (the
        period's end) falls in, else the latest before it."""
        self.ensure_one()
        if self.cycle_id:
            return self.cycle_id
        Cycle = self.env["target.cycle"]
        return Cycle.search(
            [("date_start", "<=", day), ("date_end", ">=", day)], order="date_start desc", limit=1
        ) or Cycle.search([("date_start", "<=", day)], order="date_start desc", limit=1)

    def _mail_values(self, period_key, cycle):
        """The placeholders of the subject and message of a run."""
        self.ensure_one()
        reports = dict(self._fields["report"]._description_selection(self.env))
        today = fields.Date.context_today(self.with_context(tz=self.tz))
        return {
            "schedule": self.name,
            "report": self.template_id.name if self.report == "template" else reports[self.report],
            "period": period_key,
            "cycle": cycle.name or "",
            "date": today.strftime("%Y-%m-%d"),
        }
