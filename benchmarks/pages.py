"""Reading lineages off real pages: agreement with the annotations, pages per second, WARC memory.

Run from the repository root (needs the ``web`` extra)::

    .venv/bin/python benchmarks/pages.py              # agreement per split, speed, WARC memory
    .venv/bin/python benchmarks/pages.py --misses     # also list each disagreement (dev only)
    .venv/bin/python benchmarks/pages.py --quick      # agreement and speed; a 1,000-record WARC
    .venv/bin/python benchmarks/pages.py --json       # the figures as JSON

The pages are ``tests/data/pages/*.html.gz``, annotated in ``index.jsonl`` by reading them
(see its README). Each is read by :func:`provenance.pages.read_with_evidence` with its ``url``.

**Agreement**, per split (``dev``, on which rules may be tuned, and ``test``, frozen, only
measured), over the pages whose annotation states the field:

- ``read``: the page gave a lineage (no exception at all counts as a traceback);
- ``language``: the subject's language names the annotated language (regions aside);
- ``title``: the subject's title equals the headline, compared without case, spacing and
  punctuation;
- ``date``: the subject's ``published`` day, as the page wrote it, is the annotated day;
- ``publisher``: the subject publisher's name and the annotated outlet are equal or one holds
  the other, compared the same way;
- ``no invented derivation``: a page annotated with no derivation gives none.
- ``derivation found`` (reported, not a goal): a page annotated with one gives one.

The tests import :func:`score` and assert the goals on it (``tests/test_pages_real.py``).

**Speed**: every page read in one process, repeated; the median is pages per second (wall
clock), beside trafilatura's own ``bare_extraction(with_metadata=True)`` on the same pages in
the same run. Goal: at least 20 pages/s. **Memory**: a WARC of N records (the pages over and
over, plus non-HTML records) is written to a temporary file and streamed through
``provenance page --warc`` machinery (:func:`provenance.pages.read_warc` + the page task);
the peak RSS after the first 10 % and at the end are compared. Goal: flat.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
GOALS = {"read": 0.99, "language": 0.95, "title": 0.95, "date": 0.95, "publisher": 0.90}


def rows(split: str | None = None) -> list[dict[str, Any]]:
    """The annotations, in file order; only one split's when ``split`` is given."""
    found = [
        json.loads(line)
        for line in (PAGES / "index.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    return [row for row in found if split is None or row["split"] == split]


def page_bytes(row: dict[str, Any]) -> bytes:
    return gzip.decompress((PAGES / row["file"]).read_bytes())


_NOT_WORD = re.compile(r"[\W_]+")
_PERSIAN_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


def fold(text: str | None) -> str:
    """Text without case, spacing and punctuation, for comparing names and headlines; the
    Arabic forms of the letters Persian writes its own way (ي ك) count as the Persian."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PERSIAN_FORMS)
    return _NOT_WORD.sub("", folded)


def checks(row: dict[str, Any], lineage: Any) -> dict[str, bool | None]:
    """Per field: True (agrees), False (disagrees) or None (the annotation states nothing)."""
    from provenance import languages

    subject = lineage.subject_version
    result: dict[str, bool | None] = {"read": True}
    result["language"] = languages.same_language(subject.language, row["language"])
    result["title"] = fold(subject.title) == fold(row["title"]) if row["title"] else None
    if row["published"]:
        result["date"] = _same_day(subject.published, row["published"])
    else:
        result["date"] = None
    if row["publisher"]:
        name = (
            lineage.agent(subject.publisher).name
            if subject.publisher and lineage.has_agent(subject.publisher)
            else ""
        )
        got, want = fold(name), fold(row["publisher"])
        result["publisher"] = bool(got) and (got == want or got in want or want in got)
    else:
        result["publisher"] = None
    if row["derivation"] is None:
        result["no invented derivation"] = not lineage.derivations
        result["derivation found"] = None
    else:
        result["no invented derivation"] = None
        result["derivation found"] = bool(lineage.derivations)
    return result


def _same_day(found: Any, day: str) -> bool:
    """Whether a date read off a page is the day the page gives. A UTC datetime (``Z``) says
    nothing of the page's own time zone, so it agrees with the day it falls in somewhere on
    Earth (UTC-12 to UTC+14); any other date must be that day as written."""
    import datetime as dt

    if found is None or found.day is None:
        return False
    if f"{found.year:04d}-{found.month:02d}-{found.day:02d}" == day:
        return True
    instant = found.as_datetime()
    if instant is None or found.offset != 0:
        return False
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return start - dt.timedelta(hours=14) <= instant < start + dt.timedelta(hours=36)


def read_row(row: dict[str, Any]) -> tuple[Any, str | None]:
    """The reading of one page, or None and why it failed (an exception's type and text)."""
    from provenance import ParseError, pages

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # loss warnings: not what is measured here
            return pages.read_with_evidence(page_bytes(row), url=row["url"]), None
    except ParseError as error:
        return None, f"ParseError: {error}"
    except Exception as error:  # a traceback: the worst outcome, counted apart
        return None, f"TRACEBACK {type(error).__name__}: {error}"


def score(split: str) -> dict[str, Any]:
    """Agreement figures for one split: per field, agreed / stated and the rate."""
    tallies: dict[str, list[int]] = {}
    misses: list[str] = []
    tracebacks = 0
    for row in rows(split):
        reading, error = read_row(row)
        if reading is None:
            assert error is not None
            tracebacks += error.startswith("TRACEBACK")
            tallies.setdefault("read", [0, 0])[1] += 1
            misses.append(f"{row['file']}: not read: {error}")
            continue
        for field, ok in checks(row, reading.lineage).items():
            if ok is None:
                continue
            tally = tallies.setdefault(field, [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                misses.append(_miss(row, reading.lineage, field))
    figures = {
        field: {"agreed": a, "stated": n, "rate": a / n if n else 1.0}
        for field, (a, n) in tallies.items()
    }
    return {
        "pages": len(rows(split)),
        "tracebacks": tracebacks,
        "fields": figures,
        "misses": misses,
    }


def _miss(row: dict[str, Any], lineage: Any, field: str) -> str:
    subject = lineage.subject_version
    got: Any = {
        "language": subject.language,
        "title": subject.title,
        "date": str(subject.published) if subject.published else None,
        "publisher": lineage.agent(subject.publisher).name
        if subject.publisher and lineage.has_agent(subject.publisher)
        else None,
        "no invented derivation": [d.kind.value for d in lineage.derivations],
        "derivation found": None,
    }[field]
    want = {
        "language": row["language"],
        "title": row["title"],
        "date": row["published"],
        "publisher": row["publisher"],
        "no invented derivation": None,
        "derivation found": row["derivation"],
    }[field]
    return f"{row['file']}: {field}: got {got!r}, annotated {want!r}"


# -- speed ----------------------------------------------------------------------------------------


def _median_rate(work: Any, items: list[Any], repeats: int) -> tuple[float, float]:
    """Items per second of wall clock and per CPU-second of this process, medians."""
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        for item in items:
            work(item)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return len(items) / statistics.median(walls), len(items) / statistics.median(cpus)


def speed(repeats: int) -> dict[str, float]:
    from provenance import pages

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import trafilatura

        corpus = [(page_bytes(row), row["url"]) for row in rows()]
        size = sum(len(content) for content, _ in corpus) / len(corpus)
        pages.read(corpus[0][0])  # load what loads once (the language model) before timing
        ours = _median_rate(lambda item: pages.read(item[0], url=item[1]), corpus, repeats)
        theirs = _median_rate(
            lambda item: trafilatura.bare_extraction(
                item[0], url=item[1], with_metadata=True, fast=True
            ),
            corpus,
            repeats,
        )
    return {
        "pages": len(corpus),
        "mean_kb": size / 1024,
        "ours": ours[0],
        "ours_cpu": ours[1],
        "trafilatura": theirs[0],
        "trafilatura_cpu": theirs[1],
    }


# -- WARC memory -------------------------------------------------------------------------------


def _peak_kb() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def warc_memory(records: int) -> dict[str, float]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from provenance import pages

    corpus = [(page_bytes(row), row["url"] or "https://example.org/") for row in rows()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.warc.gz"
        with open(path, "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for number in range(records):
                content, url = corpus[number % len(corpus)]
                html = number % 5 != 4  # one record in five is an image
                headers = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", "text/html" if html else "image/png")],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    f"{url}#{number}",
                    "response",
                    payload=io.BytesIO(content if html else b"\x89PNG" * 100),
                    http_headers=headers,
                )
                writer.write_record(record)
                record.raw_stream.close()
        task = pages.page_task()
        early = None
        done = 0
        start, cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as stream:
            for done, page in enumerate(pages.read_warc(stream), 1):
                task(page, line=done, source=None)
                if done == max(1, records * 4 // 5 // 10):
                    early = _peak_kb()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = path.stat().st_size
    late = _peak_kb()
    return {
        "records": records,
        "html_pages": done,
        "warc_mb": size / 2**20,
        "peak_rss_mb_at_10pct": (early or late) / 1024,
        "peak_rss_mb_at_end": late / 1024,
        "pages_per_s": done / elapsed,
        "pages_per_cpu_s": done / cpu,
    }


# -- report --------------------------------------------------------------------------------------


def _table(name: str, figures: dict[str, Any]) -> Iterable[str]:
    yield f"{name}: {figures['pages']} pages, {figures['tracebacks']} tracebacks"
    for field, f in figures["fields"].items():
        goal = GOALS.get(field)
        mark = (
            "" if goal is None else ("  ok" if f["rate"] >= goal else f"  MISS (goal {goal:.0%})")
        )
        yield f"  {field:<24} {f['agreed']:>3}/{f['stated']:<3} {f['rate']:7.1%}{mark}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list dev disagreements")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {split: score(split) for split in ("dev", "test")}
    print("speed …", file=sys.stderr)
    report["speed"] = speed(1 if args.quick else 3)
    print("WARC memory …", file=sys.stderr)
    report["warc"] = warc_memory(1000 if args.quick else 10_000)
    if args.json:
        for split in ("dev", "test"):
            report[split].pop("misses")
        print(json.dumps(report, indent=2))
        return 0
    for split in ("dev", "test"):
        for line in _table(split, report[split]):
            print(line)
    if args.misses:
        print("dev disagreements:")
        for miss in report["dev"]["misses"]:
            print(f"  {miss}")
    s = report["speed"]
    mark = "ok" if s["ours"] >= 20 else "MISS (goal 20)"
    print(
        f"speed: {s['pages']} pages, mean {s['mean_kb']:.0f} KB: provenance.pages.read "
        f"{s['ours']:.1f} pages/s ({mark}), {s['ours_cpu']:.1f} per CPU-second; trafilatura "
        f"bare_extraction with metadata {s['trafilatura']:.1f} pages/s, "
        f"{s['trafilatura_cpu']:.1f} per CPU-second"
    )
    w = report["warc"]
    print(
        f"WARC: {w['records']:,} records ({w['html_pages']:,} HTML, {w['warc_mb']:.1f} MB "
        f"gzipped), {w['pages_per_s']:.1f} pages/s ({w['pages_per_cpu_s']:.1f} per "
        f"CPU-second); peak RSS {w['peak_rss_mb_at_10pct']:.0f} MB "
        f"after 10 %, {w['peak_rss_mb_at_end']:.0f} MB at the end"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
