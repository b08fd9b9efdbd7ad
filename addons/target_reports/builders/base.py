"""What every builder shares: the filter, chunked reading as the user, sheet data."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from odoo import fields

from ..tools.sheet import Column, Merge, Row, group_row, title_banner

#: Records read per chunk: the ORM cache is dropped between chunks, so an
#: export holds about this many records in memory whatever its size.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: a cycle, a unit category, units (with their
    sub-units), a stage; or the records picked in a list (``record_ids``)."""

    cycle_id: int = 0
    category_id: int = 0
    unit_ids: tuple = ()
    stage: str = "year_end"
    record_ids: tuple = ()
    period: str = ""  # the period a scheduled run reports (template titles)

    @classmethod
    def from_data(cls, data, objs=None):
        """The filter of a report call: ``data["target_filter"]`` (wizards,
        schedules) or else the records the report was printed from."""
        values = (data or {}).get("target_filter")
        if values:
            return cls(
                cycle_id=values.get("cycle_id") or 0,
                category_id=values.get("category_id") or 0,
                unit_ids=tuple(values.get("unit_ids") or ()),
                stage=values.get("stage") or "year_end",
                record_ids=tuple(values.get("record_ids") or ()),
                period=values.get("period") or "",
            )
        return cls(record_ids=tuple(objs.ids) if objs else ())

    def as_data(self):
        """The report ``data`` carrying this filter."""
        return {
            "target_filter": {
                "cycle_id": self.cycle_id,
                "category_id": self.category_id,
                "unit_ids": list(self.unit_ids),
                "stage": self.stage,
                "record_ids": list(self.record_ids),
                "period": self.period,
            }
        }


@dataclass
class SheetData:
    """One worksheet of a report, ready to render: the rows come lazily."""

    name: str
    columns: list
    rows: Iterable
    banner: list = field(default_factory=list)
    header: list | None = None  # merges of the header rows; None: one row of labels
    freeze_cols: int = 0
    notes: Iterable = ()  # lines of text under the table


class Builder:
    """Reads a report's data as the environment's user (record rules apply:
    units export only their own data) and lays it out as :class:`SheetData`.

    Subclasses name their model and the paths of its cycle, unit and stage
    fields, and implement :meth:`sheets`.
    """

    model_name = None
    order = None
    cycle_field = "cycle_id"
    unit_field = "unit_id"
    stage_field = None
    chunk_size = CHUNK_SIZE

    def __init__(self, env, report_filter):
        self.env = env
        self.filter = report_filter
        self.model = env[self.model_name]

    # -- to implement ----------------------------------------------------------

    def title(self):
        """The report's title (translated)."""
        raise NotImplementedError

    def sheets(self):
        """Yield the :class:`SheetData` of the report."""
        raise NotImplementedError

    def streamable(self):
        """Whether the layout allows writing in constant memory (no header cell
        merged over several rows)."""
        return True

    # -- reading ---------------------------------------------------------------

    def domain(self):
        """The records the report covers, before the record rules."""
        report_filter = self.filter
        if report_filter.record_ids:
            return [("id", "in", list(report_filter.record_ids))]
        domain = []
        if report_filter.cycle_id:
            domain.append((self.cycle_field, "=", report_filter.cycle_id))
        if report_filter.category_id:
            domain.append((f"{self.unit_field}.category_id", "=", report_filter.category_id))
        if report_filter.unit_ids:
            domain.append((self.unit_field, "child_of", list(report_filter.unit_ids)))
        if self.stage_field and report_filter.stage:
            domain.append((self.stage_field, "=", report_filter.stage))
        return domain

    def chunks(self, field_names, domain=None, order=None):
        """Yield the matching records chunk by chunk with ``field_names`` fetched.

        One query finds the ids (record rules applied), one per chunk reads
        them; the cache is dropped after each chunk so that memory stays flat.
        """
        domain = self.domain() if domain is None else domain
        ids = self.model.search(domain, order=order or self.order).ids
        for start in range(0, len(ids), self.chunk_size):
            records = self.model.browse(ids[start : start + self.chunk_size])
            records.fetch(field_names)
            yield records
            self.env.invalidate_all()

    # -- wording ---------------------------------------------------------------

    def selection_labels(self, model, field_name):
        """The translated labels of a selection field."""
        return dict(self.env[model]._fields[field_name]._description_selection(self.env))

    def subtitle(self):
        """What the report covers and when it was made, on one line."""
        env, report_filter = self.env, self.filter
        parts = []
        if report_filter.cycle_id:
            cycle = env["target.cycle"].browse(report_filter.cycle_id)
            parts.append(env._("Cycle: %(cycle)s", cycle=cycle.name))
        if report_filter.category_id:
            category = env["target.unit.category"].browse(report_filter.category_id)
            parts.append(env._("Unit category: %(category)s", category=category.name))
        if report_filter.unit_ids:
            units = env["target.unit"].browse(report_filter.unit_ids)
            parts.append(env._("Units: %(units)s", units="、".join(units.mapped("name"))))
        if self.stage_field and report_filter.stage and not report_filter.record_ids:
            stages = self.selection_labels("target.evaluation", "stage")
            parts.append(env._("Stage: %(stage)s", stage=stages.get(report_filter.stage, "")))
        now = fields.Datetime.context_timestamp(env.user, fields.Datetime.now())
        parts.append(env._("Exported on %(when)s", when=now.strftime("%Y-%m-%d %H:%M")))
        return "    ".join(parts)

    def footer(self):
        """The page footer: page numbers."""
        return "&C" + self.env._("Page &P of &N")

    def light_labels(self):
        return self.selection_labels("target.goal", "light")


def name_map(records, field_name):
    """{id: value of ``field_name``} of ``records``, read in one query."""
    records.fetch([field_name])
    return {record.id: record[field_name] for record in records}


__all__ = [
    "Builder",
    "Column",
    "Merge",
    "ReportFilter",
    "Row",
    "SheetData",
    "group_row",
    "name_map",
    "title_banner",
]
