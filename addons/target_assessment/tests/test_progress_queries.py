"""Query budget of a progress submission (issue #21: scripts/loadcheck's hot path).

A clerk's submission is two requests: ``create`` of the draft report (with
its value and narrative) and ``action_submit``. Both are counted as the
server runs them for a request: the ORM's cache emptied before each, the
chatter on (the creation message, the tracking of the state), everything
written by the end (``cr.flush()``: pending writes and precommit hooks).
The audit log is suspended (its cost is measured apart, scripts/bench_audit.py).
"""

from odoo.tests import tagged

from .common import QueryBudgetMixin
from .test_progress import ProgressCase

# Measured; a change that adds queries to the hot path must say why here.
CREATE_QUERIES = 19
SUBMIT_QUERIES = 16


@tagged("post_install", "-at_install")
class TestSubmissionQueries(QueryBudgetMixin, ProgressCase):
    def setUp(self):
        super().setUp()
        self.clerk_env = self.env(
            user=self.users["unit_user"],
            context=dict(self.env.context, tracking_disable=False, lang="zh_CN"),
        )

    def _create(self, goal, month):
        vals = {
            "goal_id": goal.id,
            "period_id": self.period(month).id,
            "value": 12.5,
            "narrative": "本月进展顺利",
        }
        created = []
        self.env.invalidate_all()
        count = self.queries(lambda: created.append(self.clerk_env["target.progress"].create(vals)))
        return created[0], count

    def _submit(self, report):
        self.env.invalidate_all()
        return self.queries(report.with_env(self.clerk_env).action_submit)

    def test_submission_budget(self):
        # a running server has its caches of the registry (access rights, rules, xmlids,
        # field definitions) filled: a first submission fills them here
        self._submit(self._create(self.g_energy, 1)[0])
        report, create_count = self._create(self.g_a, 3)
        submit_count = self._submit(report)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.users["unit_user"])
        self.assertLessEqual(create_count, CREATE_QUERIES)
        self.assertLessEqual(submit_count, SUBMIT_QUERIES)

    def test_budget_does_not_grow_with_the_reports(self):
        """The tenth report of a unit costs what the first one did."""
        counts = []
        for month in range(1, 11):
            goal = self.g_energy if month % 2 else self.g_invest
            report, create_count = self._create(goal, month)
            counts.append((create_count, self._submit(report)))
        self.assertEqual(len(set(counts[2:])), 1, counts)
