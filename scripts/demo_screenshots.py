"""Screenshots of the demo city as each role sees it, and a phone-width check.

Used by ``scripts/screenshots --demo``, which starts Odoo on the demo database
(scripts/run) and calls this script with its URL and database. Drives a
headless Chromium over the DevTools protocol (the ``websocket-client`` package
Odoo's own browser tests use): logs in as each demo user (the password is the
login), opens the user's landing page and the pages of their work, and saves
``demo_<role>_<n>_<page>.png`` at 1280×800. Then, as the district's clerk on a
390×844 phone screen, opens the unit's to-do list and a progress report and
checks that neither scrolls sideways; prints the result and exits non-zero
when a page fails to load or the phone check fails.
"""

import argparse
import base64
import io
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket
from PIL import Image

DESKTOP = (1280, 800)
PHONE = (390, 844)

# (login, [(name, path)]): the landing page first, then the pages of the role's work.
PAGES = [
    (
        "leader",
        [
            ("home", "/odoo"),
            ("ranking", "/odoo/action-target_assessment.target_evaluation_action_ranking"),
        ],
    ),
    (
        "office",
        [
            ("home", "/odoo"),
            ("cycles", "/odoo/action-target_assessment.target_cycle_action"),
            ("goals", "/odoo/action-target_assessment.target_goal_action"),
            (
                "reports_to_review",
                "/odoo/action-target_assessment.target_progress_action_to_review",
            ),
        ],
    ),
    (
        "county_user",
        [
            ("home", "/odoo"),
            ("to_report", "/odoo/action-target_assessment.target_progress_action_to_report"),
        ],
    ),
    ("county_leader", [("home", "/odoo")]),
    ("dept_user", [("home", "/odoo")]),
    ("assessor_stats", [("home", "/odoo")]),
    ("inspector", [("home", "/odoo")]),
    ("evaluator", [("home", "/odoo")]),
    ("hr", [("home", "/odoo")]),
]

# The page is ready: an action shown, nothing loading, no spreadsheet still computing.
READY = """(() => {
    const action = document.querySelector('.o_action_manager > .o_action');
    const busy = '.o_loading_indicator, .o_blockUI, .o-spreadsheet-loading';
    if (!action || document.querySelector(busy)) {
        return false;
    }
    return !action.querySelector('.o_spreadsheet_dashboard_action') ||
        !!action.querySelector('.o-spreadsheet canvas, .o-grid canvas');
})()"""


class Browser:
    """A headless Chromium driven over the DevTools protocol, one page."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="ta-screenshots-")
        port = free_port()
        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--lang=zh-CN",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        targets = wait_for(lambda: read_json(f"http://127.0.0.1:{port}/json/list"), 30)
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def size(self, width, height, mobile=False):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def open(self, url, ready=READY, timeout=60):
        self.call("Page.navigate", url=url)
        time.sleep(0.5)
        wait_for(lambda: self.evaluate(ready), timeout, f"{url} did not finish loading")
        time.sleep(1.5)  # late renders, charts drawing

    def screenshot(self, path):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        image = Image.open(io.BytesIO(data)).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_json(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


def wait_for(check, timeout, message="timed out"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise TimeoutError(message)


def log_in(browser, url, db, login):
    """A fresh session as ``login`` (the demo's password is the login)."""
    browser.call("Network.clearBrowserCookies")
    browser.open(f"{url}/web/login", ready="!!document.querySelector('form')")
    payload = {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}}
    answer = browser.evaluate(
        "fetch('/web/session/authenticate', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: JSON.stringify(%s)})"
        ".then((r) => r.json())" % json.dumps(payload)
    )
    if not (answer.get("result") or {}).get("uid"):
        raise RuntimeError(f"{login} cannot log in: {answer.get('error')}")


def call_kw(browser, model, method, args, kwargs=None):
    payload = {
        "jsonrpc": "2.0",
        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
    }
    answer = browser.evaluate(
        f"fetch('/web/dataset/call_kw/{model}/{method}', {{method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: JSON.stringify(%s)})"
        ".then((r) => r.json())" % json.dumps(payload)
    )
    if "error" in answer:
        raise RuntimeError(f"{model}.{method}: {answer['error']}")
    return answer["result"]


def overflow(browser):
    """How many pixels the page scrolls sideways (0: it fits the screen)."""
    return browser.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.browser)
    failures = []
    try:
        browser.size(*DESKTOP)
        for login, pages in PAGES:
            log_in(browser, args.url, args.db, login)
            for number, (name, path) in enumerate(pages, 1):
                target = args.out / f"demo_{login}_{number}_{name}.png"
                try:
                    browser.open(args.url + path)
                    browser.screenshot(target)
                    print(f"saved {target}")
                except (TimeoutError, RuntimeError) as error:
                    failures.append(f"{login} {path}: {error}")
        # a unit's clerk on a phone: the to-do list and a progress report
        log_in(browser, args.url, args.db, "county_user")
        browser.size(*PHONE, mobile=True)
        report = call_kw(
            browser,
            "target.progress",
            "search",
            [[["state", "in", ["draft", "returned"]]]],
            {"limit": 1, "order": "state desc, id"},
        )
        phone_pages = [
            ("todo", "/odoo/action-target_assessment.target_todo_action"),
            (
                "progress_form",
                f"/odoo/action-target_assessment.target_progress_action_to_report/{report[0]}",
            ),
        ]
        for number, (name, path) in enumerate(phone_pages, 1):
            browser.open(args.url + path)
            target = args.out / f"demo_phone_{number}_{name}.png"
            browser.screenshot(target)
            sideways = overflow(browser)
            verdict = "fits" if sideways <= 1 else f"scrolls sideways by {sideways} px"
            print(f"phone {PHONE[0]}x{PHONE[1]} {name}: {verdict} ({target})")
            if sideways > 1:
                failures.append(f"phone {name}: {verdict}")
    finally:
        browser.close()
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
