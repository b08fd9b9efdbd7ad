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
    parser.add_argument(
        "--relax-security-only",
        action="store_true",
        help="only relax the security baseline (a check or load database), load no data",
    )
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        relax_security(env)
        if args.relax_security_only:
            return
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


def relax_security(env):
    """A demonstration database logs in with the demo users' passwords (their
    logins) and without a second factor: the security addon's demo policy
    (docs/admin_guide.md, 安全基线). Never run this on a production database."""
    if "target.login.event" in env:
        env["res.users"]._target_relax_for_demo()
        _logger.info("security baseline relaxed for a demonstration database")


if __name__ == "__main__":
    main()
