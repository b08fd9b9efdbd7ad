from . import target_report_wizard
