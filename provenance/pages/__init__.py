"""Read a lineage off a web page or a web archive: a page in, its lineage out.

:func:`read` takes an HTML page (text, or bytes in any encoding) and returns the
:class:`~provenance.Lineage` it states: its structured data (JSON-LD, microdata, RDFa), its
visible credit line ("Translated from Persian by …") and its page signals (``<html lang>``,
OpenGraph, ``<link rel=canonical>``, dates), merged in that order of trust. A page that states
no derivation still gives a lineage: one version, the page, with its language, title,
publisher, date and address, so every page can get a badge.

:func:`read_with_evidence` returns a :class:`PageReading`: the same lineage, where each field
came from (:class:`Evidence`), the page's other language editions (:class:`Edition`) and the
PV6xx findings, what the page states against itself (its ``<html lang>`` against its
JSON-LD's ``inLanguage``, its credit line against its structured data). :func:`read_warc`
streams the pages of a WARC file, and :func:`page_task` reads pages in a
:mod:`provenance.batch` pipeline.

Needs the ``web`` extra (``pip install 'news-provenance[web]'``: lxml, extruct, trafilatura,
htmldate, warcio); without it these functions raise :class:`~provenance.errors.MissingExtraError`
naming it. The rules are in the guide "Reading pages and archives".

>>> page = '''<html lang="en"><head><title>Floods in Kerala</title>
... <meta property="og:site_name" content="Daily Example"></head>
... <body><article><p>Heavy rain flooded the coast of Kerala on Monday.</p>
... <p>Translated from Malayalam by Anna Thomas.</p></article></body></html>'''
>>> lineage = read(page, url="https://example.org/floods")
>>> lineage.languages(), lineage.subject_version.title
(('ml', 'en'), 'Floods in Kerala')
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs

from provenance._limits import DEFAULT_MAX_SOURCES, check_sources_limit, refuse_wide_steps
from provenance.batch import Result
from provenance.errors import LossWarning, ParseError, Problem, ProvenanceError
from provenance.model import Lineage
from provenance.pages._merge import Edition, Evidence, PageReading, merge
from provenance.pages._warc import PageInput

__all__ = [
    "Edition",
    "Evidence",
    "PageInput",
    "PageReading",
    "PageTask",
    "page_task",
    "read",
    "read_pages",
    "read_warc",
    "read_with_evidence",
]


def read_with_evidence(
    html: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    captured: str | None = None,
    source: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> PageReading:
    """Read a page: its lineage, the evidence of each field, its editions and findings.

    ``url`` is the page's address (relative links resolve against it, or against the page's
    ``<base>``); ``encoding`` the charset an HTTP header gave for bytes; ``captured`` the date
    an archive fetched it (kept in ``extensions["page"]``). Content that is no HTML page
    (empty, binary, over 8 MiB) raises :class:`~provenance.ParseError`, naming ``source``, as
    does a work based on more than ``max_sources`` others (1,000 by default; ``None`` for no
    limit; ``docs/limits.md``).

    >>> page = '''<html lang="fa"><head>
    ... <script type="application/ld+json">{"@context": "https://schema.org",
    ...  "@type": "NewsArticle", "headline": "Floods", "inLanguage": "en"}</script>
    ... </head><body><p>...</p></body></html>'''
    >>> reading = read_with_evidence(page)
    >>> reading.lineage.subject_version.language, [f.code for f in reading.findings]
    ('en', ['PV601'])
    """
    from provenance.pages import _html

    limit = check_sources_limit(max_sources)
    if not isinstance(html, (str, bytes, bytearray)):
        raise TypeError(f"read() takes the page as str or bytes, not {type(html).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    try:
        signals = _html.signals(
            bytes(html) if isinstance(html, bytearray) else html, url=url, encoding=encoding
        )
    except ValueError as error:
        raise ParseError([Problem((), str(error))], source=source) from None
    reading = merge(signals, captured=captured)
    steps = (((), step.target, len(step.sources)) for step in reading.lineage.derivations)
    refuse_wide_steps(steps, limit, source=source)
    return reading


def read(
    html: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """The lineage a page states (see the module's doc); :func:`read_with_evidence` also
    gives where each field came from and the PV6xx findings. What the structured data held
    that could not be used (a date that is no date) is a :class:`~provenance.LossWarning`,
    as when JSON-LD is read on its own."""
    reading = read_with_evidence(html, url=url, encoding=encoding, max_sources=max_sources)
    for lost in reading.losses:
        warnings.warn(LossWarning(lost), stacklevel=2)
    return reading.lineage


def read_warc(stream: IO[bytes], *, source: str | None = None) -> Iterator[PageInput]:
    """The HTML pages of a WARC stream (``.warc`` or ``.warc.gz``), one at a time, each with
    its target URI and capture date; give them to :func:`read_with_evidence` or a
    :func:`page_task`. Non-HTML records are skipped; memory stays flat."""
    from provenance.pages._warc import records

    return records(stream, source=source)


@attrs.frozen(kw_only=True)
class PageTask:
    """A :mod:`provenance.batch` task reading pages: an item is a :class:`PageInput` (or
    the page's text or bytes); ``output`` is the compact native lineage, ``findings`` the
    PV6xx findings, ``warnings`` what reading dropped, ``name`` the page's address. It never
    raises: a page that cannot be read is a failed result. Build with :func:`page_task`."""

    to: str = "native"
    max_sources: int | None = attrs.field(
        default=DEFAULT_MAX_SOURCES, validator=lambda _, __, value: check_sources_limit(value)
    )

    def __call__(self, item: Any, *, line: int, source: str | None = None) -> Result:
        page = item if isinstance(item, PageInput) else PageInput(content=item)
        name = page.url
        if page.note is not None:
            return attrs.evolve(Result.failure(line, source, page.note), name=name)
        try:
            reading = read_with_evidence(
                page.content,
                url=page.url,
                encoding=page.encoding,
                captured=page.captured,
                source=source,
                max_sources=self.max_sources,
            )
            output, losses = _export(reading.lineage, self.to)
        except ParseError as error:
            message = "; ".join(p.message for p in error.problems)
            return attrs.evolve(Result.failure(line, source, message, error.problems), name=name)
        except ProvenanceError as error:
            return attrs.evolve(Result.failure(line, source, str(error)), name=name)
        except Exception as error:
            return attrs.evolve(
                Result.failure(
                    line,
                    source,
                    f"unexpected {type(error).__name__}: {error} (a bug in provenance: please "
                    "report it with this page)",
                ),
                name=name,
            )
        return Result(
            line=line,
            source=source,
            output=output,
            findings=reading.findings,
            warnings=(*reading.losses, *losses),
            name=name,
        )


def _export(lineage: Lineage, to: str) -> tuple[str, list[str]]:
    from provenance import formats

    if to == "native":
        from provenance.formats import native

        return native.dumps(lineage), []
    module = formats.get(to)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        text: str = module.dumps(lineage)
    return text, [str(w.message) for w in caught if issubclass(w.category, LossWarning)]


def page_task(*, to: str = "native", max_sources: int | None = DEFAULT_MAX_SOURCES) -> PageTask:
    """A task reading pages, for :func:`provenance.batch.run_items` and
    :func:`provenance.dask.read_pages`; ``to`` is the format of the output (compact native
    JSON by default), ``max_sources`` as in :func:`read_with_evidence`.
    Checks now that the ``web`` extra is installed and ``to`` is a format.

    >>> import json
    >>> task = page_task()
    >>> result = task('<html lang="de"><title>Hochwasser</title></html>', line=1)
    >>> result.ok, json.loads(result.output)["versions"]
    (True, [{'id': 'page', 'language': 'de', 'title': 'Hochwasser'}])
    """
    from provenance import formats
    from provenance.pages import _html

    formats.get(to)
    _html.require()
    return PageTask(to=to, max_sources=max_sources)


def read_pages(items: Iterable[PageInput | str | bytes], **run_options: Any) -> Iterator[Result]:
    """:func:`provenance.batch.run_items` with :func:`page_task`."""
    from provenance import batch

    return batch.run_items(page_task(), items, **run_options)
