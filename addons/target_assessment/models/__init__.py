# ruff: noqa: I001 - the approval mixin must be loaded before the models using it
from . import target_approval_mixin
from . import (
    res_users,
    target_adjustment,
    target_adjustment_line,
    target_cycle,
    target_evaluation,
    target_evaluation_line,
    target_evaluation_section,
    target_goal,
    target_goal_milestone,
    target_indicator,
    target_indicator_band,
    target_period,
    target_plan,
    target_plan_version,
    target_progress,
    target_scheme,
    target_scheme_section,
    target_unit,
    target_unit_category,
    target_unit_leader,
    tier_definition,
)
from . import (
    target_deduction_category,
    target_evaluation_body,
    target_score_adjustment,
    target_special_evaluation,
    target_veto,
    target_veto_type,
)
from . import (
    target_inspection,
    target_inspection_finding,
    target_problem_category,
    target_rectification,
)
