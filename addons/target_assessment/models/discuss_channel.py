from markupsafe import Markup

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
# The message mail posts in #general at install, shown first in everyone's
# messaging menu: recognised by its opening line, and what it says here.
WELCOME_MESSAGE = "mail.module_install_notification"
WELCOME_ODOO = "Welcome to the #general channel."
WELCOME = {
    "subject": "欢迎使用目标责任考核系统",
    "body": Markup(
        "<p>欢迎来到“全体人员”频道。</p><p>本频道面向全体用户，便于<b>发布和共享工作信息</b>。</p>"
    ),
}


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    @api.model
    def _target_name_system_channels(self):
        """Give Odoo's channels their Chinese names where they still have Odoo's English
        ones (a name the office gave is kept), and #general's welcome message its
        Chinese words; called by the data on every install and upgrade."""
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
        welcome = self.env.ref(WELCOME_MESSAGE, raise_if_not_found=False)
        if welcome and WELCOME_ODOO in (welcome.body or ""):
            welcome.write(WELCOME)
