from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

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
            "target_assessment.target_indicator_menu",
            "target_assessment.target_indicator_library_menu",
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


@tagged("post_install", "-at_install")
class TestCountyGovernance(CountyLevelMixin, ApprovalMixinCase, TargetCityCase):
    """A county's rule books: its schemes and indicator library are approved by the
    county's leaders (of the unit organising its cycle), not by the city's leading
    group; its office keeps its own cycle's library and never the city's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.county_leader = cls.users["unit_leader"]  # leads 甲县
        cls.cat_county_dept = cls.env["target.unit.category"].create(
            {"name": "县直部门", "code": "county_dept"}
        )

    def submitted(self, records, office):
        records = records.with_user(office)
        records.action_consult()
        records.action_submit()
        self.assertEqual(set(records.mapped("state")), {"submitted"})
        return records

    def county_scheme(self, office=None):
        return (
            self.env["target.scheme"]
            .with_user(office or self.office_a)
            .create(
                {
                    "name": "甲县县直部门考核办法",
                    "cycle_id": self.cycle_a.id,
                    "category_id": self.cat_county_dept.id,
                    "section_ids": [(0, 0, {"name": "重点工作", "code": "key", "weight": 100})],
                }
            )
        )

    def test_a_county_scheme_goes_to_the_countys_leaders(self):
        scheme = self.submitted(self.county_scheme(), self.office_a)
        self.assertEqual(scheme.leading_group_user_ids, self.county_leader)
        self.assertEqual(self.pending_reviewers(scheme), self.county_leader)
        # the form says who approves it, to the units that comment too
        (shown,) = scheme.with_user(self.town_user).read(["leading_group_user_ids"])
        self.assertEqual(shown["leading_group_user_ids"], self.county_leader.ids)
        # neither the city's leading group, nor the county's office, nor another county's
        for user in (self.users["leader"], self.office_a, self.office_b, self.users["office"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                scheme.with_user(user).validate_tier()
        scheme.with_user(self.county_leader).validate_tier()
        self.assertEqual(scheme.state, "approved")
        scheme.action_freeze()
        self.assertEqual(scheme.state, "active")

    def test_a_countys_results_are_signed_off_by_its_leaders(self):
        # the sign-off chain (审定) asks the cycle's leading group: the county's leaders
        # for its own assessment, the city's leading group for the city's
        self.assertEqual(self.cycle_a.leading_group_user_ids, self.county_leader)
        leading_group = self.env.ref("target_assessment.group_leader").user_ids
        self.assertEqual(self.cycle.leading_group_user_ids, leading_group)
        # (the cycles' results submitted as the office's move does, without the year)
        cycles = (self.cycle_a | self.cycle).sudo()
        cycles._workflow_move("submitted", field="signoff_state")
        cycles._request_reviews(lambda cycle: "no sign-off tier")
        self.assertEqual(self.pending_reviewers(self.cycle_a), self.county_leader)
        for user in (self.users["leader"], self.office_a, self.users["office"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.cycle_a.with_user(user).validate_tier()
        self.assertEqual(self.pending_reviewers(self.cycle), leading_group)

    def test_a_countys_bulletin_is_approved_by_its_leaders(self):
        # 甲县's 督查通报 of its own assessment goes to 甲县's leaders, who read it whole;
        # the city's still goes to the head of the city's office
        Bulletin = self.env["target.supervision.bulletin"]
        bulletin = Bulletin.with_user(self.office_a).create(
            {"cycle_id": self.cycle_a.id, "period_number": 11}
        )
        bulletin.action_draft_text()
        self.assertTrue(bulletin.body)
        bulletin.action_submit()
        self.assertEqual(self.pending_reviewers(bulletin), self.county_leader)
        with self.assertRaises(AccessError):  # a township of the county reads no draft
            bulletin.with_user(self.town_leader).read(["body"])
        seen = bulletin.with_user(self.county_leader)
        self.assertEqual(seen.line_ids.sudo(), bulletin.line_ids.sudo())
        seen.line_ids.read(["unit_id"])  # (every line: none of the county's own)
        for user in (self.users["admin"], self.office_a, self.users["office"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                bulletin.with_user(user).validate_tier()
        seen.validate_tier()
        self.assertEqual(bulletin.state, "approved")
        seen.read(["body"])  # and after its approval
        with self.assertRaises(AccessError):  # another county's office: not its bulletin
            bulletin.with_user(self.office_b).read(["body"])
        city = Bulletin.with_user(self.users["office"]).create(
            {"cycle_id": self.cycle.id, "period_number": 11}
        )
        city.action_draft_text()
        city.action_submit()
        admins = self.env.ref("target_assessment.group_admin").user_ids
        self.assertEqual(self.pending_reviewers(city), admins)
        with self.assertRaises(AccessError):
            city.with_user(self.county_leader).read(["body"])

    def test_a_database_made_before_gets_the_leading_group_tiers(self):
        # earlier versions' default tiers asked the leader group; an upgrade points them
        # at the document's leading group, and keeps a chain the office chose
        Tier = self.env["tier.definition"]
        leaders = self.env.ref("target_assessment.group_leader")
        signoff_tier = self.env.ref("target_assessment.tier_definition_target_cycle_leadership")
        scheme_tier = self.env.ref("target_assessment.tier_definition_target_scheme_leadership")
        library_tier = self.env.ref(
            "target_assessment.tier_definition_target_indicator_library_leadership"
        )
        (signoff_tier | scheme_tier | library_tier).write(
            {"review_type": "group", "reviewer_group_id": leaders}
        )
        chosen = self.users["leader"]
        library_tier.write({"review_type": "individual", "reviewer_id": chosen.id})
        Tier._target_tiers_to_leading_group()
        self.assertEqual(scheme_tier.review_type, "field")
        self.assertEqual(scheme_tier.reviewer_field_id.name, "leading_group_user_ids")
        self.assertEqual(scheme_tier.reviewer_field_id.model, "target.scheme")
        self.assertFalse(scheme_tier.reviewer_group_id)
        self.assertEqual(signoff_tier.reviewer_field_id.model, "target.cycle")
        self.assertEqual(
            (library_tier.review_type, library_tier.reviewer_id), ("individual", chosen)
        )
        scheme = self.submitted(self.county_scheme(), self.office_a)
        self.assertEqual(self.pending_reviewers(scheme), self.county_leader)
        # the head of the office's tier of the bulletins kept its every bulletin: it keeps
        # the city's, a county's go to its leaders' tier (and a chain changed is kept)
        head = self.env.ref("target_assessment.tier_definition_target_supervision_bulletin_head")
        city_only = head.definition_domain
        head.definition_domain = "[]"
        Tier._target_tiers_to_leading_group()
        self.assertEqual(head.definition_domain, city_only)
        head.definition_domain = "[('frequency', '=', 'monthly')]"
        Tier._target_tiers_to_leading_group()
        self.assertEqual(head.definition_domain, "[('frequency', '=', 'monthly')]")

    def test_the_city_scheme_goes_to_the_leading_group(self):
        category = self.env["target.unit.category"].create({"name": "开发区", "code": "zone"})
        scheme = self.env["target.scheme"].create(
            {
                "name": "开发区考核办法",
                "cycle_id": self.cycle.id,
                "category_id": category.id,
                "section_ids": [(0, 0, {"name": "重点工作", "code": "key", "weight": 100})],
            }
        )
        scheme = self.submitted(scheme, self.users["office"])
        leading_group = self.env.ref("target_assessment.group_leader").user_ids
        self.assertEqual(scheme.leading_group_user_ids, leading_group)
        self.assertNotIn(self.office_a, self.pending_reviewers(scheme))
        self.assertNotIn(self.county_leader, self.pending_reviewers(scheme))
        # a county office approves none of the city's schemes, nor moves them
        for user in (self.office_a, self.county_leader):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                scheme.with_user(user).validate_tier()
        with self.assertRaises(UserError):
            scheme.with_user(self.office_a).action_freeze()
        self.approve(scheme, "leader")
        self.assertEqual(scheme.state, "approved")
        with self.assertRaises(AccessError):
            scheme.with_user(self.office_a).action_freeze()

    def test_a_county_without_leaders_goes_to_the_leading_group(self):
        # 乙县 has no leader of its own: the leading group approves its office's scheme
        scheme = self.env["target.scheme"].create(
            {"name": "乙县考核办法", "cycle_id": self.cycle_b.id, "category_id": self.cat_town.id}
        )
        leading_group = self.env.ref("target_assessment.group_leader").user_ids
        self.assertEqual(scheme.leading_group_user_ids, leading_group)
        self.assertNotIn(self.office_b, scheme.leading_group_user_ids)

    # -- the county's indicator library ---------------------------------------------

    def county_library(self):
        return (
            self.env["target.indicator.library"]
            .with_user(self.office_a)
            .create(
                {
                    "name": "甲县2026年度乡镇考核指标库",
                    "cycle_id": self.cycle_a.id,
                    "indicator_ids": [(6, 0, self.ind_gdp.ids)],
                }
            )
        )

    def test_the_county_office_keeps_its_cycles_library(self):
        library = self.county_library()
        library.write({"indicator_ids": [(4, self.ind_energy.id)]})
        self.assertEqual(library.indicator_ids, self.ind_gdp | self.ind_energy)
        self.assertIn(
            library, self.env["target.indicator.library"].with_user(self.office_a).search([])
        )
        library = self.submitted(library, self.office_a)
        self.assertEqual(self.pending_reviewers(library), self.county_leader)
        with self.assertRaises(UserError):
            library.with_user(self.users["leader"]).validate_tier()
        library.with_user(self.county_leader).validate_tier()
        library.action_freeze()
        self.assertEqual(library.state, "active")
        # the townships' goals take their indicators from it, the city's goals do not
        with self.assertRaisesRegex(ValidationError, "not in"):
            self.goal_a1.with_user(self.office_a).indicator_id = self.ind_air
        self.goal(self.dept_env, self.ind_air)
        # and only an administrator reopens it
        with self.assertRaises(AccessError):
            library.action_reopen("调整")

    def test_the_county_office_drafts_its_library_in_the_form(self):
        with Form(self.env["target.indicator.library"].with_user(self.office_a)) as form:
            form.name = "甲县乡镇考核指标库"
            form.cycle_id = self.cycle_a
            form.indicator_ids.add(self.ind_gdp)
        library = form.record
        self.assertEqual((library.cycle_id, library.indicator_ids), (self.cycle_a, self.ind_gdp))
        self.assertTrue(library.with_user(self.office_a).can_edit)
        # saved for the city's cycle: refused
        with (
            self.assertRaises(AccessError),
            Form(self.env["target.indicator.library"].with_user(self.office_a)) as form,
        ):
            form.name = "越级指标库"
            form.cycle_id = self.cycle
        # the unit's clerk drafts none
        self.assertFalse(
            self.env["target.indicator.library"].with_user(self.users["unit_user"]).new().can_edit
        )

    def test_the_county_office_keeps_out_of_other_libraries(self):
        Library = self.env["target.indicator.library"].with_user(self.office_a)
        with self.assertRaises(AccessError):
            Library.create({"name": "越级指标库", "cycle_id": self.cycle.id})
        with self.assertRaises(AccessError):
            Library.create({"name": "越级指标库", "cycle_id": self.cycle_b.id})
        city_library, library_b = self.env["target.indicator.library"].create(
            [
                {"name": "2026年度指标库", "cycle_id": self.cycle.id},
                {"name": "乙县指标库", "cycle_id": self.cycle_b.id},
            ]
        )
        # it reads the city's (the frame of its year), never another county's
        self.assertEqual(Library.search([]), city_library)
        with self.assertRaises(AccessError):
            library_b.with_user(self.office_a).check_access("read")
        with self.assertRaises(AccessError):
            city_library.with_user(self.office_a).write({"indicator_ids": [(4, self.ind_air.id)]})
        with self.assertRaises(AccessError):
            city_library.with_user(self.office_a).action_consult()
        # it picks the city's indicators, it does not change them (its own: test_county_indicators)
        with self.assertRaises(AccessError):
            self.env["target.indicator"].with_user(self.office_a).create(
                {"name": "乡镇特色产业", "code": "TOWN", "owner_unit_id": False}
            )
        with self.assertRaises(AccessError):
            self.ind_gdp.with_user(self.office_a).write({"ratio_cap": 1.2})
        # 乙县's office keeps out of 甲县's
        mine = self.county_library()
        with self.assertRaises(AccessError):
            mine.with_user(self.office_b).write({"name": "改名"})

    def test_only_the_countys_units_comment_on_its_drafts(self):
        library = self.county_library()
        library.action_consult()
        self.assertTrue(library.with_user(self.town_user).can_comment)
        # 甲县's clerk comments on its own level's (the county is in its subtree) ...
        self.assertTrue(library.with_user(self.users["unit_user"]).can_comment)
        # ... 乙县's never
        clerk_b = new_test_user(
            self.env, login="ta_clerk_b", groups="target_assessment.group_unit_user"
        )
        clerk_b.target_unit_ids = self.county_b
        self.assertFalse(library.with_user(clerk_b).can_comment)
        with self.assertRaisesRegex(ValidationError, "not among the units"):
            self.env["target.scheme.comment"].with_user(clerk_b).create(
                {"library_id": library.id, "unit_id": self.county_b.id, "body": "越级意见"}
            )


@tagged("post_install", "-at_install")
class TestCountyOfficeInTheCitysCycle(CountyLevelMixin, ApprovalMixinCase, TargetCityCase):
    """In the city's cycle a county office is one of its county's users: it keeps the
    draft goals of its county as the county's clerk does, and no office power."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.city_goal_a = cls.city_goals.filtered(
            lambda g: g.unit_id == cls.county_a and g.indicator_id == cls.ind_gdp
        )

    def test_it_keeps_its_countys_draft_goals_as_the_clerk_does(self):
        office_a = self.office_a
        self.city_goal_a.with_user(office_a).write({"target_value": 110.0})
        self.env["target.goal"].with_user(office_a).create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "indicator_id": self.ind_air.id,
                "name": "甲县空气质量",
                "target_value": 90.0,
                "points": 5.0,
            }
        )
        # once the county's letter is submitted, no more than the clerk
        self.city_goal_a.plan_id.with_user(self.users["unit_user"]).action_submit()
        for user in (office_a, self.users["unit_user"]):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.city_goal_a.with_user(user).write({"target_value": 120.0})
        self.assertEqual(self.city_goal_a.target_value, 110.0)

    def test_it_has_no_office_power_in_the_citys_cycle(self):
        office_a = self.office_a
        Users = self.env["res.users"]
        self.assertFalse(office_a._target_office_of(self.cycle))
        self.assertFalse(office_a._target_office_of(self.city_goals))
        self.assertFalse(Users._target_local_offices(self.cycle))
        self.assertFalse(self.scheme_county.with_user(office_a).can_freeze)
        self.assertFalse(self.cycle.with_user(office_a)._workflow_allowed("decomposition"))
        # its county's letter to the city: approved by the county's leader, then the city
        # office; the county office is neither
        plan = self.city_goal_a.plan_id
        plan.with_user(self.users["unit_user"]).action_submit()
        self.assertEqual(self.pending_reviewers(plan), self.users["unit_leader"])
        with self.assertRaises(UserError):
            plan.with_user(office_a).validate_tier()
        self.approve(plan, "unit_leader")
        self.assertIn(self.users["office"], self.pending_reviewers(plan))
        self.assertNotIn(office_a, self.pending_reviewers(plan))
        with self.assertRaises(UserError):
            plan.with_user(office_a).validate_tier()
        self.assertFalse(plan.with_user(office_a).can_restart_validation)
        with self.assertRaises(AccessError):
            plan.with_user(office_a).restart_validation()
        # in its own cycle it is the office
        self.assertEqual(office_a._target_office_of(self.cycle_a), self.cycle_a)
        self.assertEqual(office_a._target_office_of(self.goal_a1), self.goal_a1)
