from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, split_every

from ..tools.cron import gives_way
from ..tools.lang import official_env
from .target_approval_mixin import APPROVAL_STATES, APPROVAL_SYSTEM_FIELDS
from .target_scheme import GRADES

REMINDER_TYPE = "target_assessment.mail_activity_type_self_assessment_reminder"
OVERDUE_TYPE = "target_assessment.mail_activity_type_self_assessment_overdue"

STAGES = [
    ("q1", "First-quarter evaluation"),  # 一季度考评
    ("midyear", "Mid-year review"),  # 半年初评
    ("q3", "Third-quarter evaluation"),  # 三季度考评
    ("year_end", "Year-end assessment"),  # 年终考核
]


class TargetEvaluation(models.Model):
    """An evaluation (考评) of one unit in one cycle at one stage.

    Mid-year: built from the accepted progress, scored by the engine on
    mid-year data (not final), submitted by the unit, approved through its
    tiers, and answered with the office's feedback. Year-end: the unit's
    self-assessment, the assessors' and inspectors' scores, then the final
    result. The lines hold the per-goal scores, the section results the
    scheme's sections; total, rank and grade come from the scoring engine.

    Access: unit users and leaders read their units' evaluations and edit
    them while draft or returned; assessors read those with goals of their
    indicators; the office manages all; leaders and HR read all.
    """

    _name = "target.evaluation"
    _description = "Evaluation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.approval.mixin",
        "target.workflow.deadline.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("unit_id", "cycle_id")
    _belongs_open_states = ()
    _order = "cycle_id, stage, rank, unit_id"
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"
    _workflow_system_fields = (*APPROVAL_SYSTEM_FIELDS, "feedback_sent", "reminder_sent")
    _workflow_deadline_field = "self_assessment_deadline"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one("target.unit", required=True, index=True, ondelete="restrict")
    category_id = fields.Many2one(related="unit_id.category_id", store=True)
    scheme_id = fields.Many2one("target.scheme", compute="_compute_scheme", store=True)
    stage = fields.Selection(STAGES, required=True, default="midyear")
    state = fields.Selection(APPROVAL_STATES, default="draft", required=True, tracking=True)
    line_ids = fields.One2many("target.evaluation.line", "evaluation_id", "Lines")
    section_result_ids = fields.One2many(
        "target.evaluation.section", "evaluation_id", "Section scores"
    )
    self_comment = fields.Text("Unit's summary", help="The unit's own account of the period.")
    self_assessment_deadline = fields.Date(
        compute="_compute_self_assessment_deadline",
        store=True,
        help="The year-end self-assessment is submitted by this day (the cycle's deadline).",
    )
    preview_score = fields.Float(
        "Previewed goal score",
        compute="_compute_preview",
        digits=(16, 2),
        help="The sum of the lines' previewed scores: what the goals would earn as "
        "self-assessed, before the assessors, the inspection and the special evaluations "
        "(a shared goal by the unit's share of its points).",
    )
    preview_points = fields.Float(
        "Out of", compute="_compute_preview", digits=(16, 2), help="The goals' points."
    )
    feedback = fields.Html(help="The office's feedback to the unit (not final at mid-year).")
    feedback_sent = fields.Datetime(readonly=True)

    # results of the engine
    goal_score = fields.Float("Goal sections", readonly=True, digits=(16, 2), aggregator="avg")
    bonus = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    deduction = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    total = fields.Float(readonly=True, digits=(16, 2), aggregator="avg", tracking=True)
    rank = fields.Integer(readonly=True, aggregator=None)
    grade = fields.Selection(GRADES, readonly=True, tracking=True)
    vetoed = fields.Boolean(readonly=True)
    computed_at = fields.Datetime("Scored on", readonly=True)
    previous_rank = fields.Integer(
        readonly=True,
        aggregator=None,
        help="The unit's rank at its previous ranked evaluation (an earlier stage of the "
        "cycle, else the previous cycle) when this one was ranked; 0 when there is none.",
    )
    rank_change = fields.Integer(
        "Rank movement",
        readonly=True,
        aggregator=None,
        help="Places gained since the previous rank (negative: places lost).",
    )
    lost_points = fields.Float(compute="_compute_lost_points", digits=(16, 2))
    open_rectification_count = fields.Integer(
        "Open rectifications",
        compute="_compute_open_rectification_count",
        help="Problems of earlier cycles the unit has not rectified yet.",
    )

    _evaluation_unique = models.Constraint(
        "UNIQUE(cycle_id, unit_id, stage)", "A unit has one evaluation per cycle and stage."
    )

    @api.depends("unit_id.name", "cycle_id.name", "stage")
    def _compute_name(self):
        # stored: written in the official language, whatever the language of the
        # env that recomputes it (a module upgrade, a background job)
        official = self.with_env(official_env(self.env))
        for evaluation in self:
            evaluation.name = official._name_of(
                evaluation.unit_id, evaluation.cycle_id, evaluation.stage
            )

    @api.model
    def _name_of(self, unit, cycle, stage):
        """The name of the evaluation of ``unit`` in ``cycle`` at ``stage``."""
        stages = dict(self._fields["stage"]._description_selection(self.env))
        return self.env._(
            "%(unit)s – %(cycle)s – %(stage)s",
            unit=unit.name or "",
            cycle=cycle.name or "",
            stage=stages.get(stage, ""),
        )

    @api.depends("cycle_id", "unit_id.category_id")
    def _compute_scheme(self):
        schemes = self.env["target.scheme"].search(
            [
                ("cycle_id", "in", self.cycle_id.ids),
                ("category_id", "in", self.unit_id.category_id.ids),
            ]
        )
        by_key = {(s.cycle_id.id, s.category_id.id): s for s in schemes}
        for evaluation in self:
            evaluation.scheme_id = by_key.get(
                (evaluation.cycle_id.id, evaluation.unit_id.category_id.id)
            )

    @api.depends("stage", "cycle_id.self_assessment_deadline")
    def _compute_self_assessment_deadline(self):
        for evaluation in self:
            evaluation.self_assessment_deadline = (
                evaluation.cycle_id.self_assessment_deadline
                if evaluation.stage == "year_end"
                else False
            )

    @api.depends("line_ids.preview_score", "line_ids.points", "line_ids.point_share")
    def _compute_preview(self):
        for evaluation in self:
            lines = evaluation.line_ids
            evaluation.preview_score = sum(
                line.preview_score * line.point_share / 100.0 for line in lines
            )
            evaluation.preview_points = sum(
                line.points * line.point_share / 100.0 for line in lines
            )

    def _compute_open_rectification_count(self):
        # one query for all: open items per (unit, cycle found in), then the earlier cycles
        groups = self.env["target.rectification"]._read_group(
            [("unit_id", "in", self.unit_id.ids), ("state", "!=", "verified")],
            ["unit_id", "cycle_id"],
            ["__count"],
        )
        for evaluation in self:
            evaluation.open_rectification_count = sum(
                count
                for unit, cycle, count in groups
                if unit == evaluation.unit_id and cycle.date_start < evaluation.cycle_id.date_start
            )

    def _freeze_label(self):
        return self.env._("evaluations")

    def action_view_open_rectifications(self):
        self.ensure_one()
        return self.env["target.rectification"]._action_open_for(self.unit_id, self.cycle_id)

    @api.model
    def _get_all_validation_exceptions(self):
        # the office answers an approved evaluation with its feedback: the form keeps
        # the field editable once the reviews are done (not under review: the view)
        return [*super()._get_all_validation_exceptions(), "feedback"]

    def _workflow_precheck_submitted(self):
        """A year-end self-assessment is submitted with every line self-assessed."""
        missing = self.filtered(lambda e: e.stage == "year_end").line_ids.filtered(
            lambda line: not line.self_scored and not line.cooperation_id
        )
        if missing:
            raise UserError(
                self.env._(
                    "Give the self-assessed value of every goal before submitting; "
                    "missing: %(goals)s.",
                    goals=", ".join(missing.goal_id.mapped("ref")),
                )
            )

    def action_send_feedback(self):
        """Send the office's feedback to the unit's users (mid-year: not final)."""
        if not self.env.user._target_is_office_of(self):
            raise AccessError(self.env._("Only the assessment office sends feedback."))
        for evaluation in self:
            if not evaluation.feedback:
                raise UserError(
                    self.env._(
                        "%(evaluation)s has no feedback to send.", evaluation=evaluation.name
                    )
                )
            evaluation.message_post(
                body=evaluation.feedback,
                subject=self.env._("Feedback: %(evaluation)s", evaluation=evaluation.name),
                partner_ids=evaluation.unit_id.user_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self.sudo().write({"feedback_sent": fields.Datetime.now()})

    @api.depends("line_ids.lost_points")
    def _compute_lost_points(self):
        for evaluation in self:
            evaluation.lost_points = sum(evaluation.line_ids.mapped("lost_points"))

    # -- Scoring: results, recompute, breakdown (target_assessment.scoring) ------

    def write(self, vals):
        result_fields = {
            "goal_score",
            "bonus",
            "deduction",
            "total",
            "rank",
            "grade",
            "vetoed",
            "computed_at",
        }
        office = self.env.su or self.env.user._target_is_office_of(self)
        if result_fields.intersection(vals) and not office:
            raise AccessError(self.env._("Scores, ranks and grades are computed, not entered."))
        if "feedback" in vals and not office:
            raise AccessError(self.env._("The feedback to the unit is the assessment office's."))
        return super().write(vals)

    def action_recompute(self):
        """Recompute the whole cycle at these evaluations' stage (ranks depend on all units)."""
        action = {"type": "ir.actions.client", "tag": "soft_reload"}
        for (cycle, stage), _evaluations in self.grouped(lambda e: (e.cycle_id, e.stage)).items():
            action = cycle._start_scoring(stage)
        return action

    def action_view_score_adjustments(self):
        """The bonuses and deductions that count in this evaluation."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_score_adjustment_action"
        )
        action["domain"] = [
            ("unit_id", "=", self.unit_id.id),
            ("scoring_cycle_id", "=", self.cycle_id.id),
        ]
        action["context"] = {"default_unit_id": self.unit_id.id}
        return action

    def action_view_vetoes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_veto_action"
        )
        action["domain"] = [("unit_id", "=", self.unit_id.id), ("cycle_id", "=", self.cycle_id.id)]
        action["context"] = {"default_unit_id": self.unit_id.id}
        return action

    def _score_breakdown(self):
        """The result of this evaluation as plain data for notices and reports.

        Worded in the user's language: sections, the bonuses and deductions
        that count, the decided vetoes, why the grade is what it is, and the
        lines that lost points (most first) with their explanation.
        """
        # imported here to keep this shared file's change to one block
        from ..engine import quota_limit  # noqa: PLC0415
        from ..scoring import grade_text  # noqa: PLC0415

        self.ensure_one()
        env = self.env
        grades = dict(self._fields["grade"]._description_selection(env))
        scheme = self.scheme_id
        items = env["target.score.adjustment"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("scoring_cycle_id", "=", self.cycle_id.id),
                ("state", "=", "confirmed"),
            ]
        )
        vetoes = env["target.veto"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("cycle_id", "=", self.cycle_id.id),
                ("state", "=", "confirmed"),
            ]
        )
        reason = {"code": "threshold", "args": {"total": self.total}}
        if scheme and self.grade:
            order = [code for code, _label in self._fields["grade"].selection]
            by_threshold = "fail"
            for minimum, grade in (
                (scheme.pass_threshold, "pass"),
                (scheme.good_threshold, "good"),
                (scheme.excellent_threshold, "excellent"),
            ):
                if self.total >= minimum:
                    by_threshold = grade
            if order.index(self.grade) > order.index(by_threshold):
                if self.vetoed:
                    reason = {"code": "veto", "args": {"max_grade": self.grade}}
                else:
                    count = self.search_count(
                        [("scheme_id", "=", scheme.id), ("stage", "=", self.stage)]
                    )
                    share = scheme.excellent_quota / 100.0
                    limit = quota_limit(share, count, scheme.quota_rounding)
                    reason = {"code": "quota", "args": {"grade": by_threshold, "limit": limit}}
        lost = self.line_ids.filtered(lambda line: line.lost_points > 0).sorted(
            lambda line: -line.lost_points
        )
        return {
            "unit": self.unit_id.display_name,
            "cycle": self.cycle_id.display_name,
            "total": self.total,
            "rank": self.rank,
            "grade": grades.get(self.grade, ""),
            "grade_reason": grade_text(env, reason["code"], reason["args"], grades)
            if self.grade
            else "",
            "vetoed": self.vetoed,
            "sections": [
                {
                    "name": row.section_id.name,
                    "weight": row.weight,
                    "score": row.score,
                    "empty": row.empty,
                }
                for row in self.section_result_ids
            ],
            "bonus": self.bonus,
            "bonuses": [
                {"name": item.name, "level": item.award_level, "points": item.applied_points}
                for item in items
                if item.kind == "bonus"
            ],
            "deduction": self.deduction,
            "deductions": [
                {
                    "name": item.name,
                    "category": item.deduction_category_id.name,
                    "points": item.points,
                }
                for item in items
                if item.kind == "deduction"
            ],
            "vetoes": [{"item": veto.type_id.name, "facts": veto.name} for veto in vetoes],
            "lost": [
                {
                    "goal": line.display_name,
                    "points": line.points,
                    "score": line.final_score,
                    "lost": line.lost_points,
                    "why": line.explanation,
                }
                for line in lost
            ],
        }

    # -- scheduled jobs: the year-end self-assessment's deadline ------------------

    @api.model
    @gives_way
    def _cron_send_reminders(self, batch_size=200):
        """Remind the units whose self-assessment is due within the cycle's reminder days.

        One reminder activity per user, evaluation and deadline: marked as
        reminded batch by batch, so a second run (or one resumed after a
        crash) reminds nobody twice.
        """
        commit = self.env["ir.cron"]._commit_progress
        today = fields.Date.context_today(self)
        candidates = self.sudo().search(
            [
                *self._workflow_open_domain(),
                ("stage", "=", "year_end"),
                ("cycle_id.phase", "=", "year_end"),
                ("reminder_sent", "=", False),
                ("self_assessment_deadline", ">=", today),
            ]
        )
        due = candidates.filtered(
            lambda evaluation: (
                evaluation.self_assessment_deadline
                - timedelta(days=evaluation.cycle_id.reminder_days)
                <= today
            )
        )
        commit(remaining=len(due))
        for batch in split_every(batch_size, due.ids, self.sudo().browse):
            batch._schedule_deadline_activity(REMINDER_TYPE)
            batch.write({"reminder_sent": True})
            if not commit(len(batch)):
                return

    @api.model
    @gives_way
    def _cron_flag_overdue(self, batch_size=500):
        """Flag the self-assessments past their deadline and tell the unit, once each."""
        self._workflow_flag_overdue(
            batch_size, lambda evaluations: evaluations._schedule_deadline_activity(OVERDUE_TYPE)
        )

    def _schedule_deadline_activity(self, xmlid):
        """One activity of type ``xmlid`` per (evaluation, user of its unit), deadline the
        cycle's (an open one moves to the current deadline; none is sent twice)."""

        def texts(evaluation):
            return lambda env: (
                env._("Self-assessment overdue: %(unit)s", unit=evaluation.unit_id.name)
                if xmlid == OVERDUE_TYPE
                else env._("Self-assessment due: %(unit)s", unit=evaluation.unit_id.name),
                env._(
                    "The year-end self-assessment of %(unit)s is due on %(date)s: give each "
                    "goal's value, narrative and evidence, then submit it for approval.",
                    unit=evaluation.unit_id.name,
                    date=format_date(env, evaluation.self_assessment_deadline),
                ),
            )

        self._workflow_schedule_once(
            xmlid,
            [
                (evaluation, user, evaluation.self_assessment_deadline, texts(evaluation))
                for evaluation in self
                for user in evaluation.unit_id.user_ids
                if user.active and not user.share
            ],
        )

    def action_print_result_notice(self):
        """The result notice (考核结果通知书) of these year-end evaluations."""
        return self.env.ref("target_assessment.target_result_notice_report").report_action(self)

    def _result_notice_rectifications(self):
        """Rectification items of the unit still open: found this cycle or carried in."""
        self.ensure_one()
        Rectification = self.env["target.rectification"]
        return Rectification.search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("cycle_id", "=", self.cycle_id.id),
                ("state", "!=", "verified"),
            ]
        ) | Rectification._open_for(self.unit_id, self.cycle_id)
