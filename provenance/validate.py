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
from provenance._rules import Checker
from provenance.errors import CheckError
from provenance.findings import Finding, Severity, matches
from provenance.model import Lineage

__all__ = ["check", "iter_findings", "validate"]


def iter_findings(
    lineage: Lineage,
    *,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    today: dt.date | None = None,
) -> Iterator[Finding]:
    """Yield the findings of every rule, in the order the rules run.

    ``texts`` maps version ids to their text, for the digest check PV502. ``select`` keeps only
    the codes named (full codes or prefixes such as ``PV2``), ``ignore`` drops codes. ``today``
    fixes the clock for the far-future check.
    """
    yield from _findings(lineage, texts, select, ignore, today)


def validate(
    lineage: Lineage,
    *,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    today: dt.date | None = None,
) -> tuple[Finding, ...]:
    """Every finding, sorted in document order. An empty tuple means a clean lineage."""
    found = _findings(lineage, texts, select, ignore, today)
    if not found:
        return ()
    return tuple(sorted(found, key=Finding.sort_key))


def _findings(
    lineage: Lineage,
    texts: Mapping[str, str] | None,
    select: Collection[str] | None,
    ignore: Collection[str],
    today: dt.date | None,
) -> list[Finding]:
    if isinstance(select, str):
        select = (select,)  # one code, not its letters
    if isinstance(ignore, str):
        ignore = (ignore,)
    if texts:
        unknown = [vid for vid in texts if not lineage.has_version(vid)]
        if unknown:
            raise ValueError(f"texts= names versions the lineage does not have: {unknown}")
    found = Checker(lineage, texts or {}, today or _today()).run()
    if found and (select is not None or ignore):  # all rules ran: they share their indexes
        found = [
            f
            for f in found
            if (select is None or matches(f.code, select))
            and not (ignore and matches(f.code, ignore))
        ]
    return found


def check(
    lineage: Lineage,
    *,
    fail_on: Severity | str = Severity.ERROR,
    texts: Mapping[str, str] | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    today: dt.date | None = None,
) -> Lineage:
    """Return the lineage if no finding is at or above ``fail_on``; raise otherwise.

    >>> from provenance import examples
    >>> check(examples.get("shafaqna")).subject
    'en-article'
    """
    threshold = Severity(fail_on).rank
    findings = validate(lineage, texts=texts, select=select, ignore=ignore, today=today)
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
