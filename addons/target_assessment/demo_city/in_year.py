"""This year's reporting in the demo city (DESIGN.md §8), by its users where it has them.

The current cycle's reporting periods are generated, and every goal that
reports its own progress (and every cooperating unit's part) reports each
period that has ended by today. The reports of the earlier periods are
submitted and accepted by the office. Of the latest period:

- the demo district's clerk (``county_user``) has submitted, and one report
  came back from the office with a reason, to be corrected;
- the demo department (``dept_user``'s) has not reported yet, nor have a
  county and two departments chosen by the year: late once the period is due;
- the others have submitted: the reports on the indicators of the demo
  assessors' bureaus wait in their lists, the office has accepted the rest.

How far a goal is (its actual against what its milestones or the elapsed
time expect) is drawn from what the goal is (unit, indicator, name, year),
so the same in every database: most goals are on track, some lag (yellow),
a few are far behind (red). The lights follow the accepted reports; the
server's daily jobs flag the late reports and warn of the red goals.
"""

import random

from odoo import fields

from ..engine.monitoring import elapsed_fraction, expected_at
from ..models.target_progress import MONITORED_PHASES

RETURN_REASON = "佐证材料不全：请补充统计部门出具的数据截图后重新报送。"
NARRATIVE = {
    "on_track": "按计划推进，各项工作有序开展。",
    "behind": "受项目审批和资金到位影响，进度略有滞后，已制定赶超措施。",
    "far_behind": "进度明显滞后：主要项目尚未开工，已列入督办事项。",
}
# Units of these categories that have not reported the latest period, by number.
LATE_UNITS = {"county": 1, "department": 2}


def pace_of(goal):
    """``(pace, kind)``: the goal's actual against expected, drawn from what it is."""
    key = f"{goal.unit_id.code}/{goal.indicator_id.code}/{goal.name}/{goal.cycle_id.year}"
    rng = random.Random(f"{key}/pace")
    draw = rng.random()
    if draw < 0.06:
        return rng.uniform(0.55, 0.8), "far_behind"
    if draw < 0.2:
        return rng.uniform(0.86, 0.94), "behind"
    return rng.uniform(0.96, 1.08), "on_track"


class InYearDemo:
    """Creates the periods and progress of ``cycle`` up to today."""

    def __init__(self, env, cycle):
        self.env = env(su=True)
        self.cycle = cycle.with_env(self.env)
        self.today = fields.Date.context_today(self.cycle)
        users = self.env["res.users"].search(
            [
                (
                    "login",
                    "in",
                    ("office", "county_user", "dept_user", "assessor_stats", "assessor_env"),
                )
            ]
        )
        self.users = {user.login: user for user in users}

    def as_user(self, login, records):
        user = self.users.get(login)
        return records.with_user(user) if user else records

    def run(self):
        """Returns the progress reports created."""
        Progress = self.env["target.progress"]
        self.env["target.period"]._generate(self.cycle)
        if self.cycle.phase not in MONITORED_PHASES:
            return Progress
        periods = self.cycle.period_ids.filtered(lambda p: p.date_end < self.today).sorted(
            "date_start"
        )
        if not periods:
            return Progress
        reports = Progress.create(self._values(periods))
        latest = reports.filtered(lambda r: r.period_id == periods[-1])
        self._review(reports - latest)
        self._latest(latest)
        return reports

    def _values(self, periods):
        """The reports of ``periods``: each part at its goal's pace of what is expected."""
        vals_list = self.env["target.progress"]._missing_reports(periods)
        Goal = self.env["target.goal"]
        goals = Goal.browse({vals["goal_id"] for vals in vals_list})
        by_id = {goal.id: goal for goal in goals}
        period_by_id = {period.id: period for period in periods}
        paces = {goal.id: pace_of(goal) for goal in goals}
        lines = self.env["target.goal.cooperation"].browse(
            {vals["cooperation_id"] for vals in vals_list if vals["cooperation_id"]}
        )
        for vals in vals_list:
            goal, period = by_id[vals["goal_id"]], period_by_id[vals["period_id"]]
            pace, kind = paces[goal.id]
            part = goal._part_target(lines.browse(vals["cooperation_id"]))
            vals["value"] = self._value(goal, period.date_end, pace, part)
            vals["narrative"] = NARRATIVE[kind]
        return vals_list

    def _value(self, goal, day, pace, target):
        """The running total a goal's part whose target is ``target`` (the goal's own, or
        a share of it) at ``pace`` has reached by ``day`` (its decimals)."""
        start, end = self.cycle.date_start, goal.deadline or self.cycle.date_end
        if goal.indicator_id.direction == "lower":  # a ceiling: spent pro rata, over it when behind
            value = target * elapsed_fraction(day, start, end) / pace
        else:
            scale = target / goal.target_value if goal.target_value else 1.0
            milestones = [(m.date, m.expected_value * scale) for m in goal.milestone_ids]
            value = expected_at(day, start, end, target, milestones=milestones) * pace
        return round(value, 2)

    def _review(self, reports):
        """Earlier periods: submitted by the units, accepted by the office."""
        reports.action_submit()
        self.as_user("office", reports).action_accept()

    def _latest(self, reports):
        district = self.users.get("county_user", self.env["res.users"]).target_unit_ids
        department = self.users.get("dept_user", self.env["res.users"]).target_unit_ids
        late = department | self._late_units(reports.unit_id - district - department)
        own = reports.filtered(lambda r: r.unit_id in district)
        self.as_user("county_user", own).action_submit()
        reviewed = reports - own - reports.filtered(lambda r: r.unit_id in late)
        reviewed.action_submit()
        demo_assessors = [
            self.users[login] for login in ("assessor_stats", "assessor_env") if login in self.users
        ]
        assessors = self.env["res.users"].union(*demo_assessors).target_unit_ids
        waiting = reviewed.filtered(lambda r: r.assessor_unit_id in assessors)
        self.as_user("office", reviewed - waiting).action_accept()
        returned = own.sorted(lambda r: (-r.goal_id.points, r.goal_id.ref))[:1]
        self.as_user("office", returned).action_return(RETURN_REASON)

    def _late_units(self, units):
        """A county and two departments that have not reported the latest period."""
        rng = random.Random(f"{self.cycle.year}/late")
        late = units.browse()
        for category, count in LATE_UNITS.items():
            pool = units.filtered(lambda u, c=category: u.category_id.code == c).sorted("code")
            late |= units.browse(rng.sample(pool.ids, min(count, len(pool))))
        return late
