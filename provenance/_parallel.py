"""An ordered, bounded process pool, and a tiny progress line for terminals.

Private machinery of :mod:`provenance.batch`. :func:`ordered_map` applies a picklable function
to items in worker processes and yields the results in input order, keeping at most
``in_flight`` items submitted at once, so memory stays flat however long the input is. An item
that raises, or whose worker dies (a segfault, ``os._exit``, ``kill -9``, the OOM killer),
becomes a result made by ``on_failure`` for that item, never a hung or dead pipeline.

Items here are *chunks* of lines: pickling one chunk of a few hundred lines costs about what
pickling one line does, so chunking amortizes the round trip to the worker.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: its workers share one queue and a
manager thread, so when one dies every item in flight fails with it, nobody knows which worker
held which item, and an interrupt arriving while the manager thread is busy can leave the
parent waiting on a lock for ever. Here each worker has its own pipe and holds one item at a
time, the parent has no thread, and it always knows what each worker holds: a dead worker
fails exactly its item, and stopping is killing and reaping the workers, which cannot hang.

Signals: workers ignore SIGINT (Ctrl-C reaches the whole process group; the parent decides
what happens) and take SIGTERM's default action, so a parent's Python handler never runs in a
worker. While a worker starts, SIGINT and SIGTERM are blocked in the parent, so an interrupt
never falls between the fork and the parent knowing the worker (which would leave an orphan).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import connection
from typing import IO, Any, Generic, TypeVar, cast

__all__ = ["Progress", "WorkerDied", "available_cpus", "ordered_map"]

_T = TypeVar("_T")
_R = TypeVar("_R")

_STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class WorkerDied(Exception):
    """The worker process holding an item ended before returning its result."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        if exitcode is not None and exitcode < 0:
            try:
                name = signal.Signals(-exitcode).name
            except ValueError:
                name = f"signal {-exitcode}"
            how = f"was killed by {name}"
            if -exitcode == signal.SIGKILL:
                how += " (by another process, or by the system when memory ran out)"
        elif exitcode is None:
            how = "stopped answering"
        else:
            how = f"exited with status {exitcode}"
        super().__init__(f"the worker process {how}")


def ordered_map(
    fn: Callable[[_T], _R],
    items: Iterable[_T],
    *,
    jobs: int,
    on_failure: Callable[[_T, BaseException], _R],
    in_flight: int | None = None,
    context: str | None = None,
) -> Iterator[_R]:
    """Yield ``fn(item)`` for each item, in input order, computed by ``jobs`` processes.

    ``fn`` and the items must pickle (a top-level function, or a ``functools.partial`` of one):
    that is what makes the pool safe under every start method, ``spawn`` included. At most
    ``in_flight`` items (default ``2 * jobs``) are read ahead of the results taken, and
    ``items`` is read only as results are taken. ``context`` is a multiprocessing start method
    (``"spawn"``, ``"forkserver"``, ``"fork"``); ``None`` takes the platform's default.

    An item whose ``fn`` raises, that cannot be sent to a worker, or whose worker dies gives
    ``on_failure(item, error)`` (for a dead worker the error is a :class:`WorkerDied` saying
    how it ended); a new worker takes the dead one's place, and no other item is affected.
    However the generator ends (exhausted, closed early, or an exception such as
    ``KeyboardInterrupt`` raised while it waits), no worker outlives it: idle workers are told
    to stop, busy ones are killed, and all are reaped.

    >>> list(ordered_map(abs, [3, -1, -4], jobs=2, on_failure=lambda item, error: None))
    [3, 1, 4]
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    limit = 2 * jobs if in_flight is None else in_flight
    if limit < 1:
        raise ValueError(f"in_flight must be at least 1, got {limit}")
    return _ordered_map(fn, iter(items), jobs, on_failure, limit, context)


class _Slot(Generic[_T, _R]):
    """One item on its way through the pool, in input order."""

    __slots__ = ("done", "item", "result")

    def __init__(self, item: _T) -> None:
        self.item = item
        self.done = False
        self.result: _R | None = None


def _ordered_map(
    fn: Callable[[_T], _R],
    items: Iterator[_T],
    jobs: int,
    on_failure: Callable[[_T, BaseException], _R],
    limit: int,
    context: str | None,
) -> Iterator[_R]:
    window: deque[_Slot[_T, _R]] = deque()  # read, not yet yielded, in input order
    waiting: deque[_Slot[_T, _R]] = deque()  # read, not yet sent to a worker
    pool: _Pool[_T, _R] = _Pool(fn, jobs, on_failure, context)
    exhausted = False
    try:
        while True:
            while not exhausted and len(window) < limit:
                try:
                    slot: _Slot[_T, _R] = _Slot(next(items))
                except StopIteration:
                    exhausted = True
                    break
                window.append(slot)
                waiting.append(slot)
            pool.dispatch(waiting)
            if not window:
                return
            if window[0].done:
                yield cast(_R, window.popleft().result)
                continue
            pool.wait()
    finally:
        pool.close()


class _Worker:
    __slots__ = ("conn", "process", "served", "slot")

    def __init__(self, process: Any, conn: connection.Connection) -> None:
        self.process = process
        self.conn = conn
        self.slot: _Slot[Any, Any] | None = None
        self.served = 0


class _Pool(Generic[_T, _R]):
    """Up to ``jobs`` workers, each with its own pipe, each holding at most one item."""

    def __init__(
        self,
        fn: Callable[[_T], _R],
        jobs: int,
        on_failure: Callable[[_T, BaseException], _R],
        context: str | None,
    ) -> None:
        self.fn = fn
        self.jobs = jobs
        self.on_failure = on_failure
        self.context = multiprocessing.get_context(context)
        self.workers: list[_Worker] = []

    def dispatch(self, waiting: deque[_Slot[_T, _R]]) -> None:
        """Send waiting items, oldest first, to idle workers (starting workers as needed)."""
        while waiting:
            worker = self._idle()
            if worker is None:
                return
            slot = waiting.popleft()
            try:
                worker.conn.send(slot.item)
            except OSError:
                # The worker died before it read the item. One that had served before was
                # killed while idle: the item was never its, so another worker takes it. One
                # that never served may not start at all: the item fails, not the loop.
                if worker.served:
                    waiting.appendleft(slot)
                else:
                    worker.slot = slot
                self._bury(worker)
            except Exception as error:  # the item does not pickle: nothing was sent
                self._finish(slot, self.on_failure(slot.item, error))
            else:
                worker.slot = slot

    def wait(self) -> None:
        """Wait until a busy worker returns a result or dies, and record what happened."""
        busy = [w for w in self.workers if w.slot is not None]
        ready = connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._collect(worker)

    def _collect(self, worker: _Worker) -> None:
        slot = worker.slot
        assert slot is not None
        try:
            if not worker.conn.poll():  # the process ended with nothing sent
                self._bury(worker)
                return
            ok, value = worker.conn.recv()
        except (OSError, EOFError):  # died while sending
            self._bury(worker)
            return
        except Exception as error:  # the result does not unpickle here
            ok, value = False, error
        worker.slot = None
        worker.served += 1
        self._finish(slot, value if ok else self.on_failure(slot.item, value))
        if not worker.process.is_alive():  # it answered, then died: it takes no more items
            self._bury(worker)

    def _finish(self, slot: _Slot[_T, _R], result: _R) -> None:
        slot.result = result
        slot.done = True

    def _bury(self, worker: _Worker) -> None:
        """A worker ended (or its pipe broke): reap it and fail the item it held."""
        self.workers.remove(worker)
        worker.conn.close()
        _reap(worker.process, kill=True)
        slot, worker.slot = worker.slot, None
        if slot is not None:
            self._finish(slot, self.on_failure(slot.item, WorkerDied(worker.process.exitcode)))

    def _idle(self) -> _Worker | None:
        for worker in self.workers:
            if worker.slot is None:
                return worker
        if len(self.workers) < self.jobs:
            return self._start()
        return None

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe(duplex=True)
        # Under fork the child gets a copy of every descriptor: it closes the parent's ends
        # (its own and the other workers'), so that each pipe ends when its parent does.
        forked = self.context.get_start_method() == "fork"
        inherited = [w.conn.fileno() for w in self.workers] + [ours.fileno()] if forked else []
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(self.fn, theirs, inherited), daemon=True
        )
        with _signals_blocked():
            process.start()
            worker = _Worker(process, ours)
            self.workers.append(worker)
        theirs.close()
        return worker

    def close(self) -> None:
        """Stop every worker: idle ones are told to, busy ones killed; reap them all."""
        with _signals_blocked():
            workers, self.workers = self.workers, []
            for worker in workers:
                busy = worker.slot is not None
                if not busy:
                    with contextlib.suppress(OSError):
                        worker.conn.send(None)
                worker.conn.close()
                if busy:
                    worker.process.kill()
            for worker in workers:
                _reap(worker.process, kill=True)


def _reap(process: Any, *, kill: bool) -> None:
    """Wait for a worker to end (killing it if it lingers), so it leaves no zombie."""
    process.join(5.0)
    if process.is_alive() and kill:
        process.kill()
        process.join()


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM wait (and then arrive) until the block ends, where the platform can."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _serve(fn: Callable[[Any], Any], conn: connection.Connection, inherited: list[int]) -> None:
    """A worker: take items from the pipe until told to stop (``None``) or the pipe ends."""
    # What the worker inherits (a forked copy of the parent's heap) is no business of its
    # collector: left in, every collection would walk all of it, writing to each object and
    # so copying every page the parent shares (the cost of the work, again, at a few
    # thousand lines). Frozen, the collector sees only what the worker makes.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for descriptor in inherited:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            answer: tuple[bool, Any] = (True, fn(item))
        except Exception as error:
            answer = (False, error)
        try:
            conn.send(answer)
        except OSError:
            return
        except Exception as error:  # the result or the error does not pickle
            conn.send((False, RuntimeError(f"the result cannot be sent back: {error}")))


class Progress:
    """A one-line progress report on a terminal, redrawn in place; silent anywhere else.

    It draws only when ``stream.isatty()``, so logs and pipes stay clean. Redraws are at most
    one per ``interval`` seconds, and :meth:`close` draws the final count and ends the line.
    """

    def __init__(
        self,
        stream: IO[str] | None,
        *,
        unit: str = "lines",
        interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
        total: int | None = None,
        position: Callable[[], int] | None = None,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream if stream is not None and isatty is not None and isatty() else None
        self.unit = unit
        self.interval = interval
        self.clock = clock
        self.done = 0
        self.failed = 0
        self.started = clock()
        self._drawn_at: float | None = None
        self._width = 0
        # The input's size in bytes and how far it has been read, when known (a regular file):
        # then the line shows how much is done and the time left.
        self.total = total if total else None
        self.position = position

    @property
    def active(self) -> bool:
        """Whether anything is drawn (the stream is a terminal)."""
        return self.stream is not None

    def update(self, done: int, failed: int = 0) -> None:
        """Count ``done`` more items, ``failed`` of them failing; redraw if it is time."""
        self.done += done
        self.failed += failed
        if self.stream is None:
            return
        now = self.clock()
        if self._drawn_at is None or now - self._drawn_at >= self.interval:
            self._draw(now)

    def close(self) -> None:
        """Draw the final figures and end the line (nothing if nothing was ever drawn)."""
        if self.stream is None or self._drawn_at is None:
            return
        self._draw(self.clock())
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, now: float) -> None:
        assert self.stream is not None
        self._drawn_at = now
        elapsed = now - self.started
        rate = f", {self.done / elapsed:,.0f} {self.unit}/s" if elapsed > 0 else ""
        failed = f", {self.failed:,} failed" if self.failed else ""
        text = f"provenance: {self.done:,} {self.unit}{failed}{self._share(elapsed)}{rate}"
        if self.total is not None and self.position is not None:
            text += self._left(elapsed)
        padding = " " * max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()

    def _fraction(self) -> float | None:
        if self.total is None or self.position is None:
            return None
        try:
            return min(1.0, max(0.0, self.position() / self.total))
        except (OSError, ValueError):  # the input was closed meanwhile
            return None

    def _share(self, elapsed: float) -> str:
        """``, 40% of 254 MiB`` when the input's size is known, else nothing."""
        fraction = self._fraction()
        if fraction is None or self.total is None:
            return ""
        from provenance._limits import describe

        return f", {fraction:.0%} of {describe(self.total)}"

    def _left(self, elapsed: float) -> str:
        """``, 0:15 left``: the time the rest takes at the rate so far (once there is one)."""
        fraction = self._fraction()
        if fraction is None or not 0 < fraction < 1 or elapsed <= 0:
            return ""
        seconds = round(elapsed * (1 - fraction) / fraction)
        hours, rest = divmod(seconds, 3600)
        clock = (
            f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
            if hours
            else f"{rest // 60}:{rest % 60:02d}"
        )
        return f", {clock} left"
