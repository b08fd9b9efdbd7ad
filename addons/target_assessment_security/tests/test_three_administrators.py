"""三员分立: the system, security and audit administrators are three different people."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SecurityCase

GROUPS = {
    "system": "base.group_system",
    "security": "target_assessment_security.group_security_admin",
    "audit": "target_assessment_security.group_audit_admin",
}


@tagged("post_install", "-at_install")
class TestThreeAdministrators(SecurityCase):
    def test_one_user_holds_one_of_the_three(self):
        for first, second in (("system", "security"), ("system", "audit"), ("security", "audit")):
            with (
                self.subTest(first=first, second=second),
                self.assertRaisesRegex(ValidationError, "different people"),
            ):
                new_test_user(
                    self.env,
                    login=f"both_{first}_{second}",
                    groups=f"{GROUPS[first]},{GROUPS[second]}",
                )

    def test_refused_from_either_side(self):
        security = self.env.ref(GROUPS["security"])
        audit = self.env.ref(GROUPS["audit"])
        system = self.env.ref(GROUPS["system"])
        # adding a group to the user
        with self.assertRaisesRegex(ValidationError, "different people"):
            self.security_admin.write({"group_ids": [Command.link(audit.id)]})
        with self.assertRaisesRegex(ValidationError, "different people"):
            self.audit_admin.write({"group_ids": [Command.link(system.id)]})
        # adding the user to the group
        with self.assertRaisesRegex(ValidationError, "different people"):
            security.write({"user_ids": [Command.link(self.system_admin.id)]})
        self.assertNotIn(audit, self.security_admin.all_group_ids)
        self.assertNotIn(self.system_admin, security.user_ids)
        # the built-in administrator is the system administrator only
        admin = self.env.ref("base.user_admin")
        with self.assertRaisesRegex(ValidationError, "different people"):
            admin.write({"group_ids": [Command.link(security.id)]})

    def test_the_security_administrator_keeps_the_users(self):
        clerk = (
            self.env["res.users"]
            .with_user(self.security_admin)
            .create(
                {
                    "name": "新填报员",
                    "login": "new_clerk",
                    "group_ids": [
                        Command.link(self.env.ref("target_assessment.group_unit_user").id)
                    ],
                }
            )
        )
        self.assertTrue(clerk.has_group("target_assessment.group_unit_user"))
        # and releases locked accounts, which nobody else does
        clerk.with_user(self.security_admin).action_target_release_login()
        for user in (self.audit_admin, self.users["office"], self.system_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                clerk.with_user(user).action_target_release_login()

    def test_the_audit_administrator_changes_nothing(self):
        with self.assertRaises(AccessError):
            self.users["unit_user"].with_user(self.audit_admin).write({"name": "改名"})
        with self.assertRaises(AccessError):
            self.env["auditlog.rule"].with_user(self.audit_admin).search([]).write(
                {"log_write": False}
            )
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.audit_admin).set_param(
                "password_security.history", 0
            )
        with self.assertRaises(AccessError):
            self.goal(self.county_a).with_user(self.audit_admin).write({"target_value": 1.0})
