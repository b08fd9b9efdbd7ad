"""The rectification register (整改事项): workflow, roles, reminders, carried-over items."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_scoring_common import ScoringCase

REMINDER = "target_assessment.mail_activity_type_rectification_reminder"
OVERDUE = "target_assessment.mail_activity_type_rectification_overdue"


@tagged("post_install", "-at_install")
class RectificationCase(ScoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["unit_b"] = new_test_user(
            cls.env, login="ta_rect_unit_b", groups="target_assessment.group_unit_user"
        )
        cls.users["unit_b"].target_unit_ids = cls.county_b
        cls.cat_progress = cls.env.ref("target_assessment.target_problem_category_progress")
        cls.cat_records = cls.env.ref("target_assessment.target_problem_category_records")
        # created before its deadline (is_overdue is stored: not the real date's)
        with freeze_time("2026-06-01"):
            cls.item = cls._item(cls.county_a, name="重点项目进度滞后", deadline=date(2026, 11, 30))
            cls.env.flush_all()
        cls.Activity = cls.env["mail.activity"].with_context(active_test=False)

    @classmethod
    def _item(cls, unit, cycle=None, **values):
        return (
            cls.env["target.rectification"]
            .with_user(cls.users["office"])
            .create(
                {
                    "name": values.pop("name", f"{unit.name} 问题"),
                    "cycle_id": (cycle or cls.cycle).id,
                    "unit_id": unit.id,
                    "category_id": values.pop("category_id", cls.cat_progress.id),
                    **values,
                }
            )
            .with_user(cls.env.user)
        )

    def as_role(self, record, role):
        return record.with_user(self.users[role])


class TestRectificationWorkflow(RectificationCase):
    def test_submit_return_resubmit_verify(self):
        unit = self.as_role(self.item, "unit_user")
        office = self.as_role(self.item, "office")
        with self.assertRaisesRegex(UserError, "State the rectification measures"):
            unit.action_submit()
        unit.write({"measures": "倒排工期，专人督办", "responsible_id": self.employee.id})
        unit.action_submit()
        self.assertEqual(self.item.state, "submitted")
        self.assertEqual(self.item.submitted_by_id, self.users["unit_user"])

        # the unit cannot change or verify what it submitted
        with self.assertRaisesRegex(UserError, "the unit changes it while it is a draft"):
            unit.write({"measures": "改"})
        with self.assertRaisesRegex(AccessError, "Only the assessment office verifies"):
            unit.action_verify()

        with self.assertRaisesRegex(UserError, "Give the reason"):
            office.action_return()
        office.action_return(reason="缺少佐证材料")
        self.assertEqual(self.item.state, "returned")
        self.assertEqual(self.item.return_reason, "缺少佐证材料")
        todo = self.item.activity_ids.filtered(lambda a: a.user_id == self.users["unit_user"])
        self.assertEqual(len(todo), 1)

        unit.write({"result": "已开工，附照片"})
        unit.action_submit()
        self.assertEqual(self.item.state, "submitted")
        self.assertFalse(self.item.activity_ids, "the return's to-do is settled")

        office.action_verify()
        self.assertEqual(self.item.state, "verified")
        self.assertEqual(self.item.verified_by_id, self.users["office"])
        self.assertFalse(self.item.is_open)
        with self.assertRaises(UserError):
            office.action_return(reason="再议")

    def test_states_only_through_the_table(self):
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Verified"):
            self.as_role(self.item, "office").action_verify()
        with self.assertRaisesRegex(AccessError, "change only through"):
            self.as_role(self.item, "office").write({"submitted_by_id": self.users["office"].id})
        with self.assertRaises(AccessError):
            self.as_role(self.item, "office").write({"reminder_sent": True})


class TestRectificationAccess(RectificationCase):
    def test_units_see_their_own_items(self):
        item_b = self._item(self.county_b)
        Rect = self.env["target.rectification"]
        self.assertEqual(Rect.with_user(self.users["unit_user"]).search([]), self.item)
        self.assertEqual(Rect.with_user(self.users["unit_b"]).search([]), item_b)
        with self.assertRaises(AccessError):
            self.as_role(self.item, "unit_b").read(["name"])
        with self.assertRaises(AccessError):
            self.as_role(self.item, "unit_b").write({"measures": "越权"})
        # leaders read everything and change nothing
        self.assertEqual(Rect.with_user(self.users["leader"]).search([]), self.item | item_b)
        with self.assertRaises(AccessError):
            self.as_role(self.item, "leader").write({"measures": "批示"})
        self.item.sudo().write({"measures": "措施", "state": "submitted"})
        with self.assertRaises(AccessError):
            self.as_role(self.item, "leader").action_verify()

    def test_units_record_own_problems_by_hand(self):
        Rect = self.env["target.rectification"].with_user(self.users["unit_user"])
        own = Rect.create(
            {"name": "自查问题", "cycle_id": self.cycle.id, "unit_id": self.town_a1.id}
        )
        own.write({"deadline": date(2026, 12, 1), "category_id": self.cat_records.id})
        with self.assertRaises(AccessError):
            Rect.create({"name": "别人的", "cycle_id": self.cycle.id, "unit_id": self.county_b.id})
        with self.assertRaises(AccessError):
            Rect.create(
                {
                    "name": "领导批示",
                    "cycle_id": self.cycle.id,
                    "unit_id": self.county_a.id,
                    "source": "leadership",
                }
            )
        # the office's items: the unit reports, it does not restate the problem or move the date
        with self.assertRaisesRegex(AccessError, "The assessment office states the problem"):
            self.as_role(self.item, "unit_user").write({"deadline": date(2027, 6, 30)})
        self.as_role(self.item, "unit_user").write({"measures": "整改措施"})

    def test_inspectors_read_the_items_of_units_they_inspect(self):
        inspector = new_test_user(
            self.env, login="ta_rect_insp", groups="target_assessment.group_inspector"
        )
        Rect = self.env["target.rectification"].with_user(inspector)
        self.assertFalse(Rect.search([]))
        self.env["target.inspection"].create(
            {
                "name": "回头看",
                "cycle_id": self.cycle.id,
                "member_ids": [(6, 0, inspector.ids)],
                "unit_ids": [(6, 0, self.county_a.ids)],
            }
        )
        self.assertEqual(Rect.search([]), self.item)
        with self.assertRaises(AccessError):
            self.item.with_user(inspector).write({"measures": "代写"})


class TestRectificationCarryOver(RectificationCase):
    def test_open_items_listed_in_the_next_cycle(self):
        old_open = self._item(self.county_a, self.previous, name="去年问题")
        old_done = self._item(self.county_a, self.previous, name="去年已整改")
        old_done.sudo().write({"state": "verified"})
        self._item(self.county_b, self.previous, name="乙县去年问题")
        Rect = self.env["target.rectification"]
        self.assertEqual(Rect._open_for(self.county_a, self.cycle), old_open)
        self.assertFalse(Rect._open_for(self.county_a, self.previous))
        # with the unit user's rights, and as the register's action
        as_unit = Rect.with_user(self.users["unit_user"])
        self.assertEqual(as_unit._open_for(self.county_a | self.county_b, self.cycle), old_open)
        action = Rect._action_open_for(self.county_a, self.cycle)
        self.assertEqual(action["res_model"], "target.rectification")
        self.assertEqual(Rect.search(action["domain"]), old_open)

    def test_items_from_lost_points_once(self):
        quant = self.section(self.scheme_county, "quant")
        goal = self._goal(self.county_a, self.ind_gdp, quant, 30, 100, actual=90)
        self._goal(self.county_b, self.ind_gdp, quant, 30, 100, actual=100)
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        lines = self.env["target.evaluation.line"].search([("stage", "=", "year_end")])
        Rect = self.env["target.rectification"].with_user(self.users["office"])
        items = Rect._create_from_lines(lines, self.cat_progress)
        self.assertEqual(items.line_id.goal_id, goal, "only the line that lost points")
        self.assertEqual(items.source, "lost_points")
        self.assertFalse(Rect._create_from_lines(lines))

    def test_common_problems_by_category_and_unit(self):
        self._item(self.county_b, name="乙县进度滞后")
        self._item(self.county_b, category_id=self.cat_records.id)
        groups = self.env["target.rectification"]._read_group(
            [("is_open", "=", True)], ["category_id"], ["unit_id:count_distinct"]
        )
        self.assertEqual(dict(groups), {self.cat_progress: 2, self.cat_records: 1})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_rectification_action_common"
        )
        self.assertTrue(action["view_mode"].startswith("pivot"))


class TestRectificationCron(RectificationCase):
    def run_cron(self, name):
        """Run a job as the scheduler does: its own cursor, commits per batch."""
        with self.enter_registry_test_mode():
            self.env.ref(
                f"target_assessment.ir_cron_target_rectification_{name}"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def activities(self, xmlid):
        return self.Activity.search([("activity_type_id", "=", self.env.ref(xmlid).id)])

    def counts(self):
        return (
            self.Activity.search_count([]),
            self.env["mail.message"].search_count([]),
            self.env["mail.mail"].search_count([]),
        )

    def test_reminders_twice_without_duplicates(self):
        unit_users = self.users["unit_user"] | self.users["unit_leader"]
        with freeze_time("2026-11-20"):
            self.run_cron("reminders")
            self.assertFalse(self.activities(REMINDER), "not yet within the reminder days")
        with freeze_time("2026-11-28"):
            self.run_cron("reminders")
            reminders = self.activities(REMINDER)
            self.assertEqual(reminders.user_id, unit_users)
            self.assertEqual(len(reminders), 2)
            self.assertEqual(set(reminders.mapped("date_deadline")), {date(2026, 11, 30)})
            self.assertTrue(self.item.reminder_sent)
            before = self.counts()
            self.run_cron("reminders")
            self.assertEqual(self.counts(), before)

            # a new deadline: the open reminders move with it ...
            self.as_role(self.item, "office").write({"deadline": date(2026, 12, 2)})
            self.assertFalse(self.item.reminder_sent)
            self.assertEqual(set(reminders.mapped("date_deadline")), {date(2026, 12, 2)})
            self.run_cron("reminders")
            self.assertEqual(self.counts(), before)
        with freeze_time("2026-11-30"):
            # ... and, once within the reminder days again, none is added
            self.run_cron("reminders")
            self.run_cron("reminders")
            self.assertTrue(self.item.reminder_sent)
            self.assertEqual(self.activities(REMINDER), reminders)

    def test_overdue_flags_twice_without_duplicates(self):
        submitted = self._item(self.county_a, name="已报送", deadline=date(2026, 11, 30))
        submitted.sudo().write({"measures": "措施", "state": "submitted"})
        with freeze_time("2026-11-30"):
            self.run_cron("overdue")
            self.assertFalse(self.item.is_overdue, "due today, not yet overdue")
        with freeze_time("2026-12-01"):
            self.run_cron("overdue")
            self.assertTrue(self.item.is_overdue)
            self.assertFalse(submitted.is_overdue, "submitted in time")
            overdue = self.activities(OVERDUE)
            self.assertEqual(overdue.user_id, self.users["unit_user"] | self.users["unit_leader"])
            self.assertEqual(set(overdue.mapped("res_id")), {self.item.id})
            before = self.counts()
            self.run_cron("overdue")
            self.run_cron("reminders")
            self.assertEqual(self.counts(), before)
            # a late submission clears the flag and settles the to-dos
            unit = self.as_role(self.item, "unit_user")
            unit.write({"measures": "补报"})
            unit.action_submit()
            self.assertFalse(self.item.is_overdue)
            self.assertFalse(self.item.activity_ids)
