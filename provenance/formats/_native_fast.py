"""The fast path of the native loader: well-formed documents, built with as few calls as can be.

Pipelines load millions of lineages, nearly all of them well formed. This path checks every
structural rule the careful reader (:class:`provenance.formats.native._Reader`) checks, but
stops at the first doubt by raising :class:`Slow`; the careful reader then reads the document
again and reports *every* problem with its path. So a document this path accepts is exactly a
document the careful reader accepts, and the tests hold both to the same corpora.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring as _q  # the C string encoder json.dumps uses
from typing import Any, TypeVar

import attrs

from provenance.dates import IsoDate, parse_iso
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

__all__ = ["Slow", "dumps", "lineage", "sorted_keys"]

_T = TypeVar("_T")


class Slow(Exception):
    """Something is off: let the careful reader look."""


def _constructor(cls: type[_T], order: str) -> Callable[..., _T]:
    """A positional constructor that sets the fields of a frozen attrs class directly.

    The values here are already checked and converted, so the generated ``__init__`` (keyword
    arguments, converters) would only repeat work; on a hot path that is a tenth of the load.
    The property tests compare what this path builds with what the careful reader builds.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    if names != order.split():
        # The calls below pass values by position: a changed model must change them too.
        raise RuntimeError(f"{cls.__name__} fields are {names}, not {order.split()}")
    body = "".join(f"    setattr(made, {name!r}, {name})\n" for name in names)
    source = f"def build({', '.join(names)}):\n    made = new(cls)\n{body}    return made\n"
    namespace: dict[str, Any] = {"new": object.__new__, "setattr": object.__setattr__, "cls": cls}
    exec(source, namespace)  # the same technique attrs uses to write __init__
    built: Callable[..., _T] = namespace["build"]
    return built


_S, _LIST, _DATE, _PRINTED, _KIND, _METHOD, _AGENTS, _TYPE = range(8)

_AGENT_FIELDS = {"id": _S, "type": _TYPE, "name": _S, "url": _S, "version": _S, "language": _S}
_VERSION_FIELDS = {
    "id": _S, "language": _S, "publisher": _S, "authors": _LIST, "title": _S, "url": _S,
    "published": _DATE, "published_as": _PRINTED, "medium": _S, "digest": _S,
}  # fmt: skip
_DERIVATION_FIELDS = {
    "target": _S, "sources": _LIST, "kind": _KIND, "method": _METHOD, "agents": _AGENTS,
    "date": _DATE, "note": _S,
}  # fmt: skip
_TOP_KEYS = frozenset(("format", "subject", "agents", "versions", "derivations", "extensions"))

_AGENT_TYPES = {t.value: t for t in AgentType}
_KINDS = {k.value: k for k in Kind}
_METHODS = {m.value: m for m in Method}
_ROLES = {r.value: r for r in Role}


_JUST_STR = frozenset((str,))
# For each field table, the fields whose values are not strings (lists, objects).
_NOT_STRING = {
    id(fields): frozenset(key for key, kind in fields.items() if kind in (_LIST, _PRINTED, _AGENTS))
    for fields in (_AGENT_FIELDS, _VERSION_FIELDS, _DERIVATION_FIELDS)
}


_new_agent = _constructor(Agent, "id type name url version language")
_new_version = _constructor(
    Version, "id language publisher authors title url published published_as medium digest"
)
_new_derivation = _constructor(Derivation, "target sources kind method agents date note")
_new_role = _constructor(AgentRole, "agent role")
_new_lineage = _constructor(Lineage, "subject versions derivations agents extensions")


def _check(item: Any, fields: dict[str, int]) -> dict[str, Any]:
    """The object itself, if every key is known and every value has its type."""
    if type(item) is not dict or not item.keys() <= fields.keys():
        raise Slow  # not an object, an unknown key, or the parser's duplicate-key marker
    if _NOT_STRING[id(fields)].isdisjoint(item) and set(map(type, item.values())) <= _JUST_STR:
        return item  # only string fields, all strings (a C-speed check)
    for key, value in item.items():
        kind = fields[key]
        if kind == _LIST:
            if type(value) is not list or not all(type(v) is str for v in value):
                raise Slow
        elif kind == _PRINTED:
            if type(value) is not dict:
                raise Slow
        elif kind == _AGENTS:
            if type(value) is not list:
                raise Slow
        elif type(value) is not str:
            raise Slow
    return item


def _date(value: str | None) -> IsoDate | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise Slow from None


def _agent(item: Any) -> Agent:
    data = _check(item, _AGENT_FIELDS)
    get = data.get
    agent_id, name, kind = get("id"), get("name"), _AGENT_TYPES.get(get("type"))  # type: ignore[arg-type]
    if agent_id is None or name is None or kind is None:
        raise Slow
    return _new_agent(agent_id, kind, name, get("url"), get("version"), get("language"))


def _version(item: Any) -> Version:
    data = _check(item, _VERSION_FIELDS)
    get = data.get
    version_id, language = get("id"), get("language")
    if version_id is None or language is None:
        raise Slow
    printed = get("published_as")
    if printed is not None:
        text, calendar = printed.get("text"), printed.get("calendar")
        if (
            type(text) is not str
            or ("calendar" in printed and type(calendar) is not str)
            or not printed.keys() <= {"text", "calendar"}
        ):
            raise Slow
        printed = PublishedAs(text, calendar)
    authors = get("authors")
    return _new_version(
        version_id, language, get("publisher"), tuple(authors) if authors else (),
        get("title"), get("url"), _date(get("published")), printed, get("medium"),
        get("digest"),
    )  # fmt: skip


def _derivation(item: Any) -> Derivation:
    data = _check(item, _DERIVATION_FIELDS)
    get = data.get
    target, sources = get("target"), get("sources")
    kind = _KINDS.get(get("kind"))  # type: ignore[arg-type]
    if target is None or not sources or kind is None:
        raise Slow
    method = get("method")
    if method is not None:
        method = _METHODS.get(method)
        if method is None:
            raise Slow
    credits: tuple[AgentRole, ...] = ()
    raw = get("agents")
    if raw:
        found = []
        for credit in raw:
            if type(credit) is not dict or len(credit) != 2:
                raise Slow
            agent, role_name = credit.get("agent"), credit.get("role")
            if type(agent) is not str or type(role_name) is not str:
                raise Slow
            role = _ROLES.get(role_name)
            if role is None:
                raise Slow
            found.append(_new_role(agent, role))
        credits = tuple(found)
    return _new_derivation(
        target, tuple(sources), kind, method, credits, _date(get("date")), get("note")
    )


def _has_marker(value: Any, marker: str) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            if marker in item:
                return True
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return False


def lineage(data: Any, duplicate_marker: str) -> Lineage:
    """Build the lineage, or raise :class:`Slow` at the first doubt."""
    if type(data) is not dict or data.get("format") != "provenance/1":
        raise Slow
    if not data.keys() <= _TOP_KEYS:
        raise Slow
    subject = data.get("subject")
    versions = data.get("versions")
    agents = data.get("agents", [])
    derivations = data.get("derivations", [])
    extensions = data.get("extensions", {})
    if (
        type(subject) is not str
        or type(versions) is not list
        or type(agents) is not list
        or type(derivations) is not list
        or type(extensions) is not dict
        or (extensions and _has_marker(extensions, duplicate_marker))
    ):
        raise Slow
    return _new_lineage(
        subject,
        tuple(map(_version, versions)),
        tuple(map(_derivation, derivations)),
        tuple(map(_agent, agents)),
        dict(extensions),
    )


# -- dumping -----------------------------------------------------------------------------------
# The compact canonical form, written as strings directly: the same bytes as encoding
# ``native.to_dict`` with the compact encoder (a property test holds the two together), without
# building the intermediate dicts.


def _ids(values: tuple[str, ...]) -> str:
    return "[" + ",".join(map(_q, values)) + "]"


def _agent_text(agent: Agent) -> str:
    text = f'{{"id":{_q(agent.id)},"type":"{agent.type.value}","name":{_q(agent.name)}'
    if agent.url is not None:
        text += f',"url":{_q(agent.url)}'
    if agent.version is not None:
        text += f',"version":{_q(agent.version)}'
    if agent.language is not None:
        text += f',"language":{_q(agent.language)}'
    return text + "}"


def _version_text(version: Version) -> str:
    text = f'{{"id":{_q(version.id)},"language":{_q(version.language)}'
    if version.publisher is not None:
        text += f',"publisher":{_q(version.publisher)}'
    if version.authors:
        text += f',"authors":{_ids(version.authors)}'
    if version.title is not None:
        text += f',"title":{_q(version.title)}'
    if version.url is not None:
        text += f',"url":{_q(version.url)}'
    if version.published is not None:
        text += f',"published":"{version.published}"'
    printed = version.published_as
    if printed is not None:
        text += f',"published_as":{{"text":{_q(printed.text)}'
        if printed.calendar is not None:
            text += f',"calendar":{_q(printed.calendar)}'
        text += "}"
    if version.medium is not None:
        text += f',"medium":{_q(version.medium)}'
    if version.digest is not None:
        text += f',"digest":{_q(version.digest)}'
    return text + "}"


def _derivation_text(derivation: Derivation) -> str:
    text = (
        f'{{"target":{_q(derivation.target)},"sources":{_ids(derivation.sources)}'
        f',"kind":"{derivation.kind.value}"'
    )
    if derivation.method is not None:
        text += f',"method":"{derivation.method.value}"'
    if derivation.agents:
        text += (
            ',"agents":['
            + ",".join(
                f'{{"agent":{_q(c.agent)},"role":"{c.role.value}"}}' for c in derivation.agents
            )
            + "]"
        )
    if derivation.date is not None:
        text += f',"date":"{derivation.date}"'
    if derivation.note is not None:
        text += f',"note":{_q(derivation.note)}'
    return text + "}"


def dumps(lineage: Lineage, encode: Callable[[Any], str]) -> str:
    """The compact canonical text; ``encode`` handles the user data in ``extensions``."""
    text = (
        f'{{"format":"provenance/1","subject":{_q(lineage.subject)}'
        f',"agents":[{",".join(map(_agent_text, lineage.agents))}]'
        f',"versions":[{",".join(map(_version_text, lineage.versions))}]'
        f',"derivations":[{",".join(map(_derivation_text, lineage.derivations))}]'
    )
    if lineage.extensions:
        text += ',"extensions":' + encode(sorted_keys(lineage.extensions))
    return text + "}"


def sorted_keys(value: Any) -> Any:
    """Extensions are user data kept verbatim; only key order is fixed, for canonical bytes."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_keys(item) for item in value]
    return value
