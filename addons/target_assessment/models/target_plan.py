from odoo import api, fields, models
from odoo.exceptions import UserError

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("signed", "Signed"),
]


class TargetPlan(models.Model):
    """A unit's responsibility letter (目标责任书) for a cycle: its set of goals.

    Plans are created with the unit's first goal of the cycle. A plan can be
    submitted only when it has goals and every additive goal in it is covered
    by its decomposition. Versions count the adjustments applied to it.

    Access: unit users and leaders read the plans of their units' subtrees and
    submit them while draft; the office and the administrator manage all;
    leaders and HR read all.
    """

    _name = "target.plan"
    _description = "Responsibility Letter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "cycle_id desc, unit_id"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one("target.unit", required=True, index=True, ondelete="restrict")
    category_id = fields.Many2one(related="unit_id.category_id", store=True)
    state = fields.Selection(PLAN_STATES, default="draft", required=True, tracking=True)
    version = fields.Integer(default=1, readonly=True, tracking=True)
    goal_ids = fields.One2many("target.goal", "plan_id", "Goals")
    goal_count = fields.Integer(compute="_compute_totals", store=True)
    total_points = fields.Float(compute="_compute_totals", store=True)
    uncovered_count = fields.Integer("Uncovered goals", compute="_compute_totals", store=True)

    _plan_unique = models.Constraint(
        "UNIQUE(cycle_id, unit_id)", "A unit has one responsibility letter per cycle."
    )

    @api.depends("cycle_id.name", "unit_id.name")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "%(unit)s – %(cycle)s", unit=plan.unit_id.name or "", cycle=plan.cycle_id.name or ""
            )

    @api.depends("goal_ids.points", "goal_ids.state", "goal_ids.is_covered")
    def _compute_totals(self):
        for plan in self:
            goals = plan.goal_ids.filtered(lambda g: g.state != "cancelled")
            plan.goal_count = len(goals)
            plan.total_points = sum(goals.filtered(lambda g: not g.employee_id).mapped("points"))
            plan.uncovered_count = len(goals._uncovered())

    def _check_submittable(self):
        """Raise unless every plan has goals and its additive goals are covered."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("The letter %(plan)s is not a draft.", plan=plan.name))
            goals = plan.goal_ids.filtered(lambda g: g.state != "cancelled")
            if not goals:
                raise UserError(self.env._("The letter %(plan)s has no goals.", plan=plan.name))
            uncovered = goals._uncovered()
            if uncovered:
                lines = "\n".join(
                    self.env._(
                        "%(ref)s %(goal)s: target %(target)s, decomposed %(sum)s, gap %(gap)s",
                        ref=g.ref,
                        goal=g.name,
                        target=g.target_value,
                        sum=g.decomposed_value,
                        gap=g.decomposition_gap,
                    )
                    for g in uncovered
                )
                raise UserError(
                    self.env._(
                        "The letter %(plan)s cannot be submitted: these goals are not covered "
                        "by their decomposition:\n%(lines)s",
                        plan=plan.name,
                        lines=lines,
                    )
                )

    def action_submit(self):
        self._check_submittable()
        self.write({"state": "submitted"})

    def action_approve(self):
        if self.filtered(lambda p: p.state != "submitted"):
            raise UserError(self.env._("Only submitted letters can be approved."))
        self.write({"state": "approved"})
        self.goal_ids.filtered(lambda g: g.state == "draft").write({"state": "approved"})

    def action_reset_draft(self):
        if self.filtered(lambda p: p.state != "submitted"):
            raise UserError(self.env._("Only submitted letters go back to draft."))
        self.write({"state": "draft"})
