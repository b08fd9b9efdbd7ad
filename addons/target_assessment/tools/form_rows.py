"""A form's x2many tabs read with their rows' fields in one query each.

The ORM reads a one2many's ids in one query, then the web client's
``web_read`` reads the rows' fields in a second: a form of four tabs spends
eight queries where four do. (For a user under record rules, Odoo still checks
them on the rows it reads from the cache: one query more a tab with rows.)
"""

from collections import defaultdict

from odoo.fields import Domain


def prefetch_rows(records, specification):
    """Put in the cache the one2many fields of the web client's ``specification``
    (of ``web_read``) on ``records``: their rows with their fields, one query per
    field. As the ORM reads a one2many: the rows its record rules let the user read,
    in their model's order, inactive ones included; a value already in the cache is
    kept."""
    records = records._origin
    for name, spec in specification.items():
        field = records._fields.get(name)
        if field is None or field.type != "one2many" or not spec.get("fields") or not records:
            continue
        comodel = records.env[field.comodel_name].with_context(active_test=False, **field.context)
        inverse = field.inverse_name
        domain = field.get_comodel_domain(records) & Domain(inverse, "in", records.ids)
        rows = defaultdict(list)
        # every field the ORM prefetches: the list's computed fields read more than they
        # declare (a row's own other fields), a tab has a few rows
        for row in comodel.search_fetch(domain):
            rows[row[inverse].id].append(row.id)
        field._insert_cache(records, [tuple(rows[id_]) for id_ in records._ids])
