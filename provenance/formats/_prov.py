"""The W3C PROV mapping shared by the ``prov-json``, ``prov-n`` and ``prov-o`` exports.

One function, :func:`records`, turns a lineage into PROV-DM records (elements and relations with
identifiers, positional arguments and attributes); each format module only writes them in its
own syntax. So the three exports say the same thing, and the mapping lives in one place.

The mapping (see ``docs/formats/prov-json.md`` for the table and the reasons):

- the lineage itself: an entity ``<base>lineage/`` typed ``provenance:Lineage``, naming the
  subject and holding the extensions as canonical JSON text;
- a version: an entity typed ``provenance:Version`` with ``dcterms:language``, ``dcterms:title``,
  ``schema:url``, ``provenance:medium``, ``provenance:digest``; its date as the generation time
  when it is an instant (a datetime with an offset), else as a typed ``dcterms:issued``
  (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``, or ``xsd:dateTime`` without an offset), so
  the precision is kept;
- an agent: ``prov:Organization``, ``prov:Person`` or ``prov:SoftwareAgent`` with ``prov:label``;
- publisher and authors: ``wasAttributedTo``, typed ``provenance:Publishing`` or
  ``provenance:Authorship``;
- a derivation: an activity (``provenance:kind``, ``provenance:method``) that ``used`` each
  source and generated the target, associated with each credited agent in its role; one
  ``wasDerivedFrom`` per source typed with the kind (plus ``prov:PrimarySource`` for reporting,
  ``prov:Quotation`` for quotation, ``prov:Revision`` for revision: never for a translation); a
  post-edited translation is a machine translation activity then a ``provenance:PostEditing``
  activity informed by it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import NamedTuple
from urllib.parse import quote

from provenance._arguments import expect_lineage
from provenance.dates import IsoDate, Precision
from provenance.errors import BaseIRIError
from provenance.formats.native import fingerprint
from provenance.model import Agent, AgentType, Derivation, Kind, Lineage, Method, Role, Version

__all__ = [
    "ARGS",
    "ID_PREFIX",
    "NAMESPACES",
    "PROVENANCE_NS",
    "QNAME",
    "SECTIONS",
    "BaseIRIError",
    "Record",
    "Value",
    "check_base",
    "encode_id",
    "extensions_text",
    "instant",
    "iter_records",
    "lineage_base",
    "prov_json_text",
    "records",
    "shared_id_losses",
    "shared_ids",
    "typed_date",
]

PROVENANCE_NS = "https://provenance.readthedocs.io/ns#"
"""Our vocabulary: kinds, methods, roles, and the terms PROV and Dublin Core have no word for."""

ID_PREFIX = "urn:provenance:"
"""The start of every id the exports mint unless the caller gives a ``base=``: the default
namespace of a lineage is this, 16 hex digits of its fingerprint and a colon
(:func:`lineage_base`)."""

PROV_NS = "http://www.w3.org/ns/prov#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

NAMESPACES = {
    "provenance": PROVENANCE_NS,
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}
"""The prefixes every export declares besides ``lineage`` (ids) and the predefined prov, xsd."""

QNAME = "prov:QUALIFIED_NAME"
"""The datatype of a value that is a qualified name rather than text (PROV-JSON's spelling)."""

ARGS: dict[str, tuple[str, ...]] = {
    "entity": (),
    "agent": (),
    "activity": ("prov:startTime", "prov:endTime"),
    "wasGeneratedBy": ("prov:entity", "prov:activity", "prov:time"),
    "used": ("prov:activity", "prov:entity", "prov:time"),
    "wasDerivedFrom": (
        "prov:generatedEntity",
        "prov:usedEntity",
        "prov:activity",
        "prov:generation",
        "prov:usage",
    ),
    "wasAssociatedWith": ("prov:activity", "prov:agent", "prov:plan"),
    "wasAttributedTo": ("prov:entity", "prov:agent"),
    "wasInformedBy": ("prov:informed", "prov:informant"),
}
"""Each record kind's positional arguments, in PROV-N order, by their PROV-JSON keys."""


class Value(NamedTuple):
    """An attribute value: text, with a datatype (``xsd:date``, :data:`QNAME`) or a language."""

    text: str
    datatype: str | None = None
    lang: str | None = None


class Record(NamedTuple):
    """One PROV-DM record: its kind (a PROV-JSON section name), id, arguments, attributes.

    Arguments are qualified names (``lineage:en-article``) or, for the time slots, ISO 8601
    instants; ``None`` is PROV-N's ``-``.
    """

    kind: str
    id: str
    args: tuple[str | None, ...]
    attributes: tuple[tuple[str, Value], ...]


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def check_base(base: str) -> str:
    """Check that ``base`` can prefix ids in every PROV syntax; return it unchanged.

    >>> check_base("https://example.org/articles/42/")
    'https://example.org/articles/42/'
    >>> check_base("my base")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.BaseIRIError: base IRI 'my base': ...
    """
    if not _SCHEME.match(base):
        raise BaseIRIError(
            f"base IRI {base!r}: must be an absolute IRI with a scheme, such as "
            f"'urn:example:42:' or 'https://example.org/articles/42/'"
        )
    bad = _IRI_UNSAFE.search(base)
    if bad is not None:
        raise BaseIRIError(
            f"base IRI {base!r}: {bad.group()!r} at position {bad.start()} is not allowed in "
            "an IRI; percent-encode it (a space is %20)"
        )
    return base


def lineage_base(lineage: Lineage, base: str | None = None) -> str:
    """The namespace of a lineage's ids: ``base`` checked (:func:`check_base`), else the
    default, ``urn:provenance:<16 hex digits of the fingerprint>:``.

    The default is unique per lineage, so exports of different lineages merged in one graph
    never share a node, and deterministic, so equal lineages give equal bytes. It costs one
    canonical dump (the fingerprint): an export calls this once.

    >>> from provenance import examples
    >>> lineage_base(examples.get("shafaqna"))  # doctest: +ELLIPSIS
    'urn:provenance:...:'
    >>> len(lineage_base(examples.get("shafaqna"))) == len("urn:provenance:") + 17
    True
    >>> lineage_base(examples.get("shafaqna"), "https://example.org/articles/42/")
    'https://example.org/articles/42/'
    """
    if base is not None:
        return check_base(base)
    return f"{ID_PREFIX}{fingerprint(lineage)[len('sha256:') : len('sha256:') + 16]}:"


# An id made only of characters that need no encoding, neither starting with ``-`` or ``.`` nor
# ending with ``.``: most ids are, and they are themselves (no cache to miss on a large lineage).
_PLAIN_ID = re.compile(r"[A-Za-z0-9_~](?:[A-Za-z0-9_.~-]*[A-Za-z0-9_~-])?")


def encode_id(identifier: str) -> str:
    """The IRI-safe local name of an id: percent-encoded UTF-8 except ``A-Z a-z 0-9 - . _ ~``.

    A leading ``-`` or ``.`` and a trailing ``.`` are encoded too, because PROV-N and Turtle
    local names cannot start or end with them. No encoded id holds a ``/``, so the names made
    here for activities and relations (``en-article/translation``) never meet an id.

    >>> encode_id("en-article"), encode_id("a b/\\"c\\""), encode_id("مقاله"), encode_id("-x.")
    ('en-article', 'a%20b%2F%22c%22', '%D9%85%D9%82%D8%A7%D9%84%D9%87', '%2Dx%2E')
    """
    if _PLAIN_ID.fullmatch(identifier):
        return identifier
    return _encode_id(identifier)


@functools.lru_cache(maxsize=65536)
def _encode_id(identifier: str) -> str:
    text = quote(identifier, safe="", errors="surrogatepass")
    if text[:1] in ("-", "."):
        text = f"%{ord(text[0]):02X}{text[1:]}"
    if text.endswith("."):
        text = text[:-1] + "%2E"
    return text


def shared_id_losses(lineage: Lineage, name: str, consequence: str) -> tuple[str, ...]:
    """The loss each id held by several versions or agents causes in format ``name``."""
    expect_lineage(lineage, f"{name} dumps")
    return tuple(
        f"{name} {consequence} the versions and agents that share the id {shared!r} "
        "(rule PV101); give each its own id"
        for shared in shared_ids(lineage)
    )


def shared_ids(lineage: Lineage) -> tuple[str, ...]:
    """Ids held by more than one version or agent (rule PV101), in document order."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    items: tuple[Version | Agent, ...] = (*lineage.versions, *lineage.agents)
    for item in items:
        if item.id in seen:
            repeated[item.id] = None
        seen.add(item.id)
    return tuple(repeated)


# -- the mapping ------------------------------------------------------------------------------

_LINEAGE_NODE = "lineage/"

_AGENT_TYPES = {
    AgentType.ORGANIZATION: Value("prov:Organization", QNAME),
    AgentType.PERSON: Value("prov:Person", QNAME),
    AgentType.SOFTWARE: Value("prov:SoftwareAgent", QNAME),
}
_KINDS = {kind: Value(f"provenance:{kind.value}", QNAME) for kind in Kind}
_METHODS = {method: Value(f"provenance:{method.value}", QNAME) for method in Method}
_ROLES = {role: Value(f"provenance:{role.value}", QNAME) for role in Role}
# PROV-DM's own subtypes of derivation. A translation is none of them: it is not a revision.
_PROV_SUBTYPES = {
    Kind.REPORTING: Value("prov:PrimarySource", QNAME),
    Kind.QUOTATION: Value("prov:Quotation", QNAME),
    Kind.REVISION: Value("prov:Revision", QNAME),
}
_DATE_TYPES = {
    Precision.YEAR: "xsd:gYear",
    Precision.MONTH: "xsd:gYearMonth",
    Precision.DAY: "xsd:date",
    Precision.MINUTE: "xsd:dateTime",
}
_TYPE = "prov:type"
_LINEAGE = Value("provenance:Lineage", QNAME)
_VERSION = Value("provenance:Version", QNAME)
_PUBLISHING = Value("provenance:Publishing", QNAME)
_AUTHORSHIP = Value("provenance:Authorship", QNAME)
_POST_EDITING = Value("provenance:PostEditing", QNAME)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")


def instant(date: IsoDate | None) -> str | None:
    """The ISO 8601 text of a date that is an instant (a datetime with an offset), else None."""
    if date is None or date.time is None or date.offset is None:
        return None
    return str(date)


def typed_date(date: IsoDate) -> Value:
    """A date as a typed literal that keeps its precision (``"2021-06"^^xsd:gYearMonth``)."""
    return Value(str(date), _DATE_TYPES[date.precision])


def records(lineage: Lineage) -> list[Record]:
    """The lineage as PROV-DM records, in the order the exports write them.

    Ids are qualified names in the ``lineage`` namespace; each export declares it with the base
    IRI it was given.

    >>> from provenance import examples
    >>> found = records(examples.get("shafaqna"))
    >>> [r.id for r in found if r.kind == "activity"]
    ['lineage:fa-article/reporting', 'lineage:en-article/translation']
    """
    return list(iter_records(lineage))


def iter_records(lineage: Lineage) -> Iterator[Record]:
    """:func:`records` one at a time: a writer that turns each into text at once holds no
    more than a few (a wide fan-in has hundreds of thousands, and so many live objects
    slow every collection of Python's garbage collector)."""
    subject = "lineage:" + encode_id(lineage.subject)
    top: list[tuple[str, Value]] = [
        (_TYPE, _LINEAGE),
        ("provenance:subject", Value(subject, QNAME)),
    ]
    if lineage.extensions:
        top.append(("provenance:extensions", Value(extensions_text(lineage))))
    yield Record("entity", "lineage:" + _LINEAGE_NODE, (), tuple(top))

    targets = {d.target for d in lineage.derivations}
    relations: list[Record] = []
    for version in lineage.versions:
        vid = "lineage:" + encode_id(version.id)
        attributes: list[tuple[str, Value]] = [
            (_TYPE, _VERSION),
            ("dcterms:language", Value(version.language)),
        ]
        if version.title is not None:
            lang = version.language if _LANGUAGE_TAG.match(version.language) else None
            attributes.append(("dcterms:title", Value(version.title, None, lang)))
        if version.url is not None:
            attributes.append(("schema:url", Value(version.url, "xsd:anyURI")))
        when = instant(version.published)
        if version.published is not None and when is None:
            attributes.append(("dcterms:issued", typed_date(version.published)))
        if version.published_as is not None:
            attributes.append(("provenance:publishedAs", Value(version.published_as.text)))
            if version.published_as.calendar is not None:
                attributes.append(("provenance:calendar", Value(version.published_as.calendar)))
        if version.medium is not None:
            attributes.append(("provenance:medium", Value(version.medium)))
        if version.digest is not None:
            attributes.append(("provenance:digest", Value(version.digest)))
        yield Record("entity", vid, (), tuple(attributes))
        if when is not None and version.id not in targets:
            relations.append(Record("wasGeneratedBy", vid + "/generated", (vid, None, when), ()))
        if version.publisher is not None:
            relations.append(
                Record(
                    "wasAttributedTo",
                    vid + "/publisher",
                    (vid, "lineage:" + encode_id(version.publisher)),
                    ((_TYPE, _PUBLISHING),),
                )
            )
        for index, author in enumerate(version.authors):
            relations.append(
                Record(
                    "wasAttributedTo",
                    f"{vid}/author-{index}",
                    (vid, "lineage:" + encode_id(author)),
                    ((_TYPE, _AUTHORSHIP),),
                )
            )

    for agent in lineage.agents:
        attributes = [(_TYPE, _AGENT_TYPES[agent.type]), ("prov:label", Value(agent.name))]
        if agent.url is not None:
            attributes.append(("schema:url", Value(agent.url, "xsd:anyURI")))
        if agent.version is not None:
            attributes.append(("schema:softwareVersion", Value(agent.version)))
        if agent.language is not None:
            attributes.append(("dcterms:language", Value(agent.language)))
        yield Record("agent", "lineage:" + encode_id(agent.id), (), tuple(attributes))

    yield from relations
    published = {v.id: v.published for v in lineage.versions}
    seen: dict[str, int] = {}
    for derivation in lineage.derivations:
        yield from _derivation(derivation, published.get(derivation.target), seen)


def _derivation(
    derivation: Derivation, published: IsoDate | None, seen: dict[str, int]
) -> Iterator[Record]:
    target = "lineage:" + encode_id(derivation.target)
    kind = derivation.kind
    name = f"{target}/{kind.value}"
    count = seen.get(name, 0) + 1
    seen[name] = count
    if count > 1:  # another derivation of the same target and kind
        name = f"{name}-{count}"
    post_edited = derivation.method is Method.POST_EDITED
    final = name + "/post-editing" if post_edited else name
    ended = instant(derivation.date)

    attributes: list[tuple[str, Value]] = [("provenance:kind", _KINDS[kind])]
    if derivation.method is not None:
        attributes.append(("provenance:method", _METHODS[derivation.method]))
    if derivation.note is not None:
        attributes.append(("provenance:note", Value(derivation.note)))
    dated: list[tuple[str, Value]] = []
    if derivation.date is not None and ended is None:
        dated.append(("dcterms:date", typed_date(derivation.date)))
    if post_edited:
        yield Record("activity", name, (None, None), tuple(attributes))
        yield Record("activity", final, (None, ended), ((_TYPE, _POST_EDITING), *dated))
    else:
        yield Record("activity", name, (None, ended), (*attributes, *dated))

    generation = final + "/generated"
    yield Record("wasGeneratedBy", generation, (target, final, instant(published)), ())
    derived: list[tuple[str, Value]] = [(_TYPE, _KINDS[kind])]
    subtype = _PROV_SUBTYPES.get(kind)
    if subtype is not None:
        derived.append((_TYPE, subtype))
    if derivation.method is not None:
        derived.append(("provenance:method", _METHODS[derivation.method]))
    derived_attributes = tuple(derived)
    for index, source in enumerate(derivation.sources):
        used = "lineage:" + encode_id(source)
        usage = f"{name}/used-{index}"
        yield Record("used", usage, (name, used, None), ())
        yield Record(
            "wasDerivedFrom",
            f"{name}/from-{index}",
            # With post-editing the target comes from the second activity, not from this
            # one, so the derivation names no generation (PROV-DM's g2 is by a).
            (target, used, name, None if post_edited else generation, usage),
            derived_attributes,
        )
    for index, credit in enumerate(derivation.agents):
        # The machine works in the first activity; people revise in the post-editing one.
        activity = name if not post_edited or credit.role is Role.TOOL else final
        yield Record(
            "wasAssociatedWith",
            f"{name}/by-{index}",
            (activity, "lineage:" + encode_id(credit.agent), None),
            (("prov:role", _ROLES[credit.role]),),
        )
    if post_edited:
        yield Record("wasInformedBy", final + "/informed", (final, name), ())


def extensions_text(lineage: Lineage) -> str:
    """The extensions as the canonical JSON text the exports carry."""
    return json.dumps(
        lineage.extensions,
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
        allow_nan=False,
    )


# -- the same mapping, straight to compact PROV-JSON text ------------------------------------
#
# ``records`` above is the reference; PROV-JSON, the format pipelines write by the million, also
# has this direct writer, about three times faster than building records and dicts and encoding
# them (benchmarks/exports.py). tests/test_prov.py checks, for every generated lineage, that it
# writes byte for byte what ``prov_json.to_dict`` and the JSON encoder write. Change both.

SECTIONS = (
    "entity",
    "agent",
    "activity",
    "wasGeneratedBy",
    "used",
    "wasDerivedFrom",
    "wasAssociatedWith",
    "wasAttributedTo",
    "wasInformedBy",
)
"""The order of the PROV-JSON sections after ``prefix``."""

_s: Callable[[str], str] = encode_basestring  # a JSON string, quotes included


def _q(name: str) -> str:
    return f'{{"$":"{name}","type":"{QNAME}"}}'


_J_LINEAGE, _J_VERSION = _q("provenance:Lineage"), _q("provenance:Version")
_J_PUBLISHING, _J_AUTHORSHIP = _q("provenance:Publishing"), _q("provenance:Authorship")
_J_POST_EDITING = _q("provenance:PostEditing")
_J_AGENT_TYPES = {kind: _q(value.text) for kind, value in _AGENT_TYPES.items()}
_J_KINDS = {kind: _q(value.text) for kind, value in _KINDS.items()}
_J_DERIVED = {
    kind: f"[{_J_KINDS[kind]},{_q(_PROV_SUBTYPES[kind].text)}]"
    if kind in _PROV_SUBTYPES
    else _J_KINDS[kind]
    for kind in Kind
}
_J_METHODS = {method: _q(value.text) for method, value in _METHODS.items()}
_J_ROLES = {role: _q(value.text) for role, value in _ROLES.items()}


def _typed(date: IsoDate) -> str:
    return f'{{"$":"{date}","type":"{_DATE_TYPES[date.precision]}"}}'


def prov_json_text(lineage: Lineage, base: str) -> str:
    """Compact PROV-JSON text of a lineage whose versions and agents have their own ids.

    Encoded ids and ISO dates need no JSON escaping; everything else goes through the
    encoder's own string escaping.
    """
    s = _s
    entity: list[str] = []
    agent: list[str] = []
    activity: list[str] = []
    generated: list[str] = []
    used: list[str] = []
    derived: list[str] = []
    associated: list[str] = []
    attributed: list[str] = []
    informed: list[str] = []

    top = (
        f'"lineage:{_LINEAGE_NODE}":{{"prov:type":{_J_LINEAGE},'
        f'"provenance:subject":{_q("lineage:" + encode_id(lineage.subject))}'
    )
    if lineage.extensions:
        top += ',"provenance:extensions":' + s(extensions_text(lineage))
    entity.append(top + "}")

    derivations = lineage.derivations
    targets = {d.target for d in derivations}
    for version in lineage.versions:
        vid = "lineage:" + encode_id(version.id)
        language = version.language
        parts = [f'"{vid}":{{"prov:type":{_J_VERSION},"dcterms:language":{s(language)}']
        if version.title is not None:
            if _LANGUAGE_TAG.match(language):
                parts.append(f',"dcterms:title":{{"$":{s(version.title)},"lang":{s(language)}}}')
            else:
                parts.append(f',"dcterms:title":{s(version.title)}')
        if version.url is not None:
            parts.append(f',"schema:url":{{"$":{s(version.url)},"type":"xsd:anyURI"}}')
        published = version.published
        when = instant(published)
        if published is not None and when is None:
            parts.append(f',"dcterms:issued":{_typed(published)}')
        printed = version.published_as
        if printed is not None:
            parts.append(f',"provenance:publishedAs":{s(printed.text)}')
            if printed.calendar is not None:
                parts.append(f',"provenance:calendar":{s(printed.calendar)}')
        if version.medium is not None:
            parts.append(f',"provenance:medium":{s(version.medium)}')
        if version.digest is not None:
            parts.append(f',"provenance:digest":{s(version.digest)}')
        parts.append("}")
        entity.append("".join(parts))
        if when is not None and version.id not in targets:
            generated.append(f'"{vid}/generated":{{"prov:entity":"{vid}","prov:time":"{when}"}}')
        if version.publisher is not None:
            attributed.append(
                f'"{vid}/publisher":{{"prov:entity":"{vid}",'
                f'"prov:agent":"lineage:{encode_id(version.publisher)}",'
                f'"prov:type":{_J_PUBLISHING}}}'
            )
        for index, author in enumerate(version.authors):
            attributed.append(
                f'"{vid}/author-{index}":{{"prov:entity":"{vid}",'
                f'"prov:agent":"lineage:{encode_id(author)}","prov:type":{_J_AUTHORSHIP}}}'
            )

    for item in lineage.agents:
        parts = [
            f'"lineage:{encode_id(item.id)}":{{"prov:type":{_J_AGENT_TYPES[item.type]},'
            f'"prov:label":{s(item.name)}'
        ]
        if item.url is not None:
            parts.append(f',"schema:url":{{"$":{s(item.url)},"type":"xsd:anyURI"}}')
        if item.version is not None:
            parts.append(f',"schema:softwareVersion":{s(item.version)}')
        if item.language is not None:
            parts.append(f',"dcterms:language":{s(item.language)}')
        parts.append("}")
        agent.append("".join(parts))

    published_on = {v.id: v.published for v in lineage.versions} if derivations else {}
    seen: dict[str, int] = {}
    for derivation in derivations:
        target = "lineage:" + encode_id(derivation.target)
        kind = derivation.kind
        name = f"{target}/{kind.value}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        if count > 1:
            name = f"{name}-{count}"
        method = derivation.method
        post_edited = method is Method.POST_EDITED
        final = name + "/post-editing" if post_edited else name
        date = derivation.date
        ended = instant(date)
        head = f'"provenance:kind":{_J_KINDS[kind]}'
        if method is not None:
            head += f',"provenance:method":{_J_METHODS[method]}'
        if derivation.note is not None:
            head += f',"provenance:note":{s(derivation.note)}'
        dated = f',"dcterms:date":{_typed(date)}' if date is not None and ended is None else ""
        end = f'"prov:endTime":"{ended}",' if ended is not None else ""
        if post_edited:
            activity.append(f'"{name}":{{{head}}}')
            activity.append(f'"{final}":{{{end}"prov:type":{_J_POST_EDITING}{dated}}}')
        else:
            activity.append(f'"{name}":{{{end}{head}{dated}}}')
        generation = final + "/generated"
        time = instant(published_on.get(derivation.target))
        at = f',"prov:time":"{time}"' if time is not None else ""
        generated.append(
            f'"{generation}":{{"prov:entity":"{target}","prov:activity":"{final}"{at}}}'
        )
        tail = f'"prov:type":{_J_DERIVED[kind]}'
        if method is not None:
            tail += f',"provenance:method":{_J_METHODS[method]}'
        made = "" if post_edited else f'"prov:generation":"{generation}",'
        for index, source in enumerate(derivation.sources):
            sid = "lineage:" + encode_id(source)
            usage = f"{name}/used-{index}"
            used.append(f'"{usage}":{{"prov:activity":"{name}","prov:entity":"{sid}"}}')
            derived.append(
                f'"{name}/from-{index}":{{"prov:generatedEntity":"{target}",'
                f'"prov:usedEntity":"{sid}","prov:activity":"{name}",{made}'
                f'"prov:usage":"{usage}",{tail}}}'
            )
        for index, credit in enumerate(derivation.agents):
            step = name if not post_edited or credit.role is Role.TOOL else final
            associated.append(
                f'"{name}/by-{index}":{{"prov:activity":"{step}",'
                f'"prov:agent":"lineage:{encode_id(credit.agent)}",'
                f'"prov:role":{_J_ROLES[credit.role]}}}'
            )
        if post_edited:
            informed.append(
                f'"{final}/informed":{{"prov:informed":"{final}","prov:informant":"{name}"}}'
            )

    prefix = ",".join(f"{s(key)}:{s(iri)}" for key, iri in (("lineage", base), *NAMESPACES.items()))
    body = "".join(
        f',"{key}":{{{",".join(items)}}}'
        for key, items in zip(
            SECTIONS,
            (entity, agent, activity, generated, used, derived, associated, attributed, informed),
            strict=True,
        )
        if items
    )
    return f'{{"prefix":{{{prefix}}}{body}}}'
