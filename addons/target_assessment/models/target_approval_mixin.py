from odoo import api, fields, models
from odoo.exceptions import UserError

APPROVAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]
EDITABLE_STATES = ("draft", "returned")


class TargetApprovalMixin(models.AbstractModel):
    """Approval through configurable tiers (OCA base_tier_validation), written once.

    A record of a unit is submitted by the unit (draft or returned →
    submitted), which requests the reviews of every matching tier definition:
    by default the unit's leader, then the assessment office, then the
    leadership, in sequence. When the last review is accepted the record is
    approved; a rejection returns it to the unit with the reviewer's comment
    as the reason, and the unit resubmits. Models using it have ``unit_id``
    and a ``state`` field whose selection includes APPROVAL_STATES.
    """

    _name = "target.approval.mixin"
    _description = "Target Approval (abstract)"
    _inherit = ["target.tier.review.mixin"]

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False

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

    @api.depends("unit_id.user_ids", "unit_id.principal_id.user_id")
    def _compute_leader_user_ids(self):
        leader_group = self.env.ref("target_assessment.group_unit_leader")
        for record in self:
            record.leader_user_ids = record.unit_id._approver_users(leader_group)

    def _check_submittable(self):
        """Hook: raise a UserError when a record cannot be submitted."""

    def _on_approved(self):
        """Hook: what approval does beyond the state (called once, records approved)."""

    def action_submit(self):
        not_editable = self.filtered(lambda r: r.state not in EDITABLE_STATES)
        if not_editable:
            raise UserError(
                self.env._(
                    "%(record)s has already been submitted.", record=not_editable[0].display_name
                )
            )
        self._check_submittable()
        self.write(
            {
                "state": "submitted",
                "submitted_by_id": self.env.uid,
                "submitted_on": fields.Datetime.now(),
                "return_reason": False,
            }
        )
        # reviewers are notified; reviews are written by the flow only
        self.sudo().request_validation()
        self._finish_if_validated()

    def _tier_requester(self):
        self.ensure_one()
        return self.submitted_by_id or self.env.user

    def _awaiting_review(self):
        return self.filtered(lambda r: r.state == "submitted")

    def _on_reviews_validated(self):
        self.sudo().write({"state": "approved", "approved_on": fields.Datetime.now()})
        self._on_approved()

    def _on_reviews_rejected(self, reason):
        self.sudo().with_context(skip_validation_check=True).write(
            {"state": "returned", "return_reason": reason}
        )
