from . import (
    auditlog_autovacuum,
    auditlog_log,
    auditlog_log_line,
    auditlog_rule,
    base,
    res_groups,
    res_users,
    target_login_event,
)
