"""The cue-word fallback of credit-line extraction (issue 11): lines no phrasing matches, in
languages the phrasings do not cover, read from the multilingual cue lexicon
(``provenance/data/credit_patterns/_cues.json``). The lines here are written for the test from
the general grammar of each language; the real lines are in ``tests/data/credits``."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Kind, Role, validate
from provenance._extract import MAX_CHARS
from provenance._extract_cues import _KINDS, _lexicon
from provenance.credits import extract

from .test_extract import guard


def _steps(text: str) -> list[tuple[str, str, str]]:
    lineage = extract(text)
    assert lineage is not None, text
    assert any(p.startswith("cue.") for p in lineage.extensions["extract"]["patterns"]), (
        "read by a phrasing, not by the fallback: pick another line"
    )
    out = []
    for step in lineage.steps():
        source = lineage.version(step.sources[0])
        target = lineage.version(step.target)
        out.append((step.kind.value, source.language, target.language))
    return out


def _names(text: str, role: Role) -> list[str]:
    lineage = extract(text)
    assert lineage is not None
    return [
        lineage.agent(c.agent).name for s in lineage.steps() for c in s.agents if c.role is role
    ]


def _origin(text: str) -> str | None:
    lineage = extract(text)
    assert lineage is not None
    publisher = lineage.version(lineage.steps()[0].sources[0]).publisher
    return None if publisher is None else lineage.agent(publisher).name


@pytest.mark.parametrize(
    ("text", "kind", "translator"),
    [
        ("Překlad: Jana Nováková", "translation", "Jana Nováková"),
        ("Fordította: Kovács Anna", "translation", "Kovács Anna"),
        ("Μετάφραση: Νίκος Παππάς", "translation", "Νίκος Παππάς"),
        ("Suomentanut: Matti Virtanen", "translation", "Matti Virtanen"),
        ("Përktheu: Arben Hoxha", "translation", "Arben Hoxha"),
    ],
)
def test_translators_after_a_colon_in_languages_no_phrasing_covers(
    text: str, kind: str, translator: str
) -> None:
    assert [k for k, _, _ in _steps(text)] == [kind]
    assert _names(text, Role.TRANSLATOR) == [translator]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Sursa: Digi24", "Digi24"),
        ("Šaltinis: LRT", "LRT"),
        ("Burimi: Top Channel", "Top Channel"),
        ("Zdroj: ČTK", "ČTK"),
    ],
)
def test_a_source_label_names_the_original_outlet(text: str, outlet: str) -> None:
    assert [k for k, _, _ in _steps(text)] == ["republication"]
    assert _origin(text) == outlet


def test_the_language_word_after_from_is_the_originals() -> None:
    # Romanian: "Tradus din engleză de Ion Popescu"
    assert _steps("Tradus din engleză de Ion Popescu") == [("translation", "en", "und")]


def test_machine_translation_cues_name_an_unnamed_engine() -> None:
    text = "Ky artikull është përkthim automatik."  # Albanian: this article is machine-translated
    lineage = extract(text)
    assert lineage is not None
    (step,) = lineage.steps()
    assert step.kind is Kind.TRANSLATION
    assert step.method.value == "machine"
    assert not [f for f in validate(lineage) if f.severity.value == "error"]


@pytest.mark.parametrize(
    "text",
    [
        "Kitap 30 dile çevrildi.",  # Turkish: the book was translated into 30 languages
        "Romanas išverstas į anglų kalbą.",  # Lithuanian: the novel was translated into English
        "Tłumacz przysięgły języka angielskiego, tel. 600 100 200",  # a sworn translator's ad
        "He read a translation of an article published in Le Monde yesterday.",
        "Мы переводим. Вы делаете выбор",
        "According to the minister, the talks will resume.",
        "Source code is on GitHub.",
    ],
)
def test_cues_about_something_else_are_not_read(text: str) -> None:
    assert extract(text) is None


def test_a_cue_after_a_veto_in_its_sentence_stays_unread() -> None:
    # The phrasings' veto (translated into N languages) rules out the whole sentence, so the
    # fallback does not bring it back through another cue word.
    assert (
        extract("The report, first published in Nature, was translated into 12 languages.") is None
    )


def test_every_cue_family_has_a_kind_and_every_cue_compiles() -> None:
    data = json.loads(
        resources.files("provenance")
        .joinpath("data", "credit_patterns", "_cues.json")
        .read_text("utf-8")
    )
    assert set(data["cues"]) <= set(_KINDS)
    lexicon = _lexicon()
    for family, by_language in data["cues"].items():
        assert len(by_language) >= (5 if family == "authored" else 10), family
        for words in by_language.values():
            for word in words:
                probe = word.replace("=", " ").replace(":", ": ")
                assert lexicon.regex.search(f"« {probe} »") or lexicon.regex.search(probe), word


_WORDS = sorted(
    {
        w.rstrip("=:")
        for ws in json.loads(
            resources.files("provenance")
            .joinpath("data", "credit_patterns", "_cues.json")
            .read_text("utf-8")
        )["cues"]["translation"].values()
        for w in ws
    }
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(_WORDS)
        | st.sampled_from([" ", ": ", " by ", " de ", "«", "»", "Ab ", "X.", "\n", "، "])
        | st.text(max_size=4),
        max_size=14,
    ).map("".join)
)
def test_whatever_the_fallback_reads_validates(text: str) -> None:
    lineage = extract(text)
    if lineage is not None:
        assert lineage.steps()
        assert not [f for f in validate(lineage) if f.severity.value == "error"], text


def test_hostile_lines_after_cue_words_end() -> None:
    # Every cue looks at a bounded number of words around it; a line made of cue words and
    # long runs must end (an alarm, not a timing assertion: only a hang reaches it).
    runs = ["a" * 4000, "Ab " * 1300, "«" * 4000, ": " * 2000, "de " * 1300, "翻訳" * 2000]
    with guard(60):
        for seed in ("Translated by ", "Source: ", "Překlad: ", "翻訳：", "出典 ", "Tradus din "):
            for run in runs:
                line = (seed + run)[:MAX_CHARS]
                extract(line)
        extract(("Sursa: Ab " + "Cd " * 1000 + "traducere ") * 3)


def test_a_cited_outlet_is_the_step_before_the_reporting_one() -> None:
    # Polish: "according to the agency PAP, citing Reuters, the talks were broken off"
    text = "Według agencji PAP, powołując się na Reuters, rozmowy zostały przerwane."
    lineage = extract(text)
    assert lineage is not None
    outlets = [lineage.agent(lineage.version(s.sources[0]).publisher).name for s in lineage.steps()]
    assert outlets == ["Reuters", "PAP"]
    assert [s.kind for s in lineage.steps()] == [Kind.REPORTING, Kind.REPORTING]


def test_a_review_after_a_machine_translation_is_its_post_editing() -> None:
    # Czech: "machine translation, proofreading: Jan Novák"; the colon is the reviewer's
    text = "Strojový překlad, korektura: Jan Novák"
    lineage = extract(text)
    assert lineage is not None
    (step,) = lineage.steps()
    assert step.method is not None
    assert step.method.value == "post_edited"
    assert _names(text, Role.POST_EDITOR) == ["Jan Novák"]
    assert _names(text, Role.TRANSLATOR) == []


def test_an_adapter_named_after_by_is_not_the_originals_outlet() -> None:
    # Danish: "excerpted and adapted by Mette Hansen"
    lineage = extract("Uddrag og bearbejdet af Mette Hansen")
    assert lineage is not None
    assert [s.kind for s in lineage.steps()] == [Kind.ADAPTATION]
    assert _origin("Uddrag og bearbejdet af Mette Hansen") is None


def test_a_given_name_is_not_a_language_and_a_mark_before_by_is_skipped() -> None:
    # The language lookup matches "Denise" loosely to Danish; a name must begin like a real
    # language name in some locale. "©" after the cue is read like a colon.
    text = "Traducere © Denise Anne Clavilier"  # Romanian
    assert _names(text, Role.TRANSLATOR) == ["Denise Anne Clavilier"]
    assert _steps(text) == [("translation", "und", "und")]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Anna Jansen – De Volkskrant", "De Volkskrant"),  # a byline, then the outlet
        ("Le Figaro – 12/03/2020", "Le Figaro"),  # the outlet, then the date
    ],
)
def test_a_line_of_a_byline_and_an_outlet_is_a_republication(text: str, outlet: str) -> None:
    assert [k for k, _, _ in _steps(text)] == ["republication"]
    assert _origin(text) == outlet


@pytest.mark.parametrize(
    "text", ["Photo: John Smith – Reuters", "Home – About us", "John Smith – Jane Doe"]
)
def test_a_dash_between_names_alone_is_no_masthead(text: str) -> None:
    assert extract(text) is None


def test_a_long_dash_line_ends() -> None:
    with guard(30):
        extract("Ab " * 1600 + "– De Standaard")
        extract(("Ab " * 10 + "– ") * 150)


@pytest.mark.parametrize(
    "line",
    [
        "Posted by Ned Deily",
        "Posted by Alex Durán, AMP Project Marketing, Google",
        "Artikel von: Von Britta Schultejans",
        "Posted by Nathan Parker, Varun Khaneja, Eric Mill and Kiran C Nair",
    ],
)
def test_a_byline_naming_a_person_is_no_derivation(line: str) -> None:
    # The author of this text is not another outlet it came from (real blog and news bylines).
    assert extract(line) is None


def test_a_byline_naming_an_outlet_still_reads() -> None:
    lineage = extract("Article by Jane Smith, first published in The Guardian")
    assert lineage is not None
    (step,) = lineage.derivations
    assert step.kind is Kind.REPUBLICATION
    (source,) = step.sources
    publisher = lineage.version(source).publisher
    assert publisher is not None
    assert lineage.agent(publisher).name == "The Guardian"


@pytest.mark.parametrize(
    ("line", "source", "target"),
    [
        ("英語から翻訳された記事です。", "en", "und"),  # から: from English
        ("한국어로 번역된 기사입니다", "und", "ko"),  # 로: into Korean
    ],
)
def test_cjk_languages_take_their_direction_from_the_particle(
    line: str, source: str, target: str
) -> None:
    lineage = extract(line)
    assert lineage is not None
    (step,) = lineage.derivations
    assert step.kind is Kind.TRANSLATION
    assert [v.language for v in lineage.versions] == [source, target]
    assert lineage.extensions["extract"]["patterns"] == ["cue.translation"]
