"""The badge's fast paths give what the careful paths give: names, drawing, status, the CLI.

Each fast path in provenance.badge, provenance._badge_svg and provenance._cmd_badge exists for
speed (benchmarks/badges.py); these tests hold it to the general code it shortcuts.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import subprocess
import sys
from importlib.metadata import version

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import _badge_names, _badge_svg, badge, dates, examples, languages
from provenance._language_table import TWO_LETTER
from provenance._rules import Checker
from provenance.findings import Finding, Severity
from provenance.model import Lineage
from provenance.strategies import any_lineages, lineages
from provenance.validate import validate
from tests.test_validate import TODAY, _nudged_lineages

ROOT = pathlib.Path(__file__).resolve().parent.parent


# -- English language names without langcodes -----------------------------------------------


def test_the_english_names_are_what_langcodes_says() -> None:
    # tools/gen_badge_names.py wrote them; regenerate after upgrading language_data.
    assert set(_badge_names.ENGLISH) == TWO_LETTER
    for tag, name in _badge_names.ENGLISH.items():
        assert languages.display_name(tag, "en") == name, tag
    assert version("language_data") == _badge_names.LANGUAGE_DATA_VERSION


def test_a_badge_in_english_of_two_letter_tags_does_not_load_langcodes() -> None:
    # loading langcodes' names for every locale was most of `badge --jsonl`'s start-up
    code = (
        "import sys; from provenance import badge, examples; "
        "b = badge.for_lineage(examples.get('shafaqna')); b.svg(); "
        "print(b.message, 'langcodes' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "Persian → English · human False"


def test_other_locales_and_tags_still_ask_langcodes() -> None:
    made = badge.for_lineage(examples.get("shafaqna"), locale="fr")
    assert made.message.startswith("persan")
    assert badge._name("en-GB", "en") == "English (United Kingdom)"
    assert badge._name("fa", None) == "fa"


# -- status: errors and warnings without infos -----------------------------------------------
# A badge counts errors and warnings; relay translations (PV207) are infos it never shows, so
# it lets the one-pass check skip them. It must never call a lineage clean that validate() does
# not, nor count anything differently: the badge it draws is the badge of validate()'s findings.

SEVERE = (Severity.ERROR, Severity.WARNING)


@settings(max_examples=50, deadline=None)
@given(st.one_of(_nudged_lineages(), any_lineages(), lineages()))
def test_the_badge_counts_the_errors_and_warnings_validate_finds(lineage: Lineage) -> None:
    found = validate(lineage, today=TODAY)
    severe = Checker(lineage, {}, TODAY).run_severe()
    assert sorted(severe, key=Finding.sort_key) == [f for f in found if f.severity in SEVERE]
    assert badge.for_lineage(lineage) == badge.for_lineage(lineage, findings=validate(lineage))


def test_a_relay_translation_is_answered_in_one_pass_and_still_shown_clean() -> None:
    relay = examples.get("relay")
    assert [f.code for f in validate(relay)] == ["PV207"]  # an info, which no badge counts
    checker = Checker(relay, {}, TODAY)
    assert checker._quiet(infos=False)
    assert not checker._quiet()
    assert checker.run_severe() == []
    assert badge.for_lineage(relay).color == badge.STATUS_COLORS["valid"]


def test_a_warning_beside_a_relay_still_counts() -> None:
    relay = examples.get("relay")
    no_offset = attrs.evolve(
        relay.versions[0], published=dates.IsoDate(2001, 6, 10, dt.time(10, 0), None)
    )
    lineage = attrs.evolve(relay, versions=(no_offset, *relay.versions[1:]))
    made = badge.for_lineage(lineage)
    assert made.message.endswith("· 1 warning")
    assert made.color == badge.STATUS_COLORS["warnings"]


# -- drawing: the template path draws what the general layout draws --------------------------

TEXT = st.one_of(
    st.text(max_size=25),  # anything at all: controls, lone surrogates, every script
    st.sampled_from(
        ["", " ", "provenance", "منبع", "فارسی ← English", "中文 → English", "출처", "a&<b>\"'"]
    ),
)
COLORS = st.sampled_from(["blue", "brightgreen", "#fff", "abc", "rgba(0,0,0,.2)", "yellow"])


SIMPLE_DRAWINGS = st.builds(
    _badge_svg.Drawing,
    label=TEXT,
    message=TEXT.filter(lambda m: _badge_svg.js_trim(m)),
    color=COLORS,
    label_color=st.none() | COLORS,
    style=st.sampled_from(sorted(_badge_svg._SIMPLE_STYLES)),
    title=st.none() | TEXT,
    link=st.none() | st.sampled_from(["https://example.org/?a=1&b=<2>", "http://x.example"]),
    message_link=st.none(),
    logo=st.none(),
    logo_color=st.none(),
    logo_width=st.none(),
    id_prefix=st.none() | st.just("b2"),
)


@settings(max_examples=150, deadline=None)
@given(SIMPLE_DRAWINGS)
def test_the_template_draws_what_the_general_layout_draws(drawing: _badge_svg.Drawing) -> None:
    fast = _badge_svg.render.__wrapped__(drawing)
    assert fast == _badge_svg._standard(drawing, *_badge_svg._texts(drawing))


def test_the_template_is_taken_only_where_it_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    logo = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    calls: list[str] = []
    simple = _badge_svg._simple

    def spy(drawing: _badge_svg.Drawing, *texts: str) -> str:
        calls.append(drawing.style)
        return simple(drawing, *texts)

    monkeypatch.setattr(_badge_svg, "_simple", spy)
    for style, link, message_link, with_logo in (
        ("flat", None, None, False),
        ("plastic", "https://example.org/", None, False),
        ("for-the-badge", None, None, False),
        ("social", None, None, False),
        ("flat", None, None, True),
        ("flat-square", "https://a.example/", "https://b.example/", False),
    ):
        drawing = _badge_svg.Drawing(
            "a",
            "b",
            style=style,
            link=link,
            message_link=message_link,
            logo=logo if with_logo else None,
        )
        _badge_svg.render.__wrapped__(drawing)
    assert calls == ["flat", "plastic"]


# -- the summary: one walk for what the model answers in several ------------------------------


@settings(max_examples=40, deadline=None)
@given(st.one_of(_nudged_lineages(), any_lineages(), lineages()))
def test_the_summary_walks_the_models_main_line(lineage: Lineage) -> None:
    summary = badge._Summary(lineage)
    assert summary.involves_machine() == lineage.involves_machine()
    assert summary.chain == lineage.chain()
