"""The limits per document (provenance._limits): its size (--max-bytes), the sources of one
derivation (--max-sources), and the --indent cap."""

from __future__ import annotations

import io
import pathlib
import warnings
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Builder, Lineage, LossWarning, ParseError, batch, examples, load
from provenance._limits import DEFAULT_MAX_BYTES, bounded_lines, describe, read_bounded
from provenance.formats import jsonld, native, prov_json

from .conftest import fan_in
from .test_cli import SEED, run


@given(
    st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=8),
    st.integers(min_value=1, max_value=30),
)
def test_bounded_lines_keep_every_line_and_cut_only_the_long_ones(
    lines: list[bytes], limit: int
) -> None:
    text = b"".join(line + b"\n" for line in lines)
    got = list(bounded_lines(io.BytesIO(text), limit))
    assert len(got) == len(lines)  # numbering is kept: one item per line
    for line, item in zip(lines, got, strict=True):
        if len(line) <= limit:
            assert item == line + b"\n"
        else:  # cut just past the limit: recognisably too long, never held whole
            assert item == line[: limit + 1]


def test_an_endless_line_is_no_json_lines() -> None:
    endless = io.BytesIO(b"x" * (20 * 1024))
    with pytest.raises(
        ParseError, match="no line break in the first 20 KiB of this line"
    ) as caught:
        list(bounded_lines(endless, 1024, source="zero"))
    assert caught.value.problems[0].line == 1
    assert str(caught.value).startswith("zero: line 1")


def test_read_bounded_stops_one_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    content, cut = read_bounded(io.BufferedReader(Endless()), 1000)
    assert cut
    assert len(content) == 1000
    assert read_bounded(io.BytesIO(b"abc"), 3) == (b"abc", False)


def test_describe() -> None:
    assert describe(DEFAULT_MAX_BYTES) == "16 MiB"
    assert describe(1536) == "1.5 KiB"
    assert describe(999) == "999 bytes"


def test_load_refuses_a_stream_over_the_limit() -> None:
    data = native.dumps(examples.get("shafaqna")).encode()
    assert load(io.BytesIO(data), max_bytes=len(data)) == examples.get("shafaqna")
    with pytest.raises(ParseError, match=r"larger than the limit of 100 bytes per document"):
        load(io.BytesIO(data), source="big.json", max_bytes=100)
    assert load(io.BytesIO(data), max_bytes=None) == examples.get("shafaqna")
    with pytest.raises(ValueError, match="max_bytes"):
        load(io.BytesIO(data), max_bytes=0)


def test_run_lines_refuses_a_line_over_the_limit_and_goes_on() -> None:
    seed = native.dumps(examples.get("shafaqna")).encode()
    lines = [seed, b"[" * 5000, seed]
    stream = io.BytesIO(b"\n".join(lines) + b"\n")
    lines_read = batch.read_lines(stream, max_bytes=4096)
    results = list(batch.run_lines("validate", lines_read, max_bytes=4096))
    assert [r.line for r in results] == [1, 2, 3]
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None
    assert results[1].error.startswith("larger than the limit of 4 KiB per document")


def test_cli_max_bytes_for_a_document_and_for_a_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text(SEED, encoding="utf-8")
    small = run("validate", str(path), "--max-bytes", "1K")
    assert small.code == 2
    assert f"{path}: larger than the limit of 1 KiB per document" in small.err
    assert "--max-bytes" in small.err
    assert run("validate", str(path), "--max-bytes", "64k").code == 0
    for verb in (["show"], ["convert", "--to", "native"], ["badge"]):
        refused = run(*verb, "-", "--max-bytes", "100", stdin=SEED)
        assert refused.code == 2, verb
        assert "<stdin>: larger than the limit of 100 bytes" in refused.err
    lines = "\n".join([SEED, "[" * 3000, SEED]) + "\n"
    stream = run("convert", "--jsonl", "-", "--to", "native", "--max-bytes", "2K", stdin=lines)
    assert stream.code == 2
    assert stream.out.splitlines()[1] == "null"
    assert len(stream.out.splitlines()) == 3
    assert "<stdin>:2: larger than the limit of 2 KiB" in stream.err


@pytest.mark.parametrize("size", ["0", "-5", "lots", "12Q"])
def test_cli_max_bytes_must_be_a_size(size: str) -> None:
    result = run("validate", "-", "--max-bytes", size, stdin=SEED)
    assert result.code == 2
    assert "--max-bytes" in result.err


@pytest.mark.parametrize(
    "argv",
    [["convert", "-", "--to", "native"], ["example"], ["extract", "Translated by Ali"]],
)
def test_indent_is_capped(argv: list[str]) -> None:
    result = run(*argv, "--indent", "1000000000", stdin=SEED)
    assert result.code == 2
    assert "1000000000 spaces is out of range: give 0 (compact) to 16" in result.err
    assert result.out == ""
    assert run(*argv, "--indent", "-1", stdin=SEED).code == 2
    assert run(*argv, "--indent", "16", stdin=SEED).code == 0


# -- indent in the Python API: the same bound as --indent --------------------------------------

WRITERS_WITH_INDENT = {
    "native": "dumps",
    "jsonld": "jsonld dumps",
    "c2pa": "c2pa dumps",
    "prov-json": "prov-json dumps",
    "prov-n": "prov-n dumps",
    "prov-o": "prov-o dumps",
}


@pytest.mark.parametrize(("name", "caller"), sorted(WRITERS_WITH_INDENT.items()))
def test_every_writer_refuses_an_indent_past_the_cli_bound(name: str, caller: str) -> None:
    import warnings

    from provenance import formats

    dumps = formats.get(name).dumps
    lineage = examples.get("shafaqna")
    with pytest.raises(ValueError, match="out of range") as caught:
        dumps(lineage, indent=17)  # one past the bound: without the check it would just work
    assert str(caught.value) == (
        f"{caller}(): indent=17 is out of range: give 0 to 16 spaces, or None for compact output"
    )
    with pytest.raises(ValueError, match=r"indent=-1 is out of range"):
        dumps(lineage, indent=-1)
    for wrong in ("2", 2.0, True):
        with pytest.raises(TypeError) as caught_type:
            dumps(lineage, indent=wrong)
        assert str(caught_type.value) == (
            f"{caller}(): indent is a whole number of spaces from 0 to 16, or None, "
            f"not {type(wrong).__name__}"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # loss warnings of the lossy formats
        assert dumps(lineage, indent=16).count("\n" + " " * 16) >= 1


# -- sources per derivation ---------------------------------------------------------------------

_WIDE = fan_in(1500)
_READERS = {
    "native": (native.loads, native.dumps),
    "prov-json": (prov_json.loads, prov_json.dumps),
    "jsonld": (jsonld.loads, jsonld.dumps),
    "jsonld-html": (jsonld.from_html, lambda lineage: jsonld.dumps(lineage, html=True)),
}


def _text(writer: Callable[[Lineage], str], lineage: Lineage) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        return writer(lineage)


@pytest.mark.parametrize("name", sorted(_READERS))
def test_every_reader_takes_a_raised_or_no_sources_limit(name: str) -> None:
    read, write = _READERS[name]
    text = _text(write, _WIDE)
    with pytest.raises(ParseError, match="1,500 sources, more than the limit of 1,000"):
        read(text)
    for limit in (1500, None):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LossWarning)
            assert len(read(text, max_sources=limit).derivations[0].sources) == 1500
    with pytest.raises(ParseError, match="the limit of 1,499 per derivation"):
        read(text, max_sources=1499)


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "10"])
def test_a_sources_limit_must_be_a_positive_whole_number(bad: object) -> None:
    for read, _ in _READERS.values():
        with pytest.raises(ValueError, match="max_sources must be a positive whole number"):
            read(SEED, max_sources=bad)
    for make in (batch.validate_task, batch.badge_task):
        with pytest.raises(ValueError, match="max_sources"):
            make(max_sources=bad)
    with pytest.raises(ValueError, match="max_sources"):
        batch.convert_task("native", max_sources=bad)


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=12),
)
def test_a_document_is_refused_exactly_when_a_derivation_passes_the_limit(
    widths: list[int], limit: int
) -> None:
    builder = Builder()
    for step, width in enumerate(widths):
        sources = [builder.version(f"s{step}-{i}", "ar") for i in range(width)]
        builder.version(f"t{step}", "en", derived_from=sources, kind="reporting")
    steps = [f"t{step}" for step in range(len(widths))]
    builder.version("all", "en", derived_from=steps, kind="reporting")
    data = native.to_dict(builder.build(subject="all"))
    wide = [step for step, width in enumerate(widths) if width > limit]
    if len(widths) > limit:
        wide.append(len(widths))  # the last step, from every t
    if not wide:
        assert native.from_dict(data, max_sources=limit) == builder.build(subject="all")
        return
    with pytest.raises(ParseError) as caught:
        native.from_dict(data, max_sources=limit)
    assert [p.path for p in caught.value.problems] == [
        ("derivations", step, "sources") for step in wide
    ]


def test_load_takes_the_sources_limit_with_the_size_limit() -> None:
    text = native.dumps(_WIDE).encode()
    with pytest.raises(ParseError, match="1,500 sources"):
        load(io.BytesIO(text))
    assert load(io.BytesIO(text), max_sources=None) == _WIDE


def test_a_page_based_on_too_many_works_is_refused() -> None:
    from provenance import pages

    page = _text(lambda lineage: jsonld.dumps(lineage, html=True), fan_in(3))
    page = f"<html><head>{page}</head><body></body></html>"
    with pytest.raises(ParseError, match="3 sources, more than the limit of 2"):
        pages.read(page, max_sources=2)
    assert len(pages.read(page).derivations[0].sources) == 3


def test_cli_max_sources_for_a_document_and_for_a_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "wide.json"
    wide = native.dumps(_WIDE)
    path.write_text(wide, encoding="utf-8")
    refused = run("validate", str(path))
    assert refused.code == 2
    assert (
        f"{path}: $.derivations[0].sources: the derivation of 't' has 1,500 sources, more than "
        "the limit of 1,000 per derivation; if it really is one step, raise the limit "
        "(--max-sources on the command line" in refused.err
    )
    assert run("validate", str(path), "--max-sources", "1500").code == 0
    for verb in (["show"], ["convert", "--to", "prov-o"], ["badge"], ["credit"]):
        assert run(*verb, "-", stdin=wide).code == 2, verb
        assert run(*verb, "-", "--max-sources", "2000", stdin=wide).code == 0, verb
    prov = _text(prov_json.dumps, _WIDE)
    from_prov = run("convert", "--from", "prov-json", "--to", "native", "-", stdin=prov)
    assert from_prov.code == 2
    expected = "<stdin>: $.wasDerivedFrom: the derivation of 'lineage:t' has 1,500 sources"
    assert expected in from_prov.err
    lines = "\n".join([SEED, wide, SEED]) + "\n"
    for jobs in ("1", "2"):
        stream = run("convert", "--jsonl", "--jobs", jobs, "-", "--to", "native", stdin=lines)
        assert stream.code == 2
        assert stream.out.splitlines()[1] == "null"
        assert len(stream.out.splitlines()) == 3
        assert "<stdin>:2: $.derivations[0].sources: the derivation of 't' has 1,500" in stream.err
        raised = run(
            "validate", "--jsonl", "--jobs", jobs, "-", "--max-sources", "1500", stdin=lines
        )
        assert raised.code == 0, raised.err


@pytest.mark.parametrize("count", ["0", "-5", "lots", "1.5"])
def test_cli_max_sources_must_be_a_count(count: str) -> None:
    result = run("validate", "-", "--max-sources", count, stdin=SEED)
    assert result.code == 2
    assert "--max-sources" in result.err


def test_the_page_verb_takes_max_sources_and_extract_has_none(tmp_path: pathlib.Path) -> None:
    from provenance import pages

    page = _text(lambda lineage: jsonld.dumps(lineage, html=True), fan_in(3))
    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{page}</head><body></body></html>", encoding="utf-8")
    for many in ([], [str(path), "--jobs", "2"]):  # one page; several, in worker processes
        refused = run("page", str(path), *many, "--max-sources", "2")
        assert refused.code == 2, many
        assert "3 sources, more than the limit of 2 per derivation" in refused.err
        assert run("page", str(path), *many).code == 0, many
    with pytest.raises(ValueError, match="max_sources"):
        pages.page_task(max_sources=0)
    unknown = run("extract", "Translated from Persian by Ali", "--max-sources", "5")
    assert unknown.code == 2
    assert "unrecognized arguments: --max-sources" in unknown.err


def test_a_wide_node_nested_in_json_ld_is_refused_at_its_path() -> None:
    works = [{"@type": "NewsArticle", "url": f"https://e.org/{i}"} for i in range(3)]
    source = {"@type": "NewsArticle", "url": "https://e.org/src", "citation": works}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": "https://e.org/a",
        "inLanguage": "en",
        "isBasedOn": [source],
    }
    with pytest.raises(ParseError) as caught:
        jsonld.from_dict(data, max_sources=2)
    (problem,) = caught.value.problems
    assert problem.path == ("isBasedOn", 0, "citation")
    assert problem.message.startswith("the derivation of 'https://e.org/src' has 3 sources")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        assert jsonld.from_dict(data, max_sources=3).subject_version.url == "https://e.org/a"
