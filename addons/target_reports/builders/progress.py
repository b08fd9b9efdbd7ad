"""进度表: goals × reporting periods, with the reported values and their lights."""

from odoo.exceptions import UserError

from .base import Builder, Column, Row, SheetData, group_row, name_map, title_banner

GOAL_FIELDS = [
    "ref",
    "name",
    "parent_path",
    "cycle_id",
    "unit_id",
    "indicator_id",
    "target_value",
    "actual_value",
    "has_actual",
    "completion",
    "light",
]
LIGHT_STYLES = {"green": "green", "yellow": "yellow", "red": "red"}


class ProgressBuilder(Builder):
    """One row per goal, one column per period of the cycle: the value reported
    for the period, coloured by its light (italic while not accepted)."""

    model_name = "target.goal"
    order = "cycle_id, parent_path, sequence, id"

    def title(self):
        return self.env._("Progress table")

    def domain(self):
        return [*super().domain(), ("state", "=", "approved")]

    def cycle(self):
        """The one cycle of the report (its periods are the columns)."""
        env = self.env
        if self.filter.cycle_id:
            return env["target.cycle"].browse(self.filter.cycle_id)
        cycles = [cycle for (cycle,) in self.model._read_group(self.domain(), ["cycle_id"])]
        if len(cycles) > 1:
            raise UserError(
                env._(
                    "The progress table shows the periods of one cycle; the goals picked "
                    "belong to %(cycles)s.",
                    cycles=", ".join(cycle.name for cycle in cycles),
                )
            )
        return cycles[0] if cycles else env["target.cycle"]

    def columns(self, periods):
        return [
            Column("no", self.env._("No."), "int", 6),
            Column("ref", self.env._("Goal number"), "text", 12),
            Column("name", self.env._("Goal"), "text", 36, indent=True),
            Column("unit", self.env._("Responsible unit"), "text", 22),
            Column("uom", self.env._("Unit of measure"), "text", 9),
            Column("target", self.env._("Target"), "value", 12),
            *(Column(f"p{period.id}", period.name, "value", 11) for period in periods),
            Column("actual", self.env._("Actual"), "value", 12),
            Column("completion", self.env._("Completion"), "percent", 9),
            Column("light", self.env._("Light"), "text", 8),
        ]

    def sheets(self):
        cycle = self.cycle()
        periods = cycle.period_ids.sorted("date_start")
        columns = self.columns(periods)
        header = None
        if periods:
            header = group_row(
                columns,
                [
                    (
                        f"p{periods[0].id}",
                        f"p{periods[-1].id}",
                        self.env._("Reported by period"),
                    )
                ],
            )
        yield SheetData(
            name=self.title(),
            columns=columns,
            rows=self.rows(periods),
            banner=title_banner(len(columns), self.title(), self.subtitle()),
            header=header,
            freeze_cols=3,
            notes=[self.legend(cycle)],
        )

    def legend(self, cycle):
        return self.env._(
            "Colours: green, at least %(green)s%% of the expected progress; yellow, at least "
            "%(yellow)s%%; red, below. Italic: reported, not yet accepted.",
            green=cycle.light_green,
            yellow=cycle.light_yellow,
        )

    def rows(self, periods):
        Progress = self.env["target.progress"]
        lights = self.light_labels()
        column_of = {period.id: 6 + i for i, period in enumerate(periods)}
        width = 6 + len(periods) + 3
        number = 0
        ancestors = []
        for goals in self.chunks(GOAL_FIELDS):
            units = name_map(goals.unit_id, "complete_name")
            uoms = name_map(goals.indicator_id, "uom")
            # a goal's row shows its lead unit's reports (the cooperating units' parts roll
            # up into the goal's actual)
            reports = Progress.search_fetch(
                [
                    ("goal_id", "in", goals.ids),
                    ("period_id", "in", periods.ids),
                    ("cooperation_id", "=", False),
                ],
                ["goal_id", "period_id", "value", "state", "cooperation_id"],
            )
            cells = {}
            for report in reports:
                # the light of each report (computed for the whole chunk at once)
                cells[report.goal_id.id, report.period_id.id] = (
                    report.value,
                    report.state,
                    report.light,
                )
            for goal in goals:
                path = goal.parent_path or ""
                while ancestors and not path.startswith(ancestors[-1]):
                    ancestors.pop()
                level = len(ancestors)
                ancestors.append(path)
                number += 1
                values = [None] * width
                styles = {}
                values[:6] = [
                    number,
                    goal.ref,
                    goal.name,
                    units.get(goal.unit_id.id),
                    uoms.get(goal.indicator_id.id),
                    goal.target_value,
                ]
                for period_id, col in column_of.items():
                    cell = cells.get((goal.id, period_id))
                    if cell is None:
                        continue
                    value, state, light = cell
                    values[col] = value
                    style = tuple(
                        name
                        for name in (LIGHT_STYLES.get(light), state != "accepted" and "pending")
                        if name
                    )
                    if style:
                        styles[col] = style
                values[-3] = goal.actual_value if goal.has_actual else None
                values[-2] = goal.completion / 100.0 if goal.has_actual else None
                values[-1] = lights.get(goal.light, "")
                if goal.light in LIGHT_STYLES:
                    styles[width - 1] = LIGHT_STYLES[goal.light]
                yield Row(values, styles=styles, level=level)
