from odoo import fields, models

from ..tools.lang import official_env


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

    def _compute_reviewer_ids(self):
        # the office's tier of a county's record is reviewed by the county office too
        # (res.users._target_office_of: the offices of the record's level), read per
        # model and per county office for the whole batch of reviews
        result = super()._compute_reviewer_ids()
        office = self.env.ref("target_assessment.group_office")
        reviews = self.filtered(lambda r: r.reviewer_group_id == office and r.model and r.res_id)
        locals_ = self.env["res.users"]._target_local_office_users() if reviews else None
        for model, group in reviews.grouped("model").items():
            records = self.env[model].sudo().browse(group.mapped("res_id")).exists()
            if "cycle_id" not in records._fields and model != "target.cycle":
                continue
            runs = [(user, set(user._target_office_of(records).ids)) for user in locals_]
            for review in group:
                for user, ids in runs:
                    if review.res_id in ids:
                        review.reviewer_ids |= user
        return result

    def _compute_todo_by(self):
        # stored text of the review lists: written in Chinese where installed,
        # whatever the language of the env that recomputes it (a module upgrade runs
        # in English), and in the product's words (base_tier_validation's "Group %s"
        # and "(and 2 more)" have no Chinese)
        env = official_env(self.env)
        shown = 3
        for review in self:
            if review.reviewer_group_id:
                review.todo_by = review.reviewer_group_id.with_env(env).name
                continue
            names = "、".join(review.reviewer_ids[:shown].with_env(env).mapped("display_name"))
            more = len(review.reviewer_ids) - shown
            review.todo_by = (
                env._("%(names)s and %(count)s more", names=names, count=more)
                if more > 0
                else names
            )

    def _notify_review_reminder_body(self):
        # posted by a cron, in no language
        env = official_env(self.env)
        days = (fields.Datetime.now() - self.create_date).days
        return env._("Approval requested %(days)s days ago.", days=days)
