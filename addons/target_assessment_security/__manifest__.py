{
    "name": "Target Assessment Security Baseline",
    "summary": "等保 2.0 (MLPS level 3) baseline for the target-responsibility assessment: "
    "password policy, lockout, session timeout, two-factor login, audit log, "
    "separation of the three administrators",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "website": "https://github.com/target-assessment/target-assessment",
    "author": "Target Assessment Developers",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": [
        "target_assessment",
        "auth_totp",
        "auth_totp_mail",
        "auth_password_policy",
        "password_security",
        "auth_session_timeout",
        "auditlog",
    ],
    "data": [
        "security/target_assessment_security_groups.xml",
        "security/ir.model.access.csv",
        "security/auditlog_rules.xml",
        "data/ir_config_parameter_data.xml",
        "data/auditlog_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/target_login_event_views.xml",
        "views/res_users_views.xml",
        "views/res_groups_views.xml",
        "views/auditlog_views.xml",
    ],
}
