"""provenance.dask on a real local cluster. Every test name says "dask": ``pytest -k dask``."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import pytest

from provenance import batch, examples
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


def test_dask_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"pip install 'news-provenance\[dask\]'"):
        pdask.read_jsonl("anything.jsonl")
    assert pdask.Line("f", 1, b"{}").line == 1  # the module itself imports without Dask
