"""Evaluations once the results are signed off: frozen, and the result notice.

The scoring engine refuses to run on a signed-off cycle (scoring.locks); these
extensions refuse the same for every other way in: forms, imports (``load()``
writes through ``write()``) and RPC, whatever the role. Only an accepted appeal
changes a cycle in publicity, through the lock's explicit appeal bypass.
"""

from odoo import api, models

from ..scoring.locks import ensure_unlocked


def _bookkeeping(vals):
    """Whether ``vals`` only touch the chatter and activities (never frozen)."""
    return all(name.startswith(("message_", "activity_")) for name in vals)


class TargetEvaluation(models.Model):
    _inherit = "target.evaluation"

    @api.constrains("cycle_id")
    def _check_cycle_unlocked(self):
        # superuser code (the engine) checks the lock itself, before it writes
        if not self.env.su:
            ensure_unlocked(self.sudo().cycle_id, self.env._("evaluations"))

    def write(self, vals):
        if not _bookkeeping(vals):
            ensure_unlocked(self.sudo().cycle_id, self.env._("evaluations"))
        return super().write(vals)

    def unlink(self):
        ensure_unlocked(self.sudo().cycle_id, self.env._("evaluations"))
        return super().unlink()

    def action_print_result_notice(self):
        """The result notice (考核结果通知书) of these year-end evaluations."""
        return self.env.ref("target_assessment.target_result_notice_report").report_action(self)

    def _result_notice_rectifications(self):
        """Rectification items of the unit still open: found this cycle or carried in."""
        self.ensure_one()
        Rectification = self.env["target.rectification"]
        return Rectification.search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("cycle_id", "=", self.cycle_id.id),
                ("state", "!=", "verified"),
            ]
        ) | Rectification._open_for(self.unit_id, self.cycle_id)


class TargetEvaluationLine(models.Model):
    _inherit = "target.evaluation.line"

    @api.constrains("evaluation_id")
    def _check_cycle_unlocked(self):
        # superuser code (the engine) checks the lock itself, before it writes
        if not self.env.su:
            ensure_unlocked(self.sudo().evaluation_id.cycle_id, self.env._("evaluation lines"))

    def write(self, vals):
        ensure_unlocked(self.sudo().evaluation_id.cycle_id, self.env._("evaluation lines"))
        return super().write(vals)

    def unlink(self):
        ensure_unlocked(self.sudo().evaluation_id.cycle_id, self.env._("evaluation lines"))
        return super().unlink()


class TargetEvaluationSection(models.Model):
    _inherit = "target.evaluation.section"

    def write(self, vals):
        ensure_unlocked(self.sudo().evaluation_id.cycle_id, self.env._("section scores"))
        return super().write(vals)

    def unlink(self):
        ensure_unlocked(self.sudo().evaluation_id.cycle_id, self.env._("section scores"))
        return super().unlink()
