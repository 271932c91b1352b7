from __future__ import annotations

import copy
import io
import json
import pathlib
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import ParseError, examples
from provenance.errors import format_path
from provenance.formats import native
from provenance.model import Kind, Lineage, Method, Version
from provenance.strategies import any_lineages, json_values, lineages

from .conftest import DATA

VALID = sorted((DATA / "valid").glob("*.json"))
INVALID = sorted((DATA / "invalid").glob("*.json"))
UNREADABLE = sorted((DATA / "unreadable").glob("*.json"))


@given(lineages())
def test_round_trip(lineage: Lineage) -> None:
    assert native.loads(native.dumps(lineage)) == lineage
    assert native.loads(native.dumps(lineage, indent=2)) == lineage
    assert native.from_dict(native.to_dict(lineage)) == lineage


@given(any_lineages())
def test_round_trip_of_wrong_but_well_typed_lineages(lineage: Lineage) -> None:
    # Content problems are findings, not parse errors: such a lineage still round-trips,
    # as long as every derivation has a source (an empty source list is structural).
    if all(d.sources for d in lineage.derivations):
        assert native.loads(native.dumps(lineage)) == lineage


@given(st.one_of(lineages(), any_lineages()))
def test_fast_writer_matches_the_reference_encoding(lineage: Lineage) -> None:
    # dumps() writes strings directly for speed; to_dict() + json is the reference form.
    reference = json.dumps(
        native.to_dict(lineage), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    assert native.dumps(lineage) == reference


@given(st.one_of(lineages(), any_lineages()))
def test_fast_loader_agrees_with_the_careful_reader(lineage: Lineage) -> None:
    data = native.to_dict(lineage)
    reader = native._Reader()
    careful = reader.lineage(json.loads(json.dumps(data)))
    try:
        fast = native._native_fast.lineage(json.loads(json.dumps(data)), native._DUPLICATE_KEYS)
    except native._native_fast.Slow:
        assert reader.problems  # the fast path may only give up on documents with problems
    else:
        assert not reader.problems
        assert fast == careful


_ODD = (
    [None, True, 0, 1.5, "", "x", "ab", [], ["a"], [1], [None], {}, {"text": "t"},
     {"text": "t", "calendar": None}, {"agent": "a", "role": "tool"}, {"agent": "a"},
     [{"agent": "a", "role": "tool"}], "translation", "human", "person", "2021-06-10",
     "\u0000duplicate-keys"]
)  # fmt: skip
_ODD_VALUES = st.sampled_from(_ODD)
_KEY_NAMES = (
    ["id", "type", "name", "url", "version", "language", "publisher", "authors", "title",
     "published", "published_as", "medium", "digest", "target", "sources", "kind", "method",
     "agents", "date", "note", "text", "calendar", "agent", "role", "subject", "versions",
     "derivations", "extensions", "zz", "\u0000duplicate-keys"]
)  # fmt: skip
_KEYS = st.sampled_from(_KEY_NAMES)


@st.composite
def _mutated_documents(draw: st.DrawFn) -> Any:
    """A valid document with one to three fields replaced, removed or added."""
    data = json.loads(native.dumps(draw(lineages(max_versions=4))))
    for _ in range(draw(st.integers(1, 3))):
        holders = [data]
        stack = [data]
        while stack:
            item = stack.pop()
            children = item.values() if isinstance(item, dict) else item
            for child in children:
                if isinstance(child, dict | list):
                    holders.append(child)
                    stack.append(child)
        holder = draw(st.sampled_from(holders))
        action = draw(st.integers(0, 2))
        if isinstance(holder, dict):
            keys = sorted(holder)
            if action == 0 and keys:
                holder[draw(st.sampled_from(keys))] = copy.deepcopy(draw(_ODD_VALUES))
            elif action == 1 and keys:
                del holder[draw(st.sampled_from(keys))]
            else:
                holder[draw(_KEYS)] = copy.deepcopy(draw(_ODD_VALUES))
        elif action == 0 and holder:
            holder[draw(st.integers(0, len(holder) - 1))] = copy.deepcopy(draw(_ODD_VALUES))
        elif action == 1 and holder:
            del holder[draw(st.integers(0, len(holder) - 1))]
        else:
            holder.append(copy.deepcopy(draw(_ODD_VALUES)))
    return data


@given(_mutated_documents())
def test_fast_loader_never_accepts_what_the_careful_reader_rejects(data: Any) -> None:
    reader = native._Reader()
    careful = reader.lineage(copy.deepcopy(data))
    try:
        fast = native._native_fast.lineage(copy.deepcopy(data), native._DUPLICATE_KEYS)
    except native._native_fast.Slow:
        return
    assert not reader.problems, reader.problems
    assert fast == careful
    try:
        native.loads(json.dumps(data))
    except ParseError:
        pytest.fail("the fast path accepted a document loads() rejects")


# Every field of every kind of object set to every odd value, one at a time: the fast path
# must refuse each change the careful reader refuses, and build the same lineage otherwise.
_EVERY_FIELD = {
    "format": "provenance/1",
    "subject": "t",
    "agents": [
        {"id": "o", "type": "organization", "name": "O", "url": "https://o.example/",
         "version": "1", "language": "fa"},
        {"id": "m", "type": "software", "name": "MT"},
    ],
    "versions": [
        {"id": "s", "language": "fa", "publisher": "o", "authors": ["o"], "title": "T",
         "url": "https://o.example/s", "published": "2021-06-10",
         "published_as": {"text": "20 Khordad 1400", "calendar": "persian"},
         "medium": "web", "digest": "sha256:" + "0" * 64},
        {"id": "t", "language": "en"},
    ],
    "derivations": [
        {"target": "t", "sources": ["s"], "kind": "translation", "method": "machine",
         "agents": [{"agent": "m", "role": "tool"}], "date": "2021-06-11", "note": "n"},
    ],
    "extensions": {"x": 1},
}  # fmt: skip


def _holders(data: Any) -> list[dict[str, Any]]:
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
        stack.extend(
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
    return found


def test_fast_loader_refuses_every_odd_value_the_careful_reader_refuses() -> None:
    for position in range(len(_holders(_EVERY_FIELD))):
        keys = sorted(set(_holders(_EVERY_FIELD)[position]) | set(_KEY_NAMES))
        for key in keys:
            for value in _ODD:
                data = copy.deepcopy(_EVERY_FIELD)
                _holders(data)[position][key] = copy.deepcopy(value)
                reader = native._Reader()
                careful = reader.lineage(copy.deepcopy(data))
                try:
                    fast = native._native_fast.lineage(data, native._DUPLICATE_KEYS)
                except native._native_fast.Slow:
                    continue
                assert not reader.problems, (position, key, value, reader.problems)
                assert fast == careful


@given(lineages())
def test_canonical_output_is_idempotent(lineage: Lineage) -> None:
    text = native.dumps(lineage)
    assert native.dumps(native.loads(text)) == text
    pretty = native.dumps(lineage, indent=2)
    assert native.dumps(native.loads(pretty)) == text


def test_equal_lineages_give_equal_bytes_whatever_the_extension_order() -> None:
    base = examples.get("shafaqna")
    a = Lineage(
        subject=base.subject,
        versions=base.versions,
        derivations=base.derivations,
        agents=base.agents,
        extensions={"b": {"y": 1, "x": 2}, "a": [1]},
    )
    b = Lineage(
        subject=base.subject,
        versions=base.versions,
        derivations=base.derivations,
        agents=base.agents,
        extensions={"a": [1], "b": {"x": 2, "y": 1}},
    )
    assert a == b
    assert native.dumps(a) == native.dumps(b)
    assert native.fingerprint(a) == native.fingerprint(b)
    assert native.fingerprint(a) != native.fingerprint(base)


def test_canonical_form_is_compact_and_keeps_unicode() -> None:
    lineage = examples.get("shafaqna")
    text = native.dumps(lineage)
    assert ": " not in text
    assert "\n" not in text
    assert text.startswith('{"format":"provenance/1","subject":"en-article","agents":[')
    persian = Lineage(subject="v", versions=(Version(id="v", language="fa", title="خبر"),))
    assert "خبر" in native.dumps(persian)


@given(json_values())
def test_loader_raises_only_parse_error_on_any_json(value: object) -> None:
    try:
        native.from_dict(value)
    except ParseError as error:
        assert error.problems
    text = json.dumps(value)
    try:
        native.loads(text)
    except ParseError as error:
        assert error.problems


@given(
    st.dictionaries(
        st.sampled_from(["format", "subject", "agents", "versions", "derivations", "extensions"]),
        json_values(max_leaves=8),
    ).map(lambda d: {**d, "format": "provenance/1"})
)
def test_loader_raises_only_parse_error_on_lineage_shaped_json(value: dict[str, object]) -> None:
    try:
        native.from_dict(value)
    except ParseError as error:
        assert all(p.path for p in error.problems)


@given(st.binary(max_size=200))
def test_loader_raises_only_parse_error_on_any_bytes(data: bytes) -> None:
    try:
        native.loads(data)
    except ParseError as error:
        assert error.problems


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.stem)
def test_corpus_documents_load_and_round_trip(path: pathlib.Path) -> None:
    with path.open(encoding="utf-8") as stream:
        lineage = provenance.load(stream)
    assert native.loads(native.dumps(lineage)) == lineage


@pytest.mark.parametrize("path", UNREADABLE, ids=lambda p: p.stem)
def test_unreadable_corpus_reports_every_problem_with_its_place(path: pathlib.Path) -> None:
    expected = path.with_suffix(".problems").read_text(encoding="utf-8").split("\n")
    with pytest.raises(ParseError) as caught:
        native.loads(path.read_bytes(), source=path.name)
    assert [p.location for p in caught.value.problems] == [line for line in expected if line]
    assert str(caught.value).startswith(path.name)


def _strict_json(name: str) -> object:
    raise ValueError(f"{name} is not JSON")  # Python's json reads NaN; JSON has no such value


def _schema_validator() -> jsonschema.protocols.Validator:
    schema = native.json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def test_schema_is_valid_and_shipped_in_the_package() -> None:
    schema = _schema_validator().schema
    assert schema["properties"]["format"] == {"const": native.FORMAT}
    kinds = schema["$defs"]["derivation"]["properties"]["kind"]["enum"]
    assert kinds == [k.value for k in Kind]
    methods = schema["$defs"]["derivation"]["properties"]["method"]["enum"]
    assert methods == [m.value for m in Method]


@pytest.mark.parametrize("path", VALID + INVALID + UNREADABLE, ids=lambda p: p.stem)
def test_schema_agrees_with_the_loader(path: pathlib.Path) -> None:
    validator = _schema_validator()
    try:
        native.loads(path.read_bytes())
        loads = True
    except ParseError:
        loads = False
    try:
        data = json.loads(path.read_bytes(), parse_constant=_strict_json)
    except ValueError:
        assert not loads
        return
    if path.stem in {"duplicate-keys", "bad-dates"}:
        # Beyond a schema: duplicate keys vanish in any JSON parser, and "2021-02-30" fits the
        # date pattern though no such day exists. The loader catches both.
        assert not loads
        return
    assert validator.is_valid(data) is loads, list(validator.iter_errors(data))


@given(lineages())
def test_schema_accepts_every_generated_lineage(lineage: Lineage) -> None:
    assert _schema_validator().is_valid(native.to_dict(lineage))


def test_deep_nesting_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="nested too deeply"):
        native.loads("[" * 100_000 + "]" * 100_000)
    deep = (
        '{"format":"provenance/1","subject":"x","versions":[],"extensions":{"a":'
        + ("[" * 100_000)
        + "]" * 100_000
        + "}}"
    )
    with pytest.raises(ParseError, match="nested too deeply"):
        native.loads(deep)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"\x00\x01\x02", "binary"),
        (b"", "empty"),
        ('{"a": 1}\x00', "binary"),
        ("\ufeff", "empty"),
    ],
)
def test_binary_and_empty_input(data: bytes | str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        native.loads(data)


def test_broken_json_reports_line_and_column() -> None:
    with pytest.raises(ParseError) as caught:
        native.loads('{\n  "format": "provenance/1",\n  "subject" "x"\n}')
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 13)


def test_a_utf8_bom_is_accepted() -> None:
    text = native.dumps(examples.get("shafaqna"))
    assert native.loads(b"\xef\xbb\xbf" + text.encode()) == examples.get("shafaqna")


def test_load_and_dump_streams() -> None:
    lineage = examples.get("relay")
    buffer = io.StringIO()
    native.dump(lineage, buffer, indent=2)
    assert buffer.getvalue().endswith("}\n")
    buffer.seek(0)
    assert native.load(buffer) == lineage
    assert native.load(io.BytesIO(buffer.getvalue().encode())) == lineage


def test_extensions_are_preserved_verbatim() -> None:
    doc = native.to_dict(examples.get("shafaqna"))
    doc["extensions"] = {"cms": {"id": 1234, "tags": ["iraq", "syria"], "score": 0.5, "ok": None}}
    assert native.to_dict(native.from_dict(doc))["extensions"] == doc["extensions"]


def test_duplicate_keys_inside_extensions_are_reported() -> None:
    text = native.dumps(examples.get("shafaqna"))[:-1] + ',"extensions":{"a":{"x":1,"x":2}}}'
    with pytest.raises(ParseError) as caught:
        native.loads(text)
    assert [p.location for p in caught.value.problems] == ["$.extensions.a.x"]


def _chain(length: int) -> Lineage:
    langs = ("en", "fr", "de", "es")
    versions = tuple(Version(id=f"v{i}", language=langs[i % 4]) for i in range(length))
    derivations = tuple(
        provenance.Derivation(
            target=f"v{i}", sources=(f"v{i - 1}",), kind=Kind.TRANSLATION, method=Method.UNKNOWN
        )
        for i in range(1, length)
    )
    return Lineage(subject=f"v{length - 1}", versions=versions, derivations=derivations)


def test_a_chain_of_100000_versions_loads_validates_and_dumps() -> None:
    chain = _chain(100_000)
    text = native.dumps(chain)
    loaded = native.loads(text)
    assert loaded == chain
    findings = provenance.validate(loaded)
    # Every hop after the first is a relay translation: info only, nothing else.
    assert {f.code for f in findings} == {"PV207"}
    assert len(findings) == 99_998
    assert loaded.translation_hops() == 99_999
    assert len(loaded.chain()) == 100_000
    assert loaded.origins()[0].id == "v0"


@pytest.mark.parametrize("name", ["native", "prov-json", "jsonld"])
def test_every_json_reader_names_the_first_byte_that_is_not_utf8(name: str) -> None:
    from provenance import formats

    with pytest.raises(ParseError, match=r"not UTF-8 text: byte 7 is 0xff; .* in UTF-8"):
        formats.get(name).loads(b'{"a":"\xff"}')


def _seed_with_extensions(extensions_text: str) -> str:
    text = native.dumps(examples.get("shafaqna"))
    return text[:-1] + ',"extensions":' + extensions_text + "}"


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1E400", "123456789e310"])
def test_a_number_out_of_range_is_refused_where_it_is_read(number: str) -> None:
    with pytest.raises(ParseError) as caught:
        native.loads(_seed_with_extensions('{"data": [1, {"n": ' + number + "}]}"))
    (problem,) = caught.value.problems
    assert problem.location == "$.extensions.data[1].n"
    assert "too large for JSON's 64-bit floating point" in problem.message
    assert "write it as a string" in problem.message


def test_numbers_in_range_still_load_and_dump() -> None:
    lineage = native.loads(_seed_with_extensions('{"n": [1e308, -5e-324, 12345678901234567890]}'))
    assert native.loads(native.dumps(lineage)) == lineage


def _nested(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def test_load_and_dump_agree_on_one_depth_limit() -> None:
    # The lineage is level 1, its extensions level 2: 98 objects beneath fill the 100 allowed.
    deepest = native.loads(_seed_with_extensions('{"x":' + _nested(98) + "}"))
    assert native.loads(native.dumps(deepest)) == deepest
    assert native.loads(native.dumps(deepest, indent=1)) == deepest
    for levels in (99, 497, 900):
        with pytest.raises(ParseError) as caught:
            native.loads(_seed_with_extensions('{"x":' + _nested(levels) + "}"))
        (problem,) = caught.value.problems
        assert problem.location.startswith("$.extensions.x.a.a")
        assert "nested deeper than 100 levels" in problem.message
    # Deeper still, Python's parser gives up first; the message names the same limit.
    with pytest.raises(
        ParseError, match="nested too deeply to read: the library reads at most 100"
    ):
        native.loads(_seed_with_extensions('{"x":' + _nested(5000) + "}"))


def test_dumping_data_deeper_than_any_reader_reads_is_a_clear_error() -> None:
    deep: Any = 1
    for _ in range(600):
        deep = {"a": deep}
    lineage = attrs.evolve(examples.get("shafaqna"), extensions={"x": deep})
    with pytest.raises(ValueError, match="nest deeper than 100 levels"):
        native.dumps(lineage)


# -- wrong argument types: a TypeError that says what to do, never the library's internals ----

DICT_HINT = "read parsed JSON with provenance.from_dict(data)"


@pytest.mark.parametrize("name", ["dumps", "to_dict", "fingerprint"])
def test_a_dict_is_not_a_lineage(name: str) -> None:
    data = native.to_dict(examples.get("shafaqna"))
    with pytest.raises(TypeError, match=rf"^{name}\(\)") as error:
        getattr(provenance, name)(data)
    assert str(error.value) == f"{name}() takes a Lineage, not dict: {DICT_HINT}"


def test_dump_of_a_dict_writes_nothing() -> None:
    out = io.StringIO()
    with pytest.raises(TypeError, match=r"^dump\(\)") as error:
        provenance.dump(native.to_dict(examples.get("shafaqna")), out)  # type: ignore[arg-type]
    assert str(error.value) == f"dump() takes a Lineage, not dict: {DICT_HINT}"
    assert out.getvalue() == ""


def test_json_text_where_a_lineage_is_expected_points_to_loads() -> None:
    with pytest.raises(TypeError, match=r"^dumps\(\)") as error:
        provenance.dumps(provenance.dumps(examples.get("shafaqna")))  # type: ignore[arg-type]
    assert str(error.value) == (
        "dumps() takes a Lineage, not str: read JSON text with provenance.loads(text), or a "
        "file with provenance.load(open(path, 'rb'))"
    )


def test_loads_of_parsed_json_points_to_from_dict() -> None:
    data = native.to_dict(examples.get("shafaqna"))
    with pytest.raises(TypeError, match=r"^loads\(\)") as error:
        provenance.loads(data)  # type: ignore[arg-type]
    assert str(error.value) == (
        "loads() takes JSON text (str or bytes), not dict: for parsed JSON use "
        "provenance.from_dict(data)"
    )
    assert provenance.from_dict(data) == examples.get("shafaqna")


def test_load_of_a_file_name_points_to_open(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "lineage.json"
    path.write_text(provenance.dumps(examples.get("shafaqna")), encoding="utf-8")
    for name in (str(path), path):
        with pytest.raises(TypeError, match=r"^load\(\)") as error:
            provenance.load(name)  # type: ignore[arg-type]
        assert str(error.value) == (
            f"load() takes an open file, not {type(name).__name__}: open the file first: "
            "provenance.load(open(path, 'rb')), or pass its text to provenance.loads"
        )
    with path.open("rb") as fp:
        assert provenance.load(fp) == examples.get("shafaqna")


@pytest.mark.parametrize("name", [n for n in provenance.formats.names() if n != "native"])
def test_every_export_refuses_a_dict_with_a_type_error(name: str) -> None:
    data = native.to_dict(examples.get("shafaqna"))
    with pytest.raises(TypeError, match=r"dumps\(\) takes a Lineage") as error:
        provenance.formats.get(name).dumps(data)
    assert str(error.value) == f"{name} dumps() takes a Lineage, not dict: {DICT_HINT}"


# -- the hookless fast path of loads(): duplicates found by counting quotes ----------------------


def _text_with(value: Any, target: list[Any] | None, key: str, extra: Any) -> str:
    """Compact JSON of ``value``, the object ``target[0]`` written with one more ``key``
    first (a duplicate: JSON would keep the last, the original)."""
    if isinstance(value, dict):
        pairs = [(k, _text_with(v, target, key, extra)) for k, v in value.items()]
        if target is not None and value is target[0]:
            pairs.insert(0, (key, json.dumps(extra, ensure_ascii=False)))
        inner = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{v}" for k, v in pairs)
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ",".join(_text_with(v, target, key, extra) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _objects(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[Any, Any]]:
    found = []
    if isinstance(value, dict):
        found.append((value, path))
        for k, v in value.items():
            found += _objects(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _objects(v, (*path, i))
    return found


@given(st.one_of(lineages(), any_lineages()), st.data())
def test_loads_reports_a_duplicated_key_anywhere(lineage: Lineage, data: st.DataObject) -> None:
    parsed = native.to_dict(lineage)
    holder, path = data.draw(st.sampled_from(_objects(parsed)))
    if not holder:
        return
    key = data.draw(st.sampled_from(sorted(holder)))
    extra = data.draw(st.one_of(st.just(holder[key]), json_values(max_leaves=2)))
    text = _text_with(parsed, [holder], key, extra)
    assert native._fast_loads(text) is None  # counted: the fast path refuses it
    with pytest.raises(ParseError) as caught:
        native.loads(text)
    assert f"{format_path((*path, key))}: duplicate key" in str(caught.value)


@given(st.one_of(lineages(), any_lineages()), st.sampled_from(["compact", "indent", "ascii"]))
def test_fast_loads_agrees_with_the_careful_path(lineage: Lineage, form: str) -> None:
    data = native.to_dict(lineage)
    if form == "compact":
        text = native.dumps(lineage)
    elif form == "indent":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:  # every non-ASCII character escaped: backslashes everywhere
        text = json.dumps(data, ensure_ascii=True)
    try:
        careful = native.from_dict(native._parse_json(text, None))
    except ParseError:
        assert native._fast_loads(text) is None
        return
    fast = native._fast_loads(text)
    if fast is None:
        # It may only give up on an escaped backslash (it cannot count quotes then), or on an
        # escaped surrogate (maybe a lone one, which the careful path explains).
        assert "\\\\" in text or native.may_hold_lone_surrogates(text, decoded_from_bytes=False)
    else:
        assert fast == careful


def test_fast_loads_counts_escaped_quotes_and_refuses_escaped_backslashes() -> None:
    lineage = examples.get("shafaqna")
    titled = attrs.evolve(
        lineage,
        versions=[attrs.evolve(v, title='He said "no"') for v in lineage.versions],
    )
    assert native._fast_loads(native.dumps(titled)) == titled
    slashed = attrs.evolve(
        lineage, versions=[attrs.evolve(v, title="a\\b") for v in lineage.versions]
    )
    assert native._fast_loads(native.dumps(slashed)) is None
    assert native.loads(native.dumps(slashed)) == slashed  # the careful path reads it


# -- the text read, kept when it is the canonical form ------------------------------------------


def _variant(text: str, form: str, random: Any) -> str:
    """The same lineage written another way: the canonical form must not be vouched for."""
    data = json.loads(text)
    if form == "shuffled":  # the keys of one object in another order
        holder, _ = random.choice(_objects(data))
        items = list(holder.items())
        random.shuffle(items)
        holder.clear()
        holder.update(items)
    elif form == "empty lists":
        for version in data["versions"]:
            version.setdefault("authors", [])
        for derivation in data["derivations"]:
            derivation.setdefault("agents", [])
    elif form == "offsets":
        return text.replace('Z"', '+00:00"')
    elif form == "indent":
        return json.dumps(data, ensure_ascii=False, indent=1)
    elif form == "spaced":
        return json.dumps(data, ensure_ascii=False)
    elif form == "ascii":
        return json.dumps(data, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@given(
    st.one_of(lineages(), any_lineages()),
    st.sampled_from(["same", "shuffled", "empty lists", "offsets", "indent", "spaced", "ascii"]),
    st.randoms(use_true_random=False),
)
def test_the_text_kept_as_canonical_is_what_dumps_writes(
    lineage: Lineage, form: str, random: Any
) -> None:
    text = _variant(native.dumps(lineage), form, random)
    try:
        loaded = native.loads(text)
    except ParseError:
        return
    kept = loaded._memo.get("text")
    written = native._native_fast.dumps(loaded, native._COMPACT.encode)
    if kept is not None:
        assert kept == text == written
    assert native.dumps(loaded) == written
    assert native.fingerprint(loaded) == native._fingerprint(written)
    if form == "same" and not lineage.extensions and "\\" not in text:
        assert kept == text  # our own compact output is recognised


def test_the_memo_never_outlives_a_change() -> None:
    text = native.dumps(examples.get("shafaqna"))
    loaded = native.loads(text)
    assert loaded._memo.get("text") == text
    before = native.fingerprint(loaded)
    renamed = attrs.evolve(loaded, subject="fa-article")
    assert native.dumps(renamed) == text.replace('"subject":"en-article"', '"subject":"fa-article"')
    assert native.fingerprint(renamed) != before
    loaded.extensions["desk"] = "Beirut"  # the one mutable part of a lineage
    assert native.dumps(loaded).endswith(',"extensions":{"desk":"Beirut"}}')
    assert native.fingerprint(loaded) != before


@given(
    st.lists(st.one_of(st.text(alphabet=' ab\n"', max_size=4), st.sampled_from(["{", ":", ","]))),
    st.integers(1, 9),
)
def test_whitespace_between_strings_is_found_across_pieces(parts: list[str], piece: int) -> None:
    text = "".join(f'"{p}"' if p not in "{:," else p for p in (p.replace('"', "") for p in parts))
    expected = any(c in "".join(text.split('"')[::2]) for c in " \n\r\t")
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(native._native_fast, "_PIECE", piece)
        assert native._native_fast._spaced(text) == expected


_SEED = native.dumps(examples.get("shafaqna"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Keys in canonical order, but a value the canonical form writes otherwise.
        ('"publisher":"shafaqna-fa",', '"publisher":"shafaqna-fa","authors":[],'),
        (
            '"medium":"Telegram"},{"id":"iq',
            '"published_as":{"calendar":"persian","text":"1400"},"medium":"Telegram"},{"id":"iq',
        ),
        ('"published":"2021-06-10"}],"der', '"published":"2021-06-10T00:00:00.0Z"}],"der'),
        (
            '"method":"human","agents":[{"agent":"shafaqna-en","role":"translator"}]',
            '"method":"human","agents":[]',
        ),
        ('"kind":"reporting"}', '"kind":"reporting","date":"2021-06-10T12:00:00+00:00"}'),
    ],
)
def test_a_text_canonical_but_for_one_value_is_not_kept(old: str, new: str) -> None:
    # Each text reads to a lineage, but dumps() would write it otherwise: the reader must not
    # keep it as the canonical text, or dumps() and fingerprint() would repeat it as read.
    assert old in _SEED
    text = _SEED.replace(old, new, 1)
    try:
        loaded = native.loads(text)
    except ParseError:
        return  # refused: nothing kept either
    assert loaded._memo.get("text") is None
    written = native.dumps(loaded)
    assert written != text
    assert native.fingerprint(loaded) == native._fingerprint(written)
