"""schema.org JSON-LD: the lineage as markup a search engine or archive reads from a page.

One ``@graph`` holds a node per version (the subject first) and a node per organization or
person. A version is a ``NewsArticle``, or a ``CreativeWork`` when its ``medium`` says it is not
a news article (a Telegram statement). Translations point at their source with
``translationOfWork`` and ``isBasedOn`` and credit the ``translator``; other derivations use
``isBasedOn`` (quotation and reporting also ``citation``). schema.org's ``translator`` cannot be
software, so machine translation is disclosed with ``creditText`` and an IPTC
``digitalSourceType``. The text is always safe inside an HTML ``<script>`` element: ``<``, ``>``,
``&``, U+2028 and U+2029 are written as JSON escapes.

>>> from provenance import examples
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     data = to_dict(examples.get("shafaqna"))
>>> subject = data["@graph"][0]
>>> subject["@type"], subject["inLanguage"], subject["translationOfWork"]
('NewsArticle', 'en', {'@id': 'urn:provenance:fa-article'})
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from provenance import languages
from provenance.errors import LossWarning
from provenance.model import Agent, AgentType, Derivation, Kind, Lineage, Method, Role, Version

__all__ = [
    "CONTEXT",
    "DIGITAL_SOURCE_TYPES",
    "NEWS_MEDIA",
    "agent_iri",
    "dumps",
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
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*\Z")

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


def version_iri(version: Version) -> str:
    """A version's ``@id``: its URL if that is an absolute IRI, else ``urn:provenance:<id>``."""
    if version.url is not None and _IRI.match(version.url):
        return version.url
    return "urn:provenance:" + quote(version.id, safe="")


def agent_iri(agent_id: str) -> str:
    """The ``@id`` of an agent: ``urn:provenance:<id>``, percent-encoded.

    The same IRI the PROV exports give it, so the two merge in one triple store. Agents and
    versions share one id space in the native format (rule PV101).
    """
    return "urn:provenance:" + quote(agent_id, safe="")


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _unique(values: Iterable[Any]) -> list[Any]:
    found: list[Any] = []
    for value in values:
        if value not in found:
            found.append(value)
    return found


class _Mapper:
    """Builds the graph once and records what it could not carry."""

    def __init__(self, lineage: Lineage) -> None:
        self.lineage = lineage
        self.lost: list[str] = []
        self.iris: dict[str, str] = {}
        for version in lineage.versions:
            self.iris.setdefault(version.id, version_iri(version))

    def _agent(self, agent_id: str) -> Agent | None:
        return self.lineage.agent(agent_id) if self.lineage.has_agent(agent_id) else None

    def _source_iri(self, version_id: str) -> str:
        return self.iris.get(version_id) or "urn:provenance:" + quote(version_id, safe="")

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
            "@id": agent_iri(agent.id),
            "@type": "Person" if agent.type is AgentType.PERSON else "Organization",
            "name": agent.name,
        }
        if agent.url is not None:
            if _IRI.match(agent.url):
                node["url"] = agent.url
            else:
                self.lost.append(f"url of agent {agent.id!r} (not an absolute IRI)")
        if agent.language is not None:
            node["knowsLanguage"] = agent.language
        return node

    def version_node(self, version: Version) -> dict[str, Any]:
        news = version.medium is None or version.medium.strip().lower() in NEWS_MEDIA
        node: dict[str, Any] = {
            "@id": self.iris.get(version.id, version_iri(version)),
            "@type": "NewsArticle" if news else "CreativeWork",
        }
        if version.title is not None:
            node["headline" if news else "name"] = version.title
        node["inLanguage"] = version.language
        if version.url is not None:
            if _IRI.match(version.url):
                node["url"] = version.url
            else:
                self.lost.append(f"url of version {version.id!r} (not an absolute IRI)")
        if version.published is not None:
            node["datePublished"] = str(version.published)
        publishers = [agent_iri(version.publisher)] if version.publisher is not None else []
        authors = [agent_iri(a) for a in version.authors]
        if version.published_as is not None:
            self.lost.append(f"published_as of version {version.id!r} (the date as printed)")
        if version.medium is not None and not news:
            self.lost.append(f"medium of version {version.id!r} ({version.medium})")
        if version.digest is not None:
            self.lost.append(f"digest of version {version.id!r}")

        derived: dict[str, list[Any]] = {}
        credits: list[str] = []
        source_types: list[str] = []
        created: list[str] = []
        for derivation in self.lineage.derivations_of(version.id):
            self._derivation(derivation, version, derived, credits, source_types, publishers)
            if derivation.date is not None:
                created.append(str(derivation.date))

        if publishers:
            node["publisher"] = _one_or_many([_ref(p) for p in _unique(publishers)])
        if authors:
            node["author"] = _one_or_many([_ref(a) for a in _unique(authors)])
        for key in ("translationOfWork", "isBasedOn", "citation"):
            if derived.get(key):
                node[key] = _one_or_many([_ref(iri) for iri in _unique(derived[key])])
        for key in ("translator", "editor", "contributor"):
            if derived.get(key):
                node[key] = _one_or_many([_ref(iri) for iri in _unique(derived[key])])
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
        where = f"{derivation.target} from {', '.join(derivation.sources) or 'nothing'}"
        if kind is Kind.TRANSLATION:
            derived.setdefault("translationOfWork", []).extend(sources)
        if kind in _CITING_KINDS:
            derived.setdefault("citation", []).extend(sources)
        if kind not in _KEPT_KINDS:
            terms = "isBasedOn and citation" if kind in _CITING_KINDS else "isBasedOn"
            self.lost.append(f"derivation kind {kind.value} ({where}), written as plain {terms}")
        if derivation.note is not None:
            self.lost.append(f"note of derivation {where}")

        for credit in derivation.agents:
            agent = self._agent(credit.agent)
            if agent is None or agent.type is AgentType.SOFTWARE:
                continue  # software is named in creditText below
            iri = agent_iri(agent.id)
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
        source_languages = _unique(
            languages.display_name(self.lineage.version(s).language)
            for s in derivation.sources
            if self.lineage.has_version(s)
        )
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


def _map(lineage: Lineage) -> tuple[dict[str, Any], tuple[str, ...]]:
    mapper = _Mapper(lineage)
    data = mapper.graph()
    return data, tuple(_unique(mapper.lost))


def to_dict(lineage: Lineage) -> dict[str, Any]:
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
    data, lost = _map(lineage)
    _warn(lost)
    return data


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What the export drops, one phrase each; empty when nothing is lost.

    >>> from provenance import examples
    >>> losses(examples.get("syndication"))
    ('note of derivation republished from original',)
    """
    return _map(lineage)[1]


def _warn(lost: tuple[str, ...]) -> None:
    if lost:
        warnings.warn(LossWarning("jsonld drops " + "; ".join(lost)), stacklevel=3)


def _escape_html(text: str) -> str:
    return _HTML_UNSAFE_RE.sub(lambda match: _HTML_UNSAFE[match.group()], text)


def dumps(lineage: Lineage, *, html: bool = False, indent: int | None = None) -> str:
    """JSON-LD text, safe to paste into an HTML ``<script>`` element.

    ``html=True`` wraps it in ``<script type="application/ld+json">``. Compact unless
    ``indent`` is given. Warns :class:`~provenance.LossWarning` naming what is dropped.

    >>> from provenance import Builder
    >>> b = Builder()
    >>> _ = b.version("v", "en", title="</script><!-- & more")
    >>> text = dumps(b.build())
    >>> "</script" in text, "<!--" in text, json.loads(text)["@graph"][0]["headline"]
    (False, False, '</script><!-- & more')
    """
    data, lost = _map(lineage)
    _warn(lost)
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    text = _escape_html(text)
    if html:
        return f'<script type="application/ld+json">\n{text}\n</script>'
    return text
