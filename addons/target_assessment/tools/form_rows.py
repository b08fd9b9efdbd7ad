"""A form read in fewer queries: its x2many tabs with their rows' fields in one
query each, the names of its many2one fields in one query for all.

The ORM reads a one2many's ids in one query, then the web client's
``web_read`` reads the rows' fields in a second: a form of four tabs spends
eight queries where four do. (For a user under record rules, Odoo still checks
them on the rows it reads from the cache: one query more a tab with rows.)
``web_read`` names each many2one's record with one query per model (an
indicator, a cycle, a unit, a section, people, a period: six); one join does.
"""

from collections import defaultdict

from odoo.fields import Domain
from odoo.tools import SQL


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


def prefetch_names(records, specification):
    """Put in the cache, in one query, the fields that name the records of the many2one
    fields of the web client's ``specification`` (of ``web_read``) on ``records``.

    As ``web_read`` names them: as superuser (a record one may not open is named all
    the same). A model whose name reads fields of other models, or fields that are
    not columns, is left to ``web_read``; a value already in the cache is kept.
    """
    records = records._origin
    if not records:
        return
    query = records._as_query(ordered=False)
    columns = []  # SQL terms: each named model's id, then its naming fields
    named = []  # [(model, [naming fields])], in the order of columns
    for name, spec in specification.items():
        field = records._fields.get(name)
        if field is None or field.type != "many2one" or not field.store:
            continue  # a computed many2one is named by web_read
        if "display_name" not in spec.get("fields", {}):
            continue
        comodel = records.env[field.comodel_name].sudo()
        depends = list(comodel._fields["display_name"].get_depends(comodel)[0])
        naming = [comodel._fields.get(fname) for fname in depends]
        if not naming or not all(
            f is not None and f.store and f.column_type and f.model_name == comodel._name
            for f in naming
        ):
            continue
        alias = query.make_alias(records._table, name)
        query.add_join(
            "LEFT JOIN",
            alias,
            comodel._table,
            SQL(
                "%s = %s",
                records._field_to_sql(records._table, name, query),
                SQL.identifier(alias, "id"),
            ),
        )
        columns.append(SQL.identifier(alias, "id"))
        columns.extend(comodel._field_to_sql(alias, f.name, query) for f in naming)
        named.append((comodel, naming))
    if not named:
        return
    rows = records.env.execute_query(query.select(*columns))
    start = 0
    for comodel, naming in named:
        end = start + 1 + len(naming)
        values = {row[start]: row[start + 1 : end] for row in rows if row[start]}
        start = end
        if values:
            named_records = comodel.browse(values)
            for index, field in enumerate(naming):
                field._insert_cache(named_records, [value[index] for value in values.values()])
