import os
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, time
from unittest.mock import patch

from odoo.tests import TransactionCase, freeze_time, new_test_user

from ..demo_city.flow import approve_through_reviews, put_schemes_in_force

# Role name -> the groups a user of that role gets (implied groups follow).
ROLE_GROUPS = {
    "unit_user": "target_assessment.group_unit_user",
    "unit_leader": "target_assessment.group_unit_leader",
    "assessor": "target_assessment.group_assessor",
    "inspector": "target_assessment.group_inspector",
    "evaluator": "target_assessment.group_evaluator",
    "office": "target_assessment.group_office",
    "leader": "target_assessment.group_leader",
    "hr": "target_assessment.group_hr",
    "admin": "target_assessment.group_admin",
    "employee": "base.group_user",
}


def machine_today():
    """The date the tests take for the machine's today: ``TA_TODAY`` (YYYY-MM-DD), or None
    for the real date. CI runs the suite under several of them (README: Tests)."""
    value = os.environ.get("TA_TODAY", "").strip()
    return date.fromisoformat(value) if value else None


class FrozenToday:
    """Freezes the clock for a whole test class, its setUpClass included.

    The clock stands at noon (UTC) of the class's ``today`` (the date its
    fixture's literal dates are written for), else of ``TA_TODAY``, else it
    is the real one. It ticks from there, as a real clock does (timeouts,
    the tours' HTTP server), but the date stays put: noon is the same day in
    every time zone of the users (Asia/Shanghai here). A class decorated with
    ``@freeze_time(...)`` keeps its own freeze.
    """

    today = None

    @classmethod
    def setUpClass(cls):
        if "freeze_time" not in vars(cls):
            day = cls.today or machine_today()
            # started by TransactionCase.setUpClass before any record is created
            cls.freeze_time = (
                freeze_time(datetime.combine(day, time(12)), tick=True) if day else None
            )
        super().setUpClass()


#: The ORM methods that OCA auditlog wraps on the models it audits.
AUDITED_METHODS = ("create", "read", "write", "unlink", "export_data")


@contextmanager
def auditing_suspended(env):
    """Run the block without the audit log (target_assessment_security's auditlog rules).

    For the query budgets of hot paths: they count this addon's queries, and
    the audit's cost is measured on its own (scripts/bench_audit.py). Puts
    back, for the block only, the methods that auditlog wrapped on the
    registry's classes; a no-op where auditlog is not installed.
    """
    with ExitStack() as stack:
        for model in env.registry.values():
            for method in AUDITED_METHODS:
                wrapped = vars(model).get(method)
                if getattr(model, f"auditlog_ruled_{method}", False) and hasattr(wrapped, "origin"):
                    stack.enter_context(patch.object(model, method, wrapped.origin))
        yield


class QueryBudgetMixin:
    """For the query budgets of hot paths (``assertQueryCount``).

    They count this addon's queries: the audit log is suspended for each test
    (its cost is measured on its own, scripts/bench_audit.py).
    """

    def setUp(self):
        super().setUp()
        self.enterContext(auditing_suspended(self.env))

    def queries(self, run):
        """Number of queries of ``run()``, counted as at a commit.

        ``cr.flush()`` runs the pending writes and precommit hooks (a job's
        notification, tracking) before and after it: what one run leaves
        pending is counted in that run, never in the next one's.
        """
        self.cr.flush()
        before = self.cr.sql_log_count
        run()
        self.cr.flush()
        return self.cr.sql_log_count - before


class TargetCase(FrozenToday, TransactionCase):
    """Shared base: one user per role of DESIGN.md §1, built once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.users = {
            role: new_test_user(cls.env, login=f"ta_{role}", groups=groups, name=f"TA {role}")
            for role, groups in ROLE_GROUPS.items()
        }

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Like assertRaises here: the failed operation is rolled back (savepoint)."""
        with (
            super().assertRaisesRegex(expected_exception, expected_regex, msg=msg),
            self.env.cr.savepoint(),
        ):
            yield


class TargetCityCase(TargetCase):
    """A small city: the tree, a cycle, two schemes, indicators; users attached.

    市 (city, not assessed)
    ├── 甲县 county_a ── 一镇 town_a1, 二镇 town_a2
    ├── 乙县 county_b
    └── 统计局 dept_stats (the assessor of GDP), 环保局 dept_env

    The unit user and unit leader report for county A; the assessor for the
    statistics bureau. Its dates are those of the 2026 cycle: the class runs
    on 2026-11-30 (late in the execution phase, before the year end); a test
    that needs another day freezes it itself.
    """

    today = date(2026, 11, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cat_county = env["target.unit.category"].create({"name": "县区", "code": "county"})
        cls.cat_dept = env["target.unit.category"].create({"name": "市直部门", "code": "dept"})
        cls.cat_town = env["target.unit.category"].create({"name": "乡镇", "code": "town"})
        Unit = env["target.unit"]
        cls.city = Unit.create({"name": "江陵市", "code": "city", "is_assessed": False})
        cls.county_a = Unit.create(
            {
                "name": "甲县",
                "code": "ca",
                "parent_id": cls.city.id,
                "category_id": cls.cat_county.id,
            }
        )
        cls.county_b = Unit.create(
            {
                "name": "乙县",
                "code": "cb",
                "parent_id": cls.city.id,
                "category_id": cls.cat_county.id,
            }
        )
        cls.town_a1, cls.town_a2 = Unit.create(
            [
                {
                    "name": "一镇",
                    "code": "ta1",
                    "parent_id": cls.county_a.id,
                    "category_id": cls.cat_town.id,
                },
                {
                    "name": "二镇",
                    "code": "ta2",
                    "parent_id": cls.county_a.id,
                    "category_id": cls.cat_town.id,
                },
            ]
        )
        cls.dept_stats, cls.dept_env = Unit.create(
            [
                {
                    "name": "统计局",
                    "code": "stats",
                    "parent_id": cls.city.id,
                    "category_id": cls.cat_dept.id,
                },
                {
                    "name": "环保局",
                    "code": "env",
                    "parent_id": cls.city.id,
                    "category_id": cls.cat_dept.id,
                },
            ]
        )
        cls.cycle = env["target.cycle"].create(
            {
                "name": "2026年度",
                "year": 2026,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "adjustment_start": date(2026, 7, 1),
                "adjustment_end": date(2026, 7, 31),
            }
        )
        cls.scheme_county = cls._scheme(
            cls.cat_county, [("key", 40, "goals"), ("quant", 50, "goals"), ("other", 10, "special")]
        )
        cls.scheme_town = cls._scheme(
            cls.cat_town, [("key", 40, "goals"), ("quant", 50, "goals"), ("other", 10, "special")]
        )
        cls.scheme_dept = cls._scheme(
            cls.cat_dept, [("common", 20, "goals"), ("own", 60, "goals"), ("social", 20, "special")]
        )
        Indicator = env["target.indicator"]
        cls.ind_gdp = Indicator.create(
            {
                "name": "地区生产总值",
                "code": "GDP",
                "uom": "亿元",
                "additive": True,
                "aggregation": "sum",
                "assessor_unit_id": cls.dept_stats.id,
            }
        )
        cls.ind_energy = Indicator.create(
            {
                "name": "能源消费总量",
                "code": "ENERGY",
                "uom": "万吨标煤",
                "direction": "lower",
                "additive": True,
                "aggregation": "sum",
                "assessor_unit_id": cls.dept_env.id,
            }
        )
        cls.ind_air = Indicator.create(
            {
                "name": "空气质量优良天数比例",
                "code": "AIR",
                "uom": "%",
                "aggregation": "avg",
                "assessor_unit_id": cls.dept_env.id,
            }
        )
        cls.users["unit_user"].target_unit_ids = cls.county_a
        cls.users["unit_leader"].target_unit_ids = cls.county_a
        cls.users["assessor"].target_unit_ids = cls.dept_stats
        cls.employee = env["hr.employee"].create({"name": "张三", "barcode": "E001"})

    @classmethod
    def _county_goals(cls, ref):
        """Three quantitative goals out of 100: 甲县GDP (20 points), 甲县能耗 (10), 乙县GDP (20);
        their refs start with ``ref``."""
        quant = cls.section(cls.scheme_county, "quant")
        common = {"cycle_id": cls.cycle.id, "section_id": quant.id, "target_value": 100.0}
        return cls.env["target.goal"].create(
            [
                dict(common, ref=f"{ref}A1", unit_id=cls.county_a.id, indicator_id=cls.ind_gdp.id,
                     name="甲县GDP", points=20.0),
                dict(common, ref=f"{ref}A2", unit_id=cls.county_a.id,
                     indicator_id=cls.ind_energy.id, name="甲县能耗", points=10.0),
                dict(common, ref=f"{ref}B1", unit_id=cls.county_b.id, indicator_id=cls.ind_gdp.id,
                     name="乙县GDP", points=20.0),
            ]
        )  # fmt: skip

    @classmethod
    def _midyear_evaluation(cls, actual):
        """甲县's mid-year evaluation of its GDP goal (200, 20 points) reported at ``actual``."""
        goal = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县地区生产总值",
                "target_value": 200.0,
                "points": 20.0,
                "section_id": cls.section(cls.scheme_county, "quant").id,
            }
        )
        return cls.env["target.evaluation"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "stage": "midyear",
                "line_ids": [(0, 0, {"goal_id": goal.id, "actual_value": actual})],
            }
        )

    @classmethod
    def _scheme(cls, category, sections):
        scheme = cls.env["target.scheme"].create(
            {
                "name": f"{category.name}考核办法",
                "cycle_id": cls.cycle.id,
                "category_id": category.id,
                "section_ids": [
                    (0, 0, {"name": code, "code": code, "weight": weight, "kind": kind})
                    for code, weight, kind in sections
                ],
            }
        )
        put_schemes_in_force(scheme)
        return scheme

    @classmethod
    def section(cls, scheme, code):
        return scheme.section_ids.filtered(lambda s: s.code == code)

    def goal(self, unit, indicator=None, target=100.0, parent=None, **values):
        """A goal of ``unit`` (default GDP, 100, 10 points)."""
        vals = {
            "cycle_id": self.cycle.id,
            "unit_id": unit.id,
            "indicator_id": (indicator or self.ind_gdp).id,
            "name": values.pop("name", f"{unit.name} {(indicator or self.ind_gdp).name}"),
            "target_value": target,
            "points": values.pop("points", 10.0),
            "parent_id": parent.id if parent else False,
        }
        vals.update(values)
        return self.env["target.goal"].create(vals)


class ApprovalMixinCase:
    """Helpers to walk records through their approval tiers as given roles."""

    def approve(self, record, *roles):
        for role in roles:
            record.with_user(self.users[role]).validate_tier()

    def reject(self, record, role, reason):
        user = self.users[role]
        action = record.with_user(user).reject_tier()
        wizard = (
            self.env["comment.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": reason})
        )
        wizard.add_comment()

    def pending_reviewers(self, record):
        return record.review_ids.filtered(lambda r: r.status == "pending").reviewer_ids


def submit_self_assessments(evaluations):
    """Submit the year-end self-assessments of ``evaluations`` through their flow (as the
    superuser, on the units' behalf). A goal the unit has not self-assessed takes the
    value and score it has now, so that the results do not change."""
    evaluations = evaluations.filtered(lambda e: e.state in ("draft", "returned"))
    for line in evaluations.line_ids.filtered(lambda line: not line.self_scored):
        line.sudo().write({"self_value": line.actual_value, "self_score": line.final_score})
    evaluations.sudo().action_submit()


def approve_self_assessments(evaluations):
    """The year-end self-assessments of ``evaluations`` submitted (see above) and
    approved by each of their reviewers in turn, as their flow does."""
    submit_self_assessments(evaluations)
    approve_through_reviews(evaluations.filtered(lambda e: e.state == "submitted"))
