from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import numbers

ITEM_RESULTS = [
    ("pending", "To verify"),
    ("confirmed", "Confirmed"),  # 属实
    ("corrected", "Corrected value"),  # 核减 / 核增
    ("false_report", "False report"),  # 虚报
    ("concealed", "Concealed report"),  # 瞒报
]
# What the inspector records: changed while the check is in progress.
FINDING_FIELDS = {"result", "verified_value", "note", "attachment_ids", "deduction_points"}


class TargetSpotCheckItem(models.Model):
    """A goal sampled by a spot check, and what its inspector found (抽查结果).

    The draw records the goal's reported value and light at that moment. An
    assigned inspector verifies the report against the evidence and records
    the result: confirmed (the reported value stands), corrected (the
    inspector's value replaces it in the check's records), false report (虚报)
    or concealed report (瞒报): both propose a deduction of the
    false-reporting category and open a rectification item for the unit,
    through the same code as the year-end findings
    (target.false.report.mixin).

    Access: the draw creates the items and nobody else; the inspectors of
    the check record the findings while it is in progress, never on a unit
    they belong to; the office manages all; leaders read all.
    """

    _name = "target.spot.check.item"
    _description = "Spot-Check Finding"
    _inherit = ["target.number.mixin", "target.false.report.mixin"]
    _order = "spot_check_id, unit_id, goal_id, id"
    _rec_name = "goal_id"
    _false_report_results = ("false_report", "concealed")
    _number_depends = ("goal_id", "verified_value")

    spot_check_id = fields.Many2one(
        "target.spot.check", "Spot check", required=True, index=True, ondelete="cascade"
    )
    spot_check_state = fields.Selection(related="spot_check_id.state", string="Check status")
    cycle_id = fields.Many2one(related="spot_check_id.cycle_id", store=True, index=True)
    goal_id = fields.Many2one("target.goal", "Goal", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(related="goal_id.unit_id", store=True, index=True)
    category_id = fields.Many2one(related="goal_id.unit_id.category_id", string="Unit category")
    indicator_id = fields.Many2one(related="goal_id.indicator_id")
    target_value = fields.Float(related="goal_id.target_value")
    uom = fields.Char(related="goal_id.uom")
    decimals = fields.Integer(related="goal_id.decimals")
    reported_value = fields.Float(
        readonly=True,
        digits=(16, 4),
        aggregator=None,
        help="What the unit had reported when the sample was drawn.",
    )
    light = fields.Selection(
        [("green", "Green"), ("yellow", "Yellow"), ("red", "Red"), ("none", "No data")],
        "Light when drawn",
        readonly=True,
    )
    result = fields.Selection(ITEM_RESULTS, required=True, default="pending", index=True)
    verified_value = fields.Float(
        digits=(16, 4),
        aggregator=None,
        help="The value the inspector establishes from the evidence.",
    )
    deviation = fields.Float(
        compute="_compute_deviation",
        digits=(16, 4),
        aggregator=None,
        help="Verified minus reported value.",
    )
    note = fields.Text(help="What the inspector saw, heard and read.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "target_spot_check_item_ir_attachment_rel",
        "item_id",
        "attachment_id",
        "Evidence",
    )
    inspector_id = fields.Many2one("res.users", "Verified by", readonly=True)
    checked_on = fields.Date("Verified on", readonly=True)
    can_record = fields.Boolean(compute="_compute_can_record")

    _goal_unique = models.Constraint(
        "UNIQUE(spot_check_id, goal_id)", "A spot check samples a goal once."
    )
    _points_check = models.Constraint(
        "CHECK(deduction_points >= 0)", "Points to deduct cannot be negative."
    )

    # -- constraints -----------------------------------------------------------

    @api.constrains("spot_check_id", "goal_id")
    def _check_recusal(self):
        self.spot_check_id._check_recusal()

    # -- computes --------------------------------------------------------------

    @api.depends("reported_value", "verified_value", "result")
    def _compute_deviation(self):
        for item in self:
            verified = item.result not in ("pending", "confirmed")
            item.deviation = item.verified_value - item.reported_value if verified else 0.0

    @api.depends("spot_check_id.state")
    @api.depends_context("uid")
    def _compute_can_record(self):
        recording = self._recorders()
        for item in self:
            item.can_record = item.spot_check_state == "in_progress" and item in recording

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Sampled goals come from the draw of the spot check."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._ensure_recordable(vals)
        if not FINDING_FIELDS.intersection(vals):
            return super().write(vals)
        # a finding is stamped with who verified it and when; confirming takes the unit's value
        vals = dict(vals, inspector_id=self.env.uid, checked_on=fields.Date.context_today(self))
        if vals.get("result") == "confirmed":
            for item in self:
                super(TargetSpotCheckItem, item).write(
                    dict(vals, verified_value=item.sudo().reported_value)
                )
            result = True
        else:
            result = super().write(vals)
        self._false_report_apply()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consequences(self):
        if self.filtered(lambda item: item.adjustment_id or item.rectification_id):
            raise UserError(
                self.env._(
                    "A false or concealed report has led to a deduction and a rectification "
                    "item: change its result instead of deleting it."
                )
            )

    # -- helpers ---------------------------------------------------------------

    def _recorders(self):
        """The items of ``self`` the current user may record findings on: those of the
        checks they are assigned to, never on a unit they belong to; the office all."""
        user = self.env.user
        if self.env.su:
            return self
        return user._target_office_of(self) | self.filtered(
            lambda item: (
                user in item.sudo().spot_check_id.inspector_ids
                and not user._target_conflict(item.sudo().unit_id)
            )
        )

    def _ensure_recordable(self, vals):
        """Raise unless the current user may write ``vals`` on these items now."""
        others = set(vals) - FINDING_FIELDS
        if others:
            raise AccessError(
                self.env._(
                    "%(fields)s of a sampled goal are set by the draw and by the findings.",
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in others)
                    ),
                )
            )
        for item in self.sudo():
            if item.spot_check_state != "in_progress":
                raise UserError(
                    self.env._(
                        "Spot check %(check)s is not in progress: its findings cannot change.",
                        check=item.spot_check_id.name,
                    )
                )
        refused = self - self._recorders()
        if refused:
            raise AccessError(
                self.env._(
                    "Only the inspectors of spot check %(check)s record its findings, never on "
                    "a unit they belong to (%(goal)s).",
                    check=refused[0].sudo().spot_check_id.name,
                    goal=refused[0].sudo().goal_id.display_name,
                )
            )

    def _false_report_deduction_values(self, category):
        self.ensure_one()
        name = (
            self.env._(
                "Concealed report: %(goal)s (%(check)s)",
                goal=self.goal_id.display_name,
                check=self.spot_check_id.name,
            )
            if self.result == "concealed"
            else self.env._(
                "False report: %(goal)s (%(group)s)",
                goal=self.goal_id.display_name,
                group=self.spot_check_id.name,
            )
        )
        return {
            "name": name,
            "kind": "deduction",
            "cycle_id": self.cycle_id.id,
            "unit_id": self.unit_id.id,
            "date": self.checked_on or fields.Date.context_today(self),
            "deduction_category_id": category.id,
            "points": self.deduction_points,
            "attachment_ids": [fields.Command.set(self.attachment_ids.ids)],
            "note": self.note,
        }

    def _false_report_rectification_values(self, problem):
        self.ensure_one()
        name = (
            self.env._("Concealed report: %(goal)s", goal=self.goal_id.display_name)
            if self.result == "concealed"
            else self.env._("False report: %(goal)s", goal=self.goal_id.display_name)
        )
        return {
            "name": name,
            "description": self.note,
            "cycle_id": self.cycle_id.id,
            "unit_id": self.unit_id.id,
            "source": "spot_check",
            "spot_check_item_id": self.id,
            "category_id": problem.id if problem else False,
        }

    def _number_limits(self):
        limits = {}
        for item in self:
            goal = item.goal_id
            limits[item] = {
                "verified_value": numbers.value_limits(goal.indicator_id.scoring_method, goal.uom),
                "deduction_points": numbers.points_limits(
                    goal._points_ceiling(section=False).get(goal)
                ),
            }
        return limits
