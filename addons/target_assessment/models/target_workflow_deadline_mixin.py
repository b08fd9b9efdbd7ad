from odoo import api, fields, models

from ..tools.cron import in_batches, recompute


class TargetWorkflowDeadlineMixin(models.AbstractModel):
    """A workflow with a deadline: reminders once, overdue flags, written once.

    Besides the kernel's attributes a model declares ``_workflow_deadline_field``
    (a Date field) and ``_workflow_open_states``: the states in which the
    record still waits for its owner. ``is_overdue`` is set by the daily job
    (it moves with the date); ``reminder_sent`` marks the reminder of the
    current deadline, and a new deadline deserves its own.
    """

    _name = "target.workflow.deadline.mixin"
    _description = "Target Workflow with a Deadline (abstract)"
    _inherit = ["target.workflow.mixin"]

    _workflow_deadline_field = "deadline"
    _workflow_open_states = ("draft", "returned")
    _workflow_system_fields = ("reminder_sent",)

    reminder_sent = fields.Boolean(
        readonly=True, copy=False, help="The reminder for the current deadline went out."
    )
    is_overdue = fields.Boolean(
        "Overdue",
        compute="_compute_is_overdue",
        store=True,
        help="Not submitted and past its deadline (refreshed daily).",
    )

    @api.depends(lambda self: [self._workflow_field, self._workflow_deadline_field])
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            deadline = record[self._workflow_deadline_field]
            record.is_overdue = bool(
                record[self._workflow_field] in self._workflow_open_states
                and deadline
                and deadline < today
            )

    def write(self, vals):
        result = super().write(vals)
        if self._workflow_deadline_field in vals and self.filtered("reminder_sent"):
            self.sudo().write({"reminder_sent": False})
        return result

    @api.model
    def _workflow_open_domain(self):
        return [(self._workflow_field, "in", list(self._workflow_open_states))]

    @api.model
    def _workflow_flag_overdue(self, batch_size, then=None):
        """Flag the open records past their deadline, calling ``then(records)`` on each
        batch first; False when the job ran out of time (it resumes at its next run)."""
        today = fields.Date.context_today(self)
        domain = [
            ("is_overdue", "=", False),
            *self._workflow_open_domain(),
            (self._workflow_deadline_field, "<", today),
        ]

        def flag(records):
            if then:
                then(records)
            recompute(records, ["is_overdue"])

        return in_batches(self, domain, batch_size, flag)
