from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..demo_city.flow import put_schemes_in_force
from .common import ApprovalMixinCase, TargetCityCase


@tagged("post_install", "-at_install")
class TestDomainConstraints(ApprovalMixinCase, TargetCityCase):
    def test_cycle_dates(self):
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            self.cycle.write({"date_end": date(2025, 12, 31)})
        with self.assertRaisesRegex(ValidationError, "adjustment window ends before"):
            self.cycle.write(
                {"adjustment_start": date(2026, 8, 1), "adjustment_end": date(2026, 7, 1)}
            )
        with self.assertRaisesRegex(ValidationError, "lies outside the cycle"):
            self.cycle.write({"midyear_date": date(2027, 6, 30)})
        self.cycle.write({"midyear_date": date(2026, 6, 30)})

    def test_cycle_lights(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cycle.write({"light_yellow": 96.0, "light_green": 95.0})
        self.cycle.write({"light_yellow": 80.0, "light_green": 90.0})
        self.assertTrue(self.cycle.in_adjustment_window(date(2026, 7, 15)))
        self.assertFalse(self.cycle.in_adjustment_window(date(2026, 8, 1)))

    def test_scheme_weights_add_up(self):
        # the fixture's schemes are active: 40 + 50 + 10 = 100
        self.assertEqual(self.scheme_county.weight_sum, 100.0)
        with self.assertRaisesRegex(ValidationError, "add up to 105"):
            self.section(self.scheme_county, "key").weight = 45.0
        # a draft may be unbalanced while it is being built, not activated so
        scheme = self.env["target.scheme"].create(
            {
                "name": "草稿",
                "cycle_id": self.cycle.id,
                "category_id": self.env["target.unit.category"]
                .create({"name": "驻地", "code": "prov"})
                .id,
                "section_ids": [(0, 0, {"name": "A", "code": "a", "weight": 20.0})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "add up to 20"):
            put_schemes_in_force(scheme)
        scheme.section_ids.weight = 100.0
        put_schemes_in_force(scheme)
        self.assertEqual(scheme.state, "active")

    def test_scheme_unique_per_category(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["target.scheme"].create(
                {"name": "again", "cycle_id": self.cycle.id, "category_id": self.cat_county.id}
            )

    def test_unit_tree(self):
        self.assertEqual(self.town_a1.complete_name, "江陵市 / 甲县 / 一镇")
        with self.assertRaisesRegex(UserError, "Recursion|own ancestor"):
            self.city.parent_id = self.town_a1
        self.assertEqual(
            self.env["target.unit"].search([("id", "child_of", self.county_a.id)]),
            self.county_a | self.town_a1 | self.town_a2,
        )

    def test_goal_tree_has_no_cycles(self):
        parent = self.goal(self.county_a)
        child = self.goal(self.town_a1, parent=parent, target=100.0)
        # the parent path refuses it first (UserError), the constraint backs it up
        with self.assertRaisesRegex(UserError, "Recursion|decomposed into itself"):
            parent.parent_id = child

    def test_child_goal_must_be_below(self):
        parent = self.goal(self.county_a)
        with self.assertRaisesRegex(ValidationError, "belongs to a unit below"):
            self.goal(self.county_b, parent=parent)
        with self.assertRaisesRegex(ValidationError, "belongs to a unit below"):
            self.goal(self.county_a, parent=parent, name="same unit, no person")
        # a person of the same unit, and a unit below, are fine
        self.goal(self.county_a, parent=parent, employee_id=self.employee.id, target=10.0)
        self.goal(self.town_a1, parent=parent, target=90.0)
        self.assertEqual(parent.child_count, 2)

    def test_child_goal_same_cycle(self):
        parent = self.goal(self.county_a)
        other = self.env["target.cycle"].create(
            {
                "name": "2027",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        with self.assertRaisesRegex(ValidationError, "another cycle"):
            self.goal(self.town_a1, parent=parent, cycle_id=other.id)

    def test_goal_section_must_match_scheme(self):
        with self.assertRaisesRegex(ValidationError, "not part of the scheme"):
            self.goal(self.county_a, section_id=self.section(self.scheme_dept, "own").id)
        goal = self.goal(self.county_a, section_id=self.section(self.scheme_county, "quant").id)
        self.assertEqual(goal.section_id.weight, 50.0)

    def test_duplicate_goal_refused(self):
        self.goal(self.county_a, name="GDP")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.goal(self.county_a, name="GDP")
        # the same indicator for a person of the unit is another goal
        self.goal(self.county_a, name="GDP", employee_id=self.employee.id)

    def test_goals_join_their_unit_plan(self):
        g1 = self.goal(self.county_a)
        g2 = self.goal(self.county_a, indicator=self.ind_air, target=85.0)
        g3 = self.goal(self.county_b)
        self.assertTrue(g1.plan_id)
        self.assertEqual(g1.plan_id, g2.plan_id)
        self.assertNotEqual(g1.plan_id, g3.plan_id)
        self.assertEqual(g1.plan_id.goal_count, 2)
        self.assertEqual(g1.plan_id.total_points, 20.0)
        self.assertEqual(g1.plan_id.name, "甲县 – 2026年度")
        # the goal form's button opens its plan
        action = g1.action_open_plan()
        self.assertEqual((action["res_model"], action["res_id"]), ("target.plan", g1.plan_id.id))

    def test_plan_submission_enforces_coverage(self):
        parent = self.goal(self.county_a, target=100.0)
        self.goal(self.town_a1, parent=parent, target=60.0)
        plan = parent.plan_id
        self.assertEqual(plan.uncovered_count, 1)
        with self.assertRaisesRegex(
            UserError, r"(?s)not covered.*target 100.0, decomposed 60.0, gap 40.0"
        ):
            plan.action_submit()
        self.goal(self.town_a2, parent=parent, target=40.0)
        self.assertEqual(plan.uncovered_count, 0)
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")

    def test_empty_plan_cannot_be_submitted(self):
        plan = self.env["target.plan"].create(
            {"cycle_id": self.cycle.id, "unit_id": self.county_b.id}
        )
        with self.assertRaisesRegex(UserError, "has no goals"):
            plan.action_submit()

    def test_approved_goals_are_frozen(self):
        goal = self.goal(self.county_b)
        plan = goal.plan_id
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "through an adjustment"):
            goal.target_value = 120.0
        self.approve(plan, "office", "office", "leader")
        self.assertEqual(goal.state, "approved")
        with self.assertRaisesRegex(UserError, "through an adjustment"):
            goal.points = 5.0
        # reported actuals are not target-defining
        goal.write({"own_actual": 50.0, "own_actual_set": True})
        goal.with_context(target_apply_adjustment=True).target_value = 120.0
        self.assertEqual(goal.target_value, 120.0)

    def test_cycle_phases_move_forward(self):
        self.assertEqual(self.cycle.phase, "planning")
        self.cycle.with_user(self.users["office"]).action_next_phase()
        self.assertEqual(self.cycle.phase, "decomposition")
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.users["unit_leader"]).action_next_phase()
        self.cycle.phase = "closed"
        with self.assertRaisesRegex(UserError, "is closed"):
            self.cycle.action_next_phase()

    def test_goal_lock_follows_the_letter(self):
        goal = self.goal(self.county_b)
        self.assertFalse(goal.locked)
        goal.plan_id.action_submit()
        self.assertTrue(goal.locked)
