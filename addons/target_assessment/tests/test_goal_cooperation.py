"""Cooperating units (配合单位): shares, access, their own progress and the roll-up."""

from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.target_assessment.scoring import writer

from .test_progress import ProgressCase
from .test_scoring_common import ScoringCase


@tagged("post_install", "-at_install")
class TestGoalCooperation(ProgressCase):
    """County A leads a GDP goal of 200 (additive): the statistics bureau carries 30 % of
    the work (60), the environment bureau 20 % (40), county A keeps 50 % (100).

    Users: the unit user of county A (the lead), a unit user of each bureau, and the
    unit user of county B (unrelated).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        for key, unit in (("stats_user", cls.dept_stats), ("env_user", cls.dept_env)):
            cls.users[key] = new_test_user(
                env, login=f"ta_{key}", groups="target_assessment.group_unit_user", name=key
            )
            cls.users[key].target_unit_ids = unit
        cls.shared = env["target.goal"].create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.county_a.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "甲县 地区生产总值（共建）",
                "target_value": 200.0,
                "points": 10.0,
                "cooperation_ids": [
                    Command.create(
                        {"unit_id": cls.dept_stats.id, "work_share": 30.0, "point_share": 20}
                    ),
                    Command.create(
                        {"unit_id": cls.dept_env.id, "work_share": 20.0, "note": "监测数据"}
                    ),
                ],
            }
        )
        cls.shared.state = "approved"
        cls.stats_line, cls.env_line = cls.shared.cooperation_ids

    def as_user(self, key, record):
        return record.with_user(self.users[key])

    # -- the lines ---------------------------------------------------------------

    def test_shares_and_parts(self):
        self.assertEqual(self.shared.lead_share, 50.0)
        self.assertEqual(self.shared.cooperating_unit_ids, self.dept_stats | self.dept_env)
        self.assertEqual(self.stats_line.target_value, 60.0)
        self.assertEqual(self.env_line.target_value, 40.0)
        Goal = self.env["target.goal"]
        self.assertIn(self.shared, Goal.search([("cooperating_unit_ids", "in", self.dept_env.ids)]))
        self.assertNotIn(self.g_a, Goal.search([("cooperating_unit_ids", "!=", False)]))

    def test_share_constraints(self):
        goal = self.goal(self.county_b, name="乙县 共建")
        Cooperation = self.env["target.goal.cooperation"].with_user(self.users["office"])
        with self.assertRaisesRegex(ValidationError, "Share of the work"):
            Cooperation.create({"goal_id": goal.id, "unit_id": self.dept_env.id, "work_share": 120})
        with self.assertRaisesRegex(ValidationError, "Share of the points"):
            Cooperation.create(
                {"goal_id": goal.id, "unit_id": self.dept_env.id, "point_share": -5.0}
            )
        # the lead keeps a share: 60 + 40 is refused, naming the goal and the units
        Cooperation.create({"goal_id": goal.id, "unit_id": self.dept_env.id, "work_share": 60})
        with self.assertRaisesRegex(ValidationError, f"{goal.ref}.*100.*环保局 60 %, 统计局 40 %"):
            Cooperation.create(
                {"goal_id": goal.id, "unit_id": self.dept_stats.id, "work_share": 40}
            )
        # not the lead itself, neither the goal's unit nor its named lead unit
        with self.assertRaisesRegex(ValidationError, "乙县.*does not cooperate on its own goal"):
            Cooperation.create({"goal_id": goal.id, "unit_id": self.county_b.id})
        goal.lead_unit_id = self.town_a1
        with self.assertRaisesRegex(ValidationError, "一镇"):
            Cooperation.create({"goal_id": goal.id, "unit_id": self.town_a1.id})
        # no duplicates
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Cooperation.create({"goal_id": goal.id, "unit_id": self.dept_env.id})
        self.assertEqual(goal.cooperation_ids.unit_id, self.dept_env)
        # nor by naming a cooperating unit the lead afterwards
        with self.assertRaisesRegex(ValidationError, "环保局.*does not cooperate"):
            goal.lead_unit_id = self.dept_env

    def test_fixed_with_the_letter(self):
        # the goal's unit edits the lines of a draft goal
        goal = self.goal(self.county_a, name="甲县 共建")
        lines = self.as_user("unit_user", goal.cooperation_ids)
        lines.create({"goal_id": goal.id, "unit_id": self.dept_env.id, "work_share": 10})
        self.assertEqual(goal.lead_share, 90.0)
        # a cooperating unit does not
        with self.assertRaises(AccessError):
            self.as_user("env_user", goal.cooperation_ids).write({"work_share": 50})
        # approved: refused for everyone, the office included
        for key in ("office", "unit_user"):
            with self.assertRaisesRegex(UserError, "fixed with it"):
                self.as_user(key, self.stats_line).write({"work_share": 10})
        with self.assertRaisesRegex(UserError, "fixed with it"):
            self.as_user("office", self.env_line).unlink()
        with self.assertRaisesRegex(UserError, "fixed with it"):
            self.as_user("office", self.stats_line).create(
                {"goal_id": self.shared.id, "unit_id": self.town_a1.id}
            )
        self.assertEqual(self.stats_line.work_share, 30.0)

    # -- access ------------------------------------------------------------------

    def test_cooperating_unit_reads_the_goal(self):
        Goal = self.env["target.goal"]
        for key in ("stats_user", "env_user"):
            goal = self.as_user(key, self.shared)
            self.assertEqual(goal.name, self.shared.name)
            self.assertIn(self.shared, self.as_user(key, Goal).search([]))
            self.assertEqual(goal.cooperation_ids.mapped("work_share"), [30.0, 20.0])
            with self.assertRaises(AccessError):
                goal.write({"name": "改"})
            with self.assertRaises(AccessError):
                goal.unlink()
        # only the goals they cooperate on
        self.assertNotIn(self.g_a, self.as_user("stats_user", Goal).search([]))
        # an unrelated unit reads neither the goal nor its lines
        self.assertNotIn(self.shared, self.as_user("unit_b", Goal).search([]))
        with self.assertRaises(AccessError):
            self.as_user("unit_b", self.shared).read(["name"])
        with self.assertRaises(AccessError):
            self.as_user("unit_b", self.stats_line).read(["work_share"])

    def test_units_involved(self):
        # the goal's unit and its cooperating units, searched as one subquery
        Goal = self.env["target.goal"]
        self.assertEqual(
            self.shared.involved_unit_ids, self.county_a | self.dept_stats | self.dept_env
        )
        self.assertEqual(self.g_b.involved_unit_ids, self.county_b)
        bureau = Goal.search([("involved_unit_ids", "in", self.dept_env.ids)])
        self.assertEqual(bureau, self.shared)
        county_a = Goal.search([("involved_unit_ids", "child_of", self.county_a.ids)])
        self.assertIn(self.shared, county_a)
        self.assertIn(self.g_a, county_a)
        self.assertNotIn(self.g_b, county_a)
        # a township of county A cooperates on county B's goal: county A's user reads it
        # (its units' subtree) with all its lines, county B's user reads the line too
        self.g_b.state = "draft"
        town_line = self.env["target.goal.cooperation"].create(
            {"goal_id": self.g_b.id, "unit_id": self.town_a1.id, "work_share": 10.0}
        )
        self.assertIn(self.g_b, Goal.search([("involved_unit_ids", "child_of", self.county_a.ids)]))
        self.assertEqual(
            Goal.search([("involved_unit_ids", "any", [("name", "=", self.town_a1.name)])]),
            self.g_b,
        )
        self.assertIn(self.g_b, self.as_user("unit_user", Goal).search([]))
        self.assertEqual(self.as_user("unit_user", self.g_b).name, self.g_b.name)
        Line = self.env["target.goal.cooperation"]
        self.assertEqual(
            self.as_user("unit_user", Line).search([("goal_id", "=", self.g_b.id)]), town_line
        )
        self.assertEqual(
            self.as_user("unit_b", Line).search([("goal_id", "=", self.g_b.id)]), town_line
        )
        # the bureaus read neither that goal nor its line
        for key in ("stats_user", "env_user"):
            self.assertNotIn(self.g_b, self.as_user(key, Goal).search([]))
            self.assertFalse(self.as_user(key, Line).search([("goal_id", "=", self.g_b.id)]))

    def test_a_part_is_read_back_when_saved(self):
        # the form's save creates the report and reads it back in one request, before the
        # report's unit (computed from its part) is written: the record rules must see it
        saved = self.as_user("stats_user", self.env["target.progress"]).web_save(
            {
                "goal_id": self.shared.id,
                "cooperation_id": self.stats_line.id,
                "period_id": self.period(4).id,
                "value": 5.0,
            },
            {"value": {}, "unit_id": {"fields": {"display_name": {}}}},
        )
        self.assertEqual(saved[0]["unit_id"]["id"], self.dept_stats.id)
        self.assertEqual(saved[0]["value"], 5.0)

    def test_each_reports_its_own_part(self):
        march = self.period(3)
        Progress = self.env["target.progress"]
        # the bureau's user reports: the report is its part (filled in), its unit's
        stats = self.as_user("stats_user", Progress).create(
            {"goal_id": self.shared.id, "period_id": march.id, "value": 15.0}
        )
        # found by its reporter at once, before anything is flushed
        self.assertEqual(
            self.as_user("stats_user", Progress).search([("id", "=", stats.id)]), stats
        )
        self.assertEqual(stats.cooperation_id, self.stats_line)
        self.assertEqual(stats.unit_id, self.dept_stats)
        self.assertEqual(stats.target_value, 200.0)
        self.assertAlmostEqual(stats.expected_value, 60.0 * 90 / 365, places=3)
        stats.action_submit()
        lead = self.as_user("unit_user", Progress).create(
            {"goal_id": self.shared.id, "period_id": march.id, "value": 20.0}
        )
        self.assertFalse(lead.cooperation_id)
        self.assertEqual(lead.unit_id, self.county_a)
        # the lead reads the parts' reports, but does not write them
        self.assertEqual(
            self.as_user("unit_user", Progress).search([("goal_id", "=", self.shared.id)]),
            lead | stats,
        )
        with self.assertRaises(AccessError):
            self.as_user("unit_user", Progress).create(
                {
                    "goal_id": self.shared.id,
                    "period_id": march.id,
                    "cooperation_id": self.env_line.id,
                    "value": 1.0,
                }
            )
        # a cooperating unit reports neither the lead's part nor another unit's
        with self.assertRaisesRegex(AccessError, "Only the cooperating unit 江陵市 / 环保局"):
            self.as_user("stats_user", Progress).create(
                {
                    "goal_id": self.shared.id,
                    "period_id": march.id,
                    "cooperation_id": self.env_line.id,
                    "value": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.as_user("stats_user", lead).write({"value": 99.0})
        env_report = self.as_user("env_user", Progress).create(
            {"goal_id": self.shared.id, "period_id": march.id, "value": 5.0}
        )
        with self.assertRaises(AccessError):
            self.as_user("stats_user", env_report).write({"value": 99.0})
        with self.assertRaises(AccessError):
            self.as_user("env_user", stats).read(["value"])
        # the units involved in a report: the reporting unit and the goal's
        self.assertEqual(stats.involved_unit_ids, self.dept_stats | self.county_a)
        Report = Progress.with_context(active_test=False)
        involved = Report.search([("goal_id", "=", self.shared.id)])
        self.assertEqual(
            Report.search(
                [("id", "in", involved.ids), ("involved_unit_ids", "in", self.dept_stats.ids)]
            ),
            stats,
        )
        self.assertEqual(
            Report.search(
                [("id", "in", involved.ids), ("involved_unit_ids", "child_of", self.city.ids)]
            ),
            involved,
        )
        # each part reads its own reports, the lead's unit every part's
        self.assertEqual(
            self.as_user("env_user", Progress).search([("goal_id", "=", self.shared.id)]),
            env_report,
        )
        self.assertEqual(
            self.as_user("unit_user", Progress).search([("goal_id", "=", self.shared.id)]), involved
        )
        # the unrelated unit reports nothing on the goal
        with self.assertRaises(AccessError):
            self.as_user("unit_b", Progress).create(
                {"goal_id": self.shared.id, "period_id": march.id, "value": 1.0}
            )
        # one report per part and period
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Progress.create(
                {
                    "goal_id": self.shared.id,
                    "period_id": march.id,
                    "cooperation_id": self.stats_line.id,
                }
            )

    def test_part_of_another_goal_refused(self):
        with self.assertRaisesRegex(ValidationError, "cooperates on goal"):
            self.env["target.progress"].create(
                {
                    "goal_id": self.g_a.id,
                    "period_id": self.period(3).id,
                    "cooperation_id": self.stats_line.id,
                }
            )

    def test_completion_rolls_up_the_shares(self):
        self.assertFalse(self.shared.has_actual)
        # the bureau's part alone: 60 of 60, 30 % of the work done
        self.accepted(self.shared, 10, 60.0, reporter="stats_user")
        self.assertEqual(self.stats_line.own_actual, 60.0)
        self.assertEqual(self.stats_line.completion, 100.0)
        self.assertTrue(self.shared.has_actual)
        self.assertAlmostEqual(self.shared.completion, 30.0)
        self.assertAlmostEqual(self.shared.actual_value, 60.0)
        # the lead's 80 of its 100: 0.5 × 0.8 + 0.3 × 1 = 70 %
        self.accepted(self.shared, 10, 80.0)
        self.assertFalse(self.shared.own_actual == 60.0)
        self.assertEqual(self.shared.own_actual, 80.0)
        self.assertAlmostEqual(self.shared.completion, 70.0)
        self.assertAlmostEqual(self.shared.actual_value, 140.0)
        # the environment bureau's 30 of 40: + 0.2 × 0.75 = 85 %
        self.accepted(self.shared, 10, 30.0, reporter="env_user")
        self.assertAlmostEqual(self.shared.completion, 85.0)
        self.assertAlmostEqual(self.shared.actual_value, 170.0)
        # a later period of the bureau's part (cumulative): its latest value counts
        self.accepted(self.shared, 11, 66.0, reporter="stats_user")
        self.assertEqual(self.stats_line.own_actual, 66.0)
        self.assertAlmostEqual(self.shared.completion, 88.0)

    def test_missing_reports_cover_every_part(self):
        march = self.period(3)
        missing = self.env["target.progress"]._missing_reports(march)
        parts = {(v["goal_id"], v["cooperation_id"]) for v in missing}
        self.assertIn((self.shared.id, False), parts)
        self.assertIn((self.shared.id, self.stats_line.id), parts)
        self.assertIn((self.shared.id, self.env_line.id), parts)
        self.assertIn((self.g_a.id, False), parts)
        self.env["target.progress"].create(missing)
        self.assertFalse(self.env["target.progress"]._missing_reports(march))


@tagged("post_install", "-at_install")
class TestSharedPoints(ScoringCase):
    """County A's GDP goal (30 points, 80 of 100 → 24) is shared: county B takes 20 % of
    its points, the statistics bureau 10 %; county A keeps 70 %.

    County A  quant: GDP 24 × 0.7 + energy 20 (full) → 50 × 36.8 / 41 = 44.88
    County B  quant: GDP 30 (full) + 24 × 0.2 → 50 × 34.8 / 36 = 48.33
    统计局    common (no "quant" in its scheme: its first goals section): grade A 20
              + 24 × 0.1 → 20 × 22.4 / 23 = 19.48; own: revenue full → 60
    Without shared points (the scheme's setting off): 44, 50, 20.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant = cls.section(cls.scheme_county, "quant")
        cls.a_gdp = cls._goal(
            cls.county_a,
            cls.ind_gdp,
            quant,
            30,
            100,
            actual=80,
            cooperation_ids=[
                Command.create({"unit_id": cls.county_b.id, "point_share": 20.0}),
                Command.create({"unit_id": cls.dept_stats.id, "point_share": 10.0}),
            ],
        )
        cls._goal(cls.county_a, cls.ind_energy, quant, 20, 50, actual=40)
        cls._goal(cls.county_b, cls.ind_gdp, quant, 30, 100, actual=100)
        cls._goal(
            cls.dept_stats, cls.ind_quality, cls.section(cls.scheme_dept, "common"), 20, actual=1
        )
        cls._goal(
            cls.dept_stats,
            cls.ind_revenue,
            cls.section(cls.scheme_dept, "own"),
            60,
            100,
            actual=100,
        )

    def compute(self):
        self.cycle.with_user(self.users["office"]).action_compute_scores()
        return {
            unit: self.section_scores(self.evaluation(unit))
            for unit in (self.county_a, self.county_b, self.dept_stats)
        }

    def test_points_shared_where_the_scheme_says_so(self):
        self.assertFalse(self.a_gdp.cooperation_points)
        scores = self.compute()
        self.assertEqual(scores[self.county_a]["quant"], 44.0)
        self.assertEqual(scores[self.county_b]["quant"], 50.0)
        self.assertEqual(scores[self.dept_stats]["common"], 20.0)

        self.scheme_county.cooperation_points = True
        self.assertTrue(self.a_gdp.cooperation_points)
        scores = self.compute()
        self.assertEqual(scores[self.county_a]["quant"], 44.88)
        self.assertEqual(scores[self.county_b]["quant"], 48.33)
        self.assertEqual(scores[self.dept_stats], {"common": 19.48, "own": 60.0, "social": 0.0})
        # the goal's own line keeps its whole score and counts the lead's 70 % of it; each
        # cooperating unit has a line of the goal in its own evaluation with its share
        line = self.line(self.a_gdp)
        self.assertEqual((line.unit_id, line.final_score), (self.county_a, 24.0))
        self.assertEqual((line.point_share, line.counted_score), (70.0, 16.8))
        shared = self.shared_lines()
        self.assertEqual(
            [
                (li.unit_id, li.evaluation_id, li.final_score, li.point_share, li.counted_score)
                for li in shared
            ],
            [
                (self.county_b, self.evaluation(self.county_b), 24.0, 20.0, 4.8),
                (self.dept_stats, self.evaluation(self.dept_stats), 24.0, 10.0, 2.4),
            ],
        )
        self.assertEqual(shared.cooperation_id, self.a_gdp.cooperation_ids)
        self.assertAlmostEqual(line.counted_score + sum(shared.mapped("counted_score")), 24.0)
        # named so that the unit sees whose goal it is and which share it counts
        names = shared.mapped("display_name")
        self.assertTrue(all(self.a_gdp.ref in name and "甲县" in name for name in names))
        self.assertIn("20", names[0])

        # the setting off again: the shared lines go, the lead counts the whole goal
        self.scheme_county.cooperation_points = False
        scores = self.compute()
        self.assertEqual(scores[self.county_a]["quant"], 44.0)
        self.assertFalse(self.shared_lines())
        self.assertEqual((line.point_share, line.counted_score), (100.0, 24.0))

    def shared_lines(self, goal=None):
        return self.env["target.evaluation.line"].search(
            [("goal_id", "=", (goal or self.a_gdp).id), ("cooperation_id", "!=", False)],
            order="point_share desc",
        )

    def add_cooperation(self, unit, share, goal=None):
        """A cooperating unit added to the approved goal (as an approved adjustment does)."""
        return (
            self.env["target.goal.cooperation"]
            .with_context(target_apply_adjustment=True)
            .create({"goal_id": (goal or self.a_gdp).id, "unit_id": unit.id, "point_share": share})
        )

    def test_shares_add_up_to_the_score_shown(self):
        """Actual 77.777 of 100: 30 × 0.77777 = 23.3331, shown 23.33; 20 % of it 4.67,
        10 % 2.33, 5 % 1.17 and the lead the rest, 15.16 (65 % of the measured 23.3331 would
        round to 15.17, and the four add up to 23.34)."""
        self.scheme_county.cooperation_points = True
        self.add_cooperation(self.town_a1, 5.0)  # a third one: 1.17
        self.a_gdp.actual_value = 77.777
        self.compute()
        line = self.line(self.a_gdp)
        shared = self.shared_lines()
        self.assertEqual(line.final_score, 23.33)
        self.assertEqual(shared.mapped("counted_score"), [4.67, 2.33, 1.17])
        self.assertEqual(line.counted_score, 15.16)
        self.assertEqual(round(line.counted_score + sum(shared.mapped("counted_score")), 2), 23.33)

    def test_cooperating_unit_without_evaluation(self):
        """A unit assessed under a scheme counts its share in an evaluation made for it; a
        unit outside the city's assessment (not assessed, no scheme for its category)
        leaves its share to the lead, which answers for the whole goal."""
        self.scheme_county.cooperation_points = True
        team = self.env["target.unit"].create(
            {"name": "国家统计局江陵调查队", "code": "t_survey", "is_assessed": False}
        )
        self.add_cooperation(team, 15.0)
        self.add_cooperation(self.town_a1, 5.0)  # assessed, no goal, no evaluation yet
        self.assertFalse(self.evaluation(self.town_a1))
        scores = self.compute()
        # the lead: 100 − 20 − 10 − 5 = 65 % (the survey team's 15 % is its own again)
        line = self.line(self.a_gdp)
        self.assertEqual((line.point_share, line.counted_score), (65.0, 15.6))
        self.assertFalse(self.evaluation(team))
        self.assertEqual(
            self.shared_lines().unit_id, self.county_b | self.dept_stats | self.town_a1
        )
        # 甲县 quant: 24 × 0.65 + 20 → 50 × 35.6 / 39.5 = 45.06
        self.assertEqual(scores[self.county_a]["quant"], 45.06)
        # the town's evaluation: its 5 % in the section of the same code (quant), 80 %
        town = self.evaluation(self.town_a1)
        self.assertEqual(town.line_ids.mapped("counted_score"), [1.2])
        self.assertEqual(self.section_scores(town), {"key": 0.0, "quant": 40.0, "other": 0.0})

    def test_recompute_is_idempotent(self):
        self.scheme_county.cooperation_points = True
        self.compute()
        Line = self.env["target.evaluation.line"]
        fields_ = ["unit_id", "goal_id", "final_score", "point_share", "counted_score"]
        before = Line.search_read([("cycle_id", "=", self.cycle.id)], fields_, order="id")
        with patch.object(writer, "bulk_update", wraps=writer.bulk_update) as update:
            self.compute()
        self.assertEqual(
            Line.search_read([("cycle_id", "=", self.cycle.id)], fields_, order="id"), before
        )
        # no line written again (the evaluations' run time only)
        written = [call.args for call in update.call_args_list if call.args[0]._name == Line._name]
        self.assertEqual([rows for _model, rows, *_rest in written], [[]])

    def test_shared_line_is_assessed_on_the_lead(self):
        self.scheme_county.cooperation_points = True
        self.compute()
        shared = self.shared_lines()[0]  # county B's
        user = new_test_user(
            self.env, login="ta_unit_b", groups="target_assessment.group_unit_user", name="乙县"
        )
        user.target_unit_ids = self.county_b
        self.assertIn(shared, self.evaluation(self.county_b).with_user(user).line_ids)
        self.assertEqual(shared.with_user(user).counted_score, 4.8)
        with self.assertRaises(UserError):
            shared.with_user(user).write({"self_value": 100.0})
        with self.assertRaises(UserError):
            shared.with_user(self.users["office"]).write({"assessor_score": 30.0})
        with self.assertRaises(AccessError):
            shared.with_user(user).write({"counted_score": 30.0})
        # the goal's assessor scores it once, on the lead's line
        Line = self.env["target.evaluation.line"].with_user(self.users["assessor"])
        worklist = Line.search(Line._assessor_worklist_domain() + [("goal_id", "=", self.a_gdp.id)])
        self.assertEqual(worklist, self.line(self.a_gdp))
