from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ApprovalMixinCase, TargetCityCase
from .test_office_levels import CountyLevelMixin


@tagged("post_install", "-at_install")
class TestCountyIndicators(CountyLevelMixin, ApprovalMixinCase, TargetCityCase):
    """A county's own indicators (DESIGN §10): 甲县's office defines indicators for its
    townships beside the city's catalogue, keeps them, and offers them in its own
    cycle's library; it reads the city's and never 乙县's, changes neither; the city's
    cycle and 乙县's take none of 甲县's; the city office reads and keeps them all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ind_town = (
            cls.env["target.indicator"]
            .with_user(cls.office_a)
            .create(
                {
                    "name": "农村人居环境整治",
                    "code": "A-RURAL",
                    "kind": "task",
                    "assessor_unit_id": cls.county_a.id,
                }
            )
        )
        cls.ind_b = (
            cls.env["target.indicator"]
            .with_user(cls.office_b)
            .create({"name": "乙县特色产业增加值", "code": "B-INDUSTRY", "uom": "亿元"})
        )
        # the city office's indicator defined by the top unit: the city's catalogue too
        cls.ind_city_own = (
            cls.env["target.indicator"]
            .with_user(cls.users["office"])
            .create({"name": "营商环境评价", "code": "BIZ", "owner_unit_id": cls.city.id})
        )

    def library(self, cycle, indicators, user=None):
        return (
            self.env["target.indicator.library"]
            .with_user(user or self.users["office"])
            .create(
                {
                    "name": f"{cycle.name}指标库",
                    "cycle_id": cycle.id,
                    "indicator_ids": [(6, 0, indicators.ids)],
                }
            )
        )

    def town_goal(self, indicator, user=None):
        return (
            self.env["target.goal"]
            .with_user(user or self.office_a)
            .create(
                {
                    "cycle_id": self.cycle_a.id,
                    "unit_id": self.town_a1.id,
                    "indicator_id": indicator.id,
                    "name": f"一镇{indicator.name}",
                    "target_value": 1.0,
                    "points": 10.0,
                    "section_id": self.section(self.scheme_a, "key").id,
                }
            )
        )

    # -- defining ----------------------------------------------------------------

    def test_the_county_office_defines_its_own(self):
        with Form(self.env["target.indicator"].with_user(self.office_a)) as form:
            self.assertEqual(form.owner_unit_id, self.county_a)  # its level, by default
            form.name = "乡村振兴示范村创建"
            form.code = "A-VILLAGE"
            form.uom = "个"
            form.scoring_method = "bands"
            with form.band_ids.new() as band:
                band.min_completion = 100.0
                band.share = 100.0
        indicator = form.record
        self.assertEqual(indicator.owner_unit_id, self.county_a)
        self.assertEqual(len(indicator.band_ids), 1)
        # it keeps it, its bands and its township level's
        indicator.with_user(self.office_a).write({"ratio_cap": 1.2, "name": "示范村创建"})
        indicator.band_ids.with_user(self.office_a).share = 90.0
        indicator.with_user(self.office_a).owner_unit_id = self.town_a1
        indicator.with_user(self.office_a).owner_unit_id = self.county_a
        # the city office's indicators stay the city's
        city_indicator = (
            self.env["target.indicator"]
            .with_user(self.users["office"])
            .create({"name": "财政收入", "code": "REVENUE"})
        )
        self.assertFalse(city_indicator.owner_unit_id)
        indicator.with_user(self.office_a).unlink()
        self.assertFalse(indicator.exists())

    def test_it_defines_no_other_levels(self):
        Indicator = self.env["target.indicator"].with_user(self.office_a)
        for owner in (self.county_b, self.city, self.dept_stats, self.env["target.unit"]):
            with self.subTest(owner=owner.name), self.assertRaises(AccessError):
                Indicator.create({"name": "越级指标", "code": "X1", "owner_unit_id": owner.id})
            with self.subTest(owner=owner.name), self.assertRaises(AccessError):
                self.ind_town.with_user(self.office_a).owner_unit_id = owner
        self.assertEqual(self.ind_town.owner_unit_id, self.county_a)

    def test_it_changes_no_other_levels(self):
        office_a = self.office_a
        for indicator in (self.ind_gdp, self.ind_city_own, self.ind_b):
            with self.subTest(indicator=indicator.code):
                with self.assertRaises(AccessError):
                    indicator.with_user(office_a).write({"name": "改名"})
                with self.assertRaises(AccessError):
                    indicator.with_user(office_a).unlink()
                with self.assertRaises(AccessError):
                    self.env["target.indicator.band"].with_user(office_a).create(
                        {"indicator_id": indicator.id, "min_completion": 0.0, "share": 0.0}
                    )
        # nor does 乙县's office change 甲县's
        with self.assertRaises(AccessError):
            self.ind_town.with_user(self.office_b).write({"name": "改名"})

    def test_it_reads_the_city_and_its_own_never_another_countys(self):
        office_a = self.office_a
        # a county office is a unit leader, assessor, inspector and evaluator too: none of
        # these roles widens what it reads of the catalogue
        for role in ("unit_user", "unit_leader", "assessor", "inspector", "evaluator"):
            self.assertTrue(office_a._target_has_role(role), role)
        readable = self.env["target.indicator"].with_user(office_a).search([])
        self.assertEqual(
            readable,
            self.ind_gdp | self.ind_energy | self.ind_air | self.ind_city_own | self.ind_town,
        )
        with self.assertRaises(AccessError):
            self.ind_b.with_user(office_a).check_access("read")
        with self.assertRaises(AccessError):
            self.ind_b.with_user(office_a).read(["name"])
        self.assertEqual(
            self.env["target.indicator"].with_user(self.office_b).search([("code", "like", "-")]),
            self.ind_b,
        )
        # a township's indicator of 甲县: its office reads and keeps it, 乙县's does not
        town_level = self.env["target.indicator"].create(
            {"name": "一镇特色指标", "code": "A1-OWN", "owner_unit_id": self.town_a1.id}
        )
        town_level.with_user(office_a).write({"uom": "个"})
        with self.assertRaises(AccessError):
            town_level.with_user(self.office_b).check_access("read")

    def test_the_city_office_reads_and_keeps_all(self):
        office = self.users["office"]
        Indicator = self.env["target.indicator"].with_user(office)
        self.assertLessEqual(self.ind_town | self.ind_b | self.ind_city_own, Indicator.search([]))
        self.ind_b.with_user(office).write({"name": "乙县特色产业", "ratio_cap": 1.1})
        self.ind_town.with_user(office).owner_unit_id = self.county_b
        self.ind_town.with_user(office).owner_unit_id = False
        self.assertFalse(self.ind_town.owner_unit_id)
        Indicator.create({"name": "乙县新指标", "code": "B-NEW", "owner_unit_id": self.county_b.id})
        # the leaders read them too
        leader = self.env["target.indicator"].with_user(self.users["leader"])
        self.assertIn(self.ind_b, leader.search([]))

    def test_the_code_stays_unique_across_levels(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["target.indicator"].with_user(self.office_a).create(
                {"name": "甲县地区生产总值", "code": "GDP"}
            )

    # -- using -----------------------------------------------------------------------

    def test_its_library_and_goals_take_it(self):
        library = self.library(self.cycle_a, self.ind_gdp | self.ind_town, self.office_a)
        library.write({"indicator_ids": [(4, self.ind_city_own.id)]})
        goal = self.town_goal(self.ind_town)
        self.assertEqual(goal.indicator_id, self.ind_town)
        # picked from the library, in force once approved: frozen like the city's
        library.action_consult()
        library.action_submit()
        self.assertEqual(library.state, "submitted")
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.ind_town.with_user(self.office_a).write({"name": "改名"})
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.ind_town.with_user(self.office_a).unlink()
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.ind_town.with_user(self.users["office"]).write({"ratio_cap": 1.2})
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.ind_town.with_user(self.office_a).update_field_translations(
                "name", {"en_US": "Rural living environment"}
            )

    def test_the_city_library_refuses_it(self):
        with self.assertRaisesRegex(
            ValidationError, "A-RURAL.*2026年度指标库|2026年度指标库.*A-RURAL"
        ):
            self.library(self.cycle, self.ind_gdp | self.ind_town)
        library = self.library(self.cycle, self.ind_gdp | self.ind_city_own)
        with self.assertRaisesRegex(ValidationError, "甲县"):
            library.write({"indicator_ids": [(4, self.ind_town.id)]})
        # nor do the city's goals take it, library or not
        with self.assertRaisesRegex(ValidationError, "A-RURAL"):
            self.goal(self.county_a, self.ind_town)

    def test_another_countys_library_refuses_it(self):
        with self.assertRaisesRegex(ValidationError, "A-RURAL"):
            self.library(self.cycle_b, self.ind_gdp | self.ind_town)
        with self.assertRaisesRegex(ValidationError, "B-INDUSTRY"):
            self.library(self.cycle_a, self.ind_b)
        with self.assertRaises(AccessError):  # 甲县's office does not even see it
            self.library(self.cycle_a, self.ind_b, self.office_a)
        library = self.library(self.cycle_b, self.ind_gdp | self.ind_b)
        # a county indicator handed to another county leaves no library holding it behind
        with self.assertRaisesRegex(ValidationError, "B-INDUSTRY"):
            self.ind_b.with_user(self.users["office"]).owner_unit_id = self.county_a
        self.assertEqual(library.indicator_ids, self.ind_gdp | self.ind_b)

    def test_the_picker_offers_the_levels_indicators(self):
        def offered(cycle, user):
            Indicator = self.env["target.indicator"].with_user(user)
            return Indicator.search([("offered_cycle_id", "=", cycle.id)])

        # without a library: the city's catalogue and the level's own
        city = self.ind_gdp | self.ind_energy | self.ind_air | self.ind_city_own
        self.assertEqual(offered(self.cycle_a, self.office_a), city | self.ind_town)
        self.assertEqual(offered(self.cycle, self.users["office"]), city)
        self.assertEqual(offered(self.cycle_b, self.users["office"]), city | self.ind_b)

    def test_the_refusal_is_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["target_assessment"], ["zh_CN"])
        Library = self.env["target.indicator.library"].with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as refused:
            Library.create(
                {
                    "name": "乙县指标库",
                    "cycle_id": self.cycle_b.id,
                    "indicator_ids": self.ind_town.ids,
                }
            )
        message = str(refused.exception)
        self.assertIn("乙县指标库", message)
        self.assertIn(self.ind_town.display_name, message)
        self.assertNotRegex(message.replace(self.ind_town.code, ""), "[A-Za-z]{3,}")
