"""Which numbers and dates a user may enter (DESIGN.md §12), in plain Python.

Written once for the models' constraints (``target.number.mixin``) and the
sheet imports. :func:`check` returns ``None`` for an acceptable number, or the
reason as an untranslated message with ``%(name)s`` placeholders and its
arguments, like the sheets' row errors; the Odoo caller translates it.

Every number must be finite (no NaN, no infinity: ``1e400`` parses to
infinity) and at most :data:`MAX_MAGNITUDE` in size. The ranges on top follow
what the number means:

* a goal's **target** (:func:`target_limits`): the ``ratio`` and ``bands``
  methods divide the actual by it when higher is better, so it must be
  positive; when lower is better it may aim at 0 (no accidents) but not below;
  a ``deduction`` goal counts incidents (not negative); a rate (unit of
  measure ``%``) is at most 100 (``‰``: 1000);
* an **actual, baseline or expected value** (:func:`value_limits`): incidents
  are not negative; a rate never falls below -100 %;
* a goal's **points** (:func:`points_limits`): 0 up to the points of its
  section (or the total of its scheme): no goal is worth more than its section;
* a **score** of a goal (:func:`score_limits`): 0 up to its points, or up to
  points × the completion cap for the ``ratio`` method (超额加分);
* a **share** (:data:`SHARE`): a percentage from 0 to 100;
* a **difficulty coefficient** (:data:`DIFFICULTY`): above 0, at most 3.

Dates: :func:`check_date` (a day inside its cycle, or a window around it).
"""

import datetime
import math
from dataclasses import dataclass

#: The largest size of any number entered: far above any real target (10^12 元
#: is a thousand 亿元), small enough to print and to sum without losing cents.
MAX_MAGNITUDE = 1e12

#: The total of a scheme without one configured (the usual 100-point scale),
#: and the largest total a scheme may have (a 1000-point scale).
DEFAULT_TOTAL = 100.0
MAX_TOTAL = 1000.0

#: Units of measure that make an indicator a rate, and the rate's full scale.
RATE_SCALES = {"%": 100.0, "％": 100.0, "‰": 1000.0}

#: Float noise allowed at a bound (a score of 12.000000001 for 12 points).
TOLERANCE = 1e-6

#: Methods whose completion divides the actual by the target (engine.methods).
DIVIDING_METHODS = ("ratio", "bands")


def _lt(message):
    """Mark ``message`` for translation extraction; the Odoo caller translates it."""
    return message


@dataclass(frozen=True, slots=True)
class Limits:
    """The range of a number: ``minimum`` (excluded when ``positive``), ``maximum``."""

    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False


ANY = Limits()
NON_NEGATIVE = Limits(0.0)
POSITIVE = Limits(0.0, positive=True)
SHARE = Limits(0.0, 100.0)
#: A difficulty coefficient (难度系数): above 0, at most 3 (a task three times as heavy).
DIFFICULTY = Limits(0.0, 3.0, positive=True)


def fmt(number):
    """A number as a message shows it: 100, 12.5, 1000000000000 (no exponent)."""
    return format(float(number), ".15g") if abs(number) < 1e15 else format(number, ".6g")


def check(value, limits=ANY):
    """``None`` when ``value`` is a finite number within ``limits``, else (message, args)."""
    if value is None or value is False:
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", "")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return _lt("not a number: %(value)s"), {"value": value}
    if not math.isfinite(number):
        return _lt("not a finite number (%(value)s)"), {"value": value}
    if abs(number) > MAX_MAGNITUDE:
        return _lt("too large (at most %(max)s)"), {"max": fmt(MAX_MAGNITUDE)}
    low, high = limits.minimum, limits.maximum
    if low is not None:
        if limits.positive and number <= low:
            return _lt("must be greater than %(min)s"), {"min": fmt(low)}
        if number < low - TOLERANCE:
            return _lt("must be at least %(min)s"), {"min": fmt(low)}
    if high is not None and number > high + TOLERANCE:
        return _lt("must be at most %(max)s"), {"max": fmt(high)}
    return None


def parse(text, limits=ANY):
    """``(number, None)`` of a sheet's cell text, or ``(None, (message, args))``."""
    problem = check(text, limits)
    if problem:
        return None, problem
    return float(text.strip().replace(",", "")), None


def rate_scale(uom):
    """The full scale of a rate (100 for %), ``None`` when ``uom`` is not a rate."""
    return RATE_SCALES.get((uom or "").strip())


def target_limits(method, direction, uom=""):
    """The range of a goal's target under its indicator (see the module docstring)."""
    scale = rate_scale(uom)
    if method in DIVIDING_METHODS:
        positive = direction != "lower"
        return Limits(0.0, scale, positive=positive)
    if method == "deduction":
        return Limits(0.0, scale)
    return Limits(None, scale)


def value_limits(method, uom=""):
    """The range of an actual, baseline or expected value under its indicator."""
    if method == "deduction":
        return NON_NEGATIVE
    scale = rate_scale(uom)
    return Limits(-scale) if scale else ANY


def points_limits(maximum=None):
    """The range of a goal's points: 0 up to ``maximum`` (its section's or scheme's)."""
    return Limits(0.0, DEFAULT_TOTAL if maximum is None else maximum)


def score_limits(points, method="", ratio_cap=1.0):
    """The range of a score given to a goal worth ``points``."""
    cap = max(ratio_cap or 1.0, 1.0) if method == "ratio" else 1.0
    return Limits(0.0, max(points or 0.0, 0.0) * cap)


def check_date(day, start, end):
    """``None`` when ``day`` lies in [start, end] (either may be open), else (message, args)."""
    if not day:
        return None
    if (start and day < start) or (end and day > end):
        return _lt("%(day)s lies outside %(start)s – %(end)s"), {
            "day": day.isoformat(),
            "start": start.isoformat() if start else "…",
            "end": end.isoformat() if end else "…",
        }
    return None


def after_the_cycle(end):
    """The last day a cycle's closing work (self-assessment, scoring) may be due: a year on."""
    try:
        return end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        return end + datetime.timedelta(days=365)


#: Units of measure that count whole things (个, 项, 家 ...): shown without decimals.
COUNTED_UNITS = frozenset("个项家户人名次件起所座台辆套处份条宗批")
#: Rates are written with one decimal (增长7.5%, 失业率5.5%).
RATE_UNITS = frozenset(("%", "‰", "％"))
#: Anything else (亿元, 万吨, 微克/立方米 ...) with two.
DEFAULT_DECIMALS = 2


def display_decimals(uom):
    """The decimals an indicator's values are shown with, from its unit of measure.

    Counts (``个``, ``家``, ``万户`` is not a count: it has a magnitude) none,
    rates (``%``, ``‰``) one, amounts and measures (``亿元``, ``万吨``) two.
    """
    uom = (uom or "").strip()
    if uom in RATE_UNITS:
        return 1
    if len(uom) == 1 and uom in COUNTED_UNITS:
        return 0
    return DEFAULT_DECIMALS
