"""Who may see and change the scoring records: allowed and forbidden, role by role."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .test_scoring_common import ScoringCase


@tagged("post_install", "-at_install")
class TestScoringAccess(ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        cls.a_gdp = cls._goal(cls.county_a, cls.ind_gdp, quant, 30, 100, actual=95)
        cls.b_gdp = cls._goal(cls.county_b, cls.ind_gdp, quant, 30, 100, actual=100)
        cls.npc_a = cls._special(cls.county_a, cls.body_npc, 90)
        cls.public_a = cls._special(cls.county_a, cls.body_public, 80)
        cls.veto_a = cls._veto(cls.county_a)
        cls.veto_a_draft = cls._veto(cls.county_a, confirm=False, name="待核实")
        cls.veto_b = cls._veto(cls.county_b)
        cls.bonus_a = cls._adjustment(cls.county_a, "bonus", award_level="city")
        cls.bonus_a_draft = cls._adjustment(
            cls.county_a, "bonus", award_level="city", confirm=False, name="申报中"
        )
        cls.bonus_b = cls._adjustment(cls.county_b, "bonus", award_level="city")
        cls.public_evaluator = new_test_user(
            cls.env,
            login="ta_public_evaluator",
            groups="target_assessment.group_evaluator",
            name="社会评价员",
        )
        cls.body_public.user_ids = cls.public_evaluator
        cls.idle_evaluator = new_test_user(
            cls.env, login="ta_idle_evaluator", groups="target_assessment.group_evaluator"
        )
        cls.cycle.with_user(cls.users["office"]).action_compute_scores()

    def as_user(self, role_or_user, model):
        user = self.users.get(role_or_user) if isinstance(role_or_user, str) else role_or_user
        return self.env[model].with_user(user)

    # -- special evaluations ---------------------------------------------------------

    def test_evaluator_sees_and_enters_own_body_only(self):
        Special = self.as_user("evaluator", "target.special.evaluation")
        self.assertEqual(Special.search([]), self.npc_a)
        self.assertEqual(Special.default_get(["body_id"])["body_id"], self.body_npc.id)
        created = Special.create(
            {
                "cycle_id": self.cycle.id,
                "unit_id": self.county_b.id,
                "section_id": self.other.id,
                "body_id": self.body_npc.id,
                "score": 75,
            }
        )
        self.assertEqual(created.evaluator_id, self.users["evaluator"])
        self.npc_a.with_user(self.users["evaluator"]).score = 95
        self.assertEqual(self.npc_a.score, 95)
        with self.assertRaises(AccessError):
            Special.create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_b.id,
                    "section_id": self.other.id,
                    "body_id": self.body_public.id,
                    "score": 10,
                }
            )
        with self.assertRaises(AccessError):
            self.public_a.with_user(self.users["evaluator"]).score = 10
        with self.assertRaises(AccessError):
            self.public_a.with_user(self.users["evaluator"]).read(["score"])
        with self.assertRaises(AccessError):
            self.public_a.with_user(self.users["evaluator"]).unlink()

    def test_an_evaluator_cannot_move_a_score_to_another_body(self):
        with self.assertRaises(AccessError):
            self.npc_a.with_user(self.users["evaluator"]).write(
                {"body_id": self.body_public.id, "unit_id": self.county_b.id, "score": 5}
            )
        self.assertEqual(self.npc_a.body_id, self.body_npc)

    def test_each_evaluator_their_own_body(self):
        Special = self.as_user(self.public_evaluator, "target.special.evaluation")
        self.assertEqual(Special.search([]), self.public_a)
        with self.assertRaises(AccessError):
            self.npc_a.with_user(self.public_evaluator).score = 0
        idle = self.as_user(self.idle_evaluator, "target.special.evaluation")
        self.assertFalse(idle.search([]))

    def test_each_evaluator_sees_and_scores_what_their_body_owes(self):
        """The evaluator's landing page: the scores their bodies owe, each scored from its row."""
        Expected = self.env["target.special.evaluation.expected"]
        domain = [("cycle_id", "=", self.cycle.id)]
        everything = Expected.search(domain)
        self.assertGreater(everything.body_id, self.body_npc)
        self.assertEqual(self.as_user("office", Expected._name).search(domain), everything)
        evaluator = self.users["evaluator"]
        owed = self.as_user(evaluator, Expected._name).search(domain)
        self.assertEqual(owed, everything.filtered(lambda row: row.body_id == self.body_npc))
        self.assertFalse(self.as_user(self.idle_evaluator, Expected._name).search(domain))
        for role in ("unit_user", "unit_leader", "assessor", "inspector", "leader", "hr"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_user(role, Expected._name).search(domain)
        missing = owed.filtered(lambda row: not row.done)[:1]
        self.assertTrue(missing)
        action = missing.with_user(evaluator).action_score()
        self.assertEqual(action["res_model"], "target.special.evaluation")
        form = Form(
            self.env["target.special.evaluation"]
            .with_user(evaluator)
            .with_context(**action["context"])
        )
        form.score = 88
        special = form.save()
        self.assertEqual(
            (special.unit_id, special.section_id, special.body_id, special.cycle_id),
            (missing.unit_id, missing.section_id, missing.body_id, missing.cycle_id),
        )
        Expected.invalidate_model()  # a view over the evaluations just entered
        row = Expected.search(
            [
                *domain,
                ("unit_id", "=", special.unit_id.id),
                ("body_id", "=", self.body_npc.id),
                ("section_id", "=", special.section_id.id),
            ]
        )
        self.assertTrue(row.done)

    def test_office_leader_hr_on_special_evaluations(self):
        everything = self.npc_a | self.public_a
        self.assertEqual(self.as_user("office", "target.special.evaluation").search([]), everything)
        for role in ("leader", "hr"):
            Special = self.as_user(role, "target.special.evaluation")
            self.assertEqual(Special.search([]), everything)
            with self.assertRaises(AccessError):
                self.npc_a.with_user(self.users[role]).score = 1
        for role in ("unit_user", "unit_leader", "assessor", "inspector"):
            with self.assertRaises(AccessError):
                self.as_user(role, "target.special.evaluation").search([])

    # -- vetoes, bonuses and deductions ----------------------------------------------

    def test_units_read_their_decided_items(self):
        for role in ("unit_user", "unit_leader"):
            self.assertEqual(self.as_user(role, "target.veto").search([]), self.veto_a)
            self.assertEqual(self.as_user(role, "target.score.adjustment").search([]), self.bonus_a)
            with self.assertRaises(AccessError):
                self.veto_b.with_user(self.users[role]).read(["name"])
            with self.assertRaises(AccessError):
                self.veto_a_draft.with_user(self.users[role]).read(["name"])
            with self.assertRaises(AccessError):
                self.bonus_a.with_user(self.users[role]).points = 9
            with self.assertRaises(AccessError):
                self.as_user(role, "target.veto").create(
                    {
                        "name": "自报",
                        "cycle_id": self.cycle.id,
                        "unit_id": self.county_a.id,
                        "type_id": self.veto_safety.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.veto_a.with_user(self.users[role]).action_cancel()

    def test_office_decides_leader_and_hr_read(self):
        veto = self.as_user("office", "target.veto").create(
            {
                "name": "环境事件",
                "cycle_id": self.cycle.id,
                "unit_id": self.county_b.id,
                "type_id": self.veto_safety.id,
            }
        )
        veto.action_confirm()
        self.assertEqual((veto.state, veto.decided_by_id), ("confirmed", self.users["office"]))
        for role in ("leader", "hr"):
            self.assertIn(veto, self.as_user(role, "target.veto").search([]))
            self.assertEqual(len(self.as_user(role, "target.score.adjustment").search([])), 3)
            with self.assertRaises(AccessError):
                veto.with_user(self.users[role]).action_cancel()
        for role in ("assessor", "inspector", "evaluator"):
            with self.assertRaises(AccessError):
                self.as_user(role, "target.veto").search([])
            with self.assertRaises(AccessError):
                self.as_user(role, "target.score.adjustment").search([])

    def test_configuration_is_the_office(self):
        for model in ("target.veto.type", "target.deduction.category", "target.evaluation.body"):
            self.assertTrue(self.as_user("unit_user", model).search([]))
            with self.assertRaises(AccessError):
                self.as_user("evaluator", model).create({"name": "X", "code": "x_forbidden"})
            self.as_user("office", model).create({"name": "X", "code": f"x_{model}"})

    # -- results -----------------------------------------------------------------------

    def test_results_are_computed_not_entered(self):
        evaluation = self.evaluation(self.county_a)
        as_unit = evaluation.with_user(self.users["unit_user"])
        self.assertEqual(as_unit.total, evaluation.total)
        as_unit.self_comment = "全面完成"  # a draft evaluation of their unit
        with self.assertRaises(AccessError):
            as_unit.total = 100
        with self.assertRaises(AccessError):
            as_unit.grade = "excellent"
        line = self.line(self.a_gdp).with_user(self.users["unit_user"])
        self.assertEqual(line.explanation, "Completion 95 %.")
        line.write({"self_scored": True, "self_value": 100, "self_score": 30})
        with self.assertRaises(AccessError):
            line.final_score = 30
        with self.assertRaises(AccessError):
            self.line(self.b_gdp).with_user(self.users["unit_user"]).read(["final_score"])
        # the assessor scores lines of its indicators, not the final score
        as_assessor = self.line(self.a_gdp).with_user(self.users["assessor"])
        as_assessor.write({"assessor_scored": True, "assessor_score": 28})
        with self.assertRaises(AccessError):
            as_assessor.lost_points = 0

    def test_views_open_for_each_role(self):
        views = [(False, "list"), (False, "form"), (False, "search")]
        for role, models in (
            (
                "office",
                [
                    "target.evaluation",
                    "target.score.adjustment",
                    "target.veto",
                    "target.special.evaluation",
                    "target.veto.type",
                    "target.deduction.category",
                    "target.evaluation.body",
                    "target.cycle",
                    "target.scheme",
                ],
            ),
            ("unit_user", ["target.evaluation", "target.score.adjustment", "target.veto"]),
            ("evaluator", ["target.special.evaluation"]),
        ):
            for model in models:
                result = self.env[model].with_user(self.users[role]).get_views(views)
                self.assertIn(model, result["models"])
        ranking = self.env.ref("target_assessment.target_evaluation_view_list_ranking")
        arch = (
            self.env["target.evaluation"]
            .with_user(self.users["leader"])
            .get_views([(ranking.id, "list")])["views"]["list"]["arch"]
        )
        self.assertIn('decoration-danger="vetoed"', arch)
