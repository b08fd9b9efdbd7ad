"""Year-end data entry: self-assessment, assessor scoring and import, completeness."""

import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..tools import assessor_sheet
from .common import ApprovalMixinCase, TargetCityCase

HEADER = ["目标编号", "单位编码", "考评值", "考评得分"]


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestYearEndEntry(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a_gdp, cls.a_energy, cls.b_gdp = cls._county_goals("Y")
        Evaluation = cls.env["target.evaluation"]
        cls.eval_a, cls.eval_b, cls.midyear_a = Evaluation.create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "stage": "year_end",
                    "line_ids": [
                        (0, 0, {"goal_id": cls.a_gdp.id, "actual_value": 95.0}),
                        (0, 0, {"goal_id": cls.a_energy.id, "actual_value": 90.0}),
                    ],
                },
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_b.id,
                    "stage": "year_end",
                    "line_ids": [(0, 0, {"goal_id": cls.b_gdp.id, "actual_value": 100.0})],
                },
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "stage": "midyear",
                    "line_ids": [(0, 0, {"goal_id": cls.a_gdp.id, "actual_value": 40.0})],
                },
            ]
        )
        cls.line_a_gdp, cls.line_a_energy = cls.eval_a.line_ids.sorted(
            lambda line: line.goal_id.ref
        )
        cls.line_b_gdp = cls.eval_b.line_ids

    # -- self-assessment ---------------------------------------------------------

    def test_self_assessment_through_leader_then_office(self):
        evaluation = self.eval_a.with_user(self.users["unit_user"])
        lines = evaluation.line_ids.sorted(lambda line: line.goal_id.ref)
        lines[0].write({"self_value": 96.0, "self_score": 19.0, "self_explanation": "超额完成"})
        self.assertTrue(self.line_a_gdp.self_scored)
        with self.assertRaisesRegex(UserError, "missing: YA2"):
            evaluation.action_submit()
        self.assertEqual(self.eval_a.state, "draft")
        lines[1].self_value = 0.0  # a value of zero is still a value given
        evaluation.action_submit()
        self.assertEqual(self.eval_a.state, "submitted")
        self.assertEqual(len(self.eval_a.review_ids), 2)
        self.assertEqual(self.pending_reviewers(self.eval_a), self.eval_a.leader_user_ids)
        self.approve(self.eval_a, "unit_leader")
        self.assertEqual(self.eval_a.state, "submitted")
        self.approve(self.eval_a, "office")
        self.assertEqual(self.eval_a.state, "approved")

    def test_midyear_submission_needs_no_self_values(self):
        self.midyear_a.with_user(self.users["unit_user"]).action_submit()
        self.assertEqual(self.midyear_a.state, "submitted")

    # -- who enters what ---------------------------------------------------------

    def test_unit_user_cannot_enter_assessor_or_verified_scores(self):
        line = self.line_a_gdp.with_user(self.users["unit_user"])
        with self.assertRaisesRegex(AccessError, "assessor unit"):
            line.write({"assessor_score": 20.0})
        with self.assertRaisesRegex(AccessError, "inspection groups"):
            line.write({"verified_score": 20.0})
        line.write({"self_score": 18.0})
        self.assertEqual(self.line_a_gdp.self_score, 18.0)
        # the office enters anything
        self.line_a_gdp.with_user(self.users["office"]).write({"assessor_score": 17.0})
        self.assertEqual(self.line_a_gdp.assessor_score, 17.0)

    def test_assessor_scores_only_own_indicators_and_only_assessor_fields(self):
        assessor = self.users["assessor"]
        with self.assertRaises(AccessError):
            self.line_a_energy.with_user(assessor).write({"assessor_score": 5.0})
        with self.assertRaisesRegex(AccessError, "only the assessor"):
            self.line_a_gdp.with_user(assessor).write({"self_value": 1.0})
        lines = (self.line_a_gdp | self.line_b_gdp).with_user(assessor)
        lines.write({"assessor_value": 98.0, "assessor_score": 19.5})
        lines.action_assessor_submit()
        self.assertTrue(all(lines.mapped("assessor_scored")))
        self.assertEqual(self.line_a_gdp.assessor_score, 19.5)

    def test_assessor_worklist_and_late_assessors(self):
        Line = self.env["target.evaluation.line"].with_user(self.users["assessor"])
        action = Line.action_open_to_score()
        self.assertEqual(Line.search(action["domain"]), self.line_a_gdp | self.line_b_gdp)
        self.line_a_gdp.with_user(self.users["assessor"]).action_assessor_submit()
        late = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_evaluation_line_action_late"
        )
        Office = self.env["target.evaluation.line"].with_user(self.users["office"])
        domain = safe_eval(late["domain"])
        groups = dict(Office._read_group(domain, ["assessor_unit_id"], ["__count"]))
        self.assertEqual(groups, {self.dept_stats: 1, self.dept_env: 1})

    # -- import ------------------------------------------------------------------

    def run_import(self, rows, user=None):
        wizard = (
            self.env["target.assessor.import.wizard"]
            .with_user(user or self.users["assessor"])
            .create(
                {
                    "cycle_id": self.cycle.id,
                    "file": base64.b64encode(xlsx(rows)),
                    "filename": "考评.xlsx",
                }
            )
        )
        wizard.action_import()
        return wizard

    def test_import_good_file(self):
        wizard = self.run_import([HEADER, ["YA1", "ca", 97, 19.4], ["YB1", "cb", 101, 20]])
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.line_ids, self.line_a_gdp | self.line_b_gdp)
        self.assertEqual(self.line_a_gdp.assessor_value, 97.0)
        self.assertEqual(self.line_a_gdp.assessor_score, 19.4)
        self.assertEqual(self.line_b_gdp.assessor_score, 20.0)
        self.assertTrue(self.line_a_gdp.assessor_scored and self.line_b_gdp.assessor_scored)

    def test_import_every_bad_row_reported_and_nothing_written(self):
        rows = [
            HEADER,
            ["YA1", "ca", 97, 19],  # good, but not written
            ["NOPE", "ca", 1, 1],  # unknown goal
            ["YA2", "ca", 1, 1],  # another assessor's indicator
            ["YB1", "ca", 1, 1],  # unit mismatch
            ["YB1", "cb", "很多", 1],  # not a number (and given twice)
            ["YA1", "ca", 1, 25],  # above the points (and given twice)
            ["YB1", "cb", 1, -1],  # negative
        ]
        wizard = self.run_import(rows)
        self.assertEqual(wizard.state, "errors")
        text = wizard.error_text
        for expected in (
            "Row 3, column 目标编号: no year-end evaluation line for goal NOPE",
            "Row 4, column 目标编号: goal YA2 is not of an indicator you assess",
            "Row 5, column 单位编码: goal YB1 belongs to unit cb",
            "Row 6, column 考评值: not a number: 很多",
            "Row 7, column 考评得分: the score must be between 0 and the goal's 20.0 points",
            "Row 8, column 考评得分: the score must be between 0",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Row 2,", text)
        lines = self.line_a_gdp | self.line_b_gdp | self.line_a_energy
        self.assertFalse(any(lines.mapped("assessor_scored")))
        self.assertFalse(any(lines.mapped("assessor_score")))

    def test_import_bad_numbers_are_row_errors(self):
        rows = [
            HEADER,
            ["YA1", "ca", "nan", 19],
            ["YB1", "cb", 100, "inf"],
            ["YA1", "ca", 100, "1e400"],
            ["YB1", "cb", 100, "NaN"],
            ["YB1", "cb", 100, 20.5],  # above the points: the GDP cap is 1
        ]
        wizard = self.run_import(rows)
        self.assertEqual(wizard.state, "errors")
        text = wizard.error_text
        for expected in (
            "Row 2, column 考评值: not a finite number (nan)",
            "Row 3, column 考评得分: not a finite number (inf)",
            "Row 4, column 考评得分: not a finite number (1e400)",
            "Row 5, column 考评得分: not a finite number (NaN)",
            "Row 6, column 考评得分: the score must be between 0 and the goal's 20.0 points",
        ):
            self.assertIn(expected, text)
        lines = self.line_a_gdp | self.line_b_gdp
        self.assertFalse(any(lines.mapped("assessor_scored")))
        # over-fulfilment earns up to the completion cap (120 %)
        self.ind_gdp.ratio_cap = 1.2
        wizard = self.run_import([HEADER, ["YB1", "cb", 130, 24]])
        self.assertEqual(wizard.state, "done", wizard.error_text)
        self.assertEqual(self.line_b_gdp.assessor_score, 24.0)

    def test_sheet_header_checked_in_plain_python(self):
        _rows, errors, labels = assessor_sheet.parse_rows([["目标编号", "单位编码"]])
        self.assertFalse(labels)
        self.assertEqual({e.column for e in errors}, {"考评值", "考评得分"})
        with self.assertRaisesRegex(UserError, "only .xlsx and .csv"):
            self.env["target.assessor.import.wizard"].create(
                {"cycle_id": self.cycle.id, "file": base64.b64encode(b"x"), "filename": "a.txt"}
            ).action_import()

    # -- special evaluations -----------------------------------------------------

    def test_special_evaluation_completeness(self):
        Body = self.env["target.evaluation.body"]
        npc, cppcc = Body.create(
            [{"name": "人大", "code": "y_npc"}, {"name": "政协", "code": "y_cp"}]
        )
        other = self.section(self.scheme_county, "other")
        other.body_ids = npc | cppcc
        self.env["target.special.evaluation"].create(
            {
                "body_id": npc.id,
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "section_id": other.id,
                "score": 90,
            }
        )
        Expected = self.env["target.special.evaluation.expected"].with_user(self.users["office"])
        rows = Expected.search([("cycle_id", "=", self.cycle.id), ("section_id", "=", other.id)])
        self.assertEqual(len(rows), 4)  # two counties × two bodies
        missing = rows.filtered(lambda r: not r.done)
        self.assertEqual(
            {(r.body_id, r.unit_id) for r in missing},
            {(npc, self.county_b), (cppcc, self.county_a), (cppcc, self.county_b)},
        )
        self.assertEqual(sum(rows.mapped("missing_count")), 3)
