import base64
import calendar
from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from ..engine.bulletin import BEST, WORST, GoalRow, unit_lines
from ..engine.monitoring import MONTHLY, MONTHS_PER_PERIOD, QUARTERLY, RED
from ..scoring.writer import bulk_create, bulk_unlink
from ..tools.lang import OFFICIAL_LANG
from .target_cycle import TargetCycle as BaseCycle

BULLETIN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned"),
    ("approved", "Approved"),
    ("published", "Issued"),  # 印发
]
# The office drafts and edits the text in these states.
EDITABLE_STATES = ("draft", "returned")
FREQUENCIES = [(MONTHLY, "Monthly"), (QUARTERLY, "Quarterly")]
# The red goals and late reporters named in the text; the table has every unit.
LISTED_IN_TEXT = 30
PROGRESS_OPEN_STATES = ("draft", "returned")
FALSE_RESULTS = ("false_report", "concealed")
REPORT = "target_assessment.target_supervision_bulletin_report"


class TargetSupervisionBulletin(models.Model):
    """A supervision bulletin (督查通报) of a cycle, monthly or quarterly.

    The office drafts it from the period's data, in a fixed number of
    queries whatever the number of units: every unit's standing in its
    category (progress against expected, lights), the best and the lagging
    units, the red goals, the late reporters, the spot checks' findings and
    their rectification. It edits the drafted text, then submits it to its
    approval tiers (by default the head of the office; a county's own: the
    county's leaders, ``leading_group_user_ids``); approved, the office
    publishes it and it gets the cycle's next number (〔2026〕第3期), never
    reused, taken under a row lock of the cycle so that two publications at
    once cannot share one. Issued (印发), its PDF (the text and every unit's
    line) is archived on it and every unit of its tables is notified, once
    each: a retried issue neither archives nor notifies twice. It is drafted,
    numbered, printed and announced in Chinese (``OFFICIAL_LANG``) where that
    language is installed. Supervision tasks (督办) follow it up.

    Access: the office manages bulletins; leaders read them all, and its
    reviewers (a county's leaders) the bulletins they review, whole; units read
    the published ones and, of their tables, their own units' lines (what
    they print shows only those; the archived PDF with every line is the
    office's and the leaders'). The
    workflow is the kernel's (target.workflow.mixin); the approval is OCA's
    tier validation (target.tier.review.mixin).
    """

    _name = "target.supervision.bulletin"
    _description = "Supervision Bulletin"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.workflow.mixin",
        "target.tier.review.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "date_to desc, id desc"

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    _tier_validation_buttons_xpath = "/form/header/button[@name='action_submit']"

    _workflow_transitions = {
        ("draft", "submitted"): "office",
        ("returned", "submitted"): "office",
        ("submitted", "approved"): "approval",
        ("submitted", "returned"): "approval",
        ("approved", "published"): "office",
    }
    _workflow_stamps = {"submitted": "submitted", "published": "published"}
    _workflow_reasons = {"returned": "return_reason"}
    _workflow_return_to = "submitted"
    _workflow_system_fields = (
        "number",
        "sequence_number",
        "approved_on",
        "drafted_on",
        "document",
        "document_name",
        "notified_on",
    )

    name = fields.Char(
        "Title",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    cycle_id = fields.Many2one(
        "target.cycle",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self._default_cycle(),
    )
    leading_group_user_ids = fields.Many2many(
        related="cycle_id.leading_group_user_ids",
        string="Leading group",
        help="Who approves a county's bulletin of its own assessment: the county's leaders.",
    )
    frequency = fields.Selection(FREQUENCIES, required=True, default=MONTHLY)
    period_number = fields.Integer(
        "Month or quarter",
        required=True,
        default=lambda self: fields.Date.context_today(self).month,
        help="The month (1-12) or quarter (1-4).",
    )
    date_from = fields.Date("From", compute="_compute_dates", store=True, precompute=True)
    date_to = fields.Date("To", compute="_compute_dates", store=True, precompute=True, index=True)
    state = fields.Selection(
        BULLETIN_STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    number = fields.Char(readonly=True, copy=False, tracking=True, help="Given at publication.")
    sequence_number = fields.Integer(readonly=True, copy=False)
    body = fields.Html("Text", help="Drafted from the period's data, then edited by the office.")
    drafted_on = fields.Datetime("Drafted from the data on", readonly=True, copy=False)
    line_ids = fields.One2many(
        "target.supervision.bulletin.line", "bulletin_id", "Units", readonly=True
    )
    task_ids = fields.One2many("target.supervision.task", "bulletin_id", "Supervision tasks")
    task_count = fields.Integer("Tasks", compute="_compute_task_count")
    submitted_by_id = fields.Many2one("res.users", "Submitted by", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", "Published by", readonly=True, copy=False)
    published_on = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False, help="Why the approval returned it.")
    document = fields.Binary(
        "Issued document",
        attachment=True,
        readonly=True,
        copy=False,
        groups="target_assessment.group_office_local,target_assessment.group_leader",
        help="The PDF archived when the bulletin was issued: its text and every unit's line.",
    )
    document_name = fields.Char(
        readonly=True,
        copy=False,
        groups="target_assessment.group_office_local,target_assessment.group_leader",
    )
    notified_on = fields.Datetime(
        "Units notified on", readonly=True, copy=False, help="When its units were notified."
    )
    can_edit = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_publish = fields.Boolean(compute="_compute_can")

    _period_unique = models.Constraint(
        "UNIQUE(cycle_id, frequency, period_number)",
        "A cycle has one bulletin per month and one per quarter.",
    )
    _number_unique = models.Constraint(
        "UNIQUE(cycle_id, sequence_number)", "A bulletin number is given once per cycle."
    )

    # -- defaults --------------------------------------------------------------

    @api.model
    def _default_cycle(self):
        """The cycle of today, else the latest one."""
        today = fields.Date.context_today(self)
        Cycle = self.env["target.cycle"]
        return Cycle.search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        ) or Cycle.search([], limit=1)

    # -- constraints -----------------------------------------------------------

    @api.constrains("frequency", "period_number", "cycle_id")
    def _check_period(self):
        for bulletin in self:
            last = 12 // MONTHS_PER_PERIOD[bulletin.frequency]
            if not 1 <= bulletin.period_number <= last:
                raise ValidationError(
                    self.env._(
                        "Bulletin %(bulletin)s, field Month or quarter: %(number)s is not between "
                        "1 and %(last)s.",
                        bulletin=bulletin.name,
                        number=bulletin.period_number,
                        last=last,
                    )
                )
            cycle = bulletin.cycle_id
            if bulletin.date_to < cycle.date_start or bulletin.date_from > cycle.date_end:
                raise ValidationError(
                    self.env._(
                        "Bulletin %(bulletin)s: its period is outside cycle %(cycle)s.",
                        bulletin=bulletin.name,
                        cycle=cycle.name,
                    )
                )

    # -- computes --------------------------------------------------------------

    @api.depends("cycle_id.year", "frequency", "period_number")
    def _compute_dates(self):
        for bulletin in self:
            year = bulletin.cycle_id.year or fields.Date.context_today(self).year
            months = MONTHS_PER_PERIOD[bulletin.frequency or MONTHLY]
            number = min(max(bulletin.period_number or 1, 1), 12 // months)
            first = (number - 1) * months + 1
            last = first + months - 1
            bulletin.date_from = date(year, first, 1)
            bulletin.date_to = date(year, last, calendar.monthrange(year, last)[1])

    @api.depends("cycle_id.year", "frequency", "period_number")
    def _compute_name(self):
        env = self.with_context(lang=self._official_lang()).env
        for bulletin in self:
            year = bulletin.cycle_id.year or fields.Date.context_today(self).year
            if bulletin.frequency == QUARTERLY:
                bulletin.name = env._(
                    "Supervision bulletin, %(year)s Q%(quarter)s",
                    year=year,
                    quarter=bulletin.period_number,
                )
            else:
                bulletin.name = env._(
                    "Supervision bulletin, %(year)s-%(month)02d",
                    year=year,
                    month=bulletin.period_number,
                )

    def _compute_task_count(self):
        counts = dict(
            self.env["target.supervision.task"]._read_group(
                [("bulletin_id", "in", self.ids)], ["bulletin_id"], ["__count"]
            )
        )
        for bulletin in self:
            bulletin.task_count = counts.get(bulletin, 0)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        office = self._workflow_role_office()
        submittable = self._workflow_allowed("submitted")
        publishable = self._workflow_allowed("published")
        for bulletin in self:
            bulletin.can_edit = bulletin in office and bulletin.state in EDITABLE_STATES
            bulletin.can_submit = bulletin in submittable
            bulletin.can_publish = bulletin in publishable

    # -- CRUD ------------------------------------------------------------------

    def write(self, vals):
        # a write of the state itself is refused by the workflow kernel (AccessError)
        if not self.env.su and self._workflow_field not in vals:
            fixed = self.filtered(lambda bulletin: bulletin.state not in EDITABLE_STATES)
            if fixed:
                raise UserError(
                    self.env._(
                        "Bulletin %(bulletin)s is %(state)s: its text and period no longer change.",
                        bulletin=fixed[0].name,
                        state=self._workflow_label(fixed[0].state),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda bulletin: bulletin.state != "draft"):
            raise UserError(self.env._("Only draft bulletins can be deleted."))

    # -- actions ---------------------------------------------------------------

    def action_draft_text(self):
        """Draft the tables and the text from the period's data (replacing the earlier
        draft), as a background job (target.job); a drafting already queued for the
        bulletin is reused: it reads the period's data when it runs."""
        refused = self - self._workflow_role_office()
        if refused:
            raise AccessError(
                self.env._(
                    "Only the assessment office drafts bulletins (%(bulletin)s).",
                    bulletin=refused[0].name,
                )
            )
        for bulletin in self:
            if bulletin.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "Bulletin %(bulletin)s is %(state)s: it is drafted before it is submitted.",
                        bulletin=bulletin.name,
                        state=self._workflow_label(bulletin.state),
                    )
                )
        jobs = self.env["target.job"]
        for bulletin in self:
            jobs |= jobs._enqueue(
                bulletin,
                "_draft_in_official_language",
                self.env._("Drafting of %(bulletin)s", bulletin=bulletin.name),
                refuse=False,
            )
        return jobs[:1]._action_started() if jobs else True

    def action_submit(self):
        """The office submits the edited bulletin to its approval tiers."""
        self._workflow_move("submitted", vals={"return_reason": False})
        self._request_reviews(
            lambda bulletin: self.env._(
                "No approval tier is configured for bulletin %(bulletin)s: define who "
                "approves bulletins (Approval tiers).",
                bulletin=bulletin.name,
            )
        )

    def action_publish(self):
        """The office issues (印发) the approved bulletin: it gets the cycle's next number,
        its PDF is archived and its units are notified."""
        return self.with_context(skip_validation_check=True)._workflow_move("published")

    def action_print(self):
        """The bulletin's PDF, as the user reads it (a unit's users: their own lines)."""
        return self.env.ref(REPORT).report_action(self)

    def action_new_task(self):
        """A supervision task following the bulletin up."""
        self.ensure_one()
        return self._task_action()

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_supervision_task_action"
        )
        action["domain"] = [("bulletin_id", "=", self.id)]
        action["context"] = {
            "default_bulletin_id": self.id,
            "default_source": "bulletin",
            "default_cycle_id": self.cycle_id.id,
        }
        return action

    # -- workflow hooks --------------------------------------------------------

    def _workflow_precheck_submitted(self):
        for bulletin in self:
            if not bulletin.drafted_on or not (bulletin.body or "").strip():
                raise UserError(
                    self.env._(
                        "Bulletin %(bulletin)s: draft it from the period's data before "
                        "submitting it.",
                        bulletin=bulletin.name,
                    )
                )

    def _workflow_after_published(self):
        """The cycle's next number, under a lock of the cycle's row (never given twice);
        then the archived PDF and the units' notice."""
        env = self.with_context(lang=self._official_lang()).env
        for bulletin in self.sudo():
            number = bulletin.cycle_id._next_bulletin_number()
            bulletin.write(
                {
                    "sequence_number": number,
                    "number": env._(
                        "〔%(year)s〕No. %(number)s", year=bulletin.cycle_id.year, number=number
                    ),
                }
            )
            bulletin.message_post(
                body=env._(
                    "Issued as %(number)s by %(user)s.",
                    number=bulletin.number,
                    user=self.env.user.name,
                )
            )
        self._issue()

    def _workflow_role_approval(self):
        """Nobody by hand: the tier reviews approve or return it."""
        return self.browse()

    def _workflow_role_description(self, role):
        if role == "approval":
            return self.env._("its approval reviewers")
        return super()._workflow_role_description(role)

    # -- issue -----------------------------------------------------------------

    @api.model
    def _official_lang(self):
        """The language of the bulletins: Chinese where installed, else the user's."""
        Lang = self.env["res.lang"]
        return OFFICIAL_LANG if Lang._lang_get(OFFICIAL_LANG) else self.env.lang

    def _issue(self):
        """Archive the issued PDF and notify the units, each once: a retry (or a second
        call) does neither again."""
        for bulletin in self.sudo().with_context(lang=self._official_lang()):
            if bulletin.state != "published":
                continue
            if not bulletin.document:
                bulletin._archive_document()
            if not bulletin.notified_on:
                bulletin._notify_units()

    def _archive_document(self):
        """The PDF of the text and every unit's line, stored on the bulletin (run as
        superuser: the office's and the leaders' copy)."""
        self.ensure_one()
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() == "install":
            # no wkhtmltopdf on this server: the HTML of the same document is archived
            content, kind = Report._render_qweb_html(REPORT, self.ids)
        else:
            content, kind = Report._render_qweb_pdf(REPORT, self.ids)
        name = (self.number or self.name).replace("/", "-")
        self.write({"document": base64.b64encode(content), "document_name": f"{name}.{kind}"})

    def _notify_units(self):
        """A message to the users of every unit of the bulletin's tables (those who read
        bulletins), in Chinese, with its number and a link to it."""
        self.ensure_one()
        users = self.line_ids.unit_id.user_ids.filtered(
            lambda user: user.active and user.has_group("target_assessment.group_unit_user")
        )
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Supervision bulletin %(number)s, %(title)s, is issued: %(link)s. Please read "
                "it and act on what it says of your unit.",
                number=self.number,
                title=self.name,
                link=self._get_html_link(self.env._("read the bulletin")),
            ),
            subject=self.env._("Supervision bulletin %(number)s issued", number=self.number),
            partner_ids=users.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )
        self.write({"notified_on": fields.Datetime.now()})

    # -- drafting --------------------------------------------------------------

    def _draft_in_official_language(self):
        """The background job of :meth:`action_draft_text`: draft in the official language."""
        self.ensure_one()
        if self.state not in EDITABLE_STATES:  # submitted while the job was queued
            return self.env._(
                "Bulletin %(bulletin)s was submitted meanwhile: not drafted again.",
                bulletin=self.name,
            )
        self.with_context(lang=self._official_lang())._draft()
        return self.env._("Bulletin %(bulletin)s is drafted.", bulletin=self.name)

    def _draft(self):
        """Lines and text from the period's data, in queries independent of the units."""
        self.ensure_one()
        # first: an unlink empties the whole cache, and what is read after it
        # would be fetched again record by record
        bulk_unlink(self.sudo().line_ids)
        data = self.sudo()._draft_data()
        # in two queries for any number of units (create() inserts 100 rows per query)
        bulk_create(
            self.env["target.supervision.bulletin.line"].sudo(),
            [
                {
                    "bulletin_id": self.id,
                    "unit_id": line.unit.id,
                    "category_id": line.category.id,
                    "rank": line.rank,
                    "mark": line.mark or False,
                    "goal_count": line.goals,
                    "green_count": line.green,
                    "yellow_count": line.yellow,
                    "red_count": line.red,
                    "progress": line.progress,
                    "late_count": data["late"].get(line.unit, 0),
                    "finding_count": data["findings"].get(line.unit, 0),
                    "false_report_count": data["false_reports"].get(line.unit, 0),
                    "open_rectification_count": data["open_rectifications"].get(line.unit, 0),
                }
                for line in data["lines"]
            ],
        )
        self.sudo().write({"body": self._draft_body(data), "drafted_on": fields.Datetime.now()})

    def _draft_data(self):
        """What the bulletin says, read in a fixed number of queries (run as superuser)."""
        self.ensure_one()
        cycle = self.cycle_id
        today = fields.Date.context_today(self)
        goals = self.env["target.goal"].search_fetch(
            [
                ("cycle_id", "=", cycle.id),
                ("state", "=", "approved"),
                ("unit_id.is_assessed", "=", True),
            ],
            [
                "unit_id",
                "indicator_id",
                "name",
                "light",
                "actual_value",
                "has_actual",
                "expected_value",
                "target_value",
            ],
            order="unit_id, id",
        )
        # one query each for the units, their categories and the indicators
        goals.unit_id.fetch(["complete_name", "sequence", "category_id"])
        goals.unit_id.category_id.fetch(["name", "sequence"])
        goals.indicator_id.fetch(["direction", "uom"])
        rows = [
            GoalRow(
                unit=goal.unit_id,
                category=goal.unit_id.category_id,
                actual=goal.actual_value if goal.has_actual else None,
                expected=goal.expected_value,
                lower=goal.indicator_id.direction == "lower",
                light=goal.light,
            )
            for goal in goals
        ]

        def key(record):
            return (record.sequence, record.display_name, record.id)

        lines = unit_lines(rows, key=key)
        late = dict(
            self.env["target.progress"]._read_group(
                [
                    ("cycle_id", "=", cycle.id),
                    ("state", "in", PROGRESS_OPEN_STATES),
                    ("period_end", "<=", self.date_to),
                    ("due_date", "<", today),
                ],
                ["unit_id"],
                ["__count"],
            )
        )
        findings = {}
        false_reports = {}
        for unit, result, count in self.env["target.spot.check.item"]._read_group(
            [
                ("cycle_id", "=", cycle.id),
                ("result", "!=", "pending"),
                ("checked_on", ">=", self.date_from),
                ("checked_on", "<=", self.date_to),
            ],
            ["unit_id", "result"],
            ["__count"],
        ):
            findings[unit] = findings.get(unit, 0) + count
            if result in FALSE_RESULTS:
                false_reports[unit] = false_reports.get(unit, 0) + count
        rectifications = self.env["target.rectification"]._read_group(
            [("cycle_id", "=", cycle.id), ("source", "=", "spot_check")],
            ["unit_id", "is_open"],
            ["__count"],
        )
        open_rectifications = {}
        for unit, is_open, count in rectifications:
            if is_open:
                open_rectifications[unit] = open_rectifications.get(unit, 0) + count
        return {
            "lines": lines,
            "red_goals": goals.filtered(lambda goal: goal.light == RED),
            "late": late,
            "findings": findings,
            "false_reports": false_reports,
            "open_rectifications": open_rectifications,
            "rectified": sum(count for _unit, is_open, count in rectifications if not is_open),
        }

    def _draft_body(self, data):
        """The bulletin's text (Html) from :meth:`_draft_data`: the office edits it."""
        lines = data["lines"]
        parts = [
            Markup("<h3>%s</h3>") % self.name,
            Markup("<p>%s</p>")
            % self.env._(
                "Period: %(start)s to %(end)s. %(units)s units, %(goals)s goals: %(green)s green, "
                "%(yellow)s yellow, %(red)s red; mean progress against expected %(progress)s %%.",
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
                units=len(lines),
                goals=sum(line.goals for line in lines),
                green=sum(line.green for line in lines),
                yellow=sum(line.yellow for line in lines),
                red=sum(line.red for line in lines),
                progress=f"{sum(line.progress for line in lines) / len(lines):.1f}"
                if lines
                else "0.0",
            ),
            Markup("<h4>%s</h4>") % self.env._("1. Best and lagging units by category"),
        ]
        categories = {}
        for line in lines:
            categories.setdefault(line.category, []).append(line)
        items = []
        for category, category_lines in categories.items():
            best = [line for line in category_lines if line.mark == BEST]
            worst = [line for line in category_lines if line.mark == WORST]
            if not (best or worst):
                continue
            items.append(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(category)s: best %(best)s; lagging %(worst)s.",
                    category=category.name or self.env._("No category"),
                    best=self._units_text(line.unit for line in best) or "-",
                    worst=self._units_text(line.unit for line in worst) or "-",
                )
            )
        parts.append(self._list(items, self.env._("Too few units to compare.")))
        parts.append(Markup("<h4>%s</h4>") % self.env._("2. Red goals"))
        red = data["red_goals"]
        items = [
            Markup("<li>%s</li>")
            % self.env._(
                "%(unit)s: %(goal)s, %(actual)s against %(expected)s expected (%(uom)s).",
                unit=goal.unit_id.complete_name,
                goal=goal.name,
                actual=f"{goal.actual_value:g}",
                expected=f"{goal.expected_value:g}",
                uom=goal.indicator_id.uom or "-",
            )
            for goal in red[:LISTED_IN_TEXT]
        ]
        if len(red) > LISTED_IN_TEXT:
            items.append(
                Markup("<li>%s</li>")
                % self.env._("and %(count)s more.", count=len(red) - LISTED_IN_TEXT)
            )
        parts.append(self._list(items, self.env._("No goal is red.")))
        parts.append(Markup("<h4>%s</h4>") % self.env._("3. Late reporters"))
        late = sorted(data["late"].items(), key=lambda item: (-item[1], item[0].complete_name))
        items = [
            Markup("<li>%s</li>")
            % self.env._(
                "%(unit)s: %(count)s progress reports overdue.",
                unit=unit.complete_name,
                count=count,
            )
            for unit, count in late[:LISTED_IN_TEXT]
        ]
        parts.append(self._list(items, self.env._("Every unit reported on time.")))
        parts.append(Markup("<h4>%s</h4>") % self.env._("4. Spot checks and rectification"))
        findings = sum(data["findings"].values())
        false_reports = data["false_reports"]
        text = self.env._(
            "%(findings)s goals verified in the period, %(false)s false or concealed reports; "
            "rectification items from spot checks: %(open)s open, %(done)s verified.",
            findings=findings,
            false=sum(false_reports.values()),
            open=sum(data["open_rectifications"].values()),
            done=data["rectified"],
        )
        parts.append(Markup("<p>%s</p>") % text)
        if false_reports:
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "False or concealed reports: %(units)s.",
                    units=self._units_text(sorted(false_reports, key=lambda u: u.complete_name)),
                )
            )
        return Markup("").join(parts)

    @api.model
    def _units_text(self, units):
        return "、".join(unit.complete_name for unit in units)

    @api.model
    def _list(self, items, empty):
        if not items:
            return Markup("<p>%s</p>") % empty
        return Markup("<ul>%s</ul>") % Markup("").join(items)

    # -- helpers ---------------------------------------------------------------

    def _task_action(self, unit=None):
        """The form of a new supervision task following the bulletin up (for ``unit``)."""
        self.ensure_one()
        if self.state != "published":
            raise UserError(
                self.env._(
                    "Bulletin %(bulletin)s is not published: tasks follow published bulletins.",
                    bulletin=self.name,
                )
            )
        context = {
            "default_bulletin_id": self.id,
            "default_source": "bulletin",
            "default_cycle_id": self.cycle_id.id,
        }
        if unit:
            context["default_unit_id"] = unit.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New supervision task"),
            "res_model": "target.supervision.task",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }


class TargetCycle(models.Model):
    """The cycle counts its published bulletins (their numbers, never given twice)."""

    _inherit = "target.cycle"
    _workflow_system_fields = (*BaseCycle._workflow_system_fields, "bulletin_last_number")

    bulletin_last_number = fields.Integer(
        "Last bulletin number",
        readonly=True,
        copy=False,
        help="The number of the cycle's last published supervision bulletin (督查通报).",
    )
    bulletin_count = fields.Integer(
        "Bulletins",
        compute="_compute_bulletin_count",
        groups="target_assessment.group_unit_user,target_assessment.group_leader,"
        "target_assessment.group_office",
    )

    def _compute_bulletin_count(self):
        counts = dict(
            self.env["target.supervision.bulletin"]._read_group(
                [("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"]
            )
        )
        for cycle in self:
            cycle.bulletin_count = counts.get(cycle, 0)

    def action_view_bulletins(self):
        """The cycle's supervision bulletins (with their archived PDFs)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_supervision_bulletin_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action

    def _next_bulletin_number(self):
        """The cycle's next bulletin number, counted in its own row: the UPDATE locks the
        row, so a publication at the same time waits, then fails to serialize and is
        replayed with the following number; a number is never given twice."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "UPDATE target_cycle"
                " SET bulletin_last_number = COALESCE(bulletin_last_number, 0) + 1"
                " WHERE id = %s RETURNING bulletin_last_number",
                self.id,
            )
        )
        self.invalidate_recordset(["bulletin_last_number"])
        return self.env.cr.fetchone()[0]
