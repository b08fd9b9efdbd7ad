"""Writing the engine's results back, in a fixed number of queries.

Missing evaluations, lines and section rows are created by
:func:`bulk_create`, one ``INSERT … SELECT … FROM unnest(…)`` per table (the
lines and section rows with their results); changed results are written by
:func:`bulk_update`, one ``UPDATE … FROM unnest(…)`` per table (and
:func:`bulk_unlink` deletes in one query). The ORM's
``create`` and ``write`` of different values per record, and its flush of
computed fields, issue one query per 100 records, which would make the query
count of a run grow with the cycle. Each column is passed as the text of one
array (:func:`array_text`).
"""

from psycopg2.extras import Json

from odoo import fields, models
from odoo.tools import SQL

from .. import engine
from .explain import REASON_NOT_DUE
from .reader import LINE_RESULT_FIELDS

EPSILON = 1e-9


# types whose values print as PostgreSQL reads them (str() of an int, a float, a bool)
_PLAIN_TYPES = frozenset({"int4", "int8", "float8", "numeric", "bool"})


def array_text(values, sql_type):
    """The SQL values ``values`` as the text of one PostgreSQL array: ``{1,NULL,"a b"}``.

    psycopg2 passes a list as ``ARRAY[v1, v2, …]``, an expression the server parses
    value by value: a cycle's 200,000 values take it a second, their text a tenth.
    """
    if sql_type in _PLAIN_TYPES:
        # numbers and booleans as str() writes them (a float's shortest exact form)
        if None in values:
            return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"
        return "{" + ",".join(map(str, values)) + "}"
    if all(type(value) is str or value is None for value in values):
        # a text column repeats its values (a state, a source): each is quoted once
        quoted = {value: _array_element(value) for value in set(values)}
        return "{" + ",".join(map(quoted.__getitem__, values)) + "}"
    return "{" + ",".join(map(_array_element, values)) + "}"


def _array_element(value):
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)  # the shortest exact form of a float
    if isinstance(value, Json):
        value = value.dumps(value.adapted)
    elif not isinstance(value, str):  # a date or a datetime: its ISO form
        value = str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bulk_update(model, rows, fnames, constants=None):
    """``UPDATE`` the rows of ``model`` from ``rows`` ``[(id, value, ...)]`` in one query.

    ``fnames`` name the stored fields the values are for, ``constants`` maps
    more fields to one value for all rows. The ORM cache of these fields is
    invalidated and their dependents are marked as modified.
    """
    if not rows:
        return
    constants = dict(constants or {})
    if model._log_access:
        constants.update(write_uid=model.env.uid, write_date=model.env.cr.now())
    ids, *columns = zip(*rows, strict=True)
    fields_ = [model._fields[fname] for fname in fnames]
    columns = [
        list(ids),
        *(
            [field.convert_to_column(value, model) for value in column]
            for field, column in zip(fields_, columns, strict=True)
        ),
    ]
    types = ["int4", *(field.column_type[0] for field in fields_)]
    model.env.cr.execute(
        SQL(
            "UPDATE %s AS t SET %s FROM unnest(%s) AS v(%s) WHERE t.id = v.id",
            SQL.identifier(model._table),
            SQL(", ").join(
                [SQL("%s = v.%s", SQL.identifier(f), SQL.identifier(f)) for f in fnames]
                + [SQL("%s = %s", SQL.identifier(f), value) for f, value in constants.items()]
            ),
            SQL(", ").join(
                SQL("%s::%s[]", array_text(column, sql_type), SQL(sql_type))
                for column, sql_type in zip(columns, types, strict=True)
            ),
            SQL(", ").join(SQL.identifier(name) for name in ("id", *fnames)),
        )
    )
    records = model.browse(ids)
    written = [*fnames, *constants]
    records.invalidate_recordset(written, flush=False)
    records.modified(written)


def plain_create(model, quiet=False):
    """Whether no addon overrides ``create()`` of ``model`` (see :func:`bulk_create`).

    ``quiet``: the records are created without chatter (as with the context
    key ``tracking_disable``), so that the override of ``mail.thread``, which
    then only discards tracking, may be skipped as well. The workflow
    kernel's gate guards the users' creates only: as superuser it is skipped.
    The cycle freeze is skipped too: the engine checks it before it writes.
    """
    # the engine checks the cycle freeze before it writes (scoring.locks)
    skipped = {"odoo.addons.target_assessment.models.target_cycle_freeze_mixin"}
    if quiet:
        skipped.add("odoo.addons.mail.models.mail_thread")
    if model.env.su:
        skipped.add("odoo.addons.target_assessment.models.target_workflow_mixin")
    return not any(
        "create" in vars(cls)
        for cls in type(model).__mro__
        if cls.__module__.startswith("odoo.addons.") and cls.__module__ not in skipped
    )


def bulk_create(model, vals_list, quiet=False):
    """Create ``model`` records from ``vals_list`` in two queries, however many they are.

    The ORM's ``create()`` inserts 100 rows per query and handles every record
    in Python; a cycle has lines and section rows by the hundred thousand.
    Every row of ``vals_list`` gives the same stored column fields, stored
    related ones included; the other columns get their defaults, the other
    stored computed fields are computed by the ORM at the next flush, and the
    Python constraints are checked. Falls back on ``create()`` when an addon
    overrides it, so that no override is ever skipped; ``quiet`` allows to skip
    the chatter's own (no creation message, no followers).
    """
    if not vals_list or not plain_create(model, quiet):
        return model.create(vals_list)
    env = model.env
    fnames = sorted(vals_list[0])
    fields_ = [model._fields[fname] for fname in fnames]
    stored = [
        field
        for field in model._fields.values()
        if field.store and field.column_type and field.name not in fnames
    ]
    defaults = model.default_get(
        [f.name for f in stored if not f.compute and f.name not in models.MAGIC_COLUMNS]
    )
    constants = {
        fname: model._fields[fname].convert_to_column_insert(value, model, defaults)
        for fname, value in defaults.items()
        if model._fields[fname].column_type
    }
    if model._log_access:
        now = env.cr.now()
        constants.update(create_uid=env.uid, create_date=now, write_uid=env.uid, write_date=now)
    ids = [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{model._table}_id_seq",
                len(vals_list),
            )
        )
    ]
    columns = [_insert_column(field, model, vals_list) for field in fields_]
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) AS v",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in ("id", *fnames, *constants)),
            SQL(", ").join([SQL("v.*"), *(SQL("%s", value) for value in constants.values())]),
            SQL(", ").join(
                SQL("%s::%s[]", array_text(values, sql_type), SQL(sql_type))
                for values, sql_type in zip(
                    [ids, *columns], ["int4", *(f.column_type[0] for f in fields_)], strict=True
                )
            ),
        )
    )
    records = model.browse(ids)
    for field in fields_:  # cached one2many of the parents do not know the new rows
        for inverse in model.pool.field_inverses[field]:
            env[inverse.model_name].invalidate_model([inverse.name], flush=False)
    for field in stored:
        if field.compute:
            env.add_to_compute(field, records)
    with env.protecting(fields_, records):  # the given related values are right
        records.modified(fnames, create=True)
    records._validate_fields(fnames)
    return records


# fields whose SQL value depends on their value only (not on the row, as a monetary's
# on its currency), a value a cycle repeats (a score, a state, a source)
_BY_VALUE_TYPES = frozenset({"float", "integer", "boolean", "selection", "char", "date"})


def _insert_column(field, model, vals_list):
    """The SQL values of ``field`` for the rows ``vals_list``. A many2one given as ids
    needs no conversion; a number's, a state's or a name's is made once for each
    distinct value (a float's rounding and text, a selection's check)."""
    name = field.name
    if field.type == "many2one" and all(
        vals[name] is False or type(vals[name]) is int for vals in vals_list
    ):  # ids given: the column is the ids (None for none)
        return [vals[name] or None for vals in vals_list]
    if field.type not in _BY_VALUE_TYPES or field.company_dependent or field.translate:
        return [field.convert_to_column_insert(vals[name], model, vals) for vals in vals_list]
    converted = {}
    column = []
    for vals in vals_list:
        value = vals[name]
        if value not in converted:
            converted[value] = field.convert_to_column_insert(value, model, vals)
        column.append(converted[value])
    return column


def plain_unlink(model):
    """Whether only the ORM's ``unlink()`` deletes ``model`` records (see :func:`bulk_unlink`).

    Mail's override for every model removes the records' activities: models
    without activities (no ``activity_ids``) have none to remove.
    """
    skipped = set() if "activity_ids" in model._fields else {"odoo.addons.mail.models.models"}
    return not (
        model._ondelete_methods
        or hasattr(type(model).unlink, "origin")  # wrapped by an audit (auditlog)
        or any(
            "unlink" in vars(cls)
            for cls in type(model).__mro__
            if cls.__module__.startswith("odoo.addons.") and cls.__module__ not in skipped
        )
    )


def bulk_unlink(records):
    """Delete ``records`` in one query, however many they are.

    For rows a program makes and makes again (a bulletin's lines): no external
    id, attachment or default points to them, which the ORM's ``unlink()``
    looks up in queries per 1,000 records. Falls back on ``unlink()`` when the
    model has a deletion check or an addon overrides it, so that none is
    ever skipped.
    """
    if not records or not plain_unlink(records):
        return records.unlink()
    records.check_access("unlink")
    env = records.env
    for field in records._fields.values():
        env.remove_to_compute(field, records)
    env.flush_all()
    with env.protecting(records._fields.values(), records):
        records.modified(records._fields, before=True)
    env.cr.execute(
        SQL("DELETE FROM %s WHERE id = ANY(%s)", SQL.identifier(records._table), list(records.ids))
    )
    env.invalidate_all(flush=False)  # as unlink(): cascades are not in the cache
    return True


class ResultWriter:
    """Writes the results of one engine run (``{unit id: UnitResult}``).

    Missing lines and section rows are created with their results; existing
    ones are updated only where a result changed, so that recomputing an
    unchanged cycle writes little more than the evaluations' totals.
    """

    def __init__(self, data, results):
        self.data = data
        self.results = results
        self.env = data.cycle.env
        self.now = fields.Datetime.now()

    def save(self):
        self._ensure_evaluations()
        self._drop_obsolete_lines()
        self.env.flush_all()
        self._save_lines()
        self._save_sections()
        self._save_evaluations()

    def prepare(self):
        """Only the missing evaluations and lines, without results (the stage opens)."""
        self._ensure_evaluations()
        self.env.flush_all()
        new = [
            self._new_line(entry, self._line_results(entry, None, 0.0))
            for entry in self._entries()
            if entry.line is None
        ]
        bulk_create(self.env["target.evaluation.line"], new)
        return len(new)

    def _entries(self):
        """Every line's entry: the units' own goals, then the goals they share."""
        for entries in (*self.data.goals.values(), *self.data.shared.values()):
            yield from entries

    def _ensure_evaluations(self):
        """Create the missing evaluations in one statement, without chatter.

        The scoring creates them for the units: no creation message and no
        followers (the unit's users reach them by the record rules). The
        stored related and computed values are given, so the ORM need not
        compute them row by row (it would write them 100 rows per query).
        """
        data = self.data
        missing = [unit for unit in data.unit_scheme if unit not in data.evaluations]
        Evaluation = self.env["target.evaluation"]
        units = self.env["target.unit"].browse(missing)  # names cached by the reader
        # the self-assessment's deadline: the year end's only (stored computed fields)
        deadline = data.cycle.self_assessment_deadline if data.stage == "year_end" else False
        today = fields.Date.context_today(Evaluation)
        created = bulk_create(
            Evaluation,
            [
                {
                    "name": Evaluation._name_of(unit, data.cycle, data.stage),
                    "cycle_id": data.cycle.id,
                    "unit_id": unit.id,
                    "stage": data.stage,
                    "category_id": data.unit_category[unit.id],
                    "scheme_id": data.unit_scheme[unit.id],
                    "validation_status": "no",  # no review requested yet
                    "self_assessment_deadline": deadline,
                    "is_overdue": bool(deadline and deadline < today),
                }
                for unit in units
            ],
            quiet=True,
        )
        data.evaluations.update(zip(missing, created.ids, strict=True))

    def _drop_obsolete_lines(self):
        """Lines of goals that no longer count (cancelled, moved, now person-level)."""
        if self.data.obsolete_lines:
            self.env["target.evaluation.line"].browse(self.data.obsolete_lines).unlink()

    # -- lines ---------------------------------------------------------------------

    def _save_lines(self):
        data = self.data
        Line = self.env["target.evaluation.line"]
        scores = {}  # goal id -> its score (the lead's result; a shared goal scores alike)
        counted = {}  # (unit id, goal id) -> the unit's share of the score, as shown
        for unit, entries in data.goals.items():
            scores.update((score.key, score) for score in self.results[unit].goals)
            for entry in entries:
                score = scores.get(entry.goal)
                if score is None:
                    continue
                lead, parts = engine.shared_scores(score.score, entry.shares)
                counted[unit, entry.goal] = lead
                counted.update(((part, entry.goal), value) for part, value in parts.items())
        new, changed = [], []
        for entry in self._entries():
            values = self._line_results(
                entry, scores.get(entry.goal), counted.get((entry.unit, entry.goal), 0.0)
            )
            if entry.line is None:
                new.append(self._new_line(entry, values))
            elif values != tuple(entry.current):
                changed.append((entry.line, *values))
        bulk_create(Line, new)
        bulk_update(Line, changed, LINE_RESULT_FIELDS)

    def _new_line(self, entry, values):
        data = self.data
        return {
            "evaluation_id": data.evaluations[entry.unit],
            "goal_id": entry.goal,
            "cooperation_id": entry.cooperation or False,
            "sequence": entry.sequence,
            # the stored related fields, known already
            "unit_id": entry.unit,
            "cycle_id": data.cycle.id,
            "stage": data.stage,
            "indicator_id": entry.indicator,
            "assessor_unit_id": entry.assessor_unit or False,
            "section_id": entry.section,
            "points": entry.points,
            **dict(zip(LINE_RESULT_FIELDS, values, strict=True)),
        }

    @staticmethod
    def _line_results(entry, score, counted):
        """The values of LINE_RESULT_FIELDS, rounded as the columns store them; ``counted``
        is the unit's share of the goal's score (engine.shared_scores)."""
        actual = round(entry.actual, 4)
        share = round(entry.share, 2)
        if score is None:  # not scored at this stage
            return (actual, 0.0, 0.0, 0.0, "reported", REASON_NOT_DUE, None, share, 0.0)
        completion, reason = score.completion, score.reason
        if entry.value_spec is not None:  # a given score: measure the given value
            measured = engine.score_goal(entry.value_spec)
            completion = measured.completion
            reason = measured.reason if score.lost > EPSILON else engine.Reason(engine.REASON_FULL)
        if completion is None:  # binary, grade, deduction: the share of points earned
            completion = score.score / entry.points if entry.points else 0.0
        return (
            actual,
            engine.round_score(score.score, 2),
            engine.round_score(100.0 * completion, 2),
            engine.round_score(score.lost, 2),
            entry.source,
            reason.code,
            _jsonable(reason.args) or None,
            share,
            counted,
        )

    # -- sections and evaluations ----------------------------------------------------

    def _save_sections(self):
        data = self.data
        Section = self.env["target.evaluation.section"]
        rows = Section.search_fetch(
            [("evaluation_id", "in", list(data.evaluations.values()))],
            ["evaluation_id", "section_id", "score", "empty"],
        )
        current = {(row.evaluation_id.id, row.section_id.id): row for row in rows}
        new, changed = [], []
        for unit, result in self.results.items():
            evaluation = data.evaluations[unit]
            section_ids = data.section_ids[data.unit_scheme[unit]]
            for code, section in result.sections.items():
                section_id = section_ids[code]
                row = current.get((evaluation, section_id))
                if row is None:
                    new.append(
                        {
                            "evaluation_id": evaluation,
                            "section_id": section_id,
                            "sequence": data.section_sequence[section_id],
                            "score": section.score,
                            "empty": section.empty,
                        }
                    )
                elif (row.score, row.empty) != (section.score, section.empty):
                    changed.append((row.id, section.score, section.empty))
        bulk_create(Section, new)
        bulk_update(Section, changed, ["score", "empty"])

    def _save_evaluations(self):
        """Every evaluation: its results, its rank's movement and the time of this run."""
        data = self.data
        previous = self._previous_ranks()
        rows = []
        for unit, result in self.results.items():
            goal_score = sum(
                section.score
                for section in result.sections.values()
                if section.kind == engine.GOALS
            )
            rows.append(
                (
                    data.evaluations[unit],
                    engine.round_score(goal_score, 2),
                    result.bonus,
                    result.deduction,
                    result.total,
                    result.rank,
                    previous.get(unit, 0),
                    previous[unit] - result.rank if unit in previous else 0,
                    result.grade,
                    result.vetoed,
                )
            )
        bulk_update(
            self.env["target.evaluation"],
            rows,
            [
                "goal_score",
                "bonus",
                "deduction",
                "total",
                "rank",
                "previous_rank",
                "rank_change",
                "grade",
                "vetoed",
            ],
            {"computed_at": self.now},
        )

    def _previous_ranks(self):
        """``{unit id: the rank it moved from}`` (engine.previous_ranks), in one query.

        The movement is fixed when a stage is ranked: a later stage keeps it when
        an earlier one is ranked again afterwards.
        """
        data = self.data
        cycle = data.cycle
        cycles = cycle | cycle.previous_cycle_id
        Evaluation = self.env["target.evaluation"].sudo()
        stages = [code for code, _label in Evaluation._fields["stage"].selection]  # the year's
        earlier = Evaluation.search_fetch(
            [
                ("unit_id", "in", list(self.results)),
                ("cycle_id", "in", cycles.ids),
                ("rank", ">", 0),
                ("id", "not in", list(data.evaluations.values())),
            ],
            ["unit_id", "cycle_id", "stage", "rank"],
        )
        ranked = [
            (None, ev.unit_id.id, ev.cycle_id.id, stages.index(ev.stage), ev.rank) for ev in earlier
        ]
        ranked += [
            (unit, unit, cycle.id, stages.index(data.stage), result.rank)
            for unit, result in self.results.items()
            if result.rank
        ]
        previous = engine.previous_ranks(ranked, {cycle.id: cycle.previous_cycle_id.id})
        previous.pop(None, None)
        return previous


def _jsonable(value):
    """Reason arguments as JSON values (tuples become lists, mappings dicts)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
