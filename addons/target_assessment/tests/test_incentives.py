"""Rewards and penalties (奖惩): proposed by the office's rules at publication, decided by HR."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_personnel_results import PersonnelCase


@tagged("post_install", "-at_install")
class TestIncentives(PersonnelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commendation = cls.env.ref("target_assessment.target_incentive_type_commendation")
        cls.admonition = cls.env.ref("target_assessment.target_incentive_type_admonition")
        cls.accountability = cls.env.ref("target_assessment.target_incentive_type_accountability")

    def incentives(self):
        return self.env["target.incentive"].search([("cycle_id", "=", self.cycle.id)])

    def proposals(self):
        return {
            (i.type_id, i.unit_id, i.employee_id, i.state) for i in self.incentives() if i.rule_id
        }

    def test_publication_proposes_by_the_rules(self):
        fail = self.env["target.veto.type"].create(
            {"name": "党风廉政", "code": "t_fail", "effect": "fail"}
        )
        self._veto(self.county_c, type_id=fail.id)
        self.env["target.incentive.rule"].with_user(self.users["office"]).create(
            {
                "name": "一票否决：问责班子成员",
                "unit_grade": "fail",
                "vetoed_only": True,
                "recipient": "leaders",
                "type_id": self.accountability.id,
                "measure": "启动问责程序",
            }
        )
        self.publish()
        employee = self.env["hr.employee"]
        self.assertEqual(
            self.proposals(),
            {
                (self.commendation, self.county_b, employee, "proposed"),
                (self.admonition, self.county_c, self.head_c, "proposed"),
                (self.accountability, self.county_c, self.head_c, "proposed"),
            },
        )
        accountability = self.incentives().filtered(lambda i: i.type_id == self.accountability)
        self.assertEqual(accountability.measure, "启动问责程序")
        self.assertEqual(accountability.kind, "penalty")
        # the principal's history shows both
        self.assertEqual(
            self.result(self.head_c).incentive_summary, "Admonition talk; Accountability"
        )

    def test_republication_is_idempotent_and_withdraws_what_no_longer_applies(self):
        self.publish()
        praise_b = self.incentives().filtered(lambda i: i.unit_id == self.county_b)
        self.assertEqual(len(praise_b), 1)
        self.cycle._apply_results()
        self.assertEqual(self.incentives(), praise_b)  # nothing added
        hr = self.users["hr"]
        praise_b.with_user(hr).write(
            {"decision_date": date(2027, 2, 1), "decision_number": "组通〔2027〕3号"}
        )
        praise_b.with_user(hr).action_confirm()
        self.reopen_and_appeal()  # 甲县 excellent, 乙县 good
        praise_a = self.incentives().filtered(lambda i: i.unit_id == self.county_a)
        self.assertEqual((praise_a.type_id, praise_a.state), (self.commendation, "proposed"))
        # confirmed: kept and flagged, not withdrawn
        self.assertEqual((praise_b.state, praise_b.outdated), ("confirmed", True))
        self.assertEqual(len(self.incentives()), 2)

    def test_unconfirmed_proposal_is_withdrawn(self):
        self.publish()
        self.assertTrue(self.incentives().filtered(lambda i: i.unit_id == self.county_b))
        self.reopen_and_appeal()
        self.assertEqual(self.incentives().unit_id, self.county_a)

    def test_hr_decides(self):
        self.publish()
        hr = self.users["hr"]
        praise = self.incentives().with_user(hr)
        with self.assertRaisesRegex(UserError, "Give the decision date"):
            praise.action_confirm()
        with self.assertRaises(AccessError):
            praise.with_user(self.users["leader"]).action_confirm()
        with self.assertRaises(AccessError):
            praise.with_user(self.users["office"]).action_cancel()
        praise.write({"decision_date": date(2027, 2, 1)})
        praise.action_confirm()
        self.assertEqual((praise.state, praise.confirmed_by_id), ("confirmed", hr))
        with self.assertRaisesRegex(UserError, "is confirmed"):
            praise.write({"amount": 5000.0})
        with self.assertRaisesRegex(AccessError, "change only through"):
            praise.write({"state": "proposed"})
        with self.assertRaisesRegex(UserError, "cannot go from Confirmed to Proposed"):
            praise.action_reset()
        praise.write({"decision_number": "组通〔2027〕3号"})  # the decision's papers may follow
        praise.action_cancel()
        self.assertEqual(praise.state, "cancelled")
        praise.action_reset()
        self.assertEqual((praise.state, praise.confirmed_by_id.id), ("proposed", False))
        # HR also enters one by hand, for a unit or a person, not for nobody
        Incentive = self.env["target.incentive"].with_user(hr)
        with self.assertRaisesRegex(ValidationError, "give the unit or the person"):
            Incentive.create({"type_id": self.admonition.id, "cycle_id": self.cycle.id})
        manual = Incentive.create(
            {
                "type_id": self.admonition.id,
                "cycle_id": self.cycle.id,
                "employee_id": self.head_a.id,
            }
        )
        self.assertEqual((manual.state, manual.rule_id.id), ("proposed", False))
        # a cancelled hand-made one is not brought back by a re-application
        manual.action_cancel()
        self.cycle._apply_results()
        self.assertEqual(manual.state, "cancelled")

    def test_rules_by_the_office_only(self):
        Rule = self.env["target.incentive.rule"]
        values = {
            "name": "良好单位：表彰",
            "unit_grade": "good",
            "recipient": "unit",
            "type_id": self.commendation.id,
        }
        with self.assertRaises(AccessError):
            Rule.with_user(self.users["hr"]).create(values)
        with self.assertRaisesRegex(ValidationError, "a role applies only"):
            Rule.with_user(self.users["office"]).create(dict(values, role="principal"))
        rule = Rule.with_user(self.users["office"]).create(values)
        self.assertEqual(rule.with_user(self.users["hr"]).name, "良好单位：表彰")
