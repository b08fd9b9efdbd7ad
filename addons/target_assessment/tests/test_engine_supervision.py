"""engine.supervision: the supervision record as a routine result, without a database."""

import unittest

from odoo.addons.target_assessment.engine.supervision import supervision_score


class TestSupervisionScore(unittest.TestCase):
    def test_nothing_to_count(self):
        self.assertIsNone(supervision_score([], []))

    def test_tasks_only(self):
        self.assertEqual(supervision_score([True, True, False, True], []), 75.0)

    def test_findings_only(self):
        self.assertEqual(supervision_score([], [True, False]), 50.0)

    def test_mean_of_both_parts(self):
        # tasks 2/2 = 100, findings 1/4 = 25 → 62.5
        self.assertEqual(supervision_score([True, True], [True, False, False, False]), 62.5)

    def test_any_iterable(self):
        self.assertEqual(supervision_score(iter([False]), (ok for ok in [True])), 50.0)
