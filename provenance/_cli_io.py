"""What every command of the command line shares: streams, exit codes, atomic writes.

Private to the command line (``cli.py`` and the ``_cmd_*.py`` modules of each verb).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from provenance import formats
from provenance._arguments import MAX_INDENT as MAX_INDENT
from provenance._limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SOURCES,
    bounded_lines,
    read_bounded,
    too_large,
)
from provenance._parallel import Progress
from provenance._text_safety import visible
from provenance.errors import LossWarning, ProvenanceError
from provenance.model import Lineage

if TYPE_CHECKING:
    from provenance.batch import Result, Task

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class UsageError(Exception):
    """A usage problem; argparse's own exits are turned into this."""


# -- input and output -------------------------------------------------------------------------


class Streams:
    def __init__(self, stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> None:
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        # The exit code reached so far, for when the reader of the output goes away early.
        self.status = EXIT_OK
        # The most a document (a line, with --jsonl) may hold: --max-bytes.
        self.max_bytes: int | None = DEFAULT_MAX_BYTES
        self.max_sources: int | None = DEFAULT_MAX_SOURCES

    def read(self, name: str) -> bytes | str:
        """The whole content of a file, or of stdin for ``-``, up to ``max_bytes``.

        Raises :class:`Unreadable` for a file that cannot be read or is over the limit (found
        without reading past it: ``/dev/zero`` costs the limit, not all the memory).
        """
        if name == "-":
            buffer = getattr(self.stdin, "buffer", None)
            content, cut = read_bounded(buffer or self.stdin, self.max_bytes)
        else:
            try:
                with open(name, "rb") as handle:
                    content, cut = read_bounded(handle, self.max_bytes)
            except OSError as error:
                raise Unreadable(f"{name}: cannot read: {error.strerror or error}") from None
        if cut:
            assert self.max_bytes is not None
            raise Unreadable(f"{display_name(name)}: {too_large(self.max_bytes)}")
        return cast("bytes | str", content)

    def lines(self, name: str) -> Iterable[bytes | str]:
        """The lines of a file or stdin, one at a time (memory stays flat), each read only up
        to ``max_bytes`` (:func:`provenance.batch.read_lines`).

        The file is opened now, so a missing file is reported before any work starts.
        """
        if name == "-":
            buffer = getattr(self.stdin, "buffer", None)
            stream = buffer or self.stdin
            lines = bounded_lines(stream, self.max_bytes, source="<stdin>")
            return _Lines(stream, lines)
        try:
            handle = open(name, "rb")  # noqa: SIM115 - closed by _closing, after streaming
        except OSError as error:
            raise Unreadable(f"{name}: cannot read: {error.strerror or error}") from None
        return _Lines(handle, _closing(handle, self.max_bytes, name))

    def progress(self, lines: Iterable[bytes | str]) -> Progress:
        """The progress line on stderr for reading ``lines`` (from :meth:`lines`): with a
        share done and the time left when the input is a regular file of known size."""
        if isinstance(lines, _Lines):
            return Progress(self.stderr, total=lines.size, position=lines.position)
        return Progress(self.stderr)

    def error(self, message: str) -> None:
        # Messages quote user data (a medium, an extension's key, a file name): its control
        # and bidi characters are shown as escapes, never sent to the terminal.
        shown = "\n".join(map(visible, message.split("\n")))
        self.stderr.write(f"provenance: {shown}\n")


class Unreadable(Exception):
    pass


def expect_input(streams: Streams, verb: str, what: str) -> None:
    """Refuse to wait on a terminal for input the user did not name: ``provenance validate``
    alone would otherwise sit silent until Ctrl-D. ``what`` says what to give instead."""
    isatty = getattr(streams.stdin, "isatty", None)
    if isatty is not None and isatty():
        raise UsageError(f"provenance {verb}: error: {what}")


class _Lines:
    """The lines of an input, and its size and how far it has been read, where known."""

    def __init__(self, stream: IO[Any], lines: Iterator[Any]) -> None:
        self._stream = stream
        self._lines = lines
        try:
            found = os.fstat(stream.fileno())
            self.size: int | None = found.st_size if stat.S_ISREG(found.st_mode) else None
        except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
            self.size = None

    def __iter__(self) -> Iterator[Any]:
        return self._lines

    def position(self) -> int:
        return int(self._stream.tell())


def _closing(handle: IO[bytes], max_bytes: int | None, name: str) -> Iterator[bytes]:
    with handle:
        yield from bounded_lines(handle, max_bytes, source=name)


def summarize(
    streams: Streams, count: int, past: str, details: str = "", unusable: int = 0
) -> None:
    """The last line on stderr of a run over many documents, the same shape for every verb:
    ``3 documents converted; 1 could not be read``, ``1 document checked: no findings``."""
    text = f"{count} {'document' if count == 1 else 'documents'} {past}"
    if details:
        text += f": {details}"
    if unusable:
        text += f"; {unusable} could not be read"
    streams.stderr.write(text + "\n")


def display_name(name: str) -> str:
    return "<stdin>" if name == "-" else name


def write_atomic(path: str, text: str, *, follow_symlinks: bool = True) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    with atomic_writer(path, follow_symlinks=follow_symlinks) as stream:
        stream.write(text)


@contextlib.contextmanager
def atomic_writer(path: str, *, follow_symlinks: bool = True) -> Iterator[IO[str]]:
    """A text stream whose file appears at ``path`` only if the block finishes without error.

    For a regular file (or a new one): a temporary file beside it takes the text, then
    replaces it in one rename, keeping an existing file's permissions (a new file gets
    ``0666`` less the umask, as a shell redirection would). A symbolic link is followed, so the
    file it points to is replaced and the link stays. Anything else (a FIFO, a terminal,
    ``/dev/stdout``, a process substitution) cannot be replaced and is written to directly.

    With ``follow_symlinks=False`` (files a command names itself inside a directory), whatever
    sits at ``path``, a symbolic link or a FIFO included, is replaced by the new file and never
    followed or opened, so the write cannot land outside the directory.
    """
    try:
        found: os.stat_result | None = os.stat(path) if follow_symlinks else os.lstat(path)
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if follow_symlinks:
            with open(path, "w", encoding="utf-8", newline="\n") as direct:
                yield direct
            return
        found = None  # a link, FIFO or device entry: the rename below replaces the entry
    target = os.path.realpath(path) if follow_symlinks else path
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
    import tempfile  # here, not at start-up: only a command writing a file needs it

    directory = os.path.dirname(target)
    _remove_stale(directory)
    handle, temp = tempfile.mkstemp(prefix=_temp_prefix(), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


# Temporary files are named ``.provenance-HOST-PID-XXXXXXXX.tmp``: recognisable, and telling
# which process on which machine writes them. One left by a process that no longer runs (killed
# by SIGKILL, or by a power cut, before it could remove its file) is removed by the next write
# to the same directory from the same machine; a live process's file, or another machine's on
# a shared file system, is never touched.
_STALE = re.compile(r"\.provenance-(?P<host>[A-Za-z0-9]*)-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp\Z")
_swept: set[str] = set()


def _host() -> str:
    import socket

    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32]


def _temp_prefix() -> str:
    return f".provenance-{_host()}-{os.getpid()}-"


def _remove_stale(directory: str) -> None:
    """Remove the temporary files this machine's dead processes left in ``directory`` (once
    per directory and process: a thousand badges into one directory scan it once)."""
    if directory in _swept or os.name != "posix":  # os.kill(pid, 0) is POSIX's probe only
        return
    _swept.add(directory)
    host = _host()
    try:
        names = os.listdir(directory or ".")
    except OSError:
        return
    for name in names:
        found = _STALE.match(name)
        if found is None or found["host"] != host or _alive(int(found["pid"])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as another user's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load_lineage(
    streams: Streams, name: str, source_format: str = "native", *, quiet: bool = False
) -> Lineage:
    module = formats.get(source_format)
    if not hasattr(module, "loads"):
        raise ProvenanceError(
            f"format {source_format!r} cannot be read; readable: {', '.join(formats.readable())}"
        )
    content = streams.read(name)
    # Reading a foreign format may drop what it cannot use (an unreadable date): say so as an
    # export does, on stderr, not as a Python warning line.
    lineage: Lineage = report_losses(
        streams,
        lambda: module.loads(content, source=display_name(name), max_sources=streams.max_sources),
        quiet=quiet,
    )
    return lineage


def emit(streams: Streams, output: str | None, text: str) -> None:
    """Write ``text`` to ``-o`` OUT (whole or not at all) or, without one, to stdout."""
    with output_stream(streams, output) as out:
        out.write(text)


@contextlib.contextmanager
def output_stream(streams: Streams, output: str | None) -> Iterator[IO[str]]:
    """Where a command's output goes: stdout, or a file at ``output`` that appears only whole
    (:func:`atomic_writer`); a file that cannot be written is a located :class:`Unreadable`."""
    if output is None or output == "-":
        yield streams.stdout
        return
    try:
        with atomic_writer(output) as out:
            yield out
    except OSError as error:
        raise Unreadable(f"{output}: cannot write: {error.strerror or error}") from None


_T = TypeVar("_T")


@contextlib.contextmanager
def batch_results(
    streams: Streams, task: Task, name: str, *, jobs: int
) -> Iterator[Iterator[Result]]:
    """Run ``task`` on each line of ``name`` (``--jsonl``, ``--jobs``), with the progress line
    and ``--max-bytes``; yield the results as they come, in order.

    Each result raises ``streams.status`` to its exit code as it passes (so a reader that leaves
    early, ``| head``, still sees the failures before it), and the run is closed when the block
    ends, however it ends: the worker processes stop at once on an interrupt or a closed pipe,
    not when the garbage collector gets to them.
    """
    from provenance import batch

    lines = streams.lines(name)
    results = batch.run_lines(
        task,
        lines,
        jobs=jobs,
        source=display_name(name),
        progress=streams.progress(lines),
        max_bytes=streams.max_bytes,
    )

    def track() -> Iterator[Result]:
        for result in results:
            streams.status = max(streams.status, result.exit_code)
            yield result

    try:
        yield track()
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def report_losses(streams: Streams, work: Callable[[], _T], *, quiet: bool = False) -> _T:
    """Run an export and print each :class:`~provenance.LossWarning` it raised to stderr.

    Nothing is dropped silently: a format that cannot hold part of a lineage says what it
    dropped, and the command line passes that on, unless ``quiet`` (``-q``) asks it not to.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        result = work()
    for warning in caught:
        if issubclass(warning.category, LossWarning):
            if not quiet:
                streams.error(f"warning: {warning.message}")
        else:  # pragma: no cover - other warnings pass through unchanged
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return result


def add_output_option(
    parser: argparse.ArgumentParser,
    description: str = "write here (whole or not at all) instead of standard output",
) -> None:
    """``-o/--output OUT``, the same on every verb that writes a document; ``-`` is stdout."""
    parser.add_argument("-o", "--output", metavar="OUT", default=None, help=description)


def add_quiet_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print what the output format cannot hold (loss warnings)",
    )


def add_jobs_option(parser: argparse.ArgumentParser, when: str = "with --jsonl") -> None:
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help=f"{when}: worker processes (default 1; 0 = one per CPU); output keeps the input order",
    )


def indent(text: str) -> int:
    """An argparse type: ``--indent N``, N from 0 (compact) to :data:`MAX_INDENT`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_INDENT:
        raise argparse.ArgumentTypeError(
            f"{value} spaces is out of range: give 0 (compact) to {MAX_INDENT}"
        )
    return value


_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def add_max_bytes_option(parser: argparse.ArgumentParser) -> None:
    """``--max-bytes N``: the limit per document (per line with ``--jsonl``)."""
    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse a document (with --jsonl: a line) larger than N bytes; K, M, G suffixes "
        f"(default: {DEFAULT_MAX_BYTES // 2**20}M; see docs/limits.md)",
    )


def add_max_sources_option(parser: argparse.ArgumentParser) -> None:
    """``--max-sources N``: the limit of sources per derivation, for a verb that reads
    lineages."""
    parser.add_argument(
        "--max-sources",
        type=_count,
        default=DEFAULT_MAX_SOURCES,
        metavar="N",
        help=f"refuse a document in which one derivation has more than N sources "
        f"(default: {DEFAULT_MAX_SOURCES}; see docs/limits.md)",
    )


def _count(text: str) -> int:
    return _whole(text, 1, "give at least 1")


def _size(text: str) -> int:
    number = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = number[-1:] if number[-1:] in _UNITS else ""
    try:
        value = int(float(number.removesuffix(unit)) * _UNITS[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: give bytes, or a number with K, M or G (64M)"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError("give a size of at least 1 byte")
    return value


def _jobs(text: str) -> int:
    return _whole(text, 0, "give 0 (one per CPU) or more")


def _whole(text: str, least: int, hint: str) -> int:
    """An argparse value: a whole number of at least ``least``; ``hint`` says what to give."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < least:
        raise argparse.ArgumentTypeError(hint)
    return value


def check_jobs(args: argparse.Namespace, verb: str) -> None:
    if args.jobs != 1 and not args.jsonl:
        raise UsageError(f"provenance {verb}: error: --jobs goes with --jsonl")
