"""Benchmark of the main pages: python scripts/bench_pages.py -c CONF --databases 10=DB10 100=DB100.

Run by ``scripts/bench pages``, on databases it keeps (generating the ×100
city takes long): ``--prepare SCALE=DB`` generates the demo city at that
scale in DB (an installed database) and computes its current cycle's
year-end scores (the ranking board), committed, then analyzes the tables.

Then, for each database, reads each page as the web client does on opening
it (tools/web_client: the action's domain, context and default filters, its
view's field specification; ``web_search_read`` of 80 rows and their count,
``web_read_group`` with its groups opened, ``web_read`` of a form), as the
office, a unit user, an assessor and a leader: the goal list, the unit
dashboard (kanban by light with its progress bars), the assessor's worklist,
the ranking board, a goal form. The worklist's reports (the benchmarks' city
has none) are made first: up to 120 submitted, more than a page at every
scale. Each read runs on a cold ORM cache (as in a
new request) ``--repeat`` times after one warm-up; prints the queries and the
server time (median and max), per page and scale, and the ×100/×10 ratio of
the median. Budgets (printed, never asserted): at most 10 queries and 300 ms
a page, the same number of queries at every scale. Everything is rolled back.
"""

import argparse
import logging
import statistics
import time

import odoo
from odoo.modules.registry import Registry

_logger = logging.getLogger("target_assessment.bench")

QUERY_BUDGET = 10
TIME_BUDGET = 0.300  # seconds
# Reports waiting for the assessor: more than a page (80 rows), at every scale.
WORKLIST_REPORTS = 120


def prepare(registry, scale, year):
    """Generate the demo city at ``scale`` and compute its year-end scores, committed."""
    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415
    from odoo.addons.target_assessment.scoring import compute_cycle_scores  # noqa: PLC0415

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env["res.lang"]._activate_lang("zh_CN")
        started = time.perf_counter()
        counts = generate(env, scale=scale, year=year, passwords=False)
        cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
        phase = cycle.phase
        cycle.phase = "scoring"  # a cycle that may be scored, whatever today is
        compute_cycle_scores(cycle, "year_end")
        cycle.phase = phase
    with registry.cursor() as cr:
        # the planner's statistics of the bulk-loaded tables, as autovacuum leaves them later
        cr.execute("ANALYZE")
    _logger.info(
        "demo city ×%s prepared in %.0f s: %s", scale, time.perf_counter() - started, counts
    )


def pages(env, year):
    """[(page, role, read)]: the pages of the current cycle, as the web client reads them."""
    from odoo.addons.target_assessment.tools import web_client  # noqa: PLC0415

    users = {
        user.login: user
        for user in env["res.users"].search(
            [("login", "in", ["office", "county_user", "assessor_stats", "leader"])]
        )
    }
    office, unit_user = users["office"], users["county_user"]
    cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
    Goal = env["target.goal"]
    # the form of a city goal decomposed to the units, and of one of the unit user's goals
    parent = Goal.search([("cycle_id", "=", cycle.id), ("child_ids", "!=", False)], limit=1)
    own = Goal.with_user(unit_user).search([("cycle_id", "=", cycle.id)], limit=1)
    ranked = env["target.evaluation"].search(
        [("cycle_id", "=", cycle.id), ("stage", "=", "year_end")], limit=1
    )
    opening = [
        {
            "value": cycle.id,
            "folded": False,
            "limit": 80,
            "offset": 0,
            "groups": [{"value": ranked.category_id.id, "folded": False, "limit": 80, "offset": 0}],
        }
    ]
    progress_bar = {
        "field": "light",
        "colors": {"green": "success", "yellow": "warning", "red": "danger", "none": "200"},
    }
    dashboard = "target_reports.target_goal_action_unit_dashboard"
    return [
        (
            "goal list",
            "office",
            web_client.list_reader(office, "target_assessment.target_goal_action"),
        ),
        (
            "goal list",
            "unit user",
            web_client.list_reader(unit_user, "target_assessment.target_goal_action"),
        ),
        ("unit dashboard", "office", web_client.kanban_reader(office, dashboard, (), progress_bar)),
        (
            "unit dashboard",
            "unit user",
            web_client.kanban_reader(unit_user, dashboard, (), progress_bar),
        ),
        (
            "worklist",
            "assessor",
            web_client.list_reader(
                users["assessor_stats"], "target_assessment.target_progress_action_to_review"
            ),
        ),
        (
            "ranking board",
            "leader",
            web_client.groups_reader(
                users["leader"], "target_assessment.target_evaluation_action_ranking", (), opening
            ),
        ),
        ("goal form", "office", web_client.form_reader(office, parent)),
        ("goal form", "unit user", web_client.form_reader(unit_user, own)),
    ]


def submit_reports(env, year, login="assessor_stats", limit=WORKLIST_REPORTS):
    """Progress reports waiting for the assessor ``login``'s review (the demo city of
    the benchmarks has none): one submitted report, in the current cycle's first
    period, for each of up to ``limit`` goals the assessor's units assess. Made in
    the benchmark's transaction, rolled back with it."""
    cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
    assessor = env["res.users"].search([("login", "=", login)], limit=1)
    if not cycle.period_ids:
        cycle.action_generate_periods()
    period = cycle.period_ids.sorted("date_end")[0]
    goals = env["target.goal"].search(
        [
            ("cycle_id", "=", cycle.id),
            ("assessor_unit_id", "in", assessor.target_unit_ids.ids),
            ("state", "=", "approved"),
        ],
        limit=limit,
    )
    env["target.progress"].create(
        [
            {"goal_id": goal.id, "period_id": period.id, "value": 1.0, "state": "submitted"}
            for goal in goals
        ]
    )
    env.flush_all()
    return len(goals)


def measure(cr, read, repeat):
    """[(queries, seconds)] of ``repeat`` reads, after one that fills the registry's caches."""
    read()
    runs = []
    for _i in range(repeat):
        queries = cr.sql_log_count
        started = time.perf_counter()
        read()
        runs.append((cr.sql_log_count - queries, time.perf_counter() - started))
    return runs


def bench(registry, scale, year, repeat):
    rows = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        goals = env["target.goal"].search_count([])
        submit_reports(env, year)
        for page, role, read in pages(env, year):
            runs = measure(cr, read, repeat)
            seconds = [s for _q, s in runs]
            rows.append(
                {
                    "scale": scale,
                    "goals": goals,
                    "page": page,
                    "role": role,
                    "queries": max(q for q, _s in runs),
                    "median": statistics.median(seconds),
                    "max": max(seconds),
                }
            )
            _logger.info("×%s %s (%s): %s", scale, page, role, rows[-1])
        cr.rollback()
    return rows


def report(rows):
    header = (
        f"{'page':<16} {'as':<10} {'scale':>5} {'goals':>7} {'queries':>7} "
        f"{'median ms':>9} {'max ms':>7} {'×100/×10':>8}  verdict"
    )
    lines = ["", header, "-" * len(header)]
    by_key = {(row["page"], row["role"], row["scale"]): row for row in rows}
    for row in rows:
        small = by_key.get((row["page"], row["role"], 10))
        ratio = (
            f"{row['median'] / small['median']:>8.1f}"
            if row["scale"] == 100 and small and small["median"]
            else f"{'':>8}"
        )
        over = []
        if row["queries"] > QUERY_BUDGET:
            over.append("queries")
        if row["median"] > TIME_BUDGET:
            over.append("time")
        # fewer queries at ×100 is the data of the page's first rows (no person's goal
        # among them: no employee to name), not the scale
        if small and row["queries"] > small["queries"]:
            over.append("queries grow")
        lines.append(
            f"{row['page']:<16} {row['role']:<10} {row['scale']:>5} {row['goals']:>7} "
            f"{row['queries']:>7} {row['median'] * 1000:>9.0f} {row['max'] * 1000:>7.0f} "
            f"{ratio}  {'OVER: ' + ', '.join(over) if over else 'ok'}"
        )
    lines.append("")
    lines.append(
        f"budget: at most {QUERY_BUDGET} queries and {TIME_BUDGET * 1000:g} ms (median) a page, "
        "the same queries at every scale; server time of the reads, cold ORM cache."
    )
    print("\n".join(lines))  # noqa: T201


def _pairs(values):
    """{scale: database} of ``SCALE=DB`` arguments."""
    pairs = {}
    for value in values:
        scale, _sep, database = value.partition("=")
        pairs[int(scale)] = database
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--prepare", metavar="SCALE=DB", help="generate the city in DB")
    parser.add_argument("--databases", metavar="SCALE=DB", nargs="+", default=[])
    parser.add_argument("--repeat", type=int, default=7, help="timed reads of each page")
    parser.add_argument("--year", type=int, default=None, help="the current cycle's year")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config], setup_logging=True)
    year = args.year or time.localtime().tm_year
    if args.prepare:
        ((scale, database),) = _pairs([args.prepare]).items()
        prepare(Registry(database), scale, year)
        return
    rows = []
    for scale, database in sorted(_pairs(args.databases).items()):
        rows += bench(Registry(database), scale, year, args.repeat)
    report(rows)


if __name__ == "__main__":
    main()
