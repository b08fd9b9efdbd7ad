"""Reading one stage of a cycle into the engine's input, in a fixed number of queries.

Every model is read once for the whole cycle (one query each, whatever the
number of units and goals): the configuration and the per-unit records with
``search_fetch``, the tables with a row per goal (goals, lines, milestones)
as plain rows by :func:`fetch_rows`. Then the engine's dataclasses are built
in memory. Model units become engine units here: percentages of the models
(band completion and share, grade shares, quotas) become the fractions the
engine takes, and "0: no cap" fields become ``None``.
"""

import dataclasses
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError

from .. import engine
from ..engine import supervision as engine_supervision

#: The reported value of a goal scored by qualitative grade: 1 = A ... 4 = D.
GRADE_LETTERS = {1: "A", 2: "B", 3: "C", 4: "D"}

#: The stages scored on the data up to a date during the year (a preview, not final).
INTERIM_STAGES = ("q1", "midyear", "q3")

#: A routine section's source -> the interim stages whose totals it averages (平时考核).
ROUTINE_STAGES = {
    "midyear": ("midyear",),
    "quarterly": ("q1", "midyear", "q3"),
}

#: Scheme precedence -> the line sources tried in order (the reported actual last).
PRECEDENCE_ORDERS = {
    "verified_assessor_self": ("verified", "assessor", "self"),
    "assessor_verified_self": ("assessor", "verified", "self"),
    "verified_assessor": ("verified", "assessor"),
    "reported": (),
}

#: Line source -> (its "given" flag, its value, its score).
SOURCE_FIELDS = {
    "self": ("self_scored", "self_value", "self_score"),
    "assessor": ("assessor_scored", "assessor_value", "assessor_score"),
    "verified": ("verified", "verified_value", "verified_score"),
}

SCHEME_FIELDS = [
    "category_id",
    "state",
    "name",
    "total_score",
    "bonus_cap",
    "bonus_national",
    "bonus_provincial",
    "bonus_city",
    "deduction_cap",
    "excellent_threshold",
    "good_threshold",
    "pass_threshold",
    "excellent_quota",
    "quota_rounding",
    "tie_break_section_id",
    "veto_effect",
    "veto_max_grade",
    "veto_rank_last",
    "score_precedence",
    "score_basis",
    "difficulty_basis",
    "cooperation_points",
]
GOAL_FIELDS = [
    "unit_id",
    "assessor_unit_id",  # a stored related field of the lines
    "indicator_id",
    "section_id",
    "target_value",
    "points",
    "actual_value",
    "has_actual",
    "sequence",
    "difficulty",
]
INDICATOR_FIELDS = [
    "scoring_method",
    "direction",
    "cumulative",
    "ratio_cap",
    "ratio_floor",
    "zero_below",
    "grade_a",
    "grade_b",
    "grade_c",
    "grade_d",
    "deduction_per_incident",
    "deduction_cap",
]
#: What the writer writes on a line, in this order (compared to skip unchanged lines).
LINE_RESULT_FIELDS = [
    "actual_value",
    "final_score",
    "completion",
    "lost_points",
    "score_source",
    "reason_code",
    "reason_args",
    "point_share",
    "counted_score",
]
LINE_FIELDS = [
    "unit_id",
    "goal_id",
    *(fname for fnames in SOURCE_FIELDS.values() for fname in fnames),
    *LINE_RESULT_FIELDS,
]
MILESTONE_FIELDS = ["goal_id", "name", "date", "share", "done", "expected_value"]
COOPERATION_FIELDS = ["goal_id", "unit_id", "point_share"]

GoalRow = namedtuple("GoalRow", ["id", *GOAL_FIELDS])
LineRow = namedtuple("LineRow", ["id", *LINE_FIELDS])
MilestoneRow = namedtuple("MilestoneRow", ["id", *MILESTONE_FIELDS])
CooperationRow = namedtuple("CooperationRow", ["id", *COOPERATION_FIELDS])


def fetch_rows(model, domain, row_type, order="id"):
    """The records of ``model`` matching ``domain`` as ``row_type`` tuples, in one query.

    ``search_fetch`` without building the records: for the tables with a row
    per goal, making 100,000 records to read their fields costs more than the
    query itself. The domain, the access rules and ``active_test`` apply as
    in a search; the values are the columns' (an id or None for a many2one).
    """
    query = model._search(domain, order=order)
    # _field_to_sql() makes the query flush the pending values of these fields
    columns = [model._field_to_sql(model._table, fname, query) for fname in row_type._fields]
    return [row_type._make(row) for row in model.env.execute_query(query.select(*columns))]


@dataclass(slots=True)
class GoalEntry:
    """One goal of the run: the line its result goes to and how it was scored.

    ``spec`` is what the engine scores (``None``: not scored at this stage);
    ``value_spec`` scores the chosen value by the indicator's method when the
    final score is a score someone gave, for the completion and the reason.
    """

    goal: int
    unit: int
    line: int | None
    sequence: int
    points: float
    actual: float
    indicator: int
    section: int
    assessor_unit: int | None
    current: tuple | None = None  # the line's results before this run
    source: str = "reported"
    spec: engine.GoalSpec | None = None
    value_spec: engine.GoalSpec | None = None
    share: float = 100.0  # the share (%) of the goal's points the unit counts
    shares: dict = field(default_factory=dict)  # the lead's: {cooperating unit: share (%)}
    cooperation: int | None = None  # a cooperating unit's line: its cooperation line


@dataclass
class CycleData:
    """What the writer needs besides the engine's results."""

    cycle: object
    stage: str
    schemes: dict = field(default_factory=dict)  # scheme id -> engine.Scheme
    section_ids: dict = field(default_factory=dict)  # scheme id -> {code: section id}
    section_code: dict = field(default_factory=dict)  # section id -> code
    section_sequence: dict = field(default_factory=dict)  # section id -> sequence
    unit_category: dict = field(default_factory=dict)  # unit id -> category id
    unit_scheme: dict = field(default_factory=dict)  # unit id -> scheme id
    units: list = field(default_factory=list)  # engine.Unit
    goals: dict = field(default_factory=dict)  # unit id -> [GoalEntry]
    shared: dict = field(default_factory=dict)  # cooperating unit id -> [GoalEntry] of others
    evaluations: dict = field(default_factory=dict)  # unit id -> evaluation id
    obsolete_lines: list = field(default_factory=list)  # line ids of goals no longer scored


def interim_date(cycle, stage):
    """The date up to which an interim stage of ``cycle`` counts the year's data: the
    end of the first or third quarter, or the mid-year review date (by default the
    middle of the cycle)."""
    if stage == "midyear":
        return cycle.midyear_date or cycle.date_start + (cycle.date_end - cycle.date_start) / 2
    months = {"q1": 3, "q3": 9}[stage]
    return min(cycle.date_start + relativedelta(months=months, days=-1), cycle.date_end)


class CycleReader:
    """Reads one stage of a cycle for the engine: the year end, or an interim stage
    (the first quarter, the mid-year, the third quarter) on the data up to its date."""

    def __init__(self, cycle, stage):
        self.cycle = cycle
        self.env = cycle.env
        self.stage = stage
        self.interim = stage in INTERIM_STAGES
        self.data = CycleData(cycle, stage)
        self._cutoff = interim_date(cycle, stage) if self.interim else None
        self._routine_stages = {}  # scheme id -> {routine section code: stages}
        self._routine_supervised = {}  # scheme id -> [routine codes counting supervision]

    # -- entry point -------------------------------------------------------------

    def load(self):
        """Return the :class:`CycleData` of the stage, engine units included."""
        schemes = self._read_schemes()
        goals = self._read_goals()
        evaluations = self._read_evaluations()
        cooperation = self._read_cooperation(schemes)
        self._read_units(goals, evaluations, schemes, cooperation)
        lines = self._read_lines()
        specials = self._read_special() if not self.interim else {}
        routine = self._read_routine(schemes) if not self.interim else {}
        bonuses, deductions = self._read_adjustments()
        vetoes = self._read_vetoes(schemes)
        difficulty = self._read_unit_difficulty(schemes)
        indicators = self._read_indicators(goals)
        milestones = self._read_milestones()

        data = self.data
        entries = defaultdict(list)
        shared = defaultdict(list)
        seen_lines = set()
        for goal in goals:
            unit_id = goal.unit_id
            if unit_id not in data.unit_scheme:
                continue
            scheme = schemes[data.unit_scheme[unit_id]]
            line = lines.get((unit_id, goal.id))
            if line is not None:
                seen_lines.add(line.id)
            entry = self._goal_entry(goal, scheme, indicators, milestones.get(goal.id, ()), line)
            entries[unit_id].append(entry)
            if goal.id in cooperation:
                for part in self._share_points(entry, cooperation[goal.id], shared, lines):
                    data.shared.setdefault(part.unit, []).append(part)
                    if part.line is not None:
                        seen_lines.add(part.line)
        data.obsolete_lines = [line.id for line in lines.values() if line.id not in seen_lines]

        for unit_id, scheme_id in data.unit_scheme.items():
            unit_entries = entries.get(unit_id, [])
            data.goals[unit_id] = unit_entries
            data.units.append(
                engine.Unit(
                    key=unit_id,
                    scheme=scheme_id,
                    goals=tuple(entry.spec for entry in unit_entries if entry.spec),
                    special=specials.get(unit_id, {}),
                    routine=routine.get(unit_id, {}),
                    bonuses=tuple(bonuses.get(unit_id, ())),
                    deductions=tuple(deductions.get(unit_id, ())),
                    vetoes=tuple(vetoes.get(unit_id, ())),
                    difficulty=difficulty.get(unit_id, 1.0),
                    shared=tuple(shared.get(unit_id, ())),
                )
            )
        return data

    # -- shared goals (牵头单位、配合单位) ---------------------------------------------

    def _read_cooperation(self, schemes):
        """``{goal id: [CooperationRow]}`` of the goals whose scheme shares the points:
        one query, none when no scheme of the cycle does."""
        sharing = [scheme.id for scheme in schemes.values() if scheme.cooperation_points]
        if not sharing:
            return {}
        rows = fetch_rows(
            self.env["target.goal.cooperation"],
            [
                ("cycle_id", "=", self.cycle.id),
                ("point_share", ">", 0),
                ("goal_id.section_id.scheme_id", "in", sharing),
            ],
            CooperationRow,
            order="goal_id, sequence, id",
        )
        shares = defaultdict(list)
        for row in rows:
            shares[row.goal_id].append(row)
        return shares

    def _share_points(self, entry, cooperating, shared, lines):
        """Share the goal of ``entry`` (the lead's) with its ``cooperating`` units; return
        the entries of the cooperating units' lines.

        Each cooperating unit of the run counts its share of the goal's points and
        score, in the goals section of its own scheme with the goal's section code,
        else in its scheme's first goals section; the lead counts the rest. A
        cooperating unit outside the run (not assessed this cycle, or no scheme for
        its category) or whose scheme has no goals section has nothing to count it
        in: its share stays with the lead, which answers for the whole goal.
        """
        parts = []
        for row in cooperating:
            scheme = self.data.schemes.get(self.data.unit_scheme.get(row.unit_id))
            codes = [s.code for s in scheme.sections if s.kind == engine.GOALS] if scheme else ()
            if not codes:
                continue  # its share stays with the lead
            line = lines.get((row.unit_id, entry.goal))
            part = dataclasses.replace(
                entry,
                unit=row.unit_id,
                line=line.id if line is not None else None,
                current=line[-len(LINE_RESULT_FIELDS) :] if line is not None else None,
                spec=None,
                share=row.point_share,
                cooperation=row.id,
            )
            if entry.spec is not None:
                section = entry.spec.section if entry.spec.section in codes else codes[0]
                part.spec = dataclasses.replace(
                    entry.spec, share=row.point_share / 100.0, section=section
                )
                shared[row.unit_id].append(part.spec)
            parts.append(part)
        entry.shares = {part.unit: part.share for part in parts}
        entry.share = 100.0 - sum(entry.shares.values())
        if entry.spec is not None and parts:
            entry.spec = dataclasses.replace(entry.spec, share=entry.share / 100.0)
        return parts

    # -- configuration -----------------------------------------------------------

    def _read_schemes(self):
        env = self.env
        schemes = env["target.scheme"].search_fetch(
            [("cycle_id", "=", self.cycle.id)], SCHEME_FIELDS, order="id"
        )
        sections = env["target.scheme.section"].search_fetch(
            [("scheme_id", "in", schemes.ids)],
            [
                "scheme_id",
                "code",
                "kind",
                "weight",
                "sequence",
                "body_ids",
                "routine_source",
                "routine_supervision",
            ],
            order="scheme_id, sequence, id",
        )
        bodies = (
            env["target.evaluation.body"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", sections.body_ids.ids)], ["weight"])
        )
        weight_of = {body.id: body.weight for body in bodies}
        caps = (
            env["target.deduction.category"]
            .with_context(active_test=False)
            .search_fetch([("cap", ">", 0)], ["cap"])
        )
        deduction_caps = {category.id: category.cap for category in caps}

        by_scheme = defaultdict(list)
        for section in sections:
            by_scheme[section.scheme_id.id].append(section)
            self.data.section_sequence[section.id] = section.sequence
            self.data.section_code[section.id] = section.code
            if section.kind == engine.ROUTINE:
                stages = ROUTINE_STAGES[section.routine_source or "midyear"]
                self._routine_stages.setdefault(section.scheme_id.id, {})[section.code] = stages
                if section.routine_supervision:
                    self._routine_supervised.setdefault(section.scheme_id.id, []).append(
                        section.code
                    )
        for scheme in schemes:
            self.data.section_ids[scheme.id] = {s.code: s.id for s in by_scheme[scheme.id]}
            self.data.schemes[scheme.id] = self._engine_scheme(
                scheme, by_scheme[scheme.id], weight_of, deduction_caps
            )
        return {scheme.id: scheme for scheme in schemes}

    def _engine_scheme(self, scheme, sections, weight_of, deduction_caps):
        quota = scheme.excellent_quota
        return engine.Scheme(
            key=scheme.id,
            sections=tuple(
                engine.Section(
                    section.code,
                    section.weight,
                    section.kind,
                    {body.id: weight_of.get(body.id, 1.0) for body in section.body_ids},
                )
                for section in sections
            ),
            bonus_cap=scheme.bonus_cap,
            bonus_levels={
                "national": scheme.bonus_national,
                "provincial": scheme.bonus_provincial,
                "city": scheme.bonus_city,
            },
            deduction_caps=deduction_caps,
            deduction_cap=scheme.deduction_cap or None,
            thresholds=(
                (scheme.excellent_threshold, engine.EXCELLENT),
                (scheme.good_threshold, engine.GOOD),
                (scheme.pass_threshold, engine.PASS),
            ),
            quotas={engine.EXCELLENT: quota / 100.0} if quota > 0 else {},
            quota_rounding=scheme.quota_rounding,
            tie_break=scheme.tie_break_section_id.code or None,
            veto_last=scheme.veto_rank_last,
            difficulty=scheme.difficulty_basis or engine.NO_DIFFICULTY,
        )

    # -- units, goals, lines -----------------------------------------------------

    def _read_goals(self):
        """Non-cancelled unit-level goals of the cycle in a goals section (rows)."""
        return fetch_rows(
            self.env["target.goal"],
            [
                ("cycle_id", "=", self.cycle.id),
                ("state", "!=", "cancelled"),
                ("employee_id", "=", False),
                ("section_id.kind", "=", "goals"),
                ("unit_id.is_assessed", "=", True),
            ],
            GoalRow,
            order="unit_id, sequence, id",
        )

    def _read_evaluations(self):
        return self.env["target.evaluation"].search_fetch(
            [("cycle_id", "=", self.cycle.id), ("stage", "=", self.stage)], ["unit_id"]
        )

    def _read_units(self, goals, evaluations, schemes, cooperation):
        """Units of the run: assessed, with goals, an evaluation or a share of the points
        of another unit's goal, and a scheme."""
        data = self.data
        unit_ids = {goal.unit_id for goal in goals} | set(evaluations.unit_id.ids)
        scored = {goal.id for goal in goals}
        unit_ids |= {
            row.unit_id for gid, rows in cooperation.items() if gid in scored for row in rows
        }
        units = self.env["target.unit"].search_fetch(
            [("id", "in", list(unit_ids)), ("is_assessed", "=", True)],
            ["category_id", "name"],
            order="id",
        )
        scheme_of = {scheme.category_id.id: scheme for scheme in schemes.values()}
        drafts = set()
        for unit in units:
            scheme = scheme_of.get(unit.category_id.id)
            if scheme is None:
                continue  # no scheme for its category: nothing to score it by
            if scheme.state != "active":
                drafts.add(scheme.name)
            data.unit_scheme[unit.id] = scheme.id
            data.unit_category[unit.id] = unit.category_id.id
        if drafts:
            raise UserError(
                self.env._(
                    "Put the schemes %(schemes)s in force before scoring cycle %(cycle)s.",
                    schemes=", ".join(sorted(drafts)),
                    cycle=self.cycle.name,
                )
            )
        data.evaluations = {
            ev.unit_id.id: ev.id for ev in evaluations if ev.unit_id.id in data.unit_scheme
        }

    def _read_lines(self):
        """Existing lines of the stage: ``{(unit id, goal id): LineRow}``."""
        lines = fetch_rows(
            self.env["target.evaluation.line"],
            [("cycle_id", "=", self.cycle.id), ("stage", "=", self.stage)],
            LineRow,
        )
        return {(line.unit_id, line.goal_id): line for line in lines}

    def _read_indicators(self, goals):
        env = self.env
        indicators = env["target.indicator"].with_context(active_test=False)
        indicators = indicators.search_fetch(
            [("id", "in", list({goal.indicator_id for goal in goals}))], INDICATOR_FIELDS
        )
        banded = indicators.filtered(lambda i: i.scoring_method == engine.BANDS)
        bands = env["target.indicator.band"].search_fetch(
            [("indicator_id", "in", banded.ids)],
            ["indicator_id", "min_completion", "share", "proportional"],
        )
        bands_of = defaultdict(list)
        for band in bands:
            bands_of[band.indicator_id.id].append(
                engine.Band(band.min_completion / 100.0, band.share / 100.0, band.proportional)
            )
        return {
            indicator.id: (indicator, self._params(indicator, bands_of[indicator.id]))
            for indicator in indicators
        }

    @staticmethod
    def _params(indicator, bands):
        """The engine parameters of an indicator's method (shared by its goals)."""
        method = indicator.scoring_method
        if method == engine.RATIO:
            return {
                "cap": indicator.ratio_cap,
                "floor": indicator.ratio_floor,
                "zero_below": indicator.zero_below,
            }
        if method == engine.BANDS:
            return {"bands": tuple(bands)}
        if method == engine.GRADE:
            return {
                "grades": {
                    "A": indicator.grade_a / 100.0,
                    "B": indicator.grade_b / 100.0,
                    "C": indicator.grade_c / 100.0,
                    "D": indicator.grade_d / 100.0,
                }
            }
        if method == engine.DEDUCTION:
            return {
                "per_incident": indicator.deduction_per_incident,
                "cap": indicator.deduction_cap or None,  # 0: up to the goal's points
            }
        return {}

    def _read_milestones(self):
        """``{goal id: [MilestoneRow]}`` of the goals that need them at this stage."""
        domain = [("goal_id.cycle_id", "=", self.cycle.id)]
        if not self.interim:  # year-end: only goals scored by milestones
            domain.append(("goal_id.indicator_id.scoring_method", "=", engine.MILESTONES))
        milestones = fetch_rows(
            self.env["target.goal.milestone"], domain, MilestoneRow, order="date, id"
        )
        by_goal = defaultdict(list)
        for milestone in milestones:
            by_goal[milestone.goal_id].append(milestone)
        return by_goal

    # -- scoring a goal ------------------------------------------------------------

    def _goal_entry(self, goal, scheme, indicators, milestones, line):
        indicator, params = indicators[goal.indicator_id]
        method = indicator.scoring_method
        actual = goal.actual_value if goal.has_actual else None
        entry = GoalEntry(
            goal=goal.id,
            unit=goal.unit_id,
            line=line.id if line is not None else None,
            sequence=goal.sequence,
            points=goal.points or 0.0,
            actual=actual or 0.0,
            indicator=goal.indicator_id,
            section=goal.section_id,
            assessor_unit=goal.assessor_unit_id,
            current=line[-len(LINE_RESULT_FIELDS) :] if line is not None else None,
        )
        target = goal.target_value or 0.0
        if method == engine.MILESTONES:
            if self.interim:
                milestones = [m for m in milestones if m.date <= self._cutoff]
                if not milestones:
                    return entry  # nothing due yet: not scored at this stage
            params = {
                "milestones": tuple(
                    engine.Milestone(m.share or 0.0, bool(m.done), m.name or "") for m in milestones
                )
            }
        elif self.interim:
            target = self._interim_target(goal, indicator, milestones)

        spec = engine.GoalSpec(
            method=method,
            points=entry.points,
            target=target,
            actual=self._engine_value(method, actual),
            direction=indicator.direction,
            params=params,
            section=self.data.section_code[goal.section_id],
            key=goal.id,
            difficulty=goal.difficulty or 1.0,
        )
        source = self._source(line, scheme)
        if source is None:
            entry.spec = spec
            return entry
        _flag, value_field, score_field = SOURCE_FIELDS[source]
        entry.source = source
        value_spec = dataclasses.replace(
            spec, actual=self._engine_value(method, getattr(line, value_field) or 0.0)
        )
        if scheme.score_basis == "value":
            entry.spec = value_spec
        else:
            score = getattr(line, score_field) or 0.0
            entry.spec = given_score_spec(
                entry.points, score, spec.section, goal.id, spec.difficulty
            )
            entry.value_spec = value_spec
        return entry

    @staticmethod
    def _source(line, scheme):
        """The first source the scheme's precedence finds given on ``line``, or None."""
        if line is None:
            return None
        for source in PRECEDENCE_ORDERS[scheme.score_precedence]:
            if getattr(line, SOURCE_FIELDS[source][0]):
                return source
        return None

    @staticmethod
    def _engine_value(method, value):
        """A model value as the engine's ``actual`` of ``method`` (None: missing)."""
        if value is None:
            return None
        if method == engine.GRADE:
            return GRADE_LETTERS.get(round(value))
        if method == engine.BINARY:
            return bool(value)
        return value

    def _interim_target(self, goal, indicator, milestones):
        """What a goal should have reached by the stage's date.

        The expected value of its last milestone due by then; otherwise, for a
        cumulative indicator scored on completion, the target pro rata of the
        time elapsed; otherwise the year's target (rates, counts of incidents).
        """
        due = [m for m in milestones if m.date <= self._cutoff and m.expected_value]
        if due:
            return due[-1].expected_value
        if indicator.cumulative and indicator.scoring_method in (engine.RATIO, engine.BANDS):
            cycle = self.cycle
            elapsed = (self._cutoff - cycle.date_start + timedelta(days=1)).days
            length = (cycle.date_end - cycle.date_start + timedelta(days=1)).days
            return (goal.target_value or 0.0) * elapsed / length
        return goal.target_value or 0.0

    # -- special, routine, adjustments, vetoes -----------------------------------

    def _read_unit_difficulty(self, schemes):
        """``{unit id: coefficient}`` under the schemes on the unit basis (难度系数).

        One query, only when some scheme of the cycle weighs units by difficulty; a
        coefficient of a unit that changed category since does not count.
        """
        unit_schemes = [s.id for s in schemes.values() if s.difficulty_basis == "unit"]
        if not unit_schemes:
            return {}
        lines = self.env["target.scheme.difficulty"].search_fetch(
            [("scheme_id", "in", unit_schemes)], ["scheme_id", "unit_id", "coefficient"]
        )
        unit_scheme = self.data.unit_scheme
        return {
            line.unit_id.id: line.coefficient
            for line in lines
            if unit_scheme.get(line.unit_id.id) == line.scheme_id.id
        }

    def _read_special(self):
        """``{unit id: {section code: {body id: score}}}`` of the cycle."""
        specials = self.env["target.special.evaluation"].search_fetch(
            [("cycle_id", "=", self.cycle.id)], ["unit_id", "section_id", "body_id", "score"]
        )
        by_unit = defaultdict(lambda: defaultdict(dict))
        for special in specials:
            section = special.section_id
            if section.scheme_id.id != self.data.unit_scheme.get(special.unit_id.id):
                continue  # the unit changed category since
            if section.body_ids and special.body_id not in section.body_ids:
                continue  # the body left the section since: the engine would refuse it
            by_unit[special.unit_id.id][section.code][special.body_id.id] = special.score
        return by_unit

    def _read_routine(self, schemes):
        """``{unit id: {routine code: [interim totals on 100]}}`` (平时考核).

        Each routine section counts the computed evaluations of its stages: the
        mid-year's, or the first quarter's, the mid-year's and the third quarter's.
        """
        if not self._routine_stages:
            return {}
        interim = self.env["target.evaluation"].search_fetch(
            [
                ("cycle_id", "=", self.cycle.id),
                ("stage", "in", INTERIM_STAGES),
                ("computed_at", "!=", False),
            ],
            ["unit_id", "stage", "total"],
            order="unit_id, stage",
        )
        by_unit = defaultdict(lambda: defaultdict(list))
        for evaluation in interim:
            scheme_id = self.data.unit_scheme.get(evaluation.unit_id.id)
            for code, stages in self._routine_stages.get(scheme_id, {}).items():
                if evaluation.stage in stages:
                    score = 100.0 * evaluation.total / schemes[scheme_id].total_score
                    by_unit[evaluation.unit_id.id][code].append(score)
        if self._routine_supervised:
            for unit_id, score in self._read_supervision().items():
                scheme_id = self.data.unit_scheme.get(unit_id)
                for code in self._routine_supervised.get(scheme_id, ()):
                    by_unit[unit_id][code].append(score)
        return {unit_id: dict(scores) for unit_id, scores in by_unit.items()}

    def _read_supervision(self):
        """``{unit id: supervision record on 100}`` (engine.supervision), in two queries.

        A task counts once accepted or past its deadline (within the cycle), and is
        on time when it was answered by its deadline and accepted; a spot-check
        finding counts once recorded, and is true unless false or concealed.
        """
        tasks = self.env["target.supervision.task"].search_fetch(
            [
                ("cycle_id", "=", self.cycle.id),
                ("state", "!=", "draft"),
                "|",
                ("state", "=", "accepted"),
                ("deadline", "<=", self.cycle.date_end),
            ],
            ["unit_id", "state", "deadline", "answered_on"],
        )
        items = self.env["target.spot.check.item"].search_fetch(
            [
                ("cycle_id", "=", self.cycle.id),
                ("result", "!=", "pending"),
                ("spot_check_id.state", "in", ("in_progress", "done")),
            ],
            ["unit_id", "result"],
        )
        on_time, true = defaultdict(list), defaultdict(list)
        for task in tasks:
            answered = task.answered_on and task.answered_on.date() <= task.deadline
            on_time[task.unit_id.id].append(bool(task.state == "accepted" and answered))
        false_results = self.env["target.spot.check.item"]._false_report_results
        for item in items:
            true[item.unit_id.id].append(item.result not in false_results)
        scores = {}
        for unit_id in set(on_time) | set(true):
            score = engine_supervision.supervision_score(on_time[unit_id], true[unit_id])
            if score is not None:
                scores[unit_id] = score
        return scores

    def _until(self):
        """An interim stage counts the items dated by its date; the year end all."""
        return [("date", "<=", self._cutoff)] if self.interim else []

    def _read_adjustments(self):
        items = self.env["target.score.adjustment"].search_fetch(
            [("state", "=", "confirmed"), ("scoring_cycle_id", "=", self.cycle.id), *self._until()],
            ["kind", "unit_id", "award_level", "points", "deduction_category_id"],
        )
        bonuses, deductions = defaultdict(list), defaultdict(list)
        for item in items:
            if item.kind == "bonus":
                bonuses[item.unit_id.id].append(
                    engine.Bonus(item.award_level, item.points if item.points > 0 else None)
                )
            else:
                deductions[item.unit_id.id].append(
                    engine.Deduction(item.deduction_category_id.id, item.points)
                )
        return bonuses, deductions

    def _read_vetoes(self, schemes):
        vetoes = self.env["target.veto"].search_fetch(
            [("cycle_id", "=", self.cycle.id), ("state", "=", "confirmed"), *self._until()],
            ["unit_id", "type_id", "effect", "max_grade"],
        )
        by_unit = defaultdict(list)
        for veto in vetoes:
            scheme_id = self.data.unit_scheme.get(veto.unit_id.id)
            if scheme_id is None:
                continue
            effect, max_grade = veto.effect, veto.max_grade
            if effect == "scheme":
                scheme = schemes[scheme_id]
                effect, max_grade = scheme.veto_effect, scheme.veto_max_grade
            by_unit[veto.unit_id.id].append(
                engine.Veto(effect, max_grade or engine.PASS, str(veto.type_id.id))
            )
        return by_unit


def given_score_spec(points, score, section, key, difficulty=1.0):
    """A goal spec whose score is ``score``, given by a person, not measured.

    The engine has no "given score" method: a ratio of ``score`` against the
    goal's points, uncapped, scores exactly ``score`` (0 when negative).
    """
    cap = max(1.0, score / points) if points > 0 else 1.0
    return engine.GoalSpec(
        method=engine.RATIO,
        points=points,
        target=points,
        actual=score,
        params={"cap": cap},
        section=section,
        key=key,
        difficulty=difficulty,
    )
