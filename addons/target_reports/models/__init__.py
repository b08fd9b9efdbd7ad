# ruff: noqa: I001 - the report request (abstract) before the models inheriting it
from . import target_report_request
from . import (
    mail_mail,
    res_users,
    spreadsheet_dashboard,
    target_cycle,
    target_export_run,
    target_export_schedule,
    target_export_template,
    target_export_template_column,
    target_export_template_header,
    target_goal,
    target_report_unit_status,
    target_report_year_comparison,
)
