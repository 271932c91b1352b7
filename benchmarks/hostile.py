"""Hostile pages: how the HTML JSON-LD reader's time grows with the size of a page built to hurt.

Run from the repository root::

    .venv/bin/python benchmarks/hostile.py            # sizes up to 1,000,000 characters
    .venv/bin/python benchmarks/hostile.py --quick    # up to 100,000
    .venv/bin/python benchmarks/hostile.py --json     # the figures as JSON on stdout

Each shape is a ``<script type="application/ld+json">`` whose JSON is padded with a long run
of white space, with and without the ``<!-- -->`` and ``<![CDATA[ ]]>`` wrappers old templates
put around it (the wrapper pattern was quadratic in the run: 100,000 spaces took over 20 s),
and a page of many small scripts (one article per 100 characters). For each shape the time per
size and the ratio of the largest to the smallest time per character: about 1 for linear work,
the size ratio for quadratic. Target: a per-character ratio under 3 for every shape, and the
largest size within 1 s for every padded script. The script measures and prints; it never asserts.

Timing: ``time.perf_counter``, the median of 3 repeats after a ``gc.collect()``; pages are
built before timing starts; LossWarnings are ignored.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable

from provenance.errors import LossWarning, ParseError
from provenance.formats import jsonld

TARGET_SECONDS = 1.0
TARGET_RATIO = 3.0
BODY = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Floods"}'


def script(text: str) -> str:
    return f'<html><head><script type="application/ld+json">{text}</script></head></html>'


SHAPES: dict[str, Callable[[int], str]] = {
    "JSON then spaces": lambda n: script(BODY + " " * n),
    "spaces, JSON, spaces": lambda n: script(" " * n + BODY + " " * n),
    "<!-- spaces JSON spaces -->": lambda n: script("<!--" + " " * n + BODY + " " * n + "-->"),
    "CDATA, spaces before //]]>": lambda n: script("//<![CDATA[" + BODY + " " * n + "//]]>"),
    "spaces then ]]> unclosed": lambda n: script(BODY + " " * n + "]]"),
    "many small scripts": lambda n: script(BODY) * max(1, n // 100),
}
# Shapes held to the per-character ratio only: a page of 10,000 articles is real work.
NO_TIME_TARGET = frozenset({"many small scripts"})


def read(page: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        with contextlib.suppress(ParseError):
            jsonld.from_html(page)


def measure(page: str, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        read(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 100,000 only")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    results = []
    for name, build in SHAPES.items():
        pages = {size: build(size) for size in sizes}
        seconds = {size: measure(page) for size, page in pages.items()}
        per_char = [seconds[size] / len(pages[size]) for size in sizes]
        ratio = per_char[-1] / per_char[0] if per_char[0] > 0 else float("inf")
        fast = name in NO_TIME_TARGET or seconds[sizes[-1]] <= TARGET_SECONDS
        ok = fast and ratio <= TARGET_RATIO
        results.append({"shape": name, "seconds": seconds, "ratio": ratio, "ok": ok})
        print(f"  {name}: done", file=sys.stderr)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    header = "".join(f"{size:>14,}" for size in sizes)
    print(f"{'shape':<30}{header}   per-char ratio")
    for row in results:
        cells = "".join(f"{row['seconds'][size] * 1000:>12.2f}ms" for size in sizes)
        verdict = "ok" if row["ok"] else "MISS"
        print(f"{row['shape']:<30}{cells}   {row['ratio']:>6.2f}  {verdict}")
    print(f"target: largest size <= {TARGET_SECONDS:.0f} s, per-char ratio <= {TARGET_RATIO:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
