"""The office dashboard (one row per unit and cycle) and the unit dashboard."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.target_assessment.tests.common import submit_self_assessments

from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestDashboards(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # county A: a January report never handed in (late); county B: its year-end
        # evaluation waits for approval
        cls.late = cls._report(cls.g_energy, 1, 5.0, "unit_user")
        submit_self_assessments(cls.evaluations.filtered(lambda e: e.unit_id == cls.county_b))
        cls.env.flush_all()

    def status(self, role="office"):
        Status = self.env["target.report.unit.status"].with_user(self.users[role])
        return {row.unit_id: row for row in Status.search([("cycle_id", "=", self.cycle.id)])}

    def test_where_each_unit_stands(self):
        rows = self.status()
        self.assertEqual(set(rows), set(self.goals.unit_id), "one row per letter")
        a = rows[self.county_a]
        goals_a = self.goals.filtered(lambda g: g.plan_id.unit_id == self.county_a)
        self.assertEqual(a.goal_count, len(goals_a))
        measured = goals_a.filtered("has_actual")
        self.assertAlmostEqual(a.completion, sum(measured.mapped("completion")) / len(measured))
        self.assertEqual(a.red_count, len(goals_a.filtered(lambda g: g.light == "red")))
        self.assertEqual(a.green_count, len(goals_a.filtered(lambda g: g.light == "green")))
        self.assertTrue(self.late.is_overdue)
        self.assertEqual(a.late_count, 1)
        self.assertEqual(a.to_review_count, 1, "April's report waits for review")
        self.assertEqual(rows[self.county_b].approval_count, 1)
        self.assertEqual(a.approval_count, 0)
        evaluation_a = self.evaluations.filtered(lambda e: e.unit_id == self.county_a)
        self.assertEqual(
            (a.rank, a.grade, a.result_stage), (evaluation_a.rank, evaluation_a.grade, "year_end")
        )
        self.assertAlmostEqual(a.total, evaluation_a.total)
        self.assertTrue(rows[self.county_b].vetoed)
        self.assertFalse(rows[self.city].result_stage, "the city is not assessed")

    def test_completion_by_category_and_scopes(self):
        Status = self.env["target.report.unit.status"].with_user(self.users["office"])
        groups = dict(
            Status._read_group(
                [("cycle_id", "=", self.cycle.id)], ["category_id"], ["red_count:sum"]
            )
        )
        county_goals = self.goals.filtered(lambda g: g.unit_id.category_id == self.cat_county)
        self.assertEqual(
            groups[self.cat_county], len(county_goals.filtered(lambda g: g.light == "red"))
        )
        self.assertEqual(set(self.status("unit_user")), set(self.county_a | self.town_a1))
        self.assertEqual(set(self.status("unit_b")), {self.county_b})
        self.assertEqual(set(self.status("leader")), set(self.goals.unit_id))
        with self.assertRaises(AccessError):
            self.env["target.report.unit.status"].with_user(self.users["evaluator"]).search([])

    def test_views_and_menus(self):
        Status = self.env["target.report.unit.status"].with_user(self.users["office"])
        views = Status.get_views(
            [(False, "kanban"), (False, "graph"), (False, "pivot"), (False, "list")]
        )
        self.assertIn("completion", views["views"]["graph"]["arch"])
        office_menu = self.env.ref("target_reports.target_reports_menu_office_dashboard")
        unit_menu = self.env.ref("target_reports.target_reports_menu_unit_dashboard")
        # the office of every level (a county office reads its own cycles' rows)
        self.assertIn(self.env.ref("target_assessment.group_office_local"), office_menu.group_ids)
        self.assertNotIn(self.env.ref("target_assessment.group_unit_user"), office_menu.group_ids)
        self.assertEqual(unit_menu.group_ids, self.env.ref("target_assessment.group_unit_user"))

    def test_unit_dashboard_shows_own_goals(self):
        Goal = self.env["target.goal"].with_user(self.users["unit_user"])
        action = Goal.action_open_unit_dashboard()
        self.assertEqual(action["res_model"], "target.goal")
        goals = Goal.search(action["domain"] + [("state", "=", "approved")])
        self.assertEqual(goals, self.g_a | self.g_town | self.g_person | self.g_energy)
        kanban = Goal.get_views([(action["views"][0][0], "kanban")])["views"]["kanban"]
        self.assertIn('default_group_by="light"', kanban["arch"])
        # an office user with no unit of their own sees no unit's goals there
        office_action = Goal.with_user(self.users["office"]).action_open_unit_dashboard()
        self.assertFalse(Goal.with_user(self.users["office"]).search(office_action["domain"]))
