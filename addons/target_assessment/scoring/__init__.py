"""The ORM side of the scoring engine (DESIGN.md §4).

:func:`compute_cycle_scores` reads one stage of a cycle in a fixed number of
queries (:mod:`.reader`), runs :func:`..engine.compute_cycle` once and writes
the results back in batch (:mod:`.writer`); :mod:`.explain` words the
engine's reasons for the units. Nothing here is a model: the cycle's and the
evaluation's actions call it.
"""

from .adapter import compute_cycle_scores, prepare_cycle_evaluations
from .explain import grade_text, line_explanation, reason_text
from .locks import LOCKED_PHASES, appeal_bypass, ensure_unlocked
