from odoo import models

COCKPIT_ACTION = "target_reports.spreadsheet_dashboard_action_cockpit"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _target_home_action_id(self):
        """The offices (a county's too) and the leaders land on the leadership cockpit."""
        action_id = super()._target_home_action_id()
        if action_id and self._target_has_role("office", "office_local", "leader"):
            return self.env.ref(COCKPIT_ACTION).id
        return action_id
