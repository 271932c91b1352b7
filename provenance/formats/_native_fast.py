"""The fast path of the native loader: well-formed documents, built with as few calls as can be.

Pipelines load millions of lineages, nearly all of them well formed. This path checks every
structural rule the careful reader (:class:`provenance.formats.native._Reader`) checks, but
stops at the first doubt by raising :class:`Slow`; the careful reader then reads the document
again and reports *every* problem with its path. So a document this path accepts is exactly a
document the careful reader accepts, and the tests hold both to the same corpora.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _q  # the C string encoder json.dumps uses
from typing import Any, NoReturn, TypeVar

import attrs

from provenance.dates import IsoDate, parse_iso
from provenance.formats._json_text import MAX_DEPTH
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


def _builder(
    cls: type[_T],
    order: str,
    required: int,
    convert: dict[str, str] | None = None,
    namespace: dict[str, Any] | None = None,
) -> Callable[..., _T]:
    """A constructor taking the fields of a frozen attrs class by keyword, as a JSON object
    names them, that sets them directly.

    The first ``required`` fields have no default; the others default to ``None``. Python's own
    argument binding rejects an unknown or missing key (a :class:`TypeError`) at C speed.
    ``convert`` maps a field to the expression that converts its JSON value, using names from
    ``namespace`` (which start with an underscore, so that no field shadows them). The values are
    checked before the call, so attrs' generated ``__init__`` (converters, defaults) would
    only repeat work; on a hot path that is a tenth of the load. The property tests compare
    what this path builds with what the careful reader builds.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    if names != order.split():
        # Values are converted by field name: a changed model must change the calls too.
        raise RuntimeError(f"{cls.__name__} fields are {names}, not {order.split()}")
    convert = convert or {}
    params = [name if i < required else f"{name}=None" for i, name in enumerate(names)]
    # Each field is a slot: its descriptor's __set__ stores the value past the class's
    # __setattr__ (which refuses, the class being frozen), faster than object.__setattr__.
    body = "".join(f"    _set_{name}(made, {convert.get(name, name)})\n" for name in names)
    source = f"def build({', '.join(params)}):\n    made = _new(cls)\n{body}    return made\n"
    scope: dict[str, Any] = {"_new": object.__new__, "cls": cls}
    scope.update((f"_set_{name}", getattr(cls, name).__set__) for name in names)
    scope.update(namespace or {})
    exec(source, scope)  # the same technique attrs uses to write __init__
    built: Callable[..., _T] = scope["build"]
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
_ROLES = {r.value: r for r in Role}
_METHODS: dict[str | None, Method | None] = {None: None, **{m.value: m for m in Method}}


_JUST_STR = frozenset((str,))
_ABSENT: Any = object()  # a key left out (a null is a value: the careful reader reports it)


def _check(item: Any, fields: dict[str, int]) -> int:
    """Raise :class:`Slow` unless every value of the object has its field's JSON type (a key
    the fields lack raises too). Strings are checked by the builders' callers.

    Returns how many more JSON strings the object holds than twice its number of keys (a key
    and a string value are two; a list of three ids is one key and three strings, so +1; an
    empty list -1), for the duplicate-key count of :func:`counted_lineage`."""
    extra = 0
    for key, value in item.items():
        kind = fields.get(key)
        if kind == _LIST:
            if type(value) is not list or not set(map(type, value)) <= _JUST_STR:
                raise Slow
            extra += len(value) - 1
        elif kind == _PRINTED:
            if type(value) is not dict:
                raise Slow
            extra += 2 * len(value) - 1  # its keys and string values (checked by _printed)
        elif kind == _AGENTS:
            if type(value) is not list:
                raise Slow
            extra += 4 * len(value) - 1  # each credit: two keys, two strings (_credits)
        elif type(value) is not str:
            raise Slow  # a string field holding something else, or an unknown key
    return extra


def _date(value: str | None) -> IsoDate | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise Slow from None


def _printed(value: dict[str, Any] | None) -> PublishedAs | None:
    if value is None:
        return None
    text, calendar = value.get("text"), value.get("calendar")
    if (
        type(text) is not str
        or ("calendar" in value and type(calendar) is not str)
        or not value.keys() <= {"text", "calendar"}
    ):
        raise Slow
    return PublishedAs(text, calendar)


def _no_sources() -> NoReturn:
    raise Slow  # an empty list: the careful reader reports it


def _credits(value: list[Any] | None) -> tuple[AgentRole, ...]:
    if not value:
        return ()
    found = []
    for credit in value:
        if type(credit) is not dict or len(credit) != 2:
            raise Slow
        agent, role = credit.get("agent"), _ROLES.get(credit.get("role"))  # type: ignore[arg-type]
        if type(agent) is not str or role is None:
            raise Slow
        found.append(_new_role(agent, role))
    return tuple(found)


# Converters, by expression: a KeyError (an unknown enum value) or TypeError (a missing or
# unknown key, or an unhashable value) from a builder means "let the careful reader look".
_new_agent = _builder(
    Agent, "id type name url version language", 3, {"type": "_types[type]"},
    {"_types": _AGENT_TYPES},
)  # fmt: skip
_new_version = _builder(
    Version, "id language publisher authors title url published published_as medium digest", 2,
    {
        "authors": "tuple(authors) if authors else ()",
        "published": "None if published is None else _date(published)",
        "published_as": "_printed(published_as)",
    },
    {"_date": _date, "_printed": _printed},
)  # fmt: skip
_new_derivation = _builder(
    Derivation, "target sources kind method agents date note", 3,
    {
        "sources": "tuple(sources) if sources else _no_sources()",
        "kind": "_kinds[kind]",
        "method": "_methods[method]",
        "agents": "_credits(agents)",
        "date": "None if date is None else _date(date)",
    },
    {
        "_kinds": _KINDS, "_methods": _METHODS, "_credits": _credits, "_date": _date,
        "_no_sources": _no_sources,
    },
)  # fmt: skip
_new_role = _builder(AgentRole, "agent role", 2)
_new_lineage = _builder(Lineage, "subject versions derivations agents extensions", 2)


def _agent(item: Any) -> Agent:
    if type(item) is not dict or not set(map(type, item.values())) <= _JUST_STR:
        raise Slow  # not an object, or a value that is no string
    try:
        return _new_agent(**item)
    except (TypeError, KeyError):
        raise Slow from None


def _version(add: Callable[[int], None], item: Any) -> Version:
    if type(item) is not dict:
        raise Slow
    if (
        "authors" in item  # a list, or a string where a list belongs
        or "published_as" in item
        or not set(map(type, item.values())) <= _JUST_STR
    ):
        add(_check(item, _VERSION_FIELDS))
    try:
        return _new_version(**item)
    except (TypeError, KeyError):
        raise Slow from None


def _derivation(add: Callable[[int], None], item: Any) -> Derivation:
    if type(item) is not dict:
        raise Slow
    # As _check(item, _DERIVATION_FIELDS), for the usual shape at a third of the cost: a list
    # of string ids, a list of credits (each checked by _credits), strings for the rest.
    sources = item.get("sources")
    credits = item.get("agents", _ABSENT)
    if (
        type(sources) is not list
        or not set(map(type, sources)) <= _JUST_STR
        or list(map(type, item.values())).count(str) != len(item) - 1 - ("agents" in item)
    ):
        raise Slow
    if credits is _ABSENT:
        add(len(sources) - 1)
    elif type(credits) is list:
        add(len(sources) + 4 * len(credits) - 2)
    else:
        raise Slow
    try:
        return _new_derivation(**item)
    except (TypeError, KeyError):
        raise Slow from None


def _user_strings(value: Any, marker: str) -> int:
    """How many JSON strings (keys and values) user data holds; :class:`Slow` when it holds a
    duplicated key (``marker``), a number out of range, or nests deeper than the readers and
    writers allow: the careful reader then says where."""
    strings = 0
    stack = [(value, 2)]  # the lineage is level 1, its extensions level 2
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str:
            strings += 1
        elif kind is dict:
            if marker in item or depth > MAX_DEPTH:
                raise Slow
            strings += len(item)
            stack.extend((child, depth + 1) for child in item.values())
        elif kind is list:
            if depth > MAX_DEPTH:
                raise Slow
            stack.extend((child, depth + 1) for child in item)
        elif kind is float and item - item != 0:  # infinity (1e999) or NaN
            raise Slow
    return strings


def lineage(data: Any, duplicate_marker: str) -> Lineage:
    """Build the lineage, or raise :class:`Slow` at the first doubt."""
    return counted_lineage(data, duplicate_marker)[0]


_END = object()


def _drained(items: list[_T]) -> Iterator[_T]:
    """The items, each taken out of the list as it is given (which ends empty), so that a
    parsed object is freed once its model object is built: the parsed document and the
    lineage are never both whole in memory."""
    items.append(_END)  # type: ignore[arg-type]
    items.reverse()
    return iter(items.pop, _END)


def counted_lineage(
    data: Any, duplicate_marker: str, *, consume: bool = False
) -> tuple[Lineage, int]:
    """Build the lineage, or raise :class:`Slow` at the first doubt; with it, how many JSON
    strings (keys and string values) ``data`` holds. ``consume`` empties the lists of
    ``data`` as their items are built (for data nobody else holds).

    A JSON parser keeps the last of duplicated keys, silently. Text without escaped
    backslashes holds exactly twice as many unescaped quotes as strings, so when that is
    twice this count, nothing was dropped (:func:`provenance.formats.native.loads` checks it):
    the C parser then needs no Python hook per object to watch for duplicates.
    """
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
    ):
        raise Slow
    # The top level's keys, "format" and "subject"; twice the keys of every object (each value
    # a string) and what lists and nested objects add to that (the builders say).
    strings = len(data) + 2
    if extensions:
        strings += _user_strings(extensions, duplicate_marker)
    try:  # counted first: with consume, the lists are emptied as they are built
        strings += 2 * (
            sum(map(len, agents)) + sum(map(len, versions)) + sum(map(len, derivations))
        )
    except TypeError:  # an item that is no object (the builders would refuse it too)
        raise Slow from None
    extra: list[int] = []
    add = extra.append
    each: Callable[[list[Any]], Iterable[Any]] = _drained if consume else iter
    built = _new_lineage(
        subject,
        tuple(map(functools.partial(_version, add), each(versions))),
        tuple(map(functools.partial(_derivation, add), each(derivations))),
        tuple(map(_agent, each(agents))),
        dict(extensions),
    )
    return built, strings + sum(extra)


# -- the canonical text: when the text read is the one dumps() would write --------------------


def _orders(required: tuple[str, ...], optional: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """Every key order the canonical form writes: the required keys, then any of the optional
    ones, in their order."""
    return frozenset(
        required + tuple(key for key, kept in zip(optional, mask, strict=True) if kept)
        for mask in itertools.product((False, True), repeat=len(optional))
    )


_AGENT_ORDERS = _orders(("id", "type", "name"), ("url", "version", "language"))
_VERSION_ORDERS = _orders(
    ("id", "language"),
    ("publisher", "authors", "title", "url", "published", "published_as", "medium", "digest"),
)
_DERIVATION_ORDERS = _orders(("target", "sources", "kind"), ("method", "agents", "date", "note"))
_PRINTED_ORDERS = frozenset((("text",), ("text", "calendar")))
_TOP_ORDER = ("format", "subject", "agents", "versions", "derivations")  # no extensions


def is_canonical(text: str, data: Any) -> bool:
    """Whether ``text``, which reads as ``data``, is exactly what :func:`dumps` writes for the
    lineage built from it (call before :func:`counted_lineage` consumes ``data``); any doubt
    is ``False``, and a lineage with extensions (user data, its numbers written as Python
    writes them) is never vouched for.

    With no backslash, every string is written as its characters between quotes, as the
    canonical form writes it, and splitting at the quotes leaves only what lies between the
    strings, where the canonical form has no whitespace. What remains is what the strings
    cannot show: the order of the keys, empty lists it leaves out, and dates as it writes
    them. A property test holds the answer to :func:`dumps`.
    """
    if "\\" in text or type(data) is not dict or tuple(data) != _TOP_ORDER:
        return False
    if _spaced(text):
        return False
    agents, versions, derivations = data["agents"], data["versions"], data["derivations"]
    try:
        if not (
            set(map(tuple, agents)) <= _AGENT_ORDERS
            and set(map(tuple, versions)) <= _VERSION_ORDERS
            and set(map(tuple, derivations)) <= _DERIVATION_ORDERS
        ):
            return False
    except TypeError:  # an item that is no object: the builders refuse it
        return False
    for version in versions:  # the other values are strings, written as read
        if "authors" in version and not version["authors"]:
            return False
        if "published_as" in version:
            printed = version["published_as"]
            if type(printed) is not dict or tuple(printed) not in _PRINTED_ORDERS:
                return False
        if "published" in version and not _canonical_date(version["published"]):
            return False
    for derivation in derivations:
        if "agents" in derivation:
            credits = derivation["agents"]
            if (
                type(credits) is not list
                or not credits
                or any(type(c) is not dict or tuple(c) != ("agent", "role") for c in credits)
            ):
                return False
        if "date" in derivation and not _canonical_date(derivation["date"]):
            return False
    return True


_MEMO: Any = getattr(Lineage, "_memo")  # noqa: B009 - the slot attrs made of the cached property


def keep_text(lineage: Lineage, text: str) -> None:
    """Keep ``text`` as the lineage's canonical text (``is_canonical`` said it is)."""
    _MEMO.__set__(lineage, {"text": text})


def kept(lineage: Lineage) -> dict[str, Any] | None:
    """The lineage's memo if it has one yet, without making one."""
    try:
        found: dict[str, Any] = _MEMO.__get__(lineage)
    except AttributeError:
        return None
    return found


_PIECE = 1 << 18  # characters split at a time: a few thousand strings, never millions


# Every byte but a quote and JSON's whitespace: what is left of a text without them shows where
# its whitespace lies, inside strings (after an odd number of quotes) or between them.
_NOT_QUOTE_OR_SPACE = bytes(b for b in range(256) if b not in b'" \t\n\r')


# In what is left, pairs of quotes hold the whitespace inside strings; one more byte that is no
# quote is whitespace between strings.
_SPACE_BETWEEN = re.compile(rb'(?:"[^"]*")*+[^"]')


def _spaced(text: str) -> bool:
    """Whether whitespace lies between the strings of ``text``, which holds no backslash (so
    every quote opens or closes a string)."""
    inside = False
    for start in range(0, len(text), _PIECE):
        piece = text[start : start + _PIECE].encode("utf-8", "surrogatepass")
        left = piece.translate(None, _NOT_QUOTE_OR_SPACE)
        if inside:  # the piece starts in a string: as if it opened there
            left = b'"' + left
        if _SPACE_BETWEEN.match(left):
            return True
        inside = bool(left.count(b'"') & 1)
    return False


def _canonical_date(value: Any) -> bool:
    """Whether a date is written as the canonical form writes it. ``YYYY``, ``YYYY-MM`` and
    ``YYYY-MM-DD`` are, when they are dates at all (the builders check)."""
    if type(value) is str and len(value) <= 10:
        return True
    try:
        return type(value) is str and str(parse_iso(value)) == value
    except ValueError:
        return False


# -- dumping -----------------------------------------------------------------------------------
# The compact canonical form, written as strings directly: the same bytes as encoding
# ``native.to_dict`` with the compact encoder (a property test holds the two together), without
# building the intermediate dicts.


# Enum members' values by dictionary: ``member.value`` is a descriptor, several times slower.
_VALUE: dict[AgentType | Kind | Method | Role, str] = {
    member: member.value for enum in (AgentType, Kind, Method, Role) for member in enum
}


def _ids(values: tuple[str, ...]) -> str:
    return "[" + ",".join(map(_q, values)) + "]"


def _agent_text(agent: Agent) -> str:
    text = f'{{"id":{_q(agent.id)},"type":"{_VALUE[agent.type]}","name":{_q(agent.name)}'
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
        f',"kind":"{_VALUE[derivation.kind]}"'
    )
    if derivation.method is not None:
        text += f',"method":"{_VALUE[derivation.method]}"'
    if derivation.agents:
        text += (
            ',"agents":['
            + ",".join(
                f'{{"agent":{_q(c.agent)},"role":"{_VALUE[c.role]}"}}' for c in derivation.agents
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


def sorted_keys(value: Any, depth: int = 2) -> Any:
    """Extensions are user data kept verbatim; only key order is fixed, for canonical bytes.

    Data nested deeper than a reader accepts (:data:`MAX_DEPTH`, counting the lineage as
    level 1) is a :class:`ValueError`: what is written must read back."""
    if isinstance(value, dict):
        if depth > MAX_DEPTH:
            raise _too_deep()
        return {key: sorted_keys(value[key], depth + 1) for key in sorted(value)}
    if isinstance(value, list):
        if depth > MAX_DEPTH:
            raise _too_deep()
        return [sorted_keys(item, depth + 1) for item in value]
    return value


def _too_deep() -> ValueError:
    return ValueError(
        f"the lineage's extensions nest deeper than {MAX_DEPTH} levels of objects and lists "
        "(counting the lineage itself); no reader of the library would read the output back"
    )
