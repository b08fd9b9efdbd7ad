from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..scoring.explain import line_explanation
from ..scoring.preview import goal_score
from ..tools import numbers

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
    "point_share",
    "counted_score",
    "cooperation_id",
}
# Entered by the assessor unit of the goal's indicator (and the office): its score, or
# that the goal does not apply to the unit this year, with the reason.
ASSESSOR_FIELDS = {
    "assessor_value",
    "assessor_score",
    "assessor_scored",
    "not_applicable",
    "not_applicable_reason",
}
# Entered by the inspection groups (as superuser) and the office.
VERIFIED_FIELDS = {"verified_value", "verified_score", "verified"}
# Entered by the unit (its self-assessment).
SELF_FIELDS = {"self_value", "self_score", "self_explanation", "self_scored"}


class TargetEvaluationLine(models.Model):
    """The score of one goal in an evaluation (评分明细).

    The unit gives its value and self score, the assessor unit its value and
    score, the inspection group the verified value and score; the engine
    takes the best available by the configured precedence (verified, then
    assessor, then self) and writes the final score and a readable
    explanation of the points lost.

    Access: follows the evaluation; unit users enter the self-assessment of
    their units' lines, never the assessor's or verified fields; assessors
    read the lines of their indicators and enter only the assessor fields
    (their score, or "not applicable" with the reason);
    verified values come from the inspection groups; the office enters all.
    """

    _name = "target.evaluation.line"
    _description = "Evaluation Line"
    _inherit = ["target.cycle.freeze.mixin", "target.number.mixin", "target.belongs.mixin"]
    _belongs_fields = ("evaluation_id", "goal_id")
    _belongs_open_states = ()
    _freeze_cycle_field = "evaluation_id.cycle_id"
    _number_depends = ("goal_id",)
    _order = "evaluation_id, section_id, sequence, id"
    # picked by its goal (an appeal's line): the reference or the name
    _rec_names_search = ["goal_id.ref", "goal_id.name"]

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
    target_value = fields.Float(related="goal_id.target_value", aggregator=None)
    uom = fields.Char(related="goal_id.uom")
    decimals = fields.Integer(related="goal_id.decimals")
    points = fields.Float(related="goal_id.points", store=True)

    actual_value = fields.Float(
        "Reported actual",
        digits=(16, 4),
        aggregator=None,
        help="Accepted progress when the evaluation was built.",
    )
    self_value = fields.Float(digits=(16, 4), aggregator=None)
    self_score = fields.Float(digits=(16, 2), aggregator="avg")
    self_explanation = fields.Text()
    self_scored = fields.Boolean("Self-assessed", help="The unit gave its value and score.")
    assessor_value = fields.Float(digits=(16, 4), aggregator=None)
    assessor_score = fields.Float(digits=(16, 2), aggregator="avg")
    assessor_scored = fields.Boolean()
    not_applicable = fields.Boolean(
        help="The assessor (or the office) states that the goal does not apply to the unit "
        "this year; the line then needs no assessor's score before the sign-off."
    )
    not_applicable_reason = fields.Text("Why not applicable")
    verified_value = fields.Float(digits=(16, 4), aggregator=None)
    verified_score = fields.Float(digits=(16, 2), aggregator="avg")
    verified = fields.Boolean()
    final_score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    # shared goals (牵头单位、配合单位): the engine writes who counts which share
    cooperation_id = fields.Many2one(
        "target.goal.cooperation",
        "Shared part",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="Set on a cooperating unit's line: the goal is another unit's, led by it; this "
        "unit counts its share of the goal's score.",
    )
    lead_unit_id = fields.Many2one(related="goal_id.unit_id", string="Lead unit")
    point_share = fields.Float(
        "Share of the points (%)",
        readonly=True,
        default=100.0,
        digits=(16, 2),
        aggregator=None,
        help="The share of the goal's points and score this unit counts: all of them unless "
        "the scheme shares a goal's points with its cooperating units.",
    )
    counted_score = fields.Float(
        "Score counted",
        readonly=True,
        digits=(16, 2),
        help="This unit's share of the goal's score; the shares of the lead and the "
        "cooperating units add up to the score.",
    )
    completion = fields.Float("Completion (%)", readonly=True, digits=(16, 2), aggregator="avg")
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
    preview_score = fields.Float(
        "Previewed score",
        compute="_compute_preview_score",
        digits=(16, 2),
        help="The line's score as the engine would compute it from the self-assessed value "
        "(the reported actual until one is given).",
    )

    _goal_unique = models.Constraint(
        "UNIQUE(evaluation_id, goal_id)", "A goal appears once in an evaluation."
    )

    @api.constrains("not_applicable", "not_applicable_reason")
    def _check_not_applicable_reason(self):
        for line in self:
            if line.not_applicable and not (line.not_applicable_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Line %(line)s: give the reason why it is not applicable.",
                        line=line.display_name,
                    )
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

    @api.depends("self_value", "self_scored", "actual_value", "goal_id.points")
    def _compute_preview_score(self):
        for line in self:
            value = line.self_value if line.self_scored else line.actual_value
            try:
                line.preview_score = goal_score(line.goal_id.sudo(), value) if line.goal_id else 0.0
            except ValueError:
                line.preview_score = 0.0

    @api.depends("goal_id", "evaluation_id", "cooperation_id", "point_share")
    def _compute_display_name(self):
        for line in self:
            name = " ".join(filter(None, (line.goal_id.ref, line.goal_id.name)))
            line.display_name = line._share_label(name)

    def _share_label(self, name):
        """``name`` of the line's goal, followed on a cooperating unit's line by whose goal it
        is and the share it counts."""
        if not self.cooperation_id:
            return name
        return self.env._(
            "%(goal)s (led by %(lead)s, our share %(share)s %%)",
            goal=name,
            lead=self.sudo().goal_id.unit_id.name,
            share=numbers.fmt(self.point_share),
        )

    def _freeze_label(self):
        return self.env._("evaluation lines")

    @api.onchange("self_value")
    def _onchange_self_value(self):
        self.self_scored = True

    def write(self, vals):
        if ENGINE_FIELDS.intersection(vals) and not (
            self.env.su or self.env.user._target_is_office_of(self)
        ):
            raise AccessError(self.env._("Final scores are computed, not entered."))
        self._check_entry_rights(vals)
        if "self_value" in vals and "self_scored" not in vals:
            vals = dict(vals, self_scored=True)
        return super().write(vals)

    def action_assessor_submit(self):
        """Submit the assessor's values and scores of these lines."""
        self.write({"assessor_scored": True})

    @api.model
    def action_open_to_score(self):
        """The current user's worklist: the year-end lines of their indicators."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_evaluation_line_action_to_score"
        )
        action["domain"] = self._assessor_worklist_domain()
        return action

    @api.model
    def _assessor_worklist_domain(self):
        """Hook: the lines the current user scores as an assessor."""
        return [
            ("stage", "=", "year_end"),
            ("assessor_unit_id", "in", self.env.user.target_unit_ids.ids),
            ("cooperation_id", "=", False),  # scored on the lead's line
        ]

    def _check_entry_rights(self, vals):
        """Hook: refuse the fields the current user's role does not enter."""
        if (
            not self.env.su
            and (SELF_FIELDS | ASSESSOR_FIELDS | VERIFIED_FIELDS).intersection(vals)
            and (shared := self.sudo().filtered("cooperation_id"))
        ):
            raise UserError(
                self.env._(
                    "Goals %(goals)s are shared: they are assessed and scored on the lead "
                    "unit's line; a cooperating unit's line only counts its share.",
                    goals=", ".join(shared.goal_id.mapped("ref")),
                )
            )
        if self.env.su or self.env.user._target_is_office_of(self):
            return
        if VERIFIED_FIELDS.intersection(vals):
            raise AccessError(self.env._("Verified values are entered by the inspection groups."))
        user_units = self.env.user.target_unit_ids
        if ASSESSOR_FIELDS.intersection(vals):
            not_mine = self.sudo().filtered(lambda line: line.assessor_unit_id not in user_units)
            if not_mine or not self.env.user.has_group("target_assessment.group_assessor"):
                raise AccessError(
                    self.env._(
                        "Only the assessor unit of an indicator scores its lines: %(goals)s.",
                        goals=", ".join((not_mine or self.sudo()).goal_id.mapped("ref")),
                    )
                )
        if set(vals) - ASSESSOR_FIELDS:
            # an assessor scores other units' lines; only a unit's users self-assess them
            own = self.sudo().search(
                [("id", "in", self.ids), ("unit_id", "child_of", user_units.ids)]
            )
            others = self.sudo() - own
            if others:
                raise AccessError(
                    self.env._(
                        "Assessors enter only the assessor's value and score: %(goals)s.",
                        goals=", ".join(others.goal_id.mapped("ref")),
                    )
                )

    def _number_limits(self):
        # the lines of a whole cycle at once (the scoring's bulk insert): the few fields the
        # limits need, in one query each, not every field of the goals a thousand at a time;
        # lines of the same points and indicator share their ranges
        goals = self.sudo().goal_id
        goals.fetch(["indicator_id", "points"])
        goals.indicator_id.fetch(["scoring_method", "uom", "ratio_cap"])
        by_goal = {}
        shared = {}
        for goal in goals:
            indicator = goal.indicator_id
            key = (goal.points, indicator.scoring_method, indicator.uom, indicator.ratio_cap)
            if key not in shared:
                values = numbers.value_limits(indicator.scoring_method, indicator.uom)
                scores = numbers.score_limits(
                    goal.points, indicator.scoring_method, indicator.ratio_cap
                )
                shared[key] = {
                    "actual_value": values,
                    "self_value": values,
                    "assessor_value": values,
                    "verified_value": values,
                    "self_score": scores,
                    "assessor_score": scores,
                    "verified_score": scores,
                }
            by_goal[goal.id] = shared[key]
        return {line: by_goal[line.goal_id.id] for line in self}
