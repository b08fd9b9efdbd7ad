"""Every user-visible string of both addons has its zh_CN translation."""

import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["target_assessment", "target_reports", "target_assessment_security"]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%[sd]")


def po_file(module):
    return polib.pofile(str(ROOT / "addons" / module / "i18n" / "zh_CN.po"))


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_term_has_a_translation(self):
        # the very export a translator starts from (scripts/i18n), from this database
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "terms.pot"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    "i18n",
                    "export",
                    *MODULES,
                    "-c",
                    config["config"],
                    "-d",
                    self.env.cr.dbname,
                    "-o",
                    str(pot),
                ],
                check=True,
                capture_output=True,
            )
            terms = polib.pofile(str(pot))
        self.assertGreater(len(terms), 100)
        translated = set()
        for module in MODULES:
            translated |= {entry.msgid for entry in po_file(module) if entry.msgstr.strip()}
        missing = sorted({entry.msgid for entry in terms} - translated)
        self.assertEqual(
            len(missing),
            0,
            f"{len(missing)} strings lack a zh_CN translation "
            f"(run scripts/i18n, then translate): {missing[:20]}",
        )

    def test_every_entry_is_whole(self):
        """Each msgid of the catalogues is its own entry: the union merge of .po/.pot
        (.git/info/attributes) once glued two entries together, and the second's
        msgid silently replaced the first's (a field labelled with another's term)."""
        for module in MODULES:
            for name in ("zh_CN.po", f"{module}.pot"):
                path = ROOT / "addons" / module / "i18n" / name
                with self.subTest(path=name):
                    text = path.read_text(encoding="utf-8")
                    msgids = len(re.findall(r"^(?:#~ )?msgid ", text, re.MULTILINE))
                    catalogue = polib.pofile(str(path))
                    self.assertEqual(len(catalogue) + 1, msgids, "entries + the header")  # noqa: PT009
                    glued = re.findall(r'^msgstr .*\n(?:".*"\n)*#', text, re.MULTILINE)
                    self.assertFalse(glued, "an entry runs into the next without a blank line")

    def test_placeholders_survive_translation(self):
        for module in MODULES:
            for entry in po_file(module):
                if entry.msgstr:
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgid)),
                        sorted(PLACEHOLDER.findall(entry.msgstr)),
                        f"{module}: {entry.msgid!r} -> {entry.msgstr!r}",
                    )

    def test_chinese_interface(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(MODULES, ["zh_CN"], overwrite=True)
        env = self.env(context={"lang": "zh_CN"})
        goal_fields = env["target.goal"].fields_get(["target_value", "state"])
        self.assertEqual(goal_fields["target_value"]["string"], "目标值")
        self.assertIn(("draft", "草稿"), goal_fields["state"]["selection"])
        msgstr = {e.msgid: e.msgstr for e in po_file("target_assessment")}
        root = env.ref("target_assessment.target_assessment_menu_root")
        self.assertEqual(root.name, msgstr["Target Assessment"])
        # messages raised by the code come out in Chinese too
        year = date.today().year  # any year: the refusal does not depend on the date
        cycle = env["target.cycle"].create(
            {"name": str(year), "date_start": date(year, 1, 1), "date_end": date(year, 12, 31)}
        )
        unit = env["target.unit"].create({"name": "甲县", "code": "i18n_a"})
        plan = env["target.plan"].create({"cycle_id": cycle.id, "unit_id": unit.id})
        with self.assertRaises(UserError) as caught:
            plan.action_sign()
        self.assertEqual(str(caught.exception), msgstr["Only an approved letter can be signed."])
        self.assertRegex(str(caught.exception), "[\u4e00-\u9fff]")
