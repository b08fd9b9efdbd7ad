from odoo import api, fields, models

APPROVAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]
EDITABLE_STATES = ("draft", "returned")
# What only the flow writes, beside the state and the submission's stamps.
APPROVAL_SYSTEM_FIELDS = ("approved_on", "return_reason")


class TargetApprovalMixin(models.AbstractModel):
    """Approval through configurable tiers (OCA base_tier_validation), written once.

    A record of a unit is submitted by the unit (draft or returned →
    submitted), which requests the reviews of every matching tier definition:
    by default the unit's leader, then the assessment office, then the
    leadership, in sequence. When the last review is accepted the record is
    approved; a rejection returns it to the unit with the reviewer's comment
    as the reason (and a to-do for who submitted), and the unit resubmits.
    Models using it have ``unit_id`` and a ``state`` field whose selection
    includes APPROVAL_STATES.

    The moves are the workflow kernel's table: the unit (or the office)
    submits; only the approval flow, from its reviewers' decisions, approves
    and returns. Nobody writes the state, its stamps or the reason, over RPC
    or import; an approved record has no way back to draft (its goals change
    through adjustments) and keeps its reviews.
    """

    _name = "target.approval.mixin"
    _description = "Target Approval (abstract)"
    _inherit = ["target.workflow.mixin", "target.tier.review.mixin"]

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False

    _workflow_field = "state"
    _workflow_transitions = {
        ("draft", "submitted"): "unit",
        ("returned", "submitted"): "unit",
        ("submitted", "approved"): "approval",
        ("submitted", "returned"): "approval",
    }
    _workflow_stamps = {"submitted": "submitted"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"
    _workflow_system_fields = APPROVAL_SYSTEM_FIELDS

    submitted_by_id = fields.Many2one("res.users", "Submitted by", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False, help="Why the last review returned it.")
    leader_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_leader_user_ids",
        string="Unit leaders",
        help="Reviewers of the unit-leader tier.",
    )
    can_submit = fields.Boolean(compute="_compute_can_submit")

    @api.depends("unit_id.user_ids", "unit_id.principal_id.user_id")
    def _compute_leader_user_ids(self):
        leader_group = self.env.ref("target_assessment.group_unit_leader")
        for record in self:
            record.leader_user_ids = record.unit_id._approver_users(leader_group, record)

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_submit(self):
        allowed = self._workflow_allowed("submitted")
        for record in self:
            record.can_submit = record in allowed

    def action_submit(self):
        self._workflow_move("submitted", vals={"return_reason": False})
        # reviewers are notified; reviews are written by the flow only
        self.sudo().request_validation()
        self._finish_if_validated()

    def _workflow_role_approval(self):
        """Nobody by hand: the approval flow moves it from its reviewers' decisions."""
        return self.browse()

    def _workflow_role_description(self, role):
        if role == "approval":
            return self.env._("its approval reviewers")
        return super()._workflow_role_description(role)

    def _workflow_after_approved(self):
        """Hook: what approval does beyond the state (records approved, as superuser)."""
