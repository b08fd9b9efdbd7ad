"""engine.digest: the same data gives the same sha256, whatever the order of insertion."""

import dataclasses
import enum
import unittest

from odoo.addons.target_assessment import engine


class Code(str, enum.Enum):
    A = "a"


class Big(int):
    pass


@dataclasses.dataclass(frozen=True)
class Part:
    code: str
    points: float = 0.0
    parts: tuple = ()


class TestDigest(unittest.TestCase):
    def test_same_data_same_digest(self):
        a = {"b": [1.0, None, (2, "x")], "a": {3, 1}}
        b = {"a": {1, 3}, "b": [1.0, None, (2, "x")]}
        self.assertEqual(engine.digest(a), engine.digest(b))
        self.assertRegex(engine.digest(a), r"^[0-9a-f]{64}$")

    def test_other_data_other_digest(self):
        self.assertNotEqual(engine.digest({"a": 1.0}), engine.digest({"a": 1.0000001}))
        self.assertNotEqual(engine.digest({"a": 1.0}), engine.digest({"a": 1}))
        self.assertNotEqual(engine.digest([1, 2]), engine.digest([2, 1]))

    def test_dataclasses_by_their_fields(self):
        first = engine.Veto(effect="fail", code="safety")
        again = engine.Veto(effect="fail", code="safety")
        other = engine.Veto(effect="cap_grade", max_grade="pass", code="safety")
        self.assertEqual(engine.digest([first]), engine.digest([again]))
        self.assertNotEqual(engine.digest([first]), engine.digest([other]))

    def test_digest_is_stable_across_versions(self):
        # runs recorded before keep matching their data: pinned to the digest the first
        # version (a plain recursive walk) gave, subclasses of the plain types included
        data = [
            Part("safety", 2.5, (Part("x"),)),
            {"b": [1.0, None, (2, "x")], "a": {3, 1}, 7: frozenset({"y"}), (1, 2.5): True},
            {Code.A: Big(3), "f": -0.0, "g": 1e-9},
            ["中文", 0, False, 2.675],
        ]
        self.assertEqual(
            engine.digest(data),
            "1709cd4f3573b2a3f0ecbd508cc95397d84132a622ec79544b1b98349eedb723",
        )
