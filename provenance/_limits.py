"""The limits per document (its size, the sources of one derivation), and readers that never
read past them.

A lineage is a few kilobytes; a document of many megabytes is a mistake (the wrong file,
``/dev/zero``, an attack), and reading it whole would take the memory first and the time
after. Every reader of the package (the command line's files and stdin, :func:`provenance.load`,
JSON Lines in :mod:`provenance.batch`) counts the bytes as it reads and stops one byte past
:data:`DEFAULT_MAX_BYTES` (or the limit it is given), so an endless input costs no more than
the limit. A derivation may name at most :data:`DEFAULT_MAX_SOURCES` sources (or the limit
a reader is given), checked by every reader before it builds the lineage. See
``docs/limits.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, AnyStr

from provenance.errors import ParseError, Problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_SOURCES",
    "SKIP_FACTOR",
    "bounded_lines",
    "check_limit",
    "check_sources_limit",
    "describe",
    "read_bounded",
    "refuse_wide_steps",
    "too_large",
    "too_many_sources",
]

DEFAULT_MAX_BYTES = 16 * 2**20
"""16 MiB per document (per line, for JSON Lines): thousands of times a real lineage."""

DEFAULT_MAX_SOURCES = 1000
"""Sources of one derivation: a news text comes from a handful, a wire roundup from dozens;
a thousand is twenty times the widest real step, and a hostile fan-in of 100,000 sources is
refused before any writer spends seconds on it (docs/limits.md, docs/decisions.md)."""

_SKIP_PIECE = 2**20  # the rest of a line that is too long is skipped this much at a time
SKIP_FACTOR = 16
"""How much of a line over the limit is skipped, in limits, looking for its end."""


def check_limit(max_bytes: int | None) -> int | None:
    """``max_bytes`` if it is a limit (a positive whole number) or ``None`` (no limit)."""
    return _limit(max_bytes, "max_bytes")


def check_sources_limit(max_sources: int | None) -> int | None:
    """``max_sources`` if it is a limit (a positive whole number) or ``None`` (no limit)."""
    return _limit(max_sources, "max_sources")


def _limit(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive whole number or None, got {value!r}")
    return value


def too_many_sources(count: int, max_sources: int, target: object = None) -> str:
    """The message for a derivation with more sources than the limit, the same from every
    reader; ``target`` (the derivation's target id, if it has one) names the derivation."""
    which = f"the derivation of {target!r}" if isinstance(target, str) else "a derivation"
    return (
        f"{which} has {count:,} sources, more than the limit of {max_sources:,} per derivation; "
        "if it really is one step, raise the limit (--max-sources on the command line, "
        "max_sources= in Python)"
    )


def refuse_wide_steps(
    steps: Iterable[tuple[tuple[str | int, ...], object, int]],
    max_sources: int | None,
    *,
    source: str | None = None,
) -> None:
    """Raise one :class:`ParseError` naming every step over ``max_sources``: each step is its
    path in the document (``()`` where the format has none for it), its target and its count
    of sources. ``None`` is no limit."""
    if max_sources is None:
        return
    problems = [
        Problem(path, too_many_sources(count, max_sources, target))
        for path, target, count in steps
        if count > max_sources
    ]
    if problems:
        raise ParseError(problems, source=source)


def describe(size: int) -> str:
    """A byte count for messages: ``16 MiB``, ``1.5 KiB``, ``300 bytes``."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def read_bounded(stream: IO[AnyStr], max_bytes: int | None) -> tuple[AnyStr, bool]:
    """At most ``max_bytes`` of ``stream`` and whether there was more (then the content is cut
    and must not be used). A text stream counts characters, a close bound on its bytes."""
    if max_bytes is None:
        return stream.read(), False
    content = stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        return content[:max_bytes], True
    return content, False


def bounded_lines(
    stream: IO[AnyStr], max_bytes: int | None, *, source: str | None = None
) -> Iterator[AnyStr]:
    """The lines of ``stream`` (with their line breaks), each read only up to ``max_bytes``.

    A line longer than the limit is given cut to ``max_bytes + 1`` (so that it is still one
    item, its number kept, and recognisably over the limit); the rest of it is skipped a piece
    at a time, never held. A "line" with no line break within :data:`SKIP_FACTOR` times the
    limit is no JSON Lines at all (``/dev/zero``): :class:`ParseError`, and reading stops.
    """
    if max_bytes is None:
        yield from stream
        return
    number = 0
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and line[-1:] not in ("\n", b"\n"):
            skipped = 0
            while (rest := stream.readline(_SKIP_PIECE)) and rest[-1:] not in ("\n", b"\n"):
                skipped += len(rest)
                if skipped > SKIP_FACTOR * max_bytes:
                    message = (
                        f"no line break in the first {describe(skipped + len(line))} of this "
                        "line: this is not JSON Lines; stopped reading"
                    )
                    raise ParseError([Problem((), message, line=number, column=1)], source=source)
        yield line


def too_large(max_bytes: int) -> str:
    """The message for a document over the limit, the same from every reader."""
    return (
        f"larger than the limit of {describe(max_bytes)} per document; if it really is a "
        "lineage, raise the limit (--max-bytes on the command line, max_bytes= in Python)"
    )
