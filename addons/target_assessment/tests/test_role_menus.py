"""Every role reaches its work from the app: the tile's landing page per role, and every
menu each role sees opens (its action loads, its records can be listed)."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ROLE_GROUPS, TargetCityCase

HOME = {
    "unit_user": "target.todo",
    "unit_leader": "tier.review",
    "assessor": "target.evaluation.line",
    "inspector": "target.inspection",
    "evaluator": "target.special.evaluation.expected",
    "office": "target.cycle",
    "leader": "target.evaluation",
    "hr": "target.personnel.result",
    "admin": "target.cycle",
}


def open_every_menu(case, user, label):
    """Open every menu of the app that ``user`` sees, as the web client would: its action
    loads, its records can be listed, its views load; at least one opens."""
    root = case.env.ref("target_assessment.target_assessment_menu_root")
    menus = case.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
    case.assertIn(root.id, menus, label)
    app = case.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)[root.id]
    case.assertTrue(app["actionID"], f"{label}: the app tile has an action")
    stack = list(menus[root.id]["children"])
    opened = 0
    while stack:
        menu = menus[stack.pop()]
        stack.extend(menu["children"])
        if not menu["action_model"]:
            continue
        model, action_id = menu["action_model"], menu["action_id"]
        with case.subTest(role=label, menu=menu["name"]):
            action = case.env[model].browse(action_id).sudo()
            if model == "ir.actions.act_window":
                values = (
                    case.env[model].with_user(user)._for_xml_id(action.get_external_id()[action.id])
                )
                Model = case.env[values["res_model"]].with_user(user)
                domain = safe_eval(
                    str(values.get("domain") or "[]"),
                    {"uid": user.id, "user": user, "context_today": lambda: None},
                )
                Model.search(domain, limit=1)
                Model.get_views([(False, "list"), (False, "form")])
            elif model == "ir.actions.server":
                action.with_user(user).run()
            else:  # as the web client loads it (/web/action/load)
                xml_id = action.get_external_id()[action.id]
                case.env[model].with_user(user)._for_xml_id(xml_id)
            opened += 1
    case.assertTrue(opened, label)
    return menus


@tagged("post_install", "-at_install")
class TestRoleMenus(TargetCityCase):
    def home(self, role):
        action = self.env.ref("target_assessment.target_assessment_home_action")
        return action.with_user(self.users[role]).run()

    def test_the_app_tile_opens_each_roles_work(self):
        for role, model in HOME.items():
            with self.subTest(role=role):
                action = self.home(role)
                self.assertEqual(action["res_model"], model)
                self.env[model].with_user(self.users[role]).search(
                    safe_eval(str(action.get("domain") or "[]"), {"uid": self.users[role].id}),
                    limit=1,
                )
        self.cycle.phase = "year_end"  # the self-assessment is on the clerk's to-do list
        self.assertEqual(self.home("unit_user")["xml_id"], "target_assessment.target_todo_action")

    def test_every_menu_opens_for_every_role(self):
        for role in ROLE_GROUPS:
            if role != "employee":
                open_every_menu(self, self.users[role], role)


@tagged("post_install", "-at_install")
class TestLanding(TargetCityCase, HttpCase):
    """The web client's first page after login (its home action, read from the
    session over HTTP as the web client reads it): each role's own work, not
    Discuss; a home action the user chose wins; other users keep Odoo's."""

    def home_action_id(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]

    def test_each_role_lands_in_its_work(self):
        home = self.env.ref("target_assessment.target_assessment_home_action")
        # where target_reports is installed, the office and the leaders land on its
        # leadership cockpit instead (tested there)
        cockpit = self.env.ref(
            "target_reports.spreadsheet_dashboard_action_cockpit", raise_if_not_found=False
        )
        for role in HOME:
            with self.subTest(role=role):
                expected = cockpit if cockpit and role in ("office", "leader", "admin") else home
                self.assertEqual(self.home_action_id(self.users[role]), expected.id)
        # what the web client then runs: the role's page (HR's personnel results)
        self.authenticate(self.users["hr"].login, self.users["hr"].login)
        action = self.make_jsonrpc_request("/web/action/run", {"action_id": home.id})
        self.assertEqual(action["res_model"], "target.personnel.result")

    def test_a_chosen_home_action_wins_and_others_keep_odoos(self):
        unit_user = self.users["unit_user"]
        chosen = self.env.ref("target_assessment.target_goal_action")
        unit_user.action_id = chosen.id
        self.assertEqual(self.home_action_id(unit_user), chosen.id)
        outsider = new_test_user(self.env, login="ta_outsider", groups="base.group_user")
        self.assertFalse(self.home_action_id(outsider))
