"""Checks every JSON reader of the package shares.

JSON may escape half of a surrogate pair (``"\\ud83c"`` is half an emoji, as JavaScript writes a
string cut in the middle of one). Python decodes it to a code point that no UTF-8 output can
hold, so a reader that let it through would fail later, when the lineage is written.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.errors import ParseError, Problem

__all__ = ["reject_lone_surrogates"]

Path = tuple[str | int, ...]

# JSON may escape half of a surrogate pair ("\ud83c" is half an emoji, as JavaScript writes a
# string cut in the middle of one); Python decodes it to a code point no UTF-8 output can hold.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _lone_surrogates(data: Any) -> list[Problem]:
    """Every string (key or value) holding a lone surrogate, with its path."""
    problems: list[Problem] = []
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    problems.append(Problem((*path, key), _SURROGATE_MESSAGE))
                stack.append((value, (*path, key)))
        elif isinstance(item, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(item))
        elif isinstance(item, str) and _SURROGATE.search(item):
            problems.append(Problem(path, _SURROGATE_MESSAGE))
    problems.reverse()
    return problems


_SURROGATE_MESSAGE = (
    "a lone UTF-16 surrogate (half of an emoji or other character, as when a string is cut "
    "in the middle of one): no UTF-8 text can hold it; remove it or restore the whole character"
)


def reject_lone_surrogates(
    text: str, data: Any, *, decoded_from_bytes: bool, source: str | None
) -> None:
    """Raise :class:`ParseError` naming every string of ``data`` that holds a lone surrogate.

    Cheap tests first: text decoded from UTF-8 holds no raw surrogate, ASCII text none at all,
    and an escaped one needs a backslash (one character is found with memchr, at several
    times the speed of a two-character search).
    """
    if ("\\" in text and _ESCAPED_SURROGATE.search(text)) or (
        not decoded_from_bytes and not text.isascii() and _SURROGATE.search(text)
    ):
        problems = _lone_surrogates(data)
        if problems:
            raise ParseError(problems, source=source)
