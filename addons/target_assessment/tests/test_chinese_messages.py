"""What Odoo and OCA write in English, or in jest, reaches a Chinese user in plain Chinese:
a database constraint's refusal over RPC, a record rule's refusal, the approval
reviews' chatter lines and labels, the names of the system's partners."""

from pathlib import Path

import polib

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import code_translations

from .common import TargetCityCase

LANG = "zh_CN"
HAN = "[\u4e00-\u9fff]"
CATALOGUE = Path(__file__).resolve().parent.parent / "i18n" / "zh_CN.po"


@tagged("post_install", "-at_install")
class TestChineseMessages(TargetCityCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        modules = ["base", "base_tier_validation", "target_assessment"]
        cls.env["ir.module.module"]._load_module_terms(modules, [LANG])
        for user in cls.users.values():
            user.lang = LANG
        cls.msgstr = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}

    def test_constraint_refusal_over_rpc_is_chinese(self):
        office = self.users["office"]
        self.authenticate(office.login, office.login)
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/target.unit.category/create",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "target.unit.category",
                    "method": "create",
                    "args": [{"name": "另一县区", "code": self.cat_county.code}],
                    "kwargs": {"context": {"lang": LANG}},
                },
            },
            timeout=60,
        )
        message = response.json()["error"]["data"]["message"]
        self.assertIn(self.msgstr["The category code must be unique."], message)
        self.assertNotRegex(message, "[A-Za-z]{3,}")

    def test_record_rule_refusal_is_plain_chinese(self):
        goal = self.goal(self.county_b)
        clerk = self.users["unit_user"]
        with self.assertRaises(AccessError) as refused:
            goal.with_user(clerk).read(["name"])
        message = str(refused.exception)
        self.assertNotIn("饼干", message)
        self.assertRegex(message, HAN)
        self.assertIn(clerk.name, message)
        self.assertIn("系统管理员", message)

    def test_access_right_refusal_is_plain_chinese(self):
        # Odoo's names the model's technical name (target.scoring.run) and the
        # groups' internal names; the product's says what and whom to ask
        clerk = self.users["unit_user"]
        with self.assertRaises(AccessError) as refused:
            self.env["target.scoring.run"].with_user(clerk).search([])
        message = str(refused.exception)
        self.assertNotIn("target.scoring.run", message)
        self.assertIn(clerk.name, message)
        self.assertNotRegex(message.replace(clerk.name, ""), "[A-Za-z]{3,}")  # the test user's
        self.assertIn("系统管理员", message)
        description = self.env["ir.model"].with_context(lang=LANG)._get("target.scoring.run").name
        self.assertIn(description, message)

    def test_review_lines_are_chinese(self):
        plan = self.env["target.plan"].create(
            {"cycle_id": self.cycle.id, "unit_id": self.county_a.id}
        )
        office = self.users["office"]
        body = plan.with_user(office).with_context(lang="en_US")._notify_created_review_body()
        self.assertEqual(
            body, self.msgstr["Submitted for approval by %(user)s."] % {"user": office.name}
        )

    def test_change_under_approval_is_refused_in_chinese(self):
        # base_tier_validation's own refusal lists the fields in an English sentence
        evaluation = self.env["target.evaluation"].create(
            {"cycle_id": self.cycle.id, "unit_id": self.county_a.id, "stage": "midyear"}
        )
        evaluation.with_user(self.users["unit_user"]).action_submit()
        with self.assertRaises(ValidationError) as refused:
            evaluation.with_user(self.users["office"]).with_context(
                lang=LANG, skip_validation_check=True
            ).write({"self_comment": "改写"})
        message = str(refused.exception)
        self.assertRegex(message, HAN)
        self.assertNotRegex(message, "[A-Za-z]{3,}")

    def test_approval_labels_of_base_tier_validation_are_chinese(self):
        # carried by i18n_extra/zh_CN.po, loaded after base_tier_validation's own
        env = self.env(context={"lang": LANG})
        fields = env["tier.review"].fields_get(["name", "todo_by"], ["string"])
        self.assertEqual(fields["name"]["string"], "审批环节")
        self.assertEqual(fields["todo_by"]["string"], "待办人")
        label = env.ref("base_tier_validation.tier_validation_label").arch_db
        self.assertIn("退回", label)
        self.assertNotIn("Reject", label)
        # its reviews widget's column, from this addon's web translations
        messages = code_translations.get_web_translations("target_assessment", LANG)["messages"]
        self.assertIn(("Todo by", "待办人"), [(m["id"], m["string"]) for m in messages])

    def test_system_partners_and_channels_have_chinese_names(self):
        root = self.env.ref("base.partner_root")
        admin = self.env.ref("base.partner_admin")
        root.name, admin.name = "OdooBot", "王主任"
        self.env["res.partner"]._target_name_system_partners()
        self.assertEqual(root.name, "系统")
        self.assertEqual(admin.name, "王主任", "a name the office gave is kept")
        general = self.env.ref("mail.channel_all_employees")
        general.name = "general"
        # the message mail posts in #general at install, first in everyone's messaging menu
        welcome = self.env.ref("mail.module_install_notification")
        welcome.body = "<p>Welcome to the #general channel.</p><p>This channel is ...</p>"
        self.env["discuss.channel"]._target_name_system_channels()
        self.assertEqual(general.name, "全体人员")
        self.assertIn("全体人员", welcome.body)
        self.assertNotRegex(welcome.body + welcome.subject, "[A-Za-z]{3,}(?![^<]*>)")
        welcome.body = "<p>本单位的欢迎词</p>"
        self.env["discuss.channel"]._target_name_system_channels()
        self.assertEqual(welcome.body, "<p>本单位的欢迎词</p>", "words the office wrote are kept")

    def test_preferences_are_chinese(self):
        # Odoo 19's zh_CN leaves the preferences dialog (base, mail, hr) partly in
        # English; i18n_extra/zh_CN.po carries the rest (target_assessment_security's,
        # the second factor's words)
        env = self.env(context={"lang": LANG})
        modules = ["base", "mail", "hr", "hr_homeworking", "target_assessment"]
        env["ir.module.module"]._load_module_terms(modules, [LANG], overwrite=True)
        view = env.ref("base.view_users_form_simple_modif")
        arch = env["res.users"].get_views([(view.id, "form")])["views"]["form"]["arch"]
        for chinese in ("保存设置", "修改密码", "外出", "暂无安排", "接口密钥", "退出登录"):
            self.assertIn(chinese, arch)
        for english in ("Update Preferences", "Change Password", "Out-of-office", "API Key"):
            self.assertNotIn(english, arch)
        # the employee's tabs (hr, and hr_homeworking's day-by-day work location)
        self.assertIn(
            'placeholder="邮政编码"', env.ref("hr.res_users_view_form_preferences").arch_db
        )
        if "monday_location_id" in env["res.users"]._fields:  # hr_homeworking, auto-installed
            strings = env["res.users"].fields_get(["monday_location_id"], ["string"])
            self.assertEqual(strings["monday_location_id"]["string"], "周一")
        # the user menu's and messaging menu's words, from this addon's web translations
        messages = code_translations.get_web_translations("target_assessment", LANG)["messages"]
        terms = {message["id"]: message["string"] for message in messages}
        self.assertEqual(terms["My Preferences"], "偏好设置")
        self.assertEqual(terms["Install the assessment system"], "安装考核系统")
