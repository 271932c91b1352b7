"""Reading schema.org JSON-LD back into a lineage: the machinery behind
:func:`provenance.formats.jsonld.from_dict`.

This is not a JSON-LD processor. It reads the shapes that news pages and our writer publish: a
node, a list of nodes or a ``@graph`` (nested or mixed), schema.org's context in its usual
spellings, types and properties plain or prefixed, nodes inline or referred to by ``@id``. It
follows only the properties a lineage needs, so the hundreds of others are ignored, and works
nested under them (an ``ItemList`` of related articles) are not taken for versions.

Three passes: :meth:`_Reader.walk` indexes every node occurrence by ``@id`` (occurrences of
one ``@id`` are one node, as in JSON-LD), :meth:`_Reader.classify` decides which nodes are
versions and which agents, :meth:`_Reader.build` makes the model. Structural problems are
collected with their paths; what cannot be used (a date that is no date) is named in one
:class:`~provenance.LossWarning`. The rules are in ``docs/formats/jsonld.md``.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings
from collections import deque
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from provenance import languages
from provenance.dates import IsoDate, parse_iso, parse_lenient
from provenance.errors import LossWarning, ParseError, Problem, format_path
from provenance.formats._json_text import json_type
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    Role,
    Version,
)

__all__ = ["OUR_PREFIX", "UNDETERMINED", "PageFacts", "read"]

Path = tuple[str | int, ...]

OUR_PREFIX = "urn:provenance:"
"""The ``@id`` prefix our writer puts before a percent-encoded id: by default followed by
16 hex digits of the lineage's fingerprint and a colon (``urn:provenance:3f2a…:en-article``);
in earlier releases, by the id alone (``urn:provenance:en-article``), which reads back too."""

_LINEAGE_SEGMENT = re.compile(r"[0-9a-f]{16}:")
"""The per-lineage segment of our default ``@id``; an encoded id never holds a ``:``."""

UNDETERMINED = "und"
"""The language of a version whose document names none (BCP 47 "undetermined")."""

_SCHEMA_NAMESPACES = ("https://schema.org/", "http://schema.org/")
_SCHEMA_CONTEXTS = frozenset(
    f"{scheme}://{host}{suffix}"
    for scheme in ("http", "https")
    for host in ("schema.org", "www.schema.org")
    for suffix in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Works that become versions: CreativeWork and the text-like part of its tree. Other
# CreativeWorks (ImageObject, WebSite, BreadcrumbList, …) are not texts in a language.
_WORK_TYPES = _names(
    """CreativeWork Article NewsArticle ReportageNewsArticle AnalysisNewsArticle
    OpinionNewsArticle BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle
    SatiricalArticle AdvertiserContentArticle BlogPosting LiveBlogPosting DiscussionForumPosting
    SocialMediaPosting Report ScholarlyArticle MedicalScholarlyArticle TechArticle APIReference
    Book Chapter Thesis Quotation Review CriticReview Message Letter"""
)
_PAGE_TYPES = _names(
    """WebPage ItemPage AboutPage CollectionPage ContactPage FAQPage ProfilePage QAPage
    MedicalWebPage SearchResultsPage CheckoutPage"""
)
_ORGANIZATION_TYPES = _names(
    """Organization NewsMediaOrganization Corporation GovernmentOrganization NGO
    EducationalOrganization CollegeOrUniversity ResearchOrganization LocalBusiness
    OnlineBusiness PerformingGroup PoliticalParty Project ResearchProject FundingAgency
    SportsOrganization WorkersUnion Consortium Cooperative LibrarySystem Library
    MedicalOrganization Airline SearchRescueOrganization"""
)
_SOFTWARE_TYPES = _names("SoftwareApplication WebApplication MobileApplication")

# The properties the reader follows to other nodes; all others are ignored.
_DERIVATION_PROPS = (
    "translationOfWork",
    "workTranslation",
    "isBasedOn",
    "isBasedOnUrl",
    "citation",
)
_AGENT_PROPS = ("publisher", "author", "translator", "editor", "contributor")
_PAGE_PROPS = ("mainEntityOfPage", "isPartOf", "mainEntity")
_FOLLOWED = frozenset(_DERIVATION_PROPS + _AGENT_PROPS + _PAGE_PROPS)
# A WebPage is a version only when it carries one of these, or a work derives from it.
_ARTICLE_PROPS: tuple[str, ...] = ("headline", "author", "translator", "creditText")
_ARTICLE_PROPS = (*_ARTICLE_PROPS, "digitalSourceType", *_DERIVATION_PROPS)
# An agent with no @type is what the property naming it suggests.
_AGENT_DEFAULT = {
    "publisher": AgentType.ORGANIZATION,
    "author": AgentType.PERSON,
    "translator": AgentType.PERSON,
    "editor": AgentType.PERSON,
    "contributor": AgentType.PERSON,
}

# IPTC digital source types (schema.org mirrors them as …DigitalSource members).
_SOURCE_METHODS = {
    "trainedalgorithmicmedia": Method.MACHINE,
    "algorithmicmedia": Method.MACHINE,
    "compositewithtrainedalgorithmicmedia": Method.POST_EDITED,
}

# The creditText sentences our writer gives translation-like and machine-made derivations:
# "Machine-translated from German by DeepL 2024-05, post-edited by Ana Ruiz; translator: X."
# and "Translated from Persian by Shafaqna English."
_MACHINE_CREDIT = re.compile(
    r"Machine-(?P<verb>[a-z]+)(?: from (?P<origin>.+?))?(?: by (?P<tools>.+?))?"
    r"(?P<post>, post-edited(?: by (?P<editors>.+?))?)?(?:; translator: (?P<people>.+?))?\.",
    re.DOTALL,
)
_HUMAN_CREDIT = re.compile(
    r"(?P<verb>Translated|Transliterated|Localized)(?: from (?P<origin>.+?))? by (?P<names>.+)\.",
    re.DOTALL,
)
_CREDIT_BREAK = re.compile(
    r"(?<=\.) (?=Machine-[a-z]+[ .,;]|(?:Translated|Transliterated|Localized) (?:from|by) )"
)
_VERBS = {
    "translated": Kind.TRANSLATION,
    "transliterated": Kind.TRANSLITERATION,
    "localized": Kind.LOCALIZATION,
}
_VERSION_WORD = re.compile(r"v?\d\S*")
# A string that refers to a node rather than naming one: a URL or a URN.
_LINK = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)\S+\Z")
_ROLE_ORDER = {role: index for index, role in enumerate(Role)}
# A reference that is a URL relative to the document: a path, a query or a fragment.
_RELATIVE = re.compile(r"(?:/|\./|\.\./|\?|#)\S*\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# A character reference in text that should hold none (a headline escaped twice).
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The properties whose values two descriptions of one @id must agree on.
_COMPARED = ("headline", "name", "inLanguage", "datePublished", "url")


class PageFacts(NamedTuple):
    """What the page around the JSON-LD says: its address (``url``), the base its relative
    URLs resolve against, its canonical link, its ``<html lang>``; whether the data is the
    list of a page's scripts (each read alone as to its vocabulary); and notes on what
    decoding the page lost. URLs here are absolute or None."""

    url: str | None = None
    base: str | None = None
    canonical: str | None = None
    lang: str | None = None
    scripts: bool = False
    notes: tuple[str, ...] = ()


def _keyword(data: dict[Any, Any], name: str) -> Any:
    """``@id`` or ``@type``, or the alias schema.org's context gives it (``id``, ``type``)."""
    if name in data:
        return data[name]
    return data.get(name[1:])


def _same_address(a: str, b: str) -> bool:
    """Two URLs of one page: scheme, ``www.``, case of the host, fragment and a final slash
    aside."""

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url.strip())
        host = parts.netloc.lower().removeprefix("www.")
        return host, parts.path.rstrip("/") or "/", parts.query

    return key(a) == key(b)


def _plain(text: str) -> str:
    """Text without the character references a template escaped into it twice
    (``Volkswagen&#039;s``)."""
    return html.unescape(text) if "&" in text and _CHAR_REF.search(text) else text


def _slug(name: str) -> str:
    """An id made from a name, the way :class:`provenance.Builder` makes agent ids."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-") or "agent"


def _software_label(label: str) -> tuple[str, str | None]:
    """``"DeepL 2024-05"`` → ``("DeepL", "2024-05")``: our writer appends the version to the
    name, so a last word that starts with a digit (or ``v`` and a digit) is taken for it."""
    name, space, last = label.rpartition(" ")
    if space and name.strip() and _VERSION_WORD.fullmatch(last):
        return name, last
    return label, None


def _source_method(value: str) -> Method | None:
    """The method an IPTC digital source type means, from its IRI, prefixed or short name."""
    local = value.strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
    return _SOURCE_METHODS.get(local.removesuffix("digitalsource"))


def _given_id(iri: str | None) -> str | None:
    """An id back from an ``@id``: ours unquoted, a blank node none, any other IRI itself."""
    if iri is None or iri.startswith("_:"):
        return None
    if iri.startswith(OUR_PREFIX):
        local = iri[len(OUR_PREFIX) :]
        if _LINEAGE_SEGMENT.match(local):
            local = local[17:]
        return unquote(local)
    return iri


class _Occurrence:
    """One JSON object standing for a node, where it is, and when the walk met it. A quiet
    one was found under a property the reader does not follow: its shape is not the
    reader's business (no problem is reported about it), only its ``@id``'s description."""

    __slots__ = ("data", "keys", "path", "quiet", "seq", "top")

    def __init__(self, data: dict[Any, Any], path: Path, top: bool, quiet: bool = False) -> None:
        self.data, self.path, self.top, self.seq, self.quiet = data, path, top, 0, quiet
        self.keys: dict[str, list[str]] = {}  # property without prefix → keys as written


class _Node:
    """The occurrences of one ``@id`` (or one anonymous object), and what it refers to."""

    def __init__(self, key: str, iri: str | None, seq: int, title: str | None = None) -> None:
        self.key, self.iri, self.seq, self.title = key, iri, seq, title
        self.occurrences: list[_Occurrence] = []
        self.types: list[str] = []
        self.defined_at: int | None = None  # the first occurrence with more than an @id
        self.top = False
        self.via: set[str] = set()  # the properties other nodes name it through
        self.refs: dict[str, list[str]] = {}  # property → keys of the nodes it names

    @property
    def order(self) -> int:
        return self.defined_at if self.defined_at is not None else self.seq

    def has(self, prop: str) -> bool:
        return any(prop in occurrence.keys for occurrence in self.occurrences)


class _Sentence:
    """One sentence of our writer's creditText: the kind its verb names, the method, the
    software it names, and the post-editors' part of it."""

    def __init__(self, kind: Kind, method: Method | None, tools: list[str], editors: str | None):
        self.kind, self.method, self.tools, self.editors = kind, method, tools, editors


class _Group:
    """A derivation being rebuilt: a target's sources through one property."""

    def __init__(self, kind: Kind | None, sources: list[str], named: bool) -> None:
        self.kind, self.sources, self.named = kind, sources, named
        self.sentence: _Sentence | None = None
        self.method: Method | None = None
        self.credits: list[AgentRole] = []


class _Reader:
    def __init__(self, duplicates: dict[int, list[str]] | None, page: PageFacts) -> None:
        self.duplicates = duplicates or {}
        self.page = page
        self._ours: bool | None = None
        self.foreign: list[str] = []  # the scripts passed over for their vocabulary
        self.problems: dict[tuple[Path, str], None] = {}  # in order, each once
        self.lost: list[str] = []
        self.prefixes = {"schema"}
        self.top: list[_Occurrence] = []
        self.nodes: dict[str, _Node] = {}
        self.seq = 0
        self.by_url: dict[str, str] = {}
        self.works: list[str] = []
        self.agent_keys: list[str] = []
        self.inverse: dict[str, list[str]] = {}  # workTranslation: translation → originals
        self.version_order: dict[str, None] = {}
        self.taken: set[str] = set()
        self.version_ids: dict[str, str] = {}
        self.agent_ids: dict[str, str] = {}
        self.agents: dict[str, Agent] = {}
        self.anonymous: dict[tuple[AgentType, str, str | None], str] = {}
        self.software: dict[tuple[str, str | None], Agent] = {}

    def problem(self, path: Path, message: str) -> None:
        self.problems.setdefault((path, message), None)

    def lose(self, what: str) -> None:
        if what not in self.lost:
            self.lost.append(what)

    # -- containers and contexts -----------------------------------------------------------------

    def containers(self, data: Any) -> None:
        """The top-level nodes: the document itself, or the members of its lists and graphs."""
        if not isinstance(data, (dict, list)):
            self.problem(
                (),
                "expected a JSON-LD document (an object, a list of objects or an object with "
                f"@graph), got {json_type(data)}",
            )
            return
        stack: list[tuple[Any, Path]] = [(data, ())]
        while stack:
            item, path = stack.pop()
            if isinstance(item, list):
                stack.extend((value, (*path, i)) for i, value in reversed(list(enumerate(item))))
            elif isinstance(item, dict):
                script = len(path) == 1 or (len(path) == 2 and isinstance(path[1], int))
                foreign = self.page.scripts and script and "@context" in item
                if foreign and not self.is_schema(item["@context"]):
                    found = item["@context"]
                    shown = repr(found) if isinstance(found, str) else json_type(found)
                    self.foreign.append(f"{format_path(path)} is in another vocabulary")
                    self.lose(
                        f"{format_path(path)}, a script in another vocabulary (its @context "
                        f"is {shown}, not schema.org's)"
                    )
                    continue
                if "@context" in item:
                    self.context(item["@context"], (*path, "@context"))
                if "@graph" not in item:
                    self.top.append(_Occurrence(item, path, True))
                elif isinstance(item["@graph"], (list, dict)):
                    stack.append((item["@graph"], (*path, "@graph")))
                elif item["@graph"] is not None:
                    found = json_type(item["@graph"])
                    self.problem((*path, "@graph"), f"expected a list of nodes, got {found}")
            elif item is not None:
                self.problem(path, f"expected a node (a JSON object), got {json_type(item)}")

    def is_schema(self, value: Any) -> bool:
        """Whether a ``@context`` names schema.org, as :meth:`context` would accept it."""
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip() in _SCHEMA_CONTEXTS:
                return True
            if isinstance(item, dict) and any(
                isinstance(iri, str) and iri.strip() in _SCHEMA_CONTEXTS for iri in item.values()
            ):
                return True
        return False

    def context(self, value: Any, path: Path) -> None:
        """Check that a ``@context`` is schema.org's; note the prefixes it declares for it."""
        found = False
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, str):
                found = found or item.strip() in _SCHEMA_CONTEXTS
            elif isinstance(item, dict):
                for term, iri in item.items():
                    if isinstance(iri, str) and iri.strip() in _SCHEMA_CONTEXTS:
                        found = True
                        if isinstance(term, str) and not term.startswith("@"):
                            self.prefixes.add(term)
            elif isinstance(value, list):
                self.problem((*path, index), f"expected a context, got {json_type(item)}")
                found = True  # said once, there
        if not found:
            self.problem(
                path,
                'not schema.org\'s context: expected "https://schema.org" (or '
                '{"@vocab": "https://schema.org/"}); this reader reads schema.org markup',
            )

    def local(self, name: str) -> str:
        """A property or type name without its schema.org prefix: ``schema:headline`` and
        ``https://schema.org/headline`` are ``headline``."""
        for namespace in _SCHEMA_NAMESPACES:
            if name.startswith(namespace):
                return name[len(namespace) :]
        prefix, colon, rest = name.partition(":")
        return rest if colon and prefix in self.prefixes else name

    # -- pass 1: every node occurrence, indexed by @id --------------------------------------------

    def walk(self) -> None:
        """Visit the occurrences reachable through the properties a lineage needs, depth
        first in document order, and index them by ``@id``. A string where a node belongs
        (a name, a URL) takes its place in that order too."""
        stack: list[tuple[_Occurrence | str, str | None, _Node | None]] = [
            (occurrence, None, None) for occurrence in reversed(self.top)
        ]
        while stack:
            item, prop, referrer = stack.pop()
            self.seq += 1
            if isinstance(item, str):
                if prop is not None and referrer is not None:
                    self.string_ref(referrer, prop, item)
                continue
            item.seq = self.seq
            node = self.index(item)
            if prop is not None and referrer is not None:
                node.via.add(prop)
                referrer.refs.setdefault(prop, []).append(node.key)
            children: list[tuple[_Occurrence | str, str | None, _Node | None]] = []
            for raw in item.data:
                local = self.local(raw) if isinstance(raw, str) else ""
                if local not in _FOLLOWED:
                    if not (isinstance(raw, str) and raw.startswith("@")):
                        children.extend(self.described(item.data[raw], (*item.path, raw)))
                    continue
                for value, path in self.raw_values(item, raw):
                    if isinstance(value, dict) and isinstance(value.get("@value"), str):
                        children.append((value["@value"], local, node))
                    elif isinstance(value, dict) and "@value" not in value:
                        children.append((_Occurrence(value, path, False, item.quiet), local, node))
                    elif isinstance(value, str):
                        children.append((value, local, node))
                    elif local not in _PAGE_PROPS and not item.quiet:
                        what = "an agent" if local in _AGENT_PROPS else "a creative work"
                        self.problem(
                            path,
                            f"expected {what}: a node object, a reference {{'@id': …}} or a "
                            f"string, got {json_type(value)}",
                        )
            stack.extend(reversed(children))

    def described(
        self, value: Any, path: Path
    ) -> Iterator[tuple[_Occurrence | str, str | None, _Node | None]]:
        """The objects with an ``@id`` anywhere under a property the reader does not follow,
        outermost first: occurrences of their nodes too (JSON-LD merges every description of
        an ``@id``), though nothing refers to them from here."""
        stack: list[tuple[Any, Path]] = [(value, path)]
        while stack:
            item, where = stack.pop()
            if isinstance(item, list):
                stack.extend((v, (*where, i)) for i, v in reversed(list(enumerate(item))))
            elif isinstance(item, dict):
                iri = _keyword(item, "@id")
                if isinstance(iri, str) and iri.strip() and "@value" not in item:
                    yield _Occurrence(item, where, False, quiet=True), None, None
                    continue  # its own properties are walked when it is
                stack.extend(
                    (v, (*where, k))
                    for k, v in reversed(list(item.items()))
                    if not (isinstance(k, str) and k.startswith("@"))
                )

    def absolute(self, text: str) -> str:
        """A URL or ``@id`` made absolute against the page's base, when it is relative and
        the base is known."""
        if self.page.base is None or _SCHEME.match(text) or text.startswith("_:"):
            return text
        return urljoin(self.page.base, text)

    def index(self, occurrence: _Occurrence) -> _Node:
        data, path = occurrence.data, occurrence.path
        for key in data:
            if isinstance(key, str):
                occurrence.keys.setdefault(self.local(key), []).append(key)
        if "@context" in data and not occurrence.top and not occurrence.quiet:
            self.context(data["@context"], (*path, "@context"))
        if not occurrence.quiet:
            self.check_duplicates(occurrence, "@id")
            self.check_duplicates(occurrence, "@type")
        id_key = "@id" if "@id" in data else "id"
        iri = data.get(id_key)
        if iri is not None and not isinstance(iri, str) and not occurrence.quiet:
            self.problem((*path, id_key), f"expected an IRI (a string), got {json_type(iri)}")
        if isinstance(iri, str) and iri.strip():
            key = iri = self.absolute(iri.strip())
        else:
            iri, key = None, f"\x00occurrence:{occurrence.seq}"
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = _Node(key, iri, occurrence.seq)
        node.occurrences.append(occurrence)
        node.top = node.top or occurrence.top
        if node.defined_at is None and any(k not in ("@id", id_key, "@context") for k in data):
            node.defined_at = occurrence.seq
        type_key = "@type" if "@type" in data else "type"
        types = data.get(type_key)
        for index, item in enumerate(types if isinstance(types, list) else [types]):
            if isinstance(item, str):
                name = self.local(item.strip())
                if name not in node.types:
                    node.types.append(name)
            elif (item is not None or isinstance(types, list)) and not occurrence.quiet:
                where = (*path, type_key, index) if isinstance(types, list) else (*path, type_key)
                self.problem(where, f"expected a type name (a string), got {json_type(item)}")
        return node

    def string_ref(self, node: _Node, prop: str, text: str) -> None:
        """A string where a node is expected. A URL or URN names a node (or a stub); other
        text is a name (of an agent) or a plain-text citation (of a work)."""
        text = text.strip()
        if self.page.base is not None and _RELATIVE.match(text):
            text = self.absolute(text)
        if not text or (prop in _PAGE_PROPS and not _LINK.match(text)):
            return
        if _LINK.match(text):
            key, iri, title = text, text, None
        else:
            kind = _AGENT_DEFAULT[prop].value if prop in _AGENT_DEFAULT else "work"
            key, iri, title = f"\x00{kind}:{text}", None, text
        target = self.nodes.get(key)
        if target is None:
            target = self.nodes[key] = _Node(key, iri, self.seq, title)
        target.via.add(prop)
        node.refs.setdefault(prop, []).append(key)

    # -- reading values -----------------------------------------------------------------------

    def check_duplicates(self, occurrence: _Occurrence, key: str) -> None:
        if key in self.duplicates.get(id(occurrence.data), ()):
            self.problem((*occurrence.path, key), "duplicate key: JSON would keep only the last")

    def values(self, node: _Node, prop: str) -> Iterator[tuple[Any, Path]]:
        """A property's values over a node's occurrences, lists and ``@list`` flattened,
        nulls left out (JSON-LD ignores them), each with its path."""
        for occurrence in node.occurrences:
            for raw in occurrence.keys.get(prop, ()):
                yield from self.raw_values(occurrence, raw)

    def raw_values(self, occurrence: _Occurrence, raw: str) -> Iterator[tuple[Any, Path]]:
        self.check_duplicates(occurrence, raw)
        stack: list[tuple[Any, Path]] = [(occurrence.data[raw], (*occurrence.path, raw))]
        while stack:
            value, path = stack.pop()
            if isinstance(value, list):
                stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(value))))
            elif (
                isinstance(value, dict)
                and len(value) == 1
                and ("@list" in value or "@set" in value)
            ):
                keyword = "@list" if "@list" in value else "@set"
                stack.append((value[keyword], (*path, keyword)))
            elif value is not None:
                yield value, path

    def texts(self, node: _Node, prop: str, what: str = "a string") -> list[str]:
        """The string values of a property (``{"@value": …}`` too, and ``{"@id": …}`` for a
        URL); any other value is a problem."""
        found: list[str] = []
        for value, path in self.values(node, prop):
            if isinstance(value, dict) and "@value" in value:
                value, path = value["@value"], (*path, "@value")
            elif isinstance(value, dict) and prop == "url" and _keyword(value, "@id") is not None:
                id_key = "@id" if "@id" in value else "id"
                value, path = value[id_key], (*path, id_key)
            if isinstance(value, str):
                found.append(value)
            else:
                self.problem(path, f"expected {what}, got {json_type(value)}")
        return found

    def text(self, node: _Node, prop: str, what: str = "a string") -> str | None:
        found = self.texts(node, prop, what)
        return found[0] if found else None

    def date(self, node: _Node, prop: str, owner: str) -> IsoDate | None:
        """Strict ISO 8601 first, then a date as people write it; an unusable one is lost."""
        for value, path in self.values(node, prop):
            if isinstance(value, dict) and "@value" in value:
                value, path = value["@value"], (*path, "@value")
            if not isinstance(value, str):
                self.problem(path, f"expected a date (a string), got {json_type(value)}")
                continue
            try:
                return parse_iso(value.strip())
            except ValueError:
                pass
            notes: list[str] = []
            found = parse_lenient(value, notes=notes)
            for note in notes:
                self.lose(f"{note} of {prop} {value!r} of {owner} at {format_path(path)}")
            if found is not None:
                return found
            self.lose(f"{prop} {value!r} of {owner} at {format_path(path)} (not a date)")
        return None

    def language(self, node: _Node, prop: str = "inLanguage") -> list[str]:
        """The tags a property names: BCP 47 tags (canonicalized), language names, or
        Language nodes (``alternateName`` is the tag, ``name`` the name). A tag or name that
        resolves to nothing is kept as given, so validation reports it (PV201)."""
        found: list[str] = []
        for value, path in self.values(node, prop):
            if isinstance(value, dict) and "@value" in value:
                value, path = value["@value"], (*path, "@value")
            text = None
            if isinstance(value, str):
                text = value.strip()
            elif isinstance(value, dict):
                for key in ("alternateName", "name"):
                    item = value.get(key)
                    if isinstance(item, list):
                        item = next((x for x in item if isinstance(x, str) and x.strip()), None)
                    if isinstance(item, str) and item.strip():
                        text = item.strip()
                        break
                else:
                    self.problem(path, "a Language node needs an alternateName (its tag) or a name")
            else:
                self.problem(
                    path,
                    "expected a language: a BCP 47 tag, a language name or a Language node, "
                    f"got {json_type(value)}",
                )
            if text:
                tag = languages.resolve(text) or text
                if tag not in found:
                    found.append(tag)
        return found

    def refs(self, node: _Node, prop: str) -> list[str]:
        """The nodes a property names, in document order, without repeats. An ``@id`` the
        document never describes may be the ``url`` of a node it does describe. A work that
        names itself as its own source (its ``@id``, its ``url`` or the page it is on) names
        nothing: the reference is dropped with a LossWarning, not read as a derivation."""
        found: dict[str, None] = {}
        for key in node.refs.get(prop, ()):
            target = self.nodes[key]
            if target.defined_at is None and target.iri is not None:
                key = self.by_url.get(target.iri, key)
            if prop in _DERIVATION_PROPS and self.is_itself(node, key):
                self.lose(f"{prop} of {self.label(node)} naming the work itself")
                continue
            found.setdefault(key, None)
        return list(found)

    def addresses(self, node: _Node) -> set[str]:
        """The IRIs a work is known by: its ``@id``, its ``url``s and the page it is on."""
        found = {node.iri} if node.iri is not None else set()
        for value, _ in self.values(node, "url"):
            url = _keyword(value, "@id") if isinstance(value, dict) else value
            if isinstance(url, str) and url.strip():
                found.add(self.absolute(url.strip()))
        for key in node.refs.get("mainEntityOfPage", ()):
            page = self.nodes[key]
            if page.iri is not None:
                found.add(page.iri)
        return found

    def is_itself(self, node: _Node, key: str) -> bool:
        if key == node.key:
            return True
        iri = self.nodes[key].iri
        return iri is not None and iri in self.addresses(node)

    # -- pass 2: what each node is -----------------------------------------------------------

    def kind_of(self, node: _Node) -> str | None:
        for name in node.types:
            if name in _WORK_TYPES:
                return "work"
            if name in _PAGE_TYPES:
                return "page"
            if name == "Person" or name in _ORGANIZATION_TYPES or name in _SOFTWARE_TYPES:
                return "agent"
        return None

    def classify(self) -> bool:
        """Decide the versions and the agents; False (with a problem) when there is no work.

        Versions: top-level works, top-level pages that carry article properties, and
        whatever a version derives from; failing all of them, the top-level pages.
        Agents: top-level agents, and whatever a version names as publisher, author, ….
        """
        for node in self.nodes.values():  # quietly: most of these nodes are never read
            if node.defined_at is not None:
                for value, _ in self.values(node, "url"):
                    url = _keyword(value, "@id") if isinstance(value, dict) else value
                    if isinstance(url, str) and url.strip():
                        self.by_url.setdefault(self.absolute(url.strip()), node.key)
        for page in [n for n in self.nodes.values() if n.top and self.kind_of(n) == "page"]:
            for key in self.refs(page, "mainEntity"):  # what a page is about is top-level
                if self.kind_of(self.nodes[key]) == "work":
                    self.nodes[key].top = True
        # The page a work is on, repeating the work's headline (a second script describing
        # the WebPage by its url), is that work's page, not a second copy of the work.
        hosted: dict[str, set[str]] = {}  # a page's address → the headlines of its works
        pages = any(
            n.top and self.kind_of(n) == "page" and self.is_work(n) for n in self.nodes.values()
        )
        for node in self.nodes.values() if pages else ():
            if node.top and self.kind_of(node) == "work":
                titles = self.titles(node)
                for key in node.refs.get("mainEntityOfPage", ()):
                    hosted.setdefault(self.nodes[key].iri or key, set()).update(titles)

        def copy(node: _Node) -> bool:
            if self.kind_of(node) != "page":
                return False
            titles = {t for a in self.addresses(node) for t in hosted.get(a, ())}
            return bool(titles & set(self.titles(node)))

        queue = deque(n for n in self.nodes.values() if n.top and self.is_work(n) and not copy(n))
        if not queue:
            queue.extend(n for n in self.nodes.values() if n.top and self.kind_of(n) == "page")
        works: dict[str, None] = {}
        while queue:
            node = queue.popleft()
            if node.key in works:
                continue
            works[node.key] = None
            for prop in _DERIVATION_PROPS:
                for key in self.refs(node, prop):
                    if self.kind_of(self.nodes[key]) == "agent":
                        self.lose(f"{prop} of {self.label(node)} naming an agent ({key})")
                    else:
                        queue.append(self.nodes[key])
        self.works = sorted(works, key=lambda key: self.nodes[key].order)
        if not self.works:
            seen = sorted({t for n in self.nodes.values() if n.top for t in n.types})
            self.problem(
                (),
                "no creative work to read: expected a NewsArticle, Article, BlogPosting, "
                "CreativeWork or another schema.org work"
                + (f"; found {', '.join(seen)}" if seen else ""),
            )
            return False
        for work in self.works:
            for key in self.refs(self.nodes[work], "workTranslation"):
                if key in works:
                    self.inverse.setdefault(key, []).append(work)
        agents = {n.key: None for n in self.nodes.values() if n.top and self.kind_of(n) == "agent"}
        for work in self.works:
            for prop in _AGENT_PROPS:
                for key in self.refs(self.nodes[work], prop):
                    if key not in works:
                        agents[key] = None
        self.agent_keys = sorted(agents, key=lambda key: self.nodes[key].order)
        return True

    def conflicts(self, node: _Node) -> None:
        """Name each property on which two descriptions of one ``@id`` disagree: the first
        is read, the other lost."""
        for prop in _COMPARED:
            first: tuple[str, Path] | None = None
            for occurrence in node.occurrences:
                for raw in occurrence.keys.get(prop, ()):
                    value = occurrence.data[raw]
                    value = _keyword(value, "@id") if isinstance(value, dict) else value
                    if not isinstance(value, str) or not value.strip():
                        continue
                    where = (*occurrence.path, raw)
                    if first is None:
                        first = (value.strip(), where)
                    elif value.strip() != first[0]:
                        self.lose(
                            f"{prop} {value.strip()!r} at {format_path(where)}, which "
                            f"contradicts {first[0]!r} at {format_path(first[1])} "
                            f"(two descriptions of {node.iri!r})"
                        )
                    break

    def is_work(self, node: _Node) -> bool:
        kind = self.kind_of(node)
        return kind == "work" or (kind == "page" and any(map(node.has, _ARTICLE_PROPS)))

    def agent_type(self, node: _Node) -> AgentType:
        for name in node.types:
            if name == "Person":
                return AgentType.PERSON
            if name in _SOFTWARE_TYPES:
                return AgentType.SOFTWARE
            if name in _ORGANIZATION_TYPES:
                return AgentType.ORGANIZATION
        return next((_AGENT_DEFAULT[p] for p in _AGENT_PROPS if p in node.via), AgentType.PERSON)

    def label(self, node: _Node) -> str:
        if node.iri is not None:
            return repr(node.iri)
        if node.occurrences:
            return format_path(node.occurrences[0].path)
        return repr(node.title)

    def subject(self) -> str:
        """Ours (an ``@id`` in ``urn:provenance:``): the first work, where our writer puts
        the subject. Others: the top-level work the page is about, whatever the order of the
        nodes: one known by the page's own address (its ``url`` or canonical link), else one
        that is the page's main entity (``mainEntityOfPage``, a page's ``mainEntity``); among
        equals, one that no other work derives from; the document order breaks a tie."""
        top = [key for key in self.works if self.nodes[key].top] or self.works
        if self.ours:
            return top[0]
        main = {key for key in top if self.nodes[key].has("mainEntityOfPage")}
        about: dict[str, set[str]] = {}  # work → the addresses of the pages naming it
        for node in self.nodes.values():
            if self.kind_of(node) == "page":
                for key in self.refs(node, "mainEntity"):
                    main.add(key)
                    about.setdefault(key, set()).update(self.addresses(node))
        page = [url for url in (self.page.url, self.page.canonical) if url is not None]
        derived = {
            source
            for key in self.works
            for source in self.sources(self.nodes[key])
            if source != key
        }

        def rank(key: str) -> tuple[bool, bool, bool]:
            known = self.addresses(self.nodes[key]) | about.get(key, set())
            here = any(_same_address(a, b) for a in known for b in page)
            return here, key in main, key not in derived

        return max(top, key=rank)  # max keeps the first of equals

    def sources(self, node: _Node) -> list[str]:
        found = [*self.refs(node, "translationOfWork"), *self.inverse.get(node.key, ())]
        found += [*self.refs(node, "citation"), *self.refs(node, "isBasedOn")]
        found += self.refs(node, "isBasedOnUrl")
        return list(dict.fromkeys(key for key in found if key in self.version_order))

    # -- pass 3: the model -------------------------------------------------------------------

    def unique(self, base: str) -> str:
        found, number = base, 1
        while found in self.taken:
            number += 1
            found = f"{base}-{number}"
        self.taken.add(found)
        return found

    @property
    def ours(self) -> bool:
        """Whether the document is our writer's output (an ``@id`` in ``urn:provenance:``)."""
        if self._ours is None:
            self._ours = any(key.startswith(OUR_PREFIX) for key in self.nodes)
        return self._ours

    def build(self) -> Lineage | None:
        self.version_order = dict.fromkeys(self.works)
        subject = self.subject()
        order = [subject, *(key for key in self.works if key != subject)]
        fields = {key: self.version_fields(self.nodes[key]) for key in order}
        if fields[subject]["language"] == UNDETERMINED and self.page.lang is not None:
            tag = languages.resolve(self.page.lang)
            if tag is None:
                self.lose(f"<html lang={self.page.lang!r}> (not a language tag)")
            else:
                fields[subject]["language"] = tag
        generated = 0
        for key in order:
            base = _given_id(self.nodes[key].iri) or fields[key]["url"]
            if base is None:
                generated += 1
                base = f"version-{generated}"
            self.version_ids[key] = self.unique(base)
        for key in [*order, *self.agent_keys]:
            if len(self.nodes[key].occurrences) > 1 and self.nodes[key].iri is not None:
                self.conflicts(self.nodes[key])
        for key in self.agent_keys:
            self.agent(self.nodes[key])
        versions: list[Version] = []
        derivations: list[Derivation] = []
        for key in order:
            node, version_id = self.nodes[key], self.version_ids[key]
            publishers = self.agent_refs(node, "publisher")
            version = Version(
                id=version_id,
                language=fields[key]["language"],
                publisher=publishers[0] if publishers else None,
                authors=tuple(self.agent_refs(node, "author")),
                title=fields[key]["title"],
                url=fields[key]["url"],
                published=self.date(node, "datePublished", f"version {version_id!r}"),
            )
            versions.append(version)
            derivations.extend(self.derivations(node, version, publishers[1:], fields))
        if self.problems:
            return None
        return Lineage(
            subject=self.version_ids[subject],
            versions=tuple(versions),
            derivations=tuple(derivations),
            agents=(*self.agents.values(), *self.software.values()),
        )

    def version_fields(self, node: _Node) -> dict[str, Any]:
        """Language, title and url. What a node does not say itself may come from the page it
        is the main entity of, or what that is part of (a WordPress article's language and
        URL are often on its WebPage and WebSite)."""
        found = self.language(node)
        language = found[0] if found else None
        if len(found) > 1:  # a bilingual work: a version is one text in one language
            others = ", ".join(repr(tag) for tag in found[1:])
            work = self.label(node)
            work = f"the work at {work}" if work.startswith("$") else work
            self.lose(f"inLanguage {others} of {work} (a version has one language: {language!r})")
        around = self.around(node)
        for other in around:
            if language is not None:
                break
            found = self.language(other)
            language = found[0] if found else None
        url = self.url(node)
        for key in self.refs(node, "mainEntityOfPage"):
            page = self.nodes[key]
            if url is None:
                url = self.url(page)
            if url is None and page.iri is not None and page.iri.startswith(("http:", "https:")):
                url = page.iri
        if url is None and node.defined_at is None and node.iri is not None:
            url = node.iri if node.iri.startswith(("http:", "https:")) else None
        titles = self.titles(node)
        return {
            "language": language or UNDETERMINED,
            "url": url,
            "title": titles[0] if titles else node.title,
        }

    def titles(self, node: _Node) -> list[str]:
        """A work's headlines, then names: blank ones left out, character references a
        template escaped twice decoded."""
        found = self.texts(node, "headline") + self.texts(node, "name")
        return [_plain(title) for title in found if title.strip()]

    def url(self, node: _Node) -> str | None:
        """A node's first ``url`` that is not blank, made absolute against the page's base."""
        for url in self.texts(node, "url", "a URL (a string)"):
            if url.strip():
                return self.absolute(url.strip())
        return None

    def around(self, node: _Node) -> list[_Node]:
        """The pages and sites around a node: its mainEntityOfPage and isPartOf, and theirs,
        three levels out."""
        found: list[_Node] = []
        frontier = [node]
        for _ in range(3):
            following: list[_Node] = []
            for current in frontier:
                for prop in ("mainEntityOfPage", "isPartOf"):
                    for key in self.refs(current, prop):
                        other = self.nodes[key]
                        if other is not node and other not in found:
                            found.append(other)
                            following.append(other)
            frontier = following
        return found

    def agent(self, node: _Node) -> None:
        kind = self.agent_type(node)
        name = None
        for prop in ("name", "alternateName", "legalName"):
            found = [_plain(text) for text in self.texts(node, prop) if text.strip()]
            name = found[0] if name is None and found else name
        if name is None:
            parts = (self.text(node, "givenName"), self.text(node, "familyName"))
            name = " ".join(part.strip() for part in parts if part and part.strip()) or node.title
        url = self.url(node)
        given = _given_id(node.iri)
        name = name if name is not None else given or url
        if name is None:
            self.lose(f"an agent with no name, id or url ({self.label(node)})")
            return
        if given is None:  # anonymous: one agent per type, name and url
            same = self.anonymous.get((kind, name, url))
            if same is not None:
                self.agent_ids[node.key] = same
                return
            agent_id = self.anonymous[(kind, name, url)] = self.unique(url or _slug(name))
        else:
            agent_id = self.unique(given)
        tags = self.language(node, "knowsLanguage")
        self.agent_ids[node.key] = agent_id
        self.agents[agent_id] = Agent(
            id=agent_id,
            type=kind,
            name=name,
            url=url,
            version=self.text(node, "softwareVersion") if kind is AgentType.SOFTWARE else None,
            language=tags[0] if len(tags) == 1 else None,  # an outlet edition's one language
        )

    def agent_refs(self, node: _Node, prop: str) -> list[str]:
        found = (self.agent_ids.get(key) for key in self.refs(node, prop))
        return list(dict.fromkeys(agent for agent in found if agent is not None))

    # -- derivations ---------------------------------------------------------------------------

    def derivations(
        self,
        node: _Node,
        target: Version,
        more_publishers: list[str],
        fields: dict[str, dict[str, Any]],
    ) -> list[Derivation]:
        """A target's derivations: translationOfWork (and workTranslation pointing at it)
        is a translation, citation a reporting, the rest of isBasedOn one more derivation
        whose kind the creditText names or :meth:`infer` infers."""
        versions = self.version_order
        translated = [*self.refs(node, "translationOfWork"), *self.inverse.get(node.key, ())]
        translated = list(dict.fromkeys(key for key in translated if key in versions))
        cited = [k for k in self.refs(node, "citation") if k in versions and k not in translated]
        based = [*self.refs(node, "isBasedOn"), *self.refs(node, "isBasedOnUrl")]
        taken = {*translated, *cited}
        based = list(dict.fromkeys(k for k in based if k in versions and k not in taken))
        groups = [_Group(Kind.TRANSLATION, translated, named=True)] if translated else []
        groups += [_Group(Kind.REPORTING, cited, named=True)] if cited else []
        plain = _Group(None, based, named=False) if based else None
        groups += [plain] if plain is not None else []
        owner = f"version {target.id!r}"
        if not groups:
            for prop in ("translator", "editor", "contributor", "digitalSourceType"):
                if node.has(prop):
                    self.lose(f"{prop} of {owner} (it derives from nothing in the document)")
            if more_publishers:
                self.lose(f"publishers of {owner} beyond the first")
            return []

        for sentence in self.sentences(node):
            self.place(sentence, groups, plain)
        sourced = self.source_method(node)
        if plain is not None and plain.kind is None:
            plain.kind = self.infer(target, plain.sources, fields, sourced is not None)
        for group in groups:
            if group.sentence is not None:
                group.method = group.sentence.method
            elif group.kind is not None and group.kind.is_translation_like:
                group.method = sourced
        if sourced is not None and all(group.method is not sourced for group in groups):
            self.lose(f"digitalSourceType of {owner} (no translation-like derivation to carry it)")
        main = next((g for g in groups if g.kind is not None and g.kind.is_translation_like), None)
        self.credit(node, groups, main or groups[0], more_publishers)
        date = self.date(node, "dateCreated", owner)
        return [
            Derivation(
                target=target.id,
                sources=tuple(self.version_ids[key] for key in group.sources),
                kind=group.kind or Kind.ADAPTATION,
                method=group.method,
                agents=sorted(dict.fromkeys(group.credits), key=lambda c: _ROLE_ORDER[c.role]),
                date=date,
            )
            for group in groups
        ]

    def credit(
        self, node: _Node, groups: list[_Group], main: _Group, more_publishers: list[str]
    ) -> None:
        """Give each agent its role in a derivation, and settle the methods left open."""
        for key in self.refs(node, "translator"):
            agent_id = self.agent_ids.get(key)
            if agent_id is None:
                continue
            if self.agents[agent_id].type is AgentType.SOFTWARE:
                main.credits.append(AgentRole(agent_id, Role.TOOL))
                main.method = main.method or Method.MACHINE
            else:
                main.credits.append(AgentRole(agent_id, Role.TRANSLATOR))
        for key in [*self.refs(node, "editor"), *self.refs(node, "contributor")]:
            agent_id = self.agent_ids.get(key)
            if agent_id is None:
                continue
            agent = self.agents[agent_id]
            if agent.type is AgentType.SOFTWARE:
                main.credits.append(AgentRole(agent_id, Role.TOOL))
                continue
            post = next((g for g in groups if _post_edited_by(g, agent.name)), None)
            if post is not None:
                post.credits.append(AgentRole(agent_id, Role.POST_EDITOR))
            else:
                main.credits.append(AgentRole(agent_id, Role.EDITOR))
        for group in groups:
            for label in group.sentence.tools if group.sentence is not None else ():
                group.credits.append(AgentRole(self.software_agent(label), Role.TOOL))
        main.credits.extend(AgentRole(agent, Role.PUBLISHER) for agent in more_publishers)
        for group in groups:
            if group.kind is not None and group.kind.is_translation_like and group.method is None:
                human = any(credit.role is Role.TRANSLATOR for credit in group.credits)
                group.method = Method.HUMAN if human else Method.UNKNOWN

    def sentences(self, node: _Node) -> list[_Sentence]:
        """Our writer's creditText, one sentence per derivation; nothing for other text."""
        text = self.text(node, "creditText")
        if text is None:
            return []
        pieces = _CREDIT_BREAK.split(text)
        found = [_parse_credit(piece) for piece in pieces]
        if len(pieces) == 1 or not all(found):
            found = [_parse_credit(text)]
        return [sentence for sentence in found if sentence is not None]

    def place(self, sentence: _Sentence, groups: list[_Group], plain: _Group | None) -> None:
        """Give a creditText sentence to the derivation its verb describes."""
        named = {group.kind: group for group in groups if group.named}
        if sentence.kind is Kind.TRANSLATION:
            group = named.get(Kind.TRANSLATION) or plain
        elif sentence.kind in (Kind.REPORTING, Kind.QUOTATION):
            group = named.get(Kind.REPORTING) or plain
        else:
            group = plain
        if group is not None and group.sentence is None:
            group.sentence = sentence
            if not group.named or group.kind is Kind.REPORTING:
                group.kind = sentence.kind

    def source_method(self, node: _Node) -> Method | None:
        """The method ``digitalSourceType`` says: machine, post-edited, or nothing known."""
        found: list[Method] = []
        for value, path in self.values(node, "digitalSourceType"):
            if isinstance(value, dict):
                value, path = _keyword(value, "@id") or value.get("@value"), (*path, "@id")
            if isinstance(value, str):
                method = _source_method(value)
                found += [method] if method is not None else []
            else:
                found_type = json_type(value)
                self.problem(path, f"expected a digital source type (an IRI), got {found_type}")
        if Method.POST_EDITED in found:
            return Method.POST_EDITED
        return found[0] if found else None

    def infer(
        self,
        target: Version,
        sources: list[str],
        fields: dict[str, dict[str, Any]],
        algorithmic: bool,
    ) -> Kind:
        """The kind of a plain ``isBasedOn`` that no creditText names (docs: "Reading
        JSON-LD back"): schema.org's own reading, adaptation, unless the languages and
        publishers say more."""
        change = languages.Change
        changes = {languages.change(fields[key]["language"], target.language) for key in sources}
        if change.LANGUAGE in changes:
            return Kind.TRANSLATION if algorithmic else Kind.ADAPTATION
        if change.UNKNOWN in changes:
            return Kind.ADAPTATION
        if changes & {change.SCRIPT, change.SCRIPT_AND_REGION}:
            return Kind.TRANSLITERATION
        publishers = [self.agent_refs(self.nodes[key], "publisher")[:1] for key in sources]
        mine = target.publisher
        if mine is not None and all(publishers) and all(mine not in p for p in publishers):
            return Kind.REPUBLICATION
        if change.REGION in changes:
            return Kind.LOCALIZATION
        if mine is not None and all(p == [mine] for p in publishers):
            return Kind.REVISION
        return Kind.ADAPTATION

    def software_agent(self, label: str) -> str:
        """The software a creditText names, one agent per name and version."""
        name, version = _software_label(label)
        agent = self.software.get((name, version))
        if agent is None:
            agent_id = self.unique(_slug(name))
            agent = Agent(id=agent_id, type=AgentType.SOFTWARE, name=name, version=version)
            self.software[(name, version)] = agent
        return agent.id


def _post_edited_by(group: _Group, name: str) -> bool:
    """Whether a person or organization named as editor post-edited this derivation: it is
    post-edited, and its creditText names the post-editors, this one among them, or none."""
    if group.method is not Method.POST_EDITED:
        return False
    editors = group.sentence.editors if group.sentence is not None else None
    return editors is None or name in editors


def _parse_credit(text: str) -> _Sentence | None:
    machine = _MACHINE_CREDIT.fullmatch(text)
    if machine is not None:
        kind = _VERBS.get(machine["verb"])
        if kind is None:
            try:
                kind = Kind(machine["verb"])
            except ValueError:
                return None
        tools = machine["tools"].split(" and ") if machine["tools"] else []
        method = Method.POST_EDITED if machine["post"] else Method.MACHINE
        return _Sentence(kind, method, tools, machine["editors"])
    human = _HUMAN_CREDIT.fullmatch(text)
    if human is not None:
        return _Sentence(_VERBS[human["verb"].lower()], None, [], None)
    return None


def read(
    data: Any,
    *,
    source: str | None,
    duplicates: dict[int, list[str]] | None,
    page: PageFacts | None = None,
) -> Lineage:
    """A lineage from JSON-LD data, or one ParseError listing every structural problem.

    ``duplicates`` maps ``id(object)`` to the keys JSON text repeated in it
    (:func:`provenance.formats._json_text.read_json`): those the reader reads are problems.
    ``page`` is what the HTML page around the data says (:class:`PageFacts`).
    """
    reader = _Reader(duplicates, page or PageFacts())
    for note in reader.page.notes:
        reader.lose(note)
    reader.containers(data)
    lineage = None
    if reader.top:
        reader.walk()
        if reader.classify():
            lineage = reader.build()
    elif not reader.problems and reader.foreign:
        reader.problem(
            (), "no schema.org markup: " + "; ".join(reader.foreign).replace("$[", "script $[")
        )
    elif not reader.problems:
        reader.problem((), "the document holds no node: expected schema.org JSON-LD")
    if lineage is None or reader.problems:
        problems = [Problem(path, message) for path, message in reader.problems]
        raise ParseError(problems, source=source)
    if reader.lost:
        warnings.warn(LossWarning("jsonld reading drops " + "; ".join(reader.lost)), stacklevel=3)
    return lineage
