"""What the Mermaid and DOT diagrams share: the graph to draw, in plain text, and its losses.

Each diagram module only escapes and lays out what :func:`build` gathers here, so the two
always show the same facts. Text is cleaned once (:func:`clean`): runs of whitespace, line
breaks included, become one space, and characters no diagram can carry (control characters,
lone surrogates, the non-characters U+FFFE and U+FFFF) become U+FFFD. Everything else, from
``<script>`` to right-to-left Persian, is kept for the format to escape.
"""

from __future__ import annotations

import re
import warnings

import attrs

from provenance import languages
from provenance._text_safety import one_line
from provenance.errors import LossWarning
from provenance.model import AgentType, Derivation, Lineage, Method, Role, Version

__all__ = [
    "Edge",
    "Graph",
    "Node",
    "build",
    "clean",
    "losses",
    "node_id",
    "warn_losses",
    "wrap",
]

_TITLE_WIDTH = 36
_UNSAFE_ID = re.compile("[^A-Za-z0-9]")


def node_id(version_id: str) -> str:
    """A safe identifier for a version id: ASCII letters and digits kept, anything else as
    ``_<hex>_``; with the ``v_`` prefix it is a valid name in DOT and Mermaid and never a
    keyword. The escape makes the mapping one-to-one, so ``a-b`` and ``a.b`` stay apart.

    >>> node_id("en-article"), node_id("en.article"), node_id("a_b"), node_id("خبر")
    ('v_en_2d_article', 'v_en_2e_article', 'v_a_5f_b', 'v__62e__628__631_')
    """
    if version_id.isascii() and version_id.isalnum():  # the common case, at C speed
        return "v_" + version_id
    return "v_" + _UNSAFE_ID.sub(lambda m: f"_{ord(m.group()):x}_", version_id)


def clean(text: str) -> str:
    """Text fit for one line of a label: whitespace runs as one space, control characters as
    U+FFFD, bidi controls and zero-width characters dropped (they would reorder the label).

    >>> clean("  a\\n\\tb\\u2028c\\x00 \\u202e\\ufffe")
    'a b c\\ufffd \\ufffd'
    """
    if text.isprintable():  # the common case: nothing to replace
        return " ".join(text.split())
    return one_line(text.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd"))


def wrap(text: str, width: int = _TITLE_WIDTH) -> list[str]:
    """Cleaned text broken into lines of about ``width`` characters, at spaces only.

    >>> wrap("The Presidents of Iraq and Syria discussed strengthening ties", 20)
    ['The Presidents of', 'Iraq and Syria', 'discussed', 'strengthening ties']
    """
    lines: list[str] = []
    current = ""
    for word in clean(text).split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


@attrs.frozen
class Node:
    """A version to draw. ``lines[0]`` is the version id; the rest describe it."""

    key: str
    lines: tuple[str, ...]
    url: str | None = None
    origin: bool = False
    subject: bool = False
    unknown: bool = False


@attrs.frozen
class Edge:
    """A derivation from one source to its target; ``machine`` marks machine work."""

    source: str
    target: str
    lines: tuple[str, ...]
    machine: bool = False


@attrs.frozen
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _agent_label(lineage: Lineage, agent_id: str) -> str:
    if not lineage.has_agent(agent_id):
        return f"{clean(agent_id)} (unknown)"
    agent = lineage.agent(agent_id)
    name = clean(agent.name) or clean(agent_id)
    return f"{name} {clean(agent.version)}" if agent.version else name


def _node(lineage: Lineage, version: Version, locale: str, origins: set[str]) -> Node:
    facts = [clean(languages.display_name(version.language, locale)) or "(no language)"]
    if version.publisher is not None:
        facts.append(_agent_label(lineage, version.publisher))
    if version.published is not None:
        facts.append(str(version.published))
    if version.published_as is not None:
        printed = clean(version.published_as.text)
        if version.published_as.calendar:
            printed += f" ({clean(version.published_as.calendar)})"
        facts.append(f"printed {printed}")
    if version.medium is not None:
        facts.append(clean(version.medium))
    lines = [clean(version.id) or "(empty id)", " · ".join(facts)]
    if version.authors:
        lines.append("by " + ", ".join(_agent_label(lineage, a) for a in version.authors))
    if version.title:
        title = wrap(version.title)
        if title:
            title[0] = "“" + title[0]
            title[-1] += "”"
            lines.extend(title)
    url = version.url if version.url and _is_web(version.url) else None
    return Node(
        key=version.id,
        lines=tuple(lines),
        url=url,
        origin=version.id in origins,
        subject=version.id == lineage.subject,
    )


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and url.isprintable() and " " not in url


def _is_machine(lineage: Lineage, derivation: Derivation) -> bool:
    if derivation.method in (Method.MACHINE, Method.POST_EDITED):
        return True
    return any(
        credit.role is Role.TOOL
        or (
            lineage.has_agent(credit.agent)
            and lineage.agent(credit.agent).type is AgentType.SOFTWARE
        )
        for credit in derivation.agents
    )


def _edge_lines(lineage: Lineage, derivation: Derivation) -> tuple[str, ...]:
    head = derivation.kind.value
    if derivation.method is not None:
        head += f" ({derivation.method.value.replace('_', '-')})"
    lines = [head]
    if derivation.agents:
        lines.append(
            "by "
            + ", ".join(
                f"{_agent_label(lineage, c.agent)} ({c.role.value.replace('_', '-')})"
                for c in derivation.agents
            )
        )
    if derivation.date is not None:
        lines.append(f"on {derivation.date}")
    return tuple(lines)


def build(lineage: Lineage, locale: str = "en") -> Graph:
    """The nodes and edges to draw: every version once (the first of duplicated ids), a
    placeholder for each unknown id a derivation names, one edge per source of each derivation.
    Iterative, so any size of lineage is fine.

    A derivation from several sources is labelled in full (kind, agents, date) on the edge
    from its first source; the edges from the others carry its kind only. Repeating the agents
    on every edge would make the diagram grow as sources × agents (a 300 KB lineage gave a
    136 MB diagram); this way it grows with the lineage."""
    origins = {v.id for v in lineage.origins()}
    nodes: dict[str, Node] = {}
    for version in lineage.versions:
        if version.id not in nodes:
            nodes[version.id] = _node(lineage, version, locale, origins)
    edges: list[Edge] = []
    for derivation in lineage.derivations:
        lines = _edge_lines(lineage, derivation)
        machine = _is_machine(lineage, derivation)
        for position, source in enumerate(dict.fromkeys(derivation.sources)):
            edges.append(
                Edge(source, derivation.target, lines if not position else lines[:1], machine)
            )
            for key in (source, derivation.target):
                if key not in nodes:
                    nodes[key] = Node(
                        key=key,
                        lines=(clean(key) or "(empty id)", "unknown version"),
                        unknown=True,
                        subject=key == lineage.subject,
                    )
    if lineage.subject not in nodes:
        nodes[lineage.subject] = Node(
            key=lineage.subject,
            lines=(clean(lineage.subject) or "(empty id)", "unknown version"),
            unknown=True,
            subject=True,
        )
    return Graph(tuple(nodes.values()), tuple(edges))


def losses(lineage: Lineage, *, keeps_urls: bool) -> tuple[str, ...]:
    """What a diagram leaves out of this lineage, one phrase per kind of thing.

    ``keeps_urls``: whether the format links nodes to their (http or https) version URLs.
    """
    found: list[str] = []

    def note(what: str, ids: list[str]) -> None:
        if ids:
            shown = ", ".join(repr(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
            found.append(f"{what} ({len(ids)}: {shown})")

    seen: set[str] = set()
    duplicates = []
    for version in lineage.versions:
        if version.id in seen:
            duplicates.append(version.id)
        seen.add(version.id)
    note("versions with a duplicated id after the first", duplicates)
    note(
        "version URLs that are not http(s)" if keeps_urls else "version URLs",
        [v.id for v in lineage.versions if v.url and not (keeps_urls and _is_web(v.url))],
    )
    note("version digests", [v.id for v in lineage.versions if v.digest])
    note("agent URLs", [a.id for a in lineage.agents if a.url])
    note("agent languages", [a.id for a in lineage.agents if a.language])
    named = {v.publisher for v in lineage.versions} | {
        a for v in lineage.versions for a in v.authors
    }
    named |= {c.agent for d in lineage.derivations for c in d.agents}
    note(
        "agents no version or derivation names", [a.id for a in lineage.agents if a.id not in named]
    )
    note("derivation notes", [d.target for d in lineage.derivations if d.note])
    note(
        "derivations with no source",
        [d.target for d in lineage.derivations if not d.sources],
    )
    if lineage.extensions:
        found.append(f"extensions ({', '.join(repr(k) for k in sorted(lineage.extensions)[:3])})")
    return tuple(found)


def warn_losses(name: str, lost: tuple[str, ...]) -> None:
    """One :class:`~provenance.LossWarning` naming everything ``name`` left out, if anything."""
    if lost:
        warnings.warn(LossWarning(f"{name} drops " + "; ".join(lost)), stacklevel=3)
