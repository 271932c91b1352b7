"""An HTML page as the JSON-LD reader needs it: its text, its scripts and what it says of itself.

:func:`decode` turns a page's bytes into text the way a browser would, but for saved pages:
a byte order mark, then the encoding the caller was told (an HTTP ``Content-Type`` or WARC
header), then the page's own ``<meta charset>``, then UTF-8, then windows-1252, the web's
default. :class:`Page` collects the ``<script type="application/ld+json">`` elements with
where they start, and the page's ``<html lang>``, ``<base href>`` and canonical link.

Everything here runs in time linear in the page: pages are hostile input, and a script of a
hundred thousand spaces must cost no more than reading it.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

__all__ = ["Page", "Script", "decode", "unwrap"]

# How far into a page its <meta charset> is looked for. The HTML standard's prescan stops
# after 1,024 bytes; real pages put the declaration later (a Polish daily at byte 2,045).
_PRESCAN = 8192
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# Labels the web treats as windows-1252 (WHATWG Encoding): a page that says ISO-8859-1 means it.
_WINDOWS_1252 = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "l1",
        "ascii",
        "us-ascii",
        "iso_8859-1",
        "cp819",
        "ibm819",
        "windows-1252",
        "cp1252",
        "x-cp1252",
    }
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _codec(label: str) -> str | None:
    """Python's codec for an encoding label, or None for a label no codec answers to."""
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _c1_controls(error: UnicodeError) -> tuple[str, int]:
    """Decode the five bytes windows-1252 leaves undefined as browsers do: as C1 controls."""
    assert isinstance(error, UnicodeDecodeError)
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("provenance-c1-controls", _c1_controls)


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="provenance-c1-controls")


def _decode_as(data: bytes, codec: str, label: str, notes: list[str]) -> str:
    if codec == "cp1252":
        return _cp1252(data)
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    if bad:
        notes.append(f"{bad} byte sequence(s) that are not {label} (read as U+FFFD)")
    return text


def decode(data: str | bytes | bytearray, *, encoding: str | None = None) -> tuple[str, list[str]]:
    """The text of a page, and notes on what decoding it could not keep.

    Text is returned as it is (less a byte order mark). Bytes are decoded by the first of: a
    byte order mark; ``encoding``, the charset the caller was told (an HTTP or WARC header,
    as a charset name or a whole ``Content-Type`` value);
    the page's ``<meta charset>`` or ``http-equiv`` declaration in its first 8 KiB; UTF-8;
    windows-1252. A page that declares a legacy encoding in its markup but whose bytes are
    valid UTF-8 holding non-ASCII text is read as UTF-8: tools that save pages re-encode them
    and keep the old declaration, and legacy text is practically never valid UTF-8 by chance.
    ``encoding``, being what the server said, is obeyed as given.

    >>> decode(b'<meta charset="iso-8859-1"><p>Gr\\xfc\\xdfe')[0][-5:]
    'Grüße'
    >>> decode("<p>Grüße".encode(), encoding="utf-8")[0]
    '<p>Grüße'
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    data = bytes(data)
    notes: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), notes
    if encoding is not None:
        # A whole Content-Type value is fine too: "text/html; charset=ISO-8859-1".
        named = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", encoding, re.IGNORECASE)
        encoding = named.group(1) if named else encoding
        told = _codec(encoding)
        if told is None:
            notes.append(f"the encoding {encoding!r} it was given (no such encoding)")
        else:
            return _decode_as(data, told, encoding.strip(), notes), notes
    match = _META_CHARSET.search(data, 0, _PRESCAN)
    declared = match.group(1).decode("ascii") if match else None
    found = _codec(declared) if declared is not None else None
    if declared is not None and found is None:
        notes.append(f"the page's declared charset {declared!r} (no such encoding)")
    if found is not None and found not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
        if data.isascii():
            return data.decode("ascii"), notes
        try:
            return data.decode("utf-8"), notes  # a re-saved page: see above
        except UnicodeDecodeError:
            return _decode_as(data, found, declared or found, notes), notes
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError as error:
        if found is not None:  # declared UTF-8 (or UTF-16 without a mark), and it is not
            notes.append(
                f"bytes that are not UTF-8 though the page declares {declared!r} (byte "
                f"{error.start} is 0x{data[error.start]:02x}; read as windows-1252)"
            )
        else:
            notes.append(
                "the page's encoding: it declares none and is not UTF-8 (byte "
                f"{error.start} is 0x{data[error.start]:02x}), so it is read as windows-1252, "
                "the web's default; pass encoding= to read it otherwise"
            )
    return _cp1252(data), notes


class Script:
    """The text of one ``<script type="application/ld+json">`` and where it starts in the
    page (line from 1, column from 0)."""

    __slots__ = ("column", "line", "text")

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text, self.line, self.column = text, line, column


class Page(HTMLParser):
    """Reads a page once: its JSON-LD scripts, ``<html lang>``, ``<base href>`` and the
    ``href`` of its ``<link rel="canonical">`` (each the first one given)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[Script] = []
        self.lang: str | None = None
        self.base: str | None = None
        self.canonical: str | None = None
        self._parts: list[str] | None = None
        self._start = (1, 0)
        self._seen_html = False
        self.feed(text)
        self.close()
        self._finish()  # a script the page never closes ends with the page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(reversed(attrs))
        if tag == "script":
            kind = values.get("type") or ""
            if kind.split(";")[0].strip().lower() == "application/ld+json":
                self._parts = []
                self._start = self.getpos()
        elif tag == "html" and not self._seen_html:
            self._seen_html = True
            lang = values.get("lang") or values.get("xml:lang")
            self.lang = lang.strip() if lang and lang.strip() else None
        elif tag == "base" and self.base is None and (values.get("href") or "").strip():
            self.base = (values.get("href") or "").strip()
        elif tag == "link" and self.canonical is None:
            rel = (values.get("rel") or "").lower().split()
            href = (values.get("href") or "").strip()
            if "canonical" in rel and href:
                self.canonical = href

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._parts is not None:
            if not self._parts:
                self._start = self.getpos()
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._finish()

    def _finish(self) -> None:
        if self._parts is not None:
            self.scripts.append(Script("".join(self._parts), *self._start))
            self._parts = None


_OPENERS = re.compile(r"<!--|(?://|/\*)?[ \t\r\n\f]*<!\[CDATA\[(?:[ \t\r\n\f]*\*/)?")
_WHITE = " \t\r\n\f"


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def unwrap(text: str) -> str:
    """A script's text with the ``<!-- -->`` or ``<![CDATA[ ]]>`` wrappers old templates put
    around the JSON blanked out (line breaks kept, so that positions hold).

    Only the two ends are examined, each once: linear in the text, whatever its length.

    >>> unwrap('//<![CDATA[\\n{"a": 1}\\n//]]>')
    '           \\n{"a": 1}\\n     '
    """
    start = len(text) - len(text.lstrip(_WHITE))
    head = _OPENERS.match(text, start)
    if head is not None:
        text = text[: head.start()] + _blank(head.group()) + text[head.end() :]
    end = len(text.rstrip(_WHITE))
    body = text[:end]
    cut: int | None = None
    if body.endswith("-->"):
        cut = end - 3
    else:
        inner = body
        if inner.endswith("*/"):
            inner = inner[:-2].rstrip(_WHITE)
            if not inner.endswith("]]>"):
                inner = body
        if inner.endswith("]]>"):
            cut = len(inner[:-3].rstrip(_WHITE))
            if inner[:cut].endswith(("//", "/*")):
                cut -= 2
    if cut is None or (head is not None and cut < head.end()):
        return text
    return text[:cut] + _blank(text[cut:end]) + text[end:]
