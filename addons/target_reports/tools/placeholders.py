"""Texts with ``{name}`` placeholders (mail subjects, template titles), plain Python.

``placeholders(text)`` lists the names a text uses (ValueError when the braces
do not pair up); ``fill(text, values)`` replaces them, leaving unknown names
as they were written.
"""

from string import Formatter


def placeholders(text):
    """The placeholder names of ``text``, in order; ValueError on unpaired braces."""
    names = []
    for _literal, name, _spec, _conversion in Formatter().parse(text or ""):
        if name is not None:
            names.append(name)
    return names


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(text, values):
    """``text`` with its placeholders replaced by ``values``."""
    if not text:
        return ""
    return text.format_map(_Keep(values))
