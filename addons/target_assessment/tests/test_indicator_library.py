"""The indicator library of a cycle (年度指标库, DESIGN §10, §12): governed as the schemes
are (target.governance.mixin): draft → open for comments → submitted to the leading
group → approved → in force; the assessed units comment; frozen for the year, its
indicators with it."""

import base64
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ApprovalMixinCase, TargetCityCase
from .test_goal_import import HEADER, xlsx

# every role of DESIGN §1 but the office's
NOT_OFFICE = ("unit_user", "unit_leader", "assessor", "inspector", "evaluator", "leader", "hr")


@tagged("post_install", "-at_install")
class TestIndicatorLibrary(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = cls.env["target.indicator.library"].create(
            {
                "name": "2026年度指标库",
                "cycle_id": cls.cycle.id,
                "indicator_ids": [Command.set((cls.ind_gdp | cls.ind_energy).ids)],
            }
        )

    def as_(self, role, record=None):
        return (record or self.library).with_user(self.users[role])

    def comment(self, role="unit_user", unit=None, body="建议能源消费总量改为强度指标。"):
        return (
            self.env["target.scheme.comment"]
            .with_user(self.users[role])
            .create(
                {
                    "library_id": self.library.id,
                    "unit_id": (unit or self.county_a).id,
                    "body": body,
                }
            )
        )

    def in_force(self):
        self.as_("office").action_consult()
        self.as_("office").action_submit()
        self.approve(self.library, "leader")
        self.as_("office").action_freeze()
        self.assertEqual(self.library.state, "active")

    def test_the_path_role_by_role(self):
        library = self.library
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_consult()
        self.as_("office").action_consult()
        self.assertEqual(
            (library.state, library.consulted_by_id), ("comments", self.users["office"])
        )
        # any assessed unit comments (not only a category's); the office answers
        self.assertTrue(self.as_("unit_user").can_comment)
        mine = self.comment()
        self.assertEqual((mine.cycle_id, mine.scheme_state), (self.cycle, "comments"))
        self.assertEqual(library.comment_count, 1)
        with self.assertRaisesRegex(UserError, "answer the comment"):
            self.as_("office").action_submit()
        self.as_("office", mine).write({"reply": "能源消费总量由省下达，暂不调整。"})
        self.as_("office", mine).action_adopt_partly()
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_submit()
        self.as_("office").action_submit()
        self.assertIn(self.users["leader"], self.pending_reviewers(library))
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.as_("office").write({"name": "改名"})
        with self.assertRaises(AccessError):
            self.as_("office")._workflow_move("approved")
        self.approve(library, "leader")
        self.assertEqual(library.state, "approved")
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_freeze()
        self.as_("office").action_freeze()
        self.assertEqual((library.state, library.frozen_by_id), ("active", self.users["office"]))

    def test_returned_by_the_leading_group(self):
        self.as_("office").action_consult()
        self.as_("office").action_submit()
        self.reject(self.library, "leader", "请补充营商环境指标。")
        self.assertEqual(self.library.state, "returned")
        self.assertIn("营商环境", self.library.return_reason)
        self.as_("office").write({"indicator_ids": [Command.link(self.ind_air.id)]})
        self.assertEqual(self.library.indicator_count, 3)

    def test_submission_needs_comments_and_indicators(self):
        with self.assertRaisesRegex(UserError, "not been published for comments"):
            self.as_("office").action_submit()
        self.as_("office").action_consult()
        self.as_("office").action_close_comments()
        self.as_("office").write({"indicator_ids": [Command.clear()]})
        with self.assertRaisesRegex(UserError, "lists no indicator"):
            self.as_("office").action_submit()

    def test_frozen_for_the_year_with_its_indicators(self):
        self.in_force()
        for role in ("office", "admin"):
            with self.subTest(role=role):
                with self.assertRaisesRegex(UserError, "no longer changes this year"):
                    self.ind_gdp.with_user(self.users[role]).write({"ratio_cap": 1.2})
                with self.assertRaisesRegex(UserError, "no longer changes this year"):
                    self.ind_gdp.with_user(self.users[role]).unlink()
                with self.assertRaisesRegex(UserError, "no longer changes"):
                    self.as_(role).write({"indicator_ids": [Command.link(self.ind_air.id)]})
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.ind_gdp.with_user(self.users[role]).write({"ratio_cap": 1.2})
        # an indicator outside the library changes; the chatter is never frozen
        self.ind_air.with_user(self.users["office"]).write({"ratio_cap": 1.2})
        self.ind_gdp.with_user(self.users["office"]).message_post(body="说明")
        # bands of a frozen indicator neither
        self.ind_energy.write(
            {
                "scoring_method": "bands",
                "band_ids": [Command.create({"min_completion": 100, "share": 100})],
            }
        )  # as superuser (code): not a user's change
        with self.assertRaisesRegex(UserError, "no longer changes this year"):
            self.env["target.indicator.band"].with_user(self.users["office"]).create(
                {"indicator_id": self.ind_energy.id, "min_completion": 80, "share": 60}
            )

        # an administrator reopens it with a reason: the indicators change again
        for role in ("office", "leader", "unit_user"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_reopen("调整")
        self.assertTrue(self.as_("admin").can_reopen)
        self.as_("admin").action_reopen("省里调整了GDP考核口径。")
        self.assertEqual(self.library.state, "returned")
        self.ind_gdp.with_user(self.users["office"]).write({"ratio_cap": 1.2})

    def test_a_closed_year_frees_its_indicators(self):
        self.in_force()
        self.cycle.phase = "closed"
        self.ind_gdp.with_user(self.users["office"]).write({"ratio_cap": 1.1})

    def test_nobody_writes_the_state_or_the_stamps(self):
        for role in ("office", "admin", "leader", "unit_user"):
            for field, value in (
                ("state", "active"),
                ("frozen_by_id", self.users[role].id),
                ("approved_on", "2026-01-01 00:00:00"),
            ):
                with self.subTest(role=role, field=field), self.assertRaises(AccessError):
                    self.as_(role).write({field: value})
        with self.assertRaises(AccessError):
            self.env["target.indicator.library"].with_user(self.users["office"]).create(
                {"name": "2027", "cycle_id": self.previous_or_next().id, "state": "active"}
            )
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["target.indicator.library"].with_user(self.users[role]).create(
                    {"name": "2027", "cycle_id": self.previous_or_next().id}
                )

    def test_comments(self):
        with self.assertRaisesRegex(UserError, "units comment only while it is open"):
            self.comment()
        self.as_("office").write({"comment_deadline": date(2026, 1, 10)})
        self.as_("office").action_consult()
        with self.assertRaisesRegex(UserError, "took comments until"):
            self.comment()
        self.library.sudo().comment_deadline = False
        # a unit that is not assessed does not comment; a user only for their own units
        with self.assertRaisesRegex(ValidationError, "not among the units"):
            self.comment("office", self.city)
        with self.assertRaises(AccessError):
            self.comment("unit_user", self.county_b).read(["body"])
        mine = self.comment()
        with self.assertRaises(AccessError):
            mine.with_user(self.users["assessor"]).read(["body"])
        # a comment is on one draft, not two
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            mine.sudo().write({"scheme_id": self.scheme_county.id})
            mine.env.flush_all()

    def previous_or_next(self):
        return self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )


@tagged("post_install", "-at_install")
class TestGoalsFromTheLibrary(ApprovalMixinCase, TargetCityCase):
    """Once the leading group approves a cycle's indicator library, the year's goals take
    their indicators from it; a cycle without an approved library takes any indicator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = cls.env["target.indicator.library"].create(
            {
                "name": "2026年度指标库",
                "cycle_id": cls.cycle.id,
                "indicator_ids": [Command.set((cls.ind_gdp | cls.ind_energy).ids)],
            }
        )
        cls.gdp_goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县地区生产总值",
                "target_value": 100.0,
                "points": 10.0,
            }
        )

    def approve_library(self, library=None):
        library = (library or self.library).with_user(self.users["office"])
        library.action_consult()
        library.action_submit()
        self.approve(library, "leader")
        self.assertEqual(library.state, "approved")
        return library

    def new_goal(self, indicator, user="office", **values):
        vals = {
            "cycle_id": self.cycle.id,
            "unit_id": self.county_a.id,
            "indicator_id": indicator.id,
            "name": f"甲县{indicator.name}",
            "target_value": 80.0,
            "points": 5.0,
        }
        vals.update(values)
        return self.env["target.goal"].with_user(self.users[user]).create(vals)

    def offered(self, cycle):
        """What the goal form's indicator picker offers a goal of ``cycle``."""
        return self.env["target.indicator"].search([("offered_cycle_id", "=", cycle.id)])

    def test_a_draft_library_restricts_nothing(self):
        self.assertIn(self.ind_air, self.offered(self.cycle))
        self.new_goal(self.ind_air)

    def test_goals_take_the_approved_librarys_indicators(self):
        self.approve_library()
        self.assertEqual(self.offered(self.cycle), self.ind_gdp | self.ind_energy)
        # allowed: an indicator of the library, by the office and by the unit's clerk
        self.new_goal(self.ind_energy)
        self.new_goal(self.ind_gdp, user="unit_user", name="甲县工业增加值")
        # refused: one outside it, created or changed to, whoever asks (code included)
        for user in ("office", "admin", "unit_user"):
            with self.subTest(user=user), self.assertRaises(ValidationError) as refused:
                self.new_goal(self.ind_air, user=user)
            message = str(refused.exception)
            self.assertIn(self.ind_air.display_name, message)
            self.assertIn("甲县空气质量优良天数比例", message)
            self.assertIn(self.library.display_name, message)
        with self.assertRaisesRegex(ValidationError, self.gdp_goal.ref):
            self.gdp_goal.with_user(self.users["office"]).indicator_id = self.ind_air
        with self.assertRaisesRegex(ValidationError, "not in"):
            self.gdp_goal.sudo().indicator_id = self.ind_air
        # in force, the same
        self.library.with_user(self.users["office"]).action_freeze()
        with self.assertRaisesRegex(ValidationError, "not in"):
            self.new_goal(self.ind_air)

    def test_the_refusal_is_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.approve_library()
        with self.assertRaises(ValidationError) as refused:
            self.env["target.goal"].with_user(self.users["unit_user"]).with_context(
                lang="zh_CN"
            ).create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "indicator_id": self.ind_air.id,
                    "name": "甲县空气质量",
                    "target_value": 80.0,
                }
            )
        message = str(refused.exception)
        self.assertIn("不在考核年度“2026年度”已审定的指标库“2026年度指标库”中", message)
        self.assertIn("甲县空气质量", message)
        self.assertIn(self.ind_air.display_name, message)

    def test_another_cycle_keeps_any_indicator(self):
        self.approve_library()
        cycle = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        goal = self.new_goal(self.ind_air, cycle_id=cycle.id)
        self.assertIn(self.ind_air, self.offered(cycle))
        # nor can a goal leave the restricted cycle for it with an outside indicator
        with self.assertRaisesRegex(ValidationError, "not in"):
            goal.write({"cycle_id": self.cycle.id})

    def test_the_library_covers_the_years_goals(self):
        air = self.new_goal(self.ind_air)
        library = self.library.with_user(self.users["office"])
        library.action_consult()
        with self.assertRaises(UserError) as refused:
            library.action_submit()
        self.assertRegex(str(refused.exception), "leaves out indicator .*AIR")
        self.assertIn(air.display_name, str(refused.exception))
        library.action_close_comments()
        library.write({"indicator_ids": [Command.link(self.ind_air.id)]})
        self.approve_library(library)
        # reopened, an indicator taken out again stops the freeze
        self.library.with_user(self.users["admin"]).action_reopen("补充指标")
        library.write({"indicator_ids": [Command.unlink(self.ind_air.id)]})
        library.action_consult()
        with self.assertRaisesRegex(UserError, "leaves out indicator"):
            library.action_submit()
        # a cancelled goal uses nothing
        air.sudo()._workflow_move("cancelled")
        library.action_submit()

    def test_a_sheet_names_the_rows_outside_the_library(self):
        self.approve_library()
        rows = [
            HEADER,
            ["S1", "", "ca", "", "ENERGY", "甲县能源消费", 10, "", 1, "", ""],
            ["S2", "", "ca", "", "AIR", "甲县空气质量", 80, "", 1, "", ""],
        ]
        wizard = self.env["target.goal.import.wizard"].create(
            {"cycle_id": self.cycle.id, "file": base64.b64encode(xlsx(rows)), "filename": "a.xlsx"}
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "errors")
        self.assertIn(
            "Row 3, column 指标编码: indicator AIR is not in the cycle's approved indicator "
            "library",
            wizard.error_text,
        )
        self.assertNotIn("Row 2", wizard.error_text)
        self.assertFalse(self.env["target.goal"].search([("ref", "in", ["S1", "S2"])]))

    def test_the_picker_offers_the_librarys_indicators(self):
        view = self.env.ref("target_assessment.target_goal_view_form")
        self.assertIn("('offered_cycle_id', '=', cycle_id)", view.arch)
        everything = self.env["target.indicator"].search([])
        # a new goal without a cycle yet: any
        self.assertEqual(
            self.env["target.indicator"].search([("offered_cycle_id", "=", False)]), everything
        )
        self.approve_library()
        self.assertEqual(self.offered(self.cycle), self.ind_gdp | self.ind_energy)
        # as the unit's clerk reads them
        picker = self.env["target.indicator"].with_user(self.users["unit_user"])
        self.assertEqual(
            picker.search([("offered_cycle_id", "=", self.cycle.id)]),
            self.ind_gdp | self.ind_energy,
        )


@tagged("post_install", "-at_install")
class TestSharedIndicators(ApprovalMixinCase, TargetCityCase):
    """An indicator in several years' libraries stays frozen while any of them holds it
    past its draft in an open year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.next_cycle = cls.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        Library = cls.env["target.indicator.library"]
        cls.this_year, cls.next_year = Library.create(
            [
                {
                    "name": "2026年度指标库",
                    "cycle_id": cls.cycle.id,
                    "indicator_ids": [Command.set((cls.ind_gdp | cls.ind_energy).ids)],
                },
                {
                    "name": "2027年度指标库",
                    "cycle_id": cls.next_cycle.id,
                    "indicator_ids": [Command.set((cls.ind_gdp | cls.ind_air).ids)],
                },
            ]
        )

    def in_force(self, library):
        library = library.with_user(self.users["office"])
        library.action_consult()
        library.action_submit()
        self.approve(library, "leader")
        library.action_freeze()

    def edit(self, indicator, role="office"):
        indicator.with_user(self.users[role]).write({"ratio_cap": 1.1})

    def test_frozen_while_any_year_holds_it(self):
        self.in_force(self.this_year)
        self.in_force(self.next_year)
        # 2026 reopened: GDP stays frozen by 2027's; energy (2026's only) changes
        self.this_year.with_user(self.users["admin"]).action_reopen("调整")
        with self.assertRaisesRegex(UserError, "2027年度指标库"):
            self.edit(self.ind_gdp)
        self.edit(self.ind_energy)
        # 2027 reopened too: GDP changes
        self.next_year.with_user(self.users["admin"]).action_reopen("调整")
        self.edit(self.ind_gdp)

    def test_a_draft_of_next_year_frees_nothing(self):
        self.in_force(self.this_year)
        for role in ("office", "admin"):
            with self.subTest(role=role), self.assertRaisesRegex(UserError, "2026年度指标库"):
                self.edit(self.ind_gdp, role)
        # AIR is in next year's draft only: it changes
        self.edit(self.ind_air)
        # the next year's library may take a frozen indicator (it is not changed by that)
        self.next_year.with_user(self.users["office"]).write(
            {"indicator_ids": [Command.link(self.ind_energy.id)]}
        )
        # this year closed: next year's draft holds nothing frozen
        self.cycle.phase = "closed"
        self.edit(self.ind_gdp)

    def test_translations_are_frozen_too(self):
        self.in_force(self.this_year)
        with self.assertRaisesRegex(UserError, "no longer changes this year"):
            self.ind_gdp.with_user(self.users["office"]).update_field_translations(
                "name", {"en_US": "GDP"}
            )
        self.ind_air.with_user(self.users["office"]).update_field_translations(
            "name", {"en_US": "Air quality"}
        )
