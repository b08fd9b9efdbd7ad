"""Every compute run is recorded with digests of its input and results."""

import re

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.target_assessment import engine
from odoo.addons.target_assessment.scoring.reader import CycleReader

from .common import SecurityCase

SHA256 = re.compile(r"[0-9a-f]{64}")


@tagged("post_install", "-at_install")
class TestScoringRun(SecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        cls.gdp_a = cls._goal(cls.county_a, cls.ind_gdp, quant, 50, 100, actual=80)
        cls._goal(cls.county_b, cls.ind_gdp, quant, 50, 100, actual=95)

    def compute(self):
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        return self.env["target.scoring.run"].search([("cycle_id", "=", self.cycle.id)], limit=1)

    def test_a_run_is_recorded_and_its_digests_retraced(self):
        run = self.compute()
        self.assertEqual(run.user_id, self.users["office"])
        self.assertEqual(run.stage, "year_end")
        self.assertEqual(run.units, 2)
        self.assertEqual(run.goals, 2)
        self.assertTrue(run.run_on)
        self.assertRegex(run.input_digest, SHA256)
        self.assertRegex(run.result_digest, SHA256)
        # the input can be read again and gives the same digest
        data = CycleReader(self.cycle.sudo(), "year_end").load()
        self.assertEqual(self.env["target.scoring.run"]._input_digest(data), run.input_digest)
        self.assertEqual(
            engine.digest(engine.compute_cycle(data.schemes.values(), data.units)),
            run.result_digest,
        )
        # the same data: the same digests; other data: others
        again = self.compute()
        self.assertNotEqual(again, run)
        self.assertEqual(
            (again.input_digest, again.result_digest), (run.input_digest, run.result_digest)
        )
        self.gdp_a.own_actual = 60
        changed = self.compute()
        self.assertNotEqual(changed.input_digest, run.input_digest)
        self.assertNotEqual(changed.result_digest, run.result_digest)
        self.assertEqual(
            self.env["target.scoring.run"].search_count([("cycle_id", "=", self.cycle.id)]), 3
        )

    def test_read_only_for_everyone(self):
        run = self.compute()
        Run = self.env["target.scoring.run"]
        for user in (self.users["office"], self.users["admin"], self.audit_admin):
            with self.subTest(user=user.login):
                self.assertEqual(Run.with_user(user).search([("id", "=", run.id)]), run)
                with self.assertRaises(AccessError):
                    run.with_user(user).write({"result_digest": "0" * 64})
                with self.assertRaises(AccessError):
                    run.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    Run.with_user(user).create(
                        {
                            "cycle_id": self.cycle.id,
                            "stage": "year_end",
                            "user_id": user.id,
                            "run_on": run.run_on,
                        }
                    )
        for user in (self.users["unit_user"], self.users["assessor"], self.security_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                run.with_user(user).read(["result_digest"])
        with self.assertRaises(AccessError):
            run.sudo().write({"result_digest": "0" * 64})
        with self.assertRaises(AccessError):
            run.sudo().unlink()
