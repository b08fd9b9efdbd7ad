from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    target_unit_ids = fields.Many2many(
        "target.unit",
        "target_unit_res_users_rel",
        "user_id",
        "unit_id",
        "Assessed units",
        help="Units this user reports for; record rules give access to their subtrees.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "target_unit_ids" in vals:
            # record rules read the user's units: their cached domains are stale
            self.env.registry.clear_cache()
        return result
