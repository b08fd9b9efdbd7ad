"""A stable sha256 digest of the engine's input or output, to trace a score to its run.

The same data gives the same digest on any machine and in any process:
dataclasses become their fields, mappings are sorted by key, sets are
sorted, floats are written with ``repr`` (the shortest exact form), and the
result is serialised as compact JSON before hashing.
"""

import dataclasses
import hashlib
import json
from collections.abc import Mapping


def canonical(value):
    """``value`` as plain JSON types, the same for equal data whatever its order of insertion."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        items = (
            (json.dumps(canonical(key), sort_keys=True), canonical(v)) for key, v in value.items()
        )
        return {"__map__": sorted(items)}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(json.dumps(canonical(v), sort_keys=True) for v in value)}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, float):
        return {"__float__": repr(value)}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return {"__str__": str(value)}


def digest(value):
    """The hexadecimal sha256 of :func:`canonical` ``value``."""
    text = json.dumps(canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
