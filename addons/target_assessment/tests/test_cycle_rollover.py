"""A new year drafted from last year's (DESIGN §10): what it shows, what it creates,
run again without duplicates, refused before last year is published, the office only."""

from datetime import date

from odoo.exceptions import AccessError, UserError

from ..demo_city.flow import put_schemes_in_force
from .common import TargetCityCase


class TestCycleRollover(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cycle.write(
            {
                "midyear_date": date(2026, 6, 30),
                "report_frequency": "quarterly",
                "light_green": 90.0,
                "scoring_deadline": date(2027, 1, 20),
            }
        )
        cls.cycle.action_generate_periods()
        Goal = env["target.goal"]
        cls.city_gdp = cls._goal(cls.city, 300.0)
        cls.a_gdp = cls._goal(cls.county_a, 200.0, parent=cls.city_gdp, actual=190.0)
        cls.a1_gdp = cls._goal(cls.town_a1, 120.0, parent=cls.a_gdp)  # never reported
        cls.a1_gdp.baseline_value = 100.0
        cls.b_energy = cls._goal(cls.county_b, 50.0, indicator=cls.ind_energy, actual=45.0)
        cls.b_energy.deadline = date(2026, 10, 31)
        env["target.goal.milestone"].create(
            [
                {
                    "goal_id": cls.b_energy.id,
                    "name": "上半年",
                    "date": date(2026, 6, 30),
                    "share": 40.0,
                    "expected_value": 30.0,
                    "done": True,
                },
                {
                    "goal_id": cls.b_energy.id,
                    "name": "全年",
                    "date": date(2026, 12, 31),
                    "share": 60.0,
                    "expected_value": 50.0,
                    "done": True,
                },
            ]
        )
        # not drafted: a person's goal, a cancelled goal
        cls.person = cls._goal(cls.county_a, 10.0, parent=cls.a_gdp, employee_id=cls.employee.id)
        cls.cancelled = cls._goal(cls.county_b, 5.0, indicator=cls.ind_air, state="cancelled")
        cls.tie = cls.section(cls.scheme_county, "quant")
        cls.scheme_county.tie_break_section_id = cls.tie
        cls.rectification = env["target.rectification"].create(
            {"cycle_id": cls.cycle.id, "unit_id": cls.county_b.id, "name": "能耗数据不实"}
        )
        cls.Goal = Goal

    @classmethod
    def _goal(cls, unit, target, parent=None, indicator=None, actual=None, **values):
        indicator = indicator or cls.ind_gdp
        goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": unit.id,
                "indicator_id": indicator.id,
                "name": f"{unit.name}{indicator.name}",
                "target_value": target,
                "points": 10.0,
                "parent_id": parent.id if parent else False,
                **values,
            }
        )
        if actual is not None:
            goal.write({"own_actual": actual, "own_actual_set": True})
        return goal

    def wizard(self, role="office", **values):
        return (
            self.env["target.cycle.rollover"]
            .with_user(self.users[role])
            .create({"previous_cycle_id": self.cycle.id, **values})
        )

    def publish(self):
        self.cycle.phase = "published"

    def test_refused_before_last_year_is_published(self):
        wizard = self.wizard()
        with self.assertRaisesRegex(UserError, "not published yet"):
            wizard.action_create()
        self.assertFalse(
            self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        )

    def test_office_only(self):
        self.publish()
        for role in ("unit_user", "unit_leader", "leader", "hr", "assessor"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.wizard(role).action_create()
        self.assertFalse(
            self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        )

    def test_shows_then_creates_the_new_year(self):
        self.publish()
        wizard = self.wizard()
        self.assertEqual(wizard.year, 2027)
        self.assertIn("2027", wizard.name)
        self.assertFalse(wizard.cycle_id)
        self.assertEqual(wizard.scheme_count, 3)
        self.assertEqual(wizard.goal_count, 4)  # city, county A, town A1, county B
        self.assertEqual(wizard.milestone_count, 2)
        self.assertEqual(wizard.rectification_count, 1)
        self.assertIn("一镇", wizard.summary)

        wizard.action_create()
        new = self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        self.assertEqual(len(new), 1)
        self.assertEqual(
            (new.year, new.phase, new.date_start, new.date_end, new.midyear_date),
            (2027, "planning", date(2027, 1, 1), date(2027, 12, 31), date(2027, 6, 30)),
        )
        self.assertEqual((new.report_frequency, new.light_green), ("quarterly", 90.0))
        self.assertEqual(new.organizer_unit_id, self.cycle.organizer_unit_id)  # the same level
        self.assertEqual(new.scoring_deadline, date(2028, 1, 20))
        self.assertEqual(len(new.period_ids), 4)  # quarterly periods generated

        # schemes: drafts with the same sections and weights, the tie-break remapped
        county = new.scheme_ids.filtered(lambda s: s.category_id == self.cat_county)
        self.assertEqual(len(new.scheme_ids), 3)
        self.assertEqual(set(new.scheme_ids.mapped("state")), {"draft"})
        self.assertEqual(
            [(s.code, s.weight) for s in county.section_ids],
            [("key", 40.0), ("quant", 50.0), ("other", 10.0)],
        )
        self.assertEqual(county.tie_break_section_id.scheme_id, county)
        self.assertEqual(county.tie_break_section_id.code, "quant")

        # goals: the tree kept, last year's actual as the baseline, drafts in the new year
        goals = self.Goal.search([("cycle_id", "=", new.id)])
        by_previous = {goal.previous_goal_id: goal for goal in goals}
        self.assertEqual(set(by_previous), {self.city_gdp, self.a_gdp, self.a1_gdp, self.b_energy})
        city, a, a1 = by_previous[self.city_gdp], by_previous[self.a_gdp], by_previous[self.a1_gdp]
        self.assertEqual((a.parent_id, a1.parent_id), (city, a))
        # the city's actual is the roll-up of its counties' (190), not its own entry;
        # the town never reported: its baseline stays the one typed last year
        self.assertEqual(self.city_gdp.actual_value, 190.0)
        self.assertEqual(
            [(g.baseline_value, g.target_value, g.state) for g in (city, a, a1)],
            [(190.0, 300.0, "draft"), (190.0, 200.0, "draft"), (100.0, 120.0, "draft")],
        )
        self.assertEqual(a.plan_id.cycle_id, new)
        energy = by_previous[self.b_energy]
        self.assertEqual(energy.deadline, date(2027, 10, 31))
        self.assertEqual(
            [(m.name, m.date, m.share, m.done) for m in energy.milestone_ids],
            [("上半年", date(2027, 6, 30), 40.0, False), ("全年", date(2027, 12, 31), 60.0, False)],
        )
        self.assertFalse(goals.filtered("employee_id"))
        # last year is untouched
        self.assertEqual(self.a_gdp.actual_value, 190.0)
        self.assertEqual(len(self.b_energy.milestone_ids.filtered("done")), 2)

    def test_difficulty_settings_carried_over(self):
        self.scheme_county.write(
            {
                "difficulty_basis": "unit",
                "bonus_cut_per_goal": 5.0,
                "bonus_cut_max": 20.0,
                "unit_difficulty_ids": [
                    (0, 0, {"unit_id": self.county_b.id, "coefficient": 1.2, "reason": "任务较重"})
                ],
            }
        )
        self.a_gdp.difficulty = 1.3
        self.publish()
        self.wizard().action_create()
        new = self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        county = new.scheme_ids.filtered(lambda s: s.category_id == self.cat_county)
        self.assertRecordValues(
            county,
            [{"difficulty_basis": "unit", "bonus_cut_per_goal": 5.0, "bonus_cut_max": 20.0}],
        )
        self.assertRecordValues(
            county.unit_difficulty_ids,
            [
                {
                    "unit_id": self.county_b.id,
                    "coefficient": 1.2,
                    "reason": "任务较重",
                    "cycle_id": new.id,
                }
            ],
        )
        drafted = self.Goal.search([("previous_goal_id", "=", self.a_gdp.id)])
        self.assertEqual(drafted.difficulty, 1.3)
        self.assertEqual(self.scheme_county.unit_difficulty_ids.cycle_id, self.cycle)

    def test_the_indicator_library_carried_over_as_a_draft(self):
        library = self.env["target.indicator.library"].create(
            {
                "name": "2026年度指标库",
                "cycle_id": self.cycle.id,
                "indicator_ids": [(6, 0, (self.ind_gdp | self.ind_energy | self.ind_air).ids)],
            }
        )
        put_schemes_in_force(library, office=self.users["office"])
        self.publish()
        wizard = self.wizard()
        self.assertEqual(wizard.library_count, 1)
        wizard.action_create()
        new = self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        drafted = self.env["target.indicator.library"].search([("cycle_id", "=", new.id)])
        self.assertEqual(
            (drafted.name, drafted.state, drafted.indicator_ids),
            ("2027年度指标库", "draft", library.indicator_ids),
        )
        # a draft bounds nothing: the drafted goals keep their indicators; run again,
        # nothing more
        self.assertEqual(self.wizard().library_count, 0)
        self.wizard().action_create()
        self.assertEqual(
            self.env["target.indicator.library"].search_count([("cycle_id", "=", new.id)]), 1
        )

    def test_run_again_creates_only_what_is_missing(self):
        self.publish()
        self.wizard().action_create()
        new = self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])
        again = self.wizard()
        self.assertEqual(again.cycle_id, new)
        self.assertEqual((again.scheme_count, again.goal_count, again.milestone_count), (0, 0, 0))
        again.action_create()
        self.assertEqual(
            len(self.env["target.cycle"].search([("previous_cycle_id", "=", self.cycle.id)])), 1
        )
        self.assertEqual(self.Goal.search_count([("cycle_id", "=", new.id)]), 4)
        self.assertEqual(len(new.scheme_ids), 3)

        # a goal the office deleted from the draft comes back; the rest stays as edited
        goals = self.Goal.search([("cycle_id", "=", new.id)])
        energy = goals.filtered(lambda g: g.previous_goal_id == self.b_energy)
        county_a = goals.filtered(lambda g: g.previous_goal_id == self.a_gdp)
        county_a.with_user(self.users["office"]).target_value = 210.0
        energy.with_user(self.users["office"]).unlink()
        third = self.wizard()
        self.assertEqual(third.goal_count, 1)
        third.action_create()
        self.assertEqual(self.Goal.search_count([("cycle_id", "=", new.id)]), 4)
        self.assertEqual(county_a.target_value, 210.0)
