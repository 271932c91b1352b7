"""W3C PROV-O in Turtle: the lineage as RDF, for triple stores and SPARQL.

The records are those of the PROV-JSON export (:mod:`provenance.formats._prov`, table in
``docs/formats/prov-o.md``), written as PROV-O triples. Every qualified relation is written
*with* its plain property beside it (``prov:wasDerivedFrom`` next to ``prov:qualifiedDerivation``,
``prov:hadPrimarySource`` next to ``prov:qualifiedPrimarySource``), so a simple SPARQL query finds
it without an OWL reasoner. PROV-DM's ``prov:type`` is ``rdf:type`` in PROV-O, ``prov:label`` is
``rdfs:label`` and ``prov:role`` is ``prov:hadRole``.

RDF is a set of triples: two versions or agents that share an id (rule PV101) become one node,
and :func:`losses` says so. Order (authors, sources, credited agents) is kept only by the index
in the name of each qualified node (``…/author-0``, ``…/from-1``, ``…/by-0``).

>>> from provenance import examples
>>> text = dumps(examples.get("shafaqna"), base="https://example.org/articles/42/")
>>> "prov:wasDerivedFrom <https://example.org/articles/42/fa-article>" in text
True
>>> "wasRevisionOf" in text
False
"""

from __future__ import annotations

import re
import warnings

from provenance._arguments import expect_indent, expect_lineage
from provenance.errors import LossWarning
from provenance.formats._prov import (
    NAMESPACES,
    PROV_NS,
    QNAME,
    XSD_NS,
    Value,
    iter_records,
    lineage_base,
    shared_id_losses,
)
from provenance.model import Lineage

__all__ = ["dumps", "losses"]

_PREFIXES = {
    "prov": PROV_NS,
    "xsd": XSD_NS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    **NAMESPACES,
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_PREDICATES = {"prov:type": "a", "prov:label": "rdfs:label", "prov:role": "prov:hadRole"}
_TIMES = {"prov:startTime": "prov:startedAtTime", "prov:endTime": "prov:endedAtTime"}
# PROV-DM's subtypes of derivation and the PROV-O properties, plain and qualified, for each.
_SPECIAL = {
    "prov:PrimarySource": ("prov:hadPrimarySource", "prov:qualifiedPrimarySource"),
    "prov:Quotation": ("prov:wasQuotedFrom", "prov:qualifiedQuotation"),
    "prov:Revision": ("prov:wasRevisionOf", "prov:qualifiedRevision"),
}
_CLASSES = {
    "entity": "prov:Entity",
    "agent": "prov:Agent",
    "activity": "prov:Activity",
    "wasDerivedFrom": "prov:Derivation",
    "wasAssociatedWith": "prov:Association",
    "wasAttributedTo": "prov:Attribution",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


_SPECIALS = re.compile(r'[\\"\x00-\x1f\x7f]')


class _Writer:
    def __init__(self, base: str) -> None:
        self.base = base
        # subject -> predicate -> objects, in first-seen order (dicts keep insertion order)
        self.graph: dict[str, dict[str, dict[str, None]]] = {}
        self.literals: dict[Value, str] = {}  # many records share a value: each written once

    def node(self, name: str) -> str:
        """A record id (``lineage:en-article``) or term (``provenance:human``) as Turtle."""
        if name.startswith("lineage:"):
            return f"<{self.base}{name[8:]}>"
        return name

    def literal(self, value: Value) -> str:
        text = self.literals.get(value)
        if text is None:
            text = self.literals[value] = self._literal(value)
        return text

    def _literal(self, value: Value) -> str:
        if value.datatype == QNAME:
            return self.node(value.text)
        text = '"' + _SPECIALS.sub(_escape, value.text) + '"'
        if value.datatype is not None:
            return f"{text}^^{value.datatype}"
        if value.lang is not None:
            return f"{text}@{value.lang}"
        return text

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.graph.setdefault(subject, {}).setdefault(predicate, {})[obj] = None

    def record(
        self,
        kind: str,
        record_id: str,
        args: tuple[str | None, ...],
        attributes: tuple[tuple[str, Value], ...],
    ) -> None:
        add, node = self.add, self.node
        if kind == "wasGeneratedBy":
            entity, activity, time = args
            assert entity is not None
            if activity is not None:
                add(node(entity), "prov:wasGeneratedBy", node(activity))
            if time is not None:
                add(node(entity), "prov:generatedAtTime", f'"{time}"^^xsd:dateTime')
            return
        if kind == "used":
            activity, entity, _ = args
            assert activity is not None
            assert entity is not None
            add(node(activity), "prov:used", node(entity))
            return
        if kind == "wasInformedBy":
            informed, informant = args
            assert informed is not None
            assert informant is not None
            add(node(informed), "prov:wasInformedBy", node(informant))
            return
        me = node(record_id)
        # The record's own node: its triples go straight into its predicates.
        mine = self.graph.setdefault(me, {})
        mine.setdefault("a", {})[_CLASSES[kind]] = None
        if kind == "wasDerivedFrom":
            generated, used, activity = args[0], args[1], args[2]
            assert generated is not None
            assert used is not None
            generated, used = node(generated), node(used)
            add(generated, "prov:wasDerivedFrom", used)
            add(generated, "prov:qualifiedDerivation", me)
            for key, value in attributes:
                special = _SPECIAL.get(value.text) if key == "prov:type" else None
                if special is not None:
                    add(generated, special[0], used)
                    add(generated, special[1], me)
            mine.setdefault("prov:entity", {})[used] = None
            if activity is not None:
                mine.setdefault("prov:hadActivity", {})[node(activity)] = None
        elif kind == "wasAssociatedWith":
            activity, agent = args[0], args[1]
            assert activity is not None
            assert agent is not None
            activity, agent = node(activity), node(agent)
            add(activity, "prov:wasAssociatedWith", agent)
            add(activity, "prov:qualifiedAssociation", me)
            mine.setdefault("prov:agent", {})[agent] = None
        elif kind == "wasAttributedTo":
            entity, agent = args
            assert entity is not None
            assert agent is not None
            entity, agent = node(entity), node(agent)
            add(entity, "prov:wasAttributedTo", agent)
            add(entity, "prov:qualifiedAttribution", me)
            mine.setdefault("prov:agent", {})[agent] = None
        elif kind == "activity":
            for key, time in zip(("prov:startTime", "prov:endTime"), args, strict=True):
                if time is not None:
                    mine.setdefault(_TIMES[key], {})[f'"{time}"^^xsd:dateTime'] = None
        literal = self.literal
        for key, value in attributes:
            mine.setdefault(_PREDICATES.get(key, key), {})[literal(value)] = None

    def text(self, indent: int) -> str:
        lines = [f"@prefix {name}: <{iri}> ." for name, iri in _PREFIXES.items()]
        between = " ;\n" + " " * indent
        append = lines.append
        for subject, by_predicate in self.graph.items():
            parts = [
                f"{predicate} {', '.join(objects)}" for predicate, objects in by_predicate.items()
            ]
            append(f"\n{subject} {between.join(parts)} .")  # a blank line before each subject
        return "\n".join(lines)


def dumps(lineage: Lineage, *, base: str | None = None, indent: int | None = None) -> str:
    """PROV-O as Turtle; ids are IRIs in the ``base`` namespace (by default
    ``urn:provenance:<16 hex of the fingerprint>:``, unique per lineage), ``indent`` spaces
    (default 4) before each continued predicate. Warns with :class:`~provenance.LossWarning`
    for each loss :func:`losses` names."""
    expect_lineage(lineage, "prov-o dumps")  # before the fingerprint names itself
    expect_indent(indent, "prov-o dumps")
    writer = _Writer(lineage_base(lineage, base))
    for found in losses(lineage):
        warnings.warn(LossWarning(found), stacklevel=2)
    for record in iter_records(lineage):
        writer.record(*record)
    return writer.text(4 if indent is None else indent)


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What PROV-O cannot hold of this lineage: versions and agents that share an id merge.

    >>> from provenance import examples
    >>> losses(examples.get("shafaqna"))
    ()
    """
    return shared_id_losses(lineage, "prov-o", "merges into one RDF node")
