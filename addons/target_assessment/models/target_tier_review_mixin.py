from odoo import models
from odoo.exceptions import UserError


class TargetTierReviewMixin(models.AbstractModel):
    """Tier reviews (OCA base_tier_validation) as this product needs them, written once.

    Reviewers need not be allowed to edit what they review (a unit leader may
    not write a submitted letter, the leading group only reads cycles): once
    the current user's own reviews are found (by user id), the bookkeeping
    runs as superuser. A review that nothing waits for any more is refused,
    and a rejection always asks the reviewer why. Models say what a finished
    validation and a rejection do to them (``_on_reviews_validated``,
    ``_on_reviews_rejected``) and which records wait for reviews
    (``_awaiting_review``).
    """

    _name = "target.tier.review.mixin"
    _description = "Target Tier Review (abstract)"
    _inherit = ["tier.validation"]

    def _awaiting_review(self):
        """Hook: the records of ``self`` submitted and waiting for their reviews."""
        return self

    def _on_reviews_validated(self):
        """Hook: every review of these submitted records is accepted."""

    def _on_reviews_rejected(self, reason):
        """Hook: a review of this submitted record is rejected for ``reason``."""

    def _waiting_reviews(self, tiers=None):
        """The reviews of this record waiting for the current user; refused when none.

        Two reviewers acting on the same record at once conflict in PostgreSQL
        (each review rewrites the record's row through its stored
        validation_status) and Odoo replays the later request. The replay finds
        its tier already done by the other reviewer: without this check it
        would succeed silently and notify the next tier a second time (or, for a
        rejection, leave its comment on the other's approval). ``tiers``: the
        reviews acted on (the comment wizard's); default: the current user's turn.
        """
        self.ensure_one()
        user = self.env.user
        record = self.sudo()
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
                self.env._("Nothing of %(record)s waits for you.", record=record.display_name)
            )
        return waiting

    def validate_tier(self):
        self._waiting_reviews()
        return super(TargetTierReviewMixin, self.sudo()).validate_tier()

    def _validate_tier(self, tiers=False):
        result = super(TargetTierReviewMixin, self.sudo())._validate_tier(tiers)
        self._finish_if_validated()
        return result

    def _finish_if_validated(self):
        # need_validation has no dependencies: drop what was computed before the reviews
        self.invalidate_recordset(["need_validation", "review_ids", "validation_status"])
        done = self._awaiting_review().filtered(
            lambda r: r.review_ids and r.validation_status == "validated"
        )
        if done:
            done._on_reviews_validated()

    def reject_tier(self):
        """A rejection always asks the reviewer why (the submitter reads it)."""
        return self._add_comment("reject", self._waiting_reviews())

    def _rejected_tier(self, tiers=False):
        self._waiting_reviews(tiers)
        result = super(TargetTierReviewMixin, self.sudo())._rejected_tier(tiers)
        rejected = self._awaiting_review().filtered(lambda r: r.validation_status == "rejected")
        for record in rejected:
            comments = record.review_ids.filtered(lambda r: r.status == "rejected").mapped(
                "comment"
            )
            record._on_reviews_rejected(
                "\n".join(c for c in comments if c)
                or self.env._("Rejected by %(user)s.", user=self.env.user.name)
            )
        return result
