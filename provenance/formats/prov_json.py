"""W3C PROV-JSON: the lineage as PROV-DM records in the JSON serialization ``prov`` reads.

The mapping is shared with PROV-N and PROV-O (:mod:`provenance.formats._prov`; the table is in
``docs/formats/prov-json.md``). Nothing is dropped: the subject and extensions ride on a
``provenance:Lineage`` entity, so :func:`loads` gives back the lineage that was written. Only
versions or agents sharing an id (rule PV101), which PROV-JSON writes in its list form, cannot
be told apart in the relations that name them (:func:`losses`).

>>> from provenance import examples
>>> lineage = examples.get("shafaqna")
>>> data = to_dict(lineage)
>>> data["entity"]["lineage:en-article"]["dcterms:language"]
'en'
>>> loads(dumps(lineage)) == lineage
True
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

from provenance._arguments import expect_indent
from provenance._limits import DEFAULT_MAX_SOURCES, check_sources_limit, refuse_wide_steps
from provenance.dates import IsoDate, parse_iso
from provenance.errors import LossWarning, ParseError, Problem
from provenance.formats._json_text import json_type, read_json
from provenance.formats._prov import (
    ARGS,
    NAMESPACES,
    PROV_NS,
    PROVENANCE_NS,
    SECTIONS,
    XSD_NS,
    Value,
    lineage_base,
    prov_json_text,
    records,
    shared_id_losses,
    shared_ids,
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

__all__ = ["dumps", "from_dict", "loads", "losses", "to_dict"]

# -- writing ----------------------------------------------------------------------------------


def _value(value: Value) -> Any:
    if value.datatype is not None:
        return {"$": value.text, "type": value.datatype}
    if value.lang is not None:
        return {"$": value.text, "lang": value.lang}
    return value.text


def to_dict(lineage: Lineage, *, base: str | None = None) -> dict[str, Any]:
    """The lineage as a PROV-JSON document (plain JSON data); ids in the ``base`` namespace.

    >>> from provenance import examples
    >>> doc = to_dict(examples.get("shafaqna"))
    >>> sorted(doc["agent"])[:2]
    ['lineage:iraqi-presidency', 'lineage:shafaqna-en']
    >>> doc["wasDerivedFrom"]["lineage:en-article/translation/from-0"]["prov:type"]
    {'$': 'provenance:translation', 'type': 'prov:QUALIFIED_NAME'}
    """
    doc: dict[str, Any] = {"prefix": {"lineage": lineage_base(lineage, base), **NAMESPACES}}
    for kind, record_id, args, attributes in records(lineage):
        body: dict[str, Any] = {
            key: arg for key, arg in zip(ARGS[kind], args, strict=True) if arg is not None
        }
        for key, value in attributes:
            encoded = _value(value)
            if key not in body:
                body[key] = encoded
            elif isinstance(body[key], list):
                body[key].append(encoded)
            else:
                body[key] = [body[key], encoded]
        section = doc.get(kind)
        if section is None:
            section = doc[kind] = {}
        if record_id not in section:
            section[record_id] = body
        elif isinstance(section[record_id], list):  # records sharing an id (PV101)
            section[record_id].append(body)
        else:
            section[record_id] = [section[record_id], body]
    return {key: doc[key] for key in ("prefix", *SECTIONS) if key in doc}


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(lineage: Lineage, *, base: str | None = None, indent: int | None = None) -> str:
    """PROV-JSON text: compact unless ``indent`` is given; no trailing newline. Ids are in
    the ``base`` namespace, by default ``urn:provenance:<16 hex of the fingerprint>:``.

    Warns with :class:`~provenance.LossWarning` for each loss :func:`losses` names.
    """
    expect_indent(indent, "prov-json dumps")
    for found in losses(lineage):
        warnings.warn(LossWarning(found), stacklevel=2)
    base = lineage_base(lineage, base)
    if indent is None and not shared_ids(lineage):
        return prov_json_text(lineage, base)
    data = to_dict(lineage, base=base)
    if indent is None:
        return _COMPACT.encode(data)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What PROV-JSON cannot hold of this lineage. Every field maps; only versions
    and agents sharing an id (rule PV101) cannot be told apart in the relations naming them.

    >>> from provenance import examples
    >>> losses(examples.get("shafaqna"))
    ()
    """
    return shared_id_losses(
        lineage, "prov-json", "cannot tell apart the publishers, authors and dates of"
    )


# -- reading ----------------------------------------------------------------------------------

Path = tuple[str | int, ...]

# Sections whose records the writer derives from what the reader reads elsewhere (a
# qualified wasDerivedFrom repeats its activity), or that the reader reads in full.
_SECTIONS_READ = frozenset(
    {
        "prefix",
        "entity",
        "activity",
        "agent",
        "wasGeneratedBy",
        "used",
        "wasDerivedFrom",
        "wasAttributedTo",
        "wasAssociatedWith",
        "wasInformedBy",
    }
)
_SECTIONS = _SECTIONS_READ | frozenset(
    {
        "wasStartedBy",
        "wasEndedBy",
        "wasInvalidatedBy",
        "actedOnBehalfOf",
        "wasInfluencedBy",
        "specializationOf",
        "alternateOf",
        "hadMember",
        "mentionOf",
        "bundle",
    }
)
_PREDEFINED = {"prov": PROV_NS, "xsd": XSD_NS}
_QNAME_TYPES = frozenset({PROV_NS + "QUALIFIED_NAME", XSD_NS + "QName"})
_AGENT_TYPES = {
    PROV_NS + "Organization": AgentType.ORGANIZATION,
    PROV_NS + "Person": AgentType.PERSON,
    PROV_NS + "SoftwareAgent": AgentType.SOFTWARE,
}
_OURS = PROVENANCE_NS
# What the reader reads of each kind of record; anything else in a record it reads, and any
# record it does not read, is named in a LossWarning (never dropped without a word).
_READ = {
    "Lineage": frozenset(("prov:type", "provenance:subject", "provenance:extensions")),
    "Version": frozenset(
        (
            "prov:type",
            "dcterms:language",
            "dcterms:title",
            "schema:url",
            "dcterms:issued",
            "prov:generatedAtTime",
            "provenance:publishedAs",
            "provenance:calendar",
            "provenance:medium",
            "provenance:digest",
        )
    ),
    "agent": frozenset(
        ("prov:type", "prov:label", "schema:url", "schema:softwareVersion", "dcterms:language")
    ),
    "activity": frozenset(
        (
            "prov:type",
            "provenance:kind",
            "provenance:method",
            "provenance:note",
            "prov:startTime",
            "prov:endTime",
            "dcterms:date",
        )
    ),
}
_MAX_NAMED = 5  # losses of one kind named in a warning; the rest are counted
_FOREIGN_HINT = (
    "this reader reads the PROV-JSON that provenance writes (provenance convert --to prov-json)"
)


class _Item:
    """One record of the document: its id, body and where it is."""

    __slots__ = ("body", "id", "path")

    def __init__(self, record_id: str, body: dict[str, Any], path: Path) -> None:
        self.id, self.body, self.path = record_id, body, path


class _Reader:
    def __init__(self, data: Any) -> None:
        self.problems: list[Problem] = []
        self.said: set[tuple[Path, str]] = set()
        self.data = data
        self.prefixes: dict[str, str] = dict(_PREDEFINED)
        self.base = ""
        self.lost: dict[str, list[str]] = {}  # what was not read, by kind of thing

    def lose(self, what: str, name: str) -> None:
        self.lost.setdefault(what, []).append(name)

    def unread(self, item: _Item, kind: str) -> None:
        """Name each attribute of a record the reader does not read."""
        read = _READ[kind]
        for key in item.body:
            if key not in read:
                self.lose(f"attributes of {kind} records", f"{key} of {item.id}")

    def losses(self) -> str | None:
        """One sentence naming everything not read, or None."""
        if not self.lost:
            return None
        parts = []
        for what, names in self.lost.items():
            shown = ", ".join(repr(n) for n in names[:_MAX_NAMED])
            more = f" and {len(names) - _MAX_NAMED} more" if len(names) > _MAX_NAMED else ""
            parts.append(f"{what} ({shown}{more})")
        return "the prov-json reader drops " + "; ".join(parts)

    def problem(self, path: Path, message: str) -> None:
        if (path, message) not in self.said:  # a value read twice is one problem, said once
            self.said.add((path, message))
            self.problems.append(Problem(path, message))

    # -- names and values ---------------------------------------------------------------------

    def expand(self, name: Any, path: Path) -> str | None:
        """The IRI a qualified name stands for, or None (with a problem) if it has none."""
        if not isinstance(name, str):
            self.problem(path, f"expected a qualified name (prefix:local), got {json_type(name)}")
            return None
        prefix, sep, local = name.partition(":")
        if not sep:
            if "default" in self.prefixes:  # PROV-JSON's default namespace
                return self.prefixes["default"] + name
            self.problem(
                path,
                f"{name!r} is not a qualified name (prefix:local), and the document declares "
                "no 'default' namespace",
            )
            return None
        namespace = self.prefixes.get(prefix)
        if namespace is None:
            known = ", ".join(sorted(self.prefixes))
            self.problem(path, f"unknown prefix {prefix!r} in {name!r}; declared: {known}")
            return None
        return namespace + local

    def identifier(self, name: Any, path: Path) -> str | None:
        """A lineage id back from its qualified name (``lineage:en-article`` → ``en-article``)."""
        iri = self.expand(name, path)
        if iri is None:
            return None
        local = iri[len(self.base) :]
        if not iri.startswith(self.base) or "/" in local:
            self.problem(
                path,
                f"{name!r} is not an id of this lineage: ids are in the namespace {self.base!r}",
            )
            return None
        try:
            return unquote_to_bytes(local).decode("utf-8")
        except UnicodeDecodeError as error:
            self.problem(
                path,
                f"{name!r} does not decode to text: its percent-escapes give byte "
                f"0x{error.object[error.start]:02x}, which is not UTF-8 there; a lineage id is "
                "percent-encoded UTF-8 (lineage:caf%C3%A9 for café)",
            )
            return None

    def values(self, body: dict[str, Any], key: str, path: Path) -> list[tuple[str, str | None]]:
        """An attribute's values as (text, datatype IRI) pairs; JSON lists hold several."""
        raw = body.get(key)
        if raw is None:
            if key in body:
                self.problem((*path, key), f"{key!r} must have a value, not null")
            return []
        found: list[tuple[str, str | None]] = []
        for index, item in enumerate(raw if isinstance(raw, list) else [raw]):
            where = (*path, key, index) if isinstance(raw, list) else (*path, key)
            if isinstance(item, str):
                found.append((item, None))
            elif isinstance(item, dict) and isinstance(item.get("$"), str):
                datatype = item.get("type")
                if datatype is None:
                    found.append((item["$"], None))
                else:
                    iri = self.expand(datatype, (*where, "type"))
                    if iri is not None:
                        found.append((item["$"], iri))
            else:
                self.problem(
                    where,
                    f"expected a string or a typed value {{'$': ..., 'type': ...}}, "
                    f"got {json_type(item)}",
                )
        return found

    def text(self, body: dict[str, Any], key: str, path: Path) -> str | None:
        found = self.values(body, key, path)
        if len(found) > 1:
            self.problem((*path, key), f"{key!r} has {len(found)} values; expected one")
        return found[0][0] if found else None

    def names(self, body: dict[str, Any], key: str, path: Path) -> list[str]:
        """The IRIs of an attribute's qualified-name values (``prov:type``, ``prov:role``)."""
        found: list[str] = []
        for text, datatype in self.values(body, key, path):
            if datatype in _QNAME_TYPES:
                iri = self.expand(text, (*path, key))
                if iri is not None:
                    found.append(iri)
        return found

    def term(
        self, body: dict[str, Any], key: str, path: Path, enum: Any, *, required: bool = False
    ) -> Any:
        """One of our terms (``provenance:translation``) as the enum member it names."""
        choices = ", ".join(f"provenance:{m.value}" for m in enum)
        found = self.values(body, key, path)
        if not found:
            if required:
                self.problem((*path, key), f"missing {key!r}: expected one of {choices}")
            return None
        text, datatype = found[0]
        if datatype not in _QNAME_TYPES:  # a string is no term: never dropped without a word
            self.problem(
                (*path, key),
                f"{text!r} is a string, not a qualified name: expected one of {choices}, "
                "written {'$': 'provenance:…', 'type': 'prov:QUALIFIED_NAME'}",
            )
            return None
        iri = self.expand(text, (*path, key))
        if iri is None:
            return None
        if iri.startswith(_OURS):
            try:
                return enum(iri[len(_OURS) :])
            except ValueError:
                pass
        self.problem((*path, key), f"{text!r} is not one of {choices}")
        return None

    def date(self, body: dict[str, Any], key: str, path: Path) -> IsoDate | None:
        text = self.text(body, key, path)
        if text is None:
            return None
        try:
            return parse_iso(text)
        except ValueError as error:
            self.problem((*path, key), str(error))
            return None

    def ref(self, body: dict[str, Any], key: str, path: Path) -> str | None:
        """A positional argument: a qualified name given as plain text."""
        value = body.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem((*path, key), f"expected a qualified name, got {json_type(value)}")
            return None
        return value

    # -- structure ----------------------------------------------------------------------------

    def section(self, name: str) -> Iterator[_Item]:
        content = self.data.get(name)
        if content is None:
            return
        if not isinstance(content, dict):
            self.problem((name,), f"expected an object of records by id, got {json_type(content)}")
            return
        for record_id, body in content.items():
            if isinstance(body, dict):
                yield _Item(record_id, body, (name, record_id))
            elif isinstance(body, list):  # several records sharing one id
                for index, item in enumerate(body):
                    if isinstance(item, dict):
                        yield _Item(record_id, item, (name, record_id, index))
                    else:
                        self.problem(
                            (name, record_id, index),
                            f"expected a record (a JSON object), got {json_type(item)}",
                        )
            else:
                self.problem(
                    (name, record_id), f"expected a record (a JSON object), got {json_type(body)}"
                )

    def read_prefixes(self) -> None:
        declared = self.data.get("prefix", {})
        if not isinstance(declared, dict):
            self.problem(("prefix",), f"expected an object of prefixes, got {json_type(declared)}")
            return
        for name, iri in declared.items():
            if isinstance(iri, str):
                self.prefixes[name] = iri
            else:
                self.problem(("prefix", name), f"expected a namespace IRI, got {json_type(iri)}")

    def lineage(self) -> Lineage | None:
        data = self.data
        if not isinstance(data, dict):
            self.problem(
                (), f"expected a PROV-JSON document (a JSON object), got {json_type(data)}"
            )
            return None
        for key in data:
            if key not in _SECTIONS:
                self.problem((key,), f"unknown key {key!r}: not a PROV-JSON section")
        for key in data:
            if key in _SECTIONS and key not in _SECTIONS_READ:
                content = data[key]
                names = list(content) if isinstance(content, dict) else [key]
                what = "bundles" if key == "bundle" else f"{key} records"
                for name in names:
                    self.lose(what, name)
        self.read_prefixes()
        if self.problems:
            return None

        top = [
            item
            for item in self.section("entity")
            if _OURS + "Lineage" in self.names(item.body, "prov:type", item.path)
        ]
        if len(top) != 1:
            self.problem(
                ("entity",),
                "no entity has prov:type provenance:Lineage, which names the subject; "
                + _FOREIGN_HINT
                if not top
                else f"{len(top)} entities have prov:type provenance:Lineage; expected one",
            )
            return None
        node = top[0]
        iri = self.expand(node.id, node.path)
        if iri is None or not iri.endswith("lineage/"):
            self.problem(node.path, "the provenance:Lineage entity's id must end in 'lineage/'")
            return None
        self.base = iri[: -len("lineage/")]
        subject_names = [t for t, dt in self.values(node.body, "provenance:subject", node.path)]
        subject = None
        if len(subject_names) != 1:
            self.problem((*node.path, "provenance:subject"), "expected the subject's id, once")
        else:
            subject = self.identifier(subject_names[0], (*node.path, "provenance:subject"))
        extensions: dict[str, Any] = {}
        ext_text = self.text(node.body, "provenance:extensions", node.path)
        if ext_text is not None:
            where = (*node.path, "provenance:extensions")
            try:
                loaded = read_json(
                    ext_text,
                    source=None,
                    what="the lineage's extensions as JSON text",
                    duplicate_hint="the extensions hold one value per key",
                    level=2,
                )
            except ParseError as error:
                for problem in error.problems:
                    self.problem(
                        (*where, *problem.path),
                        f"in the extensions' JSON text: {problem.message}"
                        + (f" (at {problem.location})" if problem.line is not None else ""),
                    )
            else:
                if isinstance(loaded, dict):
                    extensions = loaded
                else:
                    self.problem(
                        (*node.path, "provenance:extensions"), "expected a JSON object as text"
                    )

        self.unread(node, "Lineage")
        attributed = self.attributions()
        generated_at, generator = self.generations()
        versions = []
        for item in self.section("entity"):
            types = self.names(item.body, "prov:type", item.path)
            if _OURS + "Version" in types:
                self.unread(item, "Version")
                versions.append(self.version(item, attributed, generated_at))
            elif _OURS + "Lineage" not in types:
                self.lose("entities that are not versions", item.id)
        agents = [self.agent(item) for item in self.section("agent")]
        derivations = self.derivations(generator)
        if self.problems or subject is None:
            return None
        return Lineage(
            subject=subject,
            versions=tuple(v for v in versions if v is not None),
            agents=tuple(a for a in agents if a is not None),
            derivations=derivations,
            extensions=extensions,
        )

    def attributions(self) -> dict[str, tuple[str | None, list[str]]]:
        """Entity id → (publisher id, author ids), from wasAttributedTo in document order."""
        found: dict[str, tuple[str | None, list[str]]] = {}
        for item in self.section("wasAttributedTo"):
            entity = self.identifier(
                self.ref(item.body, "prov:entity", item.path), (*item.path, "prov:entity")
            )
            agent = self.identifier(
                self.ref(item.body, "prov:agent", item.path), (*item.path, "prov:agent")
            )
            types = self.names(item.body, "prov:type", item.path)
            if entity is None or agent is None:
                continue
            publisher, authors = found.get(entity, (None, []))
            if _OURS + "Publishing" in types:
                if publisher is not None:
                    self.problem(item.path, f"{entity!r} has a second publisher; a version has one")
                publisher = agent
            elif _OURS + "Authorship" in types:
                authors.append(agent)
            else:
                self.problem(
                    (*item.path, "prov:type"),
                    "expected prov:type provenance:Publishing or provenance:Authorship",
                )
            found[entity] = (publisher, authors)
        return found

    def generations(self) -> tuple[dict[str, IsoDate], dict[str, str]]:
        """Entity id → its generation time; activity name → the entity it generated."""
        times: dict[str, IsoDate] = {}
        generator: dict[str, str] = {}
        for item in self.section("wasGeneratedBy"):
            entity = self.ref(item.body, "prov:entity", item.path)
            activity = self.ref(item.body, "prov:activity", item.path)
            if entity is None:
                self.problem((*item.path, "prov:entity"), "missing 'prov:entity'")
                continue
            if activity is not None:
                generator.setdefault(activity, entity)
            when = self.date(item.body, "prov:time", item.path)
            if when is not None:
                ident = self.identifier(entity, (*item.path, "prov:entity"))
                if ident is not None:
                    times.setdefault(ident, when)
        return times, generator

    def version(
        self,
        item: _Item,
        attributed: dict[str, tuple[str | None, list[str]]],
        generated_at: dict[str, IsoDate],
    ) -> Version | None:
        body, path = item.body, item.path
        version_id = self.identifier(item.id, path)
        language = self.text(body, "dcterms:language", path)
        if language is None:
            self.problem((*path, "dcterms:language"), "missing 'dcterms:language' (a BCP 47 tag)")
        title = self.text(body, "dcterms:title", path)
        url = self.text(body, "schema:url", path)
        published = self.date(body, "dcterms:issued", path)
        if published is None:  # where prov's RDF decoder puts a generation's time
            published = self.date(body, "prov:generatedAtTime", path)
        printed = self.text(body, "provenance:publishedAs", path)
        calendar = self.text(body, "provenance:calendar", path)
        medium = self.text(body, "provenance:medium", path)
        digest = self.text(body, "provenance:digest", path)
        if version_id is None or language is None:
            return None
        publisher, authors = attributed.get(version_id, (None, []))
        return Version(
            id=version_id,
            language=language,
            publisher=publisher,
            authors=tuple(authors),
            title=title,
            url=url,
            published=published if published is not None else generated_at.get(version_id),
            published_as=PublishedAs(printed, calendar) if printed is not None else None,
            medium=medium,
            digest=digest,
        )

    def agent(self, item: _Item) -> Agent | None:
        body, path = item.body, item.path
        self.unread(item, "agent")
        agent_id = self.identifier(item.id, path)
        types = [_AGENT_TYPES[t] for t in self.names(body, "prov:type", path) if t in _AGENT_TYPES]
        if len(types) != 1:
            self.problem(
                (*path, "prov:type"),
                "expected one prov:type of prov:Organization, prov:Person, prov:SoftwareAgent",
            )
        name = self.text(body, "prov:label", path)
        if name is None:
            self.problem((*path, "prov:label"), "missing 'prov:label' (the agent's name)")
        url = self.text(body, "schema:url", path)
        version = self.text(body, "schema:softwareVersion", path)
        language = self.text(body, "dcterms:language", path)
        if agent_id is None or len(types) != 1 or name is None:
            return None
        return Agent(
            id=agent_id, type=types[0], name=name, url=url, version=version, language=language
        )

    def derivations(self, generator: dict[str, str]) -> tuple[Derivation, ...]:
        activities = list(self.section("activity"))
        post_editing = {
            item.id
            for item in activities
            if _OURS + "PostEditing" in self.names(item.body, "prov:type", item.path)
        }
        followed_by: dict[str, str] = {}
        for item in self.section("wasInformedBy"):
            informed = self.ref(item.body, "prov:informed", item.path)
            informant = self.ref(item.body, "prov:informant", item.path)
            if informed in post_editing and informant is not None:
                followed_by[informant] = informed
            elif informed is not None and informant is not None:
                self.lose("wasInformedBy records that are no post-editing", item.id)
        used: dict[str, list[str]] = {}
        for item in self.section("used"):
            activity = self.ref(item.body, "prov:activity", item.path)
            entity = self.identifier(
                self.ref(item.body, "prov:entity", item.path), (*item.path, "prov:entity")
            )
            if activity is not None and entity is not None:
                used.setdefault(activity, []).append(entity)
        credits: dict[str, list[tuple[int, AgentRole]]] = {}
        for number, item in enumerate(self.section("wasAssociatedWith")):
            activity = self.ref(item.body, "prov:activity", item.path)
            agent = self.identifier(
                self.ref(item.body, "prov:agent", item.path), (*item.path, "prov:agent")
            )
            role = self.term(item.body, "prov:role", item.path, Role, required=True)
            if activity is not None and agent is not None and role is not None:
                credits.setdefault(activity, []).append((number, AgentRole(agent, role)))
        by_name = {item.id: item for item in activities}
        found: list[Derivation] = []
        for item in activities:
            if item.id in post_editing:
                self.unread(item, "activity")
                continue
            if "provenance:kind" not in item.body:
                self.lose("activities with no provenance:kind", item.id)
                continue
            self.unread(item, "activity")
            kind = self.term(item.body, "provenance:kind", item.path, Kind, required=True)
            method = self.term(item.body, "provenance:method", item.path, Method)
            note = self.text(item.body, "provenance:note", item.path)
            final = followed_by.get(item.id, item.id)
            date = None
            for step in dict.fromkeys((item.id, final)):
                record = by_name.get(step)
                if record is not None and date is None:
                    date = self.date(record.body, "prov:endTime", record.path) or self.date(
                        record.body, "dcterms:date", record.path
                    )
            made = generator.get(final)
            if made is None:
                self.problem(
                    item.path,
                    f"activity {item.id!r} generated nothing: a derivation needs a "
                    "wasGeneratedBy naming its target",
                )
                continue
            target = self.identifier(made, item.path)
            agents = credits.get(item.id, [])
            if final != item.id:  # both activities' agents, back in document order
                agents = sorted(agents + credits.get(final, []), key=lambda pair: pair[0])
            if kind is None or target is None:
                continue
            found.append(
                Derivation(
                    target=target,
                    sources=tuple(used.get(item.id, ())),
                    kind=kind,
                    method=method,
                    agents=tuple(credit for _, credit in agents),
                    date=date,
                    note=note,
                )
            )
        return tuple(found)


def from_dict(
    data: Mapping[str, Any] | Any,
    *,
    source: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """A lineage from PROV-JSON data that :func:`to_dict` wrote, or one ParseError listing
    every problem (with its path in the PROV-JSON document). A derivation with more than
    ``max_sources`` sources (1,000 by default; ``None`` for no limit) is refused, named by
    its target.

    >>> from_dict({"entity": {}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: $.entity: no entity has prov:type provenance:Lineage, ...
    """
    limit = check_sources_limit(max_sources)
    refuse_wide_steps(_raw_steps(data), limit, source=source)  # before reading it all
    reader = _Reader(data)
    lineage = reader.lineage()
    if lineage is None or reader.problems:
        raise ParseError(reader.problems, source=source)
    steps = (((), step.target, len(step.sources)) for step in lineage.derivations)
    refuse_wide_steps(steps, limit, source=source)
    lost = reader.losses()
    if lost is not None:
        warnings.warn(LossWarning(lost), stacklevel=2)
    return lineage


def _raw_steps(data: Any) -> Iterator[tuple[tuple[str | int, ...], object, int]]:
    """Each derivation's count of sources off the raw data: the ``wasDerivedFrom`` records
    of one activity and generated entity (the reader checks the lineage it builds again)."""
    section = data.get("wasDerivedFrom") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return
    counts: dict[tuple[str, str], int] = {}
    for record in section.values():
        if isinstance(record, dict):
            generated, activity = record.get("prov:generatedEntity"), record.get("prov:activity")
            if isinstance(generated, str) and isinstance(activity, str):
                counts[generated, activity] = counts.get((generated, activity), 0) + 1
    for (generated, _), count in counts.items():
        yield ("wasDerivedFrom",), generated, count


def loads(
    text: str | bytes | bytearray,
    *,
    source: str | None = None,
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> Lineage:
    """A lineage from PROV-JSON text (or UTF-8 bytes) that :func:`dumps` wrote;
    ``max_sources`` as in :func:`from_dict`.

    Broken JSON is reported with its line and column; a duplicated key (which JSON would
    silently resolve to the last) is reported by name.

    >>> loads('{"entity": ')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ParseError: line 1, column 12: broken JSON: Expecting value
    """
    check_sources_limit(max_sources)
    data = read_json(text, source=source)
    return from_dict(data, source=source, max_sources=max_sources)
