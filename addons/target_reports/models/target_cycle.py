from odoo import api, fields, models


class TargetCycle(models.Model):
    _inherit = "target.cycle"

    @api.model
    def _cockpit_cycle(self):
        """The cycle the leadership cockpit opens on: the latest that has begun, else the
        first to come, of the top level's (the city's assessment); a county office's
        of those its units organise (its own assessment)."""
        user = self.env.user
        if not user._target_has_role("office") and user._target_has_role("office_local"):
            level = [("organizer_unit_id", "child_of", user.sudo().target_unit_ids.ids)]
        else:
            level = [
                "|",
                ("organizer_unit_id", "=", False),
                ("organizer_unit_id.parent_id", "=", False),
            ]
        return self._latest_begun(level) or self._latest_begun([])

    @api.model
    def _latest_begun(self, domain):
        """Of the cycles of ``domain``: the latest that has begun, else the first to come."""
        today = fields.Date.context_today(self)
        return self.search(
            [*domain, ("date_start", "<=", today)], order="date_start desc, id desc", limit=1
        ) or self.search(domain, order="date_start, id", limit=1)
