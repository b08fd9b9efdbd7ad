from . import (
    test_access_rules,
    test_decomposition,
    test_domain_constraints,
    test_engine_cycle,
    test_engine_evaluation,
    test_engine_methods,
    test_engine_ranking,
    test_goal_import,
    test_security_groups,
)
