"""In-year supervision of the demo city's current cycle (DESIGN.md §9), by its users.

The office draws a spot check of the districts' goals (by unit category, with
a seed of the year) and assigns the demo inspector, who verifies the sample:
the demo district's (``county_user``'s) largest reported goal is found ahead of
the evidence and corrected to the verified value; the other goals are
confirmed. The office drafts the two latest monthly bulletins of
the year (督查通报) from the data, the head of the office approves them
through their tier review and the office issues them (〔year〕第1期, 第2期:
PDF archived, units notified). The office assigns the district supervision
tasks: one answered and accepted, one open, one past its deadline (late, it
follows the latest bulletin; the daily job escalates it).
"""

from datetime import timedelta

from odoo import fields

from ..scoring.locks import LOCKED_PHASES
from .flow import approve_through_reviews

SAMPLE_SIZE = 6


class SupervisionDemo:
    """Creates the supervision records of ``cycle`` as its demo users."""

    def __init__(self, env, cycle):
        self.env = env(su=True)
        self.cycle = cycle.with_env(self.env)
        users = self.env["res.users"].search(
            [("login", "in", ("office", "inspector", "county_user", "director"))]
        )
        self.users = {user.login: user for user in users}

    def as_user(self, login, records):
        user = self.users.get(login)
        return records.with_user(user) if user else records

    def run(self):
        if self.cycle.phase in LOCKED_PHASES:
            return  # a year already assessed (a demo made for a past year): nothing in-year
        district = self.users.get("county_user", self.env["res.users"]).target_unit_ids[:1]
        if not district:
            return
        self._spot_check(district)
        bulletins = self._bulletins()
        self._tasks(district, bulletins[-1:])

    def _bulletin_periods(self):
        """The two latest months of the cycle's year that have begun by today, the
        current one only when fewer have ended (January: its month and quarter)."""
        today = fields.Date.context_today(self.cycle)
        month = today.month if today.year == self.cycle.year else 12
        if today.year < self.cycle.year:
            return []
        ended = [("monthly", number) for number in (month - 2, month - 1) if number >= 1]
        if len(ended) == 2:
            return ended
        return [*ended, ("monthly", month), ("quarterly", 1)][:2]

    def _bulletins(self):
        """Two bulletins drafted by the office, approved by the head of the office and
        issued, in the order of their periods."""
        Bulletin = self.as_user("office", self.env["target.supervision.bulletin"])
        bulletins = Bulletin.browse()
        for frequency, number in self._bulletin_periods():
            bulletin = Bulletin.create(
                {"cycle_id": self.cycle.id, "frequency": frequency, "period_number": number}
            )
            bulletin.action_draft_text()
            bulletin.action_submit()
            if "director" in self.users:  # the head of the office, from the inbox
                self.as_user("director", bulletin).validate_tier()
            else:
                approve_through_reviews(bulletin)
            bulletin.action_publish()
            bulletins |= bulletin
        return bulletins

    def _spot_check(self, district):
        today = fields.Date.context_today(self.cycle)
        sample = self._sample(district)
        if not sample:
            return  # no approved goal yet (the planning phase)
        Check = self.as_user("office", self.env["target.spot.check"])
        check = Check.create(
            {
                "name": f"{self.cycle.year}年目标任务推进情况抽查",
                "cycle_id": self.cycle.id,
                "date": today - timedelta(days=20),
                "method": "manual",
                "manual_goal_ids": [(6, 0, sample.ids)],
            }
        )
        check.action_draw()
        inspector = self.users.get("inspector")
        if inspector:
            check.inspector_ids = inspector
        check.action_start()
        items = self.as_user("inspector", check.item_ids)
        over = items.filtered(lambda item: item.unit_id == district)[:1]
        (items - over).write({"result": "confirmed", "note": "台账资料与填报数据一致。"})
        # a correction, not a false report: a 虚报 would add a deduction and a
        # rectification item to the district's year end, which the year-end walk
        # (demo_city.year_end) and its test count on their own
        over.write(
            {
                "result": "corrected",
                "verified_value": round(over.reported_value * 0.8, 4),
                "note": "实地核查发现部分项目尚未开工，填报进度高于实际，按核实数更正。",
            }
        )

    def _sample(self, district):
        """The demo district's largest reported goal and a few goals of other districts."""
        Goal = self.env["target.goal"]
        domain = [("cycle_id", "=", self.cycle.id), ("state", "=", "approved")]
        # a goal with a reported value (its own or its sub-units' roll-up)
        own = Goal.search(
            [*domain, ("unit_id", "=", district.id), ("has_actual", "=", True)],
            order="points desc, id",
            limit=1,
        ) or Goal.search([*domain, ("unit_id", "=", district.id)], order="points desc, id", limit=1)
        others = Goal.search(
            [
                *domain,
                ("unit_id.category_id", "=", district.category_id.id),
                ("unit_id", "!=", district.id),
            ],
            order="id",
            limit=SAMPLE_SIZE - 1,
        )
        return own | others

    def _tasks(self, district, bulletin):
        today = fields.Date.context_today(self.cycle)
        Task = self.as_user("office", self.env["target.supervision.task"])
        red = self.env["target.goal"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("unit_id", "=", district.id),
                ("light", "=", "red"),
            ],
            limit=1,
        )
        done, open_task, late = Task.create(
            [
                {
                    "name": "落实市政府常务会议关于重点项目开工的部署",
                    "cycle_id": self.cycle.id,
                    "unit_id": district.id,
                    "source": "instruction",
                    "instructed_by": "市长",
                    "deadline": today + timedelta(days=3),
                    "description": "报送重点项目开工情况及下一步措施。",
                },
                {
                    "name": "红灯指标整改提速" if red else "督查通报问题整改",
                    "cycle_id": self.cycle.id,
                    "unit_id": district.id,
                    "source": "red_light" if red else "bulletin",
                    "goal_id": red.id,
                    "deadline": today + timedelta(days=10),
                    "description": "分析进度滞后原因，提出赶超措施并按月报送进展。",
                },
                {
                    "name": "督查通报指出的台账资料不全问题",
                    "cycle_id": self.cycle.id,
                    "unit_id": district.id,
                    "source": "bulletin",
                    "bulletin_id": bulletin.id,
                    "deadline": today - timedelta(days=5),
                    "description": "补齐目标任务推进台账，报送整改情况。",
                },
            ]
        )
        (done | open_task | late).action_assign()
        answer = self.as_user("county_user", done)
        answer.write({"feedback": "三个重点项目已全部开工，已报送开工照片和施工许可。"})
        answer.action_answer()
        done.action_accept()
