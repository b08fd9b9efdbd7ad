"""One scoring run: lock the cycle, read it, run the engine, write the results."""

import logging
import time

from odoo.exceptions import AccessError, LockError, UserError

from .. import engine
from .locks import ensure_unlocked
from .reader import CycleReader
from .writer import ResultWriter

_logger = logging.getLogger(__name__)

STAGES = ("q1", "midyear", "q3", "year_end")

# Results are written for the whole cycle at once: no chatter per record.
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def prepare_cycle_evaluations(cycle, stage="year_end"):
    """Create the missing evaluations and lines of ``cycle`` at ``stage``; return a summary.

    Every assessed unit with goals in the cycle gets its evaluation, and every
    goal its line (with the reported actual), so that the units self-assess
    and the assessors score as soon as the stage opens. Nothing is scored:
    the results stay empty until the office computes the scores. Runs in a
    fixed number of queries, as the scoring does; idempotent.

    Called as superuser by the cycle's phase change (the office's action).
    """
    cycle.ensure_one()
    if stage not in STAGES:
        raise ValueError(f"Unknown stage {stage!r}.")
    env = cycle.env(context=dict(cycle.env.context, **CONTEXT), su=True)
    cycle = cycle.with_env(env)
    data = CycleReader(cycle, stage).load()
    known = len(data.evaluations)
    lines = ResultWriter(data, {}).prepare()
    return {
        "stage": stage,
        "evaluations": len(data.evaluations) - known,
        "lines": lines,
    }


def compute_cycle_scores(cycle, stage="year_end"):
    """Score, rank and grade every unit of ``cycle`` at ``stage``; return a summary.

    Creates the missing evaluations, lines and section rows of the stage (for
    every assessed unit with goals in the cycle), then writes every result.
    Idempotent: the same data gives the same results.

    Only the assessment office runs it (AccessError otherwise); it reads and
    writes as superuser. Raises a UserError when the cycle's results are
    approved, when another run holds the cycle, or when the configuration
    cannot be applied.
    """
    cycle.ensure_one()
    if stage not in STAGES:
        raise ValueError(f"Unknown stage {stage!r}.")
    if not (cycle.env.su or cycle.env.user._target_is_office_of(cycle)):
        raise AccessError(cycle.env._("Only the assessment office computes scores."))
    ensure_unlocked(cycle, cycle.env._("the results"))
    env = cycle.env(context=dict(cycle.env.context, **CONTEXT), su=True)
    cycle = cycle.with_env(env)
    try:
        cycle.lock_for_update(allow_referencing=True)
    except LockError as error:
        raise UserError(
            env._("The scores of %(cycle)s are being computed right now.", cycle=cycle.name)
        ) from error
    started = time.monotonic()
    data = CycleReader(cycle, stage).load()
    read = time.monotonic()
    progress = env["target.job"]._report_progress
    progress(40, env._("the cycle is read"))
    try:
        results = engine.compute_cycle(data.schemes.values(), data.units)
    except ValueError as error:
        raise UserError(
            env._(
                "The scores of %(cycle)s cannot be computed: %(error)s",
                cycle=cycle.name,
                error=error,
            )
        ) from error
    scored = time.monotonic()
    progress(60, env._("the scores are computed"))
    ResultWriter(data, results).save()
    done = time.monotonic()
    # the writer's SQL escapes every ORM hook: the run is what traces the scores
    env["target.scoring.run"]._record(cycle, stage, data, results, round(done - started, 2))
    summary = {
        "stage": stage,
        "units": len(results),
        "goals": sum(len(entries) for entries in data.goals.values()),
        "seconds": round(done - started, 2),
        "read": round(read - started, 2),
        "engine": round(scored - read, 2),
        "write": round(done - scored, 2),
    }
    _logger.info("scores of cycle %s computed: %s", cycle.id, summary)
    return summary
