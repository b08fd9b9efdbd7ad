import itertools
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..scoring import prepare_cycle_evaluations
from ..tools import numbers

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
# Phases of a signed-off cycle, which only an administrator reopens (to scoring).
SIGNED_OFF_PHASES = ("publicity", "published", "closed")
# The year's dates and deadlines, checked against each other (scoring has its own check).
CALENDAR_FIELDS = (
    "date_start",
    "date_end",
    "decomposition_deadline",
    "signing_deadline",
    "midyear_date",
    "adjustment_start",
    "adjustment_end",
    "self_assessment_deadline",
)
# The leading group's sign-off of the cycle's results (审定), a tier validation.
SIGNOFF_STATES = [
    ("draft", "Not submitted"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class TargetCycle(models.Model):
    """An assessment year (考核年度): dates, phase, deadlines, reporting, lights.

    Access: the office and the administrator maintain cycles; every other role
    reads them (they are the frame of everybody's work). The phase and the
    sign-off move only through the workflow kernel's two tables: the office
    takes the cycle from phase to phase (each phase's preconditions,
    ``_phase_blockers_<phase>``) and submits the results for sign-off; the
    leading group's approval, through its tier reviews, signs them off and
    opens the publicity; only an administrator reopens a signed-off cycle,
    with a reason recorded in the chatter.
    """

    _name = "target.cycle"
    _description = "Assessment Cycle"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.tier.review.mixin",
        "target.number.mixin",
    ]
    _number_date_fields = ("self_assessment_deadline", "scoring_deadline")
    _order = "date_start desc, id desc"

    _workflow_field = "phase"
    _workflow_transitions = {
        **dict.fromkeys(itertools.pairwise(PHASE_ORDER), "office"),
        **{(phase, "scoring"): "admin" for phase in SIGNED_OFF_PHASES},
    }
    _workflow_fields = {
        "signoff_state": {
            "transitions": {
                ("draft", "submitted"): "office",
                ("rejected", "submitted"): "office",
                ("submitted", "approved"): "approval",
                ("submitted", "rejected"): "approval",
                **{(state, "draft"): "admin" for state in ("submitted", "approved", "rejected")},
            },
            "stamps": {"submitted": "signoff_submitted"},
            "reasons": {"rejected": "signoff_reject_reason"},
        },
    }
    _workflow_system_fields = (
        "signoff_approved_on",
        "publicity_start",
        "publicity_end",
        "published_on",
    )

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.today().year, aggregator=None
    )
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", required=True)
    phase = fields.Selection(PHASES, required=True, default="planning", tracking=True)
    active = fields.Boolean(default=True)
    previous_cycle_id = fields.Many2one("target.cycle", "Previous cycle", index="btree_not_null")
    organizer_unit_id = fields.Many2one(
        "target.unit",
        "Organising unit",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        default=lambda self: self._default_organizer_unit(),
        help="The level that runs this assessment (组织考核的单位), e.g. a county assessing its "
        "townships and departments: the office of this unit's level runs the cycle; empty, "
        "the top level. Fixed once the cycle has left planning.",
    )
    leading_group_user_ids = fields.Many2many(
        "res.users",
        string="Leading group",
        compute="_compute_leading_group_user_ids",
        help="Who approves the cycle's schemes and indicator library and signs its results "
        "off: the leading group (考核领导小组); a county's own assessment: the county's "
        "leaders, never its office.",
    )

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

    @api.constrains(*CALENDAR_FIELDS)
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

    @api.model
    def _default_organizer_unit(self):
        """A county office organises for its unit; the assessment office for the top unit."""
        unit = self.env.user._target_local_office_unit()
        if unit:
            return unit
        roots = self.env["target.unit"].search([("parent_id", "=", False)], limit=2)
        return roots if len(roots) == 1 else roots.browse()

    def _check_organizer_change(self, vals):
        """The organising unit is set while planning, within the user's level."""
        if self.env.su or "organizer_unit_id" not in vals:
            return
        fixed = self.filtered(
            lambda c: c.phase != "planning" and c.organizer_unit_id.id != vals["organizer_unit_id"]
        )
        if fixed:
            raise UserError(
                self.env._(
                    "The organising unit of cycle %(cycle)s is fixed once it has left planning.",
                    cycle=fixed[0].name,
                )
            )
        user = self.env.user
        unit = self.env["target.unit"].browse(vals["organizer_unit_id"])
        if not user._target_has_role("office") and unit not in user._target_units():
            raise AccessError(
                self.env._("A county office organises cycles of its own units' subtree only.")
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
            cycle._workflow_move(PHASE_ORDER[index + 1])

    def _check_phase_change(self, phase):
        """Hook: raise a UserError when the cycle cannot enter ``phase`` yet."""
        self.ensure_one()
        check = getattr(self, f"_phase_blockers_{phase}", None)
        blockers = check() if check else []
        if blockers:
            phases = dict(self._fields["phase"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cycle %(cycle)s cannot enter the phase %(phase)s yet:\n%(blockers)s",
                    cycle=self.name,
                    phase=phases[phase],
                    blockers="\n".join(f"- {blocker}" for blocker in blockers),
                )
            )

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
        return self._start_scoring("year_end")

    def action_preview_midyear(self):
        """Mid-year: score every assessed unit on mid-year data (a preview, not final)."""
        return self._start_scoring("midyear")

    def action_preview_q1(self):
        """First quarter: score every unit on the data up to the quarter's end (平时考核)."""
        return self._start_scoring("q1")

    def action_preview_q3(self):
        """Third quarter: score every unit on the data up to the quarter's end (平时考核)."""
        return self._start_scoring("q3")

    def _start_scoring(self, stage):
        """Score each cycle at ``stage`` as a background job (target.job), after the checks
        that can be made now: the office only, results not yet approved."""
        from ..scoring import ensure_unlocked  # noqa: PLC0415

        if not (self.env.su or self.env.user._target_is_office_of(self)):
            raise AccessError(self.env._("Only the assessment office computes scores."))
        stages = dict(
            self.env["target.evaluation"]._fields["stage"]._description_selection(self.env)
        )
        jobs = self.env["target.job"]
        for cycle in self:
            ensure_unlocked(cycle, self.env._("the results"))
            jobs |= jobs._enqueue(
                cycle,
                "_compute_scores",
                self.env._("%(stage)s scoring of %(cycle)s", stage=stages[stage], cycle=cycle.name),
                args=(stage,),
                channel="root.scoring",
            )
        return jobs[:1]._action_started() if jobs else True

    def _compute_scores(self, stage):
        """Run the scoring engine over each cycle at ``stage`` (the office only); return
        the summary of the last one (the background job's result)."""
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
        return message

    def action_prepare_evaluations(self):
        """Year end: create the missing evaluations and lines (goals added since included)."""
        self._check_office(self.env._("prepares the year-end evaluations"))
        for cycle in self:
            if cycle.phase != "year_end":
                raise UserError(
                    self.env._(
                        "Cycle %(cycle)s is not in its year-end assessment.", cycle=cycle.name
                    )
                )
        jobs = self._start_preparing_year_end()
        return jobs[:1]._action_started() if jobs else True

    def _workflow_after_year_end(self):
        """Entering the year end: every unit's evaluation and its lines, to self-assess."""
        self._start_preparing_year_end()

    def _start_preparing_year_end(self):
        """Create each cycle's year-end evaluations and lines as a background job
        (target.job), started with the move to the year end (it runs once that
        move is committed); a job already queued for a cycle creates them all."""
        jobs = self.env["target.job"]
        for cycle in self:
            jobs |= jobs._enqueue(
                cycle,
                "_prepare_year_end",
                self.env._("Year-end evaluations of %(cycle)s", cycle=cycle.name),
                channel="root.scoring",
                refuse=False,
            )
        return jobs

    def _prepare_year_end(self):
        """Create the missing year-end evaluations and lines; return the summary
        of the last cycle (the background job's result)."""
        message = ""
        for cycle in self:
            summary = prepare_cycle_evaluations(cycle, "year_end")
            message = self.env._(
                "Year-end evaluations prepared: %(evaluations)s new evaluations, "
                "%(lines)s new lines.",
                evaluations=summary["evaluations"],
                lines=summary["lines"],
            )
            cycle.sudo().message_post(body=message)
        return message

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
        # one cycle: ranked per category only
        action["context"] = {"search_default_year_end": 1, "group_by": ["category_id"]}
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

    # -- Year end: preconditions, sign-off, publicity, publication (审定、公示、公布) --
    # The leading group signs the results table off through tiers on the cycle
    # (signoff_state is the tier state, not the phase); approval opens the
    # publicity window and freezes the scores (scoring.locks); accepted appeals
    # re-score under the lock's appeal bypass; the office publishes; only an
    # administrator reopens, with a reason.

    _state_field = "signoff_state"
    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit_signoff']"

    signoff_state = fields.Selection(
        SIGNOFF_STATES,
        "Sign-off",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    signoff_submitted_by_id = fields.Many2one(
        "res.users", "Submitted for sign-off by", readonly=True, copy=False
    )
    signoff_submitted_on = fields.Datetime("Submitted for sign-off on", readonly=True, copy=False)
    signoff_approved_on = fields.Datetime("Signed off on", readonly=True, copy=False)
    signoff_reject_reason = fields.Text("Sign-off returned because", readonly=True, copy=False)
    publicity_start = fields.Date("Publicity from", readonly=True, copy=False)
    publicity_end = fields.Date("Publicity until", readonly=True, copy=False)
    published_on = fields.Datetime(readonly=True, copy=False)
    appeal_ids = fields.One2many("target.appeal", "cycle_id", "Appeals")
    appeal_count = fields.Integer("Appeal count", compute="_compute_appeal_count")
    open_appeal_count = fields.Integer("Open appeals", compute="_compute_appeal_count")
    signoff_checklist = fields.Html(
        "Sign-off checklist",
        compute="_compute_signoff_checklist",
        sanitize=False,
        help="What must hold before the results are signed off, with the units that miss it.",
    )
    signoff_ready = fields.Boolean("Ready for sign-off", compute="_compute_signoff_checklist")

    def _compute_appeal_count(self):
        counts = self.env["target.appeal"]._read_group(
            [("cycle_id", "in", self.ids)], ["cycle_id", "state"], ["__count"]
        )
        for cycle in self:
            cycle.appeal_count = sum(n for c, _state, n in counts if c == cycle)
            cycle.open_appeal_count = sum(
                n for c, state, n in counts if c == cycle and state == "submitted"
            )

    def write(self, vals):
        self._check_organizer_change(vals)
        before = {cycle: cycle.phase for cycle in self} if "phase" in vals else {}
        result = super().write(vals)
        for cycle, phase in before.items():
            if cycle.phase != phase:
                cycle._post_phase_change(phase)
        return result

    def action_submit_signoff(self):
        """The office submits the cycle's results table to the leading group."""
        self._check_office(self.env._("submits the results for sign-off"))
        for cycle in self:
            if cycle.phase not in ("scoring", "signoff") or cycle.signoff_state not in (
                "draft",
                "rejected",
            ):
                raise UserError(
                    self.env._(
                        "Cycle %(cycle)s can be submitted for sign-off once scored and only "
                        "once at a time.",
                        cycle=cycle.name,
                    )
                )
        scoring = self.filtered(lambda cycle: cycle.phase == "scoring")
        scoring._workflow_move("signoff")
        for cycle in self - scoring:
            cycle._check_phase_change("signoff")
        self._workflow_move(
            "submitted", field="signoff_state", vals={"signoff_reject_reason": False}
        )
        self._request_reviews(
            lambda cycle: self.env._(
                "No sign-off tier is configured for %(cycle)s: define who approves the "
                "results (Approval tiers).",
                cycle=cycle.name,
            )
        )

    def action_publish(self):
        """The office publishes the results once the publicity window is over."""
        self._check_office(self.env._("publishes the results"))
        for cycle in self:
            if cycle.phase != "publicity":
                raise UserError(
                    self.env._("Cycle %(cycle)s is not in its publicity period.", cycle=cycle.name)
                )
        self._workflow_move("published", vals={"published_on": fields.Datetime.now()})

    def action_reopen(self):
        """Open the wizard in which an administrator reopens the cycle with a reason."""
        self.ensure_one()
        if not self._workflow_role("admin"):
            raise AccessError(self.env._("Only an administrator reopens a cycle."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen %(cycle)s", cycle=self.name),
            "res_model": "target.cycle.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_cycle_id": self.id},
        }

    def action_view_appeals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_appeal_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    def _reopen(self, reason):
        """Back to scoring, the sign-off undone and ``reason`` recorded (administrators)."""
        if self._workflow_role("admin") != self:
            raise AccessError(self.env._("Only an administrator reopens a cycle."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the cycle."))
        for cycle in self:
            if cycle.phase not in SIGNED_OFF_PHASES:
                raise UserError(
                    self.env._(
                        "Cycle %(cycle)s is not signed off: there is nothing to reopen.",
                        cycle=cycle.name,
                    )
                )
            blockers = cycle._open_appeal_blockers()
            if blockers:
                raise UserError("\n".join(blockers))
        self._workflow_move(
            "scoring",
            vals={"publicity_start": False, "publicity_end": False, "published_on": False},
        )
        self.filtered(lambda cycle: cycle.signoff_state != "draft")._workflow_move(
            "draft", field="signoff_state"
        )
        for cycle in self:
            cycle.message_post(
                body=self.env._(
                    "Cycle reopened by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                )
            )

    def _check_office(self, what):
        if self._workflow_role("office") != self:
            raise AccessError(self.env._("Only the assessment office %(what)s.", what=what))

    def _workflow_role_admin(self):
        """An administrator (the head of the office) reopens."""
        return self if self.env.user._target_has_role("admin") else self.browse()

    def _workflow_role_approval(self):
        """Nobody by hand: the leading group's tier reviews sign the results off."""
        return self.browse()

    def _workflow_role_description(self, role):
        return {
            "admin": self.env._("an administrator"),
            "approval": self.env._("the leading group's sign-off"),
        }.get(role) or super()._workflow_role_description(role)

    def _workflow_precheck(self, to, field=None):
        # going forward, the phases' preconditions (_phase_blockers_<phase>); a reopening
        # goes back, with its own checks (_reopen)
        result = super()._workflow_precheck(to, field)
        if field in (None, "phase"):
            for cycle in self:
                if PHASE_ORDER.index(to) > PHASE_ORDER.index(cycle.phase):
                    cycle._check_phase_change(to)
        return result

    def _awaiting_review(self):
        return self.filtered(lambda cycle: cycle.signoff_state == "submitted")

    def _tier_requester(self):
        self.ensure_one()
        return self.signoff_submitted_by_id or self.env.user

    def _tier_restart_allowed(self):
        """Only an administrator restarts the sign-off: the office submitted it."""
        return super(TargetCycle, self._workflow_role("admin"))._tier_restart_allowed()

    def _on_reviews_validated(self):
        """Signed off: the publicity window opens and the scores are frozen."""
        self.sudo()._workflow_move(
            "approved", field="signoff_state", vals={"signoff_approved_on": fields.Datetime.now()}
        )
        today = fields.Date.context_today(self)
        for cycle in self.sudo():
            cycle._workflow_move(
                "publicity",
                vals={
                    "publicity_start": today,
                    "publicity_end": today + timedelta(days=max(cycle.publicity_days, 1) - 1),
                },
            )

    def _on_reviews_rejected(self, reason):
        self.sudo().with_context(skip_validation_check=True)._workflow_move(
            "rejected", reason=reason, field="signoff_state"
        )
        self.sudo().message_post(body=self.env._("Sign-off returned: %(reason)s", reason=reason))

    def _post_phase_change(self, old_phase):
        """Who moved the cycle from which phase to which, and when (the chatter)."""
        phases = dict(self._fields["phase"]._description_selection(self.env))
        self.sudo().message_post(
            body=self.env._(
                "Phase changed from %(old)s to %(new)s by %(user)s on %(when)s.",
                old=phases[old_phase],
                new=phases[self.phase],
                user=self.env.user.name,
                when=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, fields.Datetime.now())
                ),
            )
        )

    def _phase_blockers_scoring(self):
        """Late assessors and inspection groups not done."""
        blockers = []
        late = (
            self.env["target.evaluation.line"]
            .sudo()
            ._read_group(
                [
                    ("cycle_id", "=", self.id),
                    ("stage", "=", "year_end"),
                    ("assessor_unit_id", "!=", False),
                    ("assessor_scored", "=", False),
                    ("not_applicable", "=", False),
                    ("cooperation_id", "=", False),
                ],
                ["assessor_unit_id"],
                ["__count"],
            )
        )
        if late:
            blockers.append(
                self.env._(
                    "assessors have not scored every line: %(units)s",
                    units=", ".join(
                        self.env._("%(unit)s (%(count)s lines)", unit=unit.name, count=count)
                        for unit, count in late
                    ),
                )
            )
        groups = (
            self.env["target.inspection"]
            .sudo()
            .search([("cycle_id", "=", self.id), ("state", "!=", "done")])
        )
        if groups:
            blockers.append(
                self.env._(
                    "inspection groups are not done: %(groups)s",
                    groups=", ".join(groups.mapped("name")),
                )
            )
        return blockers

    def _phase_blockers_signoff(self):
        """Assessed units with goals but no computed year-end evaluation."""
        goals = (
            self.env["target.goal"]
            .sudo()
            ._read_group(
                [
                    ("cycle_id", "=", self.id),
                    ("state", "!=", "cancelled"),
                    ("employee_id", "=", False),
                    ("unit_id.is_assessed", "=", True),
                ],
                ["unit_id"],
            )
        )
        units = self.env["target.unit"].union(*(unit for (unit,) in goals))
        scored = (
            self.env["target.evaluation"]
            .sudo()
            .search(
                [
                    ("cycle_id", "=", self.id),
                    ("stage", "=", "year_end"),
                    ("computed_at", "!=", False),
                ]
            )
            .unit_id
        )
        missing = units - scored
        blockers = [
            self.env._(
                "%(condition)s: %(missing)s", condition=item["label"], missing=item["missing"]
            )
            for item in self._signoff_checklist()
            if not item["done"]
        ]
        if not missing:
            return blockers
        return [
            self.env._(
                "units without computed year-end scores: %(units)s",
                units=", ".join(missing.sudo().mapped("name")),
            ),
            *blockers,
        ]

    # -- Sign-off checklist: what the leading group signs (审定前的检查) ---------------

    def _signoff_checklist(self):
        """The conditions of the sign-off, each ``{code, label, done, missing}``.

        ``missing`` names the units (and their lines) that fail the condition.
        Read as superuser in a fixed number of queries: the office sees units
        it may not read line by line, and the check must see them all.
        """
        self.ensure_one()
        env = self.env
        Line = env["target.evaluation.line"].sudo()
        domain = [("cycle_id", "=", self.id), ("stage", "=", "year_end")]
        evaluations = (
            env["target.evaluation"].sudo().search_fetch(domain, ["unit_id", "state"], order="id")
        )
        units = evaluations.unit_id
        unscored = Line.search_fetch(
            [
                *domain,
                ("assessor_unit_id", "!=", False),
                ("assessor_scored", "=", False),
                ("not_applicable", "=", False),
                ("cooperation_id", "=", False),
            ],
            ["unit_id", "goal_id"],
            order="unit_id, sequence, id",
        )
        states = dict(env["target.evaluation"]._fields["state"]._description_selection(env))
        unapproved = evaluations.filtered(lambda evaluation: evaluation.state != "approved")
        specials = (
            env["target.special.evaluation.expected"]
            .sudo()
            .search_fetch(
                [("cycle_id", "=", self.id), ("done", "=", False), ("unit_id", "in", units.ids)],
                ["unit_id", "body_id"],
                order="unit_id, body_id",
            )
        )
        findings = (
            env["target.inspection.finding"]
            .sudo()
            .search_fetch(
                [
                    ("cycle_id", "=", self.id),
                    "|",
                    ("inspection_id.state", "!=", "done"),
                    ("adjustment_id.state", "=", "draft"),
                ],
                ["unit_id", "goal_id"],
                order="unit_id, id",
            )
        )

        def per_unit(records, item):
            grouped = {}
            for record in records:
                grouped.setdefault(record.unit_id.name, []).append(item(record))
            return "; ".join(
                self.env._("%(unit)s (%(items)s)", unit=unit, items=", ".join(items))
                for unit, items in grouped.items()
            )

        checks = [
            (
                "assessor",
                self.env._(
                    "every line has its assessor's score, or is not applicable with a reason"
                ),
                per_unit(unscored, lambda line: line.goal_id.ref or line.goal_id.name),
            ),
            (
                "self_assessment",
                self.env._("every self-assessment is approved"),
                ", ".join(
                    self.env._(
                        "%(unit)s (%(state)s)",
                        unit=evaluation.unit_id.name,
                        state=states[evaluation.state],
                    )
                    for evaluation in unapproved
                ),
            ),
            (
                "special",
                self.env._("every special evaluation is entered"),
                per_unit(specials, lambda row: row.body_id.name),
            ),
            (
                "findings",
                self.env._("no inspection finding is open"),
                per_unit(findings, lambda finding: finding.goal_id.ref or finding.goal_id.name),
            ),
        ]
        return [
            {"code": code, "label": label, "done": not missing, "missing": missing}
            for code, label, missing in checks
        ]

    @api.depends("organizer_unit_id")
    def _compute_leading_group_user_ids(self):
        leading_group = self.env.ref("target_assessment.group_leader").sudo().user_ids
        unit_leader = self.env.ref("target_assessment.group_unit_leader")
        for cycle in self:
            organizer = cycle.sudo().organizer_unit_id
            county = organizer.parent_id and organizer._leader_users(unit_leader)
            cycle.leading_group_user_ids = county or leading_group

    @api.depends("phase", "signoff_state")
    def _compute_signoff_checklist(self):
        for cycle in self:
            if cycle.phase not in ("year_end", "scoring", "signoff") or not cycle.id:
                cycle.signoff_ready = False
                cycle.signoff_checklist = False
                continue
            items = cycle._signoff_checklist()
            cycle.signoff_ready = all(item["done"] for item in items)
            cycle.signoff_checklist = Markup("<ul class='list-unstyled mb-0'>%s</ul>") % Markup(
                ""
            ).join(
                Markup("<li><i class='fa fa-fw %s' title='%s'/> <b>%s</b>%s</li>")
                % (
                    "fa-check-square-o text-success" if item["done"] else "fa-square-o text-danger",
                    self.env._("Done") if item["done"] else self.env._("Missing"),
                    item["label"],
                    Markup("<br/><small class='text-danger'>%s</small>") % item["missing"]
                    if item["missing"]
                    else "",
                )
                for item in items
            )

    def _workflow_precheck_signoff_state_approved(self):
        """The leading group signs off only what the checklist allows."""
        for cycle in self:
            failing = [item for item in cycle._signoff_checklist() if not item["done"]]
            if failing:
                raise UserError(
                    self.env._(
                        "The results of %(cycle)s cannot be signed off yet:\n%(blockers)s",
                        cycle=cycle.name,
                        blockers="\n".join(
                            f"- {item['label']}: {item['missing']}" for item in failing
                        ),
                    )
                )

    def _phase_blockers_publicity(self):
        """The results are not signed off."""
        if self.signoff_state == "approved":
            return []
        return [self.env._("the leading group has not signed the results off")]

    def _phase_blockers_published(self):
        """The publicity window still runs, or appeals are open."""
        blockers = []
        today = fields.Date.context_today(self)
        if not self.publicity_end or today <= self.publicity_end:
            blockers.append(
                self.env._(
                    "the publicity period runs until %(day)s",
                    day=self.publicity_end or self.env._("(not started)"),
                )
            )
        return blockers + self._open_appeal_blockers()

    def _phase_blockers_closed(self):
        """Appeals are open."""
        return self._open_appeal_blockers()

    def _open_appeal_blockers(self):
        appeals = (
            self.env["target.appeal"]
            .sudo()
            .search([("cycle_id", "=", self.id), ("state", "=", "submitted")])
        )
        if not appeals:
            return []
        return [
            self.env._(
                "appeals are open for: %(units)s",
                units=", ".join(sorted(set(appeals.unit_id.mapped("name")))),
            )
        ]

    def _number_limits(self):
        days = numbers.Limits(0.0, 366.0)
        return dict.fromkeys(
            self,
            {
                "publicity_days": days,
                "report_due_days": days,
                "reminder_days": days,
                "light_green": numbers.SHARE,
                "light_yellow": numbers.SHARE,
                "coverage_tolerance": numbers.SHARE,
            },
        )

    def _number_dates(self):
        # the year-end work of a cycle may run into the next year, not further
        return {
            cycle: dict.fromkeys(
                self._number_date_fields,
                (cycle.date_start, numbers.after_the_cycle(cycle.date_end)),
            )
            for cycle in self
        }
