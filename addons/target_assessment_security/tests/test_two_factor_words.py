"""The second factor is offered in Chinese: Odoo 19's zh_CN leaves auth_totp's and
auth_totp_mail's words in the preferences' security tab in English ("Enable 2FA"),
carried by this addon's i18n_extra/zh_CN.po."""

from odoo.tests import TransactionCase, tagged

LANG = "zh_CN"


@tagged("post_install", "-at_install")
class TestTwoFactorWords(TransactionCase):
    def test_preferences_offer_the_second_factor_in_chinese(self):
        self.env["res.lang"]._activate_lang(LANG)
        modules = ["auth_totp", "auth_totp_mail", "target_assessment_security"]
        self.env["ir.module.module"]._load_module_terms(modules, [LANG], overwrite=True)
        env = self.env(context={"lang": LANG})
        view = env.ref("base.view_users_form_simple_modif")
        arch = env["res.users"].get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("启用双因素认证", arch)
        self.assertIn("建议启用，增强账户安全。", arch)
        self.assertNotIn("2FA", arch)
        self.assertNotIn("Recommended for extra security", arch)
        wizard = env.ref("auth_totp.view_totp_wizard")
        arch = env["auth_totp.wizard"].get_views([(wizard.id, "form")])["views"]["form"]["arch"]
        for words in ("用身份验证器应用扫描此二维码", "验证码", "输入应用显示的验证码"):
            self.assertIn(words, arch)
        self.assertNotIn("Authenticator app", arch)
