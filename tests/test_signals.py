"""Real signals sent to a real ``provenance … --jsonl --jobs 2`` at random moments.

Each trial starts the command line as a subprocess in its own session (so no stray signal ever
reaches pytest), sends one signal at a random moment, and checks what a user relies on: a
prompt exit with the right code (130 for SIGINT, 143 for SIGTERM, 2 when a worker is killed),
no traceback, no process of the session left behind (orphan or zombie), and an output made of
whole lines only. A trial that hangs fails on its timeout instead of hanging the suite.

The same trials run many more times from the command line, as a stress test::

    python tests/test_signals.py --trials 200        # prints a tally; exits 1 on any failure
    python tests/test_signals.py --trials 200 --startup   # signals while the command starts
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

psutil = pytest.importorskip("psutil") if __name__ != "__main__" else __import__("psutil")

from provenance import examples  # noqa: E402 - after the skip
from provenance.formats import native  # noqa: E402

LINES = 8_000  # a killed worker's run goes on to the end: short enough to finish quickly
LONG = 40_000  # a run stopped by a signal ends there: long enough to be mid-run on any machine
TIMEOUT = 30.0  # a trial that has not ended by then has hung
ROOT = pathlib.Path(__file__).resolve().parent.parent


def write_corpus(path: pathlib.Path, lines: int = LINES) -> None:
    seed = native.dumps(examples.get("shafaqna"))
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            out.write(seed.replace("en-article", f"en-article-{number}") + "\n")


def session_processes(sid: int) -> list[int]:
    """The processes (zombies included) still in session ``sid``."""
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == sid:
                found.append(process.pid)
        except (ProcessLookupError, PermissionError):
            continue
    return found


def trial(
    corpora: dict[int, pathlib.Path], work: pathlib.Path, how: str, verb: str, delay: float
) -> str:
    """Run one trial; return "" if everything held, else what went wrong."""
    lines = LINES if how == "kill-worker" else LONG
    corpus = corpora[lines]
    out, err = work / "out.jsonl", work / "err.txt"
    argv = [sys.executable, "-m", "provenance", verb, "--jsonl", str(corpus), "--jobs", "2"]
    argv += ["--to", "native"] if verb == "convert" else ["--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            argv, stdout=stdout, stderr=stderr, start_new_session=True, env=env
        )
        sid = process.pid
        killed_worker = False
        try:
            # From the moment the first worker exists: the command line is running (a signal
            # while the interpreter itself starts is Python's, not ours: see docs/limits.md).
            children: list[psutil.Process] = []
            for _ in range(1000):
                children = psutil.Process(process.pid).children()
                if children or process.poll() is not None:
                    break
                time.sleep(0.01)
            time.sleep(delay)
            if how == "kill-worker":
                children = psutil.Process(process.pid).children()
                if children:
                    random.choice(children).send_signal(signal.SIGKILL)
                    killed_worker = True
            elif how == "int-group":
                os.killpg(sid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
            else:
                process.send_signal(signal.SIGINT if how == "int" else signal.SIGTERM)
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(sid, signal.SIGKILL)
            process.wait()
            return f"hung for {TIMEOUT:.0f} s"
        except (ProcessLookupError, psutil.NoSuchProcess):
            code = process.wait(timeout=TIMEOUT)
    problems = []
    for _ in range(100):  # the session empties as soon as the workers see their pipes close
        left = session_processes(sid)
        if not left:
            break
        time.sleep(0.05)
    else:
        problems.append(f"processes left behind: {left}")
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    stderr_text = err.read_text(encoding="utf-8", errors="replace")
    if "Traceback" in stderr_text:
        problems.append("a traceback on stderr:\n" + stderr_text[-2000:])
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        problems.append(f"the output ends in half a line: {data[-80:]!r}")
    for number, line in enumerate(data.splitlines(), 1):
        try:
            json.loads(line)
        except ValueError:
            problems.append(f"output line {number} is not whole JSON: {line[:80]!r}")
            break
    finished = data.count(b"\n") == lines
    expected = {"int": 130, "int-group": 130, "term": 143, "kill-worker": 2}[how]
    if how == "kill-worker":
        lost = "were lost: the worker process was killed by SIGKILL" in stderr_text
        if killed_worker and not finished:
            problems.append("the output misses lines: every line needs a result or a null")
        if code == 2 and not lost:
            problems.append("exit 2 without a message naming the lost lines")
        if code not in (0, 2) or (code == 0 and lost):
            problems.append(f"exit {code}, expected 2 (or 0 when no line was lost)")
    elif code != expected and not (code == 0 and finished):
        problems.append(f"exit {code}, expected {expected}")
    return "\n".join(problems)


def write_corpora(directory: pathlib.Path) -> dict[int, pathlib.Path]:
    corpora = {}
    for lines in (LINES, LONG):
        corpora[lines] = directory / f"in-{lines}.jsonl"
        write_corpus(corpora[lines], lines)
    return corpora


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[int, pathlib.Path]:
    return write_corpora(tmp_path_factory.mktemp("signals"))


def plan(seed: int, count: int) -> Iterator[tuple[str, str, float]]:
    """``count`` trials: each kind of signal, both verbs, moments from the first worker's start
    to mid-run."""
    rng = random.Random(seed)
    kinds = ("int-group", "int", "term", "kill-worker")
    for number in range(count):
        how = kinds[number % len(kinds)]
        verb = "convert" if number % 2 else "validate"
        late = 0.3 if how == "kill-worker" else 1.2  # a short run must still be running
        delay = rng.choice((0.0, rng.uniform(0.0, 0.1), rng.uniform(0.1, late)))
        yield how, verb, delay


@pytest.mark.parametrize(("how", "verb", "delay"), list(plan(seed=12, count=12)))
def test_a_signal_at_a_random_moment(
    corpora: dict[int, pathlib.Path], tmp_path: pathlib.Path, how: str, verb: str, delay: float
) -> None:
    failure = trial(corpora, tmp_path, how, verb, delay)
    assert not failure, f"{how} after {delay:.2f} s to {verb}: {failure}"


def test_a_killed_worker_names_the_lines_it_lost(
    corpora: dict[int, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    """Exit 2, each lost line a null in the output and named on stderr; the rest converted."""
    assert not trial(corpora, tmp_path, "kill-worker", "convert", 0.15)
    lost: dict[int, str] = {}
    for line in (tmp_path / "err.txt").read_text(encoding="utf-8").splitlines():
        if "were lost" in line:
            where, _, message = line.partition(": ")
            lost[int(where.rsplit(":", 1)[1])] = message
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(out) == LINES
    assert [number for number, text in enumerate(out, 1) if text == "null"] == sorted(lost)
    for number, message in lost.items():
        low, high = map(int, message.split(" were lost")[0].removeprefix("lines ").split("-"))
        assert low <= number <= high
        assert message.endswith("while processing them; run them again")


# The two ways the command line starts: ``python -m provenance``, and the ``provenance``
# script that pip writes (it imports the entry point, then calls it).
STARTS = {
    "-m": ["-m", "provenance"],
    "script": ["-c", "import sys\nfrom provenance.__main__ import main\nsys.exit(main())"],
}


def startup_trial(work: pathlib.Path, start: str, signum: int, delay: float) -> str:
    """Run ``provenance validate`` on the seed, send ``signum`` after ``delay`` seconds (from
    the moment the process is created); return "" if everything held, else what went wrong.

    Before the interpreter has run any of provenance's code, a Ctrl-C is Python's own: it may
    print a traceback, but no frame of that traceback is in provenance. From the first line of
    provenance on, the exit is 130 (143 for SIGTERM), with no traceback. SIGTERM, which Python
    leaves to the system until provenance takes it over, never gives a traceback."""
    document = work / "seed.json"
    if not document.exists():
        document.write_text(native.dumps(examples.get("shafaqna")), encoding="utf-8")
    err = work / "err.txt"
    argv = [sys.executable, *STARTS[start], "validate", str(document)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with err.open("wb") as stderr:
        process = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True, env=env
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return f"hung for {TIMEOUT:.0f} s"
    text = err.read_text(encoding="utf-8", errors="replace")
    ours = [line for line in text.splitlines() if OUR_FRAME.search(line)]
    if "Traceback" in text and (signum != signal.SIGINT or ours):
        return "a traceback through provenance:\n" + text[-2000:]
    if "Traceback" not in text and code not in (0, 128 + signum, -signum):
        return f"exit {code}, expected {128 + signum}:\n{text[-2000:]}"
    return ""


OUR_FRAME = re.compile(r'File ".*[/\\]provenance[/\\][^"]*\.py"')


@pytest.fixture(scope="module")
def startup_time(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one ``provenance validate`` of the seed takes, start to end, on this machine."""
    document = tmp_path_factory.mktemp("startup") / "seed.json"
    document.write_text(native.dumps(examples.get("shafaqna")), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    began = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "provenance", "validate", str(document)],
        env=env,
        capture_output=True,
        check=True,
    )
    return time.monotonic() - began


def startup_plan(seed: object, count: int) -> Iterator[tuple[str, int, float]]:
    """``count`` trials: both ways to start, SIGINT twice as often as SIGTERM, each at a
    moment drawn as a fraction of the whole run."""
    rng = random.Random(seed)
    for number in range(count):
        signum = signal.SIGTERM if number % 3 == 2 else signal.SIGINT
        yield tuple(STARTS)[number % 2], signum, rng.random()


@pytest.mark.parametrize(
    ("start", "signum", "fraction"),
    [
        pytest.param(*trial, id=f"{trial[0]}-{signal.Signals(trial[1]).name}-{trial[2]:.2f}")
        for trial in startup_plan(seed=12, count=15)
    ],
)
def test_a_signal_at_a_random_moment_of_the_start(
    tmp_path: pathlib.Path, startup_time: float, start: str, signum: int, fraction: float
) -> None:
    """Ctrl-C or SIGTERM while the interpreter starts, while provenance's modules are imported,
    or while the command runs: never a traceback from provenance, and the exit a shell expects.
    (The moment is drawn over the whole run, most of which is the start.)"""
    delay = fraction * startup_time
    failure = startup_trial(tmp_path, start, signum, delay)
    name = signal.Signals(signum).name
    assert not failure, f"{name} after {delay:.3f} s of {start} provenance: {failure}"


def main() -> int:  # pragma: no cover - the stress run
    import argparse
    import collections
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--startup", action="store_true", help="signals during the start")
    options = parser.parse_args()
    tally: collections.Counter[str] = collections.Counter()
    with tempfile.TemporaryDirectory() as directory:
        work = pathlib.Path(directory)
        if options.startup:
            began = time.monotonic()
            startup_trial(work, "-m", signal.SIGCONT, 0.0)  # SIGCONT changes nothing
            took = time.monotonic() - began
            for start, signum, fraction in startup_plan(options.seed, options.trials):
                failure = startup_trial(work, start, signum, fraction * took)
                how = f"{start} {signal.Signals(signum).name}"
                tally[(how, "ok" if not failure else "FAIL")] += 1  # type: ignore[index]
                if failure:
                    print(f"FAIL {how} after {fraction * took:.3f} s: {failure}", flush=True)
        else:
            corpora = write_corpora(work)
            for how, verb, delay in plan(options.seed, options.trials):
                failure = trial(corpora, work, how, verb, delay)
                tally[(how, "ok" if not failure else "FAIL")] += 1  # type: ignore[index]
                if failure:
                    print(f"FAIL {how} after {delay:.2f} s to {verb}: {failure}", flush=True)
    for (how, outcome), count in sorted(tally.items()):  # type: ignore[misc]
        print(f"{how:16} {outcome:4} {count}")
    return 1 if any(outcome == "FAIL" for _, outcome in tally) else 0  # type: ignore[misc]


if __name__ == "__main__":
    sys.exit(main())


def test_a_stop_signal_is_obeyed_while_the_output_pipe_is_full(
    corpora: dict[int, pathlib.Path],
) -> None:
    """A reader that stopped reading (a paused pager) blocks the write of a line; SIGTERM
    still ends the run, within about a second, instead of waiting for the reader for ever."""
    argv = [sys.executable, "-m", "provenance", "convert", "--jsonl", str(corpora[LONG])]
    argv += ["--to", "native", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:  # until the pipe is full and the writer blocked
            if psutil.Process(process.pid).children() and _blocked(process.pid):
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        err = process.stderr.read()
        process.stderr.close()
    assert code == 143
    assert b"Traceback" not in err
    for _ in range(100):
        if not session_processes(process.pid):
            break
        time.sleep(0.05)
    assert not session_processes(process.pid)


def _blocked(pid: int) -> bool:
    try:
        return pathlib.Path(f"/proc/{pid}/wchan").read_text() == "anon_pipe_write"
    except OSError:  # no /proc: give it time instead
        time.sleep(2)
        return True


def test_a_signal_ignored_by_the_parent_stays_ignored(tmp_path: pathlib.Path) -> None:
    """``nohup`` ignores SIGHUP: closing the terminal must not stop the run."""
    code = (
        "import signal, sys\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from provenance import _cli_console\n"
        "_cli_console.install()\n"
        "assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN\n"
        "assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
