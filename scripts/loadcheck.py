"""Load check: concurrent progress submissions and approvals on a multi-worker Odoo.

Two steps, run by scripts/loadcheck:

``prepare`` (in-process, on a database with both addons): the demo city, the
current cycle's monthly periods, its mid-year evaluations, and the people of
the load: for each of the chosen units a reporting clerk (the demo's
``county_user`` and ``dept_user`` for their units) and two unit leaders
(``county_leader``/``dept_leader`` plus one more), three office users and the
demo's two assessors. Writes the plan of the load to a JSON file.

``run``: starts Odoo from config/odoo.prod.conf.example with several HTTP
workers, its cron worker and the gevent worker (scripts/prod_server.py checks
them), then plays four phases from concurrent clients, each a separate
JSON-RPC session (``/web/session/authenticate``, ``/web/dataset/call_kw``):

1. submit — every clerk creates its unit's progress reports (some with an
   evidence file) and submits them;
2. review — office users and assessors accept (or return, about one in ten)
   them, while pairs of reviewers deliberately act on the SAME report at
   the same instant (accept + accept, accept + return);
3. resubmit — the clerks resubmit the returned reports, the office accepts;
4. tiers — the clerks submit their units' mid-year evaluations; both leaders
   of each unit approve the same evaluation at once, then two office users
   approve it at once.

Then it stops the server and checks the database: every report a client
created exists once, every submission that succeeded is there, no report or
tier was approved twice (client answers, state tracking, review records,
"review accepted" messages), each race has one winner and the database
records that winner, every evidence file is in the filestore with its
checksum. Prints throughput, latency percentiles, the conflicts Odoo retried
(from its log) and the errors, and exits 1 on anything lost, doubled or
unexpected.
"""

import argparse
import base64
import hashlib
import json
import logging
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import psycopg2
import requests
from prod_server import (
    CheckError,
    Client,
    RpcError,
    Server,
    check_server,
    derive_config,
)

_logger = logging.getLogger("loadcheck")

# Errors a client may get when it loses a race: the workflow refuses the
# second transition (after Odoo retried the conflicting transaction).
REFUSALS = {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
ACCEPTED_SUBTYPE = "base_tier_validation.mt_tier_validation_accepted"


# -- prepare ------------------------------------------------------------------


def prepare(args):
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=True)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        plan = _prepare(env, args)
    Path(args.plan).write_text(json.dumps(plan, indent=1, ensure_ascii=False))
    _logger.info(
        "load plan: %s units, %s reports, %s reviewers -> %s",
        len(plan["units"]),
        sum(len(u["goals"]) for u in plan["units"]) * len(plan["periods"]),
        len(plan["office"]) + len(plan["assessors"]),
        args.plan,
    )


def create_users(Users, vals_list):
    """One user at a time: password_security checks the password of one user only."""
    return Users.browse([Users.create(vals).id for vals in vals_list])


def clear_reports(env, goal_ids, period_ids):
    """Delete the progress reports of ``goal_ids`` for ``period_ids`` (the goals' actuals
    follow): the periods the load reports on start empty."""
    reports = (
        env["target.progress"]
        .sudo()
        .search([("goal_id", "in", goal_ids), ("period_id", "in", period_ids)])
    )
    reports.unlink()
    return len(reports)


def _prepare(env, args):
    from odoo import Command  # noqa: PLC0415

    from odoo.addons.target_assessment.demo_city import generate  # noqa: PLC0415

    if "target.login.event" in env:
        # a load database: passwords = logins, no second factor (docs/admin_guide.md)
        env["res.users"]._target_relax_for_demo()
    today = date.today()
    # the periods reported must have started: in the first months, load last year
    year = today.year if today.month > args.periods + args.spare_periods else today.year - 1
    generate(env, scale=1, year=year)
    cycle = env["target.cycle"].search(
        [("year", "=", year), ("organizer_unit_id.parent_id", "=", False)]  # the city's
    )
    if cycle.phase != "execution":
        cycle.phase = "execution"
    cycle.action_generate_periods()
    started = cycle.period_ids.filtered(lambda p: p.date_start <= today).sorted("date_start")
    periods = started[: args.periods]
    # periods no load reports: for a second load on the same database (the failover
    # of scripts/prod_check --nodes 2)
    spare = started[args.periods : args.periods + args.spare_periods]
    cycle.action_preview_midyear()

    Users = env["res.users"].with_context(no_reset_password=True)
    group = {
        name: env.ref(f"target_assessment.group_{name}")
        for name in ("unit_user", "unit_leader", "office", "assessor")
    }
    demo = {u.login: u for u in Users.search([("login", "in", ["county_user", "dept_user"])])}
    demo_leaders = {
        u.login: u for u in Users.search([("login", "in", ["county_leader", "dept_leader"])])
    }
    Goal = env["target.goal"]

    def reporting_goals(unit):
        goals = Goal.search(
            [("cycle_id", "=", cycle.id), ("unit_id", "=", unit.id), ("state", "=", "approved")],
            order="id",
        )
        return goals.filtered(lambda g: g._reports_itself())

    # demo units first, then counties and departments by code
    demo_units = [demo[login].target_unit_ids[:1] for login in ("county_user", "dept_user")]
    others = env["target.unit"].search(
        [
            ("category_id.code", "in", ["county", "department"]),
            ("id", "not in", [u.id for u in demo_units]),
        ],
        order="code",
    )
    evaluations = {
        e.unit_id: e
        for e in env["target.evaluation"].search(
            [("cycle_id", "=", cycle.id), ("stage", "=", "midyear")]
        )
    }
    units = []
    for unit in [*demo_units, *others]:
        if len(units) >= args.units:
            break
        goals = reporting_goals(unit)[: args.goals]
        if len(goals) < args.goals or unit not in evaluations:
            continue
        index = len(units) + 1
        clerk = next((u for u in demo.values() if u.target_unit_ids[:1] == unit), None)
        leader = next((u for u in demo_leaders.values() if u.target_unit_ids[:1] == unit), None)
        new = []
        if not clerk:
            new.append((f"lc_clerk_{index}", group["unit_user"]))
        if not leader:
            new.append((f"lc_leader_{index}a", group["unit_leader"]))
        new.append((f"lc_leader_{index}b", group["unit_leader"]))
        created = create_users(
            Users,
            [
                {
                    "login": login,
                    "password": login,  # like the demo users
                    "name": f"{unit.name} {login}",
                    "group_ids": [Command.link(grp.id)],
                    "target_unit_ids": [Command.set(unit.ids)],
                }
                for login, grp in new
            ],
        )
        by_login = {u.login: u for u in created}
        clerk = clerk or by_login[f"lc_clerk_{index}"]
        leader = leader or by_login[f"lc_leader_{index}a"]
        leaders = [leader.login, f"lc_leader_{index}b"]
        evaluation = evaluations[unit]
        reviewers = set(evaluation.leader_user_ids.mapped("login"))
        if not set(leaders) <= reviewers:
            raise CheckError(f"{unit.name}: leaders {leaders} are not its reviewers {reviewers}")
        units.append(
            {
                "unit": unit.id,
                "name": unit.name,
                "clerk": clerk.login,
                "leaders": leaders,
                "evaluation": evaluation.id,
                "goals": [{"id": g.id, "assessor_unit": g.assessor_unit_id.id} for g in goals],
            }
        )
    if len(units) < args.units:
        raise CheckError(f"only {len(units)} units have {args.goals} reporting goals")
    # the demo city comes with a year of progress: the load reports its periods anew
    clear_reports(env, [g["id"] for u in units for g in u["goals"]], (periods | spare).ids)

    office = ["office"]
    extra = create_users(
        Users,
        [
            {
                "login": f"lc_office_{i}",
                "password": f"lc_office_{i}",
                "name": f"考核办 lc_office_{i}",
                "group_ids": [Command.link(group["office"].id)],
            }
            for i in (2, 3)
        ],
    )
    office += extra.mapped("login")
    assessors = {
        u.login: u.target_unit_ids.ids
        for u in Users.search([("login", "in", ["assessor_stats", "assessor_env"])])
    }
    return {
        "database": env.cr.dbname,
        "cycle": cycle.id,
        "year": year,
        "periods": periods.ids,
        "spare_periods": spare.ids,
        "units": units,
        "office": office,
        "assessors": assessors,
        "seed": args.seed,
    }


# -- the load -----------------------------------------------------------------


class Recorder:
    """Every call of every client: phase, operation, seconds, outcome."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = []  # (phase, op, seconds, outcome, error name, message)
        self.phase_time = {}

    def record(self, phase, op, seconds, outcome, *, error=None, message=None):
        with self.lock:
            self.calls.append((phase, op, seconds, outcome, error, message))

    def timed(self, phase, op, fn, *, race=False):
        """Run ``fn``; returns (ok, result). In a race, a workflow refusal is expected."""
        started = time.perf_counter()
        try:
            result = fn()
        except RpcError as exc:
            outcome = "refused" if race and exc.name in REFUSALS else "error"
            self.record(
                phase,
                op,
                time.perf_counter() - started,
                outcome,
                error=exc.name,
                message=exc.message,
            )
            return False, exc
        except (requests.RequestException, ValueError) as exc:
            self.record(
                phase,
                op,
                time.perf_counter() - started,
                "error",
                error=type(exc).__name__,
                message=str(exc),
            )
            return False, exc
        self.record(phase, op, time.perf_counter() - started, "ok")
        return True, result


class Load:
    def __init__(self, plan, server, recorder, args):
        self.plan = plan
        self.server = server
        self.rec = recorder
        self.args = args
        self.rng = random.Random(plan["seed"])
        self.lock = threading.Lock()
        self.reports = {}  # id -> {goal, period, unit, submits, reviews: [(login, op)]}
        self.attachments = {}  # attachment id -> (report id, sha1)
        self.tier_wins = defaultdict(list)  # (evaluation, tier) -> logins that succeeded
        self.duels = []  # (report id, kind, [(login, op, ok)])
        self.unit_by_id = {u["unit"]: u for u in plan["units"]}
        self.phase = None
        self._ready = None

    def run_threads(self, targets):
        """One thread per callable; each logs in (``client``), then all start together.

        The phase's work time runs from the moment the last client is logged in
        to the end of the last thread: logins (slow on purpose: password hashing)
        are timed apart. Re-raises the first crash of a thread (a bug of the load).
        """
        if not targets:
            return
        crashes = []
        started = {}
        self._ready = threading.Barrier(
            len(targets), action=lambda: started.setdefault("at", time.perf_counter())
        )

        def guard(fn):
            try:
                fn()
            except Exception as exc:  # a bug of the load itself, not of the server
                crashes.append(exc)
                self._ready.abort()
                _logger.exception("client crashed")

        threads = [threading.Thread(target=guard, args=(fn,)) for fn in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if crashes:
            raise crashes[0]
        work = time.perf_counter() - started.get("at", time.perf_counter())
        self.rec.phase_time[self.phase] = self.rec.phase_time.get(self.phase, 0.0) + work

    def client(self, login, phase):
        """A new session logged in as ``login``; waits for the other clients of the phase."""
        client = Client(self.server.base_url, self.plan["database"])
        ok, result = self.rec.timed(phase, "login", lambda: client.login(login, login))
        if not ok:
            raise CheckError(f"{login} cannot log in: {result}")
        self._ready.wait(timeout=600)
        return client

    # phase 1: create and submit
    def submit_phase(self):
        def clerk(unit):
            client = self.client(unit["clerk"], "submit")
            for period in self.plan["periods"]:
                for n, goal in enumerate(unit["goals"]):
                    vals = {
                        "goal_id": goal["id"],
                        "period_id": period,
                        "value": round(self.rng.uniform(1, 100), 2),
                        "narrative": f"负载检查：第{period}期进度说明",
                    }
                    if n % 4 == 0:  # one report in four carries an evidence file
                        content = f"佐证材料 goal {goal['id']} period {period} {time.time()}"
                        data = content.encode()
                        ok, att = self.rec.timed(
                            "submit",
                            "attach",
                            lambda d=data: client.call(
                                "ir.attachment",
                                "create",
                                {
                                    "name": "佐证材料.txt",
                                    "datas": base64.b64encode(d).decode(),
                                    "mimetype": "text/plain",
                                },
                            ),
                        )
                        if ok:
                            vals["attachment_ids"] = [[6, 0, [att]]]
                    ok, report = self.rec.timed(
                        "submit",
                        "create",
                        lambda v=vals: client.call("target.progress", "create", v),
                    )
                    if not ok:
                        continue
                    with self.lock:
                        self.reports[report] = {
                            "goal": goal["id"],
                            "assessor_unit": goal["assessor_unit"],
                            "period": period,
                            "unit": unit["unit"],
                            "submits": 0,
                            "reviews": [],
                        }
                        if "attachment_ids" in vals:
                            self.attachments[vals["attachment_ids"][0][2][0]] = (
                                report,
                                hashlib.sha1(data).hexdigest(),
                            )
                    ok, _r = self.rec.timed(
                        "submit",
                        "submit",
                        lambda r=report: client.call("target.progress", "action_submit", [r]),
                    )
                    if ok:
                        with self.lock:
                            self.reports[report]["submits"] += 1

        self.run_threads([lambda u=u: clerk(u) for u in self.plan["units"]])

    def _reviewers_of(self, report):
        """Who may review ``report``: the office, and the assessor of its indicator."""
        who = list(self.plan["office"])
        who += [
            login
            for login, units in self.plan["assessors"].items()
            if self.reports[report]["assessor_unit"] in units
        ]
        return who

    def _review(self, client, phase, report, op, race=False):
        if op == "accept":
            args = ("target.progress", "action_accept", [report])
        else:
            args = ("target.progress", "action_return", [report], "负载检查：请补充佐证材料")
        ok, _r = self.rec.timed(phase, op, lambda: client.call(*args), race=race)
        if ok:
            with self.lock:
                self.reports[report]["reviews"].append((client.login_name, op))
        return ok

    # phase 2: review, with races on the same report
    def review_phase(self):
        submitted = sorted(r for r, info in self.reports.items() if info["submits"])
        self.rng.shuffle(submitted)
        duel_reports = submitted[: self.args.duels]
        queues = defaultdict(list)
        for report in submitted[self.args.duels :]:
            op = "return" if self.rng.random() < self.args.return_share else "accept"
            who = self._reviewers_of(report)
            # assessors review what they may; the office spreads over its users
            login = who[-1] if len(who) > len(self.plan["office"]) else self.rng.choice(who)
            queues[login].append((report, op))

        def reviewer(login, items):
            client = self.client(login, "review")
            for report, op in items:
                self._review(client, "review", report, op)

        # duels: two threads walk the same list in step, one barrier per race
        pairs = defaultdict(list)
        for n, report in enumerate(duel_reports):
            who = self._reviewers_of(report)
            kind = ("accept", "accept") if n % 2 == 0 else ("accept", "return")
            if len(who) > len(self.plan["office"]):
                a, b = self.plan["office"][n % len(self.plan["office"])], who[-1]
            else:
                a, b = self.plan["office"][0], self.plan["office"][1]
            pairs[(a, b)].append((report, kind))

        def duelist(login, side, items, barrier):
            client = self.client(login, "review")
            for report, kind in items:
                barrier.wait(timeout=600)
                ok = self._review(client, "review", report, kind[side], race=True)
                with self.lock:
                    self.duels.append((report, "+".join(kind), login, kind[side], ok))

        targets = [lambda lg=lg, it=it: reviewer(lg, it) for lg, it in queues.items()]
        for (a, b), items in pairs.items():
            barrier = threading.Barrier(2)
            targets.append(lambda a=a, it=items, br=barrier: duelist(a, 0, it, br))
            targets.append(lambda b=b, it=items, br=barrier: duelist(b, 1, it, br))
        self.run_threads(targets)

    # phase 3: resubmit what was returned, the office accepts it
    def resubmit_phase(self):
        returned = defaultdict(list)
        for report, info in self.reports.items():
            if info["reviews"] and info["reviews"][-1][1] == "return":
                returned[info["unit"]].append(report)

        def clerk(unit, reports):
            client = self.client(self.unit_by_id[unit]["clerk"], "resubmit")
            for report in reports:
                ok, _r = self.rec.timed(
                    "resubmit",
                    "edit",
                    lambda r=report: client.call(
                        "target.progress",
                        "write",
                        [r],
                        {"narrative": "负载检查：已补充佐证材料"},
                    ),
                )
                ok, _r = self.rec.timed(
                    "resubmit",
                    "submit",
                    lambda r=report: client.call("target.progress", "action_submit", [r]),
                )
                if ok:
                    with self.lock:
                        self.reports[report]["submits"] += 1

        self.run_threads([lambda u=u, r=r: clerk(u, r) for u, r in returned.items()])
        again = sorted(r for reports in returned.values() for r in reports)
        office = self.plan["office"]

        def accept(login, reports):
            client = self.client(login, "resubmit")
            for report in reports:
                self._review(client, "resubmit", report, "accept")

        self.run_threads(
            [lambda lg=lg, i=i: accept(lg, again[i :: len(office)]) for i, lg in enumerate(office)]
        )

    # phase 4: tier approvals of the mid-year evaluations, each tier raced by two
    def tier_phase(self):
        units = self.plan["units"]

        def submit(unit):
            client = self.client(unit["clerk"], "tiers")
            self.rec.timed(
                "tiers",
                "submit",
                lambda: client.call("target.evaluation", "action_submit", [unit["evaluation"]]),
            )

        self.run_threads([lambda u=u: submit(u) for u in units])

        def approve(login, evaluation, tier, barrier):
            client = self.client(login, "tiers")
            barrier.wait(timeout=600)
            ok, _r = self.rec.timed(
                "tiers",
                f"approve_{tier}",
                lambda: client.call("target.evaluation", "validate_tier", [evaluation]),
                race=True,
            )
            if ok:
                with self.lock:
                    self.tier_wins[(evaluation, tier)].append(login)

        targets = []
        for unit in units:
            barrier = threading.Barrier(2)
            for login in unit["leaders"]:
                targets.append(
                    lambda lg=login, u=unit, br=barrier: approve(lg, u["evaluation"], "leader", br)
                )
        self.run_threads(targets)
        office = self.plan["office"]
        targets = []
        for n, unit in enumerate(units):
            barrier = threading.Barrier(2)
            for login in (office[n % len(office)], office[(n + 1) % len(office)]):
                targets.append(
                    lambda lg=login, u=unit, br=barrier: approve(lg, u["evaluation"], "office", br)
                )
        self.run_threads(targets)

    def run(self):
        for name, phase in (
            ("submit", self.submit_phase),
            ("review", self.review_phase),
            ("resubmit", self.resubmit_phase),
            ("tiers", self.tier_phase),
        ):
            self.phase = name
            phase()
            _logger.info(
                "phase %s: %.1f s of work after the logins", name, self.rec.phase_time[name]
            )


# -- verification -------------------------------------------------------------


def verify(load, options, filestore):
    """Check the database after the load; returns a dict of findings (empty lists = fine)."""
    conn = psycopg2.connect(
        dbname=load.plan["database"],
        host=options.get("db_host") or None,
        port=options.get("db_port") or None,
        user=options.get("db_user") or None,
    )
    found = {}
    with conn, conn.cursor() as cr:
        ids = sorted(load.reports)
        cr.execute(
            "SELECT id, goal_id, period_id, state, reviewed_by_id FROM target_progress"
            " WHERE id = ANY(%s)",
            [ids],
        )
        rows = {row[0]: row[1:] for row in cr.fetchall()}
        found["lost_reports"] = [r for r in ids if r not in rows]
        found["lost_submissions"] = [
            r
            for r, info in load.reports.items()
            if info["submits"] and r in rows and rows[r][2] == "draft"
        ]
        cr.execute(
            "SELECT goal_id, period_id, count(*) FROM target_progress WHERE goal_id = ANY(%s)"
            " AND period_id = ANY(%s) GROUP BY 1, 2 HAVING count(*) > 1",
            [
                sorted({info["goal"] for info in load.reports.values()}),
                load.plan["periods"],
            ],
        )
        found["duplicate_reports"] = cr.fetchall()
        found["not_accepted"] = [r for r in ids if r in rows and rows[r][2] != "accepted"]

        # state changes from the chatter's tracking values
        tracked = _tracked_states(cr, "target.progress", ids)
        users = _user_ids(cr)
        double, mismatch = [], []
        for report, info in load.reports.items():
            accepts = [login for login, op in info["reviews"] if op == "accept"]
            reviews = len(info["reviews"])
            into_accepted = tracked[report].count("accepted")
            into_submitted = tracked[report].count("submitted")
            if len(accepts) > 1 or reviews > info["submits"] or into_accepted > 1:
                double.append((report, info["reviews"], tracked[report]))
            if into_submitted != info["submits"]:
                mismatch.append((report, "submissions", info["submits"], into_submitted))
            if accepts and report in rows and rows[report][3] != users.get(accepts[-1]):
                mismatch.append((report, "reviewed_by_id", accepts[-1], rows[report][3]))
        found["double_progress_approvals"] = double

        # the tiers of the evaluations
        evaluations = [u["evaluation"] for u in load.plan["units"]]
        cr.execute(
            "SELECT res_id, status, done_by FROM tier_review"
            " WHERE model = 'target.evaluation' AND res_id = ANY(%s) ORDER BY sequence",
            [evaluations],
        )
        reviews = defaultdict(list)
        for res_id, status, done_by in cr.fetchall():
            reviews[res_id].append((status, done_by))
        cr.execute(
            "SELECT m.res_id, count(*) FROM mail_message m"
            " JOIN mail_message_subtype s ON s.id = m.subtype_id"
            " JOIN ir_model_data d ON d.model = 'mail.message.subtype' AND d.res_id = s.id"
            " WHERE m.model = 'target.evaluation' AND m.res_id = ANY(%s)"
            " AND d.module || '.' || d.name = %s GROUP BY 1",
            [evaluations, ACCEPTED_SUBTYPE],
        )
        accepted_messages = dict(cr.fetchall())
        cr.execute(
            "SELECT id, state FROM target_evaluation WHERE id = ANY(%s)",
            [evaluations],
        )
        states = dict(cr.fetchall())
        tracked_eval = _tracked_states(cr, "target.evaluation", evaluations)
        double_tiers = []
        for evaluation in evaluations:
            tiers = reviews[evaluation]
            wins = {tier: load.tier_wins[(evaluation, tier)] for tier in ("leader", "office")}
            if (
                len(tiers) != 2
                or any(len(w) != 1 for w in wins.values())
                or accepted_messages.get(evaluation, 0) != len(tiers) - 1
                or tracked_eval[evaluation].count("approved") != 1
            ):
                double_tiers.append(
                    {
                        "evaluation": evaluation,
                        "reviews": tiers,
                        "client_wins": wins,
                        "accepted_messages": accepted_messages.get(evaluation, 0),
                        "tracked": tracked_eval[evaluation],
                    }
                )
            elif [done_by for _s, done_by in tiers] != [
                users.get(wins["leader"][0]),
                users.get(wins["office"][0]),
            ]:
                mismatch.append((evaluation, "done_by", wins, tiers))
            if states.get(evaluation) != "approved":
                found["not_accepted"].append(("evaluation", evaluation, states.get(evaluation)))
        found["double_tier_approvals"] = double_tiers
        found["winner_mismatch"] = mismatch

        # evidence files: in the filestore, with their checksum, linked to their report
        cr.execute(
            "SELECT a.id, a.checksum, a.store_fname, r.progress_id FROM ir_attachment a"
            " LEFT JOIN target_progress_ir_attachment_rel r ON r.attachment_id = a.id"
            " WHERE a.id = ANY(%s)",
            [sorted(load.attachments)],
        )
        stored = {row[0]: row[1:] for row in cr.fetchall()}
        bad_files = []
        for att, (report, sha1) in load.attachments.items():
            checksum, fname, linked = stored.get(att, (None, None, None))
            path = Path(filestore) / (fname or "missing")
            ok_file = path.is_file() and hashlib.sha1(path.read_bytes()).hexdigest() == sha1
            if checksum != sha1 or linked != report or not ok_file:
                bad_files.append((att, report, checksum, fname, linked))
        found["bad_files"] = bad_files
    conn.close()
    return found


def _tracked_states(cr, model, ids):
    """The states each record entered, in order, by the chatter's tracking values."""
    cr.execute(
        "SELECT s.value, s.name FROM ir_model_fields_selection s"
        " JOIN ir_model_fields f ON f.id = s.field_id WHERE f.model = %s AND f.name = 'state'",
        [model],
    )
    label_to_value = {}
    for value, names in cr.fetchall():
        for label in (names or {}).values():
            label_to_value[label] = value
    cr.execute(
        "SELECT m.res_id, v.new_value_char FROM mail_tracking_value v"
        " JOIN mail_message m ON m.id = v.mail_message_id"
        " JOIN ir_model_fields f ON f.id = v.field_id"
        " WHERE m.model = %s AND m.res_id = ANY(%s) AND f.model = %s AND f.name = 'state'"
        " ORDER BY m.id, v.id",
        [model, ids, model],
    )
    states = defaultdict(list)
    for res_id, label in cr.fetchall():
        states[res_id].append(label_to_value.get(label, label))
    return states


def _user_ids(cr):
    cr.execute("SELECT login, id FROM res_users")
    return dict(cr.fetchall())


# -- report -------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summarize(load, server_info, conflicts, found):
    recorder = load.rec
    calls = recorder.calls
    lines = [f"load check: server checks: {json.dumps(server_info)}"]
    total_time = sum(recorder.phase_time.values())
    lines.append(
        f"{'phase':<9} {'op':<16} {'calls':>6} {'ok':>5} {'refused':>7} {'errors':>6} "
        f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    by_op = defaultdict(list)
    for phase, op, seconds, outcome, _error, _message in calls:
        by_op[(phase, op)].append((seconds, outcome))
    for (phase, op), items in by_op.items():
        ms = [s * 1000 for s, _o in items]
        outcomes = Counter(o for _s, o in items)
        lines.append(
            f"{phase:<9} {op:<16} {len(items):>6} {outcomes['ok']:>5} {outcomes['refused']:>7} "
            f"{outcomes['error']:>6} {percentile(ms, 0.5):>7.0f} {percentile(ms, 0.9):>7.0f} "
            f"{percentile(ms, 0.99):>7.0f} {max(ms):>7.0f}"
        )
    work = [c for c in calls if c[1] != "login"]
    for phase, seconds in recorder.phase_time.items():
        count = sum(1 for c in work if c[0] == phase)
        lines.append(
            f"phase {phase}: {count} workflow requests in {seconds:.1f} s = "
            f"{count / seconds:.1f}/s (after its logins)"
        )
    work_ms = [c[2] * 1000 for c in work]
    login_ms = [c[2] * 1000 for c in calls if c[1] == "login"]
    lines.append(
        f"overall: {len(work)} workflow requests in {total_time:.1f} s = "
        f"{len(work) / total_time:.1f} requests/s; latency p50 {percentile(work_ms, 0.5):.0f} ms, "
        f"p90 {percentile(work_ms, 0.9):.0f} ms, p99 {percentile(work_ms, 0.99):.0f} ms; "
        f"plus {len(login_ms)} logins (p50 {percentile(login_ms, 0.5):.0f} ms)"
    )
    retried, gave_up, log_errors = conflicts
    lines.append(
        f"conflicts retried by Odoo (from its log): {dict(retried) or 'none'}; "
        f"requests that gave up after 5 tries: {gave_up}"
    )
    duels = Counter()
    for _report, kind, _login, _op, ok in load.duels:
        duels[(kind, "won" if ok else "refused")] += 1
    lines.append(
        "races on the same report: "
        + ", ".join(f"{kind} {result}: {n}" for (kind, result), n in sorted(duels.items()))
    )
    tier_races = Counter(len(w) for w in load.tier_wins.values())
    lines.append(
        f"races on the same tier: {sum(tier_races.values())} tiers with a winner; "
        f"winners per tier: {dict(tier_races)}"
    )
    refusals = defaultdict(list)
    for phase, op, _s, outcome, _name, message in calls:
        if outcome == "refused":
            refusals[(phase, op)].append(message.splitlines()[0])
    for (phase, op), messages in refusals.items():
        lines.append(
            f"  race losers refused as expected: {phase}/{op} {len(messages)}x, "
            f"e.g. {messages[0][:110]!r}"
        )
    errors = [c for c in calls if c[3] == "error"]
    for phase, op, _s, _o, name, message in errors[:10]:
        lines.append(f"  ERROR {phase}/{op}: {name}: {str(message).splitlines()[0][:160]}")
    for line in log_errors[:5]:
        lines.append(f"  server log: {line[:200]}")
    reports = len(load.reports)
    submits = sum(info["submits"] for info in load.reports.values())
    lines.append(
        f"verified: {reports} reports created, {submits} submissions, "
        f"{len(load.attachments)} evidence files, {len(load.plan['units'])} evaluations x 2 tiers"
    )
    lost = len(found["lost_reports"]) + len(found["lost_submissions"])
    double = (
        len(found["double_progress_approvals"])
        + len(found["double_tier_approvals"])
        + len(found["duplicate_reports"])
    )
    for key, value in found.items():
        if value:
            lines.append(f"  {key}: {len(value)}: {str(value[:5])[:300]}")
    lines.append(
        f"RESULT: lost {lost}, double {double}, real errors {len(errors)}, "
        f"server errors {len(log_errors) + gave_up}, not accepted {len(found['not_accepted'])}, "
        f"winner mismatches {len(found['winner_mismatch'])}, bad files {len(found['bad_files'])}"
    )
    failed = bool(
        lost
        or double
        or errors
        or log_errors
        or gave_up
        or found["not_accepted"]
        or found["winner_mismatch"]
        or found["bad_files"]
    )
    return "\n".join(lines), failed


def run(args):
    plan = json.loads(Path(args.plan).read_text())
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "odoo.prod.conf"
    options, replaced = derive_config(
        args.base_conf,
        plan["database"],
        conf,
        logfile=run_dir / "odoo.log",
        workers=args.workers,
        extra={"log_handler": ":INFO"},
    )
    _logger.info("server from the production example, replaced: %s", ", ".join(replaced))
    server = Server(sys.executable, conf, options, plan["database"], run_dir / "odoo.stdout")
    recorder = Recorder()
    load = Load(plan, server, recorder, args)
    server_info = {}
    try:
        server.start()
        server_info = check_server(server)
        _logger.info("server checks passed: %s", server_info)
        load.run()
    finally:
        code, seconds, leftover = server.stop()
    server_info.update({"stop_exit_code": code, "stop_seconds": round(seconds, 1)})
    filestore = Path(options["data_dir"]) / "filestore" / plan["database"]
    found = verify(load, options, filestore)
    text, failed = summarize(load, server_info, server.conflicts(), found)
    if code != 0 or leftover:
        text += f"\nserver stop FAILED: exit code {code}, processes left {leftover}"
        failed = True
    print(text)
    (run_dir / "summary.txt").write_text(text + "\n")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="demo city, users and the plan of the load")
    prep.add_argument("-c", "--config", required=True)
    prep.add_argument("-d", "--database", required=True)
    prep.add_argument("--plan", required=True)
    prep.add_argument("--units", type=int, default=8, help="units, one clerk each")
    prep.add_argument("--goals", type=int, default=8, help="goals reported per unit")
    prep.add_argument("--periods", type=int, default=3, help="monthly periods reported")
    prep.add_argument("--seed", type=int, default=9)
    prep.add_argument("--spare-periods", type=int, default=0, help="periods kept for a second load")
    load = sub.add_parser("run", help="start the server, load it, verify")
    load.add_argument("--plan", required=True)
    load.add_argument("--base-conf", required=True)
    load.add_argument("--run-dir", required=True)
    load.add_argument("--workers", type=int, default=4)
    load.add_argument("--duels", type=int, default=20, help="reports raced by two reviewers")
    load.add_argument("--return-share", type=float, default=0.1)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args)
        return 0
    logging.basicConfig(level=logging.INFO, format="[loadcheck] %(message)s")
    try:
        return run(args)
    except CheckError as exc:
        print(f"load check FAILED: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
