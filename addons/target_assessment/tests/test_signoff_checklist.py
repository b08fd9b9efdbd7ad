"""The sign-off checks what it signs: a checklist on the cycle, each condition with the
units and lines that miss it; submitting and approving are refused while one fails."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import approve_self_assessments, submit_self_assessments
from .test_cycle_signoff import YearEndCase


@tagged("post_install", "-at_install")
class TestSignoffChecklist(YearEndCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["target.cycle"].flush_model()
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()
        cls.cycle.phase = "scoring"

    def failing(self):
        self.cycle.invalidate_recordset(["signoff_checklist", "signoff_ready"])
        return {
            item["code"]: item["missing"]
            for item in self.cycle._signoff_checklist()
            if not item["done"]
        }

    def submit(self):
        self.cycle.with_user(self.users["office"]).action_submit_signoff()

    def year_end_evaluations(self):
        return self.env["target.evaluation"].search(
            [("cycle_id", "=", self.cycle.id), ("stage", "=", "year_end")]
        )

    def approve_self_assessments(self):
        approve_self_assessments(self.year_end_evaluations())

    def test_assessor_scores_or_not_applicable(self):
        self.approve_self_assessments()
        failing = self.failing()
        self.assertEqual(set(failing), {"assessor"})
        for unit in (self.county_a, self.county_b, self.county_c):
            self.assertIn(
                f"{unit.name} ({self.gdp[unit].ref or self.gdp[unit].name})", failing["assessor"]
            )
        self.assertFalse(self.cycle.signoff_ready)
        self.assertIn("甲县", self.cycle.signoff_checklist)
        with self.assertRaisesRegex(UserError, "assessor's score.*甲县"):
            self.submit()
        with self.assertRaisesRegex(UserError, "评分部门评分"):
            self.cycle.with_user(self.users["office"]).with_context(
                lang="zh_CN"
            ).action_submit_signoff()
        line_a = self.line(self.gdp[self.county_a]).with_user(self.users["assessor"])
        # not applicable needs a reason, and only the assessor (or the office) says it
        with self.assertRaises(ValidationError):
            line_a.write({"not_applicable": True})
        with self.assertRaisesRegex(AccessError, "assessor unit"):
            line_a.with_user(self.users["unit_user"]).write(
                {"not_applicable": True, "not_applicable_reason": "不适用"}
            )
        line_a.write({"not_applicable": True, "not_applicable_reason": "该县本年度无此项任务"})
        others = (
            self.line(self.gdp[self.county_b]) | self.line(self.gdp[self.county_c])
        ).with_user(self.users["assessor"])
        others.write({"assessor_value": 90.0, "assessor_score": 45.0})
        self.assertIn("assessor", self.failing(), "entered but not submitted")
        others.action_assessor_submit()
        self.assertEqual(self.failing(), {})
        self.assertTrue(self.cycle.signoff_ready)
        self.submit()
        self.assertEqual(self.cycle.signoff_state, "submitted")

    def test_self_assessments_approved(self):
        self.complete_assessor_scores()
        evaluation = self.evaluation(self.county_b)
        approve_self_assessments(self.year_end_evaluations() - evaluation)
        submit_self_assessments(evaluation)
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(set(self.failing()), {"self_assessment"})
        self.assertIn("乙县", self.failing()["self_assessment"])
        with self.assertRaisesRegex(UserError, "every self-assessment is approved: 乙县"):
            self.submit()
        # returned by its reviewer (the office: 乙县 has no leader of its own), still missing
        self.reject(evaluation, "office", "佐证材料不全")
        self.assertEqual(evaluation.state, "returned")
        self.assertIn("乙县", self.failing()["self_assessment"])
        approve_self_assessments(evaluation)
        self.assertEqual(evaluation.state, "approved")
        self.submit()
        # a condition failing again after the submission refuses the leaders' approval
        special = self.env["target.special.evaluation"].search(
            [("unit_id", "=", self.county_c.id), ("body_id", "=", self.body_npc.id)]
        )
        values = special.copy_data()[0]
        special.unlink()
        with self.assertRaisesRegex(UserError, "cannot be signed off yet"):
            self.approve(self.cycle, "leader")
        self.assertEqual(self.cycle.signoff_state, "submitted")
        self.env["target.special.evaluation"].create(values)
        self.approve(self.cycle, "leader")
        self.assertEqual((self.cycle.signoff_state, self.cycle.phase), ("approved", "publicity"))

    def test_special_evaluations_complete(self):
        self.complete_year_end()
        special = self.env["target.special.evaluation"].search(
            [("unit_id", "=", self.county_c.id), ("body_id", "=", self.body_npc.id)]
        )
        values = special.copy_data()[0]
        special.unlink()
        failing = self.failing()
        self.assertEqual(set(failing), {"special"})
        self.assertIn(f"丙县 ({self.body_npc.name})", failing["special"])
        with self.assertRaisesRegex(UserError, "every special evaluation is entered"):
            self.submit()
        self.env["target.special.evaluation"].create(values)
        self.submit()
        self.assertEqual(self.cycle.signoff_state, "submitted")

    def test_no_open_inspection_finding(self):
        self.complete_year_end()
        group = self.env["target.inspection"].create(
            {
                "name": "第二考核组",
                "cycle_id": self.cycle.id,
                "unit_ids": [(6, 0, self.county_a.ids)],
            }
        )
        group.write({"state": "in_progress"})
        self.env["target.inspection.finding"].create(
            {
                "inspection_id": group.id,
                "line_id": self.line(self.gdp[self.county_a]).id,
                "result": "confirmed",
            }
        )
        failing = self.failing()
        self.assertEqual(set(failing), {"findings"})
        self.assertIn("甲县", failing["findings"])
        with self.assertRaisesRegex(UserError, "no inspection finding is open: 甲县"):
            self.submit()
        group.write({"state": "done"})
        self.submit()
        self.assertEqual(self.cycle.signoff_state, "submitted")
