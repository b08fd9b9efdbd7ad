from odoo import api, fields, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    totp_required = fields.Boolean(
        string="Two-factor login required",
        help="Members of this group must log in with a second factor: their "
        "authenticator app once they have set it up, a code sent by email until then.",
    )

    @api.constrains("user_ids")
    def _check_three_administrators(self):
        self.user_ids._target_check_three_administrators()
