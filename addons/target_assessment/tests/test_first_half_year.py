from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..demo_city import generate
from .common import ApprovalMixinCase, TargetCase

WARNING_TYPE = "target_assessment.mail_activity_type_early_warning"


@tagged("post_install", "-at_install")
class TestFirstHalfYear(ApprovalMixinCase, TargetCase):
    """The first half of a year on the generated demo city, as its users live it.

    The current cycle is next year's, so it starts in planning with draft
    letters: a district submits its letter, the leader returns it once, then
    leader, office and leadership approve it; the district reports progress,
    gets it returned once, has it accepted; a lagging goal turns red and the
    warning reaches the district's leader once; an adjustment is refused in
    February and applied in July. The class runs on 2026-12-01 (the cycle of
    2027 is next year's); the test's own days are frozen where it lives them.
    """

    today = date(2026, 12, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generate(cls.env, scale=1, year=2027, passwords=False)
        Users = cls.env["res.users"]
        cls.users.update(
            {
                login: Users.search([("login", "=", login)])
                for login in ("county_user", "county_leader", "office", "leader", "dept_user")
            }
        )
        cls.cycle = cls.env["target.cycle"].search(
            [("year", "=", 2027), ("organizer_unit_id.parent_id", "=", False)]  # the city's
        )
        cls.county = cls.users["county_user"].target_unit_ids
        cls.plan = cls.env["target.plan"].search(
            [("cycle_id", "=", cls.cycle.id), ("unit_id", "=", cls.county.id)]
        )

    def test_first_half_year(self):
        self.assertEqual(self.cycle.phase, "planning")
        self.assertEqual(self.plan.state, "draft")
        self.assertEqual(self.plan.uncovered_count, 0)
        # another unit's clerk cannot even see the letter
        with self.assertRaises(AccessError):
            self.plan.with_user(self.users["dept_user"]).read(["name"])

        # the letter: submitted, returned once, approved in sequence
        self.plan.with_user(self.users["county_user"]).action_submit()
        self.assertEqual(self.pending_reviewers(self.plan), self.users["county_leader"])
        self.reject(self.plan, "county_leader", "重点项目投资目标偏低")
        self.assertEqual(self.plan.state, "returned")
        self.plan.with_user(self.users["county_user"]).action_submit()
        self.approve(self.plan, "county_leader", "office", "leader")
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(set(self.plan.goal_ids.mapped("state")), {"approved"})
        self.assertEqual(self.plan.version_ids.version, 1)

        # progress: the periods of the cycle, a report returned once, then accepted
        self.cycle.with_user(self.users["office"]).action_generate_periods()
        self.assertEqual(len(self.cycle.period_ids), 12)
        january = self.cycle.period_ids.sorted("date_start")[0]
        goal = self.plan.goal_ids.filtered(
            lambda g: (
                not g.child_ids
                and not g.employee_id
                and g.indicator_id.direction == "higher"
                and g.indicator_id.cumulative
                and not g.milestone_ids
                and g.target_value > 0
            )
        )[:1]
        self.assertTrue(goal)
        self.cycle.phase = "execution"
        with freeze_time("2027-02-03"):
            report = (
                self.env["target.progress"]
                .with_user(self.users["county_user"])
                .create(
                    {
                        "goal_id": goal.id,
                        "period_id": january.id,
                        "value": goal.target_value * 0.01,
                        "narrative": "一月开局偏慢",
                    }
                )
            )
            report.action_submit()
            with self.assertRaises(UserError):  # the unit does not accept its own report
                report.action_accept()
            office_report = report.with_user(self.users["office"])
            office_report.action_return("请附统计部门数据")
            self.assertEqual(report.state, "returned")
            report.action_submit()
            office_report.action_accept()
        self.assertEqual(report.state, "accepted")
        self.assertAlmostEqual(goal.actual_value, goal.target_value * 0.01)

        # 1 % done where about 1/12 was expected: red, and one warning to the leader
        with freeze_time("2027-02-10"):
            for _run in range(2):  # as the scheduler does, twice the same day
                with self.enter_registry_test_mode():
                    self.env.ref(
                        "target_assessment.ir_cron_target_progress_warnings"
                    ).method_direct_trigger()
                self.env.invalidate_all()
            self.assertEqual(goal.light, "red")
        warnings = self.env["mail.activity"].search(
            [
                ("res_model", "=", "target.goal"),
                ("res_id", "=", goal.id),
                ("activity_type_id", "=", self.env.ref(WARNING_TYPE).id),
            ]
        )
        self.assertEqual(warnings.user_id, self.users["county_leader"])
        self.assertEqual(len(warnings), 1)

        # an adjustment: refused outside the window, applied inside it
        adjustment = (
            self.env["target.adjustment"]
            .with_user(self.users["county_user"])
            .create(
                {
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county.id,
                    "reason": "上级调整了下达计划",
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "goal_id": goal.id,
                                "new_target_value": goal.target_value * 0.9,
                                "new_points": goal.points,
                            },
                        )
                    ],
                }
            )
        )
        with freeze_time("2027-02-20"), self.assertRaisesRegex(UserError, "only from 2027-07-01"):
            adjustment.action_submit()
        old_target = goal.target_value
        with freeze_time(date(2027, 7, 10)):
            adjustment.action_submit()
            self.approve(adjustment, "county_leader", "office", "leader")
        self.assertEqual(adjustment.state, "applied")
        self.assertAlmostEqual(goal.target_value, old_target * 0.9)
        self.assertEqual(self.plan.version, 2)
