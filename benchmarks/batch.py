"""Batch benchmark: lineages per second and peak memory, streaming JSON Lines from disk.

Run from the repository root::

    .venv/bin/python benchmarks/batch.py            # full: 100k for speed, 1M lines for memory
    .venv/bin/python benchmarks/batch.py --quick    # smoke run: 5k for speed, 100k for memory
    .venv/bin/python benchmarks/batch.py --json     # the same figures as JSON on stdout
    .venv/bin/python benchmarks/batch.py --skip-dask --skip-cli

Figures (each printed; the script never asserts and exits 0):

1. **Python API** (``provenance.batch.validate_lines`` over ``open(path, "rb")``): lineages/s
   with jobs=1 and jobs=2, the speed-up (target: at least 1.6x on 2 cores), and the CPU seconds
   of this process and of the workers. On a shared machine the wall-clock speed-up shows the
   other users too, so the script also prints the speed-up two free cores would give, from
   CPU times: jobs=1 CPU / max(parent CPU, worker CPU / 2) at jobs=2.
2. **CLI** (``provenance validate --jsonl FILE --format json``, a subprocess, stdout to
   /dev/null): with ``--jobs 1`` and ``--jobs 2`` when the command line has ``--jobs``,
   else once without it (and says so), and the speed-up (target: 1.6x). Then
   ``provenance convert --jsonl --to jsonld -q`` on the same lines, and its rate against
   ``validate --jsonl --jobs 1`` (target: at least 0.6x), by CPU time (the command's and its
   workers', which other processes disturb far less) and by the wall clock.
3. **Dask** (``provenance.dask.validate`` on a ``LocalCluster`` of 2 worker processes with one
   thread each): lineages/s, cluster start-up apart.
4. **Memory**: peak RSS while streaming the large file, in a fresh process for each run: the
   whole process tree (parent and workers, sampled with psutil every 20 ms) and its largest
   process, for the Python API with jobs=1 and 2 and for the CLI; plus ``tracemalloc``'s
   peak for jobs=1 at the speed size. The same figures at a tenth of the size show whether
   memory stays flat. (``ru_maxrss`` alone misleads here: a process started by fork and exec
   keeps the high-water mark of the forked copy of its parent.)

Inputs: seed-shaped lineages (as in ``benchmarks/core.py``: 4 agents, 4 versions, 2
derivations, about 1.1 kB each, 12 language triples, dates over ten years), generated straight
as text into a temporary directory (disk space is checked first), with one broken line in
10,000 so that error results are part of the work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from workloads import seed_line  # benchmarks/workloads.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PROVENANCE = str(Path(sys.executable).parent / "provenance")

FULL = {"speed_lines": 100_000, "repeats": 3, "memory_lines": 1_000_000, "dask_lines": 100_000}
QUICK = {"speed_lines": 5_000, "repeats": 1, "memory_lines": 100_000, "dask_lines": 20_000}
TARGET_SPEEDUP = 1.6  # --jobs 2 / --jobs 1, and jobs=2 / jobs=1 in Python (issue 14)
TARGET_CONVERT_RATE = 0.6  # convert --jsonl --to jsonld at least this times validate's rate

_BROKEN = '{"format":"provenance/1","subject":"t-broken","versions":[{"id":"t-broken"}]}'


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def write_corpus(path: Path, n: int) -> int:
    """Write ``n`` lines (one broken in 10,000); return the number of broken lines."""
    broken = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            if i % 10_000 == 5_000:
                out.write(_BROKEN + "\n")
                broken += 1
            else:
                out.write(seed_line(i) + "\n")
    return broken


def check_corpus(path: Path) -> None:
    """The clean lines must be clean, or the benchmark measures the wrong thing."""
    from provenance import batch

    with path.open("rb") as lines:
        for result in batch.validate_lines(lines):
            if result.line > 2_000:
                break
            if result.error is None and result.findings:
                raise SystemExit(f"line {result.line} has findings: {result.findings}")


def cpu_split() -> tuple[float, float]:
    """CPU seconds so far of this process, and of its reaped children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


# -- 1. the Python API -------------------------------------------------------------------------


def api_speed(path: Path, n: int, repeats: int) -> dict[str, Any]:
    from provenance import batch

    figures: dict[str, Any] = {"lines": n}
    for jobs in (1, 2):
        walls, parents, workers, failed = [], [], [], 0
        for _ in range(repeats):
            (own0, kids0), wall0 = cpu_split(), time.perf_counter()
            with path.open("rb") as lines:
                failed = sum(1 for r in batch.validate_lines(lines, jobs=jobs) if not r.ok)
            walls.append(time.perf_counter() - wall0)
            own1, kids1 = cpu_split()
            parents.append(own1 - own0)
            workers.append(kids1 - kids0)
        wall = statistics.median(walls)
        figures[f"jobs{jobs}"] = {
            "seconds": wall,
            "lineages_per_s": n / wall,
            "cpu_seconds": statistics.median(parents) + statistics.median(workers),
            "parent_cpu_seconds": statistics.median(parents),
            "worker_cpu_seconds": statistics.median(workers),
            "failed": failed,
        }
        log(f"api jobs={jobs}: {n / wall:,.0f} lineages/s ({wall:.2f} s, {failed} failed)")
    figures["speedup"] = figures["jobs1"]["seconds"] / figures["jobs2"]["seconds"]
    # What two free cores would give: the busier of the parent and a worker sets the pace.
    two = figures["jobs2"]
    pace = max(two["parent_cpu_seconds"], two["worker_cpu_seconds"] / 2)
    figures["speedup_if_cores_free"] = figures["jobs1"]["cpu_seconds"] / pace if pace else 0.0
    return figures


def api_tracemalloc(path: Path) -> float:
    from provenance import batch

    tracemalloc.start()
    with path.open("rb") as lines:
        for _ in batch.validate_lines(lines):
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


# -- 2. the command line -----------------------------------------------------------------------


def cli_has_jobs() -> bool:
    done = subprocess.run(
        [PROVENANCE, "validate", "--help"], capture_output=True, text=True, check=False
    )
    return "--jobs" in done.stdout


def cli_run(command: list[str], repeats: int) -> dict[str, Any]:
    """Median wall seconds and CPU seconds (the command and its worker processes) of a
    command, stdout to /dev/null."""
    walls, cpus, code = [], [], 0
    for _ in range(repeats):
        (_, kids0), wall0 = cpu_split(), time.perf_counter()
        code = subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode
        walls.append(time.perf_counter() - wall0)
        cpus.append(cpu_split()[1] - kids0)
    return {
        "seconds": statistics.median(walls),
        "cpu_seconds": statistics.median(cpus),
        "exit_code": code,
    }


def cli_speed(path: Path, n: int, repeats: int) -> dict[str, Any]:
    variants = [["--jobs", "1"], ["--jobs", "2"]] if cli_has_jobs() else [[]]
    figures: dict[str, Any] = {"lines": n, "jobs_wired": len(variants) == 2}
    for extra in variants:
        command = [PROVENANCE, "validate", "--jsonl", "--format", "json", *extra, str(path)]
        run = cli_run(command, repeats)
        run["lineages_per_s"] = n / run["seconds"]
        name = "jobs" + (extra[1] if extra else "-default")
        figures[name] = run
        log(
            f"cli validate {' '.join(extra) or '(no --jobs)'}: {n / run['seconds']:,.0f} "
            f"lineages/s, {run['cpu_seconds']:.2f} s CPU, exit {run['exit_code']}"
        )
    if "jobs1" in figures:
        figures["speedup"] = figures["jobs1"]["seconds"] / figures["jobs2"]["seconds"]
    return figures


def cli_convert(path: Path, n: int, repeats: int, validate: dict[str, Any]) -> dict[str, Any]:
    """``convert --jsonl --to jsonld`` on the same lines, one process, against ``validate
    --jsonl`` (``validate``: its figures from :func:`cli_speed`, the same run)."""
    command = [PROVENANCE, "convert", "--jsonl", "--to", "jsonld", "-q", str(path)]
    run = cli_run(command, repeats)
    run["lineages_per_s"] = n / run["seconds"]
    base = validate.get("jobs1") or validate["jobs-default"]
    run["rate_vs_validate"] = base["seconds"] / run["seconds"]
    run["rate_vs_validate_cpu"] = base["cpu_seconds"] / run["cpu_seconds"]
    log(
        f"cli convert --to jsonld: {run['lineages_per_s']:,.0f} lineages/s, "
        f"{run['cpu_seconds']:.2f} s CPU, {run['rate_vs_validate_cpu']:.2f}x validate's rate (CPU)"
    )
    return run


# -- 3. Dask -----------------------------------------------------------------------------------


def dask_speed(path: Path, n: int) -> dict[str, Any]:
    try:
        from distributed import Client, LocalCluster

        from provenance import dask as pdask
    except ImportError as error:
        return {"skipped": f"Dask is not installed ({error}): pip install 'news-provenance[dask]'"}
    wall0 = time.perf_counter()
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        startup = time.perf_counter() - wall0
        client.run(lambda: __import__("provenance.batch"))  # import in the workers first
        wall1 = time.perf_counter()
        tally = pdask.tally(pdask.validate(pdask.read_jsonl(str(path), blocksize="8MiB")))
        counted = client.compute(tally, sync=True)
        wall = time.perf_counter() - wall1
    log(f"dask: {n / wall:,.0f} lineages/s ({wall:.2f} s; cluster start {startup:.1f} s)")
    return {
        "lines": n,
        "seconds": wall,
        "lineages_per_s": n / wall,
        "cluster_startup_s": startup,
        "documents": counted.documents,
        "unusable": counted.unusable,
    }


# -- 4. memory ---------------------------------------------------------------------------------

_RUN_API = """
import sys
from provenance import batch
with open(sys.argv[1], "rb") as lines:
    for _ in batch.validate_lines(lines, jobs=int(sys.argv[2])):
        pass
"""


def peak_rss(command: list[str]) -> dict[str, float]:
    """Peak RSS (MiB) of a command's process tree, sampled every 20 ms with psutil: the sum
    over the process and its children, and the largest single process. Without psutil, the
    largest process only, from ``ru_maxrss`` of a fresh wrapper process."""
    try:
        import psutil
    except ImportError:
        wrapper = (
            "import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        done = subprocess.run(
            [PYTHON, "-c", wrapper, *command], capture_output=True, text=True, check=True
        )
        largest = int(done.stdout) / 1024
        return {"tree_mib": float("nan"), "largest_mib": largest}
    process = psutil.Popen(command, stdout=subprocess.DEVNULL)
    tree = largest = 0
    while process.poll() is None:
        try:
            members = [process, *process.children(recursive=True)]
            sizes = [member.memory_info().rss for member in members]
        except psutil.Error:  # a member ended between listing and measuring
            continue
        tree, largest = max(tree, sum(sizes)), max(largest, *sizes)
        time.sleep(0.02)
    return {"tree_mib": tree / 2**20, "largest_mib": largest / 2**20}


def memory(big: Path, small: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for label, path in (("small", small), ("large", big)):
        runs: dict[str, Any] = {}
        for jobs in (1, 2):
            runs[f"api_jobs{jobs}"] = peak_rss([PYTHON, "-c", _RUN_API, str(path), str(jobs)])
            log(f"memory {label} api jobs={jobs}: {runs[f'api_jobs{jobs}']}")
        cli = [PROVENANCE, "validate", "--jsonl", "--format", "json", str(path)]
        runs["cli"] = peak_rss(cli)
        log(f"memory {label} cli: {runs['cli']}")
        figures[label] = runs
    return figures


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    config = QUICK if args.quick else FULL
    figures: dict[str, Any] = {
        "config": config,
        "cpus": len(os.sched_getaffinity(0)),
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="provenance-bench-") as tmp:
        directory = Path(tmp)
        need = config["memory_lines"] * 1_300 * 1.2 + 200 * 2**20
        free = shutil.disk_usage(directory).free
        if free < need:
            raise SystemExit(f"needs {need / 2**30:.1f} GiB free in {tmp}, has {free / 2**30:.1f}")
        speed = directory / "speed.jsonl"
        log(f"writing {config['speed_lines']:,} lines")
        write_corpus(speed, config["speed_lines"])
        check_corpus(speed)
        figures["api"] = api_speed(speed, config["speed_lines"], config["repeats"])
        figures["api"]["tracemalloc_peak_mib_jobs1"] = api_tracemalloc(speed)
        if not args.skip_cli:
            figures["cli"] = cli_speed(speed, config["speed_lines"], config["repeats"])
            figures["cli_convert"] = cli_convert(
                speed, config["speed_lines"], config["repeats"], figures["cli"]
            )
        if not args.skip_dask:
            dask_file = directory / "dask.jsonl"
            write_corpus(dask_file, config["dask_lines"])
            figures["dask"] = dask_speed(dask_file, config["dask_lines"])
        if not args.skip_memory:
            big, small = directory / "big.jsonl", directory / "small.jsonl"
            log(f"writing {config['memory_lines']:,} lines")
            figures["memory_broken_lines"] = write_corpus(big, config["memory_lines"])
            figures["memory_file_mib"] = big.stat().st_size / 2**20
            write_corpus(small, config["memory_lines"] // 10)
            figures["memory"] = memory(big, small)
    figures["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        report(figures)


def report(figures: dict[str, Any]) -> None:
    api = figures["api"]
    print(f"cpus: {figures['cpus']}, load average before: {figures['load_average'][0]:.1f}")
    print(f"\nPython API, {api['lines']:,} seed-shaped lineages (validate):")
    for jobs in (1, 2):
        run = api[f"jobs{jobs}"]
        print(
            f"  jobs={jobs}: {run['lineages_per_s']:>9,.0f} lineages/s  {run['seconds']:6.2f} s"
            f"  cpu {run['parent_cpu_seconds']:5.2f} s here + {run['worker_cpu_seconds']:5.2f} s"
            f" in workers  failed {run['failed']}"
        )
    verdict = "PASS" if api["speedup"] >= TARGET_SPEEDUP else "MISS"
    print(f"  speed-up jobs=2 / jobs=1: {api['speedup']:.2f}x (target {TARGET_SPEEDUP}x) {verdict}")
    print(
        f"  speed-up two free cores would give (from CPU times): "
        f"{api['speedup_if_cores_free']:.2f}x; the measured one is lower when the load average "
        "is above 0"
    )
    print(f"  tracemalloc peak, jobs=1: {api['tracemalloc_peak_mib_jobs1']:.1f} MiB")
    if "cli" in figures:
        cli = figures["cli"]
        print(f"\nCLI (provenance validate --jsonl), {cli['lines']:,} lineages:")
        if not cli["jobs_wired"]:
            print("  --jobs is not wired into the CLI yet: one run without it")
        for name, run in cli.items():
            if isinstance(run, dict):
                print(
                    f"  {name}: {run['lineages_per_s']:>9,.0f} lineages/s  "
                    f"cpu {run['cpu_seconds']:5.2f} s  exit {run['exit_code']}"
                )
        if "speedup" in cli:
            verdict = "PASS" if cli["speedup"] >= TARGET_SPEEDUP else "MISS"
            print(
                f"  speed-up --jobs 2 / --jobs 1: {cli['speedup']:.2f}x "
                f"(target {TARGET_SPEEDUP}x) {verdict}"
            )
    if "cli_convert" in figures:
        conv = figures["cli_convert"]
        verdict = "PASS" if conv["rate_vs_validate_cpu"] >= TARGET_CONVERT_RATE else "MISS"
        print(
            f"\nCLI convert --jsonl --to jsonld, same lines: {conv['lineages_per_s']:,.0f} "
            f"lineages/s, cpu {conv['cpu_seconds']:.2f} s, exit {conv['exit_code']}"
        )
        print(
            f"  rate / validate --jsonl rate: {conv['rate_vs_validate_cpu']:.2f}x by CPU time "
            f"(target {TARGET_CONVERT_RATE}x) {verdict}; {conv['rate_vs_validate']:.2f}x by the "
            "wall clock"
        )
    if "dask" in figures:
        dask = figures["dask"]
        print("\nDask LocalCluster (2 workers x 1 thread):")
        if "skipped" in dask:
            print(f"  skipped: {dask['skipped']}")
        else:
            print(
                f"  {dask['lines']:,} lineages: {dask['lineages_per_s']:,.0f} lineages/s "
                f"({dask['seconds']:.2f} s; cluster start-up {dask['cluster_startup_s']:.1f} s; "
                f"{dask['unusable']} unusable)"
            )
    if "memory" in figures:
        big = figures["config"]["memory_lines"]
        print(
            f"\nPeak RSS streaming {big:,} lines ({figures['memory_file_mib']:.0f} MiB) "
            f"vs {big // 10:,}; MiB (process tree / largest process):"
        )
        for name in ("api_jobs1", "api_jobs2", "cli"):
            small, large = figures["memory"]["small"][name], figures["memory"]["large"][name]
            print(
                f"  {name:<10} {small['tree_mib']:7.1f} / {small['largest_mib']:6.1f}"
                f"   ->  {large['tree_mib']:7.1f} / {large['largest_mib']:6.1f}"
            )
    print(f"\nload average after: {figures['load_average_after'][0]:.1f}")


if __name__ == "__main__":
    main()
