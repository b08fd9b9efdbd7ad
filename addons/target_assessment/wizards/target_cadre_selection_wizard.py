from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine.personnel import CadreResult, rank_cadres
from ..models.target_personnel_policy import PERSONAL_GRADE_SELECTION
from ..models.target_unit_leader import LEADER_ROLES


class TargetCadreSelectionWizard(models.TransientModel):
    """Cadre selection (干部选拔参考): rank people by their last N cycles' results.

    HR picks how many of the latest published cycles count and, optionally,
    the unit categories, the role and the least latest grade; the ranking
    (engine.personnel.rank_cadres) opens as a list HR filters, groups and
    exports. Appraisal grades are HR's final grades, else the suggested ones.
    """

    _name = "target.cadre.selection.wizard"
    _description = "Cadre Selection"

    cycle_count = fields.Integer(
        "Last cycles",
        default=3,
        required=True,
        help="How many of the latest published cycles count.",
    )
    category_ids = fields.Many2many("target.unit.category", string="Unit categories")
    role = fields.Selection(LEADER_ROLES)
    min_grade = fields.Selection(PERSONAL_GRADE_SELECTION, "Latest grade at least")
    cycle_ids = fields.Many2many("target.cycle", string="Cycles counted", readonly=True)
    line_ids = fields.One2many("target.cadre.selection.line", "wizard_id", "Ranking")

    @api.constrains("cycle_count")
    def _check_cycle_count(self):
        for wizard in self:
            if not 1 <= wizard.cycle_count <= 20:
                raise ValidationError(self.env._("Count between 1 and 20 of the latest cycles."))

    def action_rank(self):
        """Rank the people and open the ranking."""
        self.ensure_one()
        if not self.env.user._target_has_role("hr"):
            raise AccessError(self.env._("Only HR ranks cadres."))
        cycles = self.env["target.cycle"].search(
            [("phase", "in", ("published", "closed"))],
            order="date_start desc, id desc",
            limit=self.cycle_count,
        )
        if not cycles:
            raise UserError(self.env._("No cycle is published yet: there is nothing to rank."))
        domain = [("cycle_id", "in", cycles.ids)]
        if self.category_ids:
            domain.append(("category_id", "in", self.category_ids.ids))
        if self.role:
            domain.append(("role", "=", self.role))
        results = self.env["target.personnel.result"].search_fetch(
            domain,
            ["cycle_id", "employee_id", "unit_id", "role", "category_id", "grade", "unit_score"]
            + ["own_score", "own_points"],
        )
        by_person = {}
        for result in results:
            share = result.own_score / result.own_points if result.own_points else None
            by_person.setdefault(result.employee_id.id, []).append(
                CadreResult(
                    result.cycle_id.id, result.grade or None, result.unit_score, share, result
                )
            )
        ranked = rank_cadres(by_person, list(reversed(cycles.ids)), self.min_grade or None)
        self.line_ids.unlink()
        self.write(
            {
                "cycle_ids": [fields.Command.set(cycles.ids)],
                "line_ids": [
                    fields.Command.create(
                        {
                            "rank": row.rank,
                            "employee_id": row.key,
                            "unit_id": row.last_ref.unit_id.id,
                            "role": row.last_ref.role,
                            "category_id": row.last_ref.category_id.id,
                            "cycle_count": row.cycles,
                            "points": row.points,
                            "excellent_count": row.excellent,
                            "unit_score": row.unit_score,
                            "own_share": 100.0 * row.own_share if row.own_share is not None else 0,
                            "last_grade": row.last_grade,
                        }
                    )
                    for row in ranked
                ],
            }
        )
        title = self.env._("Cadre ranking")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "target.cadre.selection.line",
            "view_mode": "list",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"create": False},
        }
