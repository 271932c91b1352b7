"""DOT: a lineage as a Graphviz ``digraph`` (``dot -Tsvg lineage.dot > lineage.svg``).

The same picture as :mod:`provenance.formats.mermaid`: origins at the top, the subject at the
bottom, arrows from sources to what was made from them; machine steps dashed and purple,
origins yellow, the subject blue with a thick border, ids no version has dashed grey. A
version with an http(s) URL links to it in SVG output.

Labels are Graphviz HTML-like labels (``label=<…>``), so bold ids and line breaks need no
quoting rules of their own: text is escaped as XML (``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``),
and backslashes are doubled, because Graphviz still expands ``\\N`` (the node's name), ``\\G``
and friends inside HTML labels, after decoding entities. Node ids come from
:func:`provenance.formats._graph.node_id`.

>>> from provenance import examples
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     print(dumps(examples.get("shafaqna")))  # doctest: +ELLIPSIS
digraph lineage {
  ...
  v_fa_2d_article -> v_en_2d_article [label=<translation (human)<BR/>by Shafaqna English ...>];
}
"""

from __future__ import annotations

import re

from provenance._arguments import expect_lineage
from provenance.formats._graph import Graph, build, node_id, warn_losses
from provenance.formats._graph import losses as _losses
from provenance.model import Lineage

__all__ = ["dumps", "losses"]

_FONT = "Helvetica,Arial,sans-serif"
_HEADER = (
    "digraph lineage {",
    f'  graph [rankdir=TB, fontname="{_FONT}"];',
    f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#57606a", '
    f'fontname="{_FONT}", fontsize=11, margin="0.15,0.08"];',
    f'  edge [color="#57606a", fontcolor="#1f2328", fontname="{_FONT}", fontsize=10];',
)
_NODE_STYLE = {
    "subject": ' fillcolor="#ddf4ff", color="#0969da", penwidth=2.5',
    "origin": ' fillcolor="#fff8c5", color="#9a6700"',
    "unknown": ' style="rounded,dashed", color="#6e7781", fontcolor="#57606a"',
}
_MACHINE = ', style=dashed, color="#8250df", fontcolor="#8250df"'


_XML_SPECIAL = re.compile(r'[\\&<>"]')


def _xml(text: str) -> str:
    if not _XML_SPECIAL.search(text):  # most labels: nothing to escape
        return text
    return (
        text.replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _url(url: str) -> str:
    # A quoted DOT string: only the quote and the backslash need care; percent-encoding them
    # keeps the address working.
    return url.replace("\\", "%5C").replace('"', "%22")


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What the DOT diagram leaves out of ``lineage`` (digests, notes, agent URLs, …)."""
    return _losses(lineage, keeps_urls=True)


def _render(graph: Graph) -> str:
    out = list(_HEADER)
    for node in graph.nodes:
        head, *rest = node.lines
        label = f"<B>{_xml(head)}</B>" + "".join([f"<BR/>{_xml(line)}" for line in rest])
        attributes = f"label=<{label}>"
        role = (
            "subject"
            if node.subject
            else "unknown"
            if node.unknown
            else "origin"
            if node.origin
            else None
        )
        if role is not None:
            attributes += "," + _NODE_STYLE[role]
        if node.url is not None:
            attributes += f', URL="{_url(node.url)}", target="_blank"'
        out.append(f"  {node_id(node.key)} [{attributes}];")
    labels: dict[tuple[str, ...], str] = {}  # the edges from a fan-in's sources share theirs
    for edge in graph.edges:
        shared = labels.get(edge.lines)
        if shared is None:
            shared = labels[edge.lines] = "<BR/>".join([_xml(line) for line in edge.lines])
        style = _MACHINE if edge.machine else ""
        out.append(f"  {node_id(edge.source)} -> {node_id(edge.target)} [label=<{shared}>{style}];")
    out.append("}")
    return "\n".join(out)


def dumps(lineage: Lineage, *, locale: str = "en") -> str:
    """The lineage as a Graphviz DOT ``digraph``, languages named in ``locale``.

    Warns with a :class:`~provenance.LossWarning` naming what the diagram leaves out.
    """
    expect_lineage(lineage, "dot dumps")
    warn_losses("dot", losses(lineage))
    return _render(build(lineage, locale))
