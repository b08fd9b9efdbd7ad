from odoo import fields, models

DECISION_STATES = [
    ("draft", "Proposed"),
    ("confirmed", "Decided"),
    ("cancelled", "Cancelled"),
]


class TargetDecisionMixin(models.AbstractModel):
    """An item the office proposes, then decides or cancels (a veto, a bonus, a deduction).

    Only decided items count. The office may take a decision back to proposed
    (its stamps are cleared) or cancel it; nobody else moves it.
    """

    _name = "target.decision.mixin"
    _description = "Office Decision (abstract)"
    _inherit = ["target.workflow.mixin"]

    _workflow_transitions = {
        ("draft", "confirmed"): "office",
        ("draft", "cancelled"): "office",
        ("confirmed", "cancelled"): "office",
        ("confirmed", "draft"): "office",
        ("cancelled", "draft"): "office",
    }
    _workflow_stamps = {"confirmed": "decided"}

    state = fields.Selection(
        DECISION_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    decided_by_id = fields.Many2one("res.users", "Decided by", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)
    decision_ref = fields.Char("Decision document", tracking=True, help="文号 of the decision.")

    def action_confirm(self):
        """Decide: the item counts from the next computation of its cycle."""
        return self._workflow_move("confirmed")

    def action_cancel(self):
        return self._workflow_move("cancelled")

    def action_draft(self):
        return self._workflow_move("draft", vals={"decided_by_id": False, "decided_on": False})
