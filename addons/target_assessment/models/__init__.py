# ruff: noqa: I001 - the order matters: the mixins before the models using them; the
# SQL view target_special_evaluation_expected after the tables it reads
from . import (
    discuss_channel,
    ir_http,
    ir_model_access,
    ir_rule,
    res_partner,
    res_users,
    target_workflow_mixin,
    target_workflow_deadline_mixin,
)
from . import target_decision_mixin, target_sequence_mixin
from . import (
    target_tier_review_mixin,
    target_number_mixin,
    target_approval_mixin,
    target_governance_mixin,
    target_cycle_freeze_mixin,
    target_belongs_mixin,
    target_false_report_mixin,
)
from . import (
    target_adjustment,
    target_adjustment_line,
    target_appeal,
    target_cycle,
    target_deduction_category,
    target_evaluation,
    target_evaluation_body,
    target_evaluation_line,
    target_evaluation_section,
    target_goal,
    target_goal_cooperation,
    target_goal_milestone,
    target_indicator,
    target_indicator_band,
    target_indicator_library,
    target_inspection,
    target_inspection_finding,
    target_period,
    target_plan,
    target_plan_version,
    target_problem_category,
    target_progress,
    target_rectification,
    target_scheme,
    target_scheme_comment,
    target_scheme_part_mixin,
    target_scheme_difficulty,
    target_scheme_section,
    target_score_adjustment,
    target_special_evaluation,
    target_unit,
    target_unit_category,
    target_unit_leader,
    target_veto,
    target_veto_type,
    tier_definition,
    tier_review,
)
from . import target_special_evaluation_expected

# results applied to people (issue 7): the mixins before the models using them,
# the cycle's publication hook after the cycle
from . import target_manager_chain_mixin, target_personnel_history_mixin
from . import (
    hr_employee,
    hr_employee_public,
    target_bonus,
    target_incentive,
    target_incentive_rule,
    target_incentive_type,
    target_personnel_policy,
    target_personnel_result,
)
from . import target_cycle_results
from . import target_scoring_run

# evaluation campaigns on Odoo's survey (满意度测评 / 民主测评)
from . import target_evaluation_campaign, target_evaluation_campaign_group
from . import survey_question, survey_user_input
from . import target_job

# in-year supervision (目标督查)
from . import target_spot_check, target_spot_check_item, target_supervision_task
from . import target_supervision_bulletin, target_supervision_bulletin_line

# a unit's to-do list: a view over the workflows above (initialised after them)
from . import target_todo
