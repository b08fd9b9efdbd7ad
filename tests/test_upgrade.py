"""Upgrade: a database with a year of data survives an upgrade of the addons.

The test database (both addons installed, by scripts/test) is copied
(``CREATE DATABASE ... TEMPLATE``, filestore copied beside it) and filled with
a year of data (tests/upgrade_data.py: the demo city, a year of accepted
progress with evidence files, the mid-year evaluations, a letter PDF). That
database is copied again, the way an administrator upgrades a copy first,
and Odoo's command line upgrades the copy in a subprocess. Then, per model
of both addons, the row count and a digest of every row (all columns but
write_date/write_uid) must be unchanged, and so must the chatter, the tier
reviews and the attachments of those models; every attachment's file must
be in the copy's filestore with its checksum; and the addons must be
installed at their manifests' versions. No migration script exists: the
addons' versions have not changed since their first release (19.0.1.0.0).

Never skipped: without the database server or Odoo's configuration (pytest
without scripts/test's --odoo-* options) the test fails and says why.
"""

import ast
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

import odoo
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("target_assessment", "target_reports", "target_assessment_security")
# columns an upgrade may rewrite without changing a record's content
VOLATILE = {"write_date", "write_uid"}


def _connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def _sql(dbname, query, params=None, autocommit=False):
    conn = _connect(dbname)
    conn.autocommit = autocommit
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else None
        if not autocommit:
            conn.commit()
        return rows
    finally:
        conn.close()


def _copy_database(source, target):
    """CREATE DATABASE target TEMPLATE source, and the filestore beside it."""
    odoo.sql_db.close_db(source)  # this process's idle connections block a template
    _release_database(source)
    _drop_database(target)
    _sql(
        "postgres",
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(target), sql.Identifier(source)
        ),
        autocommit=True,
    )
    filestore = Path(config["data_dir"]) / "filestore"
    shutil.rmtree(filestore / target, ignore_errors=True)
    if (filestore / source).is_dir():
        shutil.copytree(filestore / source, filestore / target)


def _release_database(name, wait=30):
    """Wait for the other sessions on ``name`` to end (a template must have none).

    A session left by an earlier test's thread (the HTTP server of the tours)
    may still be closing; one still there after ``wait`` seconds is named on
    stderr and terminated, so that the copy does not fail on it.
    """
    query = (
        "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    for _attempt in range(wait):
        sessions = _sql("postgres", query, [name], autocommit=True)
        if not sessions:
            return
        time.sleep(1)
    print(f"sessions left on {name}, terminated: {sessions}", file=sys.stderr)
    _sql(
        "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
        autocommit=True,
    )


def _drop_database(name):
    odoo.sql_db.close_db(name)
    _sql(
        "postgres",
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)),
        autocommit=True,
    )
    shutil.rmtree(Path(config["data_dir"]) / "filestore" / name, ignore_errors=True)


# A guard against a hung subprocess, not a time budget: on a loaded machine
# (2 cores shared with other jobs) filling the year or upgrading can take
# several minutes.
SUBPROCESS_TIMEOUT = 1800


def _odoo(*args, timeout=SUBPROCESS_TIMEOUT):
    return subprocess.run(
        [sys.executable, "-m", "odoo", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def snapshot(dbname):
    """Counts and digests per model of both addons; their chatter, reviews, files."""
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT m.model, replace(m.model, '.', '_') FROM ir_model m"
                " JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id"
                " WHERE d.module IN %s AND NOT m.transient",
                [MODULES],
            )
            candidates = dict(cr.fetchall())
            cr.execute(
                "SELECT table_name, array_agg(column_name::text ORDER BY column_name)"
                " FROM information_schema.columns WHERE table_schema = 'public'"
                " AND table_name = ANY(%s) GROUP BY table_name",
                [list(candidates.values())],
            )
            columns = dict(cr.fetchall())
            models = {}
            for model, table in sorted(candidates.items()):
                if table not in columns:  # abstract: no table
                    continue
                kept = [sql.Identifier(c) for c in columns[table] if c not in VOLATILE]
                cr.execute(
                    sql.SQL(
                        "SELECT count(*), md5(string_agg(row({})::text, E'\\n' ORDER BY id))"
                        " FROM {}"
                    ).format(sql.SQL(", ").join(kept), sql.Identifier(table))
                )
                models[model] = cr.fetchone()
            ours = sorted(models)
            related = {}
            for label, query in (
                ("mail_message", "SELECT count(*) FROM mail_message WHERE model = ANY(%s)"),
                (
                    "mail_tracking_value",
                    "SELECT count(*) FROM mail_tracking_value v JOIN mail_message m"
                    " ON m.id = v.mail_message_id WHERE m.model = ANY(%s)",
                ),
                ("tier_review", "SELECT count(*) FROM tier_review WHERE model = ANY(%s)"),
                ("mail_activity", "SELECT count(*) FROM mail_activity WHERE res_model = ANY(%s)"),
            ):
                cr.execute(query, [ours])
                related[label] = cr.fetchone()[0]
            cr.execute(
                "SELECT id, checksum, store_fname, file_size FROM ir_attachment"
                " WHERE store_fname IS NOT NULL AND (res_model = ANY(%s) OR id IN"
                " (SELECT attachment_id FROM target_progress_ir_attachment_rel))",
                [ours],
            )
            files = {row[0]: row[1:] for row in cr.fetchall()}
            cr.execute(
                "SELECT name, state, latest_version FROM ir_module_module WHERE name IN %s",
                [MODULES],
            )
            versions = {name: (state, version) for name, state, version in cr.fetchall()}
        return {"models": models, "related": related, "files": files, "versions": versions}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def upgrade(pytestconfig):
    conf = pytestconfig.getoption("--odoo-config", default=None)
    dbname = pytestconfig.getoption("--odoo-database", default=None)
    if not (conf and dbname):
        pytest.fail(
            "the upgrade test needs Odoo's configuration and the test database: "
            "run it with scripts/test (pytest --odoo-config=... --odoo-database=...)"
        )
    try:
        _sql("postgres", "SELECT 1")
    except psycopg2.Error as exc:
        pytest.fail(f"PostgreSQL does not answer with the configuration {conf}: {exc}")
    source, target = f"{dbname}_year", f"{dbname}_upgraded"
    try:
        _copy_database(dbname, source)
        filled = _fill_year(conf, source)
        before = snapshot(source)
        _copy_database(source, target)
        result = _odoo(
            "-c",
            conf,
            "-d",
            target,
            "-u",
            ",".join(MODULES),
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        )
        after = snapshot(target)
        yield {
            "filled": filled,
            "before": before,
            "after": after,
            "result": result,
            "filestore": Path(config["data_dir"]) / "filestore" / target,
        }
    finally:
        _drop_database(source)
        _drop_database(target)


def _fill_year(conf, dbname):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "upgrade_data.py"), "-c", conf, "-d", dbname],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"loading a year of data failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_upgrade_runs_clean(upgrade):
    result = upgrade["result"]
    assert result.returncode == 0, f"-u failed:\n{result.stderr[-3000:]}"
    errors = [
        line for line in result.stderr.splitlines() if " ERROR " in line or " CRITICAL " in line
    ]
    assert not errors, errors


def test_the_year_of_data_is_there(upgrade):
    filled, before = upgrade["filled"], upgrade["before"]
    models = before["models"]
    assert filled["goals"] > 1000 and filled["periods_reported"] >= 1
    goals = filled["goals"] + filled["goals_previous"] + filled.get("county_goals", 0)
    assert models["target.goal"][0] == goals
    assert models["target.progress"][0] == filled["progress_reports"] > 0
    assert models["target.evaluation"][0] > 100
    # the city's two years and the district's own township assessment (county_goals)
    assert models["target.cycle"][0] == 2 + bool(filled.get("county_goals"))
    assert len(before["files"]) >= len(filled["files"]) > 1
    assert before["related"]["mail_tracking_value"] > 0
    assert filled["letter_pdf_bytes"] > 1000


def test_every_record_intact(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert sorted(after["models"]) == sorted(before["models"])
    changed = {
        model: (before["models"][model], after["models"][model])
        for model in before["models"]
        if before["models"][model] != after["models"][model]
    }
    assert not changed, f"count or content changed by the upgrade: {changed}"
    assert after["related"] == before["related"]
    rows = sum(count for count, _digest in after["models"].values())
    print(f"upgrade kept {len(after['models'])} models, {rows} rows, {after['related']}")


def test_every_file_intact(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert after["files"] == before["files"]
    for attachment, sha1 in upgrade["filled"]["files"].items():
        assert before["files"][int(attachment)][0] == sha1, attachment
    damaged = []
    for attachment, (checksum, fname, size) in after["files"].items():
        path = upgrade["filestore"] / fname
        content = path.read_bytes() if path.is_file() else None
        if content is None or len(content) != size or hashlib.sha1(content).hexdigest() != checksum:
            damaged.append((attachment, fname))
    assert not damaged, f"files missing or damaged after the upgrade: {damaged}"


def test_versions(upgrade):
    for module in MODULES:
        manifest = ast.literal_eval((ROOT / "addons" / module / "__manifest__.py").read_text())
        state, version = upgrade["after"]["versions"][module]
        assert state == "installed", module
        assert version == manifest["version"], (module, version)
        old = upgrade["before"]["versions"][module][1]
        assert tuple(map(int, old.split("."))) <= tuple(map(int, version.split("."))), module
