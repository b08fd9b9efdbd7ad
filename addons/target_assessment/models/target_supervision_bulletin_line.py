from odoo import fields, models

from ..engine.bulletin import BEST, WORST


class TargetSupervisionBulletinLine(models.Model):
    """A unit's line of a bulletin's table (督查通报): its standing as drafted.

    Written by the drafting only (a snapshot of the period: it does not move
    with later reports). Access: the office manages; leaders read all; a
    unit's users read their own units' lines once the bulletin is published.
    """

    _name = "target.supervision.bulletin.line"
    _description = "Supervision Bulletin Line"
    _order = "bulletin_id, category_id, rank, id"
    _rec_name = "unit_id"

    bulletin_id = fields.Many2one(
        "target.supervision.bulletin", required=True, index=True, ondelete="cascade"
    )
    bulletin_state = fields.Selection(related="bulletin_id.state", string="Bulletin status")
    unit_id = fields.Many2one("target.unit", "Unit", required=True, index=True, readonly=True)
    category_id = fields.Many2one("target.unit.category", "Category", readonly=True)
    rank = fields.Integer(readonly=True, help="Rank in the category by progress.")
    mark = fields.Selection(
        [(BEST, "Best"), (WORST, "Lagging")],
        readonly=True,
        help="Named among the best or the lagging units of the category.",
    )
    goal_count = fields.Integer("Goals", readonly=True)
    green_count = fields.Integer("Green", readonly=True)
    yellow_count = fields.Integer("Yellow", readonly=True)
    red_count = fields.Integer("Red", readonly=True)
    progress = fields.Float(
        "Progress (%)",
        digits=(16, 1),
        readonly=True,
        help="Mean of actual against expected over the unit's goals (each capped at 100 %).",
    )
    late_count = fields.Integer(
        "Late reports", readonly=True, help="Progress reports of the period past their due date."
    )
    finding_count = fields.Integer(
        "Spot-check findings", readonly=True, help="Goals of the unit verified in the period."
    )
    false_report_count = fields.Integer(
        "False or concealed",
        readonly=True,
        help="Findings of false (虚报) or concealed (瞒报) reports.",
    )
    open_rectification_count = fields.Integer(
        "Open rectifications",
        readonly=True,
        help="Rectification items from spot checks not verified yet.",
    )

    def action_new_task(self):
        """A supervision task for the line's unit, from the bulletin."""
        self.ensure_one()
        return self.bulletin_id._task_action(self.unit_id)
