{
    "name": "Target Assessment Reports",
    "summary": "XLSX and PDF reports, dashboards and scheduled superior-level exports "
    "for the target-responsibility assessment",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "website": "https://github.com/target-assessment/target-assessment",
    "author": "Target Assessment Developers",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["target_assessment", "report_xlsx"],
    "data": [
        "views/target_reports_menus.xml",
    ],
}
