"""A value from a closed set that is not one of its choices: the choices and the nearest one.

The Python API is held to the command line's standard: ``kind``, ``method``, ``fail_on``, a
rule code, a key of the JSON format or a batch option that is not one of its choices lists
them and names the nearest. One did-you-mean serves the JSON loader, the model, the Builder,
validation and the batch functions (:mod:`provenance._arguments` checks types).

>>> one_of("translaton", ("translation", "summary"))
"'translaton' is not one of translation, summary (did you mean 'translation'?)"
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["did_you_mean", "enum_value", "one_of"]

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
