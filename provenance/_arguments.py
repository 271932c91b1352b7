"""Checks of the public functions' argument types, with messages as good as the command line's:
what was expected, and how to get it from what was passed.
"""

from __future__ import annotations

from provenance.model import Lineage

__all__ = ["MAX_INDENT", "expect_indent", "expect_lineage"]

MAX_INDENT = 16
"""The widest indent any writer takes (``indent=``, ``--indent``): enough for any reader, and a
typo (``indent=1000000000``) is an error, not gigabytes of spaces."""


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


def expect_indent(indent: object, caller: str) -> None:
    """Raise unless ``indent`` is ``None`` or a whole number of spaces from 0 to
    :data:`MAX_INDENT`, as ``--indent`` on the command line.

    >>> expect_indent(1_000_000_000, "dumps")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: dumps(): indent=1000000000 is out of range: give 0 to 16 spaces, or None for ...
    """
    if indent is None:
        return
    if isinstance(indent, bool) or not isinstance(indent, int):
        raise TypeError(
            f"{caller}(): indent is a whole number of spaces from 0 to {MAX_INDENT}, or None, "
            f"not {type(indent).__name__}"
        )
    if not 0 <= indent <= MAX_INDENT:
        raise ValueError(
            f"{caller}(): indent={indent} is out of range: give 0 to {MAX_INDENT} spaces, or "
            "None for compact output"
        )
