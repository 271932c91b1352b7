"""The ordered, bounded process pool and the progress line (provenance._parallel).

The functions sent to workers are builtins (abs, int, len): they pickle by reference under
every start method without importing this test module in the worker.
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

from provenance._parallel import Progress, WorkerDied, available_cpus, ordered_map


def failed(item: Any, error: BaseException) -> tuple[str, Any, str]:
    return ("failed", item, type(error).__name__)


class KillsItsWorker:
    """Unpickling this kills the process doing it, as a segfault or the OOM killer would."""

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return (os._exit, (13,))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_input_order(jobs: int) -> None:
    items = [(-1) ** i * i for i in range(200)]
    assert list(ordered_map(abs, items, jobs=jobs, on_failure=failed)) == [abs(i) for i in items]


def test_an_item_that_raises_gets_on_failure_and_the_rest_go_on() -> None:
    items = ["1", "2", "x", "4", "", "6"]
    got = list(ordered_map(int, items, jobs=2, on_failure=failed))
    assert got == [1, 2, ("failed", "x", "ValueError"), 4, ("failed", "", "ValueError"), 6]


def test_a_dying_worker_fails_only_the_item_that_kills_it() -> None:
    items: list[list[Any]] = [[i] * (i % 5) for i in range(30)]
    killer = [KillsItsWorker()]
    items[17] = killer
    got = list(ordered_map(len, items, jobs=2, on_failure=failed))
    assert got[:17] == [i % 5 for i in range(17)]
    assert got[17] == ("failed", killer, WorkerDied.__name__)
    assert got[18:] == [i % 5 for i in range(18, 30)]


def test_two_dying_workers_in_a_row() -> None:
    items: list[list[Any]] = [[0] * i for i in range(12)]
    items[3] = [KillsItsWorker()]
    items[4] = [KillsItsWorker()]
    got = list(ordered_map(len, items, jobs=2, on_failure=failed))
    assert [g if isinstance(g, int) else "x" for g in got] == [0, 1, 2, "x", "x", *range(5, 12)]


def test_spawned_workers() -> None:
    got = list(ordered_map(abs, range(-20, 0), jobs=2, on_failure=failed, context="spawn"))
    assert got == list(range(20, 0, -1))


class Counting:
    def __init__(self) -> None:
        self.read = 0

    def __iter__(self) -> Iterator[int]:
        for i in itertools.count():
            self.read += 1
            yield i


@pytest.mark.parametrize(("jobs", "in_flight"), [(1, None), (2, None), (2, 1), (2, 7)])
def test_items_are_read_only_as_results_are_taken(jobs: int, in_flight: int | None) -> None:
    source = Counting()
    results = ordered_map(abs, source, jobs=jobs, in_flight=in_flight, on_failure=failed)
    limit = 2 * jobs if in_flight is None else in_flight
    assert source.read == 0  # nothing is read before the first result is asked for
    taken = list(itertools.islice(results, 25))
    assert taken == list(range(25))
    assert source.read <= 25 + limit
    results.close()  # type: ignore[attr-defined]


def test_stopping_early_shuts_the_pool_down() -> None:
    results = ordered_map(abs, range(10_000), jobs=2, on_failure=failed)
    assert next(results) == 0
    results.close()  # type: ignore[attr-defined]
    with pytest.raises(StopIteration):
        next(results)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="jobs"):
        ordered_map(abs, [], jobs=0, on_failure=failed)
    with pytest.raises(ValueError, match="in_flight"):
        ordered_map(abs, [], jobs=1, in_flight=0, on_failure=failed)
    assert available_cpus() >= 1


# -- progress ----------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_redraws_in_place_at_most_once_per_interval() -> None:
    terminal, clock = FakeTerminal(), Clock()
    progress = Progress(terminal, interval=1.0, clock=clock)
    assert progress.active
    clock.now += 0.5
    progress.update(500)
    clock.now += 0.5  # within the interval: not redrawn
    progress.update(500, failed=3)
    clock.now += 1.0
    progress.update(1000)
    progress.close()
    frames = terminal.getvalue().split("\r")[1:]
    assert frames[0].rstrip() == "provenance: 500 lines, 1,000 lines/s"
    assert frames[1].rstrip() == "provenance: 2,000 lines, 3 failed, 1,000 lines/s"
    assert frames[-1] == "provenance: 2,000 lines, 3 failed, 1,000 lines/s\n"
    assert len(frames) == 3


def test_progress_pads_over_a_longer_previous_frame() -> None:
    terminal, clock = FakeTerminal(), Clock()
    progress = Progress(terminal, interval=0.0, clock=clock, unit="docs")
    clock.now += 1
    progress.update(10_000)
    clock.now += 99
    progress.update(1)
    first, second = terminal.getvalue().split("\r")[1:]
    assert len(second) >= len(first)
    assert second.startswith("provenance: 10,001 docs, 100 docs/s")


@pytest.mark.parametrize("stream", [io.StringIO(), None, object()])
def test_progress_is_silent_off_a_terminal(stream: Any) -> None:
    progress = Progress(stream)
    progress.update(10, failed=1)
    progress.close()
    assert not progress.active
    assert progress.done == 10
    if isinstance(stream, io.StringIO):
        assert stream.getvalue() == ""


def test_progress_that_never_drew_writes_nothing_on_close() -> None:
    terminal = FakeTerminal()
    Progress(terminal).close()
    assert terminal.getvalue() == ""


def test_progress_shows_the_share_done_and_the_time_left_when_the_size_is_known() -> None:
    terminal, clock = FakeTerminal(), Clock()
    read = [0]
    progress = Progress(
        terminal, interval=0.0, clock=clock, total=2 * 2**20, position=lambda: read[0]
    )
    clock.now += 2.0
    read[0] = 2**20 // 5  # 10% in 2 s: 18 s to go
    progress.update(1000)
    clock.now += 2.0
    read[0] = 2 * 2**20
    progress.update(1000)
    first, second = terminal.getvalue().split("\r")[1:]
    assert first.rstrip() == "provenance: 1,000 lines, 10% of 2 MiB, 500 lines/s, 0:18 left"
    assert second.rstrip() == "provenance: 2,000 lines, 100% of 2 MiB, 500 lines/s"


def test_progress_time_left_in_hours() -> None:
    terminal, clock = FakeTerminal(), Clock()
    progress = Progress(terminal, interval=0.0, clock=clock, total=1000, position=lambda: 1)
    clock.now += 10.0
    progress.update(1)
    assert terminal.getvalue().rstrip().endswith("0% of 1000 bytes, 0 lines/s, 2:46:30 left")
