import math

from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import numbers

NUMBER_TYPES = ("float", "monetary", "integer")


class TargetNumberMixin(models.AbstractModel):
    """Numbers and dates checked where they enter (DESIGN.md §12), for every door.

    A model inheriting this mixin gets, for the form (and its ``onchange``), RPC
    ``write``/``create`` and ``load()`` alike:

    * non-finite numbers (NaN, infinity, ``1e400``) refused in any number field
      before Odoo converts them (rounding a NaN crashes; an unrounded one would
      be stored and break every report that reads it);
    * one constraint on every stored number field a user edits (not computed,
      not readonly): finite, at most ``tools.numbers.MAX_MAGNITUDE``, and in the
      record's range from the hook :meth:`_number_limits`;
    * the same constraint checks the dates named by :meth:`_number_dates`.

    The error names the record, the field and the reason. The ranges
    themselves are written once, in ``tools/numbers.py``, which the sheet
    imports use too. ``_number_depends`` lists the other fields the ranges
    depend on (an indicator, a section), so that changing them re-checks;
    ``_number_date_fields`` the date fields the hook :meth:`_number_dates` bounds.
    """

    _name = "target.number.mixin"
    _description = "Checked Numbers (abstract)"

    _number_depends = ()
    _number_date_fields = ()

    # -- constraints -----------------------------------------------------------

    @api.constrains(lambda self: self._number_constrained_fields())
    def _check_numbers(self):
        # many records at once (the scoring's bulk insert): the fields the checks read, in
        # one query, not every field of the records a thousand at a time (the check reads
        # what was written, whoever wrote it)
        self.sudo().fetch(self._number_constrained_fields())
        checked = self._number_checked_fields()
        limits_by_record = self._number_limits()
        dates_by_record = self._number_dates()
        # a cycle's lines share their ranges and repeat their numbers: the fields of each
        # range are listed once, and each (number, range) is checked once
        plans = {}  # id(the record's ranges) -> [(field, its range)]
        accepted = set()  # (number, id(range)) within range
        no_limits = {}
        for record in self:
            limits = limits_by_record.get(record, no_limits)
            plan = plans.get(id(limits))
            if plan is None:
                plan = plans[id(limits)] = [
                    (self._fields[fname], limits.get(fname, numbers.ANY))
                    for fname in dict.fromkeys([*checked, *limits])
                ]
            for field, limit in plan:
                value = field.__get__(record)
                if (value, id(limit)) in accepted:
                    continue
                problem = numbers.check(value, limit)
                if problem:
                    raise ValidationError(record._number_error(field.name, *problem))
                accepted.add((value, id(limit)))
            for fname, (start, end) in dates_by_record.get(record, {}).items():
                problem = numbers.check_date(record[fname], start, end)
                if problem:
                    raise ValidationError(record._number_error(fname, *problem))

    # -- CRUD --------------------------------------------------------------------

    def _prepare_create_values(self, vals_list):
        # not create(): the scoring writer's bulk insert skips models that override it
        for vals in vals_list:
            self._number_refuse_non_finite(vals)
        return super()._prepare_create_values(vals_list)

    def write(self, vals):
        self._number_refuse_non_finite(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # the form's round trip converts the values too (a crafted call, not the web client)
        self._number_refuse_non_finite(values)
        return super().onchange(values, field_names, fields_spec)

    # -- hooks -------------------------------------------------------------------

    def _number_limits(self):
        """Hook: {record: {field: tools.numbers.Limits}} of the records of ``self``
        (records with the same ranges may share one mapping: it is read, never changed)."""
        return {}

    def _number_dates(self):
        """Hook: {record: {date field: (first day, last day)}} for ``_number_date_fields``."""
        return {}

    # -- helpers -----------------------------------------------------------------

    def _number_checked_fields(self):
        """The stored number fields a user edits: checked finite and within bounds."""
        return [
            name
            for name, field in self._fields.items()
            if field.type in NUMBER_TYPES
            and field.store
            and not field.compute
            and not field.related
            and not field.readonly
            and name not in models.MAGIC_COLUMNS
            and name != "sequence"
        ]

    def _number_constrained_fields(self):
        return [
            *self._number_checked_fields(),
            *self._number_date_fields,
            *self._number_depends,
        ]

    def _number_refuse_non_finite(self, vals):
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if (
                field is not None
                and field.type in NUMBER_TYPES
                and isinstance(value, float)
                and not math.isfinite(value)
            ):
                raise ValidationError(
                    self._number_error(fname, *numbers.check(value), record=False)
                )

    def _number_error(self, fname, message, args, record=True):
        """The translated error of field ``fname`` of ``self`` (or of the model)."""
        field = self._fields[fname].get_description(self.env)["string"]
        reason = self.env._(message, **args) if args else self.env._(message)
        if record and self:
            return self.env._(
                "%(model)s %(record)s, field %(field)s: %(reason)s",
                model=self.env["ir.model"].sudo()._get(self._name).name,
                record=self.display_name,
                field=field,
                reason=reason,
            )
        return self.env._(
            "%(model)s, field %(field)s: %(reason)s",
            model=self.env["ir.model"].sudo()._get(self._name).name,
            field=field,
            reason=reason,
        )
