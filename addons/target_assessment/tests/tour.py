"""The base of the browser tours (HttpCase in headless Chromium, zh_CN) and its checks.

Used by the tours of both addons (tests/test_tours.py here and in
target_reports). A tour that cannot run fails instead of being skipped; with
TA_SCREENSHOTS=<directory> (scripts/screenshots) the tours save their
screenshots there as PNG files.
"""

import binascii
import io
import json
import logging
import os
import unittest
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, common
from odoo.tests.common import ChromeBrowser, _find_executable, websocket

from .common import TargetCityCase

_logger = logging.getLogger(__name__)

LANG = "zh_CN"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The prefix a tour logs to ask for a screenshot (static/tests/tours/utils).
SCREENSHOT_MARK = "target-assessment-screenshot:"
# The people on the screenshots.
NAMES = {
    "unit_user": "王敏",
    "unit_leader": "李强",
    "assessor": "赵磊",
    "inspector": "孙丽",
    "evaluator": "周平",
    "office": "陈静",
    "leader": "刘洋",
    "hr": "何军",
    "admin": "郑华",
}
# The fixture's sections by their names in the seed documents.
SECTION_NAMES = {
    "key": "重点工作和项目",
    "quant": "定量指标",
    "other": "其他考核",
    "common": "共性指标",
    "own": "个性指标",
    "social": "社会评价",
}
INSTALL_CHROMIUM = (
    "Install Chromium (Debian/Ubuntu: apt-get install chromium; or Google Chrome) so that "
    "google-chrome, chromium or chromium-browser is on the PATH"
)


def browser_problem(http_port):
    """Why the tours cannot run here, or None."""
    if websocket is None:
        return (
            "The Python package websocket-client is not installed: Odoo drives Chromium "
            "through it (pip install websocket-client, listed in requirements.txt)."
        )
    try:
        _find_executable()
    except (OSError, unittest.SkipTest):  # Odoo skips where no executable is found
        return f"No Chromium or Chrome executable found. {INSTALL_CHROMIUM}."
    if not http_port:
        return "No Odoo HTTP server runs for the tests: run pytest with --odoo-http."
    return None


def optimised_png(data):
    """A palette PNG of the screenshot: the same picture in a fraction of the bytes."""
    from PIL import Image  # noqa: PLC0415 (Odoo's dependency, only needed here)

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class BrowserCase(HttpCase):
    """A browser test that fails where the browser cannot run (a missing browser,
    websocket-client or HTTP server, reported in setUp) instead of being skipped."""

    browser_size = "1280x800"
    # The first page of a class builds the asset bundles inside the test's
    # transaction (rolled back with the class), holding the test cursor; on a
    # loaded machine that took 25 s, and the requests waiting for the cursor
    # (menus, manifest) failed at Odoo's 20 s. They wait longer here.
    test_cursor_lock_timeout = 120
    # Odoo waits 10 s (100 checks of 0.1 s) for Chromium to open its DevTools
    # port, then skips; a CI run lost the Latin walker that way on a loaded
    # machine. Chromium gets a minute here: one that cannot start still fails.
    browser_start_checks = 600

    def setUp(self):
        super().setUp()
        problem = browser_problem(self.http_port())
        if problem:
            self.fail(f"The browser tests cannot run: {problem}")
        self.startPatcher(
            patch.object(common, "CHECK_BROWSER_ITERATIONS", self.browser_start_checks)
        )


class TourCase(TargetCityCase, BrowserCase):
    """The small city of TargetCityCase with its users reading Chinese.

    A tour that cannot run fails (:class:`BrowserCase`), and a browser that
    Odoo gives up on (which Odoo turns into a skip) is turned into a failure.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        lang = env["res.lang"].with_context(active_test=False).search([("code", "=", LANG)])
        if not lang.active:  # scripts/test loads zh_CN after the install
            env["res.lang"]._activate_lang(LANG)
            modules = env["ir.module.module"].search([("state", "=", "installed")])
            env["ir.module.module"]._load_module_terms(modules.mapped("name"), [LANG])
        for role, user in cls.users.items():
            user.write({"lang": LANG, "tz": "Asia/Shanghai", "name": NAMES.get(role, user.name)})
            user.image_1920 = user.partner_id._avatar_generate_svg()  # the new name's initial
        env.company.name = "江陵市人民政府"
        for section in cls.env["target.scheme.section"].search([]):
            section.name = SECTION_NAMES.get(section.code, section.name)

    def setUp(self):
        super().setUp()
        self.screenshots = []

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        kwargs.setdefault("timeout", 180)
        original = ChromeBrowser._handle_console
        test = self

        # called with the DevTools event's parameters as keywords: type, args, ...
        def handle_console(browser, type, args=None, stackTrace=None, **kw):
            value = (args or [{}])[0].get("value")
            if type == "log" and isinstance(value, str) and value.startswith(SCREENSHOT_MARK):
                test._screenshot(browser, value[len(SCREENSHOT_MARK) :])
                return None
            return original(browser, type, args=args, stackTrace=stackTrace, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            try:
                result = super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
            except unittest.SkipTest as skipped:
                raise AssertionError(
                    f"Odoo gave up on the browser, the tour {tour_name} did not run: {skipped}. "
                    f"{INSTALL_CHROMIUM}."
                ) from skipped
        self.env.invalidate_all()
        errors = [error for _name, error in self.screenshots if error]
        self.assertFalse(errors, "screenshots failed")
        return result

    def _screenshot(self, browser, name):
        """Save the page as ``name``.png when asked to, then let the tour go on.

        Runs in the browser's event thread: only sends, never waits.
        """
        directory = os.environ.get("TA_SCREENSHOTS")

        def answer():
            expression = f"window.__targetScreenshot = {json.dumps(name)}"
            browser._websocket_send("Runtime.evaluate", params={"expression": expression})

        if not directory:
            self.screenshots.append((name, None))
            answer()
            return

        def save(future):
            error = None
            try:
                data = binascii.a2b_base64(future.result(timeout=0)["data"])
                path = Path(directory, f"{name}.png")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(optimised_png(data))
                _logger.info("screenshot %s", path)
            except Exception as e:  # noqa: BLE001 (reported by start_tour)
                error = f"{name}: {e}"
            self.screenshots.append((name, error))
            answer()

        future = browser._websocket_send(
            "Page.captureScreenshot", params={"format": "png"}, with_future=True
        )
        future.add_done_callback(save)
