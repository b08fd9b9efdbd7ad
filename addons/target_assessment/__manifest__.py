{
    "name": "Target Responsibility Assessment",
    "summary": "Annual target-responsibility assessment (目标责任考核) of a city or county "
    "government: targets, decomposition, approval, monitoring, scoring, results",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "website": "https://github.com/target-assessment/target-assessment",
    "author": "Target Assessment Developers",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": ["mail", "hr", "base_tier_validation"],
    "data": [
        "security/target_assessment_security.xml",
        "views/target_assessment_menus.xml",
    ],
}
