from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import digest
from provenance.digest import is_digest

from .conftest import DATA


def test_seed_text_digest_is_stable() -> None:
    text = (DATA / "seed" / "shafaqna-presidents-iraq-syria.txt").read_text(encoding="utf-8")
    value = digest(text)
    assert is_digest(value)
    assert value == digest(text)
    assert value != digest(text + " ")


@given(st.text())
def test_digest_ignores_unicode_normalization_form(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert digest(nfc) == digest(nfd)
    assert is_digest(digest(text))


def test_known_value() -> None:
    # sha256 of the UTF-8 bytes of "abc"
    assert digest("abc") == (
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_digest_takes_text_only() -> None:
    with pytest.raises(TypeError, match="str"):
        digest(b"abc")  # type: ignore[arg-type]
