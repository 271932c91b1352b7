"""Generate ``provenance/_badge_widths.py`` and the badge reference data for the tests.

Run from the repository root::

    npm install --prefix tools/badge_reference      # shields.io's badge-maker, once
    python tools/gen_badge_widths.py

Inputs (build tools only, never needed at run time):

* shields.io's width tables (the ``anafanafo`` package that ``badge-maker`` uses): Verdana 11px
  for the flat styles, Verdana 10px and bold 10px for ``for-the-badge``.
* uharfbuzz + fonttools, and the fonts a Linux browser falls back to for the scripts those tables
  lack: DejaVu Sans (Arabic, Persian, Hebrew) and Noto Sans Devanagari/Thai (Debian's
  ``fonts-dejavu-core`` and ``fonts-noto-core``).
* Unicode's ``ArabicShaping.txt`` for joining types (Debian's ``unicode-data``).

Outputs:

* ``provenance/_badge_widths.py``: compact tables (zlib + base85 of varints), decoded lazily.
* ``tests/data/badge/reference.json``: badge-maker's own section widths for a few hundred
  label/message pairs in each style, without and with a logo, read back from the SVG it renders (via
  ``tools/badge_reference/widths.js``).
* ``tests/data/badge/colors.json``: for each of ~230 colours in every form, whether badge-maker
  accepts it and the channels it reads from it (via ``tools/badge_reference/colors.js``).
* ``tests/data/badge/shaped_words.json``: for the browser test, the HarfBuzz width of Arabic,
  Persian and Hebrew words as drawn (joined) and as isolated letters would be, in the badge
  fonts (``--words-only`` writes just this file).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import subprocess
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "tools" / "badge_reference"
OUT_MODULE = ROOT / "provenance" / "_badge_widths.py"
OUT_REFERENCE = ROOT / "tests" / "data" / "badge" / "reference.json"
# The logo drawn in the reference badges' logo_widths: a square, as badge-maker's logoBase64.
REFERENCE_LOGO = "data:image/svg+xml;base64," + base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg>'
).decode("ascii")
OUT_COLORS = ROOT / "tests" / "data" / "badge" / "colors.json"
OUT_WORDS = ROOT / "tests" / "data" / "badge" / "shaped_words.json"
# Words the browser test draws: joined, a word is much narrower than its isolated letters.
BROWSER_WORDS = (
    "فارسی",
    "انگلیسی",
    "شفقنا",
    "ترجمه",
    "خبرگزاری",
    "رئیس‌جمهور",
    "العربية",
    "الرئاسة",
    "السورية",
    "سلام",
    "مترجم",
    "עברית",
    "מקור",
)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO = Path("/usr/share/fonts/truetype/noto")
ARABIC_SHAPING = Path("/usr/share/unicode/ArabicShaping.txt")

# Font keys: the badge fonts shields measures with.
#   "11"  : 11px regular (flat, flat-square)
#   "10"  : 10px regular (for-the-badge label)
#   "10b" : 10px bold    (for-the-badge message)
#   "11b" : Helvetica 11px bold (social). Chromium on Linux draws the fallback of social's
#           Helvetica bold for Arabic and Hebrew in *regular* DejaVu Sans (measured by
#           tests/test_badge_browser.py), so its shaped and drawn tables are those of "11".
FONTS: dict[str, tuple[str, float, bool]] = {
    "11": ("verdana-11px-normal.json", 11.0, False),
    "10": ("verdana-10px-normal.json", 10.0, False),
    "10b": ("verdana-10px-bold.json", 10.0, True),
    "11b": ("helvetica-11px-bold.json", 11.0, False),
}
SHARED_SHAPED = {"11b": "11"}
# Characters measured as drawn (DejaVu Sans) when they sit in shaped text, which gets no
# textLength: Latin, punctuation, arrows and digits beside Arabic or Hebrew words are then drawn
# at their own width, not stretched to shields' Verdana width.
DRAWN_RANGES = [(0x20, 0x24F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x27F0, 0x27FF)]

ZWJ = 0x200D
VIRAMA = 0x094D
KA = 0x0915

# Scripts we measure ourselves from shaped text: (name, code point ranges, font files).
SHAPED_SCRIPTS: list[tuple[str, list[tuple[int, int]], list[str]]] = [
    (
        "arabic",
        [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
        ["dejavu:DejaVuSans", "noto:NotoSansArabic"],
    ),
    ("hebrew", [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)], ["dejavu:DejaVuSans", "noto:NotoSansHebrew"]),
    ("devanagari", [(0x0900, 0x097F), (0xA8E0, 0xA8FF)], ["noto:NotoSansDevanagari"]),
    ("thai", [(0x0E00, 0x0E7F)], ["noto:NotoSansThai"]),
]
# A base letter to hang combining marks on, per script.
MARK_BASE = {"arabic": "\u0628", "hebrew": "\u05d0", "devanagari": "\u0915", "thai": "\u0e01"}

# Characters that shields measures but we treat ourselves (invisible joiners and selectors).
OVERRIDDEN = {0x200C, 0x200D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F}
OVERRIDDEN.update(range(0xFE00, 0xFE10))
OVERRIDDEN.update(range(0xE0000, 0xE0080))
OVERRIDDEN.update(range(0xE0100, 0xE01F0))


# ---------------------------------------------------------------------------------------------
# encoding


def encode(ints: Iterable[int]) -> str:
    """Encode non-negative ints as base85 of zlib-compressed LEB128 varints."""
    out = bytearray()
    for value in ints:
        if value < 0:
            raise ValueError(f"cannot encode negative {value}")
        while True:
            byte = value & 0x7F
            value >>= 7
            if value:
                out.append(byte | 0x80)
            else:
                out.append(byte)
                break
    return base64.b85encode(zlib.compress(bytes(out), 9)).decode("ascii")


def hundredths(width: float) -> int:
    value = round(width * 100)
    if abs(value - width * 100) > 1e-6:
        raise ValueError(f"width {width} has more than two decimals")
    return value


# ---------------------------------------------------------------------------------------------
# shields' tables


def anafanafo_dir() -> Path:
    for candidate in sorted(REFERENCE_DIR.glob("node_modules/**/anafanafo/data")):
        return candidate
    sys.exit("anafanafo not found: run `npm install --prefix tools/badge_reference` first")


def load_simple(name: str) -> list[tuple[int, int, int]]:
    """shields' ranges (first, last, width in 1/100 px), minus what we measure ourselves."""
    data = json.loads((anafanafo_dir() / name).read_text())
    ranges: list[tuple[int, int, int]] = []
    for first, last, width in data:
        run_start: int | None = None
        for cp in range(first, last + 1):
            ours = cp in OVERRIDDEN or unicodedata.bidirectional(chr(cp)) in ("R", "AL")
            if ours:
                if run_start is not None:
                    ranges.append((run_start, cp - 1, hundredths(width)))
                    run_start = None
            elif run_start is None:
                run_start = cp
        if run_start is not None:
            ranges.append((run_start, last, hundredths(width)))
    return ranges


def simple_ints(ranges: Sequence[tuple[int, int, int]]) -> list[int]:
    ints: list[int] = []
    previous_end = -1
    for first, last, width in ranges:
        ints += [first - previous_end - 1, last - first, width]
        previous_end = last
    return ints


# ---------------------------------------------------------------------------------------------
# shaped scripts


class Shaper:
    def __init__(self, path: Path) -> None:
        import uharfbuzz as hb  # type: ignore[import-untyped]
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        self.hb = hb
        self.font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
        ttfont = TTFont(str(path))
        self.upem = ttfont["head"].unitsPerEm
        self.cmap = set(ttfont.getBestCmap())

    def covers(self, text: str) -> bool:
        return all(ord(ch) in self.cmap or ord(ch) in (ZWJ, 0x200C) for ch in text)

    def advance(self, text: str) -> int:
        buf = self.hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        self.hb.shape(self.font, buf, {})
        return sum(pos.x_advance for pos in buf.glyph_positions)


def font_path(spec: str, bold: bool) -> Path:
    family, name = spec.split(":")
    if family == "dejavu":
        return DEJAVU / f"{name}{'-Bold' if bold else ''}.ttf"
    return NOTO / f"{name}-{'Bold' if bold else 'Regular'}.ttf"


def is_consonant(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("DEVANAGARI LETTER") and not any(
        vowel in unicodedata.name(ch)
        for vowel in (
            "LETTER A",
            "LETTER I",
            "LETTER U",
            "LETTER E",
            "LETTER O",
            "LETTER AI",
            "LETTER AU",
            "VOCALIC",
            "LETTER CANDRA",
            "LETTER SHORT",
        )
    )


def shaped_tables(size: float, bold: bool) -> tuple[list[int], list[int], list[int], list[int]]:
    """Per code point [delta, isolated, initial, medial, final]; half forms; lam-alef widths;
    Devanagari conjunct ligatures [first, second, width] where half + full form is off."""
    entries: dict[int, tuple[int, int, int, int]] = {}
    half: dict[int, int] = {}
    lam_alef: list[int] = []
    pairs: list[int] = []
    for script, ranges, fonts in SHAPED_SCRIPTS:
        shapers = [Shaper(font_path(spec, bold)) for spec in fonts]
        base = MARK_BASE[script]
        for first, last in ranges:
            for cp in range(first, last + 1):
                ch = chr(cp)
                if unicodedata.category(ch) == "Cn":
                    continue
                shaper = next((s for s in shapers if s.covers(ch)), None)
                if shaper is None:
                    continue
                scale = size / shaper.upem

                def px(units: float, scale: float = scale) -> int:
                    return round(units * scale * 100)

                if unicodedata.category(ch).startswith("M") or cp == 0x0E33:
                    width = px(shaper.advance(base + ch) - shaper.advance(base))
                    entries[cp] = (width, width, width, width)
                    continue
                zwj = chr(ZWJ)
                entries[cp] = (
                    px(shaper.advance(ch)),
                    px(shaper.advance(ch + zwj)),
                    px(shaper.advance(zwj + ch + zwj)),
                    px(shaper.advance(zwj + ch)),
                )
                if script == "devanagari" and is_consonant(ch):
                    ka = chr(KA)
                    half[cp] = max(
                        0, px(shaper.advance(ch + chr(VIRAMA) + ka) - shaper.advance(ka))
                    )
        if script == "devanagari":
            shaper = shapers[0]
            scale = size / shaper.upem
            consonants = [cp for cp in half if shaper.covers(chr(cp))]
            for first in consonants:
                for second in consonants:
                    text = chr(first) + chr(VIRAMA) + chr(second)
                    width = round(shaper.advance(text) * scale * 100)
                    second_width = entries[second][0] if second != 0x0930 else 0
                    modelled = (
                        half[first] if second != 0x0930 else entries[first][0]
                    ) + second_width
                    if abs(width - modelled) > 30:  # a conjunct ligature, not half + full form
                        pairs += [first, second, width]
        if script == "arabic":
            shaper = shapers[0]
            scale = size / shaper.upem
            for alef in (0x0622, 0x0623, 0x0625, 0x0627):
                lig = "\u0644" + chr(alef)
                lam_alef += [
                    alef,
                    round(shaper.advance(lig) * scale * 100),
                    round((shaper.advance(chr(ZWJ) + lig)) * scale * 100),
                ]
    ints: list[int] = []
    previous = -1
    for cp in sorted(entries):
        ints += [cp - previous - 1, *entries[cp]]
        previous = cp
    half_ints: list[int] = []
    previous = -1
    for cp in sorted(half):
        half_ints += [cp - previous - 1, half[cp]]
        previous = cp
    return ints, half_ints, lam_alef, pairs


def drawn_ints(size: float, bold: bool) -> list[int]:
    """[delta, width] of DRAWN_RANGES' characters in DejaVu Sans, at ``size``."""
    shaper = Shaper(font_path("dejavu:DejaVuSans", bold))
    ints: list[int] = []
    previous = -1
    for first, last in DRAWN_RANGES:
        for cp in range(first, last + 1):
            ch = chr(cp)
            if (
                cp in OVERRIDDEN
                or unicodedata.category(ch) in ("Cc", "Cn")
                or not shaper.covers(ch)
            ):
                continue
            ints += [cp - previous - 1, round(shaper.advance(ch) * size / shaper.upem * 100)]
            previous = cp
    return ints


JOINING_CODES = {"R": 1, "D": 2, "C": 3, "L": 4}


def joining_types(path: Path) -> list[int]:
    """[delta, code] for the explicitly listed joining types (others: T by category, else U)."""
    listed: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(";")]
        code = JOINING_CODES.get(fields[2])
        if code is not None:
            listed[int(fields[0], 16)] = code
    ints: list[int] = []
    previous = -1
    for cp in sorted(listed):
        ints += [cp - previous - 1, listed[cp]]
        previous = cp
    return ints


# ---------------------------------------------------------------------------------------------
# module


def wrap(name: str, value: str, width: int = 96) -> str:
    if len(name) + len(value) + 5 <= 100:
        return f'{name} = "{value}"\n'
    chunks = [value[i : i + width] for i in range(0, len(value), width)] or [""]
    body = "\n".join(f'    "{chunk}"' for chunk in chunks)
    return f"{name} = (\n{body}\n)\n"


def write_module(version: str, arabic_shaping: Path) -> None:
    parts = [
        '"""Badge text widths. GENERATED by tools/gen_badge_widths.py: do not edit.\n\n'
        "Simple tables: shields.io's Verdana (and, for social, Helvetica bold) widths\n"
        "(anafanafo, as used by badge-maker "
        f"{version}),\nminus right-to-left and invisible characters. Shaped tables: "
        "HarfBuzz-shaped\nadvances"
        " (DejaVu Sans for Arabic and Hebrew, Noto Sans for Devanagari and Thai) by Arabic\n"
        "joining form. Drawn tables: DejaVu Sans advances of Latin, punctuation and arrows, for\n"
        "the text around shaped words. All widths in 1/100 px, as base85 of zlib-compressed\n"
        "varints.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "__all__ = [\n"
        '    "BADGE_MAKER_VERSION",\n    "CONJUNCTS",\n    "DRAWN",\n    "HALF",\n    "JOINING",\n'
        '    "LAM_ALEF",\n    "SHAPED",\n    "SIMPLE",\n]\n\n'
        f'BADGE_MAKER_VERSION = "{version}"\n\n'
    ]
    for key, (table, size, bold) in FONTS.items():
        parts.append(wrap(f"_SIMPLE_{key.upper()}", encode(simple_ints(load_simple(table)))))
        if key in SHARED_SHAPED:
            continue
        shaped, half, lam_alef, pairs = shaped_tables(size, bold)
        parts.append(wrap(f"_SHAPED_{key.upper()}", encode(shaped)))
        parts.append(wrap(f"_HALF_{key.upper()}", encode(half)))
        parts.append(wrap(f"_LAM_ALEF_{key.upper()}", encode(lam_alef)))
        parts.append(wrap(f"_CONJUNCTS_{key.upper()}", encode(pairs)))
        parts.append(wrap(f"_DRAWN_{key.upper()}", encode(drawn_ints(size, bold))))
    parts.append(wrap("JOINING", encode(joining_types(arabic_shaping))))
    # social's Latin is bold Helvetica, drawn wider than regular DejaVu: keep shields' widths
    parts.append(wrap("_DRAWN_NONE", encode([])))
    for name in ("SIMPLE", "SHAPED", "HALF", "LAM_ALEF", "CONJUNCTS", "DRAWN"):
        items = ", ".join(
            f'"{key}": _{name}_'
            + (
                key
                if name == "SIMPLE"
                else "NONE"
                if name == "DRAWN" and key in SHARED_SHAPED
                else SHARED_SHAPED.get(key, key)
            ).upper()
            for key in FONTS
        )
        parts.append(f"{name} = {{{items}}}\n")
    OUT_MODULE.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUT_MODULE.relative_to(ROOT)} ({OUT_MODULE.stat().st_size} bytes)")


# ---------------------------------------------------------------------------------------------
# reference data


def covered(table: str) -> list[int]:
    return [cp for first, last, _ in load_simple(table) for cp in range(first, last + 1)]


WORDS = {
    "latin": [
        "build",
        "passing",
        "coverage",
        "98%",
        "v1.2.3",
        "license",
        "MIT",
        "translation",
        "human",
        "machine",
        "post-edited",
        "origin",
        "fa → en",
        "hops",
        "2",
        "Shafaqna English",
        "Reuters",
        "café",
        "Łódź",
        "Dvořák",
        "Şırnak",
        "Tiếng Việt",
        "Ægir",
        "naïve",
        "Straße",
        "señor",
        "Ōsaka",
        "WWW",
        "iiii",
        "mmmm",
        "!!!",
        "@user",
        "a/b_c",
        "1,234.5",
    ],
    "greek": ["Ελληνικά", "μετάφραση", "ΑΘΗΝΑ", "ἀρχή", "πηγή", "λόγος"],
    "cyrillic": ["Русский", "перевод", "Українська", "Беларуская", "ЁЖИК", "Српски", "Қазақ"],
    "cjk": ["中文", "翻译", "日本語", "漢字", "原文", "新闻来源", "「中国」、。", "机器翻译"],
    "arrows": ["→", "←", "↔", "⇒", "⟶", "↦", "⇄", "↑↓", "fa→en", "ar ⇒ fa ⇒ en"],
}
BLOCKS = {
    "latin": [(0x21, 0x7E), (0xA1, 0x24F), (0x1E00, 0x1EFF)],
    "greek": [(0x370, 0x3FF), (0x1F00, 0x1FFF)],
    "cyrillic": [(0x400, 0x52F)],
    "cjk": [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x3000, 0x303F)],
    "arrows": [(0x2190, 0x21FF), (0x27F0, 0x27FF), (0x2900, 0x297F)],
}


def reference_cases(seed: int = 20240601) -> list[list[str]]:
    rng = random.Random(seed)
    have = set.intersection(*(set(covered(table)) for table, _, _ in FONTS.values()))
    pools = {
        name: [cp for first, last in ranges for cp in range(first, last + 1) if cp in have]
        for name, ranges in BLOCKS.items()
    }

    def random_text(kind: str) -> str:
        if rng.random() < 0.5:
            return rng.choice(WORDS[kind])
        while True:  # only text shields measures right, also once upper-cased (for-the-badge)
            length = rng.randint(1, 14)
            text = "".join(chr(rng.choice(pools[kind])) for _ in range(length)).strip()
            if text and all(ord(ch) in have for ch in text + text.upper()):
                return text

    cases: list[list[str]] = []
    kinds = list(WORDS)
    for kind in kinds:
        cases += [[random_text(kind), random_text(kind)] for _ in range(50)]
    for _ in range(60):
        label = " ".join(random_text(rng.choice(kinds)) for _ in range(rng.randint(1, 3)))
        message = " → ".join(random_text(rng.choice(kinds)) for _ in range(rng.randint(1, 3)))
        cases.append([label, message])
    cases += [["", random_text(rng.choice(kinds))] for _ in range(10)]
    return cases


def write_reference() -> str:
    cases = reference_cases()
    styles = ["flat", "flat-square", "for-the-badge", "plastic", "social"]
    proc = subprocess.run(
        ["node", str(REFERENCE_DIR / "widths.js")],
        input=json.dumps({"styles": styles, "cases": cases, "logo": REFERENCE_LOGO}),
        capture_output=True,
        text=True,
        check=True,
        cwd=REFERENCE_DIR,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    # Unicode versions differ (Node's ICU vs this Python): drop the few cases whose upper case
    # differs, where for-the-badge would measure different text.
    records = [
        {
            "label": label,
            "message": message,
            "widths": {s: result["results"][s][i] for s in styles},
            "logo_widths": {s: result["logoResults"][s][i] for s in styles},
        }
        for i, (label, message) in enumerate(cases)
        if result["upper"][i] == [label.upper(), message.upper()]
    ]
    OUT_REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "badgeMaker": result["badgeMaker"],
        "color": "blue",
        "logo": REFERENCE_LOGO,
        "cases": records,
    }
    head = json.dumps({k: v for k, v in payload.items() if k != "cases"}, ensure_ascii=False)
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    OUT_REFERENCE.write_text(f'{head[:-1]}, "cases": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {OUT_REFERENCE.relative_to(ROOT)} ({len(records)} cases x {len(styles)} styles)")
    return str(result["badgeMaker"])


def color_cases(seed: int = 20240601) -> list[str]:
    """Colours in every form badge-maker reads, random ones among them, and some it refuses."""
    rng = random.Random(seed)
    fixed = [
        "brightgreen", "green", "yellow", "yellowgreen", "orange", "red", "blue", "grey",
        "lightgrey", "gray", "lightgray", "critical", "important", "success", "informational",
        "inactive", "teal", "rebeccapurple", "navy", "white", "black", "gold", "darkslategray",
        "abc", "#abc", "aabbcc", "#aabbcc", "#ABC", "#abcd", "#aabbcc80",
        "rgb(0,128,0)", "rgb(0, 128, 0)", "rgba(0,128,0,0.5)", "rgba(0, 128, 0, 1)",
        "rgb(50%, 20%, 10%)", "rgb(1 2 3)", "rgb(1 2 3 / 50%)", "rgb(300,0,0)",
        "hsl(120,100%,25%)", "hsla(200,50%,40%,0.5)", "hsl(1turn, 10%, 20%)",
        "hsl(2rad,40%,60%)", "hsl(100grad,60%,30%)", "hsl(90deg, 100%, 50%)",
        "nope", "#ab", "12345", "rgb(1.5,2,3)", "hsl(120, 100, 50)", "rgb(0,0)", "javascript:",
    ]  # fmt: skip
    randoms = []
    for _ in range(60):
        r, g, b = (rng.randint(0, 255) for _ in range(3))
        h, s_, l_ = rng.randint(0, 359), rng.randint(0, 100), rng.randint(0, 100)
        randoms += [f"rgb({r},{g},{b})", f"hsl({h},{s_}%,{l_}%)", f"{r:02x}{g:02x}{b:02x}"]
    return fixed + randoms


def write_colors() -> None:
    proc = subprocess.run(
        ["node", str(REFERENCE_DIR / "colors.js")],
        input=json.dumps(color_cases()),
        capture_output=True,
        text=True,
        check=True,
        cwd=REFERENCE_DIR,
    )
    result = json.loads(proc.stdout)
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in result["colors"])
    OUT_COLORS.write_text(
        f'{{"badgeMaker": "{result["badgeMaker"]}", "colors": [\n{lines}\n]}}\n', encoding="utf-8"
    )
    print(f"wrote {OUT_COLORS.relative_to(ROOT)} ({len(result['colors'])} colours)")


def write_words() -> None:
    """HarfBuzz widths of BROWSER_WORDS in DejaVu Sans (what a Linux browser draws them in):
    joined (the word shaped whole) and isolated (each letter shaped alone)."""
    sizes = {"11": (11.0, False), "10b": (10.0, True)}
    words: dict[str, dict[str, dict[str, float]]] = {}
    for key, (size, bold) in sizes.items():
        shaper = Shaper(font_path("dejavu:DejaVuSans", bold))
        for word in BROWSER_WORDS:
            joined = shaper.advance(word) * size / shaper.upem
            isolated = sum(shaper.advance(ch) for ch in word) * size / shaper.upem
            words.setdefault(word, {})[key] = {
                "joined": round(joined, 3),
                "isolated": round(isolated, 3),
            }
    payload = {"font": "DejaVu Sans", "sizes": {"11": "11px", "10b": "10px bold"}, "words": words}
    OUT_WORDS.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT_WORDS.relative_to(ROOT)} ({len(words)} words)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabic-shaping", type=Path, default=ARABIC_SHAPING)
    parser.add_argument("--skip-reference", action="store_true", help="only write the module")
    parser.add_argument(
        "--words-only", action="store_true", help="only write the browser test's word widths"
    )
    args = parser.parse_args(argv)
    write_words()
    if args.words_only:
        return 0
    version = "unknown"
    if not args.skip_reference:
        version = write_reference()
        write_colors()
    else:
        package = json.loads(
            (REFERENCE_DIR / "node_modules" / "badge-maker" / "package.json").read_text()
        )
        version = package["version"]
    write_module(version, args.arabic_shaping)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
