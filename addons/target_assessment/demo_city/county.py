"""The demo district's own assessment of its townships (DESIGN §10, issue 18).

"各县区再向各乡镇和县区直属部门分解" (seeds 000, 002): 江城区 runs its own
assessment of its townships with the same product. Its office (the demo user
``county_office``, a county office: group_office_local) sets up this year's
cycle, organised by the district, its scheme for the townships, two
indicators of its own that the city's catalogue lacks, and its indicator
library (approved by the district's leader, not the city's); the townships'
goals are those the city set them plus the district's own two, in the
district's letters, signed; their reports of the ended periods are in: the earlier ones accepted
by the district's office, the latest waiting for it. The city's office sees
the district's cycle too; no other county's office does.
"""

from odoo.fields import Command

from ..wizards.target_cycle_rollover import CYCLE_DATES
from .flow import put_schemes_in_force
from .in_year import InYearDemo

# The district's scheme for its townships (乡镇目标责任考核办法): code, name, kind, weight.
SECTIONS = [
    ("ECON", "经济发展", "goals", 50.0),
    ("KEY", "重点工作和项目", "goals", 30.0),
    ("PARTY", "党的建设和综合评价", "special", 20.0),
]
# The district's own indicators (its office defines them, for its townships): code suffix,
# values, and each township's target.
OWN_INDICATORS = [
    (
        "RJHJ",
        {
            "name": "农村人居环境整治达标村比例",
            "kind": "quantitative",
            "uom": "%",
            "aggregation": "avg",
            "data_source": "区农业农村局台账",
            "description": "村庄清洁行动、生活垃圾和污水治理、厕所革命达标的行政村占比。",
        },
        90.0,
    ),
    (
        "SFC",
        {
            "name": "乡村振兴示范村创建",
            "kind": "quantitative",
            "uom": "个",
            "additive": True,
            "aggregation": "sum",
            "data_source": "区乡村振兴局认定文件",
        },
        2.0,
    ),
]
OWN_POINTS = 5.0
# The phases in which the district's cycle follows the city's; later, it waits at the
# year end (its townships' results are the district's to work out after the city's).
FOLLOWED_PHASES = ("planning", "decomposition", "signing", "execution", "midyear", "year_end")
CYCLE_FIELDS = (
    "year",
    *CYCLE_DATES,
    "publicity_days",
    "report_frequency",
    "report_due_days",
    "reminder_days",
)


class CountyDemo:
    """Creates the demo district's assessment of its townships, beside the city's ``cycle``."""

    def __init__(self, env, cycle):
        self.env = env(su=True)
        self.city_cycle = cycle.with_env(self.env)
        self.office = self.env["res.users"].search([("login", "=", "county_office")], limit=1)

    def run(self):
        """Returns the district's cycle (empty without the demo district's office)."""
        Cycle = self.env["target.cycle"]
        county = self.office.target_unit_ids[:1]
        if not county:
            return Cycle
        townships = county.child_ids.filtered(lambda u: u.category_id.code == "township")
        city_goals = self.env["target.goal"].search(
            [
                ("cycle_id", "=", self.city_cycle.id),
                ("unit_id", "in", townships.ids),
                ("employee_id", "=", False),
            ],
            order="unit_id, sequence, id",
        )
        office = self.office
        cycle = Cycle.with_user(office).create(
            {
                **{name: self.city_cycle[name] for name in CYCLE_FIELDS},
                "name": f"{county.name}{self.city_cycle.year}年度乡镇目标责任考核",
                "organizer_unit_id": county.id,
            }
        )
        scheme = (
            self.env["target.scheme"]
            .with_user(office)
            .create(
                {
                    "name": f"{county.name}{self.city_cycle.year}年度乡镇目标责任考核办法",
                    "cycle_id": cycle.id,
                    "category_id": townships.category_id[:1].id,
                    "section_ids": [
                        Command.create({"code": code, "name": name, "kind": kind, "weight": weight})
                        for code, name, kind, weight in SECTIONS
                    ],
                }
            )
        )
        put_schemes_in_force(scheme, office=office)
        own = self._own_indicators(county)
        if city_goals:
            self._library(cycle, city_goals.indicator_id | own)
        sections = {section.code: section for section in scheme.section_ids}
        phase = self.city_cycle.phase
        phase = phase if phase in FOLLOWED_PHASES else "year_end"
        signed = phase not in ("planning", "decomposition", "signing")
        plans = self.env["target.plan"].create(
            [
                {
                    "cycle_id": cycle.id,
                    "unit_id": town.id,
                    "state": "signed" if signed else "draft",
                }
                for town in city_goals.unit_id
            ]
        )
        plan_of = {plan.unit_id: plan for plan in plans}
        goals = self.env["target.goal"].create(
            [
                {
                    # the city's number of the township's goal: unique in this cycle too
                    "ref": goal.ref,
                    "name": goal.name,
                    "sequence": goal.sequence,
                    "cycle_id": cycle.id,
                    "unit_id": goal.unit_id.id,
                    "plan_id": plan_of[goal.unit_id].id,
                    "indicator_id": goal.indicator_id.id,
                    "section_id": sections["ECON" if goal.section_id.code == "ECON" else "KEY"].id,
                    "state": "approved" if signed else "draft",
                    "target_value": goal.target_value,
                    "baseline_value": goal.baseline_value,
                    "points": goal.points,
                    "deadline": goal.deadline,
                    "responsible_leader_id": goal.responsible_leader_id.id,
                    "milestone_ids": [
                        Command.create(
                            {
                                "name": m.name,
                                "date": m.date,
                                "expected_value": m.expected_value,
                                "share": m.share,
                            }
                        )
                        for m in goal.milestone_ids
                    ],
                }
                for goal in city_goals
            ]
        )
        goals |= self.env["target.goal"].create(
            [
                {
                    "name": f"{town.name}{indicator.name}",
                    "cycle_id": cycle.id,
                    "unit_id": town.id,
                    "plan_id": plan_of[town].id,
                    "indicator_id": indicator.id,
                    "section_id": sections["KEY"].id,
                    "state": "approved" if signed else "draft",
                    "target_value": target,
                    "points": OWN_POINTS,
                    "deadline": cycle.date_end,
                }
                for town in city_goals.unit_id
                for indicator, (_code, _values, target) in zip(own, OWN_INDICATORS, strict=True)
            ]
        )
        cycle.sudo().write({"phase": phase})
        CountyInYear(self.env, cycle, office).run()
        if phase == "year_end":
            cycle.sudo()._prepare_year_end()
        return cycle if goals else Cycle

    def _own_indicators(self, county):
        """The district's own indicators, defined by its office (``owner_unit_id``: the
        district, by default) beside the city's catalogue."""
        return (
            self.env["target.indicator"]
            .with_user(self.office)
            .create(
                [
                    dict(values, code=f"{county.code}-{code}")
                    for code, values, _target in OWN_INDICATORS
                ]
            )
        )

    def _library(self, cycle, indicators):
        """The district's indicator library: its townships' indicators, picked from the
        city's catalogue by its office with its own, approved by the district's leader,
        in force."""
        library = (
            self.env["target.indicator.library"]
            .with_user(self.office)
            .create(
                {
                    "name": f"{cycle.name}指标库",
                    "cycle_id": cycle.id,
                    "indicator_ids": [Command.set(indicators.ids)],
                }
            )
        )
        put_schemes_in_force(library, office=self.office)


class CountyInYear(InYearDemo):
    """The townships' reports in the district's cycle: the earlier periods accepted by the
    district's office, the latest submitted and waiting for it."""

    def __init__(self, env, cycle, office):
        super().__init__(env, cycle)
        self.users = {"office": office}

    def _latest(self, reports):
        reports.action_submit()
