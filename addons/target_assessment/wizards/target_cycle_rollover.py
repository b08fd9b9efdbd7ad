from collections import Counter

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.target_cycle import CALENDAR_FIELDS

# Phases of a year whose results are final: the next year may be drafted from it.
FINAL_PHASES = ("published", "closed")
# The cycle's settings and deadlines the next year takes over (deadlines a year later).
CYCLE_SETTINGS = (
    "organizer_unit_id",
    "publicity_days",
    "report_frequency",
    "report_due_days",
    "reminder_days",
    "light_green",
    "light_yellow",
    "coverage_tolerance",
)
CYCLE_DATES = (*CALENDAR_FIELDS, "scoring_deadline")
# What a drafted goal takes from last year's (its target a starting point the office edits).
GOAL_FIELDS = (
    "name",
    "sequence",
    "unit_id",
    "indicator_id",
    "target_value",
    "points",
    "difficulty",
    "responsible_leader_id",
    "responsible_employee_id",
    "lead_unit_id",
)
MILESTONE_FIELDS = ("name", "expected_value", "share")
COOPERATION_FIELDS = ("sequence", "work_share", "point_share", "note")


def next_year(day):
    """``day`` a year later (February 29 becomes February 28)."""
    return day + relativedelta(years=1) if day else False


class TargetCycleRollover(models.TransientModel):
    """A new assessment year drafted from last year's (DESIGN §10: continuity).

    Shows what it will create, then creates it: the cycle with last year's settings
    and deadlines a year later, and its reporting periods; the schemes of every unit
    category, as drafts, with their sections, settings and unit difficulty
    coefficients; last year's indicator library, as a draft listing the same
    indicators (approved again for the new year, it then bounds its goals); draft
    goals from last year's unit goals (difficulty included), decomposition trees
    kept, last year's actual as the baseline, milestones a year later. Indicators,
    unit categories, units and their leaders are not per year: the new year uses
    them as they are. Open rectification items carry over by themselves (the units
    see them in the new year until they are verified).

    Run again, it creates only what is missing (each drafted goal remembers the goal
    it was drafted from). Refused while last year's results are not published.
    The office only; it works with the office's rights.
    """

    _name = "target.cycle.rollover"
    _description = "New Assessment Year from Last Year"

    previous_cycle_id = fields.Many2one(
        "target.cycle",
        "Last year",
        required=True,
        ondelete="cascade",
        domain=[("phase", "in", FINAL_PHASES)],
    )
    cycle_id = fields.Many2one(
        "target.cycle", "New year", compute="_compute_plan", help="The year already drafted."
    )
    year = fields.Integer(
        compute="_compute_year",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        aggregator=None,
    )
    name = fields.Char(
        compute="_compute_year", store=True, readonly=False, precompute=True, required=True
    )
    copy_goals = fields.Boolean("Draft the goals", default=True)
    scheme_count = fields.Integer("Schemes to create", compute="_compute_plan")
    library_count = fields.Integer("Indicator libraries to create", compute="_compute_plan")
    goal_count = fields.Integer("Goals to draft", compute="_compute_plan")
    milestone_count = fields.Integer("Milestones to draft", compute="_compute_plan")
    rectification_count = fields.Integer("Open rectification items", compute="_compute_plan")
    summary = fields.Html(compute="_compute_plan", sanitize=False)

    @api.depends("previous_cycle_id")
    def _compute_year(self):
        for wizard in self:
            year = (wizard.previous_cycle_id.year or fields.Date.today().year - 1) + 1
            wizard.year = year
            wizard.name = self.env._("%(year)s assessment year", year=year)

    @api.depends("previous_cycle_id", "copy_goals")
    def _compute_plan(self):
        for wizard in self:
            previous = wizard.previous_cycle_id
            cycle = wizard._existing_cycle()
            schemes = wizard._schemes_to_copy(cycle)
            goals = wizard._goals_to_copy(cycle) if wizard.copy_goals else previous.browse()
            rectifications = wizard._open_rectifications()
            wizard.cycle_id = cycle
            wizard.scheme_count = len(schemes)
            wizard.library_count = len(wizard._library_to_copy(cycle))
            wizard.goal_count = len(goals)
            wizard.milestone_count = len(goals.milestone_ids)
            wizard.rectification_count = len(rectifications)
            wizard.summary = wizard._summary(goals) if previous else False

    def _summary(self, goals):
        """The goals to draft per unit, as a small table."""
        counts = Counter(goal.unit_id for goal in goals)
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (unit.complete_name, count)
            for unit, count in sorted(counts.items(), key=lambda item: item[0].complete_name)
        )
        return Markup(
            "<table class='table table-sm o_ta_rollover'><thead><tr><th>%s</th>"
            "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (self.env._("Unit"), self.env._("Goals to draft"), rows)

    # -- what exists, what is missing --------------------------------------------

    def _existing_cycle(self):
        if not self.previous_cycle_id:
            return self.env["target.cycle"]
        return self.env["target.cycle"].search(
            [("previous_cycle_id", "=", self.previous_cycle_id.id)], limit=1
        )

    def _schemes_to_copy(self, cycle):
        schemes = self.previous_cycle_id.scheme_ids
        if cycle:
            schemes = schemes.filtered(
                lambda scheme: scheme.category_id not in cycle.scheme_ids.category_id
            )
        return schemes

    def _library_to_copy(self, cycle):
        """Last year's indicator library, unless the new year has one."""
        Library = self.env["target.indicator.library"]
        if not self.previous_cycle_id or (
            cycle and Library.search_count([("cycle_id", "=", cycle.id)])
        ):
            return Library
        return Library.search([("cycle_id", "=", self.previous_cycle_id.id)])

    def _goals_to_copy(self, cycle):
        """Last year's unit goals (not persons', not cancelled) not drafted yet."""
        if not self.previous_cycle_id:
            return self.env["target.goal"]
        Goal = self.env["target.goal"]
        goals = Goal.search(
            [
                ("cycle_id", "=", self.previous_cycle_id.id),
                ("employee_id", "=", False),
                ("state", "!=", "cancelled"),
                ("indicator_id.active", "=", True),
                ("unit_id.active", "=", True),
            ],
            order="parent_path, sequence, id",
        )
        if cycle:
            drafted = Goal.search([("cycle_id", "=", cycle.id)]).previous_goal_id
            goals -= drafted
        return goals

    def _open_rectifications(self):
        previous = self.previous_cycle_id
        if not previous:
            return self.env["target.rectification"]
        return self.env["target.rectification"].search(
            [("cycle_id", "=", previous.id), ("state", "!=", "verified")]
        )

    # -- create ------------------------------------------------------------------

    def action_create(self):
        self.ensure_one()
        previous = self.previous_cycle_id
        if previous.phase not in FINAL_PHASES:
            raise UserError(
                self.env._(
                    "%(cycle)s is not published yet: draft the next year from it once its "
                    "results are published.",
                    cycle=previous.name,
                )
            )
        cycle = self._existing_cycle() or self._create_cycle()
        self._copy_schemes(cycle)
        self._copy_library(cycle)
        if self.copy_goals:
            self._copy_goals(cycle)
        cycle.message_post(
            body=self.env._(
                "Drafted from %(previous)s: schemes, indicator library, goals and milestones.",
                previous=previous.name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "target.cycle",
            "res_id": cycle.id,
            "view_mode": "form",
            "target": "current",
        }

    def _create_cycle(self):
        previous = self.previous_cycle_id
        vals = previous._convert_to_write({field: previous[field] for field in CYCLE_SETTINGS})
        vals.update({field: next_year(previous[field]) for field in CYCLE_DATES})
        vals.update(name=self.name, year=self.year, previous_cycle_id=previous.id)
        cycle = self.env["target.cycle"].create(vals)
        cycle.action_generate_periods()
        return cycle

    def _copy_schemes(self, cycle):
        for scheme in self._schemes_to_copy(cycle):
            (vals,) = scheme.copy_data({"cycle_id": cycle.id, "name": scheme.name})
            for dropped in ("state", "tie_break_section_id", "message_follower_ids"):
                vals.pop(dropped, None)
            new = self.env["target.scheme"].create(vals)
            tie_break = scheme.tie_break_section_id
            if tie_break:
                new.tie_break_section_id = new.section_ids.filtered(
                    lambda section, code=tie_break.code: section.code == code
                )[:1]

    def _copy_library(self, cycle):
        library = self._library_to_copy(cycle)
        if library:
            previous = str(self.previous_cycle_id.year)
            self.env["target.indicator.library"].create(
                {
                    "name": library.name.replace(previous, str(cycle.year)),
                    "cycle_id": cycle.id,
                    "indicator_ids": [fields.Command.set(library.indicator_ids.ids)],
                }
            )

    def _copy_goals(self, cycle):
        """Draft the missing goals, parents before children, in one create per level."""
        goals = self._goals_to_copy(cycle)
        if not goals:
            return
        Goal = self.env["target.goal"]
        new_of = {
            goal.previous_goal_id.id: goal
            for goal in Goal.search(
                [("cycle_id", "=", cycle.id), ("previous_goal_id", "!=", False)]
            )
        }
        section_of = {
            (section.scheme_id.category_id.id, section.code): section.id
            for section in cycle.scheme_ids.section_ids
        }
        levels = {}
        for goal in goals:
            levels.setdefault(goal.parent_path.count("/"), []).append(goal)
        for depth in sorted(levels):
            batch = Goal.browse([goal.id for goal in levels[depth]])
            vals_list = [self._goal_vals(goal, cycle, new_of, section_of) for goal in batch]
            for old, new in zip(batch, Goal.create(vals_list), strict=True):
                new_of[old.id] = new

    def _goal_vals(self, goal, cycle, new_of, section_of):
        vals = {}
        for field in GOAL_FIELDS:
            value = goal[field]
            vals[field] = value.id if isinstance(value, models.BaseModel) else value
        section = goal.section_id
        vals.update(
            cycle_id=cycle.id,
            previous_goal_id=goal.id,
            parent_id=new_of[goal.parent_id.id].id if goal.parent_id.id in new_of else False,
            section_id=section_of.get((section.scheme_id.category_id.id, section.code), False),
            baseline_value=goal.actual_value if goal.has_actual else goal.baseline_value,
            deadline=next_year(goal.deadline),
            cooperation_ids=[
                fields.Command.create(
                    {
                        "unit_id": line.unit_id.id,
                        **{field: line[field] for field in COOPERATION_FIELDS},
                    }
                )
                for line in goal.cooperation_ids
            ],
            milestone_ids=[
                fields.Command.create(
                    {
                        **{field: milestone[field] for field in MILESTONE_FIELDS},
                        "date": next_year(milestone.date),
                    }
                )
                for milestone in goal.milestone_ids
            ],
        )
        return vals
