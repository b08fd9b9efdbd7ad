from odoo import api, models

# Odoo's channels made at install (mail), and what a Chinese office calls them:
# {xmlid: {field: (Odoo's value, the product's)}}.
SYSTEM_CHANNELS = {
    "mail.channel_all_employees": {
        "name": ("general", "全体人员"),
        "description": ("General announcements for all employees.", "面向全体人员的通知公告。"),
    },
    "mail.channel_admin": {
        "name": ("Administrators", "系统管理员"),
    },
}


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    @api.model
    def _target_name_system_channels(self):
        """Give Odoo's channels their Chinese names where they still have Odoo's English
        ones (a name the office gave is kept); called by the data on every install and
        upgrade."""
        for xmlid, values in SYSTEM_CHANNELS.items():
            channel = self.env.ref(xmlid, raise_if_not_found=False)
            if not channel:
                continue
            changes = {
                field: name
                for field, (odoo_name, name) in values.items()
                if channel[field] == odoo_name
            }
            if changes:
                channel.write(changes)
