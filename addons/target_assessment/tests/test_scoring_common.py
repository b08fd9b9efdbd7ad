"""Shared fixture of the scoring tests (no test of its own).

The small city of :class:`TargetCityCase`, scored: the county scheme
(key 40 : quant 50 : other 10) with four kinds of indicators, two evaluating
bodies weighing 3 and 2 in the special section, award points 3/2/1 with a
cap of 5, a deduction category capped at 3, a veto item, and the previous
cycle (2025) whose late awards carry over into 2026.
"""

from datetime import date

from ..demo_city.flow import put_schemes_in_force
from .common import TargetCityCase


class ScoringCase(TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.previous = env["target.cycle"].create(
            {
                "name": "2025年度",
                "year": 2025,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
                "scoring_deadline": date(2026, 1, 20),
            }
        )
        cls.cycle.write(
            {
                "previous_cycle_id": cls.previous.id,
                "midyear_date": date(2026, 6, 30),
                "scoring_deadline": date(2027, 1, 20),
            }
        )
        Indicator = env["target.indicator"]
        cls.ind_project = Indicator.create(
            {"name": "重大项目开工", "code": "T_BIN", "kind": "task", "scoring_method": "binary"}
        )
        cls.ind_task = Indicator.create(
            {"name": "重点任务", "code": "T_MS", "kind": "task", "scoring_method": "milestones"}
        )
        cls.ind_quality = Indicator.create(
            {
                "name": "人居环境整治",
                "code": "T_GRADE",
                "kind": "qualitative",
                "scoring_method": "grade",
            }
        )
        cls.ind_revenue = Indicator.create(
            {
                "name": "一般公共预算收入",
                "code": "Q_BANDS",
                "scoring_method": "bands",
                "band_ids": [
                    (0, 0, {"min_completion": 100, "share": 100}),
                    (0, 0, {"min_completion": 90, "share": 90, "proportional": True}),
                    (0, 0, {"min_completion": 60, "share": 50, "proportional": True}),
                ],
            }
        )
        Body = env["target.evaluation.body"]
        cls.body_npc = Body.create({"name": "人大", "code": "t_npc", "weight": 3.0})
        cls.body_public = Body.create({"name": "社会评价", "code": "t_public", "weight": 2.0})
        cls.body_npc.user_ids = cls.users["evaluator"]
        cls.other = cls.section(cls.scheme_county, "other")
        cls.other.body_ids = cls.body_npc | cls.body_public
        cls.scheme_county.write(
            {
                "excellent_quota": 50.0,
                "tie_break_section_id": cls.section(cls.scheme_county, "quant").id,
            }
        )
        cls.cat_criticism = env["target.deduction.category"].create(
            {"name": "通报批评", "code": "t_criticism", "cap": 3.0}
        )
        cls.cat_false = env["target.deduction.category"].create(
            {"name": "虚报瞒报", "code": "t_false"}
        )
        # the shipped item, not a second one of the same name: a user picking
        # 安全生产 finds one
        cls.veto_safety = env.ref("target_assessment.target_veto_type_safety")
        cls.veto_safety.name = "安全生产"  # the fixture reads Chinese names

    # -- builders ------------------------------------------------------------------

    @classmethod
    def _scheme_units(cls, year, size, category, tag, scheme_name):
        """A cycle of ``year`` with ``size`` units of ``category`` (named ``<year>-<n>``,
        codes ``<tag><year>-<n>``) under a 40:60 scheme in force (sections key and
        quant); returns ``(cycle, key, quant, units)``."""
        env = cls.env
        cycle = env["target.cycle"].create(
            {
                "name": f"{year}年度",
                "year": year,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
            }
        )
        scheme = env["target.scheme"].create(
            {
                "name": scheme_name,
                "cycle_id": cycle.id,
                "category_id": category.id,
                "section_ids": [
                    (0, 0, {"name": "重点", "code": "key", "weight": 40, "kind": "goals"}),
                    (0, 0, {"name": "定量", "code": "quant", "weight": 60, "kind": "goals"}),
                ],
            }
        )
        put_schemes_in_force(scheme)
        key, quant = scheme.section_ids
        units = env["target.unit"].create(
            [
                {
                    "name": f"{year}-{index}",
                    "code": f"{tag}{year}-{index}",
                    "parent_id": cls.city.id,
                    "category_id": category.id,
                }
                for index in range(size)
            ]
        )
        return cycle, key, quant, units

    @classmethod
    def _midyear_cycle(cls, year, size, category, tag):
        """A cycle of ``year`` at its mid-year, with ``size`` units of ``category`` (codes
        ``<tag><year>-<n>``) under a 40:60 scheme in force, each with a key task and two
        quantitative goals (GDP reported at 90 + n/10); returns ``(cycle, gdp goals)``.
        For the budgets whose query count must not grow with the number of units."""
        env = cls.env
        cycle, key, quant, units = cls._scheme_units(
            year, size, category, tag, f"{year} {category.name}办法"
        )
        gdp = env["target.goal"]
        for index, unit in enumerate(units):
            cls._goal(unit, cls.ind_project, key, 40, 1, actual=index % 2, cycle=cycle)
            gdp |= cls._goal(unit, cls.ind_gdp, quant, 30, 100, actual=90 + index / 10, cycle=cycle)
            cls._goal(unit, cls.ind_revenue, quant, 30, 100, cycle=cycle)
        cycle.phase = "midyear"
        return cycle, gdp

    @classmethod
    def _goal(cls, unit, indicator, section, points, target=0.0, *, actual=None, **values):
        vals = {
            "cycle_id": values.pop("cycle", cls.cycle).id,
            "unit_id": unit.id,
            "indicator_id": indicator.id,
            "section_id": section.id,
            "name": values.pop("name", f"{unit.name} {indicator.name}"),
            "target_value": target,
            "points": points,
        }
        if actual is not None:
            vals.update(own_actual=actual, own_actual_set=True)
        vals.update(values)
        return cls.env["target.goal"].create(vals)

    @classmethod
    def _milestones(cls, goal, *stages):
        """Milestones ``(month, share, done)`` of ``goal`` (expected value = cumulative share)."""
        expected = 0.0
        vals_list = []
        for month, share, done in stages:
            expected += share
            vals_list.append(
                {
                    "goal_id": goal.id,
                    "name": f"M{month}",
                    "date": date(goal.cycle_id.year, month, 28),
                    "share": share,
                    "expected_value": expected,
                    "done": done,
                }
            )
        return cls.env["target.goal.milestone"].create(vals_list)

    @classmethod
    def _special(cls, unit, body, score, section=None, cycle=None):
        return cls.env["target.special.evaluation"].create(
            {
                "cycle_id": (cycle or cls.cycle).id,
                "unit_id": unit.id,
                "section_id": (section or cls.other).id,
                "body_id": body.id,
                "score": score,
            }
        )

    @classmethod
    def _adjustment(cls, unit, kind, cycle=None, confirm=True, **values):
        item = cls.env["target.score.adjustment"].create(
            {
                "name": values.pop("name", f"{unit.name} {kind}"),
                "kind": kind,
                "unit_id": unit.id,
                "cycle_id": (cycle or cls.cycle).id,
                "date": values.pop("date", date(2026, 10, 1)),
                **values,
            }
        )
        if confirm:
            item.action_confirm()
        return item

    @classmethod
    def _veto(cls, unit, confirm=True, **values):
        veto = cls.env["target.veto"].create(
            {
                "name": values.pop("name", "重大安全生产事故"),
                "unit_id": unit.id,
                "cycle_id": values.pop("cycle", cls.cycle).id,
                "type_id": values.pop("type_id", cls.veto_safety.id),
                "date": date(2026, 5, 1),
                **values,
            }
        )
        if confirm:
            veto.action_confirm()
        return veto

    # -- reading results -------------------------------------------------------------

    def evaluation(self, unit, stage="year_end", cycle=None):
        return self.env["target.evaluation"].search(
            [
                ("cycle_id", "=", (cycle or self.cycle).id),
                ("unit_id", "=", unit.id),
                ("stage", "=", stage),
            ]
        )

    def line(self, goal, stage="year_end"):
        """The goal's line in its unit's evaluation (not a cooperating unit's share)."""
        return self.env["target.evaluation.line"].search(
            [("goal_id", "=", goal.id), ("stage", "=", stage), ("cooperation_id", "=", False)]
        )

    def section_scores(self, evaluation):
        return {row.section_id.code: row.score for row in evaluation.section_result_ids}
