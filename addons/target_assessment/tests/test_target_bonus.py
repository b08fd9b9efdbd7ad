"""Target bonuses (目标管理奖金): base amount × grade coefficient, kept across re-publication."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_personnel_results import PersonnelCase


@tagged("post_install", "-at_install")
class TestTargetBonus(PersonnelCase):
    def bonuses(self):
        return self.env["target.bonus"].search([("cycle_id", "=", self.cycle.id)])

    def bonus(self, unit):
        return self.bonuses().filtered(lambda b: b.unit_id == unit)

    def test_bonus_arithmetic_and_totals(self):
        self.policy(bonus_base=100000.0, coefficient_excellent=1.25, coefficient_pass=0.7)
        fail = self.env["target.veto.type"].create(
            {"name": "党风廉政", "code": "t_fail", "effect": "fail"}
        )
        self._veto(self.county_c, type_id=fail.id)
        self.publish()
        self.assertEqual(len(self.bonuses()), 3)
        self.assertRecordValues(
            self.bonus(self.county_b),
            [
                {
                    "grade": "excellent",
                    "base_amount": 100000.0,
                    "coefficient": 1.25,
                    "amount": 125000.0,
                }
            ],
        )
        self.assertRecordValues(
            self.bonus(self.county_a),
            [{"grade": "good", "coefficient": 1.0, "amount": 100000.0, "unit_rank": 3}],
        )
        self.assertRecordValues(
            self.bonus(self.county_c),
            [{"grade": "fail", "vetoed": True, "coefficient": 0.0, "amount": 0.0}],
        )
        # HR sets a unit's base; the list's totals are the sums of the column
        hr = self.users["hr"]
        self.bonus(self.county_a).with_user(hr).write({"base_amount": 80333.33})
        self.assertEqual(self.bonus(self.county_a).amount, 80333.33)
        Bonus = self.env["target.bonus"].with_user(hr)
        [(base, amount)] = Bonus._read_group(
            [("cycle_id", "=", self.cycle.id)], [], ["base_amount:sum", "amount:sum"]
        )
        self.assertAlmostEqual(base, 280333.33, places=2)
        self.assertAlmostEqual(amount, 205333.33, places=2)
        # a coefficient changed in the rules recomputes the cycle's bonuses
        self.policy(coefficient_good=0.95)
        self.assertEqual(self.bonus(self.county_a).amount, 76316.66)  # 76316.6635 half up
        with self.assertRaisesRegex(ValidationError, "甲县 in 2026年度: the base amount cannot"):
            self.bonus(self.county_a).with_user(hr).write({"base_amount": -1.0})
        with self.assertRaises(AccessError):
            self.bonus(self.county_a).with_user(hr).write({"coefficient": 2.0})
        with self.assertRaises(AccessError):
            self.bonus(self.county_a).with_user(self.users["leader"]).write({"base_amount": 1.0})
        self.assertEqual(
            len(self.env["target.bonus"].with_user(self.users["leader"]).search([])), 3
        )

    def test_republication_keeps_the_base_and_follows_the_grade(self):
        self.policy(bonus_base=100000.0)
        self.publish()
        before = self.bonuses()
        self.bonus(self.county_a).with_user(self.users["hr"]).write({"base_amount": 80000.0})
        self.assertEqual(self.bonus(self.county_a).amount, 80000.0)
        self.reopen_and_appeal()  # 甲县 becomes excellent, 乙县 good
        self.assertEqual(self.bonuses(), before)
        self.assertRecordValues(
            self.bonus(self.county_a),
            [{"grade": "excellent", "base_amount": 80000.0, "coefficient": 1.2, "amount": 96000.0}],
        )
        self.assertRecordValues(
            self.bonus(self.county_b), [{"grade": "good", "coefficient": 1.0, "amount": 100000.0}]
        )
