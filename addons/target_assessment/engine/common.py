"""Shared pieces of the engine: reasons, grades and rounding."""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: An empty read-only mapping, the default of every optional mapping argument.
EMPTY = MappingProxyType({})


def no_mapping():
    """Default factory of optional mapping fields (a dataclass default must be hashable)."""
    return EMPTY


#: Grades from best to worst (优秀 / 良好 / 合格 / 不合格).
EXCELLENT = "excellent"
GOOD = "good"
PASS = "pass"
FAIL = "fail"
GRADES = (EXCELLENT, GOOD, PASS, FAIL)

#: Tolerance under which a difference of points is noise of the float arithmetic.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a score is what it is: a code and its arguments, for the ORM to word.

    The engine never builds sentences: the caller turns ``Reason("below_target",
    {"completion": 0.85})`` into a translated "completion 85 %" next to the lost
    points it already has.
    """

    code: str
    args: Mapping = field(default_factory=no_mapping)


def round_score(value, digits=2):
    """Round half away from zero at ``digits`` decimals, as published tables do.

    Python's ``round()`` rounds halves to even and trips on binary floats
    (``round(2.675, 2) == 2.67``); like Odoo's ``float_round``, a few units in
    the last place are added before rounding so that 2.675 gives 2.68.
    """
    if not value:
        return 0.0
    factor = 10.0**digits
    scaled = abs(value) * factor
    scaled += 2.0 ** (math.frexp(scaled)[1] - 50)  # a few ulps of ``scaled``
    return math.copysign(math.floor(scaled + 0.5), value) / factor + 0.0
