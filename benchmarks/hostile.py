"""Hostile input: how long each reader and writer takes on the probes of issue 15.

Run from the repository root::

    .venv/bin/python benchmarks/hostile.py            # every probe, the largest sizes
    .venv/bin/python benchmarks/hostile.py --quick    # smaller fan-ins and runs
    .venv/bin/python benchmarks/hostile.py --json     # the figures as JSON on stdout

Each probe builds its input first (untimed), then times one call: a read, a write or a
command. The target is one second per probe, unless a documented limit (docs/limits.md)
refuses the input first; a refusal is a ParseError (or exit 2) and is timed like any answer.
The table shows wall-clock and CPU time, the input and output sizes and ``ok``, ``refused``
or ``MISS``; the verdict goes by CPU time, which a busy shared machine inflates less.
The script measures and prints; it never asserts (tests/test_fuzz.py checks the answers).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from provenance import LossWarning, ParseError, cli, credits, examples
from provenance._limits import DEFAULT_MAX_SOURCES
from provenance.formats import (
    c2pa,
    diagram,
    dot,
    jsonld,
    mermaid,
    native,
    prov_json,
    prov_n,
    prov_o,
)
from provenance.model import Agent, AgentRole, AgentType, Derivation, Kind, Lineage, Role, Version

TARGET = 1.0  # seconds


def fan_in(sources: int, agents: int = 1) -> Lineage:
    """One translation from ``sources`` versions, credited to ``agents`` translators."""
    people = tuple(
        Agent(id=f"a{i}", type=AgentType.PERSON, name=f"Person {i}") for i in range(agents)
    )
    versions = tuple(Version(id=f"s{i}", language="ar") for i in range(sources))
    step = Derivation(
        target="t",
        sources=tuple(v.id for v in versions),
        kind=Kind.TRANSLATION,
        agents=tuple(AgentRole(p.id, Role.TRANSLATOR) for p in people),
    )
    return Lineage(
        subject="t",
        versions=(*versions, Version(id="t", language="en")),
        derivations=(step,),
        agents=people,
    )


def comb(depth: int) -> Lineage:
    """A lineage that branches at every level: each version has a leaf source and a deeper one."""
    versions = [Version(id=f"v{i}", language="en") for i in range(depth)]
    versions += [Version(id=f"leaf{i}", language="en") for i in range(depth)]
    steps = tuple(
        Derivation(target=f"v{i}", sources=(f"leaf{i}", f"v{i + 1}"), kind=Kind.REPORTING)
        for i in range(depth - 1)
    )
    return Lineage(subject="v0", versions=tuple(versions), derivations=steps)


def seed_with_extensions(text: str) -> str:
    return native.dumps(examples.get("shafaqna"))[:-1] + ',"extensions":' + text + "}"


def nested(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def prov_with_id(local: str) -> str:
    data = json.loads(prov_json.dumps(examples.get("shafaqna")))
    data["entity"]["lineage:" + local] = {
        "prov:type": {"$": "provenance:Version", "type": "prov:QUALIFIED_NAME"},
        "dcterms:language": "en",
    }
    return json.dumps(data)


def html_page(script: str) -> str:
    return f'<html><head><script type="application/ld+json">{script}</script></head></html>'


def run_cli(*argv: str, stdin: str) -> Callable[[], Any]:
    def call() -> Any:
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
        return code, out.getvalue() + err.getvalue()

    return call


def probes(quick: bool) -> list[tuple[str, int, Callable[[], Any]]]:
    """(name, input size, call): each call's input is built here, before any timing."""
    seed = native.dumps(examples.get("shafaqna"))
    found: list[tuple[str, int, Callable[[], Any]]] = []

    def add(name: str, text: str | Lineage, call: Callable[[], Any]) -> None:
        size = len(text) if isinstance(text, str) else len(native.dumps(text))
        found.append((name, size, call))

    surrogate = seed_with_extensions('{"\\udc00": 1}')
    add("validate: lone surrogate in a key", surrogate, run_cli("validate", "-", stdin=surrogate))
    jsonl = (surrogate + "\n") * 5 + (seed + "\n") * 5
    add(
        "validate --jsonl: surrogate lines", jsonl, run_cli("validate", "--jsonl", "-", stdin=jsonl)
    )
    huge = seed_with_extensions('{"n": 1e999}')
    add("convert --to native: 1e999", huge, run_cli("convert", "--to", "native", "-", stdin=huge))
    for levels in (497, 991):
        deep = seed_with_extensions('{"x":' + nested(levels) + "}")
        add(f"native load: extensions {levels} deep", deep, lambda d=deep: native.loads(d))
    for local in ("%80", "%FF", "%ED%A0%80"):
        text = prov_with_id(local)
        add(f"prov-json load: id lineage:{local}", text, lambda t=text: prov_json.loads(t))

    # A fan-in is read (native JSON, PROV-JSON, JSON-LD, the command line) up to the documented
    # limit of sources per derivation and refused past it; a program that builds a wider one
    # itself hands it straight to the writers, which take time in proportion to it.
    writers = (
        ("jsonld", jsonld.dumps),
        ("c2pa", c2pa.dumps),
        ("prov-json", prov_json.dumps),
        ("prov-n", prov_n.dumps),
        ("prov-o", prov_o.dumps),
        ("mermaid", mermaid.dumps),
        ("dot", dot.dumps),
        ("show tree", diagram.to_tree),
    )
    sizes = (
        (DEFAULT_MAX_SOURCES, 5_000, 20_000) if quick else (DEFAULT_MAX_SOURCES, 20_000, 100_000)
    )
    for sources in sizes:
        lineage = fan_in(sources)
        text = native.dumps(lineage)
        add(f"native load: fan-in {sources:,}", text, lambda t=text: native.loads(t))
        if sources <= 20_000:  # built in Python: no reader, no limit
            for name, write in writers:
                add(f"{name}: fan-in {sources:,}", lineage, lambda w=write, li=lineage: w(li))
        if sources <= 20_000:
            for name, read, write in (
                ("prov-json", prov_json.loads, prov_json.dumps),
                ("jsonld", jsonld.loads, jsonld.dumps),
            ):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", LossWarning)
                    document = write(lineage)
                add(f"{name} load: fan-in {sources:,}", document, lambda r=read, d=document: r(d))
        if sources in (DEFAULT_MAX_SOURCES, sizes[-1]):
            for name, _ in writers[:-1]:
                add(
                    f"convert --to {name}: fan-in {sources:,}",
                    text,
                    run_cli("convert", "--to", name, "-", stdin=text),
                )
        add(f"show: fan-in {sources:,}", text, run_cli("show", "-", stdin=text))

    wide = fan_in(2000, 2000)  # about 300 KB of native JSON
    add("mermaid: 2,000 sources x 2,000 agents", wide, lambda: mermaid.dumps(wide))
    add("dot: 2,000 sources x 2,000 agents", wide, lambda: dot.dumps(wide))
    branching = comb(2500 if quick else 6000)  # about 740 KB of native JSON at 6,000
    add("show tree: branching at every level", branching, lambda: diagram.to_tree(branching))

    run = 1_000_000 if not quick else 200_000
    for name, read, write in (
        ("native", native.loads, native.dumps),
        ("prov-json", prov_json.loads, prov_json.dumps),
        ("jsonld", jsonld.loads, jsonld.dumps),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LossWarning)
            document = write(examples.get("shafaqna"))
        title = document.replace("The Presidents", "a" * run + " The Presidents", 1)
        for label, text in (
            ("'['", "[" * run),
            ("'{\"a\":'", '{"a":' * (run // 5)),
            ("'a' in a title", title),
        ):
            add(f"{name} load: run of {label}", text, lambda r=read, t=text: r(t))
    spaces = html_page('{"@type": "NewsArticle", "name": "' + " " * (run // 10) + '"}')
    add("jsonld load: page, run of spaces", spaces, lambda: jsonld.loads(spaces))
    angles = "<" * (run // 5)
    add("jsonld load: run of '<'", angles, lambda: jsonld.loads(angles))
    line = "Translated from Persian by " + "a" * run
    add("extract: a long name", line, lambda: credits.extract(line))
    return found


def warm_up() -> None:
    """Import and first-use costs (language names, compiled patterns) are paid here, once."""
    seed = examples.get("shafaqna")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        for write in (jsonld.dumps, c2pa.dumps, prov_json.dumps, mermaid.dumps, dot.dumps):
            write(seed)
        diagram.to_tree(seed)
        prov_json.loads(prov_json.dumps(seed))
        jsonld.loads(jsonld.dumps(seed))
        credits.extract("Translated from Persian by Ali Rezaei")
        run_cli("show", "-", stdin=native.dumps(seed))()


def measure(call: Callable[[], Any]) -> tuple[float, float, str, int]:
    """Wall-clock and CPU seconds, the answer (``ok`` or ``refused``) and the output size."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    answer, size = "ok", 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LossWarning)
            result = call()
    except ParseError:
        answer = "refused"
    else:
        if isinstance(result, tuple):  # a command: (exit code, output)
            code, output = result
            answer, size = ("refused" if code == 2 else "ok"), len(output)
        elif isinstance(result, str):
            size = len(result)
    return time.perf_counter() - start, time.process_time() - cpu, answer, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args()
    rows = []
    warm_up()
    for name, size, call in probes(args.quick):
        print(f"  {name} …", file=sys.stderr)
        elapsed, cpu, answer, out = measure(call)
        verdict = answer if cpu <= TARGET else "MISS"
        rows.append(
            {
                "probe": name,
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "input": size,
                "output": out,
                "verdict": verdict,
            }
        )
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    print(f"{'probe':<44} {'wall s':>7} {'cpu s':>7} {'input':>10} {'output':>11}  verdict")
    for row in rows:
        print(
            f"{row['probe']:<44} {row['seconds']:>7.3f} {row['cpu_seconds']:>7.3f} "
            f"{row['input']:>10,} {row['output']:>11,}  {row['verdict']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
