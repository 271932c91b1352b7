"""Mermaid: a lineage as a ``flowchart`` to paste into GitHub or GitLab Markdown.

Origins sit at the top, the subject at the bottom, each arrow goes from a source to what was
made from it. Nodes show the version id, the language's name (in ``locale``), the publisher,
the date and the title; arrows show the kind, method, agents and date of the step. Machine
steps are dotted arrows (``-.->``); origins and the subject get their own classes.

Every label is a quoted string. Inside it, the characters Mermaid would read as syntax or
markup (``" # % & < > ` ``, and Mermaid's own private entity markers ``ﬂ`` and ``¶``) are
written as Mermaid entity codes (``#34;``), so any title keeps its text. Node ids come from
:func:`provenance.formats._graph.node_id`.

>>> from provenance import examples
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     print(dumps(examples.get("shafaqna")))  # doctest: +ELLIPSIS
flowchart TD
  v_sy_2d_statement["sy-statement<br/>Arabic · Syrian Presidency · Telegram"]:::origin
  ...
  v_fa_2d_article -->|"translation (human)<br/>by Shafaqna English (translator)"| v_en_2d_article
  ...
"""

from __future__ import annotations

import re

from provenance._arguments import expect_lineage
from provenance.formats._graph import Graph, build, node_id, warn_losses
from provenance.formats._graph import losses as _losses
from provenance.model import Lineage

__all__ = ["dumps", "losses"]

# Characters written as entity codes: syntax (" % `), markup (< > &), entity start (#), and
# the markers Mermaid itself uses while decoding entities (ﬂ U+FB02, ¶ U+00B6).
_ENCODED_RE = re.compile('["#%&<>`\ufb02\u00b6]')

_CLASSES = (
    "  classDef origin fill:#fff8c5,stroke:#9a6700,color:#1f2328",
    "  classDef subject fill:#ddf4ff,stroke:#0969da,stroke-width:3px,color:#1f2328",
    "  classDef unknown fill:#ffffff,stroke:#6e7781,stroke-dasharray:4 3,color:#57606a",
)


def _text(line: str) -> str:
    return _ENCODED_RE.sub(lambda m: f"#{ord(m.group())};", line)


def _label(lines: tuple[str, ...]) -> str:
    return '"' + "<br/>".join([_text(line) for line in lines]) + '"'


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What the Mermaid diagram leaves out of ``lineage`` (URLs, digests, notes, …)."""
    return _losses(lineage, keeps_urls=False)


def _render(graph: Graph) -> str:
    out = ["flowchart TD"]
    for node in graph.nodes:
        css = (
            ":::subject"
            if node.subject
            else ":::unknown"
            if node.unknown
            else ":::origin"
            if node.origin
            else ""
        )
        out.append(f"  {node_id(node.key)}[{_label(node.lines)}]{css}")
    labels: dict[tuple[str, ...], str] = {}  # the edges from a fan-in's sources share theirs
    for edge in graph.edges:
        arrow = "-.->" if edge.machine else "-->"
        label = labels.get(edge.lines)
        if label is None:
            label = labels[edge.lines] = _label(edge.lines)
        out.append(f"  {node_id(edge.source)} {arrow}|{label}| {node_id(edge.target)}")
    out.extend(_CLASSES)
    return "\n".join(out)


def dumps(lineage: Lineage, *, locale: str = "en") -> str:
    """The lineage as a Mermaid ``flowchart``, languages named in ``locale``.

    Warns with a :class:`~provenance.LossWarning` naming what the diagram leaves out.
    """
    expect_lineage(lineage, "mermaid dumps")
    warn_losses("mermaid", losses(lineage))
    return _render(build(lineage, locale))
