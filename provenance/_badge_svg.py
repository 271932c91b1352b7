"""Badge SVG drawing in shields.io's five styles (private; used by :mod:`provenance.badge`).

Layouts follow badge-maker 6.0.0's ``badge-renderers.js`` number for number (section widths,
text positions, logo placement, per-half links), so widths match shields.io's wherever its width
tables measure text right; text measuring lives in :mod:`provenance._badge_text`, colours in
:mod:`provenance._badge_color`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
from typing import Final, NamedTuple
from urllib.parse import urlsplit

from provenance import _badge_color as _color
from provenance import _badge_text as _text
from provenance.errors import BadgeError

__all__ = [
    "STYLES",
    "Drawing",
    "check_link",
    "check_logo",
    "escape",
    "js_trim",
    "render",
    "xml_safe",
]

STYLES: Final = ("flat", "flat-square", "for-the-badge", "plastic", "social")

_ID_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_FONT_FAMILY: Final = "Verdana,Geneva,DejaVu Sans,sans-serif"
_SOCIAL_FONT_FAMILY: Final = "Helvetica Neue,Helvetica,Arial,sans-serif"
_LOGO_HEIGHT: Final = 14  # badge-maker's DEFAULT_LOGO_HEIGHT, also its default logo width
_MAX_LOGO_BYTES: Final = 32 * 1024
_MAX_LOGO_WIDTH: Final = 100
_TRANSPARENT: Final = "rgba(0,0,0,0)"


# ---------------------------------------------------------------------------------------------
# text and checks


def js_trim(text: str) -> str:
    """Trim like JavaScript's String.prototype.trim, as badge-maker does."""
    return text.strip(
        " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
        "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    )


def xml_safe(text: str) -> str:
    """Replace what XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        cp = ord(ch)
        if (cp < 32 and ch not in "\t\n\r") or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def escape(text: str) -> str:
    """Escape for XML text and attribute values."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&apos;")
    if "\n" in text or "\r" in text or "\t" in text:  # keep them through attribute normalisation
        text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


def check_link(link: str, what: str, *, relative: bool = False) -> str:
    """``link`` if it is an absolute http(s) URL (or, with ``relative``, a relative path)."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        raise BadgeError(f"{what} {link!r} contains whitespace or control characters")
    parts = urlsplit(link)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return link
    if relative and not parts.scheme and not link.startswith("//"):
        return link
    raise BadgeError(
        f"{what} {link!r} is not an absolute http or https URL"
        + (" or a relative path" if relative else "")
    )


_SVG_DATA_URI: Final = "data:image/svg+xml;base64,"
# What may precede the root element: an XML declaration, comments, white space. A DOCTYPE is
# refused: its entities are how an SVG grows a billion laughs.
_PROLOG: Final = re.compile(r"(?:\s+|<\?xml\b[^>]*\?>|<!--(?:[^-]|-(?!->))*-->)*")
_ROOT: Final = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?svg(?=[\s/>])([^>]*)>")
_FILL: Final = re.compile(r"""\sfill\s*=\s*(?:"[^"]*"|'[^']*')""")


@functools.lru_cache(maxsize=64)
def check_logo(logo: str) -> str:
    """A logo's SVG text, from SVG text or a ``data:image/svg+xml;base64,`` URI (badge-maker's
    ``logoBase64``); BadgeError unless it is a well-formed SVG document of at most 32 KiB."""
    if logo.startswith(_SVG_DATA_URI):
        try:
            logo = base64.b64decode(logo[len(_SVG_DATA_URI) :], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BadgeError("logo: the data: URI is not base64 of UTF-8 SVG text") from None
    elif logo.startswith("data:"):
        raise BadgeError("logo: only SVG is taken, as SVG text or a data:image/svg+xml;base64, URI")
    if len(logo.encode("utf-8")) > _MAX_LOGO_BYTES:
        raise BadgeError(f"logo: {len(logo.encode('utf-8')):,} bytes; a logo may have 32 KiB")
    logo = logo.removeprefix("\ufeff")
    if "<!DOCTYPE" in logo.upper():
        raise BadgeError("logo: a DOCTYPE is not allowed (its entities could expand without end)")
    root = _ROOT.match(logo, _PROLOG.match(logo).end())  # type: ignore[union-attr]
    if root is None:
        raise BadgeError("logo: not an SVG document (it must start with an <svg> element)")
    import xml.etree.ElementTree as ET  # only a badge with a logo needs it

    try:
        element = ET.fromstring(logo)
    except ET.ParseError as error:
        raise BadgeError(f"logo: not well-formed XML ({error})") from None
    if element.tag != "{http://www.w3.org/2000/svg}svg":
        raise BadgeError(
            "logo: the root element must be <svg> in the SVG namespace "
            '(xmlns="http://www.w3.org/2000/svg")'
        )
    return logo


def color_logo(svg: str, color: str) -> str:
    """The logo with ``fill`` on its root, as shields colours a simple-icons logo: shapes that
    set no fill of their own take it."""
    root = _ROOT.match(svg, _PROLOG.match(svg).end())  # type: ignore[union-attr]
    assert root is not None  # checked by check_logo
    attributes = _FILL.sub("", root[1])
    tag = root[0][: root[0].index("svg") + 3]
    return f'{svg[: root.start()]}{tag} fill="{color}"{attributes}>{svg[root.end() :]}'


def _num(value: float) -> str:
    integer = int(value)
    if value == integer:
        return str(integer)
    text = repr(value)  # badge numbers are quarters and halves: short and exact
    if "e" in text or len(text) - text.index(".") > 4:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return text


def _utf16_len(text: str) -> int:
    return (
        len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF) if not text.isascii() else len(text)
    )


def _round_up_to_odd(value: int) -> int:
    return value + 1 if value % 2 == 0 else value


def _capitalize(text: str) -> str:
    """JavaScript's ``s.charAt(0).toUpperCase() + s.slice(1)``: a character outside the BMP is
    two UTF-16 units there, and a lone surrogate has no upper case."""
    if not text or ord(text[0]) > 0xFFFF:
        return text
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# drawing


class Drawing(NamedTuple):
    """Everything a badge's SVG depends on, checked (see :func:`render`). A named tuple: one
    is made for every badge drawn, and a tuple is made, hashed and read at C speed."""

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
    id_prefix: str | None = None


def check(drawing: Drawing) -> None:
    """BadgeError for anything a drawing cannot be made of."""
    if not js_trim(drawing.message):
        raise BadgeError("a badge needs a message: it is empty")
    _check_options(
        drawing.color,
        drawing.label_color,
        drawing.style,
        drawing.link,
        drawing.message_link,
        drawing.logo,
        drawing.logo_color,
        drawing.logo_width,
        drawing.id_prefix,
    )


@functools.lru_cache(maxsize=256, typed=True)
def _check_options(
    color: str,
    label_color: str | None,
    style: str,
    link: str | None,
    message_link: str | None,
    logo: str | None,
    logo_color: str | None,
    logo_width: int | None,
    id_prefix: str | None,
) -> None:
    """The checks of what a pipeline passes with every badge, made once per set of options
    (a stream of badges repeats them; a failed check raises, and is not cached)."""
    if style not in STYLES:
        raise BadgeError(f"unknown badge style {style!r}: use one of {', '.join(STYLES)}")
    _color.parse_color(color)
    if label_color is not None:
        _color.parse_color(label_color)
    if link is not None:
        check_link(link, "link")
    if message_link is not None:
        check_link(message_link, "message_link")
    if logo is not None:
        check_logo(logo)
    if logo_color is not None:
        if logo is None:
            raise BadgeError("logo_color needs a logo")
        _color.parse_color(logo_color)
    if logo_width is not None:
        if logo is None:
            raise BadgeError("logo_width needs a logo")
        if isinstance(logo_width, bool) or not isinstance(logo_width, int) or logo_width > 100:
            raise BadgeError(f"logo_width must be an integer from 1 to 100, not {logo_width!r}")
        if logo_width < 1:
            raise BadgeError(f"logo_width must be an integer from 1 to 100, not {logo_width!r}")
    if id_prefix is not None and (
        not id_prefix or not _ID_CHARS.issuperset(id_prefix) or not id_prefix[0].isalpha()
    ):
        raise BadgeError(
            f"id_prefix {id_prefix!r} must start with a letter and hold only ASCII letters, "
            "digits, '-' and '_'"
        )


def _text_element(
    content: str,
    kind: int,
    x: float,
    y: int,
    width: float,
    fill: str,
    extra: str,
    shadow: tuple[str, str] | None,
    group_fill: str = "#fff",
) -> str:
    """The <text> of a section (after its shadow, if any): shaped and right-to-left text is
    bidi-isolated and never given textLength. ``shadow`` is (fill, attributes)."""
    position = f' x="{_num(x)}" y="'
    tail = '" transform="scale(.1)"'
    rest = ""
    if kind == _text.PLAIN and content.isascii():
        shown = content
    else:
        shown, rtl = _text.bidi_text(content)
        if rtl:
            rest = ' direction="rtl"'
    if kind != _text.SHAPED and shown is content:
        rest += f' textLength="{_num(10 * width)}"'
    body = f"{rest}>{escape(shown)}</text>"
    fill_attr = f' fill="{fill}"' if fill != group_fill else ""
    text = f"<text{position}{y}{tail}{fill_attr}{extra}{body}"
    if shadow is None:
        return text
    shadow_fill = f' fill="{shadow[0]}"' if shadow[0] != group_fill else ""
    return f"<text{position}{y + 10}{tail}{shadow_fill}{shadow[1]}{body}{text}"


def _linked(link: str | None, x: float, width: float, height: int, inner: str) -> str:
    """A section's text inside its own link, over a transparent rect that takes the clicks."""
    if link is None:
        return inner
    return (
        f'<a href="{escape(link)}"><rect'
        + (f' x="{_num(x)}"' if x else "")
        + f' width="{_num(width)}" height="{height}" fill="{_TRANSPARENT}"/>{inner}</a>'
    )


def _logo_element(drawing: Drawing, x: float, height: int, width: int) -> str:
    if drawing.logo is None:
        return ""
    svg = check_logo(drawing.logo)
    if drawing.logo_color is not None:
        svg = color_logo(svg, _color.parse_color(drawing.logo_color)[1])
    source = _SVG_DATA_URI + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<image x="{_num(x)}" y="{_num((height - _LOGO_HEIGHT) / 2)}" width="{width}" '
        f'height="{_LOGO_HEIGHT}" href="{source}"/>'
    )


@functools.lru_cache(maxsize=2048)
def render(drawing: Drawing) -> str:
    """The SVG of a checked drawing; same drawing, same bytes."""
    check(drawing)
    texts = _texts(drawing)
    if drawing.style in _SIMPLE_STYLES and drawing.logo is None and drawing.message_link is None:
        return _simple(drawing, *texts)
    if drawing.style == "social":
        return _social(drawing, *texts)
    return _standard(drawing, *texts)


def _texts(drawing: Drawing) -> tuple[str, str, str, str]:
    """(label, message, title, id) as drawn: trimmed, XML-safe, and the ids' prefix."""
    label = xml_safe(js_trim(drawing.label))
    message = xml_safe(js_trim(drawing.message))
    accessible = f"{label}: {message}" if label else message
    title = xml_safe(drawing.title) if drawing.title is not None else accessible
    fields = [
        drawing.style,
        label,
        message,
        drawing.color,
        drawing.label_color or "",
        drawing.title or "",
        drawing.link or "",
    ]
    if drawing.message_link or drawing.logo:
        fields += [
            drawing.message_link or "",
            check_logo(drawing.logo) if drawing.logo else "",
            drawing.logo_color or "",
            str(drawing.logo_width),
        ]
    digest = hashlib.blake2s(
        "\0".join(fields).encode("utf-8", "surrogatepass"), digest_size=5
    ).hexdigest()
    return label, message, title, f"{drawing.id_prefix or 'pv'}-{digest}"


def _open(width: float, height: int, title: str, links: tuple[str | None, str | None]) -> str:
    # With a link on each half, the badge is no image (role="img" would hide its links from
    # assistive technology); the <title> still names it, and each link reads its own text.
    role = "" if links[1] is not None else f' role="img" aria-label="{escape(title)}"'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{height}"'
        f"{role}><title>{escape(title)}</title>"
    )
    if links[0] is not None and links[1] is None:
        svg += f'<a href="{escape(links[0])}">'
    return svg


def _close(links: tuple[str | None, str | None]) -> str:
    return "</a></svg>" if links[0] is not None and links[1] is None else "</svg>"


def _standard(drawing: Drawing, label: str, message: str, title: str, ident: str) -> str:
    """flat, flat-square, plastic and for-the-badge."""
    style = drawing.style
    links = (drawing.link, drawing.message_link)
    has_logo = drawing.logo is not None
    logo_width = (drawing.logo_width or _LOGO_HEIGHT) if has_logo else 0
    if style == "for-the-badge":
        height, y, font_size, margin = 28, 175, 100, 12
        label = label.upper()
        message = message.upper()
        label_w, label_kind = _text.measure(label, _text.FONTS["10"])
        msg_w, msg_kind = _text.measure(message, _text.FONTS["10b"])
        # shaped text gets no letter spacing: it would tear the joins
        label_tw = (
            int(label_w) + (0 if label_kind == _text.SHAPED else 1.25 * _utf16_len(label))
            if label
            else 0.0
        )
        msg_tw = int(msg_w) + (0 if msg_kind == _text.SHAPED else 1.25 * _utf16_len(message))
        label_min = 9 + logo_width + 6 if has_logo else margin
        logo_x: float = 9
        if label or (has_logo and drawing.label_color is not None):
            left = label_min + label_tw + margin if label else 18 + logo_width
            msg_min = left + margin
            right = 2 * margin + msg_tw
        else:
            left = 0
            msg_min = margin + (logo_width + 6 if has_logo else 0)
            right = 2 * margin + msg_tw + (logo_width + 6 if has_logo else 0)
        label_x = 10 * (label_min + label_tw / 2)
        msg_x = 10 * (msg_min + msg_tw / 2)
        gradient = None
        has_left = left > 0
    else:
        height = 18 if style == "plastic" else 20
        y, font_size = (130 if style == "plastic" else 140), 110
        font = _text.FONTS["11"]
        label_w, label_kind = _text.measure(label, font)
        msg_w, msg_kind = _text.measure(message, font)
        has_left = bool(label) or drawing.label_color is not None
        label_tw = float(_round_up_to_odd(int(label_w))) if label else 0.0
        msg_tw = float(_round_up_to_odd(int(msg_w)))
        logo_total = logo_width + (3 if has_logo and label else 0)
        left = label_tw + 10 + logo_total if has_left else 0
        msg_margin = left - 1
        if not has_left:
            msg_margin += logo_total + 5 if has_logo else 1
        right = msg_tw + 10 + (logo_total + 4 if has_logo and not has_left else 0)
        label_x = 10 * (logo_total + 1 + label_tw / 2 + 5)
        msg_x = 10 * (msg_margin + msg_tw / 2 + 5)
        logo_x = 5
        gradient = None if style == "flat-square" else style
    width = left + right
    w, h = _num(width), str(height)

    right_bg, msg_fill, msg_shadow = _color.text_colors(
        _color.parse_color(drawing.color)[1], gradient
    )
    label_bg = _color.parse_color(drawing.label_color)[1] if drawing.label_color else "#555"
    label_bg, label_fill, label_shadow = _color.text_colors(label_bg, gradient)
    parts = [_open(width, height, title, links)]
    if gradient == "flat":
        parts.append(
            f'<linearGradient id="{ident}-s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
            f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        )
    elif gradient == "plastic":
        parts.append(
            f'<linearGradient id="{ident}-s" x2="0" y2="100%"><stop offset="0" stop-color="#fff" '
            'stop-opacity=".7"/><stop offset=".1" stop-color="#aaa" stop-opacity=".1"/>'
            '<stop offset=".9" stop-color="#000" stop-opacity=".3"/><stop offset="1" '
            'stop-color="#000" stop-opacity=".5"/></linearGradient>'
        )
    if gradient is not None:
        rx = 4 if gradient == "plastic" else 3
        parts.append(
            f'<clipPath id="{ident}-r"><rect width="{w}" height="{h}" rx="{rx}" fill="#fff"/>'
            f'</clipPath><g clip-path="url(#{ident}-r)">'
        )
    else:
        parts.append('<g shape-rendering="crispEdges">')
    if has_left:
        parts.append(f'<rect width="{_num(left)}" height="{h}" fill="{label_bg}"/>')
    parts.append(f'<rect x="{_num(left)}" width="{_num(right)}" height="{h}" fill="{right_bg}"/>')
    if gradient is not None:
        parts.append(f'<rect width="{w}" height="{h}" fill="url(#{ident}-s)"/>')
    hidden = "" if links[1] is not None else ' aria-hidden="true"'
    parts.append(
        f'</g><g fill="#fff" text-anchor="middle" font-family="{_FONT_FAMILY}" '
        f'text-rendering="geometricPrecision" font-size="{font_size}"{hidden}>'
    )
    parts.append(_logo_element(drawing, logo_x, height, logo_width))
    per_half = links[1] is not None
    # the text group is hidden from assistive technology unless it holds links
    shadow_attrs = ' fill-opacity=".3"' + (' aria-hidden="true"' if per_half else "")
    shadowed = gradient is not None
    if label:
        text = _text_element(
            label,
            label_kind,
            label_x,
            y,
            label_tw,
            label_fill,
            "",
            (label_shadow, shadow_attrs) if shadowed else None,
        )
        parts.append(_linked(links[0] if per_half else None, 0, left, height, text))
    bold = ' font-weight="bold"' if style == "for-the-badge" else ""
    text = _text_element(
        message,
        msg_kind,
        msg_x,
        y,
        msg_tw,
        msg_fill,
        bold,
        (msg_shadow, shadow_attrs) if shadowed else None,
    )
    parts.append(_linked(links[1], left, right, height, text))
    parts.append("</g>")
    parts.append(_close(links))
    return "".join(parts)


# The badges pipelines draw by the thousand: flat, flat-square or plastic, no logo, one link at
# most. Every number of their layout is a whole number, and the frame is one template, so they
# skip _standard's general layout; a test holds the two to the same bytes for every input.
_SIMPLE_STYLES: Final = frozenset(("flat", "flat-square", "plastic"))
_GLYPHS: Final = (
    f'</g><g fill="#fff" text-anchor="middle" font-family="{_FONT_FAMILY}" '
    'text-rendering="geometricPrecision" font-size="110" aria-hidden="true">'
)
_SHADOW: Final = ' fill-opacity=".3"'


def _simple(drawing: Drawing, label: str, message: str, title: str, ident: str) -> str:
    """:func:`_standard` for flat, flat-square and plastic badges without a logo or
    ``message_link``."""
    style = drawing.style
    font = _text.FONTS["11"]
    msg_w, msg_kind = _text.measure(message, font)
    msg_tw = int(msg_w) | 1  # rounded up to odd, as badge-maker does
    right = msg_tw + 10
    if label:
        label_w, label_kind = _text.measure(label, font)
        label_tw = int(label_w) | 1
        left = label_tw + 10
    else:
        label_tw = label_kind = 0
        left = 10 if drawing.label_color is not None else 0
    width = left + right
    gradient = None if style == "flat-square" else style
    right_bg, msg_fill, msg_shadow = _color.text_colors(
        _color.parse_color(drawing.color)[1], gradient
    )
    if left:
        label_bg = _color.parse_color(drawing.label_color)[1] if drawing.label_color else "#555"
        label_bg, label_fill, label_shadow = _color.text_colors(label_bg, gradient)
    if style == "plastic":
        height, y = 18, 130
    else:
        height, y = 20, 140
    shown = escape(title)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{shown}"><title>{shown}</title>'
    )
    if drawing.link is not None:
        head += f'<a href="{escape(drawing.link)}">'
    left_rect = f'<rect width="{left}" height="{height}" fill="{label_bg}"/>' if left else ""
    rects = f'{left_rect}<rect x="{left}" width="{right}" height="{height}" fill="{right_bg}"/>'
    if gradient is None:
        frame = f'<g shape-rendering="crispEdges">{rects}'
        label_shade = msg_shade = None
    else:
        frame = (
            f'<linearGradient id="{ident}-s" x2="0" y2="100%">{_STOPS[gradient]}</linearGradient>'
            f'<clipPath id="{ident}-r"><rect width="{width}" height="{height}" '
            f'rx="{4 if gradient == "plastic" else 3}" fill="#fff"/></clipPath>'
            f'<g clip-path="url(#{ident}-r)">{rects}'
            f'<rect width="{width}" height="{height}" fill="url(#{ident}-s)"/>'
        )
        msg_shade = (msg_shadow, _SHADOW)
        label_shade = (label_shadow, _SHADOW) if left else None
    label_text = (
        _text_element(
            label, label_kind, 60 + 5 * label_tw, y, label_tw, label_fill, "", label_shade
        )
        if label
        else ""
    )
    msg_x = 10 * (left - 1 if left else 0) + 5 * msg_tw + 50
    msg_text = _text_element(message, msg_kind, msg_x, y, msg_tw, msg_fill, "", msg_shade)
    tail = "</g></a></svg>" if drawing.link is not None else "</g></svg>"
    return f"{head}{frame}{_GLYPHS}{label_text}{msg_text}{tail}"


_STOPS: Final = {
    "flat": '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
    '<stop offset="1" stop-opacity=".1"/>',
    "plastic": '<stop offset="0" stop-color="#fff" stop-opacity=".7"/><stop offset=".1" '
    'stop-color="#aaa" stop-opacity=".1"/><stop offset=".9" stop-color="#000" '
    'stop-opacity=".3"/><stop offset="1" stop-color="#000" stop-opacity=".5"/>',
}


def _social(drawing: Drawing, label: str, message: str, title: str, ident: str) -> str:
    """shields' social style: a light label box and a speech bubble, colours fixed."""
    links = (drawing.link, drawing.message_link)
    label = _capitalize(label)
    has_logo = drawing.logo is not None
    logo_width = (drawing.logo_width or _LOGO_HEIGHT) if has_logo else 0
    logo_total = logo_width + (3 if has_logo and label else 0)
    font = _text.FONTS["11b"]
    label_w, label_kind = _text.measure(label, font)
    msg_w, msg_kind = _text.measure(message, font)
    label_tw = _round_up_to_odd(int(label_w))
    msg_tw = _round_up_to_odd(int(msg_w))
    label_rect = label_tw + logo_total + 10
    msg_rect = msg_tw + 8
    width = label_rect + 1 + 6 + msg_rect
    bubble_x = label_rect + 6.5
    parts = [
        _open(width, 20, title, links),
        f"<style>a:hover #{ident}-l{{fill:url(#{ident}-b);stroke:#ccc}}"
        f"a:hover #{ident}-m{{fill:#4183c4}}</style>"
        f'<linearGradient id="{ident}-a" x2="0" y2="100%"><stop offset="0" stop-color="#fcfcfc" '
        f'stop-opacity="0"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<linearGradient id="{ident}-b" x2="0" y2="100%"><stop offset="0" stop-color="#ccc" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<g stroke="#d5d5d5"><rect stroke="none" fill="#fcfcfc" x=".5" y=".5" '
        f'width="{label_rect}" height="19" rx="2"/><rect x="{_num(bubble_x)}" y=".5" '
        f'width="{msg_rect}" height="19" rx="2" fill="#fafafa"/><rect x="{label_rect + 6}" '
        f'y="7.5" width=".5" height="5" stroke="#fafafa"/><path d="M{_num(bubble_x)} 6.5 '
        f'l-3 3v1 l3 3" fill="#fafafa"/></g>',
        _logo_element(drawing, 5, 20, logo_width),
    ]
    hidden = "" if links[1] is not None else ' aria-hidden="true"'
    parts.append(
        f'<g fill="#333" text-anchor="middle" font-family="{_SOCIAL_FONT_FAMILY}" '
        f'text-rendering="geometricPrecision" font-weight="700" font-size="110px"{hidden}>'
    )
    shadow = ("#fff", ' aria-hidden="true"')
    box = (
        f'<rect id="{ident}-l" stroke="#d5d5d5" fill="url(#{ident}-a)" x=".5" y=".5" '
        f'width="{label_rect}" height="19" rx="2"/>'
    )
    label_text = ""
    if label:
        x = 10 * (logo_total + label_tw / 2 + 5)
        label_text = _text_element(
            label, label_kind, x, 140, label_tw, "#333", "", shadow, group_fill="#333"
        )
    per_half = links[1] is not None
    if links[0] is not None and per_half:
        parts.append(f'<a href="{escape(links[0])}">{label_text}{box}</a>')
    else:
        parts.append(box + label_text)
    x = 10 * (label_rect + 6 + msg_rect / 2)
    text = _text_element(
        message, msg_kind, x, 140, msg_tw, "#333", f' id="{ident}-m"', shadow, group_fill="#333"
    )
    parts.append(_linked(links[1], label_rect + 6, msg_rect + 1, 20, text))
    parts.append("</g>")
    parts.append(_close(links))
    return "".join(parts)
