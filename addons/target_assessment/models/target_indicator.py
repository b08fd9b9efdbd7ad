from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..engine.methods import MAX_COMPLETION
from ..tools import numbers

SCORING_METHODS = [
    ("ratio", "Completion ratio"),
    ("bands", "Completion bands"),
    ("binary", "Done / not done"),
    ("grade", "Qualitative grade"),
    ("milestones", "Milestones"),
    ("deduction", "Deduction per incident"),
]
AGGREGATIONS = [
    ("sum", "Sum"),
    ("avg", "Average"),
    ("min", "Minimum"),
    ("max", "Maximum"),
    ("none", "None"),
]


class TargetIndicator(models.Model):
    """A reusable indicator of the library (指标库).

    How it is measured (unit of measure, direction, cumulative or per period),
    scored (method and parameters), decomposed (additive: children must cover
    the parent) and rolled up (aggregation of children's actuals), and who
    owns it (the assessor unit that supplies data and scores it).

    The catalogue is the city's (``owner_unit_id`` empty, or a top unit), for
    every level; a level below runs its own assessment with indicators of its
    own beside it (``owner_unit_id``: the county that defines it, e.g. a
    township-only 农村人居环境整治), which only the cycles organised by that
    level or the levels below it use (their libraries and goals refuse
    another level's).

    Access: the assessment office maintains the whole catalogue; a county
    office (group_office_local) reads the city's, its own level's and the
    levels' above it, never another county's, and creates, changes and
    deletes those its units' subtree defines only
    (security/target_level_rules.xml); every other role reads it. An
    indicator in a cycle's library past its draft (submitted to the leading
    group, approved or in force: target.indicator.library) is frozen for that
    year: nobody changes or deletes it, its bands included, until an
    administrator reopens the library or the cycle is closed.
    """

    _name = "target.indicator"
    _description = "Indicator"
    _inherit = ["mail.thread", "target.number.mixin"]
    _order = "sequence, code"
    _rec_names_search = ["code", "name"]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("quantitative", "Quantitative"), ("task", "Key task"), ("qualitative", "Qualitative")],
        required=True,
        default="quantitative",
    )
    description = fields.Text(translate=True)
    uom = fields.Char("Unit of measure", translate=True, help="亿元, %, 个, 万人 ...")
    decimals = fields.Integer(
        compute="_compute_decimals",
        store=True,
        readonly=False,
        precompute=True,
        aggregator=None,
        help="Decimals its targets and actuals are shown with: from the unit of measure "
        "(个 0, % 1, 亿元 2), and can be changed.",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    cumulative = fields.Boolean(
        default=True,
        help="Progress is reported as the running total since the start of the cycle "
        "(otherwise per period, and the periods are added up).",
    )
    additive = fields.Boolean(
        help="Decomposed values add up: the children of a goal must cover its target."
    )
    aggregation = fields.Selection(
        AGGREGATIONS,
        required=True,
        default="none",
        help="How a parent goal's actual value follows from its children's.",
    )
    assessor_unit_id = fields.Many2one(
        "target.unit", "Assessor unit", index=True, help="The department that owns and scores it."
    )
    data_source = fields.Char(translate=True, help="统计年鉴, 部门台账 ...")
    owner_unit_id = fields.Many2one(
        "target.unit",
        "Defined by",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        default=lambda self: self.env.user._target_local_office_unit(),
        help="The level whose own indicator this is (a county's, for the assessment of its "
        "townships and departments): its office maintains it, and only the cycles of that "
        "level and the levels below it use it. Empty: the city's catalogue, for every level.",
    )

    scoring_method = fields.Selection(SCORING_METHODS, required=True, default="ratio")
    ratio_cap = fields.Float(
        "Completion cap", default=1.0, help="1.2: over-fulfilment earns up to 120% of the points."
    )
    ratio_floor = fields.Float("Minimum share", default=0.0)
    zero_below = fields.Float(
        "Zero below completion", default=0.0, help="Completion under this ratio scores nothing."
    )
    band_ids = fields.One2many("target.indicator.band", "indicator_id", "Bands", copy=True)
    grade_a = fields.Float("Grade A share (%)", default=100.0)
    grade_b = fields.Float("Grade B share (%)", default=85.0)
    grade_c = fields.Float("Grade C share (%)", default=70.0)
    grade_d = fields.Float("Grade D share (%)", default=50.0)
    deduction_per_incident = fields.Float(default=1.0)
    deduction_cap = fields.Float("Deduction cap", default=0.0, help="0: up to the goal's points.")

    goal_count = fields.Integer(compute="_compute_goal_count")
    # the goal form's picker: [("offered_cycle_id", "=", cycle_id)]
    offered_cycle_id = fields.Many2one(
        "target.cycle",
        string="Offered to the goals of",
        compute="_compute_offered_cycle_id",
        search="_search_offered_cycle_id",
        help="Search only: the indicators a goal of the cycle may take, those of its "
        "approved indicator library (any indicator while it has none).",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "The indicator code must be unique.")
    _decimals_check = models.Constraint(
        "CHECK(decimals >= 0 AND decimals <= 6)", "An indicator is shown with 0 to 6 decimals."
    )
    _ratio_check = models.Constraint(
        "CHECK(ratio_cap >= 1 AND ratio_floor >= 0 AND ratio_floor <= 1 AND zero_below >= 0 "
        "AND zero_below <= 1)",
        "The completion cap is at least 1; minimum share and zero threshold lie in [0, 1].",
    )
    _deduction_check = models.Constraint(
        "CHECK(deduction_per_incident >= 0 AND deduction_cap >= 0)",
        "Deductions cannot be negative.",
    )

    @api.constrains("scoring_method", "band_ids")
    def _check_bands(self):
        for indicator in self.filtered(lambda i: i.scoring_method == "bands"):
            if not indicator.band_ids:
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s is scored by bands but has none.", code=indicator.code
                    )
                )

    @api.constrains("additive", "aggregation")
    def _check_additive_aggregation(self):
        for indicator in self:
            if indicator.additive and indicator.aggregation not in ("sum", "none"):
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s is additive: its actuals roll up as a sum (or not).",
                        code=indicator.code,
                    )
                )

    @api.constrains("scoring_method", "direction", "uom")
    def _check_goal_numbers(self):
        """The goals' targets and values must stay in the range of the changed indicator."""
        self.env["target.goal"].sudo().search([("indicator_id", "in", self.ids)])._check_numbers()

    @api.constrains("owner_unit_id")
    def _check_owner_unit(self):
        """The libraries and goals that hold a moved indicator must still be allowed it."""
        self.env["target.indicator.library"].sudo().search(
            [("indicator_ids", "in", self.ids)]
        )._check_indicator_level()
        self.env["target.goal"].sudo().search(
            [("indicator_id", "in", self.ids)]
        )._check_indicator_level()

    @api.depends("uom")
    def _compute_decimals(self):
        for indicator in self:
            indicator.decimals = numbers.display_decimals(indicator.uom)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for indicator in self:
            indicator.display_name = f"[{indicator.code}] {indicator.name}"

    def _compute_goal_count(self):
        counts = dict(
            self.env["target.goal"]._read_group(
                [("indicator_id", "in", self.ids)], ["indicator_id"], ["__count"]
            )
        )
        for indicator in self:
            indicator.goal_count = counts.get(indicator, 0)

    def _compute_offered_cycle_id(self):
        self.offered_cycle_id = False  # a filter, not a value

    def _search_offered_cycle_id(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        ids = value if operator == "in" else [value]
        cycles = self.env["target.cycle"].browse(i for i in ids if i).exists()
        if not cycles:
            return Domain.TRUE
        libraries = self.env["target.indicator.library"]._applied_of(cycles)
        # a cycle without an approved library takes any indicator of its levels
        return Domain.OR(
            Domain("id", "in", libraries[cycle].indicator_ids.ids)
            if cycle in libraries
            else self._level_domain(cycle.sudo().organizer_unit_id)
            for cycle in cycles
        )

    def write(self, vals):
        if not all(name.startswith(("message_", "activity_")) for name in vals):
            self._ensure_not_frozen()
        self._ensure_owner_in_scope(vals)
        return super().write(vals)

    def unlink(self):
        self._ensure_not_frozen()
        return super().unlink()

    def update_field_translations(self, field_name, translations, source_lang=""):
        # the translation dialog writes the names past write(): frozen the same
        self._ensure_not_frozen()
        return super().update_field_translations(field_name, translations, source_lang=source_lang)

    def _ensure_not_frozen(self):
        """Raise unless these indicators may change: in no library that has left its draft
        in a cycle still open, whichever year's (an indicator shared by several years'
        libraries stays frozen while any of them holds it); the engine and the
        superuser's code are not users."""
        if self.env.su or not self:
            return
        self.check_access("write")  # who may not change them at all is told so first
        frozen = self.env["target.indicator.library"]._frozen_for(self)
        if frozen:
            indicator, library = next(iter(frozen.items()))
            raise UserError(
                self.env._(
                    "Indicator %(indicator)s is in %(library)s, which is %(state)s: it no "
                    "longer changes this year (an administrator reopens the library, with a "
                    "reason).",
                    indicator=indicator.display_name,
                    library=library.display_name,
                    state=library._workflow_label(library.state),
                )
            )

    def _ensure_owner_in_scope(self, vals):
        """Raise unless the user may hand the indicators to the level of ``vals``: a county
        office keeps its own within its units' subtree (the record rules check an
        indicator before a change, not after)."""
        if self.env.su or "owner_unit_id" not in vals or self.env.user._target_has_role("office"):
            return
        owner = self.env["target.unit"].browse(vals["owner_unit_id"])
        if not owner or owner not in self.env.user._target_units():
            raise AccessError(
                self.env._(
                    "A county office defines indicators of its own units' subtree only: "
                    "the city's catalogue and other levels' are their offices'."
                )
            )

    @api.model
    def _level_domain(self, organizer):
        """The indicators a cycle organised by ``organizer`` may use (see _foreign_to)."""
        city = Domain("owner_unit_id", "=", False) | Domain("owner_unit_id.parent_id", "=", False)
        if not organizer:
            return city
        return city | Domain("owner_unit_id", "parent_of", organizer.id)

    def _foreign_to(self, organizer):
        """The indicators of these that a cycle organised by ``organizer`` may not use:
        those of a level other than the organiser's and the levels above it (the city's
        catalogue: no owner, or a top unit, serves every level)."""
        path = organizer.sudo().parent_path or ""
        return (
            self.sudo()
            .filtered(
                lambda i: (
                    i.owner_unit_id.parent_id and not path.startswith(i.owner_unit_id.parent_path)
                )
            )
            .with_env(self.env)
        )

    def _number_limits(self):
        share = numbers.Limits(0.0, 1.0)
        return dict.fromkeys(
            self,
            {
                "ratio_cap": numbers.Limits(1.0, MAX_COMPLETION),
                "ratio_floor": share,
                "zero_below": share,
                "grade_a": numbers.SHARE,
                "grade_b": numbers.SHARE,
                "grade_c": numbers.SHARE,
                "grade_d": numbers.SHARE,
                "deduction_per_incident": numbers.NON_NEGATIVE,
                "deduction_cap": numbers.NON_NEGATIVE,
            },
        )
