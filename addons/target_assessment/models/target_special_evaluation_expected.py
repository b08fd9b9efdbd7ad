from odoo import fields, models
from odoo.tools import SQL

from ..tools.sql_view import replace_view


class TargetSpecialEvaluationExpected(models.Model):
    """Which special evaluations are expected, and which are entered (completeness).

    One row per assessed unit × special section of its category's active
    scheme × evaluating body of that section; ``done`` when the body has
    scored the unit. Sections without bodies expect nobody in particular.

    The evaluators' to-do: each reads the rows of their own bodies, and scores a
    missing one from its row. Access: the office reads all.
    """

    _name = "target.special.evaluation.expected"
    _description = "Expected Special Evaluation"
    _auto = False
    _order = "cycle_id, body_id, unit_id"

    cycle_id = fields.Many2one("target.cycle", readonly=True)
    unit_id = fields.Many2one("target.unit", readonly=True)
    section_id = fields.Many2one("target.scheme.section", "Section", readonly=True)
    body_id = fields.Many2one("target.evaluation.body", "Evaluating body", readonly=True)
    done = fields.Boolean("Scored", readonly=True)
    missing_count = fields.Integer("Missing", readonly=True, aggregator="sum")

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT row_number() OVER (ORDER BY section.id, unit.id, body.id) AS id,
                       scheme.cycle_id AS cycle_id,
                       unit.id AS unit_id,
                       section.id AS section_id,
                       body.id AS body_id,
                       special.id IS NOT NULL AS done,
                       CASE WHEN special.id IS NULL THEN 1 ELSE 0 END AS missing_count
                  FROM target_scheme_section section
                  JOIN target_scheme scheme ON scheme.id = section.scheme_id
                  JOIN target_unit unit
                    ON unit.category_id = scheme.category_id
                   AND unit.is_assessed AND unit.active
                  JOIN target_scheme_section_body_rel rel ON rel.section_id = section.id
                  JOIN target_evaluation_body body ON body.id = rel.body_id AND body.active
             LEFT JOIN target_special_evaluation special
                    ON special.cycle_id = scheme.cycle_id
                   AND special.unit_id = unit.id
                   AND special.section_id = section.id
                   AND special.body_id = body.id
                 WHERE section.kind = 'special' AND scheme.state = 'active'
                """
            ),
        )

    def action_score(self):
        """Opens a new score of this row's unit by this row's body (the evaluator's button)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Score %(unit)s", unit=self.unit_id.display_name),
            "res_model": "target.special.evaluation",
            "view_mode": "form",
            "views": [
                (self.env.ref("target_assessment.target_special_evaluation_view_form").id, "form")
            ],
            "target": "new",
            "context": {
                "default_cycle_id": self.cycle_id.id,
                "default_unit_id": self.unit_id.id,
                "default_section_id": self.section_id.id,
                "default_body_id": self.body_id.id,
            },
        }
