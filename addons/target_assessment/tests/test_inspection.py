"""Inspection groups (考核组): recusal (回避), what inspectors see, findings and their effects."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_scoring_common import ScoringCase

FALSE_REPORT = "target_assessment.target_deduction_category_false_report"


@tagged("post_install", "-at_install")
class InspectionCase(ScoringCase):
    """Year-end lines of counties A and B, and two groups.

    Group 1 (leader: an inspector of the environment bureau) inspects county A;
    group 2 (leader: an inspector who belongs to county A) inspects county B.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        cls.a_gdp = cls._goal(cls.county_a, cls.ind_gdp, quant, 30, 100, actual=95)
        cls.a_project = cls._goal(
            cls.county_a, cls.ind_project, cls.section(cls.scheme_county, "key"), 10, 1, actual=1
        )
        cls.b_gdp = cls._goal(cls.county_b, cls.ind_gdp, quant, 30, 100, actual=100)
        cls.cycle.write({"phase": "year_end"})
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()
        cls.line_a = cls._line(cls.a_gdp)
        cls.line_a_project = cls._line(cls.a_project)
        cls.line_b = cls._line(cls.b_gdp)
        # county A claims 100 in its self-assessment
        cls.line_a.write({"self_scored": True, "self_value": 100.0, "self_score": 30.0})

        def inspector(login, name, unit):
            user = new_test_user(
                cls.env, login=login, groups="target_assessment.group_inspector", name=name
            )
            user.target_unit_ids = unit
            return user

        cls.insp_env = inspector("ta_insp_env", "环保局督查员", cls.dept_env)
        cls.insp_env2 = inspector("ta_insp_env2", "环保局科员", cls.dept_env)
        cls.insp_a = inspector("ta_insp_a", "甲县督查员", cls.county_a)
        cls.insp_town = inspector("ta_insp_town", "一镇督查员", cls.town_a1)
        Inspection = cls.env["target.inspection"]
        cls.group1 = Inspection.create(
            {
                "name": "第一考核组",
                "cycle_id": cls.cycle.id,
                "leader_id": cls.insp_env.id,
                "member_ids": [(6, 0, cls.insp_env2.ids)],
                "unit_ids": [(6, 0, cls.county_a.ids)],
                "method_site": True,
            }
        )
        cls.group2 = Inspection.create(
            {
                "name": "第二考核组",
                "cycle_id": cls.cycle.id,
                "leader_id": cls.insp_a.id,
                "unit_ids": [(6, 0, cls.county_b.ids)],
            }
        )

    @classmethod
    def _line(cls, goal):
        return cls.env["target.evaluation.line"].search(
            [("goal_id", "=", goal.id), ("stage", "=", "year_end")]
        )

    def finding(self, user, line, group=None, **values):
        return (
            self.env["target.inspection.finding"]
            .with_user(user)
            .create({"inspection_id": (group or self.group1).id, "line_id": line.id, **values})
        )

    def start(self, group=None):
        group = group or self.group1
        group.with_user(group.leader_id).action_start()


class TestInspectionGroups(InspectionCase):
    def test_leader_is_a_member(self):
        self.assertEqual(self.group1.member_ids, self.insp_env | self.insp_env2)
        self.assertEqual(self.group2.member_ids, self.insp_a)

    def test_recusal_own_unit_refused_other_allowed(self):
        Inspection = self.env["target.inspection"]
        with self.assertRaisesRegex(ValidationError, "甲县督查员 belongs to 江陵市 / 甲县"):
            Inspection.create(
                {
                    "name": "回避",
                    "cycle_id": self.cycle.id,
                    "member_ids": [(6, 0, self.insp_a.ids)],
                    "unit_ids": [(6, 0, self.county_a.ids)],
                }
            )
        # the same member inspects county B: allowed (group 2)
        self.assertIn(self.insp_a, self.group2.member_ids)
        self.assertEqual(self.group2.unit_ids, self.county_b)

    def test_recusal_subtree_and_ancestors(self):
        # a county member may not inspect its townships ...
        with self.assertRaisesRegex(ValidationError, "may not inspect 江陵市 / 甲县 / 一镇"):
            self.group2.unit_ids = [(4, self.town_a1.id)]
        # ... nor a township member their county
        with self.assertRaisesRegex(ValidationError, "一镇督查员 belongs to"):
            self.group1.member_ids = [(4, self.insp_town.id)]
        # ... and a member added later, as leader, is checked too
        with self.assertRaisesRegex(ValidationError, "甲县督查员"):
            self.group1.leader_id = self.insp_a
        # a township member inspects county B: allowed
        self.group2.member_ids = [(4, self.insp_town.id)]
        self.assertIn(self.insp_town, self.group2.member_ids)

    def test_states_by_leader_or_office(self):
        with self.assertRaises(AccessError):
            self.group1.with_user(self.insp_env2).action_start()
        with self.assertRaises(UserError):
            self.group1.with_user(self.insp_env).write({"state": "done"})
        self.start()
        self.assertEqual(self.group1.state, "in_progress")
        self.group1.with_user(self.users["office"]).action_done()
        self.assertEqual(self.group1.state, "done")
        with self.assertRaises(UserError):
            self.group1.with_user(self.users["office"]).action_done()
        # members cannot restaff their own group
        with self.assertRaises(AccessError):
            self.group1.with_user(self.insp_env).write({"unit_ids": [(4, self.county_b.id)]})

    def test_counts(self):
        self.start()
        self.finding(self.insp_env, self.line_a)
        self.group1.invalidate_recordset()
        self.assertEqual(self.group1.finding_count, 1)
        self.assertEqual(self.group1.line_count, 2)
        action = self.group1.action_view_lines()
        lines = self.env["target.evaluation.line"].search(action["domain"])
        self.assertEqual(lines, self.line_a | self.line_a_project)


class TestInspectorAccess(InspectionCase):
    def as_user(self, user, model):
        return self.env[model].with_user(user)

    def test_inspectors_see_only_their_groups_units(self):
        for model in ("target.evaluation.line", "target.evaluation", "target.goal"):
            records = self.as_user(self.insp_env, model).search([])
            self.assertEqual(records.mapped("unit_id"), self.county_a, model)
            records = self.as_user(self.insp_a, model).search([])
            self.assertEqual(records.mapped("unit_id"), self.county_b, model)
        self.assertEqual(self.as_user(self.insp_env, "target.inspection").search([]), self.group1)
        self.assertEqual(self.as_user(self.insp_a, "target.inspection").search([]), self.group2)
        with self.assertRaises(AccessError):
            self.line_a.with_user(self.insp_a).read(["self_value"])
        # the section scores of the evaluation read along with it
        evaluation = self.as_user(self.insp_env, "target.evaluation").search([])
        self.assertTrue(evaluation.section_result_ids.mapped("score"))
        # an inspector without a group sees nothing
        self.assertFalse(self.as_user(self.insp_town, "target.evaluation.line").search([]))

    def test_findings_of_other_groups_hidden(self):
        self.start()
        self.start(self.group2)
        mine = self.finding(self.insp_env, self.line_a)
        theirs = self.finding(self.insp_a, self.line_b, self.group2)
        Finding = "target.inspection.finding"
        self.assertEqual(self.as_user(self.insp_env2, Finding).search([]), mine)
        self.assertEqual(self.as_user(self.insp_a, Finding).search([]), theirs)
        self.assertEqual(self.as_user(self.users["leader"], Finding).search([]), mine | theirs)
        with self.assertRaises(AccessError):
            self.as_user(self.users["unit_user"], Finding).search([])
        # a member who belongs to no unit at all
        loner = new_test_user(
            self.env, login="ta_insp_loner", groups="target_assessment.group_inspector"
        )
        self.group1.member_ids = [(4, loner.id)]
        self.assertEqual(self.as_user(loner, Finding).search([]), mine)

    def test_nothing_of_own_unit_through_these_rules(self):
        self.start()
        finding = self.finding(self.insp_env, self.line_a)
        # the inspector joins county A after the group was formed: county A disappears
        self.insp_env2.target_unit_ids = self.county_a
        Finding = self.as_user(self.insp_env2, "target.inspection.finding")
        self.assertFalse(Finding.search([]))
        for model in ("target.evaluation.line", "target.evaluation", "target.goal"):
            self.assertFalse(self.as_user(self.insp_env2, model).search([]), model)
        with self.assertRaises(AccessError):
            finding.with_user(self.insp_env2).write({"note": "本单位"})
        # the other member still works on it
        finding.with_user(self.insp_env).write({"note": "实地查看"})

    def test_other_group_cannot_write_or_create(self):
        self.start()
        self.start(self.group2)
        finding = self.finding(self.insp_env, self.line_a)
        with self.assertRaises(AccessError):
            finding.with_user(self.insp_a).write({"result": "corrected", "verified_value": 1})
        with self.assertRaises(AccessError):
            self.finding(self.insp_a, self.line_a_project)
        # a member records findings on the group's units only
        with self.assertRaisesRegex(ValidationError, "not a year-end line of a unit assigned"):
            self.finding(self.insp_env, self.line_b)

    def test_a_finding_does_not_move_out_of_its_members_reach(self):
        self.start()
        self.start(self.group2)
        finding = self.finding(self.insp_a, self.line_b, group=self.group2)
        # not into group 1, which inspects the member's own county
        with self.assertRaises(AccessError):
            finding.with_user(self.insp_a).write(
                {"inspection_id": self.group1.id, "line_id": self.line_a.id}
            )
        self.assertEqual((finding.inspection_id, finding.line_id), (self.group2, self.line_b))
        self.assertFalse(self.line_a.verified)
        self.group2.with_user(self.insp_a).action_done()
        with self.assertRaises(UserError):
            finding.with_user(self.users["office"]).write({"line_id": self.line_a.id})
        self.assertEqual(finding.line_id, self.line_b)

    def test_findings_only_while_in_progress(self):
        with self.assertRaisesRegex(UserError, "not in progress"):
            self.finding(self.insp_env, self.line_a)
        self.start()
        finding = self.finding(self.insp_env, self.line_a)
        self.group1.with_user(self.insp_env).action_done()
        with self.assertRaisesRegex(UserError, "not in progress"):
            finding.with_user(self.insp_env).write({"result": "corrected"})
        with self.assertRaises(UserError):
            finding.with_user(self.insp_env).write({"adjustment_id": False})


class TestFindings(InspectionCase):
    def test_confirmed_and_corrected_values_reach_the_line(self):
        self.start()
        finding = self.finding(self.insp_env, self.line_a)
        self.assertEqual(finding.verified_value, 100.0, "confirmed: the unit's own value")
        self.assertTrue(self.line_a.verified)
        self.assertEqual(self.line_a.verified_value, 100.0)
        self.assertEqual(self.line_a.verified_score, 30.0)

        finding.with_user(self.insp_env).write({"result": "corrected", "verified_value": 90.0})
        self.assertEqual(self.line_a.verified_value, 90.0)
        self.assertEqual(self.line_a.verified_score, 27.0, "scored by the ratio method: 90 %")
        self.assertEqual(finding.verified_score, 27.0)
        self.assertFalse(finding.adjustment_id or finding.rectification_id)

        # the next scoring run takes the verified score
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        self.assertEqual(self.line_a.score_source, "verified")
        self.assertEqual(self.line_a.final_score, 27.0)

        # back to confirmed: the unit's value again
        finding.with_user(self.insp_env).write({"result": "confirmed"})
        self.assertEqual(self.line_a.verified_value, 100.0)

    def test_binary_goal_verified(self):
        self.start()
        self.finding(self.insp_env, self.line_a_project, result="corrected", verified_value=0.0)
        self.assertTrue(self.line_a_project.verified)
        self.assertEqual(self.line_a_project.verified_score, 0.0)

    def test_false_report_makes_deduction_and_rectification_once(self):
        self.start()
        finding = self.finding(
            self.insp_env,
            self.line_a,
            result="false_report",
            verified_value=80.0,
            deduction_points=2.0,
            note="台账与统计数据不符",
        )
        self.assertEqual(self.line_a.verified_value, 80.0)
        self.assertEqual(self.line_a.verified_score, 24.0)

        deduction = finding.adjustment_id
        self.assertEqual(deduction.kind, "deduction")
        self.assertEqual(deduction.deduction_category_id, self.env.ref(FALSE_REPORT))
        self.assertEqual(deduction.unit_id, self.county_a)
        self.assertEqual(deduction.cycle_id, self.cycle)
        self.assertEqual(deduction.points, 2.0)
        self.assertEqual(deduction.state, "draft", "proposed: the office decides")

        item = finding.rectification_id
        self.assertEqual(item.source, "finding")
        self.assertEqual(item.unit_id, self.county_a)
        self.assertEqual(item.line_id, self.line_a)
        self.assertEqual(
            item.category_id, self.env.ref("target_assessment.target_problem_category_false_report")
        )
        self.assertEqual(item.state, "draft")

        def counts():
            return (
                self.env["target.score.adjustment"].search_count(
                    [("unit_id", "=", self.county_a.id), ("kind", "=", "deduction")]
                ),
                self.env["target.rectification"].search_count([("unit_id", "=", self.county_a.id)]),
            )

        self.assertEqual(counts(), (1, 1))
        # saved again, twice, with the same and with new values: nothing new
        as_inspector = finding.with_user(self.insp_env)
        as_inspector.write({"result": "false_report", "verified_value": 80.0})
        as_inspector.write({"note": "复核后确认虚报", "deduction_points": 3.0})
        self.assertEqual(counts(), (1, 1))
        self.assertEqual(deduction.points, 3.0, "a proposed deduction follows the finding")

        # no longer a false report: the proposal is cancelled; again one: it is back
        as_inspector.write({"result": "corrected"})
        self.assertEqual(deduction.state, "cancelled")
        as_inspector.write({"result": "false_report"})
        self.assertEqual(deduction.state, "draft")
        self.assertEqual(counts(), (1, 1))
        self.assertEqual(finding.adjustment_id, deduction)
        self.assertEqual(finding.rectification_id, item)

        # the office decides; the deduction counts at the next run
        deduction.with_user(self.users["office"]).action_confirm()
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        self.assertEqual(self.evaluation(self.county_a).deduction, 3.0)

    def test_false_report_needs_points(self):
        self.start()
        with self.assertRaisesRegex(ValidationError, "give the points to deduct"):
            self.finding(self.insp_env, self.line_a, result="false_report", verified_value=80.0)

    def test_deleting_a_finding(self):
        self.start()
        finding = self.finding(self.insp_env, self.line_a, result="corrected", verified_value=90)
        finding.with_user(self.insp_env).unlink()
        self.assertFalse(self.line_a.verified)
        false_report = self.finding(
            self.insp_env, self.line_a, result="false_report", verified_value=80, deduction_points=1
        )
        with self.assertRaisesRegex(UserError, "change its result instead"):
            false_report.with_user(self.insp_env).unlink()
