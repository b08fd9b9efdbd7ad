"""Query budgets of the pages, as the web client asks for them.

Each page is read through the web client's own RPCs: ``web_search_read``
with the action's domain and context and the specification of the action's
list view (80 rows and their count), ``web_read`` with the form view's
specification. The number of queries must not depend on the size of the
cycle: it is counted on a cycle of 30 units and one of 120 (90 goals against
360: a full page of 80 rows and the count in both).
"""

from datetime import date

from odoo.tests import freeze_time, new_test_user, tagged

from ..tools import web_client
from .common import QueryBudgetMixin
from .test_scoring_common import ScoringCase

SMALL = 30
LARGE = 120
# The budgets, with the ORM's cache emptied before each read (as in a new request).
# The list: the page, the names of its many2one columns in one join
# (tools/form_rows.prefetch_names), the count.
GOAL_LIST_QUERIES = 5
# The form of a goal under way (three progress reports, a leader in charge, a
# responsible person, a light of a period), as the office and as its unit's user: the
# goal, its four one2many tabs, each with its rows (cooperations, milestones,
# sub-goals, progress reports: tools/form_rows), the names of all its many2one fields
# in one join (tools/form_rows.prefetch_names), the indicator and the section (the
# form's computed fields read them); the unit's user reads once more (Odoo checks its
# record rules on the reports read with their rows). The reports' periods are named by
# their stored period names, the plan by a button; the sub-goals' count is taken from
# the sub-goals tab, the scheme's settings are stored on the goal.
GOAL_FORM_QUERIES = {"office": 8, "unit user": 9}
# The assessor's worklist (progress reports to review): measured.
WORKLIST_QUERIES = 10
# The leader's ranking board (grouped by cycle and category, both opened): measured.
RANKING_QUERIES = 9


class PageQueryCase(QueryBudgetMixin, ScoringCase):
    """A small and a large cycle, and the web client's reads of a page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["target.unit.category"].create({"name": "页面区", "code": "page"})
        cls.warm_up = cls._build(2060, 1)
        cls.small = cls._build(2061, SMALL)
        cls.large = cls._build(2062, LARGE)

    @classmethod
    def _build(cls, year, size):
        env = cls.env
        cycle, gdp = cls._midyear_cycle(year, size, cls.category, "p")
        # the year end: every unit's evaluation (the ranking board)
        cycle.with_user(cls.users["office"]).action_next_phase()
        # three monthly reports of each GDP goal, submitted (the assessor's worklist)
        cycle.action_generate_periods()
        gdp.write({"state": "approved"})
        months = cycle.period_ids.sorted("date_end")[:3]
        reports = env["target.progress"].create(
            [
                {"goal_id": goal.id, "period_id": period.id, "value": 1.0}
                for goal in gdp
                for period in months
            ]
        )
        with freeze_time(date(year, 12, 31)):
            reports.with_user(cls.users["office"]).action_submit()
        return cycle

    # -- the web client's reads (tools/web_client) -----------------------------------

    def _action_list(self, user, xmlid, domain):
        return web_client.list_reader(user, xmlid, domain)

    def _action_groups(self, user, xmlid, domain, opening_info):
        return web_client.groups_reader(user, xmlid, domain, opening_info)

    def _action_kanban(self, user, xmlid, domain, progress_bar=None):
        return web_client.kanban_reader(user, xmlid, domain, progress_bar)

    def _form(self, user, record):
        return web_client.form_reader(user, record)

    def _counts(self, make_read):
        """Queries of the read made by ``make_read(cycle)`` on the small and the large cycle."""
        make_read(self.warm_up)()
        counts = {}
        for cycle in (self.small, self.large):
            read = make_read(cycle)
            read()  # the first read of a model fills the registry's caches
            counts[cycle] = self.queries(read)
        return counts[self.small], counts[self.large]


@tagged("post_install", "-at_install")
class TestPageQueries(PageQueryCase):
    def test_goal_list_rows(self):
        office = self.users["office"]
        result = self._action_list(
            office, "target_assessment.target_goal_action", [("cycle_id", "=", self.large.id)]
        )()
        self.assertEqual(result["length"], 3 * LARGE)
        self.assertEqual(len(result["records"]), 80)

    def test_goal_list_queries_do_not_grow_with_the_cycle(self):
        office = self.users["office"]
        small, large = self._counts(
            lambda cycle: self._action_list(
                office, "target_assessment.target_goal_action", [("cycle_id", "=", cycle.id)]
            )
        )
        self.assertEqual(small, large, "the goal list reads per row")
        self.assertEqual(large, GOAL_LIST_QUERIES)

    def test_goal_form_queries_do_not_grow_with_the_cycle(self):
        # a goal under way: its tab of progress reports has three, its light a period
        goals = {
            cycle: self.env["target.goal"].search(
                [("cycle_id", "=", cycle.id), ("progress_ids", "!=", False)], limit=1
            )
            for cycle in (self.warm_up, self.small, self.large)
        }
        self.assertEqual(len(goals[self.large].progress_ids), 3)
        self._name_people_and_light(goals.values())
        # the unit's own user: its record rules over the units' subtrees cost no query
        unit_user = new_test_user(
            self.env, login="ta_page_unit", groups="target_assessment.group_unit_user"
        )
        for role, user in (("office", self.users["office"]), ("unit user", unit_user)):
            with self.subTest(role=role):

                def form(cycle, user=user):
                    unit_user.target_unit_ids = goals[cycle].unit_id
                    return self._form(user, goals[cycle])

                small, large = self._counts(form)
                self.assertEqual(small, large)
                self.assertEqual(large, GOAL_FORM_QUERIES[role])

    def _name_people_and_light(self, goals):
        """A leader in charge, a responsible person and a light's period on ``goals``:
        each a many2one the form names."""
        leader, person = self.env["hr.employee"].create(
            [{"name": "页面领导"}, {"name": "页面责任人"}]
        )
        for goal in goals:
            goal.write(
                {
                    "responsible_leader_id": leader.id,
                    "responsible_employee_id": person.id,
                    "light_period_id": goal.progress_ids[:1].period_id.id,
                }
            )
        self.env.flush_all()

    def test_goal_form_names_are_the_orms(self):
        # prefetch_names reads the names in one join: the same names as the ORM's, in the
        # user's language (a section's name is translated)
        goal = self.env["target.goal"].search(
            [("cycle_id", "=", self.large.id), ("progress_ids", "!=", False)], limit=1
        )
        self._name_people_and_light(goal)
        goal.section_id.with_context(lang="zh_CN").name = "页面分项"
        office = self.users["office"]
        values = self._form(office, goal.with_context(lang="zh_CN"))()[0]
        names = {
            fname: values[fname]["display_name"]
            for fname, field in goal._fields.items()
            if field.type == "many2one" and "display_name" in (values.get(fname) or {})
        }
        for fname in (
            "indicator_id",
            "cycle_id",
            "unit_id",
            "section_id",
            "responsible_leader_id",
            "responsible_employee_id",
            "light_period_id",
        ):
            self.assertIn(fname, names)
        self.assertIn("页面分项", names["section_id"])
        self.assertEqual(names["responsible_employee_id"], "页面责任人")
        self.env.invalidate_all()
        expected = goal.with_user(office).with_context(lang="zh_CN")
        for fname, name in names.items():
            with self.subTest(field=fname):
                self.assertEqual(name, expected[fname].sudo().display_name)

    def test_assessor_worklist_queries_do_not_grow_with_the_cycle(self):
        assessor = self.users["assessor"]

        def worklist(cycle):
            return self._action_list(
                assessor,
                "target_assessment.target_progress_action_to_review",
                [("cycle_id", "=", cycle.id)],
            )

        result = worklist(self.large)()
        self.assertEqual(result["length"], 3 * LARGE, "the GDP reports, to review")
        self.assertEqual(len(result["records"]), 80)
        small, large = self._counts(worklist)
        self.assertEqual(small, large, "the worklist reads per row")
        self.assertEqual(large, WORKLIST_QUERIES)

    def test_ranking_board_queries_do_not_grow_with_the_cycle(self):
        leader = self.users["leader"]

        def board(cycle):
            opening = [
                {
                    "value": cycle.id,
                    "folded": False,
                    "limit": 80,
                    "offset": 0,
                    "groups": [
                        {"value": self.category.id, "folded": False, "limit": 80, "offset": 0}
                    ],
                }
            ]
            return self._action_groups(
                leader,
                "target_assessment.target_evaluation_action_ranking",
                [("cycle_id", "=", cycle.id)],
                opening,
            )

        result = board(self.large)()
        category = result["groups"][0]["__groups"]["groups"][0]
        self.assertEqual(category["__count"], LARGE)
        self.assertEqual(len(category["__records"]), 80)
        small, large = self._counts(board)
        self.assertEqual(small, large, "the ranking board reads per row")
        self.assertEqual(large, RANKING_QUERIES)
