"""Web archives: the HTML pages of a WARC file, one at a time (the only module importing warcio).

:func:`records` streams a WARC (``.warc`` or ``.warc.gz``) with warcio's ``ArchiveIterator``
and yields a :class:`PageInput` for each HTML response: its bytes, target URI, capture date
and the charset its HTTP header states. Only one record is in memory at a time, and a record
is read up to :data:`~provenance.pages._html.MAX_BYTES`, so memory stays flat however large
the archive. Responses that are not HTML (images, scripts, redirects, errors) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import attrs

from provenance.errors import MissingExtraError, ParseError, Problem
from provenance.pages._html import MAX_BYTES

__all__ = ["PageInput", "records"]


@attrs.frozen(kw_only=True)
class PageInput:
    """One page to read: its bytes, address, capture date and declared charset.

    ``note`` says why a page has no content (longer than the limit): the task reports it.
    """

    content: bytes | str
    url: str | None = None
    captured: str | None = None
    encoding: str | None = None
    note: str | None = None


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def charset(content_type: str | None) -> str | None:
    """The charset of a ``Content-Type`` header value, if it names one."""
    found = _CHARSET.search(content_type or "")
    return found.group(1) if found else None


def _is_html(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() in _HTML_TYPES


def records(stream: IO[bytes], *, source: str | None = None) -> Iterator[PageInput]:
    """The HTML pages of a WARC stream, in archive order.

    Raises :class:`~provenance.ParseError` (located by the record's number) when the stream
    is not a WARC file or breaks off inside one.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as error:
        raise MissingExtraError("web", ("warcio",), str(error)) from None
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if not _plausible(record):
                raise ValueError("its header is neither WARC nor ARC (is this an HTML page?)")
            page = _page(record)
            if page is not None:
                yield page
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        where = f"at record {number}" if number else "at its start"
        raise ParseError(
            [Problem((), f"not a readable WARC file {where}: {detail}")], source=source
        ) from None


def _plausible(record: Any) -> bool:
    """warcio reads any line of words as an old ARC header; a real one starts with a URL."""
    if record.format != "arc":
        return True
    uri = record.rec_headers.get_header("uri") or ""
    return "://" in uri or uri.startswith("filedesc:")


def _page(record: Any) -> PageInput | None:
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    captured = headers.get_header("WARC-Date")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = (http.get_statuscode() or "") if hasattr(http, "get_statuscode") else ""
        if not status.startswith("2"):
            return None
        content_type = http.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    if not _is_html(content_type):
        return None
    content = record.content_stream().read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return PageInput(
            content=b"",
            url=uri,
            captured=captured,
            note=f"longer than {MAX_BYTES // 2**20} MiB: not read",
        )
    return PageInput(content=content, url=uri, captured=captured, encoding=charset(content_type))
