"""The command line's process: how it stops on a signal, and the streams it writes to.

Private to the command line. :func:`install` is called by :mod:`provenance.__main__`, then by
:func:`provenance.cli.main`; never by :func:`~provenance.cli.run`, which programs call in-process.

**Signals.** SIGINT (Ctrl-C), SIGTERM and SIGHUP raise :class:`Stopped`, a
:class:`KeyboardInterrupt` carrying the signal, so the work unwinds: a file being written is
removed (:func:`provenance._cli_io.atomic_writer`), worker processes are killed and reaped
(:mod:`provenance._parallel`), and the exit code is 128 + the signal's number (130 for SIGINT,
143 for SIGTERM, 129 for SIGHUP), as a shell reports a process killed by it. Only the first
signal raises: one arriving while the work unwinds is noted and ignored, so cleaning up is never
cut short (a stuck process still yields to SIGKILL).

**Whole lines.** A signal arriving while a line is being written waits until the write ends
(:class:`ConsoleStream`), so the output never ends in half a line; only a write blocked for
more than a second (a pipe whose reader has stopped reading) is cut, since a stop that never
comes is worse. The same wrapper turns a
failed write (a full disk, ``> /dev/full``) into :class:`OutputError`, a one-line message and
exit 2, and clears the progress line on a terminal before anything else is written there.
"""

from __future__ import annotations

import errno
import io
import signal
from typing import IO, Any, cast

__all__ = ["ConsoleStream", "OutputError", "Stopped", "install", "stop_code"]


class Stopped(KeyboardInterrupt):
    """A stop signal arrived: unwind, clean up, and exit with :attr:`exit_code`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class OutputError(Exception):
    """The output could not be written (not a closed pipe: a full disk, an I/O error)."""


class _State:
    deferring = 0  # > 0 while a write is under way
    pending: int | None = None  # the first stop signal received
    stopped = False  # Stopped has been raised: never again


_state = _State()
_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


_PATIENCE = 1.0  # seconds a write blocked on a full pipe may delay a stop signal


def install() -> None:
    """Make the stop signals raise :class:`Stopped` (in the main thread of the CLI process)."""
    _state.deferring, _state.pending, _state.stopped = 0, None, False
    for signum in _SIGNALS:
        # A signal the parent set to be ignored stays ignored: ``nohup`` ignores SIGHUP, a
        # shell ignores SIGINT for a job started with ``&``.
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _handler)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _impatient)


def stop_code() -> int | None:
    """The exit code a stop signal received so far asks for (``None``: none received)."""
    return None if _state.pending is None else 128 + _state.pending


def hold() -> None:
    """From now on a stop signal is only noted (the work is done; only the exit is left)."""
    _state.stopped = True


def _handler(signum: int, frame: Any) -> None:
    if _state.pending is None:
        _state.pending = signum
    if _state.stopped:
        return
    if not _state.deferring:
        _raise()
    elif hasattr(signal, "setitimer"):
        # A write blocked on a pipe nobody reads would hold the stop back for ever: after a
        # second, stop anyway (the line is cut, but a hang is worse).
        signal.setitimer(signal.ITIMER_REAL, _PATIENCE)


def _impatient(signum: int, frame: Any) -> None:
    if _state.pending is not None and not _state.stopped:
        _raise()


def _raise() -> None:
    assert _state.pending is not None
    _state.stopped = True
    raise Stopped(_state.pending)


class _Progress:
    """Whether a progress frame is drawn on the terminal, and how wide it is."""

    width = 0


class ConsoleStream(io.TextIOBase):
    """A text stream of the process (stdout, stderr) as the command line writes to it.

    - Each write ends before a stop signal is acted on (see the module's docstring).
    - A write that fails for any reason but a closed pipe raises :class:`OutputError`.
    - A write that begins with a carriage return and has no line break is a progress frame
      (:class:`provenance._parallel.Progress`); any other write to the terminal first erases
      a frame still shown, so the progress line never runs into a message or a result (a
      write beginning with a line break ends the frame's line instead, keeping it).
    """

    def __init__(self, stream: IO[str], name: str, progress: _Progress | None = None) -> None:
        super().__init__()
        self.stream = stream
        self.name = name
        isatty = getattr(stream, "isatty", None)
        self._tty = bool(isatty and isatty())
        self._progress = progress if progress is not None else _Progress()

    @classmethod
    def pair(cls, stdout: IO[str], stderr: IO[str]) -> tuple[IO[str], IO[str]]:
        """Wrappers of stdout and stderr sharing one progress line."""
        shared = _Progress()
        out = cls(stdout, "standard output", shared)
        err = cls(stderr, "standard error", shared)
        return cast("IO[str]", out), cast("IO[str]", err)

    def isatty(self) -> bool:
        return self._tty

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        frame = text.startswith("\r") and "\n" not in text
        _state.deferring += 1
        try:
            if self._tty and self._progress.width and not frame and text[:1] != "\n":
                self._guard(self.stream.write, "\r" + " " * self._progress.width + "\r")
                self._progress.width = 0
            written = self._guard(self.stream.write, text)
            if frame:
                self._progress.width = len(text) - 1
                self._guard(self.stream.flush)
            elif self._progress.width and text.endswith("\n"):
                self._progress.width = 0  # the progress line was ended
        finally:
            _state.deferring -= 1
        if _state.pending is not None and not _state.deferring and not _state.stopped:
            _raise()
        return int(written or 0)

    def flush(self) -> None:
        _state.deferring += 1
        try:
            self._guard(self.stream.flush)
        finally:
            _state.deferring -= 1
        if _state.pending is not None and not _state.deferring and not _state.stopped:
            _raise()

    def _guard(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise BrokenPipeError(*error.args) from None
            raise OutputError(f"cannot write to {self.name}: {error.strerror or error}") from None
