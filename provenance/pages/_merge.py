"""From what a page states to one lineage, each field with where it came from.

:func:`merge` takes the :class:`~provenance.pages._html.Signals` of a page and builds a
:class:`PageReading`. The order of trust (``docs/guides/pages.md``):

1. **Structured data**: JSON-LD, else microdata, else RDFa, read by
   :func:`provenance.formats.jsonld.from_dict`. What it states about the subject wins.
2. **The visible credit line**: candidate paragraphs of the main text (the first, the last
   three, and short ones that open like a credit: "Source:", "Translated by", "ترجمه") read by
   :func:`provenance.credits.extract` with the page's language and publisher as context. It
   gives the derivations when the structured data states none.
3. **Page signals**: ``<html lang>``, ``content-language``, ``og:locale``; ``og:title``,
   ``<title>``; ``og:site_name``; ``article:published_time`` and other date metas, then
   htmldate; ``<link rel=canonical>``, ``og:url`` and the address given. They fill the gaps.

Where two of them disagree, the stronger is kept and the disagreement is a PV6xx finding
(never silently). Nothing is invented: a page that states no derivation gives one version.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from provenance import dates, languages
from provenance.dates import IsoDate
from provenance.errors import LossWarning, ParseError, value_at
from provenance.findings import RULES, Finding
from provenance.model import Agent, AgentType, Kind, Lineage, Version
from provenance.pages._html import MARKUP_DATE_KEYS, Signals

__all__ = ["Edition", "Evidence", "PageReading", "merge"]

Path = tuple[str | int, ...]


@attrs.frozen
class Evidence:
    """Where one field of the lineage came from: ``path`` into the native JSON, the
    ``value`` there, and the ``source`` on the page (``json-ld``, ``<html lang>``, …)."""

    path: str
    value: Any
    source: str


@attrs.frozen
class Edition:
    """Another language edition of the page (``<link rel="alternate" hreflang>``)."""

    language: str
    url: str


@attrs.frozen(kw_only=True)
class PageReading:
    """A page read: the lineage, the PV6xx findings about the page, the evidence of each
    field, the page's other language editions and the credit line read (if any)."""

    lineage: Lineage
    findings: tuple[Finding, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    editions: tuple[Edition, ...] = ()
    credit_line: str | None = None
    losses: tuple[str, ...] = ()


# -- facts: one value per field, with its source --------------------------------------------------


@attrs.frozen
class _Fact:
    value: Any
    source: str


def _tag(text: str | None) -> str | None:
    """A canonical tag from a page's language value (``en_US``, ``en-us``, ``fa-IR``)."""
    if not text:
        return None
    first = text.split(",")[0].strip().replace("_", "-")
    if not first or first in ("*", "x-default"):
        return None
    return languages.canonical(first)


def _date(text: str | None) -> IsoDate | None:
    if not text:
        return None
    text = text.strip()
    try:
        return dates.parse_iso(text)
    except ValueError:
        pass
    # Datetimes with a space for the T, or seconds fractions beyond ISO's usual, are common.
    normal = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?", r"\1T\2", text)
    normal = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", normal)
    try:
        return dates.parse_iso(normal)
    except ValueError:
        pass
    return dates.parse_lenient(text)


def _first(*facts: _Fact | None) -> _Fact | None:
    return next((fact for fact in facts if fact is not None and fact.value), None)


def _meta(signals: Signals, *keys: str) -> _Fact | None:
    for key in keys:
        value = signals.meta.get(key)
        if value:
            return _Fact(value, f'<meta {key}="…">')
    return None


def _page_language(signals: Signals) -> _Fact | None:
    for value, source in (
        (signals.lang, "<html lang>"),
        (signals.content_language, "content-language"),
        (signals.meta.get("og:locale"), "og:locale"),
        (signals.meta.get("language"), '<meta name="language">'),
        (signals.meta.get("dc.language"), "DC.language"),
    ):
        tag = _tag(value)
        if tag is not None and tag != "und":
            return _Fact(tag, source)
    if signals.text_language is not None:
        tag, probability = signals.text_language
        if probability >= 0.9 and _tag(tag) is not None:
            return _Fact(_tag(tag), f"the language of its text (py3langid, p={probability:.2f})")
    return None


def _page_date(signals: Signals) -> _Fact | None:
    for key in MARKUP_DATE_KEYS:
        value = _date(signals.meta.get(key))
        if value is not None:
            return _Fact(value, f'<meta {key}="…">')
    from provenance.pages._dateline import read_dateline

    value = read_dateline(signals.date_texts)
    if value is not None:
        return _Fact(value, "the date line the page prints")
    found = signals.found_date
    if found and re.fullmatch(r"\d{4}-01-01", found):
        # htmldate completes a year it found alone to 1 January: keep only what was found.
        found = found[:4]
    value = _date(found)
    return _Fact(value, "htmldate (the page's text and markup)") if value is not None else None


# Between a headline and the site's name or section: " - ", " | ", " :: ", " · ", "_" (as
# Chinese portals write it) and the full-width colon of Japanese titles.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»‹›•]|::)\s+|\s*[_：｜]\s*")
_NOT_WORD = re.compile(r"[\W_]+")
# A bracketed note on the pictures after a headline: "(VIDEO)", "（写真＝ロイター）".
_MEDIA_MARKER = re.compile(
    r"\s*[(（\[]\s*(?:写真|映像|動画|photos?|vid[eé]os?|fotos?|фото|видео|فيديو|فيلم|تصاویر|عکس|"
    r"ویدیو)\b[^)）\]]{0,40}[)）\]]\s*$",
    re.IGNORECASE,
)
_HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


# Arabic letters that Persian writes with its own forms: one name, two spellings.
_PERSIAN_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


def _key(text: str | None) -> str:
    """Text without case, spacing and punctuation, for comparing names and headlines."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PERSIAN_FORMS)
    return _NOT_WORD.sub("", folded)


def _clean(text: str | None) -> str | None:
    """A headline or name as a reader sees it: entities decoded (some templates escape them
    twice), all white space one space."""
    if text is None:
        return None
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split()) or None


def _domain_labels(signals: Signals) -> list[str]:
    """The names a site's address gives it: ``www.rnz.de`` → ``rnz``, ``arabic.cnn.com`` →
    ``cnn``, ``arabic``."""
    from urllib.parse import urlsplit

    for address in (signals.url, signals.canonical):
        if not address:
            continue
        host = (urlsplit(address).hostname or "").removeprefix("www.")
        parts = [p for p in host.split(".") if p]
        if len(parts) >= 2:
            body = parts[:-1]
            if len(body) >= 2 and len(body[-1]) <= 3 and body[-1] in _SECOND_LEVEL:
                body = body[:-1]  # co.uk, com.br, com.ar
            return [_key(label) for label in reversed(body) if len(label) >= 2]
    return []


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "or", "ne", "go", "edu"})


def _names_site(segment: str, sites: list[str]) -> bool:
    key = _key(segment)
    if not key:
        return True  # punctuation alone
    if len(segment.split()) > 6:
        return False  # a sentence that holds the site's name ("… ihren Neuen Vipflash")
    return any(site and (key in site or site in key) for site in sites)


def _strip_site(title: str, sites: list[str]) -> tuple[str, str | None]:
    """The headline without the site's name (or section) before or after it, and the part
    taken for the site's name, if any: ``Floods in Kerala | The Hindu`` → ``Floods in
    Kerala``, ``The Hindu``. A part is the site's when it names a known site name or the
    site's address; a last part also when it is short next to the rest (a section name)."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title, None
    site_part = None
    while len(parts) > 1 and _names_site(parts[-1], sites):
        site_part = site_part or parts[-1]
        parts.pop()
    while len(parts) > 1 and _names_site(parts[0], sites):
        site_part = site_part or parts[0]
        parts.pop(0)
    while len(parts) > 1 and len(parts[-1]) <= 25 and len(parts[-1]) * 4 < len(" ".join(parts)):
        parts.pop()  # a section or a date after the headline
    parts[-1] = _MEDIA_MARKER.sub("", parts[-1]) or parts[-1]
    if len(parts) == 1:
        kept = parts[0]
    else:  # separators inside the headline itself stay as written
        first, last = parts[0], parts[-1]
        kept = title[title.find(first) : title.rfind(last) + len(last)]
    return kept, site_part


def _site_names(signals: Signals, publisher: str | None) -> list[str]:
    names = [
        signals.meta.get("og:site_name"),
        signals.meta.get("application-name"),
        signals.meta.get("twitter:site", "").lstrip("@"),
        publisher,
    ]
    return [k for k in (_key(n) for n in names) if len(k) >= 2] + _domain_labels(signals)


def _page_title(signals: Signals, publisher: str | None) -> _Fact | None:
    """The headline: a page's ``<h1>`` when the title metadata holds it (the visible
    headline, cleanly cut), else ``og:title``, ``twitter:title`` or ``<title>`` without the
    site's name."""
    sites = _site_names(signals, publisher)
    found: list[_Fact] = []
    for key in ("og:title", "twitter:title"):
        value = _clean(signals.meta.get(key))
        if value:
            found.append(_Fact(_strip_site(value, sites)[0], f'<meta {key}="…">'))
    if signals.title:
        title = _clean(signals.title)
        if title:
            found.append(_Fact(_strip_site(title, sites)[0], "<title>"))
    for heading in signals.headings:
        text = _clean(heading)
        key = _key(text)
        if not text or len(key) < 4 or _names_site(text, sites):
            continue
        for fact in found:
            whole = _key(fact.value)
            if key in whole and len(key) * 5 >= len(whole) * 2:
                return _Fact(text, "<h1>, as the title metadata has it")
    return found[0] if found else None


def _page_publisher(signals: Signals) -> _Fact | None:
    """The outlet: of ``og:site_name``, ``application-name`` and the site's part of the
    title, the first that the site's address names, else the first; else the address."""
    domains = _domain_labels(signals)
    candidates: list[_Fact] = []
    for key in ("og:site_name", "application-name"):
        value = _clean(signals.meta.get(key))
        if value:
            candidates.append(_Fact(value, f'<meta {key}="…">'))
    sites = [_key(c.value) for c in candidates] + domains
    for key in ("og:title", "twitter:title"):
        value = _clean(signals.meta.get(key))
        part = _strip_site(value, sites)[1] if value else None
        if part:
            candidates.append(_Fact(part, f"the site's part of <meta {key}>"))
    title = _clean(signals.title)
    headline = _clean(signals.meta.get("og:title"))
    rest = _beyond_headline(title, headline) if title and headline else None
    if rest and (_names_site(rest, domains) or _loosely_names_site(rest, domains)):
        part = rest
    else:
        part = _strip_site(title, sites)[1] if title else None
    if part:
        candidates.append(_Fact(part, "the site's part of <title>"))
    # A name the site's address names, and a name before a bare host name ("tucson.com").
    ranked = sorted(
        candidates,
        key=lambda f: (bool(_HOST_NAME.match(f.value)), not _names_site(f.value, domains)),
    )
    if ranked and (_names_site(ranked[0].value, domains) or _HOST_NAME.match(ranked[-1].value)):
        return ranked[0]
    for text in (title, _clean(signals.meta.get("og:title"))):
        for segment in _TITLE_SEPARATORS.split(text or "")[1:] if text else ():
            if (
                len(segment) <= 40  # not a headline that happens to hold the site's name
                and _names_site(segment, domains)
                and not (candidates and _HOST_NAME.match(segment))
            ):
                return _Fact(segment, "the site's part of <title>")  # "Headline - sn.dk - …"
    if candidates:
        return candidates[0]
    end = _title_site(title, _clean(signals.meta.get("og:title")), domains) if title else None
    if end:
        return _Fact(end, "the site's part of <title>")
    if signals.url or signals.canonical:
        from urllib.parse import urlsplit

        host = urlsplit(signals.url or signals.canonical or "").hostname or ""
        if host:
            return _Fact(host.removeprefix("www."), "the page's address")
    return None


# Section and page-type words that stand at a title's end in place of a site's name.
_GENERIC_PARTS = frozenset(
    _key(word)
    for word in [
        "blog",
        "news",
        "home",
        "homepage",
        "start",
        "startseite",
        "aktuell",
        "aktuelles",
        "neu",
        "neues",
        "detail",
        "veranstaltung",
        "veranstaltungen",
        "artikel",
        "nachrichten",
        "meldungen",
        "accueil",
        "actualités",
        "actualites",
        "article",
        "inicio",
        "portada",
        "noticias",
        "noticia",
        "notizie",
        "articolo",
        "home",
        "page",
        "nieuws",
        "wiadomości",
        "новости",
    ]
)
_SENTENCE_END = re.compile(r"[?!…]\s*$")


def _title_site(title: str, headline: str | None, domains: list[str]) -> str | None:
    """The site's name in a ``<title>`` when nothing else names the site. In order: what
    the title holds beyond the headline of ``og:title`` (``Headline - B Vipflash`` with the
    headline ``Headline - B``); an end the address names loosely, by its initials (``Les
    oreilles loin du front`` for loldf.org) or by a word (``Berliner Leichtathletik
    Verband`` for leichtathletik-berlin.de); else the shorter end when it reads as a name:
    at most four words, no figures, no sentence, no section word (``Blog``, ``Aktuelles``)."""
    rest = _beyond_headline(title, headline) if headline else None
    if rest and _reads_as_a_name(rest, domains):
        return rest
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return None
    for end in (parts[-1], parts[0]):  # "Headline - Site" is the more common order
        if len(end.split()) <= 6 and _loosely_names_site(end, domains):
            return end
    end = min((parts[0], parts[-1]), key=len)
    if len(end) <= 40 and len(end) * 2 < len(title) and _reads_as_a_name(end, domains):
        return end
    return None


def _beyond_headline(title: str, headline: str) -> str | None:
    """What a ``<title>`` holds before or after the headline ``og:title`` gives, when that
    is a short name: ``Weinlachgummi´s Naschtüte: [Rezi] Love is War`` with the headline
    ``[Rezi] Love is War`` holds ``Weinlachgummi´s Naschtüte``."""
    rest = ""
    if len(headline) < len(title):
        if title.startswith(headline):
            rest = title[len(headline) :]
        elif title.endswith(headline):
            rest = title[: -len(headline)]
    rest = rest.strip(" -–—|:·»«‹›•_")
    if not rest or len(rest) > 40 or _TITLE_SEPARATORS.search(rest):
        return None  # nothing, or parts of its own ("National News | tucson.com")
    return rest


def _loosely_names_site(part: str, domains: list[str]) -> bool:
    words = [_key(w) for w in re.split(r"[\s\-–/&.,()]+", part) if _key(w)]
    if not words or not domains:
        return False
    initials = "".join(w[0] for w in words if len(w) >= 2)  # not the e and V of "e. V."
    for label in domains:
        if len(initials) >= 3 and label.startswith(initials):
            return True
        if any(len(w) >= 4 and w in label for w in words):
            return True
    return False


def _reads_as_a_name(part: str, domains: list[str]) -> bool:
    if _names_site(part, domains):
        return True
    return (
        len(part.split()) <= 4
        and not any(c.isdigit() for c in part)
        and not _SENTENCE_END.search(part)
        and _key(part) not in _GENERIC_PARTS
    )


def _fold(text: str) -> set[str]:
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return {folded, folded.replace(" ", "")} if " " in folded else {folded}


def _url(signals: Signals) -> _Fact | None:
    from provenance.pages._html import _absolute

    for value, source in (
        (signals.canonical, '<link rel="canonical">'),
        (_absolute(signals.base, signals.meta.get("og:url")), "og:url"),
        (signals.url, "the page's address"),
    ):
        if value:
            return _Fact(value, source)
    return None


# -- structured data -----------------------------------------------------------------------------


def _read_structured(
    signals: Signals, findings: _Findings
) -> tuple[Lineage | None, str | None, list[str]]:
    """The lineage the first syntax that holds a creative work states, its syntax, and what
    reading it dropped. A block that cannot be read is a PV604 finding."""
    from provenance.formats import _jsonld_read

    for message in signals.broken:
        findings.report("PV604", f"structured data that is not readable: {message}", ())
    # What the page says around its structured data: relative @ids and URLs resolve against
    # its address, and each JSON-LD script is read alone as to its vocabulary. Its language is
    # left out: comparing it with inLanguage is this module's (PV601).
    facts = _jsonld_read.PageFacts(
        url=signals.url, base=signals.base, canonical=signals.canonical, scripts=True
    )
    plain = facts._replace(scripts=False)
    by_syntax: dict[str, list[Any]] = {}
    for syntax, data in signals.structured:
        by_syntax.setdefault(syntax, []).append(data)
    for syntax in ("json-ld", "microdata", "rdfa"):
        blocks = by_syntax.get(syntax)
        if not blocks:
            continue
        attempts = [blocks] if len(blocks) == 1 else [blocks, *([b] for b in blocks)]
        first_error: ParseError | None = None
        page = facts if syntax == "json-ld" else plain
        read = functools.partial(_jsonld_read.read, source=None, duplicates=None, page=page)
        for attempt in attempts:
            try:
                lineage, lost = _caught(functools.partial(read, attempt))
            except ParseError as error:
                first_error = first_error or error
                continue
            if first_error is not None and not _no_work(first_error):
                findings.report(
                    "PV604",
                    f"the page's {syntax} cannot be read as a whole "
                    f"({_first_problem(first_error)}); one of its blocks was read on its own",
                    (),
                )
            return lineage, syntax, lost
        if first_error is not None and not _no_work(first_error):
            findings.report(
                "PV604",
                f"the page's {syntax} states no readable lineage: {_first_problem(first_error)}",
                (),
            )
    return None, None, []


def _caught(work: Callable[[], Lineage]) -> tuple[Lineage, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = work()
    return value, [str(w.message) for w in caught if issubclass(w.category, LossWarning)]


def _no_work(error: ParseError) -> bool:
    """Markup with no article in it (a WebSite, a BreadcrumbList) is not a problem."""
    return all("no creative work" in problem.message for problem in error.problems)


def _first_problem(error: ParseError) -> str:
    problem = error.problems[0]
    more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
    return f"{problem}{more}"


# -- the credit line -----------------------------------------------------------------------------

_CREDIT_OPENING = re.compile(
    r"^\W{0,3}(?:source|sources|translated|translation|translator|originally|this (?:article|"
    r"story|news|report|piece)|editor'?s note|note|credit|via|adapted|republished|"
    r"المصدر|مصدر|ترجمة|ترجمه|منبع|مترجم|برگردان|traduit|traduction|source|fuente|traducido|"
    r"traducción|quelle|übersetzt|übersetzung|fonte|traduzido|tradotto|kaynak|çeviri)\b",
    re.IGNORECASE,
)
_SHORT = 300
_RIGHTS_NOTICE = re.compile(
    r"all rights reserved|may not be (?:published|reproduced|copied|redistributed)|"
    r"tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|"
    r"جميع الحقوق محفوظة|کلیه حقوق",
    re.IGNORECASE,
)


# A reference in a bibliography ("Phil. Trans. R. Soc. B 374", "Carlsen OCL et al.: …
# doi.org/…") and a picture's caption ("Header Image: … Credit: …") name where a cited paper
# or a photograph came from, not the article's text.
_NOT_ABOUT_THE_TEXT = re.compile(
    r"\bet al\.|\bdoi\.org/|\bdoi:\s*10\.|\(\d{4}[a-z]?\)\s*:|\b(?:vol|pp)\.\s*\d|"
    r"^\W{0,3}(?:header image|image|images|photo|photos|picture|caption|foto|fotos|bild|"
    r"bildquelle|titelbild|illustration)\s*:",
    re.IGNORECASE,
)


def credit_candidates(paragraphs: Iterable[str]) -> list[str]:
    """Where a credit line sits: short paragraphs that open like one, anywhere; then the
    last three paragraphs (last first) and the first. A rights notice ("All rights reserved.
    This material may not be published, broadcast, rewritten…") is none: its verbs name what
    may not be done to the text, not what was; nor is a bibliography's reference or a
    picture's caption."""
    items = [
        p for p in paragraphs if not _RIGHTS_NOTICE.search(p) and not _NOT_ABOUT_THE_TEXT.search(p)
    ]
    labelled = [p for p in items if len(p) <= _SHORT and _CREDIT_OPENING.match(p)]
    ends = [*reversed(items[-3:]), *items[:1]]
    return list(dict.fromkeys([*labelled, *ends]))


def _read_credit(
    signals: Signals, language: str | None, publisher: str | None, domains: list[str]
) -> tuple[Lineage | None, str | None]:
    from provenance.credits import extract

    candidates = credit_candidates(signals.paragraphs)
    if signals.byline:
        candidates.append(signals.byline)
    for text in candidates:
        try:
            found = extract(text, page_language=language, page_publisher=publisher)
        except ParseError:
            continue
        if (
            found is not None
            and found.derivations
            and not _own_dateline(found, [_key(publisher), *domains])
            and not _attribution_in_narrative(found, text)
            and not _cue_outside_a_credit(found, text)
        ):
            return found, text
    return None, None


_NARRATIVE = 100


def _cue_outside_a_credit(credit: Lineage, text: str) -> bool:
    """A step the credit-line reader found only by a cue word ("via", "اعلام کرد" for
    "announced", "Posted by") rather than by a credit's whole phrasing counts on a page only
    in a short paragraph that opens like a credit line ("Quelle: dpa"): elsewhere it is the
    story's own sentence ("Via Instagram meldete sich die …", "the head of the exchange
    announced:"), and a page has many more of those than a line does."""
    found = credit.extensions.get("extract", {})
    patterns = found.get("patterns", []) if isinstance(found, dict) else []
    cue_only = bool(patterns) and all(str(p).startswith("cue.") for p in patterns)
    return cue_only and (len(text) > _NARRATIVE or not _CREDIT_OPENING.match(text))


_REPORTING_CREDIT = re.compile(
    r"\b(?:additional|with|reporting) (?:reporting )?(?:by|from)\b|\bcontributed\b",
    re.IGNORECASE,
)


def _attribution_in_narrative(credit: Lineage, text: str) -> bool:
    """A "reporting" step read out of a paragraph of the story that does not read like a
    credit line: "Die Kinder waren nach Angaben der Agentur Tass zwischen anderthalb und vier
    Jahren alt" attributes one fact to a source; it does not say the article's text was based
    on another's, as "Additional reporting by Reuters" does."""
    return (
        len(text) > _NARRATIVE
        and not _CREDIT_OPENING.match(text)
        and not _REPORTING_CREDIT.search(text)
        and all(d.kind is Kind.REPORTING for d in credit.derivations)
    )


def _own_dateline(credit: Lineage, sites: list[str]) -> bool:
    """Whether a credit line only names the page's own outlet as its source ("به گزارش
    شفقنا" on Shafaqna's page: "Shafaqna reports"; "(Reuters) -" on reuters.com), which
    states no derivation. ``sites`` are the outlet's names and address, as keys."""
    sites = [site for site in sites if site]
    if not sites:
        return False
    subject = credit.subject_version
    for derivation in credit.derivations:
        for source_id in derivation.sources:
            source = credit.version(source_id) if credit.has_version(source_id) else None
            if source is None or not source.publisher or not credit.has_agent(source.publisher):
                return False
            if not _names_site(credit.agent(source.publisher).name, sites):
                return False
            if source.language != "und" and not languages.same_language(
                source.language, subject.language
            ):
                return False
    return True


# -- findings ------------------------------------------------------------------------------------


class _Findings:
    def __init__(self) -> None:
        self.found: list[Finding] = []

    def report(self, code: str, message: str, path: Path, fix: str | None = None) -> None:
        finding = Finding(code, RULES[code].severity, message, path, fix)
        if finding not in self.found:
            self.found.append(finding)


# -- building the lineage --------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+")


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub("-", text).strip("-")[:40] or "agent"


class _Builder:
    """Edits one lineage: fills the subject's fields, adds agents, records evidence."""

    def __init__(self, lineage: Lineage) -> None:
        self.subject = lineage.subject
        self.versions = list(lineage.versions)
        self.agents = list(lineage.agents)
        self.derivations = list(lineage.derivations)
        self.extensions = dict(lineage.extensions)
        self.evidence: dict[str, Evidence] = {}

    @property
    def index(self) -> int:
        return next(i for i, v in enumerate(self.versions) if v.id == self.subject)

    @property
    def version(self) -> Version:
        return self.versions[self.index]

    def path(self, field: str) -> str:
        return f"$.versions[{self.index}].{field}"

    def set(self, field: str, fact: _Fact | None, *, replace: bool = False) -> None:
        if fact is None or fact.value in (None, "", ()):
            return
        current = getattr(self.version, field)
        if current not in (None, "", (), "und") and not replace:
            return
        self.versions[self.index] = attrs.evolve(self.version, **{field: fact.value})
        shown = str(fact.value) if isinstance(fact.value, IsoDate) else fact.value
        self.evidence[self.path(field)] = Evidence(self.path(field), shown, fact.source)

    def cite(self, field: str, source: str) -> None:
        value = getattr(self.version, field)
        if value not in (None, "", ()):
            shown = str(value) if isinstance(value, IsoDate) else value
            self.evidence.setdefault(self.path(field), Evidence(self.path(field), shown, source))

    def agent(self, name: str, kind: AgentType) -> str:
        for agent in self.agents:
            if agent.type is kind and " ".join(agent.name.split()) == " ".join(name.split()):
                return agent.id
        taken = {a.id for a in self.agents} | {v.id for v in self.versions}
        base = _slug(name)
        agent_id, n = base, 2
        while agent_id in taken:
            agent_id, n = f"{base}-{n}", n + 1
        self.agents.append(Agent(id=agent_id, type=kind, name=" ".join(name.split())))
        return agent_id

    def rename_subject(self, new: str) -> None:
        old = self.subject
        if new == old or any(v.id == new for v in self.versions):
            return
        self.versions = [attrs.evolve(v, id=new) if v.id == old else v for v in self.versions]
        self.derivations = [
            attrs.evolve(
                d,
                target=new if d.target == old else d.target,
                sources=tuple(new if s == old else s for s in d.sources),
            )
            for d in self.derivations
        ]
        self.subject = new

    def build(self) -> Lineage:
        return Lineage(
            subject=self.subject,
            versions=self.versions,
            derivations=self.derivations,
            agents=self.agents,
            extensions=self.extensions,
        )


def _fresh(url: str | None) -> Lineage:
    """The page alone: one version, derived from nothing."""
    return Lineage(subject=url or "page", versions=(Version(id=url or "page", language="und"),))


def merge(signals: Signals, *, captured: str | None = None) -> PageReading:
    """The lineage a page states, with its evidence and findings (see the module's doc)."""
    findings = _Findings()
    structured, syntax, losses = _read_structured(signals, findings)
    if signals.decoding:  # a wrong encoding given, undecodable bytes: never silently
        losses.insert(0, "page decoding drops " + "; ".join(signals.decoding))
    page_language = _page_language(signals)
    site = _page_publisher(signals)
    page_url = _url(signals)

    # What the structured data says of the subject, for context and comparison.
    s_version = structured.subject_version if structured is not None else None
    s_language = (
        s_version.language if s_version is not None and s_version.language != "und" else None
    )
    s_publisher = (
        structured.agent(s_version.publisher).name
        if structured is not None
        and s_version is not None
        and s_version.publisher
        and structured.has_agent(s_version.publisher)
        else None
    )
    if (
        s_publisher is not None
        and site is not None
        and _HOST_NAME.match(s_publisher)
        and not _HOST_NAME.match(site.value)
    ):
        # A host name ("tucson.com") is how a template names an outlet it knows no name for;
        # the site's own name, where the page gives one, says more.
        s_publisher = None
    language = _first(
        _Fact(s_language, f"{syntax} inLanguage") if s_language else None, page_language
    )
    publisher = _first(_Fact(s_publisher, f"{syntax} publisher") if s_publisher else None, site)
    credit, credit_text = _read_credit(
        signals,
        language.value if language is not None else None,
        publisher.value if publisher is not None else None,
        _domain_labels(signals),
    )

    if structured is not None and structured.derivations:
        base, base_source = structured, syntax
    elif credit is not None:
        base, base_source = credit, "credit line"
    elif structured is not None:
        base, base_source = structured, syntax
    else:
        base, base_source = _fresh(page_url.value if page_url else None), None
    builder = _Builder(base)
    if base is credit:
        builder.extensions.pop("extract", None)
        if s_version is not None:
            builder.rename_subject(s_version.id)
        elif page_url is not None:
            builder.rename_subject(page_url.value)
    if base_source is not None and base is not credit:
        for field in ("language", "title", "url", "published", "publisher", "authors"):
            builder.cite(field, base_source)

    # The structured data's subject, when the credit line gave the base: its fields win.
    if base is credit and s_version is not None and structured is not None:
        for field in ("title", "url", "published"):
            value = getattr(s_version, field)
            builder.set(field, _Fact(value, str(syntax)) if value else None, replace=True)
        if s_language:
            builder.set("language", _Fact(s_language, f"{syntax} inLanguage"), replace=True)
        if s_publisher:
            publisher_id = builder.agent(s_publisher, AgentType.ORGANIZATION)
            builder.set("publisher", _Fact(publisher_id, f"{syntax} publisher"), replace=True)
        authors = tuple(
            builder.agent(structured.agent(a).name, structured.agent(a).type)
            for a in s_version.authors
            if structured.has_agent(a)
        )
        builder.set("authors", _Fact(authors, f"{syntax} author"))
    if base is credit:
        contexts = {"page_language": language, "page_publisher": publisher}
        for path, item in _credit_evidence(credit, builder, contexts).items():
            builder.evidence.setdefault(path, item)

    # Page signals fill what is still missing.
    builder.set("language", page_language)
    publisher_name = publisher.value if publisher else None
    builder.set("title", _page_title(signals, publisher_name))
    if builder.version.title:
        # Structured data escapes entities twice at times, and some sites put their name
        # into the headline they mark up.
        title = _clean(builder.version.title) or builder.version.title
        stripped, site_part = _strip_site(title, _site_names(signals, publisher_name))
        builder.set(
            "title",
            _Fact(stripped if site_part else title, _source_of(builder, "title")),
            replace=True,
        )
    builder.set("url", page_url)
    builder.set("published", _page_date(signals))
    if s_publisher is None and site is not None and base is structured:
        builder.set(
            "publisher",
            _Fact(builder.agent(site.value, AgentType.ORGANIZATION), site.source),
            replace=True,
        )
    if site is not None and not builder.version.publisher:
        builder.set(
            "publisher", _Fact(builder.agent(site.value, AgentType.ORGANIZATION), site.source)
        )
    if not builder.version.authors:
        author = _meta(signals, "author", "article:author", "dc.creator", "byl")
        if author is not None and not author.value.startswith(("http://", "https://")):
            name = re.sub(r"^(?i:by)\s+", "", author.value)
            builder.set("authors", _Fact((builder.agent(name, AgentType.PERSON),), author.source))

    editions = _editions(signals)
    page: dict[str, Any] = {}
    if signals.url:
        page["url"] = signals.url
    if captured:
        page["captured"] = captured
    if editions:
        page["editions"] = [{"language": e.language, "url": e.url} for e in editions]
    if page:
        builder.extensions["page"] = page
    lineage = builder.build()
    _compare(signals, lineage, structured, syntax, credit, credit_text, page_language, findings)
    return PageReading(
        lineage=lineage,
        findings=tuple(sorted(findings.found, key=Finding.sort_key)),
        evidence=tuple(builder.evidence.values()),
        editions=editions,
        credit_line=credit_text if base is credit or credit is not None else None,
        losses=tuple(losses),
    )


def _source_of(builder: _Builder, field: str) -> str:
    found = builder.evidence.get(builder.path(field))
    return found.source if found is not None else "the page"


def _credit_evidence(
    credit: Lineage, builder: _Builder, contexts: dict[str, _Fact | None]
) -> dict[str, Evidence]:
    """The credit line's own evidence (:func:`provenance.credits.extract` records the words
    behind each field), with the context it was given named by where that came from."""
    from provenance.formats import native

    data = native.to_dict(builder.build())
    found: dict[str, Evidence] = {}
    for item in credit.extensions.get("extract", {}).get("evidence", []):
        path = item.get("path")
        if not isinstance(path, str):
            continue
        value = value_at(data, path)
        if "context" in item:
            fact = contexts.get(item["context"])
            source = fact.source if fact is not None else str(item["context"])
        else:
            source = f"credit line: {item.get('text')!r}"
        found.setdefault(path, Evidence(path, value, source))
    return found


def _editions(signals: Signals) -> tuple[Edition, ...]:
    found: list[Edition] = []
    for written, url in signals.editions:
        tag = _tag(written)
        if tag is None:
            continue
        found.append(Edition(tag, url))
    return tuple(found)


def _compare(
    signals: Signals,
    lineage: Lineage,
    structured: Lineage | None,
    syntax: str | None,
    credit: Lineage | None,
    credit_text: str | None,
    page_language: _Fact | None,
    findings: _Findings,
) -> None:
    """The PV6xx findings: what the page states against itself."""
    index = next(i for i, v in enumerate(lineage.versions) if v.id == lineage.subject)
    s_version = structured.subject_version if structured is not None else None
    if (
        s_version is not None
        and s_version.language != "und"
        and page_language is not None
        and languages.canonical(s_version.language) is not None
        and not languages.same_language(s_version.language, page_language.value)
    ):
        findings.report(
            "PV601",
            f"the page's {page_language.source} says {page_language.value!r} but its {syntax} "
            f"inLanguage says {s_version.language!r}; {s_version.language!r} was kept",
            ("versions", index, "language"),
            fix="make the two agree",
        )
    if credit is not None and structured is not None and structured.derivations:
        stated = structured.languages()
        read = tuple(t for t in credit.languages() if t != "und")
        if read and stated and not languages.same_language(read[0], stated[0]):
            findings.report(
                "PV602",
                f"the visible credit line {credit_text!r} names an original in {read[0]!r}, "
                f"the page's {syntax} one in {stated[0]!r}; the {syntax} was kept",
                ("derivations",),
                fix="make the credit line and the structured data state the same lineage",
            )
        kinds = {d.kind for d in credit.derivations}
        if not kinds & {d.kind for d in structured.derivations}:
            findings.report(
                "PV602",
                f"the visible credit line {credit_text!r} states "
                f"{', '.join(sorted(k.value for k in kinds))}, the page's {syntax} "
                f"{', '.join(sorted({d.kind.value for d in structured.derivations}))}; the "
                f"{syntax} was kept",
                ("derivations",),
            )
    if credit is not None and s_version is not None and s_version.publisher and structured:
        credit_subject = credit.subject_version
        if credit_subject.publisher and credit.has_agent(credit_subject.publisher):
            said = credit.agent(credit_subject.publisher).name
            kept = structured.agent(s_version.publisher).name
            if _fold(said).isdisjoint(_fold(kept)) and not _contains(kept, said):
                findings.report(
                    "PV602",
                    f"the visible credit line names {said!r} as the publisher, the page's "
                    f"{syntax} {kept!r}; {kept!r} was kept",
                    ("versions", index, "publisher"),
                )
    if s_version is not None and s_version.published is not None:
        meta = _page_date(signals)
        if (
            meta is not None
            and meta.source.startswith("<meta")
            and _different_days(s_version.published, meta.value)
        ):
            findings.report(
                "PV603",
                f"the page's {syntax} datePublished is {s_version.published}, its "
                f"{meta.source} {meta.value}; the {syntax} date was kept",
                ("versions", index, "published"),
            )


def _contains(a: str, b: str) -> bool:
    fa, fb = a.casefold(), b.casefold()
    return fa in fb or fb in fa


def _different_days(a: IsoDate, b: IsoDate) -> bool:
    """Whether two dates name different moments at the precision both have: instants when
    both have a time and offset, days otherwise (a day is not midnight UTC)."""
    first, second = a.as_datetime(), b.as_datetime()
    if first is not None and second is not None:
        return abs((first - second).total_seconds()) >= 24 * 3600
    day_a, day_b = a.as_date(), b.as_date()
    if day_a is None or day_b is None:
        return (
            (a.year, a.month) != (b.year, b.month) and a.month is not None and b.month is not None
        )
    return abs((day_a - day_b).days) > 1  # a day's edge differs by time zone
