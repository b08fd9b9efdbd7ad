"""Five-field cron expressions, plain Python (no Odoo): parse, validate, find fire times.

``minute hour day-of-month month day-of-week`` with ``*``, ``a``, ``a-b``,
``*/n``, ``a-b/n``, ``a/n`` and lists ``a,b``; months and weekdays also by
their English three-letter names; weekday 0 and 7 are Sunday; the aliases
``@yearly @annually @monthly @weekly @daily @hourly``. As in cron, when both
the day of the month and the weekday are restricted, a day matches either.

Errors are :class:`CronError` with a ``code`` and arguments, so that the
caller words them in the user's language.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day", 1, 31),
    ("month", 1, 12),
    ("weekday", 0, 7),
)
MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
WEEKDAY_NAMES = {
    name: number for number, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))
}
NAMES = {"month": MONTH_NAMES, "weekday": WEEKDAY_NAMES}
ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
#: How far back (or ahead) a fire time is looked for: 29 February recurs within 8 years.
HORIZON_DAYS = 8 * 366

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
    """A parsed expression: the allowed values of each field."""

    text: str
    minutes: frozenset
    hours: frozenset
    days: frozenset
    months: frozenset
    weekdays: frozenset
    any_day: bool  # the day-of-month field is unrestricted (starts with *)
    any_weekday: bool  # the weekday field is unrestricted (starts with *)

    def matches_day(self, day):
        """Whether the date ``day`` is one on which the expression fires."""
        if day.month not in self.months:
            return False
        in_days = day.day in self.days
        in_weekdays = (day.isoweekday() % 7) in self.weekdays
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return in_weekdays
        if self.any_weekday:
            return in_days
        return in_days or in_weekdays

    def matches(self, moment):
        """Whether the expression fires at ``moment`` (to the minute)."""
        return (
            self.matches_day(moment.date())
            and moment.hour in self.hours
            and moment.minute in self.minutes
        )

    def last_fire(self, now):
        """The latest fire time at or before ``now`` (naive, to the minute), or None."""
        day = now.date()
        hours = sorted(self.hours, reverse=True)
        minutes = sorted(self.minutes, reverse=True)
        for _step in range(HORIZON_DAYS):
            if self.matches_day(day):
                today = day == now.date()
                for hour in hours:
                    if today and hour > now.hour:
                        continue
                    for minute in minutes:
                        if today and hour == now.hour and minute > now.minute:
                            continue
                        return datetime(day.year, day.month, day.day, hour, minute)
            day -= timedelta(days=1)
        return None

    def next_fire(self, now):
        """The first fire time strictly after ``now`` (naive, to the minute), or None."""
        start = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        day = start.date()
        hours = sorted(self.hours)
        minutes = sorted(self.minutes)
        for _step in range(HORIZON_DAYS):
            if self.matches_day(day):
                first = day == start.date()
                for hour in hours:
                    if first and hour < start.hour:
                        continue
                    for minute in minutes:
                        if first and hour == start.hour and minute < start.minute:
                            continue
                        return datetime(day.year, day.month, day.day, hour, minute)
            day += timedelta(days=1)
        return None


def _number(field, token, text, low, high):
    names = NAMES.get(field, {})
    value = names.get(text.lower())
    if value is None:
        if not text.isdigit():
            raise CronError(SYNTAX, field=field, token=token)
        value = int(text)
    if not low <= value <= high:
        raise CronError(RANGE, field=field, token=token, low=low, high=high)
    return value


def _parse_field(field, text, low, high):
    values = set()
    for token in text.split(","):
        if not token:
            raise CronError(SYNTAX, field=field, token=text)
        body, slash, step_text = token.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) < 1:
                raise CronError(STEP, field=field, token=token)
            step = int(step_text)
        if body == "*":
            first, last = low, high
        elif "-" in body:
            first_text, _dash, last_text = body.partition("-")
            first = _number(field, token, first_text, low, high)
            last = _number(field, token, last_text, low, high)
            if last < first:
                raise CronError(RANGE, field=field, token=token, low=low, high=high)
        else:
            first = _number(field, token, body, low, high)
            last = high if slash else first
        values.update(range(first, last + 1, step))
    return values


def parse(text):
    """Parse ``text`` into a :class:`CronExpression`; raise :class:`CronError` if invalid."""
    text = (text or "").strip()
    if not text:
        raise CronError(EMPTY)
    expanded = ALIASES.get(text.lower(), text)
    parts = expanded.split()
    if len(parts) != len(FIELDS):
        raise CronError(FIELD_COUNT, count=len(parts))
    values = [
        _parse_field(field, part, low, high)
        for (field, low, high), part in zip(FIELDS, parts, strict=True)
    ]
    minutes, hours, days, months, weekdays = values
    if 7 in weekdays:
        weekdays = (weekdays - {7}) | {0}
    expression = CronExpression(
        text=text,
        minutes=frozenset(minutes),
        hours=frozenset(hours),
        days=frozenset(days),
        months=frozenset(months),
        weekdays=frozenset(weekdays),
        any_day=parts[2].startswith("*"),
        any_weekday=parts[4].startswith("*"),
    )
    if expression.any_weekday and not any(
        day <= _longest(month) for month in months for day in days
    ):
        raise CronError(NEVER)
    return expression


def _longest(month):
    """The most days ``month`` can have (29 for February)."""
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
