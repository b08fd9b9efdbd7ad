"""Satisfaction surveys (满意度测评 / 民主测评) turned into a special evaluation's score.

Each response rates a unit with one option of the campaign's scale (满意 /
基本满意 / 不满意, or 1-10), each option worth a score out of 100. The
responses of a unit are grouped by respondent group (人大代表, 政协委员,
服务对象, 群众 …): a group's score is the mean of its responses, after
dropping its highest and lowest response when trimming is asked and the
group has at least :data:`TRIM_MINIMUM` responses; the unit's score is the
mean of its groups' scores weighted by the groups' weights (groups without
responses do not count). A unit with fewer responses than the campaign's
minimum is flagged: its score is computed but must be looked at. The count
of every option, per group, is kept for audit.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .common import no_mapping, round_score

#: A group is trimmed only when something is left after dropping two responses.
TRIM_MINIMUM = 3

#: The scales: (option code, score out of 100), best first.
THREE_LEVELS = (("satisfied", 100.0), ("fair", 60.0), ("dissatisfied", 0.0))
TEN_POINTS = tuple((str(points), points * 10.0) for points in range(10, 0, -1))
SCALES = {"three": THREE_LEVELS, "ten": TEN_POINTS}


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's rating of one unit: the option picked and its score."""

    group: str
    option: str
    score: float


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A respondent group's share of a unit's score."""

    group: str
    weight: float
    responses: int
    counted: int  # after trimming
    score: float | None  # None: no response


@dataclass(frozen=True, slots=True)
class SurveyResult:
    """A unit's aggregated survey result."""

    score: float | None  # None: nobody answered
    responses: int
    short: bool  # fewer responses than the minimum: flagged
    groups: tuple = ()
    counts: Mapping = field(default_factory=no_mapping)  # {group: {option: n}}


def trimmed(scores, trim):
    """``scores`` without their highest and lowest one when ``trim`` applies."""
    scores = sorted(scores)
    if trim and len(scores) >= TRIM_MINIMUM:
        return scores[1:-1]
    return scores


def aggregate(responses, weights, trim=False, minimum=0):
    """Aggregate the ``responses`` of one unit.

    ``weights`` maps every respondent group to its weight (> 0); a response
    of a group not in ``weights`` is an error. ``minimum`` is the number of
    responses under which the result is flagged as short.
    """
    by_group = {group: [] for group in weights}
    counts = {group: Counter() for group in weights}
    for response in responses:
        if response.group not in by_group:
            raise ValueError(f"unknown respondent group {response.group!r}")
        if not 0.0 <= response.score <= 100.0:
            raise ValueError(f"score {response.score} outside 0-100")
        by_group[response.group].append(response.score)
        counts[response.group][response.option] += 1
    groups = []
    weighted = total_weight = 0.0
    for group, scores in by_group.items():
        weight = weights[group]
        if weight <= 0:
            raise ValueError(f"weight of {group!r} must be positive")
        kept = trimmed(scores, trim)
        score = sum(kept) / len(kept) if kept else None
        groups.append(GroupResult(group, weight, len(scores), len(kept), score))
        if score is not None:
            weighted += weight * score
            total_weight += weight
    count = sum(len(scores) for scores in by_group.values())
    return SurveyResult(
        score=round_score(weighted / total_weight) if total_weight else None,
        responses=count,
        short=count < minimum,
        groups=tuple(groups),
        counts={group: dict(counter) for group, counter in counts.items() if counter},
    )


def aggregate_units(responses_by_unit, units, weights, trim=False, minimum=0):
    """``{unit: SurveyResult}`` for every unit of ``units`` (those without responses too)."""
    return {
        unit: aggregate(responses_by_unit.get(unit, ()), weights, trim, minimum) for unit in units
    }
