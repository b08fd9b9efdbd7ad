from odoo import models

from .target_supervision_bulletin import OFFICIAL_LANG


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

    def _compute_todo_by(self):
        # stored text of the review lists ("Group 考核领导小组"): written in Chinese
        # where installed, whatever the language of the env that recomputes it (a
        # module upgrade runs in English and rewrote it in English)
        lang = OFFICIAL_LANG if self.env["res.lang"]._lang_get(OFFICIAL_LANG) else self.env.lang
        return super(TierReview, self.with_context(lang=lang))._compute_todo_by()
