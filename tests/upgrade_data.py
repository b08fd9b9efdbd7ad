"""A year of data for the upgrade test: python tests/upgrade_data.py -c CONF -d DB.

Run by tests/test_upgrade.py in a subprocess on a copy of the test database:
the demo city (the previous cycle closed with its results, the current one
in execution, reported by its units up to the last month ended), in Chinese;
the current cycle's monthly progress of its first goals completed up to this
month, submitted and accepted, one in four of the added reports with an
evidence file; its mid-year evaluations scored; a responsibility letter
rendered to PDF by its report and attached as the signed scan. Prints the
counts as JSON on the last line.
"""

import argparse
import base64
import hashlib
import json
import os
from contextlib import nullcontext
from datetime import date, datetime, time

from freezegun import freeze_time

import odoo
from odoo.modules.registry import Registry

MODULES = ("target_assessment", "target_reports", "target_assessment_security")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--goals", type=int, default=60, help="goals that report every month")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    # the tests' today (TA_TODAY, YYYY-MM-DD) when set, as in the test classes
    today = os.environ.get("TA_TODAY", "").strip()
    clock = (
        freeze_time(datetime.combine(date.fromisoformat(today), time(12)), tick=True)
        if today
        else nullcontext()
    )
    with clock, Registry(args.database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        print(json.dumps(load(env, args.goals)))


def load(env, goal_count):
    # the language first, with the addons' terms, so that the upgrade reloads nothing new
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("name", "in", MODULES)])._update_translations(["zh_CN"])
    env = env(context={"lang": "zh_CN", "tracking_disable": False})
    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415
    from odoo.addons.target_assessment.demo_city.generator import phase_for  # noqa: PLC0415

    # the year whose letters are signed (its goals approved): this year once it is
    # under way (from April), else last year
    today = date.today()
    under_way = phase_for(today.year, today) in ("execution", "midyear", "year_end")
    year = today.year if under_way else today.year - 1
    counts = generate(env, scale=1, year=year)
    cycle = env["target.cycle"].search(
        [("year", "=", year), ("organizer_unit_id.parent_id", "=", False)]  # the city's
    )
    if cycle.phase != "execution":
        cycle.phase = "execution"
    cycle.action_generate_periods()
    periods = cycle.period_ids.filtered(lambda p: p.date_start <= today).sorted("date_start")

    goals = env["target.goal"].search(
        [("cycle_id", "=", cycle.id), ("state", "=", "approved"), ("employee_id", "=", False)],
        order="id",
    )
    goals = goals.filtered(lambda g: g._reports_itself())[:goal_count]
    Progress = env["target.progress"]
    # the demo city reported the months that have ended: the rest is added here
    reported = {
        (r.goal_id.id, r.period_id.id) for r in Progress.search([("cycle_id", "=", cycle.id)])
    }
    files = {}
    for month, period in enumerate(periods, start=1):
        vals_list = []
        for n, goal in enumerate(goals):
            if (goal.id, period.id) in reported:
                continue
            vals = {
                "goal_id": goal.id,
                "period_id": period.id,
                "value": round(goal.target_value * month / 12, 4),
                "narrative": f"{period.name}：按计划推进",
            }
            if n % 4 == 0:
                content = f"佐证材料 {goal.ref} {period.name}\n".encode() * 20
                attachment = env["ir.attachment"].create(
                    {
                        "name": f"{goal.ref}-{period.name}佐证.txt",
                        "datas": base64.b64encode(content),
                        "mimetype": "text/plain",
                    }
                )
                files[attachment.id] = hashlib.sha1(content).hexdigest()
                vals["attachment_ids"] = [odoo.Command.set(attachment.ids)]
            vals_list.append(vals)
        if not vals_list:
            continue
        # one transaction per step, as by the users: the chatter tracks records
        # created in an earlier transaction only
        reports = Progress.create(vals_list)
        env.cr.commit()
        reports.action_submit()
        env.cr.commit()
        reports.action_accept()
        env.cr.commit()

    cycle.action_preview_midyear()

    plan = env["target.plan"].search([("cycle_id", "=", cycle.id)], order="id", limit=1)
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(
        "target_assessment.target_plan_report_letter", plan.ids
    )
    scan = env["ir.attachment"].create(
        {
            "name": "目标责任书（签字扫描件）.pdf",
            "raw": pdf,
            "mimetype": "application/pdf",
            "res_model": plan._name,
            "res_id": plan.id,
        }
    )
    files[scan.id] = hashlib.sha1(pdf).hexdigest()
    plan.signed_scan_id = scan
    counts.update(
        {
            # the city's and the district's own township assessment's
            "progress_reports": Progress.search_count([]),
            "periods_reported": len(periods),
            "evidence_files": len(files) - 1,
            "letter_pdf_bytes": len(pdf),
            "files": files,
        }
    )
    return counts


if __name__ == "__main__":
    main()
