"""When results are frozen: from the publicity of the approved results on."""

from odoo.exceptions import UserError

#: Phases of a cycle in which its approved results can no longer change.
LOCKED_PHASES = ("publicity", "published", "closed")

# The context value that lets an accepted appeal re-score a cycle in publicity.
# An object, not a string: no RPC or import context can carry it, only code that
# imports it (target.appeal) can.
_APPEAL_BYPASS = object()


def appeal_bypass(records):
    """``records`` in a context where the lock lets an accepted appeal change the
    results of a cycle in publicity (and nothing else: published is final)."""
    return records.with_context(target_lock_bypass=_APPEAL_BYPASS)


def ensure_unlocked(cycles, what, phases=LOCKED_PHASES):
    """Raise a UserError when one of ``cycles`` has approved results (is in one
    of ``phases``).

    ``what`` is the translated name of what was about to change, or a function
    returning it (called only to refuse: naming it may cost a query).
    """
    locked = cycles.filtered(lambda cycle: cycle.phase in phases)
    if cycles.env.context.get("target_lock_bypass") is _APPEAL_BYPASS:
        locked = locked.filtered(lambda cycle: cycle.phase != "publicity")
    if locked:
        raise UserError(
            cycles.env._(
                "The results of %(cycle)s are approved (phase %(phase)s): %(what)s can no "
                "longer change. An administrator must reopen the cycle first.",
                cycle=locked[0].display_name,
                phase=dict(locked._fields["phase"]._description_selection(cycles.env))[
                    locked[0].phase
                ],
                what=what() if callable(what) else what,
            )
        )
