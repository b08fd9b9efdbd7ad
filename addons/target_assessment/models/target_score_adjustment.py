from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..tools import numbers

ADJUSTMENT_KINDS = [
    ("bonus", "Bonus"),  # 加分
    ("deduction", "Deduction"),  # 减分
]
AWARD_LEVELS = [
    ("national", "National"),  # 国家级
    ("provincial", "Provincial"),  # 省级
    ("city", "City"),  # 市级
]


class TargetScoreAdjustment(models.Model):
    """A bonus (加分, an award by level) or a deduction (减分, an incident by category).

    Recorded with the evidence and decided by the office
    (target.decision.mixin); only decided items count. A bonus without points
    of its own earns the points the scheme gives its award level; the scheme
    caps the bonus per unit and cycle, and each deduction category caps what a
    unit loses in it.

    An award dated after its cycle's scoring deadline is carried over (结转):
    it counts in the next cycle (``scoring_cycle_id``) and is listed under both.

    Access: the office records and decides; unit users read the decided items
    of their units; leaders and HR read all. Nothing changes once the results
    of the cycle it counts in are approved.
    """

    _name = "target.score.adjustment"
    _description = "Bonus or Deduction"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.decision.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("unit_id", "cycle_id")
    _number_depends = ("kind", "unit_id", "cycle_id", "deduction_category_id")
    _order = "date desc, id desc"

    name = fields.Char("Description", required=True, tracking=True)
    kind = fields.Selection(ADJUSTMENT_KINDS, required=True, default="bonus", tracking=True)
    cycle_id = fields.Many2one(
        "target.cycle",
        required=True,
        index=True,
        ondelete="restrict",
        help="The cycle the award or incident belongs to.",
    )
    unit_id = fields.Many2one(
        "target.unit",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_assessed', '=', True)]",
    )
    category_id = fields.Many2one(related="unit_id.category_id", store=True)
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the award or of the incident.",
    )
    award_level = fields.Selection(AWARD_LEVELS, tracking=True)
    deduction_category_id = fields.Many2one(
        "target.deduction.category", "Deduction category", ondelete="restrict", tracking=True
    )
    points = fields.Float(
        digits=(16, 2),
        tracking=True,
        help="Points of a deduction. For a bonus, 0 means the points the scheme gives the "
        "award level.",
    )
    applied_points = fields.Float(
        "Points before caps",
        compute="_compute_applied_points",
        digits=(16, 2),
        help="The item's points, or the scheme's points for its award level.",
    )
    carried_over = fields.Boolean(
        compute="_compute_carried_over",
        store=True,
        help="An award dated after its cycle's scoring deadline counts in the next cycle.",
    )
    scoring_cycle_id = fields.Many2one(
        "target.cycle",
        "Counts in",
        compute="_compute_scoring_cycle",
        search="_search_scoring_cycle",
        help="The cycle whose total this item counts in (empty: the next cycle does not "
        "exist yet).",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_score_adjustment_ir_attachment_rel",
        "adjustment_id",
        "attachment_id",
        "Evidence",
    )
    note = fields.Html()

    _points_check = models.Constraint("CHECK(points >= 0)", "Points cannot be negative.")

    @api.constrains("kind", "award_level", "deduction_category_id", "points")
    def _check_kind(self):
        for item in self:
            if item.kind == "bonus" and not item.award_level:
                raise ValidationError(
                    self.env._("Bonus %(name)s needs an award level.", name=item.name)
                )
            if item.kind == "deduction" and not (item.deduction_category_id and item.points > 0):
                raise ValidationError(
                    self.env._(
                        "Deduction %(name)s needs a category and its points.", name=item.name
                    )
                )

    @api.depends("kind", "date", "cycle_id.scoring_deadline")
    def _compute_carried_over(self):
        for item in self:
            deadline = item.cycle_id.scoring_deadline
            item.carried_over = bool(
                item.kind == "bonus" and deadline and item.date and item.date > deadline
            )

    @api.depends("carried_over", "cycle_id")
    def _compute_scoring_cycle(self):
        carried = self.filtered("carried_over")
        next_of = {}
        if carried:
            successors = self.env["target.cycle"].search(
                [("previous_cycle_id", "in", carried.cycle_id.ids)], order="date_start desc"
            )
            # the earliest successor wins (there is normally one)
            next_of = {cycle.previous_cycle_id.id: cycle for cycle in successors}
        for item in self:
            if item.carried_over:
                item.scoring_cycle_id = next_of.get(item.cycle_id.id, False)
            else:
                item.scoring_cycle_id = item.cycle_id

    def _search_scoring_cycle(self, operator, value):
        if operator == "any":  # a condition on the cycle, e.g. its name from the search view
            value = self.env["target.cycle"].search(value).ids
        elif operator != "in":
            return NotImplemented
        ids = [v for v in value if v]
        cycles = self.env["target.cycle"].browse(ids)
        domain = Domain.OR(
            [
                Domain("carried_over", "=", False) & Domain("cycle_id", "in", ids),
                Domain("carried_over", "=", True)
                & Domain("cycle_id", "in", cycles.sudo().previous_cycle_id.ids),
            ]
        )
        if False in value:
            with_successor = (
                self.env["target.cycle"]
                .sudo()
                .search([("previous_cycle_id", "!=", False)])
                .previous_cycle_id
            )
            domain |= Domain("carried_over", "=", True) & Domain(
                "cycle_id", "not in", with_successor.ids
            )
        return domain

    @api.depends("kind", "points", "award_level", "unit_id.category_id", "scoring_cycle_id")
    def _compute_applied_points(self):
        bonuses = self.filtered(lambda item: item.kind == "bonus" and not item.points)
        schemes = self.env["target.scheme"].search(
            [
                ("cycle_id", "in", bonuses.scoring_cycle_id.ids),
                ("category_id", "in", bonuses.unit_id.category_id.ids),
            ]
        )
        scheme_of = {(s.cycle_id.id, s.category_id.id): s for s in schemes}
        for item in self:
            points = item.points
            if item in bonuses:
                scheme = scheme_of.get((item.scoring_cycle_id.id, item.unit_id.category_id.id))
                points = scheme._bonus_points(item.award_level) if scheme else 0.0
            item.applied_points = points

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "bonus":
            self.deduction_category_id = False
        else:
            self.award_level = False

    def _freeze_cycles(self):
        # a carried-over award waiting for the next cycle locks nothing
        cycles = self.env["target.cycle"].browse()
        for item in self.sudo():
            cycles |= item.scoring_cycle_id if item.carried_over else item.cycle_id
        return cycles

    def _freeze_depends(self):
        return {"cycle_id", "date", "kind"}

    def _freeze_label(self):
        return self.env._("bonuses and deductions")

    def _number_limits(self):
        schemes = (
            self.env["target.scheme"]
            .sudo()
            .search_fetch(
                [("cycle_id", "in", self.cycle_id.ids)],
                ["cycle_id", "category_id", "total_score", "bonus_cap", "deduction_cap"],
            )
        )
        by_key = {(s.cycle_id.id, s.category_id.id): s for s in schemes}
        limits = {}
        for item in self:
            scheme = by_key.get((item.cycle_id.id, item.unit_id.category_id.id))
            total = scheme.total_score if scheme else None
            if item.kind == "bonus":
                cap = scheme.bonus_cap if scheme else None
            else:
                cap = item.deduction_category_id.cap or (scheme.deduction_cap if scheme else None)
            limits[item] = {"points": numbers.points_limits(cap or total)}
        return limits
