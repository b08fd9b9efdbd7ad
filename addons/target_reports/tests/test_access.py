"""Units export only their own data: the reports and the wizard read as the
user, under the record rules. And the builders' queries do not grow with the
number of units."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.target_assessment.demo_city.flow import put_schemes_in_force

from ..builders import (
    CadreBuilder,
    GoalTreeBuilder,
    ProgressBuilder,
    ReportFilter,
    ResultSummaryBuilder,
    TemplateBuilder,
    UnitDetailBuilder,
)
from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestUnitsExportTheirOwnData(ReportsCase):
    def goal_names(self, role, **filters):
        sheet = self.render("goal_tree", role=role, cycle_id=self.cycle.id, **filters).worksheets[0]
        return set(self.column(sheet, 3, "Goal"))

    def test_goal_tree_per_role(self):
        county_a = {self.g_a.name, self.g_town.name, self.g_person.name, self.g_energy.name}
        self.assertEqual(self.goal_names("unit_user"), county_a)
        self.assertEqual(self.goal_names("unit_leader"), county_a)
        self.assertEqual(self.goal_names("unit_b"), {self.g_b.name})
        self.assertEqual(self.goal_names("office"), set(self.goals.mapped("name")))
        self.assertEqual(self.goal_names("leader"), set(self.goals.mapped("name")))
        # the statistics bureau assesses GDP: it reads the GDP goals of every unit
        gdp = self.goals.filtered(lambda g: g.indicator_id == self.ind_gdp)
        self.assertEqual(self.goal_names("assessor"), set(gdp.mapped("name")))
        # asking for another unit gives nothing of it
        self.assertEqual(self.goal_names("unit_user", unit_ids=(self.county_b.id,)), set())

    def test_results_progress_detail_of_a_unit(self):
        book = self.render("result_summary", role="unit_user", cycle_id=self.cycle.id)
        self.assertEqual(
            {sheet.title: [row[1] for row in self.rows(sheet, 5)] for sheet in book.worksheets},
            {"县区": ["甲县"], "乡镇": ["一镇"]},
        )
        sheet = self.render("progress", role="unit_b", cycle_id=self.cycle.id).worksheets[0]
        self.assertEqual(self.column(sheet, 4, "Goal"), [self.g_b.name])
        book = self.render(
            "unit_detail", role="unit_user", cycle_id=self.cycle.id, unit_ids=(self.county_b.id,)
        )
        self.assertEqual(book.worksheets[0]["A3"].value, "Nothing to export for this selection.")
        # records handed in (a list's selection, an RPC call) are read as the user too
        book = self.render("unit_detail", role="unit_user", records=self.evaluations)
        self.assertEqual([sheet.title for sheet in book.worksheets], ["甲县", "一镇"])

    def test_wizard_per_role(self):
        wizard = Form(self.env["target.report.wizard"].with_user(self.users["unit_user"]))
        self.assertEqual(wizard.cycle_id, self.cycle, "the latest cycle")
        self.assertEqual(wizard.unit_ids[:], self.county_a, "a unit's user starts from their units")
        wizard.report = "result_summary"
        wizard = wizard.save()
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(
            action["data"]["target_filter"]["unit_ids"], self.county_a.ids, "the filter travels"
        )
        content, _name = wizard._render_report()
        names = {row[1] for s in self.workbook(content).worksheets for row in self.rows(s, 5)}
        self.assertEqual(names, {"甲县", "一镇"})
        office = Form(self.env["target.report.wizard"].with_user(self.users["office"]))
        self.assertFalse(office.unit_ids[:], "the office starts from every unit")
        with self.assertRaises(AccessError):
            self.env["target.report.wizard"].with_user(self.users["evaluator"]).create({})


@tagged("post_install", "-at_install")
class TestBuilderQueries(ReportsCase):
    """Each builder reads a cycle of 2 units and one of 8 in the same number of queries
    (a chunk holds 2,000 records: one more chunk, a few more queries)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls._city(2031, 2)
        cls.large = cls._city(2032, 8)
        cls.template = cls.env["target.export.template"].create(
            {
                "name": "上报表",
                "source": "line",
                "column_ids": [
                    (0, 0, {"code": "no", "header": "序号", "source_type": "sequence"}),
                    (0, 0, {"code": "unit", "header": "单位", "field_path": "unit_id.name"}),
                    (0, 0, {"code": "goal", "header": "目标", "field_path": "goal_id.name"}),
                    (0, 0, {"code": "ind", "header": "指标", "field_path": "indicator_id.name"}),
                    (0, 0, {"code": "score", "header": "得分", "field_path": "final_score"}),
                    (0, 0, {"code": "points", "header": "分值", "field_path": "points"}),
                    (
                        0,
                        0,
                        {
                            "code": "rate",
                            "header": "得分率",
                            "source_type": "expression",
                            "expression": "score / points if points else 0",
                        },
                    ),
                ],
            }
        )

    @classmethod
    def _city(cls, year, size):
        """A cycle with ``size`` counties, two goals each, progress, scores."""
        env = cls.env
        cycle = env["target.cycle"].create(
            {
                "name": f"{year}年度",
                "year": year,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
            }
        )
        cycle.action_generate_periods()
        scheme = env["target.scheme"].create(
            {
                "name": f"{year} 县区办法",
                "cycle_id": cycle.id,
                "category_id": cls.cat_county.id,
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
                    "name": f"{year}县{i}",
                    "code": f"c{year}_{i}",
                    "parent_id": cls.city.id,
                    "category_id": cls.cat_county.id,
                }
                for i in range(size)
            ]
        )
        goals = env["target.goal"].create(
            [
                {
                    "cycle_id": cycle.id,
                    "unit_id": unit.id,
                    "indicator_id": indicator.id,
                    "section_id": section.id,
                    "name": f"{unit.name}{indicator.name}",
                    "target_value": 100.0,
                    "points": 10.0,
                    "responsible_employee_id": cls.employee.id,
                }
                for unit in units
                for indicator, section in ((cls.ind_gdp, key), (cls.ind_energy, quant))
            ]
        )
        goals.write({"state": "approved"})
        march = cycle.period_ids.sorted("date_start")[2]
        reports = env["target.progress"].create(
            [{"goal_id": goal.id, "period_id": march.id, "value": 30.0} for goal in goals]
        )
        with freeze_time(march.date_end):  # reported once March is over
            reports.action_submit()
            reports.action_accept()
        for unit in units[:1]:
            cls._veto(unit, cycle=cycle)
        cycle.with_user(cls.users["office"]).action_compute_scores()
        leaders = env["hr.employee"].create([{"name": f"{unit.name}书记"} for unit in units])
        env["target.personnel.result"].create(
            [
                {
                    "cycle_id": cycle.id,
                    "employee_id": leader.id,
                    "unit_id": unit.id,
                    "role": "principal",
                    "category_id": cls.cat_county.id,
                    "unit_score": 80.0,
                    "suggested_grade": "competent",
                }
                for unit, leader in zip(units, leaders, strict=True)
            ]
        )
        return cycle

    def consume(self, builder):
        for sheet in builder.sheets():
            for _row in sheet.rows:
                pass
            list(sheet.notes)

    def assertSameQueries(self, make_builder, expected, role="office"):
        env = self.env(user=self.users[role])
        for cycle in (self.small, self.large):  # warm the caches (rules, translations)
            self.consume(make_builder(env, cycle))
        counts = []
        for cycle in (self.small, self.large):
            env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.consume(make_builder(env, cycle))
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts, [expected, expected], "queries for 2 units, for 8 units")

    def test_goal_tree(self):
        self.assertSameQueries(
            lambda env, cycle: GoalTreeBuilder(env, ReportFilter(cycle_id=cycle.id)), 7
        )

    def test_progress(self):
        self.assertSameQueries(
            lambda env, cycle: ProgressBuilder(env, ReportFilter(cycle_id=cycle.id)), 12
        )

    def test_result_summary(self):
        self.assertSameQueries(
            lambda env, cycle: ResultSummaryBuilder(env, ReportFilter(cycle_id=cycle.id)), 10
        )

    def test_unit_detail(self):
        self.assertSameQueries(
            lambda env, cycle: UnitDetailBuilder(env, ReportFilter(cycle_id=cycle.id)), 15
        )

    def test_cadre(self):
        self.assertSameQueries(
            lambda env, cycle: CadreBuilder(env, ReportFilter(cycle_id=cycle.id)), 6, role="hr"
        )

    def test_template(self):
        self.assertSameQueries(
            lambda env, cycle: TemplateBuilder(
                env, ReportFilter(cycle_id=cycle.id), self.template.with_env(env)
            ),
            10,
        )
