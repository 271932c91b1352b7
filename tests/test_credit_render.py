"""Credit lines rendered from lineages: exact wording per locale, and properties for all."""

from __future__ import annotations

import io
import json
import re
from importlib import resources

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Builder, ProvenanceError, cli, credits, examples, languages
from provenance._credit_render import plain
from provenance.formats import native
from provenance.model import Derivation, Kind, Lineage, Role, Version
from provenance.strategies import any_lineages, lineages

SEED = {
    "en": "Originally published in Persian by Shafaqna Persian. Translated into English by "
    "Shafaqna English. Based on statements by Syrian Presidency and Iraqi Presidency.",
    "fr": "Publié initialement en persan par Shafaqna Persian. Traduit en anglais par Shafaqna "
    "English. D'après des déclarations publiées par Syrian Presidency et Iraqi Presidency.",
    "fa": "این خبر نخستین بار به زبان فارسی توسط Shafaqna Persian منتشر شد و Shafaqna English "
    "آن را به انگلیسی ترجمه کرد. این خبر بر اساس بیانیه‌های Syrian Presidency و Iraqi Presidency "
    "تهیه شده است.",
    "es": "Publicado originalmente en persa por Shafaqna Persian. Traducido al "
    "inglés por Shafaqna English. Basado en declaraciones publicadas por "
    "Syrian Presidency y Iraqi Presidency.",
    "de": "Zuerst erschienen auf Persisch bei Shafaqna Persian. Übersetzt ins "
    "Englische von Shafaqna English. Nach Erklärungen von Syrian Presidency "
    "und Iraqi Presidency.",
    "ar": "نُشر في الأصل باللغة الفارسية من قبل Shafaqna Persian. تُرجم إلى "
    "الإنجليزية بواسطة Shafaqna English. استناداً إلى بيانات صادرة عن "
    "Syrian Presidency و Iraqi Presidency.",
}

EXAMPLES = {
    ("machine", "en"): "Originally published in German by Rheinische Abendpost. "
    "Machine-translated into English with DeepL.",
    ("machine", "fr"): "Publié initialement en allemand par Rheinische Abendpost. "
    "Traduit automatiquement en anglais avec DeepL.",
    ("machine", "fa"): "این خبر نخستین بار به زبان آلمانی توسط Rheinische Abendpost منتشر شد "
    "و سپس با DeepL به‌صورت ماشینی به انگلیسی ترجمه شد.",
    ("post-edited", "en"): "Originally published in Spanish by Diario del Valle. "
    "Machine-translated into English with Google Translate and post-edited by Ana Ruiz.",
    ("post-edited", "fr"): "Publié initialement en espagnol par Diario del Valle. Traduit "
    "automatiquement en anglais avec Google Translate et post-édité par Ana Ruiz.",
    ("post-edited", "fa"): "این خبر نخستین بار به زبان اسپانیایی توسط Diario del Valle منتشر "
    "شد و سپس با Google Translate به‌صورت ماشینی به انگلیسی ترجمه شد و Ana Ruiz آن را ویرایش کرد.",
    ("relay", "en"): "Originally published in Marathi by Sahyadri Weekly. Translated into "
    "English by A. Kulkarni, then into Hindi by B. Sharma.",
    ("relay", "fr"): "Publié initialement en marathi par Sahyadri Weekly. Traduit en anglais "
    "par A. Kulkarni, puis en hindi par B. Sharma.",
    ("relay", "fa"): "این خبر نخستین بار به زبان مراتی توسط Sahyadri Weekly منتشر شد و "
    "A. Kulkarni آن را به انگلیسی ترجمه کرد و سپس B. Sharma آن را به هندی ترجمه کرد.",
    ("syndication", "en"): "First published by The Campus Observer.",
    ("syndication", "fr"): "Publié initialement par The Campus Observer.",
    ("syndication", "fa"): "این خبر نخستین بار توسط The Campus Observer منتشر شد.",
    (
        "machine",
        "es",
    ): "Publicado originalmente en alemán por Rheinische Abendpost. Traducido "
    "automáticamente al inglés con DeepL.",
    (
        "post-edited",
        "es",
    ): "Publicado originalmente en español por Diario del Valle. Traducido "
    "automáticamente al inglés con Google Translate y poseditado por Ana "
    "Ruiz.",
    (
        "relay",
        "es",
    ): "Publicado originalmente en maratí por Sahyadri Weekly. Traducido al "
    "inglés por A. Kulkarni, luego al hindi por B. Sharma.",
    ("syndication", "es"): "Publicado originalmente por The Campus Observer.",
    (
        "machine",
        "de",
    ): "Zuerst erschienen auf Deutsch bei Rheinische Abendpost. Maschinell "
    "übersetzt ins Englische mit DeepL.",
    (
        "post-edited",
        "de",
    ): "Zuerst erschienen auf Spanisch bei Diario del Valle. Maschinell "
    "übersetzt ins Englische mit Google Translate und nachbearbeitet von "
    "Ana Ruiz.",
    (
        "relay",
        "de",
    ): "Zuerst erschienen auf Marathi bei Sahyadri Weekly. Übersetzt ins "
    "Englische von A. Kulkarni, dann ins Hindi von B. Sharma.",
    ("syndication", "de"): "Zuerst erschienen bei The Campus Observer.",
    (
        "machine",
        "ar",
    ): "نُشر في الأصل باللغة الألمانية من قبل Rheinische Abendpost. تُرجم "
    "آلياً إلى الإنجليزية باستخدام DeepL.",
    (
        "post-edited",
        "ar",
    ): "نُشر في الأصل باللغة الإسبانية من قبل Diario del Valle. تُرجم آلياً "
    "إلى الإنجليزية باستخدام Google Translate وراجعه Ana Ruiz.",
    (
        "relay",
        "ar",
    ): "نُشر في الأصل باللغة الماراثية من قبل Sahyadri Weekly. تُرجم إلى "
    "الإنجليزية بواسطة A. Kulkarni، ثم إلى الهندية بواسطة B. Sharma.",
    ("syndication", "ar"): "نُشر في الأصل من قبل The Campus Observer.",
}


@pytest.mark.parametrize("locale", sorted(SEED))
def test_the_seed(locale: str) -> None:
    assert credits.render(examples.get("shafaqna"), locale=locale) == SEED[locale]


@pytest.mark.parametrize(("name", "locale"), sorted(EXAMPLES))
def test_every_example(name: str, locale: str) -> None:
    assert credits.render(examples.get(name), locale=locale) == EXAMPLES[(name, locale)]


def test_every_example_and_locale_is_covered() -> None:
    covered = {name for name, _ in EXAMPLES} | {"shafaqna"}
    assert covered == set(examples.names())
    assert credits.locales() == ("ar", "de", "en", "es", "fa", "fr")


def test_the_default_locale_is_english() -> None:
    assert credits.render(examples.get("shafaqna")) == SEED["en"]


def test_regional_tags_use_their_language() -> None:
    assert credits.render(examples.get("shafaqna"), locale="fr-CA") == SEED["fr"]
    assert credits.render(examples.get("shafaqna"), locale="fa-IR") == SEED["fa"]


def test_unknown_locale_lists_the_known_ones() -> None:
    with pytest.raises(
        credits.UnknownLocaleError, match="known locales: ar, de, en, es, fa, fr"
    ) as caught:
        credits.render(examples.get("shafaqna"), locale="sv")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, ProvenanceError)


# -- wording rules ----------------------------------------------------------------------------


def _translation(source: str, target: str, translator: str = "Ana") -> Lineage:
    b = Builder()
    first = b.version("a", source, publisher=b.organization("Origin Outlet"))
    b.translate(first, "b", target, translator=b.person(translator))
    return b.build("b")


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("fa", "en", "Traduit en anglais par Ana."),
        ("hi", "en", "Traduit en anglais par Ana."),
    ],
)
def test_french_names_the_target_with_en(source: str, target: str, expected: str) -> None:
    assert credits.render(_translation(source, target), locale="fr").endswith(expected)


def test_french_relay_after_an_unnamed_publisher() -> None:
    b = Builder()
    hungarian = b.version("hu", "hu")
    english = b.translate(hungarian, "en", "en", translator=b.person("Péter"))
    b.translate(english, "hi", "hi", translator=b.person("Ravi"))
    text = credits.render(b.build("hi"), locale="fr")
    assert text == (
        "Publié initialement en hongrois. Traduit en anglais par Péter, puis en hindi par Ravi."
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("hu", "en", "Traduit du hongrois vers l'anglais par Zoé, puis en hongrois par Ana."),
        ("en", "hu", "Traduit de l'anglais vers le hongrois par Zoé, puis en anglais par Ana."),
        ("hi", "fa", "Traduit de l'hindi vers le persan par Zoé, puis en hindi par Ana."),
        ("fa", "ur", "Traduit du persan vers l'ourdou par Zoé, puis en persan par Ana."),
    ],
)
def test_french_elides_before_vowels_and_mute_h_only(
    first: str, second: str, expected: str
) -> None:
    # A back-translation: the origin is in the subject's language, so the origin sentence
    # names no language and the first translation names its source.
    b = Builder()
    origin = b.version("o", first, publisher=b.organization("Outlet"))
    middle = b.translate(origin, "m", second, translator=b.person("Zoé"))
    b.translate(middle, "t", first, translator=b.person("Ana"))
    assert (
        credits.render(b.build("t"), locale="fr") == f"Publié initialement par Outlet. {expected}"
    )


def test_back_translation_names_the_source_language() -> None:
    b = Builder()
    origin = b.version("o", "en", publisher=b.organization("Outlet"))
    middle = b.translate(origin, "m", "fr", translator=b.person("Zoé"))
    b.translate(middle, "t", "en", translator=b.person("Ana"))
    assert credits.render(b.build("t")) == (
        "First published by Outlet. Translated from English into French by Zoé, "
        "then into English by Ana."
    )


def test_lists_follow_each_locale() -> None:
    b = Builder()
    origin = b.version("o", "fa", publisher=b.organization("Outlet"))
    people = [b.person(name) for name in ("A", "B", "C")]
    b.translate(origin, "t", "en", translator=people)
    lineage = b.build("t")
    assert "by A, B and C." in credits.render(lineage)
    assert "par A, B et C." in credits.render(lineage, locale="fr")
    persian = credits.render(lineage, locale="fa")
    assert "A، B و C آن را به انگلیسی ترجمه کردند" in persian  # plural verb


def test_republication_after_a_translation_names_the_first_publisher() -> None:
    b = Builder()
    origin = b.version("o", "fa", publisher=b.organization("Tehran Daily"))
    english = b.translate(
        origin, "e", "en", publisher=b.organization("Wire"), translator=b.person("Sara")
    )
    b.version(
        "r", "en", publisher=b.organization("Local"), derived_from=english, kind="republication"
    )
    # "Republished from Wire" alone reads as Wire publishing the original; the line says
    # which version Wire published, so extract() puts the two steps back in order.
    assert credits.render(b.build("r")) == (
        "Originally published in Persian by Tehran Daily. Translated into English by Sara. "
        "Republished from the version published by Wire."
    )


def test_reporting_in_the_middle_keeps_the_history_of_the_sources() -> None:
    b = Builder()
    statement = b.version("s", "ar", publisher=b.organization("Ministry"))
    english = b.translate(statement, "se", "en", translator=b.person("Omar"))
    report = b.version(
        "r", "en", publisher=b.organization("Paper"), derived_from=english, kind="reporting"
    )
    b.translate(report, "t", "fr", translator=b.person("Léa"))
    assert credits.render(b.build("t")) == (
        "Originally published in English by Paper. Translated into French by Léa. "
        "Based on a statement. "
        "Originally published in Arabic by Ministry. Translated into English by Omar."
    )


def test_unknown_facts_are_left_out() -> None:
    b = Builder()
    origin = b.version("o", "not a tag")
    b.translate(origin, "t", "en")
    assert credits.render(b.build("t")) == "Translated into English."


def test_an_original_has_no_credit_line() -> None:
    b = Builder()
    b.version("o", "en", publisher=b.organization("Outlet"))
    assert credits.render(b.build("o")) == ""


def test_control_characters_in_names_do_not_break_lines() -> None:
    b = Builder()
    origin = b.version("o", "es", publisher=b.organization("Diario\n\tdel\x00Valle"))
    b.translate(origin, "t", "en", translator=b.person("Ana\r\nRuiz\u2028"))
    text = credits.render(b.build("t"))
    assert text == (
        "Originally published in Spanish by Diario del Valle. Translated into English by Ana Ruiz."
    )


# -- properties -------------------------------------------------------------------------------


@given(lineages(), st.sampled_from(("en", "fr", "fa")))
def test_every_translation_and_translator_is_named(lineage: Lineage, locale: str) -> None:
    text = credits.render(lineage, locale=locale)
    assert text == plain(text)  # one line, no control characters
    for derivation in lineage.translations():
        target = lineage.version(derivation.target)
        assert languages.display_name(target.language, locale) in text
        for agent_id in derivation.agents_with(Role.TRANSLATOR):
            name = plain(lineage.agent(agent_id).name)
            assert name in text


@given(lineages(), st.sampled_from(("en", "fr", "fa")))
def test_machine_steps_name_their_tools(lineage: Lineage, locale: str) -> None:
    text = credits.render(lineage, locale=locale)
    for derivation in lineage.derivations:
        if derivation.kind is Kind.TRANSLATION:
            for agent_id in derivation.agents_with(Role.TOOL):
                assert plain(lineage.agent(agent_id).name) in text


@given(any_lineages(), st.sampled_from(("en", "fr", "fa")))
def test_render_never_raises(lineage: Lineage, locale: str) -> None:
    text = credits.render(lineage, locale=locale)
    assert "\n" not in text


def test_a_long_chain_renders_without_recursion() -> None:
    tags = ("fa", "en", "fr")
    lineage = Lineage(
        subject="v99999",
        versions=[Version(id=f"v{i}", language=tags[i % 3]) for i in range(100_000)],
        derivations=[
            Derivation(target=f"v{i}", sources=(f"v{i - 1}",), kind="translation")
            for i in range(1, 100_000)
        ],
    )
    text = credits.render(lineage)
    assert text.count("into French") == 33_333


# -- the data ---------------------------------------------------------------------------------

_PLACEHOLDERS = {
    "origin": {"language", "publisher"},
    "steps": {
        "source",
        "target",
        "translators",
        "tools",
        "post_editors",
        "editors",
        "publisher",
        "source_publisher",
    },
    "basis": {"source_publishers", "source_languages", "sources"},
}
_PLACEHOLDERS["continued"] = _PLACEHOLDERS["steps"]


def _templates(spec: object) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, list):
        return [t for item in spec for t in _templates(item)]
    assert isinstance(spec, dict), spec
    return [t for key in ("zero", "one", "many") if key in spec for t in _templates(spec[key])]


@pytest.mark.parametrize("locale", credits.locales())
def test_template_files_are_complete_and_well_formed(locale: str) -> None:
    path = resources.files("provenance").joinpath("data", "credit_templates", f"{locale}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["locale"] == locale
    assert set(data["origin"]) == {"other_language", "same_language"}
    plain_kinds = {k.value for k in Kind} - {"reporting", "quotation"}
    assert plain_kinds <= set(data["steps"])
    assert set(data["basis"]) == {"reporting", "quotation"}
    assert set(data["order"]) == {"text", "sources"}
    for section, allowed in _PLACEHOLDERS.items():
        for key, spec in data[section].items():
            if isinstance(spec, dict):
                assert spec["count"] in allowed, (key, spec["count"])
                assert "one" in spec
                assert "many" in spec
            for template in _templates(spec):
                assert template.count("[") == template.count("]"), template
                assert not re.search(r"\[[^\]]*\[", template), f"nested optional: {template}"
                for name, form in re.findall(r"\{([a-z_]+)(?:@([a-z_]+))?\}", template):
                    assert name in allowed, (section, key, name)
                    assert not form or form in data["language_forms"], (key, form)
    for pattern in ("two", "start", "middle", "end"):
        assert data["list"][pattern].count("{") == 2


# -- the command line -------------------------------------------------------------------------


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("locale", sorted(SEED))
def test_cli_prints_the_credit_line(locale: str) -> None:
    seed = native.dumps(examples.get("shafaqna"))
    assert run("credit", "-", "--locale", locale, stdin=seed) == (0, SEED[locale] + "\n", "")


def test_cli_reads_files(tmp_path: object) -> None:
    import pathlib

    assert isinstance(tmp_path, pathlib.Path)
    path = tmp_path / "seed.json"
    path.write_text(native.dumps(examples.get("relay")), encoding="utf-8")
    code, out, _ = run("credit", str(path))
    assert (code, out) == (0, EXAMPLES[("relay", "en")] + "\n")


def test_cli_unknown_locale_is_a_usage_error() -> None:
    code, out, err = run("credit", "-", "--locale", "sv", stdin="{}")
    assert code == 2
    assert out == ""
    assert "--locale 'sv'" in err
    assert "known locales: ar, de, en, es, fa, fr" in err


def test_cli_bad_input_is_located() -> None:
    code, out, err = run("credit", "-", stdin='{"format": "provenance/1",\n  "subject": }')
    assert code == 2
    assert out == ""
    assert "<stdin>: line 2" in err
    assert "Traceback" not in err
    code, _, err = run("credit", "missing.json")
    assert code == 2
    assert "missing.json" in err


def test_cli_prints_nothing_for_an_original() -> None:
    b = Builder()
    b.version("o", "en", publisher=b.organization("Outlet"))
    assert run("credit", "-", stdin=native.dumps(b.build("o"))) == (0, "", "")


@pytest.mark.parametrize("locale", credits.locales())
def test_machine_work_is_never_told_as_human_work(locale: str) -> None:
    b = Builder()
    origin = b.version("o", "mr", publisher=b.organization("Outlet"))
    english = b.translate(origin, "e", "en", translator=b.person("Asha"))
    b.translate(english, "h", "hi", tool=b.software("EngineX"), post_editor=b.person("Post Editor"))
    text = credits.render(b.build("h"), locale=locale)
    assert "EngineX" in text
    assert "Post Editor" in text
    machine_word = {
        "en": "achine-translated",
        "fr": "automatiquement",
        "fa": "ماشینی",
        "ar": "آلياً",
        "de": "aschinell",
        "es": "automáticamente",
    }[locale]
    assert machine_word in text


def test_credit_lines_drop_bidi_controls_and_zero_width_spaces_but_keep_zwnj() -> None:
    lineage = examples.get("shafaqna")
    agents = list(lineage.agents)
    index = next(i for i, a in enumerate(agents) if a.id == "shafaqna-en")
    agents[index] = attrs.evolve(agents[index], name="Shafa\u202eqna\u200b Eng\u2066lish\x1b[2J")
    text = credits.render(attrs.evolve(lineage, agents=tuple(agents)))
    assert not {"\u202e", "\u200b", "\u2066", "\x1b"} & set(text)
    assert "Shafaqna English [2J" in text
    assert plain("می\u200cخواهم") == "می\u200cخواهم"  # ZWNJ is Persian spelling, kept


def test_a_dict_is_not_a_lineage() -> None:
    with pytest.raises(TypeError, match=r"^credits\.render\(\)") as error:
        credits.render(native.to_dict(examples.get("shafaqna")))  # type: ignore[arg-type]
    assert str(error.value) == (
        "credits.render() takes a Lineage, not dict: read parsed JSON with "
        "provenance.from_dict(data)"
    )
