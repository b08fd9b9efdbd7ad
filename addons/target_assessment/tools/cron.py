"""Helpers for the scheduled jobs: batches that commit their progress, date-driven recomputes."""


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
