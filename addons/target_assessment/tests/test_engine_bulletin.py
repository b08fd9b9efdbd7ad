"""engine.bulletin: a bulletin's units ranked per category, without a database."""

import unittest

from odoo.addons.target_assessment.engine.bulletin import (
    BEST,
    WORST,
    GoalRow,
    goal_progress,
    unit_lines,
)


def row(unit, *, category="county", actual=100.0, expected=100.0, lower=False, light="green"):
    return GoalRow(unit, category, actual, expected, lower, light)


class TestBulletinLines(unittest.TestCase):
    def test_goal_progress_capped_and_unreported(self):
        self.assertEqual(goal_progress(row("a", actual=150.0)), 100.0)
        self.assertEqual(goal_progress(row("a", actual=45.0, expected=90.0)), 50.0)
        self.assertEqual(goal_progress(row("a", actual=None)), 0.0)
        # lower is better: expected over actual
        self.assertEqual(goal_progress(row("a", actual=200.0, expected=100.0, lower=True)), 50.0)

    def test_ranked_per_category_best_and_worst(self):
        rows = [
            row("a", actual=100.0),
            row("b", actual=50.0, light="red"),
            row("c", actual=80.0, light="yellow"),
            row("d", actual=90.0),
            row("x", category="dept", actual=10.0, light="red"),
        ]
        lines = unit_lines(rows, named=1)
        self.assertEqual([line.unit for line in lines], ["a", "d", "c", "b", "x"])
        self.assertEqual([line.rank for line in lines], [1, 2, 3, 4, 1])
        self.assertEqual([line.mark for line in lines], [BEST, "", "", WORST, ""])
        b = lines[3]
        self.assertEqual((b.goals, b.green, b.yellow, b.red, b.progress), (1, 0, 0, 1, 50.0))

    def test_ties_by_fewer_red_then_key(self):
        rows = [
            row("b", actual=50.0, light="red"),
            row("b", actual=100.0),
            row("a", actual=50.0, light="yellow"),
            row("a", actual=100.0),
            row("c", actual=75.0, light="yellow"),
            row("c", actual=75.0, light="yellow"),
        ]
        lines = unit_lines(rows, named=3)
        # a and c: 75 with no red; a first by key; b: 75 with a red goal
        self.assertEqual([line.unit for line in lines], ["a", "c", "b"])
        # 3 units name one best and one worst, never the same unit twice
        self.assertEqual([line.mark for line in lines], [BEST, "", WORST])

    def test_no_rows(self):
        self.assertEqual(unit_lines([]), [])
