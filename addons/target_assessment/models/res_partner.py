from odoo import api, models

# Odoo's names of its system partners, and what a Chinese office calls them.
SYSTEM_PARTNER_NAMES = {
    "base.partner_root": ("OdooBot", "系统"),
    "base.partner_admin": ("Administrator", "系统管理员"),
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _target_name_system_partners(self):
        """Give the system's partners (the author of automated messages, the
        administrator) their Chinese names, where they still have Odoo's English ones;
        called by the data on every install and upgrade."""
        for xmlid, (odoo_name, name) in SYSTEM_PARTNER_NAMES.items():
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if partner and partner.name == odoo_name:
                partner.name = name
