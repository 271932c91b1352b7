"""Badges in a real browser: headless Chromium draws inline SVG badges and measures them.

The page holds the badges and a script that, once fonts are ready, measures every visible
``<text>`` (its box, its computed length, where some characters land) and every background
section, and writes that as JSON into the page; ``chromium --dump-dom`` prints the page.
Checked here: no text overflows its section; Arabic and Persian words are drawn joined (their
width is HarfBuzz's shaped width, not the sum of isolated letters); right-to-left and mixed
text is ordered as bidi says; several badges share one page without id clashes.

Needs Debian's ``chromium``, ``fonts-dejavu-core`` and ``fonts-noto-core``; skipped without
chromium.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from provenance import badge, examples

DATA = Path(__file__).parent / "data" / "badge"
WORDS = json.loads((DATA / "shaped_words.json").read_text(encoding="utf-8"))["words"]
FONT_KEY = {
    "flat": "11",
    "flat-square": "11",
    "for-the-badge": "10b",
    "plastic": "11",
    "social": "11",  # Chromium draws social's bold Arabic fallback in regular DejaVu Sans
}

CHROMIUM = next(
    (
        found
        for name in (os.environ.get("PROVENANCE_CHROMIUM", ""), "chromium", "chromium-browser")
        if name and (found := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium fonts-dejavu-core "
    "fonts-noto-core; or set PROVENANCE_CHROMIUM)",
)

# (case id, label, message): Persian, Arabic, Hebrew and mixed text, and Latin for control.
CASES = [
    ("fa", "زبان", "فارسی → انگلیسی"),
    ("fa-source", "منبع", "شفقنا"),
    ("ar", "المصدر", "الرئاسة السورية"),
    ("he", "מקור", "עברית"),
    ("mixed-ltr", "source", "Reuters ← فارسی"),
    ("mixed-rtl", "translation", "فارسی → English"),
    ("latin", "build", "passing"),
] + [(f"word-{i}", "", word) for i, word in enumerate(WORDS)]

SCRIPT = """
document.fonts.ready.then(() => {
  const out = [];
  for (const holder of document.querySelectorAll('[data-case]')) {
    const svg = holder.querySelector('svg');
    const box = r => [r.left, r.right];
    // the section backgrounds, read as tools/badge_reference/widths.js reads badge-maker's
    const rects = [...svg.querySelectorAll('g > rect')]
      .filter(r => {
        const fill = r.getAttribute('fill') || '';
        return fill && !fill.startsWith('url(') && fill !== 'rgba(0,0,0,0)';
      })
      .map(r => box(r.getBoundingClientRect()));
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => !t.hasAttribute('fill-opacity') && !t.hasAttribute('aria-hidden'))
      .map(t => {
        const chars = [];
        for (let i = 0; i < t.getNumberOfChars(); i++) {
          try { chars.push(t.getStartPositionOfChar(i).x); } catch (e) { chars.push(null); }
        }
        return {content: t.textContent, box: box(t.getBoundingClientRect()),
                length: t.getComputedTextLength(), scale: t.getCTM().a, chars: chars};
      });
    out.push({id: holder.dataset.case, style: holder.dataset.style, svg: box(
      svg.getBoundingClientRect()), rects: rects, texts: texts});
  }
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  document.getElementById('result').textContent = JSON.stringify(
    {badges: out, ids: ids, fonts: document.fonts.status});
});
"""


def page(tmp_path: Path) -> Path:
    rows = []
    for style in badge.STYLES:
        for case, label, message in CASES:
            svg = badge.render(label, message, style=style)
            rows.append(f'<div data-case="{html.escape(case)}" data-style="{style}">{svg}</div>')
        seed = badge.for_lineage(examples.get("shafaqna"), locale="fa", style=style)
        # the same badge twice on one page: told apart by id_prefix
        rows.extend(
            f'<div data-case="seed-{prefix}" data-style="{style}">'
            + seed.svg(id_prefix=prefix)
            + "</div>"
            for prefix in ("first", "second")
        )
    path = tmp_path / "badges.html"
    path.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>badges</title>'
        "<style>body{margin:8px;font:16px sans-serif} div{margin:4px 0}</style></head><body>"
        + "\n".join(rows)
        + f'<pre id="result"></pre><script>{SCRIPT}</script></body></html>',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("browser")
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page(tmp_path).as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.DOTALL)
    failure = f"chromium exited {done.returncode} without measurements:\n{done.stderr[-3000:]}"
    assert found, failure
    assert found.group(1), failure
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert result["fonts"] == "loaded"
    return result


def test_every_badge_was_measured(measured: dict[str, Any]) -> None:
    expected = len(badge.STYLES) * (len(CASES) + 2)
    assert len(measured["badges"]) == expected
    assert len(measured["ids"]) == len(set(measured["ids"]))  # no id appears twice on the page


def sections(item: dict[str, Any]) -> list[tuple[list[float], dict[str, Any]]]:
    """(section box, its text) pairs; social keeps its label box when the label is empty."""
    rects, texts = item["rects"], item["texts"]
    if item["style"] == "social" and len(rects) == len(texts) + 1:
        rects = rects[1:]
    assert len(rects) == len(texts), item["id"]
    return list(zip(rects, texts, strict=True))


def test_no_text_overflows_its_section(measured: dict[str, Any]) -> None:
    for item in measured["badges"]:
        rects, texts = zip(*sections(item), strict=True)
        assert len(rects) == len(texts), item["id"]
        for (left, right), text in zip(rects, texts, strict=True):
            t_left, t_right = text["box"]
            where = (item["id"], item["style"], text["content"])
            assert t_right - t_left > 0, where
            assert t_left >= left, where  # inside, with the section's own padding to spare
            assert t_right <= right, where
        assert rects[-1][1] <= item["svg"][1] + 0.01, item["id"]


def test_arabic_and_persian_words_are_drawn_joined(measured: dict[str, Any]) -> None:
    checked = 0
    for item in measured["badges"]:
        if not item["id"].startswith("word-"):
            continue
        text = item["texts"][-1]
        word = text["content"].strip("\u2066\u2067\u2068\u2069")
        widths = WORDS[word][FONT_KEY[item["style"]]]
        drawn = text["length"] * text["scale"]  # the text is drawn at scale(.1)
        where = (word, item["style"], drawn, widths)
        assert drawn == pytest.approx(widths["joined"], abs=1.0), where
        if widths["isolated"] - widths["joined"] > 2:  # Arabic script (Hebrew does not join)
            assert abs(drawn - widths["joined"]) < abs(drawn - widths["isolated"]) / 4, where
            checked += 1
    assert checked >= 10 * len(badge.STYLES)


def _x(text: dict[str, Any], char: str) -> float:
    position = text["chars"][text["content"].lower().index(char)]
    assert position is not None
    return float(position)


def test_bidi_order_in_the_browser(measured: dict[str, Any]) -> None:
    for item in measured["badges"]:
        message = item["texts"][-1]
        if item["id"] == "mixed-ltr":  # left to right: Reuters, then the Persian word
            assert _x(message, "r") < _x(message, "ف")
        elif item["id"] in ("mixed-rtl", "fa"):  # right to left: Persian first, at the right
            other = "e" if item["id"] == "mixed-rtl" else "ا"
            assert _x(message, "ف") > _x(message, other)
        elif item["id"].startswith("seed-"):  # فارسی ← انگلیسی · human
            assert _x(message, "ف") > _x(message, "ا") > _x(message, "h")


def test_mixed_and_right_to_left_text_gets_the_usual_padding(measured: dict[str, Any]) -> None:
    """Right-to-left and mixed-direction text, drawn at its own width (no textLength), has the
    room beside it that badge-maker gives any text: 10 px (8 in social's message bubble), plus
    up to 2 from rounding to an odd width."""
    checked = 0
    for item in measured["badges"]:
        if item["id"].startswith("seed-") or item["style"] == "for-the-badge":
            continue
        pairs = sections(item)
        for i, ((left, right), text) in enumerate(pairs):
            if not set(text["content"]) & set("\u2066\u2067"):
                continue  # stretched to shields' width by textLength: nothing to check
            checked += 1
            drawn = text["length"] * text["scale"]
            padding = right - left - drawn
            is_message = i == len(pairs) - 1
            usual = 8 if item["style"] == "social" and is_message else 10
            where = (item["id"], item["style"], text["content"], round(padding, 2))
            assert usual - 2 <= padding <= usual + 2, where  # rounding to odd takes up to 2
    assert checked >= 20 * 4
