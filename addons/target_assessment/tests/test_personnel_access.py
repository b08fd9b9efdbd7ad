"""Who reads personnel results and rewards and penalties: role by role, every way in."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_personnel_results import PersonnelCase

# Roles that never read a personnel result of a person they do not manage.
OUTSIDERS = ("unit_user", "unit_leader", "assessor", "inspector", "evaluator", "office", "employee")


@tagged("post_install", "-at_install")
class TestPersonnelAccess(PersonnelCase):
    def setUp(self):
        super().setUp()
        self.publish()
        hr = self.users["hr"]
        self.head_a_result = self.result(self.head_a)
        self.head_a_result.with_user(hr).write(
            {"final_grade": "competent", "hr_notes": "谈话记录在档"}
        )
        self.talk = (
            self.env["target.incentive"]
            .with_user(hr)
            .create(
                {
                    "type_id": self.env.ref(
                        "target_assessment.target_incentive_type_admonition"
                    ).id,
                    "cycle_id": self.cycle.id,
                    "employee_id": self.head_a.id,
                    "measure": "诫勉谈话",
                }
            )
        )
        self.praise = self.env["target.incentive"].search(
            [("cycle_id", "=", self.cycle.id), ("unit_id", "=", self.county_b.id)]
        )

    def assertNothingOrDenied(self, run):
        try:
            found = run()
        except AccessError:
            return
        self.assertFalse(found)

    def as_user(self, role_or_user, model):
        user = self.users[role_or_user] if isinstance(role_or_user, str) else role_or_user
        return self.env[model].with_user(user)

    def test_hr_reads_all_and_the_hr_fields(self):
        Result = self.as_user("hr", "target.personnel.result")
        self.assertEqual(len(Result.search([("cycle_id", "=", self.cycle.id)])), 6)
        self.assertEqual(
            Result.browse(self.head_a_result.id).read(["final_grade", "hr_notes"])[0]["hr_notes"],
            "谈话记录在档",
        )
        self.assertEqual(Result.search_count([("final_grade", "=", "competent")]), 1)
        incentives = self.as_user("hr", "target.incentive").search([])
        self.assertIn(self.talk, incentives)
        self.assertIn(self.praise, incentives)

    def test_leader_reads_results_but_not_the_hr_fields(self):
        Result = self.as_user("leader", "target.personnel.result")
        self.assertEqual(len(Result.search([("cycle_id", "=", self.cycle.id)])), 6)
        record = Result.browse(self.head_a_result.id)
        self.assertEqual(record.read(["suggested_grade"])[0]["suggested_grade"], "competent")
        for fname in ("final_grade", "final_reason", "hr_notes", "grade"):
            with self.assertRaises(AccessError, msg=fname):
                record.read([fname])
        self.assertNotIn("final_grade", Result.fields_get())
        with self.assertRaises(AccessError):
            Result.search([("final_grade", "=", "competent")])
        with self.assertRaises(AccessError):
            Result._read_group([], ["final_grade"], ["__count"])
        with self.assertRaises(AccessError):
            record.write({"final_grade": "excellent", "final_reason": "x"})
        with self.assertRaises(AccessError):
            record.with_user(self.users["leader"]).action_acknowledge()
        self.assertIn(self.talk, self.as_user("leader", "target.incentive").search([]))
        with self.assertRaises(AccessError):
            self.talk.with_user(self.users["leader"]).write({"measure": "改"})

    def test_outsiders_read_nothing_by_any_way(self):
        result_id = self.head_a_result.id
        for role in OUTSIDERS:
            with self.subTest(role=role):
                Result = self.as_user(role, "target.personnel.result")
                self.assertFalse(Result.search([]))
                self.assertEqual(Result.search_count([]), 0)
                # a search on a related path finds nothing either (or is refused outright
                # when the path crosses a model the user cannot read)
                for domain in (
                    [("unit_id.code", "=", "ca")],
                    [("employee_id.name", "=", "甲县书记")],
                ):
                    self.assertNothingOrDenied(lambda d=domain, model=Result: model.search(d))
                self.assertEqual(Result._read_group([], ["unit_id"], ["unit_score:avg"]), [])
                self.assertEqual(
                    Result.formatted_read_group([], ["suggested_grade"], ["__count"]), []
                )
                with self.assertRaises(AccessError):
                    Result.browse(result_id).read(["unit_score", "suggested_grade"])
                with self.assertRaises(AccessError):
                    Result.browse(result_id).write({"final_grade": "excellent"})
                with self.assertRaises(AccessError):
                    Result.browse(result_id).final_grade  # noqa: B018
                # the employee's history reads the results with the user's rights: none
                public = self.as_user(role, "hr.employee.public").browse(self.head_a.id)
                self.assertFalse(public.target_result_ids)
                self.assertEqual(public.target_result_count, 0)
                Incentive = self.as_user(role, "target.incentive")
                self.assertFalse(Incentive.search([]))
                with self.assertRaises(AccessError):
                    Incentive.browse(self.talk.id).read(["measure"])
                with self.assertRaises(AccessError):
                    self.as_user(role, "target.bonus").search([])

    def test_the_person_does_not_read_their_own_result(self):
        # the unit user is 甲县's deputy: below nobody they manage, above nobody
        mine = self.result(self.deputy_a)
        with self.assertRaises(AccessError):
            mine.with_user(self.users["unit_user"]).read(["suggested_grade"])

    def test_manager_chain_reads_the_people_below(self):
        Result = self.as_user(self.manager, "target.personnel.result")
        visible = Result.search([])
        # director → head_a → deputy_a: both levels, no one else
        self.assertEqual(visible.employee_id, self.head_a | self.deputy_a)
        self.assertEqual(
            Result.browse(self.head_a_result.id).read(["unit_score"])[0]["unit_score"], 83.0
        )
        with self.assertRaises(AccessError):
            Result.browse(self.head_a_result.id).read(["final_grade"])
        with self.assertRaises(AccessError):
            Result.browse(self.result(self.head_b).id).read(["unit_score"])
        with self.assertRaises(AccessError):
            Result.browse(self.head_a_result.id).write({"hr_notes": "x"})
        self.assertEqual(self.as_user(self.manager, "target.incentive").search([]), self.talk)
        public = self.as_user(self.manager, "hr.employee.public").browse(self.head_a.id)
        self.assertEqual(public.target_result_count, 1)
        self.assertEqual(public.target_result_ids.cycle_id, self.cycle)
        self.assertEqual(public.target_result_ids.incentive_summary, "Admonition talk")
        # the hierarchy changes: the manager loses sight at once (no stale rule cache)
        self.head_a.parent_id = False
        self.assertFalse(Result.search([]))
        self.deputy_a.parent_id = self.director
        self.assertEqual(Result.search([]).employee_id, self.deputy_a)

    def test_hr_employee_form_shows_the_history_to_hr(self):
        # HR without the Employees app's rights reads employees through their public profile
        public = self.env["hr.employee.public"].with_user(self.users["hr"]).browse(self.head_a.id)
        self.assertEqual(public.target_result_count, 1)
        self.assertEqual(public.target_result_ids.final_grade, "competent")
        action = public.action_view_target_results()
        self.assertEqual(action["domain"], [("employee_id", "=", self.head_a.id)])
        self.assertEqual(action["res_model"], "target.personnel.result")
        # with them, through the employee itself
        officer = new_test_user(
            self.env,
            login="ta_hr_officer",
            groups="target_assessment.group_hr,hr.group_hr_user",
        )
        employee = self.env["hr.employee"].with_user(officer).browse(self.head_a.id)
        self.assertEqual(employee.target_result_count, 1)
        self.assertEqual(employee.target_result_ids, self.head_a_result)

    def test_views_hide_what_the_user_may_not_read(self):
        views = [(False, "list"), (False, "form"), (False, "search"), (False, "pivot")]
        hr_views = self.as_user("hr", "target.personnel.result").get_views(views)["views"]
        self.assertIn('name="final_grade"', hr_views["form"]["arch"])
        leader_views = self.as_user("leader", "target.personnel.result").get_views(views)
        for view_type, view in leader_views["views"].items():
            self.assertNotIn("final_grade", view["arch"], view_type)
            self.assertNotIn("hr_notes", view["arch"], view_type)
        # the employee forms render for a user who reads no result at all
        officer = new_test_user(
            self.env, login="ta_hr_views", groups="target_assessment.group_hr,hr.group_hr_user"
        )
        for model in ("hr.employee.public", "hr.employee"):
            Model = self.env[model].with_user(officer)
            arch = Model.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertIn("target_result_ids", arch)
        public = self.as_user("unit_user", "hr.employee.public")
        arch = public.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("target_result_count", arch)
        # the bonus list is editable for HR only
        bonus = self.as_user("leader", "target.bonus").get_views([(False, "list")])
        self.assertIn('edit="False"', bonus["views"]["list"]["arch"])
        bonus = self.as_user("hr", "target.bonus").get_views([(False, "list")])
        self.assertNotIn('edit="False"', bonus["views"]["list"]["arch"])
