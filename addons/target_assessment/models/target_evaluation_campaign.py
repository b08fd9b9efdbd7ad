import base64
from collections import defaultdict

import qrcode
import qrcode.image.svg

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import survey as engine

CAMPAIGN_STATES = [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")]
SCALES = [("three", "Satisfied / fairly satisfied / dissatisfied"), ("ten", "1 to 10")]


class TargetEvaluationCampaign(models.Model):
    """A satisfaction or democratic evaluation (满意度测评 / 民主测评) of units by a body.

    Per cycle and evaluating body: the units evaluated, the respondent groups
    (人大代表, 政协委员, 服务对象, 群众 …) with their sample sizes and weights,
    and the scale. Opening the campaign builds its questionnaire in Odoo's
    ``survey`` (one rating question per unit) and one anonymous single-use
    token per expected respondent of each group: the tokens carry a group,
    never a person. Closing it aggregates the answers (engine.survey) into
    the body's special evaluation of every unit, with the counts per option
    kept on the evaluation for audit; the questionnaire stops taking answers.
    Reopening is refused once the cycle is signed off (cycle freeze).

    Access: the office manages campaigns and moves them; the evaluators of
    the body read their campaigns and close them; leaders read all. Units
    see no campaign. Respondents are public visitors who reach the
    questionnaire through their token only (the survey module's routes).
    The state moves on the workflow kernel (target.workflow.mixin).
    """

    _name = "target.evaluation.campaign"
    _description = "Evaluation Campaign"
    _inherit = [
        "mail.thread",
        "target.workflow.mixin",
        "target.cycle.freeze.mixin",
        "target.belongs.mixin",
    ]
    _belongs_fields = ("cycle_id", "body_id", "unit_ids", "scale")
    _order = "cycle_id, id desc"

    _workflow_transitions = {
        ("draft", "open"): "office",
        ("open", "closed"): "body",
        ("closed", "open"): "office",
    }
    _workflow_stamps = {"open": "opened", "closed": "closed"}
    _workflow_system_fields = ("survey_id",)

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    body_id = fields.Many2one(
        "target.evaluation.body",
        "Evaluating body",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    unit_ids = fields.Many2many(
        "target.unit",
        "target_evaluation_campaign_unit_rel",
        "campaign_id",
        "unit_id",
        "Units evaluated",
        domain="[('is_assessed', '=', True)]",
    )
    group_ids = fields.One2many(
        "target.evaluation.campaign.group", "campaign_id", "Respondent groups", copy=True
    )
    scale = fields.Selection(SCALES, required=True, default="three")
    trim_extremes = fields.Boolean(
        "Drop highest and lowest",
        help="Drop the highest and the lowest rating of each group (with three ratings or more).",
    )
    min_responses = fields.Integer(
        "Minimum responses",
        default=10,
        help="A unit rated by fewer respondents is flagged on its special evaluation.",
    )
    state = fields.Selection(
        CAMPAIGN_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    opened_by_id = fields.Many2one("res.users", "Opened by", readonly=True, copy=False)
    opened_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", "Closed by", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    survey_id = fields.Many2one(
        "survey.survey", "Questionnaire", readonly=True, copy=False, ondelete="restrict"
    )
    special_evaluation_ids = fields.One2many(
        "target.special.evaluation", "campaign_id", "Special evaluations", readonly=True
    )
    invitation_count = fields.Integer("Invitations", compute="_compute_counts")
    response_count = fields.Integer("Responses", compute="_compute_counts")
    can_open = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")

    _min_responses_check = models.Constraint(
        "CHECK(min_responses >= 0)", "The minimum of responses cannot be negative."
    )

    @api.depends("group_ids.invitation_count", "group_ids.response_count")
    def _compute_counts(self):
        for campaign in self:
            campaign.invitation_count = sum(campaign.group_ids.mapped("invitation_count"))
            campaign.response_count = sum(campaign.group_ids.mapped("response_count"))

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        for field, source, to in (
            ("can_open", "draft", "open"),
            ("can_close", "open", "closed"),
            ("can_reopen", "closed", "open"),
        ):
            records = self.filtered(lambda c, s=source: c.state == s)
            allowed = records._workflow_allowed(to)
            for campaign in self:
                campaign[field] = campaign in allowed

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(campaign.state != "draft" for campaign in self):
            raise UserError(self.env._("Only a draft evaluation campaign can be deleted."))

    # -- actions -----------------------------------------------------------------

    def action_open(self):
        return self._workflow_move("open")

    def action_close(self):
        return self._workflow_move("closed")

    def action_reopen(self):
        return self.filtered(lambda c: c.state == "closed")._workflow_move("open")

    def action_print_invitations(self):
        return self.env.ref("target_assessment.target_evaluation_campaign_report").report_action(
            self
        )

    # -- workflow hooks ----------------------------------------------------------

    def _workflow_role_body(self):
        """The evaluators of the campaign's body close it, or the office."""
        return self.env.user._target_office_of(self) | self.filtered(
            lambda c: self.env.user in c.sudo().body_id.user_ids
        )

    def _workflow_role_description(self, role):
        if role == "body":
            return self.env._("the evaluators of its body (or the assessment office)")
        return super()._workflow_role_description(role)

    def _workflow_precheck_open(self):
        for campaign in self:
            if not campaign.unit_ids:
                raise UserError(
                    self.env._("%(campaign)s evaluates no unit.", campaign=campaign.name)
                )
            if not campaign.group_ids or not sum(campaign.group_ids.mapped("sample_size")):
                raise UserError(
                    self.env._(
                        "%(campaign)s invites nobody: give its respondent groups sample sizes.",
                        campaign=campaign.name,
                    )
                )
            campaign._sections()  # every unit has a section for the body

    def _workflow_after_open(self):
        for campaign in self.sudo():
            if campaign.survey_id:
                campaign.survey_id.active = True  # reopened: the same tokens again
                continue
            campaign.survey_id = campaign._create_survey()
            campaign.group_ids._create_invitations()

    def _workflow_precheck_closed(self):
        for campaign in self:
            campaign._sections()  # the schemes may have changed since the opening

    def _workflow_after_closed(self):
        for campaign in self.sudo():
            campaign._write_special_evaluations()
            campaign.survey_id.active = False

    def _freeze_label(self):
        return self.env._("evaluation campaigns")

    # -- the questionnaire -------------------------------------------------------

    def _scale_labels(self):
        """``{option code: label}`` of the campaign's scale, in the user's language."""
        if self.scale == "three":
            return {
                "satisfied": self.env._("Satisfied"),
                "fair": self.env._("Fairly satisfied"),
                "dissatisfied": self.env._("Dissatisfied"),
            }
        return {code: code for code, _score in engine.TEN_POINTS}

    def _question_title(self, unit):
        """The rating question of ``unit``, in the environment's language."""
        return self.env._("How satisfied are you with %(unit)s?", unit=unit.name)

    def _create_survey(self):
        """The questionnaire: one mandatory rating question per unit, no scoring shown.

        Its texts are written in every installed language: respondents read it in
        theirs, and the counts on the evaluations name the options in the closer's.
        """
        self.ensure_one()
        labels = self._scale_labels()
        scale = engine.SCALES[self.scale]
        answers = [
            (0, 0, {"value": labels[code], "answer_score": score, "sequence": index})
            for index, (code, score) in enumerate(scale)
        ]
        units = self.unit_ids.sorted(lambda u: (u.sequence, u.id))
        questions = [
            (
                0,
                0,
                {
                    "title": self._question_title(unit),
                    "question_type": "simple_choice",
                    "constr_mandatory": True,
                    "sequence": index,
                    "target_unit_id": unit.id,
                    "suggested_answer_ids": answers,
                },
            )
            for index, unit in enumerate(units)
        ]
        survey = (
            self.env["survey.survey"]
            .sudo()
            .create(
                {
                    "title": self.name,
                    "user_id": False,  # the campaign's, not a survey officer's
                    "survey_type": "survey",
                    "access_mode": "token",
                    "users_login_required": False,
                    "scoring_type": "no_scoring",
                    "questions_layout": "one_page",
                    # single use by the token itself (a finished answer takes no more);
                    # survey's attempt limit would count all anonymous answers together
                    "is_attempts_limited": False,
                    "description": self._survey_description(),
                    "question_and_page_ids": questions,
                }
            )
        )
        for lang, _name in self.env["res.lang"].get_installed():
            campaign = self.with_context(lang=lang)
            labels = campaign._scale_labels()
            # an html field: written in the language, its terms are that language's
            survey.with_context(lang=lang).description = campaign._survey_description()
            for question in survey.question_ids:
                unit = question.target_unit_id.with_context(lang=lang)
                question.update_field_translations("title", {lang: campaign._question_title(unit)})
                for answer, (code, _score) in zip(
                    question.suggested_answer_ids.sorted("sequence"), scale, strict=True
                ):
                    answer.update_field_translations("value", {lang: labels[code]})
        return survey

    def _survey_description(self):
        return self.env._("An anonymous evaluation: your answers are not linked to you.")

    def _invitation_rows(self):
        """The unused invitations, as the sheet prints them: ``{"group", "url", "qr"}``
        (``qr``: the link's QR code, an SVG data URI: no raster backend needed)."""
        self.ensure_one()
        self.check_access("read")
        base = self.get_base_url()
        invitations = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [("campaign_group_id", "in", self.group_ids.ids), ("state", "=", "new")],
                order="campaign_group_id, id",
            )
        )
        rows = []
        for invitation in invitations:
            url = base + invitation.get_start_url()
            svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).to_string()
            rows.append(
                {
                    "group": invitation.campaign_group_id.name,
                    "url": url,
                    "qr": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
                }
            )
        return rows

    # -- the results -------------------------------------------------------------

    def _sections(self):
        """``{unit: section}``: the special section of each unit's scheme the body scores."""
        self.ensure_one()
        sections = (
            self.env["target.scheme.section"]
            .sudo()
            .search(
                [
                    ("scheme_id.cycle_id", "=", self.cycle_id.id),
                    ("kind", "=", "special"),
                    ("scheme_id.category_id", "in", self.unit_ids.category_id.ids),
                ],
                order="sequence, id",
            )
        )
        by_unit = {}
        for unit in self.unit_ids:
            section = sections.filtered(
                lambda s, u=unit: (
                    s.scheme_id.category_id == u.category_id
                    and (not s.body_ids or self.body_id in s.body_ids)
                )
            )[:1]
            if not section:
                raise UserError(
                    self.env._(
                        "The scheme of %(unit)s in %(cycle)s has no special section "
                        "evaluated by %(body)s.",
                        unit=unit.name,
                        cycle=self.cycle_id.name,
                        body=self.body_id.name,
                    )
                )
            by_unit[unit] = section
        return by_unit

    def _responses(self):
        """``{unit id: [engine.Response]}`` of the finished questionnaires (a fixed
        number of queries)."""
        self.ensure_one()
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("survey_id", "=", self.survey_id.id),
                    ("user_input_id.state", "=", "done"),
                    ("user_input_id.test_entry", "=", False),
                    ("suggested_answer_id", "!=", False),
                    ("question_id.target_unit_id", "!=", False),
                ],
                ["question_id", "suggested_answer_id", "user_input_id"],
            )
        )
        by_unit = defaultdict(list)
        for line in lines:
            group = line.user_input_id.campaign_group_id
            if not group:
                continue  # not one of the campaign's invitations
            answer = line.suggested_answer_id
            by_unit[line.question_id.target_unit_id.id].append(
                engine.Response(group.id, answer.value, answer.answer_score)
            )
        return by_unit

    def _results(self):
        """``{unit id: engine.SurveyResult}`` of every unit of the campaign."""
        self.ensure_one()
        return engine.aggregate_units(
            self._responses(),
            self.unit_ids.ids,
            {group.id: group.weight for group in self.group_ids},
            trim=self.trim_extremes,
            minimum=self.min_responses,
        )

    def _counts_text(self, result):
        """The counts per option and group, as the special evaluation shows them."""
        names = {group.id: group.name for group in self.group_ids}
        lines = []
        for group in result.groups:
            counts = result.counts.get(group.group, {})
            options = ", ".join(f"{option} {count}" for option, count in counts.items())
            lines.append(
                self.env._(
                    "%(group)s (weight %(weight)s): %(responses)s responses%(options)s",
                    group=names[group.group],
                    weight=f"{group.weight:g}",
                    responses=group.responses,
                    options=f" – {options}" if options else "",
                )
            )
        return "\n".join(lines)

    def _write_special_evaluations(self):
        """Fill the body's special evaluation of every rated unit (in batch)."""
        self.ensure_one()
        sections = self._sections()
        results = self._results()
        Special = self.env["target.special.evaluation"].sudo()
        existing = {
            (special.unit_id.id, special.section_id.id): special
            for special in Special.search(
                [
                    ("cycle_id", "=", self.cycle_id.id),
                    ("body_id", "=", self.body_id.id),
                    ("unit_id", "in", self.unit_ids.ids),
                ]
            )
        }
        to_create = []
        unrated = []
        for unit, section in sections.items():
            result = results[unit.id]
            if result.score is None:
                unrated.append(unit.name)
                continue
            vals = {
                "score": result.score,
                "campaign_id": self.id,
                "survey_responses": result.responses,
                "survey_short": result.short,
                "survey_counts": self._counts_text(result),
            }
            special = existing.get((unit.id, section.id))
            if special:
                special.write(vals)
            else:
                to_create.append(
                    dict(
                        vals,
                        cycle_id=self.cycle_id.id,
                        unit_id=unit.id,
                        section_id=section.id,
                        body_id=self.body_id.id,
                    )
                )
        Special.create(to_create)
        if unrated:
            self.message_post(
                body=self.env._(
                    "Nobody rated %(units)s: no special evaluation was written for them.",
                    units=", ".join(unrated),
                )
            )
