"""Roll-up of values along a decomposition tree (plain Python, no Odoo).

A parent's value follows from its children's by an aggregation: sum,
average, minimum, maximum, or none (the parent keeps its own value).
Missing values (None) are ignored; with no value at all the result is None.
"""

AGGREGATIONS = ("sum", "avg", "min", "max", "none")


def aggregate(values, how):
    """Aggregate ``values`` (None ignored) by ``how``; None when nothing to aggregate."""
    if how not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {how!r}")
    present = [v for v in values if v is not None]
    if how == "none" or not present:
        return None
    if how == "sum":
        return sum(present)
    if how == "avg":
        return sum(present) / len(present)
    return min(present) if how == "min" else max(present)


def rollup(parents, own, how):
    """Values of every node of a forest, children first.

    ``parents`` maps node -> parent (None for roots), ``own`` maps node -> its
    own value (or None), ``how`` maps node -> aggregation of its children.
    A node with children and an aggregation other than "none" takes the
    aggregate of its children's rolled-up values; every other node keeps its
    own value. Linear in the number of nodes.
    """
    children = {}
    for node, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(node)
    result = {}

    def visit(node):
        # iterative post-order: decomposition trees can be deep
        stack = [(node, False)]
        while stack:
            current, expanded = stack.pop()
            if current in result:
                continue
            kids = children.get(current, ())
            if expanded or not kids:
                agg = how.get(current, "none")
                if kids and agg != "none":
                    result[current] = aggregate([result[k] for k in kids], agg)
                else:
                    result[current] = own.get(current)
            else:
                stack.append((current, True))
                stack.extend((k, False) for k in kids if k not in result)

    for node in parents:
        visit(node)
    return result
