"""Load the demo city into a database: python scripts/demo.py -c CONF -d DB.

Used by scripts/run (once, on a new database) and by scripts/bench. Activates
the language, makes it the admin's, and runs the demo-city generator of
target_assessment (odoo.addons.target_assessment.demo_city) at the given scale.
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
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang(args.lang)
        env.ref("base.user_admin").write({"lang": args.lang, "tz": "Asia/Shanghai"})
        # Importable only once the configuration has put addons/ on the addons path.
        from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415

        counts = generate(env(context={"lang": args.lang}), scale=args.scale, year=args.year)
        _logger.info("demo data loaded into %s (scale %s): %s", args.database, args.scale, counts)


if __name__ == "__main__":
    main()
