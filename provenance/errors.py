"""The one exception hierarchy of ``provenance``.

Every concrete error subclasses :class:`ProvenanceError` *and* the built-in it narrows, so callers
can catch either: ``except provenance.ParseError`` or plain ``except ValueError``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from provenance._text_safety import visible

if TYPE_CHECKING:
    from provenance.findings import Finding

__all__ = [
    "BadgeError",
    "BaseIRIError",
    "CheckError",
    "LossWarning",
    "MissingExtraError",
    "ParseError",
    "Problem",
    "ProvenanceError",
    "SigningError",
    "UnknownFormatError",
    "UnknownLocaleError",
]


class ProvenanceError(Exception):
    """The root of every error this library raises on purpose."""


class Problem:
    """One structural problem found while parsing: where it is, and what is wrong.

    ``path`` is a tuple of native-JSON keys and indexes (``("versions", 2, "language")``);
    ``line`` and ``column`` are set for JSON syntax errors.
    """

    __slots__ = ("column", "line", "message", "path")

    def __init__(
        self,
        path: tuple[str | int, ...],
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """The place as a reader wants it: ``line 3, column 7`` or ``$.versions[2].language``."""
        if self.line is not None:
            return f"line {self.line}, column {self.column}"
        return format_path(self.path)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r}, line={self.line}, column={self.column})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message, self.line, self.column) == (
            other.path,
            other.message,
            other.line,
            other.column,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.line, self.column))


def format_path(path: Sequence[str | int]) -> str:
    """Render a path as JSONPath: ``("versions", 2, "language")`` → ``$.versions[2].language``.

    >>> format_path(("derivations", 1, "sources", 0))
    '$.derivations[1].sources[0]'
    >>> format_path(())
    '$'

    A key that is no identifier is quoted; control and format characters in it (ESC, BEL,
    U+202E, a lone surrogate) are written as escapes, so a path is safe to print anywhere:

    >>> print(format_path(("extensions", "a b", "\\x1b]0;x\\x07", "\\udc00")))
    $.extensions['a b']['\\x1b]0;x\\x07']['\\udc00']
    """
    parts = ["$"]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.isidentifier():
            parts.append(f".{key}")
        else:
            escaped = visible(key.replace("\\", "\\\\").replace("'", "\\'"))
            parts.append(f"['{escaped}']")
    return "".join(parts)


_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def value_at(data: Any, location: str) -> Any:
    """The value a simple JSONPath (``$.versions[2].language``, as :func:`format_path` writes
    for identifier keys) names in plain JSON data, or ``None`` where there is none.

    >>> value_at({"versions": [{"language": "fa"}]}, "$.versions[0].language")
    'fa'
    >>> value_at({"versions": []}, "$.versions[3].language") is None
    True
    """
    for name, index in _PATH_PART.findall(location):
        try:
            data = data[name] if name else data[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return data


class ParseError(ProvenanceError, ValueError):
    """A document that cannot be read as a lineage.

    Carries every structural problem found (``.problems``), not only the first, so a user
    fixes a file in one pass. ``source`` names the file or stream when known.
    """

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        lines = [f"{where}{len(self.problems)} problems:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ParseError], tuple[tuple[Problem, ...]], dict[str, object]]:
        # Pickle rebuilds from these arguments (for process pools), not from the message.
        return (ParseError, (self.problems,), {"source": self.source, "args": self.args})

    def with_source(self, source: str) -> ParseError:
        """The same error, naming the file or stream it came from."""
        return ParseError(self.problems, source=source)


class CheckError(ProvenanceError, ValueError):
    """Raised by :func:`provenance.check` when a lineage has findings at or above a severity."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        lines = [f"{len(self.findings)} finding(s):"]
        lines.extend(f"  {finding}" for finding in self.findings)
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[CheckError], tuple[tuple[Finding, ...]]]:
        return (CheckError, (self.findings,))


class UnknownFormatError(ProvenanceError, LookupError):
    """A format name that is not registered. The message lists the known names."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown format {name!r}; known formats: {', '.join(self.known)}")

    def __reduce__(self) -> tuple[type[UnknownFormatError], tuple[str, tuple[str, ...]]]:
        return (UnknownFormatError, (self.name, self.known))


class UnknownLocaleError(ProvenanceError, LookupError):
    """A locale with no credit-line templates. The message lists the known ones."""

    def __init__(self, locale: str, known: Sequence[str]) -> None:
        self.locale = locale
        self.known = tuple(known)
        super().__init__(
            f"no credit-line templates for locale {locale!r}; known locales: {', '.join(known)} "
            "(add provenance/data/credit_templates/<locale>.json to support another)"
        )

    def __reduce__(self) -> tuple[type[UnknownLocaleError], tuple[str, tuple[str, ...]]]:
        return (UnknownLocaleError, (self.locale, self.known))


class BadgeError(ProvenanceError, ValueError):
    """A badge cannot be made from these arguments (unknown colour or style, bad link, …)."""


class BaseIRIError(ProvenanceError, ValueError):
    """A ``base`` that cannot prefix the lineage's ids in PROV-N, PROV-JSON and Turtle."""


class SigningError(ProvenanceError, RuntimeError):
    """c2pa-python is missing, refused the manifest, or could not sign the asset."""


class MissingExtraError(ProvenanceError, ImportError):
    """An optional dependency is not installed. The message names the extra to install:
    ``pip install 'news-provenance[web]'``."""

    def __init__(self, extra: str, packages: Sequence[str], detail: str = "") -> None:
        self.extra = extra
        self.packages = tuple(packages)
        self.detail = detail
        message = (
            f"this needs the {extra!r} extra ({', '.join(self.packages)}): "
            f"pip install 'news-provenance[{extra}]'"
        )
        super().__init__(message + (f" ({detail})" if detail else ""))

    def __reduce__(
        self,
    ) -> tuple[type[MissingExtraError], tuple[str, tuple[str, ...], str]]:
        return (MissingExtraError, (self.extra, self.packages, self.detail))


class LossWarning(UserWarning):
    """An export dropped something the target format cannot hold; the message names it.

    Exporters warn rather than raise: the output is still useful, and the caller decides
    (``warnings.simplefilter("error", LossWarning)`` makes every loss an error).
    """
