"""Laying out one worksheet with xlsxwriter (plain Python, no Odoo).

:class:`SheetWriter` writes a banner (title rows, merged across the table),
header rows with merged ranges, the column headers, then the data rows one
by one, in row order, so that a workbook opened with ``constant_memory``
holds one row at a time whatever the size of the export. It sets column
widths and number formats, frozen panes, and the print setup: landscape A4,
fit to the page width, header rows repeated on every page, page numbers.

A number that is not finite (NaN or infinity, which xlsxwriter refuses and
which the models no longer accept, but older data may hold) is written as the
text :data:`NOT_A_NUMBER` instead of failing the whole export.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

#: What a cell shows for a number that is not finite (Excel's own "#NUM!").
NOT_A_NUMBER = "#NUM!"

# Cell kinds: their number format.
NUMBER_FORMATS = {
    "text": None,
    "int": "0",
    "value": "#,##0.00##",
    "points": "0.0#",
    "score": "0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
# Cell styles (besides the column's kind).
STYLES = {
    None: {},
    "green": {"bg_color": "#C6EFCE", "font_color": "#006100"},
    "yellow": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "red": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "pending": {"italic": True, "font_color": "#7F7F7F"},
    "alert": {"font_color": "#C00000", "bold": True},
    "bold": {"bold": True},
}
BANNER_STYLES = {
    "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"},
    "subtitle": {"font_size": 10, "align": "left", "valign": "vcenter"},
    "header": {
        "bold": True,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
        "border": 1,
        "bg_color": "#D9E1F2",
    },
    "text": {"align": "left", "valign": "vcenter", "text_wrap": True},
}
FONT = {"font_name": "宋体", "font_size": 10}
MAX_INDENT = 8
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
# Paper 9 is A4.
A4 = 9


@dataclass
class Column:
    """A column of a sheet: key, header text, kind (number format), width."""

    key: str
    label: str
    kind: str = "text"
    width: float = 12.0
    num_format: str | None = None  # overrides the kind's format
    indent: bool = False  # rows indent this column by their level


@dataclass
class Merge:
    """A cell or merged range of the banner or header rows (0-based, inclusive)."""

    row: int
    col: int
    last_row: int
    last_col: int
    text: str
    style: str = "header"


@dataclass
class Row:
    """A data row: the values in column order, styles by column index (a style
    name or a tuple of them), indent level."""

    values: list
    styles: dict = field(default_factory=dict)
    level: int = 0


class Styles:
    """The formats of one workbook, created once per combination."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def get(self, *, kind="text", style=None, level=0, num_format=None, banner=None):
        key = (kind, style, level, num_format, banner)
        fmt = self.cache.get(key)
        if fmt is None:
            props = dict(FONT)
            if banner:
                props.update(BANNER_STYLES[banner])
            else:
                props.update({"border": 1, "valign": "vcenter"})
                number = num_format or NUMBER_FORMATS.get(kind)
                if number:
                    props["num_format"] = number
                if kind == "text":
                    props["text_wrap"] = True
                if level:
                    props.update(align="left", indent=min(level, MAX_INDENT))
                for name in style if isinstance(style, tuple) else (style,):
                    props.update(STYLES[name])
            fmt = self.cache[key] = self.workbook.add_format(props)
        return fmt


def sheet_name(name):
    """``name`` as Excel accepts it: 31 characters at most, none of []:*?/\\."""
    return INVALID_SHEET_CHARACTERS.sub("_", name or "").strip("'")[:31] or None


def styles_of(workbook):
    """The :class:`Styles` of ``workbook`` (one per workbook)."""
    styles = getattr(workbook, "_target_styles", None)
    if styles is None:
        styles = workbook._target_styles = Styles(workbook)
    return styles


def title_banner(ncols, title, subtitle=None):
    """A title row merged across ``ncols`` columns, and a subtitle row under it."""
    last = max(ncols - 1, 0)
    banner = [Merge(0, 0, 0, last, title, "title")]
    if subtitle:
        banner.append(Merge(1, 0, 1, last, subtitle, "subtitle"))
    return banner


def group_row(columns, groups):
    """Two header rows: groups ``[(first key, last key, text)]`` merged over their
    columns in the first, every column's label in the second."""
    index = {column.key: i for i, column in enumerate(columns)}
    merges, covered = [], set()
    for first, last, text in groups:
        col, last_col = index[first], index[last]
        merges.append(Merge(0, col, 0, last_col, text))
        covered.update(range(col, last_col + 1))
    merges += [Merge(0, i, 0, i, "") for i in range(len(columns)) if i not in covered]
    merges += [Merge(1, i, 1, i, column.label) for i, column in enumerate(columns)]
    return merges


def needs_memory(merges):
    """Whether ``merges`` hold a range over several rows (no ``constant_memory``)."""
    return any(merge.last_row > merge.row for merge in merges)


class SheetWriter:
    """Writes one worksheet top to bottom (see the module's docstring).

    ``banner``: merges of the title rows (rows counted from the top);
    ``header``: merges of the header rows (counted from the first header
    row), or None for one row of the columns' labels; ``freeze_cols``: the
    columns kept in view when scrolling right.
    """

    def __init__(
        self,
        workbook,
        name,
        columns,
        *,
        banner=(),
        header=None,
        freeze_cols=0,
        footer=None,
        landscape=True,
    ):
        self.workbook = workbook
        self.styles = styles_of(workbook)
        self.sheet = workbook.add_worksheet(sheet_name(name))
        self.columns = columns
        self.row = 0
        self.data_rows = 0
        banner = list(banner)
        if header is None:
            header = [Merge(0, i, 0, i, c.label) for i, c in enumerate(columns)]
        top = max((m.last_row for m in banner), default=-1) + 1
        header = [
            Merge(m.row + top, m.col, m.last_row + top, m.last_col, m.text, m.style) for m in header
        ]
        self.header_first = top
        self.header_last = max((m.last_row for m in header), default=top - 1)
        self._setup(freeze_cols, footer, landscape)
        self._write_merges(banner + header)
        self.row = self.header_last + 1
        self.first_data_row = self.row
        self._formats = [
            self.styles.get(kind=c.kind, num_format=c.num_format) for c in self.columns
        ]

    # -- layout ----------------------------------------------------------------

    def _setup(self, freeze_cols, footer, landscape):
        sheet = self.sheet
        for i, column in enumerate(self.columns):
            sheet.set_column(i, i, column.width)
        if self.header_last >= self.header_first:
            sheet.freeze_panes(self.header_last + 1, freeze_cols)
            sheet.repeat_rows(self.header_first, self.header_last)
        if landscape:
            sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        sheet.hide_gridlines(0)  # printed too: they frame the empty cells
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        if footer:
            sheet.set_footer(footer)

    def _write_merges(self, merges):
        """Write banner and header cells in row order.

        With ``constant_memory`` a row is flushed as soon as a later row is
        written, and xlsxwriter refuses to merge rows already flushed: ranges
        spanning several rows need a workbook kept in memory (see
        :func:`needs_memory`); single-row ranges are merged row by row.
        """
        streaming = getattr(self.workbook, "constant_memory", False)
        for merge in sorted(merges, key=lambda m: (m.row, m.col)):
            fmt = self.styles.get(banner=merge.style)
            if merge.last_row > merge.row and streaming:
                raise ValueError("A range over several rows cannot be merged in constant memory.")
            if merge.style == "title":
                self.sheet.set_row(merge.row, 28)
            if (merge.row, merge.col) != (merge.last_row, merge.last_col):
                self.sheet.merge_range(
                    merge.row, merge.col, merge.last_row, merge.last_col, merge.text or "", fmt
                )
            elif merge.text:
                self.sheet.write_string(merge.row, merge.col, str(merge.text), fmt)
            else:
                self.sheet.write_blank(merge.row, merge.col, None, fmt)

    # -- data ------------------------------------------------------------------

    def write_row(self, row):
        """Write one :class:`Row` under the previous one (the inner loop of an export:
        empty cells are skipped, as they cost as much as full ones; the printed
        gridlines frame them)."""
        sheet, r, columns, formats = self.sheet, self.row, self.columns, self._formats
        styles, level = row.styles, row.level
        for col, value in enumerate(row.values):
            if value is None or value is False or value == "":
                continue
            style = styles.get(col) if styles else None
            column = columns[col]
            if style is None and not (level and column.indent):
                fmt = formats[col]
            else:
                fmt = self.styles.get(
                    kind=column.kind,
                    style=style,
                    level=level if column.indent else 0,
                    num_format=column.num_format,
                )
            kind = value.__class__
            if kind is str:
                sheet.write_string(r, col, value, fmt)
            elif kind is int:
                sheet.write_number(r, col, value, fmt)
            elif kind is float:
                if math.isfinite(value):
                    sheet.write_number(r, col, value, fmt)
                else:
                    sheet.write_string(r, col, NOT_A_NUMBER, fmt)
            elif kind is bool:
                sheet.write_boolean(r, col, value, fmt)
            elif isinstance(value, (date, datetime)):
                sheet.write_datetime(r, col, value, fmt)
            elif isinstance(value, (int, float)) and math.isfinite(value):
                sheet.write_number(r, col, value, fmt)
            else:
                sheet.write_string(r, col, str(value), fmt)
        self.row += 1
        self.data_rows += 1

    def write_text(self, text, style="text"):
        """A free line of text merged across the table (notes, legends)."""
        last = max(len(self.columns) - 1, 0)
        fmt = self.styles.get(banner=style)
        if last:
            self.sheet.merge_range(self.row, 0, self.row, last, text, fmt)
        else:
            self.sheet.write_string(self.row, 0, text, fmt)
        self.row += 1

    def skip(self, rows=1):
        self.row += rows
