"""W3C PROV-N: the lineage as PROV-DM records in the notation people read and ``prov`` parses.

The records are those of the PROV-JSON export (:mod:`provenance.formats._prov`, table in
``docs/formats/prov-n.md``), written as PROV-N statements. Nothing is dropped: PROV-N repeats a
statement for records that share an id (though relations naming such an id cannot say which
record they mean: :func:`losses`), and the subject and extensions ride on the
``provenance:Lineage`` entity. PROV-N is written, not read back: read PROV-JSON instead.

>>> from provenance import examples
>>> text = dumps(examples.get("shafaqna"))
>>> print(text.splitlines()[0])
document
>>> for line in text.splitlines():
...     if "wasDerivedFrom" in line:
...         print(line.split(";")[0].strip())
wasDerivedFrom(lineage:fa-article/reporting/from-0
wasDerivedFrom(lineage:fa-article/reporting/from-1
wasDerivedFrom(lineage:en-article/translation/from-0
"""

from __future__ import annotations

import warnings

from provenance._arguments import expect_indent
from provenance.errors import LossWarning
from provenance.formats._prov import (
    NAMESPACES,
    QNAME,
    Value,
    iter_records,
    lineage_base,
    shared_id_losses,
)
from provenance.model import Lineage

__all__ = ["dumps", "losses"]

_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)

# How many positional arguments each statement writes after its id. PROV-N takes optional
# arguments in groups: all of a group, with ``-`` for the unknown ones, or none of it.
_GROUPS = {
    "activity": 2,
    "wasGeneratedBy": 3,
    "used": 3,
    "wasDerivedFrom": 5,
    "wasAssociatedWith": 3,
    "wasAttributedTo": 2,
    "wasInformedBy": 2,
}


def _literal(value: Value) -> str:
    if value.datatype == QNAME:
        return f"'{value.text}'"
    text = '"' + value.text.translate(_ESCAPES) + '"'
    if value.datatype is not None:
        return f"{text} %% {value.datatype}"
    if value.lang is not None:
        return f"{text}@{value.lang}"
    return text


def _statement(kind: str, record_id: str, args: tuple[str | None, ...], attributes: str) -> str:
    if kind in ("entity", "agent"):
        return f"{kind}({record_id}{attributes})"
    values = ["-" if arg is None else arg for arg in args]
    if kind == "activity":
        if args == (None, None):
            return f"activity({record_id}{attributes})"
        return f"activity({record_id}, {', '.join(values)}{attributes})"
    if kind == "wasDerivedFrom" and args[2:] == (None, None, None):
        values = values[:2]  # the activity, generation and usage are a group
    return f"{kind}({record_id}; {', '.join(values)}{attributes})"


def dumps(lineage: Lineage, *, base: str | None = None, indent: int | None = None) -> str:
    """PROV-N text, one statement a line indented by ``indent`` spaces (default 2).

    ``base`` is the namespace of the lineage's ids, declared as the prefix ``lineage``; by
    default ``urn:provenance:<16 hex of the fingerprint>:``, unique per lineage. Warns
    with :class:`~provenance.LossWarning` for each loss :func:`losses` names.
    """
    expect_indent(indent, "prov-n dumps")
    for found in losses(lineage):
        warnings.warn(LossWarning(found), stacklevel=2)
    pad = " " * (2 if indent is None else indent)
    lines = ["document", f"{pad}prefix lineage <{lineage_base(lineage, base)}>"]
    lines.extend(f"{pad}prefix {name} <{iri}>" for name, iri in NAMESPACES.items())
    lines.append("")
    # Records share their attributes (every source of a fan-in is an entity in one language,
    # every derivation from it carries the same types): each set is written once.
    written: dict[tuple[tuple[str, Value], ...], str] = {(): ""}
    for kind, record_id, args, attributes in iter_records(lineage):
        text = written.get(attributes)
        if text is None:
            pairs = ", ".join([f"{key}={_literal(value)}" for key, value in attributes])
            text = written[attributes] = f", [{pairs}]"
        lines.append(pad + _statement(kind, record_id, args, text))
    lines.append("endDocument")
    return "\n".join(lines)


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What PROV-N cannot hold of this lineage. Every field maps; only versions
    and agents sharing an id (rule PV101) cannot be told apart in the relations naming them.

    >>> from provenance import examples
    >>> losses(examples.get("shafaqna"))
    ()
    """
    return shared_id_losses(
        lineage, "prov-n", "cannot tell apart the publishers, authors and dates of"
    )
