"""Dask: validate and convert JSON Lines of lineages on a cluster, keeping line numbers.

Needs the ``dask`` extra (``pip install 'news-provenance[dask]'``: ``dask[bag]`` and
``distributed``); Dask is imported on first use, so importing this module costs nothing.

:func:`read_jsonl` reads one or many files (local paths, globs, any fsspec URL) into a
:class:`dask.bag.Bag` of :class:`Line` records, splitting large files into blocks of
``blocksize`` bytes while keeping each line's number in its file. :func:`validate`,
:func:`convert`, :func:`badge` and :func:`run` map a :mod:`provenance.batch` task over each
partition and give a bag of :class:`~provenance.batch.Result`; :func:`tally` counts them into one
:class:`~provenance.batch.Tally` (with the exit code a CLI would give)::

    from distributed import Client
    from provenance import dask as pd

    with Client(n_workers=8, threads_per_worker=1):
        results = pd.validate(pd.read_jsonl("s3://bucket/lineages/*.jsonl"))
        results.filter(lambda r: not r.ok).map(lambda r: r.to_json()).to_textfiles("bad/*.jsonl")
        print(pd.tally(results).compute().exit_code)

Web archives: :func:`read_pages` reads every HTML page of many WARC files (one partition per
file, each streamed record by record in constant memory) into a bag of results whose
``output`` is the page's lineage (``provenance.pages``; needs the ``web`` extra too)::

    with Client(n_workers=8, threads_per_worker=1):
        results = pd.read_pages("s3://bucket/crawl/*.warc.gz")
        results.filter(lambda r: r.output).map(lambda r: r.output).to_textfiles("lineages/*.jsonl")
        print(pd.tally(results).compute().exit_code)

Prefer worker *processes* with one thread each (``threads_per_worker=1``): validation is pure
Python and holds the GIL, so threads add no speed, and conversion records loss warnings with
:func:`warnings.catch_warnings`, which is not thread-safe.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from provenance.batch import Result, Tally, Task, badge_task, convert_task, validate_task
from provenance.findings import Severity

if TYPE_CHECKING:
    import dask.bag

    from provenance.pages import PageTask

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "Line",
    "badge",
    "convert",
    "read_jsonl",
    "read_pages",
    "run",
    "tally",
    "validate",
]

DEFAULT_BLOCKSIZE = 64 * 2**20
"""Bytes per partition when reading a large file (64 MiB), as Dask's own readers do."""


class Line(NamedTuple):
    """One line of a JSON Lines file: the file, its 1-based line number, its raw bytes.

    The bytes are kept undecoded so that a line that is not UTF-8 is reported, with its
    number, by the task that reads it, instead of failing the whole partition.
    """

    source: str
    line: int
    text: bytes


def _require() -> Any:
    try:
        import dask.bag
        import distributed  # noqa: F401 - part of the extra; checked here so the message is one
    except ImportError as error:
        raise ImportError(
            f"provenance.dask needs Dask: pip install 'news-provenance[dask]' "
            f"(which installs dask[bag] and distributed); {error}"
        ) from error
    return dask.bag


def read_jsonl(
    urlpath: str | list[str],
    *,
    blocksize: int | str | None = DEFAULT_BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
) -> dask.bag.Bag:
    """A bag of :class:`Line` for every non-blank line of the files at ``urlpath``.

    ``urlpath`` is a path, a glob, a list of them, or any fsspec URL (``s3://…``).
    ``blocksize`` (bytes, or a string such as ``"128MiB"``) splits large files into
    partitions; ``None`` makes one partition per file. Line numbers count every line of
    each file, blank ones too, whatever the blocks: the start of each block is found by
    counting the newlines of the blocks before it (a cheap lazy pass over the bytes).
    Compressed files are not supported: decompress them first, or give ``blocksize=None``
    with an fsspec compression option in ``storage_options``.
    """
    bag = _require()
    from dask.delayed import delayed
    from dask.utils import parse_bytes
    from fsspec.core import get_fs_token_paths  # type: ignore[import-untyped]

    fs, _, paths = get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options)
    if not paths:
        raise FileNotFoundError(f"no file matches {urlpath!r}")
    size_limit = None if blocksize is None else parse_bytes(blocksize)
    if size_limit is not None and size_limit < 1:
        raise ValueError(f"blocksize must be positive, got {blocksize!r}")
    parts = []
    for path in paths:
        size = fs.size(path)
        if size_limit is None or size <= size_limit:
            parts.append(delayed(_read_block, pure=True)(fs, path, 0, None, 1))
            continue
        start: Any = 1
        for offset in range(0, size, size_limit):
            parts.append(delayed(_read_block, pure=True)(fs, path, offset, size_limit, start))
            newlines = delayed(_count_newlines, pure=True)(fs, path, offset, size_limit)
            start = delayed(operator.add, pure=True)(start, newlines)
    lines: dask.bag.Bag = bag.from_delayed(parts)
    return lines


def _block(fs: Any, path: str, offset: int, length: int | None) -> bytes:
    from fsspec.utils import read_block  # type: ignore[import-untyped]

    with fs.open(path, "rb") as handle:
        data: bytes = handle.read() if length is None else read_block(handle, offset, length, b"\n")
    return data


def _count_newlines(fs: Any, path: str, offset: int, length: int) -> int:
    return _block(fs, path, offset, length).count(b"\n")


def _read_block(fs: Any, path: str, offset: int, length: int | None, start: int) -> list[Line]:
    data = _block(fs, path, offset, length)
    if offset == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return [
        Line(path, number, raw.rstrip(b"\r"))
        for number, raw in enumerate(data.split(b"\n"), start)
        if raw.strip()
    ]


def read_pages(
    urlpath: str | list[str],
    *,
    to: str = "native",
    storage_options: dict[str, Any] | None = None,
) -> dask.bag.Bag:
    """A bag of :class:`~provenance.batch.Result`, one per HTML page of the WARC files at
    ``urlpath`` (paths, globs or fsspec URLs), as ``provenance page --warc`` gives them:
    ``output`` the lineage in format ``to``, ``name`` the page's target URI, ``line`` its
    number among the file's pages, ``findings`` the PV6xx findings. One partition per file,
    streamed; a file that breaks off gives a failed result after its last page."""
    bag = _require()
    from fsspec.core import get_fs_token_paths

    from provenance.pages import page_task

    task = page_task(to=to)  # the web extra and the format are checked here, once
    fs, _, paths = get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options)
    if not paths:
        raise FileNotFoundError(f"no file matches {urlpath!r}")
    files: dask.bag.Bag = bag.from_sequence(paths, npartitions=len(paths))
    results: dask.bag.Bag = files.map_partitions(_read_warcs, fs, task)  # type: ignore[no-untyped-call]
    return results


def _read_warcs(paths: Iterable[str], fs: Any, task: PageTask) -> list[Result]:
    from provenance.errors import ParseError
    from provenance.pages import read_warc

    results = []
    for path in paths:
        number = 0
        with fs.open(path, "rb") as stream:
            try:
                for number, page in enumerate(read_warc(stream, source=path), 1):
                    results.append(task(page, line=number, source=path))
            except ParseError as error:
                results.append(Result.failure(number + 1, path, str(error), error.problems))
    return results


def run(lines: dask.bag.Bag, task: Task) -> dask.bag.Bag:
    """A bag of :class:`~provenance.batch.Result`: ``task`` run on every :class:`Line`."""
    _require()
    results: dask.bag.Bag = lines.map_partitions(_run_partition, task)  # type: ignore[no-untyped-call]
    return results


def _run_partition(lines: Iterable[Any], task: Task) -> list[Result]:
    results = []
    for item in lines:
        try:
            source, number, text = item
        except (TypeError, ValueError):
            raise TypeError(
                f"expected Line(source, line, text) records from provenance.dask.read_jsonl, "
                f"got {type(item).__name__}"
            ) from None
        results.append(task(text, line=number, source=source))
    return results


def validate(
    lines: dask.bag.Bag,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: Severity | str = Severity.ERROR,
) -> dask.bag.Bag:
    """Validate every line: a bag of results with ``findings``, as ``provenance validate``."""
    return run(lines, validate_task(select=select, ignore=ignore, fail_on=fail_on))


def convert(lines: dask.bag.Bag, to: str, **options: Any) -> dask.bag.Bag:
    """Convert every line to format ``to``: a bag of results with ``output`` and losses."""
    return run(lines, convert_task(to, **options))


def badge(lines: dask.bag.Bag, *, format: str = "svg", **options: Any) -> dask.bag.Bag:
    """Make every line's badge: a bag of results with ``output`` in ``format`` (``svg``,
    ``endpoint``, ``markdown``, ``html``); ``options`` as :func:`provenance.batch.badge_task`."""
    return run(lines, badge_task(format=format, **options))


def tally(results: dask.bag.Bag) -> Any:
    """A lazy :class:`~provenance.batch.Tally` of a bag of results; ``.compute()`` it."""
    _require()
    return results.reduction(_tally_partition, _merge_tallies)  # type: ignore[no-untyped-call]


def _tally_partition(results: Iterable[Result]) -> Tally:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally


def _merge_tallies(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for each in tallies:
        total = total.merge(each)
    return total
