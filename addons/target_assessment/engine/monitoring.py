"""Monitoring arithmetic (plain Python, no Odoo): periods, expected progress, lights.

``period_bounds`` cuts a cycle into calendar months or quarters,
``expected_at`` says how far a goal should be on a day (from its milestones
or from the elapsed time), ``light_of`` turns actual against expected into
the traffic light of DESIGN.md §3.4.
"""

from datetime import date, timedelta

MONTHLY = "monthly"
QUARTERLY = "quarterly"
MONTHS_PER_PERIOD = {MONTHLY: 1, QUARTERLY: 3}

GREEN = "green"
YELLOW = "yellow"
RED = "red"
NO_LIGHT = "none"

#: Ratios closer than this to a threshold count as reaching it (float noise).
EPSILON = 1e-9


def period_bounds(start, end, frequency):
    """Reporting periods from ``start`` to ``end`` (inclusive), calendar-aligned.

    Returns ``(date_start, date_end, year, number)`` tuples where ``number`` is
    the month (1-12) or the quarter (1-4) of the calendar year; the first and
    last periods are clipped to ``start`` and ``end``.
    """
    months = MONTHS_PER_PERIOD[frequency]
    year, month = start.year, start.month - (start.month - 1) % months
    periods = []
    while date(year, month, 1) <= end:
        following = month + months
        next_year, next_month = year + (following - 1) // 12, (following - 1) % 12 + 1
        last = date(next_year, next_month, 1) - timedelta(days=1)
        periods.append(
            (max(date(year, month, 1), start), min(last, end), year, (month - 1) // months + 1)
        )
        year, month = next_year, next_month
    return periods


def elapsed_fraction(day, start, end):
    """Share of the days from ``start`` to ``end`` (both inclusive) gone by the end of ``day``."""
    if day < start:
        return 0.0
    if day >= end:
        return 1.0
    return ((day - start).days + 1) / ((end - start).days + 1)


def expected_at(day, start, end, target, *, milestones=(), lower=False):
    """The cumulative value a goal should have reached by ``day``.

    ``start`` and ``end`` bound the goal's year (the cycle's start, the goal's
    deadline or the cycle's end); ``milestones`` are ``(date, expected value)``
    pairs. A lower-is-better target is a ceiling that holds at any time, so
    the target itself is expected. With milestones the expectation runs
    linearly from 0 at ``start`` through each milestone to the target at
    ``end``; without, the target is expected pro rata of the elapsed time.
    """
    if lower:
        return target
    if not milestones:
        return target * elapsed_fraction(day, start, end)
    points = sorted(milestones)
    if points[0][0] > start:
        points.insert(0, (start, 0.0))
    if points[-1][0] < end:
        points.append((end, target))
    if day < points[0][0]:
        return 0.0
    for (day0, value0), (day1, value1) in zip(points, points[1:], strict=False):
        if day0 <= day < day1:
            return value0 + (value1 - value0) * (day - day0).days / (day1 - day0).days
    return points[-1][1]


def completion_share(actual, expected, lower=False):
    """Actual against expected in % (lower-is-better: expected / actual)."""
    if lower:
        if actual <= 0:
            return 100.0
        return 100.0 * max(expected, 0.0) / actual
    if expected <= 0:
        return 100.0
    return 100.0 * actual / expected


def light_of(actual, expected, green, yellow, lower=False):
    """Traffic light of ``actual`` against ``expected``: green ≥ green %, yellow ≥ yellow %.

    ``actual`` None (nothing reported yet) gives no light.
    """
    if actual is None:
        return NO_LIGHT
    share = completion_share(actual, expected, lower)
    if share + EPSILON >= green:
        return GREEN
    if share + EPSILON >= yellow:
        return YELLOW
    return RED
