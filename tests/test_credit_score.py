"""benchmarks/credit_score.py: the five-part credit-line score, checked on hand-made cases."""

from __future__ import annotations

import json
import pathlib
import runpy
from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Builder, Lineage

ROOT = pathlib.Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "data" / "credits"


# The scorer is a script in benchmarks/, not part of the package: run it by path.
cs = SimpleNamespace(**runpy.run_path(str(ROOT / "benchmarks" / "credit_score.py")))


def step(kind: str = "translation", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": kind,
        "method": "unknown" if kind == "translation" else None,
        "source_language": None,
        "target_language": None,
        "source_publisher": None,
        "publisher": None,
        "translators": [],
        "post_editors": [],
        "tools": [],
    }
    return {**base, **fields}


def line(text: str, *steps: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "expected": {"steps": list(steps)} if steps else None}


def lineage_of(steps: Sequence[Mapping[str, Any]], *, unnamed: Sequence[str] = ()) -> Lineage:
    """A lineage stating exactly ``steps`` (a chain, oldest first), as an extractor would."""
    b = Builder()
    agents: dict[str, str] = {}  # one agent a name: "IFP" may publish one step, translate another

    def org(name: str | None) -> str | None:
        if name and name not in agents:
            agents[name] = b.organization(name)
        return agents[name] if name else None

    def person(name: str) -> str:
        if name not in agents:
            agents[name] = b.person(name)
        return agents[name]

    languages = [steps[0]["source_language"] or "und"]
    for number, s in enumerate(steps):
        after = steps[number + 1]["source_language"] if number + 1 < len(steps) else None
        languages.append(s["target_language"] or after or "und")
    b.version("v0", languages[0], publisher=org(steps[0]["source_publisher"]))
    for number, s in enumerate(steps, 1):
        b.version(
            f"v{number}",
            languages[number],
            publisher=org(s["publisher"]),
            derived_from=f"v{number - 1}",
            kind=s["kind"],
            method=s["method"],
            translator=[person(n) for n in s["translators"]] or None,
            post_editor=[person(n) for n in s["post_editors"]] or None,
        )
    ids = [agent.id for agent in b.build().agents if agent.name in unnamed]
    return b.build(extensions={"extract": {"unnamed_agents": ids}})


def extractor(answers: Mapping[str, Lineage | None]) -> Callable[[str], Lineage | None]:
    return lambda text: answers.get(text)


def test_a_perfect_extraction_scores_one_on_every_part() -> None:
    lines = [
        line(
            "Traduit de l'anglais par Marie Dupont",
            step(method="human", source_language="en", translators=["Marie Dupont"]),
        ),
        line("Source: AFP", step("republication", source_publisher="AFP")),
        line("(AP Photo/Jane Doe)"),
    ]
    answers = {row["text"]: lineage_of(row["expected"]["steps"]) for row in lines[:2]}
    result = cs.score(lines, extractor(answers))
    assert {part: result[part] for part in (*cs.PARTS, "score")} == dict.fromkeys(
        (*cs.PARTS, "score"), 1.0
    )
    assert result["misses"] == []


def test_detection_is_the_f1_over_lines() -> None:
    lines = [
        line("a", step("republication")),
        line("b", step("republication")),
        line("c"),
        line("d"),
    ]
    chain = lineage_of([step("republication")])
    result = cs.score(lines, extractor({"a": chain, "c": chain}))
    assert result["counts"]["detection"] == {"tp": 1, "fp": 1, "fn": 1}
    assert result["detection"] == pytest.approx(0.5)
    assert [m["lost"] for m in result["misses"]] == [["detection"], ["detection"]]


def test_kinds_compare_the_whole_sequence_of_true_positives_only() -> None:
    two = [step("excerpt"), step(source_language="fa", target_language="en")]
    lines = [line("x", *two), line("y", *two), line("z", step("republication"))]
    answers = {
        "x": lineage_of(two),
        "y": lineage_of(two[1:]),  # the excerpt step is missing
    }  # "z" not detected: it does not count for kinds
    result = cs.score(lines, extractor(answers))
    assert result["counts"]["kinds"] == {"matched": 1, "of": 2}
    assert result["kinds"] == 0.5


def test_kinds_without_any_true_positive() -> None:
    lines = [line("x", step("republication"))]
    assert cs.score(lines, extractor({}))["kinds"] == 0.0
    assert cs.score([line("n")], extractor({}))["kinds"] == 1.0


def test_languages_compare_primary_subtags_field_by_field() -> None:
    lines = [
        line("a", step(source_language="en-US", target_language="fr")),
        line("b", step(source_language="fa")),
        line("c", step(target_language="de")),  # not detected: its language is lost
    ]
    answers = {
        "a": lineage_of([step(source_language="en", target_language="fr-CA")]),
        "b": lineage_of([step(target_language="fa")]),  # right language, wrong side
    }
    result = cs.score(lines, extractor(answers))
    assert result["counts"]["languages"] == {"matched": 2, "of": 4}
    assert result["languages"] == 0.5


def test_languages_the_line_does_not_state_do_not_count() -> None:
    # An extractor may know more (from elsewhere); only the stated languages are scored.
    lines = [line("a", step(source_language="es"))]
    answers = {"a": lineage_of([step(source_language="es", target_language="en")])}
    assert cs.score(lines, extractor(answers))["languages"] == 1.0


def test_names_f1_over_translators_and_post_editors() -> None:
    lines = [
        line("a", step(translators=["Edith Grossman"], post_editors=["Ana Ruiz"])),
        line("b", step(translators=["Li Wei"])),
        line("n"),
    ]
    answers = {
        # case and spacing do not count; the post-editor is missed
        "a": lineage_of([step(translators=["edith  GROSSMAN"])]),
        # the right name in the wrong role is wrong
        "b": lineage_of([step(post_editors=["Li Wei"])]),
        # a name read from a negative line is a false positive
        "n": lineage_of([step(translators=["Nobody"])]),
    }
    result = cs.score(lines, extractor(answers))
    assert result["counts"]["names"] == {"tp": 1, "fp": 2, "fn": 2}
    assert result["names"] == pytest.approx(2 / (2 + 2 + 2))


def test_unnamed_placeholder_agents_are_not_names() -> None:
    lines = [line("a", step())]
    answers = {"a": lineage_of([step(translators=["translator"])], unnamed=["translator"])}
    result = cs.score(lines, extractor(answers))
    assert result["names"] == 1.0
    assert result["counts"]["names"] == {"tp": 0, "fp": 0, "fn": 0}


def test_origin_is_the_first_steps_source_publisher_normalised() -> None:
    lines = [
        line("a", step(source_publisher="The New York Times")),
        line("b", step("republication", source_publisher="Al-Ahram")),
        line("c", step("reporting", source_publisher="SANA"), step("translation")),
        line("d", step(source_publisher="Le Monde")),
        line("e", step()),  # states no outlet: not counted
    ]
    answers = {
        "a": lineage_of([step(source_publisher="le New York Times")]),
        "b": lineage_of([step("republication", source_publisher="ahram")]),
        # SANA is named, but as the publisher of the middle version, not the original's
        "c": lineage_of([step("reporting"), step(source_publisher="SANA")]),
        "d": lineage_of([step(source_publisher="Le Figaro")]),
        "e": lineage_of([step(source_publisher="Reuters")]),
    }
    result = cs.score(lines, extractor(answers))
    assert result["counts"]["origin"] == {"matched": 2, "of": 4}
    assert result["origin"] == 0.5


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("The New York Times", "new york times"),
        ("le  New York Times.", "new york times"),
        ("«Le Monde»", "monde"),
        ("L'Humanité", "humanité"),
        ("Al-Ahram", "ahram"),
        ("al Jazeera", "jazeera"),
        ("Der Spiegel", "spiegel"),
        ("Die", "die"),  # an article alone is a name, not nothing
        ("Shafaqna Persian", "shafaqna persian"),
        ("Theatre Today", "theatre today"),  # "The" only as a whole word
    ],
)
def test_outlet_key(value: str, key: str) -> None:
    assert cs.outlet_key(value) == key


def test_the_score_is_the_mean_of_the_five_parts() -> None:
    lines = [line("a", step(source_language="en", source_publisher="BBC")), line("n")]
    answers = {"a": lineage_of([step("summary")]), "n": lineage_of([step()])}
    result = cs.score(lines, extractor(answers))
    assert result["score"] == pytest.approx(sum(result[p] for p in cs.PARTS) / 5)
    assert (result["detection"], result["kinds"], result["languages"], result["origin"]) == (
        pytest.approx(2 / 3),
        0.0,
        0.0,
        0.0,
    )


def _corpus() -> list[dict[str, Any]]:
    rows = []
    for name in ("dev", "test"):
        text = (CORPUS / f"{name}.jsonl").read_text("utf-8")
        rows.extend(json.loads(row) for row in text.splitlines() if row.strip())
    return rows


REAL = [row for row in _corpus() if row["expected"]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(REAL), min_size=1, max_size=8, unique_by=lambda r: r["text"]))
def test_reading_the_corpus_lines_back_exactly_scores_one(rows: list[dict[str, Any]]) -> None:
    # For any real lines: an extractor that returns exactly what a line states scores 1.0
    # on every part. This ties the scorer's reading of a lineage to the corpus's step form.
    answers = {row["text"]: lineage_of(row["expected"]["steps"]) for row in rows}
    result = cs.score(rows, extractor(answers))
    assert result["score"] == 1.0, result["misses"]


def test_table_lists_each_part() -> None:
    result = cs.score([line("n")], extractor({}))
    text = cs.table({"dev": result})
    assert text.splitlines()[0].split() == ["part", *cs.PARTS, "score"]
    assert text.splitlines()[1].split()[0] == "dev"
