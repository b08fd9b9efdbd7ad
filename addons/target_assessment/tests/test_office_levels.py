from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..demo_city.flow import approve_through_reviews, put_schemes_in_force
from .common import ApprovalMixinCase, TargetCityCase
from .test_role_menus import open_every_menu


class CountyLevelMixin:
    """The levels of the small city (TargetCityCase): the city's cycle (organised by
    江陵市) assesses the counties; 甲县's cycle, organised by 甲县 and set up by its
    office (``office_a``, group_office_local), assesses its townships 一镇 and 二镇;
    乙县's cycle (its office ``office_b``) its own work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        local = "target_assessment.group_office_local"
        cls.office_a = new_test_user(env, login="ta_office_a", groups=local, name="甲县考核办")
        cls.office_a.target_unit_ids = cls.county_a
        cls.office_b = new_test_user(env, login="ta_office_b", groups=local, name="乙县考核办")
        cls.office_b.target_unit_ids = cls.county_b
        cls.town_user = new_test_user(
            env, login="ta_town_user", groups="target_assessment.group_unit_user", name="一镇填报员"
        )
        cls.town_leader = new_test_user(
            env,
            login="ta_town_leader",
            groups="target_assessment.group_unit_leader",
            name="一镇镇长",
        )
        (cls.town_user | cls.town_leader).target_unit_ids = cls.town_a1
        # the city's assessment: 甲县 and 乙县's GDP and energy goals
        cls.city_goals = cls._county_goals("C")
        cls.city_goal_b = cls.city_goals.filtered(lambda g: g.unit_id == cls.county_b)
        # 甲县's own assessment of its townships, set up by its office
        Cycle = env["target.cycle"].with_user(cls.office_a)
        cls.cycle_a = Cycle.create(
            {
                "name": "甲县2026年度乡镇考核",
                "year": 2026,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        cls.scheme_a = (
            env["target.scheme"]
            .with_user(cls.office_a)
            .create(
                {
                    "name": "甲县乡镇考核办法",
                    "cycle_id": cls.cycle_a.id,
                    "category_id": cls.cat_town.id,
                    "section_ids": [
                        (0, 0, {"name": "重点工作", "code": "key", "weight": 40, "kind": "goals"}),
                        (
                            0,
                            0,
                            {"name": "量化指标", "code": "quant", "weight": 60, "kind": "goals"},
                        ),
                    ],
                }
            )
        )
        put_schemes_in_force(cls.scheme_a, office=cls.office_a)
        cls.goal_a1 = (
            env["target.goal"]
            .with_user(cls.office_a)
            .create(
                {
                    "cycle_id": cls.cycle_a.id,
                    "unit_id": cls.town_a1.id,
                    "indicator_id": cls.ind_gdp.id,
                    "name": "一镇地区生产总值",
                    "target_value": 30.0,
                    "points": 30.0,
                    "section_id": cls.section(cls.scheme_a, "quant").id,
                }
            )
        )
        # 乙县's own assessment, of which 甲县's office knows nothing
        cls.cycle_b = env["target.cycle"].create(
            {
                "name": "乙县2026年度考核",
                "year": 2026,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "organizer_unit_id": cls.county_b.id,
            }
        )
        cls.goal_b = env["target.goal"].create(
            {
                "cycle_id": cls.cycle_b.id,
                "unit_id": cls.county_b.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "乙县本级地区生产总值",
                "target_value": 50.0,
                "points": 20.0,
            }
        )


@tagged("post_install", "-at_install")
class TestOfficeLevels(CountyLevelMixin, ApprovalMixinCase, TargetCityCase):
    """Offices per level (issue 18): 甲县's office runs the assessment of its townships.

    甲县's office runs its cycle through the year and can neither read nor
    change the city's assessment of the other units nor 乙县's; the city
    office sees and runs them all.
    """

    def as_office_a(self, records):
        return records.with_user(self.office_a)

    # -- the organising unit ---------------------------------------------------

    def test_organizer_defaults_to_the_level(self):
        self.assertEqual(self.cycle.organizer_unit_id, self.city)
        self.assertEqual(self.cycle_a.organizer_unit_id, self.county_a)

    def test_organizer_fixed_once_planning_is_over(self):
        with self.assertRaisesRegex(AccessError, "own units' subtree"):
            self.as_office_a(self.cycle_a).organizer_unit_id = self.city
        self.as_office_a(self.cycle_a).organizer_unit_id = self.town_a1
        self.as_office_a(self.cycle_a).organizer_unit_id = self.county_a
        self.as_office_a(self.cycle_a).action_next_phase()
        with self.assertRaisesRegex(UserError, "fixed once it has left planning"):
            self.cycle_a.with_user(self.users["office"]).organizer_unit_id = self.city

    def test_a_level_assesses_its_own_units(self):
        with self.assertRaisesRegex(ValidationError, "does not assess"):
            self.env["target.goal"].create(
                {
                    "cycle_id": self.cycle_a.id,
                    "unit_id": self.county_b.id,
                    "indicator_id": self.ind_gdp.id,
                    "name": "越级目标",
                    "target_value": 1.0,
                }
            )

    # -- reading ---------------------------------------------------------------

    def test_county_office_reads_its_level_only(self):
        cycles = self.as_office_a(self.env["target.cycle"]).search([])
        # its own cycle, and the city's that assesses 甲县 (the frame), never 乙县's
        self.assertEqual(cycles, self.cycle_a | self.cycle)
        goals = self.as_office_a(self.env["target.goal"]).search([])
        self.assertIn(self.goal_a1, goals)
        # 甲县's own goals in the city's cycle: read as the county's unit users do
        self.assertEqual(goals - self.goal_a1, self.city_goals - self.city_goal_b)
        for record in (self.goal_b, self.city_goal_b, self.cycle_b):
            with self.assertRaises(AccessError, msg=record.display_name):
                self.as_office_a(record).check_access("read")
        schemes = self.as_office_a(self.env["target.scheme"]).search([])
        self.assertNotIn(self.cycle_b, schemes.cycle_id)
        self.assertIn(self.scheme_a, schemes)

    def test_city_office_sees_every_level(self):
        office = self.users["office"]
        self.assertEqual(
            self.env["target.cycle"].with_user(office).search([]),
            self.cycle | self.cycle_a | self.cycle_b,
        )
        goals = self.env["target.goal"].with_user(office).search([])
        self.assertLessEqual(self.goal_a1 | self.goal_b | self.city_goals, goals)
        # and runs a county's cycle if need be
        self.cycle_b.with_user(office).action_next_phase()
        self.assertEqual(self.cycle_b.phase, "decomposition")

    def test_other_roles_unchanged(self):
        # the county's unit user still reads its subtree's goals, in every cycle
        goals = self.env["target.goal"].with_user(self.users["unit_user"]).search([])
        self.assertEqual(goals, self.city_goals - self.city_goal_b | self.goal_a1)
        # the leaders read every level's
        leader_cycles = self.env["target.cycle"].with_user(self.users["leader"]).search([])
        self.assertEqual(leader_cycles, self.cycle | self.cycle_a | self.cycle_b)
        # the township's clerk reads its goals in 甲县's cycle
        town_goals = self.env["target.goal"].with_user(self.town_user).search([])
        self.assertEqual(town_goals, self.goal_a1)

    def test_county_office_reaches_its_work(self):
        menus = open_every_menu(self, self.office_a, "office_local")
        for xmlid in (
            "target_assessment.target_cycle_menu",
            "target_assessment.target_scheme_menu",
            "target_assessment.target_goal_menu",
            "target_assessment.target_plan_menu",
            "target_assessment.target_progress_menu_to_review",
            "target_assessment.target_evaluation_menu_ranking",
            "target_assessment.target_inspection_menu",
            "target_assessment.target_appeal_menu",
            "target_reports.target_reports_menu_office_dashboard",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus, xmlid)
        # the city's libraries and settings stay the assessment office's
        for xmlid in (
            "target_assessment.tier_definition_menu_target",
            "target_assessment.target_unit_category_menu",
            "target_reports.target_reports_menu_exports",
        ):
            self.assertNotIn(self.env.ref(xmlid).id, menus, xmlid)
        home = self.env.ref("target_assessment.target_assessment_home_action")
        self.assertEqual(home.with_user(self.office_a).run()["res_model"], "target.cycle")

    # -- changing --------------------------------------------------------------

    def test_county_office_cannot_change_other_levels(self):
        Goal = self.as_office_a(self.env["target.goal"])
        category = self.env["target.unit.category"].create({"name": "开发区", "code": "zone"})
        with self.assertRaises(AccessError):
            self.as_office_a(self.cycle).name = "改名"
        with self.assertRaises(AccessError):
            self.as_office_a(self.cycle_b).name = "改名"
        with self.assertRaises(AccessError):
            self.as_office_a(self.city_goal_b).target_value = 1.0
        with self.assertRaises(AccessError):
            self.as_office_a(self.goal_b).unlink()
        with self.assertRaises(AccessError):
            Goal.create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_b.id,
                    "indicator_id": self.ind_gdp.id,
                    "name": "乙县新目标",
                    "target_value": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.as_office_a(self.env["target.cycle"]).create(
                {
                    "name": "市级周期",
                    "year": 2026,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "organizer_unit_id": self.city.id,
                }
            )
        with self.assertRaises(AccessError):
            self.as_office_a(self.env["target.scheme"]).create(
                {"name": "越级办法", "cycle_id": self.cycle.id, "category_id": category.id}
            )
        with self.assertRaises(AccessError):
            self.as_office_a(self.scheme_county).name = "越级修改"
        with self.assertRaises(AccessError):
            self.as_office_a(self.scheme_county).check_access("unlink")

    def test_county_office_cannot_move_other_levels(self):
        for cycle in (self.cycle, self.cycle_b):
            with self.assertRaises(AccessError, msg=cycle.name):
                self.as_office_a(cycle).action_next_phase()
            with self.assertRaises(AccessError, msg=cycle.name):
                self.as_office_a(cycle).action_compute_scores()
            with self.assertRaises(AccessError, msg=cycle.name):
                self.as_office_a(cycle).action_generate_periods()
        self.assertEqual((self.cycle | self.cycle_b).mapped("phase"), ["planning", "planning"])
        self.assertFalse(self.as_office_a(self.cycle)._workflow_allowed("decomposition"))
        self.assertTrue(self.as_office_a(self.cycle_a)._workflow_allowed("decomposition"))

    def test_a_township_without_leader_is_approved_by_its_level(self):
        goal = self.env["target.goal"].create(
            {
                "cycle_id": self.cycle_a.id,
                "unit_id": self.town_a2.id,
                "indicator_id": self.ind_gdp.id,
                "name": "二镇地区生产总值",
                "target_value": 20.0,
                "points": 30.0,
                "section_id": self.section(self.scheme_a, "quant").id,
            }
        )
        approvers = goal.plan_id.leader_user_ids
        self.assertIn(self.office_a, approvers)
        self.assertIn(self.users["office"], approvers)
        self.assertNotIn(self.office_b, approvers)
        # the city's letters are the city office's, as before
        city_goal = self.goal(self.dept_env, self.ind_air)
        self.assertNotIn(self.office_a, city_goal.plan_id.leader_user_ids)

    # -- running its own year ------------------------------------------------------

    def test_county_office_runs_its_cycle(self):
        cycle = self.as_office_a(self.cycle_a)
        cycle.action_next_phase()
        cycle.action_next_phase()
        self.assertEqual(self.cycle_a.phase, "signing")
        # the township's letter: its leader, then 甲县's office (not 乙县's), then the leaders
        plan = self.goal_a1.plan_id
        plan.with_user(self.town_user).action_submit()
        plan.with_user(self.town_leader).validate_tier()
        pending = self.pending_reviewers(plan)
        self.assertIn(self.office_a, pending)
        self.assertNotIn(self.office_b, pending)
        with self.assertRaises(UserError):
            plan.with_user(self.office_b).validate_tier()
        approve_through_reviews(plan)
        self.assertEqual(plan.state, "approved")
        cycle.action_next_phase()
        self.assertEqual(self.cycle_a.phase, "execution")
        cycle.action_generate_periods()
        period = self.env["target.period"].search(
            [("cycle_id", "=", self.cycle_a.id)], order="date_end", limit=1
        )
        report = (
            self.env["target.progress"]
            .with_user(self.town_user)
            .create({"goal_id": self.goal_a1.id, "period_id": period.id, "value": 5.0})
        )
        report.action_submit()
        # 乙县's office cannot review 甲县's townships' reports; 甲县's does
        with self.assertRaises(AccessError):
            report.with_user(self.office_b).action_accept()
        report.with_user(self.office_a).action_accept()
        self.assertEqual(report.state, "accepted")
        # the county's office computes its townships' scores, not the city's
        job = cycle.action_preview_midyear()
        self.assertTrue(job)
