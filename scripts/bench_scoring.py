"""Benchmark of "compute cycle": python scripts/bench_scoring.py -c CONF -d DB [--scales 1 10 100].

Run by scripts/bench on a fresh database with the addons installed. For each
scale, generates the demo city (odoo.addons.target_assessment.demo_city) in
a transaction of its own, computes the current cycle's year-end scores twice
(the first run creates the evaluations, lines and section rows; the second
only rewrites the results), prints goals, units, seconds, queries and seconds
per 1,000 goals, and rolls the transaction back. Ends with the ratio of the
×100 time to the ×10 time (budget: under 12, i.e. about linear) and the
budget of 60 s for about 100,000 goals.

The floor, measured in the same run and transaction: the bare ORM creating,
reading (cold cache) and updating (a value per row) as many rows as the
cycle has goals on a plain model (target.bench.row of
scripts/bench_addons/target_bench_floor, which scripts/bench installs into
its own database only). Each time is printed as a ratio to its floor: the
first run to create + read, the recompute to read + update (target for the
first run at ×100: at most 1.5 times its floor).
"""

import argparse
import logging
import time

import odoo
from odoo.modules.registry import Registry

_logger = logging.getLogger("target_assessment.bench")

TIME_BUDGET = 60.0  # seconds for the ×100 city (about 100,000 goals)
RATIO_BUDGET = 12.0  # ×100 time / ×10 time
FLOOR_TARGET = 1.5  # first run / its floor, at ×100
FLOOR_MODEL = "target.bench.row"


def measure(cycle):
    """Seconds, queries and summary of one year-end computation of ``cycle``."""
    from odoo.addons.target_assessment.scoring import compute_cycle_scores  # noqa: PLC0415

    env = cycle.env
    env.flush_all()
    env.invalidate_all()  # a cold ORM cache, as in a new request
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    summary = compute_cycle_scores(cycle, "year_end")
    env.flush_all()
    return time.perf_counter() - started, env.cr.sql_log_count - queries, summary


def floor(env, rows):
    """Seconds of the bare ORM on ``rows`` plain rows: {"create", "read", "update"}
    (None when the floor's addon is not installed)."""
    if FLOOR_MODEL not in env:
        return None
    Row = env[FLOOR_MODEL]
    partner = env.ref("base.main_partner").id
    env.flush_all()
    env.invalidate_all()
    started = time.perf_counter()
    records = Row.create(
        [
            {"name": f"R{i}", "ref_id": partner, "state": "a", "value": i, "amount": 1.0}
            for i in range(rows)
        ]
    )
    env.flush_all()
    created = time.perf_counter() - started
    env.invalidate_all()
    started = time.perf_counter()
    Row.search([("id", "in", records.ids)]).fetch(["name", "ref_id", "state", "value", "amount"])
    read = time.perf_counter() - started
    started = time.perf_counter()
    for record in records:
        record.score = record.value / 2
    env.flush_all()
    updated = time.perf_counter() - started
    records.unlink()
    env.flush_all()
    return {"create": created, "read": read, "update": updated}


def bench(registry, scale, year):
    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        started = time.perf_counter()
        counts = generate(env, scale=scale, year=year, passwords=False)
        generated = time.perf_counter() - started
        cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
        cycle.phase = "scoring"  # whatever today is, a cycle that may be scored
        first = measure(cycle)
        again = measure(cycle)
        bare = floor(env, first[2]["goals"])
        cr.rollback()  # leave the database as it was for the next scale
    return {
        "scale": scale,
        "counts": counts,
        "generated": generated,
        "first": first,
        "again": again,
        "floor": bare,
    }


def report(rows):
    header = (
        f"{'scale':>5} {'goals':>8} {'units':>6} | {'first s':>8} {'queries':>7} "
        f"{'s/1000':>7} | {'again s':>8} {'queries':>7} {'s/1000':>7}"
    )
    lines = ["", header, "-" * len(header)]
    for row in rows:
        (t1, q1, summary), (t2, q2, _again) = row["first"], row["again"]
        goals, units = summary["goals"], summary["units"]
        per1 = 1000.0 * t1 / goals if goals else 0.0
        per2 = 1000.0 * t2 / goals if goals else 0.0
        lines.append(
            f"{row['scale']:>5} {goals:>8} {units:>6} | {t1:>8.2f} {q1:>7} {per1:>7.3f} | "
            f"{t2:>8.2f} {q2:>7} {per2:>7.3f}"
        )
    lines.append("")
    lines.append(
        "first: creates the evaluations, lines and section rows with their results; "
        "again: recompute of unchanged data (the totals are rewritten)."
    )
    lines.append("Generating the city is not included:")
    lines.extend(
        f"  ×{row['scale']}: demo city generated in {row['generated']:.0f} s" for row in rows
    )
    by_scale = {row["scale"]: row for row in rows}
    if 10 in by_scale and 100 in by_scale:
        for key, label in (("first", "first run"), ("again", "recompute")):
            ratio = by_scale[100][key][0] / by_scale[10][key][0]
            verdict = "ok" if ratio < RATIO_BUDGET else "OVER BUDGET"
            lines.append(
                f"×100/×10 time, {label}: {ratio:.1f} (budget < {RATIO_BUDGET:g}) {verdict}"
            )
        for key, label in (("first", "first run"), ("again", "recompute")):
            seconds = by_scale[100][key][0]
            verdict = "ok" if seconds < TIME_BUDGET else "OVER BUDGET"
            lines.append(f"×100 {label}: {seconds:.1f} s (budget < {TIME_BUDGET:g} s) {verdict}")
    lines.append("")
    lines.append(
        "floor: the bare ORM on as many plain rows as goals (target.bench.row), same run; "
        "first run against create + read, recompute against read + update:"
    )
    for row in rows:
        bare = row["floor"]
        if bare is None:
            lines.append(f"  ×{row['scale']}: no floor (target_bench_floor is not installed)")
            continue
        first_floor = bare["create"] + bare["read"]
        again_floor = bare["read"] + bare["update"]
        lines.append(
            f"  ×{row['scale']}: create {bare['create']:.2f} s, read {bare['read']:.2f} s, "
            f"update {bare['update']:.2f} s; first run {row['first'][0] / first_floor:.2f}× "
            f"its floor ({first_floor:.2f} s), recompute {row['again'][0] / again_floor:.2f}× "
            f"its floor ({again_floor:.2f} s)"
        )
        if row["scale"] == 100:
            ratio = row["first"][0] / first_floor
            verdict = "ok" if ratio <= FLOOR_TARGET else "OVER TARGET"
            lines.append(
                f"  ×100 first run / floor: {ratio:.2f} (target ≤ {FLOOR_TARGET:g}) {verdict}"
            )
    queries = {row["again"][1] for row in rows}
    lines.append(
        "recompute queries: "
        + ("the same at every scale" if len(queries) == 1 else f"differ: {sorted(queries)}")
    )
    print("\n".join(lines))  # noqa: T201


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--year", type=int, default=None, help="the scored cycle's year")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    year = args.year or time.localtime().tm_year
    rows = []
    for scale in args.scales:
        row = bench(registry, scale, year)
        _logger.info(
            "scale %s: first run %.2f s, recompute %.2f s", scale, row["first"][0], row["again"][0]
        )
        rows.append(row)
    report(rows)


if __name__ == "__main__":
    main()
