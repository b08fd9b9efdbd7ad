from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, split_every

from ..tools.cron import gives_way

RECTIFICATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("verified", "Verified"),
    ("returned", "Returned"),
]
# The unit still has to act in these states (report, resubmit).
OPEN_STATES = ("draft", "returned")

SOURCES = [
    ("finding", "Inspection finding"),
    ("spot_check", "Spot check"),
    ("lost_points", "Lost points"),
    ("leadership", "Leadership comment"),
    ("manual", "Manual"),
]

# What the unit reports: changed by the unit (or the office) while draft or returned.
REPORT_FIELDS = {"measures", "result", "responsible_id", "attachment_ids"}
# What the problem is: set by the office (or by the unit on its own manual drafts).
DEFINITION_FIELDS = {
    "name",
    "description",
    "cycle_id",
    "unit_id",
    "category_id",
    "deadline",
    "source",
    "finding_id",
    "spot_check_item_id",
    "line_id",
}
REVIEW_FIELDS = {"return_reason"}

REMINDER_TYPE = "target_assessment.mail_activity_type_rectification_reminder"
OVERDUE_TYPE = "target_assessment.mail_activity_type_rectification_overdue"


class TargetRectification(models.Model):
    """A problem to rectify (整改事项): found → measures → evidence → verified.

    Items come from inspection findings (a false report opens one by
    itself), from the points a unit lost, from the leadership's comments or
    by hand. The unit states its measures and the responsible person, attaches
    evidence and submits; the office verifies the item or returns it with a
    reason. Items stay open across cycles: the next cycle's evaluation of the
    unit lists them (:meth:`_open_for`). A daily job reminds the unit before
    the deadline and flags the items past it; the category shows the office
    the problems common to many units (共性问题).

    Access: unit users and leaders read the items of their units' subtree,
    create manual ones and report and submit while draft or returned; the
    office manages and verifies or returns all; leaders read all; inspectors
    read the items of the units they inspect. The workflow is the kernel's
    (target.workflow.mixin): the state and stamps change only through the
    actions, by the roles of the table.
    """

    _name = "target.rectification"
    _description = "Rectification Item"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.deadline.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("unit_id", "cycle_id", "line_id")
    _order = "deadline, id desc"

    _workflow_transitions = {
        ("draft", "submitted"): "unit",
        ("returned", "submitted"): "unit",
        ("submitted", "verified"): "office",
        ("submitted", "returned"): "office",
    }
    _workflow_stamps = {"submitted": "submitted", "verified": "verified"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"
    _workflow_system_fields = ("reminder_sent", "unit_raised")
    _workflow_open_states = OPEN_STATES

    name = fields.Char("Problem", required=True, tracking=True)
    description = fields.Text("Details")
    cycle_id = fields.Many2one(
        "target.cycle",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The cycle in which the problem was found.",
    )
    unit_id = fields.Many2one(
        "target.unit", required=True, index=True, ondelete="restrict", tracking=True
    )
    source = fields.Selection(SOURCES, required=True, default="manual", tracking=True)
    finding_id = fields.Many2one(
        "target.inspection.finding",
        "Inspection finding",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    spot_check_item_id = fields.Many2one(
        "target.spot.check.item",
        "Spot-check finding",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    line_id = fields.Many2one(
        "target.evaluation.line",
        "Evaluation line",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The goal whose lost points or finding the item comes from.",
    )
    category_id = fields.Many2one(
        "target.problem.category", "Problem category", index=True, tracking=True
    )
    measures = fields.Text(help="What the unit does to rectify the problem.")
    result = fields.Text("Rectification report", help="What has been done, with the evidence.")
    deadline = fields.Date(tracking=True, index=True)
    responsible_id = fields.Many2one("hr.employee", "Responsible person", tracking=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_rectification_ir_attachment_rel",
        "rectification_id",
        "attachment_id",
        "Evidence",
    )
    state = fields.Selection(
        RECTIFICATION_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    return_reason = fields.Text(tracking=True, copy=False, help="Why the office returned it.")
    submitted_by_id = fields.Many2one("res.users", "Submitted by", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", "Verified by", readonly=True, copy=False)
    verified_on = fields.Datetime(readonly=True, copy=False)
    unit_raised = fields.Boolean(
        "Raised by the unit",
        readonly=True,
        copy=False,
        help="The unit recorded the problem itself, and may restate it while it is a draft.",
    )
    is_open = fields.Boolean(
        "Open", compute="_compute_is_open", store=True, help="Not verified yet."
    )
    can_edit = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_review = fields.Boolean(compute="_compute_can")
    can_define = fields.Boolean(compute="_compute_can")

    _finding_unique = models.Constraint(
        "UNIQUE(finding_id)", "An inspection finding opens one rectification item."
    )

    # -- computes --------------------------------------------------------------

    @api.depends("state")
    def _compute_is_open(self):
        for item in self:
            item.is_open = item.state != "verified"

    @api.depends("state", "unit_id", "unit_raised")
    @api.depends_context("uid")
    def _compute_can(self):
        office = self._workflow_role_office()
        reporting = self._workflow_role_unit()
        submittable = self._workflow_allowed("submitted")
        reviewable = self._workflow_allowed("verified")
        for item in self:
            item.can_edit = item.state in OPEN_STATES and item in reporting
            item.can_submit = bool(item.id) and item in submittable
            item.can_review = item in reviewable
            own_draft = item.state == "draft" and (item.unit_raised or not item.id)
            item.can_define = (item in office and item.state != "verified") or (
                own_draft and item in reporting
            )

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # a county office's items are checked by its level's create rule
        raised = not self.env.su and not self.env.user._target_has_role("office_local")
        if raised:
            units = self.env.user._target_units()
            for vals in vals_list:
                if vals.get("source", "manual") != "manual" or (
                    vals.get("finding_id") or vals.get("spot_check_item_id")
                ):
                    raise AccessError(self.env._("Units record their own problems by hand only."))
                if vals.get("unit_id") not in units.ids:
                    raise AccessError(
                        self.env._("Units record problems of their own units' subtree only.")
                    )
        items = super().create(vals_list)
        if raised:
            items.sudo().unit_raised = True
        return items

    def write(self, vals):
        if not self.env.su:
            self._ensure_writable(vals)
        result = super().write(vals)
        if vals.get("deadline"):
            # the open reminders move with the deadline
            self.sudo().activity_search([REMINDER_TYPE]).date_deadline = vals["deadline"]
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if not self.env.su and self.filtered(lambda item: item.state != "draft"):
            raise UserError(self.env._("Only draft rectification items can be deleted."))

    def _ensure_writable(self, vals):
        """Raise unless the current user may write ``vals`` on these items in their state:
        the unit reports while draft or returned, the office states the problem (the unit
        too, on its own drafts); the state and stamps are the kernel's."""
        offices = self.env.user._target_office_of(self)
        reporting = self._workflow_role_unit()
        units = self.env.user._target_units()
        for item in self.sudo():
            office = item in offices
            reporter = item in reporting
            if REPORT_FIELDS.intersection(vals):
                if item.state not in OPEN_STATES and not office:
                    raise UserError(
                        self.env._(
                            "Rectification item %(item)s is %(state)s: the unit changes it "
                            "while it is a draft or returned.",
                            item=item.name,
                            state=item._workflow_label(item.state),
                        )
                    )
                if not reporter:
                    raise AccessError(item._workflow_role_error("unit", "submitted"))
            if DEFINITION_FIELDS.intersection(vals) and not office:
                own_draft = item.state == "draft" and item.unit_raised and reporter
                if not own_draft or vals.get("source", "manual") != "manual":
                    raise AccessError(
                        self.env._(
                            "The assessment office states the problem, its category and its "
                            "deadline (%(item)s).",
                            item=item.name,
                        )
                    )
                if "unit_id" in vals and vals["unit_id"] not in units.ids:
                    raise AccessError(item._workflow_role_error("unit", "submitted"))
            if REVIEW_FIELDS.intersection(vals) and not office:
                raise AccessError(item._workflow_role_error("office", "returned"))

    # -- actions ---------------------------------------------------------------

    def action_submit(self):
        """The unit hands in its rectification report for verification."""
        return self._workflow_move("submitted")

    def action_verify(self):
        """The office confirms the problem is rectified (销号)."""
        return self._workflow_move("verified")

    def action_return(self, reason=None):
        """Send the item back to the unit with a reason (given here or on the form)."""
        return self._workflow_move(
            "returned", reason=reason, vals={"verified_by_id": False, "verified_on": False}
        )

    # -- workflow hooks ----------------------------------------------------------

    def _workflow_precheck_submitted(self):
        """The measures are stated before the report is submitted."""
        for item in self.sudo():
            if not item.measures:
                raise UserError(
                    self.env._(
                        "State the rectification measures of %(item)s before submitting it.",
                        item=item.name,
                    )
                )

    def _workflow_after_submitted(self):
        # the to-dos of a reminder or an overdue flag are settled
        self.sudo().activity_feedback([REMINDER_TYPE, OVERDUE_TYPE])

    def _workflow_role_error(self, role, to, field=None):
        self.ensure_one()
        if role == "office":
            return self.env._(
                "Only the assessment office verifies or returns rectification item %(item)s.",
                item=self.name,
            )
        return self.env._(
            "Only the unit %(unit)s (or the assessment office) reports on rectification item "
            "%(item)s.",
            unit=self.sudo().unit_id.complete_name,
            item=self.name,
        )

    def _workflow_return_summary(self, to):
        self.ensure_one()
        return self.env._("Rectification returned: %(item)s", item=self.name)

    # -- open items of the next cycle -----------------------------------------

    @api.model
    def _open_for_domain(self, units, before_cycle):
        """Items of ``units`` found in a cycle that started before ``before_cycle``,
        not verified yet."""
        return [
            ("unit_id", "in", units.ids),
            ("state", "!=", "verified"),
            ("cycle_id.date_start", "<", before_cycle.date_start),
        ]

    @api.model
    def _open_for(self, units, before_cycle):
        """The open items of ``units`` carried into ``before_cycle`` (with the user's rights)."""
        return self.search(self._open_for_domain(units, before_cycle))

    @api.model
    def _action_open_for(self, units, before_cycle):
        """The register filtered on the open items of ``units`` carried into ``before_cycle``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_rectification_action"
        )
        action["domain"] = self._open_for_domain(units, before_cycle)
        action["context"] = {"default_unit_id": units[:1].id, "search_default_group_cycle": 1}
        action["name"] = self.env._("Open rectification items")
        return action

    @api.model
    def _create_from_lines(self, lines, category=None):
        """One item per line that lost points (source: lost points), unless it has one."""
        lines = lines.filtered(lambda line: line.lost_points > 0)
        existing = (
            self.sudo()
            .search([("line_id", "in", lines.ids), ("source", "=", "lost_points")])
            .line_id
        )
        return self.create(
            [
                {
                    "name": self.env._(
                        "Points lost: %(goal)s (%(points)s)",
                        goal=line.display_name,
                        points=line.lost_points,
                    ),
                    "description": line.explanation,
                    "cycle_id": line.cycle_id.id,
                    "unit_id": line.unit_id.id,
                    "source": "lost_points",
                    "line_id": line.id,
                    "category_id": category.id if category else False,
                }
                for line in lines - existing
            ]
        )

    # -- scheduled jobs --------------------------------------------------------

    @api.model
    @gives_way
    def _cron_send_reminders(self, batch_size=200):
        """Remind the units of the items due within their cycle's reminder days.

        One reminder activity per user and item and deadline: the item is
        marked as reminded batch by batch, an open reminder of the same user
        is moved to the new deadline rather than repeated, so a second run
        the same day (or a run resumed after a crash) reminds nobody twice.
        """
        commit = self.env["ir.cron"]._commit_progress
        today = fields.Date.context_today(self)
        candidates = self.sudo().search(
            [
                ("state", "in", OPEN_STATES),
                ("reminder_sent", "=", False),
                ("deadline", ">=", today),
            ]
        )
        due = candidates.filtered(
            lambda item: item.deadline - timedelta(days=item.cycle_id.reminder_days) <= today
        )
        commit(remaining=len(due))
        for batch in split_every(batch_size, due.ids, self.sudo().browse):
            batch._schedule(REMINDER_TYPE)
            batch.write({"reminder_sent": True})
            if not commit(len(batch)):
                return

    @api.model
    @gives_way
    def _cron_flag_overdue(self, batch_size=500):
        """Flag the items past their deadline and tell the unit, once per item."""
        self._workflow_flag_overdue(batch_size, lambda items: items._schedule(OVERDUE_TYPE))

    # -- helpers ---------------------------------------------------------------

    def _notified_users(self):
        """Who acts on the item: the responsible person's user and the unit's members."""
        self.ensure_one()
        users = self.responsible_id.user_id | self.unit_id.user_ids
        return users.filtered(lambda u: u.active and not u.share)

    def _schedule(self, xmlid):
        """One activity of type ``xmlid`` per (item, user) among these, deadline the item's
        (an open one moves to the current deadline; none is sent twice for a deadline)."""

        def texts(item):
            return lambda env: (
                item.with_env(env)._activity_summary(xmlid),
                env._(
                    "Rectification item %(item)s of %(unit)s is due on %(date)s: state "
                    "the measures, attach the evidence and submit it.",
                    item=item.name,
                    unit=item.unit_id.complete_name,
                    date=format_date(env, item.deadline),
                ),
            )

        self._workflow_schedule_once(
            xmlid,
            [
                (item, user, item.deadline, texts(item))
                for item in self
                for user in item._notified_users()
            ],
        )

    def _activity_summary(self, xmlid):
        self.ensure_one()
        if xmlid == OVERDUE_TYPE:
            return self.env._("Rectification overdue: %(item)s", item=self.name)
        return self.env._("Rectification due: %(item)s", item=self.name)
