"""Supervision bulletins (督查通报): drafting, approval tiers, numbering, access, tasks."""

import base64
import shutil
import subprocess
import unicodedata
from datetime import date, timedelta

import lxml.html

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from odoo.addons.queue_job.job import Job
from odoo.addons.target_assessment.demo_city import generate
from odoo.addons.target_assessment.demo_city.supervision import SupervisionDemo
from odoo.addons.target_assessment.scoring.writer import bulk_unlink, plain_unlink

from .common import ApprovalMixinCase, FrozenToday, QueryBudgetMixin, TargetCityCase
from .test_background_jobs import queued


class BulletinCase(ApprovalMixinCase, TargetCityCase):
    """The 2026 cycle on 2026-11-30, lights as of the end of November (91.5 % expected).

    County A is ahead (best of the counties), county B behind (lagging): one
    red goal, a late September report and a false report found by a spot
    check in November. The statistics bureau has a red goal, the
    environment bureau a green one; town A1 has reported nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle.action_generate_periods()
        Goal = cls.env["target.goal"]

        def goals(unit, actuals):
            return Goal.create(
                [
                    {
                        "cycle_id": cls.cycle.id,
                        "unit_id": unit.id,
                        "indicator_id": cls.ind_gdp.id,
                        "name": f"{unit.name}目标{i}",
                        "target_value": 100.0,
                        "points": 10.0,
                        **(
                            {"own_actual": actual, "own_actual_set": True}
                            if actual is not None
                            else {}
                        ),
                    }
                    for i, actual in enumerate(actuals)
                ]
            )

        cls.goals_a = goals(cls.county_a, [95.0, 100.0])
        cls.goals_b = goals(cls.county_b, [60.0, 80.0])
        cls.goals_stats = goals(cls.dept_stats, [50.0])
        cls.goals_env = goals(cls.dept_env, [100.0])
        cls.goals_town = goals(cls.town_a1, [None])
        cls.all_goals = cls.goals_a | cls.goals_b | cls.goals_stats | cls.goals_env | cls.goals_town
        cls.all_goals.write({"state": "approved"})
        september = cls.cycle.period_ids.filtered(lambda p: p.name == "2026-9")
        cls.env["target.progress"].create(
            {"goal_id": cls.goals_b[0].id, "period_id": september.id, "value": 50.0}
        )
        cls.office = cls.users["office"]
        cls.inspector = new_test_user(
            cls.env, login="ta_bul_insp", groups="target_assessment.group_inspector", name="督查员"
        )
        cls.inspector.target_unit_ids = cls.dept_env
        check = (
            cls.env["target.spot.check"]
            .with_user(cls.office)
            .create(
                {
                    "name": "十一月抽查",
                    "cycle_id": cls.cycle.id,
                    "method": "manual",
                    "manual_goal_ids": [(6, 0, cls.goals_b[0].ids)],
                }
            )
        )
        check.action_draw()
        check.inspector_ids = cls.inspector
        check.action_start()
        check.item_ids.with_user(cls.inspector).write(
            {"result": "false_report", "verified_value": 40.0, "deduction_points": 2.0}
        )

    def chinese(self):
        """Whether bulletins are written in Chinese here (scripts/test loads zh_CN)."""
        return self.env["target.supervision.bulletin"]._official_lang() == "zh_CN"

    def number(self, year, number):
        return f"〔{year}〕第{number}期" if self.chinese() else f"〔{year}〕No. {number}"

    def bulletin(self, number=11, **values):
        return (
            self.env["target.supervision.bulletin"]
            .with_user(self.office)
            .create({"cycle_id": self.cycle.id, "period_number": number, **values})
        )

    def published(self, number=11):
        bulletin = self.bulletin(number)
        bulletin.action_draft_text()
        bulletin.action_submit()
        self.approve(bulletin, "admin")
        bulletin.action_publish()
        return bulletin


@tagged("post_install", "-at_install")
class TestBulletinDraft(BulletinCase):
    def test_drafts_the_tables_and_the_text(self):
        bulletin = self.bulletin()
        self.assertEqual(
            (bulletin.date_from, bulletin.date_to), (date(2026, 11, 1), date(2026, 11, 30))
        )
        bulletin.action_draft_text()
        lines = {line.unit_id: line for line in bulletin.line_ids}
        self.assertEqual(
            set(lines), {self.county_a, self.county_b, self.dept_stats, self.dept_env, self.town_a1}
        )
        a, b = lines[self.county_a], lines[self.county_b]
        self.assertEqual((a.rank, a.mark, a.red_count, a.green_count), (1, "best", 0, 2))
        self.assertAlmostEqual(a.progress, 100.0)
        self.assertEqual((b.rank, b.mark, b.red_count), (2, "worst", 1))
        self.assertLess(b.progress, 90.0)
        self.assertEqual(
            (b.late_count, b.finding_count, b.false_report_count, b.open_rectification_count),
            (1, 1, 1, 1),
        )
        self.assertEqual((a.late_count, a.finding_count), (0, 0))
        self.assertEqual(lines[self.dept_env].mark, "best")
        self.assertEqual(lines[self.dept_stats].mark, "worst")
        # a category of one unit names nobody
        self.assertFalse(lines[self.town_a1].mark)
        body = str(bulletin.body)
        false = "发现虚报瞒报 1 项" if self.chinese() else "1 false or concealed"
        for text in ("甲县", "乙县目标0", "统计局目标0", false):
            self.assertIn(text, body)
        self.assertTrue(bulletin.drafted_on)
        # the office edits the text; drafting again replaces the tables and the text
        bulletin.body = "<p>经领导审阅修改的通报。</p>"
        bulletin.action_draft_text()
        self.assertEqual(len(bulletin.line_ids), 5)
        self.assertIn("乙县目标0", str(bulletin.body))

    def test_drafting_is_a_background_job(self):
        """In production the button returns at once; the runner drafts the bulletin."""
        bulletin = self.bulletin()
        with queued():
            action = bulletin.action_draft_text()
            job = self.env["target.job"].search(
                [("res_model", "=", bulletin._name), ("res_id", "=", bulletin.id)]
            )
            self.assertEqual(job.state, "queued")
            self.assertEqual(job.user_id, self.office)
            self.assertEqual(action["params"]["type"], "info")
            self.assertFalse(bulletin.line_ids)
            # a second click while it is queued: the same job, not a second one
            bulletin.action_draft_text()
            self.assertEqual(
                self.env["target.job"].search_count([("identity_key", "=", job.identity_key)]), 1
            )
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.assertEqual(job.state, "done")
        self.assertIn(bulletin.name, job.result)
        self.assertTrue(bulletin.line_ids)
        self.assertTrue(bulletin.body)
        # run again (a requeue after a crash): nothing is done twice
        lines = bulletin.line_ids
        job._run()
        self.assertEqual(bulletin.line_ids, lines)

    def test_a_drafting_queued_before_the_submission_does_not_run(self):
        bulletin = self.bulletin()
        bulletin.action_draft_text()
        body = bulletin.body
        with queued():
            bulletin.action_draft_text()
            job = self.env["target.job"].search(
                [("res_model", "=", bulletin._name), ("state", "=", "queued")]
            )
            bulletin.action_submit()
            Job.load(self.env, job.queue_job_id.uuid).perform()
        self.assertEqual(job.state, "done")
        self.assertIn("submitted meanwhile", job.result)
        self.assertEqual(bulletin.body, body)

    def test_a_month_without_findings(self):
        october = self.bulletin(10)
        october.action_draft_text()
        line_b = october.line_ids.filtered(lambda line: line.unit_id == self.county_b)
        # the November finding is not October's; the rectification is still open
        self.assertEqual((line_b.finding_count, line_b.open_rectification_count), (0, 1))

    def test_quarterly(self):
        quarter = self.bulletin(4, frequency="quarterly")
        self.assertEqual(
            (quarter.date_from, quarter.date_to), (date(2026, 10, 1), date(2026, 12, 31))
        )
        self.assertIn("第4季度" if self.chinese() else "Q4", quarter.name)

    def test_bad_period_is_refused_and_nothing_written(self):
        Bulletin = self.env["target.supervision.bulletin"]
        before = Bulletin.search_count([])
        with self.assertRaisesRegex(
            ValidationError, "Month or quarter: 13 is not between 1 and 12"
        ):
            self.bulletin(13)
        with self.assertRaisesRegex(ValidationError, "Month or quarter: 5 is not between 1 and 4"):
            self.bulletin(5, frequency="quarterly")
        self.assertEqual(Bulletin.search_count([]), before)


@tagged("post_install", "-at_install")
class TestBulletinFlow(BulletinCase):
    def test_approved_then_published_with_the_next_number(self):
        bulletin = self.bulletin()
        with self.assertRaisesRegex(UserError, "draft it from the period's data"):
            bulletin.action_submit()
        bulletin.action_draft_text()
        for role in ("unit_user", "leader", "inspector"):
            with self.assertRaises(AccessError, msg=role):
                bulletin.with_user(self.users[role]).action_submit()
        bulletin.action_submit()
        self.assertEqual((bulletin.state, bulletin.submitted_by_id), ("submitted", self.office))
        self.assertIn(self.users["admin"], self.pending_reviewers(bulletin))
        self.assertNotIn(self.office, self.pending_reviewers(bulletin))
        with self.assertRaisesRegex(UserError, "is Submitted"):
            bulletin.write({"body": "<p>改</p>"})
        with self.assertRaisesRegex(UserError, "Nothing of .* waits for you"):
            bulletin.validate_tier()
        with self.assertRaisesRegex(UserError, "cannot go from Submitted to Issued"):
            bulletin.action_publish()
        self.approve(bulletin, "admin")
        self.assertEqual(bulletin.state, "approved")
        self.assertFalse(bulletin.number)
        with self.assertRaises(AccessError):
            bulletin.with_user(self.users["leader"]).action_publish()
        bulletin.action_publish()
        self.assertEqual(
            (bulletin.state, bulletin.published_by_id, bulletin.sequence_number, bulletin.number),
            ("published", self.office, 1, self.number(2026, 1)),
        )
        with self.assertRaisesRegex(UserError, "cannot go from Issued"):
            bulletin.action_publish()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            bulletin.unlink()

    def test_returned_with_a_reason_then_resubmitted(self):
        bulletin = self.bulletin()
        bulletin.action_draft_text()
        bulletin.action_submit()
        self.reject(bulletin, "admin", "后进单位的原因分析不够具体。")
        self.assertEqual(bulletin.state, "returned")
        self.assertIn("原因分析", bulletin.return_reason)
        bulletin.body = "<p>补充了原因分析。</p>"
        bulletin.action_submit()
        self.assertEqual((bulletin.state, bulletin.return_reason), ("submitted", False))
        self.approve(bulletin, "admin")
        self.assertEqual(bulletin.state, "approved")

    def test_numbers_per_cycle_in_order_never_reused(self):
        draft = self.bulletin(9)
        draft.unlink()  # a draft deleted takes no number
        november = self.published(11)
        october = self.published(10)
        self.assertEqual((november.sequence_number, october.sequence_number), (1, 2))
        self.assertEqual(october.number, self.number(2026, 2))
        self.assertEqual(self.cycle.bulletin_last_number, 2)
        quarter = self.bulletin(3, frequency="quarterly")
        quarter.action_draft_text()
        quarter.action_submit()
        self.approve(quarter, "admin")
        quarter.action_publish()
        self.assertEqual(quarter.sequence_number, 3)
        # another cycle counts from one
        other = self.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        first = self.bulletin(1, cycle_id=other.id)
        first.action_draft_text()
        first.action_submit()
        self.approve(first, "admin")
        first.action_publish()
        self.assertEqual(first.number, self.number(2027, 1))

    def test_state_number_and_stamps_are_not_written_by_hand(self):
        bulletin = self.bulletin()
        for vals in ({"state": "published"}, {"number": "〔2026〕No. 9"}, {"sequence_number": 9}):
            with self.assertRaises(AccessError, msg=vals):
                bulletin.write(vals)
        with self.assertRaises(AccessError):
            self.bulletin(10, state="published")
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.office).write({"bulletin_last_number": 5})


@tagged("post_install", "-at_install")
class TestBulletinAccess(BulletinCase):
    def test_units_read_published_bulletins_and_their_own_lines(self):
        unit = self.users["unit_user"]  # county A
        Bulletin = self.env["target.supervision.bulletin"].with_user(unit)
        with self.assertRaises(AccessError):
            Bulletin.create({"cycle_id": self.cycle.id, "period_number": 10})
        draft = self.bulletin(10)
        draft.action_draft_text()
        self.assertFalse(Bulletin.search([]))
        with self.assertRaises(AccessError):
            draft.with_user(unit).read(["body"])
        with self.assertRaises(AccessError):
            draft.with_user(unit).action_draft_text()
        bulletin = self.published(11)
        self.assertEqual(Bulletin.search([]), bulletin)
        self.env.invalidate_all()  # as a request of the unit's user reads it
        self.assertIn("乙县", str(bulletin.with_user(unit).body))
        # county A and its towns
        own = self.county_a | self.town_a1
        self.assertEqual(bulletin.with_user(unit).line_ids.unit_id, own)
        Line = self.env["target.supervision.bulletin.line"].with_user(unit)
        self.assertEqual(Line.search([]).unit_id, own)
        with self.assertRaises(AccessError):
            bulletin.line_ids[0].with_user(unit).write({"rank": 9})

    def test_leaders_read_all_and_change_nothing(self):
        leader = self.users["leader"]
        draft = self.bulletin(10)
        draft.action_draft_text()
        self.assertEqual(draft.with_user(leader).line_ids, draft.line_ids)
        with self.assertRaises(AccessError):
            draft.with_user(leader).write({"body": "<p>x</p>"})
        with self.assertRaises(AccessError):
            draft.with_user(leader).action_draft_text()
        with self.assertRaises(AccessError):
            self.env["target.supervision.bulletin"].with_user(leader).create(
                {"cycle_id": self.cycle.id, "period_number": 9}
            )

    def test_office_lines_only_by_drafting(self):
        bulletin = self.bulletin()
        with self.assertRaises(AccessError):
            self.env["target.supervision.bulletin.line"].with_user(self.office).create(
                {"bulletin_id": bulletin.id, "unit_id": self.county_a.id}
            )

    def test_inspectors_and_hr_do_not_read_bulletins(self):
        bulletin = self.published(11)
        for role in ("inspector", "hr", "assessor"):
            with self.assertRaises(AccessError, msg=role):
                bulletin.with_user(self.users[role]).read(["name"])


@tagged("post_install", "-at_install")
class TestBulletinTasks(BulletinCase):
    def test_tasks_follow_a_published_bulletin(self):
        draft = self.bulletin(10)
        with self.assertRaisesRegex(UserError, "not published"):
            draft.action_new_task()
        bulletin = self.published(11)
        action = bulletin.line_ids.filtered(
            lambda line: line.unit_id == self.county_b
        ).action_new_task()
        Task = self.env["target.supervision.task"].with_user(self.office)
        task = Task.with_context(**action["context"]).create(
            {"name": "整改乙县虚报问题", "deadline": date(2026, 12, 20)}
        )
        self.assertEqual(
            (task.source, task.bulletin_id, task.unit_id, task.cycle_id),
            ("bulletin", bulletin, self.county_b, self.cycle),
        )
        self.assertEqual(bulletin.task_count, 1)
        self.assertEqual(
            bulletin.action_view_tasks()["domain"], [("bulletin_id", "=", bulletin.id)]
        )
        task.action_assign()
        # the unit reads the task and the bulletin it follows
        unit_b = new_test_user(
            self.env, login="ta_bul_b", groups="target_assessment.group_unit_user"
        )
        unit_b.target_unit_ids = self.county_b
        self.assertEqual(task.with_user(unit_b).bulletin_id.name, bulletin.name)

    def test_a_task_names_only_a_published_bulletin_of_its_cycle(self):
        draft = self.bulletin(10)
        Task = self.env["target.supervision.task"].with_user(self.office)
        vals = {
            "name": "督办",
            "cycle_id": self.cycle.id,
            "unit_id": self.county_b.id,
            "deadline": date(2026, 12, 20),
        }
        with self.assertRaisesRegex(ValidationError, "not a published bulletin"):
            Task.create({**vals, "source": "bulletin", "bulletin_id": draft.id})
        bulletin = self.published(11)
        with self.assertRaisesRegex(ValidationError, "its source is a bulletin"):
            Task.create({**vals, "source": "instruction", "bulletin_id": bulletin.id})


@tagged("post_install", "-at_install")
class DraftQueries(QueryBudgetMixin):
    """The queries of drafting a bulletin, and of drafting it again."""

    def draft_queries(self, bulletin):
        self.env.invalidate_all()
        return self.queries(bulletin.action_draft_text)

    def redraft_queries(self, bulletin):
        """Drafting it again a minute later: its lines replaced, a new stamp."""
        with freeze_time(fields.Datetime.now() + timedelta(minutes=1)):
            return self.draft_queries(bulletin)


class TestBulletinQueries(DraftQueries, TargetCityCase):
    """Drafting reads the period in the same number of queries for 3 and for 30 units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["target.unit.category"].create({"name": "测试区", "code": "bul"})
        cls.warm_up = cls._build(2023, 2)
        cls.small = cls._build(2024, 3)
        cls.large = cls._build(2025, 30)

    @classmethod
    def _build(cls, year, size):
        env = cls.env
        cycle = env["target.cycle"].create(
            {
                "name": f"{year}年度",
                "year": year,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
            }
        )
        cycle.action_generate_periods()
        december = cycle.period_ids.sorted("date_end")[-1]
        units = env["target.unit"].create(
            [
                {
                    "name": f"{year}-{index}",
                    "code": f"b{year}-{index}",
                    "parent_id": cls.city.id,
                    "category_id": cls.category.id,
                }
                for index in range(size)
            ]
        )
        goals = env["target.goal"].create(
            [
                {
                    "cycle_id": cycle.id,
                    "unit_id": unit.id,
                    "indicator_id": indicator.id,
                    "name": f"{unit.name} {indicator.code}",
                    "target_value": 100.0,
                    "points": 10.0,
                    "own_actual": actual,
                    "own_actual_set": True,
                }
                for unit in units
                for indicator, actual in (
                    (cls.ind_gdp, 50.0 + len(unit.name)),
                    (cls.ind_energy, 90.0),
                )
            ]
        )
        goals.write({"state": "approved"})
        env["target.progress"].create(
            [
                {"goal_id": goal.id, "period_id": december.id, "value": 1.0}
                for goal in goals.filtered(lambda g: g.indicator_id == cls.ind_gdp)
            ]
        )
        bulletin = env["target.supervision.bulletin"].create(
            {"cycle_id": cycle.id, "frequency": "quarterly", "period_number": 4}
        )
        return bulletin.with_user(cls.users["office"])

    def test_bulk_unlink_falls_back_on_checks_and_activities(self):
        # the lines are deleted in one query; a model with its own deletion check
        # (a bulletin is deleted only as a draft) or with activities goes through
        # unlink(), so that no check and no cleanup is skipped
        self.assertTrue(plain_unlink(self.env["target.supervision.bulletin.line"]))
        self.assertFalse(plain_unlink(self.env["target.supervision.bulletin"]))
        self.assertFalse(plain_unlink(self.env["target.goal"]))
        self.small.action_draft_text()
        self.small.action_submit()
        with self.assertRaisesRegex(UserError, "Only draft bulletins can be deleted"):
            bulk_unlink(self.small.sudo())
        self.assertTrue(self.small.exists())

    def test_same_queries_for_3_and_30_units(self):
        self.draft_queries(self.warm_up)
        self.redraft_queries(self.warm_up)
        counts = []
        for bulletin in (self.small, self.large):
            with self.assertQueryCount(DRAFT_QUERIES):
                first = self.draft_queries(bulletin)
            with self.assertQueryCount(REDRAFT_QUERIES):
                counts.append((first, self.redraft_queries(bulletin)))
        self.assertEqual(len(self.large.line_ids), 30)
        self.assertEqual(sum(self.large.line_ids.mapped("late_count")), 30)
        self.assertEqual(sum(self.large.line_ids.mapped("red_count")), 30)
        # pin the exact numbers (assertQueryCount alone only fails on more queries); the
        # text is drafted in Chinese where it is installed (scripts/test loads it)
        pinned = CHINESE_QUERIES if self.large._official_lang() == "zh_CN" else None
        self.assertEqual(counts, [pinned or (DRAFT_QUERIES, REDRAFT_QUERIES)] * 2, counts)


@tagged("post_install", "-at_install")
class TestBulletinQueriesDemo(DraftQueries, FrozenToday, TransactionCase):
    """Drafting a bulletin of the demo city (DESIGN.md §8: this year's periods and
    progress to date) takes the same number of queries for the city at ×1 and at ×10
    (90 counties, 480 departments, their townships): as on 20 July, when every unit's
    goals are approved and reported on (in January the year's goals are still drafts)."""

    today = date(2026, 7, 20)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bulletins = {scale: cls._bulletin(scale) for scale in (1, 10)}

    @classmethod
    def _bulletin(cls, scale):
        """The latest monthly (or quarterly) bulletin of the city's current cycle."""
        env = cls.env
        # the city without its year-end walk and demo supervision: its data as reported
        generate(env, scale=scale, passwords=False, history=False)
        city = env["target.unit"].search([("code", "=", "JL" if scale == 1 else f"JL-X{scale}")])
        goals = env["target.goal"].search([("unit_id", "=", city.id)])
        cycle = goals.cycle_id.filtered("previous_cycle_id")  # this year's, not last
        frequency, number = SupervisionDemo(env, cycle)._bulletin_periods()[-1]
        office = env["res.users"].search([("login", "=", "office")])
        return (
            env["target.supervision.bulletin"]
            .create({"cycle_id": cycle.id, "frequency": frequency, "period_number": number})
            .with_user(office)
        )

    def test_same_queries_at_scale_1_and_10(self):
        small, large = self.bulletins[1], self.bulletins[10]
        # warm-up on another period: the registry's and the office user's caches
        other = ("monthly", 1) if small.frequency == "quarterly" else ("quarterly", 1)
        warm_up = small.copy(dict(zip(("frequency", "period_number"), other, strict=True)))
        self.draft_queries(warm_up)
        counts, lines = [], []
        for bulletin in (small, large):
            first = self.draft_queries(bulletin)
            lines.append(len(bulletin.line_ids))
            counts.append((first, self.redraft_queries(bulletin)))
        self.assertEqual(counts[0], counts[1], "the same queries for ×1 and ×10")
        self.assertEqual([len(small.line_ids), len(large.line_ids)], lines, "replaced, once")
        self.assertLessEqual(counts[1][0], DRAFT_QUERIES)
        self.assertLessEqual(counts[1][1], REDRAFT_QUERIES)
        units = len(small.line_ids)
        self.assertGreater(units, 50, "a line per assessed unit of the city")
        self.assertGreaterEqual(len(large.line_ids), 9 * units)
        self.assertTrue(large.body)


# Queries of one drafting (read the goals, units, categories, indicators, the late
# reports, the findings, the rectifications; insert the lines in two queries, ids then
# rows; write the text), and of drafting it again (its lines deleted first, in one
# query), for any number of units: the ORM's create() inserts 100 rows per query and
# its unlink() looks up ids, attachments and defaults per 1,000 (the ×10 demo city's
# bulletin took 27 queries to redraft instead of 23 with them). The old budget
# (35, "34 or 35 seen") counted a redrafting that deleted the old lines after reading
# the data: the unlink emptied the cache and the text fetched the units again in
# batches that grew with them (31 queries for 3 units, 35 for 30), and a redrafting
# within the second of the previous one wrote nothing (same text and stamp).
# The drafting is a background job (target.job, run inline in the tests): its record,
# its two transitions, the savepoint around the work and the notification of the user
# who started it add a constant 6 to 10 queries (the budgets were 20 and 22 inline).
DRAFT_QUERIES = 26
REDRAFT_QUERIES = 29
# The same, drafted in Chinese (the office user's language is English here): measured
# (17 and 19 before the job; 26 and 29 before the merges of #18 and #21 of
# 2026-12-07 took one off each, not traced to one change).
CHINESE_QUERIES = (25, 28)


@tagged("post_install", "-at_install")
class TestBulletinIssue(BulletinCase):
    """Issued (印发): the PDF archived on the bulletin, every unit notified, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_b = new_test_user(
            cls.env, login="ta_bul_b_user", groups="target_assessment.group_unit_user"
        )
        cls.user_b.target_unit_ids = cls.county_b

    def notices(self, bulletin):
        return bulletin.message_ids.filtered(lambda message: message.partner_ids)

    def test_issue_archives_the_pdf(self):
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            self.skipTest("wkhtmltopdf is not installed: the PDF cannot be rendered here")
        bulletin = self.published(11).with_context(force_report_rendering=True)
        # the publication ran under the tests' HTML fallback: archive the real PDF
        bulletin.sudo().document = False
        bulletin._issue()
        pdf = base64.b64decode(bulletin.document)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(bulletin.document_name, f"{bulletin.number}.pdf")
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", bulletin._name),
                ("res_id", "=", bulletin.id),
                ("res_field", "=", "document"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed: the text is not read")
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        # the CJK glyphs are read back partly as Kangxi radicals (⽉ for 月): NFKC
        compact = unicodedata.normalize("NFKC", "".join(text.split()))
        if self.chinese():
            self.assertIn("督查通报", compact)
            self.assertIn("〔2026〕第1期", compact)
            self.assertIn("2026年11月督查通报", compact)
        else:
            self.assertIn("〔2026〕No.1", compact)
        self.assertIn("甲县", compact)
        self.assertIn("乙县", compact)

    def test_issue_archives_the_document_the_office_finds_from_the_cycle(self):
        bulletin = self.published(11)
        self.assertTrue(bulletin.document)
        self.assertTrue(bulletin.document_name.startswith(bulletin.number))
        action = self.cycle.with_user(self.office).action_view_bulletins()
        self.assertEqual(action["domain"], [("cycle_id", "=", self.cycle.id)])
        self.assertEqual(self.cycle.with_user(self.office).bulletin_count, 1)
        self.assertTrue(bulletin.with_user(self.users["leader"]).document)

    def test_units_do_not_read_the_archived_document(self):
        bulletin = self.published(11)
        unit = self.users["unit_user"]
        with self.assertRaises(AccessError):
            bulletin.with_user(unit).read(["document"])
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", bulletin._name),
                ("res_id", "=", bulletin.id),
                ("res_field", "=", "document"),
            ]
        )
        with self.assertRaises(AccessError):
            attachment.with_user(unit).read(["datas"])

    def test_every_unit_notified_once(self):
        bulletin = self.published(11)
        notices = self.notices(bulletin)
        self.assertEqual(len(notices), 1)
        # the users of the units of its lines who read bulletins (not the inspector
        # of the environment bureau: inspectors do not read bulletins)
        expected = (self.users["unit_user"] | self.users["unit_leader"] | self.user_b).partner_id
        self.assertEqual(notices.partner_ids, expected)
        self.assertEqual(notices.notification_ids.res_partner_id, expected)
        self.assertIn(bulletin.number, str(notices.body))
        self.assertIn(f'data-oe-id="{bulletin.id}"', str(notices.body))
        if self.chinese():
            self.assertIn("已印发", str(notices.body))
        self.assertTrue(bulletin.notified_on)
        # issued again (a retried job, a second click): nothing is sent twice
        bulletin._issue()
        with self.assertRaisesRegex(UserError, "cannot go from Issued"):
            bulletin.action_publish()
        self.assertEqual(self.notices(bulletin), notices)
        # the unit's user reads the notice and the bulletin it links
        self.env.invalidate_all()
        self.assertEqual(bulletin.with_user(self.user_b).number, bulletin.number)

    def test_printed_by_a_unit_shows_only_its_lines(self):
        bulletin = self.published(11)
        Report = self.env["ir.actions.report"]
        report = "target_assessment.target_supervision_bulletin_report"

        def units_printed(user):
            self.env.invalidate_all()
            html, _kind = Report.with_user(user)._render_qweb_html(report, bulletin.ids)
            tree = lxml.html.fromstring(html)
            return {
                cell.text_content().strip()
                for cell in tree.xpath(
                    "//table[contains(@class, 'table-bordered')]//tbody/tr/td[3]"
                )
            }

        everyone = units_printed(self.office)
        self.assertEqual(everyone, set(bulletin.line_ids.unit_id.mapped("complete_name")))
        own = units_printed(self.user_b)
        self.assertEqual(own, {self.county_b.complete_name})
        draft = self.bulletin(10)
        draft.action_draft_text()
        with self.assertRaises(AccessError):
            Report.with_user(self.user_b)._render_qweb_html(report, draft.ids)
