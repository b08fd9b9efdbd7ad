"""Nobody edits or deletes the audit log; only the audit administrator reads it."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SecurityCase

LOG_MODELS = ("auditlog.log", "auditlog.log.line", "auditlog.http.request", "auditlog.http.session")


@tagged("post_install", "-at_install")
class TestAuditLogProtection(SecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tracked = cls.env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "被审计的目标",
                "target_value": 100.0,
                "points": 10.0,
            }
        )
        cls.tracked.write({"target_value": 110.0})
        cls.log = (
            cls.env["auditlog.log"]
            .search(
                [
                    ("model_model", "=", "target.goal"),
                    ("res_id", "=", cls.tracked.id),
                    ("method", "=", "write"),
                ]
            )
            .filtered(lambda log: "target_value" in log.line_ids.mapped("field_name"))
        )
        cls.others = {
            "office": cls.users["office"],
            "admin": cls.users["admin"],
            "leader": cls.users["leader"],
            "system_admin": cls.system_admin,
            "security_admin": cls.security_admin,
        }

    def test_only_the_audit_administrator_reads_it(self):
        self.assertTrue(self.log.line_ids)
        Log = self.env["auditlog.log"]
        self.assertEqual(
            Log.with_user(self.audit_admin).search([("id", "=", self.log.id)]), self.log
        )
        self.assertTrue(self.log.with_user(self.audit_admin).line_ids)
        for name, user in self.others.items():
            with self.subTest(user=name):
                try:
                    found = Log.with_user(user).search([("id", "=", self.log.id)])
                except AccessError:  # no right on the model at all
                    found = Log
                self.assertFalse(found)
                with self.assertRaises(AccessError):
                    self.log.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.log.line_ids[:1].with_user(user).read(["new_value_text"])

    def test_nobody_edits_or_deletes_it(self):
        line = self.log.line_ids.filtered(lambda line: line.field_name == "target_value")
        for name, user in {**self.others, "audit_admin": self.audit_admin}.items():
            with self.subTest(user=name):
                with self.assertRaises(AccessError):
                    self.log.with_user(user).write({"name": "forged"})
                with self.assertRaises(AccessError):
                    line.with_user(user).write({"new_value_text": "forged"})
                with self.assertRaises(AccessError):
                    self.log.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["auditlog.log"].with_user(user).create(
                        {"model_id": self.log.model_id.id, "res_id": 1, "method": "write"}
                    )
        # not even the superuser
        with self.assertRaises(AccessError):
            self.log.sudo().write({"name": "forged"})
        with self.assertRaises(AccessError):
            line.sudo().write({"new_value_text": "forged"})
        with self.assertRaises(AccessError):
            self.log.sudo().unlink()
        with self.assertRaises(AccessError):
            line.sudo().unlink()
        self.assertEqual(line.new_value_text, "110.0")

    def test_kept_for_the_retention_period(self):
        old_goal = self.goal(self.county_a, target=1.0)
        old = self.logs(old_goal, "create")
        young = self.log
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=1096), old.id),
        )
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=1000), young.id),
        )
        self.env.invalidate_all()
        Vacuum = self.env["auditlog.autovacuum"]
        # nobody shortens it: not the audit administrator, not over RPC
        with self.assertRaises(AccessError):
            Vacuum.with_user(self.audit_admin).autovacuum(0)
        # a shorter period asked of the purge is raised to the retention
        Vacuum.sudo().autovacuum(1)
        self.assertFalse(old.exists())
        self.assertTrue(young.exists())
        # the daily job runs it, with the configured retention
        cron = self.env.ref("auditlog.ir_cron_auditlog_autovacuum")
        self.assertTrue(cron.active)
        self.assertIn("_target_vacuum", cron.code)
        self.env["ir.config_parameter"].sudo().set_param(
            "target_assessment_security.audit_retention_days", 900
        )
        Vacuum.sudo()._target_vacuum()
        self.assertFalse(young.exists())
