"""Badges: SVG in shields.io's look, shields.io endpoint JSON, and Markdown/HTML snippets.

:func:`for_lineage` summarizes a lineage as a :class:`Badge` (route through languages, how it
was translated, status as colour *and* words, a full sentence for screen readers);
:func:`render` draws any label and message.

Section widths equal those of shields.io's renderer (badge-maker) wherever shields measures text
right, Latin, Greek, Cyrillic, CJK ideographs and arrows, and come from shaped text where it
does not (Arabic, Persian, Hebrew, Devanagari, Thai, kana, Hangul, emoji). Right-to-left text is
isolated so mixed text reads correctly, shaped text is never stretched with ``textLength``,
text colours meet WCAG AA (4.5:1) on their background, and every string is escaped.
"""

from __future__ import annotations

import base64
import functools
import itertools
import string
from collections.abc import Sequence
from typing import Any, Final

import attrs

from provenance import _badge_color as _color
from provenance import _badge_names as _names
from provenance import _badge_svg as _svg
from provenance import _badge_text as _text
from provenance import languages
from provenance._arguments import expect_lineage
from provenance._rules import Checker
from provenance.errors import BadgeError
from provenance.findings import Finding, Severity
from provenance.model import AgentType, Derivation, Kind, Lineage, Method, Role, Version
from provenance.validate import _today

__all__ = [
    "COLORS",
    "STATUS_COLORS",
    "STYLES",
    "TEMPLATE_FIELDS",
    "Badge",
    "BadgeError",
    "check_template",
    "endpoint",
    "for_lineage",
    "html",
    "markdown",
    "render",
]

STYLES: Final = _svg.STYLES
"""The badge styles, shields.io's five: ``flat``, ``flat-square``, ``for-the-badge``,
``plastic`` and ``social``."""

COLORS: Final = _color.SHIELDS_NAMES
"""shields.io's colour names. Every other form badge-maker reads works too: CSS colour names,
hex with or without ``#`` (``abc``, ``#aabbcc``; ``#rgba``, ``#rrggbbaa``), ``rgb()``,
``rgba()``, ``hsl()`` and ``hsla()``. A see-through colour is drawn laid on white."""


def render(
    label: str,
    message: str,
    *,
    color: str = "blue",
    label_color: str | None = None,
    style: str = "flat",
    title: str | None = None,
    link: str | None = None,
    message_link: str | None = None,
    logo: str | None = None,
    logo_color: str | None = None,
    logo_width: int | None = None,
    id_prefix: str | None = None,
) -> str:
    """Render a badge as an SVG string.

    ``style`` is one of :data:`STYLES`; colours take any form badge-maker reads (see
    :data:`COLORS`; ``social`` draws shields' fixed light look, whatever the colours). An
    empty ``label`` gives a one-part badge. ``title`` is the accessible name (``aria-label``)
    and the tooltip (``<title>``), by default "label: message".

    ``link`` is an http(s) URL the badge links to; with ``message_link`` too, ``link`` covers
    the label half and ``message_link`` the message half, as badge-maker's two ``links`` do.
    ``logo`` is an SVG document (text, or a ``data:image/svg+xml;base64,`` URI as in
    badge-maker's ``logoBase64``) drawn before the label, ``logo_width`` px wide (default 14)
    and, with ``logo_color``, filled in that colour where its shapes set no fill of their own.

    The SVG's ids derive from the content, so the same arguments give the same bytes and
    different badges inlined in one page never clash; ``id_prefix`` tells two identical inline
    badges apart (see the badges guide). Raises :class:`BadgeError` for an unknown style or
    colour, a non-http(s) link, a logo that is not SVG or an empty message.

    >>> svg = render("translation", "human", color="brightgreen")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="118" height="20" role="img"')
    True
    >>> 'aria-label="translation: human"' in svg
    True
    """
    return _render(
        label,
        message,
        color,
        label_color,
        style,
        title,
        link,
        message_link,
        logo,
        logo_color,
        logo_width,
        id_prefix,
    )


@functools.lru_cache(maxsize=2048)
def _render(*fields: Any) -> str:
    """:func:`render`, cached on its arguments as given (a repeat costs one dict lookup); the
    fields are :class:`~provenance._badge_svg.Drawing`'s, in order."""
    return _svg.render.__wrapped__(_svg.Drawing(*fields))


# ---------------------------------------------------------------------------------------------
# endpoint JSON and snippets


def endpoint(
    label: str,
    message: str,
    *,
    color: str | None = "blue",
    label_color: str | None = None,
    style: str | None = None,
    is_error: bool = False,
    named_logo: str | None = None,
    logo_svg: str | None = None,
    logo_color: str | None = None,
    logo_width: int | None = None,
    cache_seconds: int | None = None,
) -> dict[str, str | int | bool]:
    """shields.io endpoint JSON (schema version 1) for a badge, as a dict for ``json.dumps``.

    Holds only the keys that have values, in the schema's order, and nothing the schema does not
    allow (shields rejects unknown keys). A logo is either ``named_logo`` or ``logo_svg``;
    ``logo_color`` needs ``named_logo`` and ``logo_width`` a logo.

    >>> endpoint("translation", "human", color="brightgreen", cache_seconds=3600)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'schemaVersion': 1, 'label': 'translation', 'message': 'human', 'color': 'brightgreen',
     'cacheSeconds': 3600}
    """
    if not message.strip():
        raise BadgeError("an endpoint badge needs a message: it is empty")
    data: dict[str, str | int | bool] = {"schemaVersion": 1, "label": label, "message": message}
    if color is not None:
        data["color"] = _color.parse_color(color)[0]
    if label_color is not None:
        data["labelColor"] = _color.parse_color(label_color)[0]
    if is_error:
        data["isError"] = True
    if named_logo is not None and logo_svg is not None:
        raise BadgeError("give named_logo or logo_svg, not both")
    if named_logo is not None:
        data["namedLogo"] = named_logo
    if logo_svg is not None:
        data["logoSvg"] = _svg.check_logo(logo_svg)
    if logo_color is not None:
        if named_logo is None:
            raise BadgeError("logo_color only applies to a named_logo")
        data["logoColor"] = _color.parse_color(logo_color)[0]
    if logo_width is not None:
        if named_logo is None and logo_svg is None:
            raise BadgeError("logo_width needs a logo (named_logo or logo_svg)")
        if isinstance(logo_width, bool) or not isinstance(logo_width, int) or logo_width <= 0:
            raise BadgeError(f"logo_width must be a positive integer, not {logo_width!r}")
        data["logoWidth"] = logo_width
    if style is not None:
        if style not in STYLES:
            raise BadgeError(f"unknown badge style {style!r}: use one of {', '.join(STYLES)}")
        data["style"] = style
    if cache_seconds is not None:
        if (
            isinstance(cache_seconds, bool)
            or not isinstance(cache_seconds, int)
            or cache_seconds < 0
        ):
            raise BadgeError(f"cache_seconds must be an integer >= 0, not {cache_seconds!r}")
        data["cacheSeconds"] = cache_seconds
    return data


def _snippet_svg(
    label: str,
    message: str,
    color: str,
    label_color: str | None,
    style: str,
    title: str | None,
    logo: str | None,
    logo_color: str | None,
    logo_width: int | None,
) -> str:
    """The SVG a snippet shows (without links: an image's own links are dead)."""
    return _render(
        label,
        message,
        color,
        label_color,
        style,
        title,
        None,
        None,
        logo,
        logo_color,
        logo_width,
        None,
    )


def _image_source(svg: str, image_url: str | None) -> str:
    if image_url is not None:
        return _svg.check_link(image_url, "image_url", relative=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def markdown(
    label: str,
    message: str,
    *,
    color: str = "blue",
    label_color: str | None = None,
    style: str = "flat",
    title: str | None = None,
    link: str | None = None,
    logo: str | None = None,
    logo_color: str | None = None,
    logo_width: int | None = None,
    image_url: str | None = None,
    alt: str | None = None,
) -> str:
    """A Markdown image for the badge: the SVG as a data URI, or ``image_url`` where it is hosted.

    ``alt`` defaults to "label: message"; with ``link`` the image links there (an image's own
    links are dead, so a snippet has one link, around it). Alt text and title are escaped so
    that no Markdown or HTML in them acts, even where a renderer refuses the image and prints
    the snippet as text.

    >>> markdown("translation", "human", image_url="https://example.org/b.svg",
    ...          link="https://example.org/")
    '[![translation: human](https://example.org/b.svg)](https://example.org/)'
    """
    svg = _snippet_svg(
        label, message, color, label_color, style, title, logo, logo_color, logo_width
    )
    source = _image_source(svg, image_url)
    label, message = _svg.js_trim(label), _svg.js_trim(message)
    text = alt if alt is not None else (f"{label}: {message}" if label else message)
    text = " ".join(_svg.xml_safe(text).split()).translate(_MD_ESCAPES)
    if title is not None:
        quoted = " ".join(_svg.xml_safe(title).split()).translate(_MD_ESCAPES)
        snippet = f'![{text}]({_md_url(source)} "{quoted}")'
    else:
        snippet = f"![{text}]({_md_url(source)})"
    if link is not None:
        snippet = f"[{snippet}]({_md_url(_svg.check_link(link, 'link'))})"
    return snippet


# Backslash-escape, in alt text and titles, every ASCII punctuation character that Markdown
# (CommonMark, GFM tables, strikethrough and math) or HTML could act on; only ' , - . / : ; ? %
# stay as they are, inert inside a line. A renderer that refuses the image, as markdown-it and
# GitHub refuse data: URIs, prints the snippet as text, where an unescaped "<" would be live HTML.
_MD_ESCAPES: Final = str.maketrans(
    {ch: "\\" + ch for ch in string.punctuation if ch not in "',-./:;?%"}
)


def _md_url(url: str) -> str:
    url = url.replace("\\", "\\\\").replace("&", "\\&")
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def html(
    label: str,
    message: str,
    *,
    color: str = "blue",
    label_color: str | None = None,
    style: str = "flat",
    title: str | None = None,
    link: str | None = None,
    logo: str | None = None,
    logo_color: str | None = None,
    logo_width: int | None = None,
    image_url: str | None = None,
    alt: str | None = None,
) -> str:
    """An HTML ``<img>`` for the badge (data URI or ``image_url``), in an ``<a>`` with ``link``.

    >>> html("translation", "human", image_url="https://example.org/b.svg")
    '<img src="https://example.org/b.svg" alt="translation: human">'
    """
    svg = _snippet_svg(
        label, message, color, label_color, style, title, logo, logo_color, logo_width
    )
    source = _image_source(svg, image_url)
    label, message = _svg.js_trim(label), _svg.js_trim(message)
    text = alt if alt is not None else (f"{label}: {message}" if label else message)
    tag = f'<img src="{_svg.escape(source)}" alt="{_svg.escape(_svg.xml_safe(text))}"'
    if title is not None:
        tag += f' title="{_svg.escape(_svg.xml_safe(title))}"'
    tag += ">"
    if link is not None:
        tag = f'<a href="{_svg.escape(_svg.check_link(link, "link"))}">{tag}</a>'
    return tag


# ---------------------------------------------------------------------------------------------
# badges for lineages


@attrs.frozen(kw_only=True)
class Badge:
    """A badge's content, checked once, then drawn as SVG, endpoint JSON or a snippet.

    ``title`` is the badge's accessible name and tooltip (and the alt text of its snippets);
    :func:`for_lineage` makes it a full sentence. Same fields, same bytes: nothing random goes
    in, so a pipeline can cache or diff its output.

    >>> b = Badge(label="translation", message="human", color="green")
    >>> b.svg() == render("translation", "human", color="green")
    True
    >>> b.endpoint()
    {'schemaVersion': 1, 'label': 'translation', 'message': 'human', 'color': 'green'}
    """

    label: str
    message: str
    color: str = "blue"
    label_color: str | None = None
    style: str = "flat"
    title: str | None = None
    link: str | None = None
    message_link: str | None = None
    logo: str | None = None
    logo_color: str | None = None
    logo_width: int | None = None

    def __attrs_post_init__(self) -> None:
        # Fail here, where the badge is made, not later where it is drawn.
        _svg.check(self._drawing(None))

    def _drawing(self, id_prefix: str | None) -> _svg.Drawing:
        return _svg.Drawing(
            self.label,
            self.message,
            self.color,
            self.label_color,
            self.style,
            self.title,
            self.link,
            self.message_link,
            self.logo,
            self.logo_color,
            self.logo_width,
            id_prefix,
        )

    def svg(self, *, id_prefix: str | None = None) -> str:
        """The badge as an SVG document (see :func:`render`)."""
        return _svg.render(self._drawing(id_prefix))

    def endpoint(self, *, cache_seconds: int | None = None) -> dict[str, str | int | bool]:
        """shields.io endpoint JSON (see :func:`endpoint`). The schema has no title and no
        links, so neither is carried; shields builds its own "label: message". A logo's
        colour is painted into its SVG (shields colours only its named logos)."""
        logo = None
        if self.logo is not None:
            logo = _svg.check_logo(self.logo)
            if self.logo_color is not None:
                logo = _svg.color_logo(logo, _color.parse_color(self.logo_color)[1])
        return endpoint(
            self.label,
            self.message,
            color=self.color,
            label_color=self.label_color,
            style=None if self.style == "flat" else self.style,
            logo_svg=logo,
            logo_width=self.logo_width,
            cache_seconds=cache_seconds,
        )

    def _one_link(self) -> None:
        if self.message_link is not None:
            raise BadgeError(
                "a Markdown or HTML snippet shows the badge as an image, whose own links are "
                "dead: it takes one link (link), not message_link; inline the SVG for two"
            )

    def markdown(self, *, image_url: str | None = None) -> str:
        """A Markdown image (see :func:`markdown`) whose alt text is the title."""
        self._one_link()
        return markdown(
            self.label,
            self.message,
            color=self.color,
            label_color=self.label_color,
            style=self.style,
            title=self.title,
            link=self.link,
            logo=self.logo,
            logo_color=self.logo_color,
            logo_width=self.logo_width,
            image_url=image_url,
            alt=self.title,
        )

    def html(self, *, image_url: str | None = None) -> str:
        """An HTML ``<img>`` (see :func:`html`) whose alt text is the title."""
        self._one_link()
        return html(
            self.label,
            self.message,
            color=self.color,
            label_color=self.label_color,
            style=self.style,
            title=self.title,
            link=self.link,
            logo=self.logo,
            logo_color=self.logo_color,
            logo_width=self.logo_width,
            image_url=image_url,
            alt=self.title,
        )


STATUS_COLORS: Final = {
    "valid": "#1a7f37",
    "machine": "#6f42c1",
    "warnings": "#f0c000",
    "invalid": "#c62828",
}
"""Colour by status: errors beat warnings, warnings beat machine involvement. Each meets WCAG
AA (4.5:1) with the text colour shields.io itself picks, so endpoint badges pass too."""

TEMPLATE_FIELDS: Final = (
    "errors",
    "hops",
    "kind",
    "languages",
    "method",
    "origin_language",
    "problems",
    "publisher",
    "route",
    "source_language",
    "status",
    "subject_language",
    "warnings",
)
"""The fields a ``template`` of :func:`for_lineage` may use (see the badges guide)."""

_NEW_TEXT: Final = frozenset({Kind.REPORTING, Kind.ADAPTATION, Kind.SUMMARY})
_TRANSLATION_LIKE: Final = frozenset(kind for kind in Kind if kind.is_translation_like)
_METHOD_WORDS: Final = {
    Method.HUMAN: "human",
    Method.MACHINE: "machine",
    Method.POST_EDITED: "post-edited",
    Method.UNKNOWN: "unknown",
}
_PARTICIPLES: Final = {
    Kind.TRANSLATION: "translated",
    Kind.TRANSLITERATION: "transliterated",
    Kind.LOCALIZATION: "localized",
    Kind.REPUBLICATION: "republished",
    Kind.EXCERPT: "excerpted",
    Kind.QUOTATION: "quoted",
    Kind.TRANSCRIPTION: "transcribed",
    Kind.REVISION: "revised",
    Kind.SUMMARY: "summarized",
    Kind.ADAPTATION: "adapted",
}


# A lineage badge names at most this many languages in its route and steps in its sentence:
# the first and last, and a count of the rest, so a 100,000-step chain gives a badge of a few
# hundred pixels, not millions.
_MAX_SHOWN: Final = 6


def _route(names: list[str], arrow: str) -> str:
    if len(names) <= _MAX_SHOWN:
        return arrow.join(names)
    half = _MAX_SHOWN // 2
    hidden = len(names) - 2 * half
    return arrow.join([*names[:half], f"… {hidden} more …", *names[-half:]])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _problems(errors: int, warnings: int) -> str:
    parts = [_plural(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts) if parts else "no problems"


class _Summary:
    """What a badge says about a lineage: the subject's text line and the steps along it."""

    def __init__(self, lineage: Lineage) -> None:
        # One pass over the graph for everything the badge says (the model's chain() and
        # involves_machine() would each walk it again): this is most of a badge's cost.
        self.lineage = lineage
        derivations_of = lineage.derivations_of
        # the main line, as Lineage.chain(): from the subject, the first unseen source
        path = [lineage.subject]
        walked: list[Derivation] = []  # walked[i]: the derivation from path[i + 1] into path[i]
        seen = {lineage.subject}
        current = lineage.subject
        while True:
            found = None
            for derivation in derivations_of(current):
                for source in derivation.sources:
                    if source not in seen:
                        found = source
                        break
                if found is not None:
                    break
            if found is None:
                break
            seen.add(found)
            path.append(found)
            walked.append(derivation)
            current = found
        has_version, version = lineage.has_version, lineage.version
        self.chain = tuple([version(vid) for vid in reversed(path) if has_version(vid)])
        # the derivation into each chain version from the one before it (None: no link)
        steps: list[Derivation | None]
        if len(self.chain) == len(path):
            # the walk found each source in the first derivation that names it: that one
            steps = [None, *walked[::-1]]
        else:  # versions missing from the path (PV102): link what remains where it can
            steps = [None]
            for previous, current_version in itertools.pairwise(self.chain):
                steps.append(
                    next(
                        (d for d in derivations_of(current_version.id) if previous.id in d.sources),
                        None,
                    )
                )
        # the subject's own words start after the last step that made a new text
        start = 0
        for i, step in enumerate(steps):
            if step is None or (step.kind in _NEW_TEXT and not lineage.is_translation_hop(step)):
                start = i  # a summary into another language is a hop of the route, not a start
        self.text = self.chain[start:]
        self.steps = [s for s in steps[start + 1 :] if s is not None]
        self.start_step = steps[start]

    def involves_machine(self) -> bool:
        """Lineage.involves_machine(), on a walk without the model's per-step tuples: whether
        software made or helped make a derivation the subject comes from."""
        lineage = self.lineage
        software = {  # by id, the first agent with an id being the one it names
            agent.id
            for agent in lineage.agents
            if agent.type is AgentType.SOFTWARE and lineage.agent(agent.id) is agent
        }
        machine_made = [
            derivation.target
            for derivation in lineage.derivations
            if derivation.method is Method.MACHINE
            or derivation.method is Method.POST_EDITED
            or any(
                credit.role is Role.TOOL or credit.agent in software for credit in derivation.agents
            )
        ]
        if not machine_made:  # most lineages: people's work throughout, no walk needed
            return False
        relevant = {lineage.subject}
        queue = [lineage.subject]
        while queue:
            for derivation in lineage.derivations_of(queue.pop()):
                for source in derivation.sources:
                    if source not in relevant:
                        relevant.add(source)
                        queue.append(source)
        return not relevant.isdisjoint(machine_made)

    def languages(self, versions: tuple[Version, ...]) -> list[str]:
        found: list[str] = []
        for version in versions:
            if not found or found[-1] != version.language:
                found.append(version.language)
        return found

    def methods(self) -> list[str]:
        found = [
            _METHOD_WORDS[step.method or Method.UNKNOWN]
            for step in self.steps
            if step.kind in _TRANSLATION_LIKE
            or (step.method is not None and self.lineage.is_translation_hop(step))
        ]
        return list(dict.fromkeys(found))

    def kind(self) -> str:
        if self.steps:
            return str(self.steps[-1].kind)
        return str(self.start_step.kind) if self.start_step is not None else "original"

    def agent_name(self, agent_id: str) -> str:
        lineage = self.lineage
        return lineage.agent(agent_id).name if lineage.has_agent(agent_id) else agent_id

    def names(self, derivation: Derivation, role: Role) -> list[str]:
        return [self.agent_name(agent_id) for agent_id in derivation.agents_with(role)]


@functools.lru_cache(maxsize=4096)
def _name(tag: str, locale: str | None) -> str:
    """A language's name in ``locale`` (the tag itself without one). Cached: language names
    are data, the same for every lineage, and looking one up costs more than drawing a
    badge's text."""
    if not tag:
        return "unknown language"
    if locale is None:
        return tag
    if locale == "en":  # most badges: no need to load langcodes' names in every locale
        name = _names.ENGLISH.get(tag)
        if name is not None:
            return name
    return languages.display_name(tag, locale)


def _by(summary: _Summary, step: Derivation) -> str:
    """How a translation (or a hop into another language) was made, and by whom."""
    method = step.method
    if method is Method.HUMAN:
        translators = summary.names(step, Role.TRANSLATOR)
        return " by a human" + (f" ({', '.join(translators)})" if translators else "")
    if method is Method.MACHINE or method is Method.POST_EDITED:
        tools = summary.names(step, Role.TOOL)
        text = " by machine" + (f" ({', '.join(tools)})" if tools else "")
        if method is Method.POST_EDITED:
            editors = summary.names(step, Role.POST_EDITOR)
            text += ", post-edited by a person" + (f" ({', '.join(editors)})" if editors else "")
        return text
    return " by an unknown method"


def _sentence(
    summary: _Summary, label: str, errors: list[Finding], warnings: int, machine: bool
) -> str:
    """The accessible name: the badge's content as one English sentence."""
    lineage = summary.lineage
    clauses = []
    if not summary.chain:
        clauses.append(f"the subject {lineage.subject!r} is not among the versions")
    else:
        steps = []
        told = summary.steps
        if len(told) > _MAX_SHOWN:  # the first and last hops, and a count of the rest
            told = told[: _MAX_SHOWN // 2] + told[-(_MAX_SHOWN // 2) :]
        version, is_hop = lineage.version, lineage.is_translation_hop
        for step in told:
            source = version(step.sources[0]) if step.sources else None
            frm = _name(source.language, "en") if source is not None else "an unknown language"
            into = _name(version(step.target).language, "en")
            verb = _PARTICIPLES.get(step.kind) or str(step.kind)
            where = f" from {frm} into {into}" if frm != into else f" in {into}"
            translation_like = step.kind in _TRANSLATION_LIKE
            hop = not translation_like and is_hop(step)
            if not (translation_like or hop) and source is not None and source.publisher:
                where += f" from {summary.agent_name(source.publisher)}"
            told_how = translation_like or (hop and step.method is not None)
            by = _by(summary, step) if told_how else ""
            steps.append(f"{verb}{where}{by}")
        first = summary.text[0]
        start = summary.start_step
        if len(summary.steps) > _MAX_SHOWN:
            hidden = len(summary.steps) - len(told)
            steps.insert(_MAX_SHOWN // 2, f"{_plural(hidden, 'more step')} (not told here)")
        if steps:
            clauses.append(", then ".join(steps))
        elif start is None:
            clauses.append(f"an original text in {_name(first.language, 'en')}")
        else:
            clauses.append(f"written in {_name(first.language, 'en')}")
        if start is not None:
            sources = [s for s in start.sources if lineage.has_version(s)]
            names = dict.fromkeys(_name(lineage.version(s).language, "en") for s in sources)
            in_langs = f" in {' and '.join(names)}" if names else ""
            text = f"the {_name(first.language, 'en')} text" if steps else "it"
            clauses.append(f"{text} is based on {_plural(len(start.sources), 'source')}{in_langs}")
        if machine and not any(
            s.method in (Method.MACHINE, Method.POST_EDITED) for s in summary.steps
        ):
            clauses.append("software took part")
    if errors or warnings:
        codes = sorted({f.code for f in errors})
        found = _problems(len(errors), warnings).replace(", ", " and ") + " found"
        clauses.append(found + (f" ({', '.join(codes[:5])})" if codes else ""))
    else:
        clauses.append("no problems found")
    sentence = "; ".join(clauses) + "."
    if label:
        return f"{label[:1].upper()}{label[1:]}: {sentence}"
    return sentence[:1].upper() + sentence[1:]


def check_template(template: str) -> tuple[str, ...]:
    """The fields a :func:`for_lineage` template uses; :class:`BadgeError` if it is malformed
    or uses anything but plain :data:`TEMPLATE_FIELDS` (no attributes, indexes, conversions or
    format specs).

    >>> check_template("{route} · {hops} hops")
    ('route', 'hops')
    """

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise BadgeError(f"template {template!r} is malformed: {error}") from None
    names = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in TEMPLATE_FIELDS:
            raise BadgeError(
                f"template {template!r} uses {{{field}}}, which is not a field: "
                f"use {', '.join('{' + name + '}' for name in TEMPLATE_FIELDS)}"
            )
        if conversion or spec:
            # A format spec adds nothing a badge needs, and a width such as {route:>99999999}
            # would make one badge a hundred megabytes.
            raise BadgeError(
                f"template {template!r}: {{{field}}} takes no conversion or format spec"
            )
        names.append(field)
    return tuple(names)


def for_lineage(
    lineage: Lineage,
    *,
    findings: Sequence[Finding] | None = None,
    label: str = "provenance",
    template: str | None = None,
    names: bool = True,
    locale: str = "en",
    style: str = "flat",
    link: str | None = None,
    message_link: str | None = None,
    logo: str | None = None,
    logo_color: str | None = None,
    logo_width: int | None = None,
) -> Badge:
    """A badge that summarizes a lineage: its route through languages, how it was translated,
    and whether it is sound.

    The colour tells the status (:data:`STATUS_COLORS`) and the message says it too, so colour
    is never the only sign: "Persian → English · human", "German → English · machine",
    "… · 2 errors". ``findings`` default to :func:`provenance.validate`'s. ``names`` shows
    language names in ``locale`` (else tags); ``template`` is a format string over
    :data:`TEMPLATE_FIELDS`. The title is a full English sentence for screen readers.
    ``style``, ``link``, ``message_link`` and the logo options are :func:`render`'s.

    >>> from provenance import examples
    >>> badge = for_lineage(examples.get("shafaqna"))
    >>> badge.message
    'Persian → English · human'
    >>> badge.title
    'Provenance: translated from Persian into English by a human (Shafaqna English); the Persian text is based on 2 sources in Arabic; no problems found.'
    >>> for_lineage(examples.get("relay"), names=False, template="{route} ({hops} hops)").message
    'mr → en → hi (2 hops)'
    """  # noqa: E501
    expect_lineage(lineage, "badge.for_lineage")
    if style not in STYLES:
        raise BadgeError(f"unknown badge style {style!r}: use one of {', '.join(STYLES)}")
    if languages.canonical(locale) is None:
        raise BadgeError(f"locale {locale!r} is not a language tag (try 'en' or 'fa')")
    if findings is None:
        # The badge counts errors and warnings, never infos: the quiet pass may skip them
        # (a test holds this to validate()).
        findings = Checker(lineage, {}, _today()).run_severe()
    errors: list[Finding] = []
    warnings = 0
    if findings:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    summary = _Summary(lineage)
    if errors:
        status = "invalid"
    elif warnings:
        status = "warnings"
    else:
        status = "valid"
    machine = summary.involves_machine()
    color = STATUS_COLORS["machine" if status == "valid" and machine else status]

    shown = locale if names else None
    route_tags = summary.languages(summary.text) or [""]
    route_names = [_name(tag, shown) for tag in route_tags]
    # An arrow points the way the eye reads: in right-to-left names, ← (bidi does not mirror it).
    arrow = " ← " if _text.bidi_text(route_names[0])[1] else " → "
    route = _route(route_names, arrow)
    methods = summary.methods()
    method = " + ".join(methods) if methods else summary.kind()
    problems = _problems(len(errors), warnings)
    if template is None:
        message = f"{route} · {method}"
        if errors or warnings:
            message += f" · {problems}"
    else:
        check_template(template)
        subject = summary.chain[-1] if summary.chain else None
        publisher = ""
        if subject is not None and subject.publisher is not None:
            publisher = summary.agent_name(subject.publisher)
        all_names = [_name(t, shown) for t in summary.languages(summary.chain)] or [_name("", None)]
        message = template.format(
            errors=len(errors),
            hops=lineage.translation_hops(),
            kind=summary.kind(),
            languages=_route(all_names, arrow),
            method=method,
            origin_language=all_names[0],
            problems=problems,
            publisher=publisher,
            route=route,
            source_language=route_names[0],
            status=status,
            subject_language=route_names[-1],
            warnings=warnings,
        )
        if not _svg.js_trim(message):
            raise BadgeError(f"template {template!r} gives an empty message for this lineage")
    return Badge(
        label=label,
        message=message,
        color=color,
        style=style,
        title=_sentence(summary, label, errors, warnings, machine),
        link=link,
        message_link=message_link,
        logo=logo,
        logo_color=logo_color,
        logo_width=logo_width,
    )
