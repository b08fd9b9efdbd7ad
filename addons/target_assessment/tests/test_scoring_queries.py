"""Query budget of compute cycle: the same number of queries for 3 and for 120 units.

Each size is a cycle of its own built here with every kind of data the
scoring reads (four scoring methods, milestones, special evaluations by
weighted bodies, bonuses, deductions, a veto), so that both sizes run the
same code paths. A first run creates the evaluations, lines and section rows;
a second run only rewrites results. 120 units cross the ORM's batches of 100
rows (``create`` and the flush of computed fields), where a per-batch query
would show. Timing is the benchmark's business
(scripts/bench), not the tests'.
"""

from datetime import date

from odoo.tests import tagged

from ..demo_city.flow import put_schemes_in_force
from .common import QueryBudgetMixin
from .test_scoring_common import ScoringCase

# Queries of one run; they must not depend on the number of units or goals.
# (The first run includes the 2 of the number constraint on the new lines: their goals'
# points and their indicators' methods, read once for all lines.) Both include the
# INSERT of the run's record (target.scoring.run, with the digests of its data) and the
# read of the units' earlier ranks (the movement of their rank).
# The action runs the scoring as a background job (target.job; inline in the tests):
# its constant cost is the identity check, the job's INSERT, its two state moves
# (running, then done with its result), the savepoint around the work (SAVEPOINT and
# RELEASE) and the INSERT of the notification telling the user it is done (bus.bus,
# a precommit hook: counted by queries() below, which runs them like a commit).
JOB_QUERIES = 7
FIRST_RUN_QUERIES = 35 + JOB_QUERIES
RECOMPUTE_QUERIES = 26 + JOB_QUERIES
LARGE = 120  # units of the large cycle


@tagged("post_install", "-at_install")
class TestScoringQueries(QueryBudgetMixin, ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["target.unit.category"].create({"name": "测试区", "code": "bench"})
        cls.warm_up = cls._build(2040, 1)
        cls.small = cls._build(2041, 3)
        cls.large = cls._build(2042, LARGE)

    @classmethod
    def _build(cls, year, size):
        env = cls.env
        cycle = env["target.cycle"].create(
            {
                "name": f"{year}年度",
                "year": year,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
                "scoring_deadline": date(year + 1, 1, 20),
            }
        )
        scheme = env["target.scheme"].create(
            {
                "name": f"{year} 测试办法",
                "cycle_id": cycle.id,
                "category_id": cls.category.id,
                "section_ids": [
                    (0, 0, {"name": "重点", "code": "key", "weight": 40, "kind": "goals"}),
                    (0, 0, {"name": "定量", "code": "quant", "weight": 50, "kind": "goals"}),
                    (0, 0, {"name": "评议", "code": "other", "weight": 10, "kind": "special"}),
                ],
            }
        )
        put_schemes_in_force(scheme)
        key, quant, other = scheme.section_ids
        other.body_ids = cls.body_npc | cls.body_public
        units = env["target.unit"].create(
            [
                {
                    "name": f"{year}-{index}",
                    "code": f"q{year}-{index}",
                    "parent_id": cls.city.id,
                    "category_id": cls.category.id,
                }
                for index in range(size)
            ]
        )
        for index, unit in enumerate(units):
            cls._goal(unit, cls.ind_project, key, 20, 1, actual=index % 2, cycle=cycle)
            task = cls._goal(unit, cls.ind_task, key, 20, 100, cycle=cycle)
            cls._milestones(task, (6, 50, True), (12, 50, bool(index % 3)))
            cls._goal(unit, cls.ind_gdp, quant, 30, 100, actual=90 + index / 10, cycle=cycle)
            cls._goal(unit, cls.ind_revenue, quant, 20, 100, actual=80 + index / 10, cycle=cycle)
            cls._special(unit, cls.body_npc, 80 + index / 10, section=other, cycle=cycle)
            cls._special(unit, cls.body_public, 90, section=other, cycle=cycle)
            cls._adjustment(unit, "bonus", cycle=cycle, award_level="city", date=date(year, 5, 1))
            cls._adjustment(
                unit,
                "deduction",
                cycle=cycle,
                deduction_category_id=cls.cat_criticism.id,
                points=1,
                date=date(year, 5, 1),
            )
        cls._veto(units[0], cycle=cycle)
        return cycle

    def compute(self, cycle):
        return cycle.with_user(self.users["office"]).action_compute_scores()

    def test_query_count_does_not_grow_with_the_cycle(self):
        # caches of the registry, access rights, rules; twice: the first job also fills
        # caches (defaults) the scoring alone did not need
        for _again in range(2):
            self.queries(lambda: self.compute(self.warm_up))
        first, again = [], []
        for cycle in (self.small, self.large):
            with self.assertQueryCount(FIRST_RUN_QUERIES):
                first.append(self.queries(lambda cycle=cycle: self.compute(cycle)))
        for cycle in (self.small, self.large):
            with self.assertQueryCount(RECOMPUTE_QUERIES):
                again.append(self.queries(lambda cycle=cycle: self.compute(cycle)))
        # assertQueryCount only fails on more queries: pin the exact numbers too
        self.assertEqual(first, [FIRST_RUN_QUERIES] * 2)
        self.assertEqual(again, [RECOMPUTE_QUERIES] * 2)
        # changed data: the changed lines, sections and totals in one query per table
        changed = []
        for cycle in (self.small, self.large):
            goals = self.env["target.goal"].search([("cycle_id", "=", cycle.id)])
            goals.filtered(lambda goal: goal.indicator_id == self.ind_gdp).own_actual = 50
            changed.append(self.queries(lambda cycle=cycle: self.compute(cycle)))
        self.assertEqual(changed[0], changed[1])
        self.assertGreater(changed[0], RECOMPUTE_QUERIES)
        Line = self.env["target.evaluation.line"]
        self.assertEqual(Line.search_count([("cycle_id", "=", self.small.id)]), 3 * 4)
        self.assertEqual(Line.search_count([("cycle_id", "=", self.large.id)]), LARGE * 4)
        ranks = self.env["target.evaluation"].search([("cycle_id", "=", self.large.id)])
        self.assertEqual(sorted(ranks.mapped("rank"))[:2], [1, 2])
        self.assertEqual(len(ranks.filtered("vetoed")), 1)

    def recompute_queries(self):
        """Queries of a recomputation of the small and the large cycle, caches warm."""
        for _again in range(2):
            self.queries(lambda: self.compute(self.warm_up))
        for cycle in (self.small, self.large):
            self.queries(lambda cycle=cycle: self.compute(cycle))
        return [
            self.queries(lambda cycle=cycle: self.compute(cycle))
            for cycle in (self.small, self.large)
        ]

    def test_unit_difficulty_adds_one_query(self):
        # the schemes weigh units by difficulty: their coefficients are read in one
        # query more, whatever the number of units (a coefficient of 1: same results)
        for cycle in (self.warm_up, self.small, self.large):
            scheme = cycle.scheme_ids
            scheme.difficulty_basis = "unit"
            unit = self.env["target.unit"].search([("code", "=", f"q{cycle.year}-0")])
            self.env["target.scheme.difficulty"].create(
                {"scheme_id": scheme.id, "unit_id": unit.id, "coefficient": 1.0, "reason": "测试"}
            )
        self.assertEqual(self.recompute_queries(), [RECOMPUTE_QUERIES + 1] * 2)

    def test_shared_points_add_one_query(self):
        # the schemes share a goal's points with its cooperating units (配合单位): the
        # cooperation lines are read in one query more, whatever the number of units
        for cycle in (self.warm_up, self.small, self.large):
            cycle.scheme_ids.cooperation_points = True
            gdp = self.env["target.goal"].search(
                [("cycle_id", "=", cycle.id), ("indicator_id", "=", self.ind_gdp.id)],
                order="unit_id",
            )
            self.env["target.goal.cooperation"].create(
                [
                    {"goal_id": goal.id, "unit_id": other.unit_id.id, "point_share": 10.0}
                    for goal, other in zip(gdp, gdp[1:] + gdp[:1], strict=True)
                    if other != goal
                ]
            )
        self.assertEqual(self.recompute_queries(), [RECOMPUTE_QUERIES + 1] * 2)

    def test_midyear_preview_query_count(self):
        office = self.users["office"]
        # twice: the first job also fills caches (defaults) the scoring alone did not need
        for _again in range(2):
            self.queries(lambda: self.warm_up.with_user(office).action_preview_midyear())
        counts = [
            self.queries(lambda cycle=cycle: cycle.with_user(office).action_preview_midyear())
            for cycle in (self.small, self.large, self.small, self.large)
        ]
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[2], counts[3])
