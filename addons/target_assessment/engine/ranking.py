"""Ranking and grading the units of one scheme (one unit category).

Ranking is competition ranking (1, 2, 2, 4) by total, higher first; equal
totals are ordered by the tie-break section's score, higher first; units equal
on both share the rank. Vetoed units keep the rank their total earns (the veto
acts on the grade and is flagged in listings) unless the scheme says
``veto_last``, which ranks them after every unvetoed unit.

Grading, for each unit:

1. thresholds: the first grade whose minimum the total reaches, else the
   lowest grade;
2. veto ceiling: ``fail`` gives the lowest grade, ``cap_grade`` at most its
   grade. Applying it before the quotas means that a vetoed unit never takes a
   quota place it cannot keep: the place goes to the next eligible unit;
3. quotas, from the best grade down: of the units holding the grade, in rank
   order, at most ``limit = quota × number of units of the scheme`` (rounded
   as configured) keep it; the others drop to the next grade, where that
   grade's quota (if any) applies to them in turn. Units tied in rank are
   admitted together or not at all: when admitting the whole tied group would
   exceed the limit, none of them gets the grade (no lottery between equal
   scores), and no unit ranked after them gets it either.

The result's ``grade_reason`` says which step decided the grade.
"""

import math
from itertools import groupby

from .common import EPSILON, Reason
from .evaluation import CEIL, FLOOR, ROUND

GRADE_BY_THRESHOLD = "threshold"  # total
GRADE_BY_VETO = "veto"  # max_grade
GRADE_BY_QUOTA = "quota"  # grade (refused), limit


def quota_limit(share, count, rounding=FLOOR):
    """Number of units a quota of ``share`` (0.3 = 30 %) allows among ``count``.

    7 units × 30 % = 2.1: floor 2, round 2, ceil 3. A tolerance absorbs float
    noise (0.29 × 100 is 28.999… in binary, but 29 units).
    """
    exact = share * count
    if rounding == FLOOR:
        return math.floor(exact + EPSILON)
    if rounding == ROUND:
        return math.floor(exact + 0.5 + EPSILON)
    if rounding == CEIL:
        return math.ceil(exact - EPSILON)
    raise ValueError(f"Unknown quota rounding {rounding!r}.")


def threshold_grade(total, thresholds, lowest):
    """The grade of the highest threshold ``total`` reaches, else ``lowest``."""
    for minimum, grade in sorted(thresholds, key=lambda threshold: -threshold[0]):
        if total >= minimum:
            return grade
    return lowest


def rank_units(scheme, results):
    """Return ``{unit: rank}`` (competition ranking, see the module docstring)."""
    rank_key = _rank_key(scheme)
    ranks = {}
    previous = rank = None
    for position, result in enumerate(sorted(results, key=rank_key), 1):
        key = rank_key(result)
        if key != previous:
            previous, rank = key, position
        ranks[result.unit] = rank
    return ranks


def previous_ranks(ranked, previous_cycle):
    """Return ``{key: previous rank}``: the rank each evaluation moved from.

    ``ranked`` holds ``(key, unit, cycle, stage, rank)`` of the ranked
    evaluations, ``stage`` the stage's position in the year; ``previous_cycle``
    maps a cycle to the one before it. An evaluation moved from the unit's
    latest ranked evaluation of an earlier stage of its cycle, else from the
    unit's latest ranked evaluation of the previous cycle; keys that moved
    from none are left out.
    """
    stages = {}  # (unit, cycle) -> [(stage, rank)] in the order of the year
    for _key, unit, cycle, stage, rank in sorted(ranked, key=lambda row: row[3]):
        stages.setdefault((unit, cycle), []).append((stage, rank))
    previous = {}
    for key, unit, cycle, stage, _rank in ranked:
        earlier = [rank for at, rank in stages.get((unit, cycle), ()) if at < stage]
        if not earlier and previous_cycle.get(cycle):
            earlier = [rank for _at, rank in stages.get((unit, previous_cycle[cycle]), ())]
        if earlier:
            previous[key] = earlier[-1]
    return previous


def _rank_key(scheme):
    tie_break, veto_last = scheme.tie_break, scheme.veto_last

    def key(result):
        second = result.sections[tie_break].score if tie_break else 0.0
        return (veto_last and result.vetoed, -result.total, -second)

    return key


def grade_units(scheme, results, ranks):
    """Return ``{unit: (grade, Reason)}`` (see the module docstring)."""
    grades = scheme.grades
    order = {grade: index for index, grade in enumerate(grades)}
    graded = {}
    for result in results:
        grade = threshold_grade(result.total, scheme.thresholds, grades[-1])
        reason = Reason(GRADE_BY_THRESHOLD, {"total": result.total})
        ceiling = result.veto_grade
        if ceiling is not None and order[ceiling] > order[grade]:
            grade, reason = ceiling, Reason(GRADE_BY_VETO, {"max_grade": ceiling})
        graded[result.unit] = (grade, reason)

    in_rank_order = sorted(results, key=lambda result: ranks[result.unit])
    for index, grade in enumerate(grades[:-1]):
        share = scheme.quotas.get(grade)
        if share is None:
            continue
        limit = quota_limit(share, len(results), scheme.quota_rounding)
        refused = (grades[index + 1], Reason(GRADE_BY_QUOTA, {"grade": grade, "limit": limit}))
        holders = [result.unit for result in in_rank_order if graded[result.unit][0] == grade]
        admitted, closed = 0, False
        # holders are in rank order, so equal ranks are adjacent (no odoo.tools here)
        for _rank, group in groupby(holders, key=ranks.__getitem__):  # pylint: disable=bad-builtin-groupby
            group = list(group)
            # Once a tied group is refused, nobody ranked after it gets the grade.
            closed = closed or admitted + len(group) > limit
            if closed:
                for unit in group:
                    graded[unit] = refused
            else:
                admitted += len(group)
    return graded
