from odoo import models


class TierReview(models.Model):
    """Approval reviews (base_tier_validation), read-only to every user.

    Access: users read reviews; only the approval flow creates, writes and
    deletes them, under sudo (security/ir.model.access.csv overrides the
    module's grant of every right to internal users).
    """

    _inherit = "tier.review"

    def _update_review_status(self):
        # the flow's bookkeeping, also run by a reviewer's systray counter
        return super(TierReview, self.sudo())._update_review_status()
