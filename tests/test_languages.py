from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import _language_table, languages
from provenance.languages import Change


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("iw", "he"),
        ("in", "id"),
        ("EN_us", "en-US"),
        ("en-Latn-GB", "en-GB"),
        ("zh-hant", "zh-Hant"),
        ("fa", "fa"),
        ("sh", "sr-Latn"),
    ],
)
def test_canonical(tag: str, expected: str) -> None:
    assert languages.canonical(tag) == expected


@pytest.mark.parametrize("tag", ["", "english", "Persian", "xx-zzz", "en--US", "123", "fa IR", "e"])
def test_invalid_tags(tag: str) -> None:
    assert not languages.is_valid(tag)
    assert languages.canonical(tag) is None


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("Persian", "fa"),
        ("Farsi", "fa"),
        ("persan", "fa"),
        ("فارسی", "fa"),
        ("Arabic", "ar"),
        ("arabe", "ar"),
        ("العربية", "ar"),
        ("Spanish", "es"),
        ("español", "es"),
        ("anglais", "en"),
        ("the Spanish", "es"),
        ("Deutsch", "de"),
        ("Marathi", "mr"),
    ],
)
def test_names_resolve_in_several_languages(name: str, tag: str) -> None:
    assert languages.from_name(name) == tag
    assert languages.resolve(name) == tag


def test_tags_win_over_names() -> None:
    assert languages.resolve("fr") == "fr"
    assert languages.resolve("nonsense words") is None


@pytest.mark.parametrize(
    ("tag", "locale", "name"),
    [
        ("fa", "en", "Persian"),
        ("fa", "fr", "persan"),
        ("fa", "fa", "فارسی"),
        ("ar", "de", "Arabisch"),
        ("sr-Latn", "en", "Serbian (Latin)"),
        ("not a tag", "en", "not a tag"),
    ],
)
def test_display_names(tag: str, locale: str, name: str) -> None:
    assert languages.display_name(tag, locale) == name


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("fa", "pes", True),
        ("ar", "arb", True),
        ("en-US", "en-GB", True),
        ("fa", "ar", False),
        ("yue", "cmn", False),
        ("zh", "yue", False),
        ("und", "und", False),
        ("x", "x", False),
    ],
)
def test_same_language_knows_macrolanguages(a: str, b: str, same: bool) -> None:
    assert languages.same_language(a, b) is same
    assert languages.same_language(b, a) is same


@pytest.mark.parametrize(
    ("source", "target", "change"),
    [
        ("sr-Cyrl", "sr-Latn", Change.SCRIPT),
        ("sr", "sr-Latn", Change.SCRIPT),
        ("pt-PT", "pt-BR", Change.REGION),
        ("en", "en-GB", Change.REGION),
        ("zh-Hans-CN", "zh-Hant-TW", Change.SCRIPT_AND_REGION),
        ("fa", "en", Change.LANGUAGE),
        ("fa", "pes", Change.NONE),
        ("en-US", "en", Change.REGION),
        ("pt", "pt-BR", Change.REGION),
        ("en-US", "en-US", Change.NONE),
        ("und", "en", Change.UNKNOWN),
        ("bogus!", "en", Change.UNKNOWN),
    ],
)
def test_change(source: str, target: str, change: Change) -> None:
    assert languages.change(source, target) is change


@given(st.text(max_size=30))
def test_lookups_never_raise(text: str) -> None:
    languages.is_valid(text)
    languages.canonical(text)
    languages.resolve(text)
    languages.display_name(text, "fr")
    languages.change(text, "en")


@given(st.sampled_from(["fa", "EN_us", "iw", "zh-hant", "sr-Latn", "en-Latn-US", "sh", "pes"]))
def test_canonical_is_idempotent(tag: str) -> None:
    canon = languages.canonical(tag)
    assert canon is not None
    assert languages.canonical(canon) == canon


@pytest.mark.parametrize("text", ["\x00", "\x00\U00010000", "fa\x00", "Persian\x07"])
def test_control_characters_are_no_language(text: str) -> None:
    assert languages.from_name(text) is None
    assert languages.resolve(text) is None


def test_names_with_surrounding_whitespace_resolve() -> None:
    assert languages.from_name(" Persian\n") == "fa"


# -- the two-letter table: langcodes' answers without importing langcodes ----------------------


def test_the_two_letter_table_is_what_the_installed_langcodes_says() -> None:
    # tools/gen_language_table.py wrote it; regenerate it after upgrading langcodes.
    from importlib.metadata import version

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
    try:
        import gen_language_table
    finally:
        sys.path.pop(0)
    tags = gen_language_table.two_letter_tags()
    assert frozenset(tags) == _language_table.TWO_LETTER
    assert frozenset(gen_language_table.same_language_pairs(tags)) == _language_table.SAME_LANGUAGE
    assert version("langcodes") == _language_table.LANGCODES_VERSION


@pytest.mark.parametrize("tag", sorted(_language_table.TWO_LETTER))
def test_the_table_agrees_with_langcodes_tag_by_tag(tag: str) -> None:
    lc = languages._langcodes()
    assert lc.tag_is_valid(tag)
    assert str(lc.standardize_tag(tag)) == tag
    assert languages.canonical(tag) == tag
    assert languages.is_valid(tag)
    assert languages.change(tag, tag) is languages._change(tag, tag)


@given(
    st.sampled_from(sorted(_language_table.TWO_LETTER)),
    st.sampled_from(sorted(_language_table.TWO_LETTER)),
)
def test_the_quick_change_agrees_with_langcodes(a: str, b: str) -> None:
    assert languages.change(a, b) is languages._change(a, b)


def test_a_lineage_of_two_letter_tags_validates_without_importing_langcodes() -> None:
    code = (
        "import sys; import provenance; from provenance import examples; "
        "assert provenance.validate(examples.get('shafaqna')) == (); "
        "print('langcodes' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
