from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .target_governance_mixin import EDITABLE_STATES, IN_FORCE

# A cycle's goals take their indicators from its library once the leading group has
# approved it (and while it is in force).
APPLIED_STATES = ("approved", IN_FORCE)


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

    @api.constrains("indicator_ids", "cycle_id")
    def _check_indicator_level(self):
        # a level's own indicators serve its cycles and those below it, never another level's
        for library in self.sudo():
            organizer = library.cycle_id.organizer_unit_id
            foreign = library.indicator_ids._foreign_to(organizer)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(library)s cannot offer indicator %(indicator)s, which is one of "
                        "%(owner)s's own: the library of a cycle organised by %(organizer)s "
                        "offers the city's indicators and those of its own level and the "
                        "levels above it.",
                        library=library.display_name,
                        indicator=foreign[0].display_name,
                        owner=foreign[0].owner_unit_id.complete_name,
                        organizer=organizer.complete_name or self.env._("the top level"),
                    )
                )

    @api.depends("indicator_ids")
    def _compute_indicator_count(self):
        for library in self:
            library.indicator_count = len(library.indicator_ids)

    def _governance_check(self):
        if not self.indicator_ids:
            raise UserError(
                self.env._("%(library)s lists no indicator.", library=self.display_name)
            )
        # the year's goals take their indicators from the library once it is approved
        outside = (
            self.env["target.goal"]
            .sudo()
            .search(
                [
                    ("cycle_id", "=", self.cycle_id.id),
                    ("indicator_id", "not in", self.indicator_ids.ids),
                    ("state", "!=", "cancelled"),
                ],
                limit=1,
            )
        )
        if outside:
            raise UserError(
                self.env._(
                    "%(library)s leaves out indicator %(indicator)s, which goal %(goal)s "
                    "(%(unit)s) of the cycle uses: add it to the library, or change the goal.",
                    library=self.display_name,
                    indicator=outside.indicator_id.display_name,
                    goal=outside.display_name,
                    unit=outside.unit_id.complete_name,
                )
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

    @api.model
    def _applied_of(self, cycles):
        """``{cycle: its library}`` of ``cycles`` whose library the leading group has
        approved (or is in force): their goals take their indicators from it (sudo)."""
        libraries = self.sudo().search(
            [("cycle_id", "in", cycles.ids), ("state", "in", APPLIED_STATES)]
        )
        return {library.cycle_id: library for library in libraries}
