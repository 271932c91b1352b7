"""Where the command line's output goes wrong: a full disk, a reader that leaves early, and a
progress line sharing the terminal with messages (provenance._cli_console)."""

from __future__ import annotations

import errno
import io
import os
import pathlib
import subprocess
import sys

import pytest

from provenance import cli
from provenance._cli_console import ConsoleStream

from .test_cli import SEED

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "argv",
    [
        ["example"],
        ["validate", "-", "--format", "json"],
        ["convert", "-", "--to", "prov-json"],
        ["convert", "--jsonl", "-", "--to", "native"],
        ["badge", "-"],
        ["show", "-"],
        ["credit", "-"],
        ["extract", "Translated from Persian by Ali"],
    ],
)
def test_a_full_disk_is_one_line_and_exit_2(argv: list[str]) -> None:
    err = io.StringIO()
    code = cli.run(argv, stdin=io.StringIO(SEED), stdout=FullDisk(), stderr=err)
    assert code == 2
    assert err.getvalue().endswith(
        "provenance: cannot write to standard output: No space left on device\n"
    )
    assert "Traceback" not in err.getvalue()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_in_a_real_process() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "example"],
            stdout=full,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "provenance: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.parametrize(
    "verb",
    [["convert", "--to", "native"], ["badge", "--format", "endpoint"], ["extract"]],
)
def test_a_reader_that_leaves_early_still_sees_earlier_failures(
    verb: list[str], tmp_path: pathlib.Path
) -> None:
    """``| head -1``: the second line was broken, the pipe closes after the first output
    line; the exit code still says a line failed (it was 0)."""
    if verb[0] == "extract":
        good, bad = '{"text": "Translated by Ali", "page_language": "en"}', '{"text": 3}'
    else:
        good, bad = SEED, '{"format": "provenance/1"'
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good, bad] + [good] * 20_000) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "provenance", verb[0], "--jsonl"]
    command += ["--file", str(path)] if verb[0] == "extract" else [str(path)]
    process = subprocess.Popen(
        command + verb[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.readline()
    process.stdout.close()  # the reader leaves, as head does
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 2
    assert b"Traceback" not in err
    assert b":2: " in err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_message_first_clears_the_progress_line() -> None:
    terminal = Terminal()
    out, err = ConsoleStream.pair(terminal, terminal)
    err.write("\rprovenance: 500 lines")
    err.write("in.jsonl:3: broken\n")
    out.write('{"a": 1}\n')
    err.write("\rprovenance: 1,000 lines")
    err.write("\n")
    out.write("end\n")
    assert terminal.getvalue() == (
        "\rprovenance: 500 lines"
        "\r" + " " * 21 + "\r"
        "in.jsonl:3: broken\n"
        '{"a": 1}\n'
        "\rprovenance: 1,000 lines\n"
        "end\n"
    )


def test_off_a_terminal_nothing_is_cleared() -> None:
    log = io.StringIO()
    out, err = ConsoleStream.pair(log, log)
    err.write("message\n")
    out.write("line\n")
    assert log.getvalue() == "message\nline\n"


def test_the_progress_of_a_file_knows_its_size(tmp_path: pathlib.Path) -> None:
    from provenance._cli_io import Streams

    path = tmp_path / "in.jsonl"
    path.write_text((SEED + "\n") * 3, encoding="utf-8")
    streams = Streams(io.StringIO(), io.StringIO(), Terminal())
    lines = streams.lines(str(path))
    progress = streams.progress(lines)
    assert progress.total == path.stat().st_size
    iterator = iter(lines)
    next(iterator)
    assert progress.position is not None
    assert 0 < progress.position() <= path.stat().st_size
    assert streams.progress(iter([b"{}"])).total is None  # not a file: no total
    assert streams.progress(streams.lines("-")).total is None  # a StringIO stdin
    list(iterator)


def test_a_killed_run_leaves_a_recognisable_temporary_file_the_next_run_removes(
    tmp_path: pathlib.Path,
) -> None:
    import signal
    import socket
    import time

    from provenance._cli_io import write_atomic

    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text((SEED + "\n") * 20_000, encoding="utf-8")
    command = [sys.executable, "-m", "provenance", "convert", "--jsonl", str(source)]
    process = subprocess.Popen([*command, "--to", "prov-o", "-o", str(out)], env=ENV)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".provenance-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # no chance to clean up
    process.wait(timeout=60)
    (left,) = tmp_path.glob(".provenance-*.tmp")
    host = "".join(ch for ch in socket.gethostname() if ch.isascii() and ch.isalnum())[:32]
    assert left.name.startswith(f".provenance-{host}-{process.pid}-")
    assert not out.exists()
    live = tmp_path / f".provenance-{host}-{os.getpid()}-abc.tmp"  # a running writer's
    elsewhere = tmp_path / ".provenance-otherhost-1-abc.tmp"  # another machine's
    live.write_text("x")
    elsewhere.write_text("x")
    write_atomic(str(tmp_path / "next.txt"), "next\n")
    assert not left.exists()
    assert live.exists()
    assert elsewhere.exists()
    assert (tmp_path / "next.txt").read_text() == "next\n"
