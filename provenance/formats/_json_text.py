"""Reading JSON text: the checks every JSON reader of the package shares.

:func:`read_json` turns text or UTF-8 bytes into JSON data or one located
:class:`~provenance.ParseError`: not UTF-8, empty, broken JSON (line and column), nested too
deeply, a duplicated key (which JSON would silently resolve to the last), a lone surrogate.

JSON may escape half of a surrogate pair (``"\\ud83c"`` is half an emoji, as JavaScript writes a
string cut in the middle of one). Python decodes it to a code point that no UTF-8 output can
hold, so a reader that let it through would fail later, when the lineage is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from provenance.errors import ParseError, Problem

__all__ = [
    "MAX_DEPTH",
    "decode_text",
    "json_type",
    "may_hold_lone_surrogates",
    "not_utf8",
    "out_of_range",
    "read_json",
    "reject_lone_surrogates",
    "too_deep",
]

MAX_DEPTH = 100
"""The deepest nesting of objects and lists any reader accepts, and so any writer must write:
a lineage needs 5 levels, user data in ``extensions`` gets the rest. Python's own JSON parser
and printer give up near 1,000, and the printers of the other formats go deeper than the
document, so one limit well under theirs keeps reading and writing in step."""

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
                if not isinstance(key, str):
                    continue  # a reader's marker (the native reader's duplicated keys)
                if _SURROGATE.search(key):
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
    if may_hold_lone_surrogates(text, decoded_from_bytes=decoded_from_bytes):
        problems = _lone_surrogates(data)
        if problems:
            raise ParseError(problems, source=source)


def may_hold_lone_surrogates(text: str, *, decoded_from_bytes: bool) -> bool:
    """Whether the data read from ``text`` may hold a lone surrogate (see
    :func:`reject_lone_surrogates`); ``False`` is certain."""
    return bool(
        ("\\" in text and _ESCAPED_SURROGATE.search(text))
        or (not decoded_from_bytes and not text.isascii() and _SURROGATE.search(text))
    )


_OUT_OF_RANGE = (
    "a number too large for JSON's 64-bit floating point (it would read as infinity, which no "
    "JSON text can hold); write it as a string, or as a smaller number"
)


def out_of_range(data: Any, path: Path = ()) -> list[Problem]:
    """A problem for every number in ``data`` that is infinite or not a number (``1e999``
    reads as infinity), with its path; iterative, so any depth is fine."""
    problems: list[Problem] = []
    stack: list[tuple[Any, Path]] = [(data, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            stack.extend((value, (*where, key)) for key, value in item.items())
        elif isinstance(item, list):
            stack.extend((value, (*where, index)) for index, value in enumerate(item))
        elif isinstance(item, float) and item - item != 0:  # inf - inf and nan - nan are nan
            problems.append(Problem(where, _OUT_OF_RANGE))
    problems.reverse()
    return problems


def too_deep(data: Any, path: Path = (), *, level: int = 1) -> Problem | None:
    """A problem at the first place ``data`` nests deeper than :data:`MAX_DEPTH` objects and
    lists; ``data`` itself sits at ``level`` (a lineage's extensions at 2)."""
    stack: list[tuple[Any, Path, int]] = [(data, path, level)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return Problem(
                    where,
                    f"nested deeper than {MAX_DEPTH} levels of objects and lists; the library "
                    f"reads and writes at most {MAX_DEPTH} (see the limits page of the docs)",
                )
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            stack.extend((value, (*where, key), depth + 1) for key, value in pairs)
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def json_type(value: Any) -> str:
    """What a JSON value is, for messages: ``null``, ``a boolean``, ``a number``, ``a string``,
    ``a list`` or ``an object``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def decode_text(
    text: str | bytes | bytearray, *, source: str | None, what: str = "expected JSON"
) -> tuple[str, bool]:
    """The text of a document, without a UTF-8 byte order mark, and whether it came as bytes.

    Bytes that are not UTF-8 are a :class:`ParseError` naming the first bad byte; ``what``
    says what the document should have been (``"a lineage is JSON"``).
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            return bytes(text).decode("utf-8-sig"), True
        except UnicodeDecodeError as error:
            message = f"{not_utf8(bytes(text), error)}; {what} in UTF-8"
            raise ParseError([Problem((), message)], source=source) from None
    return text.removeprefix("\ufeff"), False


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1`` is not ``true``, nor ``1.0``."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    r"""Where bytes stop being UTF-8, in the words every reader of the package uses: the bad
    byte's 1-based position (with its line and column when the text has several lines) and
    its value.

    >>> data = b"ok\nca\xffe"
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as error:
    ...     print(not_utf8(data, error))
    not UTF-8 text: byte 6 (line 2, column 3) is 0xff
    """
    start = error.start + len(data) - len(error.object)  # after a byte order mark it skipped
    where = f"byte {start + 1}"
    if b"\n" in data:
        line, column = data.count(b"\n", 0, start) + 1, start - data.rfind(b"\n", 0, start)
        where += f" (line {line}, column {column})"
    return f"not UTF-8 text: {where} is 0x{data[start]:02x}"


def read_json(
    text: str | bytes | bytearray,
    *,
    source: str | None,
    what: str = "PROV-JSON",
    duplicate_hint: str = "PROV-JSON writes records that share an id as a list",
    duplicates: dict[int, list[str]] | None = None,
    strict: bool = True,
    identical_duplicates: bool = False,
    level: int = 1,
) -> Any:
    """JSON data from text (or UTF-8 bytes), or one :class:`ParseError` saying what is wrong.

    ``what`` names the expected document in the message for an empty one. A duplicated key is
    an error naming it, followed by ``duplicate_hint``; unless ``duplicates`` is given: then,
    for each object holding one, ``id(object)`` maps to the duplicated keys, so that a reader
    reports those it reads with their paths (the objects stay alive in the returned data, so
    the ids stay theirs). ``identical_duplicates=True`` lets a key repeat when every value
    it is given is the same (web pages' templates do that; nothing is lost). ``strict=False``
    lets control characters such as raw line breaks into strings, as browsers' HTML pages
    often carry them. Numbers out of range (``1e999``), ``NaN`` and nesting deeper than
    :data:`MAX_DEPTH` (the data sitting at ``level``) are errors too: no JSON writer could
    write them back.

    >>> read_json('{"a": [1, 2]}', source=None)
    {'a': [1, 2]}
    >>> read_json('{"a": 1, "a": 2}', source="x.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: x.json: $: duplicate key 'a': JSON keeps only the last; ...
    """
    text, from_bytes = decode_text(text, source=source)
    if not text.strip():
        raise ParseError([Problem((), f"the document is empty; expected {what}")], source=source)
    found: list[str] = []
    overflow: list[str] = []

    def number(text: str) -> float:
        value = float(text)
        if value - value != 0:
            overflow.append(text)
        return value

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(items)
        if len(data) != len(items):
            first: dict[str, Any] = {}
            repeated: list[str] = []
            for key, value in items:
                if key not in first:
                    first[key] = value
                elif not (identical_duplicates and _same(value, first[key])):
                    repeated.append(key)
            if repeated and duplicates is None:
                found.extend(repeated)
            elif repeated and duplicates is not None:
                duplicates[id(data)] = list(dict.fromkeys(repeated))
        return data

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            strict=strict,
            parse_float=number,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as error:
        raise ParseError(
            [Problem((), f"broken JSON: {error.msg}", line=error.lineno, column=error.colno)],
            source=source,
        ) from None
    except RecursionError:
        raise ParseError(
            [Problem((), f"JSON nested too deeply to read: at most {MAX_DEPTH} levels")],
            source=source,
        ) from None
    except ValueError as error:
        raise ParseError([Problem((), f"invalid JSON value: {error}")], source=source) from None
    if found:
        raise ParseError(
            [
                Problem((), f"duplicate key {key!r}: JSON keeps only the last; {duplicate_hint}")
                for key in dict.fromkeys(found)
            ],
            source=source,
        )
    reject_lone_surrogates(text, data, decoded_from_bytes=from_bytes, source=source)
    if overflow:
        raise ParseError(out_of_range(data), source=source)
    deep = too_deep(data, level=level)
    if deep is not None:
        raise ParseError([deep], source=source)
    return data
