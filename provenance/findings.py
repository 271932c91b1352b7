"""Findings, severities and the rule catalog.

A :class:`Finding` is data: a stable code, a severity, a message, a path into the native JSON
document and, where one exists, a fix. The catalog (:data:`RULES`) is the single list of codes;
codes are never renumbered.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from provenance._choices import did_you_mean
from provenance.errors import format_path

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "matches",
    "rule_codes",
]


class Severity(enum.StrEnum):
    """How serious a finding is. Compare with :attr:`rank`: error > warning > info."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen
class Rule:
    """One entry of the catalog."""

    code: str
    severity: Severity
    summary: str


def _catalog(*rules: tuple[str, Severity, str]) -> dict[str, Rule]:
    return {code: Rule(code, severity, summary) for code, severity, summary in rules}


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

RULES: dict[str, Rule] = _catalog(
    ("PV101", E, "duplicate id"),
    ("PV102", E, "reference to an unknown version or agent"),
    ("PV103", E, "derivation cycle"),
    ("PV104", E, "subject missing or unknown"),
    ("PV105", W, "version not connected to the subject"),
    ("PV106", E, "derivation with no source"),
    ("PV201", E, "invalid language tag"),
    ("PV202", W, "non-canonical language tag"),
    ("PV203", E, "translation whose source and target have the same language"),
    ("PV204", E, "language changes across a derivation that keeps the text"),
    ("PV205", W, "script-only change called translation (should be transliteration)"),
    ("PV206", W, "region-only change called translation (should be localization)"),
    ("PV207", I, "relay (pivot) translation: translated from a translation"),
    ("PV301", E, "derived version published before its source"),
    ("PV302", W, "datetime without a UTC offset"),
    ("PV303", E, "implausible date (far future, or a year likely in another calendar)"),
    ("PV401", E, "machine or post-edited translation with no software agent"),
    ("PV402", W, "human translation with no translator or translating publisher"),
    ("PV403", E, "agent type contradicts its role"),
    ("PV404", E, "post-edited translation with no post-editor"),
    ("PV501", E, "malformed digest"),
    ("PV502", E, "digest does not match the text supplied"),
    ("PV503", E, "malformed URL (absolute http or https only)"),
    # What a page states against itself, found while reading it (provenance.pages).
    ("PV601", W, "the page's language contradicts its structured data's inLanguage"),
    ("PV602", W, "the visible credit line contradicts the structured data"),
    ("PV603", W, "the page's dates contradict each other"),
    ("PV604", W, "structured data on the page that cannot be read"),
)
"""Every rule, by code."""


@attrs.frozen
class Finding:
    """One validation result. ``path`` is a tuple of native-JSON keys and indexes."""

    code: str
    severity: Severity
    message: str
    path: tuple[str | int, ...] = ()
    fix: str | None = None

    @property
    def location(self) -> str:
        """The path as JSONPath: ``$.versions[2].language``."""
        return format_path(self.path)

    def __str__(self) -> str:
        text = f"{self.location}: {self.code} [{self.severity}] {self.message}"
        if self.fix:
            text += f" (fix: {self.fix})"
        return text

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        data: dict[str, object] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.location,
        }
        if self.fix is not None:
            data["fix"] = self.fix
        return data

    def sort_key(self) -> tuple[tuple[int, int | str], ...]:
        """Document order, as the native format lays keys out, then code."""
        ranks: list[tuple[int, int | str]] = []
        order = _KEY_ORDER[""]
        for key in self.path:
            if isinstance(key, int):
                ranks.append((0, key))
            else:
                ranks.append((order.get(key, len(order)), key))
                order = _KEY_ORDER.get(key, _NO_ORDER)
        ranks.append((-1, self.code))
        return tuple(ranks)


# The key order of each object of the native format, by the key that holds the object.
_KEY_ORDER: dict[str, dict[str, int]] = {
    key: {name: rank for rank, name in enumerate(names.split())}
    for key, names in {
        "": "format subject agents versions derivations extensions",
        "agents": "id type name url version language agent role",
        "versions": "id language publisher authors title url published published_as medium digest",
        "derivations": "target sources kind method agents date note",
        "published_as": "text calendar",
    }.items()
}
_NO_ORDER: dict[str, int] = {}


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether a code is named by any pattern: a full code (``PV203``) or a prefix (``PV2``).

    >>> matches("PV203", ["PV2"]), matches("PV203", ["PV3", "PV1"]), matches("PV203", ["ALL"])
    (True, False, True)
    """
    return any(code.startswith(p.upper()) or p.upper() == "ALL" for p in patterns)


def rule_codes(codes: str | Iterable[str], name: str | None = None) -> tuple[str, ...]:
    """Codes or prefixes (``["PV2", "PV401"]``, or ``"PV2,PV401"``), upper-cased, each checked
    against the catalog, as ``--select`` and ``--ignore`` check theirs.

    A code that names no rule, an empty code, or no code at all raises :class:`ValueError`
    (prefixed with ``name``, the argument, when given): a typo must not turn validation off.

    >>> rule_codes("pv2, PV401")
    ('PV2', 'PV401')
    >>> rule_codes(["PV999"], "select")
    Traceback (most recent call last):
    ...
    ValueError: select: 'PV999' names no rule; codes run from PV101 to PV604 (see the rule catalog)
    """
    where = f"{name}: " if name else ""
    if isinstance(codes, str):  # "PV2,,PV401" as the command line reads it: blanks dropped
        parts: list[object] = [part for part in codes.split(",") if part.strip()]
    else:
        try:
            parts = list(codes)
        except TypeError:
            raise TypeError(
                f"{where}expected codes as a list of strings or one comma-separated string, "
                f"not {type(codes).__name__}"
            ) from None
    found: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            raise TypeError(f"{where}a code is a string such as 'PV203', not {part!r}")
        code = part.strip().upper()
        if not code:
            raise ValueError(
                f"{where}{part!r} is an empty code; name codes or prefixes such as PV2,PV401"
            )
        if code != "ALL" and not any(known.startswith(code) for known in RULES):
            raise ValueError(
                f"{where}{code!r} names no rule; codes run from {_FIRST} to {_LAST} "
                f"(see the rule catalog){did_you_mean(code, RULES)}"
            )
        found.append(code)
    if not found:
        raise ValueError(
            f"{where}no codes given; name codes or prefixes such as PV2,PV401 (an empty "
            "selection would turn every rule off)"
        )
    return tuple(found)


_FIRST, _LAST = min(RULES), max(RULES)
