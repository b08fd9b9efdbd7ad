from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Phases of the year (DESIGN.md §3), in order.
PHASES = [
    ("planning", "Planning"),
    ("decomposition", "Decomposition"),
    ("signing", "Plan approval and signing"),
    ("execution", "Execution and monitoring"),
    ("midyear", "Mid-year review"),
    ("year_end", "Year-end assessment"),
    ("scoring", "Scoring"),
    ("signoff", "Final sign-off"),
    ("publicity", "Publicity and appeals"),
    ("published", "Published"),
    ("closed", "Closed"),
]
PHASE_ORDER = [code for code, _label in PHASES]


class TargetCycle(models.Model):
    """An assessment year (考核年度): dates, phase, deadlines, reporting, lights.

    Access: the office and the administrator maintain cycles; every other role
    reads them (they are the frame of everybody's work).
    """

    _name = "target.cycle"
    _description = "Assessment Cycle"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", required=True)
    phase = fields.Selection(PHASES, required=True, default="planning", tracking=True)
    active = fields.Boolean(default=True)
    previous_cycle_id = fields.Many2one("target.cycle", "Previous cycle", index="btree_not_null")

    # Deadlines of the phases
    decomposition_deadline = fields.Date()
    signing_deadline = fields.Date("Letters signed by")
    midyear_date = fields.Date("Mid-year review date")
    adjustment_start = fields.Date("Adjustment window from")
    adjustment_end = fields.Date("Adjustment window until")
    self_assessment_deadline = fields.Date()
    scoring_deadline = fields.Date(
        help="Awards dated after this day count in the next cycle (carried over)."
    )
    publicity_days = fields.Integer(default=7, help="Days the results are published for appeals.")

    # Monitoring
    report_frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")],
        required=True,
        default="monthly",
    )
    report_due_days = fields.Integer(
        "Report due (days after period end)",
        default=5,
        help="Progress of a period is due this many days after the period ends.",
    )
    reminder_days = fields.Integer("Remind (days before due)", default=3)
    light_green = fields.Float(
        "Green from (%)", default=95.0, help="Actual at least this share of expected: green."
    )
    light_yellow = fields.Float(
        "Yellow from (%)", default=85.0, help="Below green and at least this share: yellow."
    )
    coverage_tolerance = fields.Float(
        "Decomposition tolerance (%)",
        default=0.0,
        help="Child goals of an additive indicator may fall short of their parent by this "
        "share of the parent's target.",
    )

    scheme_ids = fields.One2many("target.scheme", "cycle_id", "Schemes")
    goal_count = fields.Integer(compute="_compute_goal_count")

    _year_check = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2100)", "The year is not plausible."
    )
    _dates_check = models.Constraint(
        "CHECK(date_end > date_start)", "A cycle must end after it starts."
    )
    _lights_check = models.Constraint(
        "CHECK(light_yellow > 0 AND light_yellow < light_green AND light_green <= 100)",
        "Light thresholds must satisfy 0 < yellow < green <= 100.",
    )
    _tolerance_check = models.Constraint(
        "CHECK(coverage_tolerance >= 0 AND coverage_tolerance < 100)",
        "The decomposition tolerance is a share between 0 and 100.",
    )

    @api.constrains(
        "date_start",
        "date_end",
        "decomposition_deadline",
        "signing_deadline",
        "midyear_date",
        "adjustment_start",
        "adjustment_end",
        "self_assessment_deadline",
    )
    def _check_deadlines(self):
        for cycle in self:
            if cycle.date_end <= cycle.date_start:
                raise ValidationError(
                    self.env._("Cycle %(cycle)s must end after it starts.", cycle=cycle.name)
                )
            if (
                cycle.adjustment_start
                and cycle.adjustment_end
                and cycle.adjustment_end < cycle.adjustment_start
            ):
                raise ValidationError(
                    self.env._(
                        "Cycle %(cycle)s: the adjustment window ends before it starts.",
                        cycle=cycle.name,
                    )
                )
            for fname in (
                "decomposition_deadline",
                "signing_deadline",
                "midyear_date",
                "adjustment_start",
                "adjustment_end",
            ):
                day = cycle[fname]
                if day and not cycle.date_start <= day <= cycle.date_end:
                    raise ValidationError(
                        self.env._(
                            "Cycle %(cycle)s: %(field)s (%(day)s) lies outside the cycle.",
                            cycle=cycle.name,
                            field=cycle._fields[fname].get_description(self.env)["string"],
                            day=day,
                        )
                    )

    def _compute_goal_count(self):
        counts = dict(
            self.env["target.goal"]._read_group(
                [("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"]
            )
        )
        for cycle in self:
            cycle.goal_count = counts.get(cycle, 0)

    def action_next_phase(self):
        """Move each cycle to the next phase of the year (tracked in the chatter)."""
        for cycle in self:
            index = PHASE_ORDER.index(cycle.phase)
            if index + 1 == len(PHASE_ORDER):
                raise UserError(self.env._("Cycle %(cycle)s is closed.", cycle=cycle.name))
            next_phase = PHASE_ORDER[index + 1]
            cycle._check_phase_change(next_phase)
            cycle.phase = next_phase

    def _check_phase_change(self, phase):
        """Hook: raise a UserError when the cycle cannot enter ``phase`` yet."""

    def action_view_goals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_goal_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action

    def in_adjustment_window(self, day=None):
        """Whether ``day`` (default today) lies in the cycle's adjustment window."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return bool(
            self.adjustment_start
            and self.adjustment_end
            and self.adjustment_start <= day <= self.adjustment_end
        )

    # -- Monitoring: reporting periods (target.period) --------------------------

    period_ids = fields.One2many("target.period", "cycle_id", "Reporting periods")
    period_count = fields.Integer("Periods", compute="_compute_period_count")

    def _compute_period_count(self):
        counts = dict(
            self.env["target.period"]._read_group(
                [("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"]
            )
        )
        for cycle in self:
            cycle.period_count = counts.get(cycle, 0)

    def action_generate_periods(self):
        """(Re)generate the reporting periods from the frequency; running it again changes
        nothing unless the cycle's dates or frequency changed."""
        self.check_access("write")
        self.env["target.period"].sudo()._generate(self)
        return True

    def action_view_periods(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_period_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action

    # -- Scoring: compute cycle, mid-year preview (target_assessment.scoring) ----

    def action_compute_scores(self):
        """Year-end: score, rank and grade every assessed unit of the cycle."""
        return self._compute_scores("year_end")

    def action_preview_midyear(self):
        """Mid-year: score every assessed unit on mid-year data (a preview, not final)."""
        return self._compute_scores("midyear")

    def _compute_scores(self, stage):
        """Run the scoring engine over each cycle at ``stage`` (the office only)."""
        # imported here to keep this shared file's change to one block
        from ..scoring import compute_cycle_scores  # noqa: PLC0415

        evaluation = self.env["target.evaluation"]
        stages = dict(evaluation._fields["stage"]._description_selection(self.env))
        message = ""
        for cycle in self:
            summary = compute_cycle_scores(cycle, stage)
            message = self.env._(
                "%(stage)s scored: %(units)s units, %(goals)s goals in %(seconds)s s.",
                stage=stages[stage],
                **{key: summary[key] for key in ("units", "goals", "seconds")},
            )
            cycle.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _scores_locked(self):
        """Whether the cycle's results are approved and can no longer change."""
        from ..scoring import LOCKED_PHASES  # noqa: PLC0415

        self.ensure_one()
        return self.phase in LOCKED_PHASES

    def action_view_evaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_evaluation_action_ranking"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        return action

    def action_view_score_adjustments(self):
        """Bonuses and deductions of the cycle, carried-over awards of both cycles included."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_score_adjustment_action"
        )
        action["domain"] = ["|", ("cycle_id", "=", self.id), ("scoring_cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action
