from odoo import fields, models


class TargetPlanVersion(models.Model):
    """A version of a responsibility letter: the goals as they stood, kept for good.

    Version 1 is the approved letter; each applied adjustment adds the next.

    Access: follows the letter, read-only for everyone (written by the system).
    """

    _name = "target.plan.version"
    _description = "Responsibility Letter Version"
    _inherit = ["target.cycle.freeze.mixin"]
    _freeze_cycle_field = "plan_id.cycle_id"
    _order = "plan_id, version desc"

    plan_id = fields.Many2one("target.plan", required=True, ondelete="cascade", index=True)
    unit_id = fields.Many2one(related="plan_id.unit_id", store=True, index=True)
    version = fields.Integer(required=True, readonly=True)
    reason = fields.Char(readonly=True)
    snapshot = fields.Json(readonly=True, help="The letter's goals at this version.")
    goal_count = fields.Integer(compute="_compute_goal_count")

    _version_unique = models.Constraint(
        "UNIQUE(plan_id, version)", "A letter has each version number once."
    )

    def _compute_goal_count(self):
        for version in self:
            version.goal_count = len(version.snapshot or [])
