from odoo import fields, models


class SurveyQuestion(models.Model):
    """A rating question of an evaluation campaign names the unit it rates."""

    _inherit = "survey.question"

    target_unit_id = fields.Many2one(
        "target.unit", "Unit rated", readonly=True, index="btree_not_null", ondelete="restrict"
    )
