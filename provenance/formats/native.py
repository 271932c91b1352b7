"""The native JSON format, ``provenance/1``: the contract other tools rely on.

Dumping is canonical (fixed key order, compact by default, UTF-8 text as is), so equal lineages
give equal bytes and :func:`fingerprint` can identify one. Loading checks the structure and
reports *every* problem at once, each with its path, in one :class:`~provenance.ParseError`.

>>> from provenance import examples
>>> lineage = examples.get("shafaqna")
>>> loads(dumps(lineage)) == lineage
True
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, cast

from provenance._arguments import expect_indent, expect_lineage
from provenance._choices import did_you_mean, one_of
from provenance._limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SOURCES,
    check_limit,
    check_sources_limit,
    read_bounded,
    refuse_wide_steps,
    too_large,
)
from provenance.dates import IsoDate, parse_iso
from provenance.errors import ParseError, Problem
from provenance.formats import _native_fast
from provenance.formats._json_text import (
    MAX_DEPTH,
    decode_text,
    json_type,
    may_hold_lone_surrogates,
    out_of_range,
    reject_lone_surrogates,
    too_deep,
)
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

__all__ = [
    "FORMAT",
    "dump",
    "dumps",
    "fingerprint",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "to_dict",
]

FORMAT = "provenance/1"
"""The value of the ``format`` key this version of the library reads and writes."""

Path = tuple[str | int, ...]

# Characters of JSON text from which loads() pauses the cycle collector and frees the parsed
# document as it builds the lineage (a small one is gone a moment later anyway).
_GC_PAUSE_SIZE = 1 << 20
_TOP_KEYS = ("format", "subject", "agents", "versions", "derivations", "extensions")
_AGENT_KEYS = ("id", "type", "name", "url", "version", "language")
_VERSION_KEYS = (
    "id",
    "language",
    "publisher",
    "authors",
    "title",
    "url",
    "published",
    "published_as",
    "medium",
    "digest",
)
_DERIVATION_KEYS = ("target", "sources", "kind", "method", "agents", "date", "note")
_ROLE_KEYS = ("agent", "role")
_PUBLISHED_AS_KEYS = ("text", "calendar")

# -- dumping ---------------------------------------------------------------------------------


def to_dict(lineage: Lineage) -> dict[str, Any]:
    """The lineage as plain JSON data in canonical key order; empty optional fields omitted."""
    expect_lineage(lineage, "to_dict")
    data: dict[str, Any] = {"format": FORMAT, "subject": lineage.subject}
    data["agents"] = [_agent_dict(agent) for agent in lineage.agents]
    data["versions"] = [_version_dict(version) for version in lineage.versions]
    data["derivations"] = [_derivation_dict(d) for d in lineage.derivations]
    if lineage.extensions:
        data["extensions"] = _native_fast.sorted_keys(lineage.extensions)
    return data


def _agent_dict(agent: Agent) -> dict[str, Any]:
    data: dict[str, Any] = {"id": agent.id, "type": agent.type.value, "name": agent.name}
    if agent.url is not None:
        data["url"] = agent.url
    if agent.version is not None:
        data["version"] = agent.version
    if agent.language is not None:
        data["language"] = agent.language
    return data


def _version_dict(version: Version) -> dict[str, Any]:
    data: dict[str, Any] = {"id": version.id, "language": version.language}
    if version.publisher is not None:
        data["publisher"] = version.publisher
    if version.authors:
        data["authors"] = list(version.authors)
    if version.title is not None:
        data["title"] = version.title
    if version.url is not None:
        data["url"] = version.url
    if version.published is not None:
        data["published"] = str(version.published)
    if version.published_as is not None:
        printed: dict[str, Any] = {"text": version.published_as.text}
        if version.published_as.calendar is not None:
            printed["calendar"] = version.published_as.calendar
        data["published_as"] = printed
    if version.medium is not None:
        data["medium"] = version.medium
    if version.digest is not None:
        data["digest"] = version.digest
    return data


def _derivation_dict(derivation: Derivation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "target": derivation.target,
        "sources": list(derivation.sources),
        "kind": derivation.kind.value,
    }
    if derivation.method is not None:
        data["method"] = derivation.method.value
    if derivation.agents:
        data["agents"] = [{"agent": c.agent, "role": c.role.value} for c in derivation.agents]
    if derivation.date is not None:
        data["date"] = str(derivation.date)
    if derivation.note is not None:
        data["note"] = derivation.note
    return data


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(lineage: Lineage, *, indent: int | None = None) -> str:
    """Canonical JSON text. Compact unless ``indent`` is given; no trailing newline."""
    expect_lineage(lineage, "dumps")
    if indent is None:
        return _canonical(lineage)
    expect_indent(indent, "dumps")
    data = to_dict(lineage)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def dump(lineage: Lineage, fp: IO[str], *, indent: int | None = None) -> None:
    """Write canonical JSON and a final newline to a text stream."""
    expect_lineage(lineage, "dump")
    fp.write(dumps(lineage, indent=indent))
    fp.write("\n")


def fingerprint(lineage: Lineage) -> str:
    """A stable identity for a lineage: the digest of its canonical compact JSON.

    >>> from provenance import examples
    >>> fingerprint(examples.get("shafaqna")) == fingerprint(examples.get("shafaqna"))
    True
    """
    expect_lineage(lineage, "fingerprint")
    if lineage.extensions:  # user data, in a dict its owner may still change: no memo
        return _fingerprint(_native_fast.dumps(lineage, _COMPACT.encode))
    memo = lineage._memo
    found = memo.get("fingerprint")
    if found is None:
        found = memo["fingerprint"] = _fingerprint(_canonical(lineage))
    return found


def _fingerprint(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(lineage: Lineage) -> str:
    """The compact canonical text: the text the lineage was read from when that was it
    (:func:`_fast_loads`), else written (a lineage is immutable, but for the dict of its
    extensions: none is ever read from the memo)."""
    if not lineage.extensions:
        memo = _native_fast.kept(lineage)
        if memo is not None and "text" in memo:
            text: str = memo["text"]
            return text
    return _native_fast.dumps(lineage, _COMPACT.encode)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the format, as shipped in the package.

    >>> json_schema()["properties"]["format"]
    {'const': 'provenance/1'}
    """
    from importlib.resources import files

    text = files("provenance").joinpath("schema", "provenance-1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# -- loading ---------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        data[_DUPLICATE_KEYS] = duplicates
    return data


class _DuplicateKeys:
    """A key no JSON text can produce (JSON keys are strings): under it, the parser hook hands
    the names of duplicated keys to the structural checks, which report them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<duplicate keys>"


_DUPLICATE_KEYS: Any = _DuplicateKeys()

_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_reject_constant)
_PLAIN_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def loads(
    text: str | bytes | bytearray,
    *,
    source: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """Parse native JSON text (or UTF-8 bytes) into a lineage.

    Raises :class:`~provenance.ParseError` listing every problem: broken JSON with its line and
    column, wrong types, unknown keys, an unsupported ``format``, each with its path. A
    derivation with more than ``max_sources`` sources (1,000 by default; ``None`` for no
    limit) is refused first, at its path.

    >>> loads('{"format": "provenance/2"}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: $.format: unsupported format 'provenance/2'; ...
    """
    if not isinstance(text, str | bytes | bytearray):
        how = (
            "for parsed JSON use provenance.from_dict(data)"
            if isinstance(text, dict | list)
            else "for a file use provenance.load(open(path, 'rb'))"
        )
        raise TypeError(f"loads() takes JSON text (str or bytes), not {type(text).__name__}: {how}")
    return _loads(text, source=source, max_sources=max_sources)


def _loads(
    text: str | bytes | bytearray,
    *,
    source: str | None,
    keep: bool = True,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """:func:`loads` for the package's own callers: ``keep=False`` skips the check that lets
    the lineage keep its canonical text (about a tenth of the reading), for a caller that
    will never write it (validation)."""
    check_sources_limit(max_sources)
    if len(text) < _GC_PAUSE_SIZE or not gc.isenabled():
        return _fast_loads(text, keep, max_sources) or from_dict(
            _parse_json(text, source), source=source, max_sources=max_sources
        )
    # A large document makes millions of objects, none in a reference cycle; the collector's
    # repeated passes over them would cost more than the reading (about 40% at 100k versions).
    gc.disable()
    try:
        return _fast_loads(text, keep, max_sources) or from_dict(
            _parse_json(text, source), source=source, max_sources=max_sources
        )
    finally:
        gc.enable()


def _fast_loads(
    raw: str | bytes | bytearray,
    keep: bool = True,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage | None:
    """The lineage of a well-formed document, read by the C parser with no Python hook, or
    ``None`` at the first doubt: the careful path (:func:`_parse_json`, :class:`_Reader`) then
    reads it again and says what is wrong, and where.

    The hook the careful path gives the parser sees every object, to catch duplicated keys,
    which a JSON parser silently resolves to the last. Here the parser runs alone and the
    duplicates are caught by counting instead: in text with no escaped backslash, every
    string is a pair of quotes (less those escaped as ``\\"``), so the text holds twice as
    many as the data it gave holds strings exactly when nothing was dropped
    (:func:`_native_fast.counted_lineage` counts them as it builds).
    """
    try:
        text, from_bytes = decode_text(raw, source=None)
    except ParseError:
        return None
    escapes = "\\" in text
    if (escapes and "\\\\" in text) or may_hold_lone_surrogates(
        text, decoded_from_bytes=from_bytes
    ):
        return None
    try:
        data = _PLAIN_DECODER.decode(text)
        if max_sources is not None and any(n > max_sources for _, _, n in _steps(data)):
            return None  # the careful path refuses it, located, before building anything
        canonical = keep and not escapes and _native_fast.is_canonical(text, data)
        lineage, strings = _native_fast.counted_lineage(
            data, _DUPLICATE_KEYS, consume=len(text) >= _GC_PAUSE_SIZE
        )
    except (_native_fast.Slow, ValueError, RecursionError):
        return None
    quotes = text.count('"') - (text.count('\\"') if escapes else 0)
    if quotes != 2 * strings:
        return None
    if canonical:  # what dumps() would write: it and the fingerprint need not write it again
        _native_fast.keep_text(lineage, text)
    return lineage


def load(
    fp: IO[str] | IO[bytes],
    *,
    source: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """Read a lineage from a text or binary stream, reading at most ``max_bytes`` (16 MiB by
    default; ``None`` for no limit): a longer stream is a :class:`ParseError`, found without
    reading it all. ``max_sources`` is :func:`loads`'s."""
    if not callable(getattr(fp, "read", None)):
        how = (
            "open the file first: provenance.load(open(path, 'rb')), or pass its text to "
            "provenance.loads"
            if isinstance(fp, str | bytes | os.PathLike)
            else "pass an open file, or parsed JSON to provenance.from_dict"
        )
        raise TypeError(f"load() takes an open file, not {type(fp).__name__}: {how}")
    source = source or getattr(fp, "name", None)
    check_sources_limit(max_sources)
    content, cut = read_bounded(cast("IO[Any]", fp), check_limit(max_bytes))
    if cut:
        assert max_bytes is not None
        raise ParseError([Problem((), too_large(max_bytes))], source=source)
    return loads(content, source=source, max_sources=max_sources)


def _parse_json(raw: str | bytes | bytearray, source: str | None) -> Any:
    text, from_bytes = decode_text(raw, source=source, what="a lineage is JSON")
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        # Valid JSON holds no NUL (strings may not either) and is never blank: so these
        # checks wait for the decoder to fail, and then say what the input really is.
        raise ParseError([_undecodable(text, error)], source=source) from None
    except RecursionError:
        raise ParseError(
            [
                Problem(
                    (),
                    f"JSON nested too deeply to read: the library reads at most {MAX_DEPTH} "
                    "levels of objects and lists (a lineage needs about 5)",
                )
            ],
            source=source,
        ) from None
    except ValueError as error:  # NaN, Infinity, integers with too many digits
        raise ParseError([Problem((), f"invalid JSON value: {error}")], source=source) from None
    reject_lone_surrogates(text, data, decoded_from_bytes=from_bytes, source=source)
    return data


def _undecodable(text: str, error: json.JSONDecodeError) -> Problem:
    """What is wrong with a text the JSON decoder refused."""
    if not text.strip():
        return Problem((), "the document is empty; expected a JSON object")
    if "\x00" in text:
        position = text.index("\x00")
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        return Problem(
            (), "a NUL character: this looks like binary data, not JSON", line=line, column=column
        )
    return Problem((), f"broken JSON: {error.msg}", line=error.lineno, column=error.colno)


class _Reader:
    """Walks plain JSON data, collecting problems with paths, and builds the model."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))

    def object(self, value: Any, path: Path, keys: tuple[str, ...], what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, f"expected {what} (a JSON object), got {json_type(value)}")
            return {}
        if len(value) > len(keys) or not value.keys() <= set(keys):
            for key in value:
                if key == _DUPLICATE_KEYS:
                    for name in value[key]:
                        self.problem((*path, name), "duplicate key: JSON would keep only the last")
                elif key not in keys:
                    self.problem((*path, key), _unknown_key(key, keys, what))
        return value

    def string(
        self, data: dict[str, Any], key: str, path: Path, *, required: bool = False
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(
                    (*path, key),
                    f"missing required key {key!r}"
                    if key not in data
                    else f"{key!r} must be a string, not null",
                )
            elif key in data:
                self.problem((*path, key), f"{key!r} must be a string or left out, not null")
            return None
        if not isinstance(value, str):
            self.problem((*path, key), f"expected a string, got {json_type(value)}")
            return None
        return value

    def string_list(
        self, data: dict[str, Any], key: str, path: Path, *, required: bool = False
    ) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            if required or key in data:
                self.problem(
                    (*path, key),
                    f"missing required key {key!r}"
                    if key not in data
                    else f"{key!r} must be a list of strings, not null",
                )
            return ()
        if not isinstance(value, list):
            self.problem((*path, key), f"expected a list of ids, got {json_type(value)}")
            return ()
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem((*path, key, index), f"expected a string id, got {json_type(item)}")
                ok = False
        return tuple(value) if ok else ()

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        path: Path,
        enum: Callable[[str], Any],
        allowed: tuple[str, ...],
        *,
        required: bool = False,
    ) -> Any:
        value = self.string(data, key, path, required=required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            self.problem((*path, key), one_of(value, allowed))
            return None

    def date(self, data: dict[str, Any], key: str, path: Path) -> IsoDate | None:
        value = self.string(data, key, path)
        if value is None:
            return None
        try:
            return parse_iso(value)
        except ValueError as error:
            self.problem((*path, key), str(error))
            return None

    def list(
        self, data: dict[str, Any], key: str, path: Path, *, required: bool = False
    ) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required and key not in data:
                self.problem((*path, key), f"missing required key {key!r}")
            elif key in data:
                self.problem((*path, key), f"{key!r} must be a list, not null")
            return []
        if not isinstance(value, list):
            self.problem((*path, key), f"expected a list, got {json_type(value)}")
            return []
        return value

    # -- the document ---------------------------------------------------------------------

    def lineage(self, data: Any) -> Lineage | None:
        top = self.object(data, (), _TOP_KEYS, "a lineage document")
        if not isinstance(data, dict):
            return None
        fmt = data.get("format")
        if "format" not in data:
            self.problem(("format",), f"missing required key 'format' (use {FORMAT!r})")
        elif fmt != FORMAT:
            shown = repr(fmt) if isinstance(fmt, str) else json_type(fmt)
            self.problem(("format",), f"unsupported format {shown}; this library reads {FORMAT!r}")
            return None  # another version's structure would only produce noise
        subject = self.string(top, "subject", (), required=True)
        agents = [
            self.agent(item, ("agents", i)) for i, item in enumerate(self.list(top, "agents", ()))
        ]
        versions = [
            self.version(item, ("versions", i))
            for i, item in enumerate(self.list(top, "versions", (), required=True))
        ]
        derivations = [
            self.derivation(item, ("derivations", i))
            for i, item in enumerate(self.list(top, "derivations", ()))
        ]
        extensions = top.get("extensions", {})
        if not isinstance(extensions, dict):
            self.problem(("extensions",), f"expected an object, got {json_type(extensions)}")
        else:
            self.no_duplicates(extensions, ("extensions",))
            self.problems.extend(out_of_range(extensions, ("extensions",)))
            deep = too_deep(extensions, ("extensions",), level=2)
            if deep is not None:
                self.problems.append(deep)
        if self.problems:
            return None
        return Lineage(
            subject=subject or "",
            agents=tuple(agents),  # type: ignore[arg-type]
            versions=tuple(versions),  # type: ignore[arg-type]
            derivations=tuple(derivations),  # type: ignore[arg-type]
            extensions=extensions,
        )

    def no_duplicates(self, value: Any, path: Path) -> None:
        """Report duplicated keys anywhere inside user data (iteratively: no recursion)."""
        stack: list[tuple[Any, Path]] = [(value, path)]
        while stack:
            item, where = stack.pop()
            if isinstance(item, dict):
                for name in item.pop(_DUPLICATE_KEYS, ()):
                    self.problem((*where, name), "duplicate key: JSON would keep only the last")
                stack.extend((v, (*where, k)) for k, v in item.items())
            elif isinstance(item, list):
                stack.extend((v, (*where, i)) for i, v in enumerate(item))

    def agent(self, value: Any, path: Path) -> Agent | None:
        data = self.object(value, path, _AGENT_KEYS, "an agent")
        if not data:
            if isinstance(value, dict):
                self.problem((*path, "id"), "missing required key 'id'")
            return None
        agent_id = self.string(data, "id", path, required=True)
        kind = self.choice(data, "type", path, AgentType, _AGENT_TYPES, required=True)
        name = self.string(data, "name", path, required=True)
        url = self.string(data, "url", path)
        version = self.string(data, "version", path)
        language = self.string(data, "language", path)
        if agent_id is None or kind is None or name is None:
            return None
        return Agent(id=agent_id, type=kind, name=name, url=url, version=version, language=language)

    def version(self, value: Any, path: Path) -> Version | None:
        data = self.object(value, path, _VERSION_KEYS, "a version")
        if not data:
            if isinstance(value, dict):
                self.problem((*path, "id"), "missing required key 'id'")
            return None
        version_id = self.string(data, "id", path, required=True)
        language = self.string(data, "language", path, required=True)
        publisher = self.string(data, "publisher", path)
        authors = self.string_list(data, "authors", path)
        title = self.string(data, "title", path)
        url = self.string(data, "url", path)
        published = self.date(data, "published", path)
        printed = None
        if data.get("published_as") is not None:
            sub = self.object(
                data["published_as"],
                (*path, "published_as"),
                _PUBLISHED_AS_KEYS,
                "the date as printed",
            )
            if isinstance(data["published_as"], dict):  # {} too: its missing text is reported
                text = self.string(sub, "text", (*path, "published_as"), required=True)
                calendar = self.string(sub, "calendar", (*path, "published_as"))
                printed = PublishedAs(text, calendar) if text is not None else None
        elif "published_as" in data:
            self.problem((*path, "published_as"), "'published_as' must be an object or left out")
        medium = self.string(data, "medium", path)
        digest = self.string(data, "digest", path)
        if version_id is None or language is None:
            return None
        return Version(
            id=version_id,
            language=language,
            publisher=publisher,
            authors=authors,
            title=title,
            url=url,
            published=published,
            published_as=printed,
            medium=medium,
            digest=digest,
        )

    def derivation(self, value: Any, path: Path) -> Derivation | None:
        data = self.object(value, path, _DERIVATION_KEYS, "a derivation")
        if not data:
            if isinstance(value, dict):
                self.problem((*path, "target"), "missing required key 'target'")
            return None
        target = self.string(data, "target", path, required=True)
        sources = self.string_list(data, "sources", path, required=True)
        if "sources" in data and isinstance(data["sources"], list) and not data["sources"]:
            self.problem((*path, "sources"), "a derivation needs at least one source")
        kind = self.choice(data, "kind", path, Kind, _KINDS, required=True)
        method = self.choice(data, "method", path, Method, _METHODS)
        credits: list[AgentRole] = []
        for index, item in enumerate(self.list(data, "agents", path)):
            where = (*path, "agents", index)
            sub = self.object(item, where, _ROLE_KEYS, "an agent and role")
            if not sub:
                if isinstance(item, dict):
                    self.problem((*where, "agent"), "missing required key 'agent'")
                continue
            agent = self.string(sub, "agent", where, required=True)
            role = self.choice(sub, "role", where, Role, _ROLES, required=True)
            if agent is not None and role is not None:
                credits.append(AgentRole(agent, role))
        date = self.date(data, "date", path)
        note = self.string(data, "note", path)
        if target is None or kind is None:
            return None
        return Derivation(
            target=target,
            sources=sources,
            kind=kind,
            method=method,
            agents=tuple(credits),
            date=date,
            note=note,
        )


_AGENT_TYPES = tuple(t.value for t in AgentType)
_KINDS = tuple(k.value for k in Kind)
_METHODS = tuple(m.value for m in Method)
_ROLES = tuple(r.value for r in Role)


def _unknown_key(key: str, keys: tuple[str, ...], what: str) -> str:
    hint = did_you_mean(key, keys)
    if hint:
        return f"unknown key {key!r} in {what}{hint}"
    where = "'extensions'" if what == "a lineage document" else "the lineage's 'extensions'"
    return (
        f"unknown key {key!r} in {what}; known keys: {', '.join(keys)}; user data goes in {where}"
    )


def from_dict(
    data: Mapping[str, Any] | Any,
    *,
    source: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """Build a lineage from plain JSON data, or raise one ParseError with every problem.

    A derivation with more than ``max_sources`` sources (1,000 by default, ``None`` for no
    limit; ``docs/limits.md``) is refused first, before anything is built:

    >>> wide = {"format": "provenance/1", "derivations": [{"sources": ["a", "b", "c"]}]}
    >>> from_dict(wide, max_sources=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: $.derivations[0].sources: a derivation has 3 sources, more \
than the limit of 2 per derivation; if it really is one step, raise the limit (--max-sources ...
    """
    refuse_wide_steps(_steps(data), check_sources_limit(max_sources), source=source)
    try:
        return _native_fast.lineage(data, _DUPLICATE_KEYS)
    except _native_fast.Slow:
        pass  # read it again, carefully, to report every problem with its path
    reader = _Reader()
    lineage = reader.lineage(data)
    if lineage is None or reader.problems:
        raise ParseError(reader.problems, source=source)
    return lineage


def _steps(data: Any) -> Iterator[tuple[tuple[str | int, ...], object, int]]:
    """Each derivation's path, target and count of sources, read off the raw data (what is
    not a list of sources is left to the structural checks)."""
    derivations = data.get("derivations") if isinstance(data, dict) else None
    if not isinstance(derivations, list):
        return
    for index, item in enumerate(derivations):
        sources = item.get("sources") if isinstance(item, dict) else None
        if isinstance(sources, list):
            yield ("derivations", index, "sources"), item.get("target"), len(sources)
