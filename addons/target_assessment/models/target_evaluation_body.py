from odoo import fields, models

from ..tools import numbers


class TargetEvaluationBody(models.Model):
    """An evaluating body (专项评议机构): 人大, 政协, 组织部, 纪委, 社会评价 ...

    Its evaluators enter the scores of this body only. Its weight is relative:
    a special section is the weighted mean of the scores of the bodies that
    scored, so weights 3 and 2 count 60 % and 40 % when both have scored.

    Access: the office maintains bodies; every role reads them.
    """

    _name = "target.evaluation.body"
    _description = "Evaluating Body"
    _inherit = ["target.number.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    weight = fields.Float(
        default=1.0,
        required=True,
        help="Relative weight of this body's scores in the sections it evaluates.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "target_evaluation_body_res_users_rel",
        "body_id",
        "user_id",
        "Evaluators",
        help="Users who enter this body's scores (and only this body's).",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "The body code must be unique.")
    _weight_check = models.Constraint("CHECK(weight > 0)", "A body's weight must be positive.")

    def _number_limits(self):
        return dict.fromkeys(self, {"weight": numbers.POSITIVE})
