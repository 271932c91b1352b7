"""provenance.pages and ``provenance page``: a page in, its lineage out (synthetic pages).

The real pages, with their expected fields, are in ``tests/test_pages_real.py``.
"""

from __future__ import annotations

import gzip
import io
import json
import pathlib
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance import ParseError, pages
from provenance.cli import run
from provenance.errors import MissingExtraError
from provenance.model import Kind

pytest.importorskip("trafilatura")

UNIT = pathlib.Path(__file__).parent / "data" / "pages_unit"


def _page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body><article>{body}</article></body></html>"
    )


_BODY = (
    "<p>Heavy rain flooded the coast on Monday, and the authorities closed three roads near "
    "the harbour while the water kept rising through the night.</p>"
    "<p>The weather service expects more rain until the weekend; ferries are suspended.</p>"
)


def _jsonld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# -- the seed case ------------------------------------------------------------------------------


def test_the_shafaqna_credit_line_gives_the_persian_to_english_translation() -> None:
    reading = pages.read_with_evidence((UNIT / "shafaqna_en.html").read_bytes())
    lineage = reading.lineage
    assert lineage.languages() == ("fa", "en")
    (step,) = lineage.derivations
    assert step.kind is Kind.TRANSLATION
    source = lineage.version(step.sources[0])
    assert lineage.agent(source.publisher).name == "Shafaqna Persian"
    subject = lineage.subject_version
    assert lineage.agent(subject.publisher).name == "Shafaqna English"
    assert subject.title == "The Presidents of Iraq and Syria discussed strengthening ties"
    assert str(subject.published) == "2021-06-10T18:40:12Z"
    assert reading.credit_line == (
        "This news is originally published by Shafaqna Persian and translated by Shafaqna English"
    )
    sources = {e.path: e.source for e in reading.evidence}
    assert sources["$.derivations[0].kind"].startswith("credit line")
    assert sources["$.versions[1].title"] == "<h1>, as the title metadata has it"
    assert reading.findings == ()


def test_hreflang_editions_are_kept_beside_the_lineage_not_as_versions() -> None:
    reading = pages.read_with_evidence((UNIT / "shafaqna_en.html").read_text("utf-8"))
    assert [(e.language, e.url) for e in reading.editions] == [
        ("fa", "https://fa.shafaqna.example/news/20210610/")
    ]  # x-default names no language: left out
    assert reading.lineage.extensions["page"]["editions"] == [
        {"language": "fa", "url": "https://fa.shafaqna.example/news/20210610/"}
    ]
    assert all(v.url != reading.editions[0].url for v in reading.lineage.versions)


# -- a page that states no derivation -----------------------------------------------------------


def test_a_page_stating_no_derivation_is_one_version_with_its_fields() -> None:
    lineage = pages.read(
        (UNIT / "plain_de.html").read_bytes(), url="https://abendpost.example/rhein"
    )
    assert lineage.derivations == ()
    (version,) = lineage.versions
    assert version.language == "de"
    assert version.title == "Hochwasser am Rhein: Pegel steigt weiter"  # site name cut off
    assert lineage.agent(version.publisher).name == "Rheinische Abendpost"
    assert str(version.published) == "2024-01-05"
    assert version.url == "https://abendpost.example/rhein"
    assert [lineage.agent(a).name for a in version.authors] == ["Jana Keller"]


def test_the_page_own_dateline_is_no_derivation() -> None:
    # "به گزارش شفقنا" ("Shafaqna reports") on Shafaqna's own page names no other source.
    lineage = pages.read((UNIT / "shafaqna_fa_jsonld.html").read_bytes())
    assert lineage.derivations == ()
    subject = lineage.subject_version
    assert subject.language == "fa-IR"
    assert subject.title == "گفتگوی تلفنی روسای جمهور عراق و سوریه"
    assert lineage.agent(subject.publisher).name == "شفقنا"
    assert str(subject.published) == "2021-06-10T17:05:00+04:30"


def test_body_text_about_translation_is_not_a_credit_line() -> None:
    body = (
        "<p>The novel was translated into 30 languages, its publisher said on Monday.</p>"
        + _BODY * 3
        + "<p>The ministry said the book was translated by a team of volunteers over years.</p>"
        + _BODY
    )
    lineage = pages.read(_page("<title>Books</title>", body))
    assert lineage.derivations == ()


# -- structured data ------------------------------------------------------------------------------


def test_json_ld_wins_and_page_signals_fill_the_gaps() -> None:
    head = (
        '<title>Ignored | Site</title><meta property="og:site_name" content="Daily Example">'
        '<meta property="article:published_time" content="2024-03-01T08:00:00Z">'
        + _jsonld(headline="Floods close roads", inLanguage="en-GB")
    )
    reading = pages.read_with_evidence(_page(head, _BODY, lang="en-GB"), url="https://e.example/a")
    subject = reading.lineage.subject_version
    assert (subject.title, subject.language) == ("Floods close roads", "en-GB")
    assert reading.lineage.agent(subject.publisher).name == "Daily Example"
    assert str(subject.published) == "2024-03-01T08:00:00Z"
    sources = {e.path: e.source for e in reading.evidence}
    assert sources["$.versions[0].title"] == "json-ld"
    assert sources["$.versions[0].published"] == '<meta article:published_time="…">'


def test_a_json_ld_translation_is_read_with_its_original() -> None:
    head = _jsonld(
        headline="Floods",
        inLanguage="en",
        url="https://e.example/en/floods",
        translationOfWork={
            "@type": "NewsArticle",
            "inLanguage": "de",
            "url": "https://e.example/de",
        },
        translator={"@type": "Person", "name": "Mia Berg"},
    )
    lineage = pages.read(_page(head, _BODY))
    assert lineage.languages() == ("de", "en")
    assert lineage.derivations[0].kind is Kind.TRANSLATION


def test_microdata_is_read_when_there_is_no_json_ld() -> None:
    body = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Bridge reopens</h1><meta itemprop="inLanguage" content="fr">'
        '<meta itemprop="datePublished" content="2023-05-02">' + _BODY + "</div>"
    )
    reading = pages.read_with_evidence(_page("", body, lang="fr"))
    subject = reading.lineage.subject_version
    assert (subject.title, subject.language, str(subject.published)) == (
        "Bridge reopens",
        "fr",
        "2023-05-02",
    )
    assert {e.source for e in reading.evidence if e.path.endswith(".title")} == {"microdata"}


def test_rdfa_with_schema_org_is_read() -> None:
    body = (
        '<div vocab="https://schema.org/" typeof="NewsArticle">'
        '<h1 property="headline">Harbour expands</h1>'
        '<span property="inLanguage">nl</span>' + _BODY + "</div>"
    )
    subject = pages.read(_page("", body, lang="nl")).subject_version
    assert (subject.title, subject.language) == ("Harbour expands", "nl")


# -- findings: the page against itself -------------------------------------------------------------


def test_html_lang_against_in_language_is_pv601_and_the_json_ld_is_kept() -> None:
    reading = pages.read_with_evidence(_page(_jsonld(headline="X", inLanguage="en"), lang="fa"))
    (finding,) = reading.findings
    assert finding.code == "PV601"
    assert finding.location == "$.versions[0].language"
    assert "'fa'" in finding.message
    assert "'en'" in finding.message
    assert reading.lineage.subject_version.language == "en"


def test_a_region_is_no_contradiction() -> None:
    reading = pages.read_with_evidence(_page(_jsonld(headline="X", inLanguage="en"), lang="en-US"))
    assert reading.findings == ()


def test_a_credit_line_against_the_json_ld_is_pv602() -> None:
    head = _jsonld(
        headline="Floods",
        inLanguage="en",
        translationOfWork={"@type": "NewsArticle", "inLanguage": "de"},
        translator={"@type": "Person", "name": "Mia Berg"},
    )
    body = _BODY + "<p>Translated from Persian by Mia Berg.</p>"
    reading = pages.read_with_evidence(_page(head, body))
    assert reading.lineage.languages() == ("de", "en")  # the structured data is kept
    codes = [(f.code, f.location) for f in reading.findings]
    assert ("PV602", "$.derivations") in codes
    assert "'fa'" in reading.findings[0].message


def test_dates_days_apart_are_pv603() -> None:
    head = '<meta property="article:published_time" content="2024-03-09T08:00:00Z">' + _jsonld(
        headline="X", inLanguage="en", datePublished="2024-03-01T08:00:00Z"
    )
    reading = pages.read_with_evidence(_page(head, _BODY))
    assert [(f.code, f.location) for f in reading.findings] == [
        ("PV603", "$.versions[0].published")
    ]
    assert str(reading.lineage.subject_version.published) == "2024-03-01T08:00:00Z"


def test_the_same_instant_in_two_zones_is_no_contradiction() -> None:
    head = '<meta property="article:published_time" content="2024-03-02T01:00:00+05:00">' + _jsonld(
        headline="X", inLanguage="en", datePublished="2024-03-01T20:00:00Z"
    )
    assert pages.read_with_evidence(_page(head, _BODY)).findings == ()


def test_broken_json_ld_is_pv604_and_the_rest_of_the_page_is_read() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle",</script><title>Kept</title>'
    reading = pages.read_with_evidence(_page(head, _BODY))
    (finding,) = reading.findings
    assert finding.code == "PV604"
    assert "number 1" in finding.message
    assert reading.lineage.subject_version.title == "Kept"


def test_json_ld_holding_no_article_is_no_finding() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "WebSite", "name": "Example"}</script>'
    )
    assert pages.read_with_evidence(_page(head, _BODY)).findings == ()


# -- addresses and encodings -----------------------------------------------------------------------


def test_relative_links_resolve_against_the_base_element() -> None:
    head = (
        '<base href="https://cdn.example/news/"><link rel="canonical" href="floods">'
        '<link rel="alternate" hreflang="ar" href="../ar/floods">'
    )
    reading = pages.read_with_evidence(_page(head, _BODY), url="https://e.example/x")
    assert reading.lineage.subject_version.url == "https://cdn.example/news/floods"
    assert reading.editions[0].url == "https://cdn.example/ar/floods"
    assert reading.lineage.extensions["page"]["url"] == "https://e.example/x"


def test_relative_links_without_any_address_are_left_out() -> None:
    lineage = pages.read(_page('<link rel="canonical" href="/floods">', _BODY))
    assert lineage.subject_version.url is None


def test_bytes_in_the_charset_the_page_declares() -> None:
    title = "الأمطار تغمر الساحل"
    page = (
        '<html lang="ar"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=windows-1256">'
        f"<title>{title}</title></head><body><p>نص</p></body></html>"
    ).encode("cp1256")
    lineage = pages.read(page)
    assert (lineage.subject_version.title, lineage.subject_version.language) == (title, "ar")


def test_the_encoding_given_wins_over_the_page() -> None:
    page = '<html><head><meta charset="utf-8"><title>Café</title></head></html>'.encode("latin-1")
    assert pages.read(page, encoding="iso-8859-1").subject_version.title == "Café"


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the page is empty"),
        ("   \n", "the page is empty"),
        (b"\x89PNG\r\n" + bytes(range(256)) * 40, "not an HTML page"),
        ("just words, no markup at all", "no HTML markup"),
    ],
)
def test_what_is_no_page_is_a_located_parse_error(content: bytes | str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        pages.read_with_evidence(content, source="x.html")
    assert reason in str(caught.value)
    assert str(caught.value).startswith("x.html")


def test_wrong_types_fail_at_once() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        pages.read(42)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
@example(b"<\x80")  # a byte decoding could not keep: a loss warning, not a failure
def test_any_input_reads_or_raises_parse_error_and_prints_nothing(
    content: str | bytes,
) -> None:
    from provenance import LossWarning

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lineage = pages.read("<html>" + content if isinstance(content, str) else content)
    except ParseError:
        return
    assert lineage.has_version(lineage.subject)
    assert all(issubclass(w.category, LossWarning) for w in caught), [
        str(w.message) for w in caught
    ]


def test_third_party_libraries_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    junk = "<html><body>" + "<div><p>a</p>" * 2000 + "<table><tr><td>x" * 50 + "</body></html>"
    pages.read(junk)
    pages.read(_page('<script type="application/ld+json">{nope</script>', _BODY))
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from provenance.pages import _html

    _html.require.cache_clear()
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    try:
        with pytest.raises(MissingExtraError) as caught:
            pages.read("<html></html>")
        assert "pip install 'news-provenance[web]'" in str(caught.value)
        code, out, err = _cli("page", str(UNIT / "plain_de.html"))
        assert (code, out) == (2, "")
        assert "pip install 'news-provenance[web]'" in err
    finally:
        monkeypatch.undo()
        _html.require.cache_clear()


# -- the command line ------------------------------------------------------------------------------


def test_cli_one_page_prints_native_json() -> None:
    code, out, err = _cli("page", str(UNIT / "shafaqna_en.html"))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["format"] == "provenance/1"
    assert [v["language"] for v in data["versions"]] == ["fa", "en"]


def test_cli_to_another_format() -> None:
    code, out, _ = _cli("page", "--to", "jsonld", str(UNIT / "shafaqna_en.html"))
    assert code == 0
    graph = json.loads(out)["@graph"]
    assert graph[0]["inLanguage"] == "en"
    assert "translationOfWork" in graph[0]


def test_cli_url_and_stdin() -> None:
    page = (UNIT / "plain_de.html").read_text("utf-8")
    code, out, _ = _cli("page", "--url", "https://a.example/p", "-", stdin=page)
    assert code == 0
    assert json.loads(out)["versions"][0]["url"] == "https://a.example/p"


def test_cli_several_pages_one_line_each_null_for_the_unreadable(tmp_path: pathlib.Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.html"
    code, out, err = _cli(
        "page",
        str(UNIT / "plain_de.html"),
        str(empty),
        str(missing),
        str(UNIT / "shafaqna_en.html"),
    )
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[1] == lines[2] == "null"
    assert json.loads(lines[0])["versions"][0]["language"] == "de"
    assert json.loads(lines[3])["subject"]
    assert f"{empty}: the page is empty" in err
    assert f"{missing}: cannot read" in err
    # the same last line on stderr as every --jsonl verb
    assert err.splitlines()[-1] == "2 documents read; 2 could not be read"


def test_cli_jsonl_with_one_file_is_one_compact_line() -> None:
    code, out, _ = _cli("page", "--jsonl", str(UNIT / "plain_de.html"))
    assert code == 0
    assert out.count("\n") == 1
    assert out.startswith('{"format"')


def test_cli_findings_go_to_stderr_with_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(_page(_jsonld(headline="X", inLanguage="en"), lang="fa"), "utf-8")
    code, out, err = _cli("page", str(path))
    assert code == 0
    assert json.loads(out)
    assert err.startswith(f"{path}: $.versions[0].language: PV601 [warning]")


def test_cli_explain_names_where_each_field_came_from() -> None:
    code, out, _ = _cli("page", "--explain", str(UNIT / "shafaqna_en.html"))
    assert code == 0
    assert "chain: fa (Shafaqna Persian) → en (Shafaqna English)" in out
    assert (
        '$.versions[1].title = "The Presidents of Iraq and Syria discussed strengthening '
        'ties"  ← <h1>, as the title metadata has it' in out
    )
    assert "other editions:\n  fa  https://fa.shafaqna.example/news/20210610/" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--explain", "a", "b"], "--explain reads one page"),
        (["--url", "https://x.example", "a", "b"], "--url names one page's address"),
        (["--jobs", "2", "a"], "--jobs goes with several FILEs"),
        (["--to", "yaml", "a"], "unknown format 'yaml'"),
        (["--indent", "1000000000", "a"], "out of range: give 0 (compact) to 16"),
    ],
)
def test_cli_usage_errors(argv: list[str], message: str) -> None:
    code, out, err = _cli("page", *argv)
    assert (code, out) == (2, "")
    assert message in err


# -- web archives ------------------------------------------------------------------------------


def _warc(path: pathlib.Path, records: list[tuple[str, str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for uri, status, body, content_type in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-01T10:00:00Z"},
            )
            writer.write_record(record)
            record.raw_stream.close()  # the writer's spooled copy of the payload


def _archive(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "crawl.warc.gz"
    arabic = (
        '<html lang="ar"><head><meta charset="windows-1256"><title>عنوان الخبر</title></head>'
        "<body><p>نص الخبر</p></body></html>"
    ).encode("cp1256")
    _warc(
        path,
        [
            (
                "https://a.example/en",
                "200 OK",
                (UNIT / "shafaqna_en.html").read_bytes(),
                "text/html",
            ),
            ("https://a.example/logo.png", "200 OK", b"\x89PNG", "image/png"),
            ("https://a.example/old", "301 Moved", b"", "text/html"),
            ("https://a.example/ar", "200 OK", arabic, "text/html; charset=windows-1256"),
            ("https://a.example/empty", "200 OK", b"", "text/html"),
        ],
    )
    return path


def test_cli_warc_one_line_per_html_response_with_uri_and_capture_date(
    tmp_path: pathlib.Path,
) -> None:
    code, out, err = _cli("page", "--warc", str(_archive(tmp_path)))
    lines = out.splitlines()
    assert len(lines) == 3  # the image and the redirect are skipped
    first = json.loads(lines[0])
    assert first["extensions"]["page"]["url"] == "https://a.example/en"
    assert first["extensions"]["page"]["captured"] == "2024-05-01T10:00:00Z"
    assert [v["language"] for v in first["versions"]] == ["fa", "en"]
    second = json.loads(lines[1])
    assert second["versions"][0]["title"] == "عنوان الخبر"  # the header's charset
    assert second["versions"][0]["url"] == "https://a.example/ar"
    assert lines[2] == "null"
    assert code == 2
    assert "crawl.warc.gz:3 (https://a.example/empty): the page is empty" in err


def test_read_warc_streams_pages_in_order(tmp_path: pathlib.Path) -> None:
    with open(_archive(tmp_path), "rb") as stream:
        found = [(p.url, p.captured) for p in pages.read_warc(stream)]
    assert [url for url, _ in found] == [
        "https://a.example/en",
        "https://a.example/ar",
        "https://a.example/empty",
    ]


def test_cli_a_file_that_is_no_warc(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(gzip.compress(b"<html><p>a page, not an archive</p></html>"))
    code, out, err = _cli("page", "--warc", str(path))
    assert (code, out) == (2, "")
    assert f"{path}: $: not a readable WARC file" in err


def test_page_task_never_raises() -> None:
    task = pages.page_task()
    result = task(b"", line=7, source="s")
    assert (result.ok, result.line, result.error) == (False, 7, "the page is empty")
    assert task(pages.PageInput(content=b"", note="too long"), line=1).error == "too long"


# -- page signals on their own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        (
            "Floods close roads | Daily Example",
            '<meta property="og:site_name" content="Daily Example">',
            "Floods close roads",
        ),
        (
            "Daily Example - Floods close roads",
            '<meta property="og:site_name" content="Daily Example">',
            "Floods close roads",
        ),
        (
            "Floods close three roads near the harbour - Politics - e.example",
            "",
            "Floods close three roads near the harbour",
        ),
        ("洪水封闭道路_科技_示例网", "", "洪水封闭道路"),
        ("Floods close roads (VIDEO) - e.example", "", "Floods close roads"),
        ("Floods: what we know", "", "Floods: what we know"),
    ],
)
def test_the_site_name_is_cut_off_the_title(title: str, head: str, expected: str) -> None:
    page = _page(f"<title>{title}</title>{head}", _BODY)
    assert pages.read(page, url="https://e.example/a").subject_version.title == expected


def test_a_visible_h1_inside_the_title_is_the_headline() -> None:
    head = "<title>Paris | Incendie dans une maison : cinq relogés - Le Journal</title>"
    page = _page(head, "<h1>Incendie dans une maison : cinq relogés</h1>" + _BODY, lang="fr")
    reading = pages.read_with_evidence(page)
    assert reading.lineage.subject_version.title == "Incendie dans une maison : cinq relogés"


def test_the_publisher_is_the_site_name_the_address_names() -> None:
    head = (
        '<title>Skoda deliveries dip - Reuters</title><meta property="og:site_name" content="U.S.">'
    )
    lineage = pages.read(_page(head, _BODY), url="https://www.reuters.com/article/x")
    assert lineage.agent(lineage.subject_version.publisher).name == "Reuters"


def test_a_host_name_gives_way_to_the_site_name() -> None:
    head = '<meta property="og:site_name" content="Arizona Daily Star">' + _jsonld(
        headline="X", inLanguage="en", publisher={"@type": "Organization", "name": "tucson.com"}
    )
    lineage = pages.read(_page(head, _BODY), url="https://tucson.com/news/x")
    assert lineage.agent(lineage.subject_version.publisher).name == "Arizona Daily Star"


def test_without_any_name_the_address_names_the_publisher() -> None:
    lineage = pages.read(_page("", _BODY), url="https://www.sn.dk/erhverv/x")
    assert lineage.agent(lineage.subject_version.publisher).name == "sn.dk"


def test_the_outlet_own_wire_dateline_is_no_derivation() -> None:
    body = (
        "<p>PRAGUE (Reuters) - Deliveries of cars dropped slightly in 2019, the company said.</p>"
    )
    lineage = pages.read(_page("", body + _BODY), url="https://www.reuters.com/article/x")
    assert lineage.derivations == ()


def test_another_agency_dateline_is_a_republication() -> None:
    body = (
        "<p>PRAGUE (Reuters) - Deliveries of cars dropped slightly in 2019, the company said.</p>"
    )
    lineage = pages.read(_page("", body + _BODY), url="https://www.example-news.com/x")
    (step,) = lineage.derivations
    source = lineage.version(step.sources[0])
    assert lineage.agent(source.publisher).name == "Reuters"


def test_a_page_stating_no_language_gets_its_text_language_with_evidence() -> None:
    body = (
        "<p>Il Consiglio dei ministri ha approvato ieri sera il decreto che stanzia nuovi fondi "
        "per le regioni colpite dall'alluvione, con un piano di interventi per le strade.</p>"
    )
    page = "<html><head><title>Alluvione</title></head><body><article>" + body * 2
    reading = pages.read_with_evidence(page + "</article></body></html>")
    assert reading.lineage.subject_version.language == "it"
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".language")]
    assert evidence.source.startswith("the language of its text (py3langid")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Aktualizacja: 05.05.2021, 05:53", "Publikacja: 04.05.2021"], "2021-05-04"),
        (["更新时间 2012年12月10日", "2012年12月6日"], "2012-12-10"),
        (["دوشنبه ۲ تير ۱۳۹۹"], "2020-06-22"),
        (["الجمعة 8 فيفري 2019"], "2019-02-08"),
        (["04/05/2021", "no date here"], None),
        # DD.MM.YY glued to HH:MM, as a forum prints it: never the year 1912.
        (["28.09.1912:44", "28.09.1913:39"], "2019-09-28"),
        (["Kommentar 28.09.1912:44 Uhr"], "2019-09-28"),
        (["am 12.10.2015 um 19:16"], "2015-10-12"),
        # Month names, day first or month first, in the languages news is most written in.
        (["Wednesday, March 30, 2011", "at 9:05 PM"], "2011-03-30"),
        (["Samstag, 9. September 2017", "um 10:52"], "2017-09-09"),
        (["24. April 2020 | Pressemitteilungen"], "2020-04-24"),
        (["15 августа 2016, 13:43"], "2016-08-15"),
        (["Publicado el 4 de mayo de 2021"], "2021-05-04"),
        (["Jan. 4, 2021"], "2021-01-04"),
        (["4 lutego 2022"], "2022-02-04"),
        (["3 MÄRZ 2020"], "2020-03-03"),
        (["May 2020 report, page 12"], None),  # no day
        # A date ending a sentence keeps its day: "4. 2. 2022."
        (["Von Deutscher Tennis Bund 4. 2. 2022."], "2022-02-04"),
    ],
)
def test_the_date_line_a_page_prints(texts: list[str], expected: str | None) -> None:
    from provenance.pages._dateline import read_dateline

    found = read_dateline(texts)
    assert (str(found) if found is not None else None) == expected


def test_a_visible_date_line_dates_a_page_without_date_markup() -> None:
    body = '<div class="date">Veröffentlicht: 12.10.2015, 19:16 Uhr</div>' + _BODY
    lineage = pages.read(_page("<title>Buchpreis</title>", body, lang="de"))
    assert str(lineage.subject_version.published) == "2015-10-12"


def _listing(first_article: str) -> str:
    related = "".join(
        f'<article><h2>Older post {n}</h2><time datetime="20{n:02d}-01-0{n}">old</time></article>'
        for n in (9, 8)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title></head>'
        f"<body>{first_article}{related}</body></html>"
    )


def test_a_related_post_time_does_not_date_the_page() -> None:
    # The <time> of a related post (an <article> without the page's <h1>) is another
    # article's date; the one inside the article holding the <h1> is the page's.
    page = _listing(
        f'<article><h1>Post</h1><time datetime="2021-03-04">4 March</time>{_BODY}</article>'
    )
    reading = pages.read_with_evidence(page)
    assert str(reading.lineage.subject_version.published) == "2021-03-04"
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".published")]
    assert evidence.source == '<meta time[datetime]="…">'


def test_a_listing_of_articles_gives_no_time_of_its_own() -> None:
    # The headline stands outside every <article>: each <time> dates a listed post, so none
    # is the page's. What is left is htmldate's reading of the whole page, named as such.
    page = _listing(f"<h1>Post</h1><article><p>Intro</p>{_BODY}</article>")
    reading = pages.read_with_evidence(page)
    sources = [e.source for e in reading.evidence if e.path.endswith(".published")]
    assert sources in ([], ["htmldate (the page's text and markup)"])


def test_a_date_printed_with_a_month_name_dates_the_page() -> None:
    # No date markup: the date line the page prints, with its month's name, dates it.
    body = '<p class="entry-date">Posted on March 12, 2021 by the editors.</p>' + _BODY
    reading = pages.read_with_evidence(_page("<title>Rain</title>", body))
    assert str(reading.lineage.subject_version.published) == "2021-03-12"
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".published")]
    assert evidence.source == "the date line the page prints"


def test_cli_jobs_keep_the_input_order(tmp_path: pathlib.Path) -> None:
    files = [UNIT / "plain_de.html", UNIT / "shafaqna_en.html", UNIT / "shafaqna_fa_jsonld.html"]
    code, out, _ = _cli("page", "--jobs", "2", *map(str, files * 3))
    assert code == 0
    languages = [json.loads(line)["versions"][-1]["language"] for line in out.splitlines()]
    assert languages == ["de", "en", "fa-IR"] * 3


def test_dask_reads_the_pages_of_many_warc_files(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("dask.bag")
    from provenance import dask as pdask

    _archive(tmp_path)  # crawl.warc.gz
    second = tmp_path / "second.warc"
    _warc(
        second,
        [("https://b.example/de", "200 OK", (UNIT / "plain_de.html").read_bytes(), "text/html")],
    )
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"<html>a page, not an archive</html>")
    results = pdask.read_pages(str(tmp_path / "*.warc*")).compute(scheduler="synchronous")
    found = {(pathlib.Path(r.source).name, r.line): (r.name, r.ok) for r in results}
    assert found[("crawl.warc.gz", 1)] == ("https://a.example/en", True)
    assert found[("crawl.warc.gz", 3)] == ("https://a.example/empty", False)
    assert found[("second.warc", 1)] == ("https://b.example/de", True)
    assert found[("broken.warc", 1)][1] is False
    assert pdask.tally(pdask.read_pages(str(second))).compute(scheduler="synchronous").ok == 1


def test_cli_several_pages_in_a_text_format_are_json_strings() -> None:
    page = str(UNIT / "plain_de.html")
    code, out, err = _cli("page", "--to", "mermaid", page, page)
    assert (code, err) == (0, "2 documents read\n")
    first, second = (json.loads(line) for line in out.splitlines())
    assert first == second
    assert first.startswith("flowchart")


def test_what_the_structured_data_held_unused_is_a_loss_warning() -> None:
    from provenance import LossWarning

    page = _page(_jsonld(headline="X", inLanguage="en", datePublished="yesterday"), _BODY)
    reading = pages.read_with_evidence(page)
    assert any("yesterday" in lost for lost in reading.losses)
    with pytest.warns(LossWarning, match="yesterday"):
        pages.read(page)


def test_a_rights_notice_is_no_credit_line() -> None:
    notice = (
        "<p>Copyright 2020 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission.</p>"
    )
    assert pages.read(_page("<title>X</title>", _BODY + notice)).derivations == ()


def test_what_decoding_could_not_keep_is_a_loss_never_silent() -> None:
    page = '<html lang="de"><head><meta charset="utf-8"></head><p>Grüße aus Berlin</p></html>'
    reading = pages.read_with_evidence(page.encode("latin-1"))
    assert reading.losses == (
        "page decoding drops bytes that are not UTF-8 though the page declares 'utf-8' "
        "(byte 56 is 0xfc; read as windows-1252)",
    )
    told = pages.read_with_evidence(page.encode("utf-8"), encoding="no-such-charset")
    assert told.losses[0].startswith(
        "page decoding drops the encoding 'no-such-charset' it was given (no such encoding)"
    )
    code, _, err = _cli("page", "-", stdin=page)  # text: nothing to decode, nothing lost
    assert (code, "decoding" in err) == (0, False)


def test_a_year_htmldate_found_alone_stays_a_year(monkeypatch: pytest.MonkeyPatch) -> None:
    # htmldate completes a lone year to 1 January ("2013-01-01"); the page said only 2013.
    import htmldate

    monkeypatch.setattr(htmldate, "find_date", lambda *args, **kwargs: "2013-01-01")
    reading = pages.read_with_evidence(_page("<title>Rain</title>", _BODY))
    published = reading.lineage.subject_version.published
    assert published is not None
    assert (published.year, published.month, published.day) == (2013, None, None)
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".published")]
    assert evidence.source == "htmldate (the page's text and markup)"


def test_a_date_in_the_title_dates_a_page_that_gives_no_other() -> None:
    title = "<title>Una solución no violenta - 07.12.2017 - LA NACION</title>"
    reading = pages.read_with_evidence(_page(title, _BODY, lang="es"))
    assert str(reading.lineage.subject_version.published) == "2017-12-07"
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".published")]
    assert evidence.source == "the date line the page prints"
    # Any date the page prints in its body comes first.
    body = '<p class="date">05.12.2017</p>' + _BODY
    later = pages.read(_page(title, body, lang="es"))
    assert str(later.subject_version.published) == "2017-12-05"


@pytest.mark.parametrize(
    "closing",
    [
        # A bibliography's reference: "Trans." is a journal's Transactions, not a translation.
        "- Sneddon, L.U. (2019): Evolution of nociception and pain: evidence from fish models. "
        "Phil. Trans. R. Soc. B 374, 20190290",
        "Quelle: Carlsen OCL et al.: Physical activity in pregnancy: a Norwegian-Swedish "
        "mother-child birth cohort study. AJOG Global Reports 2021. http://dx.doi.org/10.1016/x",
        # A picture's caption, with its credit.
        "Header Image: People have lived in the forests for thousands of years, including those "
        "who made this petroglyph. Credit: Tomas Munita",
        # One fact attributed to an agency, inside the story.
        "Das Dachgeschoss brannte vollkommen aus. Die Kinder waren nach Angaben der Agentur Tass "
        "zwischen anderthalb und vier Jahren alt.",
    ],
)
def test_what_is_not_about_the_article_text_is_no_derivation(closing: str) -> None:
    reading = pages.read_with_evidence(_page("<title>Rain</title>", _BODY + f"<p>{closing}</p>"))
    assert reading.lineage.derivations == ()
    assert reading.credit_line is None


def test_a_reporting_credit_is_still_read_at_the_end_of_a_story() -> None:
    closing = "- Additional reporting from Reuters"
    reading = pages.read_with_evidence(_page("<title>Rain</title>", _BODY + f"<p>{closing}</p>"))
    assert reading.credit_line == closing
    (step,) = reading.lineage.derivations
    assert step.kind is Kind.REPORTING


def test_a_cue_word_in_a_sentence_of_the_story_is_no_credit_line() -> None:
    # Only a cue word ("via") found this step, and the paragraph is the story's own.
    closing = (
        "Via ‚Instagram‘ meldete sich die Team-Weltmeisterin wenig später zu Wort: „Keine "
        "Worte, keine Gefühle, pure Leere“, schrieb sie."
    )
    reading = pages.read_with_evidence(
        _page("<title>Skispringen</title>", _BODY + f"<p>{closing}</p>", lang="de")
    )
    assert reading.lineage.derivations == ()
    # The same reader keeps a labelled credit line at the same place.
    credited = pages.read_with_evidence(
        _page("<title>Handball</title>", _BODY + "<p>Quelle: TSV Bayer Dormagen</p>", lang="de")
    )
    assert credited.credit_line == "Quelle: TSV Bayer Dormagen"
    (step,) = credited.lineage.derivations
    assert step.kind is Kind.REPUBLICATION


def test_the_site_part_of_a_title_in_each_place_it_stands() -> None:
    from provenance.pages import _merge

    # The site first, the headline of og:title after it.
    assert _merge._beyond_headline("BMWK - Förderung gestoppt", "Förderung gestoppt") == "BMWK"
    assert _merge._beyond_headline("Förderung gestoppt", "Förderung gestoppt") is None
    # No end the address names: the shorter end, when it reads as a name.
    title = "Wie CreativeCommons richtig genutzt wird - Kurier"
    assert _merge._title_site(title, None, ["futurezone"]) == "Kurier"
    # Figures rule a part out unless the address names it ("5 Minuten" on 5min.at).
    assert _merge._reads_as_a_name("5 Minuten", ["5min"])
    assert not _merge._reads_as_a_name("5 Minuten", ["kurier"])
    # Initials name a label only from its start; a word of four letters or more inside it.
    assert not _merge._loosely_names_site("Les oreilles loin du front", ["xloldf"])
    assert _merge._loosely_names_site("Les oreilles loin du front", ["loldf"])
    assert _merge._loosely_names_site("Die Zeit", ["zeit"])
    assert _merge._loosely_names_site("Deutscher Schwimm-Verband e.V.", ["dsv"])


def test_rdfa_in_schema_org_is_read_and_other_vocabularies_are_not() -> None:
    html = """<!DOCTYPE html><html lang="en"><head><title>Rain | Daily</title></head><body>
<div vocab="https://schema.org/" typeof="NewsArticle" resource="https://daily.example/rain">
<h1 property="headline">Rain floods the coast</h1>
<span property="author" typeof="Person"><span property="name">Ann Lee</span></span>
<span property="author" typeof="Person"><span property="name">Bo Chen</span></span>
<meta property="datePublished" content="2021-03-04">
<span property="isBasedOn" resource="https://wire.example/orig"></span>
</div>
<div vocab="http://xmlns.com/foaf/0.1/" typeof="Document"><span property="title">Other</span></div>
<article><p>Heavy rain flooded the coast on Monday, and the authorities closed three roads
near the harbour while the water kept rising.</p></article></body></html>"""
    reading = pages.read_with_evidence(html, url="https://daily.example/rain")
    lineage = reading.lineage
    subject = lineage.subject_version
    assert subject.title == "Rain floods the coast"  # not the FOAF document's "Other"
    assert str(subject.published) == "2021-03-04"
    # RDF keeps no order among a property's values: the two authors, in some order.
    assert {lineage.agent(a).name for a in subject.authors} == {"Ann Lee", "Bo Chen"}
    (step,) = lineage.derivations
    assert step.kind is Kind.ADAPTATION
    assert lineage.version(step.sources[0]).url == "https://wire.example/orig"
    sources = {e.path: e.source for e in reading.evidence}
    assert sources["$.versions[0].title"] == sources["$.versions[0].authors"] == "rdfa"


def test_addresses_that_name_no_site() -> None:
    from provenance.pages import _merge

    assert _merge._names_site(" | ", ["daily"])  # punctuation alone names nothing against it
    # A page saved from disk: its address has no host, so it names no publisher.
    saved = pages.read_with_evidence(
        _page("<title>Rain</title>", _BODY), url="file:///tmp/rain.html"
    )
    assert saved.lineage.subject_version.publisher is None
    # No address given: the canonical link's host names the site.
    head = '<title>Floods - RNZ</title><link rel="canonical" href="https://www.rnz.de/floods">'
    linked = pages.read_with_evidence(_page(head, _BODY, lang="de"))
    subject = linked.lineage.subject_version
    assert subject.publisher is not None
    assert linked.lineage.agent(subject.publisher).name == "RNZ"
    assert subject.title == "Floods"


def test_a_blank_title_element_leaves_the_headline_to_og_title() -> None:
    head = '<title>   </title><meta property="og:title" content="Rain floods the coast">'
    reading = pages.read_with_evidence(_page(head, _BODY))
    assert reading.lineage.subject_version.title == "Rain floods the coast"
    (evidence,) = [e for e in reading.evidence if e.path.endswith(".title")]
    assert evidence.source == '<meta og:title="…">'
