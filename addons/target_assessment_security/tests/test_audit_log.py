"""The audit log of the records that decide results: who, when, before, after, where from."""

from datetime import date
from types import SimpleNamespace
from unittest.mock import patch

from odoo.service.model import call_kw
from odoo.tests import tagged

from odoo.addons.target_assessment.demo_city.flow import put_schemes_in_force

from .common import AUDITED_MODELS, SecurityCase

ORIGIN_REQUEST = "odoo.addons.target_assessment_security.models.auditlog_log.request"


def fake_request(path):
    """A request as change_origin sees it, arrived on ``path``."""
    return SimpleNamespace(httprequest=SimpleNamespace(path=path))


@tagged("post_install", "-at_install")
class TestAuditLog(SecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quant = cls.section(cls.scheme_county, "quant")
        cls.key = cls.section(cls.scheme_county, "key")

    def test_every_result_model_has_a_confirmed_rule(self):
        rules = self.env["auditlog.rule"].search([("state", "=", "confirmed")])
        by_model = {rule.model_id.model: rule for rule in rules}
        for model in AUDITED_MODELS:
            with self.subTest(model=model):
                rule = by_model.get(model)
                self.assertTrue(rule, f"{model} is not audited")
                self.assertTrue(rule.log_create and rule.log_write and rule.log_unlink)
                self.assertTrue(rule.capture_record)
                self.assertEqual(rule.log_type, "full")
                cls = self.env.registry[model]
                for method in ("create", "write", "unlink"):
                    self.assertTrue(getattr(cls, f"auditlog_ruled_{method}", False), method)

    def test_goal_create_write_unlink_with_values_before_and_after(self):
        office = self.users["office"]
        goal = self.goal(self.county_a, target=200.0).with_user(office)
        created = self.logs(goal, "create")
        self.assertEqual(len(created), 1)
        self.assertEqual(created.origin, "system")
        self.assertEqual(self.changes(created)["target_value"][1], "200.0")
        goal.write({"target_value": 220.0, "points": 12.0})
        written = self.writes_of(goal, "target_value")
        self.assertEqual(len(written), 1)
        self.assertEqual(written.user_id, office)
        self.assertTrue(written.create_date)
        changes = self.changes(written)
        self.assertEqual(changes["target_value"], ("200.0", "220.0"))
        self.assertEqual(changes["points"], ("10.0", "12.0"))
        goal_id = goal.id
        goal.unlink()
        deleted = (
            self.env["auditlog.log"]
            .with_user(self.audit_admin)
            .search(
                [
                    ("model_model", "=", "target.goal"),
                    ("res_id", "=", goal_id),
                    ("method", "=", "unlink"),
                ]
            )
        )
        self.assertEqual(deleted.user_id, office)
        # the deleted record's values are kept
        self.assertEqual(self.changes(deleted)["target_value"][0], "220.0")

    def test_where_from_rpc_and_web(self):
        goal = self.goal(self.county_a)
        office_goals = self.env["target.goal"].with_user(self.users["office"])
        with patch(ORIGIN_REQUEST, fake_request("/json/2/target.goal/write")):
            call_kw(office_goals, "write", [[goal.id], {"target_value": 150.0}], {})
        with patch(ORIGIN_REQUEST, fake_request("/web/dataset/call_kw/target.goal/write")):
            call_kw(office_goals, "write", [[goal.id], {"target_value": 160.0}], {})
        with patch(ORIGIN_REQUEST, fake_request("/xmlrpc/2/object")):
            call_kw(office_goals, "write", [[goal.id], {"target_value": 170.0}], {})
        logs = self.writes_of(goal, "target_value").sorted("id")
        self.assertEqual(logs.mapped("origin"), ["rpc", "ui", "rpc"])
        self.assertEqual(
            [self.changes(log)["target_value"][1] for log in logs], ["150.0", "160.0", "170.0"]
        )

    def test_load_is_logged_as_an_import(self):
        Goal = self.env["target.goal"].with_user(self.users["office"])
        fields = [
            "name",
            "cycle_id/.id",
            "unit_id/.id",
            "indicator_id/.id",
            "target_value",
            "points",
        ]
        rows = [
            ["导入一", self.cycle.id, self.county_a.id, self.ind_gdp.id, "300", "10"],
            ["导入二", self.cycle.id, self.county_b.id, self.ind_gdp.id, "400", "10"],
        ]
        result = Goal.load(fields, rows)
        self.assertFalse(result["messages"], result["messages"])
        goals = Goal.browse(result["ids"])
        logs = self.logs(goals, "create")
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("origin")), {"import"})
        self.assertEqual(logs.user_id, self.users["office"])
        # Odoo's import screen marks its calls itself
        goals.with_context(import_file=True).write({"points": 11.0})
        self.assertEqual(self.writes_of(goals, "points").mapped("origin"), ["import", "import"])

    def test_scores_and_their_inputs(self):
        unit = self.county_a
        gdp = self._goal(unit, self.ind_gdp, self.quant, 50, 100, actual=80)
        task = self._goal(unit, self.ind_task, self.key, 40, 100)
        milestones = self._milestones(task, (6, 50, True), (12, 50, False))
        special = self._special(unit, self.body_npc, 90)
        bonus = self._adjustment(unit, "bonus", award_level="city")
        deduction = self._adjustment(
            unit, "deduction", deduction_category_id=self.cat_criticism.id, points=1.0
        )
        veto = self._veto(self.county_b)
        records = {
            "target.goal.milestone": milestones,
            "target.special.evaluation": special,
            "target.score.adjustment": bonus | deduction,
            "target.veto": veto,
        }
        for model, recs in records.items():
            with self.subTest(model=model):
                self.assertEqual(len(self.logs(recs, "create")), len(recs))
        # the confirmations went through write(): before and after are kept
        states = [self.changes(log)["state"][1] for log in self.writes_of(veto, "state")]
        self.assertIn("confirmed", states)
        # the scoring creates and writes evaluations, lines and sections in bulk through
        # SQL: its run is recorded instead (test_scoring_run); what people enter is audited
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        self.assertTrue(self.env["target.scoring.run"].search([("cycle_id", "=", self.cycle.id)]))
        evaluation = self.evaluation(unit)
        evaluation.with_user(self.users["unit_user"]).self_comment = "全面完成"
        line = self.line(gdp)
        line.with_user(self.users["unit_user"]).write(
            {"self_scored": True, "self_value": 100, "self_score": 50}
        )
        line.with_user(self.users["assessor"]).write(
            {"assessor_scored": True, "assessor_score": 45}
        )
        self.assertEqual(
            self.writes_of(evaluation, "self_comment").user_id, self.users["unit_user"]
        )
        self.assertEqual(self.changes(self.writes_of(line, "self_score"))["self_score"][1], "50.0")
        assessed = self.writes_of(line, "assessor_score")
        self.assertEqual(assessed.user_id, self.users["assessor"])
        self.assertEqual(self.changes(assessed)["assessor_score"], ("0.0", "45.0"))
        # a section score written through the ORM (as the superuser may) is audited too
        section = evaluation.section_result_ids[:1]
        section.write({"score": section.score + 1})
        self.assertTrue(self.writes_of(section, "score"))

    def test_progress_report_and_its_approval(self):
        self.cycle.phase = "execution"
        self.cycle.action_generate_periods()
        goal = self.goal(self.county_a, target=200.0)
        goal.write({"state": "approved"})
        period = self.cycle.period_ids.sorted("date_start")[0]
        report = (
            self.env["target.progress"]
            .with_user(self.users["unit_user"])
            .create({"goal_id": goal.id, "period_id": period.id, "value": 30.0})
        )
        report.write({"value": 35.0})
        report.action_submit()
        report.with_user(self.users["office"]).action_accept()
        self.assertEqual(self.logs(report, "create").user_id, self.users["unit_user"])
        self.assertEqual(self.changes(self.writes_of(report, "value"))["value"], ("30.0", "35.0"))
        accepted = self.writes_of(report, "state").filtered(
            lambda log: log.user_id == self.users["office"]
        )
        self.assertEqual(self.changes(accepted)["state"][1], "accepted")

    def test_approvals(self):
        goal = self.goal(self.county_a, section_id=self.quant.id)
        plan = goal.plan_id
        plan.with_user(self.users["unit_user"]).action_submit()
        reviews = plan.review_ids
        self.assertTrue(reviews)
        self.assertEqual(len(self.logs(reviews, "create")), len(reviews))
        plan.with_user(self.users["unit_leader"]).validate_tier()
        first = reviews.sorted("sequence")[0]
        statuses = [self.changes(log)["status"] for log in self.writes_of(first, "status")]
        self.assertIn(("pending", "approved"), statuses)

    def test_approval_chains_and_schemes(self):
        """The office manages the approval chains and the schemes: each change is logged."""
        office = self.users["office"]
        chain = self.env.ref("target_assessment.tier_definition_target_scheme_leadership")
        self.assertEqual(chain.review_type, "field")  # the document's leading group
        leaders = self.env.ref("target_assessment.group_leader")
        chain.with_user(office).write({"review_type": "group", "reviewer_group_id": leaders.id})
        written = self.writes_of(chain, "reviewer_group_id")
        self.assertEqual(written.user_id, office)
        old, new = self.changes(written)["reviewer_group_id"]
        self.assertFalse(old)
        self.assertTrue(new)
        self.assertEqual(
            self.changes(self.writes_of(chain, "review_type"))["review_type"][1], "group"
        )
        self.assertEqual(self.scheme_county.state, "active")  # in force
        self.scheme_county.with_user(self.users["admin"]).action_reopen("补充否决事项")
        reopened = self.writes_of(self.scheme_county, "state").sorted("id")[-1:]
        self.assertEqual(reopened.user_id, self.users["admin"])
        self.assertEqual(self.changes(reopened)["state"], ("active", "returned"))

    def test_personnel_results_bonuses_and_incentives(self):
        cycle = self._published_cycle()
        hr = self.users["hr"]
        incentive = (
            self.env["target.incentive"]
            .with_user(hr)
            .create(
                {
                    "type_id": self.env.ref(
                        "target_assessment.target_incentive_type_admonition"
                    ).id,
                    "cycle_id": cycle.id,
                    "employee_id": self.employee.id,
                }
            )
        )
        self.assertEqual(self.logs(incentive, "create").user_id, hr)
        for model in ("target.personnel.result", "target.bonus", "target.incentive"):
            with self.subTest(model=model):
                records = self.env[model].search([("cycle_id", "=", cycle.id)])
                self.assertTrue(records, f"the publication made no {model}")
                self.assertEqual(len(self.logs(records, "create")), len(records))

    def _published_cycle(self):
        """A scored cycle of one unit with its leaders, its results applied to people."""
        env = self.env
        cycle = env["target.cycle"].create(
            {
                "name": "2030年度",
                "year": 2030,
                "date_start": date(2030, 1, 1),
                "date_end": date(2030, 12, 31),
            }
        )
        scheme = env["target.scheme"].create(
            {
                "name": "2030 测试办法",
                "cycle_id": cycle.id,
                "category_id": self.cat_town.id,
                "section_ids": [
                    (0, 0, {"name": "定量", "code": "quant", "weight": 100, "kind": "goals"})
                ],
            }
        )
        put_schemes_in_force(scheme)
        unit = env["target.unit"].create(
            {
                "name": "三镇",
                "code": "a30",
                "parent_id": self.city.id,
                "category_id": self.cat_town.id,
            }
        )
        people = env["hr.employee"].create([{"name": "镇长"}, {"name": "副镇长"}])
        env["target.unit.leader"].create(
            [
                {"unit_id": unit.id, "employee_id": people[0].id, "role": "principal"},
                {"unit_id": unit.id, "employee_id": people[1].id, "role": "deputy"},
            ]
        )
        self._goal(unit, self.ind_gdp, scheme.section_ids, 100, 100, actual=100, cycle=cycle)
        cycle.with_user(self.users["office"]).action_compute_scores()
        cycle._apply_results()
        return cycle
