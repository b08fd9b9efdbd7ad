from odoo import fields, models


class TargetEvaluationSection(models.Model):
    """The score of one scheme section in an evaluation, written by the engine.

    Access: follows the evaluation.
    """

    _name = "target.evaluation.section"
    _description = "Evaluation Section Score"
    _inherit = ["target.cycle.freeze.mixin"]
    _freeze_cycle_field = "evaluation_id.cycle_id"
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one(
        "target.evaluation", required=True, ondelete="cascade", index=True
    )
    section_id = fields.Many2one("target.scheme.section", required=True, ondelete="cascade")
    sequence = fields.Integer(related="section_id.sequence", store=True)
    kind = fields.Selection(related="section_id.kind")
    weight = fields.Float(related="section_id.weight")
    score = fields.Float(readonly=True, digits=(16, 2))
    empty = fields.Boolean(readonly=True, help="No data for this section yet.")

    _section_unique = models.Constraint(
        "UNIQUE(evaluation_id, section_id)", "A section appears once in an evaluation."
    )

    def _freeze_label(self):
        return self.env._("section scores")
