"""Publication applies the results to people: personnel results, grade rules, HR override."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_cycle_signoff import YearEndCase


class PersonnelCase(YearEndCase):
    """The three counties of :class:`YearEndCase` with their leadership teams.

    乙县 95 (excellent), 丙县 88 (good), 甲县 83 (good) in 2026. Teams:
    甲县 head_a (principal), deputy_a (deputy), member_a (member); 乙县 head_b
    (principal), deputy_b (deputy); 丙县 head_c (principal): six results.
    Person-level goals: deputy_b's scores 10 of 10, head_a's 5 of 10.

    The employees' manager chain: director (the user ``manager``) → head_a →
    deputy_a; the unit user is deputy_a's own user.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Employee = env["hr.employee"]
        cls.manager = new_test_user(env, login="ta_manager", name="TA manager")
        cls.director = Employee.create({"name": "周主任", "user_id": cls.manager.id})
        cls.head_a = Employee.create({"name": "甲县书记", "parent_id": cls.director.id})
        cls.deputy_a = Employee.create(
            {
                "name": "甲县副县长",
                "parent_id": cls.head_a.id,
                "user_id": cls.users["unit_user"].id,
            }
        )
        cls.member_a = Employee.create({"name": "甲县常委"})
        cls.head_b = Employee.create({"name": "乙县书记"})
        cls.deputy_b = Employee.create({"name": "乙县副县长"})
        cls.head_c = Employee.create({"name": "丙县书记"})
        env["target.unit.leader"].create(
            [
                {"unit_id": unit.id, "employee_id": person.id, "role": role, "title": title}
                for unit, person, role, title in (
                    (cls.county_a, cls.head_a, "principal", "县委书记"),
                    (cls.county_a, cls.deputy_a, "deputy", "副县长"),
                    (cls.county_a, cls.member_a, "member", "县委常委"),
                    (cls.county_b, cls.head_b, "principal", "县委书记"),
                    (cls.county_b, cls.deputy_b, "deputy", "副县长"),
                    (cls.county_c, cls.head_c, "principal", "县委书记"),
                )
            ]
        )
        quant = cls.section(cls.scheme_county, "quant")
        cls._goal(
            cls.county_b,
            cls.ind_energy,
            quant,
            10.0,
            100.0,
            actual=100.0,
            employee_id=cls.deputy_b.id,
            name="乙县副县长 能耗",
        )
        cls._goal(
            cls.county_a,
            cls.ind_gdp,
            quant,
            10.0,
            100.0,
            actual=50.0,
            employee_id=cls.head_a.id,
            name="甲县书记 GDP",
        )

    # -- the year's end ------------------------------------------------------------

    def publish(self):
        """From scoring to published (through sign-off and the publicity window)."""
        self.to_publicity()
        with freeze_time(date.today() + timedelta(days=10)):
            self.cycle.with_user(self.users["office"]).action_publish()
        self.assertEqual(self.cycle.phase, "published")

    def reopen_and_appeal(self, corrected_score=50.0):
        """An administrator reopens; 甲县's GDP appeal is accepted in the new publicity."""
        self.cycle.with_user(self.users["admin"])._reopen("复核甲县地区生产总值")
        self.to_publicity()
        appeal = self.appeal(self.county_a)
        office = self.users["office"]
        appeal.with_user(office).write(
            {"corrected_value": 100.0, "corrected_score": corrected_score}
        )
        appeal.with_user(office).action_accept()
        with freeze_time(date.today() + timedelta(days=10)):
            self.cycle.with_user(office).action_publish()

    def results(self, cycle=None):
        return self.env["target.personnel.result"].search(
            [("cycle_id", "=", (cycle or self.cycle).id)]
        )

    def result(self, employee, cycle=None):
        return self.results(cycle).filtered(lambda r: r.employee_id == employee)

    def policy(self, cycle=None, **values):
        policy = self.env["target.personnel.policy"]._for_cycles(cycle or self.cycle)[
            (cycle or self.cycle).id
        ]
        policy.write(values)
        return policy


@tagged("post_install", "-at_install")
class TestPersonnelResults(PersonnelCase):
    def test_publication_creates_a_result_per_leader(self):
        self.publish()
        results = self.results()
        self.assertEqual(len(results), 6)
        head_a = self.result(self.head_a)
        evaluation = self.evaluation(self.county_a)
        self.assertRecordValues(
            head_a,
            [
                {
                    "unit_id": self.county_a.id,
                    "role": "principal",
                    "title": "县委书记",
                    "category_id": self.cat_county.id,
                    "evaluation_id": evaluation.id,
                    "unit_score": 83.0,
                    "unit_rank": 3,
                    "unit_grade": "good",
                    "unit_vetoed": False,
                    "own_goal_count": 1,
                    "own_score": 5.0,
                    "own_points": 10.0,
                    "suggestion_changed": False,
                }
            ],
        )
        self.assertRecordValues(
            self.result(self.deputy_b),
            [{"unit_score": 95.0, "unit_rank": 1, "unit_grade": "excellent", "own_score": 10.0}],
        )
        self.assertEqual(self.result(self.member_a).own_goal_count, 0)
        self.assertTrue(all(r.published_on for r in results))
        # the default rules: 20 % of six leaders is one excellent, 乙县's deputy with
        # full own goals before 乙县's principal (same unit score, no own goals)
        suggested = {r.employee_id: (r.suggested_grade, r.suggestion_rule) for r in results}
        self.assertEqual(suggested[self.deputy_b], ("excellent", "unit"))
        for person in (self.head_b, self.head_c, self.head_a, self.deputy_a):
            self.assertEqual(suggested[person], ("competent", "quota"))
        # nobody outside the teams; the units' own scores are untouched by person goals
        self.assertFalse(results.filtered(lambda r: r.employee_id == self.director))
        self.assertEqual(self.evaluation(self.county_b).total, 95.0)

    def test_republication_updates_in_place_keeps_hr_grade_flags_changes(self):
        self.publish()
        before = self.results()
        deputy_b = self.result(self.deputy_b)
        hr = self.users["hr"]
        deputy_b.with_user(hr).write({"final_grade": "excellent", "hr_notes": "表现突出"})
        self.reopen_and_appeal()
        after = self.results()
        self.assertEqual(after, before)  # the same six records, none added
        # 甲县 98, first: its principal (own goals 50 %) takes the one excellent place
        head_a = self.result(self.head_a)
        self.assertRecordValues(
            head_a,
            [
                {
                    "unit_score": 98.0,
                    "unit_rank": 1,
                    "unit_grade": "excellent",
                    "suggested_grade": "excellent",
                    "previous_suggested_grade": "competent",
                    "suggestion_changed": True,
                }
            ],
        )
        self.assertRecordValues(
            deputy_b,
            [
                {
                    "unit_rank": 2,
                    "suggested_grade": "competent",
                    "previous_suggested_grade": "excellent",
                    "suggestion_changed": True,
                    "final_grade": "excellent",
                    "hr_notes": "表现突出",
                }
            ],
        )
        self.assertFalse(self.result(self.head_c).suggestion_changed)
        # HR reviews: the kept final grade now differs from the suggestion, so it needs a reason
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            deputy_b.with_user(hr).action_acknowledge()
        self.assertTrue(deputy_b.suggestion_changed)
        deputy_b.with_user(hr).write({"final_reason": "分管领域获省级表彰"})
        deputy_b.with_user(hr).action_acknowledge()
        self.assertFalse(deputy_b.suggestion_changed)
        head_a.with_user(hr).action_acknowledge()
        self.assertFalse(head_a.suggestion_changed)
        # applying once more changes nothing
        self.cycle._apply_results()
        self.assertEqual(self.results(), before)
        self.assertFalse(self.results().filtered("suggestion_changed"))

    def test_hr_override_needs_a_reason_when_it_differs(self):
        self.publish()
        hr = self.users["hr"]
        head_c = self.result(self.head_c).with_user(hr)
        self.assertEqual(head_c.suggested_grade, "competent")
        head_c.write({"final_grade": "competent"})  # the same: no reason needed
        self.assertEqual(head_c.grade, "competent")
        with self.assertRaisesRegex(ValidationError, "丙县书记.*differs from the suggested"):
            head_c.write({"final_grade": "excellent"})
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            head_c.write({"final_grade": "basic", "final_reason": "  "})
        self.assertEqual(head_c.final_grade, "competent")  # nothing half-written
        head_c.write({"final_grade": "excellent", "final_reason": "抗洪抢险表现突出"})
        self.assertEqual((head_c.final_grade, head_c.grade), ("excellent", "excellent"))
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            head_c.write({"final_reason": False})
        # the figures of the publication are not HR's to change
        with self.assertRaises(AccessError):
            head_c.write({"unit_score": 99.0})
        with self.assertRaises(AccessError):
            head_c.write({"suggested_grade": "excellent"})
        with self.assertRaises(AccessError):
            self.env["target.personnel.result"].with_user(hr).create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.director.id,
                    "unit_id": self.county_a.id,
                    "role": "member",
                }
            )

    def test_rule_unit_grade_caps_the_leaders(self):
        self.policy(excellent_quota=0.0, cap_good="competent")
        fail = self.env["target.veto.type"].create(
            {"name": "党风廉政", "code": "t_fail", "effect": "fail"}
        )
        self._veto(self.county_c, type_id=fail.id)
        self.publish()
        self.assertEqual(self.evaluation(self.county_c).grade, "fail")
        suggested = {r.employee_id: (r.suggested_grade, r.suggestion_rule) for r in self.results()}
        self.assertEqual(suggested[self.head_c], ("basic", "unit"))  # 不合格 → 基本称职
        self.assertEqual(suggested[self.head_a], ("competent", "unit"))  # 良好 → 称职 here
        self.assertEqual(suggested[self.head_b], ("excellent", "unit"))  # no quota
        self.assertEqual(suggested[self.deputy_b], ("excellent", "unit"))

    def test_rule_vetoed_units_principal_not_excellent(self):
        self.policy(excellent_quota=0.0)
        capped = self.env["target.veto.type"].create(
            {"name": "环境保护", "code": "t_env", "effect": "cap_grade", "max_grade": "good"}
        )
        self._veto(self.county_b, type_id=capped.id)
        self.publish()
        evaluation = self.evaluation(self.county_b)
        self.assertEqual((evaluation.vetoed, evaluation.grade), (True, "good"))
        head_b, deputy_b = self.result(self.head_b), self.result(self.deputy_b)
        self.assertTrue(head_b.unit_vetoed)
        self.assertEqual((head_b.suggested_grade, head_b.suggestion_rule), ("competent", "veto"))
        self.assertEqual(deputy_b.suggested_grade, "excellent")  # not the principal

    def test_rule_excellent_quota_and_rounding(self):
        # 50 % of six: three; 乙县 (95) both, then 丙县 (88)
        self.policy(excellent_quota=50.0)
        self.publish()
        excellent = self.results().filtered(lambda r: r.suggested_grade == "excellent")
        self.assertEqual(excellent.employee_id, self.deputy_b | self.head_b | self.head_c)
        # 40 % of six = 2.4: rounded up three, down two (then 丙县 is refused)
        self.policy(excellent_quota=40.0, quota_rounding="ceil")
        self.cycle._apply_results()
        self.assertEqual(len(self.results().filtered(lambda r: r.grade == "excellent")), 3)
        self.policy(excellent_quota=40.0, quota_rounding="floor")
        self.cycle._apply_results()
        excellent = self.results().filtered(lambda r: r.suggested_grade == "excellent")
        self.assertEqual(excellent.employee_id, self.deputy_b | self.head_b)
        self.assertEqual(self.result(self.head_c).suggestion_rule, "quota")
        self.assertTrue(self.result(self.head_c).suggestion_changed)

    def test_policy_copied_from_the_previous_cycle_and_checked(self):
        previous = self.policy(self.previous, excellent_quota=15.0, bonus_base=50000.0)
        current = self.policy()
        self.assertEqual((current.excellent_quota, current.bonus_base), (15.0, 50000.0))
        self.assertNotEqual(previous, current)
        with self.assertRaisesRegex(ValidationError, "lower coefficient"):
            current.write({"coefficient_pass": 1.5})
        with self.assertRaisesRegex(ValidationError, "cannot be capped lower"):
            current.write({"cap_excellent": "basic"})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100 \\(not 120.0\\)"):
            current.write({"excellent_quota": 120.0})
        with self.assertRaises(AccessError):
            current.with_user(self.users["office"]).write({"excellent_quota": 30.0})
        current.with_user(self.users["hr"]).write({"excellent_quota": 30.0})
        self.assertEqual(current.excellent_quota, 30.0)

    def test_publication_by_the_next_phase_button_applies_too(self):
        self.to_publicity()
        with freeze_time(date.today() + timedelta(days=10)):
            self.cycle.with_user(self.users["office"]).action_next_phase()
        self.assertEqual(self.cycle.phase, "published")
        self.assertEqual(len(self.results()), 6)
