from odoo import api, fields, models
from odoo.exceptions import UserError

APPROVAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]
EDITABLE_STATES = ("draft", "returned")


def guard_review(record, tiers=None):
    """Refuse a review of ``record`` that nothing waits for any more.

    Two reviewers acting on the same record at once conflict in PostgreSQL
    (each review rewrites the record's row through its stored
    validation_status) and Odoo replays the later request. The replay finds
    its tier already done by the other reviewer: without this check it
    would succeed silently and notify the next tier a second time (or, for a
    rejection, leave its comment on the other's approval). ``tiers``: the
    reviews acted on (the comment wizard's); default: the current user's turn.
    """
    record.ensure_one()
    user = record.env.user
    record = record.sudo()
    if not tiers:
        sequences = record._get_sequences_to_approve(user)
        tiers = record.review_ids.filtered(
            lambda r: r.sequence in sequences or r.approve_sequence_bypass
        )
    waiting = tiers.filtered(
        lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
    )
    if not waiting:
        raise UserError(
            record.env._("Nothing of %(record)s waits for you.", record=record.display_name)
        )


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
    _inherit = ["tier.validation"]

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
        # reviewers are notified; the requester needs no right on tier.review
        self.sudo().with_context(target_requester=self.env.uid).request_validation()
        self._approve_if_validated()

    # Reviewers need not be allowed to edit what they review (a unit leader may
    # not write a submitted letter): once the current user's own reviews are
    # found (by user id, kept under sudo), the bookkeeping runs as superuser.

    def validate_tier(self):
        guard_review(self)
        return super(TargetApprovalMixin, self.sudo()).validate_tier()

    def _validate_tier(self, tiers=False):
        result = super(TargetApprovalMixin, self.sudo())._validate_tier(tiers)
        self._approve_if_validated()
        return result

    def _approve_if_validated(self):
        # need_validation has no dependencies: drop what was computed before the reviews
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        done = self.filtered(
            lambda r: r.state == "submitted" and r.review_ids and r.validation_status == "validated"
        )
        if done:
            done.sudo().write({"state": "approved", "approved_on": fields.Datetime.now()})
            done._on_approved()

    def reject_tier(self):
        """A rejection always asks the reviewer why (the unit reads it)."""
        self.ensure_one()
        sequences = self._get_sequences_to_approve(self.env.user)
        reviews = self.review_ids.filtered(lambda r: r.sequence in sequences)
        if not reviews:
            raise UserError(
                self.env._("Nothing of %(record)s waits for you.", record=self.display_name)
            )
        return self._add_comment("reject", reviews)

    def _rejected_tier(self, tiers=False):
        guard_review(self, tiers)
        result = super(TargetApprovalMixin, self.sudo())._rejected_tier(tiers)
        rejected = self.filtered(
            lambda r: r.state == "submitted" and r.validation_status == "rejected"
        )
        for record in rejected:
            comments = record.review_ids.filtered(lambda r: r.status == "rejected").mapped(
                "comment"
            )
            record.sudo().with_context(skip_validation_check=True).write(
                {
                    "state": "returned",
                    "return_reason": "\n".join(c for c in comments if c)
                    or self.env._("Rejected by %(user)s.", user=self.env.user.name),
                }
            )
        return result
