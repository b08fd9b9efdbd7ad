from odoo import api, fields, models


class TargetCycle(models.Model):
    _inherit = "target.cycle"

    @api.model
    def _cockpit_cycle(self):
        """The cycle the leadership cockpit opens on: the latest that has begun, else the
        first to come."""
        today = fields.Date.context_today(self)
        return self.search(
            [("date_start", "<=", today)], order="date_start desc, id desc", limit=1
        ) or self.search([], order="date_start, id", limit=1)
