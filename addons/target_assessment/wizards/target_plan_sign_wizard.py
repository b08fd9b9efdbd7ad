from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class TargetPlanSignWizard(models.TransientModel):
    """Record the signing of a responsibility letter by both sides, with the signed scan."""

    _name = "target.plan.sign.wizard"
    _description = "Sign a Responsibility Letter"

    plan_id = fields.Many2one("target.plan", required=True, readonly=True)
    signed_on = fields.Date(required=True, default=fields.Date.context_today)
    unit_employee_id = fields.Many2one(
        "hr.employee.public",
        "Signed for the unit",
        required=True,
        help="Usually the unit's principal leader.",
    )
    scan = fields.Binary("Signed scan", required=True, attachment=False)
    scan_filename = fields.Char()

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        plan = self.env["target.plan"].browse(values.get("plan_id"))
        if plan and "unit_employee_id" in fields_list:
            values["unit_employee_id"] = plan.unit_id.principal_id.id
        return values

    def action_sign(self):
        self.ensure_one()
        plan = self.plan_id
        if plan.state != "approved":
            raise UserError(self.env._("Only an approved letter can be signed."))
        if not plan._workflow_allowed("signed"):
            raise AccessError(plan._workflow_role_error("office", "signed"))
        cycle = plan.cycle_id
        if (
            not cycle.date_start
            <= self.signed_on
            <= min(cycle.date_end, fields.Date.context_today(self))
        ):
            raise UserError(
                self.env._(
                    "%(plan)s: the signing date %(day)s lies outside the cycle or in the future.",
                    plan=plan.name,
                    day=self.signed_on,
                )
            )
        scan = self.env["ir.attachment"].create(
            {
                "name": self.scan_filename or self.env._("Signed letter.pdf"),
                "datas": self.scan,
                "res_model": plan._name,
                "res_id": plan.id,
            }
        )
        plan._workflow_move(
            "signed",
            vals={
                "signed_on": self.signed_on,
                "signed_unit_employee_id": self.unit_employee_id.id,
                "signed_office_user_id": self.env.uid,
                "signed_scan_id": scan.id,
            },
        )
        plan.message_post(
            body=self.env._(
                "Letter signed on %(day)s by %(unit)s for the unit and %(office)s for the office.",
                day=self.signed_on,
                unit=self.unit_employee_id.name,
                office=self.env.user.name,
            ),
            attachment_ids=scan.ids,
        )
        return {"type": "ir.actions.act_window_close"}
