"""Entering the year end: every unit's evaluation and its lines exist at once.

The office moves the cycle from the mid-year review to the year end; the
evaluations and lines of every assessed unit are created then (not only when
the scores are computed), in the same number of queries for 3 and for 120
units, and without results (nothing is scored yet).
"""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import QueryBudgetMixin
from .test_background_jobs import queued
from .test_scoring_common import ScoringCase
from .test_scoring_queries import JOB_QUERIES

# Queries of the office's move from the mid-year to the year end, the evaluations and
# lines created included; they must not depend on the number of units or goals. The
# creation is a background job (target.job, run inline in the tests), whose constant
# cost is that of the scoring's job (JOB_QUERIES, its notification included).
OPEN_YEAR_END_QUERIES = 36 + JOB_QUERIES
LARGE = 120


@tagged("post_install", "-at_install")
class TestYearEndOpen(QueryBudgetMixin, ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["target.unit.category"].create({"name": "开年区", "code": "open"})
        cls.warm_up = cls._build(2050, 1)
        cls.small = cls._build(2051, 3)
        cls.large = cls._build(2052, LARGE)

    @classmethod
    def _build(cls, year, size):
        return cls._midyear_cycle(year, size, cls.category, "o")[0]

    def open_year_end(self, cycle):
        cycle.with_user(self.users["office"]).action_next_phase()

    def test_evaluations_and_lines_exist_on_entering_the_year_end(self):
        self.open_year_end(self.small)
        self.assertEqual(self.small.phase, "year_end")
        evaluations = self.env["target.evaluation"].search(
            [("cycle_id", "=", self.small.id), ("stage", "=", "year_end")]
        )
        self.assertEqual(len(evaluations), 3)
        self.assertEqual(len(evaluations.line_ids), 9)
        self.assertFalse(any(evaluations.mapped("computed_at")), "nothing is scored yet")
        self.assertEqual(set(evaluations.mapped("state")), {"draft"})
        gdp = evaluations.line_ids.filtered(lambda line: line.indicator_id == self.ind_gdp)
        self.assertEqual(sorted(gdp.mapped("actual_value")), [90.0, 90.1, 90.2])
        self.assertEqual(gdp.assessor_unit_id, self.dept_stats)
        # the office's button adds the lines of a goal created since, and nothing else
        unit = evaluations[0].unit_id
        quant = evaluations[0].scheme_id.section_ids.filtered(lambda s: s.code == "quant")
        late = self._goal(unit, self.ind_energy, quant, 10, 100, cycle=self.small)
        self.small.with_user(self.users["office"]).action_prepare_evaluations()
        self.assertEqual(len(evaluations.line_ids), 10)
        self.assertIn(late, evaluations.line_ids.goal_id)
        self.small.with_user(self.users["office"]).action_prepare_evaluations()
        self.assertEqual(len(evaluations.line_ids), 10)

    def test_creation_is_a_background_job(self):
        """In production the move returns at once; the runner creates the evaluations."""
        Evaluation = self.env["target.evaluation"]
        with queued():
            self.open_year_end(self.small)
            self.assertEqual(self.small.phase, "year_end")
            job = self.env["target.job"].search(
                [("res_model", "=", "target.cycle"), ("res_id", "=", self.small.id)]
            )
            self.assertEqual(job.state, "queued")
            self.assertEqual(job.user_id, self.users["office"])
            self.assertFalse(Evaluation.search_count([("cycle_id", "=", self.small.id)]))
            # the office's button while it is queued: the same job, not a second one
            self.small.with_user(self.users["office"]).action_prepare_evaluations()
            self.assertEqual(
                self.env["target.job"].search_count([("identity_key", "=", job.identity_key)]), 1
            )
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.assertEqual(job.state, "done")
        self.assertIn("9", job.result)  # 3 evaluations, 9 lines
        self.assertEqual(Evaluation.search_count([("cycle_id", "=", self.small.id)]), 3)

    def test_only_the_office_prepares_and_only_at_the_year_end(self):
        for role in ("unit_user", "assessor", "leader", "hr", "evaluator"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.small.with_user(self.users[role]).action_prepare_evaluations()
        with self.assertRaisesRegex(UserError, self.small.name):
            self.small.with_user(self.users["office"]).action_prepare_evaluations()

    def test_query_count_does_not_grow_with_the_cycle(self):
        self.open_year_end(self.warm_up)
        counts = []
        for cycle in (self.small, self.large):
            with self.assertQueryCount(OPEN_YEAR_END_QUERIES):
                counts.append(self.queries(lambda cycle=cycle: self.open_year_end(cycle)))
        Line = self.env["target.evaluation.line"]
        self.assertEqual(Line.search_count([("cycle_id", "=", self.large.id)]), LARGE * 3)
        self.assertEqual(counts, [OPEN_YEAR_END_QUERIES] * 2)
