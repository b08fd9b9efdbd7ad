"""A whole year end on the generated demo city, every role from its own inbox.

The city is generated for 7 December, a few days into the year end: every role
finds its work waiting (the district's self-assessment in its leader's
approvals, the inspection group formed for the inspector, the survey open and
the scores owed for the evaluator), and the walk goes on from there. The walk
(demo_city.year_end) is run step by step; between the steps the test checks
what each role sees and may do, and that every precondition refuses with a
clear message: the district (江城区) self-assesses and claims too much, its leader
and the office approve, the assessors score (late ones named), the evaluating
bodies score, the inspection group finds the false report (deduction and
rectification), the office scores and submits, the leading group signs off
(scores locked for every role, also through import), the district appeals a
slip of the statistics bureau and the accepted appeal moves it up the ranking,
the office publishes after the publicity window, and an administrator's
reopening is recorded.
"""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..demo_city import YearEndWalk, generate
from .common import TargetCase

FALSE_REPORT = "target_assessment.target_deduction_category_false_report"


@tagged("post_install", "-at_install")
class TestYearEndDemo(TargetCase):
    today = date(2026, 12, 7)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = date.today().year
        generate(cls.env, scale=1, year=cls.year, passwords=False)
        cls.cycle = cls.env["target.cycle"].search(
            [("year", "=", cls.year), ("organizer_unit_id.parent_id", "=", False)]  # the city's
        )
        cls.walk = YearEndWalk(cls.env, cls.cycle)
        cls.demo = dict(cls.walk.users)
        for login in ("dept_user", "director"):
            cls.demo[login] = cls.env["res.users"].search([("login", "=", login)])
        cls.district = cls.walk.district

    def as_(self, login, record):
        return record.with_user(self.demo[login])

    def inbox(self, login):
        """The year-end evaluations waiting for ``login``'s approval."""
        return self.as_(login, self.env["target.evaluation"]).search(
            [("cycle_id", "=", self.cycle.id), ("can_review", "=", True)]
        )

    def evaluation(self, unit=None):
        return self.env["target.evaluation"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("stage", "=", "year_end"),
                ("unit_id", "=", (unit or self.district).id),
            ]
        )

    def test_year_end_on_the_demo_city(self):
        walk, cycle = self.walk, self.cycle
        office_cycle = self.as_("office", cycle)

        # -- the year end opens: an evaluation per assessed unit, lines per goal
        with self.assertRaises(AccessError):
            self.as_("county_user", cycle).action_next_phase()
        walk.open_year_end()
        self.assertEqual(cycle.phase, "year_end")
        evaluations = self.env["target.evaluation"].search(
            [("cycle_id", "=", cycle.id), ("stage", "=", "year_end")]
        )
        assessed = self.env["target.unit"].search([("is_assessed", "=", True)])
        self.assertGreater(len(evaluations), 100)
        self.assertLessEqual(set(evaluations.unit_id.ids), set(assessed.ids))
        district_eval = self.evaluation()
        self.assertTrue(district_eval.line_ids)
        # -- what waits in each inbox a few days in: the district's self-assessment,
        # submitted by its clerk, for its leader first (then the office)
        self.assertEqual(district_eval.state, "submitted")
        self.assertIn(district_eval, self.inbox("county_leader"))
        self.assertNotIn(district_eval, self.inbox("office"))
        with self.assertRaises(UserError):  # submitted: its values are fixed now
            self.as_("county_user", walk.district_claim()).write({"self_value": 1.0})
        # the inspection group the office formed, for its leader to start
        group = self.as_("inspector", self.env["target.inspection"]).search(
            [("cycle_id", "=", cycle.id)]
        )
        self.assertEqual((group.name, group.state), ("第一考核组", "draft"))
        self.assertEqual(group.unit_ids, self.district)
        # the survey of the departments, open and partly answered, for the evaluator
        campaign = self.as_("evaluator", self.env["target.evaluation.campaign"]).search(
            [("cycle_id", "=", cycle.id)]
        )
        self.assertEqual(campaign.state, "open")
        answers = campaign.sudo().group_ids.invitation_ids
        done = answers.filtered(lambda i: i.state == "done")
        self.assertTrue(done)
        self.assertLess(len(done), len(answers) * 0.9)
        # and the scores the evaluator's body owes, on the evaluator's landing page
        owed = self.as_("evaluator", self.env["target.special.evaluation.expected"]).search(
            [("cycle_id", "=", cycle.id), ("done", "=", False)]
        )
        self.assertTrue(owed)
        self.assertEqual(owed.body_id.code, "npc")
        home = self.env.ref("target_assessment.target_assessment_home_action")
        self.assertEqual(
            home.with_user(self.demo["evaluator"]).run()["res_model"],
            "target.special.evaluation.expected",
        )
        # the other units have not submitted yet: the department's clerk cannot without values
        department_eval = self.evaluation(self.demo["dept_user"].target_unit_ids)
        self.assertEqual(department_eval.state, "draft")
        with self.assertRaisesRegex(UserError, "Give the self-assessed value of every goal"):
            self.as_("dept_user", department_eval).action_submit()
        # the clerk sees only the district's subtree
        seen = self.as_("county_user", self.env["target.evaluation"]).search(
            [("cycle_id", "=", cycle.id)]
        )
        self.assertEqual(
            seen.unit_id, seen.unit_id.filtered_domain([("id", "child_of", self.district.id)])
        )

        # -- self-assessment; a unit cannot write another unit's lines
        walk.self_assess()
        claim = walk.district_claim()
        self.assertTrue(all(district_eval.line_ids.mapped("self_scored")))
        # 20 % more than it reached: its actual, or its target where it ends the year on it
        reached = (claim.actual_value, claim.target_value)
        self.assertTrue(any(abs(claim.self_value - value * 1.2) < 1e-3 for value in reached))
        with self.assertRaises(AccessError):
            self.as_("dept_user", claim).write({"self_value": 1.0})

        # -- approvals: the leader, then the office, from their inboxes
        walk.approve_self_assessments()
        self.assertEqual(district_eval.state, "approved")
        self.assertEqual(set(district_eval.review_ids.mapped("status")), {"approved"})
        self.assertIn(self.demo["county_leader"], district_eval.review_ids.done_by)
        self.assertIn(self.demo["office"], district_eval.review_ids.done_by)
        # the units without a demo user: approved through their reviews too
        evaluations = self.env["target.evaluation"].search(
            [("cycle_id", "=", cycle.id), ("stage", "=", "year_end")]
        )
        self.assertEqual(set(evaluations.mapped("state")), {"approved"})
        for evaluation in evaluations:
            self.assertEqual(set(evaluation.review_ids.mapped("status")), {"approved"})

        # -- assessors: late ones are named; each scores only its own indicators
        with self.assertRaisesRegex(UserError, "assessors have not scored every line: .*统计局"):
            office_cycle.action_next_phase()
        stats_line = walk.district_appealed()
        with self.assertRaisesRegex(AccessError, "Only the assessor unit of an indicator"):
            self.as_("assessor_env", stats_line).write({"assessor_score": 0.0})
        walk.score_as_assessors()
        self.assertFalse(
            walk.lines([("assessor_unit_id", "!=", False), ("assessor_scored", "=", False)])
        )
        self.assertAlmostEqual(
            stats_line.assessor_value, round(walk.year_end_result(stats_line)[0] / 10, 4), 3
        )

        # -- special evaluations: the survey closed by the evaluator, then every body's scores
        walk.run_satisfaction_survey()
        self.assertEqual(campaign.state, "closed")
        self.assertGreater(len(answers.filtered(lambda i: i.state == "done")), len(done))
        walk.enter_special_evaluations()
        Expected = self.env["target.special.evaluation.expected"]
        Expected.invalidate_model()  # a view over the evaluations just entered
        expected = Expected.search([("cycle_id", "=", cycle.id)])
        self.assertTrue(expected)
        self.assertFalse(expected.filtered(lambda row: not row.done))
        npc = self.env["target.special.evaluation"].search(
            [("cycle_id", "=", cycle.id), ("body_id.code", "=", "npc")]
        )
        self.assertEqual(npc.evaluator_id, self.demo["evaluator"])
        cppcc = self.env["target.special.evaluation"].search(
            [("cycle_id", "=", cycle.id), ("body_id.code", "=", "cppcc")], limit=1
        )
        with self.assertRaises(AccessError):
            self.as_("evaluator", cppcc).write({"score": 60.0})

        # -- inspection: 回避 enforced, the false report costs points and opens a rectification
        inspector = self.demo["inspector"]
        with self.assertRaisesRegex(ValidationError, inspector.name):
            self.env["target.inspection"].create(
                {
                    "name": "回避",
                    "cycle_id": cycle.id,
                    "leader_id": inspector.id,
                    "unit_ids": [(6, 0, inspector.target_unit_ids.ids)],
                }
            )
        walk.inspect()
        deduction = self.env["target.score.adjustment"].search(
            [("unit_id", "=", self.district.id), ("cycle_id", "=", cycle.id)]
        )
        self.assertIn(self.env.ref(FALSE_REPORT), deduction.deduction_category_id)
        self.assertEqual(set(deduction.mapped("state")), {"draft"})  # the office decides
        with self.assertRaises(AccessError):
            self.as_("county_user", deduction).action_confirm()
        walk.decide_adjustments()
        self.assertEqual(set(deduction.mapped("state")), {"confirmed"})
        rectification = self.env["target.rectification"].search(
            [("unit_id", "=", self.district.id), ("cycle_id", "=", cycle.id)]
        )
        self.assertEqual(rectification.source, "finding")
        self.assertNotEqual(rectification.state, "verified")
        self.assertTrue(claim.verified)
        self.assertAlmostEqual(claim.verified_value, walk.year_end_result(claim)[0], places=3)
        # the inspector sees only the district's lines
        inspector_lines = self.as_("inspector", self.env["target.evaluation.line"]).search(
            [("cycle_id", "=", cycle.id)]
        )
        self.assertEqual(inspector_lines.unit_id, self.district)

        # -- scoring and sign-off; locked for every role, also through import
        with self.assertRaises(AccessError):
            self.as_("leader", cycle).action_submit_signoff()
        walk.score_and_sign_off()
        self.assertEqual((cycle.phase, cycle.signoff_state), ("publicity", "approved"))
        district_eval.invalidate_recordset()
        self.assertTrue(district_eval.computed_at)
        self.assertTrue(district_eval.grade)
        self.assertGreater(district_eval.deduction, 0)
        with self.assertRaisesRegex(UserError, "approved"):
            office_cycle.action_compute_scores()
        for login, values in (
            ("county_user", {"self_value": 1.0}),
            ("assessor_stats", {"assessor_score": 1.0}),
            ("office", {"verified_score": 1.0}),
        ):
            with self.assertRaises(UserError):  # or its subclass AccessError
                self.as_(login, stats_line).write(values)
        before = stats_line.assessor_score
        result = self.as_("office", self.env["target.evaluation.line"]).load(
            [".id", "assessor_score"], [[str(stats_line.id), "1"]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("approved", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(stats_line.assessor_score, before)

        # -- publicity: the district appeals, the office accepts; rank and total change
        category_evals = self.env["target.evaluation"].search(
            [
                ("cycle_id", "=", cycle.id),
                ("stage", "=", "year_end"),
                ("category_id", "=", district_eval.category_id.id),
            ]
        )
        self.assertEqual(
            sorted(category_evals.mapped("rank")), list(range(1, len(category_evals) + 1))
        )
        appeal = walk.appeal()
        self.assertEqual(appeal.state, "accepted")
        self.assertGreater(appeal.total_after, appeal.total_before)
        self.assertLess(appeal.rank_after, appeal.rank_before)
        self.assertEqual(self.evaluation().rank, appeal.rank_after)
        self.assertEqual(self.evaluation().total, appeal.total_after)

        # -- publication: not before the window is over, then published
        with self.assertRaisesRegex(UserError, "the publicity period runs until"):
            office_cycle.action_publish()
        with freeze_time(cycle.publicity_end + timedelta(days=1)):
            walk.publish()
        self.assertEqual(cycle.phase, "published")
        # the people: the district's leadership team gets its results, HR reads them
        team = self.district.sudo().leader_ids
        results = self.as_("hr", self.env["target.personnel.result"]).search(
            [("cycle_id", "=", cycle.id), ("unit_id", "=", self.district.id)]
        )
        self.assertEqual(set(results.employee_id.ids), set(team.employee_id.ids))
        self.assertEqual(set(results.mapped("unit_rank")), {appeal.rank_after})
        self.assertFalse(
            self.as_("county_user", self.env["target.personnel.result"]).search(
                [("cycle_id", "=", cycle.id)]
            )
        )
        bonuses = self.env["target.bonus"].search([("cycle_id", "=", cycle.id)])
        self.assertTrue(bonuses)
        self.assertGreater(sum(bonuses.mapped("amount")), 0)
        open_items = self.env["target.rectification"].search(
            [("unit_id", "=", self.district.id), ("state", "!=", "verified")]
        )
        self.assertTrue(open_items)
        # the district reads the ranking of its category, not the others' lines
        other = (category_evals - district_eval)[:1]
        self.as_("county_user", other).read(["total", "rank", "grade"])
        with self.assertRaises(AccessError):
            self.as_("county_user", other.line_ids[:1]).read(["final_score"])
        department = self.env["target.evaluation"].search(
            [
                ("cycle_id", "=", cycle.id),
                ("stage", "=", "year_end"),
                ("category_id", "!=", district_eval.category_id.id),
            ],
            limit=1,
        )
        with self.assertRaises(AccessError):
            self.as_("county_user", department).read(["total"])
        self.as_("county_user", open_items).read(["name", "state"])

        # -- reopening: an administrator only, with the reason recorded
        director = self.demo["director"]
        with self.assertRaises(AccessError):
            office_cycle.action_reopen()
        action = cycle.with_user(director).action_reopen()
        wizard = (
            self.env[action["res_model"]]
            .with_user(director)
            .with_context(**action["context"])
            .create({"reason": "申诉复核后需重新审定"})
        )
        wizard.action_reopen()
        self.assertEqual(cycle.phase, "scoring")
        self.assertIn("申诉复核后需重新审定", "".join(cycle.message_ids[:3].mapped("body")))
