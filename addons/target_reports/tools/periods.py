"""Which period a scheduled export reports, and when (plain Python, no Odoo).

A calendar schedule (monthly, quarterly, yearly) reports a period once it is
over: the run of a period is due ``delay_days`` after the period's last day
(``delay_days`` 0: on the first day of the next period). A cron schedule
reports at each fire time of its expression. Every run carries the key of its
period (``2026-03``, ``2026-Q1``, ``2026``, or the fire time
``2026-04-06 08:00``): one run per schedule and key.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .cron_expression import parse

MONTHLY = "monthly"
QUARTERLY = "quarterly"
YEARLY = "yearly"
CRON = "cron"
CALENDAR = (MONTHLY, QUARTERLY, YEARLY)
MONTHS = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}


@dataclass(frozen=True)
class Period:
    """A reported period: its key, first and last day, and when its run is due."""

    key: str
    start: date
    end: date
    due: datetime


def period_of(day, frequency):
    """The calendar period (start, end, key) of ``frequency`` that contains ``day``."""
    months = MONTHS[frequency]
    first_month = day.month - (day.month - 1) % months
    start = date(day.year, first_month, 1)
    following = first_month + months
    end = date(day.year + (following - 1) // 12, (following - 1) % 12 + 1, 1) - timedelta(days=1)
    if frequency == MONTHLY:
        key = f"{day.year}-{first_month:02d}"
    elif frequency == QUARTERLY:
        key = f"{day.year}-Q{(first_month - 1) // 3 + 1}"
    else:
        key = f"{day.year}"
    return start, end, key


def _calendar_period(day, frequency, delay_days):
    start, end, key = period_of(day, frequency)
    due = datetime.combine(end + timedelta(days=1 + delay_days), datetime.min.time())
    return Period(key, start, end, due)


def due_period(frequency, now, *, delay_days=0, cron=None, since=None):
    """The latest period whose run is due at ``now`` (local, naive), or None.

    ``since`` (a date) is when the schedule starts: periods that end before
    it, and fire times before it, are never due.
    """
    if frequency == CRON:
        expression = parse(cron)
        fire = expression.last_fire(now)
        if fire is None or (since and fire.date() < since):
            return None
        previous = expression.last_fire(fire - timedelta(minutes=1))
        start = previous.date() if previous else fire.date()
        return Period(fire.strftime("%Y-%m-%d %H:%M"), start, fire.date(), fire)
    # the period containing this day is not over yet; the one before it is due
    current_start, _end, _key = period_of(now.date() - timedelta(days=delay_days), frequency)
    period = _calendar_period(current_start - timedelta(days=1), frequency, delay_days)
    if since and period.end < since:
        return None
    return period


def next_due(frequency, now, *, delay_days=0, cron=None):
    """When the next run falls due after ``now`` (local, naive), or None."""
    if frequency == CRON:
        return parse(cron).next_fire(now)
    current_start, _end, _key = period_of(now.date() - timedelta(days=delay_days), frequency)
    return _calendar_period(current_start, frequency, delay_days).due
