"""Core benchmark: load + validate + dump, against the W3C ``prov`` package and the json floor.

Run from the repository root::

    .venv/bin/python benchmarks/core.py            # full run (about 2-3 minutes on 2 cores)
    .venv/bin/python benchmarks/core.py --quick    # smoke run for CI (about 20 seconds)
    .venv/bin/python benchmarks/core.py --json     # the same figures as JSON on stdout
    .venv/bin/python benchmarks/core.py --profile  # cProfile of the seed and largest chain only

Every figure is printed, with PASS or MISS beside those that have a target. The script never
asserts and always exits 0 (unless it crashes): it measures, it does not gate. See
benchmarks/README.md for what each figure means.

Timing is time.perf_counter; the garbage collector stays on, as in real use; each workload is
repeated and the median is reported. Inputs (JSON text, plain data for ``prov``) are prepared
before timing starts.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from workloads import seed_lineage  # benchmarks/workloads.py, beside this script

import provenance
from provenance import Builder

try:  # the peer is optional: `pip install prov` (the `bench` extra)
    from prov.constants import PROV, PROV_LABEL, PROV_TYPE, XSD_DATE
    from prov.model import Literal, ProvDocument

    HAVE_PROV = True
except ImportError:  # pragma: no cover - reported in the output
    HAVE_PROV = False

perf = time.perf_counter
cpu = time.process_time  # about 3 us a call on a virtual machine: only around whole batches

# -- targets ----------------------------------------------------------------------------------

# Issue 14 ("Performance at scale"): each row of its table is a target here.
TARGET_PROV_SPEEDUP = 15.0  # per lineage, ours at least this many times faster than prov
TARGET_CHAIN_PROV_SPEEDUP = 12.0  # on the 10k chain (and every chain), the same
TARGET_FLOOR_RATIO = 2.0  # per lineage, ours at most this many times the json floor
TARGET_CHAIN_FLOOR_RATIO = 1.5  # on the largest chain, ours at most this times the floor
TARGET_VALIDATE_GROWTH = 12.0  # validate's time at 10x the versions (linear is 10x)
TARGET_GROWTH_RATIO = 1.3  # our 10x-size growth at most this many times the floor's growth
TARGET_PEAK_MB = 200.0  # tracemalloc peak for load+validate+dump of the large chain

# -- configuration ----------------------------------------------------------------------------

FULL = {
    "seed_docs": 10_000,  # distinct seed-shaped documents
    "seed_repeats": 5,
    "prov_seed_docs": 1_000,  # prov is slower: a subset of the same documents
    "prov_seed_repeats": 3,
    "chains": (10_000, 100_000),
    "chain_repeats": {10_000: 5, 100_000: 3},
    "floor_chain_repeats": 5,
    "prov_chains": (10_000, 100_000),
    "prov_chain_repeats": {10_000: 2, 100_000: 1},
    "startup_runs": 7,
}
QUICK = {
    "seed_docs": 1_000,
    "seed_repeats": 3,
    "prov_seed_docs": 200,
    "prov_seed_repeats": 2,
    "chains": (1_000, 10_000),
    "chain_repeats": {1_000: 3, 10_000: 3},
    "floor_chain_repeats": 3,
    "prov_chains": (1_000, 10_000),
    "prov_chain_repeats": {1_000: 1, 10_000: 1},
    "startup_runs": 3,
}


def log(message: str) -> None:
    """Progress goes to stderr, so that --json keeps stdout clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- workloads: seed-shaped lineages (benchmarks/workloads.py) ----------------------------

# -- workloads: chains ------------------------------------------------------------------------

_CHAIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "ru", "ar", "fa")
_CHAIN_START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def chain_lineage(n: int) -> provenance.Lineage:
    """A linear chain of ``n`` versions: odd steps translate into the next language of
    en → fr → de → ..., even steps republish in the same language, so languages alternate
    and no translation is a relay. Every version has its own publisher (an organization);
    every translation credits its own translator (a person). Publication times increase by
    one minute per version, in UTC."""
    b = Builder()
    language = 0
    previous: str | None = None
    for i in range(n):
        if i % 2 == 1:
            language = (language + 1) % len(_CHAIN_LANGUAGES)
        tag = _CHAIN_LANGUAGES[language]
        publisher = b.organization(f"Publisher {i}", id=f"pub-{i}", language=tag)
        published = _CHAIN_START + dt.timedelta(minutes=i)
        vid = f"v{i}"
        title = f"Flood report, edition {i}"
        if previous is None:
            b.version(vid, tag, publisher=publisher, published=published, title=title)
        elif i % 2 == 1:
            translator = b.person(f"Translator {i}", id=f"tr-{i}")
            b.translate(
                previous,
                vid,
                tag,
                publisher=publisher,
                translator=translator,
                published=published,
                title=title,
            )
        else:
            b.version(
                vid,
                tag,
                publisher=publisher,
                published=published,
                title=title,
                derived_from=previous,
                kind="republication",
            )
        previous = vid
    return b.build()


# -- the peer: W3C prov ------------------------------------------------------------------------


def _prov_value(text: str) -> Any:
    """A native date as a typed prov value: a datetime for instants, xsd:date for days."""
    if "T" in text:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return Literal(text, XSD_DATE)


def prov_build(data: dict[str, Any]) -> ProvDocument:
    """The same lineage as a PROV document: agents, entities for versions (language, dates,
    title, medium attributes), wasDerivedFrom with the kind as prov:type (and method and
    agent credits as attributes), wasAttributedTo for publishers."""
    doc = ProvDocument()
    ex = doc.add_namespace("ex", "https://example.org/")
    types = {
        "organization": PROV["Organization"],
        "person": PROV["Person"],
        "software": PROV["SoftwareAgent"],
    }
    for agent in data["agents"]:
        attributes: dict[Any, Any] = {PROV_TYPE: types[agent["type"]], PROV_LABEL: agent["name"]}
        for key in ("url", "version", "language"):
            if key in agent:
                attributes[f"ex:{key}"] = agent[key]
        doc.agent(f"ex:{agent['id']}", attributes)
    for version in data["versions"]:
        attributes = {"ex:language": version["language"]}
        if "published" in version:
            attributes["ex:published"] = _prov_value(version["published"])
        for key in ("title", "medium", "url"):
            if key in version:
                attributes[f"ex:{key}"] = version[key]
        vid = f"ex:{version['id']}"
        doc.entity(vid, attributes)
        if "publisher" in version:
            doc.wasAttributedTo(vid, f"ex:{version['publisher']}")
    for derivation in data["derivations"]:
        other: dict[Any, Any] = {PROV_TYPE: ex[derivation["kind"]]}
        if "method" in derivation:
            other["ex:method"] = derivation["method"]
        for credit in derivation.get("agents", ()):
            other[f"ex:{credit['role']}"] = ex[credit["agent"]]
        if "date" in derivation:
            other["ex:date"] = _prov_value(derivation["date"])
        for source in derivation["sources"]:
            doc.wasDerivedFrom(f"ex:{derivation['target']}", f"ex:{source}", other_attributes=other)
    return doc


# -- timing helpers ---------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def ours_once(text: str, clock: Callable[[], float] = perf) -> tuple[float, float, float, int]:
    """load, validate, dump of one document: the three durations and the finding count."""
    t0 = clock()
    lineage = provenance.loads(text)
    t1 = clock()
    findings = provenance.validate(lineage)
    t2 = clock()
    provenance.dumps(lineage)
    t3 = clock()
    return t1 - t0, t2 - t1, t3 - t2, len(findings)


def ours_batch(texts: list[str], clock: Callable[[], float] = perf) -> tuple[float, ...]:
    """The phases summed over the documents (by ``clock``, the wall clock per call by
    default), the finding count, and the CPU seconds of the whole batch."""
    load = check = dump = 0.0
    findings = 0
    started = cpu()
    for text in texts:
        a, b, c, f = ours_once(text, clock)
        load += a
        check += b
        dump += c
        findings += f
    return load, check, dump, findings, cpu() - started


def floor_once(text: str, clock: Callable[[], float] = perf) -> tuple[float, float]:
    t0 = clock()
    data = json.loads(text)
    t1 = clock()
    json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    t2 = clock()
    return t1 - t0, t2 - t1


def floor_batch(texts: list[str], clock: Callable[[], float] = perf) -> tuple[float, ...]:
    load = dump = 0.0
    started = cpu()
    for text in texts:
        a, b = floor_once(text, clock)
        load += a
        dump += b
    return load, dump, cpu() - started


def prov_once(data: dict[str, Any], clock: Callable[[], float] = perf) -> tuple[float, ...]:
    t0 = clock()
    doc = prov_build(data)
    t1 = clock()
    text = doc.serialize(format="json")
    t2 = clock()
    ProvDocument.deserialize(content=text, format="json")
    t3 = clock()
    return t1 - t0, t2 - t1, t3 - t2


def prov_batch(datas: list[dict[str, Any]], clock: Callable[[], float] = perf) -> tuple[float, ...]:
    build = ser = de = 0.0
    started = cpu()
    for data in datas:
        a, b, c = prov_once(data, clock)
        build += a
        ser += b
        de += c
    return build, ser, de, cpu() - started


def repeat(fn: Callable[[], tuple[float, ...]], times: int) -> list[tuple[float, ...]]:
    runs = []
    for _ in range(times):
        gc.collect()  # start each repeat from the same heap; the collector stays enabled
        runs.append(fn())
    return runs


def med_parts(runs: list[tuple[float, ...]], parts: int) -> tuple[list[float], float]:
    """The median of each part across runs, and the median of the runs' CPU seconds (their
    last value): every total and ratio is CPU time, which other processes on a shared
    machine disturb far less than the wall clock."""
    return (
        [median(run[k] for run in runs) for k in range(parts)],
        median(run[-1] for run in runs),
    )


# -- measurements -----------------------------------------------------------------------------


def measure_seed(cfg: dict[str, Any], results: dict[str, Any]) -> None:
    n = cfg["seed_docs"]
    log(f"preparing {n:,} seed-shaped documents")
    texts = [provenance.dumps(seed_lineage(i)) for i in range(n)]
    results["seed"] = {"documents": n, "mean_bytes": sum(map(len, texts)) / n}

    ours_batch(texts[:200])  # warm-up: first-use imports (langcodes tables) and caches
    probe = ours_batch(texts)
    results["seed"]["findings_total"] = probe[3]
    log(f"ours: {cfg['seed_repeats']} x {n:,} documents")
    runs = repeat(lambda: ours_batch(texts), cfg["seed_repeats"])
    (load, check, dump), total = med_parts(runs, 3)
    results["seed"]["ours_us"] = {
        "load": load / n * 1e6,
        "validate": check / n * 1e6,
        "dump": dump / n * 1e6,
        "total": total / n * 1e6,
    }

    log("json floor")
    floor_batch(texts[:200])
    runs = repeat(lambda: floor_batch(texts), cfg["seed_repeats"])
    (fload, fdump), ftotal = med_parts(runs, 2)
    results["seed"]["floor_us"] = {
        "loads": fload / n * 1e6,
        "dumps": fdump / n * 1e6,
        "total": ftotal / n * 1e6,
    }

    if HAVE_PROV:
        m = min(cfg["prov_seed_docs"], n)
        log(f"prov: {cfg['prov_seed_repeats']} x {m:,} documents")
        datas = [json.loads(text) for text in texts[:m]]
        prov_batch(datas[:50])
        runs = repeat(lambda: prov_batch(datas), cfg["prov_seed_repeats"])
        (build, ser, de), ptotal = med_parts(runs, 3)
        results["seed"]["prov_us"] = {
            "documents": m,
            "build": build / m * 1e6,
            "serialize": ser / m * 1e6,
            "deserialize": de / m * 1e6,
            "total": ptotal / m * 1e6,
        }


def measure_chains(cfg: dict[str, Any], results: dict[str, Any]) -> str:
    """Times every chain size; returns the JSON text of the largest, for the memory run."""
    results["chains"] = {}
    largest = ""
    for size in cfg["chains"]:
        log(f"preparing a chain of {size:,} versions")
        lineage = chain_lineage(size)
        text = provenance.dumps(lineage)
        data = json.loads(text) if HAVE_PROV and size in cfg["prov_chains"] else None
        del lineage
        entry: dict[str, Any] = {"versions": size, "bytes": len(text)}

        reps = cfg["chain_repeats"][size]
        log(f"ours: {reps} x chain of {size:,}")
        runs = repeat(lambda text=text: ours_batch([text], cpu), reps)
        (load, check, dump), total = med_parts(runs, 3)
        entry["findings"] = runs[0][3]
        entry["ours_s"] = {"load": load, "validate": check, "dump": dump, "total": total}

        log(f"json floor: chain of {size:,}")
        runs = repeat(lambda text=text: floor_batch([text], cpu), cfg["floor_chain_repeats"])
        (fload, fdump), ftotal = med_parts(runs, 2)
        entry["floor_s"] = {"loads": fload, "dumps": fdump, "total": ftotal}

        if data is not None:
            preps = cfg["prov_chain_repeats"][size]
            log(f"prov: {preps} x chain of {size:,} (slow)")
            runs = repeat(lambda data=data: prov_batch([data], cpu), preps)
            (build, ser, de), ptotal = med_parts(runs, 3)
            entry["prov_s"] = {"build": build, "serialize": ser, "deserialize": de, "total": ptotal}
        results["chains"][str(size)] = entry
        if size == max(cfg["chains"]):
            largest = text
        del text, data
        gc.collect()
    return largest


def measure_memory(cfg: dict[str, Any], results: dict[str, Any], text: str) -> None:
    size = max(cfg["chains"])
    log(f"tracemalloc: chain of {size:,}")
    gc.collect()
    tracemalloc.start()
    lineage = provenance.loads(text)
    after_load = tracemalloc.get_traced_memory()[0]
    provenance.validate(lineage)
    out = provenance.dumps(lineage)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["memory"] = {
        "versions": size,
        "input_mb": len(text.encode()) / 2**20,
        "retained_after_load_mb": after_load / 2**20,
        "peak_mb": peak / 2**20,
        "current_at_end_mb": current / 2**20,
    }
    del lineage, out, text
    gc.collect()


def _seed_file(directory: str) -> str:
    """A seed file on disk: the repository's if there is one, else the shafaqna example."""
    root = Path(__file__).resolve().parent.parent
    for candidate in (
        "tests/data/valid/shafaqna.json",
        "examples/shafaqna.json",
        "docs/shafaqna.json",
    ):
        if (root / candidate).is_file():
            return str(root / candidate)
    path = os.path.join(directory, "shafaqna.json")
    with open(path, "w", encoding="utf-8") as handle:
        provenance.dump(provenance.examples.get("shafaqna"), handle, indent=2)
    return path


def _wall(argv: list[str], runs: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(runs):
        t0 = perf()
        done = subprocess.run(argv, capture_output=True, check=False)
        times.append(perf() - t0)
        code = done.returncode
    return median(times), code


def _import_us(stderr: str, module: str = "provenance") -> int | None:
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:") :].split("|")
        if len(parts) == 3 and parts[2].strip() == module:
            try:
                return int(parts[1])
            except ValueError:
                return None
    return None


def _direct_imports(stderr: str, module: str = "provenance") -> dict[str, int]:
    """The cumulative import time of each module ``module`` imports directly."""
    pending: dict[str, int] = {}
    for line in stderr.splitlines():
        parts = line[len("import time:") :].split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        name = parts[2][1:]  # one space follows the bar; then two spaces per nesting level
        depth = (len(name) - len(name.lstrip(" "))) // 2
        try:
            us = int(parts[1])
        except ValueError:
            continue
        if depth == 0:
            if name.strip() == module:
                return pending
            pending = {}
        elif depth == 1:
            pending[name.strip()] = us
    return {}


def measure_startup(cfg: dict[str, Any], results: dict[str, Any]) -> None:
    runs = cfg["startup_runs"]
    python = sys.executable
    log(f"start-up: {runs} runs of each command")
    argv = [python, "-X", "importtime", "-c", "import provenance"]
    subprocess.run(argv, capture_output=True, check=False)  # compile .pyc once
    cumulative: list[int] = []
    children: dict[str, list[int]] = {}
    for _ in range(runs):
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        value = _import_us(done.stderr)
        if value is not None:
            cumulative.append(value)
        for name, us in _direct_imports(done.stderr).items():
            children.setdefault(name, []).append(us)
    script = Path(python).with_name("provenance")
    cli = [str(script)] if script.exists() else [python, "-m", "provenance"]
    with tempfile.TemporaryDirectory() as directory:
        seed = _seed_file(directory)
        _wall([*cli, "--version"], 1)
        version_s, version_rc = _wall([*cli, "--version"], runs)
        validate_s, validate_rc = _wall([*cli, "validate", seed], runs)
    python_s, _ = _wall([python, "-c", "pass"], runs)
    heaviest = sorted(((median(v), k) for k, v in children.items()), reverse=True)[:6]
    results["startup"] = {
        "runs": runs,
        "import_provenance_us": median(cumulative) if cumulative else None,
        "heaviest_imports_us": {name: us for us, name in heaviest},
        "python_bare_s": python_s,
        "cli_version_s": version_s,
        "cli_version_exit": version_rc,
        "cli_validate_seed_s": validate_s,
        "cli_validate_seed_exit": validate_rc,
        "cli": " ".join(Path(c).name for c in cli),
    }


# -- derived figures and targets --------------------------------------------------------------


def derive(results: dict[str, Any]) -> None:
    checks: list[dict[str, Any]] = []

    def target(name: str, value: float | None, op: str, limit: float, unit: str) -> None:
        ok = (
            None
            if value is None
            else (value >= limit if op == ">=" else value <= limit if op == "<=" else value < limit)
        )
        checks.append(
            {
                "name": name,
                "value": value,
                "target": f"{op} {limit:g}{unit}",
                "status": "n/a" if ok is None else ("PASS" if ok else "MISS"),
            }
        )

    seed = results["seed"]
    seed["floor_ratio"] = seed["ours_us"]["total"] / seed["floor_us"]["total"]
    target("per lineage: ours / json floor", seed["floor_ratio"], "<=", TARGET_FLOOR_RATIO, "x")
    if "prov_us" in seed:
        seed["prov_speedup"] = seed["prov_us"]["total"] / seed["ours_us"]["total"]
        target(
            "per lineage: speed-up vs prov", seed["prov_speedup"], ">=", TARGET_PROV_SPEEDUP, "x"
        )
    chains = results["chains"]
    for size, entry in chains.items():
        entry["floor_ratio"] = entry["ours_s"]["total"] / entry["floor_s"]["total"]
        if "prov_s" in entry:
            entry["prov_speedup"] = entry["prov_s"]["total"] / entry["ours_s"]["total"]
            target(
                f"chain {int(size):,}: speed-up vs prov",
                entry["prov_speedup"],
                ">=",
                TARGET_CHAIN_PROV_SPEEDUP,
                "x",
            )
    sizes = sorted(chains, key=int)
    largest = chains[sizes[-1]]
    target(
        f"chain {int(sizes[-1]):,}: ours / json floor",
        largest["floor_ratio"],
        "<=",
        TARGET_CHAIN_FLOOR_RATIO,
        "x",
    )
    if len(sizes) >= 2:
        small, large = chains[sizes[0]], chains[sizes[-1]]
        ours_growth = large["ours_s"]["total"] / small["ours_s"]["total"]
        floor_growth = large["floor_s"]["total"] / small["floor_s"]["total"]
        results["growth"] = {
            "from": int(sizes[0]),
            "to": int(sizes[-1]),
            "size_ratio": int(sizes[-1]) / int(sizes[0]),
            "ours": ours_growth,
            "floor": floor_growth,
            "ratio": ours_growth / floor_growth,
            "ours_by_phase": {
                k: large["ours_s"][k] / small["ours_s"][k] for k in ("load", "validate", "dump")
            },
        }
        target(
            f"growth {int(sizes[0]):,} -> {int(sizes[-1]):,}: validate",
            results["growth"]["ours_by_phase"]["validate"],
            "<=",
            TARGET_VALIDATE_GROWTH,
            "x",
        )
        target(
            f"growth {int(sizes[0]):,} -> {int(sizes[-1]):,}: ours / floor",
            results["growth"]["ratio"],
            "<=",
            TARGET_GROWTH_RATIO,
            "",
        )
    if "memory" in results:
        target(
            f"peak traced memory, chain {results['memory']['versions']:,}",
            results["memory"]["peak_mb"],
            "<=",
            TARGET_PEAK_MB,
            " MB",
        )
    results["targets"] = checks


# -- output -----------------------------------------------------------------------------------


def _status(results: dict[str, Any], prefix: str, suffix: str = "") -> str:
    for check in results["targets"]:
        if check["name"].startswith(prefix) and check["name"].endswith(suffix):
            return f"{check['status']} (target {check['target']})"
    return ""


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    rows: list[tuple[str, str, str]] = []

    def section(title: str) -> None:
        flush()
        out.append("")
        out.append(title)
        out.append("-" * len(title))

    def row(name: str, value: str, note: str = "") -> None:
        rows.append((name, value, note))

    def flush() -> None:
        if rows:
            width = max(len(r[0]) for r in rows)
            vwidth = max(len(r[1]) for r in rows)
            out.extend(f"  {n:<{width}}  {v:>{vwidth}}  {note}".rstrip() for n, v, note in rows)
            rows.clear()

    env = results["environment"]
    out.append(
        f"provenance {env['provenance']} core benchmark ({env['mode']} mode) - "
        f"Python {env['python']}, prov {env['prov']}, {env['cpus']} CPUs, {env['machine']}"
    )

    seed = results["seed"]
    section(
        f"1. Per lineage: {seed['documents']:,} distinct seed-shaped documents "
        f"({seed['mean_bytes']:.0f} bytes each), median of repeats"
    )
    o, f = seed["ours_us"], seed["floor_us"]
    row("ours: load", f"{o['load']:.1f} us")
    row("ours: validate", f"{o['validate']:.1f} us")
    row("ours: dump", f"{o['dump']:.1f} us")
    row(
        "ours: load + validate + dump (CPU)",
        f"{o['total']:.1f} us",
        f"({seed['findings_total']} findings over all documents)",
    )
    row(
        "json floor: loads + dumps (CPU)",
        f"{f['total']:.1f} us",
        f"(loads {f['loads']:.1f}, dumps {f['dumps']:.1f})",
    )
    row("ours / floor (CPU)", f"{seed['floor_ratio']:.2f}x", _status(results, "per lineage: ours"))
    if "prov_us" in seed:
        p = seed["prov_us"]
        row(
            f"prov: build + serialize + deserialize ({p['documents']:,} docs)",
            f"{p['total']:.1f} us",
            f"(build {p['build']:.1f}, serialize {p['serialize']:.1f}, "
            f"deserialize {p['deserialize']:.1f})",
        )
        row(
            "speed-up vs prov",
            f"{seed['prov_speedup']:.1f}x",
            _status(results, "per lineage: speed-up"),
        )

    for size, entry in results["chains"].items():
        n = int(size)
        section(
            f"2. Chain of {n:,} versions ({entry['bytes'] / 2**20:.1f} MB of JSON), "
            "seconds, median of repeats"
        )
        o, f = entry["ours_s"], entry["floor_s"]
        row("ours: load", f"{o['load']:.3f} s", f"({o['load'] / n * 1e6:.1f} us per version)")
        row(
            "ours: validate",
            f"{o['validate']:.3f} s",
            f"({o['validate'] / n * 1e6:.1f} us per version; {entry['findings']} findings)",
        )
        row("ours: dump", f"{o['dump']:.3f} s", f"({o['dump'] / n * 1e6:.1f} us per version)")
        row("ours: total (CPU)", f"{o['total']:.3f} s")
        row(
            "json floor: loads + dumps",
            f"{f['total']:.3f} s",
            f"(loads {f['loads']:.3f}, dumps {f['dumps']:.3f})",
        )
        row(
            "ours / floor (CPU)",
            f"{entry['floor_ratio']:.2f}x",
            _status(results, f"chain {n:,}: ours") or "(target on the largest chain only)",
        )
        if "prov_s" in entry:
            p = entry["prov_s"]
            row(
                "prov: build + serialize + deserialize",
                f"{p['total']:.3f} s",
                f"(build {p['build']:.3f}, serialize {p['serialize']:.3f}, "
                f"deserialize {p['deserialize']:.3f})",
            )
            row(
                "speed-up vs prov",
                f"{entry['prov_speedup']:.1f}x",
                _status(results, f"chain {n:,}: speed-up"),
            )

    if "growth" in results:
        g = results["growth"]
        section(
            f"3. Growth {g['from']:,} -> {g['to']:,} versions "
            f"({g['size_ratio']:.0f}x the size; linear is {g['size_ratio']:.0f}x)"
        )
        ph = g["ours_by_phase"]
        row(
            "ours",
            f"{g['ours']:.2f}x",
            f"(load {ph['load']:.2f}x, validate {ph['validate']:.2f}x, dump {ph['dump']:.2f}x)",
        )
        row("json floor", f"{g['floor']:.2f}x")
        row("validate growth", f"{ph['validate']:.2f}x", _status(results, "growth", "validate"))
        row(
            "ours growth / floor growth",
            f"{g['ratio']:.2f}",
            _status(results, "growth", "ours / floor"),
        )

    if "memory" in results:
        m = results["memory"]
        section(
            f"4. Memory: load + validate + dump of the {m['versions']:,}-version chain "
            "(tracemalloc)"
        )
        row("input JSON", f"{m['input_mb']:.1f} MB")
        row("held after load (the lineage)", f"{m['retained_after_load_mb']:.1f} MB")
        row("peak traced", f"{m['peak_mb']:.1f} MB", _status(results, "peak"))

    if "startup" in results:
        s = results["startup"]
        section(f"5. Start-up (median of {s['runs']} subprocess runs)")
        imp = s["import_provenance_us"]
        row(
            "import provenance (-X importtime, cumulative)",
            "n/a" if imp is None else f"{imp / 1000:.1f} ms",
            "(no target)",
        )
        for name, us in s["heaviest_imports_us"].items():
            row(f"  of which {name}", f"{us / 1000:.1f} ms")
        row("bare python -c pass (reference)", f"{s['python_bare_s'] * 1000:.0f} ms")
        row(
            f"{s['cli']} --version",
            f"{s['cli_version_s'] * 1000:.0f} ms",
            f"(exit {s['cli_version_exit']})",
        )
        row(
            f"{s['cli']} validate <seed file>",
            f"{s['cli_validate_seed_s'] * 1000:.0f} ms",
            f"(exit {s['cli_validate_seed_exit']})",
        )

    section("Targets")
    for check in results["targets"]:
        value = "n/a" if check["value"] is None else f"{check['value']:.2f}"
        row(check["name"], value, f"{check['status']:<4}  (target {check['target']})")
    flush()
    out.append("")
    out.append(f"wall time of this run: {results['environment']['run_s']:.0f} s")
    before, after = env["load_average_before"], env["load_average_after"]
    out.append(
        f"load average (1, 5, 15 min) before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}; totals and ratios are CPU time, "
        "phases the wall clock"
    )
    return "\n".join(out)


# -- profiling (not part of the timed run) ----------------------------------------------------


def profile(cfg: dict[str, Any]) -> str:
    out = io.StringIO()
    texts = [provenance.dumps(seed_lineage(i)) for i in range(cfg["seed_docs"])]
    ours_batch(texts[:200])
    size = max(cfg["chains"])
    chain = provenance.dumps(chain_lineage(size))
    for title, work in (
        (f"seed-shaped, {len(texts):,} documents", lambda: ours_batch(texts)),
        (f"chain of {size:,} versions", lambda: ours_batch([chain])),
    ):
        profiler = cProfile.Profile()
        profiler.enable()
        work()
        profiler.disable()
        out.write(f"\n=== cProfile, load + validate + dump, {title}: top 15 by tottime ===\n")
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


# -- main -------------------------------------------------------------------------------------


def measure_exports(cfg: dict[str, Any]) -> str:
    """Every export format per seed-shaped lineage, and prov's own build + serialize of the
    same lineages, in this same run (the W3C PROV figures come from benchmarks/exports.py)."""
    import warnings

    import exports  # benchmarks/exports.py, beside this script

    from provenance import formats
    from provenance.errors import LossWarning

    count, repeat = (300, 3) if cfg is QUICK else (2000, 5)
    lineages = [seed_lineage(i) for i in range(count)]
    log(f"exports: {count} lineages x {repeat} repeats, every format, and prov")
    lines = [
        f"6. Exports: {count} seed-shaped lineages, per lineage, median of {repeat} repeats",
        "-" * 78,
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)  # what each format drops is documented
        for name in formats.names():
            dumps = formats.get(name).dumps
            runs = []
            for _ in range(repeat):
                start = perf()
                for lineage in lineages:
                    dumps(lineage)
                runs.append(perf() - start)
            lines.append(f"  ours: {name:<34}{median(runs) / count * 1e6:>10.1f} us")
        if HAVE_PROV:
            figures = exports.measure(lineages, repeat)
            lines += [
                f"  prov: build + PROV-JSON serialize {figures['prov_build_json_us']:>14.1f} us",
                f"  prov: build + PROV-N serialize    {figures['prov_build_provn_us']:>14.1f} us",
                f"  speed-up of our prov-json vs prov {figures['speedup_json']:>13.1f}x  "
                + ("PASS" if figures["speedup_json"] >= 10 else "MISS")
                + " (target >= 10x)",
                f"  speed-up of our prov-n vs prov    {figures['speedup_provn']:>13.1f}x",
            ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer documents, repetitions and smaller chains (CI smoke run)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print cProfile summaries of the seed and largest chain, then exit",
    )
    parser.add_argument(
        "--skip-startup", action="store_true", help="skip the subprocess start-up measurements"
    )
    parser.add_argument(
        "--skip-exports", action="store_true", help="skip the export formats (section 6)"
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL

    if args.profile:
        print(profile(cfg))
        return 0

    started = perf()
    results: dict[str, Any] = {
        "environment": {
            "provenance": provenance.__version__,
            "prov": _prov_version(),
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
            "mode": "quick" if args.quick else "full",
            "gc_enabled": gc.isenabled(),
            "load_average_before": os.getloadavg(),
        }
    }
    measure_seed(cfg, results)
    largest = measure_chains(cfg, results)
    measure_memory(cfg, results, largest)
    del largest
    if not args.skip_startup:
        measure_startup(cfg, results)
    results["environment"]["run_s"] = perf() - started
    results["environment"]["load_average_after"] = os.getloadavg()
    derive(results)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(render(results))
        if not args.skip_exports:
            print()
            print(measure_exports(cfg))
    return 0


def _prov_version() -> str | None:
    if not HAVE_PROV:
        return None
    import prov

    return str(getattr(prov, "__version__", "?"))


if __name__ == "__main__":
    raise SystemExit(main())
