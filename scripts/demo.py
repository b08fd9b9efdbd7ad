"""Load the demo city into a database: python scripts/demo.py -c CONF -d DB.

Used by scripts/run (once, on a new database) and by scripts/bench. Activates
the language, makes it the admin's, and runs the demo-city generator of
target_assessment (odoo.addons.target_assessment.demo_city) at the given scale.

``--year-end`` instead walks the demo city's current cycle through its year
end as the demo users (self-assessment, approvals, assessors, special
evaluations, inspection with a false report, sign-off, an accepted appeal,
publication; demo_city.year_end), in a database that has the demo city.
"""

import argparse
import logging

import odoo
from odoo.modules.registry import Registry

_logger = logging.getLogger("target_assessment.demo")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--scale", type=int, default=1, help="1, 10 or 100 times the demo city")
    parser.add_argument("--year", type=int, default=None, help="the current cycle's year")
    parser.add_argument(
        "--year-end", action="store_true", help="walk the current cycle's year end instead"
    )
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang(args.lang)
        env.ref("base.user_admin").write({"lang": args.lang, "tz": "Asia/Shanghai"})
        # Importable only once the configuration has put addons/ on the addons path.
        from odoo.addons.target_assessment.demo_city import (  # noqa: PLC0415
            YearEndWalk,
            generate,
        )

        if args.year_end:
            cycle = env["target.cycle"].search(
                [("previous_cycle_id", "!=", False)]
                + ([("year", "=", args.year)] if args.year else []),
                order="year desc",
                limit=1,
            )
            YearEndWalk(env(context={"lang": args.lang}), cycle, backdate=True).run()
            _logger.info("year end of %s walked: phase %s", cycle.name, cycle.phase)
            return
        counts = generate(env(context={"lang": args.lang}), scale=args.scale, year=args.year)
        _logger.info("demo data loaded into %s (scale %s): %s", args.database, args.scale, counts)


if __name__ == "__main__":
    main()
