"""schema.org JSON-LD export, read back by rdflib (the real reader) with a local context."""

from __future__ import annotations

import io
import json
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Builder, examples
from provenance.cli import run
from provenance.errors import LossWarning
from provenance.formats import jsonld, native
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    Role,
    Version,
)
from provenance.strategies import any_lineages, lineages
from tests.conftest import DATA

rdflib = pytest.importorskip("rdflib")
from rdflib import RDF, Literal, URIRef  # noqa: E402

SDO = "http://schema.org/"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
CONTEXT = json.loads((DATA / "jsonld" / "schemaorg-context.jsonld").read_text("utf-8"))["@context"]


def quiet(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an export whose loss warnings are not what the test is about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        return func(*args, **kwargs)


def graph_of(text: str) -> Any:
    """Parse our JSON-LD with rdflib, the schema.org context swapped for the local copy."""
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    data["@context"] = CONTEXT
    graph = rdflib.Graph()
    with warnings.catch_warnings():
        # rdflib 7.x's JSON-LD parser goes through its own deprecated ConjunctiveGraph API.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        graph.parse(data=json.dumps(data), format="json-ld")
    return graph


def s(term: str) -> URIRef:
    return URIRef(SDO + term)


def name_of(graph: Any, node: Any) -> str:
    return str(graph.value(node, s("name")))


def node(iri: str) -> URIRef:
    return URIRef(iri)


# -- the seed ----------------------------------------------------------------------------------


def test_seed_triples() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("shafaqna")))
    en, fa = node("urn:provenance:en-article"), node("urn:provenance:fa-article")
    sy, iq = node("urn:provenance:sy-statement"), node("urn:provenance:iq-statement")
    assert (en, RDF.type, s("NewsArticle")) in graph
    assert (fa, RDF.type, s("NewsArticle")) in graph
    assert (sy, RDF.type, s("CreativeWork")) in graph  # a Telegram statement
    assert (iq, RDF.type, s("CreativeWork")) in graph
    assert graph.value(en, s("inLanguage")) == Literal("en")
    assert graph.value(fa, s("inLanguage")) == Literal("fa")
    assert graph.value(sy, s("inLanguage")) == Literal("ar")
    assert set(graph.objects(en, s("translationOfWork"))) == {fa}
    assert set(graph.objects(en, s("isBasedOn"))) == {fa}
    assert set(graph.objects(fa, s("isBasedOn"))) == {sy, iq}
    assert set(graph.objects(fa, s("citation"))) == {sy, iq}
    assert not set(graph.objects(fa, s("translationOfWork")))
    assert name_of(graph, graph.value(en, s("publisher"))) == "Shafaqna English"
    assert name_of(graph, graph.value(en, s("translator"))) == "Shafaqna English"
    assert name_of(graph, graph.value(fa, s("publisher"))) == "Shafaqna Persian"
    assert name_of(graph, graph.value(sy, s("publisher"))) == "Syrian Presidency"
    assert (graph.value(fa, s("publisher")), RDF.type, s("Organization")) in graph
    assert str(graph.value(en, s("headline"))).startswith("The Presidents of Iraq and Syria")
    assert str(graph.value(en, s("datePublished"))) == "2021-06-10"
    assert str(graph.value(en, s("creditText"))) == "Translated from Persian by Shafaqna English."


def test_seed_subject_comes_first_and_warns_what_is_lost() -> None:
    with pytest.warns(LossWarning) as caught:
        data = jsonld.to_dict(examples.get("shafaqna"))
    assert data["@graph"][0]["@id"] == "urn:provenance:en-article"
    message = str(caught[0].message)
    assert message.startswith("jsonld drops ")
    assert "medium of version 'sy-statement' (Telegram)" in message
    assert "derivation kind reporting" in message
    assert jsonld.losses(examples.get("shafaqna")) == tuple(
        message[len("jsonld drops ") :].split("; ")
    )


def test_machine_translation_is_disclosed_without_a_software_translator() -> None:
    with pytest.warns(LossWarning, match="DeepL"):
        text = jsonld.dumps(examples.get("machine"))
    graph = graph_of(text)
    en = node("urn:provenance:en-article")
    assert graph.value(en, s("digitalSourceType")) == URIRef(IPTC + "trainedAlgorithmicMedia")
    assert graph.value(en, s("translator")) is None
    assert str(graph.value(en, s("creditText"))) == (
        "Machine-translated from German by DeepL 2024-05."
    )
    assert str(graph.value(en, s("datePublished"))) == "2024-05-14T16:20:00+02:00"


def test_post_edited_translation() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("post-edited")))
    en = node("urn:provenance:en-article")
    assert graph.value(en, s("digitalSourceType")) == URIRef(
        IPTC + "compositeWithTrainedAlgorithmicMedia"
    )
    assert name_of(graph, graph.value(en, s("editor"))) == "Ana Ruiz"
    assert str(graph.value(en, s("creditText"))) == (
        "Machine-translated from Spanish by Google Translate, post-edited by Ana Ruiz."
    )


def test_relay_keeps_both_hops_and_dates_at_their_precision() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("relay")))
    hi, en, mr = (node(f"urn:provenance:{v}") for v in ("hi-story", "en-story", "mr-story"))
    assert set(graph.objects(hi, s("translationOfWork"))) == {en}
    assert set(graph.objects(en, s("translationOfWork"))) == {mr}
    assert str(graph.value(mr, s("datePublished"))) == "2019"
    assert str(graph.value(en, s("datePublished"))) == "2020-03"


def test_version_url_is_its_id() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("syndication")))
    copy = node("https://gazette.example.com/news/water-rates")
    original = node("https://observer.example.org/2023/09/01/water-rates")
    assert set(graph.objects(copy, s("isBasedOn"))) == {original}
    assert graph.value(copy, s("url")) == copy
    assert name_of(graph, graph.value(copy, s("author"))) == "Jordan Lee"
    assert name_of(graph, graph.value(copy, s("publisher"))) == "Valley Gazette"
    assert name_of(graph, graph.value(original, s("publisher"))) == "The Campus Observer"


def test_ids_are_percent_encoded() -> None:
    b = Builder()
    b.version("a b/é#1", "en")
    text = jsonld.dumps(b.build())
    assert json.loads(text)["@graph"][0]["@id"] == "urn:provenance:a%20b%2F%C3%A9%231"
    graph = graph_of(text)
    assert (node("urn:provenance:a%20b%2F%C3%A9%231"), RDF.type, s("NewsArticle")) in graph


def test_a_url_that_is_no_iri_is_dropped_with_a_warning() -> None:
    b = Builder()
    b.version("v", "en", url="not a url")
    with pytest.warns(LossWarning, match="url of version 'v'"):
        data = jsonld.to_dict(b.build())
    assert data["@graph"][0]["@id"] == "urn:provenance:v"
    assert "url" not in data["@graph"][0]


def test_nothing_lost_means_no_warning() -> None:
    b = Builder()
    outlet = b.organization("Outlet", url="https://outlet.example/")
    source = b.version("fr-article", "fr", publisher=outlet, published="2024-01-02")
    b.translate(source, "en-article", "en", publisher=outlet, translator=outlet)
    lineage = b.build()
    assert jsonld.losses(lineage) == ()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jsonld.dumps(lineage)


def test_derivation_notes_dates_extensions_and_digest_are_named() -> None:
    b = Builder()
    source = b.version("fr-article", "fr", digest="sha256:" + "0" * 64)
    b.translate(source, "en-article", "en", note="abridged", date="2024-01-03")
    lineage = b.build(extensions={"cms": {"id": 7}})
    lost = jsonld.losses(lineage)
    assert "note of derivation en-article from fr-article" in lost
    assert "extensions (cms)" in lost
    assert "digest of version 'fr-article'" in lost
    # one derivation date is kept, as the creation date of its target
    assert quiet(jsonld.to_dict, lineage)["@graph"][0]["dateCreated"] == "2024-01-03"


# -- HTML safety -------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.text(),
    st.sampled_from(
        (
            "</script><script>alert(1)</script>",
            "</SCRIPT >",
            "<!-- x -->",
            "<!--",
            "</scr" + "ipt",
            "a & b < c > d",
            "\u2028\u2029",
            "<\u0000/script>",
        )
    ),
    st.lists(st.sampled_from(("<", "/", "!", "-", "s", "S", "cript", ">", "&")), max_size=12).map(
        "".join
    ),
)


def hostile_lineage(title: str, name: str, note: str) -> Lineage:
    return Lineage(
        subject="v1",
        agents=(
            Agent(id="org", type=AgentType.ORGANIZATION, name=name),
            Agent(id="mt", type=AgentType.SOFTWARE, name=name, version=title),
            Agent(id=name or "x", type=AgentType.PERSON, name=title),
        ),
        versions=(
            Version(id="v0", language="fa", publisher="org", title=name),
            Version(id="v1", language="en", publisher="org", title=title, authors=(name or "x",)),
        ),
        derivations=(
            Derivation(
                target="v1",
                sources=("v0",),
                kind=Kind.TRANSLATION,
                method=Method.MACHINE,
                agents=(AgentRole("mt", Role.TOOL),),
                note=note,
            ),
        ),
    )


@given(HOSTILE, HOSTILE, HOSTILE, st.booleans(), st.sampled_from((None, 2)))
def test_output_is_safe_inside_a_script_element(
    title: str, name: str, note: str, html: bool, indent: int | None
) -> None:
    lineage = hostile_lineage(title, name, note)
    text = quiet(jsonld.dumps, lineage, html=html, indent=indent)
    body = text
    if html:
        prefix, suffix = '<script type="application/ld+json">\n', "\n</script>"
        assert text.startswith(prefix)
        assert text.endswith(suffix)
        body = text[len(prefix) : -len(suffix)]
    lowered = body.lower()
    assert "</script" not in lowered
    assert "<!--" not in lowered
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in body
    # Escaping changes bytes, never the data: the strings parse back exactly.
    data = json.loads(body)
    assert data == quiet(jsonld.to_dict, lineage)
    subject = data["@graph"][0]
    assert subject.get("headline") == title
    assert subject["creditText"].startswith("Machine-translated from Persian by " + name)


# -- every lineage -----------------------------------------------------------------------------


@given(lineages())
def test_rdflib_reads_every_valid_lineage(lineage: Lineage) -> None:
    graph = graph_of(quiet(jsonld.dumps, lineage))
    iris = {v.id: jsonld.version_iri(v) for v in lineage.versions}
    for version in lineage.versions:
        subject = node(iris[version.id])
        types = set(graph.objects(subject, RDF.type))
        assert types & {s("NewsArticle"), s("CreativeWork")}
        assert graph.value(subject, s("inLanguage")) == Literal(version.language)
        if version.publisher is not None:
            publisher = graph.value(subject, s("publisher"))
            assert name_of(graph, publisher) == lineage.agent(version.publisher).name
        if version.published is not None:
            assert str(graph.value(subject, s("datePublished"))) == str(version.published)
    for derivation in lineage.derivations:
        target = node(iris[derivation.target])
        sources = {node(iris[src]) for src in derivation.sources}
        assert sources <= set(graph.objects(target, s("isBasedOn")))
        if derivation.kind is Kind.TRANSLATION:
            assert sources <= set(graph.objects(target, s("translationOfWork")))
            translators = {
                lineage.agent(c.agent).name
                for c in derivation.agents
                if c.role.value == "translator"
            }
            found = {name_of(graph, t) for t in graph.objects(target, s("translator"))}
            assert translators <= found
        if derivation.method in (Method.MACHINE, Method.POST_EDITED):
            assert graph.value(target, s("digitalSourceType")) == URIRef(
                jsonld.DIGITAL_SOURCE_TYPES[derivation.method]
            )


@given(lineages())
def test_losses_are_exactly_what_dumps_warns(lineage: Lineage) -> None:
    lost = jsonld.losses(lineage)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jsonld.dumps(lineage)
    messages = [str(w.message) for w in caught if issubclass(w.category, LossWarning)]
    assert messages == (["jsonld drops " + "; ".join(lost)] if lost else [])
    if lineage.extensions:
        assert any(item.startswith("extensions") for item in lost)


@given(any_lineages())
def test_never_crashes_on_arbitrary_content(lineage: Lineage) -> None:
    text = quiet(jsonld.dumps, lineage, html=True)
    assert "<!--" not in text


# -- command line ------------------------------------------------------------------------------


def test_cli_convert_html(tmp_path: Any) -> None:
    source = tmp_path / "seed.json"
    source.write_text(native.dumps(examples.get("shafaqna")), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["convert", str(source), "--to", "jsonld", "--html"],
        stdin=io.StringIO(),
        stdout=out,
        stderr=err,
    )
    assert code == 0
    text = out.getvalue()
    assert text.startswith('<script type="application/ld+json">\n')
    assert text.endswith("\n</script>\n")
    assert "warning: jsonld drops medium of version 'sy-statement'" in err.getvalue()
    body = text.removeprefix('<script type="application/ld+json">\n').removesuffix("\n</script>\n")
    assert json.loads(body)["@graph"][0]["inLanguage"] == "en"
