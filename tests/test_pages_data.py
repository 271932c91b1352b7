"""The corpus of real saved pages in tests/data/pages is well formed.

The pages are the ground truth for reading lineages off HTML; a broken index
or a silently edited frozen split would make every measurement on them wrong.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from provenance import languages

PAGES = Path(__file__).parent / "data" / "pages"
FIELDS = {
    "file": str,
    "source": str,
    "url": (str, type(None)),
    "split": str,
    "language": str,
    "title": str,
    "published": (str, type(None)),
    "publisher": (str, type(None)),
    "derivation": (dict, type(None)),
    "notes": str,
}
DERIVATION_KINDS = {
    "translation",
    "transliteration",
    "localization",
    "adaptation",
    "summary",
    "excerpt",
    "quotation",
    "republication",
    "transcription",
    "revision",
    "reporting",
}
SITE = re.compile(r"^([a-z0-9.-]+?\.[a-z]{2,})-")


def _lines() -> list[bytes]:
    return (PAGES / "index.jsonl").read_bytes().splitlines(keepends=True)


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines()]


def _site(row: dict[str, Any]) -> str:
    match = SITE.match(row["file"])
    assert match, f"{row['file']}: the file name does not start with the site's domain"
    return match.group(1)


def test_every_line_has_the_fields_with_their_types() -> None:
    for number, row in enumerate(_rows(), 1):
        assert set(row) == set(FIELDS), f"line {number}: fields {sorted(row)}"
        for name, kind in FIELDS.items():
            assert isinstance(row[name], kind), f"line {number}: {name}={row[name]!r}"
        assert row["split"] in {"dev", "test"}, f"line {number}: split {row['split']!r}"
        assert row["title"].strip() == row["title"] != "", f"line {number}: title"
        assert row["notes"].strip(), f"line {number}: notes are empty"
        assert re.fullmatch(r"[\w.-]+/[\w.-]+:.+", row["source"]), row["source"]
        if row["url"] is not None:
            assert row["url"].startswith(("http://", "https://")), row["url"]


def test_dates_are_real_days() -> None:
    for row in _rows():
        if row["published"] is not None:
            day = datetime.date.fromisoformat(row["published"])
            assert datetime.date(1995, 1, 1) < day < datetime.date(2030, 1, 1), row


def test_derivations_are_well_formed() -> None:
    derived = [row for row in _rows() if row["derivation"] is not None]
    assert len(derived) >= 10
    kinds = {row["derivation"]["kind"] for row in derived}
    assert {"translation", "republication"} <= kinds
    for row in derived:
        derivation = row["derivation"]
        assert set(derivation) == {"kind", "source_language", "source_publisher"}, row
        assert derivation["kind"] in DERIVATION_KINDS, row["file"]
        source_language = derivation["source_language"]
        assert source_language is None or languages.is_valid(source_language), row


def test_languages_are_valid_bcp47_and_varied() -> None:
    rows = _rows()
    for row in rows:
        assert languages.is_valid(row["language"]), f"{row['file']}: {row['language']!r}"
    primary = {row["language"].split("-")[0].lower() for row in rows}
    assert len(primary) >= 8, sorted(primary)
    assert {"fa", "ar"} <= primary


def test_at_least_sixty_pages_each_file_there_and_decompressing() -> None:
    rows = _rows()
    assert len(rows) >= 60
    names = [row["file"] for row in rows]
    assert len(set(names)) == len(names), "a file is listed twice"
    on_disk = {path.name for path in PAGES.glob("*.html.gz")}
    assert on_disk == set(names), on_disk ^ set(names)
    for row in rows:
        html = gzip.decompress((PAGES / row["file"]).read_bytes())
        assert 1_000 < len(html) <= 1_000_000, row["file"]
        assert b"<html" in html[:5000].lower() or b"<!doctype" in html[:5000].lower()


def test_split_follows_the_site_hash_and_sites_do_not_straddle() -> None:
    splits: dict[str, str] = {}
    for row in _rows():
        site = _site(row)
        bucket = int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) % 100
        assert row["split"] == ("dev" if bucket < 55 else "test"), row["file"]
        assert splits.setdefault(site, row["split"]) == row["split"], site


def test_frozen_test_split_matches_the_readme() -> None:
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"test-split-sha256: ([0-9a-f]{64})", readme)
    assert recorded, "README.md records no test-split-sha256"
    lines = [line for line in _lines() if json.loads(line)["split"] == "test"]
    assert hashlib.sha256(b"".join(lines)).hexdigest() == recorded.group(1), (
        "the frozen test lines of index.jsonl changed; see tests/data/pages/README.md"
    )


def test_every_page_and_its_source_is_named_in_the_readme() -> None:
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    for row in _rows():
        assert f"`{row['file']}`" in readme, row["file"]
        assert f"`{row['source']}`" in readme, row["source"]
