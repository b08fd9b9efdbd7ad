from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import numbers

# Written by the campaign's closing only (as superuser).
CAMPAIGN_FIELDS = {"campaign_id", "survey_responses", "survey_short", "survey_counts"}


class TargetSpecialEvaluation(models.Model):
    """The score (0-100) an evaluating body gives a unit in a special section.

    人大 and 政协 rate satisfaction, 组织部 the leadership team, 纪委 党风廉政,
    the public survey 社会评价 ...; a special section of the scheme is worth its
    weight × the weighted mean of its bodies' scores / 100.

    Access: evaluators enter, change and read the scores of their own bodies
    only (the bodies whose evaluators they are); the office manages all;
    leaders and HR read all; units do not see them (they see the section
    score). Nothing changes once the cycle's results are approved. A score
    filled by an evaluation campaign (with its counts per option, for audit)
    changes only by closing the campaign again.
    """

    _name = "target.special.evaluation"
    _description = "Special Evaluation"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.belongs.mixin"]
    # open until the cycle freezes; a move is checked against the writer's bodies
    _belongs_fields = ("body_id", "cycle_id", "unit_id", "section_id")
    _order = "cycle_id, section_id, unit_id, body_id"

    @api.model
    def _default_body(self):
        return self.env["target.evaluation.body"].search(
            [("user_ids", "in", self.env.uid)], limit=1
        )

    body_id = fields.Many2one(
        "target.evaluation.body",
        "Evaluating body",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self._default_body(),
    )
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(
        "target.unit",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_assessed', '=', True)]",
    )
    category_id = fields.Many2one(related="unit_id.category_id", store=True)
    section_id = fields.Many2one(
        "target.scheme.section",
        "Section",
        required=True,
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id), ('category_id', '=', category_id), "
        "('kind', '=', 'special')]",
    )
    score = fields.Float(required=True, digits=(16, 2), aggregator="avg", help="From 0 to 100.")
    comment = fields.Text()
    evaluator_id = fields.Many2one(
        "res.users", "Entered by", default=lambda self: self.env.user, readonly=True
    )
    # filled by an evaluation campaign's closing (target.evaluation.campaign)
    campaign_id = fields.Many2one(
        "target.evaluation.campaign",
        "Evaluation campaign",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    survey_responses = fields.Integer("Responses", readonly=True)
    survey_short = fields.Boolean(
        "Too few responses",
        readonly=True,
        help="Fewer respondents than the campaign's minimum rated the unit.",
    )
    survey_counts = fields.Text(
        "Answers per option", readonly=True, help="The raw counts per respondent group, for audit."
    )

    _score_unique = models.Constraint(
        "UNIQUE(cycle_id, unit_id, section_id, body_id)",
        "A body scores a unit once per section and cycle.",
    )
    _score_check = models.Constraint(
        "CHECK(score >= 0 AND score <= 100)", "A special evaluation scores from 0 to 100."
    )

    @api.constrains("section_id", "cycle_id", "unit_id", "body_id")
    def _check_section(self):
        for evaluation in self:
            section = evaluation.section_id
            if (
                section.kind != "special"
                or section.scheme_id.cycle_id != evaluation.cycle_id
                or section.scheme_id.category_id != evaluation.unit_id.category_id
            ):
                raise ValidationError(
                    self.env._(
                        "Section %(section)s is not a special section of the scheme of "
                        "%(unit)s in %(cycle)s.",
                        section=section.name,
                        unit=evaluation.unit_id.name,
                        cycle=evaluation.cycle_id.name,
                    )
                )
            if section.body_ids and evaluation.body_id not in section.body_ids:
                raise ValidationError(
                    self.env._(
                        "%(body)s does not evaluate section %(section)s.",
                        body=evaluation.body_id.name,
                        section=section.name,
                    )
                )

    @api.depends("body_id", "unit_id", "section_id")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = " – ".join(
                name
                for name in (
                    evaluation.body_id.name,
                    evaluation.unit_id.name,
                    evaluation.section_id.name,
                )
                if name
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(set(vals) & CAMPAIGN_FIELDS for vals in vals_list):
            raise UserError(self._campaign_fields_error())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) & CAMPAIGN_FIELDS:
            raise UserError(self._campaign_fields_error())
        if not self.env.su and "score" in vals and self.filtered("campaign_id"):
            raise UserError(
                self.env._(
                    "%(evaluation)s comes from an evaluation campaign: its score changes only "
                    "by closing the campaign again.",
                    evaluation=self.filtered("campaign_id")[0].display_name,
                )
            )
        if "score" in vals:
            vals = dict(vals, evaluator_id=self.env.uid)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_campaign(self):
        if not self.env.su and self.filtered("campaign_id"):
            raise UserError(self._campaign_fields_error())

    def _campaign_fields_error(self):
        return self.env._("The results of an evaluation campaign change only by closing it again.")

    def _freeze_label(self):
        return self.env._("special evaluations")

    def _belongs_open(self):
        return self

    def _number_limits(self):
        return dict.fromkeys(self, {"score": numbers.SHARE})
