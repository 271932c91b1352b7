"""schema.org JSON-LD: the export, read back by rdflib (the real reader) with a local context;
and our reader, on our own output and on the markup real news sites publish."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from provenance import Builder, examples, formats, languages
from provenance.cli import run
from provenance.dates import IsoDate
from provenance.errors import LossWarning, ParseError
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
from provenance.strategies import any_lineages, json_values, lineages
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


def default_base(lineage: Lineage) -> str:
    """The namespace the exports give a lineage's ids unless told a base: 16 hex digits of
    its fingerprint, between ``urn:provenance:`` and a colon."""
    digest = native.fingerprint(lineage).removeprefix("sha256:")
    assert re.fullmatch("[0-9a-f]{64}", digest)
    return f"urn:provenance:{digest[:16]}:"


def ours(lineage: Lineage, *ids: str) -> Any:
    """The default ``@id`` nodes of these version or agent ids of the lineage."""
    found = [node(default_base(lineage) + local) for local in ids]
    return found[0] if len(found) == 1 else found


# -- the seed ----------------------------------------------------------------------------------


def test_seed_triples() -> None:
    seed = examples.get("shafaqna")
    graph = graph_of(quiet(jsonld.dumps, seed))
    en, fa, sy, iq = ours(seed, "en-article", "fa-article", "sy-statement", "iq-statement")
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
    assert data["@graph"][0]["@id"] == default_base(examples.get("shafaqna")) + "en-article"
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
    en = ours(examples.get("machine"), "en-article")
    assert graph.value(en, s("digitalSourceType")) == URIRef(IPTC + "trainedAlgorithmicMedia")
    assert graph.value(en, s("translator")) is None
    assert str(graph.value(en, s("creditText"))) == (
        "Machine-translated from German by DeepL 2024-05."
    )
    assert str(graph.value(en, s("datePublished"))) == "2024-05-14T16:20:00+02:00"


def test_post_edited_translation() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("post-edited")))
    en = ours(examples.get("post-edited"), "en-article")
    assert graph.value(en, s("digitalSourceType")) == URIRef(
        IPTC + "compositeWithTrainedAlgorithmicMedia"
    )
    assert name_of(graph, graph.value(en, s("editor"))) == "Ana Ruiz"
    assert str(graph.value(en, s("creditText"))) == (
        "Machine-translated from Spanish by Google Translate, post-edited by Ana Ruiz."
    )


def test_relay_keeps_both_hops_and_dates_at_their_precision() -> None:
    graph = graph_of(quiet(jsonld.dumps, examples.get("relay")))
    hi, en, mr = ours(examples.get("relay"), "hi-story", "en-story", "mr-story")
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
    lineage = b.build()
    text = jsonld.dumps(lineage)
    iri = default_base(lineage) + "a%20b%2F%C3%A9%231"
    assert json.loads(text)["@graph"][0]["@id"] == iri
    graph = graph_of(text)
    assert (node(iri), RDF.type, s("NewsArticle")) in graph
    assert jsonld.loads(text).versions[0].id == "a b/é#1"


def test_a_url_that_is_no_iri_is_dropped_with_a_warning() -> None:
    b = Builder()
    b.version("v", "en", url="not a url")
    lineage = b.build()
    with pytest.warns(LossWarning, match="url of version 'v'"):
        data = jsonld.to_dict(lineage)
    assert data["@graph"][0]["@id"] == default_base(lineage) + "v"
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
    base = default_base(lineage)
    iris = {v.id: jsonld.version_iri(v, base) for v in lineage.versions}
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


# == reading JSON-LD back ====================================================================
#
# read_back() states what the round trip loses, rule by rule, as docs/formats/jsonld.md
# ("Reading JSON-LD back") documents it: from_dict(to_dict(x)) must equal read_back(x).

CORPUS = DATA / "jsonld"
ROLE_ORDER = list(Role)
# Text that would split a creditText sentence elsewhere than our writer joined it.
CREDIT_SEPARATORS = (" and ", ", post-edited", "; translator: ", ". Machine-", ". Translated ")


def slug(name: str) -> str:
    """An id from a name, as Builder makes them: accents dropped, lower case, '-' between."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-") or "agent"


def software_label(label: str) -> tuple[str, str | None]:
    """A creditText names software as 'name version': a last word starting with a digit (or
    'v' and a digit), after a name that is not blank, is the version."""
    name, space, last = label.rpartition(" ")
    if space and name.strip() and re.fullmatch(r"v?\d\S*", last):
        return name, last
    return label, None


def iri_or_none(url: str | None) -> str | None:
    """A URL the writer keeps: an absolute IRI (the writer's own test decides)."""
    if url is None:
        return None
    kept = jsonld.version_iri(Version(id="-", language="und", url=url), "urn:x:") == url
    return url if kept else None


def kind_back(derivation: Derivation, lineage: Lineage) -> Kind:
    """Kinds: translation kept; quotation and reporting are reporting (citation); a machine
    method keeps any kind (the creditText verb names it), so does a credited human
    transliteration or localization; every other plain isBasedOn is inferred."""
    kind = derivation.kind
    machine = derivation.method in (Method.MACHINE, Method.POST_EDITED)
    if kind is Kind.TRANSLATION or machine:
        return kind
    if kind in (Kind.QUOTATION, Kind.REPORTING):
        return Kind.REPORTING
    if kind.is_translation_like and any(
        credit.role in (Role.TRANSLATOR, Role.TOOL) for credit in derivation.agents
    ):
        return kind
    target = lineage.version(derivation.target)
    sources = [lineage.version(s) for s in derivation.sources]
    changes = {languages.change(s.language, target.language) for s in sources}
    if languages.Change.LANGUAGE in changes or languages.Change.UNKNOWN in changes:
        return Kind.ADAPTATION
    if changes & {languages.Change.SCRIPT, languages.Change.SCRIPT_AND_REGION}:
        return Kind.TRANSLITERATION
    mine, theirs = target.publisher, [s.publisher for s in sources]
    if mine is not None and None not in theirs and mine not in theirs:
        return Kind.REPUBLICATION
    if languages.Change.REGION in changes:
        return Kind.LOCALIZATION
    if mine is not None and set(theirs) == {mine}:
        return Kind.REVISION
    return Kind.ADAPTATION


def plain(text: str | None) -> str | None:
    """A title or name as the reader gives it: none when blank, character references decoded
    (pages escape them twice far more often than a headline means the characters ``&amp;``)."""
    if text is None or not text.strip():
        return None
    return (
        html.unescape(text)
        if re.search(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w+);", text)
        else text
    )


def read_back(lineage: Lineage) -> Lineage:
    """``lineage`` with exactly the losses of a trip through JSON-LD (one derivation per
    version, as lineages() and the examples have)."""
    assert len({d.target for d in lineage.derivations}) == len(lineage.derivations)
    agents = {agent.id: agent for agent in lineage.agents}
    # A version with an absolute URL is known by it (its @id); the subject comes first.
    ids = {v.id: iri_or_none(v.url) or v.id for v in lineage.versions}
    subject = lineage.subject_version
    order = [subject, *(v for v in lineage.versions if v.id != subject.id)]
    # Software is no entity in schema.org: it comes back from the creditText, made anew.
    taken = set(ids.values()) | {a.id for a in lineage.agents if a.type is not AgentType.SOFTWARE}
    software: dict[tuple[str, str | None], Agent] = {}

    def tool(agent: Agent) -> str:
        name, version = software_label(agent.name + (f" {agent.version}" if agent.version else ""))
        if (name, version) not in software:
            base = found = slug(name)
            number = 1
            while found in taken:
                number += 1
                found = f"{base}-{number}"
            taken.add(found)
            software[(name, version)] = Agent(
                id=found, type=AgentType.SOFTWARE, name=name, version=version
            )
        return software[(name, version)].id

    versions, derivations = [], []
    for version in order:
        versions.append(
            Version(
                id=ids[version.id],
                language=languages.resolve(version.language) or version.language,
                publisher=version.publisher,
                authors=tuple(dict.fromkeys(version.authors)),
                title=plain(version.title),
                url=iri_or_none(version.url),
                published=version.published,  # medium, published_as and digest are lost
            )
        )
        for derivation in lineage.derivations_of(version.id):
            kind = kind_back(derivation, lineage)
            method = derivation.method
            post_editors = [
                agents[c.agent].name
                for c in derivation.agents
                if c.role is Role.POST_EDITOR and agents[c.agent].type is not AgentType.SOFTWARE
            ]
            named = " and ".join(dict.fromkeys(post_editors)) or None
            credits: list[tuple[int, int, AgentRole]] = []
            for credit in derivation.agents:
                agent = agents[credit.agent]
                if agent.type is AgentType.SOFTWARE:
                    # named in a "Machine-…" sentence; otherwise not at all
                    if method in (Method.MACHINE, Method.POST_EDITED) and credit.role in (
                        Role.TOOL,
                        Role.TRANSLATOR,
                    ):
                        credits.append(
                            (ROLE_ORDER.index(Role.TOOL), 0, AgentRole(tool(agent), Role.TOOL))
                        )
                elif credit.role is Role.TRANSLATOR:
                    credits.append((0, 0, AgentRole(agent.id, Role.TRANSLATOR)))
                else:  # editor (a person) or contributor (an organization)
                    post = method is Method.POST_EDITED and (named is None or agent.name in named)
                    role = Role.POST_EDITOR if post else Role.EDITOR
                    rank = 0 if agent.type is AgentType.PERSON else 1
                    credits.append((ROLE_ORDER.index(role), rank, AgentRole(agent.id, role)))
            credits.sort(key=lambda item: item[:2])
            if kind.is_translation_like and method not in (Method.MACHINE, Method.POST_EDITED):
                human = any(c.role is Role.TRANSLATOR for _, _, c in credits)
                method = Method.HUMAN if human else Method.UNKNOWN
            elif not kind.is_translation_like and method not in (
                Method.MACHINE,
                Method.POST_EDITED,
            ):
                method = None
            dates = {str(d.date) for d in lineage.derivations_of(version.id) if d.date}
            derivations.append(
                Derivation(
                    target=ids[version.id],
                    sources=tuple(dict.fromkeys(ids[s] for s in derivation.sources)),
                    kind=kind,
                    method=method,
                    agents=tuple(dict.fromkeys(credit for _, _, credit in credits)),
                    date=derivation.date if len(dates) == 1 else None,  # notes are lost
                )
            )
    kept = [
        Agent(
            id=agent.id,
            type=agent.type,
            name=plain(agent.name) or agent.id,  # a blank name is none: the id stands for it
            url=iri_or_none(agent.url),
            language=languages.resolve(agent.language) or agent.language
            if agent.language
            else None,
        )
        for agent in lineage.agents
        if agent.type is not AgentType.SOFTWARE
    ]
    return Lineage(
        subject=ids[subject.id],
        versions=tuple(versions),
        derivations=tuple(derivations),
        agents=(*kept, *software.values()),  # extensions are lost
    )


def carried_machine_output(lineage: Lineage) -> list[str]:
    """The ids (as read back) of the versions whose words are a machine step's before them:
    the writer discloses it on them too, and the reader, which gives a digitalSourceType to
    the version's own derivation, drops it there (the step itself reads back on its source)."""
    found = []
    for version in lineage.versions:
        step = lineage.machine_step(version.id)
        if step is not None and step.target != version.id:
            found.append(iri_or_none(version.url) or version.id)
    return found


def read_quietly(data: Any, carried: Iterable[str] = ()) -> Lineage:
    """Read our own output: it must not lose anything more than read_back() says."""
    allowed = [
        f"digitalSourceType of version {vid!r} (no translation-like derivation to carry it)"
        for vid in carried
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        lineage = jsonld.from_dict(data)
    for warning in caught:
        lost = str(warning.message).removeprefix("jsonld reading drops ").split("; ")
        assert [item for item in lost if item not in allowed] == [], lost
    return lineage


@given(lineages())
def test_reading_back_loses_exactly_what_the_docs_say(lineage: Lineage) -> None:
    names = [a.name for a in lineage.agents if a.type is AgentType.SOFTWARE]
    assume(not any(sep in name for sep in CREDIT_SEPARATORS for name in names))
    data = quiet(jsonld.to_dict, lineage)
    assert read_quietly(data, carried_machine_output(lineage)) == read_back(lineage)


@given(lineages(max_versions=4), st.booleans())
def test_text_and_html_read_back_as_the_data_does(lineage: Lineage, html: bool) -> None:
    text = quiet(jsonld.dumps, lineage, html=html, indent=2 if html else None)
    assert (
        quiet(jsonld.loads, text)
        == quiet(jsonld.loads, text.encode("utf-8"))
        == read_quietly(quiet(jsonld.to_dict, lineage), carried_machine_output(lineage))
    )


@pytest.mark.parametrize("name", examples.names())
def test_examples_read_back(name: str) -> None:
    lineage = examples.get(name)
    carried = carried_machine_output(lineage)
    assert read_quietly(quiet(jsonld.to_dict, lineage), carried) == read_back(lineage)


def test_the_seed_reads_back_with_its_subject_languages_and_translator() -> None:
    back = read_quietly(quiet(jsonld.to_dict, examples.get("shafaqna")))
    assert back.subject == "en-article"
    assert back.languages() == ("ar", "fa", "en")
    translation, reporting = back.derivations
    assert (translation.kind, translation.method) == (Kind.TRANSLATION, Method.HUMAN)
    assert translation.agents == (AgentRole("shafaqna-en", Role.TRANSLATOR),)
    assert reporting.kind is Kind.REPORTING
    assert reporting.sources == ("sy-statement", "iq-statement")
    assert str(back.version("en-article").published) == "2021-06-10"
    assert back.agent("shafaqna-fa").language == "fa"
    assert back.version("sy-statement").medium is None  # "Telegram" has no schema.org home


def test_machine_and_post_edited_tools_come_back_from_the_credit_text() -> None:
    machine = read_quietly(quiet(jsonld.to_dict, examples.get("machine")))
    (step,) = machine.derivations
    assert (step.kind, step.method) == (Kind.TRANSLATION, Method.MACHINE)
    assert step.agents == (AgentRole("deepl", Role.TOOL),)
    assert machine.agent("deepl") == Agent(
        id="deepl", type=AgentType.SOFTWARE, name="DeepL", version="2024-05"
    )
    assert str(machine.subject_version.published) == "2024-05-14T16:20:00+02:00"
    edited = read_quietly(quiet(jsonld.to_dict, examples.get("post-edited")))
    (step,) = edited.derivations
    assert step.method is Method.POST_EDITED
    assert step.agents == (
        AgentRole("ana-ruiz", Role.POST_EDITOR),
        AgentRole("google-translate", Role.TOOL),
    )


def test_our_ids_round_trip_exactly() -> None:
    b = Builder()
    person = b.person("José", id="ag/ent é")
    source = b.version("a b/é#1", "fr", authors=[person])
    b.translate(source, "100%_sûr", "en", translator=person)
    lineage = b.build()
    back = read_quietly(jsonld.to_dict(lineage))
    assert [v.id for v in back.versions] == ["100%_sûr", "a b/é#1"]
    assert back.agents[0].id == "ag/ent é"
    assert back.derivations[0].agents == (AgentRole("ag/ent é", Role.TRANSLATOR),)


# -- foreign documents: what news sites publish --------------------------------------------------


def read_file(name: str) -> dict[str, Any]:
    path = CORPUS / name
    lineage = jsonld.loads(path.read_bytes(), source=name)
    data: dict[str, Any] = native.to_dict(lineage)
    return data


RIVERTOWN = "https://www.rivertowntimes.example/"


def test_a_yoast_graph_gives_the_article_and_nothing_else() -> None:
    page = RIVERTOWN + "2024/03/12/river-cleanup-volunteers/"
    person = RIVERTOWN + "#/schema/person/5f1c2d9e0a7b"
    assert read_file("yoast-graph.jsonld") == {
        "format": "provenance/1",
        "subject": page + "#article",
        "agents": [
            {
                "id": person,
                "type": "person",
                "name": "Dana Whitfield",
                "url": RIVERTOWN + "author/dana-whitfield/",
            },
            {
                "id": RIVERTOWN + "#organization",
                "type": "organization",
                "name": "Rivertown Times",
                "url": RIVERTOWN,
            },
        ],
        "versions": [
            {
                "id": page + "#article",
                "language": "en-US",
                "publisher": RIVERTOWN + "#organization",
                "authors": [person],
                "title": "Hundreds of volunteers turn out for the spring river cleanup",
                "url": page,  # from the WebPage it is the main entity of
                "published": "2024-03-12T07:45:10Z",
            }
        ],
        "derivations": [],
    }


def test_a_bare_translation_with_its_original_inline() -> None:
    english = "https://www.globalvoices-daily.example/en/2024/04/09/coastal-erosion-dakar"
    french = "https://www.lesoleil-quotidien.example/societe/2024/04/07/erosion-cotiere-dakar"
    author = "https://www.globalvoices-daily.example/authors/awa-ndiaye"
    soleil = "https://www.lesoleil-quotidien.example/"
    assert read_file("bare-translation.jsonld") == {
        "format": "provenance/1",
        "subject": english,
        "agents": [
            {"id": author, "type": "person", "name": "Awa Ndiaye", "url": author},
            {"id": "claire-dubois", "type": "person", "name": "Claire Dubois"},
            {"id": "global-voices-daily", "type": "organization", "name": "Global Voices Daily"},
            {"id": soleil, "type": "organization", "name": "Le Soleil Quotidien", "url": soleil},
        ],
        "versions": [
            {
                "id": english,
                "language": "en",
                "publisher": "global-voices-daily",
                "authors": [author],
                "title": "Dakar's fishermen watch the coast retreat",
                "url": english,  # from mainEntityOfPage
                "published": "2024-04-09T10:00:00Z",
            },
            {
                "id": french,
                "language": "fr",
                "publisher": soleil,
                "authors": [author],  # the same person, inline twice
                "title": "À Dakar, les pêcheurs voient la côte reculer",
                "url": french,
                "published": "2024-04-07T08:30:00",  # "2024-04-07 08:30", read leniently
            },
        ],
        "derivations": [
            {
                "target": english,
                "sources": [french],
                "kind": "translation",
                "method": "human",
                "agents": [{"agent": "claire-dubois", "role": "translator"}],
            }
        ],
    }


def test_a_list_of_two_nodes_is_a_republication() -> None:
    ledger = "https://www.valleyledger.example/"
    post = "https://www.hillcountrypost.example/"
    original = ledger + "news/2024/water-rates-vote"
    copy = post + "2024/02/21/water-rates"
    title = "Council votes to raise water rates by 4 percent"
    assert read_file("list-of-nodes.jsonld") == {
        "format": "provenance/1",
        "subject": copy + "#article",  # the node no other derives from
        "agents": [
            {"id": "sam-ortega", "type": "person", "name": "Sam Ortega"},
            {"id": ledger + "#publisher", "type": "organization", "name": "The Valley Ledger"},
            {"id": post + "#publisher", "type": "organization", "name": "Hill Country Post"},
        ],
        "versions": [
            {
                "id": copy + "#article",
                "language": "en",
                "publisher": post + "#publisher",
                "authors": ["sam-ortega"],
                "title": title,
                "url": copy,
                "published": "2024-02-21",
            },
            {
                "id": original + "#article",
                "language": "en-US",
                "publisher": ledger + "#publisher",
                "authors": ["sam-ortega"],
                "title": title,
                "url": original,
                "published": "2024-02-20T18:05:00-05:00",
            },
        ],
        "derivations": [
            # isBasedOn names the original by its url; same language, another publisher
            {
                "target": copy + "#article",
                "sources": [original + "#article"],
                "kind": "republication",
            }
        ],
    }


def test_language_nodes_and_language_names() -> None:
    article = "https://fa.tehranreview.example/news/84213"
    syria, iraq = "https://t.me/syrianpresidency/4312", "https://t.me/iraqipresidency/2210"
    org = "https://fa.tehranreview.example/#org"
    assert read_file("language-node.jsonld") == {
        "format": "provenance/1",
        "subject": article,
        "agents": [
            {"id": "syrian-presidency", "type": "organization", "name": "Syrian Presidency"},
            {"id": "iraqi-presidency", "type": "organization", "name": "Iraqi Presidency"},
            {"id": org, "type": "organization", "name": "Tehran Review", "language": "fa"},
        ],
        "versions": [
            {
                "id": article,
                "language": "fa",  # {"@type": "Language", "alternateName": "fa"}
                "publisher": org,
                "title": "دیدار روسای جمهور عراق و سوریه",
                "url": article,
                "published": "2021-06-10T09:12:00+04:30",
            },
            {"id": syria, "language": "ar", "publisher": "syrian-presidency"},  # name "Arabic"
            {"id": iraq, "language": "ar", "publisher": "iraqi-presidency"},  # "Arabic"
        ],
        "derivations": [
            {"target": article, "sources": [syria, iraq], "kind": "reporting"},  # citation
        ],
    }


def test_an_html_page_with_two_scripts() -> None:
    article = "https://www.northerncourier.example/opinion/2024/10/port-strike"
    swedish = "https://www.hamnbladet.example/debatt/2024/10/01/hamnstrejken"
    courier = "https://www.northerncourier.example/"
    assert read_file("page.html") == {
        "format": "provenance/1",
        "subject": article + "#article",
        "agents": [
            {"id": "henrik-lund", "type": "person", "name": "Henrik Lund"},
            {"id": "ruth-ames", "type": "person", "name": "Ruth Ames"},
            {"id": courier, "type": "organization", "name": "Northern Courier", "url": courier},
        ],
        "versions": [
            {
                "id": article + "#article",
                "language": "en-GB",
                "publisher": courier,
                "authors": ["henrik-lund"],
                "title": "Why the port strike matters",
                "url": article,
                "published": "2024-10-03T06:00:00+01:00",
            },
            # named only by its URL: a stub, its language undetermined
            {"id": swedish, "language": "und", "url": swedish},
        ],
        "derivations": [
            {
                "target": article + "#article",
                "sources": [swedish],
                "kind": "translation",
                "method": "human",
                "agents": [{"agent": "ruth-ames", "role": "translator"}],
            }
        ],
    }


def test_a_post_edited_machine_translation_from_its_digital_source_type() -> None:
    english = "https://wire.latamnews.example/en/2025/02/04/drought-reservoirs"
    spanish = "https://www.diariodelvalle.example/2025/02/03/sequia-embalses"
    wire = "https://wire.latamnews.example/"
    lineage = read_file("machine-translation.jsonld")
    assert lineage["subject"] == english
    assert lineage["agents"] == [
        {"id": "ana-ruiz", "type": "person", "name": "Ana Ruiz"},
        {"id": "diario-del-valle", "type": "organization", "name": "Diario del Valle"},
        {"id": wire + "#org", "type": "organization", "name": "Latin Wire Service", "url": wire},
    ]
    assert [(v["id"], v["language"], v["publisher"]) for v in lineage["versions"]] == [
        (english, "en", wire + "#org"),
        (spanish, "es-AR", "diario-del-valle"),
    ]
    # the creditText is the outlet's own sentence, not ours: it names no software
    assert lineage["derivations"] == [
        {
            "target": english,
            "sources": [spanish],
            "kind": "translation",
            "method": "post_edited",
            "agents": [{"agent": "ana-ruiz", "role": "post_editor"}],
        }
    ]


def test_prefixed_terms_and_work_translation() -> None:
    ja = "https://blog.tokyoeats.example/posts/ramen-map"
    en = "https://blog.tokyoeats.example/en/posts/ramen-map"
    ko = "https://blog.tokyoeats.example/ko/posts/ramen-map"
    assert read_file("prefixed-work-translation.jsonld") == {
        "format": "provenance/1",
        "subject": ja,  # the one top-level node; its translations are described in passing
        "agents": [
            {"id": "佐藤-健", "type": "person", "name": "佐藤 健"},
            {"id": "emily-carter", "type": "person", "name": "Emily Carter"},
        ],
        "versions": [
            {
                "id": ja,
                "language": "ja",
                "authors": ["佐藤-健"],
                "title": "東京ラーメン地図",
                "url": ja,
                "published": "2023-11-02",
            },
            {"id": en, "language": "en", "title": "A ramen map of Tokyo"},
            {"id": ko, "language": "ko-KR"},
        ],
        "derivations": [
            {
                "target": en,
                "sources": [ja],
                "kind": "translation",
                "method": "human",
                "agents": [{"agent": "emily-carter", "role": "translator"}],
            },
            {"target": ko, "sources": [ja], "kind": "translation", "method": "unknown"},
        ],
    }


def article(**fields: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", **fields}


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org",
        "http://schema.org/",
        "https://schema.org/",
        {"@vocab": "https://schema.org/"},
        {"@vocab": "http://schema.org/", "@language": "en"},
        ["https://schema.org", {"@language": "en"}],
    ],
)
@pytest.mark.parametrize(
    "type_",
    [
        "NewsArticle",
        "schema:NewsArticle",
        "https://schema.org/NewsArticle",
        ["Thing", "NewsArticle"],
    ],
)
def test_contexts_and_types_in_their_usual_spellings(context: Any, type_: Any) -> None:
    lineage = jsonld.from_dict({"@context": context, "@type": type_, "inLanguage": "de"})
    assert lineage.subject_version.language == "de"


@pytest.mark.parametrize(
    ("value", "method"),
    [
        (
            {"@id": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"},
            "machine",
        ),
        ("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "machine"),
        ("trainedAlgorithmicMedia", "machine"),
        ("https://schema.org/TrainedAlgorithmicMediaDigitalSource", "machine"),
        ("schema:AlgorithmicMediaDigitalSource", "machine"),
        ("compositeWithTrainedAlgorithmicMedia", "post_edited"),
        ("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", "unknown"),
    ],
)
def test_digital_source_types_in_every_spelling(value: Any, method: str) -> None:
    doc = article(
        inLanguage="en",
        digitalSourceType=value,
        translationOfWork={
            "@type": "NewsArticle",
            "inLanguage": "es",
            "url": "https://e.example/es",
        },
    )
    (derivation,) = jsonld.from_dict(doc).derivations
    assert derivation.method == Method(method)


def test_inferred_kinds_of_plain_is_based_on() -> None:
    def kind(target: dict[str, Any], source: dict[str, Any]) -> Kind:
        doc = article(**target, isBasedOn={"@type": "NewsArticle", **source})
        return jsonld.from_dict(doc).derivations[0].kind

    a, b = {"publisher": "Outlet A"}, {"publisher": "Outlet B"}
    assert kind({"inLanguage": "en", **a}, {"inLanguage": "en", **b}) is Kind.REPUBLICATION
    assert kind({"inLanguage": "en-GB", **a}, {"inLanguage": "en-US", **b}) is Kind.REPUBLICATION
    assert kind({"inLanguage": "en", **a}, {"inLanguage": "en", **a}) is Kind.REVISION
    assert kind({"inLanguage": "en-GB", **a}, {"inLanguage": "en-US", **a}) is Kind.LOCALIZATION
    assert kind({"inLanguage": "sr-Latn"}, {"inLanguage": "sr-Cyrl"}) is Kind.TRANSLITERATION
    assert kind({"inLanguage": "en", **a}, {"inLanguage": "fr", **b}) is Kind.ADAPTATION
    assert kind({"inLanguage": "en", **a}, {"inLanguage": "en"}) is Kind.ADAPTATION
    assert kind({"inLanguage": "en"}, {}) is Kind.ADAPTATION  # the source's language unknown
    machine = {"digitalSourceType": "trainedAlgorithmicMedia"}
    assert kind({"inLanguage": "en", **machine}, {"inLanguage": "fr"}) is Kind.TRANSLATION


def test_the_main_entity_of_the_page_is_the_subject() -> None:
    one = {"@type": "NewsArticle", "@id": "https://e.example/1", "inLanguage": "en"}
    two = {"@type": "NewsArticle", "@id": "https://e.example/2", "inLanguage": "en"}
    page = {"@type": "WebPage", "@id": "https://e.example/p", "mainEntity": {"@id": two["@id"]}}
    doc = {"@context": "https://schema.org", "@graph": [one, two]}
    assert jsonld.from_dict(doc).subject == "https://e.example/1"
    doc["@graph"] = [one, two, page]
    assert jsonld.from_dict(doc).subject == "https://e.example/2"
    doc["@graph"] = [one, {**two, "mainEntityOfPage": "https://e.example/p"}]
    assert jsonld.from_dict(doc).subject == "https://e.example/2"


def test_web_pages_are_versions_only_when_they_carry_an_article() -> None:
    site = {"@type": "WebSite", "@id": "https://e.example/", "inLanguage": "it"}
    page = {
        "@type": "WebPage",
        "@id": "https://e.example/p",
        "name": "Pagina",
        "isPartOf": {"@id": "https://e.example/"},
    }
    body = {"@type": "Article", "headline": "Articolo", "mainEntityOfPage": {"@id": page["@id"]}}
    doc = {"@context": "https://schema.org", "@graph": [page, body, site]}
    (version,) = jsonld.from_dict(doc).versions
    # the article's language and URL come from its page and the site the page is part of
    assert (version.title, version.language, version.url) == ("Articolo", "it", page["@id"])
    doc["@graph"] = [page, site]  # no article at all: the page is what there is
    assert jsonld.from_dict(doc).subject_version.title == "Pagina"
    doc["@graph"] = [{**page, "author": "Lia Neri"}, body, site]  # a page with an author
    assert len(jsonld.from_dict(doc).versions) == 2


def test_unknown_references_become_stubs() -> None:
    doc = article(
        inLanguage="en",
        publisher={"@id": "https://e.example/#org"},
        isBasedOn=[{"@id": "https://other.example/story"}, "a ministry press release"],
    )
    lineage = jsonld.from_dict(doc)
    assert lineage.agents == (
        Agent(
            id="https://e.example/#org", type=AgentType.ORGANIZATION, name="https://e.example/#org"
        ),
    )
    assert [(v.id, v.language, v.title, v.url) for v in lineage.versions[1:]] == [
        ("https://other.example/story", "und", None, "https://other.example/story"),
        ("version-2", "und", "a ministry press release", None),  # version-1: the subject
    ]


def test_an_unusable_date_is_dropped_with_a_warning() -> None:
    doc = article(inLanguage="en", datePublished="sometime last week", dateCreated="2024")
    with pytest.warns(
        LossWarning, match=r"datePublished 'sometime last week' .* at \$\.datePublished"
    ):
        lineage = jsonld.from_dict(doc)
    assert lineage.subject_version.published is None
    lenient = jsonld.from_dict(article(inLanguage="en", datePublished="14 May 2024"))
    assert lenient.subject_version.published == IsoDate(2024, 5, 14)


def test_unknown_properties_and_their_duplicates_are_ignored() -> None:
    text = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", "image": "a.jpg",'
        ' "image": "b.jpg", "inLanguage": "pt-br",'
        ' "speakable": {"@type": "SpeakableSpecification"}}'
    )
    assert jsonld.loads(text).subject_version.language == "pt-BR"


# -- bad input -----------------------------------------------------------------------------------


def problems_of(read: Any, value: Any) -> list[str]:
    with pytest.raises(ParseError) as caught:
        read(value)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"@context": "https://schema.org",\n "@type": }',
            "line 2, column 11: broken JSON: Expecting value",
        ),
        ("", "$: the document is empty; expected JSON-LD"),
        ("  \n", "$: the document is empty; expected JSON-LD"),
        (
            "42",
            "$: expected a JSON-LD document (an object, a list of objects or an object with "
            "@graph), got a number",
        ),
        (
            '{"@context": "https://schema.org", "@graph": "none"}',
            "$['@graph']: expected a list of nodes, got a string",
        ),
        (
            '[{"@context": "https://schema.org", "@type": "NewsArticle"}, 7]',
            "$[1]: expected a node (a JSON object), got a number",
        ),
        (
            '{"@context": "https://schema.org", "@type": 5, "headline": "x"}',
            "$['@type']: expected a type name (a string), got a number",
        ),
        (
            '{"@context": "https://schema.org", "@type": "NewsArticle", "@id": 5}',
            "$['@id']: expected an IRI (a string), got a number",
        ),
        (
            '{"@context": "https://schema.org", "@type": "NewsArticle", "inLanguage": "en",'
            ' "inLanguage": "fr"}',
            "$.inLanguage: duplicate key: JSON would keep only the last",
        ),
    ],
)
def test_bad_documents_are_located(text: str, expected: str) -> None:
    assert expected in problems_of(jsonld.loads, text)


def test_no_work_names_what_was_found() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "WebSite"}, {"@type": "Organization", "name": "X"}],
    }
    assert problems_of(jsonld.from_dict, doc) == [
        "$: no creative work to read: expected a NewsArticle, Article, BlogPosting, CreativeWork "
        "or another schema.org work; found Organization, WebSite"
    ]


def test_another_vocabulary_is_refused() -> None:
    doc = {"@context": "https://www.w3.org/ns/activitystreams", "@type": "Article"}
    assert problems_of(jsonld.from_dict, doc)[0].startswith(
        "$['@context']: not schema.org's context"
    )


def test_every_wrong_type_is_reported_with_its_path() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "inLanguage": 7},  # not read: a site is no version
            {"@type": "Organization", "name": "Outlet"},
            {
                "@type": "NewsArticle",
                "inLanguage": 42,
                "headline": ["ok", 3],
                "author": [{"name": "A"}, True],
                "translationOfWork": 1.5,
                "datePublished": 20240101,
                "url": {"href": "x"},
            },
        ],
    }
    assert problems_of(jsonld.from_dict, doc) == [
        "$['@graph'][2].author[1]: expected an agent: a node object, a reference {'@id': …} "
        "or a string, got a boolean",
        "$['@graph'][2].translationOfWork: expected a creative work: a node object, a reference "
        "{'@id': …} or a string, got a number",
        "$['@graph'][2].inLanguage: expected a language: a BCP 47 tag, a language name or a "
        "Language node, got a number",
        "$['@graph'][2].url: expected a URL (a string), got an object",
        "$['@graph'][2].headline[1]: expected a string, got a number",
        "$['@graph'][2].datePublished: expected a date (a string), got a number",
    ]


def test_values_in_their_expanded_forms_are_read() -> None:
    """``{"@value": …}``, a URL as ``{"@id": …}`` and ``@list``/``@set`` wrappers are the same
    values as the plain ones."""
    lineage = jsonld.from_dict(
        article(
            headline={"@value": "Title"},
            inLanguage={"@set": [{"@value": "fr"}]},
            datePublished={"@value": "2024-01-02"},
            url={"@id": "https://e.example/a"},
            author={"@list": [{"@type": "Person", "name": "A"}, {"@type": "Person", "name": "B"}]},
        )
    )
    version = lineage.subject_version
    assert (version.id, version.language, version.title, version.published) == (
        "https://e.example/a",
        "fr",
        "Title",
        IsoDate(2024, 1, 2),
    )
    assert [lineage.agent(a).name for a in version.authors] == ["A", "B"]
    by_id = article(inLanguage="fr", url={"id": "https://e.example/b"})
    assert jsonld.from_dict(by_id).subject == "https://e.example/b"


def test_language_nodes_and_repeated_languages() -> None:
    node = {"@type": "Language", "alternateName": ["", "fa"], "name": "Persian"}
    assert jsonld.from_dict(article(inLanguage=node)).subject_version.language == "fa"
    repeated = article(inLanguage=["en", "en"])
    assert jsonld.from_dict(repeated).subject_version.language == "en"  # no warning
    bilingual = article(inLanguage=["en", "fr", "en-US", "fr"])
    with pytest.warns(LossWarning) as caught:
        assert jsonld.from_dict(bilingual).subject_version.language == "en"
    assert [str(w.message) for w in caught] == [
        "jsonld reading drops inLanguage 'fr', 'en-US' of the work at $ (a version has one "
        "language: 'en')"
    ]
    assert problems_of(jsonld.from_dict, article(inLanguage={"@type": "Language"})) == [
        "$.inLanguage: a Language node needs an alternateName (its tag) or a name"
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"@context": ["https://schema.org", 5], "@type": "NewsArticle", "inLanguage": "en"},
            "$['@context'][1]: expected a context, got a number",
        ),
        (
            {"@context": "https://schema.org", "@graph": None},
            "$: the document holds no node: expected schema.org JSON-LD",
        ),
        (
            article(
                inLanguage="en",
                digitalSourceType=5,
                translationOfWork={"@type": "NewsArticle", "inLanguage": "fr"},
            ),
            "$.digitalSourceType: expected a digital source type (an IRI), got a number",
        ),
    ],
)
def test_more_bad_documents_are_located(document: Any, expected: str) -> None:
    assert problems_of(jsonld.from_dict, document) == [expected]


def test_what_a_version_deriving_from_nothing_cannot_keep_is_named() -> None:
    publishers = [{"@type": "Organization", "name": n} for n in ("A", "B")]
    doc = article(
        inLanguage="en",
        translator={"@type": "Person", "name": "T"},
        publisher=publishers,
        datePublished="99999999999999999999999",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lineage = jsonld.from_dict(doc)
    assert [str(w.message) for w in caught] == [
        "jsonld reading drops datePublished '99999999999999999999999' of version 'version-1' "
        "at $.datePublished (not a date); translator of version 'version-1' (it derives from "
        "nothing in the document); publishers of version 'version-1' beyond the first"
    ]
    assert lineage.derivations == ()
    assert lineage.subject_version.publisher == "a"


def test_a_software_editor_is_the_translations_tool() -> None:
    doc = article(
        inLanguage="en",
        editor={"@type": "SoftwareApplication", "name": "Tool"},
        translationOfWork={"@type": "NewsArticle", "inLanguage": "fr"},
    )
    lineage = jsonld.from_dict(doc)
    (derivation,) = lineage.derivations
    assert derivation.agents == (AgentRole("tool", Role.TOOL),)
    assert lineage.agent("tool").type is AgentType.SOFTWARE


def test_html_without_json_ld_and_broken_scripts_are_located() -> None:
    assert problems_of(jsonld.loads, "<html><script>var a = 1;</script></html>") == [
        '$: no <script type="application/ld+json"> element in the page holds JSON-LD: there '
        "is no schema.org markup to read"
    ]
    page = (
        "\ufeff <!doctype html>\n<head>\n"
        '<script type="application/ld+json">{"@context": "https://schema.org"}</script>\n'
        '  <script type="application/ld+json">\n{"@type": "NewsArticle",\n "x": ]}</script>'
    )
    assert problems_of(jsonld.loads, page) == ["line 6, column 7: broken JSON: Expecting value"]
    same_line = '<script type="application/ld+json">  {"@type": ,}</script>'
    assert problems_of(jsonld.from_html, same_line) == [
        "line 1, column 48: broken JSON: Expecting value"
    ]
    wrong = (
        '<p></p><script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "inLanguage": 1}</script>'
    )
    assert problems_of(jsonld.from_html, wrong)[0].startswith(
        "$[0].inLanguage: expected a language"
    )


def test_html_comments_and_cdata_around_a_script_are_ignored() -> None:
    page = (
        '<script type="application/ld+json">\n<!--\n{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "inLanguage": "nl"}\n-->\n</script>'
        '<script type="application/ld+json">//<![CDATA[\n{"@context": "https://schema.org",'
        ' "@type": "WebSite"}\n//]]></script>'
    )
    assert jsonld.from_html(page).subject_version.language == "nl"


# -- never anything but ParseError ----------------------------------------------------------------

TERMS = st.sampled_from(
    [
        "@context",
        "@graph",
        "@type",
        "@id",
        "@list",
        "@value",
        "inLanguage",
        "headline",
        "name",
        "url",
        "datePublished",
        "dateCreated",
        "publisher",
        "author",
        "translator",
        "editor",
        "contributor",
        "translationOfWork",
        "workTranslation",
        "isBasedOn",
        "isBasedOnUrl",
        "citation",
        "creditText",
        "digitalSourceType",
        "knowsLanguage",
        "mainEntityOfPage",
        "isPartOf",
        "mainEntity",
        "alternateName",
        "schema:headline",
    ]
)
WORDS = st.sampled_from(
    [
        "https://schema.org",
        "NewsArticle",
        "Person",
        "Organization",
        "WebPage",
        "Language",
        "SoftwareApplication",
        "en",
        "Farsi",
        "und",
        "2021-06-10",
        "10 June 2021",
        "https://e.example/a",
        "urn:provenance:x",
        "urn:provenance:0123456789abcdef:x",
        "_:b0",
        "trainedAlgorithmicMedia",
        "Machine-translated from German by DeepL 2024-05, post-edited by A; translator: B.",
    ]
)
JSON_LD_SHAPED = st.recursive(
    WORDS | json_values(max_leaves=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TERMS, inner, max_size=6),
    max_leaves=30,
)


def reads_or_parse_error(read: Any, value: Any) -> Lineage | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        try:
            return read(value)  # type: ignore[no-any-return]
        except ParseError as error:
            assert error.problems
            return None


@given(json_values())
def test_any_json_value_reads_or_raises_parse_error(value: Any) -> None:
    reads_or_parse_error(jsonld.from_dict, value)
    reads_or_parse_error(jsonld.loads, json.dumps(value))


@given(JSON_LD_SHAPED)
def test_any_json_ld_shaped_value_reads_or_raises_parse_error(value: Any) -> None:
    lineage = reads_or_parse_error(jsonld.from_dict, value)
    if lineage is not None:
        assert lineage.has_version(lineage.subject)
        ids = [v.id for v in lineage.versions] + [a.id for a in lineage.agents]
        assert len(ids) == len(set(ids))
        native.loads(native.dumps(lineage))  # a lineage the native format holds


@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_or_page_reads_or_raises_parse_error(text: str | bytes) -> None:
    reads_or_parse_error(jsonld.loads, text)
    reads_or_parse_error(jsonld.from_html, text)


# -- through the command line ---------------------------------------------------------------------


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_jsonld_is_a_readable_format() -> None:
    assert "jsonld" in formats.readable()


@pytest.mark.parametrize("name", ["bare-translation.jsonld", "page.html"])
def test_cli_converts_jsonld_to_native(name: str) -> None:
    path = CORPUS / name
    code, out, err = cli("convert", str(path), "--from", "jsonld", "--to", "native")
    assert (code, err) == (0, "")
    assert native.loads(out) == jsonld.loads(path.read_text("utf-8"))


def test_cli_converts_our_output_back() -> None:
    text = quiet(jsonld.dumps, examples.get("relay"), html=True)
    code, out, _ = cli("convert", "-", "--from", "jsonld", "--to", "native", stdin=text)
    assert code == 0
    assert native.loads(out) == read_back(examples.get("relay"))


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ('{"@context": "https://schema.org", "@type": ', "<stdin>: line 1, column 45: broken JSON"),
        ('{"@context": "https://schema.org", "@type": "WebSite"}', "<stdin>: $: no creative work"),
        (
            '{"@context": "https://schema.org", "@graph": [{}, {},'
            ' {"@type": "NewsArticle", "inLanguage": []}, 1]}',
            "<stdin>: $['@graph'][3]: expected a node",
        ),
        (
            "<html><body>no markup</body></html>",
            '<stdin>: $: no <script type="application/ld+json">',
        ),
    ],
)
def test_cli_bad_input_is_exit_2_without_a_traceback(stdin: str, expected: str) -> None:
    code, out, err = cli("convert", "-", "--from", "jsonld", "--to", "native", stdin=stdin)
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


# -- real pages (tests/data/pages, the dev split only: the test split is frozen) -------------------

PAGES = DATA / "pages"
PAGE_INDEX = {
    row["file"]: row
    for row in map(json.loads, (PAGES / "index.jsonl").read_text("utf-8").splitlines())
}


def saved_page(name: str) -> tuple[bytes, dict[str, Any]]:
    """A saved page's bytes and its index line; only dev pages may be used to write rules."""
    row = PAGE_INDEX[name + ".html.gz"]
    assert row["split"] == "dev", f"{name} is in the frozen test split"
    return gzip.decompress((PAGES / row["file"]).read_bytes()), row


def read_page(page: str | bytes, **kwargs: Any) -> tuple[Lineage, list[str]]:
    """A page read, and the messages of the LossWarnings it gave (any other warning fails)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lineage = jsonld.from_html(page, **kwargs)
    others = [w for w in caught if not issubclass(w.category, LossWarning)]
    assert not others, [str(w.message) for w in others]
    return lineage, [str(w.message) for w in caught]


def page_with(body: dict[str, Any], *, lang: str | None = None, head: str = "") -> str:
    """A page with one JSON-LD script holding ``body`` (schema.org's context added)."""
    data = {"@context": "https://schema.org", **body}
    html_lang = f' lang="{lang}"' if lang is not None else ""
    return (
        f"<!doctype html><html{html_lang}><head>{head}"
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        "</head><body></body></html>"
    )


def test_every_saved_page_reads_or_raises_parse_error_without_foreign_warnings() -> None:
    read = refused = 0
    for name, row in PAGE_INDEX.items():
        raw = gzip.decompress((PAGES / name).read_bytes())
        try:
            read_page(raw, url=row["url"])
            read += 1
        except ParseError as error:
            assert error.problems, name
            refused += 1
    assert read > refused > 0


def test_a_script_of_a_hundred_thousand_spaces_is_read() -> None:
    # The wrapper pattern used to try every position of the blank run: 20 s and more.
    body = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Floods"}'
    for script in (body + " " * 100_000, " " * 100_000 + body + " " * 100_000 + "//]]>"):
        page = f'<script type="application/ld+json">{script}</script>'
        assert read_page(page)[0].subject_version.title == "Floods"
    wrapped = "<!--" + " " * 100_000 + body + " " * 100_000 + "-->"
    page = f'<script type="application/ld+json">{wrapped}</script>'
    assert read_page(page)[0].subject_version.title == "Floods"


def test_a_windows_1250_page_is_read_not_refused() -> None:
    raw, row = saved_page("rp.pl-sejm")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    version = read_page(raw, url=row["url"])[0].subject_version
    assert version.title == row["title"] == 'Unijne fundusze coraz bliżej. Sejm zagłosował "za"'
    assert (version.language, str(version.published)) == ("pl", "2021-05-04T19:18:00+02:00")


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "windows-1252", "latin1"])
def test_a_declared_legacy_encoding_is_honoured(label: str) -> None:
    page = page_with({"@type": "NewsArticle", "headline": "Grüße aus Köln – „Fünf“"})
    page = page.replace("<head>", f'<head><meta charset="{label}">')
    raw = page.encode("cp1252")
    assert read_page(raw)[0].subject_version.title == "Grüße aus Köln – „Fünf“"


def test_the_encoding_a_header_gave_wins_over_the_guess() -> None:
    page = page_with({"@type": "NewsArticle", "headline": "Ура, ёлка"})
    raw = page.encode("koi8-r")
    lineage, lost = read_page(raw, encoding="KOI8-R")
    assert (lineage.subject_version.title, lost) == ("Ура, ёлка", [])
    header = "text/html; charset=koi8-r"  # a whole Content-Type value, as a WARC record has it
    assert read_page(raw, encoding=header)[0].subject_version.title == "Ура, ёлка"
    # Without it, no declaration and not UTF-8: windows-1252, the web's default, and said so.
    lineage, lost = read_page(raw)
    assert lineage.subject_version.title != "Ура, ёлка"
    assert "declares none and is not UTF-8" in lost[0]
    assert "pass encoding= to read it otherwise" in lost[0]
    lost = read_page(raw, encoding="no-such-thing")[1]
    assert "the encoding 'no-such-thing' it was given (no such encoding)" in lost[0]


def test_byte_order_marks_decide_the_encoding() -> None:
    page = page_with({"@type": "NewsArticle", "headline": "مرحبا"}, lang="ar")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        lineage = read_page(bom + page.encode(codec), encoding="iso-8859-1")[0]
        assert (lineage.subject_version.title, lineage.subject_version.language) == ("مرحبا", "ar")
        assert jsonld.loads(bom + page.encode(codec)).subject_version.title == "مرحبا"


def test_a_re_saved_page_declaring_a_legacy_charset_is_read_as_the_utf8_it_is() -> None:
    raw, row = saved_page("infranken.de-tatort")
    assert b"charset=windows-1252" in raw
    assert read_page(raw, url=row["url"])[0].subject_version.title == row["title"]


def test_html_lang_is_the_language_when_the_markup_names_none() -> None:
    raw, row = saved_page("a1plus.am-tests")
    assert read_page(raw, url=row["url"])[0].subject_version.language == row["language"] == "hy"
    source = {"@type": "NewsArticle", "@id": "https://e.example/orig", "headline": "Original"}
    page = page_with({"@type": "NewsArticle", "headline": "T", "isBasedOn": source}, lang="de-DE")
    lineage = read_page(page)[0]
    # The page's language is its article's, not that of a source it names.
    assert lineage.subject_version.language == "de-DE"
    assert lineage.version("https://e.example/orig").language == "und"
    marked = page_with({"@type": "NewsArticle", "inLanguage": "fr"}, lang="de")
    assert read_page(marked)[0].subject_version.language == "fr"
    lineage, lost = read_page(page_with({"@type": "NewsArticle"}, lang="{{lang}}"))
    assert lineage.subject_version.language == "und"
    assert lost == ["jsonld reading drops <html lang='{{lang}}'> (not a language tag)"]


def test_schema_org_aliases_id_and_type_are_read() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"type": "NewsArticle", "id": "https://e.example/en", "inLanguage": "en",
             "translationOfWork": {"id": "https://e.example/de"}},
            {"type": "NewsArticle", "id": "https://e.example/de", "inLanguage": "de"},
        ],
    }  # fmt: skip
    lineage = jsonld.from_dict(doc)
    assert lineage.subject == "https://e.example/en"
    assert lineage.version("https://e.example/de").language == "de"
    assert lineage.derivations[0].kind is Kind.TRANSLATION


RELATED = {"@type": "NewsArticle", "@id": "https://e.example/related", "headline": "Related",
           "mainEntityOfPage": "https://e.example/related"}  # fmt: skip
MAIN = {"@type": "NewsArticle", "@id": "https://e.example/main", "headline": "Main",
        "mainEntityOfPage": "https://e.example/main"}  # fmt: skip


@pytest.mark.parametrize("nodes", [[RELATED, MAIN], [MAIN, RELATED]])
def test_the_subject_is_the_work_the_page_is_about_in_any_order(nodes: list[Any]) -> None:
    page = page_with({"@graph": nodes})
    assert read_page(page, url="https://e.example/main")[0].subject == "https://e.example/main"
    canonical = '<link rel="canonical" href="https://e.example/main/">'
    page = page_with({"@graph": nodes}, head=canonical)
    assert read_page(page, url="http://www.e.example/main?utm=x")[0].subject == (
        "https://e.example/main"
    )


def test_a_pages_main_entity_is_the_subject_not_the_page() -> None:
    raw, row = saved_page("rp.pl-sejm")
    version = read_page(raw, url=row["url"])[0].subject_version
    # The NewsArticle is nested as the WebPage's mainEntity; its headline has no " - rp.pl".
    assert version.title == row["title"]
    assert str(version.published).startswith(row["published"])


def test_id_merging_reaches_nodes_under_properties_the_reader_skips() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "@id": "https://e.example/en", "inLanguage": "en",
             "isBasedOn": {"@id": "https://e.example/fr"}},
            {"@type": "WebPage", "about": [{"@type": "Thing", "subjectOf": {
                "@type": "NewsArticle", "@id": "https://e.example/fr", "inLanguage": "fr",
                "headline": "L'original"}}]},
        ],
    }  # fmt: skip
    source = jsonld.from_dict(doc).version("https://e.example/fr")
    assert (source.language, source.title) == ("fr", "L'original")


def test_a_work_based_on_itself_gets_no_invented_source() -> None:
    for based in ("https://e.example/a", {"@id": "https://e.example/a"}, "https://e.example/a/"):
        doc = {"@context": "https://schema.org", "@type": "NewsArticle",
               "@id": "https://e.example/a", "url": "https://e.example/a",
               "isBasedOn": based}  # fmt: skip
        if based == "https://e.example/a/":
            doc.update({"@id": "_:b0", "url": "https://e.example/a/"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lineage = jsonld.from_dict(doc)
        assert (len(lineage.versions), lineage.derivations) == (1, ())
        assert "isBasedOn of " in str(caught[0].message)
        assert "naming the work itself" in str(caught[0].message)


def test_two_conflicting_descriptions_of_one_id_are_named() -> None:
    page = page_with(
        {"@graph": [
            {"@type": "NewsArticle", "@id": "https://e.example/a", "headline": "Floods in Ghent"},
            {"@type": "NewsArticle", "@id": "https://e.example/a", "headline": "Fire in Ghent"},
        ]}
    )  # fmt: skip
    lineage, lost = read_page(page)
    assert lineage.subject_version.title == "Floods in Ghent"
    assert lost == [
        "jsonld reading drops headline 'Fire in Ghent' at $[0]['@graph'][1].headline, which "
        "contradicts 'Floods in Ghent' at $[0]['@graph'][0].headline (two descriptions of "
        "'https://e.example/a')"
    ]


def test_a_script_in_another_vocabulary_is_skipped_with_a_warning() -> None:
    foreign = '{"@context": "https://www.w3.org/ns/activitystreams", "type": "Note"}'
    page = page_with({"@type": "NewsArticle", "headline": "Kept", "inLanguage": "en"})
    page = page.replace("</head>", f'<script type="application/ld+json">{foreign}</script></head>')
    lineage, lost = read_page(page)
    assert lineage.subject_version.title == "Kept"
    assert lost == [
        "jsonld reading drops $[1], a script in another vocabulary (its @context is "
        "'https://www.w3.org/ns/activitystreams', not schema.org's)"
    ]
    only = f'<script type="application/ld+json">{foreign}</script>'
    assert problems_of(jsonld.from_html, only) == [
        "$: no schema.org markup: script $[0] is in another vocabulary"
    ]


def test_a_key_repeated_with_the_same_value_is_accepted_on_a_page() -> None:
    script = '{"@context": "https://schema.org", "@type": "NewsArticle", "@type": "NewsArticle",'
    same = f'<script type="application/ld+json">{script} "inLanguage": "en", "inLanguage": "en"}}'
    assert read_page(same + "</script>")[0].subject_version.language == "en"
    differing = same.replace('"inLanguage": "en"}', '"inLanguage": "fr"}') + "</script>"
    assert problems_of(jsonld.from_html, differing) == [
        "$[0].inLanguage: duplicate key: JSON would keep only the last"
    ]


def test_relative_urls_resolve_against_the_page_or_its_base() -> None:
    body = {"@type": "NewsArticle", "@id": "#article", "url": "floods.html",
            "isBasedOn": "/de/hochwasser.html"}  # fmt: skip
    lineage = read_page(page_with(body), url="https://e.example/en/news/")[0]
    assert lineage.subject == "https://e.example/en/news/#article"
    assert lineage.subject_version.url == "https://e.example/en/news/floods.html"
    assert lineage.versions[1].url == "https://e.example/de/hochwasser.html"
    based = page_with(body, head='<base href="https://cdn.example/x/">')
    assert read_page(based, url="https://e.example/en/news/")[0].subject_version.url == (
        "https://cdn.example/x/floods.html"
    )
    # A JSON-LD document read with its address resolves the same way.
    lineage = jsonld.loads(
        json.dumps({"@context": "https://schema.org", **body}), url=("https://e.example/en/news/")
    )
    assert lineage.subject_version.url == "https://e.example/en/news/floods.html"
    # Without an address, a relative URL is kept as written (validation names it: PV503).
    assert read_page(page_with(body))[0].subject_version.url == "floods.html"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2021-01-03T17:40:00EET", "2021-01-03T17:40:00+02:00"),
        ("27 OCT 2012 - 12:14 CET", "2012-10-27T12:14:00+01:00"),
        ("2020-09-26T12:07:40+02:00CET", "2020-09-26T12:07:40+02:00"),
        ("Tue, 4 May 2021 19:18:00 EST", "2021-05-04T19:18:00-05:00"),
    ],
)
def test_dates_with_zone_names_keep_their_offset(written: str, read: str) -> None:
    page = page_with({"@type": "NewsArticle", "datePublished": written})
    lineage, lost = read_page(page)
    assert (str(lineage.subject_version.published), lost) == (read, [])


def test_an_ambiguous_zone_name_is_our_warning_not_dateutils() -> None:
    page = page_with({"@type": "NewsArticle", "datePublished": "4 May 2021 19:18 CST"})
    lineage, lost = read_page(page)  # fails on any warning but a LossWarning
    assert str(lineage.subject_version.published) == "2021-05-04T19:18:00"
    assert lost == [
        "jsonld reading drops the time zone 'CST' (an unknown or ambiguous zone name; the time "
        "is kept without an offset) of datePublished '4 May 2021 19:18 CST' of version "
        "'version-1' at $[0].datePublished"
    ]
    raw, row = saved_page("lsm.lv-landslide")  # "2021-01-03T17:40:00EET" on a real page
    assert str(read_page(raw, url=row["url"])[0].subject_version.published) == (
        "2021-01-03T17:40:00+02:00"
    )


def test_titles_and_names_lose_escaped_character_references_and_blanks() -> None:
    raw, row = saved_page("laprensafl.com-pinal")
    title = read_page(raw, url=row["url"])[0].subject_version.title
    assert title is not None
    assert title.split() == row["title"].split()  # the markup has "&#8220;Tenemos"
    raw, row = saved_page("lagazzettadelmezzogiorno.it-biden")
    lineage, lost = read_page(raw, url=row["url"])
    assert lineage.subject_version.publisher is None  # its publisher's name is ""
    assert lost == ["jsonld reading drops an agent with no name, id or url ($[0].publisher)"]
    body = {"@type": "NewsArticle", "headline": " ", "name": "Tom &amp; Jerry &#8211; live"}
    assert read_page(page_with(body))[0].subject_version.title == "Tom & Jerry – live"


@given(
    st.lists(st.booleans(), min_size=1, max_size=5).flatmap(
        lambda mains: st.tuples(
            st.just(mains),
            st.integers(0, len(mains) - 1),
            st.permutations(range(len(mains))),
        )
    )
)
def test_the_subject_never_depends_on_node_order(case: tuple[list[bool], int, list[int]]) -> None:
    mains, chosen, order = case
    nodes = [
        {"@type": "NewsArticle", "@id": f"https://e.example/{i}", "headline": f"Article {i}"}
        | ({"mainEntityOfPage": f"https://e.example/{i}"} if main else {})
        for i, main in enumerate(mains)
    ]
    page = page_with({"@graph": [nodes[i] for i in order]})
    lineage = read_page(page, url=f"https://e.example/{chosen}")[0]
    assert lineage.subject == f"https://e.example/{chosen}"
    # Without an address, the one work that is the page's main entity, in every order.
    if sum(mains) == 1:
        unaddressed = read_page(page_with({"@graph": [nodes[i] for i in order]}))[0]
        assert unaddressed.subject == f"https://e.example/{mains.index(True)}"


def test_undefined_windows_1252_bytes_read_as_browsers_read_them() -> None:
    page = page_with({"@type": "NewsArticle", "headline": "Preis: 5 € – ok"})
    raw = page.encode("cp1252").replace(b"ok", b"o\x81k")
    lineage, lost = read_page(raw)
    assert lineage.subject_version.title == "Preis: 5 € – o\x81k"
    assert "declares none and is not UTF-8" in lost[0]


def test_the_page_an_article_is_on_is_not_a_second_copy_of_it() -> None:
    # Two scripts: the NewsArticle (mainEntityOfPage: the page's @id), and the WebPage again,
    # by its url, repeating the headline. One article, not two.
    raw, row = saved_page("tribunnews.com-tvri")
    lineage = read_page(raw, url=row["url"])[0]
    assert [v.title for v in lineage.versions] == [row["title"]]
    assert lineage.subject_version.language == row["language"]


def test_nodes_found_under_skipped_properties_are_merged_never_complained_about() -> None:
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "inLanguage": "en",
        "image": {"@id": "https://e.example/i.jpg", "@type": 5, "author": 7,
                  "@context": "https://other.example/vocabulary"},
    }  # fmt: skip
    assert jsonld.from_dict(doc).subject_version.language == "en"
    text = json.dumps(doc)[:-1] + ', "about": {"@id": "https://e.example/a", "@id": "b"}}'
    assert jsonld.loads(text).subject_version.language == "en"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "JaVaScRiPt:x()"]
)
def test_only_http_urls_are_exported_and_the_rest_is_named(url: str) -> None:
    b = Builder()
    outlet = b.organization("Outlet", url=url)
    b.version("v", "en", publisher=outlet, url=url)
    with pytest.warns(LossWarning) as caught:
        text = jsonld.dumps(b.build())
    assert url.split(":")[0] not in text
    lost = " ".join(str(w.message) for w in caught)
    assert "url of version 'v' (not an http or https URL)" in lost
    assert "url of agent 'outlet' (not an http or https URL)" in lost


def _carried_machine_translation(kind: str, method: str = "machine") -> Any:
    b = Builder()
    b.version("de", "de")
    deepl = b.software("DeepL", version="2024-05")
    editor = b.person("Eva Editor") if method == "post_edited" else None
    b.translate("de", "en-mt", "en", tool=deepl, method=method, post_editor=editor)
    b.version("en", "en", derived_from="en-mt", kind=kind, publisher=b.organization("Wire"))
    return b.build()


@pytest.mark.parametrize(
    ("kind", "method", "source_type"),
    [
        ("republication", "machine", "trainedAlgorithmicMedia"),
        ("excerpt", "machine", "trainedAlgorithmicMedia"),
        ("republication", "post_edited", "compositeWithTrainedAlgorithmicMedia"),
        ("quotation", "machine", "compositeWithTrainedAlgorithmicMedia"),  # among own words
    ],
)
def test_republished_machine_translation_keeps_its_disclosure(
    kind: str, method: str, source_type: str
) -> None:
    lineage = _carried_machine_translation(kind, method)
    data = quiet(jsonld.to_dict, lineage)
    (subject,) = [n for n in data["@graph"] if n["@id"] == default_base(lineage) + "en"]
    assert subject["digitalSourceType"] == {"@id": IPTC + source_type}
    assert subject["creditText"].startswith(
        "Based on a machine translation: machine-translated from German by DeepL 2024-05"
    )
    # Read back, the step stays on its own version; this one is not made a translation.
    (derivation,) = read_quietly(data, ["en"]).derivations_of("en")
    assert derivation.kind is not Kind.TRANSLATION
    assert derivation.method is None


def test_people_words_get_no_machine_disclosure() -> None:
    data = quiet(jsonld.to_dict, examples.get("shafaqna"))
    assert not [n for n in data["@graph"] if "digitalSourceType" in n]


def test_base_names_the_namespace_of_every_minted_id() -> None:
    base = "https://example.org/articles/42/"
    data = quiet(jsonld.to_dict, examples.get("shafaqna"), base=base)
    ids = [node["@id"] for node in data["@graph"]]
    assert ids[0] == base + "en-article"
    assert all(i.startswith(base) for i in ids), ids
    text = quiet(jsonld.dumps, examples.get("shafaqna"), base=base)
    refs = re.findall(r'"@id": ?"([^"]+)"', text)
    assert len(refs) > len(ids)
    assert all(r.startswith((base, "http://cv.iptc.org/")) for r in refs), refs


def test_two_lineages_with_their_own_base_do_not_collide_in_one_graph() -> None:
    first = quiet(jsonld.dumps, examples.get("shafaqna"), base="urn:x:one:")
    second = quiet(jsonld.dumps, examples.get("shafaqna"), base="urn:x:two:")
    merged = graph_of(first) + graph_of(second)
    subjects = {str(s) for s in merged.subjects(RDF.type, None)}
    assert "urn:x:one:fa-article" in subjects
    assert "urn:x:two:fa-article" in subjects


def minted(graph: Any) -> set[str]:
    """The IRIs of a graph's nodes other than web addresses (schema.org's, IPTC's, pages')."""
    nodes = {n for triple in graph for n in (triple[0], triple[2]) if isinstance(n, URIRef)}
    return {str(n) for n in nodes if not str(n).startswith(("http://", "https://"))}


def test_the_default_ids_are_in_a_namespace_of_the_lineage_s_own() -> None:
    seed = examples.get("shafaqna")
    data = quiet(jsonld.to_dict, seed)
    assert data["@graph"][0]["@id"] == default_base(seed) + "en-article"
    assert re.fullmatch(r"urn:provenance:[0-9a-f]{16}:en-article", data["@graph"][0]["@id"])
    graph_ids = minted(graph_of(quiet(jsonld.dumps, seed)))
    assert graph_ids == {default_base(seed) + i for i in ("en-article", "fa-article",
        "sy-statement", "iq-statement", "shafaqna-en", "shafaqna-fa", "syrian-presidency",
        "iraqi-presidency")}  # fmt: skip


def test_two_lineages_with_the_same_ids_do_not_collide_by_default() -> None:
    first = examples.get("shafaqna")
    second = native.from_dict({**native.to_dict(first), "extensions": {"x-desk": "Beirut"}})
    assert [v.id for v in first.versions] == [v.id for v in second.versions]
    one, two = graph_of(quiet(jsonld.dumps, first)), graph_of(quiet(jsonld.dumps, second))
    assert minted(one)
    assert minted(two)
    assert minted(one) & minted(two) == set()
    merged = one + two
    assert len(merged) == len(one) + len(two) - len(set(one) & set(two))
    assert {str(v) for v in merged.subjects(RDF.type, s("NewsArticle"))} >= {
        default_base(first) + "fa-article",
        default_base(second) + "fa-article",
    }


@settings(max_examples=25)
@given(lineages(max_versions=3), lineages(max_versions=3))
def test_different_lineages_share_no_minted_node(first: Lineage, second: Lineage) -> None:
    assume(native.fingerprint(first) != native.fingerprint(second))
    one, two = graph_of(quiet(jsonld.dumps, first)), graph_of(quiet(jsonld.dumps, second))
    assert minted(one) & minted(two) == set()


@given(lineages(max_versions=4))
def test_equal_lineages_give_equal_bytes(lineage: Lineage) -> None:
    copy = native.loads(native.dumps(lineage))
    assert quiet(jsonld.dumps, copy) == quiet(jsonld.dumps, lineage)


def test_ids_of_earlier_releases_still_read_back() -> None:
    data = quiet(jsonld.to_dict, examples.get("shafaqna"), base="urn:provenance:")
    assert data["@graph"][0]["@id"] == "urn:provenance:en-article"  # the old default
    back = read_quietly(data)
    assert back.subject == "en-article"
    assert [v.id for v in back.versions] == [v.id for v in read_quietly(
        quiet(jsonld.to_dict, examples.get("shafaqna"))).versions]  # fmt: skip


def test_an_id_that_looks_like_the_lineage_segment_reads_back_whole() -> None:
    b = Builder()
    b.version("0123456789abcdef:x", "en")
    lineage = b.build()
    data = jsonld.to_dict(lineage)
    assert data["@graph"][0]["@id"] == default_base(lineage) + "0123456789abcdef%3Ax"
    assert read_quietly(data).subject == "0123456789abcdef:x"
    old = jsonld.to_dict(lineage, base="urn:provenance:")
    assert read_quietly(old).subject == "0123456789abcdef:x"


def test_a_malformed_base_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^base IRI 'a b': must be an absolute IRI"):
        jsonld.to_dict(examples.get("shafaqna"), base="a b")
