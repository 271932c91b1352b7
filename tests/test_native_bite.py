"""Tests that bite for the native reader and writer: exact messages, places and edges.

Written against surviving mutants of ``provenance/formats/native.py`` (``tools/mutation.sh``).
"""

from __future__ import annotations

import copy
import gc
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from provenance import ParseError, dates
from provenance.formats import _native_fast, native
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    PublishedAs,
    Role,
    Version,
)

BASE: dict[str, Any] = {
    "format": "provenance/1",
    "subject": "t",
    "agents": [{"id": "o", "type": "organization", "name": "O"}],
    "versions": [{"id": "s", "language": "fa", "publisher": "o"}, {"id": "t", "language": "en"}],
    "derivations": [
        {
            "target": "t",
            "sources": ["s"],
            "kind": "translation",
            "agents": [{"agent": "o", "role": "translator"}],
        }
    ],
}


def _problems(change: Callable[[dict[str, Any]], object]) -> list[str]:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(ParseError) as caught:
        native.from_dict(data)
    # The text form reads the same: the fast path refused too, and the careful reader spoke.
    with pytest.raises(ParseError) as again:
        native.loads(json.dumps(data))
    assert again.value.problems == caught.value.problems
    return [str(problem) for problem in caught.value.problems]


def _version(data: dict[str, Any]) -> dict[str, Any]:
    return data["versions"][0]  # type: ignore[no-any-return]


def _derivation(data: dict[str, Any]) -> dict[str, Any]:
    return data["derivations"][0]  # type: ignore[no-any-return]


CASES: list[tuple[str, Callable[[dict[str, Any]], object], list[str]]] = [
    ("subject null", lambda d: d.update(subject=None), ["$.subject: 'subject' must be a string, not null"]),
    ("format a number", lambda d: d.update(format=1), ["$.format: unsupported format a number; this library reads 'provenance/1'"]),
    ("unknown top key", lambda d: d.update(zzzz=1), ["$.zzzz: unknown key 'zzzz' in a lineage document; known keys: format, subject, agents, versions, derivations, extensions; user data goes in 'extensions'"]),
    ("agents null", lambda d: d.update(agents=None), ["$.agents: 'agents' must be a list, not null"]),
    ("versions a string", lambda d: d.update(versions="s"), ["$.versions: expected a list, got a string"]),
    ("authors null", lambda d: _version(d).update(authors=None), ["$.versions[0].authors: 'authors' must be a list of strings, not null"]),
    ("sources null", lambda d: _derivation(d).update(sources=None), ["$.derivations[0].sources: 'sources' must be a list of strings, not null"]),
    ("published_as null", lambda d: _version(d).update(published_as=None), ["$.versions[0].published_as: 'published_as' must be an object or left out"]),
    ("published_as a list", lambda d: _version(d).update(published_as=[]), ["$.versions[0].published_as: expected the date as printed (a JSON object), got a list"]),
    ("published_as {}", lambda d: _version(d).update(published_as={}), ["$.versions[0].published_as.text: missing required key 'text'"]),
    ("published_as odd", lambda d: _version(d).update(published_as={"text": "x", "calendar": 1, "z": 2}), ["$.versions[0].published_as.z: unknown key 'z' in the date as printed; known keys: text, calendar; user data goes in the lineage's 'extensions'", "$.versions[0].published_as.calendar: expected a string, got a number"]),
    ("kind a number", lambda d: _derivation(d).update(kind=3), ["$.derivations[0].kind: expected a string, got a number"]),
    ("kind null", lambda d: _derivation(d).update(kind=None), ["$.derivations[0].kind: 'kind' must be a string, not null"]),
    ("method null", lambda d: _derivation(d).update(method=None), ["$.derivations[0].method: 'method' must be a string or left out, not null"]),
    ("role misspelt", lambda d: _derivation(d)["agents"][0].update(role="translater"), ["$.derivations[0].agents[0].role: 'translater' is not one of translator, post_editor, editor, tool, publisher (did you mean 'translator'?)"]),
    ("credit a string", lambda d: _derivation(d).update(agents=["o"]), ["$.derivations[0].agents[0]: expected an agent and role (a JSON object), got a string"]),
    ("credit key", lambda d: _derivation(d)["agents"][0].update(who=1), ["$.derivations[0].agents[0].who: unknown key 'who' in an agent and role; known keys: agent, role; user data goes in the lineage's 'extensions'"]),
    ("credit without role", lambda d: _derivation(d)["agents"][0].pop("role"), ["$.derivations[0].agents[0].role: missing required key 'role'"]),
    ("credit without agent", lambda d: _derivation(d)["agents"][0].pop("agent"), ["$.derivations[0].agents[0].agent: missing required key 'agent'"]),
    ("agent without type and name", lambda d: d["agents"][0].pop("type") and d["agents"][0].pop("name"), ["$.agents[0].type: missing required key 'type'", "$.agents[0].name: missing required key 'name'"]),
    ("version without id", lambda d: _version(d).pop("id"), ["$.versions[0].id: missing required key 'id'"]),
    ("derivation without target", lambda d: _derivation(d).pop("target"), ["$.derivations[0].target: missing required key 'target'"]),
    ("credits an object", lambda d: _derivation(d).update(agents={}), ["$.derivations[0].agents: expected a list, got an object"]),
    ("date in words", lambda d: _derivation(d).update(date="yesterday"), ["$.derivations[0].date: 'yesterday' is not an ISO 8601 date: use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]"]),
    ("date a number", lambda d: _derivation(d).update(date=5), ["$.derivations[0].date: expected a string, got a number"]),
    ("a version not an object", lambda d: d["versions"].append(3), ["$.versions[2]: expected a version (a JSON object), got a number"]),
    ("a derivation not an object", lambda d: d["derivations"].append([]), ["$.derivations[1]: expected a derivation (a JSON object), got a list"]),
    ("agent type null", lambda d: d["agents"][0].update(type=None), ["$.agents[0].type: 'type' must be a string, not null"]),
    ("agent url null", lambda d: d["agents"][0].update(url=None), ["$.agents[0].url: 'url' must be a string or left out, not null"]),
    ("extensions null", lambda d: d.update(extensions=None), ["$.extensions: expected an object, got null"]),
    ("version key misspelt", lambda d: _version(d).update(Publisher="o"), ["$.versions[0].Publisher: unknown key 'Publisher' in a version (did you mean 'publisher'?)"]),
    ("agent key unknown", lambda d: d["agents"][0].update(qqqq="o"), ["$.agents[0].qqqq: unknown key 'qqqq' in an agent; known keys: id, type, name, url, version, language; user data goes in the lineage's 'extensions'"]),
    ("author not a string", lambda d: _version(d).update(authors=["o", 7]), ["$.versions[0].authors[1]: expected a string id, got a number"]),
    ("kind unknown, no hint", lambda d: _derivation(d).update(kind="zzz"), ["$.derivations[0].kind: 'zzz' is not one of translation, transliteration, localization, adaptation, summary, excerpt, quotation, republication, transcription, revision, reporting"]),
    ("format and subject missing", lambda d: d.pop("format") and d.pop("subject"), ["$.format: missing required key 'format' (use 'provenance/1')", "$.subject: missing required key 'subject'"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_structural_problem_has_its_message(
    name: str, change: Callable[[dict[str, Any]], object], expected: list[str]
) -> None:
    assert _problems(change) == expected, name


def test_another_format_stops_the_reading() -> None:
    # The rest of a provenance/2 document would only produce noise.
    problems = _problems(lambda d: d.update(format="provenance/2", versions=3, zzzz=1))
    assert problems == [
        "$.zzzz: unknown key 'zzzz' in a lineage document; known keys: format, subject, "
        "agents, versions, derivations, extensions; user data goes in 'extensions'",
        "$.format: unsupported format 'provenance/2'; this library reads 'provenance/1'",
    ]


# -- duplicate keys inside arrays in extensions -----------------------------------------------


@pytest.mark.parametrize(
    ("extensions", "where"),
    [
        ('{"a":[{"x":1,"x":2}]}', "$.extensions.a[0].x"),
        ('{"a":[[{"x":1,"x":2}]]}', "$.extensions.a[0][0].x"),
        ('{"a":[1,{"b":{"y":1,"y":1}}]}', "$.extensions.a[1].b.y"),
        ('{"a":1,"a":1}', "$.extensions.a"),
    ],
)
def test_duplicate_keys_inside_arrays_in_extensions_are_reported(
    extensions: str, where: str
) -> None:
    text = json.dumps(BASE)[:-1] + f',"extensions":{extensions}}}'
    with pytest.raises(ParseError) as caught:
        native.loads(text)
    assert [str(p) for p in caught.value.problems] == [
        f"{where}: duplicate key: JSON would keep only the last"
    ]
    # The fast path must give up on them, not keep the last value silently.
    parsed = native._DECODER.decode(text)
    with pytest.raises(_native_fast.Slow):
        _native_fast.lineage(parsed, native._DUPLICATE_KEYS)


def test_duplicate_keys_in_the_model_objects_are_reported_with_their_places() -> None:
    text = json.dumps(BASE).replace('"language": "fa"', '"language": "fa", "language": "ar"')
    text = text.replace('"kind": "translation"', '"kind": "translation", "kind": "summary"')
    with pytest.raises(ParseError) as caught:
        native.loads(text)
    assert [p.location for p in caught.value.problems] == [
        "$.versions[0].language",
        "$.derivations[0].kind",
    ]


def test_the_duplicate_keys_marker_has_a_name_no_json_key_can_take() -> None:
    assert repr(native._DUPLICATE_KEYS) == "<duplicate keys>"
    assert native._pairs([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    assert native._pairs([("a", 1), ("b", 2), ("a", 3), ("a", 4)]) == {
        "a": 4,
        "b": 2,
        native._DUPLICATE_KEYS: ["a", "a"],
    }


# -- the JSON layer ------------------------------------------------------------------------------


def test_nul_is_located_by_line_and_column() -> None:
    with pytest.raises(ParseError) as caught:
        native.loads('{\n  "format":\n   \x00 "provenance/1"}')
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 4)
    assert problem.message == "a NUL character: this looks like binary data, not JSON"


def test_nul_on_the_first_line() -> None:
    with pytest.raises(ParseError) as caught:
        native.loads("ab\x00")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 3)


def test_the_messages_of_the_json_layer() -> None:
    with pytest.raises(ParseError) as caught:
        native.loads("[" * 100_000 + "]" * 100_000)
    (problem,) = caught.value.problems
    assert str(problem).startswith("$: JSON nested too deeply to read")
    assert "a lineage needs about 5" in problem.message
    with pytest.raises(ParseError) as caught:
        native.loads('{"format": Infinity}')
    assert [str(p) for p in caught.value.problems] == [
        "$: invalid JSON value: Infinity is not valid JSON"
    ]
    with pytest.raises(ParseError) as caught:
        native.loads("  \n ")
    assert [str(p) for p in caught.value.problems] == [
        "$: the document is empty; expected a JSON object"
    ]
    with pytest.raises(ParseError) as caught:
        native.loads('{"format" "provenance/1"}')
    (problem,) = caught.value.problems
    assert str(problem) == "line 1, column 11: broken JSON: Expecting ':' delimiter"


def test_bytes_that_are_not_utf8_are_named_with_what_a_lineage_is() -> None:
    with pytest.raises(ParseError) as caught:
        native.loads(b'{"a":"\xff"}')
    # 1-based, as every reader counts: the seventh byte is the bad one.
    assert [str(p) for p in caught.value.problems] == [
        "$: not UTF-8 text: byte 7 is 0xff; a lineage is JSON in UTF-8"
    ]


def _big_document() -> str:
    versions = [{"id": f"v{i}", "language": "en", "title": "x" * 100} for i in range(8000)]
    data = {**BASE, "versions": BASE["versions"] + versions}
    text = json.dumps(data)
    assert len(text) > native._GC_PAUSE_SIZE
    return text


def test_a_large_document_pauses_the_collector_and_restores_it() -> None:
    text = _big_document()
    assert gc.isenabled()
    assert len(native.loads(text).versions) == 8002
    assert gc.isenabled()
    with pytest.raises(ParseError):
        native.loads(text.replace('"v7"', "7"))
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(native.loads(text).versions) == 8002
        assert not gc.isenabled()  # a caller who disabled it keeps it disabled
    finally:
        gc.enable()


def test_errors_name_their_source() -> None:
    stream = io.StringIO('{"format": "provenance/1"}')
    stream.name = "feed.json"  # type: ignore[misc]
    with pytest.raises(ParseError) as caught:
        native.load(stream)
    assert str(caught.value).startswith("feed.json")
    with pytest.raises(ParseError) as caught:
        native.load(io.StringIO("{}"), source="given.json")
    assert str(caught.value).startswith("given.json")
    with pytest.raises(ParseError) as caught:
        native.from_dict({}, source="dict.json")
    assert str(caught.value).startswith("dict.json")


# -- the writer ----------------------------------------------------------------------------------

FULL = Lineage(
    subject="t",
    agents=(
        Agent(
            id="o",
            type=AgentType.ORGANIZATION,
            name="O",
            url="https://o.example/",
            version="2",
            language="fa",
        ),
        Agent(id="m", type=AgentType.SOFTWARE, name="MT"),
    ),
    versions=(
        Version(
            id="s",
            language="fa",
            publisher="o",
            authors=("o",),
            title="T",
            url="https://o.example/s",
            published=dates.parse_iso("2021-06-10"),
            published_as=PublishedAs("20 Khordad 1400", "persian"),
            medium="web",
            digest="sha256:" + "0" * 64,
        ),
        Version(id="t", language="en", published_as=PublishedAs("June 10")),
    ),
    derivations=(
        Derivation(
            target="t",
            sources=("s",),
            kind=Kind.TRANSLATION,
            method=Method.MACHINE,
            agents=(AgentRole("m", Role.TOOL),),
            date=dates.parse_iso("2021-06-11T10:00Z"),
            note="n",
        ),
    ),
    extensions={"b": 1, "a": {"d": [2, {"z": 1, "y": 0}], "c": None}},
)

FULL_DICT = {
    "format": "provenance/1",
    "subject": "t",
    "agents": [
        {"id": "o", "type": "organization", "name": "O", "url": "https://o.example/",
         "version": "2", "language": "fa"},
        {"id": "m", "type": "software", "name": "MT"},
    ],
    "versions": [
        {"id": "s", "language": "fa", "publisher": "o", "authors": ["o"], "title": "T",
         "url": "https://o.example/s", "published": "2021-06-10",
         "published_as": {"text": "20 Khordad 1400", "calendar": "persian"}, "medium": "web",
         "digest": "sha256:" + "0" * 64},
        {"id": "t", "language": "en", "published_as": {"text": "June 10"}},
    ],
    "derivations": [
        {"target": "t", "sources": ["s"], "kind": "translation", "method": "machine",
         "agents": [{"agent": "m", "role": "tool"}], "date": "2021-06-11T10:00:00Z",
         "note": "n"},
    ],
    "extensions": {"a": {"c": None, "d": [2, {"y": 0, "z": 1}]}, "b": 1},
}  # fmt: skip


def test_to_dict_writes_every_field_in_canonical_order() -> None:
    data = native.to_dict(FULL)
    assert data == FULL_DICT
    assert json.dumps(data) == json.dumps(FULL_DICT)  # the key order too
    assert native.from_dict(data) == FULL


def test_to_dict_leaves_out_empty_optional_fields() -> None:
    bare = Lineage(
        subject="v",
        versions=(Version(id="v", language="en"),),
        derivations=(),
    )
    assert native.to_dict(bare) == {
        "format": "provenance/1",
        "subject": "v",
        "agents": [],
        "versions": [{"id": "v", "language": "en"}],
        "derivations": [],
    }


def test_pretty_and_compact_text() -> None:
    bare = Lineage(subject="v", versions=(Version(id="v", language="fa", title="خبر"),))
    assert native.dumps(bare) == (
        '{"format":"provenance/1","subject":"v","agents":[],'
        '"versions":[{"id":"v","language":"fa","title":"خبر"}],"derivations":[]}'
    )
    assert native.dumps(bare, indent=1) == (
        '{\n "format": "provenance/1",\n "subject": "v",\n "agents": [],\n "versions": [\n  {\n'
        '   "id": "v",\n   "language": "fa",\n   "title": "خبر"\n  }\n ],\n "derivations": []\n}'
    )
    stream = io.StringIO()
    native.dump(bare, stream)
    assert stream.getvalue() == native.dumps(bare) + "\n"


def test_nan_in_extensions_is_refused_when_writing() -> None:
    odd = Lineage(
        subject="v", versions=(Version(id="v", language="en"),), extensions={"x": float("nan")}
    )
    with pytest.raises(ValueError, match="not JSON compliant"):
        native.dumps(odd)
    with pytest.raises(ValueError, match="not JSON compliant"):
        native.dumps(odd, indent=2)


def test_fingerprint_is_the_digest_of_the_compact_text() -> None:
    expected = hashlib.sha256(native.dumps(FULL).encode("utf-8")).hexdigest()
    assert native.fingerprint(FULL) == "sha256:" + expected
