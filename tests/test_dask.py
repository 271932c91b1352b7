"""provenance.dask on a real local cluster. Every test name says "dask": ``pytest -k dask``."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import ParseError, batch, examples
from provenance import dask as pdask
from provenance.formats import native

HAVE_DASK = all(importlib.util.find_spec(name) for name in ("dask", "distributed"))
needs_dask = pytest.mark.skipif(
    not HAVE_DASK,
    reason="needs Dask and distributed, the dask extra: pip install 'news-provenance[dask]'",
)

SEED = native.dumps(examples.get("shafaqna"))
BROKEN = (
    '{"format": "provenance/1", "subject": ',  # JSON syntax
    '{"format":"provenance/1","subject":"x","versions":[{"id":"x"}]}',  # missing language
    "[]",  # not an object
)


def seed_line(i: int) -> str:
    """A seed-shaped document with its own ids, so no two lines are the same."""
    return SEED.replace("en-article", f"en-article-{i}").replace("fa-article", f"fa-{i}")


def write_corpus(path: pathlib.Path, n: int) -> dict[int, str]:
    """Write ``n`` lines, clean but for a few broken and blank ones; return the broken ones."""
    broken: dict[int, str] = {}
    with path.open("wb") as out:
        for number in range(1, n + 1):
            if number % 9973 == 0 or number in (1, n):
                text = BROKEN[number % len(BROKEN)]
                broken[number] = text
            elif number % 5003 == 0:
                text = ""
            elif number % 7919 == 0:
                text = "\udcff"  # written below as a byte that is not UTF-8
            else:
                text = seed_line(number)
            if text == "\udcff":
                out.write(b'{"format":"provenance/1","subject":"\xff"}\n')
                broken[number] = "not UTF-8"
            else:
                out.write(text.encode() + b"\n")
    return broken


@needs_dask
def test_dask_read_jsonl_keeps_line_numbers_across_blocks(tmp_path: pathlib.Path) -> None:
    import dask

    path = tmp_path / "small.jsonl"
    lines = [f'{{"n": {i}}}' if i % 4 else "" for i in range(1, 400)]
    lines[10] = '{"n": "' + "x" * 3000 + '"}'  # a line longer than a block
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [
        pdask.Line(str(path), number, text.encode())
        for number, text in enumerate(lines, 1)
        if text.strip()
    ]
    for blocksize in (None, 1000, 257, "2kB"):
        bag = pdask.read_jsonl(str(path), blocksize=blocksize)
        got = bag.compute(scheduler="synchronous")
        assert [tuple(line) for line in got] == [tuple(line) for line in expected], blocksize
    assert pdask.read_jsonl(str(path), blocksize=257).npartitions > 10
    with dask.config.set(scheduler="synchronous"):
        two = pdask.read_jsonl([str(path), str(path)], blocksize=500).count().compute()
    assert two == 2 * len(expected)


@needs_dask
def test_dask_read_jsonl_without_files_says_so(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file matches"):
        pdask.read_jsonl(str(tmp_path / "*.jsonl"))


@needs_dask
def test_dask_validate_and_convert_match_the_batch_api(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mixed.jsonl"
    texts = [seed_line(i) if i % 3 else BROKEN[i % 3] for i in range(1, 60)]
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    source = str(path)
    bag = pdask.read_jsonl(source, blocksize=2000)
    validated = pdask.validate(bag, ignore="PV105").compute(scheduler="synchronous")
    assert validated == list(batch.validate_lines(texts, ignore="PV105", source=source))
    converted = pdask.convert(bag, "native", indent=1).compute(scheduler="synchronous")
    assert converted == list(batch.convert_lines(texts, "native", indent=1, source=source))
    tally = pdask.tally(pdask.validate(bag)).compute(scheduler="synchronous")
    assert tally.documents == len(texts)
    assert tally.unusable == sum(1 for i in range(1, 60) if i % 3 == 0)
    assert tally.exit_code == 2


@needs_dask
def test_dask_partitions_reject_what_is_not_a_line() -> None:
    import dask.bag

    bag = dask.bag.from_sequence([SEED], npartitions=1)
    with pytest.raises(TypeError, match="read_jsonl"):
        pdask.validate(bag).compute(scheduler="synchronous")


@needs_dask
# distributed itself leaves a probe socket unclosed when it starts (distributed/node.py).
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_local_cluster_validates_100k_lineages(tmp_path: pathlib.Path) -> None:
    from distributed import Client, LocalCluster

    n = 100_000
    path = tmp_path / "lineages.jsonl"
    broken = write_corpus(path, n)
    blank = [k for k in range(1, n + 1) if k % 5003 == 0 and k not in broken]
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            # Any free port: None still serves /metrics on 8787, and warns (an error under
            # pytest's -W error) when another cluster or program holds that port.
            dashboard_address=":0",
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        bag = pdask.read_jsonl(str(path), blocksize="8MiB")
        assert bag.npartitions >= 10
        results = pdask.validate(bag)
        failures, tally = client.compute(
            [results.filter(lambda r: not r.ok), pdask.tally(results)], sync=True
        )
    assert tally.documents == n - len(blank)
    assert tally.unusable == len(broken)
    assert tally.ok == n - len(blank) - len(broken)
    assert tally.findings == dict.fromkeys(tally.findings, 0)
    assert tally.exit_code == 2
    assert sorted(r.line for r in failures) == sorted(broken)
    for result in failures:
        assert result.source == str(path)
        assert result.error is not None
        assert result.problems, result
        if broken[result.line] == "not UTF-8":
            assert "not UTF-8" in result.error


@needs_dask
def test_dask_applies_max_bytes_as_the_batch_functions_do(tmp_path: pathlib.Path) -> None:
    """A line over the limit is a failure result naming the limit, at its own line number,
    whatever the blocks; it is held cut just past the limit, never whole."""
    import dask

    path = tmp_path / "long.jsonl"
    long = SEED.replace('"en-article"', '"' + "x" * 3000 + '"')
    texts = [seed_line(1), "", long, seed_line(4), long + "\r", seed_line(6)]
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    source = str(path)
    with path.open("rb") as stream:
        expected = list(
            batch.validate_lines(
                batch.read_lines(stream, max_bytes=2000), max_bytes=2000, source=source
            )
        )
    assert [r.line for r in expected if not r.ok] == [3, 5]
    assert expected[1].error == (
        "larger than the limit of 2 KiB per document; if it really is a lineage, raise "
        "the limit (--max-bytes on the command line, max_bytes= in Python)"
    )
    with dask.config.set(scheduler="synchronous"):
        for blocksize in (None, 700, 2000, 2900, "4kB"):
            lines = pdask.read_jsonl(source, blocksize=blocksize, max_bytes=2000)
            held = lines.compute()
            assert [line.line for line in held] == [1, 3, 4, 5, 6], blocksize
            assert max(len(line.text) for line in held) == 2001, blocksize
            assert pdask.validate(lines, max_bytes=2000).compute() == expected, blocksize
        # No limit: the long lines are read whole, and are lineages with a long id.
        whole = pdask.read_jsonl(source, blocksize=700, max_bytes=None)
        assert all(r.ok for r in pdask.validate(whole, max_bytes=None).compute())
        # A line the reader cut, given to a task with another limit, is read as it was cut:
        # the same limit on both sides is what read_jsonl's documentation asks for.
        cut = pdask.convert(pdask.read_jsonl(source, max_bytes=2000), "native").compute()
        assert [r.line for r in cut if not r.ok] == [3, 5]
        assert cut[1].error.startswith("line 1, column 36: broken JSON: Unterminated string")


@needs_dask
def test_dask_a_line_with_no_end_is_no_json_lines(tmp_path: pathlib.Path) -> None:
    import dask

    path = tmp_path / "zeros.jsonl"
    path.write_bytes(b"{}\n\n" + b"0" * 3000)
    with dask.config.set(scheduler="synchronous"):
        for blocksize in (None, 1000):
            bag = pdask.read_jsonl(str(path), blocksize=blocksize, max_bytes=100)
            with pytest.raises(ParseError) as error:
                bag.compute()
            assert str(error.value) == (
                f"{path}: line 3, column 1: no line break in the first 2.9 KiB of this line: "
                "this is not JSON Lines; stopped reading"
            )


@needs_dask
@pytest.mark.parametrize("max_bytes", [0, -1, 1.5, True])
def test_dask_max_bytes_must_be_a_limit(tmp_path: pathlib.Path, max_bytes: object) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(SEED + "\n", encoding="utf-8")
    message = f"max_bytes must be a positive whole number or None, got {max_bytes!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        pdask.read_jsonl(str(path), max_bytes=max_bytes)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        pdask.validate(pdask.read_jsonl(str(path)), max_bytes=max_bytes)  # type: ignore[arg-type]


@needs_dask
@settings(max_examples=25, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(["", " ", "{}", '{"a": 1}', "x" * 40, "\ufeff{}", "{}\r", "y" * 9]),
        max_size=30,
    ),
    blocksize=st.integers(1, 120),
    max_bytes=st.sampled_from([None, 5, 1000]),
)
def test_dask_blocks_give_every_line_once_with_its_number(
    lines: list[str], blocksize: int, max_bytes: int | None
) -> None:
    """However the file is cut into blocks, each non-blank line comes once, in order, with its
    number in the file, cut just past ``max_bytes`` if it is longer."""
    import tempfile

    import dask

    data = ("\n".join(lines) + "\n").encode()
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(directory) / "lines.jsonl"
        path.write_bytes(data)
        expected = []
        for number, raw in enumerate(data.split(b"\n")[:-1], 1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if max_bytes is not None and len(raw) + 1 > max_bytes + 1:
                raw = (raw + b"\n")[: max_bytes + 1]
            raw = raw.rstrip(b"\r")
            if raw.strip():
                expected.append((str(path), number, raw))
        with dask.config.set(scheduler="synchronous"):
            got = pdask.read_jsonl(str(path), blocksize=blocksize, max_bytes=max_bytes).compute()
    assert [tuple(line) for line in got] == expected


def test_dask_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"pip install 'news-provenance\[dask\]'"):
        pdask.read_jsonl("anything.jsonl")
    assert pdask.Line("f", 1, b"{}").line == 1  # the module itself imports without Dask
