import contextlib
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, split_every

from ..engine.monitoring import completion_share, expected_at, light_of
from ..tools import numbers
from ..tools.cron import gives_way, recompute

PROGRESS_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("returned", "Returned"),
]
# The unit still has to report (and may edit) in these states.
OPEN_STATES = ("draft", "returned")

# What the unit reports: changed by the unit (or the office) while draft or returned.
REPORT_FIELDS = {"goal_id", "cooperation_id", "period_id", "value", "narrative", "attachment_ids"}
# What the reviewer writes while the report waits for review.
REVIEW_FIELDS = {"return_reason"}

# Phases of the cycle in which the scheduled jobs watch the goals.
MONITORED_PHASES = ("signing", "execution", "midyear", "year_end")

REMINDER_TYPE = "target_assessment.mail_activity_type_progress_reminder"
WARNING_TYPE = "target_assessment.mail_activity_type_early_warning"

# The goal's fields that move with the date, computed together.
LIGHT_FIELDS = ["light", "light_period_id", "light_date", "expected_value"]
# The goal's stored fields that read its accepted reports only (the light, its warning,
# the date reported until): creating, editing or submitting reports that are not
# accepted, before or after, leaves them as they are (issue #21: the submission path).
ACCEPTED_ONLY_GOAL_FIELDS = [*LIGHT_FIELDS, "warning_due", "last_progress_date"]


class TargetProgress(models.Model):
    """A progress report (进度填报): a goal's value at the end of a reporting period.

    The value is the running total since the start of the cycle or the
    period's own value, per the indicator's ``cumulative`` flag. The unit
    reports and submits; the office or the indicator's assessor unit accepts
    or returns it with a reason, and the unit resubmits. Accepting sets the
    goal's reported actual (cumulative: the latest accepted period's value;
    per period: the sum of the accepted periods), which rolls up the
    decomposition tree.

    On a shared goal each part is reported apart: the lead unit's reports
    have no ``cooperation_id`` and set the goal's own actual, a cooperating
    unit's name its cooperation line and set that line's actual; the goal
    rolls the parts up by their work shares (engine.cooperation). A report's
    unit is the unit of its part.

    Access: unit users and leaders read the reports of their units' subtrees
    and create, edit and submit them while draft or returned; assessors read
    the reports on the indicators their unit owns and accept or return them
    while submitted; a cooperating unit's users report their unit's part only,
    and the lead unit's users read the reports of every part of their goals;
    the office does everything; leaders, HR and inspectors
    read all. The workflow is the kernel's (target.workflow.mixin): the state
    and stamps change only through the actions, by the roles of the table.
    """

    _name = "target.progress"
    _description = "Progress Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.deadline.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("goal_id", "cooperation_id", "period_id")
    _belongs_open_states = ("draft", "returned")
    _freeze_cycle_field = "goal_id.cycle_id"
    _number_depends = ("goal_id",)
    _order = "period_start desc, unit_id, goal_id"

    _workflow_transitions = {
        ("draft", "submitted"): "reporter",
        ("returned", "submitted"): "reporter",
        ("submitted", "accepted"): "reviewer",
        ("submitted", "returned"): "reviewer",
    }
    _workflow_stamps = {"submitted": "submitted", "accepted": "reviewed", "returned": "reviewed"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"
    _workflow_deadline_field = "due_date"
    _workflow_open_states = OPEN_STATES

    goal_id = fields.Many2one(
        "target.goal",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('state', '=', 'approved')]",
    )
    period_id = fields.Many2one(
        "target.period",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id)]",
    )
    # the period's name in the goal form's list of reports: no read of the periods
    period_name = fields.Char("Period name", related="period_id.name", store=True)
    cooperation_id = fields.Many2one(
        "target.goal.cooperation",
        "Part of",
        index="btree_not_null",
        ondelete="cascade",
        domain="[('goal_id', '=', goal_id)]",
        help="Set when a cooperating unit reports its part of a shared goal; empty for the "
        "lead unit's report.",
    )
    cycle_id = fields.Many2one(related="goal_id.cycle_id", store=True, index=True)
    unit_id = fields.Many2one(
        "target.unit",
        compute="_compute_unit_id",
        store=True,
        index=True,
        help="The unit reporting: the cooperating unit of the part, else the goal's unit.",
    )
    involved_unit_ids = fields.Many2many(
        "target.unit",
        string="Units involved",
        compute="_compute_involved_unit_ids",
        search="_search_involved_unit_ids",
        help="The unit reporting and the goal's unit.",
    )
    indicator_id = fields.Many2one(related="goal_id.indicator_id", store=True)
    assessor_unit_id = fields.Many2one(related="goal_id.assessor_unit_id", store=True, index=True)
    cumulative = fields.Boolean(related="goal_id.indicator_id.cumulative")
    direction = fields.Selection(related="goal_id.indicator_id.direction")
    uom = fields.Char(related="goal_id.uom")
    decimals = fields.Integer(related="goal_id.decimals")
    target_value = fields.Float(related="goal_id.target_value")
    goal_light = fields.Selection(related="goal_id.light", string="Goal light")
    period_start = fields.Date(related="period_id.date_start", store=True)
    period_end = fields.Date(related="period_id.date_end", store=True)
    due_date = fields.Date(related="period_id.due_date", store=True, index=True)

    state = fields.Selection(
        PROGRESS_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    value = fields.Float(
        digits=(16, 4),
        aggregator=None,
        tracking=True,
        help="Cumulative indicators: the running total since the start of the cycle; "
        "otherwise the value of this period alone.",
    )
    narrative = fields.Text(help="What was done, what lags behind and why.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_progress_ir_attachment_rel",
        "progress_id",
        "attachment_id",
        "Evidence",
    )
    submitted_by_id = fields.Many2one("res.users", "Submitted by", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", "Reviewed by", readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(
        tracking=True, copy=False, help="Why the report goes back to the unit."
    )

    actual_to_date = fields.Float(
        "Actual to date",
        compute="_compute_monitoring",
        digits=(16, 4),
        aggregator=None,
        help="The goal's running total at the end of the period, with this report.",
    )
    expected_value = fields.Float(
        "Expected",
        compute="_compute_monitoring",
        digits=(16, 4),
        aggregator=None,
        help="What the goal should have reached by the end of the period.",
    )
    expected_share = fields.Float(
        "Of expected (%)",
        compute="_compute_monitoring",
        help="Actual to date against expected (lower-is-better: expected against actual).",
    )
    light = fields.Selection(
        [("green", "Green"), ("yellow", "Yellow"), ("red", "Red"), ("none", "No data")],
        compute="_compute_monitoring",
    )

    can_edit = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_review = fields.Boolean(compute="_compute_can")
    is_mine = fields.Boolean(
        "My units", compute="_compute_can", search="_search_is_mine", help="Of my units' subtree."
    )

    _goal_period_unique = models.UniqueIndex(
        "(goal_id, period_id, COALESCE(cooperation_id, 0))",
        "A goal (or a cooperating unit's part of it) has one progress report per period.",
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("goal_id", "period_id")
    def _check_goal_period(self):
        for progress in self:
            if progress.period_id.cycle_id != progress.goal_id.cycle_id:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s belongs to cycle %(cycle)s, not to the cycle of "
                        "period %(period)s.",
                        goal=progress.goal_id.ref,
                        cycle=progress.goal_id.cycle_id.name,
                        period=progress.period_id.name,
                    )
                )
            if progress.cooperation_id and progress.cooperation_id.goal_id != progress.goal_id:
                raise ValidationError(
                    self.env._(
                        "Progress report %(report)s: %(unit)s cooperates on goal %(other)s, "
                        "not on goal %(goal)s.",
                        report=progress.display_name,
                        unit=progress.cooperation_id.unit_id.complete_name,
                        other=progress.cooperation_id.goal_id.ref,
                        goal=progress.goal_id.ref,
                    )
                )
            if progress.goal_id.state != "approved":
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s is not approved: progress is reported on the goals of "
                        "approved letters only.",
                        goal=progress.goal_id.ref,
                    )
                )

    # -- computes --------------------------------------------------------------

    @api.depends("goal_id.unit_id", "cooperation_id.unit_id")
    def _compute_unit_id(self):
        for progress in self:
            progress.unit_id = progress.cooperation_id.unit_id or progress.goal_id.unit_id

    @api.depends("unit_id", "goal_id.unit_id")
    def _compute_involved_unit_ids(self):
        for progress in self:
            progress.involved_unit_ids = progress.unit_id | progress.goal_id.unit_id

    def _search_involved_unit_ids(self, operator, value):
        # the reports of the units and those of their goals, not the OR of two record rules
        return self.env["target.unit"]._involved_domain(
            operator,
            value,
            "SELECT id FROM target_progress WHERE unit_id IN %(units)s"
            " UNION SELECT progress.id FROM target_progress progress"
            " JOIN target_goal goal ON goal.id = progress.goal_id WHERE goal.unit_id IN %(units)s",
            # a report just created is read back before its unit is written
            [
                self._fields["unit_id"],
                self._fields["goal_id"],
                self.env["target.goal"]._fields["unit_id"],
            ],
        )

    @api.depends("goal_id.name", "period_id.name", "cooperation_id.unit_id.name")
    def _compute_display_name(self):
        # the goal's name, not its number: what a clerk recognises in a list or a message
        for progress in self:
            progress.display_name = self.env._(
                "%(goal)s – %(period)s",
                goal=progress.goal_id.name or "",
                period=progress.period_id.name or "",
            )
            if progress.cooperation_id:
                progress.display_name = self.env._(
                    "%(report)s (%(unit)s)",
                    report=progress.display_name,
                    unit=progress.cooperation_id.sudo().unit_id.name,
                )

    @api.depends(
        "value",
        "state",
        "period_id.date_end",
        "goal_id.target_value",
        "goal_id.milestone_ids",
        "goal_id.indicator_id.cumulative",
        "goal_id.progress_ids.state",
        "goal_id.progress_ids.value",
        "cooperation_id.target_value",
        "goal_id.lead_share",
    )
    def _compute_monitoring(self):
        accepted = self._accepted_by_goal(self.goal_id)
        for progress in self:
            goal = progress.goal_id
            if not (goal and progress.period_id):
                progress.actual_to_date = progress.expected_value = progress.expected_share = 0.0
                progress.light = "none"
                continue
            actual = progress.value
            if not goal.indicator_id.cumulative:
                end = progress.period_id.date_end
                actual += sum(
                    report.value
                    for report in accepted.get(goal, ())
                    if report.period_id.date_end < end
                    and report != progress
                    and report.cooperation_id == progress.cooperation_id
                )
            expected = self._expected_on(goal, progress.period_id.date_end, progress._part_target())
            progress.actual_to_date = actual
            progress.expected_value = expected
            progress.expected_share = completion_share(
                actual, expected, goal.indicator_id.direction == "lower"
            )
            progress.light = self._light_for(goal, actual, expected)

    @api.depends("state", "unit_id", "assessor_unit_id")
    @api.depends_context("uid")
    def _compute_can(self):
        reporting = self._workflow_role("reporter")
        submittable = self._workflow_allowed("submitted")
        reviewable = self._workflow_allowed("accepted")
        units = self.env.user._target_units()
        for progress in self:
            progress.can_edit = progress.state in OPEN_STATES and progress in reporting
            progress.can_submit = bool(progress.id) and progress in submittable
            progress.can_review = progress in reviewable
            progress.is_mine = progress.sudo().unit_id in units

    def _search_is_mine(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        return [("unit_id", operator, self.env.user._target_units().ids)]

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            units = self.env.user._target_units()
            goals = (
                self.env["target.goal"]
                .sudo()
                .browse({vals["goal_id"] for vals in vals_list if vals.get("goal_id")})
                .exists()
            )
            self._default_cooperation(vals_list, units, goals)
            self._ensure_reporter_of(vals_list, units, goals)
        goals = self.env["target.goal"].browse({vals.get("goal_id") for vals in vals_list} - {None})
        accepted = any(vals.get("state") == "accepted" for vals in vals_list)
        with self._accepted_only_protected(goals, accepted):
            return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._ensure_writable(vals)
        # read before the write: a report leaving "accepted" changes the goal too
        accepted = vals.get("state") == "accepted" or "accepted" in self.sudo().mapped("state")
        goals = self.sudo().goal_id | self.env["target.goal"].browse(vals.get("goal_id") or ())
        with self._accepted_only_protected(goals, accepted):
            result = super().write(vals)
        if accepted and {"state", "value", "goal_id", "period_id"}.intersection(vals):
            self._update_goal_actuals(self.goal_id)
        return result

    def _accepted_only_protected(self, goals, accepted):
        """While reports that are not accepted (before or after) change, the fields of
        ``goals`` that read accepted reports only are not recomputed (they would come out
        the same, at the cost of reading the goal's periods, reports and milestones).

        Their actuals are not touched either (the caller skips ``_update_goal_actuals``)."""
        if accepted or not goals:
            return contextlib.nullcontext()
        Goal = self.env["target.goal"]
        return self.env.protecting(
            [Goal._fields[name] for name in ACCEPTED_ONLY_GOAL_FIELDS], goals
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if not self.env.su and self.filtered(lambda p: p.state != "draft"):
            raise UserError(self.env._("Only draft progress reports can be deleted."))

    def unlink(self):
        goals = self.goal_id
        result = super().unlink()
        self._update_goal_actuals(goals.exists())
        return result

    def _ensure_writable(self, vals):
        """Raise unless the current user may write ``vals`` on these reports in their state:
        the unit reports while draft or returned, the reviewer gives the return reason
        while submitted (the state and stamps are the kernel's)."""
        reporting = self._workflow_role("reporter")
        reviewing = self._workflow_role("reviewer")
        for progress in self.sudo():
            if REPORT_FIELDS.intersection(vals):
                if progress.state not in OPEN_STATES:
                    raise UserError(
                        self.env._(
                            "Progress report %(report)s is %(state)s: only drafts and returned "
                            "reports can be changed.",
                            report=progress.display_name,
                            state=progress._workflow_label(progress.state),
                        )
                    )
                if progress not in reporting:
                    raise AccessError(progress._workflow_role_error("reporter", "submitted"))
            if REVIEW_FIELDS.intersection(vals):
                if progress.state != "submitted":
                    raise UserError(
                        self.env._(
                            "The return reason of %(report)s is given while it waits for review.",
                            report=progress.display_name,
                        )
                    )
                if progress not in reviewing:
                    raise AccessError(progress._workflow_role_error("reviewer", "returned"))

    # -- actions ---------------------------------------------------------------

    def action_submit(self):
        """The unit hands the report in for review."""
        return self._workflow_move("submitted", vals={"return_reason": False})

    def action_accept(self):
        """The office or the assessor accepts the value: the goal's actual follows."""
        return self._workflow_move("accepted")

    def action_return(self, reason=None):
        """Send the report back to the unit with a reason (given here or on the form)."""
        return self._workflow_move("returned", reason=reason)

    # -- workflow hooks ----------------------------------------------------------

    def _workflow_role_reporter(self):
        """The unit (its users, for their subtree) or the office reports."""
        return self._workflow_role_unit()

    def _workflow_role_reviewer(self):
        """The indicator's assessor unit or the office accepts or returns."""
        user = self.env.user
        office = user._target_office_of(self)
        if not user._target_has_role("assessor"):
            return office
        return office | self.filtered(lambda p: p.sudo().assessor_unit_id in user.target_unit_ids)

    def _workflow_role_error(self, role, to, field=None):
        self.ensure_one()
        if role == "reporter":
            return self._reporter_error(self.sudo().goal_id)
        return self.env._(
            "Only the assessor unit %(assessor)s (or the assessment office) accepts or "
            "returns the progress of goal %(goal)s.",
            assessor=self.sudo().assessor_unit_id.complete_name or self.env._("(none)"),
            goal=self.sudo().goal_id.ref,
        )

    def _workflow_precheck_submitted(self):
        """A report is submitted once its period has started, on an approved goal."""
        today = fields.Date.context_today(self)
        for progress in self.sudo():
            if progress.period_id.date_start > today:
                raise UserError(
                    self.env._(
                        "Period %(period)s has not started yet: its progress cannot be submitted.",
                        period=progress.period_id.name,
                    )
                )
            if progress.goal_id.state != "approved":
                raise UserError(
                    self.env._(
                        "Goal %(goal)s is no longer approved: its progress cannot be submitted.",
                        goal=progress.goal_id.ref,
                    )
                )

    def _workflow_return_summary(self, to):
        self.ensure_one()
        return self.env._("Progress returned: %(report)s", report=self.display_name)

    # -- helpers ---------------------------------------------------------------

    def _reporter_error(self, goal, cooperation=None):
        if cooperation:
            return self.env._(
                "Only the cooperating unit %(unit)s (or the assessment office) reports its part "
                "of goal %(goal)s.",
                unit=cooperation.sudo().unit_id.complete_name,
                goal=goal.sudo().ref,
            )
        return self.env._(
            "Only the assessed unit %(unit)s (or the assessment office) reports the progress "
            "of goal %(goal)s.",
            unit=goal.sudo().unit_id.complete_name,
            goal=goal.sudo().ref,
        )

    @api.model
    def _default_cooperation(self, vals_list, units, goals):
        """A cooperating unit's user reports its unit's part: fill the cooperation line in
        when the user reports for a cooperating unit of ``units`` (the user's) on the goal
        and not for its lead. ``goals``: the existing goals of ``vals_list`` (sudo)."""
        for vals in vals_list:
            goal = goals.filtered(lambda g, vals=vals: g.id == vals.get("goal_id"))
            if not goal or vals.get("cooperation_id") or goal.unit_id in units:
                continue
            mine = goal.cooperation_ids.filtered(lambda line: line.unit_id in units)
            if len(mine) == 1:
                vals["cooperation_id"] = mine.id

    @api.model
    def _ensure_reporter_of(self, vals_list, units, goals):
        """Raise an AccessError unless the current user reports for every part of ``vals_list``:
        the goal's unit for the lead's part, the cooperating unit for its own (``units``:
        the user's; ``goals``: the existing goals of ``vals_list``, sudo)."""
        user = self.env.user
        Goal = self.env["target.goal"].sudo()
        goals = Goal.browse([vals.get("goal_id") for vals in vals_list if vals.get("goal_id")])
        if user._target_is_office_of(goals):
            return
        Cooperation = self.env["target.goal.cooperation"].sudo()
        if not user._target_has_role("unit_user"):
            units = Goal.unit_id.browse()
        for vals in vals_list:
            goal = goals.filtered(lambda g, vals=vals: g.id == vals.get("goal_id"))
            if not goal:
                continue
            cooperation = Cooperation.browse(vals.get("cooperation_id")).exists()
            if (cooperation.unit_id or goal.unit_id) not in units:
                raise AccessError(self._reporter_error(goal, cooperation))

    def _part_target(self):
        """The target the report's part is measured against (the goal's for the lead)."""
        self.ensure_one()
        return self.goal_id._part_target(self.cooperation_id)

    @api.model
    def _expected_on(self, goal, day, target=None):
        """What ``goal`` (or a part of it whose target is ``target``) should have reached by
        ``day`` (engine.monitoring.expected_at); a part's milestones are the goal's, scaled."""
        cycle = goal.cycle_id
        if not (cycle and day):
            return 0.0
        scale = 1.0
        if target is not None and goal.target_value:
            scale = target / goal.target_value
        return expected_at(
            day,
            cycle.date_start,
            goal.deadline or cycle.date_end,
            goal.target_value if target is None else target,
            milestones=[(m.date, m.expected_value * scale) for m in goal.milestone_ids if m.date],
            lower=goal.indicator_id.direction == "lower",
        )

    @api.model
    def _light_for(self, goal, actual, expected):
        """The light of ``actual`` against ``expected`` by the thresholds of the goal's cycle."""
        cycle = goal.cycle_id
        return light_of(
            actual,
            expected,
            cycle.light_green,
            cycle.light_yellow,
            lower=goal.indicator_id.direction == "lower",
        )

    @api.model
    def _light_period(self, goal, today):
        """The period a goal's light refers to: the latest one that has ended by ``today``
        or whose report was accepted (empty before either)."""
        periods = goal.cycle_id.period_ids.filtered(lambda p: p.date_end <= today)
        periods |= goal.progress_ids.filtered(lambda p: p.state == "accepted").period_id
        return periods.sorted("date_end")[-1:]

    @api.model
    def _accepted_by_goal(self, goals):
        """Accepted reports of ``goals`` by goal, in period order."""
        if not goals.ids:
            return {}
        reports = (
            self.sudo()
            .search([("goal_id", "in", goals.ids), ("state", "=", "accepted")])
            .sorted(lambda p: (p.period_id.date_start, p.id))
        )
        return {goal.with_env(self.env): recs for goal, recs in reports.grouped("goal_id").items()}

    @api.model
    def _update_goal_actuals(self, goals):
        """Set the reported actual of ``goals`` (and of their cooperating units' parts)
        from their accepted reports.

        Cumulative indicators take the latest accepted period's value, the
        others the sum of the accepted periods. Goals and parts without
        accepted reports keep whatever actual they have.
        """
        by_value = defaultdict(list)
        for goal, reports in self._accepted_by_goal(goals).items():
            for part, part_reports in reports.grouped("cooperation_id").items():
                owner = part or goal
                if goal.indicator_id.cumulative:
                    value = part_reports[-1].value
                else:
                    value = sum(part_reports.mapped("value"))
                if not owner.own_actual_set or owner.own_actual != value:
                    by_value[owner._name, value].append(owner.id)
        for (model, value), ids in by_value.items():
            self.env[model].sudo().browse(ids).write({"own_actual": value, "own_actual_set": True})

    # -- scheduled jobs ----------------------------------------------------------

    @api.model
    @gives_way
    def _cron_send_reminders(self, batch_size=200):
        """Open the reports of the running periods and remind the units due soon.

        Creates the missing draft reports (one per goal that reports itself,
        per open period), then one reminder activity per user and period for
        the reports not yet submitted from the period's reminder date. Reports
        are marked as reminded batch by batch, so a re-run (or a run resumed
        after a crash) reminds nobody twice.
        """
        commit = self.env["ir.cron"]._commit_progress
        today = fields.Date.context_today(self)
        periods = self.env["target.period"].search(
            [
                ("cycle_id.phase", "in", MONITORED_PHASES),
                ("date_start", "<=", today),
                ("due_date", ">=", today),
            ]
        )
        missing = self._missing_reports(periods)
        commit(remaining=len(missing))
        for batch in split_every(batch_size, missing, list):
            self.sudo().create(batch)
            if not commit(len(batch)):
                return
        domain = [
            ("period_id", "in", periods.filtered(lambda p: p.reminder_date <= today).ids),
            ("state", "in", OPEN_STATES),
            ("reminder_sent", "=", False),
        ]
        commit(remaining=self.search_count(domain))
        while reports := self.sudo().search(domain, limit=batch_size, order="period_id, id"):
            reports._send_reminders()
            reports.write({"reminder_sent": True})
            if not commit(len(reports), remaining=self.search_count(domain)):
                return

    @api.model
    @gives_way
    def _cron_flag_overdue(self, batch_size=500):
        """Flag the reports past their due date, then refresh the goals' lights."""
        if self._workflow_flag_overdue(batch_size):
            self._refresh_lights(batch_size)

    @api.model
    @gives_way
    def _cron_send_warnings(self, batch_size=200):
        """Warn the unit's principal leader and the office of red goals, once per period."""
        if not self._refresh_lights(batch_size):
            return
        Goal = self.env["target.goal"].sudo()
        commit = self.env["ir.cron"]._commit_progress
        domain = [("warning_due", "=", True), ("cycle_id.phase", "in", MONITORED_PHASES)]
        commit(remaining=Goal.search_count(domain))
        while goals := Goal.search(domain, limit=batch_size):
            self._send_warnings(goals)
            for period, warned in goals.grouped("light_period_id").items():
                warned.write({"warned_period_id": period.id})
            if not commit(len(goals), remaining=Goal.search_count(domain)):
                return

    @api.model
    def _refresh_lights(self, batch_size):
        """Recompute the lights not computed today (they move with the date).

        Returns False when the job ran out of time (it resumes at its next run).
        """
        Goal = self.env["target.goal"].sudo()
        commit = self.env["ir.cron"]._commit_progress
        today = fields.Date.context_today(self)
        domain = [
            ("cycle_id.phase", "in", MONITORED_PHASES),
            ("state", "=", "approved"),
            "|",
            ("light_date", "=", False),
            ("light_date", "!=", today),
        ]
        commit(remaining=Goal.search_count(domain))
        while goals := Goal.search(domain, limit=batch_size):
            recompute(goals, LIGHT_FIELDS)
            if not commit(len(goals), remaining=Goal.search_count(domain)):
                return False
        return True

    @api.model
    def _missing_reports(self, periods):
        """Values of the draft reports still missing for the goals of ``periods``."""
        if not periods:
            return []
        goals = (
            self.env["target.goal"]
            .sudo()
            .search([("cycle_id", "in", periods.cycle_id.ids), ("state", "=", "approved")])
        )
        goals = goals.filtered(lambda g: g._reports_itself())
        existing = {
            (report.goal_id.id, report.cooperation_id.id, report.period_id.id)
            for report in self.sudo().search(
                [("period_id", "in", periods.ids), ("goal_id", "in", goals.ids)]
            )
        }
        # the lead's part, then every cooperating unit's
        parts = [(goal, False) for goal in goals]
        parts += [(line.goal_id, line.id) for line in goals.cooperation_ids]
        return [
            {"goal_id": goal.id, "period_id": period.id, "cooperation_id": part}
            for period in periods
            for goal, part in parts
            if goal.cycle_id == period.cycle_id and (goal.id, part, period.id) not in existing
        ]

    @api.model
    def _reminder_users(self, unit):
        """Who is reminded to report for ``unit``: its members (or, when it has none, those
        of the nearest unit above) and its leaders."""
        members = self.env["res.users"]
        unit = unit.sudo()
        path = [int(unit_id) for unit_id in unit.parent_path.split("/")[:-1]]
        for ancestor in unit.browse(list(reversed(path))):
            members = ancestor.user_ids
            if members:
                break
        users = members | self._leader_users(unit)
        return users.filtered(lambda u: u.active and not u.share)

    @api.model
    def _leader_users(self, unit):
        """The unit's principal leader's user, or else its other leaders' users."""
        unit = unit.sudo()
        users = unit.principal_id.user_id or unit.leader_ids.employee_id.user_id
        return users.filtered(lambda u: u.active and not u.share)

    def _send_reminders(self):
        """One reminder activity per (user, period) among these reports, unless one exists."""
        users_by_unit = {unit: self._reminder_users(unit) for unit in self.unit_id}
        users_by_period = defaultdict(lambda: self.env["res.users"])
        for report in self:
            users_by_period[report.period_id] |= users_by_unit[report.unit_id]

        def texts(period):
            return lambda env: (
                env._("Report the progress of %(period)s", period=period.name),
                env._(
                    "The progress reports of %(period)s are due on %(date)s. Fill them "
                    "in and submit them from Monitoring › To report.",
                    period=period.name,
                    date=format_date(env, period.due_date),
                ),
            )

        self._workflow_schedule_once(
            REMINDER_TYPE,
            [
                (period, user, period.due_date, texts(period))
                for period, users in users_by_period.items()
                for user in users
            ],
        )

    @api.model
    def _send_warnings(self, goals):
        """Early warning (预警) of red ``goals``: an activity for the unit's principal
        leader, and a message on the goal to the leader and the office."""
        activity_type = self.env.ref(WARNING_TYPE)
        office = self.env.ref("target_assessment.group_office").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        Users = self.env["res.users"]
        offices = {cycle: office | Users._target_local_offices(cycle) for cycle in goals.cycle_id}
        model_id = self.env["ir.model"]._get_id("target.goal")
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        existing = {
            (a.res_id, a.user_id.id, a.summary)
            for a in Activity.search(
                [
                    ("res_model", "=", "target.goal"),
                    ("res_id", "in", goals.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        vals_list = []
        for goal in goals:
            office = offices[goal.cycle_id]
            leaders = self._leader_users(goal.unit_id)
            for user in leaders:
                env = self.with_context(lang=user.lang).env
                summary = goal.with_env(env)._warning_summary()
                if (goal.id, user.id, summary) in existing:
                    continue
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": goal.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": fields.Date.context_today(self),
                        "summary": summary,
                        "note": goal.with_env(env)._warning_text(),
                    }
                )
            lang = (leaders or office)[:1].lang or self.env.lang
            goal.with_context(lang=lang).message_post(
                body=goal.with_context(lang=lang)._warning_text(),
                subject=goal.with_context(lang=lang)._warning_summary(),
                partner_ids=(leaders | office).partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        Activity.create(vals_list)

    def _number_limits(self):
        return {
            progress: {
                "value": numbers.value_limits(
                    progress.goal_id.indicator_id.scoring_method, progress.goal_id.uom
                )
            }
            for progress in self
        }
