"""Appeals during the publicity of the results (申诉)."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_cycle_signoff import YearEndCase


@tagged("post_install", "-at_install")
class TestAppeals(YearEndCase):
    def test_appeal_only_in_the_publicity_window(self):
        self.compute()
        with self.assertRaisesRegex(UserError, "only during their publicity period"):
            self.appeal(self.county_a)
        self.to_publicity()
        with (
            freeze_time(date.today() + timedelta(days=7)),
            self.assertRaisesRegex(UserError, "only during their publicity period"),
        ):
            self.appeal(self.county_a)
        appeal = self.appeal(self.county_a)
        self.assertEqual(appeal.state, "submitted")

    def test_appeal_only_by_the_units_users(self):
        self.to_publicity()
        with self.assertRaises(AccessError):
            self.appeal(self.county_b)
        with self.assertRaises(AccessError):
            self.appeal(self.county_a, role="assessor")

    def test_accepted_appeal_changes_rank_and_grade(self):
        self.to_publicity()
        before = self.evaluation(self.county_a)
        self.assertEqual((before.total, before.rank, before.grade), (83.0, 3, "good"))
        appeal = self.appeal(self.county_a)
        self.assertEqual((appeal.total_before, appeal.rank_before), (83.0, 3))
        with self.assertRaises(AccessError):
            appeal.with_user(self.users["unit_user"]).write({"corrected_score": 50.0})
        with self.assertRaises(AccessError):
            appeal.with_user(self.users["unit_user"]).action_accept()
        office = self.users["office"]
        appeal.with_user(office).write({"corrected_value": 100.0, "corrected_score": 50.0})
        appeal.with_user(office).action_accept()
        after = self.evaluation(self.county_a)
        self.assertEqual((after.total, after.rank, after.grade), (98.0, 1, "excellent"))
        self.assertEqual(self.evaluation(self.county_b).rank, 2)
        self.assertEqual(
            (appeal.state, appeal.rank_after, appeal.grade_after), ("accepted", 1, "excellent")
        )
        line = self.line(self.gdp[self.county_a])
        self.assertEqual(
            (line.verified, line.verified_score, line.score_source), (True, 50.0, "verified")
        )
        # the bypass served the appeal only: the cycle is locked as before
        self.assertEqual(self.cycle.phase, "publicity")
        with self.assertRaisesRegex(UserError, "approved"):
            self.compute()
        with self.assertRaisesRegex(UserError, "cannot go from Accepted to Accepted"):
            appeal.with_user(office).action_accept()

    def test_rejected_appeal_keeps_the_scores(self):
        self.to_publicity()
        appeal = self.appeal(self.county_a, line_id=False)
        self.assertIn("the total", appeal.name)
        office = self.users["office"]
        with self.assertRaisesRegex(UserError, "Give the reason"):
            appeal.with_user(office).action_reject()
        appeal.with_user(office).write({"rejection_reason": "评分依据充分"})
        appeal.with_user(office).action_reject()
        evaluation = self.evaluation(self.county_a)
        self.assertEqual((appeal.state, evaluation.total, evaluation.rank), ("rejected", 83.0, 3))
        self.assertEqual(appeal.with_user(self.users["unit_user"]).rejection_reason, "评分依据充分")
        with self.assertRaises(AccessError):
            appeal.with_user(self.users["unit_user"]).write({"reason": "补充"})
