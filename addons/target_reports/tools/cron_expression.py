"""Five-field cron expressions, plain Python (no Odoo), on ``croniter``.

``minute hour day-of-month month day-of-week`` with ``*``, ranges, steps,
lists, English month and weekday names, weekday 0 and 7 for Sunday, and the
aliases ``@yearly @annually @monthly @weekly @daily @hourly``. As in cron,
when both the day of the month and the weekday are restricted, a day
matches either.

croniter parses and finds the fire times; this module only refuses what
croniter would accept but a schedule does not (other than five fields,
croniter's extensions ``L``, ``#`` and ``?``, a reversed range, a day that
never comes) and names the field and the token croniter refused. Errors
are :class:`CronError` with a ``code`` and arguments, so that the caller
words them in the user's language.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from croniter import CroniterBadDateError, CroniterError, croniter

FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day", 1, 31),
    ("month", 1, 12),
    ("weekday", 0, 7),
)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
NAMES = {
    "month": {name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "weekday": {name: number for number, name in enumerate(WEEKDAY_NAMES)},
}
ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}

# Error codes (CronError.code)
EMPTY = "empty"  # nothing given
FIELD_COUNT = "field_count"  # args: count
SYNTAX = "syntax"  # args: field, token
RANGE = "range"  # args: field, token, low, high
STEP = "step"  # args: field, token
NEVER = "never"  # the expression matches no day (31 February)


class CronError(ValueError):
    """An invalid cron expression: ``code`` says what is wrong, ``args`` where."""

    def __init__(self, code, **args):
        super().__init__(code, args)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class CronExpression:
    """A parsed expression: the allowed values of each field (as croniter expands them)."""

    text: str
    expanded: str  # the five fields given to croniter (aliases replaced)
    minutes: frozenset
    hours: frozenset
    days: frozenset
    months: frozenset
    weekdays: frozenset
    any_day: bool  # the day-of-month field is unrestricted (starts with *)
    any_weekday: bool  # the weekday field is unrestricted (starts with *)

    def matches(self, moment):
        """Whether the expression fires at ``moment`` (to the minute)."""
        return croniter.match(self.expanded, moment.replace(second=0, microsecond=0))

    def last_fire(self, now):
        """The latest fire time at or before ``now`` (naive, to the minute), or None."""
        start = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        return self._fire(start, "get_prev")

    def next_fire(self, now):
        """The first fire time strictly after ``now`` (naive, to the minute), or None."""
        return self._fire(now.replace(second=0, microsecond=0), "get_next")

    def _fire(self, start, direction):
        try:
            return getattr(croniter(self.expanded, start), direction)(datetime)
        except CroniterBadDateError:
            return None


def parse(text):
    """Parse ``text`` into a :class:`CronExpression`; raise :class:`CronError` if invalid."""
    text = (text or "").strip()
    if not text:
        raise CronError(EMPTY)
    expanded = ALIASES.get(text.lower(), text)
    parts = expanded.split()
    if len(parts) != len(FIELDS):  # croniter also takes seconds and years: not here
        raise CronError(FIELD_COUNT, count=len(parts))
    _check_plain_cron(parts)
    try:
        values, _nth_weekdays = croniter.expand(" ".join(parts))
    except CroniterError as error:
        raise _refused_token(parts) from error
    _check_ranges_ascend(parts)
    minutes, hours, days, months, weekdays = (
        _numbers(field_values, low, high)
        for field_values, (_field, low, high) in zip(values, FIELDS, strict=True)
    )
    expression = CronExpression(
        text=text,
        expanded=" ".join(parts),
        minutes=minutes,
        hours=hours,
        days=days,
        months=months,
        weekdays=frozenset(day % 7 for day in weekdays),
        any_day=parts[2].startswith("*"),
        any_weekday=parts[4].startswith("*"),
    )
    only_numbers = all(isinstance(day, int) for day in values[2])
    if (
        expression.any_weekday
        and only_numbers
        and not any(day <= _longest(month) for month in months for day in days)
    ):
        raise CronError(NEVER)
    return expression


def _numbers(field_values, low, high):
    """croniter's expansion of a field as a set of numbers (``*``: the whole range)."""
    if field_values == ["*"]:
        return frozenset(range(low, high + 1))
    return frozenset(value for value in field_values if isinstance(value, int))


def _refused_token(parts):
    """The :class:`CronError` naming the first field and token that croniter refuses."""
    for index, ((field, low, high), part) in enumerate(zip(FIELDS, parts, strict=True)):
        for token in part.split(","):
            if not token:
                return CronError(SYNTAX, field=field, token=part)
            _body, slash, step = token.partition("/")
            if slash and not (step.isdigit() and int(step) >= 1):
                return CronError(STEP, field=field, token=token)
            alone = ["*"] * len(FIELDS)
            alone[index] = token
            try:
                croniter.expand(" ".join(alone))
            except CroniterError as error:
                if "out of range" in str(error) or "negative" in str(error):
                    return CronError(RANGE, field=field, token=token, low=low, high=high)
                return CronError(SYNTAX, field=field, token=token)
    return CronError(SYNTAX, field="", token=" ".join(parts))


def _check_plain_cron(parts):
    """Refuse croniter's extensions (``L``, ``mon#2``, ``?``) and unknown names."""
    for (field, _low, _high), part in zip(FIELDS, parts, strict=True):
        for token in part.split(","):
            words = re.findall(r"[a-z]+", token.lower())
            if "#" in token or "?" in token or any(w not in NAMES.get(field, {}) for w in words):
                raise CronError(SYNTAX, field=field, token=token)


def _check_ranges_ascend(parts):
    """Refuse ``5-1``: croniter would wrap it around (5 to the end, then 1)."""
    for (field, low, high), part in zip(FIELDS, parts, strict=True):
        for token in part.split(","):
            first, dash, last = token.partition("/")[0].partition("-")
            if dash and _number(field, last) < _number(field, first):
                raise CronError(RANGE, field=field, token=token, low=low, high=high)


def _number(field, text):
    value = NAMES.get(field, {}).get(text.lower())
    return value if value is not None else int(text) if text.isdigit() else 0


def _longest(month):
    """The most days ``month`` can have (29 for February)."""
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
