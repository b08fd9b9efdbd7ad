"""Reading and checking a decomposition sheet (目标分解表), in plain Python.

A sheet has one goal per row under a header row. Headers may be the English
keys, the English labels or the Chinese labels of ``COLUMNS``. ``read_sheet``
turns an xlsx or csv file into rows of strings; ``parse_rows`` converts and
checks each row on its own; ``check_rows`` checks the rows against each other
and against what already exists (given as plain lookups), so that every error
of the sheet is reported at once with its row, column and reason.

A sheet is size-checked before its rows are read (a few kilobytes of xlsx can
declare a million rows, and reading them all would hold a worker for seconds
and gigabytes): at most ``MAX_FILE_BYTES`` uploaded, ``MAX_UNPACKED_BYTES``
once unzipped, ``MAX_ROWS`` rows under the header and ``MAX_COLUMNS`` columns,
from the sheet's own dimension record first, then while streaming its rows.
Numbers must be finite and in the range of their indicator (``numbers``).
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from . import numbers

# key, English label, Chinese label, required
COLUMNS = [
    ("ref", "Goal number", "目标编号", False),
    ("parent_ref", "Parent goal number", "上级目标编号", False),
    ("unit_code", "Unit code", "单位编码", True),
    ("employee", "Person", "责任人", False),
    ("indicator_code", "Indicator code", "指标编码", True),
    ("name", "Description", "目标名称", True),
    ("target_value", "Target", "目标值", True),
    ("baseline_value", "Baseline", "基期值", False),
    ("points", "Points", "分值", True),
    ("deadline", "Deadline", "完成时限", False),
    ("section_code", "Section code", "考核板块", False),
]
NUMERIC = ("target_value", "baseline_value", "points")

# What one import may hold: a city's whole decomposition is a few thousand rows.
MAX_ROWS = 20_000  # rows under the header
MAX_COLUMNS = 50
MAX_FILE_BYTES = 10 * 1024 * 1024  # as uploaded
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an xlsx's parts once unzipped


def _lt(message):
    """Mark ``message`` for translation extraction; the Odoo caller translates it."""
    return message


@dataclass
class SheetError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the column's header as written in the sheet
    reason: str  # an untranslated message with %(name)s placeholders
    args: dict = field(default_factory=dict)


@dataclass
class GoalRow:
    row: int
    ref: str = ""
    parent_ref: str = ""
    unit_code: str = ""
    employee: str = ""
    indicator_code: str = ""
    name: str = ""
    target_value: float | None = 0.0
    baseline_value: float | None = 0.0
    points: float | None = 0.0
    deadline: datetime.date | None = None
    section_code: str = ""


class SheetFormatError(ValueError):
    """The file is not a readable sheet (not an error of one row): reason, args."""

    def __init__(self, reason, **args):
        super().__init__(reason % args if args else reason)
        self.reason, self.args_ = reason, args


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


FILE_TOO_BIG = _lt("the file has %(size)s MB, at most %(max)s MB can be imported")


def _too_big(rows, columns):
    """Raise when a sheet has more rows (header included) or columns than allowed."""
    if rows and rows > MAX_ROWS + 1:
        raise SheetFormatError(
            _lt(
                "the sheet reaches row %(rows)s, at most %(max)s rows under the header can be "
                "imported at once: split it, or delete the empty rows below the table"
            ),
            rows=rows,
            max=MAX_ROWS,
        )
    if columns and columns > MAX_COLUMNS:
        raise SheetFormatError(
            _lt(
                "the sheet reaches column %(columns)s, at most %(max)s columns can be imported: "
                "delete the columns right of the table"
            ),
            columns=columns,
            max=MAX_COLUMNS,
        )


def _read_xlsx(data):
    import openpyxl  # noqa: PLC0415 - only needed for xlsx files

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SheetFormatError(_lt("not a readable xlsx file: %(error)s"), error=exc) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetFormatError(
            _lt("the xlsx file unpacks to %(size)s MB, at most %(max)s MB can be imported"),
            size=unpacked // (1024 * 1024),
            max=MAX_UNPACKED_BYTES // (1024 * 1024),
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise SheetFormatError(_lt("not a readable xlsx file: %(error)s"), error=exc) from exc
    try:
        sheet = book.worksheets[0]
        # the dimension record (<dimension ref="A1:K1048576">) before any row is read
        _too_big(sheet.max_row, sheet.max_column)
        # it may be missing or lie: stream at most one row and one column too many
        rows, width = [], 0
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()  # openpyxl pads every row to max_col
            rows.append(cells)
            width = max(width, len(cells))
        _too_big(len(rows), width)
        return rows
    finally:
        book.close()


def read_sheet(data, filename):
    """Rows of strings (header first) of an .xlsx or .csv file given as bytes."""
    name = (filename or "").lower()
    if len(data) > MAX_FILE_BYTES:
        raise SheetFormatError(
            FILE_TOO_BIG,
            size=round(len(data) / (1024 * 1024), 1),
            max=MAX_FILE_BYTES // (1024 * 1024),
        )
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        # Excel in China saves CSV as GB18030 (GBK); others as UTF-8.
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SheetFormatError(_lt("the csv file is neither UTF-8 nor GB18030"))
        rows = []
        for row in csv.reader(io.StringIO(text)):
            rows.append([c.strip() for c in row])
            _too_big(len(rows), len(row))
        return rows
    raise SheetFormatError(_lt("only .xlsx and .csv files can be imported"))


def map_header(header):
    """Column index of each known key, and the header errors."""
    labels = {}
    for key, english, chinese, _required in COLUMNS:
        for label in (key, english, chinese):
            labels[label.lower()] = key
    index, errors = {}, []
    for i, text in enumerate(header):
        key = labels.get(text.strip().rstrip("*").strip().lower())
        if key and key in index:
            errors.append(SheetError(1, text, _lt("column given twice")))
        elif key:
            index[key] = i
    for key, _english, chinese, required in COLUMNS:
        if required and key not in index:
            errors.append(SheetError(1, chinese, _lt("required column missing")))
    return index, errors


def _parse_date(text):
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_rows(rows):
    """GoalRows of a sheet (header first), the errors of single rows, the column labels."""
    if not rows:
        return [], [SheetError(1, "", _lt("the sheet is empty"))], {}
    index, errors = map_header(rows[0])
    if errors:
        return [], errors, {}
    header = rows[0]
    labels = {key: header[i] for key, i in index.items()}
    required = [key for key, *_rest, req in COLUMNS if req]
    goals = []
    for number, cells in enumerate(rows[1:], start=2):
        values = {key: (cells[i] if i < len(cells) else "") for key, i in index.items()}
        if not any(values.values()):
            continue  # blank line
        goal = GoalRow(row=number)
        for key in required:
            if not values.get(key):
                errors.append(SheetError(number, labels[key], _lt("value required")))
                if key in NUMERIC:
                    setattr(goal, key, None)  # reported: not checked against its range
        for key, text in values.items():
            if not text:
                continue
            if key in NUMERIC:
                value, problem = numbers.parse(text)
                if problem:
                    errors.append(SheetError(number, labels[key], *problem))
                setattr(goal, key, value)  # None when wrong: reported once, not range-checked
            elif key == "deadline":
                goal.deadline = _parse_date(text)
                if goal.deadline is None:
                    errors.append(
                        SheetError(
                            number,
                            labels[key],
                            _lt("not a date (YYYY-MM-DD): %(value)s"),
                            {"value": text},
                        )
                    )
            else:
                setattr(goal, key, text)
        goals.append(goal)
    if not goals and not errors:
        errors.append(SheetError(2, "", _lt("the sheet has no goal rows")))
    return goals, errors, labels


@dataclass
class Lookups:
    """What the sheet is checked against, read by the caller in a few queries.

    units: code -> (id, parent_path, category_id)
    indicators: code -> id
    employees: badge or name -> id (ambiguous names map to None)
    existing_goals: ref -> (id, unit_id, indicator_id)
    existing_keys: set of (unit_id, employee_id or 0, indicator_id, name)
    sections: (category_id, section code) -> id
    indicator_rules: code -> (scoring method, direction, unit of measure)
    section_weights: section id -> weight; scheme_totals: category_id -> scheme total
    allowed_unit_paths: parent_paths of the units the user may plan for, or None for all
    date_start, date_end: the cycle's dates
    library_codes: codes of the indicators of the cycle's approved indicator library,
    or None when the cycle has none (any indicator)
    """

    units: dict
    indicators: dict
    employees: dict
    existing_goals: dict
    existing_keys: set
    sections: dict
    allowed_unit_paths: list | None
    date_start: datetime.date
    date_end: datetime.date
    indicator_rules: dict = field(default_factory=dict)
    section_weights: dict = field(default_factory=dict)
    scheme_totals: dict = field(default_factory=dict)
    library_codes: set | None = None


def check_rows(goals, labels, lookups):
    """Errors of the rows against each other and against ``lookups``."""
    errors = []

    def err(goal, key, reason, **args):
        errors.append(SheetError(goal.row, labels.get(key, key), reason, args))

    refs = {}
    for goal in goals:
        if goal.ref:
            if goal.ref in refs:
                err(
                    goal,
                    "ref",
                    _lt("goal number %(ref)s repeats row %(row)s"),
                    ref=goal.ref,
                    row=refs[goal.ref],
                )
            elif goal.ref in lookups.existing_goals:
                err(
                    goal,
                    "ref",
                    _lt("goal number %(ref)s already exists in the cycle"),
                    ref=goal.ref,
                )
            else:
                refs[goal.ref] = goal.row
    by_ref = {g.ref: g for g in goals if g.ref}
    keys = {}
    for goal in goals:
        unit = lookups.units.get(goal.unit_code)
        if goal.unit_code and unit is None:
            err(goal, "unit_code", _lt("unknown unit code %(code)s"), code=goal.unit_code)
        elif (
            unit
            and lookups.allowed_unit_paths is not None
            and not any(unit[1].startswith(path) for path in lookups.allowed_unit_paths)
        ):
            err(goal, "unit_code", _lt("you cannot plan for unit %(code)s"), code=goal.unit_code)
        indicator = lookups.indicators.get(goal.indicator_code)
        if goal.indicator_code and indicator is None:
            err(
                goal,
                "indicator_code",
                _lt("unknown indicator code %(code)s"),
                code=goal.indicator_code,
            )
        elif (
            indicator
            and lookups.library_codes is not None
            and goal.indicator_code not in lookups.library_codes
        ):
            err(
                goal,
                "indicator_code",
                _lt("indicator %(code)s is not in the cycle's approved indicator library"),
                code=goal.indicator_code,
            )
        employee = 0
        if goal.employee:
            employee = lookups.employees.get(goal.employee)
            if employee is None:
                err(
                    goal,
                    "employee",
                    _lt("unknown or ambiguous person %(name)s"),
                    name=goal.employee,
                )
                employee = 0
        if goal.deadline and not lookups.date_start <= goal.deadline <= lookups.date_end:
            err(
                goal,
                "deadline",
                _lt("deadline %(day)s lies outside the cycle"),
                day=goal.deadline.isoformat(),
            )
        errors.extend(_check_numbers(goal, unit, labels, lookups))
        if unit and goal.section_code and (unit[2], goal.section_code) not in lookups.sections:
            err(
                goal,
                "section_code",
                _lt("section %(code)s is not in the scheme of unit %(unit)s"),
                code=goal.section_code,
                unit=goal.unit_code,
            )
        if unit and indicator:
            key = (unit[0], employee, indicator, goal.name)
            if key in keys:
                err(goal, "name", _lt("the same goal is in row %(row)s"), row=keys[key])
            elif key in lookups.existing_keys:
                err(goal, "name", _lt("the unit already has this goal in the cycle"))
            else:
                keys[key] = goal.row
        if goal.parent_ref and unit:
            errors.extend(_check_parent(goal, unit, employee, by_ref, lookups, labels))
    errors.extend(_check_loops(goals, by_ref, labels))
    return errors


def _check_numbers(goal, unit, labels, lookups):
    """The row's target, baseline and points in the range of its indicator and section."""
    errors = []
    rules = lookups.indicator_rules.get(goal.indicator_code)
    checks = []
    if rules:
        method, direction, uom = rules
        checks += [
            ("target_value", numbers.target_limits(method, direction, uom)),
            ("baseline_value", numbers.value_limits(method, uom)),
        ]
    if unit:
        section = lookups.sections.get((unit[2], goal.section_code))
        ceiling = lookups.section_weights.get(section) or lookups.scheme_totals.get(unit[2])
        checks.append(("points", numbers.points_limits(ceiling)))
    else:  # the unit's own error is reported: its section is unknown
        checks.append(("points", numbers.NON_NEGATIVE))
    for key, limits in checks:
        if key not in labels:
            continue  # an optional column left out: the default is checked by the model
        problem = numbers.check(getattr(goal, key), limits)
        if problem:
            errors.append(SheetError(goal.row, labels[key], *problem))
    return errors


def _check_parent(goal, unit, employee, by_ref, lookups, labels):  # noqa: PLR0917
    column = labels.get("parent_ref", "parent_ref")
    if goal.parent_ref == goal.ref:
        return [SheetError(goal.row, column, _lt("a goal cannot be its own parent"))]
    if goal.parent_ref in by_ref:
        parent_unit = lookups.units.get(by_ref[goal.parent_ref].unit_code)
    elif goal.parent_ref in lookups.existing_goals:
        parent_unit_id = lookups.existing_goals[goal.parent_ref][1]
        parent_unit = next((u for u in lookups.units.values() if u[0] == parent_unit_id), None)
    else:
        return [
            SheetError(
                goal.row,
                column,
                _lt("unknown parent goal number %(ref)s"),
                {"ref": goal.parent_ref},
            )
        ]
    if parent_unit is None:
        return []  # the parent row's own unit error is reported there
    below = unit[0] != parent_unit[0] and unit[1].startswith(parent_unit[1])
    if not (below or (unit[0] == parent_unit[0] and employee)):
        return [
            SheetError(
                goal.row,
                labels.get("unit_code", "unit_code"),
                _lt("unit %(code)s is not below the parent goal's unit (and no person is given)"),
                {"code": goal.unit_code},
            )
        ]
    return []


def _check_loops(goals, by_ref, labels):
    errors, state = [], {}  # ref -> "visiting" | "done"
    for goal in goals:
        chain, ref = [], goal.ref
        while ref and ref in by_ref and state.get(ref) != "done":
            if state.get(ref) == "visiting":
                errors.append(
                    SheetError(
                        by_ref[ref].row,
                        labels.get("parent_ref", "parent_ref"),
                        _lt("parent goal numbers form a loop through %(ref)s"),
                        {"ref": ref},
                    )
                )
                break
            state[ref] = "visiting"
            chain.append(ref)
            ref = by_ref[ref].parent_ref
        for visited in chain:
            state[visited] = "done"
    return errors


def creation_order(goals):
    """The rows in levels: rows whose parent is not in the sheet first, then their children."""
    by_ref = {g.ref: g for g in goals if g.ref}
    depth = {}

    def level(goal):
        seen = []
        while goal.parent_ref in by_ref and goal.row not in depth:
            seen.append(goal)
            goal = by_ref[goal.parent_ref]
        base = depth.get(goal.row, 0)
        depth.setdefault(goal.row, base)
        for i, g in enumerate(reversed(seen), start=1):
            depth[g.row] = base + i
        return depth[seen[0].row] if seen else base

    levels = {}
    for goal in goals:
        levels.setdefault(level(goal), []).append(goal)
    return [levels[k] for k in sorted(levels)]
