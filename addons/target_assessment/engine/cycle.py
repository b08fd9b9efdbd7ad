"""One run of the engine over a whole cycle (or a mid-year evaluation)."""

from .evaluation import evaluate_unit, validate_scheme
from .ranking import grade_units, rank_units


def compute_cycle(schemes, units):
    """Score, rank and grade every unit; return ``{unit key: UnitResult}``.

    ``schemes`` is an iterable of :class:`Scheme`, ``units`` of :class:`Unit`
    whose ``scheme`` is the key of one of them. Units are ranked and graded
    among the units of the same scheme (unit category). Pure and
    deterministic: the same data in the same order gives the same results.
    Its cost is linear in the number of goals (plus sorting each scheme's
    units), so the caller reads the cycle in a few queries, calls this once and
    writes the results in batch.
    """
    schemes = {scheme.key: validate_scheme(scheme) for scheme in schemes}
    results = {}
    by_scheme = {key: [] for key in schemes}
    for unit in units:
        scheme = schemes.get(unit.scheme)
        if scheme is None:
            raise ValueError(f"Unit {unit.key!r} refers to unknown scheme {unit.scheme!r}.")
        if unit.key in results:
            raise ValueError(f"Unit {unit.key!r} appears twice.")
        result = results[unit.key] = evaluate_unit(scheme, unit)
        by_scheme[unit.scheme].append(result)
    for key, scheme_results in by_scheme.items():
        ranks = rank_units(schemes[key], scheme_results)
        grades = grade_units(schemes[key], scheme_results, ranks)
        for result in scheme_results:
            result.rank = ranks[result.unit]
            result.grade, result.grade_reason = grades[result.unit]
    return results
