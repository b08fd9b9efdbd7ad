from odoo.tests import Form, tagged

from ..engine.rollup import aggregate, rollup
from ..wizards.target_goal_decompose_wizard import split_value
from .common import TargetCityCase


@tagged("post_install", "-at_install")
class TestCoverage(TargetCityCase):
    def test_additive_children_cover_parent(self):
        parent = self.goal(self.city, target=1000.0, points=0.0)
        self.goal(self.county_a, parent=parent, target=600.0)
        child_b = self.goal(self.county_b, parent=parent, target=350.0)
        # 600 + 350 = 950 < 1000: a gap of 50
        self.assertEqual(parent.decomposed_value, 950.0)
        self.assertEqual(parent.decomposition_gap, 50.0)
        self.assertFalse(parent.is_covered)
        # a 5 % tolerance accepts 950 (>= 1000 * 0.95)
        self.cycle.coverage_tolerance = 5.0
        self.assertTrue(parent.is_covered)
        self.cycle.coverage_tolerance = 0.0
        child_b.target_value = 420.0  # 1020 >= 1000: over-decomposition is fine
        self.assertTrue(parent.is_covered)
        self.assertEqual(parent.decomposition_gap, 0.0)

    def test_lower_is_better_is_a_ceiling(self):
        parent = self.goal(self.city, indicator=self.ind_energy, target=500.0)
        self.goal(self.county_a, indicator=self.ind_energy, parent=parent, target=300.0)
        child = self.goal(self.county_b, indicator=self.ind_energy, parent=parent, target=250.0)
        # 550 of energy handed out under a cap of 500: 50 too much
        self.assertFalse(parent.is_covered)
        self.assertEqual(parent.decomposition_gap, 50.0)
        child.target_value = 200.0
        self.assertTrue(parent.is_covered)

    def test_non_additive_and_other_indicators_do_not_count(self):
        parent = self.goal(self.city, indicator=self.ind_air, target=90.0)
        self.goal(self.county_a, indicator=self.ind_air, parent=parent, target=10.0)
        self.assertTrue(parent.is_covered)  # averages are not split
        gdp = self.goal(self.city, target=100.0)
        self.goal(self.county_a, indicator=self.ind_air, parent=gdp, target=100.0, name="sub-task")
        self.assertEqual(gdp.decomposed_value, 0.0)
        self.assertTrue(gdp.is_covered)
        self.goal(self.county_b, parent=gdp, target=40.0)
        self.assertEqual(gdp.decomposed_value, 40.0)
        self.assertFalse(gdp.is_covered)

    def test_cancelled_children_do_not_cover(self):
        parent = self.goal(self.city, target=100.0)
        self.goal(self.county_a, parent=parent, target=60.0)
        child = self.goal(self.county_b, parent=parent, target=40.0)
        self.assertTrue(parent.is_covered)
        child.state = "cancelled"
        self.assertFalse(parent.is_covered)
        self.assertEqual(parent.decomposition_gap, 40.0)


@tagged("post_install", "-at_install")
class TestRollUp(TargetCityCase):
    def report(self, goal, value):
        goal.write({"own_actual": value, "own_actual_set": True})

    def test_sum_through_three_levels(self):
        city = self.goal(self.city, target=300.0)
        a = self.goal(self.county_a, parent=city, target=200.0)
        b = self.goal(self.county_b, parent=city, target=100.0)
        a1 = self.goal(self.town_a1, parent=a, target=120.0)
        a2 = self.goal(self.town_a2, parent=a, target=80.0)
        self.assertFalse(city.has_actual)
        self.report(a1, 70.0)
        self.report(a2, 50.0)
        self.report(b, 40.0)
        # a = 70 + 50 = 120; city = 120 + 40 = 160
        self.assertEqual(a.actual_value, 120.0)
        self.assertEqual(city.actual_value, 160.0)
        self.assertAlmostEqual(city.completion, 160.0 / 300.0 * 100)
        # the county's own report is overridden by its children's roll-up
        self.report(a, 999.0)
        self.assertEqual(a.actual_value, 120.0)
        self.report(a2, 60.0)
        self.assertEqual(city.actual_value, 170.0)

    def test_average_ignores_unreported(self):
        city = self.goal(self.city, indicator=self.ind_air, target=90.0)
        a = self.goal(self.county_a, indicator=self.ind_air, parent=city, target=90.0)
        b = self.goal(self.county_b, indicator=self.ind_air, parent=city, target=90.0)
        self.report(a, 80.0)
        self.assertEqual(city.actual_value, 80.0)
        self.report(b, 90.0)
        self.assertEqual(city.actual_value, 85.0)
        # min and max follow the indicator's aggregation
        self.ind_air.aggregation = "min"
        self.assertEqual(city.actual_value, 80.0)
        self.ind_air.aggregation = "max"
        self.assertEqual(city.actual_value, 90.0)
        self.ind_air.aggregation = "none"
        self.assertFalse(city.has_actual)
        self.report(city, 88.0)
        self.assertEqual(city.actual_value, 88.0)

    def test_lower_is_better_completion(self):
        goal = self.goal(self.county_a, indicator=self.ind_energy, target=200.0)
        self.report(goal, 250.0)
        # c = target / actual = 200 / 250 = 80 %
        self.assertAlmostEqual(goal.completion, 80.0)

    def test_engine_aggregate_and_rollup(self):
        self.assertIsNone(aggregate([None, None], "sum"))
        self.assertEqual(aggregate([1, None, 3], "avg"), 2)
        self.assertIsNone(aggregate([1, 2], "none"))
        with self.assertRaises(ValueError):
            aggregate([1], "median")
        # r ← a ← (a1, a2); r ← b
        parents = {"r": None, "a": "r", "b": "r", "a1": "a", "a2": "a"}
        own = {"a1": 2.0, "a2": 3.0, "b": 5.0, "a": 100.0, "r": 7.0}
        how = {"r": "sum", "a": "sum"}
        self.assertEqual(
            rollup(parents, own, how), {"r": 10.0, "a": 5.0, "b": 5.0, "a1": 2.0, "a2": 3.0}
        )
        self.assertEqual(rollup(parents, own, {"r": "max", "a": "none"})["r"], 100.0)
        # deep chains do not hit the recursion limit
        chain = {i: (i - 1 if i else None) for i in range(5000)}
        values = rollup(chain, {4999: 1.0}, dict.fromkeys(range(5000), "sum"))
        self.assertEqual(values[0], 1.0)


@tagged("post_install", "-at_install")
class TestDecomposeWizard(TargetCityCase):
    def test_split_value_adds_up(self):
        self.assertEqual(split_value(100.0, [1, 1, 1]), [33.3333, 33.3333, 33.3334])
        self.assertEqual(split_value(10.0, [3, 1]), [7.5, 2.5])
        self.assertEqual(split_value(10.0, []), [])
        self.assertEqual(split_value(10.0, [0, 0]), [])

    def open(self, goal, user=None):
        wizard = self.env["target.goal.decompose.wizard"].with_context(default_parent_id=goal.id)
        return Form(wizard.with_user(user) if user else wizard)

    def test_even_split_to_units(self):
        parent = self.goal(
            self.county_a,
            target=100.0,
            points=8.0,
            section_id=self.section(self.scheme_county, "quant").id,
        )
        with self.open(parent) as form:
            form.unit_ids.add(self.town_a1)
            form.unit_ids.add(self.town_a2)
            self.assertEqual(form.total, 100.0)
            self.assertEqual(form.gap, 0.0)
        form.record.action_decompose()
        children = parent.child_ids.sorted("unit_id")
        self.assertEqual(children.mapped("target_value"), [50.0, 50.0])
        self.assertEqual(children.mapped("points"), [8.0, 8.0])
        # the township scheme's section with the same code
        self.assertEqual(children.section_id, self.section(self.scheme_town, "quant"))
        self.assertTrue(parent.is_covered)

    def test_share_and_manual_split(self):
        parent = self.goal(self.county_a, target=90.0)
        with self.open(parent) as form:
            form.split = "share"
            form.unit_ids.add(self.town_a1)
            form.unit_ids.add(self.town_a2)
            with form.line_ids.edit(0) as line:
                line.share = 2.0
            # shares 2 : 1 of 90 = 60 + 30
            self.assertEqual(form.total, 90.0)
        form.record.action_decompose()
        self.assertEqual(sorted(parent.child_ids.mapped("target_value")), [30.0, 60.0])

        other = self.goal(self.county_a, indicator=self.ind_air, target=90.0)
        with self.open(other) as form:
            form.split = "manual"
            form.employee_ids.add(self.env["hr.employee.public"].browse(self.employee.id))
            with form.line_ids.edit(0) as line:
                line.value = 95.0
        form.record.action_decompose()
        self.assertEqual(other.child_ids.employee_id, self.employee)
        self.assertEqual(other.child_ids.target_value, 95.0)
        self.assertEqual(other.child_ids.unit_id, self.county_a)

    def test_unit_user_decomposes_own_subtree_only(self):
        parent = self.goal(self.county_a, target=10.0)
        with self.open(parent, self.users["unit_user"]) as form:
            form.unit_ids.add(self.town_a1)
        form.record.action_decompose()
        self.assertEqual(parent.child_ids.unit_id, self.town_a1)
        # a unit that is not below the goal's unit is refused by the goal's rule
        with self.open(parent) as form:
            form.unit_ids.add(self.county_b)
        with self.assertRaisesRegex(Exception, "belongs to a unit below"):
            form.record.action_decompose()
