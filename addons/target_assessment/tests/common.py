from odoo.tests import TransactionCase, new_test_user

# Role name -> the groups a user of that role gets (implied groups follow).
ROLE_GROUPS = {
    "unit_user": "target_assessment.group_unit_user",
    "unit_leader": "target_assessment.group_unit_leader",
    "assessor": "target_assessment.group_assessor",
    "inspector": "target_assessment.group_inspector",
    "evaluator": "target_assessment.group_evaluator",
    "office": "target_assessment.group_office",
    "leader": "target_assessment.group_leader",
    "hr": "target_assessment.group_hr",
    "admin": "target_assessment.group_admin",
    "employee": "base.group_user",
}


class TargetCase(TransactionCase):
    """Shared base: one user per role of DESIGN.md §1, built once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.users = {
            role: new_test_user(cls.env, login=f"ta_{role}", groups=groups, name=f"TA {role}")
            for role, groups in ROLE_GROUPS.items()
        }
