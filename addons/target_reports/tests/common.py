"""Shared fixture of the report tests (no test of its own).

The small city of target_assessment's scoring tests, in execution with
monthly periods, goals decomposed from the city down to a township and a
person, progress reported (green, red, one not yet accepted), and year-end
scores computed with a bonus, a deduction and a veto:

    江陵市 GDP 300 (not assessed)
    ├── 甲县 county_a  GDP 200 ── 一镇 town_a1 GDP 120; 张三 (person) GDP 50
    │                  energy 100 (lower is better)
    ├── 乙县 county_b  GDP 100 (vetoed: 安全生产)
    └── 环保局 dept_env air quality 85

The unit user and unit leader report for county A.
"""

import io

import openpyxl

from odoo.tests import new_test_user

from odoo.addons.target_assessment.tests.test_scoring_common import ScoringCase

from ..builders import ReportFilter
from ..models.target_report_request import REPORT_ACTIONS


class ReportsCase(ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cycle.phase = "execution"
        cls.cycle.action_generate_periods()
        cls.periods = cls.cycle.period_ids.sorted("date_start")
        key = cls.section(cls.scheme_county, "key")
        quant = cls.section(cls.scheme_county, "quant")
        town_key = cls.section(cls.scheme_town, "key")
        own = cls.section(cls.scheme_dept, "own")
        Goal = env["target.goal"]
        cls.g_city = Goal.create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.city.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "全市地区生产总值",
                "target_value": 300.0,
                "points": 10.0,
            }
        )
        cls.g_a = cls._goal(cls.county_a, cls.ind_gdp, key, 10.0, 200.0, parent_id=cls.g_city.id)
        cls.g_b = cls._goal(cls.county_b, cls.ind_gdp, quant, 10.0, 100.0, parent_id=cls.g_city.id)
        cls.g_town = cls._goal(cls.town_a1, cls.ind_gdp, town_key, 8.0, 120.0, parent_id=cls.g_a.id)
        cls.g_person = cls._goal(
            cls.county_a,
            cls.ind_gdp,
            key,
            2.0,
            50.0,
            parent_id=cls.g_a.id,
            employee_id=cls.employee.id,
            name="张三 地区生产总值",
        )
        cls.g_energy = cls._goal(cls.county_a, cls.ind_energy, quant, 6.0, 100.0)
        cls.g_air = cls._goal(cls.dept_env, cls.ind_air, own, 5.0, 85.0, actual=80.0)
        cls.goals = (
            cls.g_city | cls.g_a | cls.g_b | cls.g_town | cls.g_person | cls.g_energy | cls.g_air
        )
        cls.goals.write({"state": "approved"})
        cls.users["unit_b"] = new_test_user(
            env, login="tr_unit_b", groups="target_assessment.group_unit_user", name="乙县填报员"
        )
        cls.users["unit_b"].target_unit_ids = cls.county_b
        # progress: county A ahead (green), county B behind (red), April not yet accepted
        cls.p_a = cls._accepted(cls.g_a, 3, 60.0, "unit_user")
        cls.p_b = cls._accepted(cls.g_b, 3, 10.0, "unit_b")
        cls.p_a_april = cls._report(cls.g_a, 4, 70.0, "unit_user")
        cls.p_a_april.action_submit()
        # year end: a bonus and a deduction for county A, a veto for county B
        cls.bonus = cls._adjustment(
            cls.county_a, "bonus", award_level="provincial", name="省级表彰"
        )
        cls.deduction = cls._adjustment(
            cls.county_a,
            "deduction",
            points=1.0,
            deduction_category_id=cls.cat_criticism.id,
            name="通报批评",
        )
        cls.veto = cls._veto(cls.county_b)
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()
        cls.evaluations = env["target.evaluation"].search(
            [("cycle_id", "=", cls.cycle.id), ("stage", "=", "year_end")]
        )

    @classmethod
    def _report(cls, goal, month, value, role):
        return (
            cls.env["target.progress"]
            .with_user(cls.users[role])
            .create({"goal_id": goal.id, "period_id": cls.periods[month - 1].id, "value": value})
        )

    @classmethod
    def _accepted(cls, goal, month, value, role):
        report = cls._report(goal, month, value, role)
        report.action_submit()
        report.with_user(cls.users["office"]).action_accept()
        return report

    # -- rendering -------------------------------------------------------------

    def render(self, key, role="office", records=None, lang=None, **filters):
        """Render report ``key`` as ``role``: for ``records`` (the list's Print
        menu) or for ``filters`` (the wizard's data); return the workbook."""
        report = self.env.ref(REPORT_ACTIONS[key])
        env = self.env(user=self.users[role], context=dict(self.env.context, lang=lang))
        data, docids = None, None
        if records is not None:
            docids = records.ids
        else:
            data = ReportFilter(**filters).as_data()
        content, extension = (
            env["ir.actions.report"]
            .with_context(active_model=report.model)
            ._render_xlsx(report.report_name, docids, data)
        )
        self.assertEqual(extension, "xlsx")
        return self.workbook(content)

    @staticmethod
    def workbook(content):
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def rows(sheet, first=1):
        """The rows of ``sheet`` from row ``first`` (1-based) as tuples of values."""
        return [tuple(row) for row in sheet.iter_rows(min_row=first, values_only=True)]

    @staticmethod
    def column(sheet, header_row, label):
        """The values under the header ``label`` (in row ``header_row``), data rows only."""
        headers = [cell.value for cell in sheet[header_row]]
        index = headers.index(label)
        return [
            row[index]
            for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
            if isinstance(row[0], int)
        ]

    @staticmethod
    def merged(sheet):
        return {str(cell_range) for cell_range in sheet.merged_cells.ranges}
