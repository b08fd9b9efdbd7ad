"""Reading and checking an assessor's score sheet (考评得分表), in plain Python.

One year-end line per row: the goal number, the unit's code (to catch rows
pasted against the wrong unit), the assessor's value and score. The file is
read by ``decomposition_sheet.read_sheet``; ``parse_rows`` converts each row
and ``check_rows`` checks it against the lines the assessor may score, so
that every error is reported at once with its row, column and reason.
"""

from dataclasses import dataclass

from . import numbers
from .decomposition_sheet import SheetError

# key, English label, Chinese label (all required)
COLUMNS = [
    ("ref", "Goal number", "目标编号"),
    ("unit_code", "Unit code", "单位编码"),
    ("assessor_value", "Assessed value", "考评值"),
    ("assessor_score", "Assessed score", "考评得分"),
]
NUMERIC = ("assessor_value", "assessor_score")


def _lt(message):
    """Mark ``message`` for translation extraction; the Odoo caller translates it."""
    return message


@dataclass
class ScoreRow:
    row: int
    ref: str = ""
    unit_code: str = ""
    assessor_value: float = 0.0
    assessor_score: float = 0.0


@dataclass
class LineInfo:
    """What a row needs to know of the year-end line of its goal."""

    line_id: int
    unit_code: str
    points: float
    mine: bool  # the goal's indicator is assessed by the importing user's unit
    method: str = ""  # the indicator's scoring method, unit of measure and completion cap
    uom: str = ""
    ratio_cap: float = 1.0


def parse_rows(rows):
    """The rows as ScoreRow, the errors, and the header label of each column."""
    if not rows:
        return [], [SheetError(1, "", _lt("the sheet is empty"))], {}
    header = [text.strip().rstrip("*").strip() for text in rows[0]]
    known = {}
    for key, english, chinese in COLUMNS:
        for label in (key, english, chinese):
            known[label.lower()] = key
    index, labels = {}, {}
    for i, text in enumerate(header):
        key = known.get(text.lower())
        if key and key not in index:
            index[key], labels[key] = i, text
    errors = [
        SheetError(1, chinese, _lt("required column missing"))
        for key, _english, chinese in COLUMNS
        if key not in index
    ]
    if errors:
        return [], errors, {}
    parsed = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        values = {key: (cells[i] if i < len(cells) else "") for key, i in index.items()}
        row = ScoreRow(number, ref=values["ref"], unit_code=values["unit_code"])
        for key, *_labels in COLUMNS:
            if not values[key]:
                errors.append(SheetError(number, labels[key], _lt("a value is required")))
        for key in NUMERIC:
            if not values[key]:
                continue
            value, problem = numbers.parse(values[key])
            if problem:
                errors.append(SheetError(number, labels[key], *problem))
            else:
                setattr(row, key, value)
        parsed.append(row)
    return parsed, errors, labels


def check_rows(rows, labels, lines):
    """The errors of ``rows`` against ``lines`` (goal number -> LineInfo)."""
    errors, seen = [], {}
    for row in rows:
        if not row.ref:
            continue
        info = lines.get(row.ref)
        if info is None:
            errors.append(
                SheetError(
                    row.row,
                    labels["ref"],
                    _lt("no year-end evaluation line for goal %(ref)s"),
                    {"ref": row.ref},
                )
            )
            continue
        if not info.mine:
            errors.append(
                SheetError(
                    row.row,
                    labels["ref"],
                    _lt("goal %(ref)s is not of an indicator you assess"),
                    {"ref": row.ref},
                )
            )
        if row.ref in seen:
            errors.append(
                SheetError(
                    row.row,
                    labels["ref"],
                    _lt("goal %(ref)s is already given on row %(other)s"),
                    {"ref": row.ref, "other": seen[row.ref]},
                )
            )
        seen.setdefault(row.ref, row.row)
        if row.unit_code and row.unit_code != info.unit_code:
            errors.append(
                SheetError(
                    row.row,
                    labels["unit_code"],
                    _lt("goal %(ref)s belongs to unit %(code)s"),
                    {"ref": row.ref, "code": info.unit_code},
                )
            )
        scores = numbers.score_limits(info.points, info.method, info.ratio_cap)
        if numbers.check(row.assessor_score, scores):
            errors.append(
                SheetError(
                    row.row,
                    labels["assessor_score"],
                    _lt("the score must be between 0 and the goal's %(points)s points"),
                    {"points": scores.maximum},
                )
            )
        problem = numbers.check(row.assessor_value, numbers.value_limits(info.method, info.uom))
        if problem:
            errors.append(SheetError(row.row, labels["assessor_value"], *problem))
    return errors
