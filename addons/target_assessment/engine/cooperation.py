"""Goals shared by a lead unit and cooperating units (牵头单位、配合单位), plain Python.

A shared goal's work is split in parts: each cooperating unit has its share
of the work (%), the lead keeps the rest. Every part is reported on its own
and measured against its part of the target: for an additive indicator (GDP,
investment, energy use) the target times the share, for any other (a rate, a
ratio) the goal's target itself.

The goal's completion rolls the parts up, weighted by their work shares:
``c = Σ share × c_part / 100``, a part not yet reported counting as 0 (the
work it stands for has not been reported done). The goal then carries the
actual that has this completion (:func:`equivalent_actual`), so that its
light, its parents' roll-up and its score read it like any other actual; for
an additive, higher-is-better goal that is exactly the sum of the parts.

Where the scheme shares the points too, each cooperating unit earns its point
share (%) of the goal's score and the lead the rest (:func:`shared_scores`).
"""

from dataclasses import dataclass

from .common import round_score
from .methods import BINARY, MAX_COMPLETION, MILESTONES, done_share

FULL = 100.0


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a shared goal: its share of the work (%) and its reported actual.

    ``actual`` is None while the part has not been reported.
    """

    share: float
    actual: float | None = None


def lead_share(shares):
    """What the lead keeps (%) of the work or points after the cooperating ``shares``."""
    return FULL - sum(shares)


def part_target(target, share, additive):
    """The target of a part: the share of an additive target, else the target itself."""
    return target * share / FULL if additive else target


def completion(target, actual, lower=False):
    """Completion ratio of ``actual`` against ``target`` (1.0 = met), by direction.

    Lower-is-better: ``target / actual`` (an actual of 0 or less is met); a
    target of 0 or less completes nothing unless the actual is 0 or less too.
    Higher-is-better: ``actual / target`` (never below 0); a target of 0 is met
    by any actual of 0 or more. Not capped: over-fulfilment shows.
    """
    if lower:
        if actual <= 0:
            return 1.0
        return target / actual if target > 0 else 0.0
    if not target:
        return 1.0 if actual >= 0 else 0.0
    return max(actual / target, 0.0)


def goal_completion(method, target, actual, lower=False, milestones=()):
    """The completion a goal shows, as its scoring method reads it (1.0 = full).

    A goal scored done / not done (``binary``) is complete when its actual is
    not 0: a line held (失业率控制线 5.5 %) reported as done is 100 %, not
    5.5 / 1 = 550 %. A goal scored by ``milestones`` (``(share, done)`` pairs)
    is as complete as the shares of its milestones done: a project with half
    of them done is at 50 %, whatever its investment figure. Any other goal:
    :func:`completion` of its actual against its target. None while there is
    nothing to measure (no actual reported; milestones count without one).
    """
    done = done_share(milestones) if method == MILESTONES else None
    if done is not None:
        return done
    if actual is None:
        return None
    if method == BINARY:
        return 1.0 if actual else 0.0
    return completion(target, actual, lower)


def rolled_completion(target, parts, additive, lower=False):
    """The goal's completion from its ``parts`` (:class:`Part`), weighted by their shares.

    None while no part has been reported.
    """
    if all(part.actual is None for part in parts):
        return None
    return sum(
        part.share
        / FULL
        * completion(part_target(target, part.share, additive), part.actual, lower)
        for part in parts
        if part.actual is not None
    )


def equivalent_actual(target, ratio, lower=False):
    """The actual that completes ``target`` by ``ratio``.

    Higher-is-better: ``target × ratio``. Lower-is-better: ``target / ratio``,
    the ratio taken at least ``1 / MAX_COMPLETION`` (nothing done is not an
    infinite consumption). A target of 0 or less has no such actual: None.
    """
    if target <= 0:
        return None
    if lower:
        return target / max(ratio, 1.0 / MAX_COMPLETION)
    return target * ratio


def rollup(target, parts, additive, lower=False):
    """``(actual, completion)`` of a shared goal from its ``parts``; ``(None, None)`` unreported.

    With a target of 0 or less, no ratio is meaningful: an additive goal takes
    the sum of the reported parts, any other the first part's (the lead's).
    """
    ratio = rolled_completion(target, parts, additive, lower)
    if ratio is None:
        return None, None
    actual = equivalent_actual(target, ratio, lower)
    if actual is None:
        reported = [part.actual for part in parts if part.actual is not None]
        actual = sum(reported) if additive else (parts[0].actual or 0.0)
        ratio = completion(target, actual, lower)
    return actual, ratio


def share_problems(shares):
    """Why cooperating ``shares`` (%) are refused: a list of ``(index, code)``.

    ``range``: a share outside 0–100; ``lead``: together they leave the lead
    nothing (the sum reaches 100; reported once, on the last share).
    """
    problems = [(index, "range") for index, share in enumerate(shares) if not 0.0 <= share <= FULL]
    if shares and sum(shares) >= FULL:
        problems.append((len(shares) - 1, "lead"))
    return problems


def shared_scores(score, point_shares, digits=2):
    """Split a goal's ``score``: ``(lead's, {key: cooperating unit's})``, as published.

    ``point_shares`` maps a cooperating unit's key to its share of the points
    (%); the lead earns what the cooperating units do not. The score is
    rounded half-up at ``digits`` decimals (as a line shows it), each
    cooperating unit's part too, and the lead takes the rest of the rounded
    score, so that the parts always add up to the goal's score as shown: a
    score of 10 with two cooperating units at 33.33 % gives them 3.33 each and
    the lead 3.34. A share outside 0–100, or shares leaving the lead less than
    nothing, are an error (``ValueError``).
    """
    if share_problems(list(point_shares.values())):
        raise ValueError(f"Shares of the points {dict(point_shares)!r} leave the lead nothing.")
    total = round_score(score, digits)
    cooperating = {
        key: round_score(total * share / FULL, digits) for key, share in point_shares.items()
    }
    return round_score(total - sum(cooperating.values()), digits), cooperating
