from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine.personnel import bonus_amount, bonus_coefficient, bonus_cut
from ..tools import numbers
from .target_personnel_result import QUIET
from .target_scheme import GRADES

# What HR enters; everything else follows from the published result and the rules.
HR_FIELDS = frozenset({"base_amount", "note"})


class TargetBonus(models.Model):
    """A unit's target bonus of a cycle (目标管理奖金): base amount × grade coefficient,
    less the cut for missed goals (下浮).

    Made when the cycle is published, for every unit with a year-end
    evaluation, with the base amount of the cycle's rules; the coefficient of
    the unit's grade comes from the same rules (lower grades lower, 不合格 0).
    Where the unit's scheme cuts the bonus per missed goal, the goals of its
    year-end evaluation that lost points are counted and the bonus is cut by
    that many times the scheme's percentage, at most its largest cut.
    Publishing again updates the grade, the coefficient and the cut and keeps
    the base amount HR entered. The list adds the amounts up for HR and finance.

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
    missed_goals = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="Goals of the unit's year-end evaluation that lost points, counted where the "
        "scheme cuts the bonus for them.",
    )
    cut = fields.Float(
        "Cut (%)",
        readonly=True,
        digits=(16, 2),
        aggregator=None,
        help="下浮: missed goals × the scheme's cut per goal, at most its largest cut.",
    )
    amount = fields.Float(
        compute="_compute_amount",
        store=True,
        digits=(16, 2),
        aggregator="sum",
        help="Base amount × coefficient, less the cut, rounded half up to the cent.",
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

    @api.depends("base_amount", "coefficient", "cut")
    def _compute_amount(self):
        for bonus in self:
            bonus.amount = bonus_amount(bonus.base_amount, bonus.coefficient, bonus.cut)

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
            [
                "cycle_id",
                "unit_id",
                "category_id",
                "scheme_id",
                "total",
                "rank",
                "grade",
                "vetoed",
            ],
        )
        missed = self._missed_goals(evaluations)
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
                **self._cut_values(evaluation.scheme_id, missed.get(evaluation)),
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

    @api.model
    def _missed_goals(self, evaluations):
        """``{evaluation: goals that lost points}`` of the evaluations whose scheme cuts
        the bonus for them, in one grouped query (none when no scheme cuts)."""
        cutting = evaluations.filtered(lambda ev: ev.scheme_id.bonus_cut_per_goal > 0)
        if not cutting:
            return {}
        groups = evaluations.env["target.evaluation.line"]._read_group(
            [("evaluation_id", "in", cutting.ids), ("lost_points", ">", 0)],
            ["evaluation_id"],
            ["__count"],
        )
        return dict.fromkeys(cutting, 0) | dict(groups)

    @api.model
    def _cut_values(self, scheme, missed):
        """The missed goals and the cut of a bonus under ``scheme`` (``None``: no cut)."""
        if missed is None:
            return {"missed_goals": 0, "cut": 0.0}
        return {
            "missed_goals": missed,
            "cut": bonus_cut(missed, scheme.bonus_cut_per_goal, scheme.bonus_cut_max),
        }

    def _number_limits(self):
        return dict.fromkeys(self, {"base_amount": numbers.NON_NEGATIVE})
