"""目标分解表: the goal tree with owners, values and points."""

from .base import Builder, Column, Row, SheetData, name_map, title_banner

GOAL_FIELDS = [
    "ref",
    "name",
    "parent_path",
    "cycle_id",
    "unit_id",
    "employee_id",
    "responsible_employee_id",
    "responsible_leader_id",
    "lead_unit_id",
    "indicator_id",
    "section_id",
    "baseline_value",
    "target_value",
    "points",
    "decomposed_value",
    "deadline",
    "state",
]


class GoalTreeBuilder(Builder):
    """Goals in tree order (a parent, then its decomposition), indented by level."""

    model_name = "target.goal"
    order = "cycle_id, parent_path, sequence, id"

    def title(self):
        return self.env._("Goal decomposition table")

    def columns(self):
        return [
            Column("no", self.env._("No."), "int", 6),
            Column("ref", self.env._("Goal number"), "text", 12),
            Column("name", self.env._("Goal"), "text", 40, indent=True),
            Column("indicator", self.env._("Indicator"), "text", 22),
            Column("section", self.env._("Section"), "text", 14),
            Column("unit", self.env._("Responsible unit"), "text", 24),
            Column("person", self.env._("Responsible person"), "text", 10),
            Column("leader", self.env._("Leader in charge"), "text", 10),
            Column("lead_unit", self.env._("Lead unit"), "text", 16),
            Column("uom", self.env._("Unit of measure"), "text", 9),
            Column("baseline", self.env._("Baseline"), "value", 12),
            Column("target", self.env._("Target"), "value", 12),
            Column("points", self.env._("Points"), "points", 8),
            Column("decomposed", self.env._("Decomposed total"), "value", 12),
            Column("deadline", self.env._("Deadline"), "date", 11),
            Column("state", self.env._("Status"), "text", 8),
        ]

    def sheets(self):
        columns = self.columns()
        yield SheetData(
            name=self.title(),
            columns=columns,
            rows=self.rows(),
            banner=self.banner(columns),
            freeze_cols=3,
        )

    def banner(self, columns):
        return title_banner(len(columns), self.title(), self.subtitle())

    def rows(self):
        states = self.selection_labels("target.goal", "state")
        number = 0
        ancestors = []  # parent paths of the exported goals above the current one
        for goals in self.chunks(GOAL_FIELDS):
            # names of the related records: one query per model for the chunk, then
            # looked up by id (cheaper than reading them through each goal)
            units = name_map(goals.unit_id | goals.lead_unit_id, "complete_name")
            indicators = {i.id: (i.name, i.uom) for i in goals.indicator_id}
            sections = name_map(goals.section_id, "name")
            people = name_map(
                goals.employee_id | goals.responsible_employee_id | goals.responsible_leader_id,
                "name",
            )
            for goal in goals:
                path = goal.parent_path or ""
                while ancestors and not path.startswith(ancestors[-1]):
                    ancestors.pop()
                level = len(ancestors)
                ancestors.append(path)
                number += 1
                indicator, uom = indicators.get(goal.indicator_id.id, (None, None))
                person = goal.employee_id.id or goal.responsible_employee_id.id
                yield Row(
                    [
                        number,
                        goal.ref,
                        goal.name,
                        indicator,
                        sections.get(goal.section_id.id),
                        units.get(goal.unit_id.id),
                        people.get(person),
                        people.get(goal.responsible_leader_id.id),
                        units.get(goal.lead_unit_id.id),
                        uom,
                        goal.baseline_value or None,
                        goal.target_value,
                        goal.points,
                        goal.decomposed_value or None,
                        goal.deadline,
                        states.get(goal.state, ""),
                    ],
                    level=level,
                )
