from . import (
    test_access,
    test_bulletin_xlsx,
    test_cadre,
    test_cockpit,
    test_dashboards,
    test_install,
    test_reports,
    test_schedules,
    test_templates,
    test_tools,
    test_tours,
    test_year_comparison,
)
