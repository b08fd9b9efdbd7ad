from . import (
    test_audit_log,
    test_audit_log_protection,
    test_login_http,
    test_login_policy,
    test_scoring_run,
    test_three_administrators,
    test_two_factor_words,
)
