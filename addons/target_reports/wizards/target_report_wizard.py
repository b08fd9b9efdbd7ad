from odoo import api, fields, models

from ..models.target_report_request import XLSX_MIMETYPE

# Reports over this many goals are exported by a background job; the system
# parameter JOB_GOALS_PARAM overrides it.
JOB_GOALS_PARAM = "target_reports.export_job_goals"
JOB_GOALS = 5000


class TargetReportWizard(models.TransientModel):
    """Export an XLSX report for a cycle, a unit category and units (报表导出).

    The report reads the data as the current user: a unit user's export holds
    their units' subtree only, whatever units they pick. A report over more
    goals than the system parameter ``target_reports.export_job_goals`` (5,000
    by default) is made by a background job (target.job): the user is notified
    when it is done and downloads the file from the job.

    Access: every assessment role; the upload templates are the office's.
    """

    _name = "target.report.wizard"
    _inherit = ["target.report.request"]
    _description = "Export Reports"

    # a wizard never keeps a template or a cycle from being deleted
    template_id = fields.Many2one(ondelete="cascade")
    cycle_id = fields.Many2one(ondelete="cascade")
    category_id = fields.Many2one(ondelete="cascade")
    unit_ids = fields.Many2many(
        "target.unit", "target_report_wizard_unit_rel", "wizard_id", "unit_id", "Units"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "cycle_id" in fields_list and not values.get("cycle_id"):
            cycle = self.env["target.cycle"].search([], order="date_start desc", limit=1)
            values["cycle_id"] = cycle.id
        user = self.env.user
        if (
            "unit_ids" in fields_list
            and not values.get("unit_ids")
            and not user.has_group("target_assessment.group_office")
            and user.target_unit_ids
        ):
            values["unit_ids"] = [fields.Command.set(user.target_unit_ids.ids)]
        return values

    def action_export(self):
        """Download the report (the browser receives the file), or make a large one in
        the background."""
        self.ensure_one()
        if self._exports_in_background():
            reports = dict(self._fields["report"]._description_selection(self.env))
            job = self.env["target.job"]._enqueue(
                self,
                "_export_in_background",
                self.env._("Export of %(report)s", report=reports[self.report]),
                channel="root.export",
            )
            return job._action_started()
        report, docids, data = self._report_data()
        return report.report_action(docids, data=data, config=False)

    def _export_goal_count(self):
        """How many goals the report covers, as the user reads them (its size)."""
        self.ensure_one()
        domain = [("cycle_id", "=", self.cycle_id.id)] if self.cycle_id else []
        if self.category_id:
            domain.append(("unit_id.category_id", "=", self.category_id.id))
        if self.unit_ids:
            domain.append(("unit_id", "child_of", self.unit_ids.ids))
        return self.env["target.goal"].search_count(domain)

    def _exports_in_background(self):
        """Whether the report covers more goals than an export made at once."""
        limit = self.env["ir.config_parameter"].sudo().get_param(JOB_GOALS_PARAM)
        return self._export_goal_count() > int(limit or JOB_GOALS)

    def _export_in_background(self):
        """The background job of a large export: the file, kept on the job."""
        self.ensure_one()
        content, name = self._render_report()
        self.env["target.job"]._attach_file(content, f"{name}.xlsx", XLSX_MIMETYPE)
        return self.env._("%(report)s is ready: download it from the background job.", report=name)
