"""Every reader against hostile input: each answer is a lineage or a ParseError, never a crash.

The readers are native JSON, PROV-JSON, JSON-LD (as JSON and inside an HTML page) and the
credit-line extractor. The inputs are what breaks parsers in the wild: lone surrogates, numbers
out of range, deep nesting, control characters, very long runs of one character and graphs
with a huge fan-in. A lineage that is read must also be written by every writer and read back
by the native reader (reading and writing agree on the limits). How long each takes is
measured by ``benchmarks/hostile.py``, never asserted here.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import LossWarning, ParseError, credits, examples, formats
from provenance._limits import DEFAULT_MAX_SOURCES
from provenance.formats import jsonld, native, prov_json
from provenance.formats._json_text import MAX_DEPTH
from provenance.model import Lineage

from .conftest import fan_in

SEED = examples.get("shafaqna")


def _quiet(function: Callable[..., Any], *args: Any, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        return function(*args, **options)


def _seed_text(name: str) -> str:
    text: str = _quiet(formats.get(name).dumps, SEED)
    return text


def _html(text: str) -> str:
    return f'<html lang="en"><head><script type="application/ld+json">{text}</script></head></html>'


READERS: dict[str, Callable[[str], Lineage]] = {
    "native": native.loads,
    "prov-json": prov_json.loads,
    "jsonld": jsonld.loads,
    "jsonld-html": lambda text: jsonld.loads(_html(text)),
}
SEEDS = {
    "native": _seed_text("native"),
    "prov-json": _seed_text("prov-json"),
    "jsonld": _seed_text("jsonld"),
    "jsonld-html": _seed_text("jsonld"),
}
WRITERS = formats.names()


def check(reader: str, text: str) -> Lineage | None:
    """Read ``text``: a ParseError is a fine answer; a lineage must be written by every
    writer and read back by the native reader."""
    try:
        lineage = _quiet(READERS[reader], text)
    except ParseError as error:
        str(error).encode("utf-8")  # the message itself can be printed as UTF-8
        return None
    for name in WRITERS:
        output = _quiet(formats.get(name).dumps, lineage)
        output.encode("utf-8")
    assert native.loads(native.dumps(lineage)) == lineage
    return lineage


# -- the hostile pieces -----------------------------------------------------------------------

SURROGATES = ["\\udc00", "\\ud83c", "\\ud83c\\u0041", "\\udfff\\ud800", "\\uDBFF"]
NUMBERS = ["1e999", "-1e999", "1E+400", "1e-999", "9" * 5000, "-0", "NaN", "Infinity", "1.5e308"]
CONTROLS = ["\\u001b]0;owned\\u0007", "\\u001b[2J", "\\u202e", "\\u2028", "\\u0000", "\\u009b"]
RAW_CONTROLS = ["\x1b[31m", "\x07", "\x00", "\u202e", "\u2028", "\r\n"]


def _nested(levels: int, opener: str = "[", closer: str = "]") -> str:
    return opener * levels + closer * levels


def _nested_objects(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def _in_string(piece: str) -> str:
    return '"' + piece + '"'


def _replace_first_value(text: str, key: str, value: str) -> str:
    """The document with the first string value of ``key`` replaced by raw JSON ``value``."""
    marker = f'"{key}":'
    at = text.find(marker)
    if at == -1:
        return text
    start = at + len(marker)
    end = start + 1
    if text[start] == '"':
        while text[end] != '"' or text[end - 1] == "\\":
            end += 1
        end += 1
    else:
        return text
    return text[:start] + value + text[end:]


def _hostile_values() -> list[str]:
    values = [_in_string(s) for s in SURROGATES + CONTROLS]
    values += NUMBERS
    values += [_nested(n) for n in (MAX_DEPTH - 2, MAX_DEPTH, MAX_DEPTH + 1, 990, 5000)]
    values += [_nested_objects(n) for n in (MAX_DEPTH, 2000)]
    values += [_in_string("a" * 200_000), _in_string("\\\\" * 50_000), _in_string(" " * 100_000)]
    return values


HOSTILE_VALUES = _hostile_values()
KEYS = {
    "native": ["id", "name", "language", "published", "subject", "kind"],
    "prov-json": ["dcterms:language", "prov:label", "provenance:subject", "dcterms:issued"],
    "jsonld": ["@id", "name", "inLanguage", "datePublished", "@type"],
    "jsonld-html": ["name", "inLanguage"],
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: v[:24])
def test_a_hostile_value_in_any_field_is_read_or_refused(reader: str, value: str) -> None:
    for key in KEYS[reader]:
        check(reader, _replace_first_value(SEEDS[reader], key, value))


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("piece", SURROGATES + CONTROLS, ids=lambda p: p[:16])
def test_a_hostile_key_is_read_or_refused_with_a_printable_message(reader: str, piece: str) -> None:
    text = SEEDS[reader]
    at = text.index("{") + 1
    hostile = text[:at] + _in_string("k" + piece) + ":1," + text[at:]
    check(reader, hostile)
    duplicated = text[:at] + _in_string(piece) + ":1," + _in_string(piece) + ":2," + text[at:]
    check(reader, duplicated)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,
        "{" * 200_000,
        '{"a":' * 100_000,
        "a" * 500_000,
        " " * 500_000,
        "\x00" * 10_000,
        "<" * 200_000,
        '"' + "\\" * 100_001,
        "\ufeff" * 1000,
        "1e999",
        "NaN",
    ],
    ids=lambda t: repr(t[:8]) + f"x{len(t)}",
)
def test_a_long_run_of_one_character_is_refused(reader: str, text: str) -> None:
    assert check(reader, text) is None


@pytest.mark.parametrize("reader", ["native", "prov-json", "jsonld"])
def test_raw_control_characters_in_strings_are_read_or_refused(reader: str) -> None:
    for raw in RAW_CONTROLS:
        check(reader, SEEDS[reader].replace("Shafaqna English", f"Shafaqna{raw}English"))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fan_in_at_the_limit_reads_back_through_every_reader(reader: str) -> None:
    lineage = fan_in(DEFAULT_MAX_SOURCES, 3)
    text = _quiet(formats.get(reader.removesuffix("-html")).dumps, lineage)
    back = check(reader, text)
    assert back is not None
    assert len(back.derivations[0].sources) == DEFAULT_MAX_SOURCES


# Where each reader places a derivation past the limit: the list of sources, or the records of
# its sources, or the node's longest list of works; and how it names the derivation.
_WIDE_AT = {
    "native": (("derivations", 0, "sources"), "t"),
    "prov-json": (("wasDerivedFrom",), "lineage:t"),
    "jsonld": (("@graph", 0, "translationOfWork"), "urn:provenance:"),
    "jsonld-html": ((0, "@graph", 0, "translationOfWork"), "urn:provenance:"),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fan_in_past_the_limit_is_refused_by_every_reader(reader: str) -> None:
    text = _quiet(formats.get(reader.removesuffix("-html")).dumps, fan_in(DEFAULT_MAX_SOURCES + 1))
    assert check(reader, text) is None
    with pytest.raises(ParseError) as caught:
        _quiet(READERS[reader], text)
    (problem,) = caught.value.problems
    path, target = _WIDE_AT[reader]
    assert problem.path == path
    assert problem.message.startswith(f"the derivation of {target!r}".rstrip("'"))
    assert "has 1,001 sources, more than the limit of 1,000 per derivation" in problem.message
    assert "--max-sources" in problem.message
    assert "max_sources=" in problem.message


# -- properties -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [*HOSTILE_VALUES[:30], *(_in_string(p) for p in SURROGATES + CONTROLS), "{", "}", "[", ","]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reader=st.sampled_from(sorted(READERS)),
    cut=st.integers(min_value=0),
    piece=_PIECES,
    drop=st.integers(min_value=0, max_value=3),
)
def test_any_splice_of_hostile_text_is_read_or_refused(
    reader: str, cut: int, piece: str, drop: int
) -> None:
    text = SEEDS[reader]
    at = cut % (len(text) + 1)
    check(reader, text[:at] + piece + text[at + drop :])


_KEY_TEXT = st.text(
    alphabet=st.characters(codec=None, categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Ll", "Lo"]),
    max_size=6,
)
_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | _KEY_TEXT
)


def _containing(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return _LEAF | st.lists(inner, max_size=3) | st.dictionaries(_KEY_TEXT, inner, max_size=3)


# Three levels of objects and lists, built by hand: deeper nesting has its own tests above.
_JSON = _containing(_containing(_containing(_LEAF)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reader=st.sampled_from(["native", "prov-json", "jsonld"]), data=_JSON)
def test_any_json_value_as_extensions_or_document_is_read_or_refused(
    reader: str, data: Any
) -> None:
    as_text = json.dumps(data)  # surrogates escaped, infinities as Infinity
    check(reader, as_text)
    if reader == "native":
        check(reader, SEEDS["native"][:-1] + ',"extensions":{"x":' + as_text + "}}")


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(codec=None, categories=["Cc", "Cf", "Cs", "Zl", "Zp", "L", "P"]),
        max_size=200,
    )
)
def test_the_credit_line_reader_answers_any_text(text: str) -> None:
    lineage = credits.extract("Translated from Persian by " + text)
    if lineage is not None:
        for name in WRITERS:
            _quiet(formats.get(name).dumps, lineage)


@pytest.mark.parametrize(
    "text",
    [
        "Translated by " + "a" * 100_000,
        "Translated from " * 5000,
        "\u202e" * 50_000,
        "\x1b" * 10_000,
    ],
    ids=["long-name", "repeated-phrase", "bidi-run", "esc-run"],
)
def test_the_credit_line_reader_answers_long_runs(text: str) -> None:
    lineage = credits.extract(text)
    if lineage is not None:
        _quiet(native.dumps, lineage)
