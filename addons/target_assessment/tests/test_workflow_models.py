"""Every model on the workflow kernel, every (from, to) and every role.

For each concrete model inheriting target.workflow.mixin, one sample record
is put in each state of its selection (as superuser), and for every user of
the roles of DESIGN §1 and every target state:

- writing the state, and importing it (load), are refused to every user;
- a move outside the model's table is refused to everyone, superuser included;
- a move in the table passes the role gate exactly for the users that
  :data:`ROLE_USERS` says play its role (on the samples below), and
  ``_workflow_allowed`` (the gate of the buttons) says the same.

A model joining the kernel adds its sample to :data:`SAMPLES` (the test fails
for a model without one) and any new role to :data:`ROLE_USERS`.
"""

from contextlib import contextmanager, suppress

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_cycle_signoff import YearEndCase

KERNEL = "target.workflow.mixin"
UNIT_USERS = {"unit_user", "unit_leader", "office", "admin"}
# Who plays each role on the samples: they belong to county A, on GDP (assessed
# by the statistics bureau, the assessor's unit); the inspection group is led
# by the inspector.
ROLE_USERS = {
    "office": {"office", "admin"},
    "hr": {"hr", "admin"},
    "unit": UNIT_USERS,
    "reporter": UNIT_USERS,
    "reviewer": {"assessor", "office", "admin"},
    "manager": {"inspector", "office", "admin"},
    "body": {"evaluator", "office", "admin"},
    "letter": set(),
    "approval": set(),
    "runner": set(),  # the job runner only (as superuser)
    "admin": {"admin"},
}
# model -> the method of the case returning its sample record (superuser env)
SAMPLES = {
    "target.goal": "_sample_goal",
    "target.progress": "_sample_progress",
    "target.rectification": "_sample_rectification",
    "target.inspection": "_sample_inspection",
    "target.veto": "_sample_veto",
    "target.score.adjustment": "_sample_score_adjustment",
    "target.incentive": "_sample_incentive",
    "target.appeal": "_sample_appeal",
    "target.plan": "_sample_plan",
    "target.adjustment": "_sample_adjustment",
    "target.evaluation": "_sample_evaluation",
    "target.cycle": "_sample_cycle",
    "target.evaluation.campaign": "_sample_campaign",
    "target.spot.check": "_sample_spot_check",
    "target.supervision.task": "_sample_supervision_task",
    "target.job": "_sample_job",
    "target.supervision.bulletin": "_sample_bulletin",
    "target.scheme": "_sample_scheme",
    "target.scheme.comment": "_sample_scheme_comment",
    "target.indicator.library": "_sample_indicator_library",
}


class Rollback(Exception):
    """Raised to undo what a probe did (its savepoint rolls back)."""


@contextmanager
def rolled_back(env):
    """Run the block in a savepoint, then undo all it did."""
    try:
        with env.cr.savepoint():
            yield
            raise Rollback
    except Rollback:
        env.invalidate_all()


def kernel_models(registry):
    """The concrete models inheriting the kernel, at any depth."""
    found, todo = set(), [KERNEL]
    while todo:
        for child in registry[todo.pop()]._inherit_children:
            if child not in found:
                found.add(child)
                todo.append(child)
    return sorted(name for name in found if not registry[name]._abstract)


@tagged("post_install", "-at_install")
class TestWorkflowModels(YearEndCase):
    def test_every_model_on_the_kernel_has_a_sample(self):
        models = kernel_models(self.registry)
        self.assertTrue(set(SAMPLES) <= set(models), "a sample of a model off the kernel")
        self.assertEqual(sorted(set(models) - set(SAMPLES)), [], "models without a sample")

    def test_transitions_by_role(self):
        for model in kernel_models(self.registry):
            if model not in SAMPLES:
                continue  # reported by the test above
            with self.subTest(model=model):
                self._probe_model(model)

    # -- the probe ---------------------------------------------------------------

    def _probe_model(self, model):
        with rolled_back(self.env):
            record = getattr(self, SAMPLES[model])()
            self.assertEqual(record._name, model)
            table = record._workflow_transitions
            field = record._workflow_field
            states = [value for value, _label in record._fields[field].selection]
            for source in states:
                # set the stage under the ORM's overrides (tier validation would step in)
                record.sudo()._write({field: source})
                record.invalidate_recordset()
                for target in states:
                    role = table.get((source, target))
                    if role is not None:
                        self.assertIn(role, ROLE_USERS, f"{model}: who plays {role}?")
                    for login, user in self.users.items():
                        with self.subTest(source=source, target=target, user=login):
                            self._probe(record.with_user(user), source, target, role, login)
                with self.subTest(source=source, superuser=True):
                    for target in states:
                        if (source, target) not in table:
                            self._refused(record, UserError, target)

    def _probe(self, record, source, target, role, login):
        field = record._workflow_field
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            record.write({field: target})
        # who may not read the model imports nothing into it either
        with suppress(AccessError):
            result = record.load([".id", field], [[str(record.id), target]])
            self.assertFalse(result["ids"], "imported")
        self.assertEqual(record.sudo()[field], source)
        if role is None:
            # outside the table (an AccessError where the user cannot even read it)
            self._refused(record, UserError, target)
            self.assertFalse(record._workflow_allowed(target))
            return
        allowed = login in ROLE_USERS[role]
        self.assertEqual(bool(record._workflow_allowed(target)), allowed, "the buttons' gate")
        if allowed:
            # past the role gate: a precondition may still refuse (UserError), never access
            try:
                with rolled_back(self.env):
                    record._workflow_move(target, reason="理由")
                    self.assertEqual(record.sudo()[field], target)
            except AccessError as error:
                self.fail(f"{login} may move {source} → {target}, refused: {error}")
            except UserError as error:
                self.assertTrue(str(error))  # a precondition
        else:
            self._refused(record, AccessError, target)

    def _refused(self, record, exception, target):
        field = record._workflow_field
        before = record.sudo()[field]
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            record._workflow_move(target, reason="理由")
        if record.env.su:
            self.assertNotIsInstance(caught.exception, AccessError)
        record.invalidate_recordset()
        self.assertEqual(record.sudo()[field], before)

    # -- samples (superuser) -------------------------------------------------------

    def _sample_goal(self):
        return self.gdp[self.county_a]

    def _sample_progress(self):
        if not self.cycle.period_ids:
            self.cycle.action_generate_periods()
        goal = self.gdp[self.county_a]
        goal.sudo().write({"state": "approved"})
        period = self.cycle.period_ids.sorted("date_start")[0]
        return self.env["target.progress"].create(
            {"goal_id": goal.id, "period_id": period.id, "value": 1.0}
        )

    def _sample_rectification(self):
        return self.env["target.rectification"].create(
            {
                "name": "问题",
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "measures": "措施",
            }
        )

    def _sample_inspection(self):
        return self.env["target.inspection"].create(
            {
                "name": "考核组",
                "cycle_id": self.cycle.id,
                "leader_id": self.users["inspector"].id,
                "unit_ids": [(6, 0, self.county_b.ids)],
            }
        )

    def _sample_spot_check(self):
        return self.env["target.spot.check"].create(
            {"name": "抽查", "cycle_id": self.cycle.id, "sample_size": 1}
        )

    def _sample_supervision_task(self):
        return self.env["target.supervision.task"].create(
            {
                "name": "督办",
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "deadline": self.cycle.date_end,
            }
        )

    def _sample_bulletin(self):
        return self.env["target.supervision.bulletin"].create(
            {"cycle_id": self.cycle.id, "period_number": 6}
        )

    def _sample_scheme(self):
        return self.scheme_county

    def _sample_scheme_comment(self):
        # a comment is written while its scheme is open for comments
        self.scheme_county._write({"state": "comments"})
        comment = self.env["target.scheme.comment"].create(
            {"scheme_id": self.scheme_county.id, "unit_id": self.county_a.id, "body": "意见"}
        )
        return comment

    def _sample_indicator_library(self):
        return self.env["target.indicator.library"].create(
            {"name": "指标库", "cycle_id": self.cycle.id, "indicator_ids": [(4, self.ind_gdp.id)]}
        )

    def _sample_job(self):
        return self.env["target.job"].create(
            {
                "name": "计算得分",
                "user_id": self.users["office"].id,
                "res_model": "target.cycle",
                "res_id": self.cycle.id,
                "method": "action_compute",
                "identity_key": "target.cycle,%d,action_compute" % self.cycle.id,
            }
        )

    def _sample_veto(self):
        return self.env["target.veto"].create(
            {
                "name": "事故",
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "type_id": self.env.ref("target_assessment.target_veto_type_safety").id,
            }
        )

    def _sample_score_adjustment(self):
        return self.env["target.score.adjustment"].create(
            {
                "name": "表彰",
                "kind": "bonus",
                "award_level": "city",
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
            }
        )

    def _sample_incentive(self):
        return self.env["target.incentive"].create(
            {
                "type_id": self.env.ref("target_assessment.target_incentive_type_commendation").id,
                "cycle_id": self.cycle.id,
                "unit_id": self.county_a.id,
                "decision_date": "2027-02-01",
            }
        )

    def _sample_appeal(self):
        self.to_publicity()
        return self.appeal(self.county_a).sudo()

    def _sample_plan(self):
        return self.gdp[self.county_a].plan_id

    def _sample_adjustment(self):
        return self.env["target.adjustment"].create(
            {"cycle_id": self.cycle.id, "unit_id": self.county_a.id, "reason": "政策调整"}
        )

    def _sample_evaluation(self):
        self.compute()
        return self.evaluation(self.county_a)

    def _sample_cycle(self):
        return self.cycle

    def _sample_campaign(self):
        return self.env["target.evaluation.campaign"].create(
            {
                "name": "人大满意度测评",
                "cycle_id": self.cycle.id,
                "body_id": self.body_npc.id,
                "unit_ids": [(6, 0, self.county_a.ids)],
                "group_ids": [(0, 0, {"name": "人大代表", "sample_size": 2})],
            }
        )
