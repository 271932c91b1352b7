"""Build a lineage in a few lines of Python.

>>> from provenance import Builder
>>> b = Builder()
>>> syria = b.organization("Syrian Presidency")
>>> shafaqna_fa = b.organization("Shafaqna Persian", language="fa")
>>> shafaqna_en = b.organization("Shafaqna English", language="en")
>>> statement = b.version("sy-statement", "ar", publisher=syria, medium="Telegram")
>>> persian = b.version("fa-article", "fa", publisher=shafaqna_fa, published="2021-06-10",
...                     derived_from=statement, kind="reporting")
>>> english = b.translate(persian, "en-article", "en", publisher=shafaqna_en,
...                       translator=shafaqna_en, published="2021-06-10")
>>> lineage = b.build()
>>> lineage.languages(), lineage.translation_hops()
(('ar', 'fa', 'en'), 1)

Ids of agents are made from their names unless given. Language tags are stored in their
canonical form when they are valid, and as given otherwise, so that validation reports them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from provenance import dates, languages
from provenance.dates import IsoDate
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    PublishedAs,
    Role,
    Version,
)

__all__ = ["Builder", "DateLike"]

DateLike = str | dt.date | dt.datetime | IsoDate | None
"""What the builder accepts for a date: ISO text, :class:`datetime.date`, or datetime."""


def _to_date(value: DateLike) -> IsoDate | None:
    if value is None or isinstance(value, IsoDate):
        return value
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        minutes = None if offset is None else int(offset.total_seconds() // 60)
        return IsoDate(
            value.year, value.month, value.day, value.timetz().replace(tzinfo=None), minutes
        )
    if isinstance(value, dt.date):
        return IsoDate(value.year, value.month, value.day)
    return dates.parse_iso(value)


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^\w]+", "-", text).strip("-")
    return slug or "agent"


def _tag(tag: str) -> str:
    return languages.canonical(tag) or tag


class Builder:
    """Collects agents, versions and derivations, then :meth:`build` makes the lineage."""

    def __init__(self) -> None:
        self._agents: dict[str, Agent] = {}
        self._versions: dict[str, Version] = {}
        self._derivations: list[Derivation] = []
        self._last_version: str | None = None

    # -- agents ------------------------------------------------------------------------------

    def agent(
        self,
        name: str,
        type: AgentType | str,
        *,
        id: str | None = None,
        url: str | None = None,
        version: str | None = None,
        language: str | None = None,
    ) -> str:
        """Add an agent and return its id. Adding the same id twice is an error."""
        agent_id = id or _slug(name)
        if agent_id in self._agents:
            raise ValueError(f"agent id {agent_id!r} is already used; pass id= to choose another")
        self._agents[agent_id] = Agent(
            id=agent_id,
            type=AgentType(type),
            name=name,
            url=url,
            version=version,
            language=_tag(language) if language else None,
        )
        return agent_id

    def organization(
        self,
        name: str,
        *,
        id: str | None = None,
        url: str | None = None,
        language: str | None = None,
    ) -> str:
        """An outlet, an outlet edition ("Shafaqna Persian", ``language="fa"``), an agency."""
        return self.agent(name, AgentType.ORGANIZATION, id=id, url=url, language=language)

    def person(self, name: str, *, id: str | None = None, url: str | None = None) -> str:
        """An author, translator, post-editor or editor."""
        return self.agent(name, AgentType.PERSON, id=id, url=url)

    def software(
        self,
        name: str,
        *,
        version: str | None = None,
        id: str | None = None,
        url: str | None = None,
    ) -> str:
        """A machine-translation engine or other tool."""
        return self.agent(name, AgentType.SOFTWARE, id=id, url=url, version=version)

    # -- versions ----------------------------------------------------------------------------

    def version(
        self,
        id: str,
        language: str,
        *,
        publisher: str | None = None,
        authors: str | Iterable[str] = (),
        title: str | None = None,
        url: str | None = None,
        published: DateLike = None,
        published_as: PublishedAs | None = None,
        medium: str | None = None,
        digest: str | None = None,
        derived_from: str | Iterable[str] | None = None,
        kind: Kind | str | None = None,
        method: Method | str | None = None,
        translator: str | Iterable[str] | None = None,
        post_editor: str | Iterable[str] | None = None,
        editor: str | Iterable[str] | None = None,
        tool: str | Iterable[str] | None = None,
        date: DateLike = None,
        note: str | None = None,
    ) -> str:
        """Add a version and return its id.

        With ``derived_from`` (a version id or several) and ``kind``, the derivation is added
        too. For translation-like kinds the method defaults from the agents: a tool and a
        post-editor mean ``post_edited``, a tool alone ``machine``, otherwise ``human``.
        """
        if id in self._versions:
            raise ValueError(f"version id {id!r} is already used")
        self._versions[id] = Version(
            id=id,
            language=_tag(language),
            publisher=publisher,
            authors=_ids(authors),
            title=title,
            url=url,
            published=_to_date(published),
            published_as=published_as,
            medium=medium,
            digest=digest,
        )
        self._last_version = id
        if derived_from is not None or kind is not None:
            if derived_from is None or kind is None:
                raise ValueError("a derived version needs both derived_from= and kind=")
            self.derive(
                id,
                derived_from,
                kind,
                method=method,
                translator=translator,
                post_editor=post_editor,
                editor=editor,
                tool=tool,
                date=date,
                note=note,
            )
        return id

    def translate(self, source: str, id: str, language: str, **fields: object) -> str:
        """Shorthand for ``version(id, language, derived_from=source, kind="translation", ...)``."""
        return self.version(
            id,
            language,
            derived_from=source,
            kind=Kind.TRANSLATION,
            **fields,  # type: ignore[arg-type]
        )

    def derive(
        self,
        target: str,
        sources: str | Iterable[str],
        kind: Kind | str,
        *,
        method: Method | str | None = None,
        translator: str | Iterable[str] | None = None,
        post_editor: str | Iterable[str] | None = None,
        editor: str | Iterable[str] | None = None,
        tool: str | Iterable[str] | None = None,
        date: DateLike = None,
        note: str | None = None,
    ) -> Derivation:
        """Add a derivation between versions already added (or added later)."""
        kind = Kind(kind)
        credits: list[AgentRole] = []
        for role, who in (
            (Role.TRANSLATOR, translator),
            (Role.POST_EDITOR, post_editor),
            (Role.EDITOR, editor),
            (Role.TOOL, tool),
        ):
            credits.extend(AgentRole(agent, role) for agent in _ids(who))
        if method is None and kind.is_translation_like:
            machine = bool(tool) or any(
                agent in self._agents and self._agents[agent].type is AgentType.SOFTWARE
                for agent in _ids(translator)
            )
            if machine and post_editor:
                method = Method.POST_EDITED
            elif machine:
                method = Method.MACHINE
            else:
                method = Method.HUMAN
        derivation = Derivation(
            target=target,
            sources=_ids(sources),
            kind=kind,
            method=Method(method) if method is not None else None,
            agents=tuple(credits),
            date=_to_date(date),
            note=note,
        )
        self._derivations.append(derivation)
        return derivation

    def build(
        self, subject: str | None = None, *, extensions: dict[str, object] | None = None
    ) -> Lineage:
        """The lineage; ``subject`` defaults to the last version added."""
        chosen = subject or self._last_version
        if chosen is None:
            raise ValueError("a lineage needs at least one version; add one with version()")
        return Lineage(
            subject=chosen,
            agents=tuple(self._agents.values()),
            versions=tuple(self._versions.values()),
            derivations=tuple(self._derivations),
            extensions=extensions or {},
        )


def _ids(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)
