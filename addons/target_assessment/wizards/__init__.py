# ruff: noqa: I001 - the import mixin before the wizards using it
from . import target_sheet_import_mixin
from . import (
    comment_wizard,
    target_assessor_import_wizard,
    target_cycle_reopen_wizard,
    target_cycle_rollover,
    target_goal_decompose_wizard,
    target_goal_decompose_wizard_line,
    target_goal_import_wizard,
    target_plan_sign_wizard,
    target_scheme_reopen_wizard,
)
from . import target_cadre_selection_line, target_cadre_selection_wizard
