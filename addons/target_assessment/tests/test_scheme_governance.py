"""Scheme governance (DESIGN §10, §12): draft → open for comments → submitted to the
leading group → approved → in force (frozen); units comment on the draft; the office
manages the approval chains of the product's models."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..demo_city.flow import put_schemes_in_force
from ..models.tier_definition import TARGET_TIER_MODELS
from .common import ApprovalMixinCase, TargetCityCase

# every role of DESIGN §1 but the office's
NOT_OFFICE = ("unit_user", "unit_leader", "assessor", "inspector", "evaluator", "leader", "hr")


@tagged("post_install", "-at_install")
class TestSchemeGovernance(ApprovalMixinCase, TargetCityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.next_cycle = cls.env["target.cycle"].create(
            {
                "name": "2027年度",
                "year": 2027,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 12, 31),
            }
        )
        cls.scheme = cls.env["target.scheme"].create(
            {
                "name": "2027县区考核办法（征求意见稿）",
                "cycle_id": cls.next_cycle.id,
                "category_id": cls.cat_county.id,
                "section_ids": [
                    (0, 0, {"name": "重点工作", "code": "key", "weight": 40, "kind": "goals"}),
                    (0, 0, {"name": "定量指标", "code": "quant", "weight": 60, "kind": "goals"}),
                ],
            }
        )
        cls.user_b = new_test_user(
            cls.env,
            login="ta_unit_b",
            groups="target_assessment.group_unit_user",
            name="乙县填报员",
        )
        cls.user_b.target_unit_ids = cls.county_b

    def as_(self, role, record=None):
        user = self.user_b if role == "unit_b" else self.users[role]
        return (record or self.scheme).with_user(user)

    def comment(self, role="unit_user", unit=None, body="建议提高重点工作权重。", scheme=None):
        user = self.user_b if role == "unit_b" else self.users[role]
        return (
            self.env["target.scheme.comment"]
            .with_user(user)
            .create(
                {
                    "scheme_id": (scheme or self.scheme).id,
                    "unit_id": (unit or self.county_a).id,
                    "body": body,
                }
            )
        )

    # -- the path, role by role ---------------------------------------------------

    def test_the_path_role_by_role(self):
        scheme = self.scheme
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_consult()
        self.assertFalse(self.as_("unit_user").can_consult)
        self.assertTrue(self.as_("office").can_consult)
        self.as_("office").action_consult()
        self.assertEqual(scheme.state, "comments")
        self.assertEqual(scheme.consulted_by_id, self.users["office"])
        self.assertTrue(self.as_("unit_user").can_comment)
        self.assertFalse(self.as_("hr").can_comment)

        # units comment; the office answers every comment before submitting
        mine = self.comment()
        theirs = self.comment("unit_b", self.county_b, "建议下调定量指标分值。")
        self.assertEqual(mine.author_id, self.users["unit_user"])
        with self.assertRaisesRegex(UserError, "answer the comment"):
            self.as_("office").action_submit()
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role, mine).action_adopt()
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.as_("office", theirs).action_not_adopt()
        self.as_("office", theirs).write({"reply": "定量指标分值由上级考核办法确定。"})
        self.as_("office", theirs).action_not_adopt()
        self.as_("office", mine).action_adopt()
        self.assertRecordValues(
            mine | theirs,
            [
                {"state": "adopted", "decided_by_id": self.users["office"].id},
                {"state": "not_adopted", "decided_by_id": self.users["office"].id},
            ],
        )
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_submit()
        self.as_("office").action_submit()
        self.assertEqual(scheme.state, "submitted")
        self.assertIn(self.users["leader"], self.pending_reviewers(scheme))

        # submitted: nobody edits it, the office does not approve it
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self.as_("office").write({"total_score": 90.0})
        with self.assertRaisesRegex(UserError, "Nothing of .* waits for you"):
            self.as_("office").validate_tier()
        with self.assertRaises(AccessError):
            self.as_("office")._workflow_move("approved")
        self.approve(scheme, "leader")
        self.assertEqual(scheme.state, "approved")
        self.assertTrue(scheme.approved_on)

        # approved: the office puts it in force
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_freeze()
        self.assertTrue(self.as_("office").can_freeze)
        self.as_("office").action_freeze()
        self.assertEqual(scheme.state, "active")
        self.assertEqual(scheme.frozen_by_id, self.users["office"])
        self.assertTrue(scheme.frozen_on)

    def test_frozen_scheme_refuses_every_edit(self):
        put_schemes_in_force(self.scheme, office=self.users["office"])
        self.assertEqual(self.scheme.state, "active")
        office = self.as_("office")
        section = office.section_ids[0]
        for role in ("office", "admin"):
            scheme = self.as_(role)
            with self.subTest(role=role):
                with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
                    scheme.write({"excellent_quota": 50.0})
                with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
                    section.with_user(self.users[role]).write({"weight": 45.0})
                with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
                    section.with_user(self.users[role]).unlink()
                with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
                    self.env["target.scheme.section"].with_user(self.users[role]).create(
                        {"scheme_id": self.scheme.id, "name": "新增", "code": "new", "weight": 0}
                    )
                with self.assertRaisesRegex(UserError, "In force: it no longer changes"):
                    self.env["target.scheme.difficulty"].with_user(self.users[role]).create(
                        {
                            "scheme_id": self.scheme.id,
                            "unit_id": self.county_a.id,
                            "coefficient": 1.2,
                            "reason": "任务较重",
                        }
                    )
                with self.assertRaisesRegex(UserError, "cannot be deleted"):
                    scheme.unlink()
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).write({"excellent_quota": 50.0})
        self.assertEqual(self.scheme.excellent_quota, 30.0)
        self.assertEqual(section.weight, 40.0)
        # the chatter is not frozen
        office.message_post(body="已印发")

    def test_only_an_administrator_reopens_with_a_reason(self):
        put_schemes_in_force(self.scheme, office=self.users["office"])
        for role in (*NOT_OFFICE, "office"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.as_(role).action_reopen("修订")
        self.assertFalse(self.as_("office").can_reopen)
        self.assertTrue(self.as_("admin").can_reopen)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.as_("admin").action_reopen()
        wizard = (
            self.env["target.scheme.reopen.wizard"]
            .with_user(self.users["admin"])
            .create({"scheme_id": self.scheme.id, "reason": "省考核办法调整，需修订权重"})
        )
        wizard.action_reopen()
        self.assertEqual(self.scheme.state, "returned")
        self.assertEqual(self.scheme.return_reason, "省考核办法调整，需修订权重")
        self.assertIn("省考核办法调整", self.scheme.message_ids[:1].body)
        # returned: the office revises it and submits it again, to a new round of reviews
        self.as_("office").section_ids[0].write({"weight": 50.0})
        self.as_("office").section_ids[1].write({"weight": 50.0})
        old_reviews = self.scheme.review_ids
        self.as_("office").action_submit()
        self.assertFalse(old_reviews.exists())
        self.approve(self.scheme, "leader")
        self.as_("office").action_freeze()
        self.assertEqual(self.scheme.state, "active")

    def test_the_leading_group_returns_it_with_a_reason(self):
        self.as_("office").action_consult()
        self.as_("office").action_submit()
        self.reject(self.scheme, "leader", "重点工作权重偏低。")
        self.assertEqual(self.scheme.state, "returned")
        self.assertIn("重点工作权重偏低", self.scheme.return_reason)
        # the office revises, may consult the units again, and resubmits
        self.as_("office").write({"excellent_quota": 25.0})
        self.as_("office").action_consult()
        self.as_("office").action_submit()
        self.approve(self.scheme, "leader")
        self.assertEqual(self.scheme.state, "approved")

    def test_submission_needs_the_consultation_and_the_weights(self):
        with self.assertRaisesRegex(UserError, "not been published for comments"):
            self.as_("office").action_submit()
        self.as_("office").action_consult()
        # closed to revise: the weights must add up before it goes to the leading group
        self.as_("office").action_close_comments()
        self.assertEqual(self.scheme.state, "draft")
        self.as_("office").section_ids[0].write({"weight": 30.0})
        with self.assertRaisesRegex(ValidationError, "add up to 90"):
            self.as_("office").action_submit()
        self.as_("office").section_ids[0].write({"weight": 40.0})
        self.as_("office").action_submit()
        self.assertEqual(self.scheme.state, "submitted")

    def test_nobody_writes_the_state_or_the_stamps(self):
        self.as_("office").action_consult()
        for role in (*NOT_OFFICE, "office", "admin"):
            for field, value in (
                ("state", "active"),
                ("frozen_by_id", self.users[role].id),
                ("approved_on", "2027-01-01 00:00:00"),
            ):
                with self.subTest(role=role, field=field), self.assertRaises(AccessError):
                    self.as_(role).write({field: value})
        with self.assertRaises(AccessError):
            self.env["target.scheme"].with_user(self.users["office"]).create(
                {
                    "name": "直接生效",
                    "cycle_id": self.next_cycle.id,
                    "category_id": self.cat_dept.id,
                    "state": "active",
                }
            )
        self.assertEqual(self.scheme.state, "comments")

    # -- comments ---------------------------------------------------------------------

    def test_a_unit_comments_for_itself_only(self):
        self.as_("office").action_consult()
        mine = self.comment()
        theirs = self.comment("unit_b", self.county_b)
        Comment = self.env["target.scheme.comment"]
        # each unit reads its own comments, never another unit's
        self.assertEqual(Comment.with_user(self.users["unit_user"]).search([]), mine)
        self.assertEqual(Comment.with_user(self.user_b).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.users["unit_user"]).read(["body"])
        with self.assertRaises(AccessError):
            self.comment("unit_user", self.county_b)
        with self.assertRaises(AccessError):
            theirs.with_user(self.users["unit_user"]).write({"body": "改写"})
        # the unit's leader reads the unit's comment but does not rewrite its author's text
        self.assertEqual(Comment.with_user(self.users["unit_leader"]).search([]), mine)
        with self.assertRaisesRegex(AccessError, "only its author"):
            mine.with_user(self.users["unit_leader"]).write({"body": "改写"})
        # a unit of another category has nothing to comment on here
        with self.assertRaises(AccessError):
            self.comment("assessor", self.dept_stats)
        with self.assertRaisesRegex(ValidationError, "the scheme is for 县区"):
            Comment.create(
                {"scheme_id": self.scheme.id, "unit_id": self.dept_stats.id, "body": "x"}
            )
        # the office and the leaders read all; the leaders write nothing; HR has no access
        self.assertEqual(Comment.with_user(self.users["office"]).search([]), mine | theirs)
        self.assertEqual(Comment.with_user(self.users["leader"]).search([]), mine | theirs)
        with self.assertRaises(AccessError):
            mine.with_user(self.users["leader"]).write({"reply": "同意"})
        for role in ("hr", "assessor", "inspector", "evaluator"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                Comment.with_user(self.users[role]).search([])
        # nobody forges the author or the answer; a unit does not answer itself
        with self.assertRaises(AccessError):
            mine.with_user(self.users["unit_user"]).write({"author_id": self.user_b.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.users["office"]).write({"state": "adopted"})
        with self.assertRaisesRegex(AccessError, "Only the assessment office answers"):
            mine.with_user(self.users["unit_user"]).write({"reply": "自己采纳"})
        forged = (
            self.env["target.scheme.comment"]
            .with_user(self.user_b)
            .create(
                {
                    "scheme_id": self.scheme.id,
                    "unit_id": self.county_b.id,
                    "body": "意见",
                    "author_id": self.users["unit_user"].id,
                }
            )
        )
        self.assertEqual(forged.author_id, self.user_b)
        # the author changes and withdraws the text until the office answers it
        mine.with_user(self.users["unit_user"]).write({"body": "建议将重点工作权重提高到45分。"})
        forged.with_user(self.user_b).unlink()
        self.as_("office", mine).action_adopt()
        with self.assertRaisesRegex(UserError, "has been answered"):
            mine.with_user(self.users["unit_user"]).write({"body": "再改"})
        with self.assertRaisesRegex(UserError, "has been answered"):
            mine.with_user(self.users["unit_user"]).unlink()

    def test_no_comment_outside_the_comments_phase(self):
        with self.assertRaisesRegex(UserError, "units comment only while it is open"):
            self.comment()
        self.as_("office").write({"comment_deadline": date(2026, 11, 20)})
        self.as_("office").action_consult()
        # the class's today is 2026-11-30: past the deadline
        self.assertFalse(self.as_("unit_user").can_comment)
        with self.assertRaisesRegex(UserError, "took comments until"):
            self.comment()
        with self.assertRaisesRegex(UserError, "takes no comments from you"):
            self.as_("unit_user").action_comment()
        with freeze_time(date(2026, 11, 20)):
            mine = self.comment()
            self.assertEqual(self.as_("unit_user").action_comment()["res_model"], mine._name)
            self.as_("office").action_close_comments()
            with self.assertRaisesRegex(UserError, "units comment only while it is open"):
                self.comment()
            with self.assertRaisesRegex(UserError, "units comment only while it is open"):
                mine.with_user(self.users["unit_user"]).write({"body": "改"})
        # the office still answers while the draft is revised, not once it is submitted
        self.as_("office", mine).action_adopt()
        self.as_("office", mine).action_reconsider()
        self.as_("office", mine).write({"reply": "部分采纳：重点工作权重调整为45分。"})
        self.as_("office", mine).action_adopt_partly()
        self.as_("office").write({"comment_deadline": False})
        self.as_("office").action_submit()
        with self.assertRaisesRegex(UserError, "answers to its comments no longer change"):
            self.as_("office", mine).action_reconsider()
        self.assertEqual(mine.state, "partly_adopted")
        self.assertEqual(self.scheme.comment_count, 1)

    # -- the office's approval chains -------------------------------------------------

    def test_the_office_manages_the_products_approval_chains(self):
        Definition = self.env["tier.definition"]
        scheme_tier = self.env.ref("target_assessment.tier_definition_target_scheme_leadership")
        other = Definition.create(
            {
                "name": "其他应用的审批",
                "model_id": self.env.ref("base.model_res_partner").id,
                "review_type": "individual",
                "reviewer_id": self.users["office"].id,
            }
        )
        action = self.env.ref("target_assessment.tier_definition_action_target")
        for role in ("office", "admin"):
            user = self.users[role]
            with self.subTest(role=role):
                listed = Definition.with_user(user).search(safe_eval(action.domain))
                self.assertIn(scheme_tier, listed)
                self.assertNotIn(other, listed)
                scheme_tier.with_user(user).write({"sequence": 20})
                created = Definition.with_user(user).create(
                    {
                        "name": "分管领导审核",
                        "model_id": self.env.ref("target_assessment.model_target_scheme").id,
                        "review_type": "individual",
                        "reviewer_id": self.users["leader"].id,
                        "sequence": 5,
                    }
                )
                created.unlink()
                self.assertTrue(other.with_user(user).name)  # reads it
                with self.assertRaises(AccessError):
                    other.with_user(user).write({"sequence": 99})
                with self.assertRaises(AccessError):
                    other.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    Definition.with_user(user).create(
                        {
                            "name": "越权",
                            "model_id": self.env.ref("base.model_res_partner").id,
                            "review_type": "individual",
                            "reviewer_id": user.id,
                        }
                    )
                # nor moves one of the product's to another application
                with self.assertRaises(AccessError):
                    scheme_tier.with_user(user).write(
                        {"model_id": self.env.ref("base.model_res_partner").id}
                    )
        self.assertEqual(scheme_tier.sequence, 20)
        self.assertEqual(other.sequence, 30)
        for role in NOT_OFFICE:
            with self.subTest(role=role), self.assertRaises(AccessError):
                scheme_tier.with_user(self.users[role]).write({"sequence": 1})

    def test_the_rule_names_the_products_models(self):
        rule = self.env.ref("target_assessment.tier_definition_rule_office")
        domain = safe_eval(rule.domain_force)
        self.assertEqual(sorted(domain[0][2]), sorted(TARGET_TIER_MODELS))
        action = self.env.ref("target_assessment.tier_definition_action_target")
        self.assertEqual(sorted(safe_eval(action.domain)[0][2]), sorted(TARGET_TIER_MODELS))
        self.assertEqual(
            sorted(self.env["tier.definition"]._get_tier_validation_model_names()),
            sorted(TARGET_TIER_MODELS),
        )


@tagged("post_install", "-at_install")
class TestGoalDifficultyNotAdjusted(TargetCityCase):
    """A goal's difficulty coefficient is the scheme's and the letter's: an adjustment
    (target.adjustment) changes target values, points and deadlines only."""

    def test_an_adjustment_never_changes_the_difficulty(self):
        goal = self.goal(self.county_a, difficulty=1.3)
        self.assertNotIn("new_difficulty", self.env["target.adjustment.line"]._fields)
        with self.assertRaisesRegex(UserError, "not Difficulty coefficient"):
            goal.sudo().with_context(target_apply_adjustment=True).write(
                {"target_value": 120.0, "difficulty": 1.0}
            )
        goal.sudo().with_context(target_apply_adjustment=True).write({"target_value": 120.0})
        self.assertEqual((goal.target_value, goal.difficulty), (120.0, 1.3))
        # the forged context of a user is no adjustment
        goal.plan_id.with_user(self.users["unit_user"]).action_submit()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            goal.with_user(self.users["office"]).with_context(target_apply_adjustment=True).write(
                {"difficulty": 1.0}
            )
        self.assertEqual(goal.difficulty, 1.3)
