"""What a record belongs to (DESIGN §12): frozen once submitted, and no write moves
a record out of its writer's scope; inspectors never read their own unit's progress."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import TargetCityCase


class TestScopeIntegrity(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cycle.phase = "execution"
        cls.cycle.action_generate_periods()
        cls.periods = cls.cycle.period_ids.sorted("date_start")
        cls.clerk = cls.users["unit_user"]  # county A
        cls.clerk_b = new_test_user(
            env, login="ta_unit_b", groups="target_assessment.group_unit_user", name="乙县填报员"
        )
        cls.clerk_b.target_unit_ids = cls.county_b
        cls.goal_b = env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_b.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "乙县 GDP",
                "target_value": 100.0,
                "points": 10.0,
            }
        )
        cls.goal_b.sudo().write({"state": "approved"})

    def draft_goal(self, user=None):
        Goal = self.env["target.goal"].with_user(user or self.clerk)
        return Goal.create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.town_a1.id,
                "indicator_id": self.ind_gdp.id,
                "name": "一镇 GDP",
                "target_value": 50.0,
                "points": 5.0,
            }
        )

    def test_a_clerk_cannot_move_its_goal_out_of_its_scope(self):
        goal = self.draft_goal()
        with self.assertRaises(AccessError):
            goal.write({"unit_id": self.county_b.id})
        self.assertEqual(goal.unit_id, self.town_a1)
        # inside its own subtree, while a draft: allowed
        goal.write({"unit_id": self.town_a2.id})
        self.assertEqual(goal.unit_id, self.town_a2)
        with self.assertRaises(AccessError):
            self.env["target.goal"].with_user(self.clerk).create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_b.id,
                    "indicator_id": self.ind_gdp.id,
                    "name": "乙县另一项 GDP",
                    "target_value": 1.0,
                    "points": 1.0,
                }
            )

    def test_a_goal_does_not_move_into_a_signed_letter(self):
        signed_cycle = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        letter = self.env["target.plan"].create(
            {"cycle_id": signed_cycle.id, "unit_id": self.town_a1.id}
        )
        letter.sudo().write({"state": "signed"})
        goal = self.draft_goal()
        for role in ("unit_user", "office"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                goal.with_user(self.users[role]).write({"cycle_id": signed_cycle.id})
        self.assertEqual(goal.cycle_id, self.cycle)
        self.assertNotEqual(goal.plan_id, letter)
        # nor is one created in it
        with self.assertRaises(AccessError):
            self.env["target.goal"].with_user(self.users["office"]).create(
                {
                    "cycle_id": signed_cycle.id,
                    "unit_id": self.town_a1.id,
                    "indicator_id": self.ind_gdp.id,
                    "name": "一镇 GDP 2027",
                    "target_value": 1.0,
                    "points": 1.0,
                }
            )
        self.assertFalse(letter.goal_ids)

    def test_belongs_to_fields_freeze_once_submitted_for_the_office_too(self):
        goal = self.draft_goal()
        goal.plan_id.sudo().write({"state": "submitted"})
        for role in ("unit_user", "office"):
            with self.subTest(role=role), self.assertRaises(UserError):
                goal.with_user(self.users[role]).write({"unit_id": self.town_a2.id})
        self.assertEqual(goal.unit_id, self.town_a1)

    def test_progress_is_not_pointed_at_another_units_goal(self):
        mine = self.draft_goal()
        mine.sudo().write({"state": "approved"})
        progress = (
            self.env["target.progress"]
            .with_user(self.clerk)
            .create({"goal_id": mine.id, "period_id": self.periods[0].id, "value": 5.0})
        )
        with self.assertRaises(AccessError):
            progress.write({"goal_id": self.goal_b.id})
        self.assertEqual(progress.goal_id, mine)
        with self.assertRaises(AccessError):
            self.env["target.progress"].with_user(self.clerk).create(
                {"goal_id": self.goal_b.id, "period_id": self.periods[0].id, "value": 5.0}
            )
        # once submitted, not even its own goal or period changes
        progress.sudo().write({"state": "submitted"})
        with self.assertRaises(UserError):
            progress.with_user(self.users["office"]).write({"period_id": self.periods[1].id})

    def test_inspectors_read_the_progress_of_the_units_they_inspect_never_their_own(self):
        Progress = self.env["target.progress"]
        goal_env = self.env["target.goal"].create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.dept_env.id,
                "indicator_id": self.ind_air.id,
                "name": "环保局 空气质量",
                "target_value": 80.0,
                "points": 10.0,
            }
        )
        goal_a = self.draft_goal()
        (goal_a | goal_env).sudo().write({"state": "approved"})
        period = self.periods[0].id
        own, inspected, other = Progress.create(
            [
                {"goal_id": goal_env.id, "period_id": period, "value": 70.0},
                {"goal_id": self.goal_b.id, "period_id": period, "value": 5.0},
                {"goal_id": goal_a.id, "period_id": period, "value": 5.0},
            ]
        )
        every = own | inspected | other
        inspector = new_test_user(
            self.env, login="ta_insp_env", groups="target_assessment.group_inspector", name="督查员"
        )
        inspector.target_unit_ids = self.dept_env
        # in no inspection group yet: nothing, not even its own unit's reports
        self.assertFalse(Progress.with_user(inspector).search([("id", "in", every.ids)]))
        self.env["target.inspection"].create(
            {
                "name": "第一考核组",
                "cycle_id": self.cycle.id,
                "member_ids": [Command.set(inspector.ids)],
                "unit_ids": [Command.set(self.county_b.ids)],
            }
        )
        self.env.registry.clear_cache()
        self.assertEqual(Progress.with_user(inspector).search([("id", "in", every.ids)]), inspected)
        for report in (own, other):
            with self.assertRaises(AccessError):
                report.with_user(inspector).read(["value"])
