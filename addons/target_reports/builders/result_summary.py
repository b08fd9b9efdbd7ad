"""考核结果汇总表: per unit category, the units' section scores, bonus,
deductions, veto, total, rank and grade."""

from collections import defaultdict

from .base import Builder, Column, Row, SheetData, group_row, title_banner

EVALUATION_FIELDS = [
    "cycle_id",
    "unit_id",
    "category_id",
    "scheme_id",
    "goal_score",
    "bonus",
    "deduction",
    "vetoed",
    "total",
    "rank",
    "grade",
]


class ResultSummaryBuilder(Builder):
    """One sheet per unit category (its scheme's sections are the columns),
    the units in rank order; vetoed units flagged."""

    model_name = "target.evaluation"
    order = "rank, unit_id, id"
    stage_field = "stage"

    def title(self):
        return self.env._("Assessment result summary")

    def columns(self, sections):
        return [
            Column("rank", self.env._("Rank"), "int", 6),
            Column("unit", self.env._("Unit"), "text", 26),
            *(
                Column(f"s{section.id}", f"{section.name}（{section.weight:g}）", "score", 12)
                for section in sections
            ),
            Column("bonus", self.env._("Bonus"), "score", 8),
            Column("deduction", self.env._("Deductions"), "score", 8),
            Column("veto", self.env._("One-vote veto"), "text", 14),
            Column("total", self.env._("Total"), "score", 9),
            Column("grade", self.env._("Grade"), "text", 8),
        ]

    def groups(self, sections):
        unit, scores = self.env._("Unit"), self.env._("Section scores")
        adjustments, result = self.env._("Bonus and deductions"), self.env._("Result")
        groups = [("rank", "unit", unit)]
        if sections:
            groups.append((f"s{sections[0].id}", f"s{sections[-1].id}", scores))
        groups += [("bonus", "deduction", adjustments), ("veto", "grade", result)]
        return groups

    def sheets(self):
        env = self.env
        pairs = self.model._read_group(self.domain(), ["category_id", "scheme_id"])
        schemes = env["target.scheme"].union(*(scheme for _category, scheme in pairs))
        sections = env["target.scheme.section"].search_fetch(
            [("scheme_id", "in", schemes.ids)], ["scheme_id", "name", "weight", "sequence"]
        )
        by_scheme = sections.grouped("scheme_id")
        pairs = sorted(pairs, key=lambda pair: (pair[0].sequence, pair[0].id, pair[1].id))
        for category, scheme in pairs:
            own = by_scheme.get(scheme, env["target.scheme.section"]).sorted(
                lambda s: (s.sequence, s.id)
            )
            columns = self.columns(own)
            title = self.env._(
                "%(title)s — %(category)s",
                title=self.title(),
                category=category.name or self.env._("Uncategorised"),
            )
            yield SheetData(
                name=category.name or self.env._("Uncategorised"),
                columns=columns,
                rows=self.rows(category, scheme, own),
                banner=title_banner(len(columns), title, self.subtitle()),
                header=group_row(columns, self.groups(own)),
                freeze_cols=2,
            )

    def rows(self, category, scheme, sections):
        env = self.env
        grades = self.selection_labels("target.evaluation", "grade")
        section_col = {section.id: 2 + i for i, section in enumerate(sections)}
        width = 2 + len(sections) + 5
        domain = [
            *self.domain(),
            ("category_id", "=", category.id),
            ("scheme_id", "=", scheme.id),
        ]
        for evaluations in self.chunks(EVALUATION_FIELDS, domain=domain):
            evaluations.unit_id.fetch(["name"])
            results = env["target.evaluation.section"].search_fetch(
                [("evaluation_id", "in", evaluations.ids)],
                ["evaluation_id", "section_id", "score", "empty"],
            )
            scores = {(r.evaluation_id.id, r.section_id.id): r for r in results}
            vetoes = self.vetoes(evaluations)
            for evaluation in evaluations:
                values = [None] * width
                values[0] = evaluation.rank or None
                values[1] = evaluation.unit_id.name
                for section_id, col in section_col.items():
                    result = scores.get((evaluation.id, section_id))
                    if result and not result.empty:
                        values[col] = result.score
                veto_names = vetoes.get((evaluation.cycle_id.id, evaluation.unit_id.id), [])
                values[-5:] = [
                    evaluation.bonus,
                    evaluation.deduction,
                    "、".join(veto_names) or (env._("Yes") if evaluation.vetoed else ""),
                    evaluation.total,
                    grades.get(evaluation.grade, ""),
                ]
                styles = {}
                if evaluation.vetoed:
                    styles = {1: "alert", width - 3: "alert", width - 1: "alert"}
                yield Row(values, styles=styles)

    def vetoes(self, evaluations):
        """The decided veto items of these evaluations' units, by (cycle, unit)."""
        vetoes = self.env["target.veto"].search_fetch(
            [
                ("unit_id", "in", evaluations.unit_id.ids),
                ("cycle_id", "in", evaluations.cycle_id.ids),
                ("state", "=", "confirmed"),
            ],
            ["unit_id", "cycle_id", "type_id"],
        )
        vetoes.type_id.fetch(["name"])
        names = defaultdict(list)
        for veto in vetoes:
            names[veto.cycle_id.id, veto.unit_id.id].append(veto.type_id.name)
        return names
