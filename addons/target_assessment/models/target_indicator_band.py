from odoo import fields, models

from ..engine.methods import MAX_COMPLETION
from ..tools import numbers


class TargetIndicatorBand(models.Model):
    """A completion band of a 'bands' indicator: from this completion, this share.

    Access: follows the indicator.
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

    def _number_limits(self):
        return dict.fromkeys(
            self,
            {
                "min_completion": numbers.Limits(0.0, MAX_COMPLETION * 100),
                "share": numbers.SHARE,
            },
        )
