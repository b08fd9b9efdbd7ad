from . import (
    res_users,
    target_cycle,
    target_goal,
    target_goal_milestone,
    target_indicator,
    target_indicator_band,
    target_plan,
    target_scheme,
    target_scheme_section,
    target_unit,
    target_unit_category,
    target_unit_leader,
)
