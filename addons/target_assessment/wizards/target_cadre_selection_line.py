from odoo import fields, models

from ..models.target_personnel_policy import PERSONAL_GRADE_SELECTION
from ..models.target_unit_leader import LEADER_ROLES


class TargetCadreSelectionLine(models.TransientModel):
    """A person's place in a cadre ranking and the figures it rests on."""

    _name = "target.cadre.selection.line"
    _description = "Cadre Ranking Line"
    _order = "rank, id"

    wizard_id = fields.Many2one("target.cadre.selection.wizard", required=True, ondelete="cascade")
    rank = fields.Integer(aggregator=None)
    employee_id = fields.Many2one("hr.employee", "Person", required=True)
    unit_id = fields.Many2one("target.unit", "Latest unit")
    role = fields.Selection(LEADER_ROLES, "Latest role")
    category_id = fields.Many2one("target.unit.category", "Unit category")
    cycle_count = fields.Integer("Cycles", aggregator=None)
    points = fields.Float(
        "Grade points", digits=(16, 2), aggregator=None, help="Mean of 4 excellent … 1 incompetent."
    )
    excellent_count = fields.Integer("Times excellent", aggregator=None)
    unit_score = fields.Float("Mean unit score", digits=(16, 2), aggregator=None)
    own_share = fields.Float(
        "Own goals (%)",
        digits=(16, 2),
        aggregator=None,
        help="Mean share of the own goals' points earned.",
    )
    last_grade = fields.Selection(PERSONAL_GRADE_SELECTION, "Latest grade")
