from odoo import fields, models


class TargetPersonnelHistoryMixin(models.AbstractModel):
    """The multi-year assessment history of an employee (hr.employee and its public view).

    Read with the user's own access rules: HR and leaders see every result,
    a manager those of the people below them, anybody else none (the smart
    button and the tab are then hidden).
    """

    _name = "target.personnel.history.mixin"
    _description = "Assessment History of an Employee"

    target_result_ids = fields.Many2many(
        "target.personnel.result",
        compute="_compute_target_results",
        string="Assessment history",
    )
    target_result_count = fields.Integer("Assessment results", compute="_compute_target_results")

    def _compute_target_results(self):
        # the employee's id is also the public employee's
        results = self.env["target.personnel.result"].search(
            [("employee_id", "in", self.ids)], order="cycle_id, unit_id, role"
        )
        by_employee = results.grouped(lambda result: result.employee_id.id)
        empty = self.env["target.personnel.result"]
        for employee in self:
            mine = by_employee.get(employee.id, empty)
            employee.target_result_ids = mine
            employee.target_result_count = len(mine)

    def action_view_target_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_personnel_result_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        return action
