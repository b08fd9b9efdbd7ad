from odoo import api, fields, models
from odoo.exceptions import AccessError

from .. import engine
from .target_evaluation import STAGES


class TargetScoringRun(models.Model):
    """One run of "compute scores" over a cycle (DESIGN.md §12, §13).

    The scoring writes its results in bulk through SQL, where no ORM hook (nor
    the audit log) sees them: each run leaves this record instead, with a
    sha256 digest of what the engine read and of what it computed, so that
    every score can be traced to the run that wrote it and checked again.

    Access: the office, the leaders and HR read the runs (the audit
    administrator too, in target_assessment_security); nobody creates, edits
    or deletes one: only the scoring itself writes them, as superuser. It is
    a log, not a record of the cycle's work: the cycle's freeze does not
    apply (a run of a frozen cycle cannot happen, the scoring refuses it).
    """

    _name = "target.scoring.run"
    _description = "Scoring Run"
    _order = "id desc"
    _rec_name = "cycle_id"

    cycle_id = fields.Many2one("target.cycle", required=True, index=True, ondelete="restrict")
    stage = fields.Selection(STAGES, required=True)
    user_id = fields.Many2one("res.users", string="Run by", required=True, ondelete="restrict")
    run_on = fields.Datetime(string="Run on", required=True)
    units = fields.Integer()
    goals = fields.Integer()
    seconds = fields.Float(digits=(16, 2))
    input_digest = fields.Char(
        string="Input digest", help="sha256 of the schemes and units the engine read"
    )
    result_digest = fields.Char(
        string="Result digest", help="sha256 of the scores, ranks and grades the engine computed"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Only the scoring records its runs."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise AccessError(self.env._("A scoring run cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("A scoring run cannot be deleted."))

    @api.model
    def _record(self, cycle, stage, data, results, seconds):
        """Log the run of ``stage`` over ``cycle`` that read ``data`` and computed ``results``."""
        return self.sudo().create(
            {
                "cycle_id": cycle.id,
                "stage": stage,
                "user_id": self.env.uid,
                "run_on": fields.Datetime.now(),
                "units": len(results),
                "goals": sum(len(entries) for entries in data.goals.values()),
                "seconds": seconds,
                "input_digest": self._input_digest(data),
                "result_digest": engine.digest(results),
            }
        )

    @api.model
    def _input_digest(self, data):
        """The digest of the engine's input: the schemes and the units, in their order."""
        return engine.digest([list(data.schemes.values()), data.units])
