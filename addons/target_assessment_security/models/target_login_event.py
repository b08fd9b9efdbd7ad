from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError
from odoo.http import request

#: After this many failed logins within LOCKOUT_MINUTES the account is locked.
FAILURES_KEY = "target_assessment_security.lockout_failures"
MINUTES_KEY = "target_assessment_security.lockout_minutes"
DEFAULT_FAILURES = 5
DEFAULT_MINUTES = 30

KINDS = [
    ("success", "Successful login"),
    ("failure", "Failed login"),
    ("refused", "Refused: account locked"),
    ("release", "Lock released"),
]


class TargetLoginEvent(models.Model):
    """Logins, failed logins and account locks, per login name (等保: 登录失败处理).

    Odoo's own login cooldown counts failures per IP address in each worker's
    memory; this log counts them per account in the database, so that every
    worker and every server sees the same lock, and keeps them for the audit.

    Access: the security and the audit administrators read it; nobody edits
    or deletes an event. Events are written by the login itself (as
    superuser); a failure in a transaction of its own, since the failed
    request is rolled back.
    """

    _name = "target.login.event"
    _description = "Login Event"
    _order = "id desc"
    _rec_name = "login"

    login = fields.Char(required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="User", ondelete="set null", readonly=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    ip = fields.Char(string="IP address", readonly=True)
    occurred_on = fields.Datetime(
        string="Occurred on", required=True, default=fields.Datetime.now, readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Only the login records login events."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise AccessError(self.env._("A login event cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("A login event cannot be deleted."))

    @api.model
    def _lockout_policy(self):
        """(failures, minutes) of the configured lockout; failures 0 disables it."""
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param(FAILURES_KEY, DEFAULT_FAILURES)),
            int(params.get_param(MINUTES_KEY, DEFAULT_MINUTES)),
        )

    @api.model
    def _is_locked(self, login):
        """Whether ``login`` failed too often since its last success or release."""
        failures, minutes = self._lockout_policy()
        if failures <= 0:
            return False
        events = self.sudo()
        reset = events.search(
            [("login", "=", login), ("kind", "in", ("success", "release"))],
            order="id desc",
            limit=1,
        )
        domain = [
            ("login", "=", login),
            ("kind", "=", "failure"),
            ("occurred_on", ">", fields.Datetime.now() - timedelta(minutes=minutes)),
        ]
        if reset:
            domain.append(("id", ">", reset.id))
        return events.search_count(domain) >= failures

    @api.model
    def _record(self, login, kind):
        """Log ``kind`` for ``login``; failures and refusals outlive the failed request."""
        user = self.env["res.users"].sudo().with_context(active_test=False)
        user = user.search([("login", "=", login)], limit=1)
        vals = {
            "login": login,
            "user_id": user.id,
            "kind": kind,
            "ip": request.httprequest.remote_addr if request else False,
        }
        if kind == "success" or modules.module.current_test:
            # a success commits with its request; the tests have one transaction only
            return self.sudo().create(vals)
        with self.env.registry.cursor() as cr:
            self.env(cr=cr, su=True)[self._name].create(vals)
        return self.browse()
