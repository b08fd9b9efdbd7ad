"""Two published years: the employee's history and the cadre-selection ranking."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..demo_city.flow import put_schemes_in_force
from .test_personnel_results import PersonnelCase


@tagged("post_install", "-at_install")
class TestPersonnelHistory(PersonnelCase):
    """2025 (the previous cycle): 甲县 100 (excellent), 丙县 88, 乙县 82; 甲县's
    principal has own goals (full), so takes the one excellent place of the year.
    2026: published as in :class:`PersonnelCase` (乙县's deputy excellent)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        scheme = env["target.scheme"].create(
            {
                "name": "2025县区考核办法",
                "cycle_id": cls.previous.id,
                "category_id": cls.cat_county.id,
                "excellent_quota": 50.0,
                "section_ids": [
                    (0, 0, {"name": "重点", "code": "key", "weight": 40, "kind": "goals"}),
                    (0, 0, {"name": "定量", "code": "quant", "weight": 60, "kind": "goals"}),
                ],
            }
        )
        put_schemes_in_force(scheme)
        key, quant = scheme.section_ids
        for unit, actual in ((cls.county_a, 100.0), (cls.county_b, 70.0), (cls.county_c, 80.0)):
            cls._goal(unit, cls.ind_project, key, 40.0, 1.0, actual=1.0, cycle=cls.previous)
            cls._goal(unit, cls.ind_gdp, quant, 60.0, 100.0, actual=actual, cycle=cls.previous)
        cls._goal(
            cls.county_a,
            cls.ind_energy,
            quant,
            5.0,
            100.0,
            actual=100.0,
            cycle=cls.previous,
            employee_id=cls.head_a.id,
            name="甲县书记 能耗 2025",
        )
        cls.previous.with_user(cls.users["office"]).action_compute_scores()
        # the demo's way for a past year: scored, then set published (results applied)
        cls.previous.phase = "published"

    def setUp(self):
        super().setUp()
        self.publish()
        hr = self.users["hr"]
        self.result(self.head_c).with_user(hr).write(
            {"final_grade": "basic", "final_reason": "年度内受到通报批评"}
        )

    def test_history_across_two_cycles(self):
        previous = self.results(self.previous)
        self.assertEqual(len(previous), 6)
        self.assertEqual(
            {
                (r.employee_id, r.suggested_grade)
                for r in previous
                if r.suggested_grade == "excellent"
            },
            {(self.head_a, "excellent")},
        )
        public = self.env["hr.employee.public"].with_user(self.users["hr"]).browse(self.head_a.id)
        self.assertEqual(public.target_result_count, 2)
        history = public.target_result_ids
        self.assertEqual(history.mapped("cycle_id"), self.cycle | self.previous)  # latest first
        self.assertEqual(history.mapped("unit_grade"), ["good", "excellent"])
        self.assertEqual(history.mapped("suggested_grade"), ["competent", "excellent"])
        self.assertEqual(history.mapped("unit_score"), [83.0, 100.0])
        # a leader reads the history too, without HR's fields
        leader = self.env["hr.employee.public"].with_user(self.users["leader"])
        self.assertEqual(leader.browse(self.head_c.id).target_result_count, 2)
        with self.assertRaises(AccessError):
            leader.browse(self.head_c.id).target_result_ids.read(["final_grade"])

    def rank(self, **values):
        wizard = Form(self.env["target.cadre.selection.wizard"].with_user(self.users["hr"]))
        for name, value in values.items():
            setattr(wizard, name, value)
        wizard = wizard.save()
        action = wizard.action_rank()
        lines = self.env[action["res_model"]].with_user(self.users["hr"]).search(action["domain"])
        return [(line.employee_id, line.rank) for line in lines], lines

    def test_cadre_ranking_of_the_last_cycles(self):
        ranking, lines = self.rank(cycle_count=2)
        self.assertEqual(
            ranking,
            [
                (self.head_a, 1),  # 4 + 3, units 100 and 83
                (self.deputy_b, 2),  # 3 + 4, units 82 and 95
                (self.deputy_a, 3),  # equal on everything: the same rank
                (self.member_a, 3),
                (self.head_b, 5),
                (self.head_c, 6),  # HR's final grade 基本称职 counts, not the suggestion
            ],
        )
        first = lines[0]
        self.assertRecordValues(
            first,
            [
                {
                    "cycle_count": 2,
                    "points": 3.5,
                    "excellent_count": 1,
                    "unit_score": 91.5,
                    "own_share": 75.0,
                    "last_grade": "competent",
                    "unit_id": self.county_a.id,
                    "role": "principal",
                    "category_id": self.cat_county.id,
                }
            ],
        )
        # exportable as any list (by users allowed to export)
        self.users["hr"].group_ids += self.env.ref("base.group_allow_export")
        rows = lines.export_data(["rank", "employee_id", "last_grade"])["datas"]
        self.assertEqual(rows[0], [1, "甲县书记", "Competent"])

    def test_cadre_ranking_filters(self):
        ranking, _lines = self.rank(cycle_count=1)
        self.assertEqual(ranking[:3], [(self.deputy_b, 1), (self.head_b, 2), (self.head_a, 3)])
        ranking, _lines = self.rank(cycle_count=2, role="principal")
        self.assertEqual(ranking, [(self.head_a, 1), (self.head_b, 2), (self.head_c, 3)])
        ranking, _lines = self.rank(cycle_count=2, min_grade="excellent")
        self.assertEqual(ranking, [(self.deputy_b, 1)])
        other = self.env["target.unit.category"].create({"name": "乡镇", "code": "t_other"})
        wizard = self.env["target.cadre.selection.wizard"].with_user(self.users["hr"])
        wizard = wizard.create({"cycle_count": 2, "category_ids": [(6, 0, other.ids)]})
        wizard.action_rank()
        self.assertFalse(wizard.line_ids)

    def test_cadre_selection_is_hr_only(self):
        for role in ("leader", "office", "unit_user"):
            with self.assertRaises(AccessError):
                self.env["target.cadre.selection.wizard"].with_user(self.users[role]).create(
                    {"cycle_count": 2}
                )
        with self.assertRaisesRegex(ValidationError, "between 1 and 20"):
            self.env["target.cadre.selection.wizard"].with_user(self.users["hr"]).create(
                {"cycle_count": 0}
            )
