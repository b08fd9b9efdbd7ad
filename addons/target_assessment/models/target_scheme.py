from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..tools import numbers

SCHEME_STATES = [
    ("draft", "Draft"),
    ("comments", "Open for comments"),  # 征求意见稿
    ("submitted", "Submitted to the leading group"),  # 报领导小组审定
    ("returned", "Returned"),
    ("approved", "Approved"),  # 领导小组审定
    ("active", "In force"),  # 印发施行: frozen for the cycle
]
# The office edits the scheme (and its sections, coefficients) in these states.
EDITABLE_STATES = ("draft", "returned")
# What the scoring reads: the scheme in force (the state an older database has).
IN_FORCE = "active"
DIFFICULTY_BASES = [
    ("none", "No coefficients"),
    ("goal", "Per goal"),
    ("unit", "Per unit"),
]
GRADES = [
    ("excellent", "Excellent"),  # 优秀
    ("good", "Good"),  # 良好
    ("pass", "Pass"),  # 合格
    ("fail", "Fail"),  # 不合格
]
# Which score of an evaluation line wins, best first; the reported actual,
# scored by the indicator's method, is the last resort of every order.
SCORE_PRECEDENCES = [
    ("verified_assessor_self", "Verified, then assessor, then self-assessment"),
    ("assessor_verified_self", "Assessor, then verified, then self-assessment"),
    ("verified_assessor", "Verified, then assessor (self-assessment not used)"),
    ("reported", "Reported actual only"),
]


class TargetScheme(models.Model):
    """The assessment method (考核办法) of one unit category in one cycle.

    Sections with weights adding up to the total, bonus and deduction caps,
    grading thresholds and quotas, the effect of a one-vote veto, the
    difficulty coefficients (per goal or per unit) and the cut of the target
    bonus per missed goal (下浮).

    Governance (DESIGN §10): the office drafts the scheme and publishes it
    for comments (征求意见稿); the units of its category comment
    (target.scheme.comment) and the office answers each comment (adopted,
    partly adopted, not adopted, with its reason). The office then submits
    it to the leading group, whose approval tiers (OCA tier validation, by
    default one leader) approve it or return it with a reason; approved, the
    office puts it in force (印发), which freezes it for the cycle: the
    scheme, its sections and its unit coefficients no longer change. Only an
    administrator reopens an approved or frozen scheme, with a reason kept in
    the chatter (back to returned, to be submitted again). The weights add up
    to the total from the submission on, checked on every change.

    Access: the office maintains schemes while they are drafts or returned
    and moves them (the workflow kernel's table); every role reads them; the
    state and the stamps are written by the moves only.
    """

    _name = "target.scheme"
    _description = "Assessment Scheme"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.number.mixin",
        "target.workflow.mixin",
        "target.tier.review.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "cycle_id, category_id"

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

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one("target.cycle", required=True, ondelete="cascade", index=True)
    category_id = fields.Many2one(
        "target.unit.category", "Unit category", required=True, ondelete="restrict"
    )
    state = fields.Selection(
        SCHEME_STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    comment_deadline = fields.Date(
        "Comments until", help="The last day the units may comment on the draft (empty: open)."
    )
    comment_ids = fields.One2many("target.scheme.comment", "scheme_id", "Comments")
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
    can_edit = fields.Boolean(compute="_compute_can")
    can_consult = fields.Boolean(compute="_compute_can")
    can_close_comments = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_freeze = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")
    can_comment = fields.Boolean(compute="_compute_can")
    total_score = fields.Float(default=100.0, required=True)
    section_ids = fields.One2many("target.scheme.section", "scheme_id", "Sections", copy=True)
    weight_sum = fields.Float(compute="_compute_weight_sum")

    bonus_cap = fields.Float(
        "Bonus cap", default=5.0, help="Most bonus points a unit can get in a cycle."
    )
    deduction_cap = fields.Float(
        "Deduction cap",
        default=10.0,
        help="Most deduction points a unit can lose in a cycle over all categories "
        "(0: no overall cap; categories may cap further).",
    )

    excellent_threshold = fields.Float("Excellent from", default=90.0)
    good_threshold = fields.Float("Good from", default=75.0)
    pass_threshold = fields.Float("Pass from", default=60.0)
    excellent_quota = fields.Float(
        "Excellent quota (%)",
        default=30.0,
        help="Share of the category that may be excellent; 0: none.",
    )
    quota_rounding = fields.Selection(
        [("floor", "Round down"), ("round", "Round half up"), ("ceil", "Round up")],
        default="floor",
        required=True,
    )
    tie_break_section_id = fields.Many2one(
        "target.scheme.section",
        "Tie-break section",
        domain="[('scheme_id', '=', id)]",
        help="Equal totals are ranked by this section's score.",
    )
    veto_effect = fields.Selection(
        [("cap_grade", "Cannot be graded above"), ("fail", "Graded fail")],
        default="cap_grade",
        required=True,
        help="Default effect of a one-vote veto; a veto item type may set its own.",
    )
    veto_max_grade = fields.Selection(GRADES, "Veto grade cap", default="pass")
    veto_rank_last = fields.Boolean(
        "Rank vetoed units last",
        help="Vetoed units are ranked after all others; otherwise they keep the rank their "
        "total earns (the veto acts on the grade).",
    )

    # scoring (DESIGN.md §4)
    bonus_national = fields.Float(
        "National award", default=3.0, help="Bonus points of a national-level award."
    )
    bonus_provincial = fields.Float(
        "Provincial award", default=2.0, help="Bonus points of a provincial-level award."
    )
    bonus_city = fields.Float("City award", default=1.0, help="Bonus points of a city-level award.")
    score_precedence = fields.Selection(
        SCORE_PRECEDENCES,
        "Line score precedence",
        default="verified_assessor_self",
        required=True,
        help="Which score of a goal counts: the first one given in this order; without any, "
        "the reported actual scored by the indicator's method.",
    )
    score_basis = fields.Selection(
        [("score", "The score given"), ("value", "The value given, scored by the method")],
        "Line score basis",
        default="score",
        required=True,
        help="Take the score the verifier, assessor or unit gave, or score the value they "
        "gave by the indicator's method.",
    )

    # difficulty coefficients and the target bonus cut (DESIGN.md §10)
    difficulty_basis = fields.Selection(
        DIFFICULTY_BASES,
        "Difficulty coefficients",
        default="none",
        required=True,
        help="Per goal: each goal's score counts times its coefficient. Per unit: the goals "
        "sections of a unit count times the unit's coefficient (任务较重、贡献较大).",
    )
    unit_difficulty_ids = fields.One2many(
        "target.scheme.difficulty", "scheme_id", "Unit coefficients", copy=True
    )
    bonus_cut_per_goal = fields.Float(
        "Bonus cut per missed goal (%)",
        default=0.0,
        help="The target bonus of a unit is cut by this percentage for each of its goals "
        "that lost points (下浮); 0: no cut.",
    )
    bonus_cut_max = fields.Float(
        "Largest bonus cut (%)",
        default=30.0,
        help="The most a unit's target bonus is cut for missed goals.",
    )
    cooperation_points = fields.Boolean(
        "Cooperating units share the points",
        help="A shared goal's cooperating units (配合单位) earn their share of its score, the "
        "lead unit the rest; otherwise the lead unit earns it all.",
    )

    _scheme_unique = models.Constraint(
        "UNIQUE(cycle_id, category_id)", "A unit category has one scheme per cycle."
    )
    _thresholds_check = models.Constraint(
        "CHECK(excellent_threshold >= good_threshold AND good_threshold >= pass_threshold "
        "AND pass_threshold >= 0)",
        "Grading thresholds must satisfy excellent >= good >= pass >= 0.",
    )
    _bonus_levels_check = models.Constraint(
        "CHECK(bonus_national >= 0 AND bonus_provincial >= 0 AND bonus_city >= 0)",
        "Award points cannot be negative.",
    )
    _caps_check = models.Constraint(
        "CHECK(bonus_cap >= 0 AND deduction_cap >= 0 AND total_score > 0)",
        "Caps cannot be negative and the total must be positive.",
    )
    _quota_check = models.Constraint(
        "CHECK(excellent_quota >= 0 AND excellent_quota <= 100)",
        "The excellent quota is a share between 0 and 100.",
    )

    @api.depends("section_ids.weight")
    def _compute_weight_sum(self):
        for scheme in self:
            scheme.weight_sum = sum(scheme.section_ids.mapped("weight"))

    @api.constrains("state", "total_score", "section_ids")
    def _check_weights(self):
        for scheme in self.filtered(lambda s: s.state in ("submitted", "approved", IN_FORCE)):
            scheme._ensure_weights_add_up()

    def _compute_comment_count(self):
        counts = dict(
            self.env["target.scheme.comment"]._read_group(
                [("scheme_id", "in", self.ids)], ["scheme_id"], ["__count"]
            )
        )
        for scheme in self:
            scheme.comment_count = counts.get(scheme, 0)

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
        for scheme in self:
            scheme.can_edit = scheme in office and scheme.state in EDITABLE_STATES
            scheme.can_consult = scheme in consult
            scheme.can_close_comments = scheme in close
            scheme.can_submit = scheme in submit
            scheme.can_freeze = scheme in freeze
            scheme.can_reopen = scheme in reopen and scheme.state != "submitted"
            scheme.can_comment = bool(commenting.get(scheme))

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
        if not self.env.su and self.filtered(lambda scheme: scheme.state != "draft"):
            raise UserError(self.env._("Only draft schemes can be deleted."))

    def _ensure_weights_add_up(self):
        """Raise unless the section weights add up to the scheme's total."""
        self.ensure_one()
        total = sum(self.section_ids.mapped("weight"))
        if not self.section_ids or float_compare(total, self.total_score, precision_digits=4):
            raise ValidationError(
                self.env._(
                    "Scheme %(scheme)s: the section weights add up to %(sum)s, not %(total)s.",
                    scheme=self.name,
                    sum=round(total, 4),
                    total=self.total_score,
                )
            )

    # -- actions ---------------------------------------------------------------

    def action_consult(self):
        """The office publishes the draft to the units of its category for comments."""
        return self._workflow_move("comments", vals={"return_reason": False})

    def action_close_comments(self):
        """The office closes the comments to revise the draft (the comments stay)."""
        return self._workflow_move("draft")

    def action_submit(self):
        """The office submits the scheme to the leading group's approval tiers."""
        self._workflow_move("submitted", vals={"return_reason": False})
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        self.sudo().request_validation()
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        unreviewed = self.filtered(lambda scheme: not scheme.review_ids)
        if unreviewed:
            raise UserError(
                self.env._(
                    "No approval tier is configured for scheme %(scheme)s: define who approves "
                    "schemes (Configuration > Approval chains).",
                    scheme=unreviewed[0].name,
                )
            )
        self._finish_if_validated()

    def action_freeze(self):
        """The office puts the approved scheme in force: frozen for the cycle."""
        return self.with_context(skip_validation_check=True)._workflow_move(IN_FORCE)

    def action_reopen(self, reason=None):
        """An administrator reopens an approved or frozen scheme, with a reason."""
        self.with_context(skip_validation_check=True)._workflow_move("returned", reason=reason)
        for scheme in self:
            scheme.message_post(
                body=self.env._(
                    "Reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=scheme.return_reason,
                )
            )
        return True

    def action_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen the scheme"),
            "res_model": "target.scheme.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scheme_id": self.id},
        }

    def action_comment(self):
        """A unit user opens a new comment of their unit on the draft."""
        self.ensure_one()
        units = self._commenting_units().get(self)
        if not units:
            raise UserError(
                self.env._(
                    "Scheme %(scheme)s takes no comments from you now: it is %(state)s, or "
                    "none of your units is assessed by it.",
                    scheme=self.name,
                    state=self._workflow_label(self.state),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Comment on the draft"),
            "res_model": "target.scheme.comment",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scheme_id": self.id, "default_unit_id": units[:1].id},
        }

    def action_view_comments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_scheme_comment_action"
        )
        action["domain"] = [("scheme_id", "=", self.id)]
        action["context"] = {"default_scheme_id": self.id}
        return action

    # -- workflow hooks --------------------------------------------------------

    def _workflow_precheck_submitted(self):
        for scheme in self:
            scheme._ensure_weights_add_up()
            if not scheme.consulted_on:
                raise UserError(
                    self.env._(
                        "Scheme %(scheme)s has not been published for comments: the units "
                        "comment on the draft before the leading group approves it.",
                        scheme=scheme.name,
                    )
                )
            pending = scheme.sudo().comment_ids.filtered(lambda c: c.state == "pending")
            if pending:
                raise UserError(
                    self.env._(
                        "Scheme %(scheme)s: answer the comment of %(unit)s (and every other "
                        "pending one) before submitting it.",
                        scheme=scheme.name,
                        unit=pending[0].unit_id.name,
                    )
                )

    def _workflow_precheck_active(self):
        for scheme in self:
            scheme._ensure_weights_add_up()

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
        """Raise unless the office may still change these schemes (draft or returned)."""
        fixed = self.filtered(lambda scheme: scheme.state not in EDITABLE_STATES)
        if fixed:
            raise UserError(
                self.env._(
                    "Scheme %(scheme)s is %(state)s: it no longer changes (an administrator "
                    "reopens an approved scheme, with a reason).",
                    scheme=fixed[0].name,
                    state=self._workflow_label(fixed[0].state),
                )
            )

    def _commenting_units(self):
        """{scheme: the current user's units that may comment on it now}."""
        user = self.env.user
        result = {}
        if not user._target_has_role("unit_user"):
            return result
        units = user.sudo().target_unit_ids
        today = fields.Date.context_today(self)
        for scheme in self:
            if scheme.state != "comments" or (
                scheme.comment_deadline and today > scheme.comment_deadline
            ):
                continue
            result[scheme] = units.filtered(lambda u, s=scheme: u.category_id == s.category_id)
        return result

    def _bonus_points(self, level):
        """Points the scheme gives an award of ``level`` (national, provincial, city)."""
        self.ensure_one()
        return {
            "national": self.bonus_national,
            "provincial": self.bonus_provincial,
            "city": self.bonus_city,
        }.get(level, 0.0)

    def _number_limits(self):
        limits = {}
        for scheme in self:
            share_of_total = numbers.Limits(0.0, scheme.total_score)
            limits[scheme] = {
                "total_score": numbers.Limits(0.0, numbers.MAX_TOTAL, positive=True),
                "bonus_cap": share_of_total,
                "deduction_cap": share_of_total,
                "excellent_threshold": share_of_total,
                "good_threshold": share_of_total,
                "pass_threshold": share_of_total,
                "excellent_quota": numbers.SHARE,
                "bonus_national": share_of_total,
                "bonus_provincial": share_of_total,
                "bonus_city": share_of_total,
                "bonus_cut_per_goal": numbers.SHARE,
                "bonus_cut_max": numbers.SHARE,
            }
        return limits
