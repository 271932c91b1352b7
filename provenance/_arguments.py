"""Checks of the public functions' argument types, with messages as good as the command line's:
what was expected, and how to get it from what was passed.
"""

from __future__ import annotations

from provenance.model import Lineage

__all__ = ["expect_lineage"]


def expect_lineage(value: object, caller: str) -> None:
    """Raise :class:`TypeError` unless ``value`` is a :class:`~provenance.Lineage`, saying how
    to get one from what was passed (parsed JSON, text, a file name).

    >>> expect_lineage({"format": "provenance/1"}, "check")
    Traceback (most recent call last):
    ...
    TypeError: check() takes a Lineage, not dict: read parsed JSON with provenance.from_dict(data)
    """
    if isinstance(value, Lineage):
        return
    if isinstance(value, dict):
        how = "read parsed JSON with provenance.from_dict(data)"
    elif isinstance(value, (str, bytes, bytearray)):
        how = (
            "read JSON text with provenance.loads(text), or a file with "
            "provenance.load(open(path, 'rb'))"
        )
    else:
        how = "build one with provenance.Builder, or read one with provenance.load or loads"
    raise TypeError(f"{caller}() takes a Lineage, not {type(value).__name__}: {how}")
