from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.sql_view import replace_view

# What a unit has to do, and where it lies: (kind, model, reference field, extra
# condition). Each model is a workflow with a deadline (target.workflow.deadline.mixin):
# its open states, deadline and overdue flag say what waits for the unit.
SOURCES = (
    ("progress", "target.progress", "progress_id", None),
    ("self_assessment", "target.evaluation", "evaluation_id", SQL("stage = 'year_end'")),
    ("rectification", "target.rectification", "rectification_id", None),
    ("task", "target.supervision.task", "task_id", None),
)
# The form a kind opens in, where it is not its model's default one.
FORMS = {"self_assessment": "target_assessment.target_evaluation_view_form_self_assessment"}
KINDS = [
    ("progress", "Progress report"),
    ("self_assessment", "Year-end self-assessment"),
    ("rectification", "Rectification"),
    ("task", "Supervision task"),
]


class TargetTodo(models.Model):
    """A unit's to-do list (我的待办): every record that waits for the unit, in one list.

    The progress reports due or returned, the year-end self-assessment, the
    problems to rectify and the supervision tasks to answer, each with its
    deadline, overdue or returned flagged; a row opens its record. A database
    view over the workflows with a deadline: a record leaves the list as soon
    as the unit has submitted it.

    Access: unit users read the rows of their units' subtree, the office all.
    """

    _name = "target.todo"
    _description = "To-do of a Unit"
    _auto = False
    # the columns the view reads: flushed before it is searched
    _depends = {
        "target.progress": ["state", "due_date", "is_overdue", "unit_id", "cycle_id"],
        "target.evaluation": [
            "state",
            "self_assessment_deadline",
            "is_overdue",
            "unit_id",
            "cycle_id",
            "stage",
        ],
        "target.rectification": ["state", "deadline", "is_overdue", "unit_id", "cycle_id"],
        "target.supervision.task": ["state", "deadline", "is_overdue", "unit_id", "cycle_id"],
    }
    _order = "is_overdue desc, returned desc, deadline, id"

    kind = fields.Selection(KINDS, readonly=True)
    unit_id = fields.Many2one("target.unit", readonly=True)
    cycle_id = fields.Many2one("target.cycle", readonly=True)
    deadline = fields.Date(readonly=True)
    is_overdue = fields.Boolean("Overdue", readonly=True)
    returned = fields.Boolean(readonly=True, help="Returned with a reason: to do again.")
    progress_id = fields.Many2one("target.progress", readonly=True)
    evaluation_id = fields.Many2one("target.evaluation", readonly=True)
    rectification_id = fields.Many2one("target.rectification", readonly=True)
    task_id = fields.Many2one("target.supervision.task", readonly=True)
    name = fields.Char("To do", compute="_compute_name")
    status = fields.Char(compute="_compute_name")

    def _record(self):
        """The record this row stands for."""
        self.ensure_one()
        return self[next(field for _kind, _model, field, _where in SOURCES if self[field])]

    @api.depends("kind")
    def _compute_name(self):
        # per kind, not per row: the records named at once, their states' labels once
        for _kind, _model, field, _where in SOURCES:
            rows = self.filtered(field)
            records = rows[field].sudo()  # the rows are readable: so is what they name
            if not records:
                continue
            records.mapped("display_name")
            state = records._fields[records._workflow_field]
            labels = dict(state._description_selection(self.env))
            for todo in rows:
                record = todo[field].sudo()
                todo.name = record.display_name
                todo.status = labels.get(record[record._workflow_field])
        (self - self.filtered(lambda row: row.kind)).update({"name": False, "status": False})

    def action_open(self):
        """The record itself, in the form the unit works in."""
        action = self._record().get_formview_action()
        if self.kind in FORMS:
            action["views"] = [(self.env.ref(FORMS[self.kind]).id, "form")]
        return action

    def _query(self):
        selects = []
        for index, (kind, model, field, where) in enumerate(SOURCES):
            Model = self.env[model]
            state = SQL.identifier(Model._workflow_field)
            references = [
                SQL(
                    "%s AS %s",
                    SQL.identifier("id") if other == field else SQL("NULL::int"),
                    SQL.identifier(other),
                )
                for _kind, _model, other, _where in SOURCES
            ]
            selects.append(
                SQL(
                    """SELECT id * %(count)s + %(index)s AS id, %(kind)s AS kind,
                              unit_id, cycle_id, %(deadline)s AS deadline, is_overdue,
                              %(state)s = 'returned' AS returned, %(references)s
                         FROM %(table)s
                        WHERE %(state)s IN %(open)s %(where)s""",
                    count=len(SOURCES),
                    index=index,
                    kind=kind,
                    deadline=SQL.identifier(Model._workflow_deadline_field),
                    state=state,
                    references=SQL(", ").join(references),
                    table=SQL.identifier(Model._table),
                    open=tuple(Model._workflow_open_states),
                    where=SQL("AND %s", where) if where else SQL(),
                )
            )
        return SQL(" UNION ALL ").join(selects)

    def init(self):
        replace_view(self.env.cr, self._table, self._query())
