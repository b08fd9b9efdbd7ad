from odoo import api, fields, models
from odoo.exceptions import UserError

from .target_governance_mixin import EDITABLE_STATES


class TargetIndicatorLibrary(models.Model):
    """The indicator library of a cycle (年度指标库): the indicators the year's goals use.

    Governed as the schemes are (target.governance.mixin, DESIGN §10): the
    office drafts it (which indicators, and how each is measured and scored),
    publishes it for comments, the assessed units comment and the office
    answers each comment, the leading group's approval tiers approve it or
    return it, and the office puts it in force, which freezes it for the
    year: the library's list and the indicators in it no longer change, for
    anyone (target.indicator refuses), until an administrator reopens it
    with a reason or the cycle is closed. An indicator in no library of an
    open year changes as before.

    Access: the office maintains it while it is a draft or returned and
    moves it; every role reads it; the state and the stamps are written by
    the moves only.
    """

    _name = "target.indicator.library"
    _description = "Indicator Library of a Cycle"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.governance.mixin",
        "target.cycle.freeze.mixin",
    ]
    _order = "cycle_id"
    _governance_comment_field = "library_id"

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one("target.cycle", required=True, ondelete="cascade", index=True)
    indicator_ids = fields.Many2many("target.indicator", string="Indicators")
    indicator_count = fields.Integer("Number of indicators", compute="_compute_indicator_count")
    comment_ids = fields.One2many("target.scheme.comment", "library_id", "Comments")

    _cycle_unique = models.Constraint("UNIQUE(cycle_id)", "A cycle has one indicator library.")

    @api.depends("indicator_ids")
    def _compute_indicator_count(self):
        for library in self:
            library.indicator_count = len(library.indicator_ids)

    def _governance_check(self):
        if not self.indicator_ids:
            raise UserError(
                self.env._("%(library)s lists no indicator.", library=self.display_name)
            )

    def _governance_commenting_units(self, units):
        """Every assessed unit comments on the year's indicators."""
        return units.filtered("is_assessed")

    @api.model
    def _frozen_for(self, indicators):
        """``{indicator: the library that freezes it}``: a library past its draft (submitted,
        approved or in force) of a cycle not yet closed."""
        libraries = self.sudo().search(
            [
                ("indicator_ids", "in", indicators.ids),
                ("state", "not in", EDITABLE_STATES),
                ("cycle_id.phase", "!=", "closed"),
            ]
        )
        frozen = {}
        for library in libraries:
            for indicator in library.indicator_ids & indicators:
                frozen.setdefault(indicator, library)
        return frozen
