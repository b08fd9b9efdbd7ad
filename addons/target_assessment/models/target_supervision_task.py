from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, split_every

from ..tools.cron import gives_way

TASK_STATES = [
    ("draft", "Draft"),
    ("assigned", "Assigned"),
    ("answered", "Answered"),
    ("returned", "Returned"),
    ("accepted", "Accepted"),
]
# The unit still has to act in these states (answer, answer again).
OPEN_STATES = ("assigned", "returned")
TASK_SOURCES = [
    ("bulletin", "Bulletin"),  # 督查通报
    ("red_light", "Red light"),  # 红灯预警
    ("instruction", "Leader's instruction"),  # 领导批示
]
# What the unit answers: changed by the unit (or the office) while assigned or returned.
ANSWER_FIELDS = {"feedback", "attachment_ids"}
# Days past the deadline after which a late task is escalated to the unit's leaders.
ESCALATION_DAYS = 3

REMINDER_TYPE = "target_assessment.mail_activity_type_supervision_reminder"
OVERDUE_TYPE = "target_assessment.mail_activity_type_supervision_overdue"
ESCALATION_TYPE = "target_assessment.mail_activity_type_supervision_escalation"


class TargetSupervisionTask(models.Model):
    """A supervision task (督办事项): a follow-up with a deadline, assigned to a unit.

    It comes from a bulletin, a red-light goal or a leader's instruction. The
    office drafts and assigns it; the unit answers with its feedback and
    evidence; the office accepts the answer or returns it with a reason. Daily
    jobs remind the unit before the deadline, flag the task when late and, a
    few days later, escalate it to the unit's leaders and the office member who
    assigned it: once per task and deadline, whatever the number of runs.

    Access: unit users and leaders read the tasks of their units' subtree and
    answer them while assigned or returned; the office manages all; leaders
    read all. The workflow is the kernel's (target.workflow.mixin).
    """

    _name = "target.supervision.task"
    _description = "Supervision Task"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.deadline.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "deadline, id desc"

    _workflow_transitions = {
        ("draft", "assigned"): "office",
        ("assigned", "answered"): "unit",
        ("returned", "answered"): "unit",
        ("answered", "accepted"): "office",
        ("answered", "returned"): "office",
    }
    _workflow_stamps = {"assigned": "assigned", "answered": "answered", "accepted": "accepted"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "answered"
    _workflow_system_fields = ("reminder_sent", "escalated")
    _workflow_open_states = OPEN_STATES

    name = fields.Char("Task", required=True, tracking=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, index=True, ondelete="restrict", tracking=True
    )
    unit_id = fields.Many2one(
        "target.unit",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_assessed', '=', True)]",
    )
    source = fields.Selection(TASK_SOURCES, required=True, default="instruction", tracking=True)
    goal_id = fields.Many2one(
        "target.goal",
        "Goal",
        index="btree_not_null",
        ondelete="set null",
        domain="[('cycle_id', '=', cycle_id), ('unit_id', '=', unit_id)]",
        help="The red-light goal the task follows up.",
    )
    bulletin_id = fields.Many2one(
        "target.supervision.bulletin",
        "Bulletin",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id), ('state', '=', 'published')]",
        help="The published bulletin the task follows up.",
    )
    instructed_by = fields.Char("Instructed by", help="The leader whose instruction it is.")
    description = fields.Text("Requirements")
    deadline = fields.Date(required=True, tracking=True, index=True)
    state = fields.Selection(
        TASK_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    feedback = fields.Text(help="What the unit has done, with the results.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_supervision_task_ir_attachment_rel",
        "task_id",
        "attachment_id",
        "Evidence",
    )
    return_reason = fields.Text(tracking=True, copy=False, help="Why the office returned it.")
    assigned_by_id = fields.Many2one("res.users", "Assigned by", readonly=True, copy=False)
    assigned_on = fields.Datetime(readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", "Answered by", readonly=True, copy=False)
    answered_on = fields.Datetime(readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", "Accepted by", readonly=True, copy=False)
    accepted_on = fields.Datetime(readonly=True, copy=False)
    escalated = fields.Boolean(
        readonly=True, copy=False, help="Late: escalated to the unit's leaders."
    )
    can_assign = fields.Boolean(compute="_compute_can")
    can_answer = fields.Boolean(compute="_compute_can")
    can_review = fields.Boolean(compute="_compute_can")

    # -- constraints -----------------------------------------------------------

    @api.constrains("bulletin_id", "source", "cycle_id")
    def _check_bulletin(self):
        for task in self.sudo().filtered("bulletin_id"):
            bulletin = task.bulletin_id
            if task.source != "bulletin":
                raise ValidationError(
                    self.env._(
                        "Supervision task %(task)s names bulletin %(bulletin)s: its source is "
                        "a bulletin.",
                        task=task.name,
                        bulletin=bulletin.name,
                    )
                )
            if bulletin.cycle_id != task.cycle_id or bulletin.state != "published":
                raise ValidationError(
                    self.env._(
                        "Supervision task %(task)s: bulletin %(bulletin)s is not a published "
                        "bulletin of cycle %(cycle)s.",
                        task=task.name,
                        bulletin=bulletin.name,
                        cycle=task.cycle_id.name,
                    )
                )

    # -- computes --------------------------------------------------------------

    @api.depends("state", "unit_id")
    @api.depends_context("uid")
    def _compute_can(self):
        assignable = self._workflow_allowed("assigned")
        answerable = self._workflow_allowed("answered")
        reviewable = self._workflow_allowed("accepted")
        for task in self:
            task.can_assign = task in assignable
            task.can_answer = task in answerable
            task.can_review = task in reviewable

    # -- CRUD ------------------------------------------------------------------

    def write(self, vals):
        if not self.env.su:
            self._ensure_writable(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda task: task.state != "draft"):
            raise UserError(self.env._("Only draft supervision tasks can be deleted."))

    # -- actions ---------------------------------------------------------------

    def action_assign(self):
        """Send the task to the unit."""
        return self._workflow_move("assigned")

    def action_answer(self):
        """The unit hands in its feedback and evidence."""
        return self._workflow_move("answered")

    def action_accept(self):
        """The office accepts the unit's answer (办结)."""
        return self._workflow_move("accepted")

    def action_return(self, reason=None):
        """Send the answer back to the unit with a reason (given here or on the form)."""
        return self._workflow_move("returned", reason=reason)

    # -- workflow hooks --------------------------------------------------------

    def _workflow_precheck_answered(self):
        """An answer says what was done."""
        for task in self.sudo():
            if not (task.feedback or "").strip():
                raise UserError(
                    self.env._(
                        "Supervision task %(task)s: write the feedback before answering.",
                        task=task.name,
                    )
                )

    # -- scheduled jobs --------------------------------------------------------

    @api.model
    @gives_way
    def _cron_send_reminders(self, batch_size=200):
        """Remind the units of the tasks due within their cycle's reminder days, once per
        task and deadline (a second run, or one resumed after a crash, reminds nobody
        twice)."""
        commit = self.env["ir.cron"]._commit_progress
        today = fields.Date.context_today(self)
        candidates = self.sudo().search(
            [("state", "in", OPEN_STATES), ("reminder_sent", "=", False), ("deadline", ">=", today)]
        )
        due = candidates.filtered(
            lambda task: (task.deadline - today).days <= task.cycle_id.reminder_days
        )
        commit(remaining=len(due))
        for batch in split_every(batch_size, due.ids, self.sudo().browse):
            batch._schedule(REMINDER_TYPE, lambda task: task._unit_users())
            batch.write({"reminder_sent": True})
            if not commit(len(batch)):
                return

    @api.model
    @gives_way
    def _cron_flag_overdue(self, batch_size=500):
        """Flag the late tasks and tell the unit, once per task; escalate those late for
        more than a few days to the unit's leaders and the office member who assigned
        them, once per task."""
        self._workflow_flag_overdue(
            batch_size, lambda tasks: tasks._schedule(OVERDUE_TYPE, lambda t: t._unit_users())
        )
        today = fields.Date.context_today(self)
        late = self.sudo().search(
            [("is_overdue", "=", True), ("escalated", "=", False), *self._workflow_open_domain()]
        )
        late = late.filtered(lambda task: (today - task.deadline).days >= ESCALATION_DAYS)
        for batch in split_every(batch_size, late.ids, self.sudo().browse):
            batch._schedule(ESCALATION_TYPE, lambda task: task._escalation_users())
            batch.write({"escalated": True})

    # -- helpers ---------------------------------------------------------------

    def _ensure_writable(self, vals):
        """Raise unless the current user may write ``vals`` on these tasks in their state:
        the unit answers while assigned or returned; the office defines the task (its
        deadline may move while it is open); the state and stamps are the kernel's."""
        offices = self.env.user._target_office_of(self)
        answering = self._workflow_role_unit()
        for task in self.sudo():
            office = task in offices
            if ANSWER_FIELDS.intersection(vals):
                if task.state not in OPEN_STATES:
                    raise UserError(
                        self.env._(
                            "Supervision task %(task)s is %(state)s: the unit answers it while "
                            "it is assigned or returned.",
                            task=task.name,
                            state=task._workflow_label(task.state),
                        )
                    )
                if task not in answering:
                    raise AccessError(task._workflow_role_error("unit", "answered"))
            defined = set(vals) - ANSWER_FIELDS - {"return_reason", "deadline"}
            if (defined or "return_reason" in vals or "deadline" in vals) and not office:
                raise AccessError(
                    self.env._(
                        "The assessment office defines supervision tasks and their deadlines "
                        "(%(task)s).",
                        task=task.name,
                    )
                )
            if defined and task.state != "draft" and not office:
                raise UserError(
                    self.env._("Supervision task %(task)s is assigned.", task=task.name)
                )

    def _unit_users(self):
        self.ensure_one()
        return self.unit_id.user_ids.filtered(lambda u: u.active and not u.share)

    def _escalation_users(self):
        self.ensure_one()
        leaders = self.env.ref("target_assessment.group_unit_leader")
        users = self.unit_id._approver_users(leaders, self) | self.assigned_by_id
        return users.filtered(lambda u: u.active and not u.share)

    def _schedule(self, xmlid, recipients):
        """One activity of type ``xmlid`` per (task, user of ``recipients(task)``), with
        the task's deadline; none is sent twice for a deadline."""

        def texts(task):
            return lambda env: (
                task.with_env(env)._activity_summary(xmlid),
                env._(
                    "Supervision task %(task)s of %(unit)s is due on %(date)s: answer it with "
                    "the feedback and the evidence.",
                    task=task.name,
                    unit=task.unit_id.complete_name,
                    date=format_date(env, task.deadline),
                ),
            )

        self._workflow_schedule_once(
            xmlid,
            [
                (task, user, task.deadline, texts(task))
                for task in self
                for user in recipients(task)
            ],
        )

    def _activity_summary(self, xmlid):
        self.ensure_one()
        if xmlid == ESCALATION_TYPE:
            return self.env._("Supervision task late, escalated: %(task)s", task=self.name)
        if xmlid == OVERDUE_TYPE:
            return self.env._("Supervision task overdue: %(task)s", task=self.name)
        return self.env._("Supervision task due: %(task)s", task=self.name)
