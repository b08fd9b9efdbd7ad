"""The year end of a demo cycle, walked by the city's users (DESIGN.md §3, phases 6–10).

Every step is taken by the role that takes it in the city, from that role's
own inbox and under its own rights: the demo users (``county_user`` and
``county_leader`` for their district, ``assessor_stats`` and
``assessor_env`` for their indicators, ``inspector``, ``evaluator``,
``office``, ``leader``). The many units and bodies that have no demo user
are handled in batch by the superuser on their behalf, "on paper": their
self-assessments are submitted for them and approved by their reviewers (the
office where a unit has no leader of its own), their assessor scores and
special evaluations entered directly.

The story of the district of ``county_user`` (江城区): it claims more than it
reached on its largest quantitative goal; the inspection group finds the
false report (虚报), which costs a deduction and opens a rectification; the
statistics bureau enters a wrong value on another of its goals, the district
appeals during the publicity and the office accepts the appeal, which
changes its total, rank and grade.

Used by the generator (last year's cycle, without the appeal; this year's
first days of the year end in December, :meth:`YearEndWalk.begin`), by
``scripts/demo.py --year-end`` (this year's cycle) and, step by step, by the
tests. The walk takes the cycle from where it stands: a step already taken
(the district's self-assessment submitted, the inspection group formed, the
survey open and partly answered) is not taken twice. Publishing needs the
publicity window to be over: ``backdate`` lets the walk record a window that
ended yesterday (demo data only).
"""

import logging
import random
from datetime import timedelta

from odoo import fields

from .flow import approve_through_reviews

_logger = logging.getLogger(__name__)

DEMO_LOGINS = (
    "hr",
    "office",
    "leader",
    "county_user",
    "county_leader",
    "assessor_stats",
    "assessor_env",
    "inspector",
    "evaluator",
)
FALSE_REPORT_FACTOR = 1.2  # the district claims 20 % more than it reached
# The respondent groups of the satisfaction survey: (name, sample size, weight).
SURVEY_GROUPS = (("人大代表", 20, 4.0), ("政协委员", 15, 3.0), ("服务对象", 25, 3.0))
ANSWER_RATE = 0.9  # the share of the tokens handed out that come back answered
# Of the answers that will come back, those in by the first days of the year end.
ANSWERED_EARLY = 0.6
INSPECTION_GROUP = "第一考核组"
SURVEY_NAME = "%s年度人大政协对市直部门满意度测评"


class YearEndWalk:
    """Walks ``cycle`` from its current phase to published (and closed)."""

    def __init__(self, env, cycle, backdate=False):
        self.env = env(su=True)
        self.cycle = cycle.with_env(self.env)
        self.backdate = backdate
        self.slip = True  # the statistics bureau's slip, which the district appeals
        self.rng = random.Random(cycle.year)
        users = self.env["res.users"].search([("login", "in", DEMO_LOGINS)])
        self.users = {user.login: user for user in users}
        self.district = self.users["county_user"].target_unit_ids[:1]
        self.Line = self.env["target.evaluation.line"]
        self.Evaluation = self.env["target.evaluation"]

    def as_(self, login):
        """The environment of the demo user ``login``."""
        return self.env(user=self.users[login], su=False)

    def run(self, appeal=True, close=False):
        """The whole year end; returns the cycle."""
        self.slip = appeal
        self.open_year_end()
        self.self_assess()
        self.approve_self_assessments()
        self.score_as_assessors()
        self.run_satisfaction_survey()
        self.enter_special_evaluations()
        self.inspect()
        self.decide_adjustments()
        self.score_and_sign_off()
        if appeal:
            self.appeal()
        self.publish()
        if close:
            self.cycle.with_env(self.as_("office")).action_next_phase()
        return self.cycle

    def begin(self):
        """The first days of the year end, as the demo city shows them in December.

        The office has scored the cycle once (every line shows its actual). The
        district's clerk has self-assessed and submitted (its leader's approval
        waits); the office has formed the inspection group (its leader starts it)
        and opened the satisfaction survey, of which most answers are in (the
        people's congress evaluator closes it). The other units' self-assessments
        and every evaluating body's scores are still to come.
        """
        self.open_year_end()
        self.self_assess(others=False)
        self.district_evaluation().with_env(self.as_("county_user")).action_submit()
        self.inspection_group()
        campaign = self.satisfaction_survey()
        if campaign:
            self.answer_survey(campaign, share=ANSWERED_EARLY)

    # -- the steps -------------------------------------------------------------

    def open_year_end(self):
        """The office moves the cycle to the year end and builds the evaluations."""
        cycle = self.cycle.with_env(self.as_("office"))
        while cycle.phase != "year_end":
            cycle.action_next_phase()
        cycle.action_compute_scores()

    def district_evaluation(self):
        return self.Evaluation.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("stage", "=", "year_end"),
                ("unit_id", "=", self.district.id),
            ]
        )

    def lines(self, domain=()):
        """The year-end lines the units and assessors assess: not a cooperating unit's share
        of another unit's goal (assessed on the lead's line)."""
        return self.Line.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("stage", "=", "year_end"),
                ("cooperation_id", "=", False),
                *domain,
            ]
        )

    def district_claim(self):
        """The district's quantitative line with the most points: where it claims too much."""
        lines = self.lines(
            [
                ("unit_id", "=", self.district.id),
                ("goal_id.indicator_id.scoring_method", "=", "ratio"),
                ("assessor_unit_id", "!=", self.users["assessor_stats"].target_unit_ids.id),
            ]
        )
        return lines.sorted(lambda line: (-line.points, line.id))[:1]

    def district_appealed(self):
        """The district's line the statistics bureau scores wrongly (appealed later)."""
        stats = self.users["assessor_stats"].target_unit_ids
        lines = self.lines(
            [("unit_id", "=", self.district.id), ("assessor_unit_id", "in", stats.ids)]
        )
        return lines.sorted(lambda line: (-line.points, line.id))[:1]

    def year_end_result(self, line):
        """``(value, score)`` the line's goal reached by the end of the year.

        Last year's actuals are final; this year's progress stops at the last
        accepted report, so a goal is taken to end the year between 85 % and
        100 % of its points (the district, which had a strong year, 95 %)
        unless its reported actual already scores more; a project scored by its
        milestones scores the share of them done. Drawn from what the goal
        is (unit, indicator, name), so the same in every database: not from its
        reference or id, whose sequences differ between databases.
        """
        goal = line.goal_id
        if goal.indicator_id.scoring_method == "milestones" and goal.milestone_ids:
            # a project ends the year with the milestones it has done: a project at
            # half of them scores half its points, whatever its investment figure
            return line.actual_value, round(line.points * goal.completion / 100.0, 2)
        low = 0.95 if line.unit_id == self.district else 0.85
        key = f"{goal.unit_id.code}/{goal.indicator_id.code}/{goal.name}/{self.cycle.year}"
        share = random.Random(key).uniform(low, 1.0)
        score = round(line.points * share, 2)
        if line.final_score >= score:
            return line.actual_value, line.final_score
        return line.target_value, score

    def self_assess(self, others=True):
        """Each unit gives its values and self scores; the district through its clerk
        (unless it has submitted already)."""
        claim = self.district_claim()
        own = self.lines(
            [
                ("unit_id", "=", self.district.id),
                ("evaluation_id.state", "in", ("draft", "returned")),
            ]
        )
        clerk = self.as_("county_user")
        for line in own.with_env(clerk):
            value, score = self.year_end_result(line)
            if line == claim:
                value, score = round(value * FALSE_REPORT_FACTOR, 4), line.points
            line.write(
                {
                    "self_value": value,
                    "self_score": score,
                    "self_explanation": "按全年统计数据和佐证材料自评",
                }
            )
        if not others:
            return
        for line in self.lines([("unit_id", "!=", self.district.id)]):
            value, score = self.year_end_result(line)
            line.write({"self_value": value, "self_score": score, "self_scored": True})

    def approve_self_assessments(self):
        """The district submits; its leader and then the office approve from their inboxes."""
        evaluations = self.Evaluation.search(
            [("cycle_id", "=", self.cycle.id), ("stage", "=", "year_end")]
        )
        district = evaluations.filtered(lambda e: e.unit_id == self.district)
        district.filtered(lambda e: e.state in ("draft", "returned")).with_env(
            self.as_("county_user")
        ).action_submit()
        for login in ("county_leader", "office"):
            inbox = self.Evaluation.with_env(self.as_(login)).search(
                [("cycle_id", "=", self.cycle.id), ("can_review", "=", True)]
            )
            inbox.validate_tier()
        # the units without a demo user: submitted on their behalf, approved by their
        # reviewers (the office for a unit without a leader of its own)
        others = evaluations - district
        others.filtered(lambda e: e.state in ("draft", "returned")).action_submit()
        approve_through_reviews(others.filtered(lambda e: e.state == "submitted"))

    def score_as_assessors(self):
        """Each assessor department scores its indicators' lines of every unit."""
        wrong = self.district_appealed() if self.slip else None
        for login in ("assessor_stats", "assessor_env"):
            env = self.as_(login)
            worklist = self.Line.with_env(env).search(
                [
                    ("cycle_id", "=", self.cycle.id),
                    *self.Line.with_env(env)._assessor_worklist_domain(),
                ]
            )
            for line in worklist:
                value, score = self.year_end_result(line)
                if line == wrong:  # a clerk's slip: a digit dropped
                    value, score = round(value / 10, 4), round(score / 10, 2)
                line.write({"assessor_value": value, "assessor_score": score})
            worklist.action_assessor_submit()
        rest = self.lines([("assessor_unit_id", "!=", False), ("assessor_scored", "=", False)])
        for line in rest:
            value, score = self.year_end_result(line)
            line.write({"assessor_value": value, "assessor_score": score, "assessor_scored": True})

    def run_satisfaction_survey(self):
        """人大政协 rate the city departments by survey (DESIGN §11): the office opens
        the campaign, the respondents answer (generated, seeded by the year; some
        tokens stay unused), the people's congress evaluator closes it, which
        fills the body's special evaluations of the departments."""
        campaign = self.satisfaction_survey()
        if not campaign:
            return None
        self.answer_survey(campaign)
        campaign.with_env(self.as_("evaluator")).action_close()
        return campaign

    def satisfaction_survey(self):
        """The cycle's satisfaction survey of the city departments, opened by the office
        (the one open already, if so)."""
        departments = self.env["target.unit"].search(
            [("category_id.code", "=", "department"), ("is_assessed", "=", True)]
        )
        body = self.env["target.evaluation.body"].search([("code", "=", "npc")], limit=1)
        if not departments or not body:
            return None
        Campaign = self.env["target.evaluation.campaign"].with_env(self.as_("office"))
        opened = Campaign.search(
            [("cycle_id", "=", self.cycle.id), ("body_id", "=", body.id), ("state", "=", "open")],
            limit=1,
        )
        if opened:
            return opened
        campaign = Campaign.create(
            {
                "name": SURVEY_NAME % self.cycle.year,
                "cycle_id": self.cycle.id,
                "body_id": body.id,
                "unit_ids": [(6, 0, departments.ids)],
                "trim_extremes": True,
                "min_responses": 20,
                "group_ids": [
                    (0, 0, {"name": name, "sample_size": size, "weight": weight})
                    for name, size, weight in SURVEY_GROUPS
                ],
            }
        )
        campaign.action_open()
        return campaign

    def answer_survey(self, campaign, share=1.0):
        """The respondents' answers, in batch: each department has a standing drawn
        once, each respondent rates around it. ``share``: of the answers that come
        back, those in so far (the same answers, however they are split)."""
        rng = random.Random(f"survey-{self.cycle.year}")  # the walk's own draws unchanged
        questions = campaign.sudo().survey_id.question_ids
        standing = {question: rng.uniform(0.55, 0.95) for question in questions}
        invitations = campaign.sudo().group_ids.invitation_ids.sorted("id")
        answered = invitations.filtered(lambda _i: rng.random() < ANSWER_RATE)
        arrived = answered[: round(len(answered) * share)].filtered(lambda i: i.state != "done")
        lines = []
        for invitation in answered:
            for question in questions:
                options = question.suggested_answer_ids.sorted("sequence")
                draw = rng.random()
                index = 0 if draw < standing[question] else (1 if draw < 0.97 else 2)
                if invitation not in arrived:
                    continue
                lines.append(
                    {
                        "user_input_id": invitation.id,
                        "question_id": question.id,
                        "answer_type": "suggestion",
                        "suggested_answer_id": options[index].id,
                    }
                )
        self.env["survey.user_input.line"].create(lines)
        arrived.write({"state": "done", "end_datetime": fields.Datetime.now()})

    def enter_special_evaluations(self):
        """Each evaluating body scores every unit of the special sections it sits in."""
        expected = self.env["target.special.evaluation.expected"].search(
            [("cycle_id", "=", self.cycle.id), ("done", "=", False)]
        )
        evaluator = self.users["evaluator"]
        mine = expected.filtered(lambda row: evaluator in row.body_id.user_ids)
        by_body = [(mine, self.as_("evaluator")), (expected - mine, self.env)]
        for rows, env in by_body:
            env["target.special.evaluation"].create(
                [
                    {
                        "cycle_id": self.cycle.id,
                        "unit_id": row.unit_id.id,
                        "section_id": row.section_id.id,
                        "body_id": row.body_id.id,
                        "score": round(self.rng.uniform(78, 98), 1),
                    }
                    for row in rows
                ]
            )

    def inspection_group(self):
        """The inspection group the office forms for the district, led by the inspector
        (the one formed already, if so)."""
        Inspection = self.env["target.inspection"].with_env(self.as_("office"))
        formed = Inspection.search(
            [("cycle_id", "=", self.cycle.id), ("name", "=", INSPECTION_GROUP)], limit=1
        )
        return formed or Inspection.create(
            {
                "name": INSPECTION_GROUP,
                "cycle_id": self.cycle.id,
                "leader_id": self.users["inspector"].id,
                "unit_ids": [(6, 0, self.district.ids)],
                "method_report": True,
                "method_site": True,
                "method_records": True,
            }
        )

    def inspect(self):
        """An inspection group verifies the district; it finds the false report."""
        env = self.as_("inspector")
        group = self.inspection_group().with_env(env)
        if group.state == "draft":
            group.action_start()
        claim = self.district_claim()
        Finding = self.env["target.inspection.finding"].with_env(env)
        visible = self.Line.with_env(env).search(
            [("cycle_id", "=", self.cycle.id), ("unit_id", "in", group.unit_ids.ids)]
        )
        Finding.create(
            [
                {
                    "inspection_id": group.id,
                    "line_id": claim.id,
                    "result": "false_report",
                    "verified_value": self.year_end_result(claim)[0],
                    "deduction_points": 1.0,
                    "note": "查阅统计台账，实际完成值低于自评值",
                }
            ]
            + [
                {
                    "inspection_id": group.id,
                    "line_id": line.id,
                    "result": "confirmed",
                    "note": "听取汇报、实地查看，与自评一致",
                }
                for line in (visible - claim - self.district_appealed()).filtered(
                    lambda line: line.indicator_id.scoring_method == "ratio"
                )[:3]
            ]
        )
        group.action_done()
        self.env["target.inspection"].search(
            [("cycle_id", "=", self.cycle.id), ("state", "!=", "done")]
        ).write({"state": "done"})

    def decide_adjustments(self):
        """The office confirms the proposed bonuses and deductions (the false report's too)."""
        proposed = (
            self.env["target.score.adjustment"]
            .with_env(self.as_("office"))
            .search([("cycle_id", "=", self.cycle.id), ("state", "=", "draft")])
        )
        proposed.action_confirm()

    def score_and_sign_off(self):
        """The office scores and submits; the leading group signs off from its inbox."""
        cycle = self.cycle.with_env(self.as_("office"))
        cycle.action_next_phase()  # scoring: refused while assessors or groups are open
        cycle.action_compute_scores()
        cycle.action_submit_signoff()
        inbox = (
            self.env["target.cycle"]
            .with_env(self.as_("leader"))
            .search([("can_review", "=", True)])
        )
        inbox.validate_tier()

    def appeal(self):
        """The district appeals the bureau's slip; the office accepts it."""
        line = self.district_appealed()
        evaluation = line.evaluation_id
        appeal = (
            self.env["target.appeal"]
            .with_env(self.as_("county_user"))
            .create(
                {
                    "evaluation_id": evaluation.id,
                    "line_id": line.id,
                    "reason": "统计局录入的考评值有误，附统计年报为证",
                }
            )
        )
        office = self.as_("office")
        appeal = appeal.with_env(office)
        appeal.write(
            {
                "corrected_value": self.year_end_result(line)[0],
                "corrected_score": line.self_score or line.points,
            }
        )
        appeal.action_accept()
        return appeal

    def set_bonus_base(self, amount=200000.0):
        """The organization department sets the cycle's target-bonus base (目标管理奖金)."""
        Policy = self.env["target.personnel.policy"].with_env(self.as_("hr"))
        policy = Policy._for_cycles(self.cycle.with_env(Policy.env))[self.cycle.id]
        if not policy.bonus_base:
            policy.bonus_base = amount

    def publish(self):
        """The office publishes once the publicity window is over (people's results follow)."""
        self.set_bonus_base()
        cycle = self.cycle
        today = fields.Date.context_today(cycle)
        if self.backdate and cycle.publicity_end and cycle.publicity_end >= today:
            days = max(cycle.publicity_days, 1)
            cycle.write(
                {
                    "publicity_start": today - timedelta(days=days),
                    "publicity_end": today - timedelta(days=1),
                }
            )
            cycle.message_post(
                body=self.env._(
                    "Demo data: the publicity period is recorded as over on %(day)s.",
                    day=cycle.publicity_end,
                )
            )
        cycle.with_env(self.as_("office")).action_publish()
