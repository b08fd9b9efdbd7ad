# ruff: noqa: I001 - the shared renderer before the reports inheriting it
from . import report_target_xlsx
from . import (
    report_bulletin_xlsx,
    report_cadre_xlsx,
    report_export_template_xlsx,
    report_goal_tree_xlsx,
    report_progress_xlsx,
    report_result_summary_xlsx,
    report_unit_detail_xlsx,
)
