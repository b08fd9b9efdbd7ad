from odoo.tests import tagged

from .common import TargetCase


@tagged("post_install", "-at_install")
class TestSecurityGroups(TargetCase):
    def test_privileges_group_the_roles(self):
        privilege = self.env.ref("target_assessment.res_groups_privilege_target_assessment")
        roles = self.env.ref("target_assessment.res_groups_privilege_target_assessment_roles")
        self.assertEqual(
            privilege.group_ids.mapped(lambda g: g.get_external_id()[g.id]),
            [
                "target_assessment.group_unit_user",
                "target_assessment.group_unit_leader",
                "target_assessment.group_office_local",
                "target_assessment.group_office",
                "target_assessment.group_admin",
            ],
        )
        self.assertEqual(len(roles.group_ids), 5)
        self.assertEqual(privilege.category_id, roles.category_id)

    def test_implied_chain(self):
        user = self.users["unit_leader"]
        self.assertTrue(user.has_group("target_assessment.group_unit_user"))
        self.assertFalse(user.has_group("target_assessment.group_office"))
        self.assertFalse(user.has_group("target_assessment.group_assessor"))

        office = self.users["office"]
        for xmlid in ("group_unit_leader", "group_assessor", "group_inspector", "group_evaluator"):
            self.assertTrue(office.has_group(f"target_assessment.{xmlid}"), xmlid)
        # The office prepares; only the leading group signs off and only HR sees cadres.
        self.assertFalse(office.has_group("target_assessment.group_leader"))
        self.assertFalse(office.has_group("target_assessment.group_hr"))

        admin = self.users["admin"]
        for xmlid in ("group_office", "group_leader", "group_hr", "group_unit_user"):
            self.assertTrue(admin.has_group(f"target_assessment.{xmlid}"), xmlid)
        self.assertTrue(self.env.ref("base.user_admin").has_group("target_assessment.group_admin"))

    def test_top_menu_groups(self):
        root = self.env.ref("target_assessment.target_assessment_menu_root")
        config = self.env.ref("target_assessment.target_assessment_menu_config")
        for role in ("unit_user", "assessor", "inspector", "evaluator", "leader", "hr", "office"):
            self.assertTrue(self.users[role].all_group_ids & root.group_ids, role)
        self.assertFalse(self.users["employee"].all_group_ids & root.group_ids)
        self.assertFalse(self.users["unit_user"].all_group_ids & config.group_ids)
        self.assertTrue(self.users["office"].all_group_ids & config.group_ids)
