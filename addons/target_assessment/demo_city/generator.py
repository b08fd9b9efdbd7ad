"""The demo city generator (DESIGN.md §8).

Two steps: :func:`plan_city` decides everything in plain Python (units,
people, indicators, cycles, schemes, goals with their targets, points and
milestones, users), seeded so the same arguments give the same city; then
:func:`generate` writes the plan through the ORM in a handful of batched
``create`` calls per model and level, so that the ×100 city (about 100,000
goals) loads in minutes.

Scale ``n`` replicates the counties (with their townships), the departments
and the stationed units ``n`` times (numbered names and codes); the city and
its goals stay one, their additive targets multiplied by ``n``.
"""

import calendar
import logging
import math
import random
import time
from collections import defaultdict
from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.fields import Command

from ..engine import cooperation
from ..scoring.locks import LOCKED_PHASES
from . import names as N
from .county import CountyDemo
from .flow import put_schemes_in_force
from .in_year import InYearDemo
from .supervision import SupervisionDemo
from .year_end import YearEndWalk

_logger = logging.getLogger(__name__)

BATCH = 5000
# The name of the company a new Odoo database starts with (base.main_company).
ODOO_DEFAULT_COMPANY = "My Company"
# A cooperating department's share of the work (%) by the number of them on a goal.
COOPERATION_SHARE = {1: 20.0, 2: 15.0}
# The categories whose scheme shares a goal's points with its cooperating units (as much
# as their share of the work), this year: a department's goal taken from a city goal
# (横向到边) is shared with the city goal's cooperating departments. Last year's goals
# were shared in the work only (each part done as the goal), its results unchanged.
SHARED_POINTS = ("department",)
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
    # the demo scores its cycles and reads the scores back: its background jobs
    # run at once, wherever it is generated (scripts/demo.py, a shell, a test)
    "queue_job__no_delay": True,
}

# Schemes per unit category: (name, sections [(code, name, kind, weight)], tie-break).
SCHEMES = {
    "county": (
        "县区目标责任考核办法",
        [
            ("KEY", "重点工作和项目", "goals", 40.0),
            ("QUANT", "定量指标", "goals", 50.0),
            ("OTHER", "其他考核", "special", 10.0),
        ],
        "QUANT",
    ),
    "township": (
        "乡镇街道目标责任考核办法",
        [
            ("ECON", "经济发展", "goals", 50.0),
            ("KEY", "重点工作", "goals", 30.0),
            ("PARTY", "党的建设和综合评价", "special", 20.0),
        ],
        "ECON",
    ),
    "department": (
        "市直部门目标责任考核办法",
        [
            ("COMMON", "共性指标", "goals", 20.0),
            ("OWN", "个性指标", "goals", 60.0),
            ("SOCIAL", "社会评价", "special", 20.0),
        ],
        "OWN",
    ),
    "stationed": (
        "驻地单位目标责任考核办法",
        [
            ("ROUTINE", "常规工作", "goals", 20.0),
            ("QUANT", "定量任务指标", "goals", 60.0),
            ("OTHER", "其他考核", "special", 20.0),
        ],
        "QUANT",
    ),
}

# The evaluating bodies (codes of target_scoring_data.xml) of each special section.
SECTION_BODIES = {
    "OTHER": ["npc", "cppcc", "public", "leaders"],
    "PARTY": ["organization", "discipline", "public"],
    "SOCIAL": ["npc", "cppcc", "public"],
}
# The body each demo evaluator enters the scores of.
EVALUATOR_BODIES = {"evaluator": "npc"}

COUNTY_QUANT = [ind["code"] for ind in N.INDICATORS if ind.get("to") == "counties"]
DEPT_COMMON = ["C01", "C02", "C03", "C04", "D02"]
INDICATOR = {ind["code"]: ind for ind in N.INDICATORS}


def _month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def phase_for(year, today):
    """The phase a cycle of ``year`` is in on ``today`` (DESIGN.md §3)."""
    if year < today.year:
        return "published"
    if year > today.year:
        return "planning"
    return {
        1: "decomposition",
        2: "signing",
        3: "signing",
        6: "midyear",
        7: "midyear",
        12: "year_end",
    }.get(today.month, "execution")


def share_points(total, weights):
    """Split ``total`` by ``weights`` in steps of 0.5 (largest remainder); exact sum."""
    if not weights:
        return []
    halves = round(total * 2)
    wsum = float(sum(weights))
    quotas = [halves * w / wsum for w in weights]
    parts = [max(1, math.floor(q)) for q in quotas]
    by_remainder = sorted(range(len(parts)), key=lambda i: math.floor(quotas[i]) - quotas[i])
    rest = halves - sum(parts)
    for index in by_remainder[: max(rest, 0)]:
        parts[index] += 1
    while rest < 0:  # the minimum of half a point took too much: take it from the biggest
        parts[max(range(len(parts)), key=parts.__getitem__)] -= 1
        rest += 1
    return [part / 2 for part in parts]


def allocate(total, weights, direction, decimals, rng):
    """Decompose an additive ``total`` by ``weights`` so the parts cover it.

    Higher-is-better: every part is its share plus up to 3 %, rounded up, so the
    parts add up to at least ``total`` (压茬分解, a little over). Lower-is-better
    (a ceiling such as energy use): a little under, rounded down, so the parts
    stay within ``total``.
    """
    wsum = float(sum(weights))
    factor = 10**decimals
    parts = []
    for weight in weights:
        exact = total * weight / wsum
        if direction == "lower":
            parts.append(math.floor(exact * (1 - rng.uniform(0.0, 0.02)) * factor) / factor)
        else:
            parts.append(math.ceil(exact * (1 + rng.uniform(0.0, 0.03)) * factor) / factor)
    biggest = max(range(len(parts)), key=parts.__getitem__)
    step = 1.0 / factor
    if direction == "lower":
        while round(sum(parts) - total, 6) > 0:
            parts[biggest] = round(parts[biggest] - step, decimals)
    else:
        while round(sum(parts) - total, 6) < 0:
            parts[biggest] = round(parts[biggest] + step, decimals)
    return parts


class CityPlan:
    """Everything the generator will create, as plain dictionaries keyed by codes."""

    def __init__(self, scale, year, today):
        self.scale = scale
        self.year = year
        self.today = today
        tag = "" if scale == 1 else f"-X{scale}"
        self.city_code = N.CITY["code"] + tag
        self.name_suffix = "" if scale == 1 else f"（×{scale}）"
        self.units = [[], [], []]  # by level: city; counties, departments, stationed; townships
        self.people = []  # employees: {key, name, role, title}
        self.leaders = []  # leadership lines: {unit, person (key), role, title, sequence}
        self.indicators = []
        self.cycles = {}  # "prev" / "cur" -> values
        self.schemes = []  # {cycle, category, name, sections, tie_break}
        self.goals = [[], [], []]  # by level, both cycles
        self.milestones = []  # {goal (ref), name, date, expected_value, share, done, done_date}
        self.users = []

    # -- summaries -------------------------------------------------------------

    def all_units(self):
        return [unit for level in self.units for unit in level]

    def all_goals(self, cycle=None):
        return [g for level in self.goals for g in level if cycle is None or g["cycle"] == cycle]

    def counts(self):
        units = self.all_units()
        by_category = defaultdict(int)
        for unit in units:
            by_category[unit["category"]] += 1
        return {
            "units": len(units),
            "counties": by_category["county"],
            "townships": by_category["township"],
            "departments": by_category["department"],
            "stationed": by_category["stationed"],
            "employees": len(self.people),
            "leaders": len(self.leaders),
            "users": len(self.users),
            "indicators": len(self.indicators),
            "cycles": len(self.cycles),
            "schemes": len(self.schemes),
            "goals": len(self.all_goals("cur")),
            "goals_previous": len(self.all_goals("prev")),
            "person_goals": len([g for g in self.all_goals("cur") if g["employee"]]),
            "milestones": len(self.milestones),
        }


class _Planner:
    """Builds a :class:`CityPlan`; all randomness from one seeded generator."""

    def __init__(self, scale, year, today):
        self.rng = random.Random(f"target-assessment-demo:{scale}:{year}")
        # last year's key work draws apart: this year's draws stay what they were
        self.prev_rng = random.Random(f"target-assessment-demo:{scale}:{year}:previous")
        self.plan = CityPlan(scale, year, today)
        self.year = year
        self.today = today
        self.names_used = set()
        self.seq = {"prev": 0, "cur": 0}
        self.team = {}  # unit code -> [people]
        self.city = None
        self.counties = []  # county unit dicts (with "townships")
        self.dept = defaultdict(list)  # department/stationed key -> replicas
        self.prev_actual = {}  # (unit code, indicator code) -> last year's actual
        self.unit_by_code = {}
        self.county_goals = defaultdict(dict)  # county code -> indicator code -> goal
        self.milestones_of = defaultdict(list)  # goal ref -> milestones

    # -- entry point -----------------------------------------------------------

    def run(self):
        self._units()
        self._people()
        self._indicators()
        self._cycles()
        self._schemes()
        self._goals("prev")
        self._goals("cur")
        self._users()
        return self.plan

    # -- units and people ------------------------------------------------------

    def _unit(self, level, code, name, parent, *, category, sequence, **extra):
        unit = {
            "code": code,
            "name": name,
            "parent": parent["code"] if parent else None,
            "category": category,
            "is_assessed": category is not None,
            "sequence": sequence,
            **extra,
        }
        self.plan.units[level].append(unit)
        self.unit_by_code[code] = unit
        return unit

    def _units(self):
        plan, rng = self.plan, self.rng
        self.city = self._unit(
            0,
            plan.city_code,
            N.CITY["name"] + plan.name_suffix,
            None,
            category=None,
            sequence=0,
            kind="city",
            origin=plan.city_code,
        )
        for k in range(plan.scale):
            rep_code = "" if k == 0 else f"-{k + 1}"
            rep_name = "" if k == 0 else f"（{k + 1}）"
            for i, (name, kind, weight, towns) in enumerate(N.COUNTIES):
                origin = f"{plan.city_code}-C{i + 1:02d}"
                county = self._unit(
                    1,
                    origin + rep_code,
                    name + rep_name,
                    self.city,
                    category="county",
                    sequence=10 + i,
                    kind=kind,
                    short=name[:-1],
                    weight=weight * rng.uniform(0.9, 1.1),
                    origin=origin,
                )
                county["townships"] = []
                for j, town in enumerate(towns):
                    town_kind = "街道" if town.endswith("街道") else town[-1]
                    county["townships"].append(
                        self._unit(
                            2,
                            f"{county['code']}-T{j + 1:02d}",
                            town,
                            county,
                            category="township",
                            sequence=j + 1,
                            kind=town_kind,
                            origin=f"{origin}-T{j + 1:02d}",
                            weight=rng.uniform(0.6, 1.4) * (1.5 if j == 0 else 1.0),
                        )
                    )
                self.counties.append(county)
            for category, rows, base in (
                ("department", N.DEPARTMENTS, 100),
                ("stationed", N.STATIONED, 200),
            ):
                for i, row in enumerate(rows):
                    key, name, head, deputy = row[:4]
                    origin = f"{plan.city_code}-{key.upper()}"
                    unit = self._unit(
                        1,
                        origin + rep_code,
                        name + rep_name,
                        self.city,
                        category=category,
                        sequence=base + i,
                        key=key,
                        head=head,
                        deputy=deputy,
                        row=row,
                        origin=origin,
                    )
                    self.dept[key].append(unit)

    def _person_name(self):
        rng = self.rng
        for _attempt in range(30):
            given = "".join(rng.choice(N.GIVEN) for _i in range(rng.choice((1, 2, 2, 2))))
            name = rng.choice(N.SURNAMES[: rng.choice((20, 60, len(N.SURNAMES)))]) + given
            if name not in self.names_used:
                break
        self.names_used.add(name)
        return name

    def _people(self):
        """Leadership teams; a replica unit (scale > 1) is led by its original's people.

        Odoo 19 creates an employee in some 20-40 ms (versions, avatar), too
        slow for 30,000 of them; the benchmark replicas share the people of
        the original city, each unit still with its own leadership lines.
        """
        for unit in self.plan.all_units():
            if unit["category"] is None:
                continue
            shared = unit["origin"] != unit["code"]
            origin_team = self.team[unit["origin"]] if shared else None
            if unit["category"] == "county":
                team = N.COUNTY_TEAM[unit["kind"]]
            elif unit["category"] == "township":
                team = N.TOWNSHIP_TEAM[unit["kind"]]
            elif unit["category"] == "department":
                team = [
                    (unit["head"], "principal"),
                    (unit["deputy"], "member"),
                    (unit["deputy"], "deputy"),
                ]
            elif unit["category"] == "stationed":
                team = [(unit["head"], "principal"), (unit["deputy"], "deputy")]
            people = []
            for index, (title, role) in enumerate(team):
                if origin_team:
                    person = origin_team[index]
                else:
                    person = {
                        "key": f"{unit['code']}#{index + 1}",
                        "name": self._person_name(),
                        "role": role,
                        "title": title,
                    }
                    self.plan.people.append(person)
                people.append(person)
                self.plan.leaders.append(
                    {
                        "unit": unit["code"],
                        "person": person["key"],
                        "role": role,
                        "title": title,
                        "sequence": 10 * (index + 1),
                    }
                )
            self.team[unit["code"]] = people

    def _in_charge(self, unit, index=None):
        """A leader in charge (分管领导) of ``unit``: deputies first, then members."""
        team = self.team[unit["code"]]
        pool = [p for p in team if p["role"] == "deputy"] or [
            p for p in team if p["role"] == "member"
        ]
        pool = pool or team[-1:]
        if index is None:
            return self.rng.choice(pool)
        return pool[index % len(pool)]

    # -- library, cycles, schemes ----------------------------------------------

    def _indicators(self):
        for sequence, ind in enumerate(N.INDICATORS, start=1):
            method = ind["method"]
            vals = {
                "code": ind["code"],
                "name": ind["name"],
                "sequence": sequence * 10,
                "kind": ind["kind"],
                "description": ind.get("description", False),
                "uom": ind.get("uom", False),
                "direction": ind.get("direction", "higher"),
                "cumulative": True,
                "additive": ind.get("additive", False),
                "aggregation": ind["aggregation"],
                "assessor": self.dept[ind["assessor"]][0]["code"],
                "data_source": ind["source"],
                "scoring_method": method,
                "ratio_cap": ind.get("cap", 1.0),
                "zero_below": ind.get("zero_below", 0.0),
                "bands": list(ind.get("bands", ())) if method == "bands" else [],
                "deduction_per_incident": ind.get("per_incident", 1.0),
                "deduction_cap": ind.get("deduction_cap", 0.0),
            }
            self.plan.indicators.append(vals)

    def _cycles(self):
        plan = self.plan
        for key, year in (("prev", self.year - 1), ("cur", self.year)):
            plan.cycles[key] = {
                "name": f"{year}年度目标责任考核{plan.name_suffix}",
                "year": year,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
                "phase": "closed" if key == "prev" else phase_for(year, self.today),
                "decomposition_deadline": date(year, 2, 28),
                "signing_deadline": date(year, 3, 31),
                "midyear_date": date(year, 6, 30),
                "adjustment_start": date(year, 7, 1),
                "adjustment_end": date(year, 7, 31),
                "self_assessment_deadline": date(year, 12, 20),
                "scoring_deadline": date(year + 1, 1, 20),
                "publicity_days": 7,
                "report_frequency": "monthly",
                "report_due_days": 5,
                "reminder_days": 3,
                "coverage_tolerance": 0.0,
            }

    def _schemes(self):
        for cycle, values in self.plan.cycles.items():
            for category, (name, sections, tie_break) in SCHEMES.items():
                self.plan.schemes.append(
                    {
                        "cycle": cycle,
                        "category": category,
                        "name": f"{values['year']}年度{name}",
                        "sections": sections,
                        "tie_break": tie_break,
                        "bonus_cap": 5.0 if category != "township" else 3.0,
                        "deduction_cap": 10.0,
                        "excellent_quota": 30.0,
                        "veto_max_grade": "pass",
                        # this year the departments share a goal's points with its
                        # cooperating units (last year's results stay as they were)
                        "cooperation_points": category in SHARED_POINTS and cycle == "cur",
                    }
                )

    # -- goals -----------------------------------------------------------------

    def _rng(self, cycle):
        """The generator of ``cycle``'s own draws (key work, deadlines, milestones)."""
        return self.prev_rng if cycle == "prev" else self.rng

    def _year(self, cycle):
        return self.year - (cycle == "prev")

    def _goal(self, cycle, level, unit, code, **values):
        """Plan a goal of ``unit`` for indicator ``code``; ``values`` override the defaults.

        Keys: section, points, target, parent (a planned goal), name, employee
        and leader (person keys), deadline, lead and coop (unit codes),
        baseline.
        """
        self.seq[cycle] += 1
        year = self._year(cycle)
        ind = INDICATOR[code]
        goal = {
            "ref": f"{year}-{self.seq[cycle]:06d}",
            "cycle": cycle,
            "unit": unit["code"],
            "employee": None,
            "indicator": code,
            "section": None,
            "name": ind["name"],
            "points": 0.0,
            "target": 0.0,
            "baseline": self.prev_actual.get((unit["code"], code), 0.0),
            "parent": None,
            "deadline": None,
            "leader": None,
            "lead": None,
            "coop": [],
            "actual": None,
            "sequence": self.seq[cycle],
        }
        parent = values.pop("parent", None)
        goal.update(values, parent=parent["ref"] if parent else None)
        self.plan.goals[level].append(goal)
        return goal

    def _prev_results(self):
        """Last year's final actuals, bottom-up: leaves report, parents roll up.

        A goal reports its own actual when it has no children or its indicator
        does not aggregate; the others take their children's sum or average
        (as the ORM computes it). The values are this year's baselines.
        """
        goals = [g for level in self.plan.goals for g in level if g["cycle"] == "prev"]
        children = defaultdict(list)
        for goal in goals:
            if goal["parent"]:
                children[goal["parent"]].append(goal)
        for goal in reversed(goals):
            ind = INDICATOR[goal["indicator"]]
            kids = children.get(goal["ref"])
            if kids and ind["aggregation"] in ("sum", "avg"):
                values = [kid["value"] for kid in kids]
                value = sum(values) if ind["aggregation"] == "sum" else sum(values) / len(values)
                goal["value"] = round(value, 4)
            else:
                goal["value"] = goal["actual"] = self._prev_result(goal, ind)
            self.prev_actual[goal["unit"], goal["indicator"]] = goal["value"]

    def _prev_result(self, goal, ind):
        """A random but plausible final actual of a previous-cycle goal."""
        rng = self.rng
        method = ind["method"]
        if method == "deduction":
            actual = float(rng.choice((0, 0, 0, 0, 1, 1, 2)))
        elif method == "binary":
            actual = 1.0 if rng.random() < 0.9 else 0.0
        else:
            completion = min(max(rng.gauss(1.01, 0.05), 0.8), 1.2)
            target = goal["target"]
            lower = ind.get("direction") == "lower"
            actual = target / completion if lower else target * completion
            actual = round(actual, 0 if ind.get("integer") else 2)
        return actual

    def _target(self, code, cycle):
        """The city-level target of an indicator in a cycle (scaled if additive)."""
        ind = INDICATOR[code]
        value = ind["city"]
        if ind.get("additive"):
            value *= self.plan.scale
        if cycle == "prev":
            value /= 1 + ind.get("growth", 0.0)
        return self._round(code, value)

    @staticmethod
    def _decimals(code):
        return 0 if INDICATOR[code].get("integer") else 2

    def _round(self, code, value):
        return round(value, self._decimals(code))

    def _split(self, code, total, weights):
        """Children's targets of a parent target ``total`` (additive or not)."""
        ind = INDICATOR[code]
        direction = ind.get("direction", "higher")
        if ind["method"] == "deduction" or not total:
            return [0.0] * len(weights)
        if ind.get("additive"):
            return allocate(total, weights, direction, self._decimals(code), self.rng)
        if ind["method"] == "binary":  # a line to hold (失业率控制线): the same for all
            return [total] * len(weights)
        # A rate: each unit gets the city's level, stricter or looser by a little.
        spread = 0.1 if direction == "lower" else 0.03
        targets = []
        for _weight in weights:
            value = total * (1 + self.rng.uniform(-spread, spread))
            if ind.get("uom") == "%":
                value = min(value, 100.0)
            targets.append(self._round(code, value))
        return targets

    def _goals(self, cycle):
        city_goals = {}
        for ind in N.INDICATORS:
            if "city" not in ind:
                continue
            lead = self.dept[ind["lead"]][0]["code"]
            coop = [self.dept[key][0]["code"] for key in ind["coop"]]
            city_goals[ind["code"]] = self._goal(
                cycle,
                0,
                self.city,
                ind["code"],
                target=self._target(ind["code"], cycle),
                lead=lead,
                coop=coop,
            )
        self._county_goals(cycle, city_goals)
        horizontal = self._horizontal(cycle, city_goals)
        if cycle == "prev":
            self._prev_results()
        else:
            self._township_goals()
            self._department_goals(horizontal)
            self._stationed_goals(horizontal)

    def _horizontal(self, cycle, city_goals):
        """横向到边: city goals decomposed to their lead units; unit key -> goal specs."""
        specs = defaultdict(list)
        for code, parent in city_goals.items():
            keys = INDICATOR[code]["to"]
            if keys == "counties":
                continue
            units = [unit for key in keys for unit in self.dept[key]]
            targets = self._split(code, parent["target"], [1.0] * len(units))
            for unit, target in zip(units, targets, strict=True):
                specs[unit["code"]].append((code, INDICATOR[code]["name"], target, parent))
        if cycle == "prev":  # history: the lead units' results of last year
            for unit_code, unit_specs in specs.items():
                unit = self.unit_by_code[unit_code]
                section = "OWN" if unit["category"] == "department" else "QUANT"
                for code, name, target, parent in unit_specs:
                    self._goal(
                        cycle,
                        1,
                        unit,
                        code,
                        section=section,
                        target=target,
                        parent=parent,
                        points=float(INDICATOR[code]["weight"]),
                        name=name,
                        coop=self._shared_with(unit, parent),
                    )
        return specs

    @staticmethod
    def _shared_with(unit, parent):
        """The cooperating units of ``unit``'s part of the city goal ``parent``: the city
        goal's, where the unit's scheme shares the points (none otherwise)."""
        if unit["category"] not in SHARED_POINTS:
            return []
        return [code for code in parent["coop"] if code != unit["code"]]

    def _county_goals(self, cycle, city_goals):
        rng = self._rng(cycle)
        weights = [county["weight"] for county in self.counties]
        targets = {
            code: self._split(code, city_goals[code]["target"], weights) for code in COUNTY_QUANT
        }
        self.county_goals.clear()
        for index, county in enumerate(self.counties):
            points = share_points(50.0, [INDICATOR[code]["weight"] for code in COUNTY_QUANT])
            for code, pts in zip(COUNTY_QUANT, points, strict=True):
                self.county_goals[county["code"]][code] = self._goal(
                    cycle,
                    1,
                    county,
                    code,
                    section="QUANT",
                    points=pts,
                    target=targets[code][index],
                    parent=city_goals[code],
                    leader=self._in_charge(county)["key"],
                )
            # 重点工作和项目: four projects, two livelihood works, a reform, two grades
            projects = rng.sample([t for t in N.COUNTY_KEY_WORK if t[1] == "T01"], 4)
            works = rng.sample([t for t in N.COUNTY_KEY_WORK if t[1] == "T02"], 2)
            reform = rng.sample([t for t in N.COUNTY_KEY_WORK if t[1] == "T03"], 1)
            fixed = [t for t in N.COUNTY_KEY_WORK if t[1] in ("T04", "T06")]
            key_work = projects + works + reform + fixed
            points = share_points(40.0, [INDICATOR[code]["weight"] for _t, code in key_work])
            town = county["townships"][0]["name"]
            for position, ((template, code), pts) in enumerate(zip(key_work, points, strict=True)):
                name = template.format(c=county["short"], t=town, n=rng.choice((207, 318, 234)))
                leader = self._in_charge(county, position)
                goal = self._task(
                    cycle,
                    1,
                    county,
                    code,
                    section="KEY",
                    points=pts,
                    name=name,
                    leader=leader["key"],
                )
                self.county_goals[county["code"]][code] = goal
                if code == "T01":  # 纵向到底: the leader in charge answers for the project
                    self._person_goal(goal, leader)

    def _task(self, cycle, level, unit, code, **values):
        """A key task: target and milestones by the indicator's method."""
        method = INDICATOR[code]["method"]
        values.setdefault("target", {"milestones": 100.0, "binary": 1.0}.get(method, 0.0))
        if code == "T01":
            month = self._rng(cycle).choice((10, 11, 12))
            values.setdefault("deadline", _month_end(self._year(cycle), month))
        goal = self._goal(cycle, level, unit, code, **values)
        if method == "milestones":
            self._milestones(goal)
        return goal

    def _person_goal(self, goal, person):
        unit = self.unit_by_code[goal["unit"]]
        child = self._goal(
            goal["cycle"],
            2,
            unit,
            goal["indicator"],
            section=goal["section"],
            points=goal["points"],
            target=goal["target"],
            parent=goal,
            name=goal["name"],
            employee=person["key"],
            leader=person["key"],
            deadline=goal["deadline"],
        )
        if INDICATOR[goal["indicator"]]["method"] == "milestones":
            self._milestones(child, like=goal)
        return child

    def _milestones(self, goal, like=None):
        rng = self._rng(goal["cycle"])
        schedule = (
            N.PROJECT_MILESTONES if goal["indicator"] in ("T01", "T02") else N.TASK_MILESTONES
        )
        done_before = {}
        if like is not None:
            done_before = {
                m["name"]: (m["done"], m["done_date"]) for m in self.milestones_of[like["ref"]]
            }
        for name, month, share, expected in schedule:
            day = _month_end(self._year(goal["cycle"]), month)
            if name in done_before:
                done, done_date = done_before[name]
            else:
                # drawn whatever the day, so that today changes no later draw
                draw, early = rng.random(), rng.randint(0, 12)
                done = day < self.today and draw < 0.85
                done_date = day - timedelta(days=early) if done else None
            milestone = {
                "goal": goal["ref"],
                "name": name,
                "date": day,
                "expected_value": goal["target"] * expected / 100.0,
                "share": float(share),
                "done": done,
                "done_date": done_date,
            }
            self.plan.milestones.append(milestone)
            self.milestones_of[goal["ref"]].append(milestone)

    def _township_goals(self):
        town_codes = [ind["code"] for ind in N.INDICATORS if ind.get("town")]
        for county in self.counties:
            towns = county["townships"]
            parents = self.county_goals[county["code"]]
            targets = {
                code: self._split(code, parents[code]["target"], [t["weight"] for t in towns])
                for code in town_codes
            }
            econ = share_points(50.0, [INDICATOR[code]["weight"] for code in town_codes])
            for index, town in enumerate(towns):
                leader = self.team[town["code"]][1]["key"]
                for code, pts in zip(town_codes, econ, strict=True):
                    self._goal(
                        "cur",
                        2,
                        town,
                        code,
                        section="ECON",
                        points=pts,
                        target=targets[code][index],
                        parent=parents[code],
                        leader=leader,
                    )
                template, key_code = N.TOWNSHIP_KEY_WORK[town["kind"]]
                key_pts = share_points(30.0, [5, 4, 2])
                self._task(
                    "cur",
                    2,
                    town,
                    key_code,
                    section="KEY",
                    points=key_pts[0],
                    name=template.format(t=town["name"]),
                    leader=leader,
                )
                self._task(
                    "cur",
                    2,
                    town,
                    "T04",
                    section="KEY",
                    points=key_pts[1],
                    parent=parents["T04"],
                    leader=leader,
                )
                self._goal(
                    "cur",
                    2,
                    town,
                    "D01",
                    section="KEY",
                    points=key_pts[2],
                    parent=parents["D01"],
                    leader=leader,
                )

    def _department_goals(self, horizontal):
        for replicas in self.dept.values():
            for unit in replicas:
                if unit["category"] != "department":
                    continue
                deputy = self._in_charge(unit)
                common = share_points(20.0, [INDICATOR[code]["weight"] for code in DEPT_COMMON])
                for code, pts in zip(DEPT_COMMON, common, strict=True):
                    self._common_goal(unit, code, pts, deputy)
                tasks = unit["row"][4]
                own = horizontal.get(unit["code"], [])
                weights = [INDICATOR[code]["weight"] for _name, code in tasks] + [
                    INDICATOR[spec[0]]["weight"] for spec in own
                ]
                points = share_points(60.0, weights)
                for (name, code), pts in zip(tasks, points, strict=False):
                    goal = self._task(
                        "cur",
                        1,
                        unit,
                        code,
                        section="OWN",
                        points=pts,
                        name=name,
                        leader=deputy["key"],
                    )
                    if code == "T07":
                        self._person_goal(goal, deputy)
                for (code, name, target, parent), pts in zip(
                    own, points[len(tasks) :], strict=True
                ):
                    self._goal(
                        "cur",
                        1,
                        unit,
                        code,
                        section="OWN",
                        points=pts,
                        target=target,
                        parent=parent,
                        name=name,
                        leader=deputy["key"],
                        coop=self._shared_with(unit, parent),
                    )

    def _common_goal(self, unit, code, points, leader):
        values = {"section": "COMMON", "points": points, "leader": leader["key"]}
        if INDICATOR[code]["method"] in ("binary", "grade"):
            return self._task("cur", 1, unit, code, **values)
        return self._goal("cur", 1, unit, code, target=100.0 if code == "C03" else 0.0, **values)

    def _stationed_goals(self, horizontal):
        for replicas in self.dept.values():
            for unit in replicas:
                if unit["category"] != "stationed":
                    continue
                deputy = self._in_charge(unit)
                routine, business = unit["row"][4], unit["row"][5]
                points = share_points(20.0, [4] * len(routine) + [5])
                for name, pts in zip(routine, points, strict=False):
                    self._task(
                        "cur",
                        1,
                        unit,
                        "T08",
                        section="ROUTINE",
                        points=pts,
                        name=name,
                        leader=deputy["key"],
                    )
                self._task(
                    "cur",
                    1,
                    unit,
                    "T09",
                    section="ROUTINE",
                    points=points[-1],
                    leader=deputy["key"],
                )
                own = horizontal.get(unit["code"], [])
                points = share_points(
                    60.0, [5] * len(business) + [INDICATOR[spec[0]]["weight"] for spec in own]
                )
                for name, pts in zip(business, points, strict=False):
                    self._goal(
                        "cur",
                        1,
                        unit,
                        "Q40",
                        section="QUANT",
                        points=pts,
                        target=100.0,
                        name=name,
                        leader=deputy["key"],
                        baseline=100.0,
                    )
                for (code, name, target, parent), pts in zip(
                    own, points[len(business) :], strict=True
                ):
                    self._goal(
                        "cur",
                        1,
                        unit,
                        code,
                        section="QUANT",
                        points=pts,
                        target=target,
                        parent=parent,
                        name=name,
                        leader=deputy["key"],
                    )

    # -- users -----------------------------------------------------------------

    def _unit_ref(self, ref):
        if ref == "city":
            return self.city
        kind, _sep, key = ref.partition(":")
        if kind == "county":
            return self.counties[int(key)]
        return self.dept[key][0]

    def _users(self):
        for login, name, groups, unit_refs, person_ref in N.USERS:
            person = None
            if person_ref:
                _role, _sep, unit_ref = person_ref.partition(":")
                unit = self._unit_ref(unit_ref)
                person = next(p for p in self.team[unit["code"]] if p["role"] == "principal")
                name = person["name"]
            self.plan.users.append(
                {
                    "login": login,
                    "name": name,
                    "groups": [f"target_assessment.{group}" for group in groups],
                    "units": [self._unit_ref(ref)["code"] for ref in unit_refs],
                    "person": person["key"] if person else None,
                }
            )


def plan_city(scale=1, year=None, today=None):
    """Plan the demo city in plain Python (no database); see :class:`CityPlan`."""
    if scale < 1:
        raise ValueError("The scale is a positive whole number.")
    today = today or date.today()
    return _Planner(int(scale), year or today.year, today).run()


# -- writing -------------------------------------------------------------------


def _create(model, vals_list):
    """Create in batches of BATCH; the records in the order of ``vals_list``."""
    records = model.browse()
    for start in range(0, len(vals_list), BATCH):
        records |= model.create(vals_list[start : start + BATCH])
    return records


def generate(env, scale=1, year=None, passwords=True, history=None):
    """Create the demo city in ``env``'s database; return the counts.

    ``scale`` multiplies the city (1, 10, 100 ...); ``year`` is the current
    cycle's year (default this year), the previous year's cycle is created
    closed, with last year's results. Refuses to run twice for the same scale
    in a database. ``passwords``: give the demo users their login as password.
    ``history`` (default: at scale 1 only): last year's year end is walked by
    the demo users (demo_city.year_end) - evaluations, sign-off, publication -
    otherwise last year keeps its final actuals only (the benchmarks' cities).
    """
    started = time.monotonic()
    plan = plan_city(scale, year)
    if history is None:
        history = scale == 1
    if history:
        plan.cycles["prev"]["phase"] = "execution"  # the walk takes it to closed
    env = env(context=dict(env.context, **CONTEXT), su=True)
    if (
        env["target.unit"]
        .with_context(active_test=False)
        .search_count([("code", "=", plan.city_code)])
    ):
        raise UserError(
            env._(
                "The demo city (unit code %(code)s) already exists in this database; "
                "it is generated once per scale.",
                code=plan.city_code,
            )
        )
    writer = _Writer(env, plan)
    writer.run(passwords=passwords)
    walkers = writer.user_count == len(plan.users)  # the demo users are this city's
    if history and walkers:
        walked = time.monotonic()
        prev = env["target.cycle"].browse(writer.cycle_ids["prev"])
        YearEndWalk(env, prev, backdate=True).run(appeal=False, close=True)
        writer._lap("last year's year end", walked)
    counts = plan.counts()
    if history:
        current = env["target.cycle"].browse(writer.cycle_ids["cur"])
        reported = time.monotonic()
        counts["progress"] = len(InYearDemo(env, current).run())
        writer._lap("this year's progress", reported)
        if current.phase == "year_end":
            # as when the office moves the cycle to its year end: every unit's
            # evaluation is there, waiting for its self-assessment; a few days in,
            # the first steps are taken (the district's submitted, the inspection
            # group formed, the survey under way)
            current._prepare_year_end()
            if walkers:
                YearEndWalk(env, current).begin()
        SupervisionDemo(env, current).run()
        county = CountyDemo(env, current).run()
        counts["county_goals"] = county and county.goal_count
    counts["users"] = writer.user_count
    counts["plans"] = writer.plan_count
    counts["seconds"] = round(time.monotonic() - started, 1)
    _logger.info("demo city %s generated: %s", plan.city_code, counts)
    return counts


class _Writer:
    """Writes a :class:`CityPlan` with batched creates (no query per record)."""

    def __init__(self, env, plan):
        self.env = env
        self.plan = plan
        self.unit_ids = {}
        self.person_ids = {}
        self.user_ids = {}
        self.indicator_ids = {}
        self.category_ids = {}
        self.cycle_ids = {}
        self.section_ids = {}
        self.plan_ids = {}
        self.goal_ids = {}
        self.user_count = 0
        self.plan_count = 0

    def run(self, passwords=True):
        self._company()
        self._categories()
        self._units()
        self._users(passwords)
        self._people()
        self._indicators()
        self._cycles()
        self._schemes()
        self._plans()
        self._goals()
        self._library()
        self._milestones()
        self._freeze_cycles()

    def _lap(self, what, started):
        _logger.info("demo city: %s in %.1f s", what, time.monotonic() - started)

    def _company(self):
        """The city government as the company, named in every page's header, where
        the database still has Odoo's default company (a real one keeps its name)."""
        company = self.env.ref("base.main_company")
        if company.name == ODOO_DEFAULT_COMPANY:
            company.write({"name": N.CITY["government"], "city": N.CITY["name"]})

    def _categories(self):
        Category = self.env["target.unit.category"].with_context(active_test=False)
        existing = {c.code: c.id for c in Category.search([("code", "in", list(N.CATEGORIES))])}
        missing = [code for code in N.CATEGORIES if code not in existing]
        created = Category.create(
            [
                {
                    "code": code,
                    "name": N.CATEGORIES[code][0],
                    "sequence": N.CATEGORIES[code][1],
                    "description": N.CATEGORIES[code][2],
                }
                for code in missing
            ]
        )
        existing.update(zip(missing, created.ids, strict=True))
        self.category_ids = existing

    def _units(self):
        started = time.monotonic()
        Unit = self.env["target.unit"]
        for level in self.plan.units:
            vals_list = [
                {
                    "code": unit["code"],
                    "name": unit["name"],
                    "sequence": unit["sequence"],
                    "parent_id": self.unit_ids.get(unit["parent"], False),
                    "category_id": self.category_ids.get(unit["category"], False),
                    "is_assessed": unit["is_assessed"],
                }
                for unit in level
            ]
            units = _create(Unit, vals_list)
            self.unit_ids.update(zip((u["code"] for u in level), units.ids, strict=True))
        self._lap("units", started)

    def _users(self, passwords):
        Users = self.env["res.users"].with_context(active_test=False)
        taken = set(
            Users.search([("login", "in", [u["login"] for u in self.plan.users])]).mapped("login")
        )
        todo = [u for u in self.plan.users if u["login"] not in taken]
        lang = self.env["res.lang"]._get_code("zh_CN")
        vals_list = []
        for user in todo:
            vals = {
                "login": user["login"],
                "name": user["name"],
                "email": f"{user['login']}@jiangling.gov.cn",
                "tz": "Asia/Shanghai",
                "group_ids": [Command.set([self.env.ref(g).id for g in user["groups"]])],
                "target_unit_ids": [Command.set([self.unit_ids[c] for c in user["units"]])],
            }
            if lang:
                vals["lang"] = lang
            vals_list.append(vals)
        users = Users.create(vals_list)
        if passwords:
            context = users._crypt_context()
            for user in users:
                users._set_encrypted_password(user.id, context.hash(user.login))
            # a demonstration database: a security baseline may relax its policy
            Users._target_demo_passwords_set()
        for user, record in zip(todo, users, strict=True):
            if user["person"]:
                self.user_ids[user["person"]] = record.id
            if user["login"] in EVALUATOR_BODIES:
                self.env["target.evaluation.body"].search(
                    [("code", "=", EVALUATOR_BODIES[user["login"]])]
                ).user_ids = [Command.link(record.id)]
        self.user_count = len(users)

    def _people(self):
        started = time.monotonic()
        people = self.plan.people
        employees = _create(
            self.env["hr.employee"],
            [
                {
                    "name": p["name"],
                    "job_title": p["title"],
                    "user_id": self.user_ids.get(p["key"], False),
                }
                for p in people
            ],
        )
        self.person_ids = dict(zip((p["key"] for p in people), employees.ids, strict=True))
        _create(
            self.env["target.unit.leader"],
            [
                {
                    "unit_id": self.unit_ids[line["unit"]],
                    "employee_id": self.person_ids[line["person"]],
                    "role": line["role"],
                    "title": line["title"],
                    "sequence": line["sequence"],
                }
                for line in self.plan.leaders
            ],
        )
        self._lap("people", started)

    def _indicators(self):
        Indicator = self.env["target.indicator"].with_context(active_test=False)
        codes = [ind["code"] for ind in self.plan.indicators]
        existing = {i.code: i.id for i in Indicator.search([("code", "in", codes)])}
        todo = [ind for ind in self.plan.indicators if ind["code"] not in existing]
        vals_list = []
        for ind in todo:
            vals = {k: v for k, v in ind.items() if k not in ("assessor", "bands")}
            vals["assessor_unit_id"] = self.unit_ids[ind["assessor"]]
            vals["band_ids"] = [
                Command.create({"min_completion": m, "share": s, "proportional": p})
                for m, s, p in ind["bands"]
            ]
            vals_list.append(vals)
        created = Indicator.create(vals_list)
        existing.update(zip((ind["code"] for ind in todo), created.ids, strict=True))
        self.indicator_ids = existing

    def _cycles(self):
        # a cycle's records are written before it reaches a frozen phase (closed)
        Cycle = self.env["target.cycle"]
        vals = {key: dict(values) for key, values in self.plan.cycles.items()}
        self.frozen_phases = {}
        for key, values in vals.items():
            if values["phase"] in LOCKED_PHASES:
                self.frozen_phases[key] = values.pop("phase")
        # the city organises both years' assessments (a county organises its own, demo_city.county)
        city = self.unit_ids[self.plan.city_code]
        for values in vals.values():
            values["organizer_unit_id"] = city
        prev = Cycle.create(vals["prev"])
        cur = Cycle.create(dict(vals["cur"], previous_cycle_id=prev.id))
        self.cycle_ids = {"prev": prev.id, "cur": cur.id}

    def _freeze_cycles(self):
        for key, phase in self.frozen_phases.items():
            self.env["target.cycle"].browse(self.cycle_ids[key]).write({"phase": phase})

    def _schemes(self):
        bodies = {body.code: body.id for body in self.env["target.evaluation.body"].search([])}
        vals_list = [
            {
                "name": s["name"],
                "cycle_id": self.cycle_ids[s["cycle"]],
                "category_id": self.category_ids[s["category"]],
                "bonus_cap": s["bonus_cap"],
                "deduction_cap": s["deduction_cap"],
                "excellent_quota": s["excellent_quota"],
                "veto_max_grade": s["veto_max_grade"],
                "cooperation_points": s["cooperation_points"],
                "section_ids": [
                    Command.create(
                        {
                            "code": code,
                            "name": name,
                            "kind": kind,
                            "weight": weight,
                            "sequence": 10 * (i + 1),
                            "body_ids": [
                                Command.set(
                                    [bodies[b] for b in SECTION_BODIES.get(code, []) if b in bodies]
                                    if kind == "special"
                                    else []
                                )
                            ],
                        }
                    )
                    for i, (code, name, kind, weight) in enumerate(s["sections"])
                ],
            }
            for s in self.plan.schemes
        ]
        schemes = self.env["target.scheme"].create(vals_list)
        for spec, scheme in zip(self.plan.schemes, schemes, strict=True):
            for section in scheme.section_ids:
                self.section_ids[spec["cycle"], spec["category"], section.code] = section.id
            tie_break = scheme.section_ids.filtered(lambda s, c=spec["tie_break"]: s.code == c)
            scheme.tie_break_section_id = tie_break
        self._schemes_in_force(schemes)

    def _schemes_in_force(self, schemes):
        """The schemes' governance as the demo users: the office publishes the drafts for
        comments, a unit of each category of the current cycle comments and the office
        adopts it, the leading group approves, the office puts them in force."""
        Users = self.env["res.users"]
        office = Users.search([("login", "=", "office")], limit=1)
        schemes = schemes.with_user(office)
        schemes.action_consult()
        unit_user = self.env.ref("target_assessment.group_unit_user")
        cur = self.cycle_ids["cur"]
        city = self.unit_ids[self.plan.city_code]
        for scheme in schemes.filtered(lambda s: s.cycle_id.id == cur):
            # a unit of this city (the units of the city's level comment on its schemes)
            concerned = [("category_id", "=", scheme.category_id.id), ("id", "child_of", city)]
            author = Users.search(
                [
                    ("all_group_ids", "in", unit_user.ids),
                    ("target_unit_ids", "any", concerned),
                    ("share", "=", False),
                ],
                order="login",
                limit=1,
            )
            if not author:
                continue
            unit = author.target_unit_ids.filtered_domain(concerned)[:1]
            comment = (
                self.env["target.scheme.comment"]
                .with_user(author)
                .create(
                    {
                        "scheme_id": scheme.id,
                        "unit_id": unit.id,
                        "body": N.SCHEME_COMMENT,
                    }
                )
            )
            comment.with_user(office).write({"reply": N.SCHEME_COMMENT_REPLY})
            comment.with_user(office).action_adopt()
        put_schemes_in_force(schemes)

    def _library(self):
        """The current cycle's indicator library: the indicators its goals use, walked as the
        demo users through its governance (published for comments, approved by the leading
        group, put in force by the office); from then on the year's goals take their
        indicators from it."""
        cycle = self.env["target.cycle"].browse(self.cycle_ids["cur"])
        codes = sorted({g["indicator"] for g in self.plan.all_goals("cur")})
        library = self.env["target.indicator.library"].create(
            {
                "name": f"{cycle.year}年度目标责任考核指标库",
                "cycle_id": cycle.id,
                "indicator_ids": [Command.set([self.indicator_ids[code] for code in codes])],
            }
        )
        office = self.env["res.users"].search([("login", "=", "office")], limit=1)
        put_schemes_in_force(library, office=office or None)

    def _plans(self):
        """One responsibility letter per (cycle, unit) with goals, in its cycle's state."""
        phase = self.plan.cycles["cur"]["phase"]
        cur_state = {"planning": "draft", "decomposition": "draft", "signing": "submitted"}.get(
            phase, "signed"
        )
        self.plan_states = {"prev": "signed", "cur": cur_state}
        keys = sorted({(g["cycle"], g["unit"]) for g in self.plan.all_goals()})
        Plan = self.env["target.plan"]
        # The signatures, where the letter model records them (目标责任书签订).
        principal = {line["unit"]: line["person"] for line in reversed(self.plan.leaders)}
        signing = "signed_on" in Plan._fields and "signed_unit_employee_id" in Plan._fields
        vals_list = []
        for cycle, unit in keys:
            vals = {
                "cycle_id": self.cycle_ids[cycle],
                "unit_id": self.unit_ids[unit],
                "state": self.plan_states[cycle],
            }
            if signing and vals["state"] == "signed":
                vals["signed_on"] = self.plan.cycles[cycle]["signing_deadline"] - timedelta(days=3)
                vals["signed_unit_employee_id"] = self.person_ids.get(principal.get(unit), False)
            vals_list.append(vals)
        plans = _create(Plan, vals_list)
        self.plan_ids = dict(zip(keys, plans.ids, strict=True))
        self.plan_count = len(plans)

    def _goals(self):
        started = time.monotonic()
        Goal = self.env["target.goal"]
        category = {u["code"]: u["category"] for u in self.plan.all_units()}
        for level in self.plan.goals:
            vals_list = []
            for g in level:
                state = "approved" if self.plan_states[g["cycle"]] == "signed" else "draft"
                vals = {
                    "ref": g["ref"],
                    "name": g["name"],
                    "sequence": g["sequence"],
                    "cycle_id": self.cycle_ids[g["cycle"]],
                    "unit_id": self.unit_ids[g["unit"]],
                    "employee_id": self.person_ids.get(g["employee"], False),
                    "plan_id": self.plan_ids[g["cycle"], g["unit"]],
                    "indicator_id": self.indicator_ids[g["indicator"]],
                    "section_id": self.section_ids.get(
                        (g["cycle"], category[g["unit"]], g["section"]), False
                    ),
                    "state": state,
                    "target_value": g["target"],
                    "baseline_value": g["baseline"],
                    "points": g["points"],
                    "deadline": g["deadline"] or False,
                    "parent_id": self.goal_ids.get(g["parent"], False),
                    "responsible_leader_id": self.person_ids.get(g["leader"], False),
                    "responsible_employee_id": self.person_ids.get(g["employee"], False),
                    "lead_unit_id": self.unit_ids.get(g["lead"], False),
                }
                parts = {}  # (a shared goal of last year) reported part -> its actual
                if g["coop"]:
                    # each cooperating department carries a tenth to a sixth of the work
                    share = COOPERATION_SHARE.get(len(g["coop"]), 10.0)
                    shared = category.get(g["unit"]) in SHARED_POINTS and g["cycle"] == "cur"
                    points = share if shared else 0.0
                    additive = INDICATOR[g["indicator"]].get("additive", False)
                    if g["actual"] is not None:  # every part done as the goal is
                        lead = cooperation.lead_share([share] * len(g["coop"]))
                        parts = {
                            c: cooperation.part_target(g["actual"], part, additive)
                            for c, part in [(None, lead), *((c, share) for c in g["coop"])]
                        }
                    vals["cooperation_ids"] = [
                        Command.create(
                            {
                                "unit_id": self.unit_ids[c],
                                "sequence": i,
                                "work_share": share,
                                "point_share": points,
                                **(
                                    {"own_actual": parts[c], "own_actual_set": True}
                                    if c in parts
                                    else {}
                                ),
                            }
                        )
                        for i, c in enumerate(g["coop"])
                    ]
                if g["actual"] is not None:
                    vals["own_actual"] = parts.get(None, g["actual"])
                    vals["own_actual_set"] = True
                vals_list.append(vals)
            goals = _create(Goal, vals_list)
            self.goal_ids.update(zip((g["ref"] for g in level), goals.ids, strict=True))
        self._lap("goals", started)

    def _milestones(self):
        _create(
            self.env["target.goal.milestone"],
            [
                {
                    "goal_id": self.goal_ids[m["goal"]],
                    "name": m["name"],
                    "date": m["date"],
                    "expected_value": m["expected_value"],
                    "share": m["share"],
                    "done": m["done"],
                    "done_date": m["done_date"] or False,
                }
                for m in self.plan.milestones
            ],
        )
