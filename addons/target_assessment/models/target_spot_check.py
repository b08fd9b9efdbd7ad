from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import sampling

SPOT_CHECK_STATES = [
    ("draft", "Draft"),
    ("drawn", "Sample drawn"),
    ("in_progress", "In progress"),
    ("done", "Done"),
]
SAMPLING_METHODS = [
    (sampling.RANDOM, "At random"),  # 随机抽取
    (sampling.RED, "Red-light goals"),  # 红灯目标
    (sampling.CATEGORY, "By unit category"),  # 按单位类别
    (sampling.MANUAL, "Chosen by hand"),  # 指定
]
# What the draw reads: fixed once the sample is drawn.
DRAW_FIELDS = {"cycle_id", "method", "sample_size", "category_ids", "unit_ids", "manual_goal_ids"}


class TargetSpotCheck(models.Model):
    """An in-year spot check (抽查) of a cycle's goals (DESIGN §9).

    The office sets how goals are sampled (at random, the red-light ones, by
    unit category, or by hand, optionally within some units) and draws: the
    seed of the draw is recorded, so that the same sample can be drawn again
    from the same goals (``engine/sampling.py``). It assigns inspectors, who
    may not verify a unit they belong to (回避, ``res.users._target_conflict``),
    and starts the check; each inspector verifies the sampled goals' reported
    progress against the evidence and records a finding per goal
    (target.spot.check.item): confirmed, corrected, 虚报 or 瞒报 — the last two
    propose a deduction and open a rectification item, as at year end.

    Access: the office creates, draws, staffs, starts and closes spot checks;
    inspectors read the checks they are assigned to (and record the findings
    while in progress); leaders read all; units see only the consequences
    (deductions, rectification items). The workflow is the kernel's
    (target.workflow.mixin); the seed is written by the draw only.
    """

    _name = "target.spot.check"
    _description = "Spot Check"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "date desc, id desc"

    _workflow_transitions = {
        ("draft", "drawn"): "office",
        ("drawn", "draft"): "office",
        ("drawn", "in_progress"): "office",
        ("in_progress", "done"): "office",
        ("done", "in_progress"): "office",
    }
    _workflow_stamps = {"drawn": "drawn", "done": "closed"}
    _workflow_system_fields = ("seed",)

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, index=True, ondelete="restrict", tracking=True
    )
    date = fields.Date(
        "Check date", required=True, default=fields.Date.context_today, tracking=True
    )
    state = fields.Selection(
        SPOT_CHECK_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    method = fields.Selection(
        SAMPLING_METHODS, "Sampling", required=True, default=sampling.RANDOM, tracking=True
    )
    sample_size = fields.Integer(
        default=10, tracking=True, help="How many goals to draw (not used when chosen by hand)."
    )
    category_ids = fields.Many2many(
        "target.unit.category",
        "target_spot_check_unit_category_rel",
        "spot_check_id",
        "category_id",
        "Unit categories",
        help="Drawing by category: goals of units of these categories.",
    )
    unit_ids = fields.Many2many(
        "target.unit",
        "target_spot_check_target_unit_rel",
        "spot_check_id",
        "unit_id",
        "Within units",
        domain="[('is_assessed', '=', True)]",
        help="Draw only among the goals of these units (all units when empty).",
    )
    manual_goal_ids = fields.Many2many(
        "target.goal",
        "target_spot_check_manual_goal_rel",
        "spot_check_id",
        "goal_id",
        "Chosen goals",
        domain="[('cycle_id', '=', cycle_id)]",
    )
    seed = fields.Integer(
        readonly=True,
        aggregator=None,
        copy=False,
        help="The seed of the draw: the same goals, method, size and seed give the same sample.",
    )
    inspector_ids = fields.Many2many(
        "res.users",
        "target_spot_check_res_users_rel",
        "spot_check_id",
        "user_id",
        "Inspectors",
        domain="[('share', '=', False)]",
        help="Nobody verifies a unit they belong to (回避).",
    )
    item_ids = fields.One2many("target.spot.check.item", "spot_check_id", "Sampled goals")
    item_count = fields.Integer("Goals sampled", compute="_compute_counts")
    false_report_count = fields.Integer("False or concealed reports", compute="_compute_counts")
    drawn_by_id = fields.Many2one("res.users", "Drawn by", readonly=True, copy=False)
    drawn_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", "Closed by", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    note = fields.Html("Notes")
    can_draw = fields.Boolean(compute="_compute_can")
    can_reset = fields.Boolean(compute="_compute_can")
    can_start = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")

    _sample_size_check = models.Constraint(
        "CHECK(sample_size >= 0)", "The sample size cannot be negative."
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("inspector_ids")
    def _check_recusal(self):
        """回避: no inspector verifies a sampled unit they belong to."""
        for check in self.sudo():
            for inspector in check.inspector_ids:
                conflict = inspector._target_conflict(check.item_ids.unit_id)
                if conflict:
                    own, unit = conflict
                    raise ValidationError(
                        self.env._(
                            "Conflict of interest: %(inspector)s belongs to %(own)s and may not "
                            "verify %(unit)s. Assign another inspector to spot check %(check)s.",
                            inspector=inspector.name,
                            own=own.complete_name,
                            unit=unit.complete_name,
                            check=check.name,
                        )
                    )

    # -- computes --------------------------------------------------------------

    def _compute_counts(self):
        Item = self.env["target.spot.check.item"]
        items = dict(
            Item._read_group([("spot_check_id", "in", self.ids)], ["spot_check_id"], ["__count"])
        )
        false = dict(
            Item._read_group(
                [
                    ("spot_check_id", "in", self.ids),
                    ("result", "in", list(Item._false_report_results)),
                ],
                ["spot_check_id"],
                ["__count"],
            )
        )
        for check in self:
            check.item_count = items.get(check, 0)
            check.false_report_count = false.get(check, 0)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        moves = {
            "can_draw": self._workflow_allowed("drawn").filtered(lambda c: c.state == "draft"),
            "can_reset": self._workflow_allowed("draft"),
            "can_start": self._workflow_allowed("in_progress").filtered(
                lambda c: c.state == "drawn"
            ),
            "can_close": self._workflow_allowed("done"),
            "can_reopen": self._workflow_allowed("in_progress").filtered(
                lambda c: c.state == "done"
            ),
        }
        for check in self:
            for name, allowed in moves.items():
                check[name] = check in allowed

    # -- CRUD ------------------------------------------------------------------

    def write(self, vals):
        if not self.env.su and DRAW_FIELDS.intersection(vals):
            drawn = self.filtered(lambda check: check.state != "draft")
            if drawn:
                raise UserError(
                    self.env._(
                        "The sample of spot check %(check)s is drawn: reset it to draft to change "
                        "how it is drawn.",
                        check=drawn[0].name,
                    )
                )
        result = super().write(vals)
        if "inspector_ids" in vals:
            # the inspectors' record rules read the checks: their cached domains are stale
            self.env.registry.clear_cache()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda check: check.state != "draft"):
            raise UserError(self.env._("Only draft spot checks can be deleted."))

    # -- actions ---------------------------------------------------------------

    def action_draw(self):
        """Draw the sample (with a new seed, recorded) and list the goals to verify."""
        for check in self:
            check._workflow_move("drawn", vals={"seed": sampling.new_seed()})
        return True

    def action_reset(self):
        """Back to draft: the sample is dropped, to be drawn again."""
        return self._workflow_move(
            "draft", vals={"seed": 0, "drawn_by_id": False, "drawn_on": False}
        )

    def action_start(self):
        """The inspectors verify the sample from now on."""
        return self._workflow_move("in_progress")

    def action_close(self):
        """Every sampled goal has its finding: the check is closed."""
        return self._workflow_move("done")

    def action_reopen(self):
        """Reopen a closed check to change its findings."""
        return self._workflow_move("in_progress")

    def action_view_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_spot_check_item_action"
        )
        action["domain"] = [("spot_check_id", "=", self.id)]
        return action

    # -- workflow hooks --------------------------------------------------------

    def _workflow_after_drawn(self):
        """Create the items of the sample drawn with the recorded seed."""
        Item = self.env["target.spot.check.item"].sudo()
        vals_list = []
        for check in self.sudo():
            goals = check._sample()
            if not goals:
                raise UserError(
                    self.env._(
                        "Spot check %(check)s: no goal matches how it is drawn.", check=check.name
                    )
                )
            vals_list += [
                {
                    "spot_check_id": check.id,
                    "goal_id": goal.id,
                    "reported_value": goal.actual_value,
                    "light": goal.light,
                }
                for goal in goals
            ]
        Item.create(vals_list)
        self.sudo()._check_recusal()
        self.env.registry.clear_cache()

    def _workflow_precheck_drawn(self):
        """The draw has what its method needs."""
        for check in self.sudo():
            if check.method == sampling.MANUAL and not check.manual_goal_ids:
                raise UserError(
                    self.env._("Spot check %(check)s: choose the goals to check.", check=check.name)
                )
            if check.method != sampling.MANUAL and check.sample_size <= 0:
                raise UserError(
                    self.env._(
                        "Spot check %(check)s: give the number of goals to draw.", check=check.name
                    )
                )
            if check.method == sampling.CATEGORY and not check.category_ids:
                raise UserError(
                    self.env._(
                        "Spot check %(check)s: choose the unit categories to draw from.",
                        check=check.name,
                    )
                )

    def _workflow_after_draft(self):
        self.sudo().item_ids.unlink()
        self.env.registry.clear_cache()

    def _workflow_precheck_in_progress(self):
        """A check starts with its inspectors; it reopens only while its cycle is open."""
        for check in self.sudo():
            if check.state == "drawn" and not check.inspector_ids:
                raise UserError(
                    self.env._("Spot check %(check)s needs its inspectors first.", check=check.name)
                )

    def _workflow_precheck_done(self):
        """Every sampled goal has a finding."""
        for check in self.sudo():
            pending = check.item_ids.filtered(lambda item: item.result == "pending")
            if pending:
                raise UserError(
                    self.env._(
                        "Spot check %(check)s: %(count)s sampled goals have no finding yet "
                        "(first: %(goal)s).",
                        check=check.name,
                        count=len(pending),
                        goal=pending[0].goal_id.display_name,
                    )
                )

    # -- helpers ---------------------------------------------------------------

    def _sample(self):
        """The goals drawn by this check's method, size and recorded seed."""
        self.ensure_one()
        domain = [
            ("cycle_id", "=", self.cycle_id.id),
            ("state", "=", "approved"),
            ("unit_id.is_assessed", "=", True),
        ]
        if self.unit_ids:
            domain.append(("unit_id", "child_of", self.unit_ids.ids))
        goals = self.env["target.goal"].search_fetch(domain, ["unit_id", "light"])
        outside = self.manual_goal_ids - goals if self.method == sampling.MANUAL else goals.browse()
        if outside:
            raise UserError(
                self.env._(
                    "Spot check %(check)s: %(goal)s is not an approved goal of the cycle "
                    "within the units checked.",
                    check=self.name,
                    goal=outside[0].display_name,
                )
            )
        candidates = [
            sampling.Candidate(
                key=goal.id,
                unit=goal.unit_id.id,
                category=goal.unit_id.category_id.id,
                light=goal.light or "none",
            )
            for goal in goals
        ]
        try:
            keys = sampling.draw(
                candidates,
                self.method,
                self.sample_size,
                self.seed,
                categories=self.category_ids.ids,
                keys=self.manual_goal_ids.ids,
            )
        except ValueError as error:
            raise UserError(
                self.env._("Spot check %(check)s: %(error)s", check=self.name, error=error)
            ) from error
        return self.env["target.goal"].browse(keys)

    @api.model
    def _goals_checked_by(self, user):
        """The goals ``user`` verifies: sampled by their checks, minus any of a unit they
        belong to (called by the inspectors' record rules, as superuser)."""
        items = (
            self.env["target.spot.check.item"]
            .sudo()
            .search([("spot_check_id.inspector_ids", "in", user.id)])
        )
        return items.filtered(lambda item: not user._target_conflict(item.unit_id)).goal_id

    def _workflow_role_error(self, role, to, field=None):
        self.ensure_one()
        return self.env._(
            "Only the assessment office draws, starts and closes spot checks (%(check)s).",
            check=self.sudo().name,
        )
