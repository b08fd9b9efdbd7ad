"""Applying a published cycle to people (结果运用): plain Python, no Odoo import.

Suggested personal appraisal grade (优秀 / 称职 / 基本称职 / 不称职) of each
member of an evaluated unit's leadership team, in three steps:

1. unit grade: the policy maps each unit grade to the best personal grade a
   leader of such a unit may get (e.g. 优秀 → 优秀, 良好 → 优秀, 合格 → 称职,
   不合格 → 基本称职); a member starts at the cap of their unit's grade (a unit
   without a grade gives 称职);
2. veto: the principal leader (党政正职) of a vetoed unit cannot be 优秀 (称职
   at best) when the policy says so;
3. quota: of the members of the cycle, at most ``limit = quota × number of
   members`` (rounded down, half up or up as configured, exactly as the units'
   quota: :func:`.ranking.quota_limit`) keep 优秀. Candidates are ordered by
   their unit's score, then by their own person-level goals' share (score ÷
   points available; members without person-level goals come after those
   with), higher first. Members equal on both are admitted together or not
   at all, and nobody after a refused group is admitted: no lottery between
   equals. The refused become 称职.

The target bonus (目标管理奖金) of a unit is ``base × coefficient of its
grade``, less the cut (下浮) for its missed goals when its scheme has one:
``cut = min(missed goals × cut per goal, maximum cut, 100)`` percent, so
``amount = base × coefficient × (1 − cut / 100)``, rounded half up to the
cent; 不合格 always has coefficient 0.

Reward and penalty proposals (奖惩) follow rules on the unit's grade: for the
unit itself or for the members of its leadership team (optionally one role).

Cadre selection ranks people by their results in the last N cycles: per
cycle their best result counts; the order is the mean grade points (优秀 4,
称职 3, 基本称职 2, 不称职 1), then the number of 优秀, the mean unit score and
the mean own-goal share, all higher first; people equal on all share a rank
(competition ranking 1, 2, 2, 4).
"""

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .common import EPSILON, FAIL, Reason, no_mapping, round_score
from .evaluation import FLOOR
from .ranking import quota_limit

#: Personal appraisal grades, best first (优秀 / 称职 / 基本称职 / 不称职).
P_EXCELLENT = "excellent"
P_COMPETENT = "competent"
P_BASIC = "basic"
P_INCOMPETENT = "incompetent"
PERSONAL_GRADES = (P_EXCELLENT, P_COMPETENT, P_BASIC, P_INCOMPETENT)
#: Points of a personal grade in the cadre ranking.
GRADE_POINTS = {P_EXCELLENT: 4, P_COMPETENT: 3, P_BASIC: 2, P_INCOMPETENT: 1}

#: The leader role whose unit's veto bars 优秀.
PRINCIPAL = "principal"

# Which step decided a suggested grade.
SUGGESTED_BY_UNIT = "unit"  # unit_grade
SUGGESTED_BY_VETO = "veto"
SUGGESTED_BY_QUOTA = "quota"  # limit

# Who a reward or penalty rule proposes an incentive for.
FOR_UNIT = "unit"
FOR_LEADERS = "leaders"


@dataclass(frozen=True, slots=True)
class Policy:
    """How grades are suggested in a cycle.

    ``caps`` maps a unit grade to the best personal grade of its leaders (a
    grade missing from it, or no grade, gives 称职); ``excellent_quota`` is a
    share (0.2 = 20 %), ``None`` for no quota.
    """

    caps: Mapping = field(default_factory=no_mapping)
    veto_principal_not_excellent: bool = True
    excellent_quota: float | None = None
    quota_rounding: str = FLOOR


@dataclass(frozen=True, slots=True)
class Member:
    """A member of an evaluated unit's leadership team in one cycle."""

    key: Hashable
    unit_grade: str | None
    unit_score: float = 0.0
    vetoed: bool = False
    role: str = ""
    own_score: float = 0.0
    own_points: float = 0.0

    @property
    def own_share(self):
        """Share of the own goals' points earned; ``None`` without own goals."""
        return self.own_score / self.own_points if self.own_points > EPSILON else None


def suggest_grades(policy, members):
    """Return ``{member key: (personal grade, Reason)}`` (see the module docstring)."""
    order = {grade: index for index, grade in enumerate(PERSONAL_GRADES)}
    suggested = {}
    for member in members:
        cap = policy.caps.get(member.unit_grade, P_COMPETENT)
        grade, reason = cap, Reason(SUGGESTED_BY_UNIT, {"unit_grade": member.unit_grade})
        if (
            policy.veto_principal_not_excellent
            and member.vetoed
            and member.role == PRINCIPAL
            and order[grade] < order[P_COMPETENT]
        ):
            grade, reason = P_COMPETENT, Reason(SUGGESTED_BY_VETO)
        suggested[member.key] = (grade, reason)
    if policy.excellent_quota is None:
        return suggested

    limit = quota_limit(policy.excellent_quota, len(members), policy.quota_rounding)
    refused = (P_COMPETENT, Reason(SUGGESTED_BY_QUOTA, {"limit": limit}))
    candidates = sorted(
        (m for m in members if suggested[m.key][0] == P_EXCELLENT), key=_quota_order
    )
    admitted, closed = 0, False
    for _key, group in groupby(candidates, key=_quota_order):  # pylint: disable=bad-builtin-groupby
        group = list(group)
        closed = closed or admitted + len(group) > limit
        if closed:
            for member in group:
                suggested[member.key] = refused
        else:
            admitted += len(group)
    return suggested


def _quota_order(member):
    share = member.own_share
    return (-round_score(member.unit_score, 4), share is None, -round_score(share or 0.0, 6))


def bonus_coefficient(grade, coefficients):
    """The bonus coefficient of a unit ``grade``: from ``coefficients``, 0 for 不合格."""
    if not grade or grade == FAIL:
        return 0.0
    return coefficients.get(grade, 0.0)


def bonus_cut(missed, per_goal, maximum):
    """The cut (下浮) of a target bonus in percent: ``min(missed × per_goal, maximum, 100)``.

    ``missed`` is the number of the unit's goals that lost points, ``per_goal``
    the percent cut for each, ``maximum`` the largest cut; none may be negative.
    """
    for name, value in (("missed goals", missed), ("cut per goal", per_goal), ("cut", maximum)):
        if value is None or value < 0:
            raise ValueError(f"The bonus {name} cannot be negative ({value!r}).")
    return round_score(min(missed * per_goal, maximum, 100.0), 4)


def bonus_amount(base, coefficient, cut=0.0):
    """A unit's target bonus: ``base × coefficient``, less ``cut`` percent, half up to the cent."""
    if not 0.0 <= cut <= 100.0:
        raise ValueError(f"The bonus cut is a percent from 0 to 100, not {cut!r}.")
    return round_score(base * coefficient * (100.0 - cut) / 100.0, 2)


@dataclass(frozen=True, slots=True)
class IncentiveRule:
    """Propose an incentive when a unit is graded ``unit_grade``.

    ``recipient`` is :data:`FOR_UNIT` or :data:`FOR_LEADERS` (the members of
    the team, only those of ``role`` when given); ``vetoed_only`` restricts the
    rule to vetoed units, ``categories`` (when not empty) to units of these
    categories.
    """

    key: Hashable
    unit_grade: str
    recipient: str = FOR_UNIT
    role: str | None = None
    vetoed_only: bool = False
    categories: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    """A unit's published result and its team ``((employee, role), …)``."""

    key: Hashable
    grade: str | None
    vetoed: bool = False
    category: Hashable = None
    leaders: Sequence = ()


def propose_incentives(rules, units):
    """Return ``[(rule key, unit key, employee or None)]``, each once, in rule then unit order."""
    proposals = []
    seen = set()
    for rule in rules:
        for unit in units:
            if unit.grade != rule.unit_grade or (rule.vetoed_only and not unit.vetoed):
                continue
            if rule.categories and unit.category not in rule.categories:
                continue
            if rule.recipient == FOR_UNIT:
                targets = [None]
            else:
                targets = [emp for emp, role in unit.leaders if rule.role in (None, role)]
            for employee in targets:
                proposal = (rule.key, unit.key, employee)
                if proposal not in seen:
                    seen.add(proposal)
                    proposals.append(proposal)
    return proposals


@dataclass(frozen=True, slots=True)
class CadreResult:
    """One result of a person: its cycle, grade, unit score, own share; ``ref`` is the caller's."""

    cycle: Hashable
    grade: str | None
    unit_score: float = 0.0
    own_share: float | None = None
    ref: Hashable = None


@dataclass(frozen=True, slots=True)
class CadreRank:
    """A person's place in the cadre ranking and the figures it rests on."""

    key: Hashable
    rank: int
    cycles: int
    points: float
    excellent: int
    unit_score: float
    own_share: float | None
    last_grade: str
    last_ref: Hashable = None


def rank_cadres(results, recent_cycles, min_grade=None):
    """Rank people by their results in ``recent_cycles`` (see the module docstring).

    ``results`` maps a person to their :class:`CadreResult` list,
    ``recent_cycles`` lists the cycles that count, oldest first; a person's
    latest counted result gives ``last_grade`` and ``last_ref``. People
    without a graded result in these cycles are left out, and so are those
    whose latest grade is worse than ``min_grade`` when given. Returns
    :class:`CadreRank` in rank order.
    """
    order = {grade: index for index, grade in enumerate(PERSONAL_GRADES)}
    position = {cycle: index for index, cycle in enumerate(recent_cycles)}
    rows = []
    for person, person_results in results.items():
        best = {}
        for result in person_results:
            if result.cycle not in position or result.grade not in GRADE_POINTS:
                continue
            current = best.get(result.cycle)
            if current is None or _best_key(result) > _best_key(current):
                best[result.cycle] = result
        if not best:
            continue
        counted = [best[cycle] for cycle in sorted(best, key=position.__getitem__)]
        if min_grade is not None and order[counted[-1].grade] > order[min_grade]:
            continue
        shares = [r.own_share for r in counted if r.own_share is not None]
        rows.append(
            CadreRank(
                key=person,
                rank=0,
                cycles=len(counted),
                points=round_score(sum(GRADE_POINTS[r.grade] for r in counted) / len(counted), 4),
                excellent=sum(1 for r in counted if r.grade == P_EXCELLENT),
                unit_score=round_score(sum(r.unit_score for r in counted) / len(counted), 2),
                own_share=round_score(sum(shares) / len(shares), 4) if shares else None,
                last_grade=counted[-1].grade,
                last_ref=counted[-1].ref,
            )
        )
    rows.sort(key=lambda row: (_rank_key(row), row.key))
    ranked = []
    previous = rank = None
    for index, row in enumerate(rows, 1):
        key = _rank_key(row)
        if key != previous:
            previous, rank = key, index
        ranked.append(dataclasses.replace(row, rank=rank))
    return ranked


def _best_key(result):
    return (GRADE_POINTS[result.grade], result.unit_score)


def _rank_key(row):
    share = row.own_share
    return (-row.points, -row.excellent, -row.unit_score, share is None, -(share or 0.0))
