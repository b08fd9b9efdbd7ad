"""Spot-check sampling (抽查抽样): which goals an in-year spot check verifies.

Plain Python. A draw is reproducible: the same candidates, method, size and
seed give the same sample, whatever order the candidates come in, so the
office can show anyone how a sample was drawn (the seed is recorded on the
spot check).
"""

import random
import secrets
from dataclasses import dataclass

RANDOM = "random"  # 随机抽取
RED = "red"  # 红灯目标
CATEGORY = "category"  # 按单位类别
MANUAL = "manual"  # 指定
METHODS = (RANDOM, RED, CATEGORY, MANUAL)


@dataclass(frozen=True)
class Candidate:
    """A goal that may be drawn: its key (id), unit, unit category and light."""

    key: int
    unit: int = 0
    category: int = 0
    light: str = "none"


def new_seed():
    """A fresh seed to record before drawing (31 bits: fits an integer column)."""
    return secrets.randbelow(2**31 - 1) + 1


def eligible(candidates, method, *, categories=(), keys=()):
    """The candidates ``method`` draws from, ordered by key.

    ``red`` keeps the red goals, ``category`` the goals of units of
    ``categories``, ``manual`` exactly ``keys``; ``random`` keeps all.
    """
    if method not in METHODS:
        raise ValueError(f"method: unknown sampling method {method!r}")
    pool = sorted(set(candidates), key=lambda c: c.key)
    if method == RED:
        pool = [c for c in pool if c.light == "red"]
    elif method == CATEGORY:
        if not categories:
            raise ValueError("categories: a draw by category needs at least one category")
        wanted = set(categories)
        pool = [c for c in pool if c.category in wanted]
    elif method == MANUAL:
        wanted = set(keys)
        pool = [c for c in pool if c.key in wanted]
        missing = wanted - {c.key for c in pool}
        if missing:
            raise ValueError(f"keys: not candidates of this spot check: {sorted(missing)}")
    return pool


def draw(candidates, method, size, seed, *, categories=(), keys=()):
    """The keys of the sample, ordered by key.

    ``size`` goals at most are drawn at random (with ``seed``) from the
    eligible ones; a manual selection is taken whole. Raises ValueError,
    naming the field, on a bad size or seed.
    """
    pool = eligible(candidates, method, categories=categories, keys=keys)
    if method == MANUAL:
        return tuple(c.key for c in pool)
    if not isinstance(size, int) or size <= 0:
        raise ValueError(f"size: the sample size must be a positive whole number, not {size!r}")
    if not isinstance(seed, int) or seed <= 0:
        raise ValueError(f"seed: the seed must be a positive whole number, not {seed!r}")
    chosen = random.Random(seed).sample(pool, min(size, len(pool)))  # noqa: S311
    return tuple(sorted(c.key for c in chosen))
