"""上报表: the superior level's sheet, laid out by a ``target.export.template``.

The office defines the header rows (merged titles as in the province's
sheet) and the columns: a field path of the template's source records, a
row number, or a safe expression over the other columns' values. Rows are
read in chunks as the user; expressions see plain values, never records.
"""

from datetime import datetime

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from ..tools.placeholders import fill
from .base import Builder, Column, Merge, Row, SheetData

# What a template can list: model, paths of its cycle, unit and stage, order.
SOURCES = {
    "goal": (
        "target.goal",
        "cycle_id",
        "unit_id",
        None,
        "cycle_id, parent_path, sequence, id",
    ),
    "evaluation": ("target.evaluation", "cycle_id", "unit_id", "stage", "category_id, rank, id"),
    "line": (
        "target.evaluation.line",
        "cycle_id",
        "unit_id",
        "stage",
        "evaluation_id, section_id, sequence, id",
    ),
    "progress": ("target.progress", "cycle_id", "unit_id", None, "period_start, unit_id, id"),
}
NUMERIC = ("float", "integer", "monetary")
KIND_OF_TYPE = {
    "float": "value",
    "monetary": "value",
    "integer": "int",
    "date": "date",
    "datetime": "datetime",
}


def source_model(source):
    return SOURCES[source][0]


class TemplateBuilder(Builder):
    """Rows of the template's source records, the columns as configured."""

    def __init__(self, env, report_filter, template):
        model_name, cycle_field, unit_field, stage_field, order = SOURCES[template.source]
        self.model_name = model_name
        self.cycle_field = cycle_field
        self.unit_field = unit_field
        self.stage_field = stage_field
        self.order = order
        super().__init__(env, report_filter)
        self.template = template

    def title(self):
        return self.template.name

    def streamable(self):
        return all(header.row_span <= 1 for header in self.template.header_ids)

    def placeholder_values(self):
        """What header texts may say: {cycle} {year} {category} {units} {date} {period}."""
        env, report_filter = self.env, self.filter
        cycle = env["target.cycle"].browse(report_filter.cycle_id)
        category = env["target.unit.category"].browse(report_filter.category_id)
        units = env["target.unit"].browse(report_filter.unit_ids)
        today = fields.Date.context_today(env.user)
        return {
            "cycle": cycle.name or "",
            "year": str(cycle.year or today.year),
            "category": category.name or "",
            "units": "、".join(units.mapped("name")),
            "date": today.strftime("%Y-%m-%d"),
            "period": report_filter.period or "",
        }

    def sheets(self):
        template = self.template
        specs = template.column_ids.sorted(lambda c: (c.sequence, c.id))
        if not specs:
            raise UserError(
                self.env._("Template %(template)s has no columns.", template=template.name)
            )
        model = self.model
        columns = []
        for spec in specs:
            kind = "text"
            if spec.source_type == "sequence":
                kind = "int"
            elif spec.source_type == "expression":
                kind = "value"
            else:
                kind = KIND_OF_TYPE.get(self._last_field(model, spec.field_path).type, "text")
            columns.append(
                Column(spec.code, spec.header, kind, spec.width or 12.0, spec.num_format or None)
            )
        values = self.placeholder_values()
        header = [
            Merge(
                h.row - 1,
                h.col_from - 1,
                h.row - 1 + max(h.row_span, 1) - 1,
                (h.col_to or h.col_from) - 1,
                fill(h.text or "", values),
                h.style,
            )
            for h in template.header_ids
        ]
        if template.column_header:
            below = max((m.last_row for m in header), default=-1) + 1
            header += [Merge(below, i, below, i, c.label) for i, c in enumerate(columns)]
        yield SheetData(
            name=template.sheet_name or template.name,
            columns=columns,
            rows=self.rows(specs),
            header=header,
            freeze_cols=template.freeze_cols,
        )

    def _last_field(self, model, path):
        for name in path.split(".")[:-1]:
            model = self.env[model._fields[name].comodel_name]
        return model._fields[path.split(".")[-1]]

    def rows(self, specs):
        model = self.model
        plan = []  # (column spec, how, field path, last field of the path)
        first_names = set()
        for spec in specs:
            if spec.source_type == "field":
                path = spec.field_path.split(".")
                first_names.add(path[0])
                plan.append((spec, "field", path, self._last_field(model, spec.field_path)))
            else:
                plan.append((spec, spec.source_type, None, None))
        labels = {}
        number = 0
        stored = [name for name in first_names if model._fields[name].store]
        for records in self.chunks(stored):
            first = number + 1
            rows = []
            for record in records:
                number += 1
                rows.append(
                    [
                        number
                        if how == "sequence"
                        else self._resolve(record, path, last, labels)
                        if how == "field"
                        else None
                        for _spec, how, path, last in plan
                    ]
                )
            self._evaluate(plan, rows, first)
            for values in rows:
                yield Row(values)

    def _resolve(self, record, path, last, labels):
        value = record
        for name in path[:-1]:
            value = value[name]
            if not value:
                return None
        raw = value[path[-1]]
        kind = last.type
        if kind == "many2one":
            return raw.display_name or None
        if kind in ("one2many", "many2many"):
            return "、".join(raw.mapped("display_name")) or None
        if kind == "selection":
            key = (last.model_name, last.name)
            if key not in labels:
                labels[key] = dict(last._description_selection(self.env))
            return labels[key].get(raw, raw or None)
        if kind == "boolean":
            return self.env._("Yes") if raw else self.env._("No")
        if kind == "datetime":
            if not raw:
                return None
            local = fields.Datetime.context_timestamp(self.env.user, raw)
            return datetime(*local.timetuple()[:6])
        if kind in NUMERIC:
            return raw
        return raw or None

    def _evaluate(self, plan, rows, first):
        """Fill the expression columns of ``rows`` (numbered from ``first``).

        One safe_eval per expression column and chunk, over the plain values of
        the other columns (never records): a list comprehension binding each
        column's code. An empty number counts as 0, an empty text as "".
        """
        for index, (spec, how, _path, _last) in enumerate(plan):
            if how != "expression":
                continue
            known = [
                (i, other.code, last)
                for i, (other, other_how, _p, last) in enumerate(plan)
                if other_how != "expression" or i < index
            ]
            scopes = [
                tuple(self._scope_value(row[i], last) for i, _code, last in known) for row in rows
            ]
            names = "".join(f"{code}, " for _i, code, _last in known)
            source = f"[({spec.expression}) for ({names}) in _rows]"
            try:
                results = safe_eval(source, {"_rows": scopes})
            except Exception:  # noqa: BLE001 - find the row that fails, and say why
                self._raise_for_row(spec, known, scopes, first)
                raise
            for row, value in zip(rows, results, strict=True):
                row[index] = value

    @staticmethod
    def _scope_value(value, last):
        if value is None:
            return 0 if last is None or last.type in NUMERIC else ""
        return value

    def _raise_for_row(self, spec, known, scopes, first):
        """Evaluate ``spec`` row by row and raise a UserError for the first failing row."""
        for number, scope in enumerate(scopes, start=first):
            values = {code: value for (_i, code, _last), value in zip(known, scope, strict=True)}
            try:
                safe_eval(spec.expression, values)
            except Exception as error:  # noqa: BLE001 - any failure of the user's expression
                raise UserError(
                    self.env._(
                        "Template %(template)s, data row %(row)s, column %(column)s "
                        "(%(code)s): the expression %(expression)s failed: %(error)s",
                        template=self.template.name,
                        row=number,
                        column=spec.header,
                        code=spec.code,
                        expression=spec.expression,
                        error=error,
                    )
                ) from error
