"""One freeze for everything that belongs to a signed-off cycle (DESIGN §12)."""

from odoo import api, models

from ..scoring.locks import LOCKED_PHASES, ensure_unlocked


class TargetCycleFreezeMixin(models.AbstractModel):
    """Records of a cycle, frozen once the leading group has signed its results off.

    Goals, milestones, letters, schemes, periods, progress, findings, scores
    alike: from the publicity on (``_freeze_phases``) no create, write,
    ``load()`` or unlink changes them, whatever the role, the office and the
    director included, and whatever the way in (forms, imports, RPC, code
    under sudo; the scoring engine, whose bulk inserts skip ``create()``,
    checks the freeze before it writes). The administrator's reopening of the cycle, with its reason
    in the chatter, is the only key; an accepted appeal re-scores a cycle in
    publicity through the lock's explicit appeal bypass (scoring.locks).
    Chatter and activities are never frozen.

    A model names the path from its records to their cycle
    (``_freeze_cycle_field``: ``"cycle_id"``, ``"goal_id.cycle_id"``, …);
    the path's first field is checked after a write too, so that no record
    is moved into a frozen cycle. Records worked on after publication (HR's
    final grades, bonuses, rewards) freeze when the cycle is closed
    (``_freeze_phases = ("closed",)``).
    """

    _name = "target.cycle.freeze.mixin"
    _description = "Frozen with the Cycle's Results"

    _freeze_cycle_field = "cycle_id"
    _freeze_phases = LOCKED_PHASES

    def _freeze_label(self):
        """Hook: what the records are called in the refusal message (by default
        the model's name, in the user's language)."""
        return self.env["ir.model"]._get(self._name).name

    def _freeze_cycles(self):
        """Hook: the cycles whose freeze these records follow."""
        return self.sudo().mapped(self._freeze_cycle_field)

    def _freeze_depends(self):
        """Hook: the fields whose change may put the records in another cycle."""
        return {self._freeze_cycle_field.split(".")[0]}

    def _freeze_check(self):
        """Raise a UserError when one of these records belongs to a frozen cycle."""
        if self:
            ensure_unlocked(self._freeze_cycles(), self._freeze_label, self._freeze_phases)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._freeze_check()
        return records

    def write(self, vals):
        if all(name.startswith(("message_", "activity_")) for name in vals):
            return super().write(vals)
        self._freeze_check()
        result = super().write(vals)
        if self._freeze_depends().intersection(vals):
            # where the records are now: not moved into a frozen cycle
            self._freeze_check()
        return result

    def unlink(self):
        self._freeze_check()
        return super().unlink()
