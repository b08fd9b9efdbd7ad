from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import numbers


class TargetSchemeDifficulty(models.Model):
    """A unit's difficulty coefficient (难度系数) under a scheme on the unit basis.

    Units with heavier tasks or a larger contribution (任务较重、贡献较大) get a
    coefficient that multiplies the score of their goals sections; a unit
    without one counts 1. Frozen with the scheme's cycle.

    Access: follows the scheme: the office maintains them, every role reads.
    """

    _name = "target.scheme.difficulty"
    _description = "Unit Difficulty Coefficient"
    _inherit = ["target.number.mixin", "target.cycle.freeze.mixin", "target.scheme.part.mixin"]
    _freeze_cycle_field = "scheme_id.cycle_id"
    _order = "scheme_id, unit_id"

    scheme_id = fields.Many2one("target.scheme", required=True, ondelete="cascade", index=True)
    cycle_id = fields.Many2one(related="scheme_id.cycle_id", store=True, index=True)
    unit_id = fields.Many2one("target.unit", "Unit", required=True, ondelete="cascade")
    coefficient = fields.Float(required=True, default=1.0, digits=(16, 2))
    reason = fields.Char(
        required=True, help="Why the unit gets it: heavier tasks, a larger contribution."
    )

    _unit_unique = models.Constraint(
        "UNIQUE(scheme_id, unit_id)", "A unit has one difficulty coefficient per scheme."
    )

    @api.constrains("scheme_id", "unit_id")
    def _check_unit_category(self):
        for line in self:
            if line.unit_id.category_id != line.scheme_id.category_id:
                raise ValidationError(
                    self.env._(
                        "Difficulty coefficient of %(unit)s in scheme %(scheme)s: the unit is "
                        "a %(unit_category)s, the scheme is for %(category)s.",
                        unit=line.unit_id.name,
                        scheme=line.scheme_id.name,
                        unit_category=line.unit_id.category_id.name or "-",
                        category=line.scheme_id.category_id.name,
                    )
                )

    @api.depends("unit_id.name", "scheme_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.unit_id.name or ''} – {line.scheme_id.name or ''}"

    def _number_limits(self):
        return dict.fromkeys(self, {"coefficient": numbers.DIFFICULTY})
