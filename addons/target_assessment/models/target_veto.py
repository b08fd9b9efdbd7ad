from odoo import api, fields, models

from .target_scheme import GRADES
from .target_veto_type import VETO_EFFECTS


class TargetVeto(models.Model):
    """A one-vote veto (一票否决) of a unit in a cycle, decided by the office.

    Recorded with its item, the facts and the evidence, then decided by the
    office (target.decision.mixin); only decided vetoes count. The effect
    comes from the item (or the scheme) and may be set per case: the unit
    cannot be graded above a grade, or is graded fail. A vetoed unit is
    flagged in every listing of results.

    Access: the office records and decides; unit users read the decided
    vetoes of their units; leaders and HR read all. Nothing changes once the
    cycle's results are approved.
    """

    _name = "target.veto"
    _description = "One-vote Veto"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.decision.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("unit_id", "cycle_id")
    _order = "cycle_id, date desc, id desc"

    name = fields.Char("Facts", required=True, tracking=True, help="What happened.")
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(
        "target.unit",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_assessed', '=', True)]",
    )
    category_id = fields.Many2one(related="unit_id.category_id", store=True)
    type_id = fields.Many2one(
        "target.veto.type", "Veto item", required=True, ondelete="restrict", tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    effect = fields.Selection(
        VETO_EFFECTS,
        compute="_compute_effect",
        store=True,
        readonly=False,
        tracking=True,
    )
    max_grade = fields.Selection(
        GRADES, "Grade cap", compute="_compute_effect", store=True, readonly=False
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "target_veto_ir_attachment_rel", "veto_id", "attachment_id", "Evidence"
    )
    note = fields.Html()

    @api.depends("type_id")
    def _compute_effect(self):
        for veto in self:
            veto.effect = veto.type_id.effect or "scheme"
            veto.max_grade = veto.type_id.max_grade or "pass"

    def _freeze_label(self):
        return self.env._("vetoes")
