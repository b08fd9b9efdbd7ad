"""No English on any page a user reaches (DESIGN.md §7).

Every role's user of the demo city, reading Chinese, walks every menu of the
app in the browser, with the first record's form of each list and its notebook
pages, then the top bar: the review inbox, the user menu and its preferences,
Discuss and the messages' and activities' menus (latin_walker.js). The test
fails on any text in Latin letters but the allowed words: units of measure, the
codes the office gave its records and the numbers the product gave them,
abbreviations a Chinese office writes in Latin letters.
"""

import json
import unittest
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from ..demo_city import generate
from .common import FrozenToday
from .tour import INSTALL_CHROMIUM, LANG, BrowserCase

WALKER = Path(__file__).with_name("latin_walker.js")
MARK = "latin-walker:"
# The demo city's users, one per role (README).
LOGINS = (
    "director",
    "office",
    "leader",
    "hr",
    "assessor_stats",
    "inspector",
    "evaluator",
    "county_user",
    "county_leader",
    "county_office",
)
# Written in Latin letters in a Chinese office too: units of measure,
# abbreviations in indicators' names (5G基站), file types in file names.
ALLOWED_WORDS = {
    "GDP",
    "CPI",
    "PM2.5",
    "PM10",
    "COD",
    "5G",
    "kg",
    "km",
    "kWh",
    "pdf",
    "xlsx",
    "html",
    # the systems and browsers the preferences' list of the user's devices names
    "Linux",
    "Windows",
    "macOS",
    "Android",
    "iOS",
    "Chrome",
    "Firefox",
    "Safari",
    "Edge",
}


@tagged("post_install", "-at_install")
class TestNoEnglish(FrozenToday, BrowserCase):
    today = date(2026, 11, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang(LANG)
        # --load-language on an installed database (scripts/test) translates the
        # records of base's models only: the other addons' records (approval
        # tiers, activity types) get their Chinese here, as an install gives it
        env["ir.module.module"].search([("state", "=", "installed")])._update_translations(LANG)
        if "target.login.event" in env:  # target_assessment_security: the demo's logins
            env["res.users"]._target_relax_for_demo()
        generate(env(context=dict(env.context, lang=LANG)), scale=1)  # as scripts/demo.py
        env["res.users"].search([("login", "in", LOGINS)]).write({"lang": LANG})

    def allowed(self):
        """The words allowed in Latin letters: ALLOWED_WORDS, the codes the office gave
        the product's records (units, indicators, sections, categories) and the numbers
        the product gave them (the goals' G000123)."""
        codes = set(ALLOWED_WORDS)
        for name, model in self.env.items():
            if not name.startswith("target.") or model._abstract:
                continue
            for code in ("code", "ref"):
                field = model._fields.get(code)
                if field and field.store and field.type == "char":
                    records = model.sudo().with_context(active_test=False).search([])
                    codes.update(records.mapped(code))
        return sorted(code for code in codes if code)

    def walk(self, login):
        """What ``login`` sees in Latin letters on every page of the app (``found``:
        [{where, words, text}]), whether its review inbox opened and how many groups
        it listed."""
        code = f"const ALLOWED = {json.dumps(self.allowed())};\n{WALKER.read_text()}"
        results = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, type, args=None, stackTrace=None, **kw):
            value = (args or [{}])[0].get("value")
            if type == "log" and isinstance(value, str) and value.startswith(MARK):
                results.append(json.loads(value[len(MARK) :]))
            return original(browser, type, args=args, stackTrace=stackTrace, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            try:
                self.browser_js(
                    "/odoo",
                    code,
                    ready="odoo.isReady",
                    login=login,
                    timeout=600,
                )
            except unittest.SkipTest as skipped:
                raise AssertionError(
                    f"The browser did not run: {skipped}. {INSTALL_CHROMIUM}."
                ) from skipped
        self.assertEqual(len(results), 1, "the walker reports once")
        self.assertGreater(results[0]["menus"], 0, f"{login} walked the app's menus")
        return results[0]

    def test_no_latin_text_for_any_role(self):
        report = []
        for login in LOGINS:
            walked = self.walk(login)
            self.assertTrue(walked["inbox"], f"{login} opened the review inbox")
            self.assertTrue(walked["userMenu"], f"{login} opened the user menu")
            self.assertTrue(walked["preferences"], f"{login} opened the preferences")
            self.assertTrue(walked["discuss"], f"{login} opened Discuss")
            report += [f"{login} | {f['where']} | {f['text']!r}" for f in walked["found"]]
        self.assertFalse(report, "Latin-letter text on screen:\n" + "\n".join(report))
