from __future__ import annotations

import attrs
import pytest

from provenance import Builder, examples
from provenance.model import AgentRole, AgentType, Derivation, Kind, Lineage, Method, Role, Version


def test_seed_graph_queries() -> None:
    lineage = examples.get("shafaqna")
    assert [v.id for v in lineage.origins()] == ["sy-statement", "iq-statement"]
    assert [v.id for v in lineage.chain()] == ["sy-statement", "fa-article", "en-article"]
    assert [v.id for v in lineage.chain("iq-statement")] == [
        "iq-statement",
        "fa-article",
        "en-article",
    ]
    assert lineage.sources_of("fa-article") == ("sy-statement", "iq-statement")
    assert lineage.sources_of("sy-statement") == ()
    assert lineage.languages() == ("ar", "fa", "en")
    assert lineage.translation_hops() == 1
    assert [d.target for d in lineage.translations()] == ["en-article"]
    assert not lineage.involves_machine()
    assert lineage.ancestors() == ("fa-article", "sy-statement", "iq-statement")
    assert lineage.subject_version.publisher == "shafaqna-en"
    assert lineage.agent("shafaqna-fa").name == "Shafaqna Persian"
    assert lineage.agent("shafaqna-fa").language == "fa"
    assert [d.kind for d in lineage.steps()] == [Kind.REPORTING, Kind.TRANSLATION]
    assert lineage.derived_from("fa-article")[0].target == "en-article"


def test_machine_involvement() -> None:
    assert examples.get("machine").involves_machine()
    assert examples.get("post-edited").involves_machine()
    assert not examples.get("relay").involves_machine()


def test_relay_has_two_hops_and_three_languages() -> None:
    relay = examples.get("relay")
    assert relay.languages() == ("mr", "en", "hi")
    assert relay.translation_hops() == 2


def test_chain_from_an_unrelated_version_is_an_error() -> None:
    lineage = examples.get("shafaqna")
    with pytest.raises(ValueError, match="does not derive from 'en-article'"):
        Lineage(
            subject="fa-article", versions=lineage.versions, derivations=lineage.derivations
        ).chain("en-article")


def test_lookups_name_what_exists() -> None:
    with pytest.raises(KeyError, match="versions: en-article"):
        examples.get("shafaqna").version("nope")
    with pytest.raises(KeyError, match="agents: iraqi-presidency"):
        examples.get("shafaqna").agent("nope")


def test_graph_walks_survive_cycles_and_unknown_ids() -> None:
    lineage = Lineage(
        subject="a",
        versions=(Version(id="a", language="en"), Version(id="b", language="fr")),
        derivations=(
            Derivation(target="a", sources=("b",), kind=Kind.TRANSLATION),
            Derivation(target="b", sources=("a", "ghost"), kind=Kind.TRANSLATION),
        ),
    )
    assert set(lineage.ancestors()) == {"b", "ghost"}
    assert [v.id for v in lineage.chain()] == ["b", "a"]
    assert lineage.origins() == ()


def test_models_are_frozen_values() -> None:
    version = Version(id="v", language="fa")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        version.language = "en"  # type: ignore[misc]
    assert attrs.evolve(version, language="en").language == "en"
    assert Version(id="v", language="fa") == version
    assert hash(examples.get("shafaqna")) == hash(examples.get("shafaqna"))


def test_type_errors_are_caught_early() -> None:
    with pytest.raises(ValueError, match="translated"):
        Derivation(target="a", sources=("b",), kind="translated")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sequence of ids"):
        Derivation(target="a", sources="b", kind=Kind.TRANSLATION)  # type: ignore[arg-type]
    assert AgentRole("x", "tool").role is Role.TOOL  # type: ignore[arg-type]


def test_builder_infers_methods_from_agents() -> None:
    b = Builder()
    src = b.version("es", "es")
    tool = b.software("Google Translate")
    editor = b.person("Ana Ruiz")
    b.translate(src, "mt", "en", tool=tool)
    b.translate(src, "pe", "en-GB", tool=tool, post_editor=editor)
    b.translate(src, "ht", "fr", translator=editor)
    lineage = b.build("ht")
    methods = {d.target: d.method for d in lineage.derivations}
    assert methods == {"mt": Method.MACHINE, "pe": Method.POST_EDITED, "ht": Method.HUMAN}
    assert lineage.agent("google-translate").type is AgentType.SOFTWARE


def test_builder_canonicalizes_valid_tags_and_keeps_invalid_ones() -> None:
    b = Builder()
    b.version("a", "iw")
    b.version("b", "Hebrew!")
    lineage = b.build()
    assert [v.language for v in lineage.versions] == ["he", "Hebrew!"]


def test_builder_refuses_duplicates_and_half_derivations() -> None:
    b = Builder()
    b.organization("Shafaqna English")
    with pytest.raises(ValueError, match="already used"):
        b.organization("Shafaqna English")
    b.version("v", "en")
    with pytest.raises(ValueError, match="already used"):
        b.version("v", "en")
    with pytest.raises(ValueError, match="both derived_from= and kind="):
        b.version("w", "fr", derived_from="v")
    with pytest.raises(ValueError, match="at least one version"):
        Builder().build()


def test_builder_slugs_ids_from_names() -> None:
    b = Builder()
    assert b.organization("Agence France-Presse") == "agence-france-presse"
    assert b.person("José Martí") == "jose-marti"
