"""目标分解表: the goal tree with owners, values and points."""

from .base import Builder, Column, Row, SheetData, title_banner

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
    order = "cycle_id desc, parent_path, sequence, id"

    def title(self):
        return self.env._("Goal decomposition table")

    def columns(self):
        _ = self.env._
        return [
            Column("no", _("No."), "int", 6),
            Column("ref", _("Goal number"), "text", 12),
            Column("name", _("Goal"), "text", 40, indent=True),
            Column("indicator", _("Indicator"), "text", 22),
            Column("section", _("Section"), "text", 14),
            Column("unit", _("Responsible unit"), "text", 24),
            Column("person", _("Responsible person"), "text", 10),
            Column("leader", _("Leader in charge"), "text", 10),
            Column("lead_unit", _("Lead unit"), "text", 16),
            Column("uom", _("Unit of measure"), "text", 9),
            Column("baseline", _("Baseline"), "value", 12),
            Column("target", _("Target"), "value", 12),
            Column("points", _("Points"), "points", 8),
            Column("decomposed", _("Decomposed total"), "value", 12),
            Column("deadline", _("Deadline"), "date", 11),
            Column("state", _("Status"), "text", 8),
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
            # names of the related records: one query per model for the chunk
            (goals.unit_id | goals.lead_unit_id).fetch(["complete_name"])
            goals.indicator_id.fetch(["name", "uom"])
            goals.section_id.fetch(["name"])
            people = goals.employee_id | goals.responsible_employee_id
            (people | goals.responsible_leader_id).fetch(["name"])
            for goal in goals:
                path = goal.parent_path or ""
                while ancestors and not path.startswith(ancestors[-1]):
                    ancestors.pop()
                level = len(ancestors)
                ancestors.append(path)
                number += 1
                person = goal.employee_id or goal.responsible_employee_id
                yield Row(
                    [
                        number,
                        goal.ref,
                        goal.name,
                        goal.indicator_id.name,
                        goal.section_id.name,
                        goal.unit_id.complete_name,
                        person.name,
                        goal.responsible_leader_id.name,
                        goal.lead_unit_id.complete_name,
                        goal.indicator_id.uom,
                        goal.baseline_value,
                        goal.target_value,
                        goal.points,
                        goal.decomposed_value or None,
                        goal.deadline,
                        states.get(goal.state, ""),
                    ],
                    level=level,
                )
