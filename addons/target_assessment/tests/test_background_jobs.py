"""Background jobs (target.job on OCA queue_job): refusal, retry, notification, idempotence."""

from contextlib import contextmanager
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .test_scoring_common import ScoringCase

JOB_MODULE = "odoo.addons.target_assessment.models.target_job"


@contextmanager
def queued():
    """Jobs are queued as in production (scripts/test otherwise runs them at once)."""
    with (
        patch(f"{JOB_MODULE}.must_run_without_delay", return_value=False),
        patch("odoo.addons.queue_job.delay.must_run_without_delay", return_value=False),
    ):
        yield


@tagged("post_install", "-at_install")
class TestBackgroundJobs(ScoringCase):
    def setUp(self):
        super().setUp()
        self.office = self.users["office"]
        self.Job = self.env["target.job"]

    def _jobs(self):
        return self.Job.search([("res_model", "=", "target.cycle"), ("res_id", "=", self.cycle.id)])

    def _notifications(self, user):
        """The notifications sent to ``user`` in this transaction (stored at its commit)."""
        channel = f'"res.partner",{user.partner_id.id}]'
        return [
            values
            for values in self.env.cr.precommit.data.get("bus.bus.values", [])
            if values["channel"].endswith(channel) and "simple_notification" in values["message"]
        ]

    def test_compute_runs_as_a_job_inline(self):
        """Where jobs run at once (the tests), the action has scored when it returns."""
        before = len(self._notifications(self.office))
        action = self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "done")
        self.assertEqual(job.progress, 100)
        self.assertEqual(job.user_id, self.office)
        self.assertIn("scored", job.result)
        self.assertEqual(action["params"]["message"], job.result)
        self.assertTrue(job.finished_on)
        self.assertEqual(
            self.env["target.scoring.run"].search_count([("cycle_id", "=", self.cycle.id)]), 1
        )
        # the user who started it is told
        self.assertEqual(len(self._notifications(self.office)), before + 1)

    def test_the_scoring_reports_its_progress(self):
        """The user who started the job is told of each step (outside a job, nobody is)."""
        Job = type(self.Job)
        with patch.object(Job, "_notify_progress", autospec=True) as notify:
            self.cycle.with_user(self.office).action_compute_scores()
        messages = [call.args[1] for call in notify.call_args_list]
        name = self._jobs().name
        self.assertEqual(
            messages,
            [
                f"{name} has started.",
                f"{name}: the cycle is read (40%).",
                f"{name}: the scores are computed (60%).",
            ],
        )
        with patch.object(Job, "_notify_progress", autospec=True) as notify:
            self.Job._report_progress(50, "outside")
        notify.assert_not_called()

    def test_same_job_refused_while_queued(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
            job = self._jobs()
            self.assertEqual(job.state, "queued")
            self.assertTrue(job.queue_job_id)
            self.assertEqual(job.queue_job_id.identity_key, job.identity_key)
            with self.assertRaisesRegex(UserError, "already"):
                self.cycle.with_user(self.office).action_compute_scores()
            # another stage of the same cycle is another job
            self.cycle.with_user(self.office).action_preview_midyear()
            self.assertEqual(len(self._jobs()), 2)
            # the runner runs it, as the user who started it
            queue_job = Job.load(self.env, job.queue_job_id.uuid)
            self.assertEqual(queue_job.user_id, self.office.id)
            queue_job.perform()
            self.assertEqual(job.state, "done")
            # once done, the same job may start again
            self.cycle.with_user(self.office).action_compute_scores()
        self.assertEqual(len(self._jobs()), 3)

    def test_serialization_failure_is_retried(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        queue_job = Job.load(self.env, job.queue_job_id.uuid)
        compute = type(self.cycle)._compute_scores
        calls = []

        def conflict_once(cycle, stage):
            calls.append(stage)
            if len(calls) == 1:
                raise SerializationFailure("could not serialize access due to concurrent update")
            return compute(cycle, stage)

        with patch.object(type(self.cycle), "_compute_scores", conflict_once):
            with self.assertRaises(RetryableJobError):
                queue_job.perform()
            # queue_job rolls the attempt back and runs it again later
            self.assertIn(job.state, ("queued", "running"))
            queue_job.perform()
        self.assertEqual(job.state, "done")
        self.assertEqual(calls, ["year_end", "year_end"])

    def test_run_again_after_finish_does_nothing(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        job.with_user(self.office)._run()
        finished_on, result = job.finished_on, job.result
        runs = self.env["target.scoring.run"].search_count([("cycle_id", "=", self.cycle.id)])
        job.with_user(self.office)._run()
        self.assertEqual((job.state, job.finished_on, job.result), ("done", finished_on, result))
        self.assertEqual(
            self.env["target.scoring.run"].search_count([("cycle_id", "=", self.cycle.id)]), runs
        )

    def test_business_error_fails_the_job_and_tells_the_user(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        before = len(self._notifications(self.office))

        def refuse(cycle, stage):
            raise UserError(cycle.env._("Only the assessment office computes scores."))

        with (
            queued(),
            patch.object(type(self.cycle), "_compute_scores", refuse),
        ):
            result = job.with_user(self.office)._run()
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.result, "Only the assessment office computes scores.")
        self.assertEqual(result, job.result)
        self.assertEqual(len(self._notifications(self.office)), before + 1)
        # the failed attempt's writes were rolled back; a new job may start
        self.cycle.with_user(self.office).action_compute_scores()
        self.assertEqual(self._jobs()[0].state, "done")

    def test_queue_job_failure_hook_marks_the_job_failed(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        job._on_queue_job_fail(exc_name="ZeroDivisionError", exc_message="division by zero")
        self.assertEqual(job.state, "failed")
        self.assertIn("division by zero", job.result)

    def test_only_the_office_starts_the_scoring(self):
        for role in ("unit_user", "leader", "hr"):
            with self.assertRaises(AccessError):
                self.cycle.with_user(self.users[role]).action_compute_scores()
        self.assertFalse(self._jobs())

    def test_state_and_result_are_not_writable(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        for user in (self.office, self.users["admin"]):
            for vals in ({"state": "done"}, {"progress": 100}, {"result": "ok"}):
                with self.assertRaises(AccessError):
                    job.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.Job.with_user(self.users["admin"]).create(
                {
                    "name": "x",
                    "user_id": self.office.id,
                    "res_model": "target.cycle",
                    "res_id": self.cycle.id,
                    "method": "_compute_scores",
                    "identity_key": "x",
                    "state": "done",
                }
            )
        with self.assertRaises(AccessError):
            job.with_user(self.users["admin"])._workflow_move("running")
        self.assertEqual(job.state, "queued")

    def test_users_read_their_own_jobs(self):
        with queued():
            self.cycle.with_user(self.office).action_compute_scores()
        job = self._jobs()
        self.assertEqual(self.Job.with_user(self.office).search([("id", "=", job.id)]), job)
        self.assertEqual(
            self.Job.with_user(self.users["leader"]).search([("id", "=", job.id)]), job
        )
        self.assertFalse(self.Job.with_user(self.users["unit_user"]).search([("id", "=", job.id)]))
        with self.assertRaises(AccessError):
            job.with_user(self.users["unit_user"]).read(["state"])
