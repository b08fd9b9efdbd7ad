"""Checks on the repository itself: manifests, data files, layout."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def test_addons_present():
    assert [a.name for a in ADDONS] == [
        "target_assessment",
        "target_assessment_security",
        "target_reports",
    ]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    m = manifest(addon)
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", m["version"]), m["version"]
    assert m["license"] == "LGPL-3"
    for key in ("name", "summary", "author", "website", "category", "development_status"):
        assert m.get(key), f"{addon.name}: manifest key {key!r} missing"
    assert m["development_status"] in {"Alpha", "Beta", "Production/Stable", "Mature"}
    for path in m.get("data", []) + m.get("demo", []):
        assert (addon / path).is_file(), f"{addon.name}: data file {path} missing"


def test_dependencies():
    deps = {a.name: manifest(a)["depends"] for a in ADDONS}
    assert {"mail", "hr", "base_tier_validation"} <= set(deps["target_assessment"])
    assert {"target_assessment", "report_xlsx"} <= set(deps["target_reports"])
    assert {"target_assessment", "auth_totp", "password_security", "auth_session_timeout"} | {
        "auditlog"
    } <= set(deps["target_assessment_security"])


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_test_module_imported(addon):
    """Odoo's runner (odoo-bin --test-enable) runs only the test modules that the
    package's tests/__init__.py imports; pytest collects the files. Both must run
    the same tests."""
    tests = addon / "tests"
    imported = set()
    for node in ast.walk(ast.parse((tests / "__init__.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            imported.add(node.module.split(".")[0])
    files = {path.stem for path in tests.glob("test_*.py")}
    assert not files - imported, (
        f"{addon.name}/tests/__init__.py does not import {sorted(files - imported)}"
    )
    assert not {name for name in imported if name.startswith("test_")} - files


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_oca_layout(addon):
    for folder in ("views", "tests", "readme", "i18n"):
        assert (addon / folder).is_dir(), f"{addon.name}/{folder} missing"
    if list(addon.glob("models/*.py")):
        # an addon with models secures them
        assert (addon / "security" / "ir.model.access.csv").is_file()
    assert (addon / "readme" / "DESCRIPTION.md").is_file()
    assert (addon / "static" / "description" / "icon.png").is_file()


def test_cockpit_sheet_is_the_scripts(tmp_path):
    """The cockpit's spreadsheet is what scripts/cockpit_dashboard.py writes (edit the
    script, not the JSON)."""
    written = tmp_path / "cockpit.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/cockpit_dashboard.py"), str(written)], check=True
    )
    shipped = ROOT / "addons/target_reports/data/files/cockpit_dashboard.json"
    assert written.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
