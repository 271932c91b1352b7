"""Validation: every rule of the catalog, as findings with paths, never an exception.

Three entry points:

- :func:`iter_findings` yields them in the order the rules run, filtered by code;
- :func:`validate` returns them sorted in document order;
- :func:`check` raises :class:`~provenance.errors.CheckError` when any is at or above a severity.

The rules themselves are in :mod:`provenance._rules`.

>>> from provenance import examples
>>> validate(examples.get("shafaqna"))
()
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Collection, Iterator, Mapping

from provenance import dates
from provenance._arguments import expect_lineage
from provenance._choices import enum_value
from provenance._rules import Checker
from provenance.errors import CheckError
from provenance.findings import Finding, Severity, matches, rule_codes
from provenance.model import Lineage

__all__ = ["check", "iter_findings", "validate"]


def iter_findings(
    lineage: Lineage,
    *,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | str | None = None,
    ignore: Collection[str] | str = (),
    today: dt.date | None = None,
) -> Iterator[Finding]:
    """Yield the findings of every rule, in the order the rules run.

    ``texts`` maps version ids to their text, for the digest check PV502. ``select`` keeps only
    the codes named (full codes or prefixes such as ``PV2``, as a list or one comma-separated
    string), ``ignore`` drops codes. A code that names no rule raises :class:`ValueError`, as
    ``--select`` does: a typo must not turn validation off. ``today`` fixes the clock for the
    far-future check.
    """
    return iter(_findings(lineage, texts, select, ignore, today, "iter_findings"))


def validate(
    lineage: Lineage,
    *,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | str | None = None,
    ignore: Collection[str] | str = (),
    today: dt.date | None = None,
) -> tuple[Finding, ...]:
    """Every finding, sorted in document order. An empty tuple means a clean lineage."""
    found = _findings(lineage, texts, select, ignore, today, "validate")
    if not found:
        return ()
    return tuple(sorted(found, key=Finding.sort_key))


def _findings(
    lineage: Lineage,
    texts: Mapping[str, str] | None,
    select: Collection[str] | str | None,
    ignore: Collection[str] | str,
    today: dt.date | None,
    caller: str,
) -> list[Finding]:
    expect_lineage(lineage, caller)
    chosen = None if select is None else _codes(select, "select")
    dropped = _codes(ignore, "ignore") if isinstance(ignore, str) or ignore else ()
    if texts:
        unknown = [vid for vid in texts if not lineage.has_version(vid)]
        if unknown:
            raise ValueError(f"texts= names versions the lineage does not have: {unknown}")
    found = Checker(lineage, texts or {}, today or _today()).run()
    if found and (chosen is not None or dropped):  # all rules ran: they share their indexes
        found = [
            f
            for f in found
            if (chosen is None or matches(f.code, chosen))
            and not (dropped and matches(f.code, dropped))
        ]
    return found


def _codes(codes: Collection[str] | str, name: str) -> tuple[str, ...]:
    """The codes checked against the catalog; the same tuple or string is checked once (a
    batch validates a million lineages with the same selection)."""
    if isinstance(codes, str | tuple | frozenset):
        try:
            return _checked_codes(codes, name)
        except TypeError:  # a tuple holding a list: unhashable, and not codes
            pass
    return rule_codes(codes, name)


@functools.lru_cache(maxsize=64)
def _checked_codes(codes: tuple[str, ...] | frozenset[str] | str, name: str) -> tuple[str, ...]:
    return rule_codes(codes, name)


def check(
    lineage: Lineage,
    *,
    fail_on: Severity | str = Severity.ERROR,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | str | None = None,
    ignore: Collection[str] | str = (),
    today: dt.date | None = None,
) -> Lineage:
    """Return the lineage if no finding is at or above ``fail_on``; raise otherwise.

    >>> from provenance import examples
    >>> check(examples.get("shafaqna")).subject
    'en-article'
    """
    threshold = enum_value(Severity, fail_on, "fail_on").rank
    found = _findings(lineage, texts, select, ignore, today, "check")
    findings = sorted(found, key=Finding.sort_key)
    failing = [f for f in findings if f.severity.rank >= threshold]
    if failing:
        raise CheckError(failing)
    return lineage


def _today() -> dt.date:
    """Today in UTC, asked of the clock at most once a second (a pipeline validates thousands
    of lineages a second, and the far-future check needs only the day)."""
    return _day_of(int(time.time()))


@functools.lru_cache(maxsize=2)
def _day_of(second: int) -> dt.date:
    return dates.today()
