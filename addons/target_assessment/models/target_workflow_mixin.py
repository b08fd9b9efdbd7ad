from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RETURNED_TYPE = "mail.mail_activity_data_todo"


class TargetWorkflowMixin(models.AbstractModel):
    """A workflow written once: the states, who moves a record between them, the stamps.

    A model declares, as class attributes:

    - ``_workflow_field``: its state (or phase) field;
    - ``_workflow_transitions``: THE table ``{(from, to): role}``; a role is
      played by the records ``_workflow_role_<role>()`` returns for the
      current user (the superuser plays every role);
    - ``_workflow_stamps``: ``{to: verb}``: a move to ``to`` writes
      ``<verb>_by_id`` (the user) and ``<verb>_on`` (the time);
    - ``_workflow_reasons``: ``{to: field}``: a move to ``to`` needs a reason,
      kept in ``field``;
    - ``_workflow_return_to``: the verb whose user is given a to-do when the
      record is sent back with a reason (settled when they act again);
    - ``_workflow_system_fields``: other fields only code writes;
    - ``_workflow_fields``: further state fields of the model, each with its
      own table: ``{field: {"transitions": ..., "stamps": ..., "reasons": ...}}``
      (e.g. a cycle's phase and its sign-off); the methods take ``field=`` for
      them, and their hooks are ``_workflow_precheck_<field>_<to>`` and
      ``_workflow_after_<field>_<to>``.

    Action methods are one-liners calling :meth:`_workflow_move`; the ``can_*``
    fields call :meth:`_workflow_allowed`: one gate for both. The state, the
    stamps and the system fields are written by the kernel (as superuser) or
    by trusted code under sudo, never by a user's write, create or import,
    whatever the user's groups and whatever the context says.
    """

    _name = "target.workflow.mixin"
    _description = "Target Workflow (abstract)"

    _workflow_field = "state"
    _workflow_transitions = {}
    _workflow_stamps = {}
    _workflow_reasons = {}
    _workflow_return_to = None
    _workflow_system_fields = ()
    _workflow_fields = {}

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        protected = self._workflow_protected_fields()
        # a default_<field> in the context is the client's word: not a gate
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in protected)
        }
        self = self.with_env(self.env(context=context))  # noqa: PLW0642
        states = [self._workflow_field, *self._workflow_fields]
        initial = self.default_get(states)
        for vals in vals_list:
            given = protected.intersection(vals)
            given -= {name for name in states if name in given and vals[name] == initial.get(name)}
            if given:
                raise AccessError(self._workflow_protected_error(given))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            given = self._workflow_protected_fields().intersection(vals)
            if given:
                raise AccessError(self._workflow_protected_error(given))
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy starts over: no state, stamp or system mark is carried
        protected = self._workflow_protected_fields() - set(default or {})
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            for name in protected:
                vals.pop(name, None)
        return vals_list

    # -- the gate --------------------------------------------------------------

    def _workflow_allowed(self, to, field=None):
        """The records of ``self`` the current user may move to ``to`` (no exception)."""
        field, transitions, _stamps, _reasons = self._workflow_table(field)
        allowed = self.browse()
        by_role = defaultdict(list)
        for record in self:
            # read as superuser: the gate of a button never raises
            role = transitions.get((record.sudo()[field], to))
            if role:
                by_role[role].append(record.id)
        for role, ids in by_role.items():
            allowed |= self.browse(ids)._workflow_role(role)
        return self.filtered(lambda r: r in allowed)

    def _workflow_move(self, to, reason=None, vals=None, field=None):
        """Move every record of ``self`` to ``to``: the one way a state changes.

        Checks the table, the role and the preconditions
        (``_workflow_precheck_<to>``) and the reason, then writes the state,
        the stamps, the reason and ``vals`` at once, as superuser, and calls
        ``_workflow_after_<to>``.
        """
        if not self:
            return True
        main = not field or field == self._workflow_field
        field, transitions, stamps, reasons = self._workflow_table(field)
        hook = to if main else f"{field}_{to}"
        by_role = defaultdict(list)
        for record in self:
            role = transitions.get((record[field], to))
            if not role:
                raise UserError(
                    self.env._(
                        "%(record)s cannot go from %(old)s to %(new)s.",
                        record=record.sudo().display_name,
                        old=self._workflow_label(record[field], field),
                        new=self._workflow_label(to, field),
                    )
                )
            by_role[role].append(record.id)
        for role, ids in by_role.items():
            records = self.browse(ids)
            refused = records - records._workflow_role(role)
            if refused:
                raise AccessError(refused[0]._workflow_role_error(role, to, field))
        self._workflow_precheck(to, field)
        reason_field = reasons.get(to)
        if reason_field:
            for record in self:
                if not (reason or record.sudo()[reason_field] or "").strip():
                    raise UserError(
                        self.env._(
                            "Give the reason why %(record)s goes to %(state)s.",
                            record=record.sudo().display_name,
                            state=self._workflow_label(to, field),
                        )
                    )
        values = {field: to}
        verb = stamps.get(to)
        if verb:
            values[f"{verb}_by_id"] = self.env.uid
            values[f"{verb}_on"] = fields.Datetime.now()
        if reason_field and reason:
            values[reason_field] = reason
        values.update(vals or {})
        self.sudo().write(values)
        if main:
            self._workflow_activities(to)
        after = getattr(self, f"_workflow_after_{hook}", None)
        if after:
            after()
        return True

    def _workflow_precheck(self, to, field=None):
        """Hook: raise when these records cannot move to ``to`` (of ``field``) yet;
        by default ``_workflow_precheck_<to>`` (``_workflow_precheck_<field>_<to>``)."""
        main = not field or field == self._workflow_field
        precheck = getattr(self, f"_workflow_precheck_{to if main else f'{field}_{to}'}", None)
        if precheck:
            precheck()

    def _workflow_role(self, role):
        """The records of ``self`` for which the current user plays ``role``."""
        if self.env.su:
            return self
        return getattr(self, f"_workflow_role_{role}")()

    # -- roles shared by the models (override or add _workflow_role_<name>) ---

    def _workflow_role_office(self):
        """The assessment office decides: the city's, or a county's on the cycles it organises."""
        return self.env.user._target_office_of(self)

    def _workflow_role_hr(self):
        """HR decides."""
        return self if self.env.user._target_has_role("hr") else self.browse()

    def _workflow_role_unit(self):
        """The users of the record's unit (its subtree) act for it, or the office."""
        user = self.env.user
        office = user._target_office_of(self)
        if not user._target_has_role("unit_user"):
            return office
        units = user._target_units()
        return office | self.filtered(lambda r: r.sudo().unit_id in units)

    def _workflow_role_description(self, role):
        """Hook: who plays ``role``, as the refusals name them."""
        return {
            "office": self.env._("the assessment office"),
            "hr": self.env._("HR"),
            "unit": self.env._("the users of its unit (or the assessment office)"),
        }.get(role, role)

    def _workflow_role_error(self, role, to, field=None):
        """Hook: the refusal of a move to ``to`` to a user not playing ``role``."""
        self.ensure_one()
        return self.env._(
            "Only %(who)s may move %(record)s to %(state)s.",
            who=self._workflow_role_description(role),
            record=self.sudo().display_name,
            state=self._workflow_label(to, field),
        )

    # -- helpers ---------------------------------------------------------------

    @api.model
    def _workflow_table(self, field=None):
        """``(field, transitions, stamps, reasons)`` of the state field ``field``
        (default: ``_workflow_field``)."""
        if not field or field == self._workflow_field:
            return (
                self._workflow_field,
                self._workflow_transitions,
                self._workflow_stamps,
                self._workflow_reasons,
            )
        table = self._workflow_fields[field]
        return (
            field,
            table.get("transitions", {}),
            table.get("stamps", {}),
            table.get("reasons", {}),
        )

    @api.model
    def _workflow_protected_fields(self):
        """The states, the stamps and the system fields: written by the kernel only."""
        names = set(self._workflow_system_fields)
        for field in (self._workflow_field, *self._workflow_fields):
            field, _transitions, stamps, _reasons = self._workflow_table(field)
            names.add(field)
            for verb in stamps.values():
                names |= {f"{verb}_by_id", f"{verb}_on"}
        return names

    def _workflow_protected_error(self, names):
        labels = sorted(self._fields[name]._description_string(self.env) for name in names)
        return self.env._(
            "%(fields)s of %(model)s change only through the workflow's buttons.",
            fields=", ".join(labels),
            model=self.env["ir.model"]._get(self._name).sudo().name,
        )

    @api.model
    def _workflow_label(self, state, field=None):
        """The translated label of ``state`` (of the state field ``field``)."""
        field = self._fields[field or self._workflow_field]
        return dict(field._description_selection(self.env)).get(state, state)

    def _workflow_activities(self, to):
        """A return with a reason gives its submitter a to-do; acting again settles it."""
        verb = self._workflow_return_to
        if not verb or not hasattr(self, "activity_schedule"):
            return
        records = self.sudo()
        if self._workflow_stamps.get(to) == verb:
            records.activity_feedback([RETURNED_TYPE])
        reason_field = self._workflow_reasons.get(to)
        if not reason_field:
            return
        for record in records:
            user = record[f"{verb}_by_id"]
            if user:
                record.activity_schedule(
                    RETURNED_TYPE,
                    user_id=user.id,
                    summary=record.with_context(lang=user.lang)._workflow_return_summary(to),
                    note=record[reason_field],
                )

    def _workflow_return_summary(self, to):
        """Hook: the summary of the to-do a move to ``to`` (with a reason) leaves."""
        self.ensure_one()
        return self.env._(
            "%(state)s: %(record)s", state=self._workflow_label(to), record=self.display_name
        )

    @api.model
    def _workflow_schedule_once(self, xmlid, plan):
        """Schedule activities of type ``xmlid`` at most once per (record, user, deadline).

        ``plan``: ``(record, user, deadline, texts)`` tuples, ``record`` of any
        model, ``texts(env)`` the ``(summary, note)`` in the user's language.
        An open activity of the same record, type and user moves to the new
        deadline instead of being repeated; a done one is not sent again for
        the same deadline. A re-run (or a job resumed after a crash) thus
        notifies nobody twice.
        """
        activity_type = self.env.ref(xmlid)
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        by_model = defaultdict(set)
        for record, _user, _deadline, _texts in plan:
            by_model[record._name].add(record.id)
        existing = defaultdict(Activity.browse)
        for model, ids in by_model.items():
            for activity in Activity.search(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", list(ids)),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ):
                existing[model, activity.res_id, activity.user_id.id] |= activity
        vals_list = []
        planned = set()
        for record, user, deadline, texts in plan:
            key = (record._name, record.id, user.id)
            activities = existing[key]
            if key in planned or deadline in activities.mapped("date_deadline"):
                continue
            if open_ones := activities.filtered("active"):
                open_ones.date_deadline = deadline
                continue
            planned.add(key)
            summary, note = texts(self.with_context(lang=user.lang).env)
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "automated": True,
                    "date_deadline": deadline,
                    "summary": summary,
                    "note": note,
                }
            )
        return Activity.create(vals_list)
