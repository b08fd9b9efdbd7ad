from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .target_approval_mixin import APPROVAL_STATES, APPROVAL_SYSTEM_FIELDS, TargetApprovalMixin

PLAN_STATES = [*APPROVAL_STATES, ("signed", "Signed")]


class TargetPlan(models.Model):
    """A unit's responsibility letter (目标责任书) for a cycle: its set of goals.

    Plans are created with the unit's first goal of the cycle. A plan can be
    submitted only when it has goals and every additive goal in it is covered
    by its decomposition; it is then approved through its tiers (unit leader →
    office → leadership) and signed by both sides, the signed scan attached.
    Approved letters are read-only and never go back to draft: an approved
    adjustment applies its changes and makes a new version, earlier versions
    kept with their snapshot. The office records the signing (approved →
    signed); the version and the signature fields are written by the flow only.

    Access: unit users and leaders read the plans of their units' subtrees and
    submit them while draft or returned; the office and the administrator
    manage all; leaders and HR read all.
    """

    _name = "target.plan"
    _description = "Responsibility Letter"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.approval.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("unit_id", "cycle_id")
    _order = "cycle_id, unit_id"
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"
    _workflow_transitions = {
        **TargetApprovalMixin._workflow_transitions,
        ("approved", "signed"): "office",
    }
    _workflow_system_fields = (
        *APPROVAL_SYSTEM_FIELDS,
        "version",
        "signed_on",
        "signed_unit_employee_id",
        "signed_office_user_id",
        "signed_scan_id",
    )

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
    version_ids = fields.One2many("target.plan.version", "plan_id", "Versions")
    signed_on = fields.Date(readonly=True, copy=False, tracking=True)
    signed_unit_employee_id = fields.Many2one(
        "hr.employee", "Signed for the unit", readonly=True, copy=False
    )
    signed_office_user_id = fields.Many2one(
        "res.users", "Signed for the office", readonly=True, copy=False
    )
    signed_scan_id = fields.Many2one("ir.attachment", "Signed scan", readonly=True, copy=False)

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

    def _workflow_precheck_submitted(self):
        """Raise unless every plan has goals and its additive goals are covered."""
        for plan in self:
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

    def _workflow_after_approved(self):
        self.goal_ids.filtered(lambda g: g.state == "draft").sudo().write({"state": "approved"})
        self._snapshot_version(self.env._("Approved"))

    def _snapshot_version(self, reason):
        """Keep the letter as it stands now: goals and values, with its version number."""
        self.env["target.plan.version"].sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "version": plan.version,
                    "reason": reason,
                    "snapshot": plan._goal_snapshot(),
                }
                for plan in self
            ]
        )

    def _goal_snapshot(self):
        self.ensure_one()
        return [
            {
                "ref": g.ref,
                "name": g.name,
                "indicator": g.indicator_id.display_name,
                "employee": g.employee_id.name or "",
                "target": g.target_value,
                "uom": g.uom or "",
                "points": g.points,
                "deadline": str(g.deadline or ""),
                "state": g.state,
            }
            for g in self.goal_ids.sorted(lambda g: (g.section_id.sequence, g.ref))
        ]

    def _new_version(self, reason):
        """After an applied adjustment: the next version, snapshot kept."""
        for plan in self:
            plan.sudo().with_context(skip_validation_check=True).version = plan.version + 1
        self._snapshot_version(reason)

    def action_sign(self):
        self.ensure_one()
        if self.state != "approved":
            raise UserError(self.env._("Only an approved letter can be signed."))
        if not self._workflow_allowed("signed"):
            raise AccessError(self._workflow_role_error("office", "signed"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign %(plan)s", plan=self.name),
            "res_model": "target.plan.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_print_letter(self):
        return self.env.ref("target_assessment.target_plan_report_letter").report_action(self)
