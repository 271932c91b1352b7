"""Diagrams of a lineage for people: a text tree (``provenance show``).

The tree starts at the subject, the text a reader sees, and walks back to the origins. A step
with one source continues at the same indentation, so a long chain stays readable; branches
nest. A version reached twice is shown once and referred to after that.

>>> from provenance import examples
>>> print(to_tree(examples.get("shafaqna")))
en-article · English · Shafaqna English · 2021-06-10
  "The Presidents of Iraq and Syria discussed strengthening ties between the two countries…"
  ↑ translation (human) by Shafaqna English (translator)
fa-article · Persian · Shafaqna Persian · 2021-06-10
  ↑ reporting from 2 sources
  ├─ sy-statement · Arabic · Syrian Presidency · Telegram
  └─ iq-statement · Arabic · Iraqi Presidency · Telegram
"""

from __future__ import annotations

from provenance import languages
from provenance._text_safety import visible
from provenance.model import Derivation, Lineage, Version

__all__ = ["to_tree"]

_TITLE_WIDTH = 90
_MAX_INDENT = 60  # columns of branch lines before a deep branch starts again at the margin
_RESTART = "⋮ (the sources of this version continue at the left margin)"

# Terminal control characters, line separators and bidi controls in a name or title would
# drive the reader's terminal (colours, titles, forged or reordered lines): shown as escapes.
_safe = visible


def _version_line(lineage: Lineage, version: Version, locale: str) -> str:
    parts = [version.id, languages.display_name(version.language, locale)]
    if version.publisher is not None:
        parts.append(_agent_name(lineage, version.publisher))
    if version.published is not None:
        parts.append(str(version.published))
    if version.medium is not None:
        parts.append(version.medium)
    return _safe(" · ".join(parts))


def _agent_name(lineage: Lineage, agent_id: str) -> str:
    return lineage.agent(agent_id).name if lineage.has_agent(agent_id) else f"{agent_id} (unknown)"


def _step_line(lineage: Lineage, derivation: Derivation) -> str:
    return _safe(_step_text(lineage, derivation))


def _step_text(lineage: Lineage, derivation: Derivation) -> str:
    text = f"↑ {derivation.kind.value}"
    if derivation.method is not None:
        text += f" ({derivation.method.value.replace('_', '-')})"
    if len(derivation.sources) > 1:
        text += f" from {len(derivation.sources)} sources"
    if derivation.agents:
        credits = ", ".join(
            f"{_agent_name(lineage, c.agent)} ({c.role.value.replace('_', '-')})"
            for c in derivation.agents
        )
        text += f" by {credits}"
    if derivation.date is not None:
        text += f" on {derivation.date}"
    return text


def _clip(text: str) -> str:
    text = _safe(" ".join(text.split()))
    if len(text) <= _TITLE_WIDTH:
        return text
    cut = text[: _TITLE_WIDTH - 1]
    if " " in cut[_TITLE_WIDTH // 2 :]:
        cut = cut.rsplit(" ", 1)[0]  # end on a whole word when one is near
    return cut.rstrip() + "…"


def to_tree(lineage: Lineage, *, locale: str = "en") -> str:
    """The lineage as a text tree, languages named in ``locale``. Iterative: any depth.

    Lines stay within about 60 columns of branch lines plus their text: a branch nested
    deeper than that starts again at the left margin, after a line that says so."""
    lines: list[str] = []
    shown: set[str] = set()
    # Each entry: (version id, prefix for its own line, prefix for lines beneath it).
    stack: list[tuple[str, str, str]] = [(lineage.subject, "", "")]
    while stack:
        version_id, head, body = stack.pop()
        if not lineage.has_version(version_id):
            lines.append(f"{head}{_safe(version_id)} (unknown version)")
            continue
        if version_id in shown:
            lines.append(f"{head}{_safe(version_id)} (shown above)")
            continue
        shown.add(version_id)
        version = lineage.version(version_id)
        lines.append(head + _version_line(lineage, version, locale))
        if version.title:
            lines.append(f'{body}  "{_clip(version.title)}"')
        if len(body) > _MAX_INDENT and lineage.derivations_of(version_id):
            # Every level of branching indents the levels beneath it: drawn as it is, a
            # lineage 10,000 branches deep would print 10,000 lines of 50,000 columns.
            lines.append(f"{body}  {_RESTART}")
            body = ""
        found: dict[str, None] = {}  # ordered and each once, in linear time
        for derivation in lineage.derivations_of(version_id):
            lines.append(f"{body}  {_step_line(lineage, derivation)}")
            found.update(dict.fromkeys(derivation.sources))
        sources = list(found)
        if len(sources) == 1:
            stack.append((sources[0], body, body))
            continue
        children = []
        for position, source in enumerate(sources):
            last = position == len(sources) - 1
            children.append(
                (
                    source,
                    f"{body}  {'└─' if last else '├─'} ",
                    f"{body}  {'   ' if last else '│  '}",
                )
            )
        stack.extend(reversed(children))
    unconnected = [v for v in lineage.versions if v.id not in shown]
    if unconnected:
        lines.append("other versions (not sources of the subject):")
        lines.extend(f"  {_version_line(lineage, v, locale)}" for v in unconnected)
    return "\n".join(lines)
