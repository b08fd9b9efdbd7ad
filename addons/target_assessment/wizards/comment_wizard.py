from odoo import models
from odoo.exceptions import AccessError


class CommentWizard(models.TransientModel):
    """The reviewer's comment with an approval or a rejection (base_tier_validation).

    The wizard's reviews and record come from the client: only the current
    user's own turn on that record counts, and the reviews are then written
    by the flow under sudo (users only read ``tier.review``).
    """

    _inherit = "comment.wizard"

    def add_comment(self):
        self.ensure_one()
        if self.res_model not in self.env or "review_ids" not in self.env[self.res_model]._fields:
            raise AccessError(self.env._("This record has no approval reviews."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        record.check_access("read")
        if isinstance(record, self.pool["target.tier.review.mixin"]):
            reviews = record._waiting_reviews(self.review_ids)
        else:
            reviews = self.review_ids.sudo()
            if (
                reviews - record.sudo().review_ids
                or reviews.filtered(lambda r: self.env.user not in r.reviewer_ids)
                or reviews.filtered(lambda r: r.status not in ("waiting", "pending"))
            ):
                raise AccessError(self.env._("These reviews are not waiting for you."))
        reviews.sudo().write({"comment": self.comment})
        if self.validate_reject == "validate":
            record.sudo()._validate_tier(reviews)
        if self.validate_reject == "reject":
            record.sudo()._rejected_tier(reviews)
        record.sudo()._update_counter({"review_deleted": True})
