"""Benchmark of the XLSX exports: python scripts/bench_export.py -c CONF -d DB [--scales 10 100].

Run by scripts/bench on a fresh database with the addons installed. For each
scale, generates the demo city (odoo.addons.target_assessment.demo_city) in
a transaction of its own and exports, as the demo office user (record rules
apply), the goal decomposition table and a superior-level upload sheet of
every goal of the current cycle: each export once timed, once under
tracemalloc for its peak memory. Prints rows, seconds, rows per second, peak
memory and file size, then rolls the transaction back. Budgets: 100,000 rows
in under 30 s; peak memory growing by under 100 MB from ×10 to ×100.

The floor, measured in the same run: bare xlsxwriter writing the same cells
(read back from the export) into a constant-memory workbook, without
formats; each export's time is printed as a ratio to it.
"""

import argparse
import gc
import io
import logging
import time
import tracemalloc

import openpyxl
import xlsxwriter

import odoo
from odoo.modules.registry import Registry

_logger = logging.getLogger("target_reports.bench")

ROWS_BUDGET = 100_000  # rows ...
TIME_BUDGET = 30.0  # ... in seconds
MEMORY_GROWTH_BUDGET = 100.0  # MB of peak memory, from ×10 to ×100

# An upload sheet of the goals, as a province asks for it.
TEMPLATE = {
    "name": "目标任务上报表",
    "source": "goal",
    "sheet_name": "上报表",
    "freeze_cols": 2,
    "header_ids": [
        (
            0,
            0,
            {
                "row": 1,
                "col_from": 1,
                "col_to": 8,
                "text": "{cycle}目标任务上报表",
                "style": "title",
            },
        ),
        (0, 0, {"row": 2, "col_from": 1, "col_to": 3, "text": "基本情况"}),
        (0, 0, {"row": 2, "col_from": 4, "col_to": 8, "text": "目标与完成"}),
    ],
    "column_ids": [
        (
            0,
            0,
            {"sequence": 1, "code": "no", "header": "序号", "source_type": "sequence", "width": 6},
        ),
        (
            0,
            0,
            {
                "sequence": 2,
                "code": "unit",
                "header": "责任单位",
                "field_path": "unit_id.name",
                "width": 20,
            },
        ),
        (
            0,
            0,
            {
                "sequence": 3,
                "code": "goal",
                "header": "目标任务",
                "field_path": "name",
                "width": 36,
            },
        ),
        (
            0,
            0,
            {"sequence": 4, "code": "uom", "header": "计量单位", "field_path": "indicator_id.uom"},
        ),
        (
            0,
            0,
            {
                "sequence": 5,
                "code": "target",
                "header": "目标值",
                "field_path": "target_value",
                "num_format": "#,##0.00",
            },
        ),
        (
            0,
            0,
            {
                "sequence": 6,
                "code": "actual",
                "header": "完成值",
                "field_path": "actual_value",
                "num_format": "#,##0.00",
            },
        ),
        (
            0,
            0,
            {
                "sequence": 7,
                "code": "points",
                "header": "分值",
                "field_path": "points",
                "num_format": "0.0",
            },
        ),
        (
            0,
            0,
            {
                "sequence": 8,
                "code": "rate",
                "header": "完成率",
                "source_type": "expression",
                "expression": "actual / target if target else 0",
                "num_format": "0.0%",
            },
        ),
    ],
}


def export(wizard, memory=False):
    """Seconds, CPU seconds, peak MB (under tracemalloc when ``memory``) and the file."""
    env = wizard.env
    env.invalidate_all()
    gc.collect()
    if memory:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    content, _name = wizard._render_report()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return seconds, cpu, peak, content


def data_rows(content):
    """The data rows of the first sheet, read back."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return sum(
        1
        for row in sheet.iter_rows(min_col=1, max_col=1, values_only=True)
        if isinstance(row[0], int)
    )


def cells(content):
    """The values of the first sheet's cells, read back (row by row)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_floor(rows):
    """Seconds of bare xlsxwriter writing ``rows`` of values (the export's floor)."""
    started = time.perf_counter()
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return time.perf_counter() - started


def bench(registry, scale, year):
    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415

    results = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        started = time.perf_counter()
        counts = generate(env, scale=scale, year=year, passwords=False)
        generated = time.perf_counter() - started
        cycle = env["target.cycle"].search([("year", "=", year)], order="id desc", limit=1)
        office = env["res.users"].search([("login", "=", "office")], limit=1)
        template = env["target.export.template"].create(TEMPLATE)
        env.flush_all()
        for label, values in (
            ("goal decomposition table", {"report": "goal_tree"}),
            ("upload sheet (template)", {"report": "template", "template_id": template.id}),
        ):
            wizard = (
                env["target.report.wizard"]
                .with_user(office)
                .create(dict(values, cycle_id=cycle.id))
            )
            seconds, cpu, _peak, content = export(wizard)
            _seconds, _cpu, peak, _content = export(wizard, memory=True)
            rows = data_rows(content)
            floor = xlsx_floor(cells(content))
            results.append(
                {
                    "scale": scale,
                    "report": label,
                    "rows": rows,
                    "seconds": seconds,
                    "cpu": cpu,
                    "peak": peak,
                    "size": len(content) / 2**20,
                    "floor": floor,
                }
            )
            _logger.info("scale %s, %s: %s rows in %.1f s", scale, label, rows, seconds)
        cr.rollback()  # leave the database as it was for the next scale
    return results, counts, generated


def report(results, generations):
    header = (
        f"{'scale':>5} {'report':<26} {'rows':>8} {'seconds':>8} {'cpu s':>8} {'rows/s':>8} "
        f"{'peak MB':>8} {'file MB':>8} {'floor s':>8} {'×floor':>7}"
    )
    lines = ["", header, "-" * len(header)]
    for row in results:
        rate = row["rows"] / row["seconds"] if row["seconds"] else 0.0
        lines.append(
            f"{row['scale']:>5} {row['report']:<26} {row['rows']:>8} {row['seconds']:>8.1f} "
            f"{row['cpu']:>8.1f} {rate:>8.0f} {row['peak']:>8.1f} {row['size']:>8.1f} "
            f"{row['floor']:>8.1f} {row['seconds'] / row['floor'] if row['floor'] else 0:>7.1f}"
        )
    lines.append("")
    lines.append(
        "seconds: wall clock; cpu s: this process's CPU time (the database's work not "
        "included; on a busy machine the wall clock waits for the CPU);"
    )
    lines.append("peak MB: Python memory of the export (tracemalloc, a second run);")
    lines.append(
        "floor s: bare xlsxwriter writing the same cells (no formats), same run; "
        "×floor: the export's seconds over it;"
    )
    lines.append("generating the city is not included:")
    lines.extend(
        f"  ×{scale}: demo city generated in {seconds:.0f} s" for scale, seconds in generations
    )
    by_key = {(row["scale"], row["report"]): row for row in results}
    for row in results:
        per_budget = row["seconds"] * ROWS_BUDGET / row["rows"] if row["rows"] else 0.0
        if row["rows"] >= ROWS_BUDGET / 2:
            verdict = "ok" if per_budget < TIME_BUDGET else "OVER BUDGET"
            cpu_budget = row["cpu"] * ROWS_BUDGET / row["rows"]
            lines.append(
                f"×{row['scale']} {row['report']}: {per_budget:.1f} s ({cpu_budget:.1f} s CPU) "
                f"per {ROWS_BUDGET:,} rows (budget < {TIME_BUDGET:g} s) {verdict}"
            )
    for label in sorted({row["report"] for row in results}):
        small, large = by_key.get((10, label)), by_key.get((100, label))
        if small and large:
            growth = large["peak"] - small["peak"]
            verdict = "ok" if growth < MEMORY_GROWTH_BUDGET else "OVER BUDGET"
            lines.append(
                f"{label}: peak memory ×10 → ×100 grows by {growth:.1f} MB "
                f"(budget < {MEMORY_GROWTH_BUDGET:g} MB) {verdict}"
            )
    print("\n".join(lines))  # noqa: T201


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--year", type=int, default=None, help="the exported cycle's year")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    year = args.year or time.localtime().tm_year
    results, generations = [], []
    for scale in args.scales:
        rows, _counts, generated = bench(registry, scale, year)
        results += rows
        generations.append((scale, generated))
    report(results, generations)


if __name__ == "__main__":
    main()
