"""provenance.pages on the real saved pages of tests/data/pages, against their annotations.

The scorer is ``benchmarks/pages.py`` (it prints the same figures for both splits). Rules were
tuned on the ``dev`` split only; the goals of issue 10 are asserted there. The frozen ``test``
split is only measured: here it must read without a traceback and be read at the same rate,
and ``benchmarks/pages.py`` prints its agreement (the README of the data explains the split).
"""

from __future__ import annotations

import functools
import importlib.util
import pathlib
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("trafilatura")

from provenance import Kind, pages

ROOT = pathlib.Path(__file__).parent.parent


@functools.cache
def _bench() -> ModuleType:
    path = ROOT / "benchmarks" / "pages.py"
    spec = importlib.util.spec_from_file_location("bench_pages", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _score(split: str) -> dict[str, Any]:
    figures: dict[str, Any] = _bench().score(split)
    return figures


def _row(file: str) -> dict[str, Any]:
    (row,) = [r for r in _bench().rows() if r["file"] == file]
    return row


def _read(file: str) -> pages.PageReading:
    row = _row(file)
    return pages.read_with_evidence(_bench().page_bytes(row), url=row["url"])


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_page_reads_without_a_traceback(split: str) -> None:
    figures = _score(split)
    assert figures["tracebacks"] == 0, figures["misses"]
    read = figures["fields"]["read"]
    assert read["rate"] >= 0.99, figures["misses"]


@pytest.mark.parametrize(
    ("field", "goal"),
    [("language", 0.95), ("title", 0.95), ("date", 0.95), ("publisher", 0.90)],
)
def test_dev_pages_agree_with_what_they_state(field: str, goal: float) -> None:
    figures = _score("dev")
    assert figures["fields"][field]["rate"] >= goal, [
        m for m in figures["misses"] if f": {field}:" in m
    ]


def test_no_derivation_is_invented_on_a_dev_page_that_states_none() -> None:
    figures = _score("dev")
    found = figures["fields"]["no invented derivation"]
    assert found["agreed"] == found["stated"], [
        m for m in figures["misses"] if "no invented derivation" in m
    ]


# -- spot checks, one page at a time (dev pages) -------------------------------------------------


def test_persian_page_dated_only_in_the_solar_hijri_calendar() -> None:
    reading = _read("aryanews.com-bourse.html.gz")
    subject = reading.lineage.subject_version
    assert subject.language == "fa"
    assert str(subject.published) == "2020-06-22"  # '2 تير 1399', never the year 1399
    assert subject.title == "ورود 50 هزار میلیارد تومان نقدینگی به بورس در 3 ماه"
    assert reading.lineage.agent(subject.publisher).name == "خبرگزاری آريا"
    assert subject.url is not None
    assert subject.url.startswith("http://www.aryanews.com/News/")  # relative og:url, resolved


def test_arabic_page_with_no_language_markup() -> None:
    reading = _read("almadenahnews.com-deaths.html.gz")
    subject = reading.lineage.subject_version
    assert subject.language == "ar"
    assert str(subject.published) == "2020-04-24"
    assert subject.title == "أميركا :50 الفا حصيلة الوفيات بسبب فيروس كورونا"
    assert reading.lineage.agent(subject.publisher).name == "المدينة نيوز"
    assert reading.lineage.derivations == ()


def test_agency_page_own_dateline_is_no_republication() -> None:
    lineage = _read("reuters.com-skoda.html.gz").lineage
    assert lineage.derivations == ()
    assert lineage.agent(lineage.subject_version.publisher).name == "Reuters"


def test_page_declaring_latin_1_but_saved_as_utf_8() -> None:
    subject = _read("farodevigo.es-iniesta.html.gz").lineage.subject_version
    assert subject.title == 'Andrés Iniesta: "Los recuerdos son mágicos"'


def test_broken_json_ld_is_reported_and_the_page_still_read() -> None:
    reading = _read("reuters.com-skoda.html.gz")
    assert [f.code for f in reading.findings] == ["PV604"]
    assert reading.lineage.subject_version.title is not None


def test_other_language_editions_are_kept() -> None:
    reading = _read("reuters.com-parasite.html.gz")
    assert [e.language for e in reading.editions] == ["en-US", "ja-JP", "zh-CN"]
    assert all(e.url.startswith("https://") for e in reading.editions)
    assert reading.lineage.derivations == ()  # editions are no derivations


def test_italian_wire_story_republished_by_a_newspaper() -> None:
    lineage = _read("lagazzettadelmezzogiorno.it-biden.html.gz").lineage
    (step,) = lineage.derivations
    assert step.kind is Kind.REPUBLICATION
    source = lineage.version(step.sources[0])
    assert lineage.agent(source.publisher).name == "ANSA"
    assert lineage.subject_version.language == "it"  # the text's: the page states none
