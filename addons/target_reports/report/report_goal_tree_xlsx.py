from odoo import models

from ..builders import GoalTreeBuilder


class GoalTreeXlsx(models.AbstractModel):
    """目标分解表 (goal decomposition table)."""

    _name = "report.target_reports.goal_tree_xlsx"
    _inherit = "report.target_reports.abstract_xlsx"
    _description = "Goal Decomposition Table (XLSX)"

    def _builder(self, report_filter, objs):
        return GoalTreeBuilder(self.env, report_filter)
