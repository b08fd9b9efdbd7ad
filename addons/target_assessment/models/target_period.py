from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine.monitoring import MONTHLY, period_bounds
from .target_progress import PROGRESS_STATES


class TargetPeriod(models.Model):
    """A reporting period of a cycle (月自查 / 季分析): a month or a quarter.

    Periods are generated from the cycle's reporting frequency by
    :meth:`target.cycle.action_generate_periods`; progress of a period is due
    ``report_due_days`` after it ends, and reminders go out ``reminder_days``
    before that. Reminders are activities on the period, one per user.

    Access: the office maintains periods; every role reads them (and may mark
    the reminders assigned to them as done).
    """

    _name = "target.period"
    _description = "Reporting Period"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "target.number.mixin",
        "target.cycle.freeze.mixin",
    ]
    _number_date_fields = ("date_start", "date_end")
    _number_depends = ("cycle_id",)
    _order = "cycle_id, date_start"
    # a unit user who reads the period may close the reminder it carries
    _mail_post_access = "read"

    name = fields.Char(required=True)
    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=1)
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", required=True)
    due_date = fields.Date(
        "Due",
        compute="_compute_due_date",
        store=True,
        help="Progress of the period is due on this day (the cycle's days after the end).",
    )
    reminder_date = fields.Date(
        "Remind from",
        compute="_compute_due_date",
        store=True,
        help="Reminders go to units that have not reported from this day on.",
    )
    progress_ids = fields.One2many("target.progress", "period_id", "Progress reports")
    progress_count = fields.Integer("Reports", compute="_compute_progress_counts")
    submitted_count = fields.Integer("Reported", compute="_compute_progress_counts")

    _cycle_start_unique = models.Constraint(
        "UNIQUE(cycle_id, date_start)", "A cycle has one reporting period per start date."
    )
    _dates_check = models.Constraint(
        "CHECK(date_end >= date_start)", "A reporting period cannot end before it starts."
    )

    @api.depends("date_end", "cycle_id.report_due_days", "cycle_id.reminder_days")
    def _compute_due_date(self):
        for period in self:
            if not period.date_end:
                period.due_date = period.reminder_date = False
                continue
            period.due_date = period.date_end + timedelta(days=period.cycle_id.report_due_days)
            period.reminder_date = period.due_date - timedelta(days=period.cycle_id.reminder_days)

    def _compute_progress_counts(self):
        counts = {
            (period.id, state): count
            for period, state, count in self.env["target.progress"]._read_group(
                [("period_id", "in", self.ids)], ["period_id", "state"], ["__count"]
            )
        }
        for period in self:
            by_state = {
                state: counts.get((period.id, state), 0) for state, _label in PROGRESS_STATES
            }
            period.progress_count = sum(by_state.values())
            period.submitted_count = by_state["submitted"] + by_state["accepted"]

    def action_view_progress(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "target_assessment.target_progress_action"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"default_period_id": self.id}
        return action

    @api.model
    def _period_name(self, frequency, year, number):
        """The translated name of the ``number``-th month or quarter of ``year``."""
        if frequency == MONTHLY:
            return self.env._("%(year)s-%(month)s", year=year, month=number)
        return self.env._("%(year)s Q%(quarter)s", year=year, quarter=number)

    @api.model
    def _generate(self, cycles):
        """Create, update or delete the periods of ``cycles`` to match their frequency.

        Idempotent: periods are matched on their start date; those no longer
        wanted are deleted, unless progress was reported on them.
        """
        existing = self.search([("cycle_id", "in", cycles.ids)]).grouped("cycle_id")
        to_create, obsolete = [], self.browse()
        for cycle in cycles:
            periods = {p.date_start: p for p in existing.get(cycle, self.browse())}
            bounds = period_bounds(cycle.date_start, cycle.date_end, cycle.report_frequency)
            for sequence, (start, end, year, number) in enumerate(bounds, start=1):
                vals = {
                    "name": self._period_name(cycle.report_frequency, year, number),
                    "date_end": end,
                    "sequence": sequence,
                }
                period = periods.pop(start, None)
                if period is None:
                    to_create.append(dict(vals, cycle_id=cycle.id, date_start=start))
                elif any(period[key] != value for key, value in vals.items()):
                    period.write(vals)
            for period in periods.values():
                obsolete |= period
        if obsolete.progress_ids:
            raise UserError(
                self.env._(
                    "Progress was reported for %(periods)s; these periods cannot be removed "
                    "by regenerating them.",
                    periods=", ".join(obsolete.filtered("progress_ids").mapped("name")),
                )
            )
        obsolete.unlink()
        return self.create(to_create)

    def _number_dates(self):
        return {
            period: dict.fromkeys(
                self._number_date_fields, (period.cycle_id.date_start, period.cycle_id.date_end)
            )
            for period in self
        }
