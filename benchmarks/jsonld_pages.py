"""The JSON-LD reader on real saved pages: what it reads, against what the pages state.

Run from the repository root::

    .venv/bin/python benchmarks/jsonld_pages.py            # both splits
    .venv/bin/python benchmarks/jsonld_pages.py --split dev
    .venv/bin/python benchmarks/jsonld_pages.py --json

For each split of ``tests/data/pages`` (see its README: tune on ``dev`` only, ``test`` is
frozen): how many pages ``jsonld.from_html`` reads, how many it refuses and why (no JSON-LD
script, no creative work, broken JSON), and, of those it reads, how often the subject's
language (primary subtag), day of publication and headline agree with the page's annotation,
how often the language is left ``und``, and the time per page. Markup and the visible page
may disagree (a UTC timestamp on the next day, a headline with the site name): this measures
the markup reader, not the page reader. It prints; it never asserts.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from provenance.errors import LossWarning, ParseError
from provenance.formats import jsonld

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"


def refusal(error: ParseError) -> str:
    text = str(error.problems[0].message)
    if "no <script" in text:
        return "refused: no JSON-LD script"
    if "no creative work" in text:
        return "refused: no creative work"
    if "broken JSON" in text:
        return "refused: broken JSON"
    return "refused: other"


def measure(split: str | None) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in (PAGES / "index.jsonl").read_text("utf-8").splitlines()]
    figures: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    seconds: dict[str, float] = collections.defaultdict(float)
    for row in rows:
        if split is not None and row["split"] != split:
            continue
        counts = figures[row["split"]]
        counts["pages"] += 1
        raw = gzip.decompress((PAGES / row["file"]).read_bytes())
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                lineage = jsonld.from_html(raw, url=row["url"])
            except ParseError as error:
                counts[refusal(error)] += 1
                continue
            finally:
                seconds[row["split"]] += time.perf_counter() - start
        counts["read"] += 1
        counts["foreign warnings"] += sum(not issubclass(w.category, LossWarning) for w in caught)
        version = lineage.subject_version
        counts["language und"] += version.language == "und"
        counts["language agrees"] += (
            version.language.split("-")[0].lower() == row["language"].split("-")[0].lower()
        )
        day = str(version.published)[:10] if version.published is not None else None
        counts["day agrees"] += day == row["published"]
        title = " ".join((version.title or "").split())
        counts["headline agrees"] += title == " ".join(row["title"].split())
    return {
        name: {**dict(counts), "ms per page": 1000 * seconds[name] / counts["pages"]}
        for name, counts in sorted(figures.items())
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], help="one split only")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args(argv)
    results = measure(args.split)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    for name, counts in results.items():
        print(f"{name}: {counts['pages']} pages, {counts.get('read', 0)} read")
        for key, value in counts.items():
            if key not in ("pages", "read"):
                shown = f"{value:.1f}" if isinstance(value, float) else str(value)
                print(f"  {key:<28}{shown:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
