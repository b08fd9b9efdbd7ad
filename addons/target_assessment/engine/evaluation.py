"""Scoring one unit under its scheme: sections, bonus, deductions, total.

A scheme (考核办法) splits the total into sections (考核板块) worth their
weight, e.g. 40:50:10 for counties and 20:60:20 for city departments:

* a ``goals`` section is worth ``weight × Σ goal scores / Σ goal points``: a
  section whose goals all score full is worth exactly its weight; it exceeds
  it only through over-fulfilment a ratio ``cap`` above 1 allows. A section
  without goals (or whose goals have no points) scores 0 and is ``empty``.
* a ``special`` section (专项评议, 社会评价, 领导评价) is worth
  ``weight × Σ(body weight × score / 100) / Σ body weight`` over the bodies
  that gave a score (0-100); the configured bodies that gave none are
  reported in ``missing`` (and the section is ``empty`` when none did). A
  section without configured bodies weighs every body that scored alike.
* a ``routine`` section (平时考核, against 一考定终身) is worth
  ``weight × mean(routine scores) / 100`` of the quarterly and mid-year totals.

``total = Σ section scores + bonus − deductions`` where the bonus is
``min(Σ bonus items, bonus_cap)`` (the excess is reported) and the deductions
are ``Σ over categories of min(Σ items of the category, cap of the
category)``, then at most ``deduction_cap`` overall. Section scores, bonus and
deductions are rounded half-up at ``digits`` decimals and the total is their
sum, so that a published table adds up; ranking and grading use these rounded
figures. Goal scores are not rounded.

Difficulty coefficients (难度系数: 任务较重、贡献较大) follow the scheme's
``difficulty`` basis: ``none`` (the default) ignores them; ``goal`` multiplies
each goal's earned score by its own coefficient (``GoalSpec.difficulty``) in
its section's sum, so the section is ``weight × Σ(score × coefficient) / Σ
points``; ``unit`` multiplies the score of each goals section of the unit by
the unit's coefficient (``Unit.difficulty``), before rounding. Special and
routine sections, bonus and deductions are never weighted. The coefficient
comes after the goal's own cap (a ratio goal's over-fulfilment cap) and the
points available are not weighted: as with over-fulfilment, a section has no
cap of its own at its weight, so a coefficient above 1 may raise it above its
weight, and one below 1 lowers even a section whose goals all score full. The
goals' own scores (and the points they lost) are left as measured. A
coefficient of 0 or less is an error (``ValueError`` naming the goal or unit).

Shared goals (牵头单位、配合单位): a goal's points may be shared between its
unit, the lead, and cooperating units. Each counts the goal in a goals
section with its share (``GoalSpec.share``, a fraction) of both the score
earned and the points available; the lead has the goal among its ``goals``
(with what the cooperating units do not take), a cooperating unit among its
``shared`` goals (specs of other units' goals, with its own share and the
code of the section of its own scheme they count in). The goal is scored
once per unit, the same way; its results stay in the lead's ``goals`` and
the cooperating unit's ``shared``. A share outside [0, 1] is an error.

Which cycle a late award counts in (结转) is decided before the engine: it
receives the items of the cycle being scored.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .common import EMPTY, EXCELLENT, FAIL, GOOD, GRADES, PASS, Reason, no_mapping, round_score
from .methods import GoalSpec, score_goal

GOALS = "goals"
SPECIAL = "special"
ROUTINE = "routine"
SECTION_KINDS = (GOALS, SPECIAL, ROUTINE)

CAP_GRADE = "cap_grade"
VETO_EFFECTS = (CAP_GRADE, FAIL)

FLOOR = "floor"
ROUND = "round"
CEIL = "ceil"
ROUNDINGS = (FLOOR, ROUND, CEIL)

#: Difficulty bases of a scheme: no coefficient, per goal, per unit.
NO_DIFFICULTY = "none"
GOAL_DIFFICULTY = "goal"
UNIT_DIFFICULTY = "unit"
DIFFICULTY_BASES = (NO_DIFFICULTY, GOAL_DIFFICULTY, UNIT_DIFFICULTY)

DEFAULT_BONUS_LEVELS = MappingProxyType({"national": 3.0, "provincial": 2.0, "city": 1.0})
DEFAULT_THRESHOLDS = ((90.0, EXCELLENT), (75.0, GOOD), (60.0, PASS))


@dataclass(frozen=True, slots=True)
class Section:
    """A section of a scheme; ``bodies`` (special sections) maps body → weight."""

    code: str
    weight: float
    kind: str = GOALS
    bodies: Mapping = field(default_factory=no_mapping)


@dataclass(frozen=True, slots=True)
class Scheme:
    """The configuration of one scheme (one unit category in one cycle).

    ``bonus_cap``/``deduction_cap`` ``None``: no cap. ``deduction_caps`` maps a
    category to its cap; a category not in it is not capped. ``thresholds`` are
    ``(minimum total, grade)``; below all of them a unit gets the last of
    ``grades``. ``quotas`` maps a grade to the largest share of the scheme's
    units that may hold it (0.3 = 30 %), ``quota_rounding`` turns the share
    into a number of units. ``tie_break`` is a section code. ``veto_last``
    ranks vetoed units after all others. ``difficulty`` is the basis of the
    difficulty coefficients (see the module docstring).
    """

    key: Hashable
    sections: Sequence[Section]
    bonus_cap: float | None = None
    bonus_levels: Mapping = field(default_factory=lambda: DEFAULT_BONUS_LEVELS)
    deduction_caps: Mapping = field(default_factory=no_mapping)
    deduction_cap: float | None = None
    thresholds: Sequence = DEFAULT_THRESHOLDS
    grades: Sequence[str] = GRADES
    quotas: Mapping = field(default_factory=no_mapping)
    quota_rounding: str = FLOOR
    tie_break: str | None = None
    veto_last: bool = False
    digits: int = 2
    difficulty: str = NO_DIFFICULTY


@dataclass(frozen=True, slots=True)
class Bonus:
    """An award (加分): its level, or its own points (which win over the level)."""

    level: str = ""
    points: float | None = None


@dataclass(frozen=True, slots=True)
class Deduction:
    """A deduction (减分) of ``points`` in a category."""

    category: str
    points: float


@dataclass(frozen=True, slots=True)
class Veto:
    """A one-vote veto (一票否决): ``fail``, or ``cap_grade`` at ``max_grade``."""

    effect: str
    max_grade: str | None = None
    code: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One assessed unit's data for a cycle (or a mid-year evaluation).

    ``special`` maps a special section's code to ``{body: score}``;
    ``routine`` maps a routine section's code to its list of scores.
    ``difficulty`` is the unit's difficulty coefficient (used when the scheme's
    basis is ``unit``).
    """

    key: Hashable
    scheme: Hashable
    goals: Sequence[GoalSpec] = ()
    special: Mapping = field(default_factory=no_mapping)
    routine: Mapping = field(default_factory=no_mapping)
    bonuses: Sequence[Bonus] = ()
    deductions: Sequence[Deduction] = ()
    vetoes: Sequence[Veto] = ()
    difficulty: float = 1.0
    shared: Sequence[GoalSpec] = ()


@dataclass(slots=True)
class SectionResult:
    """A section's score; ``missing`` lists the special bodies that gave none."""

    code: str
    kind: str
    weight: float
    score: float
    empty: bool = False
    missing: tuple = ()


@dataclass(slots=True)
class UnitResult:
    """Everything computed for one unit; ``rank`` and grade come from ranking.

    ``sections`` maps a section code to its :class:`SectionResult`, in the
    scheme's order; ``goals`` is aligned with ``Unit.goals``. ``bonus`` is the
    bonus applied, ``bonus_excess`` what the cap cut off; ``deductions`` maps a
    category to the points applied after its cap, ``deduction`` is their sum
    after the overall cap. ``veto_grade`` is the best grade
    the unit's vetoes allow (``None`` without veto). ``grade_reason`` says what
    decided the grade: ``threshold``, ``veto`` (max_grade) or ``quota``
    (grade, limit: the grade the quota refused and its number of places).
    """

    unit: Hashable
    scheme: Hashable
    sections: dict
    goals: tuple
    bonus: float
    bonus_excess: float
    deductions: dict
    deduction: float
    total: float
    vetoed: bool = False
    veto_grade: str | None = None
    rank: int | None = None
    grade: str | None = None
    grade_reason: Reason | None = None
    shared: tuple = ()


def evaluate_unit(scheme, unit):
    """Score ``unit`` under ``scheme``: every goal, every section, bonus, deductions."""
    digits = scheme.digits
    kinds = {section.code: section.kind for section in scheme.sections}
    earned = dict.fromkeys(kinds, 0.0)
    possible = dict.fromkeys(kinds, 0.0)
    goal_scores = []
    by_goal = scheme.difficulty == GOAL_DIFFICULTY
    unit_factor = 1.0
    if scheme.difficulty == UNIT_DIFFICULTY:
        unit_factor = _coefficient(unit.difficulty, f"unit {unit.key!r}")
    shared_scores = []
    for specs, scores in ((unit.goals, goal_scores), (unit.shared, shared_scores)):
        for spec in specs:
            if kinds.get(spec.section) != GOALS:
                raise ValueError(
                    f"Goal {spec.key!r} of unit {unit.key!r} is in section {spec.section!r}, "
                    f"which is not a goals section of scheme {scheme.key!r}."
                )
            if not 0.0 <= spec.share <= 1.0:
                raise ValueError(
                    f"The share of goal {spec.key!r} of unit {unit.key!r} must lie between "
                    f"0 and 1, not {spec.share!r}."
                )
            result = score_goal(spec)
            scores.append(result)
            factor = 1.0
            if by_goal:
                factor = _coefficient(spec.difficulty, f"goal {spec.key!r} of unit {unit.key!r}")
            earned[spec.section] += result.score * factor * spec.share
            possible[spec.section] += spec.points * spec.share

    sections = {}
    for section in scheme.sections:
        if section.kind == GOALS:
            result = _goals_section(section, earned[section.code], possible[section.code])
            result.score *= unit_factor
        elif section.kind == SPECIAL:
            result = special_section(section, unit.special.get(section.code) or EMPTY)
        elif section.kind == ROUTINE:
            result = routine_section(section, unit.routine.get(section.code) or ())
        else:
            raise ValueError(f"Unknown kind {section.kind!r} of section {section.code!r}.")
        result.score = round_score(result.score, digits)
        sections[section.code] = result

    bonus, bonus_excess = apply_bonus(scheme, unit.bonuses)
    deductions, deduction = apply_deductions(scheme, unit.deductions, digits)
    bonus = round_score(bonus, digits)
    total = sum(result.score for result in sections.values()) + bonus - deduction
    veto_grade = veto_ceiling(unit.vetoes, scheme.grades)
    return UnitResult(
        unit=unit.key,
        scheme=scheme.key,
        sections=sections,
        goals=tuple(goal_scores),
        bonus=bonus,
        bonus_excess=round_score(bonus_excess, digits),
        deductions=deductions,
        deduction=deduction,
        total=round_score(total, digits),
        vetoed=bool(unit.vetoes),
        veto_grade=veto_grade,
        shared=tuple(shared_scores),
    )


def _coefficient(value, owner):
    """``value`` as a difficulty coefficient of ``owner``; ``ValueError`` unless positive."""
    if value is None or not value > 0:
        raise ValueError(f"The difficulty coefficient of {owner} must be positive, not {value!r}.")
    return value


def _goals_section(section, earned, possible):
    if possible <= 0:
        return SectionResult(section.code, GOALS, section.weight, 0.0, empty=True)
    return SectionResult(section.code, GOALS, section.weight, section.weight * earned / possible)


def special_section(section, scores):
    """Score a special section from ``{body: score 0-100}`` (see the module docstring)."""
    bodies = section.bodies
    if bodies and not scores.keys() <= bodies.keys():
        unknown = sorted(set(scores) - set(bodies))
        raise ValueError(f"Section {section.code!r} has no evaluating body {unknown}.")
    weighted = weights = 0.0
    for body, score in scores.items():
        if score is None:
            continue
        weight = bodies[body] if bodies else 1.0
        weighted += weight * score
        weights += weight
    missing = tuple(body for body in bodies if scores.get(body) is None)
    score = section.weight * weighted / weights / 100.0 if weights > 0 else 0.0
    return SectionResult(section.code, SPECIAL, section.weight, score, not weights, missing)


def routine_section(section, scores):
    """Score a routine section from the routine totals (0-100): weight × mean / 100."""
    scores = [score for score in scores if score is not None]
    if not scores:
        return SectionResult(section.code, ROUTINE, section.weight, 0.0, empty=True)
    score = section.weight * sum(scores) / len(scores) / 100.0
    return SectionResult(section.code, ROUTINE, section.weight, score)


def apply_bonus(scheme, bonuses):
    """Return ``(bonus applied, excess over the cap)``; an item's points win over its level."""
    raw = 0.0
    for bonus in bonuses:
        points = bonus.points
        if points is None:
            points = scheme.bonus_levels.get(bonus.level)
            if points is None:
                raise ValueError(f"Scheme {scheme.key!r} gives no points to level {bonus.level!r}.")
        raw += points
    applied = raw if scheme.bonus_cap is None else min(raw, scheme.bonus_cap)
    return applied, raw - applied


def apply_deductions(scheme, deductions, digits=2):
    """Return ``({category: applied}, total applied)``, rounded at ``digits``.

    Each category is capped by ``deduction_caps``; the total is the sum of the
    categories, then capped by ``deduction_cap`` (so the categories add up to
    more than the total only when the overall cap bites).
    """
    raw = {}
    for deduction in deductions:
        raw[deduction.category] = raw.get(deduction.category, 0.0) + deduction.points
    caps = scheme.deduction_caps
    applied = {
        category: round_score(
            points if caps.get(category) is None else min(points, caps[category]), digits
        )
        for category, points in raw.items()
    }
    total = round_score(sum(applied.values()), digits)
    if scheme.deduction_cap is not None:
        total = min(total, scheme.deduction_cap)
    return applied, total


def veto_ceiling(vetoes, grades=GRADES):
    """Return the best grade ``vetoes`` allow (``None`` without veto): the strictest wins."""
    if not vetoes:
        return None
    worst = 0
    for veto in vetoes:
        if veto.effect == FAIL:
            ceiling = grades[-1]
        elif veto.effect == CAP_GRADE and veto.max_grade in grades:
            ceiling = veto.max_grade
        else:
            raise ValueError(f"Invalid veto effect {veto.effect!r} / grade {veto.max_grade!r}.")
        worst = max(worst, grades.index(ceiling))
    return grades[worst]


def validate_scheme(scheme):
    """Raise ``ValueError`` on a scheme the engine cannot apply; return it otherwise."""
    codes = [section.code for section in scheme.sections]
    if len(set(codes)) != len(codes):
        raise ValueError(f"Scheme {scheme.key!r} repeats a section code: {codes}.")
    for section in scheme.sections:
        if section.kind not in SECTION_KINDS:
            raise ValueError(f"Unknown kind {section.kind!r} of section {section.code!r}.")
    if scheme.tie_break is not None and scheme.tie_break not in codes:
        raise ValueError(
            f"Scheme {scheme.key!r} breaks ties by unknown section {scheme.tie_break!r}."
        )
    named = [grade for _minimum, grade in scheme.thresholds] + list(scheme.quotas)
    unknown = [grade for grade in named if grade not in scheme.grades]
    if unknown:
        raise ValueError(f"Scheme {scheme.key!r} uses unknown grades {unknown}.")
    if scheme.grades[-1] in scheme.quotas:
        raise ValueError(f"Scheme {scheme.key!r}: the lowest grade cannot have a quota.")
    if scheme.quota_rounding not in ROUNDINGS:
        raise ValueError(f"Unknown quota rounding {scheme.quota_rounding!r}.")
    if scheme.difficulty not in DIFFICULTY_BASES:
        raise ValueError(
            f"Scheme {scheme.key!r} has an unknown difficulty basis {scheme.difficulty!r}."
        )
    return scheme
