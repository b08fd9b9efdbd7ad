"""The leadership cockpit (领导驾驶舱): a spreadsheet dashboard over the assessment.

Every pivot, chart and list of the sheet is read as the leader reads it (the
same ORM calls the spreadsheet makes, with the sheet's domains and its cycle
filter) on the fixture city; the dashboard is the offices' and the leaders'
only; its cycle filter opens on the current cycle (a county office's on its
own assessment, and it reads its level only); the rank's movement since the
previous evaluation.
"""

import json

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.target_reports.models.spreadsheet_dashboard import CYCLE_FILTER

from .common import ReportsCase

COCKPIT = "target_reports.spreadsheet_dashboard_cockpit"
COCKPIT_ACTION = "target_reports.spreadsheet_dashboard_action_cockpit"


def aggregate(Model, measure):
    """The read_group aggregate of a pivot's measure, by the field's own aggregator."""
    if measure == "__count":
        return "__count"
    return f"{measure}:{Model._fields[measure].aggregator}"


@tagged("post_install", "-at_install")
class TestCockpit(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls._report(cls.g_energy, 1, 5.0, "unit_user")  # January, never handed in
        cls.env.flush_all()
        cls.dashboard = cls.env.ref(COCKPIT)
        cls.sheet = json.loads(cls.dashboard.spreadsheet_data)

    def as_leader(self, model):
        return self.env[model].with_user(self.users["leader"])

    def cycle_domain(self, source):
        """The domain the cycle filter adds to ``source`` (its field matching)."""
        chain = source["fieldMatching"][CYCLE_FILTER]["chain"]
        return [(chain, "in", self.cycle.ids)]

    def assertFieldsExist(self, Model, names, what):
        fields = Model.fields_get(attributes=["type"])
        for name in names:
            if name != "__count":
                self.assertIn(name.split(":")[0], fields, f"{what}: {Model._name}.{name}")

    def test_the_sheet_is_a_dashboard_of_the_assessment(self):
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Target Assessment")
        self.assertTrue(self.dashboard.is_published)
        figures = [figure for sheet in self.sheet["sheets"] for figure in sheet["figures"]]
        kinds = {figure["data"]["type"] for figure in figures}
        self.assertLessEqual({"bar", "odoo_line", "scorecard"}, kinds)
        self.assertEqual(
            {source["model"] for source in self.sheet["pivots"].values()},
            {"target.report.unit.status", "target.goal", "target.progress"},
        )
        cells = self.sheet["sheets"][0]["cells"]
        self.assertEqual(cells["A1"], "领导驾驶舱")
        formulas = " ".join(cells.values())
        for pivot_id in ("1", "2", "3"):
            self.assertIn(f"=PIVOT({pivot_id}", formulas)
        for list_id in self.sheet["lists"]:
            self.assertIn(f"ODOO.LIST({list_id},", formulas)
        self.assertEqual(self.sheet["globalFilters"][0]["id"], CYCLE_FILTER)
        self.assertEqual(self.sheet["globalFilters"][0]["modelName"], "target.cycle")

    def test_every_pivot_reads_as_the_leader(self):
        for pivot in self.sheet["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                Model = self.as_leader(pivot["model"])
                groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
                measures = [aggregate(Model, m["fieldName"]) for m in pivot["measures"]]
                self.assertFieldsExist(Model, groupby + measures, pivot["name"])
                domain = pivot["domain"] + self.cycle_domain(pivot)
                groups = Model.formatted_read_group(domain, groupby, [*measures, "__count"])
                self.assertTrue(groups, pivot["name"])
                self.assertTrue(sum(group["__count"] for group in groups), pivot["name"])

    def test_every_chart_reads_as_the_leader(self):
        charts = [
            figure["data"]
            for sheet in self.sheet["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"].startswith("odoo_")
        ]
        self.assertEqual(len(charts), 1)
        for chart in charts:
            with self.subTest(chart=chart["type"]):
                meta = chart["metaData"]
                Model = self.as_leader(meta["resModel"])
                measure = aggregate(Model, meta["measure"])
                self.assertFieldsExist(Model, [*meta["groupBy"], measure], chart["type"])
                domain = chart["searchParams"]["domain"] + self.cycle_domain(chart)
                groups = Model.formatted_read_group(domain, meta["groupBy"], [measure])
                self.assertTrue(groups, chart["type"])

    def test_every_list_reads_as_the_leader(self):
        for list_id, source in self.sheet["lists"].items():
            with self.subTest(list=source["name"]):
                Model = self.as_leader(source["model"])
                order = [f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in source["orderBy"]]
                self.assertFieldsExist(
                    Model, source["columns"] + [o["name"] for o in source["orderBy"]], list_id
                )
                fields = Model.fields_get(source["columns"], ["type"])
                specification = {
                    name: {"fields": {"display_name": {}}}
                    if fields[name]["type"] == "many2one"
                    else {}
                    for name in source["columns"]
                }
                result = Model.web_search_read(
                    source["domain"] + self.cycle_domain(source),
                    specification,
                    order=", ".join(order),
                    limit=80,
                )
                self.assertTrue(result["records"], source["name"])

    def test_what_the_leader_sees(self):
        """The sheet's sources find the fixture's red goal, late unit and ranking."""
        red = self.as_leader("target.goal").search(
            self.sheet["lists"]["2"]["domain"] + [("cycle_id", "=", self.cycle.id)]
        )
        self.assertIn(self.g_b, red, "乙县's GDP is behind: red")
        self.assertEqual(red, self.goals.filtered(lambda goal: goal.light == "red"))
        late = self.as_leader("target.progress").formatted_read_group(
            self.sheet["pivots"]["3"]["domain"] + [("cycle_id", "=", self.cycle.id)],
            ["unit_id"],
            ["__count"],
        )
        self.assertEqual([group["unit_id"][0] for group in late], self.county_a.ids)
        ranking = self.as_leader("target.report.unit.status").search(
            self.sheet["lists"]["1"]["domain"] + [("cycle_id", "=", self.cycle.id)]
        )
        self.assertEqual(set(ranking.unit_id), set(self.evaluations.unit_id))

    def test_only_the_offices_and_the_leaders_see_it(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for role in ("office", "leader", "admin"):
            with self.subTest(role=role):
                self.assertIn(self.dashboard, Dashboard.with_user(self.users[role]).search([]))
        for role in ("unit_user", "unit_leader", "assessor", "hr"):
            with self.subTest(role=role):
                self.assertNotIn(self.dashboard, Dashboard.with_user(self.users[role]).search([]))

    def test_the_cycle_filter_opens_on_the_current_cycle(self):
        self.env["target.cycle"].create(
            [
                {"name": f"{year}年度", "year": year, "date_start": f"{year}-01-01",
                 "date_end": f"{year}-12-31"}
                for year in (2025, 2027)
            ]
        )  # fmt: skip
        self.assertEqual(self.env["target.cycle"]._cockpit_cycle(), self.cycle)
        served = json.loads(
            self.dashboard.with_user(self.users["leader"])._get_serialized_readonly_dashboard()
        )
        (cycle_filter,) = served["snapshot"]["globalFilters"]
        self.assertEqual(cycle_filter["defaultValue"], {"operator": "in", "ids": self.cycle.ids})

    def test_rank_movement_since_the_previous_stage(self):
        year_end = {evaluation.unit_id: evaluation for evaluation in self.evaluations}
        a, b = year_end[self.county_a], year_end[self.county_b]
        self.assertEqual((a.previous_rank, a.rank_change), (0, 0), "no earlier evaluation")
        # mid-year: 甲县 one place lower than at the year end, 乙县 at the same place
        self.env["target.evaluation"].create(
            [
                {"cycle_id": self.cycle.id, "unit_id": self.county_a.id, "stage": "midyear",
                 "rank": a.rank + 1},
                {"cycle_id": self.cycle.id, "unit_id": self.county_b.id, "stage": "midyear",
                 "rank": b.rank},
            ]
        )  # fmt: skip
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        self.assertEqual((a.previous_rank, a.rank_change), (a.rank + 1, 1))
        self.assertEqual((b.previous_rank, b.rank_change), (b.rank, 0))
        env_dept = year_end[self.dept_env]
        self.assertEqual((env_dept.previous_rank, env_dept.rank_change), (0, 0))
        status = self.as_leader("target.report.unit.status").search(
            [("cycle_id", "=", self.cycle.id), ("unit_id", "=", self.county_a.id)]
        )
        self.assertEqual((status.rank, status.rank_change), (a.rank, 1))


def county_office(env, login, county):
    """A county office (group_office_local) of ``county``."""
    user = new_test_user(env, login=login, groups="target_assessment.group_office_local")
    user.target_unit_ids = county
    return user


@tagged("post_install", "-at_install")
class TestCountyCockpit(ReportsCase):
    """甲县's office opens the cockpit on its own assessment of its townships, and reads
    only its level: its cycle's and its county's rows of the city's, never 乙县's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_a = county_office(cls.env, "ta_cockpit_office_a", cls.county_a)
        cls.cycle_a = (
            cls.env["target.cycle"]
            .with_user(cls.office_a)
            .create(
                {"name": "甲县2026年度乡镇考核", "year": 2026, "date_start": "2026-01-01",
                 "date_end": "2026-12-31"}
            )
        )  # fmt: skip
        cls.goal_a = cls.env["target.goal"].create(
            {"cycle_id": cls.cycle_a.id, "unit_id": cls.town_a1.id,
             "indicator_id": cls.ind_gdp.id, "name": "一镇地区生产总值",
             "target_value": 30.0, "points": 30.0}
        )  # fmt: skip
        cls.env.flush_all()
        cls.dashboard = cls.env.ref(COCKPIT)
        cls.sheet = json.loads(cls.dashboard.spreadsheet_data)

    def test_it_opens_on_the_countys_own_assessment(self):
        self.assertEqual(self.cycle_a.organizer_unit_id, self.county_a)
        Dashboard = self.env["spreadsheet.dashboard"].with_user(self.office_a)
        self.assertIn(self.dashboard, Dashboard.search([]))
        Cycle = self.env["target.cycle"]
        self.assertEqual(Cycle.with_user(self.office_a)._cockpit_cycle(), self.cycle_a)
        self.assertEqual(Cycle.with_user(self.users["office"])._cockpit_cycle(), self.cycle)
        served = json.loads(
            Dashboard.browse(self.dashboard.id)._get_serialized_readonly_dashboard()
        )
        (cycle_filter,) = served["snapshot"]["globalFilters"]
        self.assertEqual(cycle_filter["defaultValue"], {"operator": "in", "ids": self.cycle_a.ids})
        menu = self.env.ref("target_reports.target_reports_menu_cockpit")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.office_a)._visible_menu_ids())

    def test_it_reads_its_level_only(self):
        county_b = self.env["target.unit"].search([("id", "child_of", self.county_b.id)])
        for pivot in self.sheet["pivots"].values():
            Model = self.env[pivot["model"]].with_user(self.office_a)
            for cycle in (self.cycle, self.cycle_a):
                with self.subTest(pivot=pivot["name"], cycle=cycle.name):
                    rows = Model.search(pivot["domain"] + [("cycle_id", "=", cycle.id)])
                    self.assertFalse(rows.unit_id & county_b, "乙县's rows are not 甲县's")
        for source in self.sheet["lists"].values():
            Model = self.env[source["model"]].with_user(self.office_a)
            rows = Model.search(source["domain"] + [("cycle_id", "=", self.cycle.id)])
            self.assertFalse(rows.unit_id & county_b, source["name"])
        goals = (
            self.env["target.goal"]
            .with_user(self.office_a)
            .search([("cycle_id", "=", self.cycle_a.id)])
        )
        self.assertEqual(goals, self.goal_a, "its own assessment's goals")


@tagged("post_install", "-at_install")
class TestCockpitLanding(ReportsCase, HttpCase):
    """The offices and the leaders land on the cockpit after login; the others keep
    their own work; the app's menu opens it for them."""

    def home_action_id(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]

    def test_the_office_and_the_leaders_land_on_the_cockpit(self):
        cockpit = self.env.ref(COCKPIT_ACTION)
        self.assertEqual(cockpit.params, {"dashboard_id": self.env.ref(COCKPIT).id})
        home = self.env.ref("target_assessment.target_assessment_home_action")
        for role in ("office", "leader", "admin"):
            with self.subTest(role=role):
                self.assertEqual(self.home_action_id(self.users[role]), cockpit.id)
        office_a = county_office(self.env, "ta_landing_office_a", self.county_a)
        self.assertEqual(self.home_action_id(office_a), cockpit.id)
        for role in ("unit_user", "assessor", "hr"):
            with self.subTest(role=role):
                self.assertEqual(self.home_action_id(self.users[role]), home.id)
        self.authenticate("ta_leader", "ta_leader")
        action = self.make_jsonrpc_request("/web/action/load", {"action_id": cockpit.id})
        self.assertEqual(action["tag"], "action_spreadsheet_dashboard")
        # the dashboard's data, as the dashboard action fetches it
        response = self.url_open(f"/spreadsheet/dashboard/data/{self.env.ref(COCKPIT).id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["snapshot"]["sheets"][0]["name"], "驾驶舱")

    def test_the_menu_opens_the_cockpit_for_them(self):
        menu = self.env.ref("target_reports.target_reports_menu_cockpit")
        Menu = self.env["ir.ui.menu"]
        for role in ("office", "leader"):
            self.assertIn(menu.id, Menu.with_user(self.users[role])._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.users["unit_user"])._visible_menu_ids())
