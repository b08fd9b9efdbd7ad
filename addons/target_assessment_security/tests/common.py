from odoo.tests import new_test_user

from odoo.addons.target_assessment.tests.test_scoring_common import ScoringCase

#: The models whose every create, write and delete is audited (data/auditlog_rule_data.xml).
AUDITED_MODELS = (
    "target.goal",
    "target.goal.milestone",
    "target.progress",
    "target.evaluation",
    "target.evaluation.line",
    "target.evaluation.section",
    "target.special.evaluation",
    "target.score.adjustment",
    "target.veto",
    "target.bonus",
    "target.personnel.result",
    "target.incentive",
    "tier.review",
    "tier.definition",
    "target.scheme",
)
#: The production policy, whatever the database's parameters (a test database may be relaxed).
PRODUCTION_PARAMETERS = {
    "auth_password_policy.minlength": 12,
    "password_security.lower": 1,
    "password_security.upper": 1,
    "password_security.numeric": 1,
    "password_security.special": 1,
    "password_security.expiration_days": 90,
    "password_security.history": 5,
    "password_security.minimum_hours": 24,
    "target_assessment_security.lockout_failures": 5,
    "target_assessment_security.lockout_minutes": 30,
    "target_assessment_security.audit_retention_days": 1095,
    "target_assessment_security.relaxed": False,
    "inactive_session_time_out_delay": 1800,
}


def production_policy(env):
    """Set the production defaults of the baseline (within the test's transaction)."""
    params = env["ir.config_parameter"].sudo()
    for key, value in PRODUCTION_PARAMETERS.items():
        params.set_param(key, value)


class SecurityCase(ScoringCase):
    """The small city of the scoring tests, the three administrators, the production policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        production_policy(cls.env)
        cls.system_admin = new_test_user(
            cls.env, login="ta_system_admin", groups="base.group_system", name="系统管理员"
        )
        cls.security_admin = new_test_user(
            cls.env,
            login="ta_security_admin",
            groups="target_assessment_security.group_security_admin",
            name="安全管理员",
        )
        cls.audit_admin = new_test_user(
            cls.env,
            login="ta_audit_admin",
            groups="target_assessment_security.group_audit_admin",
            name="审计管理员",
        )

    def logs(self, record, method=None):
        """The audit log rows of ``record`` (read as the audit administrator)."""
        domain = [("model_model", "=", record._name), ("res_id", "in", record.ids)]
        if method:
            domain.append(("method", "=", method))
        return self.env["auditlog.log"].with_user(self.audit_admin).search(domain)

    def writes_of(self, record, field):
        """The audit log rows of the writes of ``record`` that changed ``field``."""
        return self.logs(record, "write").filtered(lambda log: field in self.changes(log))

    def changes(self, log):
        """{field name: (old value text, new value text)} of one audit log row."""
        return {
            line.field_name: (line.old_value_text, line.new_value_text)
            for line in log.with_user(self.audit_admin).line_ids
        }
