"""督查通报 tables: a supervision bulletin's units, one sheet per bulletin."""

from .base import Builder, Column, Row, SheetData, title_banner

LINE_FIELDS = [
    "bulletin_id",
    "unit_id",
    "category_id",
    "rank",
    "mark",
    "goal_count",
    "green_count",
    "yellow_count",
    "red_count",
    "progress",
    "late_count",
    "finding_count",
    "false_report_count",
    "open_rectification_count",
]
#: The cell style of a line named among the best or the lagging units.
MARK_STYLES = {"best": "green", "worst": "red"}


class BulletinBuilder(Builder):
    """The lines of the picked bulletins as the user reads them (record rules: a
    unit's users export their own units' lines of issued bulletins only)."""

    model_name = "target.supervision.bulletin.line"
    order = "bulletin_id, category_id, rank, id"
    cycle_field = "bulletin_id.cycle_id"

    def title(self):
        return self.env._("Supervision bulletin")

    def domain(self):
        if self.filter.record_ids:
            return [("bulletin_id", "in", list(self.filter.record_ids))]
        return super().domain()

    def columns(self):
        return [
            Column("no", self.env._("No."), "int", 6),
            Column("category", self.env._("Category"), "text", 16),
            Column("rank", self.env._("Rank"), "int", 7),
            Column("unit", self.env._("Unit"), "text", 26),
            Column("mark", self.env._("Named as"), "text", 10),
            Column("progress", self.env._("Progress against expected"), "percent", 12),
            Column("goals", self.env._("Goals"), "int", 8),
            Column("green", self.env._("Green"), "int", 8),
            Column("yellow", self.env._("Yellow"), "int", 8),
            Column("red", self.env._("Red"), "int", 8),
            Column("late", self.env._("Late reports"), "int", 10),
            Column("findings", self.env._("Spot-check findings"), "int", 10),
            Column("false", self.env._("False or concealed"), "int", 10),
            Column("open", self.env._("Open rectifications"), "int", 10),
        ]

    def sheets(self):
        columns = self.columns()
        marks = self.selection_labels(self.model_name, "mark")
        by_bulletin = {}
        for lines in self.chunks(LINE_FIELDS):
            lines.unit_id.fetch(["complete_name"])
            lines.category_id.fetch(["name"])
            lines.bulletin_id.fetch(["name", "number"])
            for line in lines:
                bulletin = line.bulletin_id
                key = bulletin.id
                if key not in by_bulletin:
                    by_bulletin[key] = (bulletin.number, bulletin.name, [])
                rows = by_bulletin[key][2]
                rows.append(self.row(line, len(rows) + 1, marks))
        for number, name, rows in by_bulletin.values():
            title = " ".join(part for part in (number, name) if part)
            yield SheetData(
                name=number or name,
                columns=columns,
                rows=rows,
                banner=title_banner(len(columns), title, self.subtitle()),
                freeze_cols=4,
            )

    def row(self, line, number, marks):
        return Row(
            [
                number,
                line.category_id.name or "",
                line.rank,
                line.unit_id.complete_name,
                marks.get(line.mark, ""),
                line.progress / 100.0,
                line.goal_count,
                line.green_count,
                line.yellow_count,
                line.red_count,
                line.late_count,
                line.finding_count,
                line.false_report_count,
                line.open_rectification_count,
            ],
            styles={4: MARK_STYLES[line.mark]} if line.mark else {},
        )
