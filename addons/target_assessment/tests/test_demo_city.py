import random
from collections import defaultdict
from datetime import date

from odoo.exceptions import AccessDenied, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import float_compare

from odoo.addons.target_assessment.demo_city import generate, plan_city
from odoo.addons.target_assessment.demo_city.county import FOLLOWED_PHASES
from odoo.addons.target_assessment.demo_city.generator import _Writer, allocate, share_points
from odoo.addons.target_assessment.models.target_cycle import PHASE_ORDER
from odoo.addons.target_assessment.models.target_indicator import SCORING_METHODS

from .common import FrozenToday

SEED_ITEMS = 1077  # 列入市级目标考评的指标、工作和项目 (seed speech 002)


@tagged("post_install", "-at_install")
class TestDemoCity(FrozenToday, TransactionCase):
    """The demo city at scale 1: the seed city's shape, consistent decomposition.

    Generated for today (``TA_TODAY`` when set): every date is relative to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.counts = generate(cls.env, scale=1)
        Unit = cls.env["target.unit"]
        cls.city = Unit.search([("code", "=", "JL")])
        cls.units = Unit.search([("id", "child_of", cls.city.id)])
        cls.cycle = cls.env["target.cycle"].search(
            [("previous_cycle_id", "!=", False), ("year", "=", date.today().year)]
        )
        cls.prev_cycle = cls.cycle.previous_cycle_id
        cls.goals = cls.env["target.goal"].search([("cycle_id", "=", cls.cycle.id)])

    def _category(self, code):
        return self.units.filtered(lambda u: u.category_id.code == code)

    def test_units(self):
        self.assertEqual(len(self.city), 1)
        self.assertFalse(self.city.is_assessed)
        counties = self._category("county")
        townships = self._category("township")
        self.assertEqual(len(counties), 9)
        self.assertEqual(len(self._category("department")), 48)
        self.assertEqual(len(self._category("stationed")), 18)
        self.assertEqual(len(townships), self.counts["townships"])
        self.assertEqual(townships.parent_id, counties, "every county has townships")
        self.assertTrue(all(len(c.child_ids) >= 4 for c in counties))
        self.assertEqual((self.units - townships - self.city).parent_id, self.city)
        self.assertTrue(all((self.units - self.city).mapped("is_assessed")))
        self.assertIn("江城区", counties.mapped("name"))
        self.assertIn("市统计局", self._category("department").mapped("name"))
        self.assertIn("国家税务总局江陵市税务局", self._category("stationed").mapped("name"))

    def test_leadership(self):
        for unit in self.units - self.city:
            roles = unit.leader_ids.mapped("role")
            self.assertTrue(unit.principal_id, unit.name)
            self.assertEqual(unit.principal_id, unit.leader_ids[:1].employee_id)
            self.assertIn("principal", roles)
        for county in self._category("county"):
            self.assertEqual(
                sorted(county.leader_ids.mapped("role")),
                ["deputy", "deputy", "member", "member", "principal", "principal"],
            )
            self.assertTrue(county.principal_id.name)
            self.assertRegex(county.leader_ids[0].title, "^[区县]委书记$")
        self.assertEqual(
            self.counts["employees"], len(self.units.leader_ids.employee_id), "one team per unit"
        )

    def test_goal_count(self):
        self.assertEqual(len(self.goals), self.counts["goals"])
        self.assertAlmostEqual(len(self.goals), SEED_ITEMS, delta=SEED_ITEMS * 0.05)
        self.assertEqual(
            self.env["target.goal"].search_count([("cycle_id", "=", self.prev_cycle.id)]),
            self.counts["goals_previous"],
        )

    def test_cycles(self):
        year = date.today().year
        self.assertEqual(self.cycle.date_start, date(year, 1, 1))
        self.assertEqual(self.cycle.midyear_date, date(year, 6, 30))
        self.assertEqual(self.cycle.adjustment_start, date(year, 7, 1))
        self.assertEqual(self.cycle.adjustment_end.month, 7)
        self.assertEqual(self.cycle.self_assessment_deadline.month, 12)
        self.assertEqual(self.cycle.scoring_deadline.year, year + 1)
        self.assertEqual(self.cycle.report_frequency, "monthly")
        self.assertEqual(self.prev_cycle.year, year - 1)
        self.assertEqual(self.prev_cycle.phase, "closed")

    def test_schemes(self):
        schemes = self.env["target.scheme"].search(
            [("cycle_id", "in", (self.cycle | self.prev_cycle).ids)]
        )
        self.assertEqual(len(schemes), 8)
        for scheme in schemes:
            self.assertEqual(scheme.state, "active")
            self.assertFalse(
                float_compare(scheme.weight_sum, scheme.total_score, precision_digits=4)
            )
            self.assertTrue(scheme.tie_break_section_id)
        weights = {
            s.category_id.code: s.section_ids.mapped(lambda x: (x.name, x.weight))
            for s in schemes.filtered(lambda s: s.cycle_id == self.cycle)
        }
        self.assertEqual(
            weights["county"], [("重点工作和项目", 40.0), ("定量指标", 50.0), ("其他考核", 10.0)]
        )
        self.assertEqual(
            weights["department"], [("共性指标", 20.0), ("个性指标", 60.0), ("社会评价", 20.0)]
        )
        county_other = schemes.section_ids.filtered(lambda s: s.name == "其他考核")
        self.assertEqual(set(county_other.mapped("kind")), {"special"})

    def test_indicator_library(self):
        """This year's library holds the indicators of its goals, approved by the leading
        group and put in force by the office; its goals take no other indicator."""
        library = self.env["target.indicator.library"].search([("cycle_id", "=", self.cycle.id)])
        self.assertEqual(library.state, "active")
        self.assertEqual(library.indicator_ids, self.goals.indicator_id)
        office = self.env["res.users"].search([("login", "=", "office")])
        self.assertEqual(library.frozen_by_id, office)
        reviews = library.review_ids
        self.assertEqual(reviews.mapped("status"), ["approved"])
        self.assertLessEqual(reviews.done_by, library.leading_group_user_ids)
        outside = self.env["target.indicator"].search(
            [("id", "not in", library.indicator_ids.ids)], limit=1
        )
        if outside:
            with self.assertRaises(ValidationError):
                self.env["target.goal"].create(
                    {
                        "cycle_id": self.cycle.id,
                        "unit_id": self.goals[0].unit_id.id,
                        "indicator_id": outside.id,
                        "name": "库外指标目标",
                        "target_value": 1.0,
                    }
                )
        # last year's cycle has none: its goals kept any indicator
        self.assertFalse(library.search([("cycle_id", "=", self.prev_cycle.id)]))

    def test_every_unit_fills_its_sections(self):
        """Each assessed unit's own goals fill every goals section, adding up to its weight."""
        points = defaultdict(float)
        for goal in self.goals.filtered(lambda g: not g.employee_id):
            if goal.unit_id.is_assessed:
                self.assertTrue(goal.section_id, goal.ref)
                self.assertEqual(goal.section_id.category_id, goal.unit_id.category_id)
                points[goal.unit_id, goal.section_id] += goal.points
        schemes = self.env["target.scheme"].search([("cycle_id", "=", self.cycle.id)])
        for unit in self.units - self.city:
            scheme = schemes.filtered(lambda s, u=unit: s.category_id == u.category_id)
            for section in scheme.section_ids.filtered(lambda s: s.kind == "goals"):
                self.assertFalse(
                    float_compare(points[unit, section], section.weight, precision_digits=4),
                    f"{unit.name} {section.name}: {points[unit, section]} != {section.weight}",
                )

    def test_plans(self):
        self.assertTrue(all(self.goals.mapped("plan_id")))
        for goal in self.goals:
            self.assertEqual(
                (goal.plan_id.cycle_id, goal.plan_id.unit_id), (goal.cycle_id, goal.unit_id)
            )
        plans = self.goals.plan_id
        self.assertEqual(len(plans), len(self.goals.unit_id))
        self.assertFalse(any(plans.mapped("uncovered_count")))

    def test_decomposition(self):
        children = self.goals.filtered("parent_id")
        self.assertGreater(len(children), 400)
        for goal in children:
            parent = goal.parent_id
            self.assertEqual(goal.cycle_id, parent.cycle_id)
            if goal.unit_id == parent.unit_id:
                self.assertTrue(goal.employee_id, f"{goal.ref}: same unit, so a person")
            else:
                self.assertTrue(goal.unit_id.parent_path.startswith(parent.unit_id.parent_path))
        additive_parents = self.goals.filtered(lambda g: g.additive and g.child_ids)
        self.assertGreater(len(additive_parents), 30)
        self.assertTrue(all(additive_parents.mapped("is_covered")))
        # 纵向到底: city → county → township, and to persons
        gdp = self.goals.filtered(lambda g: g.unit_id == self.city and g.indicator_id.code == "Q01")
        self.assertEqual(gdp.child_ids.unit_id, self._category("county"))
        self.assertGreaterEqual(sum(gdp.child_ids.mapped("target_value")), gdp.target_value)
        energy = self.goals.filtered(
            lambda g: g.unit_id == self.city and g.indicator_id.code == "Q14"
        )
        self.assertEqual(energy.direction, "lower")
        self.assertLessEqual(sum(energy.child_ids.mapped("target_value")), energy.target_value)
        self.assertTrue(energy.is_covered)
        investment = self.goals.filtered(
            lambda g: g.unit_id.category_id.code == "county" and g.indicator_id.code == "Q03"
        )
        self.assertEqual(investment.child_ids.unit_id, self._category("township"))
        person_goals = self.goals.filtered("employee_id")
        self.assertEqual(len(person_goals), self.counts["person_goals"])
        for goal in person_goals:
            self.assertIn(goal.employee_id, goal.unit_id.leader_ids.employee_id)
        # 横向到边: lead and cooperating units; 5G split between the three operators
        city_goals = self.goals.filtered(lambda g: g.unit_id == self.city)
        self.assertTrue(all(city_goals.mapped("lead_unit_id")))
        self.assertTrue(all(city_goals.mapped("cooperating_unit_ids")))
        # each cooperating department carries its share of the work, the lead the rest
        lines = city_goals.cooperation_ids
        self.assertTrue(all(line.work_share > 0 for line in lines))
        self.assertTrue(all(0 < goal.lead_share < 100 for goal in city_goals))
        gdp_city = city_goals.filtered(lambda g: g.indicator_id.code == "Q01")
        self.assertEqual(gdp_city.cooperation_ids.mapped("work_share"), [10.0, 10.0, 10.0])
        self.assertEqual(gdp_city.lead_share, 70.0)
        base_stations = city_goals.filtered(lambda g: g.indicator_id.code == "Q27")
        self.assertEqual(len(base_stations.child_ids), 3)
        self.assertEqual(base_stations.child_ids.unit_id.category_id.code, "stationed")

    def test_indicators(self):
        indicators = self.goals.indicator_id
        self.assertEqual(
            set(indicators.mapped("scoring_method")), {code for code, _label in SCORING_METHODS}
        )
        self.assertGreaterEqual(len(indicators), 40)
        for indicator in indicators.filtered(lambda i: i.scoring_method == "bands"):
            self.assertGreaterEqual(len(indicator.band_ids), 2)
        by_code = {i.code: i for i in indicators}
        self.assertEqual(by_code["Q01"].ratio_cap, 1.2)
        self.assertEqual(by_code["Q15"].direction, "lower")
        self.assertEqual(by_code["Q13"].direction, "lower")
        self.assertEqual(by_code["D01"].scoring_method, "deduction")
        self.assertEqual(by_code["Q01"].assessor_unit_id.name, "市统计局")
        self.assertTrue(all(indicators.mapped("assessor_unit_id")))
        self.assertTrue(
            all(i.aggregation == "sum" for i in indicators if i.additive and i.code != "Q19")
        )

    def test_milestones(self):
        milestone_goals = self.goals.filtered(
            lambda g: g.indicator_id.scoring_method == "milestones"
        )
        self.assertTrue(milestone_goals)
        for goal in milestone_goals:
            self.assertEqual(len(goal.milestone_ids), 4)
            self.assertAlmostEqual(sum(goal.milestone_ids.mapped("share")), 100.0)
            self.assertEqual(goal.milestone_ids[-1].date, date(goal.cycle_id.year, 12, 31))
        others = self.goals - milestone_goals
        self.assertFalse(others.milestone_ids)

    def test_history(self):
        prev_goals = self.env["target.goal"].search([("cycle_id", "=", self.prev_cycle.id)])
        self.assertTrue(all(prev_goals.mapped("has_actual")))
        self.assertEqual(set(prev_goals.plan_id.mapped("state")), {"signed"})
        county = self._category("county")[0]
        last = prev_goals.filtered(lambda g: g.unit_id == county and g.indicator_id.code == "Q01")
        now = self.goals.filtered(lambda g: g.unit_id == county and g.indicator_id.code == "Q01")
        self.assertTrue(last.own_actual_set)
        self.assertAlmostEqual(now.baseline_value, last.actual_value, places=2)
        city_last = prev_goals.filtered(
            lambda g: g.unit_id == self.city and g.indicator_id.code == "Q01"
        )
        self.assertFalse(city_last.own_actual_set, "the city's GDP rolls up from the counties")
        self.assertAlmostEqual(
            city_last.actual_value, sum(city_last.child_ids.mapped("actual_value")), places=2
        )

    def test_last_year_walked_to_the_end(self):
        """Last year's year end was walked by the demo users: scored, signed off, published."""
        self.assertEqual(self.prev_cycle.phase, "closed")
        self.assertEqual(self.prev_cycle.signoff_state, "approved")
        self.assertTrue(self.prev_cycle.published_on)
        evaluations = self.env["target.evaluation"].search(
            [("cycle_id", "=", self.prev_cycle.id), ("stage", "=", "year_end")]
        )
        with_goals = (
            self.env["target.goal"]
            .search([("cycle_id", "=", self.prev_cycle.id), ("employee_id", "=", False)])
            .unit_id.filtered("is_assessed")
        )
        self.assertEqual(evaluations.unit_id, with_goals)
        self.assertTrue(all(evaluations.mapped("computed_at")))
        self.assertEqual(set(evaluations.mapped("state")), {"approved"})
        for category in evaluations.category_id:
            ranked = evaluations.filtered(lambda e, c=category: e.category_id == c)
            # competition ranking (1, 2, 2, 4): a rank is one more than the units ahead
            for evaluation in ranked:
                ahead = ranked.filtered(lambda e, r=evaluation.rank: e.rank < r)
                self.assertEqual(evaluation.rank, len(ahead) + 1, evaluation.unit_id.name)
        # last year's people: a result per leadership member of every evaluated unit
        results = self.env["target.personnel.result"].search(
            [("cycle_id", "=", self.prev_cycle.id)]
        )
        members = self.env["target.unit.leader"].search([("unit_id", "in", with_goals.ids)])
        self.assertEqual(len(results), len(members))
        self.assertTrue(all(results.mapped("suggested_grade")))
        # the district's false report of last year is still to be rectified this year
        district = self.env["res.users"].search([("login", "=", "county_user")]).target_unit_ids
        open_items = self.env["target.rectification"].search(
            [("unit_id", "=", district.id), ("cycle_id", "=", self.prev_cycle.id)]
        )
        self.assertEqual(open_items.mapped("source"), ["finding"])
        self.assertNotEqual(open_items.state, "verified")

    def test_satisfaction_survey(self):
        """Last year 人大政协 rated the city departments by survey; closing scored them."""
        campaign = self.env["target.evaluation.campaign"].search(
            [("cycle_id", "=", self.prev_cycle.id)]
        )
        self.assertEqual(len(campaign), 1)
        self.assertEqual(campaign.state, "closed")
        self.assertEqual(campaign.unit_ids, self._category("department"))
        self.assertEqual(campaign.invitation_count, 60)
        self.assertTrue(40 < campaign.response_count < 60, "most tokens came back")
        specials = campaign.special_evaluation_ids
        self.assertEqual(specials.unit_id, campaign.unit_ids)
        self.assertEqual(specials.body_id.code, "npc")
        self.assertFalse(any(specials.mapped("survey_short")))
        self.assertTrue(all(60 <= score <= 100 for score in specials.mapped("score")))
        self.assertIn("人大代表", specials[0].survey_counts)

    def test_users(self):
        Users = self.env["res.users"]
        expected = {
            "director": ("target_assessment.group_admin", "江陵市"),
            "office": ("target_assessment.group_office", "江陵市"),
            "leader": ("target_assessment.group_leader", "江陵市"),
            "hr": ("target_assessment.group_hr", "市委组织部"),
            "assessor_stats": ("target_assessment.group_assessor", "市统计局"),
            "inspector": ("target_assessment.group_inspector", "市审计局"),
            "evaluator": ("target_assessment.group_evaluator", "江陵市"),
            "county_user": ("target_assessment.group_unit_user", "江城区"),
            "county_leader": ("target_assessment.group_unit_leader", "江城区"),
            "county_office": ("target_assessment.group_office_local", "江城区"),
            "dept_user": ("target_assessment.group_unit_user", "市发展和改革委员会"),
            "dept_leader": ("target_assessment.group_unit_leader", "市发展和改革委员会"),
        }
        for login, (group, unit_name) in expected.items():
            user = Users.search([("login", "=", login)])
            self.assertEqual(len(user), 1, login)
            self.assertTrue(user.has_group(group), login)
            self.assertEqual(user.target_unit_ids.mapped("name"), [unit_name])
        self.assertFalse(
            Users.search([("login", "=", "county_user")]).has_group(
                "target_assessment.group_unit_leader"
            )
        )
        county = self.units.filtered(lambda u: u.name == "江城区")
        leader = Users.search([("login", "=", "county_leader")])
        self.assertEqual(county.principal_id.user_id, leader)
        self.assertEqual(leader.name, county.principal_id.name)
        dept = self.units.filtered(lambda u: u.name == "市发展和改革委员会")
        self.assertEqual(dept.principal_id.user_id.login, "dept_leader")
        office = Users.search([("login", "=", "office")])
        office.with_user(office)._check_credentials(
            {"type": "password", "password": "office"}, {"interactive": False}
        )
        with self.assertRaises(AccessDenied):
            office.with_user(office)._check_credentials(
                {"type": "password", "password": "wrong"}, {"interactive": False}
            )

    def test_county_runs_its_townships_assessment(self):
        """Issue 18: 江城区's office runs its own assessment of its townships, beside the
        city's, in the same phase; the latest reports wait for it; it sees no other
        county's assessment; the city's office sees the district's."""
        Users = self.env["res.users"]
        office = Users.search([("login", "=", "county_office")])
        district = office.target_unit_ids
        self.assertEqual(district.name, "江城区")
        county_cycle = self.env["target.cycle"].search([("organizer_unit_id", "=", district.id)])
        self.assertEqual(len(county_cycle), 1)
        self.assertEqual(county_cycle.year, self.cycle.year)
        self.assertEqual(self.cycle.organizer_unit_id, self.city)
        self.assertEqual(self.prev_cycle.organizer_unit_id, self.city)
        goals = self.env["target.goal"].search([("cycle_id", "=", county_cycle.id)])
        self.assertTrue(goals)
        self.assertTrue(all(unit.parent_id == district for unit in goals.unit_id))
        scheme = self.env["target.scheme"].search([("cycle_id", "=", county_cycle.id)])
        self.assertEqual(scheme.state, "active")
        # approved by the district's leader, not by the city's leading group, as its library
        county_leader = Users.search([("login", "=", "county_leader")])
        self.assertEqual(scheme.review_ids.done_by, county_leader)
        library = self.env["target.indicator.library"].search([("cycle_id", "=", county_cycle.id)])
        self.assertEqual(library.state, "active")
        self.assertEqual(library.review_ids.done_by, county_leader)
        self.assertEqual(library.frozen_by_id, office)
        self.assertEqual(library.indicator_ids, goals.indicator_id)
        # with indicators of its own for its townships, defined by its office
        own = library.indicator_ids.filtered("owner_unit_id")
        self.assertEqual(len(own), 2)
        self.assertEqual(own.owner_unit_id, district)
        self.assertEqual(own.create_uid, office)
        self.assertEqual(goals.filtered(lambda g: g.indicator_id in own).unit_id, goals.unit_id)
        self.assertNotIn(
            own[0],
            self.env["target.indicator"]
            .with_user(Users.search([("login", "=", "office")]))
            .search([("offered_cycle_id", "=", self.cycle.id)]),
        )
        expected_phase = self.cycle.phase if self.cycle.phase in FOLLOWED_PHASES else "year_end"
        self.assertEqual(county_cycle.phase, expected_phase)
        reports = self.env["target.progress"].search([("cycle_id", "=", county_cycle.id)])
        if expected_phase in ("execution", "midyear", "year_end") and reports:
            waiting = reports.filtered(lambda r: r.state == "submitted")
            self.assertTrue(waiting, "the latest reports wait for the district's office")
            self.assertEqual(waiting.with_user(office)._workflow_allowed("accepted"), waiting)
        # the district's office: its cycle and the city's that assesses it, nothing else
        self.assertEqual(
            self.env["target.cycle"].with_user(office).search([]),
            county_cycle | self.cycle | self.prev_cycle,
        )
        seen = self.env["target.goal"].with_user(office).search([("cycle_id", "=", self.cycle.id)])
        self.assertTrue(all(g.unit_id.parent_path.startswith(district.parent_path) for g in seen))
        city_office = Users.search([("login", "=", "office")])
        self.assertIn(county_cycle, self.env["target.cycle"].with_user(city_office).search([]))
        following = PHASE_ORDER[PHASE_ORDER.index(self.cycle.phase) + 1]
        self.assertFalse(self.cycle.with_user(office)._workflow_allowed(following))
        self.assertTrue(county_cycle.with_user(office)._workflow_allowed(following))

    def test_year_under_way(self):
        """DESIGN §8: this year's periods, progress reported up to today by the units
        (the earlier periods accepted, the latest waiting for the assessors, the demo
        district's returned once, a few units late), lights from green to red."""
        env = self.env
        today = date.today()
        periods = self.cycle.period_ids.sorted("date_start")
        self.assertEqual(len(periods), 12, "monthly reporting")
        reports = env["target.progress"].search([("cycle_id", "=", self.cycle.id)])
        ended = periods.filtered(lambda p: p.date_end < today)
        if self.cycle.phase not in ("execution", "midyear", "year_end") or not ended:
            self.assertFalse(reports, "nothing reported before the letters are signed")
            return
        self.assertEqual(self.counts["progress"], len(reports))
        self.assertEqual(reports.period_id, ended)
        reporting = self.goals.filtered(lambda g: g.state == "approved" and g._reports_itself())
        parts = len(reporting) + len(reporting.cooperation_ids)
        earlier = reports.filtered(lambda r: r.period_id != ended[-1])
        self.assertEqual(len(earlier), parts * (len(ended) - 1), "every part, every period")
        self.assertEqual(set(earlier.mapped("state")), {"accepted"})
        latest = reports - earlier
        self.assertEqual(len(latest), parts)
        users = {
            user.login: user
            for user in env["res.users"].search(
                [("login", "in", ("county_user", "dept_user", "assessor_stats", "office"))]
            )
        }
        district = users["county_user"].target_unit_ids
        own = latest.filtered(lambda r: r.unit_id == district)
        self.assertEqual(own.submitted_by_id, users["county_user"])
        returned = own.filtered(lambda r: r.state == "returned")
        self.assertEqual(len(returned), 1)
        self.assertTrue(returned.return_reason)
        self.assertEqual(returned.reviewed_by_id, users["office"])
        department = users["dept_user"].target_unit_ids
        self.assertEqual(
            set(latest.filtered(lambda r: r.unit_id == department).mapped("state")), {"draft"}
        )
        drafts = latest.filtered(lambda r: r.state == "draft")
        late_counties = drafts.unit_id.filtered(lambda u: u.category_id.code == "county")
        self.assertEqual(len(late_counties), 1, "one county has not reported yet")
        self.assertNotIn(district, drafts.unit_id)
        # the statistics bureau's list: the latest reports on its indicators
        waiting = latest.filtered(
            lambda r: (
                r.state == "submitted"
                and r.assessor_unit_id == users["assessor_stats"].target_unit_ids
            )
        )
        self.assertTrue(waiting)
        self.assertTrue(all(waiting.with_user(users["assessor_stats"]).mapped("can_review")))
        lights = {light: len(goals) for light, goals in reporting.grouped("light").items()}
        self.assertGreater(lights.get("green", 0), len(reporting) / 2, lights)
        self.assertTrue(lights.get("yellow") and lights.get("red"), lights)
        self.assertLess(lights["red"], len(reporting) / 10, lights)

    def test_the_year_end_waits_for_the_units(self):
        """In December the cycle is in its year end as if the office had moved it
        there a few days ago: every assessed unit has its evaluation, the district's
        clerk has submitted (its leader's approval waits), the others have not yet;
        the inspector's group and the evaluator's survey are waiting too."""
        evaluations = self.env["target.evaluation"].search(
            [("cycle_id", "=", self.cycle.id), ("stage", "=", "year_end")]
        )
        if self.cycle.phase != "year_end":
            self.assertFalse(evaluations, "no year-end evaluation before the year end")
            return
        self.assertEqual(evaluations.unit_id, self.goals.filtered("unit_id.is_assessed").unit_id)
        self.assertTrue(all(evaluations.mapped("line_ids")))
        # the department scheme shares points: cooperating departments have lines of the
        # leads' goals with their share, the leads' lines keep the rest
        shared = evaluations.line_ids.filtered("cooperation_id")
        self.assertTrue(shared)
        for line in shared:
            self.assertNotEqual(line.unit_id, line.goal_id.unit_id)
            self.assertEqual(line.point_share, line.cooperation_id.point_share)
        leads = evaluations.line_ids.filtered(lambda line: line.goal_id in shared.goal_id)
        leads -= shared
        self.assertTrue(all(0 < share < 100 for share in leads.mapped("point_share")))
        users = {
            user.login: user
            for user in self.env["res.users"].search(
                [("login", "in", ("county_user", "county_leader", "inspector", "evaluator"))]
            )
        }
        district = users["county_user"].target_unit_ids
        own = evaluations.with_user(users["county_user"]).search(
            [("cycle_id", "=", self.cycle.id), ("stage", "=", "year_end")]
        )
        self.assertIn(district, own.unit_id, "the district's clerk has its self-assessment")
        self.assertEqual(
            own.unit_id.filtered_domain([("id", "child_of", district.ids)]), own.unit_id
        )
        submitted = evaluations.filtered(lambda e: e.state == "submitted")
        self.assertEqual(submitted.unit_id, district)
        self.assertEqual(set((evaluations - submitted).mapped("state")), {"draft"})
        waiting = evaluations.with_user(users["county_leader"]).search(
            [("cycle_id", "=", self.cycle.id), ("can_review", "=", True)]
        )
        self.assertEqual(waiting, submitted, "the district's leader has it to approve")
        group = (
            self.env["target.inspection"]
            .with_user(users["inspector"])
            .search([("cycle_id", "=", self.cycle.id)])
        )
        self.assertEqual(group.state, "draft")
        owed = (
            self.env["target.special.evaluation.expected"]
            .with_user(users["evaluator"])
            .search([("cycle_id", "=", self.cycle.id), ("done", "=", False)])
        )
        self.assertTrue(owed, "the evaluator's body owes its scores")
        campaign = (
            self.env["target.evaluation.campaign"]
            .with_user(users["evaluator"])
            .search([("cycle_id", "=", self.cycle.id)])
        )
        self.assertEqual(campaign.state, "open")

    def test_company_is_the_city_government(self):
        """Every page's header names the city government, not Odoo's 'My Company';
        a database whose company has its own name keeps it."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "江陵市人民政府")
        company.name = "某县人民政府"
        _Writer(self.env, plan_city(1))._company()
        self.assertEqual(company.name, "某县人民政府")

    def test_supervision(self):
        """DESIGN §9 in the demo: a spot check with a finding, two bulletins of
        the year issued through their approval, open and late tasks."""
        env = self.env
        users = {
            user.login: user
            for user in env["res.users"].search(
                [("login", "in", ("office", "director", "inspector", "county_user"))]
            )
        }
        district = users["county_user"].target_unit_ids
        today = date.today()
        items = env["target.spot.check.item"].search([("cycle_id", "=", self.cycle.id)])
        if self.goals.filtered(lambda goal: goal.state == "approved"):
            corrected = items.filtered(lambda item: item.result == "corrected")
            self.assertEqual(corrected.unit_id, district)
            self.assertEqual(corrected.inspector_id, users["inspector"])
            self.assertLessEqual(corrected.verified_value, corrected.reported_value)
        bulletins = env["target.supervision.bulletin"].search(
            [("cycle_id", "=", self.cycle.id)], order="sequence_number"
        )
        self.assertEqual(len(bulletins), 2)
        self.assertEqual(set(bulletins.mapped("state")), {"published"})
        self.assertEqual(bulletins.mapped("sequence_number"), [1, 2])
        self.assertEqual(bulletins.submitted_by_id, users["office"])
        self.assertEqual(bulletins.published_by_id, users["office"])
        self.assertEqual(bulletins.review_ids.mapped("status"), ["approved", "approved"])
        self.assertEqual(bulletins.review_ids.done_by, users["director"])
        self.assertTrue(all(bulletins.mapped("document")))
        self.assertTrue(all(bulletins.mapped("notified_on")))
        self.assertTrue(all(b.date_from <= today for b in bulletins), "no bulletin ahead")
        if self.goals.filtered(lambda goal: goal.state == "approved"):
            self.assertIn(district, bulletins[-1].line_ids.unit_id)
            notice = bulletins[-1].message_ids.filtered("partner_ids")
            self.assertIn(users["county_user"].partner_id, notice.partner_ids)
        # the district's user reads the bulletins and, of their tables, its own line
        scope = env["target.unit"].search([("id", "child_of", district.ids)])
        every_unit = bulletins.line_ids.unit_id
        self.env.invalidate_all()
        mine = bulletins.with_user(users["county_user"]).line_ids.unit_id
        self.assertLessEqual(mine, scope)
        if mine:
            self.assertTrue(every_unit - scope, "the other units' lines exist")
        tasks = env["target.supervision.task"].search(
            [("cycle_id", "=", self.cycle.id), ("unit_id", "=", district.id)]
        )
        open_tasks = tasks.filtered(lambda task: task.state in ("assigned", "returned"))
        self.assertTrue(open_tasks.filtered(lambda task: task.deadline >= today))
        late = open_tasks.filtered(lambda task: task.deadline < today)
        self.assertTrue(late)
        self.assertEqual(late.bulletin_id, bulletins[-1])
        self.assertIn("accepted", tasks.mapped("state"))

    def test_refuses_to_run_twice(self):
        with self.assertRaises(UserError):
            generate(self.env, scale=1)

    def test_scale_two(self):
        """The ×2 city coexists with the ×1 one and has about twice its goals."""
        counts = generate(self.env, scale=2, passwords=False)
        self.assertEqual(counts["counties"], 18)
        self.assertEqual(counts["departments"], 96)
        self.assertEqual(counts["stationed"], 36)
        self.assertEqual(counts["users"], 0, "the demo users exist already")
        city = self.env["target.unit"].search([("code", "=", "JL-X2")])
        city_goals = self.env["target.goal"].search([("unit_id", "=", city.id)])
        cycle = city_goals.cycle_id.filtered("previous_cycle_id")  # this year's, not last
        self.assertEqual(len(cycle), 1)
        self.assertNotEqual(cycle, self.cycle)
        goals = self.env["target.goal"].search([("cycle_id", "=", cycle.id)])
        self.assertEqual(len(goals), counts["goals"])
        self.assertAlmostEqual(len(goals) / len(self.goals), 2.0, delta=0.1)
        additive_parents = goals.filtered(lambda g: g.additive and g.child_ids)
        self.assertTrue(all(additive_parents.mapped("is_covered")))
        self.assertEqual(len(goals.plan_id), len(goals.unit_id))


@tagged("post_install", "-at_install")
class TestDemoPlanning(TransactionCase):
    """The plain-Python planning: deterministic, scalable, exact sums."""

    def test_deterministic(self):
        today = date(2026, 5, 1)
        first, second = plan_city(1, 2026, today), plan_city(1, 2026, today)
        self.assertEqual(first.all_goals(), second.all_goals())
        self.assertEqual(first.people, second.people)
        self.assertEqual(first.milestones, second.milestones)
        self.assertNotEqual(plan_city(1, 2025, today).all_goals(), first.all_goals())

    def test_scales(self):
        today = date(2026, 5, 1)
        one = plan_city(1, 2026, today).counts()
        ten = plan_city(10, 2026, today).counts()
        self.assertEqual(ten["counties"], 90)
        self.assertEqual(ten["departments"], 480)
        self.assertEqual(ten["units"] - 1, 10 * (one["units"] - 1))
        self.assertAlmostEqual(ten["goals"] / one["goals"], 10.0, delta=0.3)
        self.assertEqual(ten["leaders"], 10 * one["leaders"])

    def test_allocate_covers(self):
        rng = random.Random(1)
        for total in (6.2, 186.0, 1030.0, 2460.0, 68000.0):
            for _round in range(20):
                weights = [rng.uniform(0.5, 2.0) for _i in range(rng.randint(1, 12))]
                slack = 0.01 * len(weights)  # rounding to 2 decimals, per part
                parts = allocate(total, weights, "higher", 2, rng)
                self.assertGreaterEqual(round(sum(parts) - total, 6), 0, "covers")
                self.assertLessEqual(sum(parts), total * 1.03 + slack, "a little over")
                parts = allocate(total, weights, "lower", 2, rng)
                self.assertLessEqual(round(sum(parts) - total, 6), 0, "stays under the ceiling")
                self.assertGreaterEqual(sum(parts), total * 0.98 - slack, "a little under")

    def test_share_points(self):
        for total, weights in ((50.0, [5, 4, 4, 3, 2, 2, 1]), (20.0, [6, 6, 4, 4, 4]), (40, [1])):
            parts = share_points(total, weights)
            self.assertEqual(sum(parts), total)
            for part, weight in zip(parts, weights, strict=True):
                self.assertEqual(part * 2, int(part * 2), "in half points")
                self.assertLessEqual(abs(part - total * weight / sum(weights)), 0.5)
