from . import (
    auditlog_autovacuum,
    auditlog_log,
    auditlog_log_line,
    base,
    res_groups,
    res_users,
    target_login_event,
)
