"""Cost of the audit log: python scripts/bench_audit.py -c CONF -d DB [--scales 10].

Run by ``scripts/bench audit`` on a fresh database with the addons installed
(target_assessment_security included). For each scale, generates the demo
city in a transaction of its own, then measures, with the audit log on and
with it suspended (the auditlog rules' wrappers put aside, as
tests/common.auditing_suspended does):

- "compute cycle": the current cycle's year-end scores, first run and recompute;
- a progress submission: a unit clerk's report of a goal (create + submit),
  then its acceptance by the office, per report, over ``--reports`` goals.

Each measurement runs in a savepoint rolled back afterwards, so that both
modes start from the same data. Prints seconds and queries of each and the
audit's share. Rolls the whole transaction back at the end.
"""

import argparse
import logging
import time
from datetime import date

import odoo
from odoo.modules.registry import Registry

_logger = logging.getLogger("target_assessment.bench_audit")


class Rollback(Exception):
    """Raised to undo a measured block."""


def measured(env, run):
    """(seconds, queries) of ``run()``, rolled back, with a cold ORM cache."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    try:
        with env.cr.savepoint():
            run()
            env.flush_all()
            result = time.perf_counter() - started, env.cr.sql_log_count - queries
            raise Rollback
    except Rollback:
        pass
    env.invalidate_all()
    return result


def both_modes(env, run):
    """{"audited": (s, q), "suspended": (s, q)} of ``run``."""
    from odoo.addons.target_assessment.tests.common import auditing_suspended  # noqa: PLC0415

    audited = measured(env, run)
    with auditing_suspended(env):
        suspended = measured(env, run)
    return {"audited": audited, "suspended": suspended}


def bench(registry, scale, year, reports):
    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415
    from odoo.addons.target_assessment.scoring import compute_cycle_scores  # noqa: PLC0415

    rows = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        counts = generate(env, scale=scale, year=year, passwords=False)
        cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
        goals = env["target.goal"].search_count([("cycle_id", "=", cycle.id)])

        # compute cycle, as the office runs it
        cycle.phase = "scoring"
        rows["compute, first run"] = both_modes(env, lambda: compute_cycle_scores(cycle))
        compute_cycle_scores(cycle)
        rows["compute, recompute"] = both_modes(env, lambda: compute_cycle_scores(cycle))

        # progress reports of a county clerk, accepted by the office
        cycle.phase = "execution"
        cycle.action_generate_periods()
        period = cycle.period_ids.sorted("date_start")[:1]
        clerk = env["res.users"].search([("login", "=", "county_user")])
        office = env["res.users"].search([("login", "=", "office")])
        todo = env["target.goal"].search(
            [
                ("cycle_id", "=", cycle.id),
                ("unit_id", "in", clerk.target_unit_ids.ids),
                ("state", "=", "approved"),
            ],
            order="id",
        )
        todo = todo.filtered(lambda goal: goal._reports_itself())[:reports]

        def submit_and_accept():
            Progress = env["target.progress"]
            for goal in todo:
                report = Progress.with_user(clerk).create(
                    {"goal_id": goal.id, "period_id": period.id, "value": 1.0}
                )
                report.action_submit()
                report.with_user(office).action_accept()

        rows[f"{len(todo)} progress reports"] = both_modes(env, submit_and_accept)
        cr.rollback()
    return counts, goals, len(todo), rows


def report(scale, goals, reports, rows):
    title = f"×{scale} ({goals} goals)"
    header = (
        f"{title:<30} | {'audited s':>9} {'queries':>7} | "
        f"{'no audit s':>10} {'queries':>7} | {'+time':>6} {'+queries':>8}"
    )
    lines = ["", header, "-" * len(header)]
    for name, modes in rows.items():
        (t1, q1), (t0, q0) = modes["audited"], modes["suspended"]
        extra = f"{100.0 * (t1 - t0) / t0:>5.0f}%" if t0 else "     -"
        lines.append(
            f"{name:<30} | {t1:>9.2f} {q1:>7} | {t0:>10.2f} {q0:>7} | {extra} {q1 - q0:>8}"
        )
    if reports:
        modes = rows[f"{reports} progress reports"]
        (t1, q1), (t0, q0) = modes["audited"], modes["suspended"]
        lines.append(
            f"per report (create, submit, accept): audited {1000 * t1 / reports:.0f} ms, "
            f"{q1 / reports:.1f} queries; without audit {1000 * t0 / reports:.0f} ms, "
            f"{q0 / reports:.1f} queries"
        )
    print("\n".join(lines))  # noqa: T201


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scales", type=int, nargs="+", default=[10])
    parser.add_argument("--reports", type=int, default=20, help="progress reports measured")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    today = date.today()
    year = today.year if today.month > 1 else today.year - 1
    for scale in args.scales:
        _counts, goals, reports, rows = bench(registry, scale, year, args.reports)
        report(scale, goals, reports, rows)


if __name__ == "__main__":
    main()
