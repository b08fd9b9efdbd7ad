import contextlib

from odoo import api, models
from odoo.exceptions import AccessDenied, AccessError, ValidationError

#: 三员分立: the system, security and audit administrators are three different people.
THREE_ADMINISTRATORS = (
    "base.group_system",
    "target_assessment_security.group_security_admin",
    "target_assessment_security.group_audit_admin",
)
#: Set (to "1") on demonstration and test databases only: see _target_relax_for_demo.
RELAXED_KEY = "target_assessment_security.relaxed"
#: The password policy of a demonstration database: the demo users' password is their login.
DEMO_PARAMETERS = {
    "auth_password_policy.minlength": 0,
    "password_security.expiration_days": 0,
    "password_security.minimum_hours": 0,
    "password_security.history": 0,
    "password_security.lower": 0,
    "password_security.upper": 0,
    "password_security.numeric": 0,
    "password_security.special": 0,
    RELAXED_KEY: 1,
}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.constrains("group_ids")
    def _check_three_administrators(self):
        self._target_check_three_administrators()

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Odoo's per-IP cooldown, and a lock of the account after repeated failures."""
        login = self._target_login_of(user)
        events = self.env["target.login.event"]
        if login and events._is_locked(login):
            events._record(login, "refused")
            raise AccessDenied(
                self.env._(
                    "Too many failed logins: this account is locked for a while. "
                    "Try again later or ask the security administrator to release it."
                )
            )
        try:
            with super()._assert_can_auth(user=user):
                yield
        except AccessDenied:
            if login:
                events._record(login, "failure")
            raise
        if login:
            events._record(login, "success")

    def _mfa_type(self):
        mfa = super()._mfa_type()
        if mfa is None and self._target_totp_required():
            # auth_totp_mail's second factor (a code by email) until the user sets up TOTP
            return "totp_mail"
        return mfa

    def action_target_release_login(self):
        """Release the lock of these accounts (the security administrator)."""
        if not self.env.user.has_group("target_assessment_security.group_security_admin"):
            raise AccessError(
                self.env._("Only the security administrator releases locked accounts.")
            )
        events = self.env["target.login.event"].sudo()
        events.create(
            [{"login": user.login, "user_id": user.id, "kind": "release"} for user in self]
        )
        return True

    @api.model
    def _target_demo_passwords_set(self):
        self._target_relax_for_demo()
        return super()._target_demo_passwords_set()

    @api.model
    def _target_relax_for_demo(self):
        """Relax the security baseline of a demonstration or test database.

        Called where the demo city gives its users their logins as passwords
        (scripts/run, scripts/loadcheck, the tests of the demo city) and by
        scripts/prod_check for its check database; never on a production
        database: passwords of any form that never expire and no second
        factor. The account lockout stays on.
        """
        params = self.env["ir.config_parameter"].sudo()
        for key, value in DEMO_PARAMETERS.items():
            params.set_param(key, value)

    def _target_totp_required(self):
        """Whether a group of this user requires a second factor (not on a demo database)."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(RELAXED_KEY):
            return False
        return any(self.sudo().all_group_ids.mapped("totp_required"))

    def _target_login_of(self, user):
        """The login name of ``user`` (a login, a user id or nothing)."""
        if isinstance(user, int):
            return self.sudo().browse(user).login
        return user or False

    def _target_check_three_administrators(self):
        groups = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in THREE_ADMINISTRATORS]
        groups = [group for group in groups if group]
        for user in self.sudo():
            held = [group for group in groups if group in user.all_group_ids]
            if len(held) > 1:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot hold %(roles)s at once: the system, security and audit "
                        "administrators must be different people.",
                        user=user.name,
                        roles=", ".join(group.name for group in held),
                    )
                )
