"""schema.org JSON-LD: the lineage as markup a search engine or archive reads from a page.

One ``@graph`` holds a node per version (the subject first) and a node per organization or
person. A version is a ``NewsArticle``, or a ``CreativeWork`` when its ``medium`` says it is not
a news article (a Telegram statement). Translations point at their source with
``translationOfWork`` and ``isBasedOn`` and credit the ``translator``; other derivations use
``isBasedOn`` (quotation and reporting also ``citation``). schema.org's ``translator`` cannot be
software, so machine translation is disclosed with ``creditText`` and an IPTC
``digitalSourceType``. The text is always safe inside an HTML ``<script>`` element: ``<``, ``>``,
``&``, U+2028 and U+2029 are written as JSON escapes.

It reads back too: :func:`loads` and :func:`from_dict` take our output and the schema.org
markup news sites publish (a WordPress ``@graph``, a bare ``NewsArticle``, a list of nodes),
and :func:`from_html` the ``<script type="application/ld+json">`` elements of a page. The
rules for what comes back are in ``docs/formats/jsonld.md`` ("Reading JSON-LD back").

>>> from provenance import examples
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     data = to_dict(examples.get("shafaqna"))
>>> subject = data["@graph"][0]
>>> subject["@type"], subject["inLanguage"]
('NewsArticle', 'en')
>>> subject["translationOfWork"] == {"@id": lineage_base(examples.get("shafaqna")) + "fa-article"}
True
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from provenance import languages
from provenance._arguments import expect_indent, expect_lineage
from provenance._limits import DEFAULT_MAX_SOURCES, check_sources_limit, refuse_wide_steps
from provenance._rules import is_web_url
from provenance.errors import LossWarning, ParseError, Problem
from provenance.formats import _html_page, _jsonld_read
from provenance.formats._json_text import decode_text, read_json
from provenance.formats._prov import ID_PREFIX, lineage_base
from provenance.model import Agent, AgentType, Derivation, Kind, Lineage, Method, Role, Version

__all__ = [
    "CONTEXT",
    "DIGITAL_SOURCE_TYPES",
    "NEWS_MEDIA",
    "agent_iri",
    "dumps",
    "from_dict",
    "from_html",
    "lineage_base",
    "loads",
    "losses",
    "to_dict",
    "version_iri",
]

CONTEXT = "https://schema.org"
"""The ``@context`` written: schema.org's published JSON-LD context."""

_IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"

DIGITAL_SOURCE_TYPES: dict[Method, str] = {
    Method.MACHINE: _IPTC + "trainedAlgorithmicMedia",
    Method.POST_EDITED: _IPTC + "compositeWithTrainedAlgorithmicMedia",
}
"""IPTC digital source type for the text a translation method produced.

Machine translation is text "created algorithmically using a model derived from sampled
content": ``trainedAlgorithmicMedia``. Post-edited machine translation mixes that with a
person's revision: ``compositeWithTrainedAlgorithmicMedia``. Human translation has none.
"""

NEWS_MEDIA = frozenset({"web", "website", "online", "print", "newspaper", "magazine", "news"})
"""``medium`` values (case-insensitive) of a news article; any other medium is a CreativeWork."""

# Kinds whose meaning survives the mapping (DESIGN §4); the others all become plain isBasedOn.
_KEPT_KINDS = frozenset({Kind.TRANSLATION, Kind.REPUBLICATION})
_CITING_KINDS = frozenset({Kind.QUOTATION, Kind.REPORTING})

# An absolute IRI with nothing JSON-LD processors reject: a scheme, no spaces or delimiters.

# Characters that could end a <script> element or open an HTML comment, and the two line
# separators JavaScript once rejected in string literals. Outside strings JSON never has them.
_HTML_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_HTML_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*\Z")


def _quote(identifier: str) -> str:
    """``quote(identifier, safe="")``, skipped when there is nothing to escape (most ids)."""
    return identifier if _UNRESERVED.match(identifier) else quote(identifier, safe="")


def version_iri(version: Version, base: str) -> str:
    """A version's ``@id``: its URL if that is an http(s) URL, else ``<base><id>``,
    percent-encoded. The base :func:`dumps` uses by default is :func:`lineage_base`
    (``urn:provenance:<16 hex of the fingerprint>:``).

    >>> from provenance import examples
    >>> lineage = examples.get("shafaqna")
    >>> base = lineage_base(lineage)
    >>> version_iri(lineage.version("fa-article"), base) == base + "fa-article"
    True
    """
    if version.url is not None and is_web_url(version.url):
        return version.url
    return base + _quote(version.id)


def agent_iri(agent_id: str, base: str) -> str:
    """The ``@id`` of an agent: ``<base><id>``, percent-encoded (the default base is
    :func:`lineage_base`).

    The same IRI the PROV exports give it with the same ``base``, so the two merge in one
    triple store. Agents and versions share one id space in the native format (rule PV101).
    """
    return base + _quote(agent_id)


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _unique(values: Iterable[str]) -> list[str]:
    """The values in their first order, each once: linear, as a derivation may have 100k
    sources."""
    return list(dict.fromkeys(values))


class _Mapper:
    """Builds the graph once and records what it could not carry."""

    def __init__(self, lineage: Lineage, base: str) -> None:
        self.lineage = lineage
        self.base = base
        self.lost: list[str] = []
        self.iris: dict[str, str] = {}
        for version in lineage.versions:
            self.iris.setdefault(version.id, version_iri(version, base))

    def _agent(self, agent_id: str) -> Agent | None:
        return self.lineage.agent(agent_id) if self.lineage.has_agent(agent_id) else None

    def _source_iri(self, version_id: str) -> str:
        return self.iris.get(version_id) or self.base + _quote(version_id)

    def graph(self) -> dict[str, Any]:
        versions = list(self.lineage.versions)
        subject = next((v for v in versions if v.id == self.lineage.subject), None)
        if subject is not None:
            versions.remove(subject)
            versions.insert(0, subject)
        nodes = [self.version_node(version) for version in versions]
        software = []
        for agent in self.lineage.agents:
            if agent.type is AgentType.SOFTWARE:
                software.append(agent.name)
            else:
                nodes.append(self.agent_node(agent))
        if software:
            self.lost.append(
                f"software agents as entities ({', '.join(software)}): schema.org has no "
                "software contributor, so they are named only in creditText"
            )
        if self.lineage.extensions:
            self.lost.append("extensions (" + ", ".join(sorted(self.lineage.extensions)) + ")")
        return {"@context": CONTEXT, "@graph": nodes}

    def agent_node(self, agent: Agent) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@id": agent_iri(agent.id, self.base),
            "@type": "Person" if agent.type is AgentType.PERSON else "Organization",
            "name": agent.name,
        }
        if agent.url is not None:
            if is_web_url(agent.url):
                node["url"] = agent.url
            else:
                self.lost.append(f"url of agent {agent.id!r} (not an http or https URL)")
        if agent.language is not None:
            node["knowsLanguage"] = agent.language
        return node

    def version_node(self, version: Version) -> dict[str, Any]:
        news = version.medium is None or version.medium.strip().lower() in NEWS_MEDIA
        node: dict[str, Any] = {
            "@id": self.iris.get(version.id) or version_iri(version, self.base),
            "@type": "NewsArticle" if news else "CreativeWork",
        }
        if version.title is not None:
            node["headline" if news else "name"] = version.title
        node["inLanguage"] = version.language
        if version.url is not None:
            if is_web_url(version.url):
                node["url"] = version.url
            else:
                self.lost.append(f"url of version {version.id!r} (not an http or https URL)")
        if version.published is not None:
            node["datePublished"] = str(version.published)
        publishers = []
        if version.publisher is not None:
            publishers.append(agent_iri(version.publisher, self.base))
        authors = [agent_iri(a, self.base) for a in version.authors]
        if version.published_as is not None:
            self.lost.append(f"published_as of version {version.id!r} (the date as printed)")
        if version.medium is not None and not news:
            self.lost.append(f"medium of version {version.id!r} ({version.medium})")
        if version.digest is not None:
            self.lost.append(f"digest of version {version.id!r}")

        derived_by = self.lineage.derivations_of(version.id)
        if not derived_by:  # an origin (most versions of a wide fan-in): no more to say
            if publishers:
                node["publisher"] = _ref(publishers[0])
            if authors:
                node["author"] = _one_or_many([_ref(a) for a in _unique(authors)])
            return node
        derived: dict[str, list[Any]] = {}
        credits: list[str] = []
        source_types: list[str] = []
        created: list[str] = []
        for derivation in derived_by:
            self._derivation(derivation, version, derived, credits, source_types, publishers)
            if derivation.date is not None:
                created.append(str(derivation.date))

        carried = self.lineage.machine_step(version.id) if not source_types else None
        if carried is not None and carried.method in DIGITAL_SOURCE_TYPES:
            # Republished, excerpted or quoted machine output is still machine output: the
            # reader of this version sees machine-translated text, and is told so here.
            quoting = any(d.kind is Kind.QUOTATION for d in derived_by)
            method = Method.POST_EDITED if quoting else carried.method  # quoted among own words
            source_types.append(DIGITAL_SOURCE_TYPES[method])
            step = self._credit_text(carried, version)  # "Machine-translated from German …"
            credits.append(f"Based on a machine translation: {step[:1].lower()}{step[1:]}")

        if publishers:
            node["publisher"] = _one_or_many([_ref(p) for p in _unique(publishers)])
        if authors:
            node["author"] = _one_or_many([_ref(a) for a in _unique(authors)])
        for key in ("translationOfWork", "isBasedOn", "citation"):
            if derived.get(key):
                node[key] = _one_or_many([{"@id": iri} for iri in _unique(derived[key])])
        for key in ("translator", "editor", "contributor"):
            if derived.get(key):
                node[key] = _one_or_many([{"@id": iri} for iri in _unique(derived[key])])
        if source_types:
            node["digitalSourceType"] = _one_or_many([_ref(t) for t in _unique(source_types)])
        if credits:
            node["creditText"] = " ".join(_unique(credits))
        created = _unique(created)
        if len(created) == 1:
            node["dateCreated"] = created[0]
        elif created:
            self.lost.append(f"derivation dates of version {version.id!r} beyond one dateCreated")
        return node

    def _derivation(
        self,
        derivation: Derivation,
        target: Version,
        derived: dict[str, list[Any]],
        credits: list[str],
        source_types: list[str],
        publishers: list[str],
    ) -> None:
        sources = [self._source_iri(s) for s in derivation.sources]
        derived.setdefault("isBasedOn", []).extend(sources)
        kind = derivation.kind
        if kind is Kind.TRANSLATION:
            derived.setdefault("translationOfWork", []).extend(sources)
        if kind in _CITING_KINDS:
            derived.setdefault("citation", []).extend(sources)
        where = ""
        if kind not in _KEPT_KINDS or derivation.note is not None:
            where = f"{derivation.target} from {', '.join(derivation.sources) or 'nothing'}"
        if kind not in _KEPT_KINDS:
            terms = "isBasedOn and citation" if kind in _CITING_KINDS else "isBasedOn"
            self.lost.append(f"derivation kind {kind.value} ({where}), written as plain {terms}")
        if derivation.note is not None:
            self.lost.append(f"note of derivation {where}")

        for credit in derivation.agents:
            agent = self._agent(credit.agent)
            if agent is None or agent.type is AgentType.SOFTWARE:
                continue  # software is named in creditText below
            iri = agent_iri(agent.id, self.base)
            if credit.role is Role.TRANSLATOR:
                derived.setdefault("translator", []).append(iri)
            elif credit.role is Role.PUBLISHER:
                publishers.append(iri)
            elif credit.role in (Role.POST_EDITOR, Role.EDITOR) and agent.type is AgentType.PERSON:
                derived.setdefault("editor", []).append(iri)
            else:
                derived.setdefault("contributor", []).append(iri)

        if derivation.method in DIGITAL_SOURCE_TYPES:
            source_types.append(DIGITAL_SOURCE_TYPES[derivation.method])
        if kind.is_translation_like or derivation.method in DIGITAL_SOURCE_TYPES:
            credit_text = self._credit_text(derivation, target)
            if credit_text:
                credits.append(credit_text)

    def _names(self, derivation: Derivation, roles: Iterable[Role], software: bool) -> list[str]:
        wanted = set(roles)
        names = []
        for credit in derivation.agents:
            agent = self._agent(credit.agent)
            if agent is None or (agent.type is AgentType.SOFTWARE) != software:
                continue
            if credit.role in wanted or (software and credit.role is Role.TOOL):
                label = agent.name
                if software and agent.version:
                    label += f" {agent.version}"
                names.append(label)
        return _unique(names)

    def _credit_text(self, derivation: Derivation, target: Version) -> str:
        """One sentence a reader sees: "Machine-translated from Persian by DeepL 2024-05."."""
        lineage = self.lineage
        tags = _unique(
            lineage.version(s).language for s in derivation.sources if lineage.has_version(s)
        )
        source_languages = _unique(languages.display_name(tag) for tag in tags)
        origin = f" from {' and '.join(source_languages)}" if source_languages else ""
        verb = {
            Kind.TRANSLATION: "translated",
            Kind.TRANSLITERATION: "transliterated",
            Kind.LOCALIZATION: "localized",
        }.get(derivation.kind, derivation.kind.value)
        tools = self._names(derivation, (Role.TOOL, Role.TRANSLATOR), software=True)
        people = self._names(derivation, (Role.TRANSLATOR,), software=False)
        editors = self._names(derivation, (Role.POST_EDITOR,), software=False)
        method = derivation.method
        if method in (Method.MACHINE, Method.POST_EDITED):
            text = f"Machine-{verb}{origin}"
            if tools:
                text += f" by {' and '.join(tools)}"
            if method is Method.POST_EDITED:
                text += ", post-edited"
                if editors:
                    text += f" by {' and '.join(editors)}"
            if people:
                text += f"; translator: {' and '.join(people)}"
            return text + "."
        if not people and not tools:
            return ""
        return f"{verb.capitalize()}{origin} by {' and '.join(people + tools)}."


def _map(lineage: Lineage, base: str | None) -> tuple[dict[str, Any], tuple[str, ...]]:
    expect_lineage(lineage, "jsonld dumps")
    mapper = _Mapper(lineage, lineage_base(lineage, base))
    data = mapper.graph()
    return data, tuple(_unique(mapper.lost))


def to_dict(lineage: Lineage, *, base: str | None = None) -> dict[str, Any]:
    """The lineage as a JSON-LD document (``@context`` and ``@graph``), subject first.

    Warns :class:`~provenance.LossWarning` naming what schema.org cannot hold.

    >>> from provenance import examples
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     data = to_dict(examples.get("machine"))
    >>> data["@graph"][0]["creditText"]
    'Machine-translated from German by DeepL 2024-05.'
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    jsonld drops software agents as entities (DeepL): ... named only in creditText
    """
    data, lost = _map(lineage, base)
    _warn(lost)
    return data


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What the export drops, one phrase each; empty when nothing is lost.

    >>> from provenance import examples
    >>> losses(examples.get("syndication"))
    ('note of derivation republished from original',)
    """
    return _map(lineage, ID_PREFIX)[1]  # a given base: the ids are not needed, nor the fingerprint


def _warn(lost: tuple[str, ...]) -> None:
    if lost:
        warnings.warn(LossWarning("jsonld drops " + "; ".join(lost)), stacklevel=3)


def _escape_html(text: str) -> str:
    return _HTML_UNSAFE_RE.sub(lambda match: _HTML_UNSAFE[match.group()], text)


def dumps(
    lineage: Lineage, *, html: bool = False, indent: int | None = None, base: str | None = None
) -> str:
    """JSON-LD text, safe to paste into an HTML ``<script>`` element.

    ``html=True`` wraps it in ``<script type="application/ld+json">``. Compact unless
    ``indent`` is given. ``base`` is the namespace of the ``@id`` of every version without an
    absolute URL and of every agent, as in the PROV exports (``--base``); by default
    ``urn:provenance:<16 hex of the fingerprint>:`` (:func:`lineage_base`), unique per
    lineage, so exports of different lineages merge in one graph without sharing a node.
    Warns :class:`~provenance.LossWarning` naming what is dropped.

    >>> from provenance import Builder
    >>> b = Builder()
    >>> _ = b.version("v", "en", title="</script><!-- & more")
    >>> text = dumps(b.build())
    >>> "</script" in text, "<!--" in text, json.loads(text)["@graph"][0]["headline"]
    (False, False, '</script><!-- & more')
    """
    expect_indent(indent, "jsonld dumps")
    data, lost = _map(lineage, base)
    _warn(lost)
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    text = _escape_html(text)
    if html:
        return f'<script type="application/ld+json">\n{text}\n</script>'
    return text


# -- reading ------------------------------------------------------------------------------------


def from_dict(
    data: Any, *, source: str | None = None, max_sources: int | None = DEFAULT_MAX_SOURCES
) -> Lineage:
    """A lineage from JSON-LD data: our output, or the schema.org markup of a news page.

    Raises :class:`~provenance.ParseError` listing every structural problem with its path;
    warns :class:`~provenance.LossWarning` naming what it could not use (a date that is no
    date). The subject, ids, kinds and methods follow the rules in ``docs/formats/jsonld.md``.
    A work based on more than ``max_sources`` others (1,000 by default; ``None`` for no
    limit) is refused, as by every reader (``docs/limits.md``).

    >>> lineage = from_dict({
    ...     "@context": "https://schema.org",
    ...     "@type": "NewsArticle",
    ...     "url": "https://example.org/en/floods",
    ...     "inLanguage": "en",
    ...     "translationOfWork": {
    ...         "@type": "NewsArticle",
    ...         "url": "https://example.org/de/hochwasser",
    ...         "inLanguage": "de",
    ...     },
    ...     "translator": {"@type": "Person", "name": "Mia Berg"},
    ... })
    >>> lineage.languages(), lineage.derivations[0].kind.value, lineage.agents[0].name
    (('de', 'en'), 'translation', 'Mia Berg')
    >>> from_dict({"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}]})
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: $: no creative work to read: expected a NewsArticle, \
Article, BlogPosting, CreativeWork or another schema.org work; found WebSite
    """
    limit = check_sources_limit(max_sources)
    refuse_wide_steps(_raw_steps(data, limit), limit, source=source)
    return _limited(_jsonld_read.read(data, source=source, duplicates=None), limit, source)


_SOURCE_KEYS = ("translationOfWork", "isBasedOn", "isBasedOnUrl", "citation")
_SOURCE_KEY_SET = frozenset(_SOURCE_KEYS)


def _has_wide_node(data: Any, max_sources: int | None) -> bool:
    """Whether a node of the raw data lists more works than ``max_sources`` under one of
    :data:`_SOURCE_KEYS`: one quick pass, no paths (a page may hold a million nodes)."""
    if max_sources is None:
        return False
    stack = [data]
    pop, push = stack.pop, stack.extend
    while stack:
        value = pop()
        if isinstance(value, dict):
            if value and not _SOURCE_KEY_SET.isdisjoint(value):
                for key in _SOURCE_KEYS:
                    works = value.get(key)
                    if isinstance(works, list) and len(works) > max_sources:
                        return True
            push(value.values())
        elif isinstance(value, list):
            push(value)
    return False


def _raw_steps(
    data: Any, max_sources: int | None
) -> Iterator[tuple[tuple[str | int, ...], object, int]]:
    """The longest list of works each node is based on (translated from, cites), with its
    path, off the raw data, when one passes ``max_sources``: such a node is refused before
    the reader resolves them all (and :func:`_limited` checks the lineage it builds again)."""
    if not _has_wide_node(data, max_sources):
        return
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, dict):
            lists = [(len(value[k]), k) for k in _SOURCE_KEYS if isinstance(value.get(k), list)]
            if lists:
                count, key = max(lists)
                target = value.get("@id", value.get("url"))
                yield (*path, key), target, count
            stack.extend(
                ((*path, key), item)
                for key, item in value.items()
                if isinstance(item, dict | list) and isinstance(key, str)
            )


def _limited(lineage: Lineage, max_sources: int | None, source: str | None) -> Lineage:
    """``lineage``, unless one of its derivations passes ``max_sources``."""
    steps = (((), step.target, len(step.sources)) for step in lineage.derivations)
    refuse_wide_steps(steps, max_sources, source=source)
    return lineage


def _read_json(
    text: str, source: str | None, duplicates: dict[int, list[str]], *, page: bool = False
) -> Any:
    # Duplicated keys are collected, not refused: the reader reports those it reads, with
    # their paths (on a page, a key repeated with the same value is no problem). Raw line
    # breaks and tabs inside strings are accepted (strict=False): pages carry them, and search
    # engines' JSON-LD readers take them.
    return read_json(
        text,
        source=source,
        what="JSON-LD",
        duplicates=duplicates,
        strict=False,
        identical_duplicates=page,
    )


def _page_start(text: str | bytes | bytearray) -> bool:
    """Whether a document is an HTML page: it starts with ``<`` after white space and a byte
    order mark, which a JSON-LD document never does."""
    if isinstance(text, str):
        return text.removeprefix("\ufeff").lstrip().startswith("<")
    head = bytes(text[:4096])
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
            break
    return head.lstrip().startswith(b"<")


def loads(
    text: str | bytes | bytearray,
    *,
    source: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """A lineage from JSON-LD text (or UTF-8 bytes), or from an HTML page holding it.

    Text that starts with ``<`` (after white space and a byte order mark) is an HTML page
    and read by :func:`from_html`, with ``url`` and ``encoding``: an archive's stored page
    reads as it is. Broken JSON is reported with its line and column, a duplicated key that
    the reader needs by its path. ``url`` is the document's address: relative URLs in it are
    resolved against it. ``max_sources`` is :func:`from_dict`'s.

    >>> loads('{"@context": "https://schema.org", "@type": "NewsArticle",')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: line 1, column 59: broken JSON: Expecting property name ...
    """
    limit = check_sources_limit(max_sources)
    if _page_start(text):
        return from_html(text, source=source, url=url, encoding=encoding, max_sources=limit)
    decoded, _ = decode_text(text, source=source)
    duplicates: dict[int, list[str]] = {}
    data = _read_json(decoded, source, duplicates)
    base = _absolute(url)
    facts = _jsonld_read.PageFacts(url=base, base=base) if base else None
    refuse_wide_steps(_raw_steps(data, limit), limit, source=source)
    lineage = _jsonld_read.read(data, source=source, duplicates=duplicates, page=facts)
    return _limited(lineage, limit, source)


def _absolute(url: str | None, base: str | None = None) -> str | None:
    """``url`` made absolute against ``base``; None unless the result is an http(s) URL."""
    if url is None or not url.strip():
        return None
    found = urljoin(base, url.strip()) if base else url.strip()
    return found if urlsplit(found).scheme in ("http", "https") else None


def _located(problem: Problem, index: int, line: int, column: int) -> Problem:
    """A problem in one script, placed in the page: lines and columns counted from the
    page's start, paths from the list of the page's scripts."""
    if problem.line is None or problem.column is None:
        return Problem((index, *problem.path), problem.message)
    if problem.line == 1:
        return Problem((), problem.message, line=line, column=column + problem.column)
    return Problem((), problem.message, line=line + problem.line - 1, column=problem.column)


def from_html(
    text: str | bytes | bytearray,
    *,
    source: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """A lineage from the JSON-LD of an HTML page: every ``<script type="application/ld+json">``
    element, read together as one list (``$[1]`` in a message is the page's second one).

    ``url`` is the page's address and ``encoding`` the charset its HTTP or WARC header
    declared. Bytes are decoded by a byte order mark, then ``encoding``, then the page's
    ``<meta charset>``, then UTF-8, then windows-1252 (``docs/formats/jsonld.md``, "HTML
    pages"). Relative URLs are resolved against the page's ``<base href>`` or ``url``; the
    page's ``<html lang>`` is the language of the article when its markup names none; the
    canonical link and ``url`` help tell which work the page is about. A script in another
    vocabulary is passed over with a :class:`~provenance.LossWarning`. Broken JSON in a script
    is reported with its line and column in the page. ``max_sources`` is :func:`from_dict`'s.

    >>> page = '''<html lang="en-GB"><head>
    ... <script type="application/ld+json">{"@context": "https://schema.org",
    ...  "@type": "BreadcrumbList", "itemListElement": []}</script>
    ... <script type="application/ld+json">{"@context": "https://schema.org",
    ...  "@type": "NewsArticle", "headline": "Floods", "url": "/floods"}</script>
    ... </head></html>'''
    >>> article = from_html(page, url="https://example.org/news/").subject_version
    >>> article.title, article.language, article.url
    ('Floods', 'en-GB', 'https://example.org/floods')
    >>> from_html("<p>no markup</p>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: $: no <script type="application/ld+json"> element in the page...
    """
    limit = check_sources_limit(max_sources)
    decoded, notes = _html_page.decode(text, encoding=encoding)
    # A page whose text never says "ld+json" has no such script: no need to parse it all.
    page = _html_page.Page(decoded if "ld+json" in decoded.lower() else "")
    if not any(script.text.strip() for script in page.scripts):
        raise ParseError(
            [
                Problem(
                    (),
                    'no <script type="application/ld+json"> element in the page holds '
                    "JSON-LD: there is no schema.org markup to read",
                )
            ],
            source=source,
        )
    data: list[Any] = []
    duplicates: dict[int, list[str]] = {}
    problems: list[Problem] = []
    for index, script in enumerate(page.scripts):
        if not script.text.strip():
            data.append([])  # an empty script holds nothing, and keeps the numbering
            continue
        try:
            body = _html_page.unwrap(script.text)
            data.append(_read_json(body, source, duplicates, page=True))
        except ParseError as error:
            problems.extend(_located(p, index, script.line, script.column) for p in error.problems)
    if problems:
        raise ParseError(problems, source=source)
    page_url = _absolute(url)
    base = _absolute(page.base, page_url) if page.base else page_url
    facts = _jsonld_read.PageFacts(
        url=page_url,
        base=base,
        canonical=_absolute(page.canonical, base),
        lang=page.lang,
        scripts=True,
        notes=tuple(notes),
    )
    refuse_wide_steps(_raw_steps(data, limit), limit, source=source)
    lineage = _jsonld_read.read(data, source=source, duplicates=duplicates, page=facts)
    return _limited(lineage, limit, source)
