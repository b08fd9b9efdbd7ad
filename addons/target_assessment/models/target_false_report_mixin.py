from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

FALSE_REPORT_CATEGORY = "target_assessment.target_deduction_category_false_report"
FALSE_REPORT_PROBLEM = "target_assessment.target_problem_category_false_report"


class TargetFalseReportMixin(models.AbstractModel):
    """The consequences of a verification that finds the unit's report false.

    Written once for every kind of verification: the year-end inspection's
    findings and the in-year spot checks. A record whose ``result`` is one of
    ``_false_report_results`` (虚报, 瞒报) has, once, a proposed deduction of
    the false-reporting category (the office decides it) and a rectification
    item for the unit; a record whose result changes back cancels its draft
    deduction (revived if it becomes false again). A model gives the values
    of the two through :meth:`_false_report_deduction_values` and
    :meth:`_false_report_rectification_values`, and calls
    :meth:`_false_report_apply` after each change of its result.
    """

    _name = "target.false.report.mixin"
    _description = "Target False-Report Consequences (abstract)"

    _false_report_results = ("false_report",)

    deduction_points = fields.Float(
        "Points to deduct",
        digits=(16, 2),
        help="False report: the points of the proposed deduction (the office decides).",
    )
    adjustment_id = fields.Many2one(
        "target.score.adjustment", "Deduction", readonly=True, copy=False, ondelete="set null"
    )
    rectification_id = fields.Many2one(
        "target.rectification", "Rectification item", readonly=True, copy=False
    )

    @api.constrains("result", "deduction_points")
    def _check_deduction_points(self):
        for record in self:
            if record._false_report_is_false() and record.deduction_points <= 0:
                raise ValidationError(
                    self.env._(
                        "False report on %(line)s: give the points to deduct.",
                        line=record.sudo().display_name,
                    )
                )

    def _false_report_is_false(self):
        self.ensure_one()
        return self.result in self._false_report_results

    def _false_report_apply(self):
        """Propose the deductions and open the rectification items of the false reports
        of ``self``; cancel the draft deductions of the others (as superuser)."""
        records = self.sudo()
        false_reports = records.filtered(lambda r: r._false_report_is_false())
        false_reports._false_report_sync_deduction()
        (records - false_reports).adjustment_id.filtered(
            lambda item: item.state == "draft"
        ).action_cancel()
        false_reports.filtered(lambda r: not r.rectification_id)._false_report_rectify()

    def _false_report_sync_deduction(self):
        """Each false report has its deduction: proposed once, revived if it was cancelled."""
        category = self.env.ref(FALSE_REPORT_CATEGORY, raise_if_not_found=False)
        if not category:
            category = self.env["target.deduction.category"].search(
                [("code", "=", "false_report")], limit=1
            )
        if not category:
            raise UserError(
                self.env._(
                    "Create a deduction category with the code false_report for false reports."
                )
            )
        Adjustment = self.env["target.score.adjustment"].sudo()
        for record in self:
            item = record.adjustment_id
            if not item:
                record.adjustment_id = Adjustment.create(
                    record._false_report_deduction_values(category)
                )
                continue
            if item.state == "cancelled":
                item.action_draft()
            if item.state == "draft" and item.points != record.deduction_points:
                item.points = record.deduction_points

    def _false_report_rectify(self):
        problem = self.env.ref(FALSE_REPORT_PROBLEM, raise_if_not_found=False)
        items = (
            self.env["target.rectification"]
            .sudo()
            .create([record._false_report_rectification_values(problem) for record in self])
        )
        for record, item in zip(self, items, strict=True):
            record.rectification_id = item

    def _false_report_deduction_values(self, category):
        """Hook: the values of the deduction proposed for this false report."""
        raise NotImplementedError

    def _false_report_rectification_values(self, problem):
        """Hook: the values of the rectification item opened for this false report
        (``problem``: the false-reporting problem category, or None)."""
        raise NotImplementedError
