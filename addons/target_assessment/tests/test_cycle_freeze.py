"""One freeze (DESIGN §12): a signed-off cycle's records change for nobody, in no way,
until an administrator reopens the cycle with a reason."""

from datetime import date

from odoo.exceptions import AccessError, UserError

from .common import TargetCityCase

FROZEN = "are approved"
# A scheme in force (and its sections) is frozen on its own as well, and an approved
# scheme is never deleted: for users those refusals come first; the cycle's freeze
# binds the code too (DESIGN §10).
SCHEME_FROZEN = f"{FROZEN}|it no longer changes|cannot be deleted"


class TestCycleFreeze(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cycle.action_generate_periods()
        cls.period = cls.cycle.period_ids[:1]
        cls.g = env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县 GDP",
                "target_value": 100.0,
                "points": 10.0,
            }
        )
        cls.milestone = env["target.goal.milestone"].create(
            {"goal_id": cls.g.id, "name": "上半年", "date": date(2026, 6, 30)}
        )
        cls.letter = cls.g.plan_id
        cls.section_key = cls.section(cls.scheme_county, "key")
        cls.result = env["target.personnel.result"].create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.employee.id,
                "unit_id": cls.county_a.id,
                "role": "principal",
                "suggested_grade": "competent",
            }
        )
        cls.bonus = env["target.bonus"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "policy_id": env["target.personnel.policy"]._for_cycles(cls.cycle)[cls.cycle.id].id,
            }
        )
        # last year: closed
        cls.last_year = env["target.cycle"].create(
            {
                "name": "2025年度",
                "year": 2025,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
            }
        )
        cls.last_year.phase = "closed"
        cls.cycle.phase = "publicity"

    def changes(self):
        """(what, record, values) a user writes on a cycle's records."""
        return [
            ("goal", self.g, {"target_value": 50.0}),
            ("milestone", self.milestone, {"expected_value": 10.0}),
            ("letter", self.letter, {"unit_id": self.county_b.id}),
            ("scheme", self.scheme_county, {"name": "改过的办法"}),
            ("section weight", self.section_key, {"weight": 45.0}),
            ("period", self.period, {"name": "改过的周期"}),
        ]

    def test_frozen_for_office_director_and_code_by_write_load_and_unlink(self):
        for role in ("office", "admin", None):
            for what, record, values in self.changes():
                as_user = record.with_user(self.users[role]) if role else record.sudo()
                frozen = SCHEME_FROZEN if record._name.startswith("target.scheme") else FROZEN
                with (
                    self.subTest(role=role, what=what, way="write"),
                    self.assertRaisesRegex(UserError, frozen),
                ):
                    as_user.write(values)
                with (
                    self.subTest(role=role, what=what, way="unlink"),
                    self.assertRaisesRegex(UserError, frozen),
                ):
                    as_user.unlink()
            with self.subTest(role=role, way="load"):
                Goal = self.env["target.goal"]
                Goal = Goal.with_user(self.users[role]) if role else Goal.sudo()
                ext = self.g.export_data(["id"])["datas"][0][0]
                result = Goal.load(["id", "target_value"], [[ext, "50"]])
                self.assertFalse(result["ids"], result["messages"])
                self.assertIn(FROZEN, result["messages"][0]["message"])
        self.assertEqual(self.g.target_value, 100.0)
        self.assertEqual(self.section_key.weight, 40.0)
        self.assertTrue(self.milestone.exists())

    def test_nothing_is_created_in_or_moved_into_a_frozen_cycle(self):
        office = self.users["office"]
        with self.assertRaisesRegex(UserError, FROZEN):
            self.env["target.goal"].with_user(office).create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_b.id,
                    "indicator_id": self.ind_gdp.id,
                    "name": "乙县 GDP",
                    "target_value": 100.0,
                    "points": 5.0,
                }
            )
        with self.assertRaisesRegex(UserError, FROZEN):
            self.env["target.goal.milestone"].with_user(office).create(
                {"goal_id": self.g.id, "name": "三季度", "date": date(2026, 9, 30)}
            )
        # a draft goal of an open cycle is not moved into last year's closed cycle
        open_cycle = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        mine = self.env["target.goal"].create(
            {
                "cycle_id": open_cycle.id,
                "unit_id": self.county_b.id,
                "indicator_id": self.ind_gdp.id,
                "name": "乙县 GDP 2027",
                "target_value": 100.0,
                "points": 5.0,
            }
        )
        with self.assertRaisesRegex(UserError, FROZEN):
            mine.with_user(office).write({"cycle_id": self.last_year.id})
        self.assertEqual(mine.cycle_id, open_cycle)

    def test_chatter_stays_open(self):
        self.g.with_user(self.users["office"]).message_post(body="公示期间的说明")
        self.assertIn("公示期间的说明", self.g.message_ids[0].body)

    def test_personnel_results_and_bonuses(self):
        admin, hr = self.users["admin"], self.users["hr"]
        with self.assertRaises(AccessError):
            self.result.with_user(admin).unlink()
        with self.assertRaises(AccessError):
            self.bonus.with_user(admin).unlink()
        # HR applies the results while they are published, not once the cycle is closed
        self.cycle.phase = "published"
        self.result.with_user(hr).write({"hr_notes": "已核对"})
        self.bonus.with_user(hr).write({"base_amount": 1000.0})
        self.cycle.phase = "closed"
        with self.assertRaisesRegex(UserError, FROZEN):
            self.result.with_user(hr).write({"hr_notes": "再改"})
        with self.assertRaisesRegex(UserError, FROZEN):
            self.bonus.with_user(hr).write({"base_amount": 2000.0})
        self.assertEqual(self.bonus.base_amount, 1000.0)

    def test_the_administrators_reopening_is_the_only_key(self):
        office, admin = self.users["office"], self.users["admin"]
        with self.assertRaises(AccessError):
            self.cycle.with_user(office)._reopen("改数据")
        with self.assertRaises(AccessError):
            self.cycle.with_user(office).write({"phase": "scoring"})
        self.cycle.with_user(admin)._reopen("统计数据更正")
        self.assertEqual(self.cycle.phase, "scoring")
        self.assertIn("统计数据更正", self.cycle.message_ids[0].body)
        self.g.with_user(office).write({"target_value": 90.0})
        self.assertEqual(self.g.target_value, 90.0)
