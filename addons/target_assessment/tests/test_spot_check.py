"""In-year spot checks (抽查): reproducible draws, recusal (回避), roles × states, findings."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TargetCityCase

FALSE_REPORT = "target_assessment.target_deduction_category_false_report"


@tagged("post_install", "-at_install")
class SpotCheckCase(TargetCityCase):
    """Approved goals: four of county A, four of county B, two of the statistics bureau,
    one of town A1; the first goal of each county is red. Two inspectors: one of the
    environment bureau, one of town A1 (who may not verify county A, nor its towns)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Goal = cls.env["target.goal"]
        cls.goals_a = Goal.browse()
        cls.goals_b = Goal.browse()
        for unit, attr in ((cls.county_a, "goals_a"), (cls.county_b, "goals_b")):
            goals = Goal.create(
                [
                    {
                        "cycle_id": cls.cycle.id,
                        "unit_id": unit.id,
                        "indicator_id": cls.ind_gdp.id,
                        "name": f"{unit.name}目标{i}",
                        "target_value": 100.0,
                        "points": 10.0,
                        "own_actual": 60.0 + i,
                        "own_actual_set": True,
                    }
                    for i in range(4)
                ]
            )
            setattr(cls, attr, goals)
        cls.goals_stats = Goal.create(
            [
                {
                    "cycle_id": cls.cycle.id,
                    "unit_id": cls.dept_stats.id,
                    "indicator_id": cls.ind_gdp.id,
                    "name": f"统计局目标{i}",
                    "target_value": 50.0,
                    "points": 5.0,
                }
                for i in range(2)
            ]
        )
        cls.goal_town = Goal.create(
            {
                "cycle_id": cls.cycle.id,
                "unit_id": cls.town_a1.id,
                "indicator_id": cls.ind_gdp.id,
                "name": "一镇目标",
                "target_value": 10.0,
                "points": 5.0,
            }
        )
        cls.all_goals = cls.goals_a | cls.goals_b | cls.goals_stats | cls.goal_town
        cls.all_goals.write({"state": "approved"})
        (cls.goals_a[0] | cls.goals_b[0]).write({"light": "red"})
        (cls.all_goals - cls.goals_a[0] - cls.goals_b[0]).write({"light": "green"})

        def inspector(login, name, unit):
            user = new_test_user(
                cls.env, login=login, groups="target_assessment.group_inspector", name=name
            )
            user.target_unit_ids = unit
            return user

        cls.insp_env = inspector("ta_sc_env", "环保局督查员", cls.dept_env)
        cls.insp_town = inspector("ta_sc_town", "一镇督查员", cls.town_a1)
        cls.office = cls.users["office"]

    def spot_check(self, **values):
        vals = {
            "name": values.pop("name", "第三季度抽查"),
            "cycle_id": self.cycle.id,
            "method": "random",
            "sample_size": 3,
        }
        vals.update(values)
        return self.env["target.spot.check"].with_user(self.office).create(vals)

    def started(self, goals, inspectors=None):
        """A manual check of ``goals``, drawn and started with ``inspectors``."""
        check = self.spot_check(method="manual", manual_goal_ids=[(6, 0, goals.ids)])
        check.action_draw()
        check.inspector_ids = inspectors or self.insp_env
        check.action_start()
        return check


@tagged("post_install", "-at_install")
class TestSpotCheckDraw(SpotCheckCase):
    def test_random_draw_is_reproducible_from_its_seed(self):
        check = self.spot_check(sample_size=4)
        check.action_draw()
        self.assertEqual(check.state, "drawn")
        self.assertTrue(check.seed)
        self.assertEqual(check.drawn_by_id, self.office)
        self.assertEqual(len(check.item_ids), 4)
        # the recorded seed draws the same goals again
        self.assertEqual(check.sudo()._sample(), check.item_ids.goal_id.sorted("id"))
        item = check.item_ids.filtered(lambda i: i.goal_id == self.goals_a[1])
        if item:
            self.assertEqual(item.reported_value, 61.0)

    def test_draw_again_drops_the_sample(self):
        check = self.spot_check()
        check.action_draw()
        check.action_reset()
        self.assertEqual((check.state, check.seed, len(check.item_ids)), ("draft", 0, 0))
        check.action_draw()
        self.assertEqual(len(check.item_ids), 3)

    def test_by_red_light(self):
        check = self.spot_check(method="red", sample_size=10)
        check.action_draw()
        self.assertEqual(check.item_ids.goal_id, self.goals_a[0] | self.goals_b[0])
        self.assertEqual(set(check.item_ids.mapped("light")), {"red"})

    def test_by_category_within_units(self):
        check = self.spot_check(
            method="category", sample_size=10, category_ids=[(6, 0, self.cat_county.ids)]
        )
        check.action_draw()
        self.assertEqual(check.item_ids.goal_id, self.goals_a | self.goals_b)
        within = self.spot_check(sample_size=10, unit_ids=[(6, 0, self.county_a.ids)])
        within.action_draw()
        # a unit's subtree: county A and its town
        self.assertEqual(within.item_ids.goal_id, self.goals_a | self.goal_town)

    def test_by_hand(self):
        check = self.spot_check(method="manual", manual_goal_ids=[(6, 0, self.goals_stats.ids)])
        check.action_draw()
        self.assertEqual(check.item_ids.goal_id, self.goals_stats)

    def test_bad_draws_explained(self):
        with self.assertRaisesRegex(UserError, "choose the unit categories"):
            self.spot_check(method="category").action_draw()
        with self.assertRaisesRegex(UserError, "choose the goals"):
            self.spot_check(method="manual").action_draw()
        with self.assertRaisesRegex(UserError, "number of goals to draw"):
            self.spot_check(sample_size=0).action_draw()
        with self.assertRaisesRegex(UserError, "no goal matches"):
            self.spot_check(method="red", unit_ids=[(6, 0, self.dept_stats.ids)]).action_draw()
        draft_goal = self.goal(self.county_b, name="草稿目标")
        with self.assertRaisesRegex(UserError, r"草稿目标 \(2026\) is not an approved goal"):
            self.spot_check(method="manual", manual_goal_ids=[(6, 0, draft_goal.ids)]).action_draw()

    def test_drawn_sample_is_fixed(self):
        check = self.spot_check()
        check.action_draw()
        with self.assertRaisesRegex(UserError, "reset it to draft"):
            check.sample_size = 5


@tagged("post_install", "-at_install")
class TestSpotCheckWorkflow(SpotCheckCase):
    def test_roles_by_state(self):
        """Only the office draws, starts, closes, reopens and resets."""
        check = self.spot_check()
        moves = [
            ("action_draw", "drawn"),
            ("action_reset", "draft"),
            ("action_draw", "drawn"),
            ("action_start", "in_progress"),
            ("action_close", "done"),
            ("action_reopen", "in_progress"),
        ]
        check.inspector_ids = self.insp_env
        for method, state in moves:
            for role in ("unit_user", "unit_leader", "assessor", "leader", "hr"):
                with self.assertRaises(AccessError, msg=f"{role} {method}"):
                    getattr(check.with_user(self.users[role]), method)()
            with self.assertRaises(AccessError, msg=f"inspector {method}"):
                getattr(check.with_user(self.insp_env), method)()
            if method == "action_close":
                check.item_ids.sudo().write({"result": "confirmed"})
            getattr(check, method)()
            self.assertEqual(check.state, state)

    def test_buttons_follow_the_gate(self):
        check = self.spot_check()
        self.assertTrue(check.can_draw)
        self.assertFalse(check.with_user(self.insp_env).sudo(False).can_draw)
        check.action_draw()
        self.assertEqual((check.can_draw, check.can_start, check.can_reset), (False, True, True))

    def test_forged_writes_refused(self):
        check = self.spot_check()
        for vals in ({"state": "done"}, {"seed": 42}, {"drawn_by_id": self.office.id}):
            with self.assertRaises(AccessError, msg=str(vals)):
                check.write(vals)
        with self.assertRaises(AccessError):
            self.env["target.spot.check"].with_user(self.office).create(
                {"name": "伪造", "cycle_id": self.cycle.id, "state": "in_progress"}
            )
        with self.assertRaises(AccessError):
            self.env["target.spot.check.item"].with_user(self.office).create(
                {"spot_check_id": check.id, "goal_id": self.goals_a[0].id}
            )
        started = self.started(self.goals_b[:1])
        item = started.item_ids.with_user(self.insp_env)
        for vals in (
            {"reported_value": 100.0},
            {"inspector_id": self.office.id},
            {"goal_id": self.goals_b[1].id},
            {"rectification_id": False},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                item.write(vals)

    def test_close_needs_every_finding(self):
        check = self.started(self.goals_b[:2])
        with self.assertRaisesRegex(UserError, "2 sampled goals have no finding"):
            check.action_close()

    def test_start_needs_inspectors(self):
        check = self.spot_check()
        check.action_draw()
        with self.assertRaisesRegex(UserError, "needs its inspectors"):
            check.action_start()


@tagged("post_install", "-at_install")
class TestSpotCheckAccess(SpotCheckCase):
    def test_recusal(self):
        """回避: the town's inspector may verify neither the town nor its county."""
        check = self.spot_check(method="manual", manual_goal_ids=[(6, 0, self.goals_a[:1].ids)])
        check.action_draw()
        with self.assertRaisesRegex(ValidationError, "一镇督查员 belongs to 甲县/一镇|Conflict"):
            check.inspector_ids = self.insp_town
        # assigned first, then a sample with the own unit
        town = self.spot_check(
            method="manual", manual_goal_ids=[(6, 0, self.goal_town.ids)], name="一镇抽查"
        )
        town.inspector_ids = self.insp_town
        with self.assertRaisesRegex(ValidationError, "Conflict of interest"):
            town.action_draw()
        # county B is not the town's: allowed
        other = self.started(self.goals_b[:1], self.insp_town)
        self.assertEqual(other.inspector_ids, self.insp_town)

    def test_inspectors_see_only_their_checks(self):
        mine = self.started(self.goals_b[:2])
        theirs = self.started(self.goals_stats, self.insp_town)
        Check = self.env["target.spot.check"].with_user(self.insp_env)
        self.assertEqual(Check.search([]), mine)
        Item = self.env["target.spot.check.item"].with_user(self.insp_env)
        self.assertEqual(Item.search([]), mine.item_ids)
        with self.assertRaises(AccessError):
            theirs.with_user(self.insp_env).read(["name"])
        with self.assertRaises(AccessError):
            theirs.item_ids.with_user(self.insp_env).write({"result": "confirmed"})
        # they read the sampled goals and nothing else of the units
        Goal = self.env["target.goal"].with_user(self.insp_env)
        self.assertEqual(Goal.search([("id", "in", self.all_goals.ids)]), self.goals_b[:2])

    def test_units_see_no_spot_check(self):
        self.started(self.goals_a[:1])
        for role in ("unit_user", "unit_leader", "assessor", "hr"):
            with self.assertRaises(AccessError, msg=role):
                self.env["target.spot.check"].with_user(self.users[role]).search([])
        leader = self.env["target.spot.check"].with_user(self.users["leader"])
        self.assertEqual(len(leader.search([])), 1)


@tagged("post_install", "-at_install")
class TestSpotCheckFindings(SpotCheckCase):
    def test_findings_only_while_in_progress(self):
        check = self.spot_check(method="manual", manual_goal_ids=[(6, 0, self.goals_b[:1].ids)])
        check.action_draw()
        check.inspector_ids = self.insp_env
        item = check.item_ids.with_user(self.insp_env)
        with self.assertRaisesRegex(UserError, "not in progress"):
            item.write({"result": "confirmed"})
        check.action_start()
        item.write({"result": "confirmed"})
        check.action_close()
        with self.assertRaisesRegex(UserError, "not in progress"):
            item.write({"result": "corrected", "verified_value": 1.0})

    def test_confirm_and_correct(self):
        check = self.started(self.goals_b[1:3])
        first, second = check.item_ids.with_user(self.insp_env)
        first.write({"result": "confirmed", "note": "台账与报表一致"})
        self.assertEqual(first.verified_value, first.reported_value)
        self.assertEqual((first.inspector_id, first.deviation), (self.insp_env, 0.0))
        second.write({"result": "corrected", "verified_value": 55.0})
        self.assertAlmostEqual(second.deviation, 55.0 - second.reported_value)
        self.assertFalse(second.adjustment_id or second.rectification_id)

    def test_false_and_concealed_reports_as_at_year_end(self):
        """虚报 / 瞒报: a proposed deduction and a rectification item, once; reverting
        cancels the draft deduction, and a new false finding revives it."""
        check = self.started(self.goals_b[:2])
        item, other = check.item_ids.with_user(self.insp_env)
        with self.assertRaisesRegex(ValidationError, "give the points to deduct"):
            item.write({"result": "false_report", "verified_value": 40.0})
        item.write({"result": "false_report", "verified_value": 40.0, "deduction_points": 2.0})
        deduction, rectification = item.adjustment_id, item.rectification_id
        self.assertEqual(deduction.deduction_category_id, self.env.ref(FALSE_REPORT))
        self.assertEqual(
            (deduction.kind, deduction.state, deduction.points, deduction.unit_id),
            ("deduction", "draft", 2.0, self.county_b),
        )
        self.assertEqual(
            (rectification.source, rectification.unit_id, rectification.spot_check_item_id),
            ("spot_check", self.county_b, item.sudo()),
        )
        item.write({"result": "confirmed"})
        self.assertEqual(deduction.state, "cancelled")
        item.write({"result": "concealed", "verified_value": 70.0, "deduction_points": 3.0})
        self.assertEqual(
            (item.adjustment_id, deduction.state, deduction.points), (deduction, "draft", 3.0)
        )
        self.assertEqual(item.rectification_id, rectification)
        self.assertEqual(
            self.env["target.rectification"].search_count([("spot_check_item_id", "=", item.id)]), 1
        )
        other.write({"result": "concealed", "verified_value": 1.0, "deduction_points": 1.0})
        self.assertTrue(other.adjustment_id.name.startswith("Concealed report"))
        # the unit sees the consequence, not the finding
        unit = self.users["unit_user"]
        unit.target_unit_ids = self.county_b
        self.assertTrue(rectification.with_user(unit).read(["name"]))
        with self.assertRaises(AccessError):
            item.with_user(unit).read(["result"])

    def test_finding_with_evidence_deletion_refused(self):
        check = self.started(self.goals_b[:1])
        check.item_ids.with_user(self.insp_env).write(
            {"result": "false_report", "verified_value": 1.0, "deduction_points": 1.0}
        )
        with self.assertRaisesRegex(UserError, "change its result instead"):
            check.item_ids.unlink()
