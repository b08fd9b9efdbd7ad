"""A unit's to-do list (target.todo, issue 16): what waits for the unit, in one list,
scoped to its subtree, each row opening its record; the clerk's landing page."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..tools.cron import recompute
from .common import QueryBudgetMixin, TargetCityCase

# What the web client asks for the landing list (target_todo_view_list).
SPECIFICATION = {
    name: {} for name in ("kind", "name", "deadline", "status", "returned", "is_overdue")
} | {"unit_id": {"fields": {"display_name": {}}}, "cycle_id": {"fields": {"display_name": {}}}}


@tagged("post_install", "-at_install")
class TestTodo(QueryBudgetMixin, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.unit_b = new_test_user(
            env, login="ta_todo_b", groups="target_assessment.group_unit_user"
        )
        cls.unit_b.target_unit_ids = cls.county_b
        cls.goal_a, cls.goal_b = (
            cls.goal(cls, unit, name=f"{unit.name}GDP") for unit in (cls.county_a, cls.county_b)
        )
        (cls.goal_a | cls.goal_b).state = "approved"  # progress is reported on approved goals
        cls.period = env["target.period"].create(
            {
                "name": "2026年10月",
                "cycle_id": cls.cycle.id,
                "date_start": date(2026, 10, 1),
                "date_end": date(2026, 10, 31),
            }
        )
        Progress = env["target.progress"]
        cls.report_a, cls.report_b = (
            Progress.create({"goal_id": goal.id, "period_id": cls.period.id, "value": 150.0})
            for goal in (cls.goal_a, cls.goal_b)
        )
        cls.evaluation_a = env["target.evaluation"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "stage": "year_end",
                "self_assessment_deadline": date(2026, 12, 20),
            }
        )
        cls.midyear_a = env["target.evaluation"].create(
            {"cycle_id": cls.cycle.id, "unit_id": cls.county_a.id, "stage": "midyear"}
        )
        cls.rectification_a = env["target.rectification"].create(
            {
                "name": "台账资料不全",
                "cycle_id": cls.cycle.id,
                "unit_id": cls.town_a1.id,
                "deadline": date(2026, 12, 31),
            }
        )
        with freeze_time("2026-11-01"):  # assigned before its deadline
            cls.task_a = env["target.supervision.task"].create(
                {
                    "name": "加快推进重点项目开工",
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.county_a.id,
                    "source": "instruction",
                    "instructed_by": "市长",
                    "deadline": date(2026, 11, 20),
                }
            )
            cls.task_a.action_assign()
            env.flush_all()
        recompute(cls.task_a, ["is_overdue"])  # the daily job, on the class's day

    def todo(self, role="unit_user"):
        user = self.users[role] if isinstance(role, str) else role
        # a view over the records just changed: its rows are read afresh, as a request does
        self.env["target.todo"].invalidate_model()
        return self.env["target.todo"].with_user(user).search([])

    def test_everything_waiting_for_the_unit_and_only_that(self):
        self.env["target.todo"].invalidate_model()
        rows = self.todo()
        self.assertEqual(
            {(row.kind, row._record()) for row in rows},
            {
                ("progress", self.report_a),
                ("self_assessment", self.evaluation_a),
                ("rectification", self.rectification_a),  # a township of county A
                ("task", self.task_a),
            },
        )
        self.assertEqual(self.todo(self.unit_b).mapped("progress_id"), self.report_b)
        self.assertEqual(len(self.todo("office")), 5, "the office reads every unit's")
        task = rows.filtered(lambda row: row.kind == "task")
        self.assertEqual((task.deadline, task.is_overdue), (date(2026, 11, 20), True))
        self.assertEqual((task.name, task.status), ("加快推进重点项目开工", "Assigned"))
        action = task.action_open()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (self.task_a._name, self.task_a.id)
        )
        (own,) = rows.filtered(lambda row: row.kind == "self_assessment")
        self.assertEqual(
            own.action_open()["views"],
            [
                (
                    self.env.ref(
                        "target_assessment.target_evaluation_view_form_self_assessment"
                    ).id,
                    "form",
                )
            ],
            "the self-assessment opens in the form the unit self-assesses in",
        )
        with self.assertRaises(AccessError):
            self.env["target.todo"].with_user(self.users["assessor"]).search([])

    def test_a_submitted_record_leaves_the_list_a_returned_one_comes_back(self):
        report = self.report_a.with_user(self.users["unit_user"])
        report.action_submit()
        self.assertNotIn(self.report_a, self.todo().progress_id)
        self.report_a.with_user(self.users["office"]).action_return("数据与统计快报不符")
        row = self.todo().filtered(lambda row: row.progress_id == self.report_a)
        self.assertTrue(row.returned)
        self.assertEqual(row.deadline, self.period.due_date)

    def test_the_clerk_lands_on_the_to_do_list_the_leader_on_the_approvals(self):
        home = self.env.ref("target_assessment.target_assessment_home_action")
        for role, xmlid in (
            ("unit_user", "target_assessment.target_todo_action"),
            ("unit_leader", "target_assessment.tier_review_action_mine"),
        ):
            with self.subTest(role=role):
                self.assertEqual(home.with_user(self.users[role]).run()["xml_id"], xmlid)

    def test_the_list_reads_in_the_same_queries_for_more_rows(self):
        """The landing page is read in a fixed number of queries, however many rows
        and of however many kinds (names and states read per kind, not per row)."""
        Todo = self.env["target.todo"].with_user(self.users["unit_user"])

        def read():
            self.env.invalidate_all()
            return Todo.web_search_read([], SPECIFICATION, limit=80)

        self.assertEqual(read()["length"], 4)  # warm: the record rules and caches read once
        few = self.queries(read)
        more = [self.goal(self.town_a1, name=f"一镇指标{n}") for n in range(6)]
        for goal in more:
            goal.state = "approved"
            self.env["target.progress"].create({"goal_id": goal.id, "period_id": self.period.id})
        self.env["target.rectification"].create(
            [
                {"name": f"问题{n}", "cycle_id": self.cycle.id, "unit_id": self.town_a2.id}
                for n in range(3)
            ]
        )
        self.assertEqual(read()["length"], 13)
        self.assertEqual(self.queries(read), few)
        self.assertLessEqual(few, 12)
