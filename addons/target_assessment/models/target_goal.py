from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..engine import cooperation
from ..engine.rollup import aggregate
from ..tools import numbers
from ..tools.form_rows import prefetch_names, prefetch_rows
from .target_sequence_mixin import NEW_NUMBER

GOAL_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("cancelled", "Cancelled"),
]

# A letter's goals are edited while it is a draft or returned to the unit.
EDITABLE_PLAN_STATES = (False, "draft", "returned")

# What a responsibility letter fixes: changed only while the plan is a draft,
# afterwards only by an approved adjustment (context key target_apply_adjustment).
LOCKED_FIELDS = {
    "name",
    "cycle_id",
    "unit_id",
    "employee_id",
    "indicator_id",
    "section_id",
    "target_value",
    "baseline_value",
    "points",
    "difficulty",
    "deadline",
    "parent_id",
}
# What an approved adjustment changes on a goal (its lines' new values, or the
# cancellation); the rest, the difficulty coefficient included, is the scheme's and
# the letter's and never moves through an adjustment.
ADJUSTABLE_FIELDS = {"target_value", "points", "deadline", "state"}


class TargetGoal(models.Model):
    """A target (目标任务): cycle × unit (× person) × indicator, with value and points.

    Goals form decomposition trees: 纵向到底 (city → county → township →
    person) and 横向到边 (city → lead department → section → person). A child
    belongs to the parent's unit subtree (or is a person-level goal of the
    parent's unit) and to the same cycle. For additive indicators the
    children's targets must cover the parent's within the cycle's tolerance;
    parents roll their children's actuals up by the indicator's aggregation.

    Access: unit users and leaders read the goals of their units' subtrees and
    edit them only while the plan is a draft; assessors read the goals of the
    indicators their unit owns; leaders and HR read all; the office edits all.
    Target-defining fields are frozen once the plan leaves draft, for every
    role, except through an approved adjustment. The state follows the letter
    (approved with it) and the adjustments (cancelled by one): nobody moves it
    by hand (the kernel's table names no user role).
    """

    _name = "target.goal"
    _description = "Goal"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
        "target.sequence.mixin",
    ]
    _sequence_field = "ref"
    _sequence_code = "target.goal"
    _belongs_fields = ("unit_id", "cycle_id", "plan_id", "parent_id", "employee_id")
    _number_depends = ("indicator_id", "section_id", "cycle_id", "unit_id")
    _number_date_fields = ("deadline",)
    _parent_store = True
    # the cycles' order (newest first) from a stored column: a page of the goal list is
    # read from _order_index, not sorted after a join with the cycles
    _order = "cycle_start desc, parent_path, sequence, id"

    _order_index = models.Index("(cycle_start DESC, parent_path, sequence, id)")

    _workflow_transitions = {
        ("draft", "approved"): "letter",
        ("draft", "cancelled"): "letter",
        ("approved", "cancelled"): "letter",
    }

    name = fields.Char("Description", required=True, tracking=True)
    ref = fields.Char(
        "Goal number",
        required=True,
        copy=False,
        default=NEW_NUMBER,
        help="Unique in the cycle; decomposition sheets refer to parents by it.",
    )
    sequence = fields.Integer(default=10)
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    cycle_start = fields.Date(related="cycle_id.date_start", store=True, string="Cycle start")
    unit_id = fields.Many2one("target.unit", required=True, index=True, ondelete="restrict")
    employee_id = fields.Many2one(
        "hr.employee", "Person", index="btree_not_null", help="Set for a person-level goal."
    )
    plan_id = fields.Many2one("target.plan", readonly=True, index=True, ondelete="restrict")
    indicator_id = fields.Many2one(
        "target.indicator", required=True, index=True, ondelete="restrict", tracking=True
    )
    section_id = fields.Many2one(
        "target.scheme.section",
        "Section",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id), ('kind', '=', 'goals')]",
    )
    state = fields.Selection(
        GOAL_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    locked = fields.Boolean(
        compute="_compute_locked", help="The letter left draft: change through an adjustment."
    )

    uom = fields.Char(related="indicator_id.uom")
    decimals = fields.Integer(related="indicator_id.decimals")
    direction = fields.Selection(related="indicator_id.direction")
    additive = fields.Boolean(related="indicator_id.additive")
    assessor_unit_id = fields.Many2one(related="indicator_id.assessor_unit_id", store=True)
    target_value = fields.Float("Target", tracking=True, digits=(16, 4), aggregator=None)
    baseline_value = fields.Float(
        "Baseline", digits=(16, 4), aggregator=None, help="Last year's actual."
    )
    previous_goal_id = fields.Many2one(
        "target.goal",
        "Last year's goal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The goal of the previous year this one was drafted from.",
    )
    points = fields.Float(required=True, default=0.0, tracking=True)
    difficulty = fields.Float(
        "Difficulty coefficient",
        default=1.0,
        required=True,
        digits=(16, 2),
        tracking=True,
        help="When the scheme weighs goals by difficulty, the goal's score counts times this "
        "coefficient (任务较重: above 1).",
    )
    # stored: the goal form reads them without reading the scheme (a query less)
    difficulty_basis = fields.Selection(related="section_id.scheme_id.difficulty_basis", store=True)
    deadline = fields.Date(help="Completion deadline; the cycle's end when empty.")
    milestone_ids = fields.One2many("target.goal.milestone", "goal_id", "Milestones", copy=True)

    responsible_leader_id = fields.Many2one("hr.employee", "Leader in charge")
    responsible_employee_id = fields.Many2one("hr.employee", "Responsible person")
    lead_unit_id = fields.Many2one(
        "target.unit",
        "Lead unit",
        help="牵头单位: the department that leads the work when the goal belongs to a level's "
        "government (a city goal led by its development commission); otherwise the goal's unit.",
    )
    cooperation_ids = fields.One2many(
        "target.goal.cooperation", "goal_id", "Cooperation", copy=True
    )
    cooperating_unit_ids = fields.Many2many(
        "target.unit",
        string="Cooperating units",
        compute="_compute_cooperation",
        search="_search_cooperating_unit_ids",
        help="配合单位: the units that carry a share of the goal's work.",
    )
    involved_unit_ids = fields.Many2many(
        "target.unit",
        string="Units involved",
        compute="_compute_involved_unit_ids",
        search="_search_involved_unit_ids",
        help="The goal's unit and its cooperating units.",
    )
    lead_share = fields.Float(
        "Lead's share of the work (%)",
        compute="_compute_lead_share",
        store=True,
        digits=(16, 2),
        help="What the cooperating units do not carry.",
    )
    cooperation_points = fields.Boolean(
        related="section_id.scheme_id.cooperation_points", store=True
    )

    parent_id = fields.Many2one("target.goal", "Parent goal", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("target.goal", "parent_id", "Decomposed into")
    child_count = fields.Integer(compute="_compute_child_count")

    decomposed_value = fields.Float(
        compute="_compute_coverage",
        store=True,
        digits=(16, 4),
        aggregator=None,
        help="Sum of the children's targets.",
    )
    decomposition_gap = fields.Float(
        "Gap",
        compute="_compute_coverage",
        store=True,
        digits=(16, 4),
        aggregator=None,
        help="How far the children's targets fall short of this goal (0 when covered).",
    )
    is_covered = fields.Boolean(
        "Covered",
        compute="_compute_coverage",
        store=True,
        help="Additive goals: the children's targets cover this one within the tolerance.",
    )

    own_actual = fields.Float(
        "Reported actual",
        digits=(16, 4),
        aggregator=None,
        tracking=True,
        help="Last accepted progress value.",
    )
    own_actual_set = fields.Boolean("Actual reported")
    actual_value = fields.Float(
        "Actual",
        compute="_compute_actual",
        store=True,
        recursive=True,
        digits=(16, 4),
        aggregator=None,
        help="Own reported value, or the roll-up of the children's by the indicator's aggregation.",
    )
    has_actual = fields.Boolean(compute="_compute_actual", store=True, recursive=True)
    completion = fields.Float(
        "Completion (%)",
        compute="_compute_completion",
        store=True,
        aggregator="avg",
        help="Actual against target, by the indicator's direction.",
    )

    _ref_unique = models.Constraint(
        "UNIQUE(cycle_id, ref)", "The goal number must be unique in the cycle."
    )
    _goal_unique = models.UniqueIndex(
        "(cycle_id, unit_id, indicator_id, COALESCE(employee_id, 0), name)",
        "The unit (or person) already has this goal for this indicator in the cycle.",
    )
    _points_check = models.Constraint("CHECK(points >= 0)", "Points cannot be negative.")

    # -- constraints -----------------------------------------------------------

    @api.constrains("parent_id")
    def _check_parent_tree(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A goal cannot be decomposed into itself."))

    @api.constrains("parent_id", "cycle_id", "unit_id", "employee_id")
    def _check_decomposition(self):
        for goal in self.filtered("parent_id"):
            parent = goal.parent_id
            if goal.cycle_id != parent.cycle_id:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s: its parent %(parent)s belongs to another cycle.",
                        goal=goal.ref,
                        parent=parent.ref,
                    )
                )
            same_unit_person = goal.unit_id == parent.unit_id and goal.employee_id
            below = goal.unit_id != parent.unit_id and goal.unit_id.parent_path.startswith(
                parent.unit_id.parent_path
            )
            if not (same_unit_person or below):
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s: a decomposed goal belongs to a unit below %(unit)s "
                        "or to a person of it, not to %(child_unit)s.",
                        goal=goal.ref,
                        unit=parent.unit_id.complete_name,
                        child_unit=goal.unit_id.complete_name,
                    )
                )

    @api.constrains("cycle_id", "unit_id")
    def _check_organizer(self):
        # a level assesses its own units' subtree (the organising unit and below)
        for goal in self:
            organizer = goal.cycle_id.organizer_unit_id
            if organizer and not goal.unit_id.parent_path.startswith(organizer.parent_path):
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s: cycle %(cycle)s is organised by %(organizer)s, which "
                        "does not assess %(unit)s.",
                        goal=goal.ref,
                        cycle=goal.cycle_id.name,
                        organizer=organizer.complete_name,
                        unit=goal.unit_id.complete_name,
                    )
                )

    @api.constrains("indicator_id", "cycle_id")
    def _check_indicator_in_library(self):
        # a cycle whose library the leading group approved takes its indicators from it
        libraries = self.env["target.indicator.library"]._applied_of(self.cycle_id)
        for goal in self:
            library = libraries.get(goal.cycle_id)
            if library and goal.indicator_id not in library.indicator_ids:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s (%(name)s, %(unit)s): indicator %(indicator)s is not in "
                        "%(library)s, the approved indicator library of cycle %(cycle)s; pick "
                        "one of its indicators (another one is added only by reopening the "
                        "library).",
                        goal=goal.ref,
                        name=goal.name,
                        unit=goal.unit_id.complete_name,
                        indicator=goal.indicator_id.display_name,
                        library=library.display_name,
                        cycle=goal.cycle_id.name,
                    )
                )

    @api.constrains("indicator_id", "cycle_id")
    def _check_indicator_level(self):
        # a level's own indicators serve its cycles and those below it, never another level's
        for goal in self.sudo().filtered("indicator_id.owner_unit_id"):
            organizer = goal.cycle_id.organizer_unit_id
            if goal.indicator_id._foreign_to(organizer):
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s (%(name)s): indicator %(indicator)s is one of "
                        "%(owner)s's own; cycle %(cycle)s, organised by %(organizer)s, takes "
                        "the city's indicators and those of its own level and the levels "
                        "above it.",
                        goal=goal.ref,
                        name=goal.name,
                        indicator=goal.indicator_id.display_name,
                        owner=goal.indicator_id.owner_unit_id.complete_name,
                        cycle=goal.cycle_id.name,
                        organizer=organizer.complete_name or self.env._("the top level"),
                    )
                )

    @api.constrains("unit_id", "lead_unit_id")
    def _check_cooperation_lead(self):
        # the lead moved onto one of its cooperating units
        self.cooperation_ids._check_unit()

    @api.constrains("section_id", "cycle_id", "unit_id")
    def _check_section(self):
        for goal in self.filtered("section_id"):
            scheme = goal.section_id.scheme_id
            if scheme.cycle_id != goal.cycle_id or scheme.category_id != goal.unit_id.category_id:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s: section %(section)s is not part of the scheme of "
                        "%(unit)s in this cycle.",
                        goal=goal.ref,
                        section=goal.section_id.name,
                        unit=goal.unit_id.name,
                    )
                )

    def _number_limits(self):
        ceilings = self._points_ceiling()
        limits = {}
        for goal in self:
            indicator = goal.indicator_id
            values = numbers.value_limits(indicator.scoring_method, indicator.uom)
            limits[goal] = {
                "target_value": numbers.target_limits(
                    indicator.scoring_method, indicator.direction, indicator.uom
                ),
                "baseline_value": values,
                "own_actual": values,
                "points": numbers.points_limits(ceilings[goal]),
                "difficulty": numbers.DIFFICULTY,
            }
        return limits

    def _number_dates(self):
        return {
            goal: {"deadline": (goal.cycle_id.date_start, goal.cycle_id.date_end)} for goal in self
        }

    # -- computes --------------------------------------------------------------

    @api.depends("child_ids")
    def _compute_child_count(self):
        # from the sub-goals the form reads anyway (its decomposition tab): no query of its own
        for goal in self:
            goal.child_count = len(goal.child_ids)

    @api.depends("state", "plan_id.state")
    def _compute_locked(self):
        for goal in self:
            goal.locked = goal.state != "draft" or goal.plan_id.state not in EDITABLE_PLAN_STATES

    def _points_ceiling(self, section=True):
        """{goal: the most points it may carry}: its section's weight, else its scheme's total.

        With ``section=False``, the scheme's total alone (what a deduction may take).
        """
        schemes = (
            self.env["target.scheme"]
            .sudo()
            .search_fetch(
                [("cycle_id", "in", self.cycle_id.ids)], ["cycle_id", "category_id", "total_score"]
            )
        )
        totals = {(s.cycle_id.id, s.category_id.id): s.total_score for s in schemes}
        return {
            goal: (section and goal.section_id.weight)
            or totals.get((goal.cycle_id.id, goal.unit_id.category_id.id))
            for goal in self
        }

    def _decomposition_children(self):
        """Children that count for coverage and roll-up: same indicator, not cancelled."""
        self.ensure_one()
        return self.child_ids.filtered(
            lambda c: c.indicator_id == self.indicator_id and c.state != "cancelled"
        )

    @api.depends(
        "target_value",
        "indicator_id.additive",
        "indicator_id.direction",
        "cycle_id.coverage_tolerance",
        "child_ids.target_value",
        "child_ids.state",
        "child_ids.indicator_id",
    )
    def _compute_coverage(self):
        for goal in self:
            children = goal._decomposition_children()
            goal.decomposed_value = sum(children.mapped("target_value"))
            if not (goal.indicator_id.additive and children):
                goal.decomposition_gap = 0.0
                goal.is_covered = True
                continue
            tolerance = goal.cycle_id.coverage_tolerance / 100.0
            if goal.indicator_id.direction == "lower":
                # a ceiling (energy use, emissions): the children's shares stay under it
                limit = goal.target_value * (1 + tolerance)
                gap = goal.decomposed_value - goal.target_value
                covered = float_compare(goal.decomposed_value, limit, precision_digits=6) <= 0
            else:
                limit = goal.target_value * (1 - tolerance)
                gap = goal.target_value - goal.decomposed_value
                covered = float_compare(goal.decomposed_value, limit, precision_digits=6) >= 0
            goal.decomposition_gap = max(gap, 0.0)
            goal.is_covered = covered

    @api.depends("cooperation_ids.unit_id")
    def _compute_cooperation(self):
        for goal in self:
            goal.cooperating_unit_ids = goal.cooperation_ids.unit_id

    @api.depends("cooperation_ids.work_share")
    def _compute_lead_share(self):
        # stored: progress reports measure the lead's part without reading the lines
        for goal in self:
            goal.lead_share = cooperation.lead_share(goal.cooperation_ids.mapped("work_share"))

    def _search_cooperating_unit_ids(self, operator, value):
        return [("cooperation_ids.unit_id", operator, value)]

    @api.depends("unit_id", "cooperation_ids.unit_id")
    def _compute_involved_unit_ids(self):
        for goal in self:
            goal.involved_unit_ids = goal.unit_id | goal.cooperation_ids.unit_id

    def _search_involved_unit_ids(self, operator, value):
        # the goals of the units and those they cooperate on: the OR of "unit_id in …" and
        # "cooperation_ids any …" (a unit user's record rules) made the planner walk every
        # goal of the city in the list's order until a page passed
        Cooperation = self.env["target.goal.cooperation"]
        return self.env["target.unit"]._involved_domain(
            operator,
            value,
            "SELECT id FROM target_goal WHERE unit_id IN %(units)s"
            " UNION SELECT goal_id FROM target_goal_cooperation WHERE unit_id IN %(units)s",
            [
                self._fields["unit_id"],
                Cooperation._fields["unit_id"],
                Cooperation._fields["goal_id"],
            ],
        )

    @api.depends(
        "own_actual",
        "own_actual_set",
        "target_value",
        "indicator_id.aggregation",
        "indicator_id.additive",
        "indicator_id.direction",
        "child_ids.actual_value",
        "child_ids.has_actual",
        "child_ids.state",
        "cooperation_ids.work_share",
        "cooperation_ids.own_actual",
        "cooperation_ids.own_actual_set",
    )
    def _compute_actual(self):
        for goal in self:
            children = goal._decomposition_children()
            how = goal.indicator_id.aggregation
            rolled = None
            if children and how != "none":
                rolled = aggregate(
                    [c.actual_value if c.has_actual else None for c in children], how
                )
            elif goal.cooperation_ids:
                rolled = goal._cooperation_actual()
            if rolled is not None:
                goal.actual_value, goal.has_actual = rolled, True
            else:
                goal.actual_value = goal.own_actual if goal.own_actual_set else 0.0
                goal.has_actual = goal.own_actual_set

    def _cooperation_parts(self):
        """The parts of a shared goal (engine.cooperation.Part): the lead's first."""
        self.ensure_one()
        lines = self.cooperation_ids
        return [
            cooperation.Part(self.lead_share, self.own_actual if self.own_actual_set else None),
            *(
                cooperation.Part(line.work_share, line.own_actual if line.own_actual_set else None)
                for line in lines
            ),
        ]

    def _part_target(self, cooperation_line=None):
        """The target of a part of the goal: a cooperating unit's (``cooperation_line``), else
        the lead's (the goal's own target when it shares no work)."""
        self.ensure_one()
        if cooperation_line:
            return cooperation_line.target_value
        if self.lead_share < cooperation.FULL:
            return cooperation.part_target(
                self.target_value, self.lead_share, self.indicator_id.additive
            )
        return self.target_value

    def _cooperation_actual(self):
        """The actual a shared goal's parts roll up to (None while none is reported)."""
        self.ensure_one()
        actual, _ratio = cooperation.rollup(
            self.target_value,
            self._cooperation_parts(),
            self.indicator_id.additive,
            self.indicator_id.direction == "lower",
        )
        return actual

    @api.depends(
        "actual_value",
        "has_actual",
        "target_value",
        "indicator_id.direction",
        "indicator_id.scoring_method",
        "milestone_ids.share",
        "milestone_ids.done",
    )
    def _compute_completion(self):
        # as the goal's score reads it: a binary goal done is 100 %, a project at
        # half of its milestones 50 % (engine/cooperation.goal_completion)
        for goal in self:
            ratio = cooperation.goal_completion(
                goal.indicator_id.scoring_method,
                goal.target_value,
                goal.actual_value if goal.has_actual else None,
                goal.indicator_id.direction == "lower",
                [(m.share, m.done) for m in goal.milestone_ids],
            )
            goal.completion = 100.0 * (ratio or 0.0)

    def _completion_ratio(self, actual):
        """Completion of ``actual`` against the target, by direction (1.0 = target met)."""
        self.ensure_one()
        return cooperation.completion(
            self.target_value, actual, self.indicator_id.direction == "lower"
        )

    def web_read(self, specification):
        # the form's tabs (cooperation, milestones, decomposition, progress): one query each;
        # the names of its indicator, cycle, units, section, people, period: one query
        prefetch_rows(self, specification)
        prefetch_names(self, specification)
        return super().web_read(specification)

    @api.depends("name", "cycle_id.year")
    def _compute_display_name(self):
        # the year tells this year's goal from last year's of the same name in every picker
        for goal in self:
            goal.display_name = (
                self.env._("%(name)s (%(year)s)", name=goal.name, year=goal.cycle_id.year)
                if goal.cycle_id
                else goal.name
            )

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        goals._attach_plans()
        if not self.env.su:
            # a goal joins a letter that is signed through an adjustment only
            goals._belongs_ensure_open(["plan_id"])
        return goals

    def write(self, vals):
        # the context key counts only in trusted code (sudo): the client sets the context
        applying = self.env.su and self.env.context.get("target_apply_adjustment")
        if applying and set(vals) - ADJUSTABLE_FIELDS:
            raise UserError(
                self.env._(
                    "An adjustment changes the target value, points and deadline of goal "
                    "%(goal)s, not %(fields)s.",
                    goal=self[:1].ref,
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in set(vals) - ADJUSTABLE_FIELDS
                            if name in self._fields
                        )
                    ),
                )
            )
        if LOCKED_FIELDS.intersection(vals) and not applying:
            frozen = self.filtered(lambda g: g.plan_id.state not in EDITABLE_PLAN_STATES)
            if frozen:
                raise UserError(
                    self.env._(
                        "Goal %(goal)s belongs to a plan that is no longer a draft; "
                        "change it through an adjustment request.",
                        goal=frozen[0].ref,
                    )
                )
        result = super().write(vals)
        if {"cycle_id", "unit_id"}.intersection(vals):
            self._attach_plans()
            if not self.env.su:
                # moved into a letter that is no longer a draft: refused
                self._belongs_ensure_open(["cycle_id", "unit_id"])
        return result

    def _belongs_open(self):
        """A goal's unit, cycle, letter and parent change while it can be edited."""
        return self.filtered(lambda goal: not goal.sudo().locked)

    def _workflow_role_letter(self):
        """Nobody: the letter's approval and the adjustments move goals (as superuser)."""
        return self.browse()

    def _workflow_role_description(self, role):
        return self.env._("the approval of its letter or of an adjustment")

    def _attach_plans(self):
        """Put every goal in the plan of its (cycle, unit), creating missing plans."""
        Plan = self.env["target.plan"].sudo()
        by_key = defaultdict(self.browse)
        for goal in self:
            by_key[goal.cycle_id.id, goal.unit_id.id] |= goal
        plans = Plan.search(
            [
                ("cycle_id", "in", list({cycle for cycle, _unit in by_key})),
                ("unit_id", "in", list({unit for _cycle, unit in by_key})),
            ]
        )
        plan_of = {(p.cycle_id.id, p.unit_id.id): p for p in plans}
        missing = [key for key in by_key if key not in plan_of]
        for plan in Plan.create([{"cycle_id": c, "unit_id": u} for c, u in missing]):
            plan_of[plan.cycle_id.id, plan.unit_id.id] = plan
        for key, goals in by_key.items():
            goals = goals.filtered(lambda g, plan=plan_of[key]: g.plan_id != plan)
            if goals:
                goals.sudo().write({"plan_id": plan_of[key].id})

    # -- actions ---------------------------------------------------------------

    def action_open_decompose_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decompose %(goal)s", goal=self.name),
            "res_model": "target.goal.decompose.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_parent_id": self.id},
        }

    def action_view_children(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_goal_action"
        )
        action["domain"] = [("parent_id", "=", self.id)]
        action["context"] = {"default_parent_id": self.id, "default_cycle_id": self.cycle_id.id}
        return action

    def action_open_plan(self):
        """The goal's target plan (目标计划), from the form's button."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "target.plan",
            "res_id": self.plan_id.id,
            "view_mode": "form",
        }

    def _uncovered(self):
        """The additive goals among these whose children do not cover them."""
        return self.filtered(lambda g: g.additive and not g.is_covered and g.state != "cancelled")

    # -- Monitoring: progress reports, expected progress, lights ---------------
    # Reports are target.progress; the arithmetic is engine/monitoring.py. The
    # light moves with the date: the scheduled jobs recompute it every day.

    progress_ids = fields.One2many("target.progress", "goal_id", "Progress reports")
    light = fields.Selection(
        [("green", "Green"), ("yellow", "Yellow"), ("red", "Red"), ("none", "No data")],
        compute="_compute_light",
        store=True,
        index=True,
        help="Actual against expected at the latest reporting point, by the cycle's thresholds: "
        "green from the green share on, yellow from the yellow share, else red.",
    )
    light_period_id = fields.Many2one(
        "target.period",
        "Light as of",
        compute="_compute_light",
        store=True,
        help="The latest period that has ended or whose report was accepted.",
    )
    light_date = fields.Date(
        "Light computed on", compute="_compute_light", store=True, help="Day of the computation."
    )
    expected_value = fields.Float(
        "Expected",
        compute="_compute_light",
        store=True,
        digits=(16, 4),
        aggregator=None,
        help="What the goal should have reached by the end of the period of the light "
        "(by today before the first period ends): from its milestones, else pro rata of the "
        "elapsed time; a lower-is-better target holds at any time.",
    )
    last_progress_date = fields.Date(
        "Reported until",
        compute="_compute_last_progress_date",
        store=True,
        help="End of the latest period with an accepted progress report.",
    )
    is_overdue = fields.Boolean(
        "Report overdue",
        compute="_compute_is_overdue",
        store=True,
        help="A progress report of the goal is past its due date.",
    )
    warned_period_id = fields.Many2one(
        "target.period",
        "Warned for",
        readonly=True,
        copy=False,
        help="The period of the last red-light warning sent for the goal.",
    )
    warning_due = fields.Boolean(
        compute="_compute_warning_due",
        store=True,
        help="Red, and not yet warned for the period of the light.",
    )

    @api.depends(
        "state",
        "actual_value",
        "has_actual",
        "target_value",
        "deadline",
        "indicator_id.direction",
        "milestone_ids.date",
        "milestone_ids.expected_value",
        "cycle_id.date_start",
        "cycle_id.date_end",
        "cycle_id.light_green",
        "cycle_id.light_yellow",
        "cycle_id.period_ids.date_end",
        "progress_ids.state",
        "progress_ids.period_id",
    )
    def _compute_light(self):
        Progress = self.env["target.progress"]
        today = fields.Date.context_today(self)
        for goal in self:
            period = Progress._light_period(goal, today)
            goal.light_date = today
            goal.light_period_id = period
            goal.expected_value = Progress._expected_on(goal, period.date_end or today)
            if goal.state != "approved" or not goal.has_actual or not period:
                goal.light = "none"
            else:
                goal.light = Progress._light_for(goal, goal.actual_value, goal.expected_value)

    @api.depends("progress_ids.state", "progress_ids.period_end")
    def _compute_last_progress_date(self):
        for goal in self:
            accepted = goal.progress_ids.filtered(lambda p: p.state == "accepted")
            goal.last_progress_date = max(accepted.mapped("period_end"), default=False)

    @api.depends("progress_ids.is_overdue")
    def _compute_is_overdue(self):
        for goal in self:
            goal.is_overdue = any(goal.progress_ids.mapped("is_overdue"))

    @api.depends("light", "light_period_id", "warned_period_id")
    def _compute_warning_due(self):
        for goal in self:
            goal.warning_due = bool(
                goal.light == "red"
                and goal.light_period_id
                and goal.warned_period_id != goal.light_period_id
            )

    def action_view_progress(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_progress_action"
        )
        action["domain"] = [("goal_id", "=", self.id)]
        action["context"] = {"default_goal_id": self.id}
        return action

    def _reports_itself(self):
        """Whether the goal reports its own progress (not rolled up from sub-goals)."""
        self.ensure_one()
        return self.indicator_id.aggregation == "none" or not self._decomposition_children()

    def _warning_summary(self):
        self.ensure_one()
        return self.env._(
            "Early warning: %(goal)s is red (%(period)s)",
            goal=self.ref,
            period=self.light_period_id.name or "",
        )

    def _warning_text(self):
        self.ensure_one()
        return self.env._(
            "%(unit)s, %(goal)s: actual %(actual)s against %(expected)s expected by the end of "
            "%(period)s (target %(target)s %(uom)s).",
            unit=self.unit_id.complete_name,
            goal=self.name,
            actual=round(self.actual_value, 4),
            expected=round(self.expected_value, 4),
            period=self.light_period_id.name or "",
            target=round(self.target_value, 4),
            uom=self.uom or "",
        )
