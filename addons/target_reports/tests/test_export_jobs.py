"""Large report exports (报表导出) as background jobs: over the size set by the system
parameter, the wizard queues a job whose file, kept on the job, is the one the
export makes at once; only the user who started it reads it."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job
from odoo.addons.target_assessment.tests.test_background_jobs import queued

from ..wizards.target_report_wizard import JOB_GOALS_PARAM
from .common import ReportsCase
from .test_schedules import sheet_values


@tagged("post_install", "-at_install")
class TestExportJobs(ReportsCase):
    def wizard(self, role, **values):
        return (
            self.env["target.report.wizard"]
            .with_user(self.users[role])
            .create(dict({"cycle_id": self.cycle.id, "report": "goal_tree"}, **values))
        )

    def limit(self, goals):
        self.env["ir.config_parameter"].sudo().set_param(JOB_GOALS_PARAM, str(goals))

    def test_small_export_downloads_at_once(self):
        wizard = self.wizard("office")
        self.assertEqual(wizard._export_goal_count(), len(self.goals))
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(self.env["target.job"].search([("res_model", "=", wizard._name)]))

    def test_large_export_is_a_job_with_the_same_file(self):
        self.limit(len(self.goals) - 1)
        wizard = self.wizard("office")
        with queued():
            action = wizard.action_export()
            job = self.env["target.job"].search(
                [("res_model", "=", wizard._name), ("res_id", "=", wizard.id)]
            )
            self.assertEqual(job.state, "queued")
            self.assertEqual(job.queue_job_id.channel, "root.export")
            self.assertIn("is queued", action["params"]["message"])
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.env.invalidate_all()
        self.assertEqual(job.state, "done")
        self.assertIn("download it", job.result)
        self.assertTrue(job.attachment_id.name.endswith(".xlsx"))
        inline, _name = wizard._render_report()
        self.assertEqual(sheet_values(job.attachment_id.raw), sheet_values(inline))
        # the user who started it downloads it; another user reads neither job nor file
        download = job.with_user(self.users["office"]).action_download()
        self.assertIn(f"/web/content/{job.attachment_id.id}", download["url"])
        self.assertTrue(job.attachment_id.with_user(self.users["office"]).raw)
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(self.users["unit_user"]).read(["raw"])

    def test_a_units_export_counts_its_own_goals(self):
        """A unit user's export is their units' subtree: its size too."""
        wizard = self.wizard("unit_user")
        office = self.wizard("office")
        self.assertLess(wizard._export_goal_count(), office._export_goal_count())
        self.limit(wizard._export_goal_count())
        self.assertFalse(wizard._exports_in_background())
        self.assertTrue(office._exports_in_background())
        # inline (jobs run at once, as here): done when the action returns
        action = office.action_export()
        job = self.env["target.job"].search([("res_model", "=", office._name)])
        self.assertEqual(job.state, "done")
        self.assertEqual(action["params"]["message"], job.result)
        self.assertTrue(job.attachment_id)
