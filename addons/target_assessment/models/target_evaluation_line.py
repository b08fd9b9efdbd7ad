from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..scoring.explain import line_explanation

SCORE_SOURCES = [
    ("reported", "Reported actual"),
    ("self", "Self-assessment"),
    ("assessor", "Assessor"),
    ("verified", "Verified"),
]
# Written by the scoring engine only.
ENGINE_FIELDS = {
    "final_score",
    "completion",
    "lost_points",
    "score_source",
    "reason_code",
    "reason_args",
}


class TargetEvaluationLine(models.Model):
    """The score of one goal in an evaluation (评分明细).

    The unit gives its value and self score, the assessor unit its value and
    score, the inspection group the verified value and score; the engine
    takes the best available by the configured precedence (verified, then
    assessor, then self) and writes the final score and a readable
    explanation of the points lost.

    Access: follows the evaluation; assessors read and score the lines of
    their indicators.
    """

    _name = "target.evaluation.line"
    _description = "Evaluation Line"
    _order = "evaluation_id, section_id, sequence, id"

    evaluation_id = fields.Many2one(
        "target.evaluation", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    goal_id = fields.Many2one("target.goal", required=True, ondelete="restrict", index=True)
    unit_id = fields.Many2one(related="evaluation_id.unit_id", store=True, index=True)
    cycle_id = fields.Many2one(related="evaluation_id.cycle_id", store=True)
    stage = fields.Selection(related="evaluation_id.stage", store=True)
    indicator_id = fields.Many2one(related="goal_id.indicator_id", store=True)
    assessor_unit_id = fields.Many2one(related="goal_id.assessor_unit_id", store=True, index=True)
    section_id = fields.Many2one(related="goal_id.section_id", store=True)
    target_value = fields.Float(related="goal_id.target_value")
    uom = fields.Char(related="goal_id.uom")
    points = fields.Float(related="goal_id.points", store=True)

    actual_value = fields.Float(
        "Reported actual", digits=(16, 4), help="Accepted progress when the evaluation was built."
    )
    self_value = fields.Float(digits=(16, 4))
    self_score = fields.Float(digits=(16, 2))
    self_explanation = fields.Text()
    self_scored = fields.Boolean("Self-assessed", help="The unit gave its value and score.")
    assessor_value = fields.Float(digits=(16, 4))
    assessor_score = fields.Float(digits=(16, 2))
    assessor_scored = fields.Boolean()
    verified_value = fields.Float(digits=(16, 4))
    verified_score = fields.Float(digits=(16, 2))
    verified = fields.Boolean()
    final_score = fields.Float(readonly=True, digits=(16, 2))
    completion = fields.Float("Completion (%)", readonly=True, digits=(16, 2))
    lost_points = fields.Float(readonly=True, digits=(16, 2))
    score_source = fields.Selection(
        SCORE_SOURCES, "Scored from", readonly=True, help="Which score the final score is."
    )
    reason_code = fields.Char(readonly=True)
    reason_args = fields.Json(readonly=True)
    explanation = fields.Char(
        "Why points were lost",
        compute="_compute_explanation",
        help="Worded in the reader's language from the engine's reason.",
    )
    evidence_ids = fields.Many2many("ir.attachment", string="Evidence")

    _goal_unique = models.Constraint(
        "UNIQUE(evaluation_id, goal_id)", "A goal appears once in an evaluation."
    )

    @api.depends("score_source", "reason_code", "reason_args", "final_score", "points")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            line.explanation = line_explanation(
                self.env,
                line.score_source,
                line.reason_code,
                line.reason_args,
                score=line.final_score,
                points=line.points,
            )

    @api.depends("goal_id", "evaluation_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.goal_id.ref} {line.goal_id.name}"

    def write(self, vals):
        if ENGINE_FIELDS.intersection(vals) and not (
            self.env.su or self.env.user.has_group("target_assessment.group_office")
        ):
            raise AccessError(self.env._("Final scores are computed, not entered."))
        return super().write(vals)
