"""Checks of the public functions' arguments, with messages as good as the command line's.

The Python API is held to the command line's standard: a wrong type says what was expected
and how to get it; a value from a closed set (``kind``, ``method``, ``fail_on``, a key of the
JSON format) that is not one of its choices lists them and names the nearest one. One helper
serves the JSON loader, the Builder, validation and the batch functions.

>>> one_of("translaton", ("translation", "summary"))
"'translaton' is not one of translation, summary (did you mean 'translation'?)"
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from typing import TypeVar

from provenance.model import Lineage

__all__ = ["did_you_mean", "enum_value", "expect_lineage", "one_of"]

E = TypeVar("E", bound=enum.Enum)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice nearest ``value``, or ``""`` when none is near.

    >>> did_you_mean("machin", ["human", "machine"]), did_you_mean("zzz", ["human"])
    (" (did you mean 'machine'?)", '')
    """
    hint = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def one_of(value: str, choices: Iterable[str]) -> str:
    """``'x' is not one of a, b, c`` and the did-you-mean."""
    listed = list(choices)
    return f"{value!r} is not one of {', '.join(listed)}{did_you_mean(value, listed)}"


def enum_value(enum_type: type[E], value: object, name: str) -> E:
    """``value`` as a member of ``enum_type`` (a member or its string value), or a
    :class:`ValueError` naming the argument, the choices and the nearest one (a
    :class:`TypeError` for a value of another type).

    >>> from provenance.findings import Severity
    >>> enum_value(Severity, "warn", "fail_on")
    Traceback (most recent call last):
    ...
    ValueError: fail_on='warn' is not one of info, warning, error (did you mean 'warning'?)
    """
    if isinstance(value, enum_type):
        return value
    choices = [str(member.value) for member in enum_type]
    if not isinstance(value, str):
        raise TypeError(
            f"{name}= takes one of {', '.join(choices)} (a string or a {enum_type.__name__}), "
            f"not {type(value).__name__}"
        )
    try:
        return enum_type(value)
    except ValueError:
        raise ValueError(f"{name}={one_of(value, choices)}") from None


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
