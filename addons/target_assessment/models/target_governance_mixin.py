from odoo import api, fields, models
from odoo.exceptions import UserError

GOVERNANCE_STATES = [
    ("draft", "Draft"),
    ("comments", "Open for comments"),  # 征求意见稿
    ("submitted", "Submitted to the leading group"),  # 报领导小组审定
    ("returned", "Returned"),
    ("approved", "Approved"),  # 领导小组审定
    ("active", "In force"),  # 印发施行: frozen for the cycle
]
# The office edits the document (and its parts) in these states.
EDITABLE_STATES = ("draft", "returned")
# What the year applies: the document in force (the state an older database has).
IN_FORCE = "active"


class TargetGovernanceMixin(models.AbstractModel):
    """The governance of a yearly rule book (DESIGN §10), written once: the assessment
    schemes (考核办法) and the indicator library (指标库) of a cycle.

    The office drafts the document and publishes it for comments (征求意见稿);
    the units concerned comment (target.scheme.comment) and the office answers
    each comment (adopted, partly adopted, not adopted, with its reason). The
    office then submits it to the leading group, whose approval tiers (OCA
    tier validation, by default one leader) approve it or return it with a
    reason (a county's own assessment: the county's leaders,
    ``leading_group_user_ids``, never its office nor the city's); approved,
    the office puts it in force (印发), which freezes it for the cycle. Only an
    administrator reopens an approved or frozen document, with a reason kept
    in the chatter (back to returned, to be submitted again).

    Access: the office maintains the documents while they are drafts or
    returned and moves them (the workflow kernel's table); the state and the
    stamps are written by the moves only.

    A model has ``cycle_id``, says which field of a comment (and of the reopening wizard) points
    to it (``_governance_comment_field``), has ``comment_ids``, and may add checks
    before the submission and the freeze (``_governance_check``) and say which
    of a user's units comment on it (``_governance_commenting_units``).
    """

    _name = "target.governance.mixin"
    _description = "Yearly Rule Book Governance (abstract)"
    _inherit = ["target.workflow.mixin", "target.tier.review.mixin"]

    _governance_comment_field = None

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"

    _workflow_transitions = {
        ("draft", "comments"): "office",
        ("returned", "comments"): "office",
        ("comments", "draft"): "office",
        ("draft", "submitted"): "office",
        ("comments", "submitted"): "office",
        ("returned", "submitted"): "office",
        ("submitted", "approved"): "approval",
        ("submitted", "returned"): "approval",
        ("approved", "active"): "office",
        ("approved", "returned"): "admin",
        ("active", "returned"): "admin",
    }
    _workflow_stamps = {"comments": "consulted", "submitted": "submitted", "active": "frozen"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"
    _workflow_system_fields = ("approved_on",)

    state = fields.Selection(
        GOVERNANCE_STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    comment_deadline = fields.Date(
        "Comments until", help="The last day the units may comment on the draft (empty: open)."
    )
    comment_count = fields.Integer("Number of comments", compute="_compute_comment_count")
    consulted_by_id = fields.Many2one(
        "res.users", "Published for comments by", readonly=True, copy=False
    )
    consulted_on = fields.Datetime("Published for comments on", readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", "Submitted by", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    frozen_by_id = fields.Many2one("res.users", "Put in force by", readonly=True, copy=False)
    frozen_on = fields.Datetime("In force since", readonly=True, copy=False)
    return_reason = fields.Text(
        readonly=True, copy=False, help="Why the leading group returned it, or why it was reopened."
    )
    leading_group_user_ids = fields.Many2many(
        "res.users",
        string="Leading group",
        compute="_compute_leading_group_user_ids",
        help="Who approves it: the leading group of the level that organises the cycle (a "
        "county's own assessment: the county's leaders).",
    )
    can_edit = fields.Boolean(compute="_compute_can")
    can_consult = fields.Boolean(compute="_compute_can")
    can_close_comments = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_freeze = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")
    can_comment = fields.Boolean(compute="_compute_can")

    def _compute_comment_count(self):
        fname = self._governance_comment_field
        counts = dict(
            self.env["target.scheme.comment"]._read_group(
                [(fname, "in", self.ids)], [fname], ["__count"]
            )
        )
        for record in self:
            record.comment_count = counts.get(record, 0)

    @api.depends("cycle_id.organizer_unit_id")
    def _compute_leading_group_user_ids(self):
        for record in self:
            record.leading_group_user_ids = record.sudo().cycle_id.leading_group_user_ids

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        office = self._workflow_role_office()
        consult = self._workflow_allowed("comments")
        close = self._workflow_allowed("draft")
        submit = self._workflow_allowed("submitted")
        freeze = self._workflow_allowed("active")
        reopen = self._workflow_allowed("returned")
        commenting = self._commenting_units()
        # a new document has no cycle yet: any office drafts it (the rules judge the save)
        drafting = self.env.user._target_has_role("office_local")
        for record in self:
            record.can_edit = (
                record in office or (drafting and not record._origin)
            ) and record.state in EDITABLE_STATES
            record.can_consult = record in consult
            record.can_close_comments = record in close
            record.can_submit = record in submit
            record.can_freeze = record in freeze
            record.can_reopen = record in reopen and record.state != "submitted"
            record.can_comment = bool(commenting.get(record))

    # -- CRUD ------------------------------------------------------------------

    def write(self, vals):
        # a write of the state itself is refused by the workflow kernel (AccessError);
        # the moves write as superuser
        if (
            not self.env.su
            and not self._workflow_protected_fields().intersection(vals)
            and not all(name.startswith(("message_", "activity_")) for name in vals)
        ):
            self.check_access("write")
            self._ensure_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if not self.env.su and self.filtered(lambda record: record.state != "draft"):
            raise UserError(self.env._("Only drafts can be deleted."))

    # -- actions ---------------------------------------------------------------

    def action_consult(self):
        """The office publishes the draft to the units concerned for comments."""
        return self._workflow_move("comments", vals={"return_reason": False})

    def action_close_comments(self):
        """The office closes the comments to revise the draft (the comments stay)."""
        return self._workflow_move("draft")

    def action_submit(self):
        """The office submits the document to the leading group's approval tiers."""
        self._workflow_move("submitted", vals={"return_reason": False})
        self._request_reviews(
            lambda record: self.env._(
                "No approval tier is configured for %(record)s: define who approves it "
                "(Configuration > Approval chains).",
                record=record.display_name,
            )
        )

    def action_freeze(self):
        """The office puts the approved document in force: frozen for the cycle."""
        return self.with_context(skip_validation_check=True)._workflow_move(IN_FORCE)

    def action_reopen(self, reason=None):
        """An administrator reopens an approved or frozen document, with a reason."""
        self.with_context(skip_validation_check=True)._workflow_move("returned", reason=reason)
        for record in self:
            record.message_post(
                body=self.env._(
                    "Reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=record.return_reason,
                )
            )
        return True

    def action_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen"),
            "res_model": "target.scheme.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{self._governance_comment_field}": self.id},
        }

    def action_comment(self):
        """A unit user opens a new comment of their unit on the draft."""
        self.ensure_one()
        units = self._commenting_units().get(self)
        if not units:
            raise UserError(
                self.env._(
                    "%(record)s takes no comments from you now: it is %(state)s, or none of "
                    "your units is concerned by it.",
                    record=self.display_name,
                    state=self._workflow_label(self.state),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Comment on the draft"),
            "res_model": "target.scheme.comment",
            "view_mode": "form",
            "target": "new",
            "context": {
                f"default_{self._governance_comment_field}": self.id,
                "default_unit_id": units[:1].id,
            },
        }

    def action_view_comments(self):
        self.ensure_one()
        fname = self._governance_comment_field
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_scheme_comment_action"
        )
        action["domain"] = [(fname, "=", self.id)]
        action["context"] = {f"default_{fname}": self.id}
        return action

    # -- workflow hooks --------------------------------------------------------

    def _workflow_precheck_submitted(self):
        for record in self:
            record._governance_check()
            if not record.consulted_on:
                raise UserError(
                    self.env._(
                        "%(record)s has not been published for comments: the units comment "
                        "on the draft before the leading group approves it.",
                        record=record.display_name,
                    )
                )
            pending = record.sudo().comment_ids.filtered(lambda c: c.state == "pending")
            if pending:
                raise UserError(
                    self.env._(
                        "%(record)s: answer the comment of %(unit)s (and every other pending "
                        "one) before submitting it.",
                        record=record.display_name,
                        unit=pending[0].unit_id.name,
                    )
                )

    def _workflow_precheck_active(self):
        for record in self:
            record._governance_check()

    def _governance_check(self):
        """Hook: raise when this document may not be submitted or put in force as it is."""

    def _workflow_role_admin(self):
        """An administrator (the head of the office) reopens."""
        return self if self.env.user._target_has_role("admin") else self.browse()

    def _workflow_role_approval(self):
        """Nobody by hand: the leading group's tier reviews approve or return it."""
        return self.browse()

    def _workflow_role_description(self, role):
        if role == "approval":
            return self.env._("the leading group's approval reviewers")
        if role == "admin":
            return self.env._("an administrator")
        return super()._workflow_role_description(role)

    # -- helpers ---------------------------------------------------------------

    def _ensure_editable(self):
        """Raise unless the office may still change these documents (draft or returned)."""
        fixed = self.filtered(lambda record: record.state not in EDITABLE_STATES)
        if fixed:
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s: it no longer changes (an administrator reopens "
                    "an approved one, with a reason).",
                    record=fixed[0].display_name,
                    state=self._workflow_label(fixed[0].state),
                )
            )

    def _commenting_units(self):
        """{document: the current user's units that may comment on it now}."""
        user = self.env.user
        result = {}
        if not user._target_has_role("unit_user"):
            return result
        units = user.sudo().target_unit_ids
        today = fields.Date.context_today(self)
        for record in self:
            if record.state != "comments" or (
                record.comment_deadline and today > record.comment_deadline
            ):
                continue
            result[record] = record._units_commenting(units)
        return result

    def _units_commenting(self, units):
        """Which of ``units`` comment on this document: those its level assesses (the
        subtree of the unit organising the cycle) that the model's hook names."""
        self.ensure_one()
        organizer = self.sudo().cycle_id.organizer_unit_id
        if organizer:
            units = units.filtered(lambda unit: unit.parent_path.startswith(organizer.parent_path))
        return self._governance_commenting_units(units)

    def _governance_commenting_units(self, units):
        """Hook: which of ``units`` comment on this document (all of them by default)."""
        return units
