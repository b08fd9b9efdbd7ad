from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_with_its_dependencies(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["target_reports", "target_assessment", "report_xlsx"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)

    def test_exports_menu_is_the_office(self):
        menu = self.env.ref("target_reports.target_reports_menu_exports")
        self.assertEqual(
            menu.parent_id, self.env.ref("target_assessment.target_assessment_menu_reporting")
        )
        unit_user = new_test_user(self.env, "tr_unit", groups="target_assessment.group_unit_user")
        self.assertFalse(unit_user.all_group_ids & menu.group_ids)
