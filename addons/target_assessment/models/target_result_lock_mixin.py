"""Scores frozen once the results are signed off, however they are written."""

from odoo import api, models

from ..scoring.locks import ensure_unlocked


class TargetResultLockMixin(models.AbstractModel):
    """Records of a cycle's results, frozen once the leading group signs off.

    The scoring engine refuses to run on a signed-off cycle (scoring.locks);
    this mixin refuses the same for every other way in: forms, imports
    (``load()`` writes through ``write()``) and RPC, whatever the role. Only
    an accepted appeal changes a cycle in publicity, through the lock's
    explicit appeal bypass. Chatter and activities are never frozen.

    A model names the field that leads to its evaluation or cycle
    (``_result_lock_field``) and what its records are called in the refusal
    (``_result_lock_label``).
    """

    _name = "target.result.lock.mixin"
    _description = "Results Locked after Sign-off"

    _result_lock_field = "cycle_id"  # or "evaluation_id"

    def _result_lock_label(self):
        """Hook: what the records are called in the refusal message."""
        return self._description

    def _result_lock_cycles(self):
        records = self.sudo()[self._result_lock_field]
        return records if records._name == "target.cycle" else records.cycle_id

    def _check_result_lock(self):
        ensure_unlocked(self._result_lock_cycles(), self._result_lock_label())

    @api.constrains(lambda self: [self._result_lock_field])
    def _check_cycle_unlocked(self):
        # superuser code (the engine) checks the lock itself, before it writes
        if not self.env.su:
            self._check_result_lock()

    def write(self, vals):
        if not all(name.startswith(("message_", "activity_")) for name in vals):
            self._check_result_lock()
        return super().write(vals)

    def unlink(self):
        self._check_result_lock()
        return super().unlink()
