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

import builtins
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from provenance import dates, languages
from provenance._choices import enum_value
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


_E = TypeVar("_E", bound=enum.Enum)


def _to_date(value: object, name: str, caller: str, version_id: str) -> IsoDate | None:
    """A date argument as an :class:`IsoDate`; an error names the argument and the version."""
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
    if not isinstance(value, str):
        raise TypeError(
            f"{caller}(): {name}= of version {version_id!r} takes ISO text, a date or a "
            f"datetime, not {type(value).__name__}"
        )
    try:
        return dates.parse_iso(value)
    except ValueError as error:
        raise ValueError(f"{caller}(): {name}= of version {version_id!r}: {error}") from None


def _id(value: object, name: str, caller: str) -> str:
    """An id argument; an object where its id belongs is a :class:`TypeError` saying so."""
    if isinstance(value, str):
        return value
    if isinstance(value, Version | Agent):
        hint = f"; pass its id, {value.id!r}"
    elif isinstance(value, dict):
        hint = "; add the agent with organization(), person() or software(), which return its id"
    else:
        hint = ""
    raise TypeError(f"{caller}(): {name}= takes an id (str), not {type(value).__name__}{hint}")


def _ids(value: object, name: str, caller: str) -> tuple[str, ...]:
    """One id or several (any iterable of ids), or none for ``None``."""
    if value is None:
        return ()
    if isinstance(value, str | Version | Agent | dict):
        return (_id(value, name, caller),)
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(
            f"{caller}(): {name}= takes an id (str) or several, not {type(value).__name__}"
        ) from None
    return tuple(_id(item, name, caller) for item in items)


def _text(value: object, name: str, caller: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{caller}(): {name}= takes a string, not {type(value).__name__}")


def _enum(enum: type[_E], value: object, name: str, caller: str) -> _E:
    try:
        return enum_value(enum, value, name)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{caller}(): {error}") from None


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^\w]+", "-", text).strip("-")
    return slug or "agent"


def _tag(tag: object, caller: str) -> str:
    if not isinstance(tag, str):
        raise TypeError(
            f"{caller}(): language= takes a BCP 47 tag such as 'fa' (str), not {type(tag).__name__}"
        )
    return languages.canonical(tag) or tag


class Builder:
    """Collects agents, versions and derivations, then :meth:`build` makes the lineage.

    Arguments are checked as they are given, as the JSON loader checks a document: an id is a
    string (pass ``version_id``, not the :class:`Version`), ``kind``, ``method`` and ``type``
    are one of their choices (the error lists them and names the nearest), and a date that is
    not ISO 8601 names its argument and its version. Each error names the method called.
    """

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
        return self._agent("agent", name, type, id=id, url=url, version=version, language=language)

    def _agent(
        self,
        caller: str,
        name: object,
        type: object,
        *,
        id: object,
        url: object,
        version: object = None,
        language: object = None,
    ) -> str:
        if not isinstance(name, str):
            raise TypeError(f"{caller}(): name= takes a string, not {builtins.type(name).__name__}")
        agent_id = _slug(name) if id is None else _id(id, "id", caller)
        if agent_id in self._agents:
            raise ValueError(
                f"{caller}(): agent id {agent_id!r} is already used; pass id= to choose another"
            )
        self._agents[agent_id] = Agent(
            id=agent_id,
            type=_enum(AgentType, type, "type", caller),
            name=name,
            url=_text(url, "url", caller),
            version=_text(version, "version", caller),
            language=None if language is None or language == "" else _tag(language, caller),
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
        return self._agent(
            "organization", name, AgentType.ORGANIZATION, id=id, url=url, language=language
        )

    def person(self, name: str, *, id: str | None = None, url: str | None = None) -> str:
        """An author, translator, post-editor or editor."""
        return self._agent("person", name, AgentType.PERSON, id=id, url=url)

    def software(
        self,
        name: str,
        *,
        version: str | None = None,
        id: str | None = None,
        url: str | None = None,
    ) -> str:
        """A machine-translation engine or other tool."""
        return self._agent("software", name, AgentType.SOFTWARE, id=id, url=url, version=version)

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
        return self._version(
            "version",
            id,
            language,
            publisher=publisher,
            authors=authors,
            title=title,
            url=url,
            published=published,
            published_as=published_as,
            medium=medium,
            digest=digest,
            derived_from=derived_from,
            kind=kind,
            method=method,
            translator=translator,
            post_editor=post_editor,
            editor=editor,
            tool=tool,
            date=date,
            note=note,
        )

    def translate(
        self,
        source: str | Iterable[str],
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
        method: Method | str | None = None,
        translator: str | Iterable[str] | None = None,
        post_editor: str | Iterable[str] | None = None,
        editor: str | Iterable[str] | None = None,
        tool: str | Iterable[str] | None = None,
        date: DateLike = None,
        note: str | None = None,
    ) -> str:
        """Add a translation of ``source``: ``version(id, language, derived_from=source,
        kind="translation", ...)``, with the same keywords."""
        return self._version(
            "translate",
            id,
            language,
            publisher=publisher,
            authors=authors,
            title=title,
            url=url,
            published=published,
            published_as=published_as,
            medium=medium,
            digest=digest,
            derived_from=source,
            kind=Kind.TRANSLATION,
            method=method,
            translator=translator,
            post_editor=post_editor,
            editor=editor,
            tool=tool,
            date=date,
            note=note,
        )

    def _version(
        self,
        caller: str,
        id: object,
        language: object,
        *,
        publisher: object,
        authors: object,
        title: object,
        url: object,
        published: object,
        published_as: object,
        medium: object,
        digest: object,
        derived_from: object,
        kind: object,
        method: object,
        translator: object,
        post_editor: object,
        editor: object,
        tool: object,
        date: object,
        note: object,
    ) -> str:
        version_id = _id(id, "id", caller)
        if version_id in self._versions:
            raise ValueError(f"{caller}(): version id {version_id!r} is already used")
        if published_as is not None and not isinstance(published_as, PublishedAs):
            raise TypeError(
                f"{caller}(): published_as= takes a PublishedAs (the date as printed and its "
                f"calendar), not {type(published_as).__name__}"
            )
        version = Version(
            id=version_id,
            language=_tag(language, caller),
            publisher=None if publisher is None else _id(publisher, "publisher", caller),
            authors=_ids(authors, "authors", caller),
            title=_text(title, "title", caller),
            url=_text(url, "url", caller),
            published=_to_date(published, "published", caller, version_id),
            published_as=published_as,
            medium=_text(medium, "medium", caller),
            digest=_text(digest, "digest", caller),
        )
        derivation = None
        if derived_from is not None or kind is not None:
            if derived_from is None or kind is None:
                raise ValueError(
                    f"{caller}(): a derived version needs both derived_from= and kind="
                )
            derivation = self._derivation(
                caller,
                version_id,
                derived_from,
                kind,
                method=method,
                translator=translator,
                post_editor=post_editor,
                editor=editor,
                tool=tool,
                date=date,
                note=note,
                sources_name="source" if caller == "translate" else "derived_from",
            )
        # Added only once every argument is checked: a refused call leaves the builder as it was.
        self._versions[version_id] = version
        self._last_version = version_id
        if derivation is not None:
            self._derivations.append(derivation)
        return version_id

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
        derivation = self._derivation(
            "derive",
            _id(target, "target", "derive"),
            sources,
            kind,
            method=method,
            translator=translator,
            post_editor=post_editor,
            editor=editor,
            tool=tool,
            date=date,
            note=note,
            sources_name="sources",
        )
        self._derivations.append(derivation)
        return derivation

    def _derivation(
        self,
        caller: str,
        target: str,
        sources: object,
        kind: object,
        *,
        method: object,
        translator: object,
        post_editor: object,
        editor: object,
        tool: object,
        date: object,
        note: object,
        sources_name: str,
    ) -> Derivation:
        chosen = _enum(Kind, kind, "kind", caller)
        how = None if method is None else _enum(Method, method, "method", caller)
        credits: list[AgentRole] = []
        by_role: dict[Role, tuple[str, ...]] = {}
        for role, who in (
            (Role.TRANSLATOR, translator),
            (Role.POST_EDITOR, post_editor),
            (Role.EDITOR, editor),
            (Role.TOOL, tool),
        ):
            by_role[role] = _ids(who, str(role), caller)
            credits.extend(AgentRole(agent, role) for agent in by_role[role])
        if how is None and chosen.is_translation_like:
            machine = bool(by_role[Role.TOOL]) or any(
                agent in self._agents and self._agents[agent].type is AgentType.SOFTWARE
                for agent in by_role[Role.TRANSLATOR]
            )
            if machine and by_role[Role.POST_EDITOR]:
                how = Method.POST_EDITED
            elif machine:
                how = Method.MACHINE
            else:
                how = Method.HUMAN
        return Derivation(
            target=target,
            sources=_ids(sources, sources_name, caller),
            kind=chosen,
            method=how,
            agents=tuple(credits),
            date=_to_date(date, "date", caller, target),
            note=_text(note, "note", caller),
        )

    def build(
        self, subject: str | None = None, *, extensions: dict[str, object] | None = None
    ) -> Lineage:
        """The lineage; ``subject`` defaults to the last version added."""
        chosen = self._last_version if subject is None else _id(subject, "subject", "build")
        if chosen is None:
            raise ValueError(
                "build(): a lineage needs at least one version; add one with version()"
            )
        if extensions is not None and not isinstance(extensions, dict):
            raise TypeError(f"build(): extensions= takes a dict, not {type(extensions).__name__}")
        return Lineage(
            subject=chosen,
            agents=tuple(self._agents.values()),
            versions=tuple(self._versions.values()),
            derivations=tuple(self._derivations),
            extensions=extensions or {},
        )
