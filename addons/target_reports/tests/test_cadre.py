"""干部考核结果表: the leaders' results, each reader seeing what they may."""

from odoo.tests import tagged

from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestCadreResults(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Employee = env["hr.employee"]
        # the county A leader's manager in the employees' chain is the unit leader's employee
        boss = Employee.create({"name": "市委书记", "user_id": cls.users["unit_leader"].id})
        cls.head_a = Employee.create({"name": "甲县书记", "parent_id": boss.id})
        cls.deputy_b = Employee.create({"name": "乙县副县长"})
        evaluation = {e.unit_id: e for e in cls.evaluations}
        Result = env["target.personnel.result"]
        cls.result_a = Result.create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.head_a.id,
                "unit_id": cls.county_a.id,
                "role": "principal",
                "title": "县委书记",
                "category_id": cls.cat_county.id,
                "evaluation_id": evaluation[cls.county_a].id,
                "unit_score": evaluation[cls.county_a].total,
                "unit_rank": evaluation[cls.county_a].rank,
                "unit_grade": evaluation[cls.county_a].grade,
                "own_score": 5.0,
                "own_points": 10.0,
                "own_goal_count": 1,
                "suggested_grade": "competent",
                "final_grade": "excellent",
                "final_reason": "组织部综合研判",
            }
        )
        cls.result_b = Result.create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.deputy_b.id,
                "unit_id": cls.county_b.id,
                "role": "deputy",
                "title": "副县长",
                "category_id": cls.cat_county.id,
                "unit_score": evaluation[cls.county_b].total,
                "unit_rank": evaluation[cls.county_b].rank,
                "unit_grade": evaluation[cls.county_b].grade,
                "unit_vetoed": True,
                "suggested_grade": "basic",
            }
        )

    def sheet(self, role):
        return self.render("cadre", role=role, cycle_id=self.cycle.id).worksheets[0]

    def test_hr_reads_every_result_with_the_final_grade(self):
        sheet = self.sheet("hr")
        self.assertEqual(sheet["A1"].value, "Cadre assessment results")
        self.assertEqual(
            [c.value for c in sheet[4]],
            [
                "No.",
                "Name",
                "Unit",
                "Position",
                "Role",
                "Unit score",
                "Unit rank",
                "Unit grade",
                "One-vote veto",
                "Own goals: score",
                "Own goals: points",
                "Suggested grade",
                "Final grade",
                "Rewards and penalties",
            ],
        )
        self.assertEqual({"A3:E3", "F3:I3", "J3:N3"} - self.merged(sheet), set())
        rows = {row[1]: row for row in self.rows(sheet, 5)}
        a, b = rows["甲县书记"], rows["乙县副县长"]
        self.assertEqual(a[2:5], ("甲县", "县委书记", "Principal leader"))
        self.assertAlmostEqual(a[5], self.result_a.unit_score)
        self.assertEqual((a[9], a[10], a[11], a[12]), (5.0, 10.0, "Competent", "Excellent"))
        self.assertEqual(b[8], "Yes", "the unit's veto is shown")
        self.assertIsNone(b[9], "no goals of their own")
        row_b = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "乙县副县长")
        self.assertTrue(row_b[2].font.b)
        self.assertEqual(sheet["F5"].number_format, "0.00")
        binding = self.env.ref("target_reports.target_cadre_xlsx").binding_model_id
        self.assertEqual(binding.model, "target.personnel.result")

    def test_others_read_what_they_may(self):
        # the leading group reads every result, not HR's final grade
        sheet = self.sheet("leader")
        headers = [c.value for c in sheet[4]]
        self.assertNotIn("Final grade", headers)
        self.assertEqual(len(self.rows(sheet, 5)), 2)
        self.assertNotIn("Excellent", [v for row in self.rows(sheet, 5) for v in row])
        # a manager reads the people below them only
        sheet = self.sheet("unit_leader")
        self.assertEqual([row[1] for row in self.rows(sheet, 5)], ["甲县书记"])
        # the office and a unit's user read none
        for role in ("office", "unit_user"):
            self.assertEqual(self.rows(self.sheet(role), 5), [], role)
