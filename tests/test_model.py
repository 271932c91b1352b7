from __future__ import annotations

import inspect

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


# -- the Builder checks its arguments as they are given -----------------------------------------


def test_builder_refuses_a_version_where_an_id_belongs() -> None:
    b = Builder()
    source = b.version("fa", "fa")
    version = b.build().version(source)
    with pytest.raises(TypeError, match=r"^version\(\): derived_from=") as error:
        b.version("en", "en", derived_from=version, kind="translation")  # type: ignore[arg-type]
    assert str(error.value) == (
        "version(): derived_from= takes an id (str), not Version; pass its id, 'fa'"
    )
    with pytest.raises(TypeError, match=r"^translate\(\): source=") as error:
        b.translate(version, "en", "en")  # type: ignore[arg-type]
    assert (
        str(error.value) == "translate(): source= takes an id (str), not Version; pass its id, 'fa'"
    )
    assert b.build().versions == (version,)  # the refused calls added nothing


def test_builder_refuses_a_dict_as_publisher() -> None:
    b = Builder()
    with pytest.raises(TypeError, match=r"^version\(\): publisher=") as error:
        b.version("en", "en", publisher={"name": "Shafaqna English"})  # type: ignore[arg-type]
    assert str(error.value) == (
        "version(): publisher= takes an id (str), not dict; add the agent with organization(), "
        "person() or software(), which return its id"
    )
    with pytest.raises(TypeError, match=r"^version\(\): authors=") as error:
        b.version("en", "en", authors=[b.person("A. Writer"), 7])  # type: ignore[list-item]
    assert str(error.value) == "version(): authors= takes an id (str), not int"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda b: b.version("en", "en", derived_from="fa", kind="translaton"),
            "version(): kind='translaton' is not one of translation, transliteration, "
            "localization, adaptation, summary, excerpt, quotation, republication, "
            "transcription, revision, reporting (did you mean 'translation'?)",
        ),
        (
            lambda b: b.translate("fa", "en", "en", method="ai"),
            "translate(): method='ai' is not one of human, machine, post_edited, unknown",
        ),
        (
            lambda b: b.translate("fa", "en", "en", method="machin"),
            "translate(): method='machin' is not one of human, machine, post_edited, unknown "
            "(did you mean 'machine'?)",
        ),
        (
            lambda b: b.derive("en", "fa", "sumary"),
            "derive(): kind='sumary' is not one of translation, transliteration, localization, "
            "adaptation, summary, excerpt, quotation, republication, transcription, revision, "
            "reporting (did you mean 'summary'?)",
        ),
        (
            lambda b: b.agent("DeepL", "sofware"),
            "agent(): type='sofware' is not one of organization, person, software "
            "(did you mean 'software'?)",
        ),
    ],
)
def test_builder_enums_list_the_choices_and_the_nearest(call: object, message: str) -> None:
    b = Builder()
    b.version("fa", "fa")
    with pytest.raises(ValueError, match=r"^\w+\(\): ") as error:
        call(b)  # type: ignore[operator]
    assert str(error.value) == message
    assert [v.id for v in b.build().versions] == ["fa"]


def test_translate_takes_typed_keywords() -> None:
    # Explicit keywords, no **fields: mypy catches a misspelled one before it runs.
    parameters = inspect.signature(Builder.translate).parameters.values()
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters)
    version_keywords = set(inspect.signature(Builder.version).parameters) - {"derived_from", "kind"}
    assert set(inspect.signature(Builder.translate).parameters) - {"source"} == version_keywords
    b = Builder()
    b.version("fa", "fa")
    with pytest.raises(TypeError, match="translater"):
        b.translate("fa", "en", "en", translater="someone")  # type: ignore[call-arg]
    person = b.person("Sara Ahmadi")
    b.translate("fa", "en", "en", translator=person, published="2021-06-10")
    (derivation,) = b.build().derivations
    assert derivation.agents == (AgentRole(person, Role.TRANSLATOR),)
    assert derivation.method is Method.HUMAN


def test_a_date_error_names_the_argument_and_the_version() -> None:
    b = Builder()
    b.version("fa", "fa")
    with pytest.raises(ValueError, match=r"^translate\(\): published=") as error:
        b.translate("fa", "en", "en", published="2021-13-01")
    assert str(error.value) == (
        "translate(): published= of version 'en': '2021-13-01' is not a real date or time: "
        "month must be in 1..12"
    )
    with pytest.raises(ValueError, match=r"^derive\(\): date=") as error:
        b.derive("fa", "fa", "revision", date="10 June 2021")
    assert str(error.value).startswith(
        "derive(): date= of version 'fa': '10 June 2021' is not an ISO 8601 date"
    )
    with pytest.raises(TypeError, match=r"^version\(\): published=") as error:
        b.version("de", "de", published=20210610)  # type: ignore[arg-type]
    assert str(error.value) == (
        "version(): published= of version 'de' takes ISO text, a date or a datetime, not int"
    )
