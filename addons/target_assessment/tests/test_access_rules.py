from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ApprovalMixinCase, TargetCityCase


@tagged("post_install", "-at_install")
class TestAccessRules(ApprovalMixinCase, TargetCityCase):
    """Roles × states on goals and letters (DESIGN.md §1 scoping)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.g_city = cls._goal(cls.city, 300.0)
        cls.g_a = cls._goal(cls.county_a, 200.0, cls.g_city)
        cls.g_b = cls._goal(cls.county_b, 100.0, cls.g_city)
        cls.g_a1 = cls._goal(cls.town_a1, 200.0, cls.g_a)
        cls.g_air_b = env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_b.id,
                "indicator_id": cls.ind_air.id,
                "name": "乙县空气",
                "target_value": 85.0,
                "points": 5.0,
            }
        )

    @classmethod
    def _goal(cls, unit, target, parent=None):
        return cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": unit.id,
                "indicator_id": cls.ind_gdp.id,
                "name": f"{unit.name} GDP",
                "target_value": target,
                "points": 10.0,
                "parent_id": parent.id if parent else False,
            }
        )

    def visible(self, role, model="target.goal"):
        return self.env[model].with_user(self.users[role]).search([])

    def test_unit_user_sees_own_subtree(self):
        goals = self.visible("unit_user")
        self.assertEqual(goals, self.g_a | self.g_a1)
        self.assertEqual(self.visible("unit_leader"), self.g_a | self.g_a1)
        with self.assertRaises(AccessError):
            self.g_b.with_user(self.users["unit_user"]).read(["name"])
        plans = self.visible("unit_user", "target.plan")
        self.assertEqual(plans.unit_id, self.county_a | self.town_a1)

    def test_unit_user_edits_drafts_only(self):
        as_user = self.g_a1.with_user(self.users["unit_user"])
        as_user.target_value = 210.0
        with self.assertRaises(AccessError):
            self.g_b.with_user(self.users["unit_user"]).target_value = 1.0
        self.g_a1.plan_id.with_user(self.users["unit_user"]).action_submit()
        self.assertEqual(self.g_a1.plan_id.state, "submitted")
        with self.assertRaises(UserError):  # frozen letter (an AccessError is a UserError too)
            as_user.target_value = 220.0
        with self.assertRaises(AccessError):
            as_user.unlink()
        # creating a goal for another county is refused
        with self.assertRaises(AccessError):
            self.env["target.goal"].with_user(self.users["unit_user"]).create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_b.id,
                    "indicator_id": self.ind_air.id,
                    "name": "越权",
                    "target_value": 80.0,
                    "points": 1.0,
                }
            )

    def test_unit_user_cannot_approve_or_configure(self):
        plan = self.g_a.plan_id.with_user(self.users["unit_user"])
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "waits for you"):  # not a reviewer
            plan.validate_tier()
        self.assertFalse(plan.can_review)
        self.assertFalse(self.g_a.plan_id.review_ids.filtered(lambda r: r.status == "approved"))
        for model, values in [
            ("target.cycle", {"name": "x"}),
            ("target.indicator", {"name": "x"}),
            ("target.unit", {"name": "x"}),
            ("target.scheme", {"name": "x"}),
        ]:
            record = self.env[model].search([], limit=1).with_user(self.users["unit_user"])
            with self.assertRaises(AccessError, msg=model):
                record.write(values)
            record.read(["name"])  # but reads it

    def test_assessor_reads_goals_of_own_indicators(self):
        goals = self.visible("assessor")
        # the statistics bureau owns GDP, not air quality
        self.assertEqual(goals, self.g_city | self.g_a | self.g_b | self.g_a1)
        with self.assertRaises(AccessError):
            self.g_a.with_user(self.users["assessor"]).target_value = 1.0
        with self.assertRaises(AccessError):
            self.visible("assessor", "target.plan")

    def test_leader_and_hr_read_all_write_nothing(self):
        everything = self.env["target.goal"].search([])
        for role in ("leader", "hr"):
            self.assertEqual(self.visible(role), everything, role)
            with self.assertRaises(AccessError, msg=role):
                self.g_a.with_user(self.users[role]).target_value = 1.0
            with self.assertRaises(AccessError, msg=role):
                self.g_a.plan_id.with_user(self.users[role]).action_submit()

    def test_inspector_and_evaluator_see_no_goals(self):
        # an inspector sees the goals of the units of their inspection groups: none here
        self.assertFalse(self.visible("inspector"))
        for role in ("evaluator", "employee"):
            with self.assertRaises(AccessError, msg=role):
                self.visible(role)

    def test_office_manages_everything(self):
        office = self.users["office"]
        self.assertEqual(self.visible("office"), self.env["target.goal"].search([]))
        self.g_b.with_user(office).target_value = 150.0
        plan = self.g_b.plan_id.with_user(office)
        plan.action_submit()
        # county B has no leader user: its first tier falls to the office
        self.approve(plan, "office", "office", "leader")
        self.assertEqual(self.g_b.state, "approved")
        with self.assertRaisesRegex(UserError, "through an adjustment"):
            self.g_b.with_user(office).target_value = 160.0
        self.env["target.indicator"].with_user(office).create({"name": "新指标", "code": "NEW"})
