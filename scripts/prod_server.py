"""Start Odoo 19 from config/odoo.prod.conf.example, check that it answers, stop it.

Used by scripts/prod_check (on its own) and scripts/loadcheck (around the
load). The production example is used as it is; only the keys that depend on
the machine are replaced (paths, database connection, ports, log file; see
:data:`MACHINE_KEYS`), and the derived file is written under var/. The checks:

- every key of the example is an Odoo 19 option (no "unknown option");
- the master forks the configured HTTP workers, cron workers and the gevent
  (websocket) worker, and several HTTP workers serve ``/web/login`` (200);
- ``/websocket/health`` answers on the gevent port, and a websocket opened
  there with a logged-in session receives a bus notification caused by a
  JSON-RPC call served by an HTTP worker (worker → PostgreSQL NOTIFY →
  gevent worker → browser);
- a cron worker picks up a job woken by ``NOTIFY cron_trigger``;
- SIGTERM stops the master and every child within the timeout, exit code 0.

Run directly (scripts/prod_check does):
    python scripts/prod_server.py --base-conf var/x.conf -d DB [--workers N]
With ``--nodes 2 --plan plan.json``: two servers behind nginx, the load and a
failover (scripts/prod_nodes.py).
"""

import argparse
import configparser
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "odoo.prod.conf.example"
# Keys of the example replaced for a local run: where things are on this machine.
MACHINE_KEYS = (
    "addons_path",
    "data_dir",
    "db_host",
    "db_port",
    "db_user",
    "db_password",
    "db_name",
    "dbfilter",
    "http_interface",
    "http_port",
    "gevent_port",
    "logfile",
)
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<pid>\d+) (?P<level>[A-Z]+) ")
# PostgreSQL errors Odoo retries (odoo.service.model.PG_CONCURRENCY_ERRORS_TO_RETRY)
RETRIED_PG_ERRORS = re.compile(
    r"ERROR: +(could not serialize access|deadlock detected|could not obtain lock)"
)
CRON_XMLID = ("target_assessment", "ir_cron_target_progress_overdue")


class CheckError(Exception):
    """A check of the running server failed."""


class RpcError(Exception):
    """An error answered by Odoo over JSON-RPC: ``name`` is the exception's class."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class Client:
    """One browser-like JSON-RPC session (its own cookie jar) on an Odoo server."""

    def __init__(self, base_url, db, timeout=300):
        self.base_url = base_url
        self.db = db
        self.timeout = timeout
        self.http = requests.Session()
        self.uid = None
        self.login_name = None

    def post(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        response = self.http.post(self.base_url + path, json=payload, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(
                data.get("name", "unknown"), data.get("message") or body["error"].get("message")
            )
        return body.get("result")

    def login(self, login, password):
        result = self.post(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        self.uid = result["uid"]
        self.login_name = login
        return result

    def call(self, model, method, *args, **kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    @property
    def session_id(self):
        return self.http.cookies.get("session_id")


# -- configuration ------------------------------------------------------------


def read_options(path):
    parser = configparser.RawConfigParser()
    parser.read(path)
    return dict(parser.items("options"))


def unknown_options(options):
    """The keys that are not Odoo 19 options (Odoo would only warn about them)."""
    from odoo.tools import config  # noqa: PLC0415

    known = set(config.options_index) | set(getattr(config, "aliases", ()))
    return sorted(key for key in options if key not in known)


_TAKEN_PORTS = set()


def free_port():
    """A free TCP port on 127.0.0.1: any (the system's choice), or one of the
    range ``TA_PORTS=first-last`` (e.g. 8370-8399) on a machine where the
    ports are shared out between people."""
    first, _dash, last = os.environ.get("TA_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        if port in _TAKEN_PORTS:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = sock.getsockname()[1]
        _TAKEN_PORTS.add(port)
        return port
    raise CheckError(f"no free port in TA_PORTS={os.environ['TA_PORTS']}")


def derive_config(base_conf, db, out, *, logfile, workers=None, extra=None):
    """Write ``out``: the production example with the machine's keys from ``base_conf``.

    Returns (options, overridden keys). ``workers`` overrides the example's
    worker count; ``extra`` adds or replaces keys (e.g. an access log).
    """
    options = read_options(EXAMPLE)
    unknown = unknown_options(options)
    if unknown:
        raise CheckError(f"{EXAMPLE.name}: not Odoo 19 options: {', '.join(unknown)}")
    base = read_options(base_conf)
    overrides = {key: base[key] for key in ("addons_path", "data_dir", "db_host", "db_port")}
    overrides.update(
        {
            "db_user": base.get("db_user", ""),
            "db_password": base.get("db_password", ""),
            "db_name": db,
            "dbfilter": f"^{re.escape(db)}$",
            "http_interface": "127.0.0.1",
            "http_port": str(free_port()),
            "gevent_port": str(free_port()),
            "logfile": str(logfile),
        }
    )
    if workers is not None:
        overrides["workers"] = str(workers)
    overrides.update(extra or {})
    merged = dict(options, **overrides)
    lines = [
        f"; derived from {EXAMPLE.relative_to(ROOT)} by scripts/prod_server.py",
        f"; replaced for this machine: {', '.join(sorted(overrides))}",
        "[options]",
        *(f"{key} = {value}" for key, value in merged.items()),
    ]
    # the example's other sections ([queue_job]: the job runner's channels) as they are
    parser = configparser.RawConfigParser()
    parser.read(EXAMPLE)
    for section in parser.sections():
        if section != "options":
            lines += ["", f"[{section}]", *(f"{k} = {v}" for k, v in parser.items(section))]
    Path(out).write_text("\n".join(lines) + "\n")
    return merged, sorted(overrides)


# -- the server ---------------------------------------------------------------


def odoo_bin():
    """Odoo's start script. Not ``python -m odoo``: in multi-worker mode the master
    starts the gevent worker as ``python sys.argv[0] gevent``, which fails when
    ``sys.argv[0]`` is odoo/__main__.py (a relative import)."""
    import odoo  # noqa: PLC0415

    candidates = [Path(path).resolve().parent / "odoo-bin" for path in odoo.__path__]
    candidates += [Path(sys.executable).parent / "odoo", Path(sys.executable).parent / "odoo-bin"]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise CheckError(f"Odoo's start script not found (tried {', '.join(map(str, candidates))})")


def _children(pid):
    """PIDs whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # the command may contain spaces and parentheses: parse after the last ")"
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return False


class Server:
    """An Odoo master process started from a configuration file, in its own session."""

    def __init__(self, python, conf, options, db, stdout_path, *, extra_args=()):
        self.python = python
        self.extra_args = list(extra_args)
        self.conf = conf
        self.options = options
        self.db = db
        self.stdout_path = stdout_path
        self.logfile = Path(options["logfile"])
        self.http_port = int(options["http_port"])
        self.gevent_port = int(options["gevent_port"])
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.process = None
        self.pids = {}
        self.started_at = None

    def start(self, timeout=180):
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        self.logfile.write_text("")
        with open(self.stdout_path, "w") as out:
            self.process = subprocess.Popen(
                [self.python, odoo_bin(), "-c", str(self.conf), *self.extra_args],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started_at = time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CheckError(
                    f"Odoo exited with {self.process.returncode} at start; see {self.logfile}"
                )
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.base_url + "/web/health", timeout=5).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise CheckError(f"Odoo did not answer /web/health within {timeout} s")
        self._wait_for_processes(deadline)
        return self

    def log_lines(self):
        return [line.rstrip() for line in self.logfile.read_text(errors="replace").splitlines()]

    def _wait_for_processes(self, deadline):
        workers = int(self.options.get("workers", 0))
        crons = int(self.options.get("max_cron_threads", 0))
        while time.monotonic() < deadline:
            http, cron, gevent = set(), set(), set()
            for line in self.log_lines():
                match = LOG_LINE.match(line)
                if not match:
                    continue
                pid = int(match["pid"])
                if "Worker WorkerHTTP (" in line and line.endswith("alive"):
                    http.add(pid)
                elif "Worker WorkerCron (" in line and line.endswith("alive"):
                    cron.add(pid)
                elif "Evented Service (longpolling) running" in line:
                    gevent.add(pid)
            if len(http) >= workers and len(cron) >= crons and gevent:
                self.pids = {"http": http, "cron": cron, "gevent": gevent}
                return
            time.sleep(0.5)
        raise CheckError(
            f"expected {workers} HTTP workers, {crons} cron workers and the gevent worker "
            f"in the log, found {len(http)}, {len(cron)} and {len(gevent)}"
        )

    def all_pids(self):
        return {self.process.pid, *_children(self.process.pid)}

    def stop(self, timeout=60):
        """SIGTERM to the master; returns (exit code, seconds, leftover pids)."""
        if not self.process or self.process.poll() is not None:
            return (self.process.returncode if self.process else None), 0.0, []
        pids = self.all_pids()
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        while time.monotonic() - started < timeout and any(_alive(p) for p in pids):
            time.sleep(0.2)
        leftover = sorted(p for p in pids if _alive(p))
        seconds = time.monotonic() - started
        if code is None or leftover:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        return code, seconds, leftover

    def kill(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def conflicts(self):
        """Concurrency conflicts Odoo retried, and requests that gave up, from the log."""
        retried, gave_up, errors = {}, 0, []
        lines = self.log_lines()
        for index, line in enumerate(lines):
            match = re.search(r"INFO \S+ odoo\.service\.model: (\w+), \d+ tries left", line)
            if match:
                retried[match[1]] = retried.get(match[1], 0) + 1
            elif "maximum number of tries reached" in line:
                gave_up += 1
            elif re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line):
                # odoo.sql_db logs the statement a conflict aborted at ERROR, then the
                # request is retried (counted above): not an error of its own
                following = " ".join(lines[index + 1 : index + 3])
                if "odoo.sql_db: bad query" in line and RETRIED_PG_ERRORS.search(following):
                    continue
                errors.append(line)
        return retried, gave_up, errors


# -- checks -------------------------------------------------------------------


def _served_by(server, path, since_line):
    """PIDs of the processes whose access-log lines show ``path`` after ``since_line``."""
    pids = set()
    for line in server.log_lines()[since_line:]:
        match = LOG_LINE.match(line)
        if match and "werkzeug:" in line and f'"GET {path} ' in line and '" 200 ' in line:
            pids.add(int(match["pid"]))
    return pids


def check_http_workers(server, rounds=3):
    """Concurrent GET /web/login: all 200, and more than one worker served them."""
    workers = int(server.options.get("workers", 0))
    start_line = len(server.log_lines())
    codes = []
    lock = threading.Lock()

    def fetch():
        code = requests.get(server.base_url + "/web/login", timeout=60).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=fetch) for _ in range(max(workers, 2) * rounds)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bad = [code for code in codes if code != 200]
    if bad:
        raise CheckError(f"/web/login answered {bad}")
    time.sleep(0.5)  # let the access lines reach the log
    served = _served_by(server, "/web/login", start_line)
    if workers > 1 and len(served) < 2:
        raise CheckError(f"/web/login was served by {len(served)} worker(s) only: {served}")
    if not served <= server.pids["http"]:
        raise CheckError(f"/web/login served by processes that are not HTTP workers: {served}")
    return {"requests": len(codes), "workers_serving": len(served)}


def check_websocket(server, admin):
    """A bus notification from an HTTP worker reaches a websocket on the gevent port."""
    health = requests.get(
        f"http://127.0.0.1:{server.gevent_port}/websocket/health", timeout=30
    ).json()
    if health.get("status") != "pass":
        raise CheckError(f"/websocket/health on the gevent port answered {health}")
    url = f"ws://127.0.0.1:{server.gevent_port}/websocket?version=19.0-2"
    ws = websocket.create_connection(
        url,
        cookie=f"session_id={admin.session_id}",
        origin=server.base_url,
        timeout=30,
    )
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        time.sleep(1.0)  # the subscription is processed before the notification is sent
        partner = admin.call("res.users", "read", [admin.uid], ["partner_id"])[0]["partner_id"][0]
        model_id = admin.call("ir.model", "search", [("model", "=", "res.partner")])[0]
        started = time.monotonic()
        activity = admin.call(
            "mail.activity",
            "create",
            {
                "res_model_id": model_id,
                "res_id": partner,
                "user_id": admin.uid,
                "summary": "prod_check websocket probe",
            },
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ws.settimeout(max(deadline - time.monotonic(), 0.1))
            try:
                frame = ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            for note in json.loads(frame) if frame else []:
                if note.get("message", {}).get("type") == "mail.activity/updated":
                    admin.call("mail.activity", "unlink", [activity])
                    return {"notification_seconds": round(time.monotonic() - started, 2)}
        raise CheckError("no bus notification reached the websocket within 30 s")
    finally:
        ws.close()


def check_cron(server, admin, psql, timeout=120):
    """Wake the cron workers (NOTIFY cron_trigger) for a due job; one of them runs it."""
    xmlid = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", CRON_XMLID[0]), ("name", "=", CRON_XMLID[1])],
        ["res_id"],
    )
    if not xmlid:
        raise CheckError(f"cron {'.'.join(CRON_XMLID)} not found")
    cron_id = xmlid[0]["res_id"]
    before = admin.call("ir.cron", "read", [cron_id], ["lastcall"])[0]["lastcall"]
    admin.call("ir.cron", "write", [cron_id], {"nextcall": "2000-01-01 00:00:00"})
    started = time.monotonic()
    psql("postgres", f"NOTIFY cron_trigger, '{server.db}'")
    while time.monotonic() - started < timeout:
        lastcall = admin.call("ir.cron", "read", [cron_id], ["lastcall"])[0]["lastcall"]
        if lastcall and lastcall != before:
            break
        time.sleep(1)
    else:
        raise CheckError(f"no cron worker ran the job within {timeout} s")
    ran_by = set()
    for line in server.log_lines():
        match = LOG_LINE.match(line)
        if match and "odoo.addons.base.models.ir_cron: Job" in line and f"({cron_id})" in line:
            ran_by.add(int(match["pid"]))
    if not ran_by or not ran_by <= server.pids["cron"]:
        raise CheckError(f"the job ran in {ran_by}, not in a cron worker {server.pids['cron']}")
    return {"cron_seconds": round(time.monotonic() - started, 1)}


def make_psql(options):
    """A function running one SQL statement with psql on the configured server."""

    def psql(database, sql):
        command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-tAc", sql]
        for key, flag in (("db_host", "-h"), ("db_port", "-p"), ("db_user", "-U")):
            if options.get(key) and options[key] != "False":
                command[1:1] = [flag, options[key]]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    return psql


def check_server(server, admin_login="admin", admin_password="admin"):
    """All the checks of a started server; returns their measurements."""
    results = {
        "processes": {kind: len(pids) for kind, pids in server.pids.items()},
        "started_seconds": round(time.monotonic() - server.started_at, 1),
    }
    results.update(check_http_workers(server))
    admin = Client(server.base_url, server.db)
    admin.login(admin_login, admin_password)
    results.update(check_websocket(server, admin))
    results.update(check_cron(server, admin, make_psql(server.options)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base-conf", required=True, help="configuration with this machine's keys")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--workers", type=int, default=None, help="default: the example's")
    parser.add_argument("--run-dir", required=True, help="where the derived files go")
    parser.add_argument(
        "--nodes", type=int, default=1, help="servers behind nginx (scripts/prod_nodes.py)"
    )
    parser.add_argument("--plan", help="with --nodes > 1: the load plan (loadcheck.py prepare)")
    args = parser.parse_args()
    if args.nodes > 1 and not args.plan:
        parser.error("--nodes needs --plan")

    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "odoo.prod.conf"
    try:
        options, replaced = derive_config(
            args.base_conf,
            args.database,
            conf,
            logfile=run_dir / "odoo.log",
            workers=args.workers,
            extra={"log_handler": ":INFO"},  # keep werkzeug's access lines: who served what
        )
    except CheckError as exc:
        print(f"prod_check: FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"prod_check: {EXAMPLE.relative_to(ROOT)} -> {conf}; replaced: {', '.join(replaced)}")
    if args.nodes > 1:
        from prod_nodes import run_nodes  # noqa: PLC0415

        return run_nodes(
            sys.executable,
            conf,
            options,
            args.database,
            run_dir=run_dir,
            plan_path=args.plan,
            count=args.nodes,
        )
    server = Server(sys.executable, conf, options, args.database, run_dir / "odoo.stdout")
    failed = None
    results = {}
    try:
        server.start()
        results = check_server(server)
    except (CheckError, RpcError, requests.RequestException, websocket.WebSocketException) as exc:
        failed = exc
    finally:
        code, seconds, leftover = server.stop()
    results.update({"stop_exit_code": code, "stop_seconds": round(seconds, 1)})
    # "unknown option", "isn't a boolean option"...: the file says something Odoo ignores
    unknown = [line for line in server.log_lines() if " WARNING ? odoo.tools.config:" in line]
    _retried, _gave_up, errors = server.conflicts()
    print("prod_check: " + json.dumps(results, sort_keys=True))
    problems = []
    if failed:
        problems.append(str(failed))
    if code != 0 or leftover:
        problems.append(f"stop: exit code {code}, processes left {leftover}")
    if unknown:
        problems.append(f"configuration warnings: {unknown}")
    if errors:
        problems.append(f"{len(errors)} ERROR lines in {server.logfile}: {errors[:3]}")
    for problem in problems:
        print(f"prod_check: FAILED: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"prod_check: OK: {options['workers']} HTTP workers, {options['max_cron_threads']} "
            f"cron worker(s) and the gevent worker answered; stopped cleanly in "
            f"{results['stop_seconds']} s"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
