"""单位考核明细: one unit's evaluation, every line with the points it lost and why."""

from collections import defaultdict

from odoo.exceptions import UserError

from .base import Builder, Column, Merge, Row, SheetData, title_banner

#: One sheet per unit: more would be unreadable (and one open file each).
MAX_UNITS = 100

EVALUATION_FIELDS = [
    "name",
    "cycle_id",
    "unit_id",
    "stage",
    "goal_score",
    "bonus",
    "deduction",
    "vetoed",
    "total",
    "rank",
    "grade",
]
LINE_FIELDS = [
    "evaluation_id",
    "goal_id",
    "section_id",
    "points",
    "actual_value",
    "self_value",
    "self_scored",
    "self_score",
    "assessor_score",
    "assessor_scored",
    "verified_score",
    "verified",
    "final_score",
    "completion",
    "lost_points",
    "score_source",
    "reason_code",
    "reason_args",
    "cooperation_id",
    "point_share",
]


class UnitDetailBuilder(Builder):
    """One sheet per evaluation: the result on top, the lines, then the
    bonuses, deductions and vetoes that count."""

    model_name = "target.evaluation"
    order = "unit_id, id"
    stage_field = "stage"

    def title(self):
        return self.env._("Unit assessment detail")

    def columns(self):
        return [
            Column("no", self.env._("No."), "int", 6),
            Column("ref", self.env._("Goal number"), "text", 12),
            Column("goal", self.env._("Goal"), "text", 34),
            Column("indicator", self.env._("Indicator"), "text", 20),
            Column("section", self.env._("Section"), "text", 14),
            Column("points", self.env._("Points"), "points", 8),
            Column("target", self.env._("Target"), "value", 11),
            Column("actual", self.env._("Reported actual"), "value", 11),
            Column("self_value", self.env._("Self-assessed value"), "value", 11),
            Column("self_score", self.env._("Self score"), "score", 9),
            Column("assessor_score", self.env._("Assessor score"), "score", 9),
            Column("verified_score", self.env._("Verified score"), "score", 9),
            Column("final_score", self.env._("Final score"), "score", 9),
            Column("completion", self.env._("Completion"), "percent", 9),
            Column("lost", self.env._("Lost points"), "score", 9),
            Column("why", self.env._("Why points were lost"), "text", 40),
        ]

    def sheets(self):
        env = self.env
        count = self.model.search_count(self.domain())
        if count > MAX_UNITS:
            raise UserError(
                env._(
                    "The unit detail has one sheet per unit: pick at most %(max)s units "
                    "(%(count)s match); the result summary lists them all.",
                    max=MAX_UNITS,
                    count=count,
                )
            )
        columns = self.columns()
        for evaluations in self.chunks(EVALUATION_FIELDS):
            data = self.load(evaluations)
            for evaluation in evaluations:
                yield self.sheet(evaluation, columns, data)

    def load(self, evaluations):
        """Everything the chunk's sheets show, in a fixed number of queries."""
        env = self.env
        evaluations.unit_id.fetch(["name", "complete_name"])
        evaluations.cycle_id.fetch(["name"])
        lines = env["target.evaluation.line"].search_fetch(
            [("evaluation_id", "in", evaluations.ids)],
            LINE_FIELDS,
            order="evaluation_id, section_id, sequence, id",
        )
        lines.goal_id.fetch(["ref", "name", "target_value", "indicator_id", "unit_id"])
        lines.filtered("cooperation_id").goal_id.unit_id.fetch(["name"])  # shared: the leads
        lines.goal_id.indicator_id.fetch(["name"])
        lines.section_id.fetch(["name"])
        sections = env["target.evaluation.section"].search_fetch(
            [("evaluation_id", "in", evaluations.ids)],
            ["evaluation_id", "section_id", "score", "empty", "sequence"],
        )
        sections.section_id.fetch(["name", "weight"])
        keys = [("unit_id", "in", evaluations.unit_id.ids), ("state", "=", "confirmed")]
        items = env["target.score.adjustment"].search_fetch(
            [*keys, ("scoring_cycle_id", "in", evaluations.cycle_id.ids)],
            ["name", "kind", "unit_id", "scoring_cycle_id", "award_level", "applied_points"],
        )
        vetoes = env["target.veto"].search_fetch(
            [*keys, ("cycle_id", "in", evaluations.cycle_id.ids)],
            ["name", "unit_id", "cycle_id", "type_id"],
        )
        vetoes.type_id.fetch(["name"])
        by_unit = defaultdict(list)
        for item in items:
            by_unit["item", item.scoring_cycle_id.id, item.unit_id.id].append(item)
        for veto in vetoes:
            by_unit["veto", veto.cycle_id.id, veto.unit_id.id].append(veto)
        return {
            "lines": lines.grouped("evaluation_id"),
            "sections": sections.grouped("evaluation_id"),
            "by_unit": by_unit,
        }

    def sheet(self, evaluation, columns, data):
        grades = self.selection_labels("target.evaluation", "grade")
        stages = self.selection_labels("target.evaluation", "stage")
        key = (evaluation.cycle_id.id, evaluation.unit_id.id)
        vetoes = data["by_unit"].get(("veto", *key), [])
        title = self.env._(
            "%(title)s — %(unit)s (%(cycle)s, %(stage)s)",
            title=self.title(),
            unit=evaluation.unit_id.complete_name,
            cycle=evaluation.cycle_id.name,
            stage=stages.get(evaluation.stage, ""),
        )
        summary = self.env._(
            "Total: %(total)s    Rank: %(rank)s    Grade: %(grade)s    One-vote veto: %(veto)s",
            total=f"{evaluation.total:.2f}",
            rank=evaluation.rank or "—",
            grade=grades.get(evaluation.grade, "—"),
            veto="、".join(v.type_id.name for v in vetoes) or self.env._("none"),
        )
        sections = sorted(
            data["sections"].get(evaluation, ()), key=lambda r: (r.sequence, r.section_id.id)
        )
        parts = [
            self.env._(
                "%(section)s (%(weight)s): %(score)s",
                section=row.section_id.name,
                weight=f"{row.section_id.weight:g}",
                score="—" if row.empty else f"{row.score:.2f}",
            )
            for row in sections
        ]
        parts.append(self.env._("bonus %(points)s", points=f"{evaluation.bonus:.2f}"))
        parts.append(self.env._("deductions %(points)s", points=f"{evaluation.deduction:.2f}"))
        last = len(columns) - 1
        banner = title_banner(len(columns), title, self.subtitle())
        banner += [
            Merge(2, 0, 2, last, summary, "text"),
            Merge(
                3,
                0,
                3,
                last,
                self.env._("Section scores: %(parts)s", parts="；".join(parts)),
                "text",
            ),
        ]
        return SheetData(
            name=evaluation.unit_id.name,
            columns=columns,
            rows=self.rows(data["lines"].get(evaluation, ())),
            banner=banner,
            freeze_cols=3,
            notes=self.notes(data["by_unit"].get(("item", *key), []), vetoes),
        )

    def rows(self, lines):
        for number, line in enumerate(lines, start=1):
            goal = line.goal_id
            yield Row(
                [
                    number,
                    goal.ref,
                    line._share_label(goal.name),
                    goal.indicator_id.name,
                    line.section_id.name,
                    line.points,
                    goal.target_value,
                    line.actual_value,
                    line.self_value if line.self_scored else None,
                    line.self_score if line.self_scored else None,
                    line.assessor_score if line.assessor_scored else None,
                    line.verified_score if line.verified else None,
                    line.final_score,
                    line.completion / 100.0,
                    line.lost_points or None,
                    line.explanation if line.lost_points else "",
                ],
                styles={14: "alert"} if line.lost_points else {},
            )

    def notes(self, items, vetoes):
        kinds = self.selection_labels("target.score.adjustment", "kind")
        notes = []
        for item in items:
            notes.append(
                self.env._(
                    "%(kind)s: %(name)s, %(points)s points",
                    kind=kinds.get(item.kind, ""),
                    name=item.name,
                    points=f"{item.applied_points:g}",
                )
            )
        for veto in vetoes:
            notes.append(
                self.env._(
                    "One-vote veto: %(item)s — %(facts)s", item=veto.type_id.name, facts=veto.name
                )
            )
        return notes
