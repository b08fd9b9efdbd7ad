from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine.personnel import bonus_amount, bonus_coefficient
from ..tools import numbers
from .target_personnel_result import QUIET
from .target_scheme import GRADES

# What HR enters; everything else follows from the published result and the rules.
HR_FIELDS = frozenset({"base_amount", "note"})


class TargetBonus(models.Model):
    """A unit's target bonus of a cycle (目标管理奖金): base amount × grade coefficient.

    Made when the cycle is published, for every unit with a year-end
    evaluation, with the base amount of the cycle's rules; the coefficient of
    the unit's grade comes from the same rules (lower grades lower, 不合格 0).
    Publishing again updates the grade and the coefficient and keeps the base
    amount HR entered. The list adds the amounts up for HR and finance.

    Access: HR reads all and sets the base amounts; leaders read all.
    """

    _name = "target.bonus"
    _description = "Target Bonus"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin"]
    _freeze_phases = ("closed",)
    _order = "cycle_id, category_id, unit_rank, unit_id"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one(
        "target.cycle", required=True, readonly=True, index=True, ondelete="restrict"
    )
    unit_id = fields.Many2one(
        "target.unit", required=True, readonly=True, index=True, ondelete="restrict"
    )
    category_id = fields.Many2one(
        "target.unit.category", "Unit category", readonly=True, index=True
    )
    evaluation_id = fields.Many2one(
        "target.evaluation", "Year-end evaluation", readonly=True, ondelete="set null"
    )
    policy_id = fields.Many2one(
        "target.personnel.policy", "Rules", required=True, readonly=True, ondelete="restrict"
    )
    unit_score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    unit_rank = fields.Integer(readonly=True, aggregator=None)
    grade = fields.Selection(GRADES, readonly=True)
    vetoed = fields.Boolean(readonly=True)
    base_amount = fields.Float(digits=(16, 2), aggregator="sum")
    coefficient = fields.Float(
        compute="_compute_coefficient",
        store=True,
        digits=(16, 4),
        aggregator=None,
        help="The coefficient of the unit's grade in the cycle's rules (fail: 0).",
    )
    amount = fields.Float(
        compute="_compute_amount",
        store=True,
        digits=(16, 2),
        aggregator="sum",
        help="Base amount × coefficient, rounded half up to the cent.",
    )
    note = fields.Text()

    _bonus_unique = models.Constraint(
        "UNIQUE(cycle_id, unit_id)", "A unit has one target bonus per cycle."
    )
    _base_check = models.Constraint(
        "CHECK(base_amount >= 0)", "The base amount of a target bonus cannot be negative."
    )

    @api.constrains("base_amount")
    def _check_base_amount(self):
        for bonus in self:
            if bonus.base_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Target bonus of %(unit)s in %(cycle)s: the base amount cannot be "
                        "negative (%(amount)s).",
                        unit=bonus.unit_id.name,
                        cycle=bonus.cycle_id.name,
                        amount=bonus.base_amount,
                    )
                )

    @api.depends("unit_id.name", "cycle_id.name")
    def _compute_name(self):
        for bonus in self:
            bonus.name = f"{bonus.unit_id.name or ''} – {bonus.cycle_id.name or ''}"

    @api.depends(
        "grade",
        "policy_id.coefficient_excellent",
        "policy_id.coefficient_good",
        "policy_id.coefficient_pass",
    )
    def _compute_coefficient(self):
        for bonus in self:
            bonus.coefficient = bonus_coefficient(bonus.grade, bonus.policy_id._coefficients())

    @api.depends("base_amount", "coefficient")
    def _compute_amount(self):
        for bonus in self:
            bonus.amount = bonus_amount(bonus.base_amount, bonus.coefficient)

    def write(self, vals):
        if set(vals) - HR_FIELDS and not self.env.su:
            raise AccessError(
                self.env._(
                    "Target bonuses follow the published results: only the base amount and "
                    "the note can be changed."
                )
            )
        return super().write(vals)

    @api.model
    def _apply_publication(self, cycles):
        """Create or update the bonus of every unit evaluated at the year end of
        ``cycles`` (the base amount HR entered is kept); return them."""
        env = self.env(context=dict(self.env.context, **QUIET), su=True)
        Bonus = env[self._name]
        evaluations = env["target.evaluation"].search_fetch(
            [
                ("cycle_id", "in", cycles.ids),
                ("stage", "=", "year_end"),
                ("computed_at", "!=", False),
            ],
            ["cycle_id", "unit_id", "category_id", "total", "rank", "grade", "vetoed"],
        )
        policies = env["target.personnel.policy"]._for_cycles(cycles.with_env(env))
        existing = Bonus.search_fetch([("cycle_id", "in", cycles.ids)], ["cycle_id", "unit_id"])
        current = {(bonus.cycle_id.id, bonus.unit_id.id): bonus for bonus in existing}
        new = []
        for evaluation in evaluations:
            policy = policies[evaluation.cycle_id.id]
            vals = {
                "evaluation_id": evaluation.id,
                "category_id": evaluation.category_id.id,
                "policy_id": policy.id,
                "unit_score": evaluation.total,
                "unit_rank": evaluation.rank,
                "grade": evaluation.grade,
                "vetoed": evaluation.vetoed,
            }
            bonus = current.get((evaluation.cycle_id.id, evaluation.unit_id.id))
            if bonus:
                bonus.write(vals)
            else:
                new.append(
                    dict(
                        vals,
                        cycle_id=evaluation.cycle_id.id,
                        unit_id=evaluation.unit_id.id,
                        base_amount=policy.bonus_base,
                    )
                )
        Bonus.create(new)
        return Bonus.search([("cycle_id", "in", cycles.ids)])

    def _number_limits(self):
        return dict.fromkeys(self, {"base_amount": numbers.NON_NEGATIVE})
