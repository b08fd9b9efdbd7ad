"""engine.sampling: spot-check draws are reproducible from their seed, without a database."""

import unittest

from odoo.addons.target_assessment.engine import sampling
from odoo.addons.target_assessment.engine.sampling import Candidate


def city(n=40):
    """``n`` goals over four units of two categories; every third goal red."""
    return [
        Candidate(key=i, unit=i % 4, category=1 + i % 2, light="red" if i % 3 == 0 else "green")
        for i in range(1, n + 1)
    ]


class TestSampling(unittest.TestCase):
    def test_same_seed_same_sample(self):
        first = sampling.draw(city(), sampling.RANDOM, 5, seed=20260315)
        again = sampling.draw(list(reversed(city())), sampling.RANDOM, 5, seed=20260315)
        self.assertEqual(first, again)
        self.assertEqual(len(first), 5)
        self.assertEqual(list(first), sorted(first))

    def test_other_seed_other_sample(self):
        samples = {sampling.draw(city(), sampling.RANDOM, 5, seed=seed) for seed in range(1, 20)}
        self.assertGreater(len(samples), 1)

    def test_red_draws_red_goals_only(self):
        sample = sampling.draw(city(), sampling.RED, 50, seed=7)
        self.assertEqual(set(sample), {c.key for c in city() if c.light == "red"})

    def test_by_category(self):
        sample = sampling.draw(city(), sampling.CATEGORY, 4, seed=7, categories=[2])
        self.assertEqual(len(sample), 4)
        self.assertTrue(all(key % 2 == 1 for key in sample))
        with self.assertRaisesRegex(ValueError, "^categories:"):
            sampling.draw(city(), sampling.CATEGORY, 4, seed=7)

    def test_manual_takes_the_selection(self):
        self.assertEqual(sampling.draw(city(), sampling.MANUAL, 0, seed=0, keys=[9, 3]), (3, 9))
        with self.assertRaisesRegex(ValueError, r"^keys: .*\[99\]"):
            sampling.draw(city(), sampling.MANUAL, 0, seed=0, keys=[3, 99])

    def test_sample_larger_than_pool(self):
        self.assertEqual(len(sampling.draw(city(6), sampling.RANDOM, 50, seed=3)), 6)
        self.assertEqual(sampling.draw([], sampling.RED, 5, seed=3), ())

    def test_bad_input_named(self):
        with self.assertRaisesRegex(ValueError, "^size:"):
            sampling.draw(city(), sampling.RANDOM, 0, seed=3)
        with self.assertRaisesRegex(ValueError, "^seed:"):
            sampling.draw(city(), sampling.RANDOM, 3, seed=0)
        with self.assertRaisesRegex(ValueError, "^method:"):
            sampling.draw(city(), "lottery", 3, seed=3)

    def test_new_seed_is_a_positive_int(self):
        seed = sampling.new_seed()
        self.assertIsInstance(seed, int)
        self.assertTrue(0 < seed < 2**31)
