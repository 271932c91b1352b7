"""The lineage model: frozen value types and the graph queries users ask of them.

A :class:`Lineage` is the whole graph for one article: its :class:`Version` texts, the
:class:`Derivation` steps between them, the :class:`Agent` organizations, people and software
involved, and the ``subject``, the version the document is about. The model has no I/O and
knows no format; formats are functions over it (:mod:`provenance.formats`).

Type checks here catch programming errors. Content problems (a bad language tag, a cycle, a
date before its source) are findings of :mod:`provenance.validate`, so that a wrong lineage
still loads and every problem in it is reported at once.

All graph walks are iterative: a chain of 100,000 versions never meets the recursion limit.
"""

from __future__ import annotations

import enum
import functools
import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NoReturn

import attrs

from provenance import languages
from provenance._choices import enum_value
from provenance.dates import IsoDate

__all__ = [
    "Agent",
    "AgentRole",
    "AgentType",
    "Derivation",
    "Kind",
    "Lineage",
    "Method",
    "PublishedAs",
    "Role",
    "Version",
]


class AgentType(enum.StrEnum):
    """What kind of agent: an outlet or other organization, a person, or software."""

    ORGANIZATION = "organization"
    PERSON = "person"
    SOFTWARE = "software"


class Kind(enum.StrEnum):
    """How a version came from its sources."""

    TRANSLATION = "translation"
    TRANSLITERATION = "transliteration"
    LOCALIZATION = "localization"
    ADAPTATION = "adaptation"
    SUMMARY = "summary"
    EXCERPT = "excerpt"
    QUOTATION = "quotation"
    REPUBLICATION = "republication"
    TRANSCRIPTION = "transcription"
    REVISION = "revision"
    REPORTING = "reporting"

    @property
    def is_translation_like(self) -> bool:
        """Kinds that carry a text into another language or script, and so take a ``method``."""
        return self in _TRANSLATION_LIKE

    @property
    def keeps_text(self) -> bool:
        """Kinds that keep the words of the source, and so keep its language (rule PV204)."""
        return self in _KEEPS_TEXT


_TRANSLATION_LIKE = frozenset({Kind.TRANSLATION, Kind.TRANSLITERATION, Kind.LOCALIZATION})
_CROSSING_KINDS = frozenset({Kind.SUMMARY, Kind.ADAPTATION})  # hops when they cross languages
_KEEPS_TEXT = frozenset(
    {Kind.REPUBLICATION, Kind.EXCERPT, Kind.QUOTATION, Kind.TRANSCRIPTION, Kind.REVISION}
)


class Method(enum.StrEnum):
    """Who or what did a translation-like step."""

    HUMAN = "human"
    MACHINE = "machine"
    POST_EDITED = "post_edited"  # machine output revised by a person
    UNKNOWN = "unknown"


_MACHINE_METHODS = frozenset({Method.MACHINE, Method.POST_EDITED})


class Role(enum.StrEnum):
    """The part an agent played in a derivation."""

    TRANSLATOR = "translator"
    POST_EDITOR = "post_editor"
    EDITOR = "editor"
    TOOL = "tool"
    PUBLISHER = "publisher"


# Converters that let enum members through at the cost of a type check: the loader already
# hands over members, and EnumType.__call__ is slow on a hot path.
# A string that is no member says the choices and the nearest one, as the loader does.
def _agent_type(value: AgentType | str) -> AgentType:
    return value if type(value) is AgentType else enum_value(AgentType, value, "type")


def _kind(value: Kind | str) -> Kind:
    return value if type(value) is Kind else enum_value(Kind, value, "kind")


def _method(value: Method | str | None) -> Method | None:
    if value is None or type(value) is Method:
        return value
    return enum_value(Method, value, "method")


def _role(value: Role | str) -> Role:
    return value if type(value) is Role else enum_value(Role, value, "role")


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    if type(value) is tuple:
        return value
    if isinstance(value, str):
        raise TypeError(f"expected a sequence of ids, got the string {value!r}")
    return tuple(value)


# One converter per element type: mypy's attrs plugin cannot type a bare ``converter=tuple``.
def _agent_roles(value: Iterable[AgentRole]) -> tuple[AgentRole, ...]:
    return tuple(value)


def _versions(value: Iterable[Version]) -> tuple[Version, ...]:
    return tuple(value)


def _derivations(value: Iterable[Derivation]) -> tuple[Derivation, ...]:
    return tuple(value)


def _agents(value: Iterable[Agent]) -> tuple[Agent, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Agent:
    """An organization (publisher, outlet edition), a person, or software (an MT engine).

    ``language`` is an outlet edition's language: "Shafaqna Persian" is Shafaqna in ``fa``.
    ``version`` is a software version.
    """

    id: str
    type: AgentType = attrs.field(converter=_agent_type)
    name: str
    url: str | None = None
    version: str | None = None
    language: str | None = None


@attrs.frozen
class PublishedAs:
    """A date as the source printed it, with its calendar: ``20 Khordad 1400``, ``persian``."""

    text: str
    calendar: str | None = None


@attrs.frozen(kw_only=True)
class Version:
    """One text in one language, published by one publisher at one time."""

    id: str
    language: str
    publisher: str | None = None
    authors: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    title: str | None = None
    url: str | None = None
    published: IsoDate | None = None
    published_as: PublishedAs | None = None
    medium: str | None = None
    digest: str | None = None


@attrs.frozen
class AgentRole:
    """An agent's part in a derivation: ``AgentRole("shafaqna-en", Role.TRANSLATOR)``."""

    agent: str
    role: Role = attrs.field(converter=_role)


@attrs.frozen(kw_only=True)
class Derivation:
    """How ``target`` came from ``sources``: its kind, method, agents and date."""

    target: str
    sources: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    kind: Kind = attrs.field(converter=_kind)
    method: Method | None = attrs.field(default=None, converter=_method)
    agents: tuple[AgentRole, ...] = attrs.field(default=(), converter=_agent_roles)
    date: IsoDate | None = None
    note: str | None = None

    def agents_with(self, role: Role) -> tuple[str, ...]:
        """The ids of the agents that played ``role``."""
        return tuple(credit.agent for credit in self.agents if credit.role == role)


def _extensions(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value) if value else {}


@attrs.frozen(kw_only=True)
class Lineage:
    """The whole provenance graph of one article.

    Build one with :class:`provenance.Builder`, or load one with :func:`provenance.loads`.
    Graph queries follow derivations from the ``subject`` back to its origins.

    Every query that takes a version id (:meth:`version`, :meth:`sources_of`,
    :meth:`derivations_of`, :meth:`derived_from`, :meth:`ancestors`, and :meth:`chain`,
    :meth:`steps`, :meth:`languages`, :meth:`translation_hops` with an origin) raises the same
    :class:`KeyError` for an id the lineage mentions nowhere, naming the versions it has, so a
    typo never reads as "no sources". :meth:`has_version` asks without raising. A source the
    lineage names without a version (rule PV102) is answered from the derivations; only
    :meth:`version` raises for it, having no version to return.

    >>> from provenance import examples
    >>> examples.get("shafaqna").sources_of("en-artcle")
    Traceback (most recent call last):
    ...
    KeyError: "no version 'en-artcle'; versions: en-article, fa-article, iq-statement, sy-statement"
    """

    subject: str
    versions: tuple[Version, ...] = attrs.field(converter=_versions)
    derivations: tuple[Derivation, ...] = attrs.field(default=(), converter=_derivations)
    agents: tuple[Agent, ...] = attrs.field(default=(), converter=_agents)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, converter=_extensions, hash=False, repr=False
    )

    # -- indexes, built once on first use -------------------------------------------------

    @functools.cached_property
    def _memo(self) -> dict[str, Any]:
        """What other modules derive from this lineage, kept once known: the canonical text it
        was read from, and its fingerprint (:mod:`provenance.formats.native`). Never
        compared, hashed, pickled or carried over by :func:`attrs.evolve`."""
        return {}

    @functools.cached_property
    def _versions_by_id(self) -> dict[str, Version]:
        index: dict[str, Version] = {}
        for version in self.versions:
            index.setdefault(version.id, version)
        return index

    @functools.cached_property
    def _agents_by_id(self) -> dict[str, Agent]:
        index: dict[str, Agent] = {}
        for agent in self.agents:
            index.setdefault(agent.id, agent)
        return index

    @functools.cached_property
    def _derivations_by_target(self) -> dict[str, tuple[Derivation, ...]]:
        index: dict[str, list[Derivation]] = {}
        for derivation in self.derivations:
            index.setdefault(derivation.target, []).append(derivation)
        return {target: tuple(found) for target, found in index.items()}

    @functools.cached_property
    def _derived_from_source(self) -> dict[str, tuple[Derivation, ...]]:
        index: dict[str, list[Derivation]] = {}
        for derivation in self.derivations:
            for source in dict.fromkeys(derivation.sources):
                index.setdefault(source, []).append(derivation)
        return {source: tuple(found) for source, found in index.items()}

    @functools.cached_property
    def _mentioned(self) -> frozenset[str]:
        """Every version id the lineage mentions: its versions, the subject, and the targets
        and sources of its derivations (even those with no version: PV102)."""
        found = {self.subject, *self._versions_by_id, *self._derivations_by_target}
        found.update(self._derived_from_source)
        return frozenset(found)

    def _known(self, version_id: str) -> None:
        """Raise :class:`KeyError` for an id the lineage mentions nowhere (a typo)."""
        if version_id not in self._versions_by_id and version_id not in self._mentioned:
            self._no_version(version_id)

    def _no_version(self, version_id: str) -> NoReturn:
        if not isinstance(version_id, str):
            raise TypeError(f"a version id is a string, not {type(version_id).__name__}")
        known = ", ".join(sorted(self._versions_by_id)[:20])
        raise KeyError(f"no version {version_id!r}; versions: {known}")

    # -- lookups (an unknown id: see the class docstring) ------------------------------------

    def version(self, version_id: str) -> Version:
        """The version with this id. Raises :class:`KeyError` naming the known ids if absent."""
        try:
            return self._versions_by_id[version_id]
        except (KeyError, TypeError):
            self._no_version(version_id)

    def agent(self, agent_id: str) -> Agent:
        """The agent with this id. Raises :class:`KeyError` naming the known ids if absent."""
        try:
            return self._agents_by_id[agent_id]
        except KeyError:
            known = ", ".join(sorted(self._agents_by_id)[:20])
            raise KeyError(f"no agent {agent_id!r}; agents: {known}") from None

    def has_version(self, version_id: str) -> bool:
        return version_id in self._versions_by_id

    def has_agent(self, agent_id: str) -> bool:
        return agent_id in self._agents_by_id

    @property
    def subject_version(self) -> Version:
        """The version this lineage is about."""
        return self.version(self.subject)

    def derivations_of(self, version_id: str) -> tuple[Derivation, ...]:
        """The derivations that produced ``version_id`` (usually one; none for an origin)."""
        return self._derivations(self._derivations_by_target, version_id)

    def derived_from(self, version_id: str) -> tuple[Derivation, ...]:
        """The derivations that use ``version_id`` as a source."""
        return self._derivations(self._derived_from_source, version_id)

    def _derivations(
        self, index: dict[str, tuple[Derivation, ...]], version_id: str
    ) -> tuple[Derivation, ...]:
        found = index.get(version_id)
        if found is None:
            if version_id not in self._versions_by_id:  # an id with none, or a typo
                self._known(version_id)
            return ()
        return found

    def sources_of(self, version_id: str) -> tuple[str, ...]:
        """The ids of the direct sources of a version, in document order, without repeats."""
        found: dict[str, None] = {}
        for derivation in self.derivations_of(version_id):
            found.update(dict.fromkeys(derivation.sources))
        return tuple(found)

    # -- graph queries ---------------------------------------------------------------------

    def ancestors(self, version_id: str | None = None) -> tuple[str, ...]:
        """Every version ``version_id`` (default: the subject) derives from, nearest first.

        Dangling sources and cycles are tolerated: each version is visited once.
        """
        if version_id is not None:
            self._known(version_id)
        start = self.subject if version_id is None else version_id
        seen = {start}
        order: list[str] = []
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for source in self.sources_of(current):
                if source not in seen:
                    seen.add(source)
                    order.append(source)
                    queue.append(source)
        return tuple(order)

    def origins(self) -> tuple[Version, ...]:
        """The original versions the subject comes from: known ancestors with no sources.

        The subject is its own origin when nothing is derived. In the seed, the two Telegram
        statements are the origins of the English article.
        """
        candidates = (self.subject, *self.ancestors())
        return tuple(
            self._versions_by_id[vid]
            for vid in candidates
            if vid in self._versions_by_id and not self.sources_of(vid)
        )

    def chain(self, origin: str | None = None) -> tuple[Version, ...]:
        """The versions from an origin down to the subject, origin first.

        With no ``origin``, the main line: at each step the first source of the first
        derivation is followed, so the chain reads like the credit line does. With an
        ``origin``, the shortest path from it; raises :class:`ValueError` if the subject
        does not derive from it, and :class:`KeyError` if the lineage has no such version.
        """
        if origin is None:
            return self._main_line()
        self._known(origin)
        parents: dict[str, str | None] = {self.subject: None}
        queue = deque([self.subject])
        while queue:
            current = queue.popleft()
            if current == origin:
                break
            for source in self.sources_of(current):
                if source not in parents:
                    parents[source] = current
                    queue.append(source)
        if origin not in parents:
            raise ValueError(f"the subject {self.subject!r} does not derive from {origin!r}")
        path: list[str] = []
        step: str | None = origin
        while step is not None:
            path.append(step)
            step = parents[step]
        return tuple(self._versions_by_id[vid] for vid in path if vid in self._versions_by_id)

    def _main_line(self) -> tuple[Version, ...]:
        path = [self.subject]
        seen = {self.subject}
        while True:
            sources = self.sources_of(path[-1])
            nxt = next((s for s in sources if s not in seen), None)
            if nxt is None:
                break
            seen.add(nxt)
            path.append(nxt)
        path.reverse()
        return tuple(self._versions_by_id[vid] for vid in path if vid in self._versions_by_id)

    def steps(self, origin: str | None = None) -> tuple[Derivation, ...]:
        """The derivations along :meth:`chain`, origin first."""
        versions = self.chain(origin)
        found: list[Derivation] = []
        for previous, current in itertools.pairwise(versions):
            for derivation in self.derivations_of(current.id):
                if previous.id in derivation.sources:
                    found.append(derivation)
                    break
        return tuple(found)

    def translations(self) -> tuple[Derivation, ...]:
        """Every translation in the lineage, in document order."""
        return tuple(d for d in self.derivations if d.kind is Kind.TRANSLATION)

    def languages(self, origin: str | None = None) -> tuple[str, ...]:
        """The languages along :meth:`chain`, origin first, consecutive repeats merged.

        >>> from provenance import examples
        >>> examples.get("shafaqna").languages()
        ('ar', 'fa', 'en')
        """
        found: list[str] = []
        for version in self.chain(origin):
            if not found or found[-1] != version.language:
                found.append(version.language)
        return tuple(found)

    def translation_hops(self, origin: str | None = None) -> int:
        """How many translation hops lie between the origin and the subject on :meth:`chain`:
        translations, and summaries or adaptations into another language
        (:meth:`is_translation_hop`).

        >>> from provenance import examples
        >>> examples.get("relay").translation_hops()
        2
        """
        return sum(1 for d in self.steps(origin) if self.is_translation_hop(d))

    def is_translation_hop(self, derivation: Derivation) -> bool:
        """Whether a derivation carries its source's content into another language.

        A translation always does. A summary or an adaptation does when its source is in
        another language: an English summary of a Persian article is read in English, in words
        first written in Persian. Reporting does not, even across languages: it writes a new
        text on the source (the Persian article on the Arabic statements). Transliteration
        and localization keep the language. :meth:`translation_hops`, the badge's route and
        the C2PA ``c2pa.translated`` action all count by this one rule.
        """
        kind = derivation.kind
        if kind is Kind.TRANSLATION:
            return True
        if kind not in _CROSSING_KINDS:
            return False
        target = self._versions_by_id.get(derivation.target)
        if target is None:
            return False
        for source_id in derivation.sources:
            source = self._versions_by_id.get(source_id)
            change = languages.change(source.language, target.language) if source else None
            if change is languages.Change.LANGUAGE:
                return True
        return False

    def machine_step(self, version_id: str | None = None) -> Derivation | None:
        """The machine (or post-edited) step whose output the words of ``version_id`` (default:
        the subject) are, or ``None`` when they are people's words.

        That is its own derivation when a machine made it, or one before it reached only
        through steps that keep the text (republication, excerpt, quotation, transcription,
        revision): a republished machine translation is still machine-translated text, and
        every export discloses it so on the version a reader sees.

        >>> from provenance import Builder
        >>> b = Builder()
        >>> _ = b.version("de", "de")
        >>> _ = b.translate("de", "en-mt", "en", tool=b.software("DeepL"))
        >>> _ = b.version("en", "en", derived_from="en-mt", kind="republication")
        >>> b.build().machine_step().target
        'en-mt'
        """
        if version_id is not None:
            self._known(version_id)
        return self._machine_steps.get(self.subject if version_id is None else version_id)

    @functools.cached_property
    def _machine_steps(self) -> dict[str, Derivation | None]:
        """:meth:`machine_step` of every derived version, each computed once (a chain of
        100,000 republications costs one pass, not a walk per version); iterative."""
        by_target = self._derivations_by_target
        found: dict[str, Derivation | None] = {}
        for start in by_target:
            stack, on_path = [(start, False)], set()
            while stack:
                current, finished = stack.pop()
                if finished:
                    on_path.discard(current)
                    found[current] = self._machine_step_of(current, found)
                    continue
                if current in found or current in on_path:
                    continue
                on_path.add(current)
                stack.append((current, True))
                for derivation in by_target.get(current, ()):
                    if derivation.kind.keeps_text:
                        stack.extend((source, False) for source in derivation.sources)
        return found

    def _machine_step_of(
        self, version_id: str, found: dict[str, Derivation | None]
    ) -> Derivation | None:
        derivations = self._derivations_by_target.get(version_id, ())
        for derivation in derivations:
            if derivation.method in _MACHINE_METHODS:
                return derivation
        for derivation in derivations:
            if derivation.kind.keeps_text:
                for source in derivation.sources:
                    step = found.get(source)
                    if step is not None:
                        return step
        return None

    def involves_machine(self) -> bool:
        """Whether a machine took part in producing the subject (machine or post-edited
        methods, or a software agent in any derivation the subject depends on)."""
        relevant = {self.subject, *self.ancestors()}
        for derivation in self.derivations:
            if derivation.target not in relevant:
                continue
            if derivation.method in (Method.MACHINE, Method.POST_EDITED):
                return True
            for credit in derivation.agents:
                agent = self._agents_by_id.get(credit.agent)
                if credit.role is Role.TOOL or (
                    agent is not None and agent.type is AgentType.SOFTWARE
                ):
                    return True
        return False

    def iter_versions(self) -> Iterator[Version]:
        """The versions in document order."""
        return iter(self.versions)
