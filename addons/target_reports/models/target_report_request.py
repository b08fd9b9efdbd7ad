from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.target_assessment.models.target_evaluation import STAGES

from ..builders import ReportFilter

# The XLSX reports: key, label, and the ir.actions.report that renders them.
REPORTS = [
    ("goal_tree", "Goal decomposition table"),
    ("progress", "Progress table"),
    ("result_summary", "Assessment result summary"),
    ("unit_detail", "Unit assessment detail"),
    ("cadre", "Cadre assessment results"),
    ("template", "Superior-level upload sheet"),
]
REPORT_ACTIONS = {
    "goal_tree": "target_reports.target_goal_tree_xlsx",
    "progress": "target_reports.target_progress_xlsx",
    "result_summary": "target_reports.target_result_summary_xlsx",
    "unit_detail": "target_reports.target_unit_detail_xlsx",
    "cadre": "target_reports.target_cadre_xlsx",
    "template": "target_reports.target_export_template_xlsx",
}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TargetReportRequest(models.AbstractModel):
    """Which report, over what: shared by the export wizard and the schedules.

    The filter is a cycle, a unit category and units (with their sub-units);
    the report reads the data with the rights of the user it runs as, so a
    unit exports only its own data.
    """

    _name = "target.report.request"
    _description = "Report Request (abstract)"

    report = fields.Selection(REPORTS, required=True, default="goal_tree")
    template_id = fields.Many2one(
        "target.export.template",
        "Upload template",
        ondelete="restrict",
        help="The superior level's sheet: its header rows and columns.",
    )
    cycle_id = fields.Many2one("target.cycle", "Cycle", ondelete="restrict")
    category_id = fields.Many2one("target.unit.category", "Unit category", ondelete="restrict")
    unit_ids = fields.Many2many(
        "target.unit", string="Units", help="Their sub-units are included; empty: all units."
    )
    stage = fields.Selection(
        STAGES,
        default="year_end",
        required=True,
        help="Results and unit details: the mid-year review or the year-end assessment.",
    )

    @api.constrains("report", "template_id")
    def _check_template(self):
        for request in self:
            if request.report == "template" and not request.template_id:
                raise ValidationError(
                    self.env._("The superior-level upload sheet needs its template.")
                )

    def _report_filter(self, cycle=None, period=""):
        """The builders' filter of this request (``cycle`` overrides the request's)."""
        self.ensure_one()
        cycle = cycle if cycle is not None else self.cycle_id
        return ReportFilter(
            cycle_id=cycle.id or 0,
            category_id=self.category_id.id or 0,
            unit_ids=tuple(self.unit_ids.ids),
            stage=self.stage,
            period=period,
        )

    def _report_data(self, cycle=None, period=""):
        """The ``ir.actions.report``, its docids and data for this request."""
        self.ensure_one()
        report = self.env.ref(REPORT_ACTIONS[self.report])
        data = self._report_filter(cycle, period).as_data()
        docids = None
        if self.report == "template":
            data["target_template_id"] = self.template_id.id
            docids = self.template_id.ids
        return report, docids, data

    def _render_report(self, cycle=None, period=""):
        """Render the report as the current user: (file content, file name)."""
        report, docids, data = self._report_data(cycle, period)
        content, _extension = (
            self.env["ir.actions.report"]
            .with_context(active_model=report.model)
            ._render_xlsx(report.report_name, docids, data)
        )
        name = self.template_id.name if self.report == "template" else report.name
        return content, name
