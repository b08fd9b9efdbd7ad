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

# the types that are their own canonical form (exactly these, not their subclasses)
_ATOMS = frozenset({type(None), bool, int, str})
# {class: its dataclass fields' names, or None when it is no dataclass}
_DATACLASS_FIELDS = {}


def _dataclass_fields(cls):
    try:
        return _DATACLASS_FIELDS[cls]
    except KeyError:
        names = None
        if dataclasses.is_dataclass(cls) and not issubclass(cls, type):
            names = tuple(f.name for f in dataclasses.fields(cls))
        _DATACLASS_FIELDS[cls] = names
        return names


def canonical(value):
    """``value`` as plain JSON types, the same for equal data whatever its order of insertion."""
    # A cycle's input has a million values: the common exact types are dispatched first,
    # then the general rules (a subclass of them takes the same branch as before).
    cls = type(value)
    if cls in _ATOMS:
        return value
    if cls is float:
        return {"__float__": repr(value)}
    if cls is list or cls is tuple:
        return [canonical(v) for v in value]
    names = _dataclass_fields(cls)
    if names is not None:
        return {name: canonical(getattr(value, name)) for name in names}
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
