from odoo import api, fields, models

from ..engine.methods import MAX_COMPLETION
from ..tools import numbers


class TargetIndicatorBand(models.Model):
    """A completion band of a 'bands' indicator: from this completion, this share.

    Access: follows the indicator, frozen with it (target.indicator._ensure_not_frozen).
    """

    _name = "target.indicator.band"
    _description = "Indicator Scoring Band"
    _inherit = ["target.number.mixin"]
    _order = "indicator_id, min_completion desc"

    indicator_id = fields.Many2one(
        "target.indicator", required=True, ondelete="cascade", index=True
    )
    min_completion = fields.Float("From completion (%)", required=True)
    share = fields.Float("Share of points (%)", required=True)
    proportional = fields.Boolean(
        help="Between this band and the next one up, the share grows in proportion."
    )

    _band_check = models.Constraint(
        "CHECK(min_completion >= 0 AND share >= 0 AND share <= 100)",
        "A band starts at a completion >= 0 and gives 0-100% of the points.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        bands.indicator_id._ensure_not_frozen()
        return bands

    def write(self, vals):
        self.indicator_id._ensure_not_frozen()
        result = super().write(vals)
        if "indicator_id" in vals:
            self.indicator_id._ensure_not_frozen()
        return result

    def unlink(self):
        self.indicator_id._ensure_not_frozen()
        return super().unlink()

    def _number_limits(self):
        return dict.fromkeys(
            self,
            {
                "min_completion": numbers.Limits(0.0, MAX_COMPLETION * 100),
                "share": numbers.SHARE,
            },
        )
