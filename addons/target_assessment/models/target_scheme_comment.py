from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .target_governance_mixin import GOVERNANCE_STATES

COMMENT_STATES = [
    ("pending", "To answer"),
    ("adopted", "Adopted"),  # 采纳
    ("partly_adopted", "Partly adopted"),  # 部分采纳
    ("not_adopted", "Not adopted"),  # 不采纳
]
DECISIONS = ("adopted", "partly_adopted", "not_adopted")
# The office answers while the draft has not gone to the leading group.
ANSWERABLE_SCHEME_STATES = ("draft", "comments", "returned")


class TargetSchemeComment(models.Model):
    """A unit's comment on a draft published for comments (征求意见), and the office's answer.

    The draft is an assessment scheme (``scheme_id``) or a cycle's indicator
    library (``library_id``), both governed by target.governance.mixin. A
    unit concerned (of the scheme's category; any assessed unit for the
    library) comments while the draft is open for comments (until its
    deadline): the author writes for one of their own
    units, and may change or withdraw the text until the office answers it.
    The office answers each comment: adopted, partly adopted or not adopted
    (采纳 / 部分采纳 / 不采纳), with its reason (required unless adopted), and
    may reconsider until the draft goes to the leading group, which reads
    the list of comments and their handling with it.

    Access: a unit user reads and writes the comments of their own units
    only, never another unit's: the consultation is between each unit and
    the office, as written feedback is (a unit argues for its own weights
    and targets, and seeing the others' would invite lobbying; the office
    reports what it adopted). The office and the administrator read and
    answer all, leaders read all; other roles have no access. The answer
    (state, stamps) is written by the workflow's moves only.
    """

    _name = "target.scheme.comment"
    _description = "Comment on a Draft Scheme"
    _inherit = ["target.workflow.mixin"]
    _order = "cycle_id, id desc"
    _rec_name = "unit_id"

    _workflow_transitions = {
        **{("pending", decision): "office" for decision in DECISIONS},
        **{(decision, "pending"): "office" for decision in DECISIONS},
    }
    _workflow_stamps = dict.fromkeys(DECISIONS, "decided")
    _workflow_reasons = {"partly_adopted": "reply", "not_adopted": "reply"}

    scheme_id = fields.Many2one("target.scheme", "Scheme", ondelete="cascade", index=True)
    library_id = fields.Many2one(
        "target.indicator.library",
        "Indicator library",
        ondelete="cascade",
        index="btree_not_null",
    )
    cycle_id = fields.Many2one(
        "target.cycle", compute="_compute_cycle", store=True, index=True, precompute=True
    )
    category_id = fields.Many2one(related="scheme_id.category_id")
    scheme_state = fields.Selection(
        GOVERNANCE_STATES, "Status of the draft", compute="_compute_scheme_state"
    )
    unit_id = fields.Many2one("target.unit", "Unit", required=True, ondelete="restrict", index=True)
    author_id = fields.Many2one(
        "res.users", "Author", required=True, readonly=True, default=lambda self: self.env.user
    )
    body = fields.Text("Comment", required=True)
    state = fields.Selection(
        COMMENT_STATES, "Answer", default="pending", required=True, readonly=True, copy=False
    )
    reply = fields.Text("Reason", help="The office's answer: why adopted, partly or not.")
    decided_by_id = fields.Many2one("res.users", "Answered by", readonly=True, copy=False)
    decided_on = fields.Datetime("Answered on", readonly=True, copy=False)
    can_answer = fields.Boolean(compute="_compute_can")
    can_edit_text = fields.Boolean(compute="_compute_can")

    _one_draft = models.Constraint(
        "CHECK((scheme_id IS NULL) <> (library_id IS NULL))",
        "A comment is on one draft: a scheme or an indicator library.",
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("scheme_id", "unit_id")
    def _check_unit_category(self):
        for comment in self.filtered("scheme_id"):
            if comment.unit_id.category_id != comment.scheme_id.category_id:
                raise ValidationError(
                    self.env._(
                        "Comment of %(unit)s on scheme %(scheme)s: the unit is a "
                        "%(unit_category)s, the scheme is for %(category)s.",
                        unit=comment.unit_id.name,
                        scheme=comment.scheme_id.name,
                        unit_category=comment.unit_id.category_id.name or "-",
                        category=comment.scheme_id.category_id.name,
                    )
                )

    # -- computes --------------------------------------------------------------

    @api.depends("scheme_id.cycle_id", "library_id.cycle_id")
    def _compute_cycle(self):
        for comment in self:
            comment.cycle_id = comment._draft().cycle_id

    @api.depends("scheme_id.state", "library_id.state")
    def _compute_scheme_state(self):
        for comment in self:
            comment.scheme_state = comment._draft().state

    def _draft(self):
        """The scheme or the indicator library commented on."""
        self.ensure_one()
        return self.scheme_id or self.library_id

    @api.depends("state", "scheme_id.state", "library_id.state", "author_id")
    @api.depends_context("uid")
    def _compute_can(self):
        office = self._workflow_role_office()
        for comment in self:
            comment.can_answer = (
                comment in office and comment.scheme_state in ANSWERABLE_SCHEME_STATES
            )
            comment.can_edit_text = (
                comment.author_id == self.env.user
                and comment.state == "pending"
                and comment.scheme_state == "comments"
            )

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # the author is who writes it, whatever the client says
                vals["author_id"] = self.env.uid
        comments = super().create(vals_list)
        comments._ensure_scheme_open()
        return comments

    def write(self, vals):
        if not self.env.su:
            if "author_id" in vals:
                raise AccessError(self.env._("The author of a comment does not change."))
            if {"body", "unit_id", "scheme_id", "library_id"}.intersection(vals):
                self._ensure_own_pending()
            if "reply" in vals:
                self._ensure_answerable()
        result = super().write(vals)
        if not self.env.su and {"unit_id", "scheme_id", "library_id"}.intersection(vals):
            self._ensure_scheme_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if not self.env.su:
            self._ensure_own_pending()

    # -- actions ---------------------------------------------------------------

    def action_adopt(self):
        return self._workflow_move("adopted")

    def action_adopt_partly(self):
        return self._workflow_move("partly_adopted")

    def action_not_adopt(self):
        return self._workflow_move("not_adopted")

    def action_reconsider(self):
        return self._workflow_move("pending")

    # -- workflow hooks --------------------------------------------------------

    def _workflow_precheck(self, to, field=None):
        self._ensure_answerable()
        return super()._workflow_precheck(to, field)

    # -- helpers ---------------------------------------------------------------

    def _ensure_scheme_open(self):
        """Raise unless the drafts of these comments take comments today, from their units."""
        today = fields.Date.context_today(self)
        for comment in self:
            draft = comment._draft().sudo()
            if draft.state != "comments":
                raise UserError(
                    self.env._(
                        "%(draft)s is %(state)s: units comment only while it is open for comments.",
                        draft=draft.display_name,
                        state=draft._workflow_label(draft.state),
                    )
                )
            if draft.comment_deadline and today > draft.comment_deadline:
                raise UserError(
                    self.env._(
                        "%(draft)s took comments until %(deadline)s.",
                        draft=draft.display_name,
                        deadline=draft.comment_deadline,
                    )
                )
            if comment.unit_id not in draft._units_commenting(comment.unit_id):
                raise ValidationError(
                    self.env._(
                        "%(unit)s is not among the units that comment on %(draft)s.",
                        unit=comment.unit_id.name,
                        draft=draft.display_name,
                    )
                )

    def _ensure_own_pending(self):
        """Raise unless the current user wrote these comments, unanswered, on open drafts."""
        for comment in self:
            if comment.author_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Comment of %(unit)s on %(draft)s: only its author changes or "
                        "withdraws it.",
                        unit=comment.unit_id.name,
                        draft=comment._draft().display_name,
                    )
                )
            if comment.state != "pending":
                raise UserError(
                    self.env._(
                        "Comment of %(unit)s on %(draft)s has been answered: it no longer changes.",
                        unit=comment.unit_id.name,
                        draft=comment._draft().display_name,
                    )
                )
        self._ensure_scheme_open()

    def _ensure_answerable(self):
        """Raise unless the office may (still) answer these comments."""
        if not self.env.su and not self.env.user._target_is_office_of(self):
            raise AccessError(self.env._("Only the assessment office answers comments."))
        for comment in self:
            draft = comment._draft().sudo()
            if draft.state not in ANSWERABLE_SCHEME_STATES:
                raise UserError(
                    self.env._(
                        "%(draft)s is %(state)s: the answers to its comments no longer change.",
                        draft=draft.display_name,
                        state=draft._workflow_label(draft.state),
                    )
                )
