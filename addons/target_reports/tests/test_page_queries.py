"""Query budget of the unit dashboard (target_reports), read as the web client does.

The kanban view grouped by light, its columns opened with their first 40
cards, and the progress bars: the same number of queries for a cycle of 30
units and one of 120 (tests of the other pages: target_assessment's
``test_page_queries``).
"""

from odoo.tests import tagged

from odoo.addons.target_assessment.tests.test_page_queries import LARGE, PageQueryCase

# The columns, the cards, the display names of their many2one fields, the progress
# bars: measured.
DASHBOARD_QUERIES = 6


@tagged("post_install", "-at_install")
class TestDashboardQueries(PageQueryCase):
    def dashboard(self, cycle):
        return self._action_kanban(
            self.users["office"],
            "target_reports.target_goal_action_unit_dashboard",
            [("cycle_id", "=", cycle.id)],
            progress_bar={
                "field": "light",
                "colors": {"green": "success", "yellow": "warning", "red": "danger", "none": "200"},
            },
        )

    def test_unit_dashboard_queries_do_not_grow_with_the_cycle(self):
        result = self.dashboard(self.large)()
        self.assertEqual(sum(group["__count"] for group in result["groups"]), LARGE)
        small, large = self._counts(self.dashboard)
        self.assertEqual(small, large, "the dashboard reads per card")
        self.assertEqual(large, DASHBOARD_QUERIES)
