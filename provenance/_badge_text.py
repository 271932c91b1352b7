"""Text measuring and bidi isolation for badges (private; used by :mod:`provenance.badge`).

Two paths. The fast one sums shields.io's own Verdana widths per code point, exactly as
badge-maker does, so Latin, Greek, Cyrillic, CJK ideographs and arrows give shields' widths. Text
with anything those tables lack or get wrong (Arabic, Persian, Hebrew, Devanagari, Thai, kana,
Hangul, emoji, joiners) takes the slow path: a small joining-form pass over precomputed
HarfBuzz-shaped advances (see ``tools/gen_badge_widths.py``), still pure Python. Shaped text is
drawn without ``textLength``, so the Latin, digits, punctuation and arrows beside shaped words
are measured there as they are drawn (DejaVu Sans), not at shields' widths.
"""

from __future__ import annotations

import base64
import bisect
import re
import unicodedata
import zlib

from provenance import _badge_widths as _data

__all__ = ["PLAIN", "SHAPED", "WIDE", "Font", "bidi_text", "measure"]

PLAIN = 0  # measured exactly as shields does
WIDE = 1  # measured by us, but textLength is harmless (kana, Hangul, emoji)
SHAPED = 2  # shaped or right-to-left: never stretch it with textLength

# Arabic joining types.
_U, _R, _D, _C, _L, _T = 0, 1, 2, 3, 4, 5
_JOINS_NEXT = (_D, _C, _L)
_JOINS_PREV = (_R, _D, _C)
_LAM = 0x0644
_VIRAMA = 0x094D
_RA = 0x0930
_ZWJ = 0x200D
_EMOJI_EM = 1.25  # Noto Color Emoji's advance (2550/2048 em); Apple's and Segoe's are close

# Invisible characters we measure as zero even where shields gives them a width.
_ZERO = frozenset((0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069)).union(
    range(0xFE00, 0xFE10), range(0xE0000, 0xE0080), range(0xE0100, 0xE01F0)
)

# Complex scripts we have no tables for: never stretched, measured as shields' em guess.
_OTHER_SHAPED = (
    (0x0700, 0x08FF),  # Syriac, Thaana, NKo, Samaritan, Mandaic
    (0x0980, 0x0DFF),  # Bengali … Sinhala
    (0x0E80, 0x0FFF),  # Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
)


def _decode(data: str) -> list[int]:
    raw = zlib.decompress(base64.b85decode(data))
    out: list[int] = []
    value = shift = 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            out.append(value)
            value = shift = 0
    return out


_joining: dict[int, int] | None = None


def _joining_types() -> dict[int, int]:
    global _joining
    if _joining is None:
        ints = _decode(_data.JOINING)
        table: dict[int, int] = {}
        cp = -1
        for i in range(0, len(ints), 2):
            cp += ints[i] + 1
            table[cp] = ints[i + 1]
        _joining = table
    return _joining


class Font:
    """One badge font: shields' width table plus our shaped tables, decoded on first use."""

    __slots__ = (
        "_ends",
        "_starts",
        "_widths",
        "cache",
        "conjuncts",
        "drawn",
        "em",
        "half",
        "key",
        "lam_alef",
        "shaped",
        "size",
    )

    def __init__(self, key: str, size: float) -> None:
        self.key = key
        self.em = size  # replaced by shields' width of "m" once loaded
        self.cache: dict[str, float] = {}
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._widths: list[float] = []
        self.shaped: dict[int, tuple[float, float, float, float]] = {}
        self.half: dict[int, float] = {}
        self.lam_alef: dict[int, tuple[float, float]] = {}
        self.conjuncts: dict[tuple[int, int], float] = {}
        self.drawn: dict[int, float] = {}
        self.size = size

    def _load(self) -> None:
        ints = _decode(_data.SIMPLE[self.key])
        end = -1
        for i in range(0, len(ints), 3):
            start = end + 1 + ints[i]
            end = start + ints[i + 1]
            self._starts.append(start)
            self._ends.append(end)
            self._widths.append(ints[i + 2] / 100)
        ints = _decode(_data.SHAPED[self.key])
        cp = -1
        for i in range(0, len(ints), 5):
            cp += ints[i] + 1
            self.shaped[cp] = (
                ints[i + 1] / 100,
                ints[i + 2] / 100,
                ints[i + 3] / 100,
                ints[i + 4] / 100,
            )
        ints = _decode(_data.HALF[self.key])
        cp = -1
        for i in range(0, len(ints), 2):
            cp += ints[i] + 1
            self.half[cp] = ints[i + 1] / 100
        ints = _decode(_data.LAM_ALEF[self.key])
        for i in range(0, len(ints), 3):
            self.lam_alef[ints[i]] = (ints[i + 1] / 100, ints[i + 2] / 100)
        ints = _decode(_data.CONJUNCTS[self.key])
        for i in range(0, len(ints), 3):
            self.conjuncts[ints[i], ints[i + 1]] = ints[i + 2] / 100
        ints = _decode(_data.DRAWN[self.key])
        cp = -1
        for i in range(0, len(ints), 2):
            cp += ints[i] + 1
            self.drawn[cp] = ints[i + 1] / 100
        self.em = self.table_width(ord("m")) or self.size

    def table_width(self, cp: int) -> float | None:
        """shields' width of one code point, or None where its table has none (or we differ)."""
        if not self._starts:
            self._load()
        if cp <= 31 or cp == 127:
            return 0.0
        i = bisect.bisect_right(self._starts, cp) - 1
        if i >= 0 and cp <= self._ends[i]:
            return self._widths[i]
        return None


FONTS: dict[str, Font] = {key: Font(key, 11.0 if key == "11" else 10.0) for key in _data.SIMPLE}


def measure(text: str, font: Font) -> tuple[float, int]:
    """Width of ``text`` in px (unrounded) and how it was measured (PLAIN, WIDE or SHAPED)."""
    cache = font.cache
    try:  # every character seen before: summed at C speed
        return sum(map(cache.__getitem__, text), 0.0), PLAIN
    except KeyError:
        pass
    total = 0.0
    for ch in text:
        w = cache.get(ch)
        if w is None:
            w = font.table_width(ord(ch))
            if w is None:
                return _measure_complex(text, font)
            cache[ch] = w
        total += w
    return total, PLAIN


def _measure_complex(text: str, font: Font) -> tuple[float, int]:
    cps = [ord(ch) for ch in text]
    n = len(cps)
    joining = _joining_types()
    types = []
    for cp in cps:
        t = joining.get(cp)
        if t is None:
            t = _T if unicodedata.category(chr(cp)) in ("Mn", "Me", "Cf") and cp != 0x200C else _U
        types.append(t)
    joins_prev = [False] * n
    joins_next = [False] * n
    prev = -1
    for i, t in enumerate(types):
        if t == _T:
            continue
        if prev >= 0 and types[prev] in _JOINS_NEXT and t in _JOINS_PREV:
            joins_prev[i] = joins_next[prev] = True
        prev = i

    kind = WIDE
    total = 0.0
    # what shields' table measures, as shields measures it (stretched to that width by
    # textLength) and as it is drawn beside shaped text (no textLength: its own width)
    table_total = drawn_total = 0.0
    drawn = font.drawn
    skip: set[int] = set()
    shaped, half, lam_alef = font.shaped, font.half, font.lam_alef
    for i, cp in enumerate(cps):
        if i in skip:
            continue
        forms = shaped.get(cp)
        if forms is not None:
            kind = SHAPED
            if cp == _LAM:
                j = i + 1
                while j < n and types[j] == _T:
                    j += 1
                if j < n and cps[j] in lam_alef:
                    total += lam_alef[cps[j]][1 if joins_prev[i] else 0]
                    skip.add(j)
                    continue
            if cp in half and i + 2 < n and cps[i + 1] == _VIRAMA and cps[i + 2] in half:
                skip.add(i + 1)
                conjunct = font.conjuncts.get((cp, cps[i + 2]))
                if conjunct is not None:  # a ligature such as क्ष or ज्ञ
                    skip.add(i + 2)
                    total += conjunct
                elif cps[i + 2] == _RA:  # rakar: a mark under the full consonant
                    skip.add(i + 2)
                    total += forms[0]
                else:
                    total += half[cp]
                continue
            total += forms[
                (2 if joins_next[i] else 3) if joins_prev[i] else (1 if joins_next[i] else 0)
            ]
            continue
        if cp in _ZERO:
            continue
        if 0x1F000 <= cp <= 0x1FAFF:
            if 0x1F3FB <= cp <= 0x1F3FF and i and 0x1F000 <= cps[i - 1] <= 0x1FAFF:
                continue  # skin tone modifier
            if i >= 2 and cps[i - 1] == _ZWJ:
                continue  # part of a ZWJ sequence drawn as one glyph
            if 0x1F1E6 <= cp <= 0x1F1FF and i + 1 < n and 0x1F1E6 <= cps[i + 1] <= 0x1F1FF:
                skip.add(i + 1)  # a flag: two regional indicators, one glyph
            total += _EMOJI_EM * font.size
            continue
        if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xAC00 <= cp <= 0xD7A3:
            total += font.size  # kana and Hangul syllables are one em in every CJK font
            continue
        if 0x1100 <= cp <= 0x115F or 0x3130 <= cp <= 0x318F:
            total += font.size
            continue
        if 0x1160 <= cp <= 0x11FF:
            continue  # conjoining jamo vowels and finals join the leading consonant
        w = font.table_width(cp)
        if w is not None:
            table_total += w
            drawn_total += drawn.get(cp, w)
            continue
        if 0xFFA1 <= cp <= 0xFFDC:
            total += font.size / 2
            continue
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL") or any(
            a <= cp <= b for a, b in _OTHER_SHAPED
        ):
            kind = SHAPED
        if unicodedata.category(chr(cp))[0] == "M":
            continue
        total += font.em
    return total + (drawn_total if kind == SHAPED else table_total), kind


_LRI, _RLI, _PDI = "\u2066", "\u2067", "\u2069"
# Every right-to-left (bidi class R or AL) code point lies in these blocks (a test checks it
# against unicodedata): text with none of them skips the per-character bidi pass.
_MAYBE_RTL = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_STRONG_RTL = ("R", "AL")
_RUN_LTR = ("L", "EN", "NSM")
_RUN_RTL = ("R", "AL", "AN", "EN", "NSM")


def bidi_text(text: str) -> tuple[str, bool]:
    """``text`` with right-to-left (or, in RTL text, left-to-right) runs isolated, and whether
    the text is right-to-left (its first strong character is).

    Runs of the other direction are wrapped in isolates (U+2066/U+2067 … U+2069) so neutral
    characters between them cannot be reordered across a run; an RTL text is wrapped whole in
    an RLI, so it reads right to left even where a renderer ignores SVG's ``direction``.

    >>> bidi_text("fa: فارسی")
    ('fa: \\u2067فارسی\\u2069', False)
    """
    if not _MAYBE_RTL.search(text):
        return text, False
    classes = [unicodedata.bidirectional(ch) for ch in text]
    if not any(c in _STRONG_RTL for c in classes):
        return text, False
    rtl = next(c for c in classes if c in _STRONG_RTL or c == "L") != "L"
    starts, runs = (("L",), _RUN_LTR) if rtl else (_STRONG_RTL, _RUN_RTL)
    opener = _LRI if rtl else _RLI
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if classes[i] not in starts:
            out.append(text[i])
            i += 1
            continue
        end = i  # last index of the run: extend over run classes and neutrals between them
        j = i + 1
        while j < n and classes[j] not in (("R", "AL") if rtl else ("L",)):
            if classes[j] in runs or classes[j] in starts:
                end = j
            j += 1
        out.append(opener + text[i : end + 1] + _PDI)
        i = end + 1
    body = "".join(out)
    return (_RLI + body + _PDI, True) if rtl else (body, False)
