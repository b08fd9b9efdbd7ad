from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

SPLITS = [("even", "Evenly"), ("share", "By share"), ("manual", "By hand")]


def split_value(total, shares, digits=4):
    """Split ``total`` by ``shares`` (any positive weights), rounded to ``digits``.

    The last part takes the rounding remainder, so the parts add up to the
    total exactly: 100 split in three is 33.3333 + 33.3333 + 33.3334.
    """
    weight = sum(shares)
    if not shares or weight <= 0:
        return []
    parts = [float_round(total * s / weight, precision_digits=digits) for s in shares[:-1]]
    parts.append(float_round(total - sum(parts), precision_digits=digits))
    return parts


class TargetGoalDecomposeWizard(models.TransientModel):
    """Decompose a goal (目标分解) into child goals for units below it or for persons.

    The value is split evenly, by share or by hand; the wizard shows the
    decomposed sum and the gap against the parent before anything is created.
    """

    _name = "target.goal.decompose.wizard"
    _description = "Decompose a Goal"

    parent_id = fields.Many2one("target.goal", "Goal", required=True, readonly=True)
    target_value = fields.Float(related="parent_id.target_value")
    uom = fields.Char(related="parent_id.uom")
    split = fields.Selection(SPLITS, required=True, default="even")
    line_ids = fields.One2many("target.goal.decompose.wizard.line", "wizard_id", "Parts")
    unit_ids = fields.Many2many(
        "target.unit",
        string="Units",
        help="Units below the goal's unit that take a part of it.",
    )
    # the public profile: every internal user may pick colleagues (same ids)
    employee_ids = fields.Many2many(
        "hr.employee.public",
        string="Persons",
        help="Persons of the goal's unit who take a part of it.",
    )
    total = fields.Float("Decomposed", compute="_compute_total", digits=(16, 4))
    gap = fields.Float(compute="_compute_total", digits=(16, 4))

    @api.depends("line_ids.value", "target_value")
    def _compute_total(self):
        for wizard in self:
            wizard.total = sum(wizard.line_ids.mapped("value"))
            wizard.gap = wizard.target_value - wizard.total

    @api.onchange("unit_ids", "employee_ids")
    def _onchange_assignees(self):
        """One line per unit and person, keeping what was typed on existing lines."""
        typed = {
            (line.unit_id.id, line.employee_id.id): line.read(
                ["share", "value", "baseline_value", "points"]
            )[0]
            for line in self.line_ids
        }
        keys = [(unit.id, False) for unit in self.unit_ids] + [
            (self.parent_id.unit_id.id, emp.id) for emp in self.employee_ids
        ]
        commands = [fields.Command.clear()]
        for unit_id, employee_id in keys:
            values = {
                "share": 1.0,
                "value": 0.0,
                "baseline_value": 0.0,
                "points": self.parent_id.points,
            }
            values.update(
                {k: v for k, v in typed.get((unit_id, employee_id), {}).items() if k != "id"}
            )
            commands.append(
                fields.Command.create({"unit_id": unit_id, "employee_id": employee_id, **values})
            )
        self.line_ids = commands
        self._apply_split()

    @api.onchange("split", "line_ids")
    def _onchange_split(self):
        self._apply_split()

    def _apply_split(self):
        if self.split == "manual" or not self.line_ids:
            return
        shares = (
            [1.0] * len(self.line_ids) if self.split == "even" else self.line_ids.mapped("share")
        )
        if sum(shares) <= 0:
            return
        for line, value in zip(self.line_ids, split_value(self.target_value, shares), strict=True):
            line.value = value

    def action_decompose(self):
        self.ensure_one()
        parent = self.parent_id
        if parent.state == "cancelled":
            raise UserError(self.env._("A cancelled goal cannot be decomposed."))
        if not self.line_ids:
            raise UserError(self.env._("Add at least one unit or person to decompose to."))
        self._apply_split()
        sections = self._sections_by_category()
        children = self.env["target.goal"].create(
            [
                {
                    "parent_id": parent.id,
                    "cycle_id": parent.cycle_id.id,
                    "unit_id": line.unit_id.id,
                    "employee_id": line.employee_id.id,
                    "indicator_id": parent.indicator_id.id,
                    "name": parent.name,
                    "target_value": line.value,
                    "baseline_value": line.baseline_value,
                    "points": line.points,
                    "deadline": parent.deadline,
                    "section_id": sections.get(line.unit_id.category_id.id, False),
                    "responsible_employee_id": line.employee_id.id,
                }
                for line in self.line_ids
            ]
        )
        action = parent.action_view_children()
        action["domain"] = [("id", "in", children.ids)]
        return action

    def _sections_by_category(self):
        """The section with the parent's section code in each child's scheme."""
        parent = self.parent_id
        if not parent.section_id:
            return {}
        sections = self.env["target.scheme.section"].search(
            [
                ("cycle_id", "=", parent.cycle_id.id),
                ("code", "=", parent.section_id.code),
                ("category_id", "in", self.line_ids.unit_id.category_id.ids),
            ]
        )
        return {s.category_id.id: s.id for s in sections}
