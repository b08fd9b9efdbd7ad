from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine.personnel import UnitOutcome, propose_incentives
from .target_personnel_result import QUIET

INCENTIVE_STATES = [
    ("proposed", "Proposed"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
# What a confirmed decision fixes.
DECIDED_FIELDS = frozenset(
    {"type_id", "cycle_id", "unit_id", "employee_id", "amount", "measure", "rule_id"}
)


class TargetIncentive(models.Model):
    """A reward or penalty (奖惩) of a unit or a person, for a cycle's results.

    Proposed automatically when a cycle is published, by the office's rules
    on the units' grades (target.incentive.rule), or entered by HR; HR
    confirms it with the decision (document number, date, scanned document)
    or cancels it. Publishing again is idempotent: a rule proposes once per
    unit and person; a proposal the new results no longer justify is
    withdrawn while still proposed, and flagged once confirmed.

    Access: HR reads all and decides; leaders read all; any user reads the
    incentives of the people below them in the employees' manager chain;
    nobody else reads any. The workflow is the kernel's (target.workflow.mixin).
    """

    _name = "target.incentive"
    _description = "Reward or Penalty"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.manager.chain.mixin",
        "target.workflow.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
    ]
    _freeze_phases = ("closed",)
    _order = "cycle_id, state, id desc"

    _workflow_transitions = {
        ("proposed", "confirmed"): "hr",
        ("proposed", "cancelled"): "hr",
        ("confirmed", "cancelled"): "hr",
        ("cancelled", "proposed"): "hr",
    }
    _workflow_stamps = {"confirmed": "confirmed"}
    # set by the publication only: what a rule proposed, and what it no longer justifies
    _workflow_system_fields = ("rule_id", "outdated")

    name = fields.Char(compute="_compute_name", store=True)
    type_id = fields.Many2one(
        "target.incentive.type",
        "Type",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, index=True, ondelete="restrict", tracking=True
    )
    unit_id = fields.Many2one(
        "target.unit", index="btree_not_null", ondelete="restrict", tracking=True
    )
    employee_id = fields.Many2one(
        "hr.employee", "Person", index="btree_not_null", ondelete="restrict", tracking=True
    )
    amount = fields.Float(
        digits=(16, 2),
        aggregator="sum",
        tracking=True,
        help="Amount of a reward or the coefficient it sets.",
    )
    measure = fields.Text(
        "Decided measure", tracking=True, help="What is decided, e.g. 由组织部进行诫勉谈话."
    )
    decision_number = fields.Char("Decision document number", tracking=True, help="文号")
    decision_date = fields.Date(tracking=True)
    decision_attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_incentive_attachment_rel",
        "incentive_id",
        "attachment_id",
        "Decision document",
    )
    state = fields.Selection(
        INCENTIVE_STATES, default="proposed", required=True, readonly=True, tracking=True
    )
    rule_id = fields.Many2one(
        "target.incentive.rule", "Proposed by rule", readonly=True, ondelete="set null"
    )
    outdated = fields.Boolean(
        "No longer justified",
        readonly=True,
        help="The cycle was published again and its rule no longer applies: review it.",
    )
    confirmed_by_id = fields.Many2one("res.users", "Confirmed by", readonly=True, copy=False)
    confirmed_on = fields.Datetime(readonly=True, copy=False)

    _rule_unique = models.UniqueIndex(
        "(rule_id, cycle_id, unit_id, COALESCE(employee_id, 0)) WHERE rule_id IS NOT NULL",
        "A rule proposes once per cycle, unit and person.",
    )

    # type_id is always given: the check runs on create even without unit and person
    @api.constrains("type_id", "unit_id", "employee_id")
    def _check_someone(self):
        for incentive in self:
            if not (incentive.unit_id or incentive.employee_id):
                raise ValidationError(
                    self.env._(
                        "%(incentive)s: give the unit or the person the reward or penalty is for.",
                        incentive=incentive.type_id.name or self.env._("Reward or penalty"),
                    )
                )

    @api.depends("type_id.name", "employee_id.name", "unit_id.name", "cycle_id.name")
    def _compute_name(self):
        for incentive in self:
            incentive.name = self.env._(
                "%(type)s: %(who)s (%(cycle)s)",
                type=incentive.type_id.name or "",
                who=incentive.employee_id.name or incentive.unit_id.name or "",
                cycle=incentive.cycle_id.name or "",
            )

    def write(self, vals):
        if not self.env.su:
            self._ensure_writable(vals)
        return super().write(vals)

    def _ensure_writable(self, vals):
        """Raise unless every record may take ``vals``: a confirmed decision's content
        is fixed (the state is the kernel's)."""
        if not DECIDED_FIELDS.intersection(vals):
            return
        for incentive in self.filtered(lambda i: i.state == "confirmed"):
            raise UserError(
                self.env._(
                    "%(incentive)s is confirmed: cancel it and enter a new one to change "
                    "the decision.",
                    incentive=incentive.name,
                )
            )

    def action_confirm(self):
        """HR confirms the proposals with their decision (a date at least)."""
        return self._workflow_move("confirmed")

    def action_cancel(self):
        return self._workflow_move("cancelled")

    def action_reset(self):
        """A cancelled incentive is proposed again."""
        return self._workflow_move(
            "proposed", vals={"confirmed_by_id": False, "confirmed_on": False}
        )

    def _workflow_precheck_confirmed(self):
        """A decision is confirmed with its date."""
        undated = self.filtered(lambda incentive: not incentive.decision_date)
        if undated:
            raise UserError(
                self.env._(
                    "Give the decision date of %(incentives)s before confirming.",
                    incentives=", ".join(undated.mapped("name")),
                )
            )

    def _workflow_role_error(self, role, to, field=None):
        return self.env._("Only HR decides rewards and penalties.")

    # -- publication -------------------------------------------------------------

    @api.model
    def _apply_publication(self, cycles):
        """Propose the incentives the active rules give the published results of
        ``cycles`` (after the personnel results are made); return the proposals
        of the rules.

        Idempotent: an existing proposal is kept; one whose rule no longer
        applies is deleted while proposed, flagged once confirmed.
        """
        env = self.env(context=dict(self.env.context, **QUIET), su=True)
        Incentive = env[self._name]
        rules = env["target.incentive.rule"].search_fetch(
            [],
            ["unit_grade", "vetoed_only", "category_ids", "recipient", "role", "type_id"]
            + ["amount", "measure"],
        )
        rules.type_id.fetch(["name", "kind", "sequence"])  # the proposals' names and kinds
        evaluations = env["target.evaluation"].search_fetch(
            [
                ("cycle_id", "in", cycles.ids),
                ("stage", "=", "year_end"),
                ("computed_at", "!=", False),
            ],
            ["cycle_id", "unit_id", "category_id", "grade", "vetoed"],
        )
        results = env["target.personnel.result"].search_fetch(
            [("cycle_id", "in", cycles.ids)], ["cycle_id", "unit_id", "employee_id", "role"]
        )
        team = defaultdict(list)
        for result in results:
            team[result.cycle_id.id, result.unit_id.id].append((result.employee_id.id, result.role))
        outcomes = defaultdict(list)
        for evaluation in evaluations:
            key = (evaluation.cycle_id.id, evaluation.unit_id.id)
            outcomes[evaluation.cycle_id.id].append(
                UnitOutcome(
                    key=evaluation.unit_id.id,
                    grade=evaluation.grade or None,
                    vetoed=evaluation.vetoed,
                    category=evaluation.category_id.id,
                    leaders=tuple(team[key]),
                )
            )
        engine_rules = [rule._engine_rule() for rule in rules]
        wanted = {
            (rule_id, cycle_id, unit_id, employee_id or False)
            for cycle_id, units in outcomes.items()
            for rule_id, unit_id, employee_id in propose_incentives(engine_rules, units)
        }
        existing = Incentive.with_context(active_test=False).search_fetch(
            [("cycle_id", "in", cycles.ids), ("rule_id", "!=", False)],
            ["rule_id", "cycle_id", "unit_id", "employee_id", "state", "outdated"],
        )
        current = {
            (i.rule_id.id, i.cycle_id.id, i.unit_id.id, i.employee_id.id or False): i
            for i in existing
        }
        rule_of = {rule.id: rule for rule in rules}
        Incentive.create(
            [
                {
                    "rule_id": rule_id,
                    "cycle_id": cycle_id,
                    "unit_id": unit_id,
                    "employee_id": employee_id,
                    "type_id": rule_of[rule_id].type_id.id,
                    "amount": rule_of[rule_id].amount,
                    "measure": rule_of[rule_id].measure or False,
                }
                for rule_id, cycle_id, unit_id, employee_id in sorted(
                    wanted - current.keys(), key=str
                )
            ]
        )
        stale = Incentive.union(*(i for key, i in current.items() if key not in wanted))
        justified = Incentive.union(*(i for key, i in current.items() if key in wanted))
        withdrawn = stale.filtered(lambda incentive: incentive.state == "proposed")
        stale.filtered(lambda incentive: incentive.state == "confirmed").write({"outdated": True})
        justified.filtered("outdated").write({"outdated": False})
        withdrawn.unlink()
        return Incentive.search([("cycle_id", "in", cycles.ids), ("rule_id", "!=", False)])
