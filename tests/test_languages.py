from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import languages
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
