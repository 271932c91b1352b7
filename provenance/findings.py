"""Findings, severities and the rule catalog.

A :class:`Finding` is data: a stable code, a severity, a message, a path into the native JSON
document and, where one exists, a fix. The catalog (:data:`RULES`) is the single list of codes;
codes are never renumbered.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from provenance.errors import format_path

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "matches",
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
