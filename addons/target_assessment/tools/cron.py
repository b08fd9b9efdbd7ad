"""Helpers for the scheduled jobs: batches that commit their progress, date-driven recomputes,
and jobs that give way to the users' concurrent work."""

import functools
import logging

from psycopg2.extensions import TransactionRollbackError

_logger = logging.getLogger(__name__)


def gives_way(job):
    """Decorate a scheduled job whose batches commit their progress and are idempotent:
    a batch that meets a concurrent update (a serialization failure or a deadlock,
    which Odoo retries for a request but not for a job) is rolled back, and the job
    is triggered again at once, to resume in a new transaction from the progress it
    committed, instead of failing until its next run (the load check met it: the
    red-light warnings writing goals a clerk's report updated)."""

    @functools.wraps(job)
    def run(self, *args, **kwargs):
        try:
            return job(self, *args, **kwargs)
        except TransactionRollbackError as error:
            self.env.cr.rollback()
            _logger.info(
                "%s.%s met a concurrent update (%s): it runs again at once",
                self._name,
                job.__name__,
                error.pgcode or type(error).__name__,
            )
            cron = self.env["ir.cron"].sudo().browse(self.env.context.get("cron_id"))
            if cron:
                cron._trigger()
            return None

    return run


def recompute(records, fnames):
    """Recompute the stored computed fields ``fnames`` of ``records`` now, and what
    depends on them (their inputs did not change: the date did)."""
    for fname in fnames:
        records.env.add_to_compute(records._fields[fname], records)
    records.modified(fnames)
    records.env.flush_all()


def in_batches(model, domain, batch_size, handle):
    """Run ``handle(records)`` on batches of ``model`` matching ``domain`` until none
    is left; ``handle`` must take them out of the domain. Each batch commits its
    progress (ir.cron), so a crashed run resumes where it stopped. Returns False
    when the scheduler asked to stop early."""
    commit = model.env["ir.cron"]._commit_progress
    model = model.sudo()
    commit(remaining=model.search_count(domain))
    while records := model.search(domain, limit=batch_size):
        handle(records)
        if not commit(len(records), remaining=model.search_count(domain)):
            return False
    return True
