"""Year end of a cycle: phase preconditions, sign-off, locks, publication, reopening."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ApprovalMixinCase, approve_self_assessments
from .test_scoring_common import ScoringCase


class YearEndCase(ScoringCase, ApprovalMixinCase):
    """Three counties of one category, scored: 乙县 95 (1st), 丙县 88, 甲县 83 (3rd).

    Each has a done key project (40 points), GDP (50 points, target 100; actual
    90 / 80 / 70) and the special section (10) from two bodies.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.county_c = cls.env["target.unit"].create(
            {
                "name": "丙县",
                "code": "cc",
                "parent_id": cls.city.id,
                "category_id": cls.cat_county.id,
            }
        )
        key = cls.section(cls.scheme_county, "key")
        quant = cls.section(cls.scheme_county, "quant")
        cls.gdp = {}
        for unit, actual, special in (
            (cls.county_b, 90.0, 100.0),
            (cls.county_c, 80.0, 80.0),
            (cls.county_a, 70.0, 80.0),
        ):
            cls._goal(unit, cls.ind_project, key, 40.0, 1.0, actual=1.0)
            cls.gdp[unit] = cls._goal(unit, cls.ind_gdp, quant, 50.0, 100.0, actual=actual)
            cls._special(unit, cls.body_npc, special)
            cls._special(unit, cls.body_public, special)
        cls.cycle.phase = "year_end"

    def compute(self):
        self.cycle.with_user(self.users["office"]).action_compute_scores()

    @classmethod
    def complete_year_end(cls):
        """What the sign-off checks and the fixture lacks: the assessors' scores (those
        the lines were scored with, so the results stay) and every self-assessment
        submitted and approved through its flow."""
        cls.complete_assessor_scores()
        approve_self_assessments(
            cls.env["target.evaluation"].search(
                [("cycle_id", "=", cls.cycle.id), ("stage", "=", "year_end")]
            )
        )

    @classmethod
    def complete_assessor_scores(cls):
        """Every assessor's line scored with the score it was computed with."""
        Line = cls.env["target.evaluation.line"]
        lines = Line.search(
            [
                ("cycle_id", "=", cls.cycle.id),
                ("stage", "=", "year_end"),
                ("assessor_unit_id", "!=", False),
                ("assessor_scored", "=", False),
            ]
        )
        for line in lines:
            line.write(
                {
                    "assessor_value": line.actual_value,
                    "assessor_score": line.final_score,
                    "assessor_scored": True,
                }
            )

    def to_publicity(self):
        """Score, submit and sign off: the cycle enters its publicity period."""
        self.compute()
        self.complete_year_end()
        self.cycle.phase = "scoring"
        self.cycle.with_user(self.users["office"]).action_submit_signoff()
        self.approve(self.cycle, "leader")
        self.assertEqual(self.cycle.phase, "publicity")

    def appeal(self, unit, role="unit_user", **values):
        evaluation = self.evaluation(unit)
        return (
            self.env["target.appeal"]
            .with_user(self.users[role])
            .create(
                {
                    "evaluation_id": evaluation.id,
                    "line_id": self.line(self.gdp[unit]).id,
                    "reason": "统计数据有误",
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestCycleSignoff(YearEndCase):
    def test_scoring_refused_while_assessors_or_inspections_are_open(self):
        self.compute()
        office_cycle = self.cycle.with_user(self.users["office"])
        with self.assertRaisesRegex(UserError, "assessors have not scored.*统计局"):
            office_cycle.action_next_phase()
        lines = self.env["target.evaluation.line"].search(
            [("cycle_id", "=", self.cycle.id), ("assessor_unit_id", "!=", False)]
        )
        lines.write({"assessor_scored": True, "assessor_score": 50.0})
        group = self.env["target.inspection"].create(
            {"name": "第一考核组", "cycle_id": self.cycle.id}
        )
        with self.assertRaisesRegex(UserError, "inspection groups are not done: 第一考核组"):
            office_cycle.action_next_phase()
        group.write({"state": "done"})
        office_cycle.action_next_phase()
        self.assertEqual(self.cycle.phase, "scoring")
        self.assertIn(
            "from Year-end assessment to Scoring",
            self.cycle.message_ids[0].body,
        )

    def test_signoff_refused_while_units_are_unscored(self):
        self.cycle.phase = "scoring"
        with self.assertRaisesRegex(UserError, "without computed year-end scores: .*甲县"):
            self.cycle.with_user(self.users["office"]).action_next_phase()
        with self.assertRaisesRegex(UserError, "without computed year-end scores"):
            self.cycle.with_user(self.users["office"]).action_submit_signoff()
        self.compute()
        self.complete_year_end()
        self.cycle.with_user(self.users["office"]).action_next_phase()
        self.assertEqual(self.cycle.phase, "signoff")
        with self.assertRaisesRegex(UserError, "not signed the results off"):
            self.cycle.with_user(self.users["office"]).action_next_phase()

    def test_signoff_rejected_resubmitted_approved_then_locked(self):
        self.compute()
        self.complete_year_end()
        self.cycle.phase = "scoring"
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.users["unit_user"]).action_submit_signoff()
        self.cycle.with_user(self.users["office"]).action_submit_signoff()
        self.assertEqual((self.cycle.phase, self.cycle.signoff_state), ("signoff", "submitted"))
        self.assertIn(self.users["leader"], self.pending_reviewers(self.cycle))
        self.reject(self.cycle, "leader", "丙县数据待核实")
        self.assertEqual(self.cycle.signoff_state, "rejected")
        self.assertEqual(self.cycle.signoff_reject_reason, "丙县数据待核实")
        self.assertEqual(self.cycle.phase, "signoff")
        self.cycle.with_user(self.users["office"]).action_submit_signoff()
        self.assertEqual(self.cycle.signoff_state, "submitted")
        self.approve(self.cycle, "leader")
        today = date.today()
        self.assertEqual(self.cycle.signoff_state, "approved")
        self.assertEqual(self.cycle.phase, "publicity")
        self.assertEqual(self.cycle.publicity_start, today)
        self.assertEqual(self.cycle.publicity_end, today + timedelta(days=6))
        # the scores are frozen for every role and every way in
        with self.assertRaisesRegex(UserError, "approved"):
            self.compute()
        line = self.line(self.gdp[self.county_a])
        scored = line.assessor_score
        for role in ("office", "admin", "assessor", "unit_user", "leader"):
            with self.assertRaises(UserError):  # AccessError is one too
                line.with_user(self.users[role]).write({"assessor_score": 1.0})
        with self.assertRaisesRegex(UserError, "approved"):
            line.with_user(self.users["office"]).write({"verified": True})
        with self.assertRaisesRegex(UserError, "approved"):
            self.evaluation(self.county_a).with_user(self.users["office"]).write({"total": 99})
        with self.assertRaisesRegex(UserError, "approved"):
            line.with_user(self.users["office"]).unlink()
        result = (
            self.env["target.evaluation.line"]
            .with_user(self.users["office"])
            .load([".id", "assessor_score"], [[str(line.id), "1"]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("approved", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(line.assessor_score, scored)

    def test_publicity_shows_the_category_ranking_not_the_lines(self):
        user = self.users["unit_user"]
        self.compute()
        Evaluation = self.env["target.evaluation"].with_user(user)
        self.assertFalse(Evaluation.search([("unit_id", "=", self.county_b.id)]))
        self.to_publicity()
        other = Evaluation.search([("unit_id", "=", self.county_b.id), ("stage", "=", "year_end")])
        self.assertEqual((other.rank, other.grade), (1, "excellent"))
        self.assertFalse(
            self.env["target.evaluation.line"]
            .with_user(user)
            .search([("unit_id", "=", self.county_b.id)])
        )
        self.assertTrue(
            self.env["target.evaluation.line"]
            .with_user(user)
            .search([("unit_id", "=", self.county_a.id)])
        )

    def test_publish_after_the_window_without_open_appeals(self):
        self.to_publicity()
        office_cycle = self.cycle.with_user(self.users["office"])
        with self.assertRaisesRegex(UserError, "publicity period runs until"):
            office_cycle.action_publish()
        appeal = self.appeal(self.county_a)
        with freeze_time(date.today() + timedelta(days=10)):
            with self.assertRaisesRegex(UserError, "appeals are open for: 甲县"):
                office_cycle.action_publish()
            appeal.with_user(self.users["office"]).write({"rejection_reason": "数据无误"})
            appeal.with_user(self.users["office"]).action_reject()
            with self.assertRaises(AccessError):
                self.cycle.with_user(self.users["unit_user"]).action_publish()
            office_cycle.action_publish()
        self.assertEqual(self.cycle.phase, "published")
        with self.assertRaisesRegex(UserError, "approved"):
            self.compute()
        office_cycle.action_next_phase()
        self.assertEqual(self.cycle.phase, "closed")

    def test_cannot_close_with_an_open_appeal(self):
        self.to_publicity()
        self.appeal(self.county_a)
        self.cycle.phase = "published"
        with self.assertRaisesRegex(UserError, "appeals are open for: 甲县"):
            self.cycle.with_user(self.users["office"]).action_next_phase()

    def test_result_notice_renders(self):
        self.to_publicity()
        evaluation = self.evaluation(self.county_a)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("target_assessment.target_result_notice_report", evaluation.ids)[0]
            .decode()
        )
        self.assertIn("甲县", html)
        self.assertIn("Points lost", html)
        self.assertIn(self.gdp[self.county_a].name, html)
        action = evaluation.with_user(self.users["unit_user"]).action_print_result_notice()
        self.assertEqual(
            action["report_name"], "target_assessment.target_result_notice_report_document"
        )

    def test_reopen_by_an_administrator_only_with_a_reason(self):
        self.to_publicity()
        self.cycle.phase = "closed"
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.users["office"]).action_reopen()
        with self.assertRaises(AccessError):
            self.env["target.cycle.reopen.wizard"].with_user(self.users["office"]).create(
                {"cycle_id": self.cycle.id, "reason": "x"}
            )
        admin = self.users["admin"]
        action = self.cycle.with_user(admin).action_reopen()
        wizard = (
            self.env["target.cycle.reopen.wizard"]
            .with_user(admin)
            .with_context(**action["context"])
            .create({"reason": "乙县一票否决事项复核"})
        )
        wizard.action_reopen()
        self.assertEqual((self.cycle.phase, self.cycle.signoff_state), ("scoring", "draft"))
        self.assertFalse(self.cycle.review_ids)
        bodies = " ".join(self.cycle.message_ids.mapped("body"))
        self.assertIn("乙县一票否决事项复核", bodies)
        self.assertIn("from Closed to Scoring", bodies)
        self.compute()  # unlocked again
