"""A goal's score for a value as the engine would compute it (previews, verified values)."""

from .. import engine
from .reader import CycleReader


def goal_spec(goal, value):
    """The engine's :class:`~..engine.GoalSpec` of ``goal`` scored on ``value``."""
    indicator = goal.indicator_id
    method = indicator.scoring_method
    if method == engine.MILESTONES:
        params = {
            "milestones": tuple(
                engine.Milestone(m.share, m.done, m.name or "") for m in goal.milestone_ids
            )
        }
    else:
        bands = [
            engine.Band(band.min_completion / 100.0, band.share / 100.0, band.proportional)
            for band in indicator.band_ids
        ]
        params = CycleReader._params(indicator, bands)
    return engine.GoalSpec(
        method=method,
        points=goal.points,
        target=goal.target_value,
        actual=CycleReader._engine_value(method, value),
        direction=indicator.direction,
        params=params,
        key=goal.id,
    )


def goal_score(goal, value):
    """``value`` of ``goal`` scored by its indicator's method, rounded as the engine
    rounds; raises ValueError when the engine cannot score it."""
    return engine.round_score(engine.score_goal(goal_spec(goal, value)).score)
