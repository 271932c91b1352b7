"""Mermaid and DOT diagrams, checked by the real parsers: Graphviz's ``dot`` and Mermaid's own.

Graphviz tests need the ``dot`` program (Debian/Ubuntu: ``apt-get install graphviz``). Mermaid
tests need Node.js and the npm packages ``mermaid`` and ``jsdom`` in a ``node_modules``
directory: ``MERMAID_NODE_MODULES=/path/to/node_modules``, or ``node_modules`` at the root of
the repository (``npm install --no-save mermaid@11 jsdom``). Without them those tests skip,
and the structural tests below still run.
"""

from __future__ import annotations

import html
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import LossWarning, cli, examples, formats
from provenance.formats import dot, mermaid, native
from provenance.formats._graph import clean, node_id
from provenance.model import Derivation, Lineage, Version
from provenance.strategies import lineages

from .conftest import fan_in

ROOT = pathlib.Path(__file__).parent.parent
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz 'dot' is not installed")
SVG = "{http://www.w3.org/2000/svg}"

# Strings that break careless escaping in one format or the other.
HOSTILE = st.sampled_from(
    (
        '"',
        "'",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "|",
        "\\",
        "\\n",
        "\\N",
        "\n",
        "\r\n",
        "\t",
        "\u2028",
        "<",
        ">",
        "&",
        "&amp;",
        "&lt;",
        "<b>bold</b>",
        "<script>alert(1)</script>",
        "]]>",
        "-->",
        "-.->",
        "---o",
        ";",
        "#",
        "#quot;",
        "#35;",
        "%%",
        "%%{init: {'theme': 'dark'}}%%",
        "ﬂ°°35¶ß",
        "`",
        "end",
        "subgraph",
        "شفقنا فارسی",
        "الرئاسة السورية",
        "\u202eRTL override",
        "\u200c",
        "é",
        "😀",
        "\x00",
        "\x1b[31m",
        "\ufffe",
        "\ud800",
        " ",
        "a",
        "-",
        "_",
        ".",
    )
)
hostile_text = st.lists(HOSTILE, min_size=1, max_size=6).map("".join)


@st.composite
def hostile_lineages(draw: st.DrawFn) -> Lineage:
    """A valid lineage whose ids, names and titles are made of hostile strings."""
    lineage = draw(lineages(max_versions=6))
    ids = draw(
        st.lists(hostile_text, min_size=len(lineage.versions), max_size=len(lineage.versions))
    )
    # Keep ids unique: append the index in a form that itself stays hostile.
    rename = {v.id: f"{ids[i]}|{i}" for i, v in enumerate(lineage.versions)}
    versions = tuple(
        attrs.evolve(
            v, id=rename[v.id], title=draw(st.none() | hostile_text), medium=draw(hostile_text)
        )
        for v in lineage.versions
    )
    derivations = tuple(
        attrs.evolve(d, target=rename[d.target], sources=tuple(rename[s] for s in d.sources))
        for d in lineage.derivations
    )
    agents = tuple(attrs.evolve(a, name=draw(hostile_text)) for a in lineage.agents)
    return Lineage(
        subject=rename[lineage.subject],
        versions=versions,
        derivations=derivations,
        agents=agents,
    )


def quiet(function: Any, lineage: Lineage, **options: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        text: str = function(lineage, **options)
    return text


def chain(length: int) -> Lineage:
    """``length`` versions, each a translation of the one before."""
    tags = ("fa", "en", "fr")
    versions = [Version(id=f"v{i}", language=tags[i % 3]) for i in range(length)]
    derivations = [
        Derivation(target=f"v{i}", sources=(f"v{i - 1}",), kind="translation", method="human")
        for i in range(1, length)
    ]
    return Lineage(subject=f"v{length - 1}", versions=versions, derivations=derivations)


def expected_texts(lineage: Lineage) -> Iterator[str]:
    """Each id, title and agent name as it must appear, once whitespace is normalized."""
    for version in lineage.versions:
        yield clean(version.id)
        if version.title and clean(version.title):
            yield clean(version.title)
    for agent in lineage.agents:
        if clean(agent.name):
            yield clean(agent.name)


# -- node ids ---------------------------------------------------------------------------------


@given(st.lists(st.text(), min_size=2, max_size=2, unique=True))
def test_node_ids_are_safe_and_one_to_one(pair: list[str]) -> None:
    first, second = (node_id(text) for text in pair)
    assert first != second
    for ident in (first, second):
        assert re.fullmatch(r"v_[A-Za-z0-9_]+", ident) or ident == "v_"


def test_node_ids_keep_punctuation_apart() -> None:
    ids = {node_id(text) for text in ("a-b", "a.b", "a_b", "a b", "a/b", "ab", "a__b", "a_2d_b")}
    assert len(ids) == 8


# -- Graphviz ---------------------------------------------------------------------------------


def run_dot(source: str) -> ET.Element:
    assert DOT is not None
    done = subprocess.run(
        [DOT, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    errors = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, errors
    assert "error" not in errors.lower(), errors
    assert "syntax" not in errors.lower(), errors
    return ET.fromstring(done.stdout)


def svg_groups(svg: ET.Element, kind: str) -> dict[str, str]:
    """Title → text of every node or edge group, lines joined with spaces."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != kind:
            continue
        title = group.findtext(f"{SVG}title") or ""
        lines = [t.text or "" for t in group.iter(f"{SVG}text")]
        found[title] = " ".join(" ".join(lines).split())
    return found


@needs_dot
def test_graphviz_draws_the_seed() -> None:
    lineage = examples.get("shafaqna")
    svg = run_dot(quiet(dot.dumps, lineage))
    nodes = svg_groups(svg, "node")
    assert set(nodes) == {node_id(v.id) for v in lineage.versions}
    assert nodes["v_fa_2d_article"] == "fa-article Persian · Shafaqna Persian · 2021-06-10"
    assert nodes["v_sy_2d_statement"] == "sy-statement Arabic · Syrian Presidency · Telegram"
    assert "“The Presidents of Iraq and Syria discussed" in nodes["v_en_2d_article"]
    edges = svg_groups(svg, "edge")
    assert edges["v_fa_2d_article->v_en_2d_article"] == (
        "translation (human) by Shafaqna English (translator)"
    )
    assert edges["v_sy_2d_statement->v_fa_2d_article"] == "reporting"


@needs_dot
def test_graphviz_names_languages_in_the_locale() -> None:
    svg = run_dot(quiet(dot.dumps, examples.get("shafaqna"), locale="fa"))
    assert "فارسی" in svg_groups(svg, "node")["v_fa_2d_article"]


@needs_dot
def test_graphviz_marks_machine_steps_and_links_urls() -> None:
    lineage = examples.get("syndication")
    svg = run_dot(quiet(dot.dumps, lineage))
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in svg.iter(f"{SVG}a")]
    assert "https://gazette.example.com/news/water-rates" in links
    machine = run_dot(quiet(dot.dumps, examples.get("machine")))
    edge = next(g for g in machine.iter(f"{SVG}g") if g.get("class") == "edge")
    path = edge.find(f"{SVG}path")
    assert path is not None
    assert path.get("stroke-dasharray")


@needs_dot
@given(hostile_lineages())
def test_graphviz_reads_hostile_text_back(lineage: Lineage) -> None:
    svg = run_dot(quiet(dot.dumps, lineage))
    nodes = svg_groups(svg, "node")
    assert set(nodes) == {node_id(v.id) for v in lineage.versions}
    everything = " ".join([*nodes.values(), *svg_groups(svg, "edge").values()])
    for version in lineage.versions:
        assert nodes[node_id(version.id)].startswith(clean(version.id))
    for text in expected_texts(lineage):
        assert text in everything


@needs_dot
@given(lineages())
def test_graphviz_reads_any_valid_lineage(lineage: Lineage) -> None:
    svg = run_dot(quiet(dot.dumps, lineage))
    assert len(svg_groups(svg, "edge")) == sum(len(set(d.sources)) for d in lineage.derivations)


# -- Mermaid ----------------------------------------------------------------------------------

_NODE_SCRIPT = r"""
import { createRequire } from 'module';
import { pathToFileURL } from 'url';
import path from 'path';
import readline from 'readline';
const modules = process.argv[2];
const require = createRequire(path.join(modules, 'noop.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = path.join(modules, 'mermaid', 'dist', 'mermaid.core.mjs');
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false, maxTextSize: 10000000, maxEdges: 1000000 });
console.log(JSON.stringify({ ready: true }));
for await (const line of readline.createInterface({ input: process.stdin })) {
  const text = JSON.parse(line);
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = [...db.getVertices().values()]
      .map(v => ({ id: v.id, text: v.text, classes: v.classes }));
    const edges = db.getEdges()
      .map(e => ({ start: e.start, end: e.end, text: e.text, stroke: e.stroke }));
    console.log(JSON.stringify({ ok: true, type: diagram.type, vertices, edges }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, error: String(error && error.message || error) }));
  }
}
"""


def _mermaid_modules() -> pathlib.Path | None:
    candidates = [os.environ.get("MERMAID_NODE_MODULES"), str(ROOT / "node_modules")]
    for candidate in candidates:
        if not candidate:
            continue
        modules = pathlib.Path(candidate)
        if (modules / "mermaid" / "dist").is_dir() and (modules / "jsdom").is_dir():
            return modules
    return None


class MermaidParser:
    """Mermaid's own parser, in one Node.js process kept for the whole test session."""

    def __init__(self, modules: pathlib.Path, script: pathlib.Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(script), str(modules)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline()

    def parse(self, text: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()
        result: dict[str, Any] = json.loads(self._line())
        return result

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


@pytest.fixture(scope="session")
def mermaid_parser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MermaidParser]:
    modules = _mermaid_modules()
    if shutil.which("node") is None or modules is None:
        pytest.skip("Node.js with the npm packages mermaid and jsdom is not available")
    script = tmp_path_factory.mktemp("mermaid") / "parse.mjs"
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    parser = MermaidParser(modules, script)
    yield parser
    parser.close()


def mermaid_text(label: str) -> str:
    """A label as Mermaid will display it: its entity codes decoded, as Mermaid's own
    ``decodeEntities`` then the browser do, and line breaks as spaces."""
    decoded = label.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";")
    decoded = re.sub(r"<br\s*/?>", " ", decoded)
    return " ".join(html.unescape(decoded).split())


def test_mermaid_decoding_helper_matches_mermaid_markers() -> None:
    assert mermaid_text("a ﬂ°°35¶ß b<br>c ﬂ°quot¶ß") == 'a # b c "'


def check_mermaid(parser: MermaidParser, lineage: Lineage) -> None:
    result = parser.parse(quiet(mermaid.dumps, lineage))
    assert result["ok"], result.get("error")
    assert result["type"] in ("flowchart-v2", "flowchart")
    vertices = {v["id"]: v for v in result["vertices"]}
    assert set(vertices) == {node_id(v.id) for v in lineage.versions}
    edges = result["edges"]
    assert len(edges) == sum(len(set(d.sources)) for d in lineage.derivations)
    everything = " ".join(mermaid_text(x["text"]) for x in [*vertices.values(), *edges])
    for version in lineage.versions:
        assert mermaid_text(vertices[node_id(version.id)]["text"]).startswith(clean(version.id))
    for text in expected_texts(lineage):
        assert text in everything


def test_mermaid_parser_reads_the_seed(mermaid_parser: MermaidParser) -> None:
    lineage = examples.get("shafaqna")
    check_mermaid(mermaid_parser, lineage)
    result = mermaid_parser.parse(quiet(mermaid.dumps, lineage))
    vertices = {v["id"]: v for v in result["vertices"]}
    assert vertices["v_en_2d_article"]["classes"] == ["subject"]
    assert vertices["v_sy_2d_statement"]["classes"] == ["origin"]
    assert mermaid_text(vertices["v_fa_2d_article"]["text"]) == (
        "fa-article Persian · Shafaqna Persian · 2021-06-10"
    )
    machine = mermaid_parser.parse(quiet(mermaid.dumps, examples.get("machine")))
    assert [e["stroke"] for e in machine["edges"]] == ["dotted"]


@given(hostile_lineages())
def test_mermaid_parser_reads_hostile_text_back(
    mermaid_parser: MermaidParser, lineage: Lineage
) -> None:
    check_mermaid(mermaid_parser, lineage)


@given(lineages())
def test_mermaid_parser_reads_any_valid_lineage(
    mermaid_parser: MermaidParser, lineage: Lineage
) -> None:
    check_mermaid(mermaid_parser, lineage)


# The structural check that runs everywhere: every line is a node, an edge or a class
# definition, and every label is one quoted string holding no quote.
_LABEL = r'"[^"\n]*"'
_MERMAID_LINE = re.compile(
    rf"  (?:v_[A-Za-z0-9_]*\[{_LABEL}\](?::::(?:origin|subject|unknown))?"
    rf"|v_[A-Za-z0-9_]* (?:-->|-\.->)\|{_LABEL}\| v_[A-Za-z0-9_]*"
    r"|classDef (?:origin|subject|unknown) [a-z0-9:#,. -]+)"
)


@given(hostile_lineages())
def test_mermaid_lines_keep_their_shape(lineage: Lineage) -> None:
    text = quiet(mermaid.dumps, lineage)
    head, *lines = text.split("\n")
    assert head == "flowchart TD"
    for line in lines:
        assert _MERMAID_LINE.fullmatch(line), line
    labels = re.findall(r'"([^"]*)"', text)
    for label in labels:  # in labels, only our entity codes and <br/> may carry these
        stripped = re.sub(r"#\d+;|<br/>", "", label)
        assert not set("#%&<>`") & set(stripped), label
    everything = " ".join(" ".join(re.sub(r"#(\d+);", "&#\\1;", x).split("<br/>")) for x in labels)
    everything = " ".join(html.unescape(everything).split())
    for expected in expected_texts(lineage):
        assert expected in everything


# -- both -------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [mermaid, dot], ids=["mermaid", "dot"])
def test_a_long_chain_renders_without_recursion(module: Any) -> None:
    text = quiet(module.dumps, chain(100_000))
    assert text.count("v_v99999") == 2  # its node, and the edge into it
    assert len(text.splitlines()) > 200_000


@pytest.mark.parametrize("module", [mermaid, dot], ids=["mermaid", "dot"])
def test_losses_are_named_in_one_warning(module: Any) -> None:
    with pytest.warns(LossWarning, match=r"agent URLs \(2: 'shafaqna-fa', 'shafaqna-en'\)"):
        module.dumps(examples.get("shafaqna"))
    assert "derivation notes (1: 'en-article')" in module.losses(examples.get("post-edited"))


@pytest.mark.parametrize("module", [mermaid, dot], ids=["mermaid", "dot"])
def test_nothing_lost_means_no_warning(module: Any) -> None:
    lineage = chain(3)
    assert module.losses(lineage) == ()
    module.dumps(lineage)  # warnings are errors in this suite


def test_only_mermaid_loses_version_urls() -> None:
    lineage = examples.get("syndication")
    assert any("version URLs" in loss for loss in mermaid.losses(lineage))
    assert not any("version URLs" in loss for loss in dot.losses(lineage))
    unsafe = attrs.evolve(
        lineage,
        versions=[attrs.evolve(v, url="javascript:alert(1)") for v in lineage.versions],
    )
    assert "javascript" not in quiet(dot.dumps, unsafe)
    assert any("not http(s)" in loss for loss in dot.losses(unsafe))


@pytest.mark.parametrize("module", [mermaid, dot], ids=["mermaid", "dot"])
def test_unknown_ids_become_placeholder_nodes(module: Any) -> None:
    lineage = Lineage(
        subject="b",
        versions=[Version(id="b", language="en")],
        derivations=[Derivation(target="b", sources=("ghost",), kind="translation")],
    )
    text = quiet(module.dumps, lineage)
    assert node_id("ghost") in text
    assert "unknown version" in text


def test_registry_serves_both() -> None:
    assert formats.get("mermaid") is mermaid
    assert formats.get("dot") is dot


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_show_and_convert() -> None:
    from provenance.formats import native

    seed = native.dumps(examples.get("shafaqna"))
    code, out, err = run_cli("show", "-", "--format", "mermaid", "--locale", "fr", stdin=seed)
    assert code == 0
    assert out.startswith("flowchart TD\n")
    assert "persan · Shafaqna Persian" in out
    assert "warning: mermaid drops agent URLs" in err
    code, out, err = run_cli("convert", "-", "--to", "dot", stdin=seed)
    assert code == 0
    assert out.startswith("digraph lineage {")
    assert "warning: dot drops" in err


@pytest.mark.parametrize("module", [mermaid, dot])
def test_labels_hold_no_bidi_controls_or_escapes(module: Any) -> None:
    lineage = examples.get("shafaqna")
    agents = [attrs.evolve(a, name=f"\u202e{a.name}\u2067\x1b[31m\u200b") for a in lineage.agents]
    versions = [attrs.evolve(v, title="\u2028Title\u202d") for v in lineage.versions]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        text = module.dumps(attrs.evolve(lineage, agents=tuple(agents), versions=tuple(versions)))
    assert not {"\u202e", "\u2067", "\u202d", "\u200b", "\u2028", "\x1b"} & set(text)
    assert "Shafaqna English\ufffd[31m" in text


@pytest.mark.parametrize("module", [mermaid, dot])
def test_a_fan_in_names_its_agents_once_not_on_every_edge(module: Any) -> None:
    lineage = fan_in(300, 300)
    text = quiet(module.dumps, lineage)
    assert text.count("Person 299") == 1
    assert text.count("translation") == 300  # every edge still says what the step was
    # The diagram grows with the lineage, not with sources × agents (was 300 × 300 names).
    assert len(text) < 4 * len(native.dumps(lineage))


def test_a_deeply_branching_tree_keeps_its_lines_short() -> None:
    from provenance.formats import diagram
    from provenance.model import Kind

    depth = 400
    versions = [Version(id=f"v{i}", language="en") for i in range(depth)]
    versions += [Version(id=f"leaf{i}", language="en") for i in range(depth)]
    steps = tuple(
        Derivation(target=f"v{i}", sources=(f"leaf{i}", f"v{i + 1}"), kind=Kind.REPORTING)
        for i in range(depth - 1)
    )
    lineage = Lineage(subject="v0", versions=tuple(versions), derivations=steps)
    tree = diagram.to_tree(lineage)
    lines = tree.splitlines()
    assert max(map(len, lines)) < 140
    assert len(tree) < 4 * len(native.dumps(lineage))
    assert "└─ v399 · English" in tree  # nothing is left out
    assert sum("continue at the left margin" in line for line in lines) >= depth // 15
