import json

from odoo import models

COCKPIT = "target_reports.spreadsheet_dashboard_cockpit"
# The cockpit's global filter on the cycle (data/files/cockpit_dashboard.json).
CYCLE_FILTER = "7c0c5b1e-3d4a-4f5e-9a61-2b8f0d6c4a10"


class SpreadsheetDashboard(models.Model):
    """The leadership cockpit opens on the current cycle.

    A spreadsheet's filter takes record ids for its default, which differ
    between databases: the cockpit's cycle filter gets the current cycle's
    when the dashboard is served.
    """

    _inherit = "spreadsheet.dashboard"

    def _get_serialized_readonly_dashboard(self):
        serialized = super()._get_serialized_readonly_dashboard()
        if self != self.env.ref(COCKPIT, raise_if_not_found=False):
            return serialized
        cycle = self.env["target.cycle"]._cockpit_cycle()
        if not cycle:
            return serialized
        data = json.loads(serialized)
        for global_filter in data["snapshot"].get("globalFilters", []):
            if global_filter["id"] == CYCLE_FILTER:
                global_filter["defaultValue"] = {"operator": "in", "ids": cycle.ids}
        return json.dumps(data)
