from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import engine
from ..engine.personnel import Member, suggest_grades
from ..scoring.reader import INDICATOR_FIELDS, CycleReader
from .target_personnel_policy import PERSONAL_GRADE_SELECTION
from .target_scheme import GRADES
from .target_unit_leader import LEADER_ROLES

SUGGESTION_RULES = [
    ("unit", "Unit grade"),
    ("veto", "Veto of the unit"),
    ("quota", "Excellent quota"),
]
HR_GROUP = "target_assessment.group_hr"
# What HR decides; everything else is made at publication.
HR_FIELDS = frozenset({"final_grade", "final_reason", "hr_notes"})
# The unit's published result, copied from its year-end evaluation.
UNIT_FIELDS = (
    "evaluation_id",
    "category_id",
    "unit_score",
    "unit_rank",
    "unit_grade",
    "unit_vetoed",
)
# Publication writes a whole cycle at once: no chatter per record.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class TargetPersonnelResult(models.Model):
    """A leader's result of a cycle (干部考核结果): employee × cycle × unit × role.

    Made when the cycle is published, for every member of the leadership
    team of every unit with a year-end evaluation: the unit's score, rank,
    grade and veto, the score of the person's own person-level goals, and a
    suggested appraisal grade by the cycle's rules (target.personnel.policy).
    Publishing again (after an appeal and a reopening) updates the results in
    place: HR's final grade stays, the suggestion is recomputed and a changed
    suggestion is flagged for HR. HR sets the final grade, with a reason when
    it differs from the suggestion.

    Access: HR reads all and writes the final grade, its reason and the HR
    notes (fields only HR sees); leaders read all but the HR fields; any user
    reads the results of the people below them in the employees' manager
    chain (their HR fields excepted); nobody else reads any.
    """

    _name = "target.personnel.result"
    _description = "Personnel Assessment Result"
    _inherit = ["mail.thread", "target.manager.chain.mixin", "target.cycle.freeze.mixin"]
    _freeze_phases = ("closed",)
    # by the cycle's own order: the latest cycle first
    _order = "cycle_id, unit_id, role, employee_id"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, readonly=True, index=True, ondelete="restrict"
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, ondelete="restrict"
    )
    unit_id = fields.Many2one(
        "target.unit", required=True, readonly=True, index=True, ondelete="restrict"
    )
    role = fields.Selection(LEADER_ROLES, required=True, readonly=True)
    title = fields.Char(readonly=True)
    category_id = fields.Many2one(
        "target.unit.category", "Unit category", readonly=True, index=True
    )
    evaluation_id = fields.Many2one(
        "target.evaluation", "Year-end evaluation", readonly=True, ondelete="set null"
    )
    unit_score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    unit_rank = fields.Integer(readonly=True, aggregator=None)
    unit_grade = fields.Selection(GRADES, readonly=True)
    unit_vetoed = fields.Boolean("Unit vetoed", readonly=True)
    own_score = fields.Float(
        "Own goals: score",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Score of the person's own person-level goals of the cycle.",
    )
    own_points = fields.Float(
        "Own goals: points",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Points the person's own person-level goals of the cycle are worth.",
    )
    own_goal_count = fields.Integer("Own goals", readonly=True, aggregator="sum")
    suggested_grade = fields.Selection(PERSONAL_GRADE_SELECTION, readonly=True, tracking=True)
    suggestion_rule = fields.Selection(
        SUGGESTION_RULES, "Suggested by", readonly=True, help="Which rule decided the suggestion."
    )
    previous_suggested_grade = fields.Selection(
        PERSONAL_GRADE_SELECTION, "Suggested before", readonly=True
    )
    suggestion_changed = fields.Boolean(
        readonly=True,
        help="A re-publication changed the suggested grade: HR reviews the final grade.",
    )
    published_on = fields.Datetime(readonly=True)

    # HR only (组织部): hidden from and unreadable by every other role
    final_grade = fields.Selection(PERSONAL_GRADE_SELECTION, groups=HR_GROUP, tracking=True)
    final_reason = fields.Text(
        "Reason for the final grade",
        groups=HR_GROUP,
        tracking=True,
        help="Required when the final grade differs from the suggested one.",
    )
    hr_notes = fields.Text("HR notes", groups=HR_GROUP)
    grade = fields.Selection(
        PERSONAL_GRADE_SELECTION,
        "Appraisal grade",
        compute="_compute_grade",
        store=True,
        groups=HR_GROUP,
        help="The final grade, else the suggested one.",
    )

    incentive_ids = fields.Many2many(
        "target.incentive", compute="_compute_incentives", string="Reward and penalty decisions"
    )
    incentive_summary = fields.Char("Rewards and penalties", compute="_compute_incentives")

    _result_unique = models.Constraint(
        "UNIQUE(employee_id, cycle_id, unit_id, role)",
        "A person has one result per cycle, unit and role.",
    )

    @api.constrains("final_grade", "final_reason")
    def _check_final_reason(self):
        for result in self:
            result._ensure_reason()

    @api.depends("employee_id.name", "cycle_id.name", "unit_id.name")
    def _compute_name(self):
        for result in self:
            result.name = self.env._(
                "%(employee)s – %(cycle)s – %(unit)s",
                employee=result.employee_id.name or "",
                cycle=result.cycle_id.name or "",
                unit=result.unit_id.name or "",
            )

    @api.depends("final_grade", "suggested_grade")
    def _compute_grade(self):
        for result in self:
            result.grade = result.final_grade or result.suggested_grade

    def _compute_incentives(self):
        # the user's own access rules apply: HR and leaders see all, managers their people's
        incentives = self.env["target.incentive"].search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("cycle_id", "in", self.cycle_id.ids),
                ("state", "!=", "cancelled"),
            ]
        )
        grouped = incentives.grouped(lambda i: (i.employee_id.id, i.cycle_id.id))
        empty = self.env["target.incentive"]
        for result in self:
            mine = grouped.get((result.employee_id.id, result.cycle_id.id), empty)
            mine = mine.sorted(lambda i: (i.type_id.sequence, i.id))
            result.incentive_ids = mine
            result.incentive_summary = "; ".join(mine.mapped("type_id.name"))

    def write(self, vals):
        made = set(vals) - HR_FIELDS
        if made and not self.env.su and not all(f.startswith("message_") for f in made):
            raise AccessError(
                self.env._(
                    "Personnel results are made when the cycle is published; only HR's final "
                    "grade, its reason and the HR notes can be changed."
                )
            )
        return super().write(vals)

    def action_acknowledge(self):
        """HR has reviewed the final grade after the suggestion changed."""
        if not self.env.user._target_has_role("hr"):
            raise AccessError(self.env._("Only HR reviews personnel results."))
        for result in self:
            result._ensure_reason()
        self.sudo().write({"suggestion_changed": False})

    def _ensure_reason(self):
        """Raise a ValidationError when a differing final grade has no reason."""
        self.ensure_one()
        result = self.sudo()
        if (
            result.final_grade
            and result.final_grade != result.suggested_grade
            and not (result.final_reason or "").strip()
        ):
            grades = dict(self._fields["final_grade"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "%(result)s: the final grade %(final)s differs from the suggested grade "
                    "%(suggested)s; give the reason for the final grade.",
                    result=result.name,
                    final=grades[result.final_grade],
                    suggested=grades.get(result.suggested_grade, self.env._("(none)")),
                )
            )

    # -- publication -------------------------------------------------------------

    @api.model
    def _apply_publication(self, cycles):
        """Create or update the results of every leadership member of every unit
        evaluated at the year end of ``cycles``; return all results of ``cycles``.

        Idempotent: an existing result (employee, cycle, unit, role) is updated
        in place, HR's final grade kept; the suggestions of a cycle are
        recomputed over all its results, a changed one flagged. Reads and
        writes the whole batch in a fixed number of queries.
        """
        env = self.env(context=dict(self.env.context, **QUIET), su=True)
        cycles = cycles.with_env(env)
        Result = env[self._name]
        evaluations = env["target.evaluation"].search_fetch(
            [
                ("cycle_id", "in", cycles.ids),
                ("stage", "=", "year_end"),
                ("computed_at", "!=", False),
            ],
            ["cycle_id", "unit_id", "category_id", "total", "rank", "grade", "vetoed"],
        )
        team = env["target.unit.leader"].search_fetch(
            [("unit_id", "in", evaluations.unit_id.ids)],
            ["unit_id", "employee_id", "role", "title"],
        )
        existing = Result.search_fetch(
            [("cycle_id", "in", cycles.ids)],
            [
                "cycle_id",
                "employee_id",
                "unit_id",
                "role",
                "title",
                "suggested_grade",
                *UNIT_FIELDS,
            ],
        )
        current = {(r.cycle_id.id, r.employee_id.id, r.unit_id.id, r.role): r for r in existing}
        members_of = defaultdict(list)
        for leader in team:
            members_of[leader.unit_id.id].append(leader)

        rows = {}  # result key -> the values publication gives it
        for evaluation in evaluations:
            unit_values = {
                "evaluation_id": evaluation.id,
                "category_id": evaluation.category_id.id,
                "unit_score": evaluation.total,
                "unit_rank": evaluation.rank,
                "unit_grade": evaluation.grade,
                "unit_vetoed": evaluation.vetoed,
            }
            for leader in members_of[evaluation.unit_id.id]:
                key = (
                    evaluation.cycle_id.id,
                    leader.employee_id.id,
                    evaluation.unit_id.id,
                    leader.role,
                )
                rows[key] = dict(unit_values, title=leader.title or False)
        for key, result in current.items():
            # who left the team since, or whose unit lost its evaluation: kept as published
            rows.setdefault(key, {fname: result[fname] for fname in UNIT_FIELDS})
            rows[key].setdefault("title", result.title)

        own = self._own_goal_scores(cycles, {key[1] for key in rows})
        now = fields.Datetime.now()
        for key, vals in rows.items():
            score, points, count = own.get(key[:2], (0.0, 0.0, 0))
            vals.update(
                own_score=engine.round_score(score, 2),
                own_points=engine.round_score(points, 2),
                own_goal_count=count,
                published_on=now,
            )
        policies = env["target.personnel.policy"]._for_cycles(cycles)
        by_cycle = defaultdict(list)
        for key, vals in rows.items():
            by_cycle[key[0]].append(
                Member(
                    key=key,
                    unit_grade=vals["unit_grade"] or None,
                    unit_score=vals["unit_score"] or 0.0,
                    vetoed=bool(vals["unit_vetoed"]),
                    role=key[3],
                    own_score=vals["own_score"],
                    own_points=vals["own_points"],
                )
            )
        for cycle_id, members in by_cycle.items():
            suggested = suggest_grades(policies[cycle_id]._engine_policy(), members)
            for key, (grade, reason) in suggested.items():
                rows[key].update(suggested_grade=grade, suggestion_rule=reason.code)

        new_keys = [key for key in rows if key not in current]
        Result.create(
            [
                {
                    "cycle_id": key[0],
                    "employee_id": key[1],
                    "unit_id": key[2],
                    "role": key[3],
                    **_as_write(rows[key]),
                }
                for key in new_keys
            ]
        )
        for key, result in current.items():
            vals = _as_write(rows[key])
            before = result.suggested_grade
            if before and before != vals["suggested_grade"]:
                vals.update(previous_suggested_grade=before, suggestion_changed=True)
            result.write(vals)
        return Result.search([("cycle_id", "in", cycles.ids)])

    @api.model
    def _own_goal_scores(self, cycles, employee_ids):
        """``{(cycle id, employee id): (score, points, count)}`` of the person-level goals.

        A goal's score is its year-end line's final score when it has one (the
        engine scores unit goals only), else its reported actual scored by its
        indicator's method, as the engine scores a unit's goal without a line.
        """
        env = self.env
        goals = env["target.goal"].search_fetch(
            [
                ("cycle_id", "in", cycles.ids),
                ("employee_id", "in", list(employee_ids)),
                ("state", "!=", "cancelled"),
            ],
            [
                "ref",
                "cycle_id",
                "employee_id",
                "indicator_id",
                "target_value",
                "points",
                "actual_value",
                "has_actual",
            ],
        )
        if not goals:
            return {}
        lines = env["target.evaluation.line"].search_fetch(
            [("goal_id", "in", goals.ids), ("stage", "=", "year_end")], ["goal_id", "final_score"]
        )
        line_score = {line.goal_id.id: line.final_score for line in lines}
        unscored = goals.filtered(lambda goal: goal.id not in line_score)
        indicators = (
            env["target.indicator"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", unscored.indicator_id.ids)], INDICATOR_FIELDS)
        )
        bands = env["target.indicator.band"].search_fetch(
            [("indicator_id", "in", indicators.ids)],
            ["indicator_id", "min_completion", "share", "proportional"],
        )
        bands_of = defaultdict(list)
        for band in bands:
            bands_of[band.indicator_id.id].append(
                engine.Band(band.min_completion / 100.0, band.share / 100.0, band.proportional)
            )
        milestones = env["target.goal.milestone"].search_fetch(
            [
                ("goal_id", "in", unscored.ids),
                ("goal_id.indicator_id.scoring_method", "=", engine.MILESTONES),
            ],
            ["goal_id", "name", "share", "done"],
            order="date, id",
        )
        milestones_of = defaultdict(list)
        for milestone in milestones:
            milestones_of[milestone.goal_id.id].append(
                engine.Milestone(milestone.share or 0.0, milestone.done, milestone.name or "")
            )
        params_of = {
            indicator.id: CycleReader._params(indicator, bands_of[indicator.id])
            for indicator in indicators
        }
        totals = defaultdict(lambda: [0.0, 0.0, 0])
        for goal in goals:
            if goal.id in line_score:
                score = line_score[goal.id]
            else:
                indicator = goal.indicator_id
                method = indicator.scoring_method
                params = params_of[indicator.id]
                if method == engine.MILESTONES:
                    params = {"milestones": tuple(milestones_of[goal.id])}
                spec = engine.GoalSpec(
                    method=method,
                    points=goal.points or 0.0,
                    target=goal.target_value or 0.0,
                    actual=CycleReader._engine_value(
                        method, goal.actual_value if goal.has_actual else None
                    ),
                    direction=indicator.direction,
                    params=params,
                    key=goal.id,
                )
                try:
                    score = engine.score_goal(spec).score
                except ValueError as error:
                    raise UserError(
                        env._(
                            "The person-level goal %(goal)s cannot be scored: %(error)s",
                            goal=goal.ref,
                            error=error,
                        )
                    ) from error
            total = totals[goal.cycle_id.id, goal.employee_id.id]
            total[0] += score
            total[1] += goal.points or 0.0
            total[2] += 1
        return {key: tuple(total) for key, total in totals.items()}


def _as_write(vals):
    """``vals`` with records as ids (kept results' figures are read as records)."""
    return {
        fname: value.id if isinstance(value, models.BaseModel) else value
        for fname, value in vals.items()
    }
