from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools import numbers
from .target_governance_mixin import IN_FORCE

DIFFICULTY_BASES = [
    ("none", "No coefficients"),
    ("goal", "Per goal"),
    ("unit", "Per unit"),
]
GRADES = [
    ("excellent", "Excellent"),  # 优秀
    ("good", "Good"),  # 良好
    ("pass", "Pass"),  # 合格
    ("fail", "Fail"),  # 不合格
]
# Which score of an evaluation line wins, best first; the reported actual,
# scored by the indicator's method, is the last resort of every order.
SCORE_PRECEDENCES = [
    ("verified_assessor_self", "Verified, then assessor, then self-assessment"),
    ("assessor_verified_self", "Assessor, then verified, then self-assessment"),
    ("verified_assessor", "Verified, then assessor (self-assessment not used)"),
    ("reported", "Reported actual only"),
]


class TargetScheme(models.Model):
    """The assessment method (考核办法) of one unit category in one cycle.

    Sections with weights adding up to the total, bonus and deduction caps,
    grading thresholds and quotas, the effect of a one-vote veto, the
    difficulty coefficients (per goal or per unit) and the cut of the target
    bonus per missed goal (下浮).

    Governance (DESIGN §10): the office drafts the scheme and publishes it
    for comments (征求意见稿); the units of its category comment
    (target.scheme.comment) and the office answers each comment (adopted,
    partly adopted, not adopted, with its reason). The office then submits
    it to the leading group, whose approval tiers (OCA tier validation, by
    default one leader) approve it or return it with a reason; approved, the
    office puts it in force (印发), which freezes it for the cycle: the
    scheme, its sections and its unit coefficients no longer change. Only an
    administrator reopens an approved or frozen scheme, with a reason kept in
    the chatter (back to returned, to be submitted again). The weights add up
    to the total from the submission on, checked on every change.

    Access: the office maintains schemes while they are drafts or returned
    and moves them (the workflow kernel's table); every role reads them; the
    state and the stamps are written by the moves only.
    """

    _name = "target.scheme"
    _description = "Assessment Scheme"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.number.mixin",
        "target.governance.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "cycle_id, category_id"
    _governance_comment_field = "scheme_id"

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one("target.cycle", required=True, ondelete="cascade", index=True)
    category_id = fields.Many2one(
        "target.unit.category", "Unit category", required=True, ondelete="restrict"
    )
    comment_ids = fields.One2many("target.scheme.comment", "scheme_id", "Comments")
    total_score = fields.Float(default=100.0, required=True)
    section_ids = fields.One2many("target.scheme.section", "scheme_id", "Sections", copy=True)
    weight_sum = fields.Float(compute="_compute_weight_sum")

    bonus_cap = fields.Float(
        "Bonus cap", default=5.0, help="Most bonus points a unit can get in a cycle."
    )
    deduction_cap = fields.Float(
        "Deduction cap",
        default=10.0,
        help="Most deduction points a unit can lose in a cycle over all categories "
        "(0: no overall cap; categories may cap further).",
    )

    excellent_threshold = fields.Float("Excellent from", default=90.0)
    good_threshold = fields.Float("Good from", default=75.0)
    pass_threshold = fields.Float("Pass from", default=60.0)
    excellent_quota = fields.Float(
        "Excellent quota (%)",
        default=30.0,
        help="Share of the category that may be excellent; 0: none.",
    )
    quota_rounding = fields.Selection(
        [("floor", "Round down"), ("round", "Round half up"), ("ceil", "Round up")],
        default="floor",
        required=True,
    )
    tie_break_section_id = fields.Many2one(
        "target.scheme.section",
        "Tie-break section",
        domain="[('scheme_id', '=', id)]",
        help="Equal totals are ranked by this section's score.",
    )
    veto_effect = fields.Selection(
        [("cap_grade", "Cannot be graded above"), ("fail", "Graded fail")],
        default="cap_grade",
        required=True,
        help="Default effect of a one-vote veto; a veto item type may set its own.",
    )
    veto_max_grade = fields.Selection(GRADES, "Veto grade cap", default="pass")
    veto_rank_last = fields.Boolean(
        "Rank vetoed units last",
        help="Vetoed units are ranked after all others; otherwise they keep the rank their "
        "total earns (the veto acts on the grade).",
    )

    # scoring (DESIGN.md §4)
    bonus_national = fields.Float(
        "National award", default=3.0, help="Bonus points of a national-level award."
    )
    bonus_provincial = fields.Float(
        "Provincial award", default=2.0, help="Bonus points of a provincial-level award."
    )
    bonus_city = fields.Float("City award", default=1.0, help="Bonus points of a city-level award.")
    score_precedence = fields.Selection(
        SCORE_PRECEDENCES,
        "Line score precedence",
        default="verified_assessor_self",
        required=True,
        help="Which score of a goal counts: the first one given in this order; without any, "
        "the reported actual scored by the indicator's method.",
    )
    score_basis = fields.Selection(
        [("score", "The score given"), ("value", "The value given, scored by the method")],
        "Line score basis",
        default="score",
        required=True,
        help="Take the score the verifier, assessor or unit gave, or score the value they "
        "gave by the indicator's method.",
    )

    # difficulty coefficients and the target bonus cut (DESIGN.md §10)
    difficulty_basis = fields.Selection(
        DIFFICULTY_BASES,
        "Difficulty coefficients",
        default="none",
        required=True,
        help="Per goal: each goal's score counts times its coefficient. Per unit: the goals "
        "sections of a unit count times the unit's coefficient (任务较重、贡献较大).",
    )
    unit_difficulty_ids = fields.One2many(
        "target.scheme.difficulty", "scheme_id", "Unit coefficients", copy=True
    )
    bonus_cut_per_goal = fields.Float(
        "Bonus cut per missed goal (%)",
        default=0.0,
        help="The target bonus of a unit is cut by this percentage for each of its goals "
        "that lost points (下浮); 0: no cut.",
    )
    bonus_cut_max = fields.Float(
        "Largest bonus cut (%)",
        default=30.0,
        help="The most a unit's target bonus is cut for missed goals.",
    )
    cooperation_points = fields.Boolean(
        "Cooperating units share the points",
        help="A shared goal's cooperating units (配合单位) earn their share of its score, the "
        "lead unit the rest; otherwise the lead unit earns it all.",
    )

    _scheme_unique = models.Constraint(
        "UNIQUE(cycle_id, category_id)", "A unit category has one scheme per cycle."
    )
    _thresholds_check = models.Constraint(
        "CHECK(excellent_threshold >= good_threshold AND good_threshold >= pass_threshold "
        "AND pass_threshold >= 0)",
        "Grading thresholds must satisfy excellent >= good >= pass >= 0.",
    )
    _bonus_levels_check = models.Constraint(
        "CHECK(bonus_national >= 0 AND bonus_provincial >= 0 AND bonus_city >= 0)",
        "Award points cannot be negative.",
    )
    _caps_check = models.Constraint(
        "CHECK(bonus_cap >= 0 AND deduction_cap >= 0 AND total_score > 0)",
        "Caps cannot be negative and the total must be positive.",
    )
    _quota_check = models.Constraint(
        "CHECK(excellent_quota >= 0 AND excellent_quota <= 100)",
        "The excellent quota is a share between 0 and 100.",
    )

    @api.depends("section_ids.weight")
    def _compute_weight_sum(self):
        for scheme in self:
            scheme.weight_sum = sum(scheme.section_ids.mapped("weight"))

    @api.constrains("state", "total_score", "section_ids")
    def _check_weights(self):
        for scheme in self.filtered(lambda s: s.state in ("submitted", "approved", IN_FORCE)):
            scheme._ensure_weights_add_up()

    def _ensure_weights_add_up(self):
        """Raise unless the section weights add up to the scheme's total."""
        self.ensure_one()
        total = sum(self.section_ids.mapped("weight"))
        if not self.section_ids or float_compare(total, self.total_score, precision_digits=4):
            raise ValidationError(
                self.env._(
                    "Scheme %(scheme)s: the section weights add up to %(sum)s, not %(total)s.",
                    scheme=self.name,
                    sum=round(total, 4),
                    total=self.total_score,
                )
            )

    # -- governance hooks ------------------------------------------------------

    def _governance_check(self):
        self._ensure_weights_add_up()

    def _governance_commenting_units(self, units):
        """The units of the scheme's category comment on it."""
        return units.filtered(lambda unit: unit.category_id == self.category_id)

    # -- helpers ---------------------------------------------------------------

    def _bonus_points(self, level):
        """Points the scheme gives an award of ``level`` (national, provincial, city)."""
        self.ensure_one()
        return {
            "national": self.bonus_national,
            "provincial": self.bonus_provincial,
            "city": self.bonus_city,
        }.get(level, 0.0)

    def _number_limits(self):
        limits = {}
        for scheme in self:
            share_of_total = numbers.Limits(0.0, scheme.total_score)
            limits[scheme] = {
                "total_score": numbers.Limits(0.0, numbers.MAX_TOTAL, positive=True),
                "bonus_cap": share_of_total,
                "deduction_cap": share_of_total,
                "excellent_threshold": share_of_total,
                "good_threshold": share_of_total,
                "pass_threshold": share_of_total,
                "excellent_quota": numbers.SHARE,
                "bonus_national": share_of_total,
                "bonus_provincial": share_of_total,
                "bonus_city": share_of_total,
                "bonus_cut_per_goal": numbers.SHARE,
                "bonus_cut_max": numbers.SHARE,
            }
        return limits
