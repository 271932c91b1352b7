"""What an HTML page states, pulled out of its markup: the only module that parses HTML.

:func:`signals` decodes the page, parses it once with lxml and collects, as plain data
(:class:`Signals`): the ``<html lang>`` and ``content-language``, ``<base>``, ``<link
rel=canonical>`` and the ``hreflang`` alternates, the ``<meta>`` properties (OpenGraph,
``article:*``, ``author``, ``date``), ``<title>``, the structured data (JSON-LD, microdata and
RDFa, pulled out by extruct and shaped as JSON-LD for :mod:`provenance.formats.jsonld`), the
main text's paragraphs (trafilatura) and, when the markup states no date, the date htmldate
finds. Nothing here decides what the page means: :mod:`provenance.pages._merge` does.

lxml, extruct, trafilatura and htmldate are the ``web`` extra; :func:`require` imports them
on first use and says which extra to install when they are missing. Their log records and
warnings never reach the user: a page is input, and what they say about it is not ours to
print.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import attrs

from provenance.errors import MissingExtraError

__all__ = ["MARKUP_DATE_KEYS", "MAX_BYTES", "Signals", "decode", "require", "signals"]

MAX_BYTES = 8 * 2**20
"""Pages longer than this (8 MiB) are not read: no news article is, and the parsers' work
grows with the page."""

_EXTRA = ("lxml", "extruct", "trafilatura", "htmldate", "warcio", "py3langid")
_QUIET_LOGGERS = ("trafilatura", "htmldate", "extruct", "rdflib", "pyRdfa", "courlan", "justext")


@functools.cache
def require() -> dict[str, ModuleType]:
    """The ``web`` extra's modules, imported once; a missing one raises
    :class:`~provenance.errors.MissingExtraError` naming the extra."""
    import importlib

    modules: dict[str, ModuleType] = {}
    for name in (
        "lxml.html",
        "extruct.jsonld",
        "extruct.w3cmicrodata",
        "extruct.uniform",
        "trafilatura",
        "htmldate",
    ):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                modules[name] = importlib.import_module(name)
        except ImportError as error:
            raise MissingExtraError("web", _EXTRA, str(error)) from None
    for logger in _QUIET_LOGGERS:
        # A library that logs a warning about a page would print it on stderr through
        # logging's last-resort handler; a null handler keeps it for those who configure
        # logging themselves.
        logging.getLogger(logger).addHandler(logging.NullHandler())
    return modules


# -- decoding ------------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def decode(content: str | bytes, encoding: str | None = None) -> tuple[str, list[str]]:
    """The page as text, decoded as the JSON-LD reader decodes pages (a byte order mark, the
    ``encoding`` given, the page's ``<meta charset>`` unless the bytes are valid UTF-8,
    UTF-8, windows-1252), and notes on what decoding could not keep:
    :func:`provenance.formats._html_page.decode`."""
    from provenance.formats._html_page import decode as decode_page

    return decode_page(content, encoding=encoding)


# -- what the markup states ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Signals:
    """Everything the page states, unmerged. URLs are absolute (resolved against ``base``)."""

    url: str | None = None  # the page's address, as the caller gave it
    base: str | None = None  # what relative URLs resolve against
    lang: str | None = None  # <html lang>
    content_language: str | None = None  # <meta http-equiv="content-language">
    title: str | None = None  # <title>
    canonical: str | None = None  # <link rel="canonical">
    meta: Mapping[str, str] = attrs.field(factory=dict)  # first non-empty content per key
    editions: tuple[tuple[str, str], ...] = ()  # (hreflang as written, absolute URL)
    structured: tuple[tuple[str, Any], ...] = ()  # (syntax, JSON-LD-shaped data)
    broken: tuple[str, ...] = ()  # why a structured-data block could not be read
    paragraphs: tuple[str, ...] = ()  # the main text, paragraph by paragraph
    found_date: str | None = None  # htmldate's date, when the markup states none
    byline: str | None = None  # the visible author line, if the page marks one
    headings: tuple[str, ...] = ()  # the texts of the first <h1> elements
    date_texts: tuple[str, ...] = ()  # short visible texts that may give the date
    text_language: tuple[str, float] | None = None  # (tag, probability), when none is stated
    decoding: tuple[str, ...] = ()  # what decoding the bytes could not keep (a loss)


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _absolute(base: str | None, href: str | None) -> str | None:
    href = _text(href)
    if href is None:
        return None
    try:
        joined = urljoin(base, href) if base else href
    except ValueError:
        return None
    return joined if urlsplit(joined).scheme in ("http", "https") else None


_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")


def _has_date(data: Any) -> bool:
    return any(_has_key(data, key) for key in _DATE_KEYS)


def _has_key(data: Any, key: str) -> bool:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


MARKUP_DATE_KEYS = (
    "article:published_time",
    "time[datetime]",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "date",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
)
"""The ``<meta>`` keys (lower-cased ``property``, ``name`` or ``itemprop``) that date a page,
in order of trust; ``time[datetime]`` is the article's ``<time datetime>``."""


def signals(
    content: str | bytes, *, url: str | None = None, encoding: str | None = None
) -> Signals:
    """Parse a page and collect what it states. Raises :class:`ValueError` with a reason
    when the content is no HTML page at all (empty, or binary)."""
    modules = require()
    if len(content) > MAX_BYTES:
        raise ValueError(f"{len(content):,} bytes: longer than any article page (limit 8 MiB)")
    if isinstance(content, bytes):
        _refuse_binary(content)
    text, decoding = decode(content, encoding)
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ValueError("the page is empty")
    if "<" not in text[:8192]:
        raise ValueError("no HTML markup: this is not an HTML page")
    lxml_html = modules["lxml.html"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = lxml_html.document_fromstring(text)
    except Exception as error:  # lxml's ParserError and XMLSyntaxError both
        raise ValueError(f"not an HTML page the parser can read ({error})") from None
    signals = _collect(tree, url, modules)
    return attrs.evolve(signals, decoding=tuple(decoding)) if decoding else signals


_MAGIC = {
    b"\x1f\x8b": "gzip-compressed data: decompress it first",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _refuse_binary(content: bytes) -> None:
    for magic, what in _MAGIC.items():
        if content.startswith(magic):
            raise ValueError(f"{what}, not an HTML page")
    head = content[:2048]
    if head and len(_CONTROL.findall(head)) * 20 > len(head):
        raise ValueError("binary data (control bytes), not an HTML page")


def _collect(tree: Any, url: str | None, modules: dict[str, ModuleType]) -> Signals:
    base = url
    base_element = next(iter(tree.iter("base")), None)
    if base_element is not None:
        base = _absolute(url, base_element.get("href")) or base
    lang = _text(tree.get("lang") or tree.get("xml:lang"))
    meta: dict[str, str] = {}
    content_language = None
    for element in tree.iter("meta"):
        value = _text(element.get("content"))
        if value is None:
            continue
        equiv = (element.get("http-equiv") or "").strip().lower()
        if equiv == "content-language":
            content_language = content_language or value
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and key not in meta:
                meta[key] = value
    canonical = None
    editions: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel and canonical is None:
            canonical = _absolute(base, element.get("href"))
        hreflang = _text(element.get("hreflang"))
        if "alternate" in rel and hreflang:
            target = _absolute(base, element.get("href"))
            if target is not None and (hreflang, target) not in seen:
                seen.add((hreflang, target))
                editions.append((hreflang, target))
    title_element = next(iter(tree.iter("title")), None)
    title = _text(title_element.text_content()) if title_element is not None else None
    structured, broken = _structured(tree, base, modules)
    byline = _byline(tree)
    time_element = _article_time(tree)
    if time_element is not None and _text(time_element.get("datetime")):
        meta.setdefault("time[datetime]", _text(time_element.get("datetime")) or "")
    date_texts = [
        text
        for text in (_text(e.text_content()) for e in _xpath(_DATE_XPATH)(tree)[:12])
        if text and len(text) <= 120
    ]
    if title and len(title) <= 120:
        date_texts.append(title)  # last: "Una solución … - 07.12.2017 - LA NACION"
    found_date = None
    if not any(key in meta for key in MARKUP_DATE_KEYS) and not any(
        _has_date(data) for _, data in structured
    ):
        found_date = _find_date(tree, url, modules)
    headings = tuple(
        text
        for text in (_text(h.text_content()) for h in tree.xpath("//h1")[:5])
        if text and len(text) <= 400
    )
    paragraphs = _main_text(tree, url, modules)  # last: trafilatura prunes the tree it reads
    text_language = None
    if not (lang or content_language or meta.get("og:locale")) and not any(
        _has_key(data, "inLanguage") for _, data in structured
    ):
        text_language = _language_of(" ".join(paragraphs)[:5000] or (title or ""))
    return Signals(
        url=url,
        base=base,
        lang=lang,
        content_language=content_language,
        title=title,
        canonical=canonical,
        meta=meta,
        editions=tuple(editions),
        structured=tuple(structured),
        broken=tuple(broken),
        paragraphs=paragraphs,
        found_date=found_date,
        byline=byline,
        headings=headings,
        text_language=text_language,
        date_texts=(*date_texts, *(p for p in paragraphs[:6] if len(p) <= 120)),
    )


def _structured(
    tree: Any, base: str | None, modules: dict[str, ModuleType]
) -> tuple[list[tuple[str, Any]], list[str]]:
    """JSON-LD (each script on its own, so one broken script costs only itself), then
    microdata and RDFa, both shaped as schema.org JSON-LD."""
    found: list[tuple[str, Any]] = []
    broken: list[str] = []
    extractor = modules["extruct.jsonld"].JsonLdExtractor()
    scripts = tree.xpath('//script[@type="application/ld+json" or @type="application/ld+json;"]')
    for number, script in enumerate(scripts, 1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                items = extractor.extract_items(script, base_url=base)
        except Exception as error:
            reason = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
            broken.append(f'<script type="application/ld+json"> number {number}: {reason}')
            continue
        if items:
            found.append(("json-ld", items))
    if tree.xpath("boolean(//*[@itemscope])"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                items = (
                    modules["extruct.w3cmicrodata"]
                    .MicrodataExtractor()
                    .extract_items(tree, base_url=base)
                )
                shaped = modules["extruct.uniform"]._umicrodata_microformat(
                    items, schema_context="https://schema.org"
                )
        except Exception as error:
            broken.append(f"microdata: {error}"[:200])
        else:
            schema = [item for item in shaped if _is_schema(item)]
            if schema:
                found.append(("microdata", schema))
    if tree.xpath("boolean(//*[@typeof][contains(@vocab, 'schema.org') or @vocab])"):
        rdfa = _rdfa(tree, base, broken)
        if rdfa:
            found.append(("rdfa", rdfa))
    return found, broken


def _is_schema(item: Any) -> bool:
    return isinstance(item, dict) and "schema.org" in str(item.get("@context", ""))


_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/")


def _rdfa(tree: Any, base: str | None, broken: list[str]) -> list[dict[str, Any]]:
    """RDFa with schema.org's vocabulary, compacted from extruct's expanded JSON-LD."""
    from lxml import etree

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from extruct.rdfa import RDFaExtractor
            from extruct.xmldom import XmlDomHTMLParser

            markup = etree.tostring(tree, encoding="unicode")
            document = etree.fromstring(markup.encode("utf-8"), parser=XmlDomHTMLParser())
            expanded = RDFaExtractor().extract_items(document, base_url=base)
    except Exception as error:
        broken.append(f"RDFa: {error}"[:200])
        return []
    nodes = []
    for node in expanded:
        if not isinstance(node, dict):
            continue
        types = [t for t in node.get("@type", []) if isinstance(t, str)]
        if not any(t.startswith(_SCHEMA_PREFIXES) for t in types):
            continue
        nodes.append(_compact(node))
    if nodes:
        return [{"@context": "https://schema.org", "@graph": nodes}]
    return []


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    compact: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@type":
            compact["@type"] = [_local(t) for t in value] if isinstance(value, list) else value
        elif key == "@id":
            compact["@id"] = value
        elif key.startswith(_SCHEMA_PREFIXES):
            values = [_value(v) for v in (value if isinstance(value, list) else [value])]
            compact[_local(key)] = values[0] if len(values) == 1 else values
    return compact


def _local(name: str) -> str:
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _value(value: Any) -> Any:
    if isinstance(value, dict):
        if "@value" in value:
            return value["@value"]
        if "@id" in value:
            return {"@id": value["@id"]}
    return value


# Compiled once; plain contains() on @class costs half what translate() to lower case does.
_DATE_XPATH = (
    "//time | //*[@class][contains(@class, 'date') or contains(@class, 'Date') or "
    "contains(@class, 'time') or contains(@class, 'Time') or contains(@class, 'publish')]"
)
_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or "
    "contains(@class, 'author')]"
)


@functools.cache
def _xpath(expression: str) -> Any:
    from lxml import etree

    return etree.XPath(expression)


def _byline(tree: Any) -> str | None:
    for element in _xpath(_BYLINE_XPATH)(tree)[:3]:
        text = _text(element.text_content())
        if text and len(text) <= 120:
            return text
    return None


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _language_of(text: str) -> tuple[str, float] | None:
    """The language of a text, by py3langid, with its probability; None for too little text
    or when py3langid is not installed."""
    if len(text) < 40:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tag, probability = _identifier().classify(text)
    except ImportError:
        return None
    return str(tag), float(probability)


def _article_time(tree: Any) -> Any:
    """The ``<time datetime>`` that dates the article itself: one marked ``pubdate``, else the
    first inside the ``<article>`` that holds the page's ``<h1>``, else the first inside the
    page's only ``<article>``. A page with several ``<article>`` elements and no headline in
    any of them is a listing (related posts, a blog's front page): the first ``<time>`` there
    dates another article, so none is taken."""
    marked = tree.xpath("//time[@pubdate][@datetime]")
    if marked:
        return marked[0]
    articles = tree.xpath("//article")
    main = next((a for a in articles if a.xpath(".//h1")), None)
    if main is None and len(articles) == 1:
        main = articles[0]
    if main is None:
        return None
    return next(iter(main.xpath(".//time[@datetime]")), None)


def _find_date(tree: Any, url: str | None, modules: dict[str, ModuleType]) -> str | None:
    """htmldate's date for a page whose markup states none, from its fast search (markup
    and address). Its extensive search is not used: it hands text to dateparser, whose
    first use in a process costs seconds (0.3 s to 4 s a page measured), for one more right
    date in a 431-page sample; the date lines the page prints are read instead
    (:mod:`provenance.pages._dateline`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found: str | None = modules["htmldate"].find_date(
                tree, extensive_search=False, original_date=True, url=url
            )
    except Exception:
        return None
    return found


def _main_text(tree: Any, url: str | None, modules: dict[str, ModuleType]) -> tuple[str, ...]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = modules["trafilatura"].bare_extraction(
                tree,
                url=url,
                fast=True,
                include_comments=False,
                include_tables=False,
                with_metadata=False,
            )
    except Exception:
        return ()
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        return ()
    return tuple(_paragraphs(text))


def _paragraphs(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        cleaned = _text(line)
        if cleaned:
            yield cleaned
