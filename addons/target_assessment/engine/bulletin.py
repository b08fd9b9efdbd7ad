"""The tables of a supervision bulletin (督查通报), plain Python: units ranked per category.

A unit's progress is the mean, over its goals, of actual against expected
(``monitoring.completion_share``, capped at 100 so that one goal far ahead
does not hide another behind; a goal not reported yet counts 0). Units are
ranked within their category by progress, then by fewer red goals; the
first and the last few of each category are named best and worst (树典型，
带后进), never the same unit twice.
"""

from dataclasses import dataclass

from .monitoring import GREEN, RED, YELLOW, completion_share

#: Best and worst units named per category.
NAMED_PER_CATEGORY = 3
BEST = "best"
WORST = "worst"


@dataclass(frozen=True)
class GoalRow:
    """One approved goal as the bulletin reads it; ``actual`` None when not reported."""

    unit: object
    category: object
    actual: float | None
    expected: float
    lower: bool
    light: str


@dataclass
class UnitLine:
    """A unit's line of the bulletin's table."""

    unit: object
    category: object
    goals: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    progress: float = 0.0
    rank: int = 0
    mark: str = ""


def goal_progress(row):
    """Actual against expected in % of one goal, capped at 100 (0 when not reported)."""
    if row.actual is None:
        return 0.0
    return min(completion_share(row.actual, row.expected, row.lower), 100.0)


def unit_lines(rows, named=NAMED_PER_CATEGORY, key=lambda unit: unit):
    """The units' lines from their goals' ``rows``, ranked per category.

    ``key`` orders units of equal standing (stable output whatever the rows'
    order). Returns the lines by category, then rank.
    """
    lines = {}
    shares = {}
    for row in rows:
        line = lines.get(row.unit)
        if line is None:
            line = lines[row.unit] = UnitLine(row.unit, row.category)
            shares[row.unit] = []
        line.goals += 1
        if row.light == RED:
            line.red += 1
        elif row.light == YELLOW:
            line.yellow += 1
        elif row.light == GREEN:
            line.green += 1
        shares[row.unit].append(goal_progress(row))
    for unit, line in lines.items():
        line.progress = sum(shares[unit]) / len(shares[unit])
    by_category = {}
    for line in lines.values():
        by_category.setdefault(line.category, []).append(line)
    result = []
    for category in sorted(by_category, key=key):
        ranked = sorted(
            by_category[category], key=lambda line: (-line.progress, line.red, key(line.unit))
        )
        count = min(named, len(ranked) // 2)
        for rank, line in enumerate(ranked, start=1):
            line.rank = rank
            if rank <= count:
                line.mark = BEST
            elif rank > len(ranked) - count:
                line.mark = WORST
        result.extend(ranked)
    return result
