"""pytest plugin of ``scripts/test --engine``: the Odoo-free tests, without a database.

The plain-Python cores (target_assessment/engine, target_reports/tools) are
tested by plain ``unittest.TestCase`` classes. pytest-odoo, which needs a
database, is switched off (``-p no:odoo``); this plugin only makes the addons
importable as ``odoo.addons.<name>`` (as Odoo imports them), so that the test
modules' relative imports work. No registry is built and no database is
opened: the same test modules are collected by the database run and by
Odoo's own runner (they are imported by their package's tests/__init__.py).
"""

from pathlib import Path

import pytest_odoo

from odoo.modules.module import initialize_sys_path

import odoo.addons

ADDONS = Path(__file__).resolve().parent.parent / "addons"


def pytest_configure(config):
    initialize_sys_path()  # Odoo's own addons (mail, hr, ...), as without a configuration
    if str(ADDONS) not in odoo.addons.__path__:
        odoo.addons.__path__.append(str(ADDONS))
    # addons/<name>/tests/test_x.py is the module odoo.addons.<name>.tests.test_x
    pytest_odoo.monkey_patch_resolve_pkg_root_and_module_name()
