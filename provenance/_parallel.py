"""An ordered, bounded process pool, and a tiny progress line for terminals.

Private machinery of :mod:`provenance.batch`. :func:`ordered_map` applies a picklable function
to items in worker processes and yields the results in input order, keeping at most
``in_flight`` items submitted at once, so memory stays flat however long the input is. A worker
that dies (a segfault, ``os._exit``, the OOM killer) or an item that raises becomes a result
made by ``on_failure`` for that item, never a hung or dead pipeline.

Items here are *chunks* of lines: pickling one chunk of a few hundred lines costs about what
pickling one line does, so chunking amortizes the round trip to the worker.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import IO, TypeVar

__all__ = ["Progress", "available_cpus", "ordered_map"]

_T = TypeVar("_T")
_R = TypeVar("_R")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _pool(jobs: int, context: str | None) -> ProcessPoolExecutor:
    mp_context = multiprocessing.get_context(context)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context)


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
    ``in_flight`` items (default ``2 * jobs``) are submitted at once, and ``items`` is read
    only as they complete. ``context`` is a multiprocessing start method (``"spawn"``,
    ``"forkserver"``, ``"fork"``); ``None`` takes the platform's default.

    An item whose ``fn`` raises gives ``on_failure(item, error)``. When a worker dies the pool
    breaks and every item in flight fails with it; those items are then run again one at a
    time in a fresh one-worker pool, so only the item that kills its worker again gets
    ``on_failure``, and the others their real results. Then a new pool takes over.

    >>> list(ordered_map(abs, [3, -1, -4], jobs=2, on_failure=lambda item, error: None))
    [3, 1, 4]
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    limit = 2 * jobs if in_flight is None else in_flight
    if limit < 1:
        raise ValueError(f"in_flight must be at least 1, got {limit}")
    return _ordered_map(fn, iter(items), jobs, on_failure, limit, context)


def _ordered_map(
    fn: Callable[[_T], _R],
    items: Iterator[_T],
    jobs: int,
    on_failure: Callable[[_T, BaseException], _R],
    limit: int,
    context: str | None,
) -> Iterator[_R]:
    pending: deque[tuple[_T, Future[_R]]] = deque()
    executor = _pool(jobs, context)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, _submit(executor, fn, item)))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                # The pool is dead, and with it every future in flight. Finished ones keep their
                # results; the others are suspects, to be run again in isolation.
                suspects = [(item, future), *pending]
                pending.clear()
                executor.shutdown(wait=True, cancel_futures=True)
                yield from _isolate(fn, suspects, on_failure, context)
                executor = _pool(jobs, context)
                continue
            except Exception as error:
                result = on_failure(item, error)
            yield result
    finally:
        # Normal end, an error, or the consumer stopped early: cancel what has not started and
        # wait for what has (at most ``limit`` items), so no worker outlives the generator.
        executor.shutdown(wait=True, cancel_futures=True)


def _submit(executor: ProcessPoolExecutor, fn: Callable[[_T], _R], item: _T) -> Future[_R]:
    """Submit, or, when the pool has already broken, a future failed as the pool did."""
    try:
        return executor.submit(fn, item)
    except BrokenProcessPool as error:
        failed: Future[_R] = Future()
        failed.set_exception(error)
        return failed


def _isolate(
    fn: Callable[[_T], _R],
    suspects: list[tuple[_T, Future[_R]]],
    on_failure: Callable[[_T, BaseException], _R],
    context: str | None,
) -> Iterator[_R]:
    """Run the items of a broken pool again, one at a time, to find the one that breaks it."""
    executor: ProcessPoolExecutor | None = None
    try:
        for item, future in suspects:
            if future.done() and not future.cancelled() and future.exception() is None:
                yield future.result()
                continue
            if executor is None:
                executor = _pool(1, context)
            try:
                result = executor.submit(fn, item).result()
            except BrokenProcessPool as error:
                executor.shutdown(wait=True, cancel_futures=True)
                executor = None
                result = on_failure(item, error)
            except Exception as error:
                result = on_failure(item, error)
            yield result
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


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
        text = f"provenance: {self.done:,} {self.unit}{failed}{rate}"
        padding = " " * max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
