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
from typing import Any

import attrs

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
_KEEPS_TEXT = frozenset(
    {Kind.REPUBLICATION, Kind.EXCERPT, Kind.QUOTATION, Kind.TRANSCRIPTION, Kind.REVISION}
)


class Method(enum.StrEnum):
    """Who or what did a translation-like step."""

    HUMAN = "human"
    MACHINE = "machine"
    POST_EDITED = "post_edited"  # machine output revised by a person
    UNKNOWN = "unknown"


class Role(enum.StrEnum):
    """The part an agent played in a derivation."""

    TRANSLATOR = "translator"
    POST_EDITOR = "post_editor"
    EDITOR = "editor"
    TOOL = "tool"
    PUBLISHER = "publisher"


# Converters that let enum members through at the cost of a type check: the loader already
# hands over members, and EnumType.__call__ is slow on a hot path.
def _agent_type(value: AgentType | str) -> AgentType:
    return value if type(value) is AgentType else AgentType(value)


def _kind(value: Kind | str) -> Kind:
    return value if type(value) is Kind else Kind(value)


def _method(value: Method | str | None) -> Method | None:
    return value if value is None or type(value) is Method else Method(value)


def _role(value: Role | str) -> Role:
    return value if type(value) is Role else Role(value)


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

    # -- lookups ---------------------------------------------------------------------------

    def version(self, version_id: str) -> Version:
        """The version with this id. Raises :class:`KeyError` naming the known ids if absent."""
        try:
            return self._versions_by_id[version_id]
        except KeyError:
            known = ", ".join(sorted(self._versions_by_id)[:20])
            raise KeyError(f"no version {version_id!r}; versions: {known}") from None

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
        return self._derivations_by_target.get(version_id, ())

    def derived_from(self, version_id: str) -> tuple[Derivation, ...]:
        """The derivations that use ``version_id`` as a source."""
        return self._derived_from_source.get(version_id, ())

    def sources_of(self, version_id: str) -> tuple[str, ...]:
        """The ids of the direct sources of a version, in document order, without repeats."""
        found: dict[str, None] = {}
        for derivation in self.derivations_of(version_id):
            found.update(dict.fromkeys(derivation.sources))
        return tuple(found)

    # -- graph queries ---------------------------------------------------------------------

    def ancestors(self, version_id: str | None = None) -> tuple[str, ...]:
        """Every version ``version_id`` (default: the subject) derives from, nearest first.

        Unknown ids and cycles are tolerated: each version is visited once.
        """
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
        does not derive from it.
        """
        if origin is None:
            return self._main_line()
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
        """How many translations lie between the origin and the subject on :meth:`chain`."""
        return sum(1 for d in self.steps(origin) if d.kind is Kind.TRANSLATION)

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
