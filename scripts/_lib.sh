# Shared by scripts/run, scripts/test and scripts/bench: find the Python that
# imports Odoo 19, install the project's dependencies into it, find (or start)
# PostgreSQL and write an Odoo configuration file.  Sourced, never executed.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR="$ROOT/var"
ADDONS="$ROOT/addons"
MODULES="target_assessment,target_reports,target_assessment_security"
mkdir -p "$VAR"

say() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() {
	say "ERROR: $*"
	exit 1
}

# -- Python ------------------------------------------------------------------

_is_odoo19() {
	"$1" - 2>/dev/null <<'EOF'
import sys
import odoo.release
sys.exit(0 if odoo.release.version_info[0] == 19 else 1)
EOF
}

# Sets PY to a Python in which `import odoo` gives 19.0.
find_python() {
	local candidates=()
	[ -n "${ODOO_PYTHON:-}" ] && candidates+=("$ODOO_PYTHON")
	candidates+=("$VAR/venv/bin/python" python3 python3.13 python3.12 python3.11 python3.10 python /usr/bin/python3)
	local c path
	for c in "${candidates[@]}"; do
		path=$(command -v "$c" 2>/dev/null) || continue
		if _is_odoo19 "$path"; then
			PY=$("$path" -c 'import sys; print(sys.executable)')
			return 0
		fi
		if [ -n "${ODOO_PYTHON:-}" ] && [ "$c" = "$ODOO_PYTHON" ]; then
			die "ODOO_PYTHON=$ODOO_PYTHON does not import Odoo 19 (python -c 'import odoo.release' fails or gives another version)."
		fi
	done
	cat >&2 <<'EOF'
ERROR: no Python on this machine imports Odoo 19 ("import odoo" fails).

This project runs on an Odoo 19 that is already installed; it does not install
Odoo itself. Install Odoo 19 Community from the official source, for example:

    git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo /opt/odoo19
    pip install -r /opt/odoo19/requirements.txt   # Python 3.12+; on 3.11 use the 3.12 pins
    pip install --no-deps -e /opt/odoo19           # makes "import odoo" work

(or the packaged install described at
https://www.odoo.com/documentation/19.0/administration/on_premise/source.html),
then run this script again. If Odoo 19 lives in another Python, point
ODOO_PYTHON at it: ODOO_PYTHON=/path/to/venv/bin/python scripts/test
EOF
	exit 1
}

# The requirement lines of requirements.txt, without comments.
_requirements() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$ROOT/requirements.txt" | grep -v '^$'
}

_deps_missing() {
	"$PY" - 2>/dev/null <<'EOF'
import importlib.util, sys
mods = ["xlsxwriter", "openpyxl", "xlrd", "pytest", "pytest_odoo", "websocket",
        "odoo.addons.base_tier_validation", "odoo.addons.report_xlsx",
        "odoo.addons.password_security", "odoo.addons.auth_session_timeout",
        "odoo.addons.auditlog", "odoo.addons.queue_job", "openupgradelib", "croniter"]
sys.exit(1 if any(importlib.util.find_spec(m) is None for m in mods) else 0)
EOF
}

_pip_install() {
	# OCA addon wheels require the distribution "odoo"; where Odoo is only
	# importable (no dist-info) that requirement cannot be met, so they are
	# installed without dependencies and their own needs are listed above.
	local oca other
	oca=$(_requirements | grep '^odoo-addon-' || true)
	other=$(_requirements | grep -v '^odoo-addon-' || true)
	# shellcheck disable=SC2086
	"$PY" -m pip install --disable-pip-version-check -q $other &&
		"$PY" -m pip install --disable-pip-version-check -q --no-deps $oca
}

# Installs requirements.txt into $PY when anything is missing. Where that Python
# refuses installs (PEP 668, read-only), a venv under var/ that sees its
# packages takes the dependencies instead and becomes PY.
ensure_deps() {
	_deps_missing && return 0
	say "installing Python dependencies from requirements.txt into $PY"
	if ! _pip_install 2>"$VAR/pip.err"; then
		if [ "$PY" != "$VAR/venv/bin/python" ] && grep -qiE 'externally-managed|permission denied|read-only' "$VAR/pip.err"; then
			say "$PY refuses installs; using a virtual environment in var/venv"
			"$PY" -m venv --system-site-packages "$VAR/venv" || die "cannot create var/venv"
			PY="$VAR/venv/bin/python"
			_pip_install || die "pip install into var/venv failed"
		else
			cat "$VAR/pip.err" >&2
			die "pip install of requirements.txt failed (see above)"
		fi
	fi
	_deps_missing || die "dependencies still missing after pip install"
}

# -- PostgreSQL --------------------------------------------------------------
# Sets DB_HOST, DB_PORT and DB_USER (empty host: libpq's default socket).

_pg_answers() { # host port user
	PGCONNECT_TIMEOUT=3 psql -X -q -h "$1" -p "$2" -U "$3" -d postgres -tAc 'select 1' >/dev/null 2>&1
}

_pg_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir
		return
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
		[ -x "$d/initdb" ] && echo "$d" && return
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

# PostgreSQL refuses to run as root: a local cluster started by root runs as
# the "postgres" OS user (or nobody), in a directory that user can reach.
_pg_run_as() {
	if [ "$(id -u)" = 0 ]; then
		local u=postgres
		id -u postgres >/dev/null 2>&1 || u=nobody
		runuser -u "$u" -- "$@"
	else
		"$@"
	fi
}

_local_cluster_dir() {
	local dir="$VAR/pg"
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$dir"
		local u=postgres
		id -u postgres >/dev/null 2>&1 || u=nobody
		if ! runuser -u "$u" -- test -x "$VAR"; then
			# The checkout is not reachable by that user (a private temporary
			# directory, say): keep the cluster beside it under /tmp instead.
			dir="/tmp/target-assessment-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
		fi
	fi
	echo "$dir"
}

start_local_cluster() {
	local bindir dir
	bindir=$(_pg_bindir) || true
	[ -n "$bindir" ] || die "no PostgreSQL server answers and no PostgreSQL binaries (initdb) are installed; install PostgreSQL >= 13 (Debian: apt-get install postgresql) or set PGHOST/PGPORT/PGUSER."
	dir=$(_local_cluster_dir)
	DB_USER=${PGUSER:-$(id -un)}
	[ "$DB_USER" = postgres ] && DB_USER=odoo
	mkdir -p "$dir/run"
	if [ "$(id -u)" = 0 ]; then
		chown -R "$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)" "$dir"
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		say "initialising a project-local PostgreSQL cluster in $dir/data"
		_pg_run_as "$bindir/initdb" -D "$dir/data" -U "$DB_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$VAR/pg-init.log" 2>&1 ||
			_pg_run_as "$bindir/initdb" -D "$dir/data" -U "$DB_USER" --auth=trust -E UTF8 >"$VAR/pg-init.log" 2>&1 ||
			die "initdb failed, see $VAR/pg-init.log"
	fi
	DB_HOST="$dir/run"
	DB_PORT=5432
	if ! _pg_answers "$DB_HOST" "$DB_PORT" "$DB_USER"; then
		say "starting the project-local PostgreSQL (socket in $DB_HOST)"
		_pg_run_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-c listen_addresses='' -k $dir/run -p $DB_PORT" start >/dev/null ||
			die "the local PostgreSQL did not start, see $dir/server.log"
		LOCAL_PG_STARTED="$bindir/pg_ctl -D $dir/data"
	fi
}

# Stops the local cluster if this script started it.
stop_local_cluster() {
	if [ -n "${LOCAL_PG_STARTED:-}" ]; then
		say "stopping the project-local PostgreSQL"
		# shellcheck disable=SC2086
		_pg_run_as $LOCAL_PG_STARTED -m fast -w stop >/dev/null 2>&1 || true
		LOCAL_PG_STARTED=""
	fi
}

find_postgres() {
	command -v psql >/dev/null 2>&1 || die "psql (the PostgreSQL client) is not installed (Debian: apt-get install postgresql-client)."
	DB_HOST=${PGHOST:-}
	DB_PORT=${PGPORT:-5432}
	DB_USER=${PGUSER:-$(id -un)}
	if [ "$DB_USER" = postgres ]; then
		die "the database user is 'postgres', which Odoo refuses to use. Create another role (createuser -s $(id -un)) and set PGUSER to it."
	fi
	if [ -n "${PGHOST:-}" ]; then
		_pg_answers "$DB_HOST" "$DB_PORT" "$DB_USER" || die "PostgreSQL at PGHOST=$PGHOST PGPORT=$DB_PORT does not answer for user $DB_USER."
		return
	fi
	local h
	for h in /var/run/postgresql /tmp 127.0.0.1; do
		if _pg_answers "$h" "$DB_PORT" "$DB_USER"; then
			DB_HOST=$h
			return
		fi
	done
	if _pg_answers /var/run/postgresql "$DB_PORT" postgres; then
		say "PostgreSQL answers only for the role 'postgres', which Odoo refuses; using a project-local cluster instead (or: createuser -s $DB_USER)."
	fi
	start_local_cluster
}

# -- Odoo --------------------------------------------------------------------

# write_config FILE DBNAME [extra lines]: a configuration for this checkout.
write_config() {
	local file=$1 db=$2
	shift 2
	sed -e "s|@ADDONS@|$ADDONS|" -e "s|@DB_HOST@|$DB_HOST|" -e "s|@DB_PORT@|$DB_PORT|" \
		-e "s|@DB_USER@|$DB_USER|" -e "s|@DB_NAME@|$db|" -e "s|@DATA_DIR@|$VAR/data|" \
		"$ROOT/config/odoo.dev.conf" >"$file"
	local line key
	for line in "$@"; do # "key = value" replaces the template's key
		key=${line%%=*}
		key=${key%% }
		sed -i "/^$key *=/d" "$file"
		# under [options]: the template ends with other sections ([queue_job])
		sed -i "/^\[options\]/a $line" "$file"
	done
}

psql_db() { # psql on the maintenance database with the found server
	psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres "$@"
}

db_exists() {
	[ "$(psql_db -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# Sets ODOO_BIN to Odoo's start script, as production starts Odoo: odoo-bin
# beside the odoo package that $PY imports (a source checkout), else the
# "odoo" console script of a pip install. Not "python -m odoo": in
# multi-worker mode the master spawns the gevent worker as
# "python sys.argv[0] gevent", which fails on odoo/__main__.py (a relative
# import) and is retried forever. Empty when neither exists.
find_odoo_bin() {
	ODOO_BIN=$("$PY" - <<'EOF_PY'
import os, sys
from pathlib import Path
import odoo
candidates = [Path(p).resolve().parent / "odoo-bin" for p in odoo.__path__ if os.path.isdir(p)]
candidates += [Path(sys.executable).parent / name for name in ("odoo", "odoo-bin")]
print(next((str(c) for c in candidates if c.is_file()), ""))
EOF_PY
	)
}

# Odoo's own command line, run by the chosen Python through the start script
# (python -m odoo where no start script exists: fine with workers = 0).
odoo_cmd() {
	[ -n "${ODOO_BIN+set}" ] || find_odoo_bin
	if [ -n "$ODOO_BIN" ]; then
		"$PY" "$ODOO_BIN" "$@"
	else
		"$PY" -m odoo "$@"
	fi
}

# -- Browser (the tours) -----------------------------------------------------

# Sets BROWSER to the Chrome/Chromium that Odoo's browser tests start (the same
# names, in the same order, as odoo.tests.common._find_executable) and checks
# that it starts headless here. Without it Odoo skips every tour in silence.
find_browser() {
	local c
	BROWSER=""
	for c in google-chrome chromium chromium-browser google-chrome-stable; do
		if command -v "$c" >/dev/null 2>&1; then
			BROWSER=$(command -v "$c")
			break
		fi
	done
	if [ -z "$BROWSER" ]; then
		cat >&2 <<'MSG'
ERROR: no Chromium or Chrome on the PATH: the browser tests (tours) cannot run.

Install Debian's or Ubuntu's Chromium and run this script again:

    sudo apt-get install chromium          # Debian (Ubuntu: chromium-browser)

or Google Chrome (google-chrome-stable). Odoo looks for google-chrome,
chromium, chromium-browser and google-chrome-stable on the PATH.
To run the tests without the tours on purpose: TA_NO_BROWSER=1 scripts/test
MSG
		exit 1
	fi
	# a profile of its own: a headless start must not touch a user's profile
	local profile
	profile=$(mktemp -d)
	if ! timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --user-data-dir="$profile" --dump-dom about:blank >/dev/null 2>"$VAR/browser.err"; then
		rm -rf "$profile"
		tail -n 20 "$VAR/browser.err" >&2
		die "$BROWSER does not start headless (see above): the tours cannot run. Reinstall Chromium (apt-get install --reinstall chromium) or set TA_NO_BROWSER=1 to run the tests without the tours."
	fi
	rm -rf "$profile"
}
