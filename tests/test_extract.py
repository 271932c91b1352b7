"""provenance.credits.extract and ``provenance extract``: credit lines in, lineages out."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import pathlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from provenance import (
    AgentRole,
    Builder,
    Kind,
    Lineage,
    ParseError,
    Role,
    cli,
    credits,
    strategies,
    validate,
)
from provenance._extract import MAX_CHARS, _catalog
from provenance.credits import extract
from provenance.formats import native

from .conftest import DATA

CORPUS_PATH = DATA / "credits" / "corpus.jsonl"
CORPUS = [json.loads(line) for line in CORPUS_PATH.read_text("utf-8").splitlines() if line]
SEED = "This news is originally published by Shafaqna Persian and translated by Shafaqna English"


def _bench() -> Any:
    """benchmarks/extract.py holds the scorer; the floors below are asserted on it."""
    path = pathlib.Path(__file__).parent.parent / "benchmarks" / "extract.py"
    spec = importlib.util.spec_from_file_location("bench_extract", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def errors(lineage: Lineage) -> list[str]:
    return [f"{f.code} {f.path}: {f.message}" for f in validate(lineage) if f.severity == "error"]


def names(lineage: Lineage, *roles: Role) -> list[str]:
    unnamed = set(lineage.extensions["extract"].get("unnamed_agents", ()))
    return [
        lineage.agent(credit.agent).name
        for step in lineage.steps()
        for credit in step.agents
        if credit.role in roles and credit.agent not in unnamed
    ]


@contextlib.contextmanager
def guard(seconds: int) -> Iterator[None]:
    """Fail instead of hanging if a regular expression backtracks catastrophically.

    Not a timing assertion: the limit is far above any sane run; only a hang reaches it.
    """
    if threading.current_thread() is not threading.main_thread() or sys.platform == "win32":
        yield
        return

    def hang(signum: int, frame: object) -> None:
        raise AssertionError(f"extract() ran for {seconds}s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the seed and the main phrasings ---------------------------------------------------------


def test_the_seed_credit_line() -> None:
    lineage = extract(SEED, page_language="en", page_publisher="Shafaqna English")
    assert lineage is not None
    assert lineage.languages() == ("fa", "en")
    (step,) = lineage.steps()
    assert step.kind is Kind.TRANSLATION
    origin = lineage.chain()[0]
    persian = lineage.agent(origin.publisher or "")
    assert (persian.name, persian.language) == ("Shafaqna Persian", "fa")
    translator = lineage.agent(step.agents_with(Role.TRANSLATOR)[0])
    assert (translator.name, translator.language) == ("Shafaqna English", "en")
    # The caller's publisher fills the subject's; it is the same outlet as the translator.
    assert lineage.subject_version.publisher == translator.id
    assert errors(lineage) == []


def _summary(lineage: Lineage) -> dict[str, Any]:
    return {
        "languages": lineage.languages(),
        "kinds": [d.kind.value for d in lineage.steps()],
        "methods": [d.method.value for d in lineage.steps() if d.method],
        "translators": names(lineage, Role.TRANSLATOR),
        "tools": names(lineage, Role.TOOL),
        "post_editors": names(lineage, Role.POST_EDITOR),
    }


CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Translated from the original Marathi into English by Asha Kulkarni. "
        "Translated from English into Hindi by Binod Sharma",
        {
            "languages": ("mr", "en", "hi"),
            "kinds": ["translation", "translation"],
            "methods": ["human", "human"],
            "translators": ["Asha Kulkarni", "Binod Sharma"],
        },
    ),
    ("Translated by Jane Doe and John Smith.", {"translators": ["Jane Doe", "John Smith"]}),
    ("Translated from Spanish by Edith Grossman", {"languages": ("es", "und")}),
    ("Translation: Maryam Dilmaghani.", {"methods": ["human"]}),
    ("Tr. Fazel Shirzad", {"translators": ["Fazel Shirzad"]}),
    ("My translation.", {"kinds": ["translation"], "methods": ["human"]}),
    ("All translations are my own.", {"methods": ["human"]}),
    ("Translated with DeepL.", {"methods": ["machine"], "tools": ["DeepL"]}),
    ("Translated by Google Translate", {"methods": ["machine"], "tools": ["Google Translate"]}),
    ("This article was machine translated.", {"methods": ["machine"], "tools": []}),
    ("AI-assisted translation.", {"methods": ["machine"]}),
    (
        "Machine translated by DeepL, reviewed by Jane Doe.",
        {"methods": ["post_edited"], "tools": ["DeepL"], "post_editors": ["Jane Doe"]},
    ),
    (
        "Translated with ChatGPT with minor manual corrections.",
        {"methods": ["post_edited"], "tools": ["ChatGPT"], "post_editors": []},
    ),
    (
        "Machine-translated from German into English with Microsoft Translator.",
        {"languages": ("de", "en"), "tools": ["Microsoft Translator"]},
    ),
    ("This article was originally published on The Conversation.", {"kinds": ["republication"]}),
    # A republication keeps the text: the edition's language is the original's; the
    # republished text's is not stated (und), and nothing is copied across.
    ("It first appeared in Le Monde in English.", {"languages": ("en", "und")}),
    ("Republished under a Creative Commons license.", {"kinds": ["republication"]}),
    ("Republished with permission.", {"kinds": ["republication"]}),
    ("Source: BBC Persian", {"languages": ("fa", "und"), "kinds": ["republication"]}),
    ("Excerpted from The Art of War.", {"kinds": ["excerpt"]}),
    ("Adapted from a longer essay.", {"kinds": ["adaptation"]}),
    ("A summary of the report.", {"kinds": ["summary"]}),
    ("Traduit de l'anglais par Marie Dupont.", {"languages": ("en", "und")}),
    ("Traduction : Marie Dupont", {"translators": ["Marie Dupont"]}),
    ("Article publié initialement dans Le Monde.", {"kinds": ["republication"]}),
    ("Traducido del inglés por Ana Ruiz.", {"languages": ("en", "und")}),
    ("Traducción de Ana Ruiz", {"translators": ["Ana Ruiz"]}),
    ("Publicado originalmente en El País.", {"kinds": ["republication"]}),
    ("Aus dem Englischen von Hans Meier", {"languages": ("en", "und")}),
    ("Übersetzt von Hans Meier", {"translators": ["Hans Meier"]}),
    ("Zuerst erschienen in der Zeit.", {"kinds": ["republication"]}),
    ("ترجمه: علی مجتهدزاده", {"translators": ["علی مجتهدزاده"]}),
    ("مترجم: علی مجتهدزاده", {"methods": ["human"]}),
    ("منبع: تسنیم", {"kinds": ["republication"]}),
    ("به نقل از ایسنا", {"kinds": ["reporting"]}),
    ("ترجمة: أحمد الحضري", {"translators": ["أحمد الحضري"]}),
    ("ترجمة عن الإنجليزية", {"languages": ("en", "und")}),
    ("المصدر: الجزيرة", {"kinds": ["republication"]}),
    ("نقلا عن وكالة الأنباء", {"kinds": ["reporting"]}),
    ("Source: DW Español", {"languages": ("es", "und")}),
    ("Originally published by Al Jazeera Arabic.", {"languages": ("ar", "und")}),
    (
        "Based on a swedish writer's essay, translated by Anna Berg.",
        {"languages": ("und",), "translators": ["Anna Berg"]},
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_phrasings(text: str, want: dict[str, Any]) -> None:
    lineage = extract(text)
    assert lineage is not None, text
    got = _summary(lineage)
    for key, value in want.items():
        assert got[key] == value, (key, got)
    assert errors(lineage) == []


NOT_CREDITS = [
    "the RIA Novosti piece contained translations that were badly distorted",
    "You can paste the URL into Google Translate to read it.",
    "The book has been translated into 30 languages.",
    "We are hiring translators for our Paris office.",
    "The document has not been translated into English yet.",
    "Her translations of Rumi are widely read.",
    "(AP Photo/Paul Sancya)",
    "Bildquelle: Gehirn & Geist, Ausgabe 10/2018",
    "20 Artikel wurden automatisch in einfache Sprache übersetzt.",
    "Este año los artículos fueron traducidos a 40 idiomas diferentes.",
    "الترجمة التلقائية باستخدام الذكاء الاصطناعي",
    "Can ChatGPT really replace a professional translation company?",
    # A wire agency named inside a sentence is not a credit for the text.
    "The minister spoke with AFP on Tuesday.",
    "He said in an interview with Reuters.",
    "With AFP reporting that the talks had failed, markets fell.",
    "With Love, From Paris",
    "Additional reporting by Jane Smith",  # a reporter, not a source
    "Unlike the French original published by Gallimard, the English edition has maps.",
    "He read a translation of an article published in Le Monde yesterday.",
    "Het boek is in 30 talen vertaald.",
    "Het document is nog niet vertaald.",
    "De wedstrijd werd gecontroleerd door Ajax.",
    "Книга переведена на 20 языков.",
    "Перевод денег с карты на карту",
    "Перевод Сбербанк Онлайн на карту Тинькофф стоит денег.",
    "机器翻译技术的发展非常迅速。",
    "他转自北京的医院。",
    "首发阵容：梅西、苏亚雷斯",
    "",
    "   \n\t ",
]


@pytest.mark.parametrize("text", NOT_CREDITS)
def test_lines_about_something_else_are_not_credit_lines(text: str) -> None:
    assert extract(text) is None


@functools.cache
def _steps_of() -> Any:
    return _bench().steps_of


# Families of real phrasings, each with what every step must hold (the corpus's step form:
# kind, method, languages, publishers, names). Keys left out are not checked.
FAMILIES: list[tuple[str, list[dict[str, Any]]]] = [
    # The original's language and its publisher, in one phrase.
    (
        "This article was originally published in French by Le Monde.",
        [{"kind": "republication", "source_language": "fr", "source_publisher": "Le Monde"}],
    ),
    (
        "This article originally appeared in French in Le Monde.",
        [{"kind": "republication", "source_language": "fr", "source_publisher": "Le Monde"}],
    ),
    (
        "It was first published in German in 1989 by Die Zeit.",
        [{"kind": "republication", "source_language": "de", "source_publisher": "Die Zeit"}],
    ),
    (
        "Originally published in English.",
        [{"kind": "republication", "source_language": "en", "source_publisher": None}],
    ),
    # "… and edited / adapted by": the translator is credited, not only the editing.
    (
        "Translated and edited by Kamal Ahmed",
        [{"kind": "translation", "method": "human", "translators": ["Kamal Ahmed"]}],
    ),
    (
        "Translated and adapted by Omar Haddad",
        [{"kind": "translation", "translators": ["Omar Haddad"]}],
    ),
    (
        "Translated, edited and annotated by Sara Karimi",
        [{"kind": "translation", "translators": ["Sara Karimi"]}],
    ),
    ("Reported and translated by Li Wei", [{"kind": "translation", "translators": ["Li Wei"]}]),
    ("Translation and editing: Jane Doe", [{"kind": "translation", "translators": ["Jane Doe"]}]),
    # "This is a translation of an article published in X".
    (
        "This is a translation of an article published in Kommersant.",
        [{"kind": "translation", "method": "unknown", "source_publisher": "Kommersant"}],
    ),
    (
        "This is a translation of an article that first appeared in Le Figaro.",
        [{"kind": "translation", "source_publisher": "Le Figaro"}],
    ),
    (
        "This is an English translation of an article originally published in Russian by "
        "Kommersant.",
        [
            {
                "kind": "translation",
                "source_language": "ru",
                "target_language": "en",
                "source_publisher": "Kommersant",
            }
        ],
    ),
    (
        "The following is a translation of an interview published by Der Spiegel.",
        [{"kind": "translation", "source_publisher": "Der Spiegel"}],
    ),
    (
        "A translation of an article from Haaretz.",
        [{"kind": "translation", "source_publisher": "Haaretz"}],
    ),
    # Republished / first appeared: the outlet is the original's publisher.
    (
        "Republished with permission from The Conversation.",
        [{"kind": "republication", "source_publisher": "The Conversation"}],
    ),
    (
        "Reprinted with permission from Foreign Affairs.",
        [{"kind": "republication", "source_publisher": "Foreign Affairs"}],
    ),
    (
        "Reprinted by permission of the publisher.",
        [{"kind": "republication", "source_publisher": None}],
    ),
    (
        "This article originally appeared in Haaretz.",
        [{"kind": "republication", "source_publisher": "Haaretz"}],
    ),
    (
        "This story first appeared on ProPublica.",
        [{"kind": "republication", "source_publisher": "ProPublica"}],
    ),
    (
        "First published by The Guardian.",
        [{"kind": "republication", "source_publisher": "The Guardian"}],
    ),
    (
        "First published (1978) by Educaboek, Culemborg.",
        [{"kind": "republication", "source_publisher": "Educaboek"}],
    ),
    (
        "This article was first published in the Israeli daily Haaretz.",
        [{"kind": "republication", "source_language": None, "source_publisher": "Haaretz"}],
    ),
    # "the Portuguese original published by X": the original's language and publisher.
    (
        "Adapted from the Portuguese original published by Folha de S.Paulo",
        [
            {
                "kind": "adaptation",
                "source_language": "pt",
                "source_publisher": "Folha de S.Paulo",
            }
        ],
    ),
    (
        "Adapted from the Portuguese original",
        [{"kind": "adaptation", "source_language": "pt"}],
    ),
    (
        "It is a translation of the French original published by Gallimard.",
        [{"kind": "translation", "source_language": "fr", "source_publisher": "Gallimard"}],
    ),
    # A translator credited with its article: the name without it.
    (
        "Translated from Arabic by the Middle East Monitor",
        [
            {
                "kind": "translation",
                "method": "unknown",
                "source_language": "ar",
                "translators": ["Middle East Monitor"],
            }
        ],
    ),
    ("Translated by The Economist", [{"translators": ["The Economist"]}]),
    (
        "Vertaald uit het Engels door Marieke van der Berg",
        [{"kind": "translation", "source_language": "en", "translators": ["Marieke van der Berg"]}],
    ),
    # A wire agency credited for the whole text: reporting from it.
    ("With AFP", [{"kind": "reporting", "method": None, "source_publisher": "AFP"}]),
    ("(With reporting by AFP)", [{"kind": "reporting", "source_publisher": "AFP"}]),
    ("Additional reporting by Reuters", [{"kind": "reporting", "source_publisher": "Reuters"}]),
    ("With inputs from PTI", [{"kind": "reporting", "source_publisher": "PTI"}]),
    ("— With agencies", [{"kind": "reporting", "source_publisher": None}]),
    (
        "The Associated Press contributed to this report.",
        [{"kind": "reporting", "source_publisher": "The Associated Press"}],
    ),
    (
        "The talks collapsed on Friday, the minister said. (With AFP)",
        [{"kind": "reporting", "source_publisher": "AFP"}],
    ),
    # The reviser of a machine translation, named after a description of the role.
    (
        "This article was translated with the help of AI and reviewed by a human editor, "
        "Lisa Wong.",
        [{"kind": "translation", "method": "post_edited", "post_editors": ["Lisa Wong"]}],
    ),
    (
        "machine translated and reviewed by Jane Roe",
        [{"kind": "translation", "method": "post_edited", "post_editors": ["Jane Roe"]}],
    ),
    (
        "Machine-translated with DeepL and reviewed by our editor Tom Smith.",
        [
            {
                "kind": "translation",
                "method": "post_edited",
                "tools": ["DeepL"],
                "post_editors": ["Tom Smith"],
            }
        ],
    ),
    # "Quelle: X", "Fuente: X": a colon with no space before it.
    ("Quelle: Reuters", [{"kind": "republication", "source_publisher": "Reuters"}]),
    ("Fuente: El País", [{"kind": "republication", "source_publisher": "El País"}]),
    # Dutch.
    (
        "Vertaald door Jan de Vries",
        [{"kind": "translation", "method": "human", "translators": ["Jan de Vries"]}],
    ),
    ("Vertaling: Pieter Jansen", [{"kind": "translation", "translators": ["Pieter Jansen"]}]),
    ("Vertaald uit het Engels", [{"kind": "translation", "source_language": "en"}]),
    (
        "Dit artikel is automatisch vertaald.",
        [{"kind": "translation", "method": "machine", "tools": []}],
    ),
    ("Vertaald met DeepL", [{"kind": "translation", "method": "machine", "tools": ["DeepL"]}]),
    (
        "Dit artikel verscheen eerder in NRC Handelsblad.",
        [{"kind": "republication", "source_publisher": "NRC Handelsblad"}],
    ),
    ("Bron: ANP", [{"kind": "republication", "source_publisher": "ANP"}]),
    # Russian.
    (
        "Перевод с английского: Иван Петров",
        [
            {
                "kind": "translation",
                "method": "human",
                "source_language": "en",
                "translators": ["Иван Петров"],
            }
        ],
    ),
    ("Перевод: Мария Иванова", [{"kind": "translation", "translators": ["Мария Иванова"]}]),
    (
        "Перевод с английского языка на русский — Анна Смирнова",
        [
            {
                "kind": "translation",
                "source_language": "en",
                "target_language": "ru",
                "translators": ["Анна Смирнова"],
            }
        ],
    ),
    ("Перевод с немецкого", [{"kind": "translation", "source_language": "de"}]),
    (
        "Переведено с помощью Google Translate",
        [{"kind": "translation", "method": "machine", "tools": ["Google Translate"]}],
    ),
    (
        "Переведено с помощью Яндекс Переводчика",
        [{"kind": "translation", "method": "machine", "tools": ["Яндекс Переводчик"]}],
    ),
    ("Машинный перевод", [{"kind": "translation", "method": "machine", "tools": []}]),
    (
        "Источник: РИА Новости",
        [{"kind": "republication", "source_publisher": "РИА Новости"}],
    ),
    (
        "Статья впервые опубликована в «Коммерсанте».",
        [{"kind": "republication", "source_publisher": "Коммерсанте"}],
    ),
    # Chinese.
    ("本文由机器翻译", [{"kind": "translation", "method": "machine", "tools": []}]),
    ("本文由谷歌翻译自动翻译", [{"kind": "translation", "tools": ["谷歌翻译"]}]),
    ("译者：张三", [{"kind": "translation", "method": "human", "translators": ["张三"]}]),
    ("翻译：张三、李四", [{"kind": "translation", "translators": ["张三", "李四"]}]),
    ("翻譯：John Smith", [{"kind": "translation", "translators": ["John Smith"]}]),
    (
        "翻译：张三 校对：李四",
        [{"kind": "translation", "translators": ["张三"], "post_editors": ["李四"]}],
    ),
    ("编译：王五", [{"kind": "translation", "translators": ["王五"]}]),
    ("本文译自英文", [{"kind": "translation", "source_language": "en"}]),
    ("本文译自《纽约时报》", [{"kind": "translation", "source_publisher": "纽约时报"}]),
    ("来源：新华社", [{"kind": "republication", "source_publisher": "新华社"}]),
    ("转载自《人民日报》", [{"kind": "republication", "source_publisher": "人民日报"}]),
]


@pytest.mark.parametrize(("text", "want"), FAMILIES, ids=[f[0][:40] for f in FAMILIES])
def test_credit_families(text: str, want: list[dict[str, Any]]) -> None:
    lineage = extract(text)
    assert lineage is not None, text
    got = _steps_of()(lineage)
    assert len(got) == len(want), got
    for step, expected in zip(got, want, strict=True):
        for key, value in expected.items():
            assert step[key] == value, (key, step)
    assert errors(lineage) == []
    _check_evidence(text, lineage)


def test_wire_credit_names_every_agency() -> None:
    lineage = extract("With Reuters and AP")
    assert lineage is not None
    (step,) = lineage.steps()
    assert step.kind is Kind.REPORTING
    sources = [lineage.version(v) for v in step.sources]
    assert [lineage.agent(v.publisher or "").name for v in sources] == ["Reuters", "AP"]
    assert errors(lineage) == []


@pytest.mark.parametrize(
    ("text", "kind", "outlets"),
    [
        ("Sources: AFP, Reuters", Kind.REPORTING, ["AFP", "Reuters"]),
        (
            "Source: The New York Times, Reuters & AP",
            Kind.REPORTING,
            ["The New York Times", "Reuters", "AP"],
        ),
        ("Sources: AFP and Reuters", Kind.REPORTING, ["AFP", "Reuters"]),
        ("Source: Reuters", Kind.REPUBLICATION, ["Reuters"]),  # one source: the text is theirs
    ],
)
def test_a_source_line_names_every_outlet(text: str, kind: Kind, outlets: list[str]) -> None:
    lineage = extract(text)
    assert lineage is not None
    (step,) = lineage.steps()
    assert step.kind is kind
    sources = [lineage.version(v) for v in step.sources]
    assert [lineage.agent(v.publisher or "").name for v in sources] == outlets
    assert errors(lineage) == []
    _check_evidence(text, lineage)


def test_an_article_before_a_name_is_not_the_name() -> None:
    text = "Translated from Arabic by the Middle East Monitor"
    lineage = extract(text)
    assert lineage is not None
    (agent,) = lineage.agents
    assert (agent.name, agent.type.value) == ("Middle East Monitor", "organization")
    spans = {e["path"]: e["text"] for e in lineage.extensions["extract"]["evidence"]}
    assert spans["$.agents[0].name"] == "Middle East Monitor"


def test_nationality_is_not_a_language() -> None:
    lineage = extract("A story by a Swedish writer. Translated by Anna Berg.")
    assert lineage is not None
    assert {v.language for v in lineage.versions} == {"und"}


# -- context, evidence, bad input ------------------------------------------------------------


def test_page_context_fills_gaps_only() -> None:
    bare = extract("Translated by Jane Doe")
    assert bare is not None
    assert bare.subject_version.language == "und"
    assert bare.subject_version.publisher is None
    filled = extract("Translated by Jane Doe", page_language="fr", page_publisher="Le Temps")
    assert filled is not None
    assert filled.subject_version.language == "fr"
    assert filled.agent(filled.subject_version.publisher or "").name == "Le Temps"
    contexts = {
        e["path"]: e["context"] for e in filled.extensions["extract"]["evidence"] if "context" in e
    }
    assert contexts["$.versions[1].language"] == "page_language"
    # The line wins over the page: it says English, the page says French.
    said = extract("Translated into English by Jane Doe", page_language="fr")
    assert said is not None
    assert said.subject_version.language == "en"
    # A page language that would make a translation keep its language is dropped, not obeyed.
    same = extract("Translated from French by Jane Doe", page_language="fr")
    assert same is not None
    assert same.languages() == ("fr", "und")
    assert errors(same) == []


def test_naming_the_original_on_its_own_page_is_not_a_derivation() -> None:
    # Issue 11's example: "Original text in English" on an English page says the page is the
    # original. On a French page, or with no page language, it still says a translation.
    assert extract("Original text in English", page_language="en") is None
    assert extract("La version anglaise fait foi.", page_language="en") is None
    on_french = extract("Original text in English", page_language="fr")
    assert on_french is not None
    assert on_french.languages() == ("en", "fr")
    said = extract("Translated by Jane Doe. Original text in English", page_language="en")
    assert said is not None  # the line says "translated": the page is not the original
    assert [d.kind for d in said.steps()] == [Kind.TRANSLATION]


def test_page_language_accepts_names_and_rejects_nonsense() -> None:
    lineage = extract("Translated by Jane Doe", page_language="Farsi")
    assert lineage is not None
    assert lineage.subject_version.language == "fa"
    with pytest.raises(ParseError, match="page_language"):
        extract("Translated by Jane Doe", page_language="qwertyish")
    with pytest.raises(TypeError):
        extract(b"Translated by Jane Doe")  # type: ignore[arg-type]


def _check_evidence(text: str, lineage: Lineage) -> None:
    record = lineage.extensions["extract"]
    assert record["text"] == text
    data = native.to_dict(lineage)
    for item in record["evidence"]:
        node: Any = data
        for name, index in __import__("re").findall(r"\.([A-Za-z_]+)|\[(\d+)\]", item["path"]):
            node = node[name] if name else node[int(index)]  # the path exists
        if "context" not in item:
            assert 0 <= item["start"] < item["end"] <= len(text)
            assert text[item["start"] : item["end"]] == item["text"]


def test_every_field_points_at_its_words() -> None:
    lineage = extract(SEED, page_language="en")
    assert lineage is not None
    _check_evidence(SEED, lineage)
    spans = {e["path"]: e["text"] for e in lineage.extensions["extract"]["evidence"]}
    assert spans["$.versions[0].language"] == "Persian"
    assert spans["$.agents[0].name"] == "Shafaqna Persian"
    assert spans["$.derivations[0].agents[0]"] == "Shafaqna English"


def test_markup_and_control_characters() -> None:
    text = "<p>Translated by <b>Jane&nbsp;Doe</b></p>\x00\x07"
    lineage = extract(text)
    assert lineage is not None
    assert names(lineage, Role.TRANSLATOR) == ["Jane Doe"]
    _check_evidence(text, lineage)
    spans = [
        e for e in lineage.extensions["extract"]["evidence"] if e["path"] == "$.agents[0].name"
    ]
    assert spans[0]["text"] == "Jane&nbsp;Doe"  # the span is in the input as given


def test_long_input_is_bounded() -> None:
    with guard(60):
        assert extract("Translated by " + "A" * 1_000_000) is None
        assert extract("Translated by Jane Doe. " * 50_000) is None
        assert len("x" * MAX_CHARS) == MAX_CHARS
        nasty = [
            "Translated by " + "Aa " * (MAX_CHARS // 3 - 10),
            "Translated from " + "English " * (MAX_CHARS // 8 - 4),
            "originally published by " + "Le Monde and " * (MAX_CHARS // 13 - 3),
            "به گزارش " + "خبر " * (MAX_CHARS // 4 - 5),
            "(" * (MAX_CHARS - 1) + ")",
            "<" * (MAX_CHARS // 2) + "Translated by X" + ">" * (MAX_CHARS // 2 - 20),
            ("Translated by A" + ", B" * (MAX_CHARS // 4))[:MAX_CHARS],
        ]
        for text in nasty:
            result = extract(text[:MAX_CHARS])
            if result is not None:
                assert errors(result) == []


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.none() | st.sampled_from(["en", "fa", "ar", "und", "pt-BR"]))
@example("Translated into English by Jane Doe", "en")
@example("Republished from BBC Persian", "en")
@example("Translated from French into French by X Y", None)
def test_any_text_gives_none_or_a_valid_lineage(text: str, page_language: str | None) -> None:
    lineage = extract(text, page_language=page_language, page_publisher="Some Outlet")
    if lineage is None:
        return
    assert errors(lineage) == []
    assert native.loads(native.dumps(lineage)) == lineage
    _check_evidence(text, lineage)


_WORDS = st.sampled_from(
    [
        "Translated",
        "translated",
        "from",
        "into",
        "by",
        "Persian",
        "English",
        "Farsi",
        "Shafaqna Persian",
        "Jane Doe",
        "and",
        "with",
        "DeepL",
        "Google Translate",
        "reviewed",
        "originally published",
        "Source:",
        "then",
        "machine-translated",
        "post-edited",
        "Traduit",
        "de l'anglais",
        "par",
        "ترجمه:",
        "منبع:",
        ".",
        ",",
        "Based on statements by",
        "Syrian Presidency",
        "Le Monde",
        "republished",
        "en",
        "Aus dem",
        "Englischen",
        "von",
        "مترجم:",
        "ترجمة عن",
        "الإنجليزية",
        "(EFE)",
        "With",
        "AFP",
        "Additional reporting by",
        "the",
        "This is a translation of an article published in",
        "Portuguese original",
        "Vertaald uit het",
        "Engels",
        "door",
        "Перевод с английского:",
        "Иван Петров",
        "译者：",
        "张三、李四",
        "本文由机器翻译",
    ]
)


@given(st.lists(_WORDS, max_size=14).map(" ".join), st.none() | st.sampled_from(["en", "fa"]))
def test_credit_like_text_gives_valid_lineages(text: str, page_language: str | None) -> None:
    lineage = extract(text, page_language=page_language)
    if lineage is not None:
        assert errors(lineage) == []
        _check_evidence(text, lineage)


# -- the renderer and the extractor agree -----------------------------------------------------

_KEEPS = frozenset({"republication", "excerpt", "revision", "transcription"})


def _said(lineage: Lineage) -> dict[str, Any]:
    """What a credit line says of a lineage. A language a step keeps (a republication, an
    excerpt) need not be said twice: the extractor may leave one side ``und``, so each run of
    versions joined by such steps takes the language any of them states. The subject's
    publisher is the page's, not the line's."""
    chain = lineage.chain()
    steps = lineage.steps()
    languages = [v.language for v in chain]
    for _ in steps:  # until every run is filled
        for i, step in enumerate(steps):
            if step.kind.value in _KEEPS:
                a, b = languages[i], languages[i + 1]
                languages[i] = languages[i + 1] = b if a == "und" else a
    unnamed = lineage.extensions.get("extract", {}).get("unnamed_agents", ())
    basis = [d for d in steps if d.kind.value in ("reporting", "quotation")]
    return {
        "basis": sorted(
            lineage.agent(v.publisher).name
            for d in basis
            for v in map(lineage.version, d.sources)
            if v.publisher
        ),
        "languages": languages,
        "kinds": [d.kind.value for d in steps],
        "methods": [d.method.value if d.method else None for d in steps],
        "publishers": [
            lineage.agent(v.publisher).name if v.publisher else None for v in chain[:-1]
        ],
        "agents": sorted(
            (lineage.agent(c.agent).name, c.role.value)
            for d in steps
            for c in d.agents
            if c.agent not in unnamed
        ),
    }


@pytest.mark.parametrize("locale", credits.locales())
@settings(max_examples=120, deadline=None)
@given(lineage=strategies.credit_lineages())
def test_render_then_extract_gives_the_lineage_back(locale: str, lineage: Lineage) -> None:
    text = credits.render(lineage, locale=locale)
    # The line sits on the subject's page: a pipeline knows that page's language.
    back = extract(text, page_language=lineage.subject_version.language)
    assert back is not None, text
    assert _said(back) == _said(lineage), text
    assert errors(back) == []


def _post_edited_then_republished() -> Lineage:
    b = Builder()
    origin = b.version("o", "de", publisher=b.organization("Rheinische Abendpost"))
    english = b.translate(
        origin,
        "e",
        "en",
        publisher=b.organization("Gulf Daily"),
        tool=b.software("DeepL"),
        post_editor=b.person("Jane Doe"),
    )
    b.version("r", "en", derived_from=english, kind="republication")
    return b.build("r")


@pytest.mark.parametrize("locale", ["en", "fr", "es", "de", "ar", "fa"])
def test_a_republished_post_edited_translation_keeps_its_order(locale: str) -> None:
    # It came back republication first, with an invented ``und`` version in between.
    text = credits.render(_post_edited_then_republished(), locale=locale)
    lineage = extract(text, page_language="en")
    assert lineage is not None, text
    assert [(d.kind.value, d.method and d.method.value) for d in lineage.steps()] == [
        ("translation", "post_edited"),
        ("republication", None),
    ], text
    assert [v.language for v in lineage.chain()] == ["de", "en", "en"], text
    publishers = [lineage.agent(v.publisher).name if v.publisher else None for v in lineage.chain()]
    assert publishers[:2] == ["Rheinische Abendpost", "Gulf Daily"], text


@pytest.mark.parametrize(
    "text",
    [
        "Publié initialement en japonais par NHK. Résumé en anglais.",
        "این خبر نخستین بار به زبان ژاپنی توسط NHK منتشر شد و سپس به انگلیسی خلاصه شد.",
        "Originally published in Japanese by NHK. Summarized in English.",
        "Publicado originalmente en japonés por NHK. Resumido en inglés.",
        "Zuerst erschienen auf Japanisch bei NHK. Zusammengefasst auf Englisch.",
        "نُشر في الأصل باللغة اليابانية من قبل NHK. لُخّص باللغة الإنجليزية.",
    ],
)
def test_a_summary_in_another_language_is_a_summary(text: str) -> None:
    # French and Persian read it as a republication, the summary lost.
    lineage = extract(text)
    assert lineage is not None
    (step,) = lineage.steps()
    assert step.kind is Kind.SUMMARY
    assert lineage.languages() == ("ja", "en")
    assert lineage.agent(lineage.chain()[0].publisher or "").name == "NHK"


def test_every_locale_is_read_back() -> None:
    assert set(credits.locales()) >= {"ar", "de", "en", "es", "fa", "fr"}


# -- languages beyond the first six (issue 11) -----------------------------------------------

DEV = [
    json.loads(line) for line in (DATA / "credits" / "dev.jsonl").read_text("utf-8").splitlines()
]
# Real lines of the development part of the corpus (each with its page's address there), in
# languages the extractor did not read before, or phrasings it missed: the start of each is
# enough to find it.
NEW_LANGUAGE_LINES = [
    "Skånska Dagbladet publicerade den 11 november",
    "※본 글은 이코노미스트지의",
    "※ The Economist의",
    "※ 이 글은 뉴욕타임즈에 실린",
    "※ The Guardian에 Olivia Judson이",
    "※ 이 글은 워싱턴포스트의",
    "이번 기회에 미뤄뒀던 책을",
    "Theo Tạp chí Khoa học Công nghệ Việt Nam",
    "Vui lòng nhấp đúp vào phụ đề",
    "دونوں ہی آج کے جنگ اخبار",
    "اس معافی نامہ کا ایک اقتباس",
    "বঙ্গানুবাদ :",
    "na Phil Bartle, PhDimetafsiriwa",
    "HABARI KWANIABA YA BBC SWAHILI",
    "Kwa mujibu wa gazeti la Daily Nation",
    # Phrasings of languages read before that were missed (issue 11, item 3).
    "The post How a new way to vote",
    "Article paru dans l’Est",
    "Article du Télégramme",
    "(Erschienen im Tages-Anzeiger",
    "Kolumne im Schwäbischen",
    "Ein Arbeiter berichtete laut",
    "Articolo comparso sul quotidiano",
    "Traduciamo un articolo del Voice",
    "La traduzione dall",
    "Dat zou de goedkoopste",
    "© Isabel Zapata",
    "Hamburg (ots)",
    "〜東洋経済オンライン",
]


@pytest.mark.parametrize("start", NEW_LANGUAGE_LINES)
def test_real_lines_read_since_issue_11(start: str) -> None:
    (row,) = [r for r in DEV if r["text"].startswith(start)]
    assert row["source"].startswith(("http://", "https://"))
    lineage = extract(row["text"])
    assert lineage is not None
    got, want = _steps_of()(lineage), row["expected"]["steps"]
    assert [s["kind"] for s in got] == [s["kind"] for s in want]
    if want[0]["source_publisher"]:
        assert got[0]["source_publisher"] == want[0]["source_publisher"]
    for key in ("translators", "target_language"):
        if want[-1][key]:
            assert got[-1][key] == want[-1][key]


# Real lines found with the search tool's stored pages (issue 11, item 3), with their address.
FOUND: list[tuple[str, str, dict[str, Any]]] = [
    (
        "https://germany2.towiget276.workers.dev/news/search?form=PTFTNR&q=Apply+Home+Equity"
        "+Loan&qft=interval%3D%224%22",
        "This commentary originally appeared in The Athens Messenger. By Victoria LaPoe, Ph.D., "
        "Ohio University Professor, E. W.",
        {"kind": "republication", "source_publisher": "The Athens Messenger"},
    ),
    (
        "https://pdfslide.us/documents/black-shroud-final.html",
        "Mirzadeh Eshghi 1893-1924 Translation by: Noor Azadi Copyright by Noor Azadi, "
        "December 31, 2012",
        {"kind": "translation", "translators": ["Noor Azadi"]},  # not "Noor Azadi Copyright"
    ),
]


@pytest.mark.parametrize(("source", "text", "want"), FOUND, ids=[f[1][:30] for f in FOUND])
def test_real_lines_found_on_pages(source: str, text: str, want: dict[str, Any]) -> None:
    assert source.startswith("https://")
    lineage = extract(text)
    assert lineage is not None
    (step,) = _steps_of()(lineage)
    for key, value in want.items():
        assert step[key] == value, (key, step)


def test_a_title_before_a_name_is_part_of_it() -> None:
    # A real line of the dev corpus: the name was cut at "Dr.".
    (row,) = [r for r in DEV if r["text"].startswith("Translated into English by Dr. Hans")]
    lineage = extract(row["text"])
    assert lineage is not None
    assert _steps_of()(lineage)[0]["translators"][0] == "Dr. Hans Corell"


@pytest.mark.parametrize(
    "start",
    [
        # They name an original or a translator without saying this text derives from it.
        "Phần so sánh của bài này dịch từ tiếng anh",
        "Oversatt sakprosa utgjør",
        "Väldigt bra artikel i Dagens Nyheter",
        "Inledning av Gunhild Tegen",
    ],
)
def test_real_look_alikes_in_new_languages(start: str) -> None:
    (row,) = [r for r in DEV if r["text"].startswith(start)]
    assert row["expected"] is None
    assert extract(row["text"]) is None


# -- the corpus ------------------------------------------------------------------------------


def test_corpus_scores_stay_above_their_floors() -> None:
    table = _bench().score(CORPUS)["fields"]
    floors = {  # what the engine reached when these were set, minus a little slack
        # 0.95 before the cue-word fallback (issue 11), which reads lines in languages no
        # phrasing covers at the cost of one more look-alike here.
        "detection": (0.93, 0.85),
        "kind": (0.92, 0.80),
        "method": (0.85, 0.78),
        "source_language": (0.70, 0.55),
        "target_language": (0.85, 0.65),
        "translators": (0.95, 0.70),
        "source_publisher": (0.90, 0.80),
    }
    for field, (precision, recall) in floors.items():
        assert table[field]["precision"] >= precision, (field, table[field])
        assert table[field]["recall"] >= recall, (field, table[field])


@pytest.mark.parametrize("with_context", [False, True])
def test_corpus_output_validates_and_round_trips(with_context: bool) -> None:
    for row in CORPUS:
        lineage = extract(
            row["text"],
            page_language=row["page_language"] if with_context else None,
            page_publisher=row["page_publisher"] if with_context else None,
        )
        if lineage is None:
            continue
        assert errors(lineage) == [], row["text"]
        assert native.loads(native.dumps(lineage)) == lineage
        _check_evidence(row["text"], lineage)


def test_corpus_lines_have_their_addresses() -> None:
    assert len(CORPUS) >= 80
    assert len({r["outlet"] for r in CORPUS}) >= 15
    assert len({r["line_language"] for r in CORPUS}) >= 5
    assert any(r["expected"] is None for r in CORPUS)
    assert all(r["source"].startswith(("http://", "https://")) for r in CORPUS)


# -- the data --------------------------------------------------------------------------------


def test_pattern_files_compile_with_unique_ids() -> None:
    folder = pathlib.Path(__file__).parent.parent / "provenance" / "data" / "credit_patterns"
    files = sorted(p.name for p in folder.glob("*.json"))
    assert {
        "_shared.json",
        "en.json",
        "fr.json",
        "es.json",
        "de.json",
        "fa.json",
        "ar.json",
        "nl.json",
        "ru.json",
        "zh.json",
    } <= set(files)
    ids = [p.id for p in _catalog().patterns]
    assert len(ids) == len(set(ids))
    for name in files:
        data = json.loads((folder / name).read_text("utf-8"))
        if name.startswith("_"):
            continue
        for spec in data["patterns"]:
            assert spec["match"]
            assert spec["id"]
            assert spec.get("veto") or spec.get("kind") or spec.get("steps"), spec["id"]


# -- the command line ------------------------------------------------------------------------


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run(*argv: str, stdin: str = "") -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["extract", *argv], stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def test_cli_text_prints_the_native_lineage() -> None:
    result = run(SEED, "--page-language", "en")
    assert result.code == 0, result.err
    lineage = native.loads(result.out)
    assert lineage == extract(SEED, page_language="en")


def test_cli_reads_stdin_and_files(tmp_path: pathlib.Path) -> None:
    assert native.loads(run("-", stdin=SEED).out) == extract(SEED)
    path = tmp_path / "line.txt"
    path.write_text(SEED + "\n", encoding="utf-8")
    assert native.loads(run("--file", str(path)).out) == extract(SEED + "\n")
    missing = run("--file", str(tmp_path / "nope.txt"))
    assert missing.code == 2
    assert "nope.txt" in missing.err
    assert "Traceback" not in missing.err


def test_cli_not_a_credit_line_prints_null() -> None:
    result = run("The weather was fine.")
    assert (result.code, result.out) == (0, "null\n")


def test_cli_bad_page_language_is_a_usage_error() -> None:
    result = run("Translated by Jane Doe", "--page-language", "qwertyish")
    assert result.code == 2
    assert "--page-language" in result.err
    assert "qwertyish" in result.err


def _underlined(out: str, path: str) -> str:
    """What ``--explain`` underlines for the field at ``path``."""
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if line.strip().startswith(path + " =")))
    shown, marks = lines[at + 1], lines[at + 2]
    start = marks.index("^")
    return shown[start : start + marks.count("^")]


def test_cli_explain_underlines_the_words() -> None:
    result = run(SEED, "--explain")
    assert result.code == 0
    assert '$.versions[0].language = "fa"' in result.out
    assert _underlined(result.out, "$.versions[0].language") == "Persian"
    assert run("nothing here", "--explain").out.startswith("not a credit line")


def test_cli_jsonl_one_output_line_per_input_line() -> None:
    stdin = "\n".join(
        [
            json.dumps({"text": SEED, "page_language": "en"}),
            "",
            json.dumps({"text": "Nothing to see"}),
            "{broken",
            json.dumps({"text": 3}),
            json.dumps({"text": "Translated by Jane Doe", "page_language": "qwertyish"}),
            json.dumps({"text": "Translated by Jane Doe", "page_publisher": "Le Temps"}),
        ]
    )
    result = run("--jsonl", "-", stdin=stdin)
    assert result.code == 2
    out = result.out.splitlines()
    assert len(out) == 6  # the blank line is not an input
    assert native.loads(out[0]) == extract(SEED, page_language="en")
    assert out[1:5] == ["null", "null", "null", "null"]
    last = native.loads(out[5])
    assert last.agent(last.subject_version.publisher or "").name == "Le Temps"
    assert "<stdin>:4:" in result.err
    assert "<stdin>:5:" in result.err
    assert "<stdin>:6:" in result.err
    assert "qwertyish" in result.err
    for line in out:
        assert "\n" not in line


def test_cli_jsonl_on_the_corpus_writes_a_file_whole(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "out.jsonl"
    result = run("--jsonl", "--file", str(CORPUS_PATH), "-o", str(target))
    assert result.code == 0, result.err
    lines = target.read_text("utf-8").splitlines()
    assert len(lines) == len(CORPUS)
    for row, line in zip(CORPUS, lines, strict=True):
        if line == "null":
            continue
        lineage = native.loads(line)
        assert errors(lineage) == [], row["text"]


def test_cli_usage_errors() -> None:
    assert run("--jsonl", "some text").code == 2
    assert run("-", "--jsonl", "--explain").code == 2
    assert run("text", "--file", "x").code == 2


def test_lone_surrogates_become_replacement_characters() -> None:
    from provenance import dumps

    lineage = extract("Translated from Persian by Jane Doe \ud83c", page_language="en")
    assert lineage is not None
    dumps(lineage).encode("utf-8")  # writable: no half character left


# -- adversarial lines (issue 15: extraction ReDoS) -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "paru" + " " * 5000,
        "publié" + " " * 4990,
        "pubblicato" + "\n" * 4990,
        "نقلا عن" + "\u00a0" * 4990,
        "Translated by" + "&nbsp;" * 800,
        "paru" + "<br>" * 1200,
        "paru" + "\x00" * 4990,
    ],
    ids=["paru", "publie", "pubblicato", "arabic-nbsp", "nbsp-entities", "br-tags", "nul"],
)
def test_whitespace_runs_after_a_trigger_end_at_once(text: str) -> None:
    # Each took from 1 to 50 seconds: "\s+" on both sides of a bounded "[^,.;]{1,40}?" tried
    # every split of the run. Runs of whitespace are now one character before matching.
    with guard(20):
        extract(text[:MAX_CHARS])
        extract(text * 200)  # a megabyte: over the length limit, not read


@settings(max_examples=300)
@given(st.text(st.sampled_from(" \t\n\r\u00a0\u2028\u3000ab<>&;#x0"), max_size=60))
def test_cleaning_leaves_no_run_of_whitespace(text: str) -> None:
    from provenance._extract import _clean, _collapse

    clean, where = _collapse(*_clean(text))
    for pair in ("  ", " \n", "\n ", "\n\n"):
        assert pair not in clean
    assert all(ch in " \n" for ch in clean if ch.isspace())
    if where is not None:  # every character of the result comes from the input, in order
        assert len(where) == len(clean) + 1
        assert where == sorted(where)
        assert all(0 <= at <= len(text) for at in where)


def test_every_pattern_ends_on_its_adversarial_lines() -> None:
    """Each pattern's words followed by long runs of letters, words, punctuation or other
    scripts, as extract() matches them (whitespace runs are collapsed before, see above).
    A pattern that backtracks catastrophically hangs here; benchmarks/extract.py --patterns
    prints how the time of each grows with the length of the line (linearly)."""
    bench = _bench()
    units = [u for u in bench.HOSTILE_UNITS if u.strip() and u[0] not in "<&"]
    patterns = _catalog().patterns
    assert len(patterns) > 200
    with guard(120):
        for pattern in patterns:
            words = bench.pattern_words(pattern)
            for seed in sorted({*pattern.triggers, max(words, key=len)}):
                for unit in units:
                    line = bench._hostile_line(seed, unit, MAX_CHARS // 2)
                    for _ in pattern.regex.finditer(line):
                        pass


_TRIGGERS = sorted(_catalog().triggers)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_TRIGGERS) | st.text(max_size=3), max_size=12).map("".join))
def test_one_pass_finds_every_trigger_word(text: str) -> None:
    # The trie scan finds the longest trigger at each position; shorter ones that begin it
    # ("transl" in "translated") and ones inside it wake their patterns too.
    catalog = _catalog()
    folded = text.casefold()
    naive = {i for t, found in catalog.triggers.items() if t in folded for i in found}
    scanned = {i for t in catalog.trigger_regex.findall(folded) for i in catalog.wake[t]}
    assert scanned == naive


def test_names_and_outlets_are_bounded_so_long_runs_stay_linear() -> None:
    # The name slot takes at most 8 words and the outlet slot 12: without a bound, a long run
    # of capitalized words before a trigger made the patterns backtrack quadratically (a
    # 5,000-character line took a third of a second; benchmarks/extract.py prints the worst case).
    words = " ".join(f"Abc{i}" for i in range(30))
    lineage = extract(f"{words} has translated")
    assert lineage is not None
    (translator,) = [a.name for a in lineage.agents]
    assert translator.split() == [f"Abc{i}" for i in range(22, 30)]


def test_cli_explain_escapes_terminal_controls_from_its_input() -> None:
    line = "Translated from Persian by Ali\x1b]0;owned\x07 Rezaei\u202e for Shafaqna\u2028x"
    result = run(line, "--explain")
    assert result.code == 0
    assert not {"\x1b", "\x07", "\u202e", "\u2028"} & set(result.out)
    assert "Ali\\x1b]0;owned\\x07 Rezaei" in result.out
    assert _underlined(result.out, "$.versions[0].language") == "Persian"
    # Escapes before the words widen the line: the carets move with them.
    shifted = run("\x1b[2J\u202e Translated from Persian by Ali Rezaei", "--explain")
    assert _underlined(shifted.out, "$.versions[0].language") == "Persian"


def test_an_agent_named_like_an_unnamed_one_keeps_its_own_id() -> None:
    """A person called "Unnamed Engine" and the engine the line implies but does not name get
    different ids; only the implied one is listed as unnamed."""
    lineage = extract("Machine translated from Persian by Unnamed Engine")
    assert lineage is not None
    assert [(a.id, a.type.value, a.name) for a in lineage.agents] == [
        ("unnamed-engine", "person", "Unnamed Engine"),
        ("unnamed-engine-x", "software", "machine translation (engine not named)"),
    ]
    assert lineage.extensions["extract"]["unnamed_agents"] == ["unnamed-engine-x"]


def test_one_name_as_two_kinds_of_agent_gets_two_ids() -> None:
    """The page's publisher (an organization) and a translator (a person) of the same name."""
    lineage = extract("Translated from Persian by Ali Rezaei", page_publisher="Ali Rezaei")
    assert lineage is not None
    assert [(a.id, a.type.value) for a in lineage.agents] == [
        ("ali-rezaei", "organization"),
        ("ali-rezaei-2", "person"),
    ]
    assert lineage.subject_version.publisher == "ali-rezaei"
    assert lineage.derivations[0].agents == (AgentRole("ali-rezaei-2", Role.TRANSLATOR),)


def _bad_pattern(spec: dict[str, Any], **file: Any) -> str:
    """The error a pattern file holding only ``spec`` gives when the catalog is compiled."""
    from provenance import _extract

    data = {"language": "en", "patterns": [{"id": "bad", **spec}], **file}
    real = _extract._read

    def read(name: str) -> dict[str, Any]:
        return data if name == "bad.json" else real(name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_extract, "_pattern_files", lambda: ["bad.json"])
        patch.setattr(_extract, "_read", read)
        with pytest.raises(ValueError, match=r"^bad\.json: patterns\[0\] \('bad'\): ") as error:
            _extract._catalog.__wrapped__()  # type: ignore[attr-defined]
    return str(error.value)


@pytest.mark.parametrize(
    ("spec", "file", "expected"),
    [
        (
            {"match": "{nope} by {translators:names}", "kind": "translation"},
            {},
            "unknown word {nope}; define it under 'words'",
        ),
        (  # a word holds words only one level deep
            {"match": "{w} by {translators:names}", "kind": "translation"},
            {"words": {"w": "{inner}"}},
            "unknown word {inner}",
        ),
        (
            {"match": "by {translators:names}", "kind": "translation", "role": "middle"},
            {},
            "role 'middle' is not one of ['modifier', 'origin', 'source', 'step']",
        ),
        (
            {"match": "by {x:names}", "steps": [{"kind": "translation", "fields": {"x": "who"}}]},
            {},
            "unknown field 'who'; fields: ['editors', 'post_editors', 'publisher', "
            "'source_language', 'source_publisher', 'source_publishers', 'target_language', "
            "'tools', 'translators']",
        ),
        (
            {"match": "from {source_language:names}", "kind": "translation"},
            {},
            "source_language takes a slot whose type starts with 'lang'",
        ),
    ],
)
def test_a_bad_pattern_file_names_the_file_the_pattern_and_the_mistake(
    spec: dict[str, Any], file: dict[str, Any], expected: str
) -> None:
    assert _bad_pattern(spec, **file) == f"bad.json: patterns[0] ('bad'): {expected}"
