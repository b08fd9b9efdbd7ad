"""干部考核结果表: the leaders' results of a cycle (target.personnel.result)."""

from .base import Builder, Column, Row, SheetData, group_row, name_map, title_banner

RESULT_FIELDS = [
    "cycle_id",
    "employee_id",
    "unit_id",
    "role",
    "title",
    "unit_score",
    "unit_rank",
    "unit_grade",
    "unit_vetoed",
    "own_score",
    "own_points",
    "own_goal_count",
    "suggested_grade",
]


class CadreBuilder(Builder):
    """One row per leader and unit, by unit category and the unit's rank. HR's
    final grade is a column only for those who may read it (HR)."""

    model_name = "target.personnel.result"
    order = "category_id, unit_rank, unit_id, role, employee_id, id"

    def title(self):
        return self.env._("Cadre assessment results")

    def shows_final_grade(self):
        field = self.model._fields["final_grade"]
        return not field.groups or self.env.user.has_groups(field.groups)

    def columns(self):
        columns = [
            Column("no", self.env._("No."), "int", 6),
            Column("name", self.env._("Name"), "text", 10),
            Column("unit", self.env._("Unit"), "text", 22),
            Column("title", self.env._("Position"), "text", 14),
            Column("role", self.env._("Role"), "text", 12),
            Column("unit_score", self.env._("Unit score"), "score", 9),
            Column("unit_rank", self.env._("Unit rank"), "int", 8),
            Column("unit_grade", self.env._("Unit grade"), "text", 8),
            Column("veto", self.env._("One-vote veto"), "text", 9),
            Column("own_score", self.env._("Own goals: score"), "score", 10),
            Column("own_points", self.env._("Own goals: points"), "points", 10),
            Column("suggested", self.env._("Suggested grade"), "text", 10),
        ]
        if self.shows_final_grade():
            columns.append(Column("final", self.env._("Final grade"), "text", 10))
        columns.append(Column("incentives", self.env._("Rewards and penalties"), "text", 24))
        return columns

    def sheets(self):
        columns = self.columns()
        cadre, unit, own = (
            self.env._("Cadre"),
            self.env._("The unit's result"),
            self.env._("Own result"),
        )
        groups = [
            ("no", "role", cadre),
            ("unit_score", "veto", unit),
            ("own_score", columns[-1].key, own),
        ]
        yield SheetData(
            name=self.title(),
            columns=columns,
            rows=self.rows(),
            banner=title_banner(len(columns), self.title(), self.subtitle()),
            header=group_row(columns, groups),
            freeze_cols=3,
        )

    def rows(self):
        roles = self.selection_labels(self.model_name, "role")
        unit_grades = self.selection_labels(self.model_name, "unit_grade")
        grades = self.selection_labels(self.model_name, "suggested_grade")
        final = self.shows_final_grade()
        fields = RESULT_FIELDS + (["final_grade"] if final else [])
        number = 0
        for results in self.chunks(fields):
            people = name_map(results.employee_id, "name")
            units = name_map(results.unit_id, "name")
            # the rewards and penalties of the chunk: one search (the user's rules apply)
            incentives = {result.id: result.incentive_summary for result in results}
            for result in results:
                number += 1
                values = [
                    number,
                    people.get(result.employee_id.id),
                    units.get(result.unit_id.id),
                    result.title,
                    roles.get(result.role, ""),
                    result.unit_score,
                    result.unit_rank or None,
                    unit_grades.get(result.unit_grade, ""),
                    self.env._("Yes") if result.unit_vetoed else "",
                    result.own_score if result.own_goal_count else None,
                    result.own_points if result.own_goal_count else None,
                    grades.get(result.suggested_grade, ""),
                ]
                if final:
                    values.append(grades.get(result.final_grade, ""))
                values.append(incentives.get(result.id) or "")
                styles = {2: "alert", 8: "alert"} if result.unit_vetoed else {}
                yield Row(values, styles=styles)
