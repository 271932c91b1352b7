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
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from provenance import _limits
from provenance._limits import DEFAULT_MAX_BYTES
from provenance.batch import Result, Tally, Task, badge_task, convert_task, validate_task
from provenance.errors import ParseError, Problem
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
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dask.bag.Bag:
    """A bag of :class:`Line` for every non-blank line of the files at ``urlpath``.

    ``urlpath`` is a path, a glob, a list of them, or any fsspec URL (``s3://…``).
    ``blocksize`` (bytes, or a string such as ``"128MiB"``) splits large files into
    partitions; ``None`` makes one partition per file. Line numbers count every line of
    each file, blank ones too, whatever the blocks: the start of each block is found by
    counting the newlines of the blocks before it (a cheap lazy pass over the bytes).
    Compressed files are not supported: decompress them first, or give ``blocksize=None``
    with an fsspec compression option in ``storage_options``.

    A line longer than ``max_bytes`` (16 MiB by default; ``None`` for no limit) is read only up
    to the limit and kept cut just past it, its rest skipped unread, as
    :func:`provenance.batch.read_lines` does: :func:`run` (with the same ``max_bytes``) gives it a
    failure result. A "line" with no line break within 16 times the limit is no JSON Lines:
    reading its partition raises :class:`~provenance.ParseError`.
    """
    limit = _limits.check_limit(max_bytes)
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
            parts.append(delayed(_read_block, pure=True)(fs, path, 0, None, 1, limit))
            continue
        start: Any = 1
        for offset in range(0, size, size_limit):
            parts.append(
                delayed(_read_block, pure=True)(fs, path, offset, size_limit, start, limit)
            )
            newlines = delayed(_count_newlines, pure=True)(fs, path, offset, size_limit)
            start = delayed(operator.add, pure=True)(start, newlines)
    lines: dask.bag.Bag = bag.from_delayed(parts)
    return lines


def _block_start(handle: Any, offset: int) -> int:
    """Where the block at ``offset`` begins: at the file's start, or after the first line
    break at or after ``offset`` (the line it cuts belongs to the block before)."""
    from fsspec.utils import seek_delimiter  # type: ignore[import-untyped]

    handle.seek(offset)
    if offset:
        seek_delimiter(handle, b"\n", 2**16)
    return int(handle.tell())


def _count_newlines(fs: Any, path: str, offset: int, length: int) -> int:
    """The line breaks of the block at ``offset``: of the lines that begin in it (after
    ``offset``, up to ``offset + length``), read a piece at a time."""
    count = 0
    with fs.open(path, "rb") as handle:
        position = _block_start(handle, offset)
        end = offset + length
        if position > end:  # a line from the block before runs through this one
            return 0
        read: Callable[[int], bytes] = handle.read
        while piece := read(2**20):
            if position + len(piece) > end:  # the block ends at the first break from `end`
                cut = piece.find(b"\n", max(end - position, 0))
                if cut >= 0:
                    return count + piece.count(b"\n", 0, cut + 1)
            count += piece.count(b"\n")
            position += len(piece)
    return count


def _read_block(
    fs: Any, path: str, offset: int, length: int | None, start: int, limit: int | None
) -> list[Line]:
    """The lines that begin in the block at ``offset`` (the whole file if ``length`` is
    None), numbered from ``start``, each read only up to ``limit``."""
    found = []
    with fs.open(path, "rb") as handle:
        position = _block_start(handle, offset)
        end = None if length is None else offset + length
        number = start
        try:
            for raw in _limits.bounded_lines(handle, limit):
                if end is not None and position > end:
                    break
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                text = raw.rstrip(b"\n").rstrip(b"\r")
                if text.strip():
                    found.append(Line(path, number, text))
                number += 1
                position = handle.tell()
        except ParseError as error:  # numbered from the block's first line: from the file's
            problems = [
                Problem(p.path, p.message, line=(p.line or 1) + start - 1, column=p.column)
                for p in error.problems
            ]
            raise ParseError(problems, source=path) from None
    return found


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


def run(
    lines: dask.bag.Bag, task: Task, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> dask.bag.Bag:
    """A bag of :class:`~provenance.batch.Result`: ``task`` run on every :class:`Line`.

    A line longer than ``max_bytes`` (16 MiB by default; ``None`` for no limit) is not read: its
    result is a failure, as in :func:`provenance.batch.run_lines`. Give :func:`read_jsonl` the
    same ``max_bytes``, so that the lines it cut are recognised here."""
    limit = _limits.check_limit(max_bytes)
    _require()
    results: dask.bag.Bag = lines.map_partitions(_run_partition, task, limit)  # type: ignore[no-untyped-call]
    return results


def _run_partition(lines: Iterable[Any], task: Task, limit: int | None) -> list[Result]:
    results = []
    for item in lines:
        try:
            source, number, text = item
        except (TypeError, ValueError):
            raise TypeError(
                f"expected Line(source, line, text) records from provenance.dask.read_jsonl, "
                f"got {type(item).__name__}"
            ) from None
        if limit is not None and len(text) > limit:
            results.append(Result.failure(number, source, _limits.too_large(limit)))
        else:
            results.append(task(text, line=number, source=source))
    return results


def validate(
    lines: dask.bag.Bag,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: Severity | str = Severity.ERROR,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dask.bag.Bag:
    """Validate every line: a bag of results with ``findings``, as ``provenance validate``;
    ``max_bytes`` as :func:`run`."""
    task = validate_task(select=select, ignore=ignore, fail_on=fail_on)
    return run(lines, task, max_bytes=max_bytes)


def convert(
    lines: dask.bag.Bag, to: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES, **options: Any
) -> dask.bag.Bag:
    """Convert every line to format ``to``: a bag of results with ``output`` and losses;
    ``max_bytes`` as :func:`run`."""
    return run(lines, convert_task(to, **options), max_bytes=max_bytes)


def badge(
    lines: dask.bag.Bag,
    *,
    format: str = "svg",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    **options: Any,
) -> dask.bag.Bag:
    """Make every line's badge: a bag of results with ``output`` in ``format`` (``svg``,
    ``endpoint``, ``markdown``, ``html``); ``options`` as :func:`provenance.batch.badge_task`,
    ``max_bytes`` as :func:`run`."""
    return run(lines, badge_task(format=format, **options), max_bytes=max_bytes)


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
