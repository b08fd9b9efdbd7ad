from odoo import api, models


class TargetGoal(models.Model):
    _inherit = "target.goal"

    @api.model
    def action_open_unit_dashboard(self):
        """The unit dashboard: the goals of the current user's units (and sub-units)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_reports.target_goal_action_unit_dashboard"
        )
        action["domain"] = [("unit_id", "child_of", self.env.user.target_unit_ids.ids)]
        return action
