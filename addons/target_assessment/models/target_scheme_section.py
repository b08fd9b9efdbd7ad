from odoo import api, fields, models

from ..tools import numbers

SECTION_KINDS = [
    ("goals", "Goals"),  # 重点工作 / 定量指标 / 共性 / 个性
    ("special", "Special evaluation"),  # 专项评议, 社会评价, 领导评价
    ("routine", "Routine assessment"),  # 平时考核 (quarterly and mid-year results)
]
# What a routine section averages (the reader's ROUTINE_STAGES).
ROUTINE_SOURCES = [
    ("midyear", "Mid-year review"),  # 半年初评
    ("quarterly", "Quarterly evaluations and mid-year review"),  # 一季度、半年、三季度考评
]


class TargetSchemeSection(models.Model):
    """A section (考核板块) of a scheme, worth its weight in the total.

    Access: follows the scheme.
    """

    _name = "target.scheme.section"
    _description = "Scheme Section"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.scheme.part.mixin"]
    _freeze_cycle_field = "scheme_id.cycle_id"
    _number_depends = ("scheme_id",)
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one("target.scheme", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(SECTION_KINDS, required=True, default="goals")
    weight = fields.Float(required=True)
    cycle_id = fields.Many2one(related="scheme_id.cycle_id", store=True, index=True)
    category_id = fields.Many2one(related="scheme_id.category_id", store=True)
    body_ids = fields.Many2many(
        "target.evaluation.body",
        "target_scheme_section_body_rel",
        "section_id",
        "body_id",
        "Evaluating bodies",
        help="Special sections: the bodies whose scores make the section, weighted by the "
        "bodies' weights. Empty: every body that scores counts alike.",
    )

    routine_source = fields.Selection(
        ROUTINE_SOURCES,
        "Routine results",
        default="midyear",
        help="Routine sections: the interim evaluations whose totals the section averages, "
        "the mid-year review only or the first quarter, the mid-year and the third quarter.",
    )
    routine_supervision = fields.Boolean(
        "Count supervision",
        help="Routine sections: the unit's supervision record counts as one more routine "
        "result on 100: the share of its supervision tasks answered by the deadline and "
        "accepted, and the share of its spot-check findings that were not false or concealed.",
    )

    _code_unique = models.Constraint(
        "UNIQUE(scheme_id, code)", "Section codes are unique within a scheme."
    )
    _weight_check = models.Constraint("CHECK(weight >= 0)", "A section weight cannot be negative.")

    @api.constrains("weight")
    def _check_weight_sum(self):
        self.scheme_id._check_weights()

    @api.depends("scheme_id.name", "name")
    def _compute_display_name(self):
        for section in self:
            section.display_name = f"{section.name} ({section.weight:g})"

    def _number_limits(self):
        return {
            section: {"weight": numbers.Limits(0.0, section.scheme_id.total_score)}
            for section in self
        }
