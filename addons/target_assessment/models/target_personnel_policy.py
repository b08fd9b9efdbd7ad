from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.personnel import P_BASIC, P_COMPETENT, P_EXCELLENT, PERSONAL_GRADES, Policy
from .target_scheme import GRADES

PERSONAL_GRADE_SELECTION = [
    (P_EXCELLENT, "Excellent"),  # 优秀
    (P_COMPETENT, "Competent"),  # 称职
    (P_BASIC, "Basically competent"),  # 基本称职
    ("incompetent", "Incompetent"),  # 不称职
]
QUOTA_ROUNDINGS = [("floor", "Round down"), ("round", "Round half up"), ("ceil", "Round up")]
# the fields holding the cap of each unit grade, best grade first
CAP_FIELDS = {grade: f"cap_{grade}" for grade, _label in GRADES}
# the configurable bonus coefficients; a failed unit's is always 0
COEFFICIENT_FIELDS = {
    "excellent": "coefficient_excellent",
    "good": "coefficient_good",
    "pass": "coefficient_pass",
}
# what a new cycle's rules are copied from its previous cycle's
COPIED_FIELDS = [
    *CAP_FIELDS.values(),
    "veto_principal_not_excellent",
    "excellent_quota",
    "quota_rounding",
    "bonus_base",
    *COEFFICIENT_FIELDS.values(),
]


class TargetPersonnelPolicy(models.Model):
    """How a cycle's results apply to people (结果运用规则): one record per cycle.

    The unit's grade caps its leaders' suggested appraisal grade; a vetoed
    unit's principal leader may be barred from 优秀; an 优秀 quota applies to
    all leaders of the cycle (see ``engine.personnel``). The target bonus of a
    unit is the base amount times the coefficient of its grade (不合格: 0).
    A cycle gets its rules when first published, copied from its previous
    cycle's (or the defaults), and HR may change them and re-publish.

    Access: HR maintains the rules; leaders read them.
    """

    _name = "target.personnel.policy"
    _description = "Results Application Rules"
    _inherit = ["mail.thread", "target.number.mixin", "target.cycle.freeze.mixin"]
    # the rules are applied while the results are published: frozen once closed
    _freeze_phases = ("closed",)
    _order = "cycle_id"
    _rec_name = "cycle_id"

    cycle_id = fields.Many2one(
        "target.cycle", required=True, ondelete="cascade", index=True, tracking=True
    )
    cap_excellent = fields.Selection(
        PERSONAL_GRADE_SELECTION,
        "Unit excellent: leaders at best",
        required=True,
        default=P_EXCELLENT,
        tracking=True,
    )
    cap_good = fields.Selection(
        PERSONAL_GRADE_SELECTION,
        "Unit good: leaders at best",
        required=True,
        default=P_EXCELLENT,
        tracking=True,
    )
    cap_pass = fields.Selection(
        PERSONAL_GRADE_SELECTION,
        "Unit pass: leaders at best",
        required=True,
        default=P_COMPETENT,
        tracking=True,
    )
    cap_fail = fields.Selection(
        PERSONAL_GRADE_SELECTION,
        "Unit fail: leaders at best",
        required=True,
        default=P_BASIC,
        tracking=True,
    )
    veto_principal_not_excellent = fields.Boolean(
        "Vetoed unit: principal leader not excellent",
        default=True,
        tracking=True,
        help="The principal leader (党政正职) of a unit with a one-vote veto is competent at best.",
    )
    excellent_quota = fields.Float(
        "Excellent quota (%)",
        default=20.0,
        tracking=True,
        help="Largest share of the cycle's leaders suggested excellent (0: no quota). "
        "Candidates are taken by their unit's score, then by their own goals' share of "
        "points; leaders equal on both are admitted together or not at all.",
    )
    quota_rounding = fields.Selection(
        QUOTA_ROUNDINGS,
        default="floor",
        required=True,
        tracking=True,
        help="How the quota becomes a number of people: 30 % of 7 = 2.1 gives 2 rounded down "
        "or half up, 3 rounded up.",
    )
    bonus_base = fields.Float(
        "Bonus base per unit",
        digits=(16, 2),
        tracking=True,
        help="Base amount of the target bonus (目标管理奖金) a unit gets when the cycle is "
        "published; HR may change it per unit.",
    )
    coefficient_excellent = fields.Float(
        "Coefficient: excellent", default=1.2, digits=(16, 4), tracking=True
    )
    coefficient_good = fields.Float("Coefficient: good", default=1.0, digits=(16, 4), tracking=True)
    coefficient_pass = fields.Float("Coefficient: pass", default=0.8, digits=(16, 4), tracking=True)

    _cycle_unique = models.Constraint(
        "UNIQUE(cycle_id)", "A cycle has one set of results application rules."
    )
    _quota_check = models.Constraint(
        "CHECK(excellent_quota >= 0 AND excellent_quota <= 100)",
        "The excellent quota is a share between 0 and 100.",
    )
    _bonus_base_check = models.Constraint(
        "CHECK(bonus_base >= 0)", "The bonus base cannot be negative."
    )

    @api.constrains(*COEFFICIENT_FIELDS.values())
    def _check_coefficients(self):
        for policy in self:
            values = [policy[fname] for fname in COEFFICIENT_FIELDS.values()]
            if min(values) < 0 or values != sorted(values, reverse=True):
                raise ValidationError(
                    self.env._(
                        "Rules of %(cycle)s: the bonus coefficients cannot be negative and a "
                        "better grade cannot have a lower coefficient (excellent %(excellent)s, "
                        "good %(good)s, pass %(pass)s).",
                        cycle=policy.cycle_id.display_name,
                        excellent=policy.coefficient_excellent,
                        good=policy.coefficient_good,
                        **{"pass": policy.coefficient_pass},
                    )
                )

    @api.constrains("excellent_quota", "bonus_base")
    def _check_shares(self):
        for policy in self:
            if not 0 <= policy.excellent_quota <= 100 or policy.bonus_base < 0:
                raise ValidationError(
                    self.env._(
                        "Rules of %(cycle)s: the excellent quota is a share between 0 and 100 "
                        "(not %(quota)s) and the bonus base cannot be negative (%(base)s).",
                        cycle=policy.cycle_id.display_name,
                        quota=policy.excellent_quota,
                        base=policy.bonus_base,
                    )
                )

    @api.constrains(*CAP_FIELDS.values())
    def _check_caps(self):
        order = {grade: index for index, grade in enumerate(PERSONAL_GRADES)}
        for policy in self:
            caps = [order[policy[fname]] for fname in CAP_FIELDS.values()]
            if caps != sorted(caps):
                raise ValidationError(
                    self.env._(
                        "Rules of %(cycle)s: the leaders of a better unit cannot be capped "
                        "lower than those of a worse one.",
                        cycle=policy.cycle_id.display_name,
                    )
                )

    @api.model
    def _for_cycles(self, cycles):
        """``{cycle id: rules}`` of ``cycles``, creating the missing ones from the
        previous cycle's rules (or the defaults)."""
        policies = self.search([("cycle_id", "in", cycles.ids)])
        by_cycle = {policy.cycle_id.id: policy for policy in policies}
        missing = cycles.filtered(lambda cycle: cycle.id not in by_cycle)
        if missing:
            previous = self.search([("cycle_id", "in", missing.previous_cycle_id.ids)])
            previous_of = {policy.cycle_id.id: policy for policy in previous}
            vals_list = []
            for cycle in missing:
                template = previous_of.get(cycle.previous_cycle_id.id)
                vals = {"cycle_id": cycle.id}
                if template:
                    vals.update({fname: template[fname] for fname in COPIED_FIELDS})
                vals_list.append(vals)
            created = self.create(vals_list)
            by_cycle.update({policy.cycle_id.id: policy for policy in created})
        return by_cycle

    def _engine_policy(self):
        """These rules as the engine's :class:`Policy`."""
        self.ensure_one()
        return Policy(
            caps={grade: self[fname] for grade, fname in CAP_FIELDS.items()},
            veto_principal_not_excellent=self.veto_principal_not_excellent,
            excellent_quota=self.excellent_quota / 100.0 if self.excellent_quota > 0 else None,
            quota_rounding=self.quota_rounding,
        )

    def _coefficients(self):
        """``{unit grade: bonus coefficient}`` (不合格 is always 0)."""
        self.ensure_one()
        return {grade: self[fname] for grade, fname in COEFFICIENT_FIELDS.items()}
