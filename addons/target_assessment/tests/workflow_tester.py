"""A model on the workflow kernel, registered by the kernel's tests only."""

from odoo import fields, models
from odoo.exceptions import UserError


class TargetWorkflowTester(models.Model):
    _name = "target.workflow.tester"
    _description = "Workflow Tester"
    _inherit = ["mail.thread", "mail.activity.mixin", "target.workflow.deadline.mixin"]

    _workflow_transitions = {
        ("draft", "submitted"): "unit",
        ("returned", "submitted"): "unit",
        ("submitted", "accepted"): "office",
        ("submitted", "returned"): "office",
        ("accepted", "draft"): "hr",
    }
    _workflow_stamps = {"submitted": "submitted", "accepted": "reviewed", "returned": "reviewed"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"

    name = fields.Char(required=True)
    unit_id = fields.Many2one("target.unit", required=True)
    value = fields.Float()
    deadline = fields.Date()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(copy=False)
    accepted_count = fields.Integer()

    def _workflow_precheck_submitted(self):
        if self.filtered(lambda r: not r.value):
            raise UserError(self.env._("A value first."))

    def _workflow_after_accepted(self):
        for record in self.sudo():
            record.accepted_count += 1
