"""A unit's in-year supervision record as a routine result (平时考核), plain Python.

Where a scheme's routine section says so, the unit's supervision tasks and the
findings of the spot checks on its goals count as one more routine result on
100, beside the interim evaluations the section averages.
"""


def supervision_score(tasks_on_time, reports_true):
    """The supervision record on 100, or None when there is nothing to count.

    ``tasks_on_time``: one boolean per counted supervision task (answered by its
    deadline and accepted); ``reports_true``: one boolean per spot-check finding
    (the unit's report was not false or concealed). Each part is the share of
    its successes; the score is the mean of the parts that have items.
    """
    parts = []
    for outcomes in (list(tasks_on_time), list(reports_true)):
        if outcomes:
            parts.append(100.0 * sum(1 for ok in outcomes if ok) / len(outcomes))
    if not parts:
        return None
    return sum(parts) / len(parts)
