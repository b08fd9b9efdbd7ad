"""The scoring engine of target assessment: plain Python, no Odoo import.

``methods`` scores one goal, ``evaluation`` one unit under its scheme,
``ranking`` ranks and grades the units of a scheme, ``cycle`` runs it all.
The ORM layer reads a cycle into these dataclasses, calls
:func:`compute_cycle` once and writes the results back in batch.
"""

from .common import EXCELLENT, FAIL, GOOD, GRADES, PASS, Reason, round_score
from .cooperation import shared_scores
from .cycle import compute_cycle
from .digest import canonical, digest
from .evaluation import (
    CAP_GRADE,
    CEIL,
    DEFAULT_BONUS_LEVELS,
    DEFAULT_THRESHOLDS,
    DIFFICULTY_BASES,
    FLOOR,
    GOAL_DIFFICULTY,
    GOALS,
    NO_DIFFICULTY,
    ROUND,
    ROUTINE,
    SPECIAL,
    UNIT_DIFFICULTY,
    Bonus,
    Deduction,
    Scheme,
    Section,
    SectionResult,
    Unit,
    UnitResult,
    Veto,
    evaluate_unit,
    validate_scheme,
)
from .methods import (
    BANDS,
    BINARY,
    DEDUCTION,
    DEFAULT_GRADE_SHARES,
    GRADE,
    HIGHER,
    LOWER,
    MAX_COMPLETION,
    METHODS,
    MILESTONES,
    PROPORTIONAL,
    RATIO,
    REASON_BELOW_TARGET,
    REASON_FULL,
    REASON_GRADE,
    REASON_INCIDENTS,
    REASON_MILESTONE_MISSED,
    REASON_MISSING_DATA,
    REASON_NOT_DONE,
    REASON_TARGET_MISSED,
    REASON_ZERO_THRESHOLD,
    Band,
    GoalScore,
    GoalSpec,
    Milestone,
    score_goal,
)
from .ranking import (
    GRADE_BY_QUOTA,
    GRADE_BY_THRESHOLD,
    GRADE_BY_VETO,
    grade_units,
    previous_ranks,
    quota_limit,
    rank_units,
)
