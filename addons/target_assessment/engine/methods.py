"""Scoring one goal by its indicator's method (DESIGN.md §4).

``score_goal(GoalSpec) -> GoalScore``. Every method turns the goal's data into
a share of its points; ``score = points × share``. ``completion`` is the
measured completion ratio (``ratio`` and ``bands``: actual against target;
``milestones``: the share of milestones done; ``None`` for the other methods).
``lost`` is what the goal failed to earn of its points (never negative, so
over-fulfilment loses nothing) and ``reason`` says why, as a code and arguments
the ORM layer words in the user's language.

Rules common to all methods:

* Missing data scores 0 with reason ``missing_data`` (``args["field"]`` names
  what is missing: ``actual``, ``target`` or ``milestones``). The engine does
  not guess: an unreported value earns nothing until someone reports it.
* Completion of a quantitative goal (``ratio``, ``bands``) with a positive
  target: higher-is-better ``c = actual / target``, lower-is-better
  ``c = target / actual``. It is clamped to ``[0, MAX_COMPLETION]``: a negative
  actual of a higher-is-better goal completes nothing, and a lower-is-better
  actual of 0 or less (no accidents at all, a debt that shrank) is the best
  possible result, ``MAX_COMPLETION``, which any cap then limits.
* A target of 0 or less has no meaningful ratio; the goal is then full
  (``c = 1``) when the target is met (higher: ``actual >= target``, so target 0
  and actual 0 is full; lower: ``actual <= target``, so target 0 and actual 0 is
  full) and otherwise ``c = params["zero_target_completion"]`` (default 0) with
  reason ``target_missed``.

Parameters (``GoalSpec.params``) per method:

* ``ratio``: ``cap`` (default 1.0; 1.2 lets over-fulfilment earn up to 120 %
  of the points, 超额加分), ``floor`` (minimum share once the goal scores at
  all, default 0), ``zero_below`` (a completion under this scores 0, reason
  ``zero_threshold``; checked before the floor), ``zero_target_completion``.
  ``share = max(min(c, cap), floor)``.
* ``bands``: ``bands``, a list of :class:`Band` or tuples ``(min_completion,
  share[, proportional])``; the highest band whose ``min_completion <= c``
  gives its share; a proportional band grows linearly from its own share to the
  next band's share (a proportional top band is flat: nothing above to grow
  to); ``share`` may be the string ``"proportional"``, meaning "the share
  equals the completion at the band's start", so ``(0.9, "proportional")``
  under ``(1.0, 1.0)`` scores ``points × c`` between 90 % and 100 % (按比例
  得分). Below the lowest band: 0, reason ``zero_threshold``. Also
  ``zero_target_completion``.
* ``binary``: none. ``actual`` is a bool, or a number: done when not 0.
* ``grade``: ``grades``, a mapping letter → share (default A 1.0, B 0.85,
  C 0.7, D 0.5); ``actual`` is the letter (case-insensitive). An unknown
  letter is a configuration error (``ValueError``).
* ``milestones``: ``milestones``, a list of :class:`Milestone` or tuples
  ``(share, done[, name])``; shares are relative weights (they need not add up
  to 1); ``share = Σ share of the done ones / Σ share``. ``actual`` is unused.
* ``deduction``: ``per_incident`` (k, default 1.0), ``cap`` (most points
  deducted, default and at most the goal's points: a goal never scores below
  0; scheme-level deductions are the tool for more). ``actual`` is the number
  of incidents (negative counts as 0); ``score = points − min(k × n, cap)``.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .common import EPSILON, Reason, no_mapping

RATIO = "ratio"
BANDS = "bands"
BINARY = "binary"
GRADE = "grade"
MILESTONES = "milestones"
DEDUCTION = "deduction"
METHODS = (RATIO, BANDS, BINARY, GRADE, MILESTONES, DEDUCTION)

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)

#: A band share meaning "the completion at the band's start" (see module docstring).
PROPORTIONAL = "proportional"

#: Completion is clamped to this (1000 %): the value of an unbounded ratio.
MAX_COMPLETION = 10.0

DEFAULT_GRADE_SHARES = MappingProxyType({"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5})

# Reason codes of a goal score.
REASON_FULL = "full"  # nothing lost
REASON_MISSING_DATA = "missing_data"  # field
REASON_BELOW_TARGET = "below_target"  # completion
REASON_ZERO_THRESHOLD = "zero_threshold"  # completion, threshold
REASON_TARGET_MISSED = "target_missed"  # target, actual (target <= 0)
REASON_NOT_DONE = "not_done"
REASON_GRADE = "grade"  # grade, share
REASON_MILESTONE_MISSED = "milestone_missed"  # names, missed_share
REASON_INCIDENTS = "incidents"  # count, per_incident, deducted

_FULL = Reason(REASON_FULL)


@dataclass(frozen=True, slots=True)
class Band:
    """From ``min_completion`` on, ``share`` of the points (both ratios: 0.9 = 90 %)."""

    min_completion: float
    share: float
    proportional: bool = False


@dataclass(frozen=True, slots=True)
class Milestone:
    """A stage of a task (节点) worth ``share`` of the points once ``done``."""

    share: float
    done: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class GoalSpec:
    """One goal as the engine sees it.

    ``section`` and ``key`` are for the caller (the section the goal counts in,
    the goal's id); :func:`score_goal` copies ``key`` to the result.
    ``difficulty`` is the goal's difficulty coefficient (难度系数), applied by
    the unit's evaluation when its scheme weighs goals by difficulty; the
    goal's own score ignores it. ``share`` is the part of the goal's points the
    unit earns (1 unless the goal is shared with cooperating units, 配合单位:
    the lead's share, or a cooperating unit's), applied by the evaluation to
    both the points earned and the points available; the goal's own score
    ignores it too.
    """

    method: str
    points: float
    target: float | None = None
    actual: float | bool | str | None = None
    direction: str = HIGHER
    params: Mapping = field(default_factory=no_mapping)
    section: str = ""
    key: Hashable = None
    difficulty: float = 1.0
    share: float = 1.0


@dataclass(frozen=True, slots=True)
class GoalScore:
    """The score of one goal, its completion, the points it lost and why."""

    score: float
    completion: float | None
    lost: float
    reason: Reason
    key: Hashable = None


def score_goal(spec):
    """Score one goal by its method; see the module docstring for the rules."""
    scorer = _SCORERS.get(spec.method)
    if scorer is None:
        raise ValueError(f"Unknown scoring method {spec.method!r} (goal {spec.key!r}).")
    if spec.direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {spec.direction!r} (goal {spec.key!r}).")
    score, completion, reason = scorer(spec)
    lost = spec.points - min(score, spec.points)
    if lost < EPSILON:
        lost = 0.0
    return GoalScore(score, completion, lost, reason or _FULL, spec.key)


def completion_ratio(target, actual, direction=HIGHER):
    """Completion of a positive ``target`` by ``actual``, clamped to [0, MAX_COMPLETION]."""
    if direction == HIGHER:
        ratio = actual / target
    elif actual <= 0:
        return MAX_COMPLETION
    else:
        ratio = target / actual
    return min(max(ratio, 0.0), MAX_COMPLETION)


def band_share(bands, completion):
    """Return ``(share, band)`` of the highest band reached, ``(0.0, None)`` below all."""
    ordered = sorted(map(_as_band, bands), key=lambda band: band.min_completion)
    for index in range(len(ordered) - 1, -1, -1):
        band = ordered[index]
        if completion < band.min_completion:
            continue
        if band.proportional and index + 1 < len(ordered):
            upper = ordered[index + 1]
            progress = (completion - band.min_completion) / (
                upper.min_completion - band.min_completion
            )
            return band.share + (upper.share - band.share) * progress, band
        return band.share, band
    return 0.0, None


def _as_band(band):
    if isinstance(band, Band):
        return band
    band = Band(*band)
    if band.share == PROPORTIONAL:
        return Band(band.min_completion, band.min_completion, True)
    return band


def _as_milestone(milestone):
    return milestone if isinstance(milestone, Milestone) else Milestone(*milestone)


def _missing(field):
    return 0.0, None, Reason(REASON_MISSING_DATA, {"field": field})


def _measure(spec):
    """Return ``(completion, reason)``: reason explains a missing or missed target."""
    if spec.actual is None:
        return None, Reason(REASON_MISSING_DATA, {"field": "actual"})
    if spec.target is None:
        return None, Reason(REASON_MISSING_DATA, {"field": "target"})
    actual, target = float(spec.actual), float(spec.target)
    if target > 0:
        return completion_ratio(target, actual, spec.direction), None
    met = actual >= target if spec.direction == HIGHER else actual <= target
    if met:
        return 1.0, None
    completion = spec.params.get("zero_target_completion", 0.0)
    return completion, Reason(REASON_TARGET_MISSED, {"target": target, "actual": actual})


def _score_ratio(spec):
    completion, reason = _measure(spec)
    if completion is None:
        return 0.0, None, reason
    params = spec.params
    zero_below = params.get("zero_below", 0.0)
    if completion < zero_below:
        reason = reason or Reason(
            REASON_ZERO_THRESHOLD, {"completion": completion, "threshold": zero_below}
        )
        return 0.0, completion, reason
    share = max(min(completion, params.get("cap", 1.0)), params.get("floor", 0.0))
    if share >= 1.0:
        reason = None
    elif reason is None:
        reason = Reason(REASON_BELOW_TARGET, {"completion": completion})
    return spec.points * share, completion, reason


def _score_bands(spec):
    completion, reason = _measure(spec)
    if completion is None:
        return 0.0, None, reason
    bands = spec.params.get("bands") or ()
    share, band = band_share(bands, completion)
    if band is None:
        threshold = min(_as_band(b).min_completion for b in bands) if bands else 0.0
        reason = reason or Reason(
            REASON_ZERO_THRESHOLD, {"completion": completion, "threshold": threshold}
        )
    elif share >= 1.0:
        reason = None
    elif reason is None:
        reason = Reason(REASON_BELOW_TARGET, {"completion": completion})
    return spec.points * share, completion, reason


def _score_binary(spec):
    if spec.actual is None:
        return _missing("actual")
    if spec.actual:
        return spec.points, None, None
    return 0.0, None, Reason(REASON_NOT_DONE)


def _score_grade(spec):
    letter = spec.actual
    if letter is None or letter == "":
        return _missing("actual")
    shares = spec.params.get("grades") or DEFAULT_GRADE_SHARES
    share = shares.get(letter)
    if share is None:
        letter = str(letter).strip().upper()
        share = shares.get(letter)
    if share is None:
        raise ValueError(f"Unknown grade {spec.actual!r} (goal {spec.key!r}).")
    reason = None if share >= 1.0 else Reason(REASON_GRADE, {"grade": letter, "share": share})
    return spec.points * share, None, reason


def done_share(milestones):
    """The share of the milestones' points done (1.0 = all), None without shares."""
    milestones = [_as_milestone(m) for m in milestones]
    total = sum(m.share for m in milestones)
    if total <= 0:
        return None
    return sum(m.share for m in milestones if m.done) / total


def _score_milestones(spec):
    milestones = [_as_milestone(m) for m in spec.params.get("milestones") or ()]
    share = done_share(milestones)
    if share is None:
        return _missing("milestones")
    reason = None
    if share < 1.0:
        missed = tuple(m.name for m in milestones if not m.done)
        reason = Reason(REASON_MILESTONE_MISSED, {"names": missed, "missed_share": 1.0 - share})
    return spec.points * share, share, reason


def _score_deduction(spec):
    if spec.actual is None:
        return _missing("actual")
    count = max(float(spec.actual), 0.0)
    per_incident = spec.params.get("per_incident", 1.0)
    cap = spec.params.get("cap")
    cap = spec.points if cap is None else min(cap, spec.points)
    deducted = min(per_incident * count, cap)
    if deducted <= 0:
        return spec.points, None, None
    reason = Reason(
        REASON_INCIDENTS, {"count": count, "per_incident": per_incident, "deducted": deducted}
    )
    return spec.points - deducted, None, reason


_SCORERS = {
    RATIO: _score_ratio,
    BANDS: _score_bands,
    BINARY: _score_binary,
    GRADE: _score_grade,
    MILESTONES: _score_milestones,
    DEDUCTION: _score_deduction,
}
