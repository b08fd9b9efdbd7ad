"""Query budget of the publication: the same number of queries for 3 and for 9 units."""

from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import QueryBudgetMixin
from .test_scoring_common import ScoringCase

# Queries of applying a cycle's results (personnel results, bonuses, incentives),
# first time and again; they must not depend on the number of units or leaders.
# Applied again on a later day, every result gets a new published_on: one
# UPDATE more than a re-application within the same second, which wrote
# nothing new. The test therefore fixes both moments (it used to count 20 or
# 21 depending on whether the real clock's second had turned in between).
FIRST_QUERIES = 27
AGAIN_QUERIES = 21


@tagged("post_install", "-at_install")
class TestPersonnelQueries(QueryBudgetMixin, ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["target.unit.category"].create({"name": "测试区", "code": "hrq"})
        cls.warm_up = cls._build(2050, 1)
        cls.small = cls._build(2051, 3)
        cls.large = cls._build(2052, 9)

    @classmethod
    def _build(cls, year, size):
        """A scored cycle of ``size`` units, each with three leaders, one with an own goal."""
        env = cls.env
        cycle, key, quant, units = cls._scheme_units(
            year, size, cls.category, "h", f"{year} 测试办法"
        )
        people = env["hr.employee"].create(
            [{"name": f"{year}-{index}-{n}"} for index in range(size) for n in range(3)]
        )
        env["target.unit.leader"].create(
            [
                {"unit_id": unit.id, "employee_id": people[3 * index + n].id, "role": role}
                for index, unit in enumerate(units)
                for n, role in enumerate(("principal", "deputy", "member"))
            ]
        )
        for index, unit in enumerate(units):
            cls._goal(unit, cls.ind_project, key, 40, 1, actual=index % 2, cycle=cycle)
            cls._goal(unit, cls.ind_gdp, quant, 60, 100, actual=70 + 5 * index, cycle=cycle)
            task = cls._goal(
                unit,
                cls.ind_task,
                quant,
                10,
                100,
                cycle=cycle,
                employee_id=people[3 * index + 1].id,
                name=f"{unit.name} 分管任务",
            )
            cls._milestones(task, (6, 50, True), (12, 50, bool(index % 2)))
            cls._goal(
                unit,
                cls.ind_revenue,
                quant,
                10,
                100,
                actual=95,
                cycle=cycle,
                employee_id=people[3 * index].id,
                name=f"{unit.name} 本人收入",
            )
        cls._veto(units[0], cycle=cycle)
        cycle.with_user(cls.users["office"]).action_compute_scores()
        return cycle

    def test_query_count_does_not_grow_with_the_cycle(self):
        self.warm_up._apply_results()  # caches of the registry, access rights, rules
        first, again = [], []
        with freeze_time("2026-11-30 10:00:00"):
            for cycle in (self.small, self.large):
                with self.assertQueryCount(FIRST_QUERIES):
                    first.append(self.queries(cycle._apply_results))
        with freeze_time("2026-12-01 10:00:00"):  # published again the next day
            for cycle in (self.small, self.large):
                with self.assertQueryCount(AGAIN_QUERIES):
                    again.append(self.queries(cycle._apply_results))
        # pin the exact numbers (assertQueryCount alone only fails on more queries)
        self.assertEqual(first, [FIRST_QUERIES] * 2)
        self.assertEqual(again, [AGAIN_QUERIES] * 2)
        Result = self.env["target.personnel.result"]
        republished = Result.search([("cycle_id", "in", (self.small | self.large).ids)])
        self.assertEqual(set(republished.mapped("published_on")), {datetime(2026, 12, 1, 10)})
        self.assertEqual(Result.search_count([("cycle_id", "=", self.small.id)]), 9)
        self.assertEqual(Result.search_count([("cycle_id", "=", self.large.id)]), 27)
        owners = Result.search([("cycle_id", "=", self.large.id), ("own_goal_count", ">", 0)])
        self.assertEqual(len(owners), 18)
        # the milestone goal of an even unit's deputy: half its milestones done
        deputy = owners.filtered(lambda r: r.unit_id.name == "2052-0" and r.role == "deputy")
        self.assertEqual((deputy.own_score, deputy.own_points), (5.0, 10.0))
        bonuses = self.env["target.bonus"].search_count([("cycle_id", "=", self.large.id)])
        self.assertEqual(bonuses, 9)
