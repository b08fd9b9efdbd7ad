from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine.cooperation import FULL, completion, part_target
from ..tools import numbers


class TargetGoalCooperation(models.Model):
    """A cooperating unit of a goal (配合单位): its share of the work and of the points.

    The goal's unit leads (牵头) and keeps what the cooperating units do not
    take: their work shares add up to less than 100 %, and so do their point
    shares (counted only where the goal's scheme shares the points). Each
    cooperating unit reports the progress of its part (its share of an
    additive target, else the target itself); the goal's completion rolls the
    parts up by their work shares (engine.cooperation).

    Access: like the goal's target, the lines are changed by the goal's unit
    (its users, for their subtree) while the letter is a draft, and by the
    office; afterwards they are fixed (an adjustment request does not change
    them yet; trusted code applying one passes ``target_apply_adjustment``). A cooperating
    unit's users read their own lines and the goal; assessors read the lines
    of their indicators; leaders, HR and inspectors read as they read goals.
    """

    _name = "target.goal.cooperation"
    _description = "Cooperating Unit of a Goal"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.belongs.mixin"]
    _belongs_fields = ("goal_id",)
    _belongs_state = "goal_id.state"
    _freeze_cycle_field = "goal_id.cycle_id"
    _number_depends = ("goal_id",)
    _order = "goal_id, sequence, id"
    # picked by its unit (a cooperating unit's progress report) or its goal's reference
    _rec_names_search = ["unit_id.name", "goal_id.ref"]

    sequence = fields.Integer(default=10)
    goal_id = fields.Many2one("target.goal", required=True, index=True, ondelete="cascade")
    unit_id = fields.Many2one(
        "target.unit", "Cooperating unit", required=True, index=True, ondelete="restrict"
    )
    cycle_id = fields.Many2one(related="goal_id.cycle_id", store=True, index=True)
    lead_unit_id = fields.Many2one(related="goal_id.unit_id", string="Lead unit")
    work_share = fields.Float(
        "Share of the work (%)",
        digits=(16, 2),
        help="The part of the goal this unit carries out; the lead unit keeps the rest.",
    )
    point_share = fields.Float(
        "Share of the points (%)",
        digits=(16, 2),
        help="Where the scheme shares the points: this unit earns this share of the goal's "
        "score, the lead unit the rest.",
    )
    note = fields.Char(help="What the unit contributes.")

    target_value = fields.Float(
        "Target of the part",
        compute="_compute_completion",
        digits=(16, 4),
        aggregator=None,
        help="The share of an additive target, else the goal's target itself.",
    )
    own_actual = fields.Float(
        "Reported actual",
        digits=(16, 4),
        aggregator=None,
        readonly=True,
        copy=False,
        help="Of the part, from its last accepted progress report.",
    )
    own_actual_set = fields.Boolean("Actual reported", readonly=True, copy=False)
    completion = fields.Float(
        "Completion (%)",
        compute="_compute_completion",
        help="The part's reported actual against its target.",
    )
    progress_ids = fields.One2many("target.progress", "cooperation_id", "Progress reports")

    _unit_unique = models.Constraint(
        "UNIQUE(goal_id, unit_id)", "A unit cooperates on a goal once."
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("unit_id", "goal_id")
    def _check_unit(self):
        for line in self:
            goal = line.goal_id
            if line.unit_id in goal.unit_id | goal.lead_unit_id:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s, cooperating unit %(unit)s: the lead unit does not "
                        "cooperate on its own goal.",
                        goal=goal.ref,
                        unit=line.unit_id.complete_name,
                    )
                )

    @api.constrains("work_share", "point_share", "goal_id")
    def _check_shares(self):
        labels = {
            "work_share": self.env._("share of the work"),
            "point_share": self.env._("share of the points"),
        }
        for goal in self.goal_id:
            lines = goal.cooperation_ids
            for fname, label in labels.items():
                total = sum(lines.mapped(fname))
                if total >= FULL:
                    raise ValidationError(
                        self.env._(
                            "Goal %(goal)s: the cooperating units' %(field)s adds up to "
                            "%(total)s %% (%(units)s); the lead unit must keep a share, so "
                            "the total stays below 100 %%.",
                            goal=goal.ref,
                            field=label,
                            total=numbers.fmt(total),
                            units=", ".join(
                                f"{line.unit_id.name} {numbers.fmt(line[fname])} %"
                                for line in lines
                            ),
                        )
                    )

    def _number_limits(self):
        return {line: {"work_share": numbers.SHARE, "point_share": numbers.SHARE} for line in self}

    # -- computes --------------------------------------------------------------

    @api.depends("goal_id.ref", "unit_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(goal)s – %(unit)s", goal=line.goal_id.ref or "", unit=line.unit_id.name or ""
            )

    @api.depends(
        "work_share",
        "own_actual",
        "own_actual_set",
        "goal_id.target_value",
        "goal_id.indicator_id.additive",
        "goal_id.indicator_id.direction",
    )
    def _compute_completion(self):
        for line in self:
            goal = line.goal_id
            line.target_value = part_target(
                goal.target_value, line.work_share, goal.indicator_id.additive
            )
            line.completion = (
                100.0
                * completion(
                    line.target_value, line.own_actual, goal.indicator_id.direction == "lower"
                )
                if line.own_actual_set
                else 0.0
            )

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines._ensure_goal_open()
        return lines

    def write(self, vals):
        if {"goal_id", "unit_id", "work_share", "point_share"}.intersection(vals):
            self._ensure_goal_open()
            result = super().write(vals)
            self._ensure_goal_open()
            return result
        return super().write(vals)

    def unlink(self):
        self._ensure_goal_open()
        return super().unlink()

    def _ensure_goal_open(self):
        """Who cooperates, and with which shares, is fixed with the letter: changed while
        it is a draft, afterwards only by an approved adjustment (as superuser)."""
        if self.env.su and self.env.context.get("target_apply_adjustment"):
            return
        for line in self.sudo():
            if line.goal_id.locked:
                raise UserError(
                    self.env._(
                        "Goal %(goal)s, cooperating unit %(unit)s: the goal's letter is no "
                        "longer a draft; its cooperating units and their shares are fixed "
                        "with it.",
                        goal=line.goal_id.ref,
                        unit=line.unit_id.complete_name,
                    )
                )
