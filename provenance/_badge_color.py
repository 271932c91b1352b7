"""Badge colours: every form badge-maker accepts, and text colours that meet WCAG AA.

Private machinery of :mod:`provenance.badge`.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from typing import Final

from provenance.errors import BadgeError

__all__ = [
    "CSS_COLORS",
    "FORMS",
    "SHIELDS_ALIASES",
    "SHIELDS_COLORS",
    "SHIELDS_NAMES",
    "contrast",
    "luminance",
    "mix",
    "parse_color",
    "rgb_of",
    "text_colors",
    "to_hex",
]

# shields.io's named colours (badge-maker's color.js), and its aliases.
SHIELDS_COLORS: Final = {
    "brightgreen": "#4b0",
    "green": "#67ac09",
    "yellow": "#d8b800",
    "yellowgreen": "#95991a",
    "orange": "#ea7233",
    "red": "#dd4343",
    "blue": "#007ec6",
    "grey": "#555",
    "lightgrey": "#939393",
}
SHIELDS_ALIASES: Final = {
    "gray": "grey",
    "lightgray": "lightgrey",
    "critical": "red",
    "important": "orange",
    "success": "brightgreen",
    "informational": "blue",
    "inactive": "lightgrey",
}
# CSS named colours (CSS Color Module Level 4); shields' names above take precedence.
CSS_COLORS: Final = dict(
    item.split(":")
    for item in """
    aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff
    beige:f5f5dc bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff
    blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00
    chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c
    cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9
    darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b
    darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000
    darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f
    darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493
    deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222
    floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff
    gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080
    honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c
    lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd
    lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2
    lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a
    lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899
    lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6
    magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd
    mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee
    mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585
    midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5
    navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23
    orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98
    paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9
    peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080
    rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513
    salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d
    silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090
    snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8
    tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff
    whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32
""".replace("\n", " ").split(" ")
    if item
)


SHIELDS_NAMES: Final = tuple(sorted({*SHIELDS_COLORS, *SHIELDS_ALIASES}))
_HEX_DIGITS: Final = frozenset("0123456789abcdef")
_AA: Final = 4.5  # WCAG AA contrast for normal text

# The functional forms badge-maker accepts (its css-color-converter 2.0's patterns): rgb() and
# rgba() with integers or percentages, comma- or space-separated (alpha after "/" with spaces),
# hsl() and hsla() with a hue in deg, rad, grad or turn.
_ALPHA = r"(0|1|0?\.\d+|\d+%)"
_RGB_FORMS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        rf"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)(?:\s*,\s*{_ALPHA})?\s*\)",
        rf"rgba?\(\s*(\d+%)\s*,\s*(\d+%)\s*,\s*(\d+%)(?:\s*,\s*{_ALPHA})?\s*\)",
        rf"rgba?\(\s*(\d+)\s+(\d+)\s+(\d+)(?:\s*/\s*{_ALPHA})?\s*\)",
        rf"rgba?\(\s*(\d+%)\s+(\d+%)\s+(\d+%)(?:\s*/\s*{_ALPHA})?\s*\)",
    )
)
_HSL_FORM: Final = re.compile(
    rf"hsla?\(\s*(\d+)(deg|rad|grad|turn)?\s*,\s*(\d+)%\s*,\s*(\d+)%(?:\s*,\s*{_ALPHA})?\s*\)"
)
_DEGREES_PER: Final = {"deg": 1.0, "rad": 180 / math.pi, "grad": 0.9, "turn": 360.0}
FORMS: Final = (
    "a shields.io name ("
    + ", ".join(SHIELDS_NAMES)
    + "), a CSS colour name ('teal'), hex with or without '#' ('#abc', 'abc', '#aabbcc', "
    "'aabbcc'; '#rgba' and '#rrggbbaa' with alpha), rgb(0,128,0), rgba(0,128,0,0.5), "
    "hsl(120,100%,25%) or hsla(120,100%,25%,0.5)"
)
"""The colour forms, as an error message lists them."""


def _alpha(text: str | None) -> float:
    if text is None:
        return 1.0
    value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    return min(value, 1.0)


def _flatten(r: float, g: float, b: float, alpha: float) -> str:
    """Hex of a colour, see-through colours laid on white (text contrast cannot be judged on a
    background that shows whatever is behind the badge)."""
    if alpha < 1:
        r, g, b = (255 + (c - 255) * alpha for c in (r, g, b))
    return to_hex((r, g, b))


def _functional(key: str) -> str | None:
    """SVG hex for an rgb()/rgba()/hsl()/hsla() colour, channels cut to integers as
    css-color-converter does; None if ``key`` is none of them."""
    for form in _RGB_FORMS:
        found = form.fullmatch(key)
        if found is not None:
            channels = [
                int(int(c[:-1]) * 255 / 100) if c.endswith("%") else int(c)
                for c in found.groups()[:3]
            ]
            r, g, b = (min(c, 255) for c in channels)
            return _flatten(r, g, b, _alpha(found[4]))
    found = _HSL_FORM.fullmatch(key)
    if found is None:
        return None
    # css-color-converter's own arithmetic (colorsys differs by one in the last bit)
    hue = float(found[1]) * _DEGREES_PER[found[2] or "deg"] / 60
    sat, light = min(float(found[3]), 100) / 100, min(float(found[4]), 100) / 100
    chroma = (1 - abs(2 * light - 1)) * sat
    x = chroma * (1 - abs(math.fmod(hue, 2) - 1))
    m = light - chroma / 2
    sextant = (
        (chroma, x, 0.0),
        (x, chroma, 0.0),
        (0.0, chroma, x),
        (0.0, x, chroma),
        (x, 0.0, chroma),
        (chroma, 0.0, x),
    )[min(int(hue), 5)]
    r, g, b = (min(max(int((c + m) * 255), 0), 255) for c in sextant)
    return _flatten(r, g, b, _alpha(found[5]))


@functools.lru_cache(maxsize=512)
def parse_color(color: str) -> tuple[str, str]:
    """(the colour for shields, SVG hex) for any colour badge-maker accepts, or a BadgeError
    that lists the forms. Names and hex are matched without regard to case."""
    key = color.strip().lower()
    name = SHIELDS_ALIASES.get(key, key)
    if name in SHIELDS_COLORS:
        return key, SHIELDS_COLORS[name]
    if key in CSS_COLORS:
        return key, "#" + CSS_COLORS[key]
    digits = key[1:] if key.startswith("#") else key
    if len(digits) in (3, 6) and _HEX_DIGITS.issuperset(digits):
        return digits, "#" + digits
    if key.startswith("#") and len(digits) in (4, 8) and _HEX_DIGITS.issuperset(digits):
        if len(digits) == 4:
            digits = "".join(d * 2 for d in digits)
        alpha = int(digits[6:], 16) / 255
        return key, _flatten(*rgb_of("#" + digits[:6]), alpha)
    if key.startswith(("rgb", "hsl")):
        found = _functional(key)
        if found is not None:
            return key, found
    raise BadgeError(f"unknown colour {color!r}: use {FORMS}")


def rgb_of(hex_color: str) -> tuple[float, float, float]:
    digits = hex_color[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with 0–255 channels."""
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def mix(
    rgb: tuple[float, float, float], other: tuple[float, float, float], t: float
) -> tuple[float, float, float]:
    return (
        rgb[0] + (other[0] - rgb[0]) * t,
        rgb[1] + (other[1] - rgb[1]) * t,
        rgb[2] + (other[2] - rgb[2]) * t,
    )


_WHITE: Final = (255.0, 255.0, 255.0)
_BLACK: Final = (0.0, 0.0, 0.0)
_TEXT_COLORS: Final = {"#fff": 1.0, "#333": luminance((51, 51, 51)), "#000": 0.0}


# Each style's gradient as (offset, grey level, opacity) stops, and the part of the badge's
# height its glyphs cover: flat's middle half; plastic's baseline sits at 13 of 18 px.
_GRADIENTS: Final = {
    "flat": (((0.0, 187.0, 0.1), (1.0, 0.0, 0.1)), (0.25, 0.75)),
    "plastic": (
        ((0.0, 255.0, 0.7), (0.1, 170.0, 0.1), (0.9, 0.0, 0.3), (1.0, 0.0, 0.5)),
        (0.25, 0.85),
    ),
}


@functools.lru_cache(maxsize=8)
def _overlays(gradient: str) -> tuple[tuple[float, float], ...]:
    """(grey, opacity) of the gradient at 11 heights across its glyphs."""
    stops, (top, bottom) = _GRADIENTS[gradient]
    out = []
    for i in range(11):
        t = top + (bottom - top) * i / 10
        for (t0, grey0, a0), (t1, grey1, a1) in itertools.pairwise(stops):
            if t <= t1:
                f = (t - t0) / (t1 - t0)
                out.append((grey0 + (grey1 - grey0) * f, a0 + (a1 - a0) * f))
                break
    return tuple(out)


def backgrounds(rgb: tuple[float, float, float], gradient: str | None) -> list[float]:
    """Luminances a text may sit on: under a style's gradient (``flat``, ``plastic``), at
    heights across its glyphs."""
    if gradient is None:
        return [luminance(rgb)]
    return [luminance(mix(rgb, (grey, grey, grey), alpha)) for grey, alpha in _overlays(gradient)]


@functools.lru_cache(maxsize=512)
def text_colors(background: str, gradient: str | None) -> tuple[str, str, str]:
    """(background, text colour, shadow colour) with text contrast of at least 4.5:1, under
    ``gradient`` (the style whose gradient overlays the background, or None).

    shields' own choice (white, or #333 on light colours) when it meets WCAG AA, else the
    other, else black; if none does (mid-tones under a gradient), the background is
    darkened or lightened just enough.
    """
    rgb = rgb_of(background)
    lums = backgrounds(rgb, gradient)
    # shields' choice: YIQ brightness above 0.69 gets dark text
    bright = (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 255000 > 0.69
    order = ("#333", "#fff", "#000") if bright else ("#fff", "#333", "#000")
    for text in order:
        if all(contrast(_TEXT_COLORS[text], lum) >= _AA for lum in lums):
            return background, text, "#ccc" if text != "#fff" else "#010101"
    step = 0.0
    while True:
        step += 0.02
        darker = to_hex(mix(rgb, _BLACK, step))  # judge the colour as written, after rounding
        if all(contrast(1.0, lum) >= _AA for lum in backgrounds(rgb_of(darker), gradient)):
            return darker, "#fff", "#010101"
        lighter = to_hex(mix(rgb, _WHITE, step))
        if all(contrast(0.0, lum) >= _AA for lum in backgrounds(rgb_of(lighter), gradient)):
            return lighter, "#000", "#ccc"


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)
