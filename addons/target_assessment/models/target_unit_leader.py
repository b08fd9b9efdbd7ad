from odoo import fields, models

LEADER_ROLES = [
    ("principal", "Principal leader"),  # 党政正职
    ("member", "Leadership team member"),  # 班子成员
    ("deputy", "Leader in charge"),  # 分管领导
    ("responsible", "Responsible person"),  # 责任人
]


class TargetUnitLeader(models.Model):
    """A member of a unit's leadership team, with their role.

    Access: follows the unit (the office maintains; units read their own).
    """

    _name = "target.unit.leader"
    _description = "Unit Leadership Member"
    _order = "unit_id, sequence, id"

    unit_id = fields.Many2one("target.unit", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one("hr.employee", required=True, ondelete="restrict", index=True)
    user_id = fields.Many2one(related="employee_id.user_id")
    role = fields.Selection(LEADER_ROLES, required=True, default="member")
    sequence = fields.Integer(default=10)
    title = fields.Char(help="Position as printed on the letter, e.g. 县委书记.")

    _employee_unique = models.Constraint(
        "UNIQUE(unit_id, employee_id, role)", "This person already has this role in the unit."
    )
