from __future__ import annotations

import inspect

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Builder, examples
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
from provenance.strategies import any_lineages


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


# -- an id the lineage does not know: the same KeyError from every query ---------------------------

_BY_ID = (
    "version",
    "sources_of",
    "derivations_of",
    "derived_from",
    "ancestors",
    "chain",
    "steps",
    "languages",
    "translation_hops",
)


@pytest.mark.parametrize("query", _BY_ID)
def test_every_query_refuses_an_unknown_id_alike(query: str) -> None:
    lineage = examples.get("shafaqna")
    with pytest.raises(KeyError) as error:
        getattr(lineage, query)("en-artcle")
    assert error.value.args == (
        "no version 'en-artcle'; versions: en-article, fa-article, iq-statement, sy-statement",
    )
    assert not lineage.has_version("en-artcle")


@settings(max_examples=60, deadline=None)
@given(any_lineages(), st.text(min_size=1, max_size=6))
def test_unknown_ids_raise_and_mentioned_ids_answer(lineage: Lineage, name: str) -> None:
    mentioned = {lineage.subject, *(v.id for v in lineage.versions)}
    for derivation in lineage.derivations:
        mentioned.update((derivation.target, *derivation.sources))
    for query in _BY_ID[1:5]:  # the neighbourhood queries answer for every id mentioned
        for version_id in mentioned:
            getattr(lineage, query)(version_id)
        if name not in mentioned:
            with pytest.raises(KeyError) as error:
                getattr(lineage, query)(name)
            assert error.value.args[0].startswith(f"no version {name!r}; versions: ")


# -- what a version's words are: translation hops and machine output ------------------------------


def _derived(kind: str, source_language: str, method: str | None = None) -> Lineage:
    b = Builder()
    b.version("src", source_language)
    tool = b.software("GPT") if method else None
    b.version("out", "en", derived_from="src", kind=kind, method=method, tool=tool)
    return b.build()


@pytest.mark.parametrize(
    ("kind", "source_language", "hops"),
    [
        ("translation", "fa", 1),
        ("summary", "fa", 1),  # an English summary of a Persian article crossed a language
        ("adaptation", "fa", 1),
        ("summary", "en-GB", 0),  # same language: a new text, not a hop
        ("reporting", "fa", 0),  # reporting writes a new text, even across languages
        ("transliteration", "en-Cyrl", 0),
    ],
)
def test_translation_hops_count_summaries_into_another_language(
    kind: str, source_language: str, hops: int
) -> None:
    lineage = _derived(kind, source_language)
    assert lineage.translation_hops() == hops
    assert lineage.is_translation_hop(lineage.derivations[0]) is bool(hops)


@pytest.mark.parametrize("kind", ["republication", "excerpt", "quotation", "transcription"])
def test_machine_output_is_carried_by_steps_that_keep_the_text(kind: str) -> None:
    b = Builder()
    b.version("de", "de")
    mt = b.translate("de", "en-mt", "en", tool=b.software("DeepL"))
    b.version("en", "en", derived_from=mt, kind=kind)
    b.version("en-2", "en", derived_from="en", kind="republication")
    lineage = b.build()
    assert lineage.machine_step().target == "en-mt"
    assert lineage.machine_step("en").method is Method.MACHINE
    assert lineage.machine_step("de") is None


def test_people_rewriting_machine_output_end_the_machine_text() -> None:
    b = Builder()
    b.version("de", "de")
    b.translate("de", "en-mt", "en", tool=b.software("DeepL"))
    b.version("en", "en", derived_from="en-mt", kind="summary")
    assert b.build().machine_step() is None
    assert examples.get("shafaqna").machine_step() is None


def test_machine_step_walks_a_long_chain_and_a_cycle_without_recursion() -> None:
    versions = [Version(id=f"v{i}", language="en") for i in range(20_000)]
    derivations = [
        Derivation(target=f"v{i + 1}", sources=(f"v{i}",), kind=Kind.REPUBLICATION)
        for i in range(19_999)
    ]
    derivations[0] = attrs.evolve(derivations[0], kind=Kind.TRANSLATION, method=Method.MACHINE)
    lineage = Lineage(subject="v19999", versions=versions, derivations=derivations)
    assert lineage.machine_step().target == "v1"
    cycle = [
        Derivation(target="a", sources=("b",), kind=Kind.REPUBLICATION),
        Derivation(target="b", sources=("a",), kind=Kind.EXCERPT),
    ]
    looped = Lineage(subject="a", versions=versions[:0], derivations=cycle)
    assert looped.machine_step() is None


def test_model_enums_name_the_choices_and_the_nearest() -> None:
    with pytest.raises(ValueError, match=r"^kind=") as error:
        Derivation(target="en", sources=("fa",), kind="translaton")
    assert str(error.value) == (
        "kind='translaton' is not one of translation, transliteration, localization, "
        "adaptation, summary, excerpt, quotation, republication, transcription, revision, "
        "reporting (did you mean 'translation'?)"
    )
    with pytest.raises(ValueError, match=r"^role=") as error:
        AgentRole("deepl", "tol")
    assert str(error.value) == (
        "role='tol' is not one of translator, post_editor, editor, tool, publisher "
        "(did you mean 'tool'?)"
    )
    assert Derivation(target="en", sources=("fa",), kind="summary", method="machine").method is (
        Method.MACHINE
    )


def test_builder_dates_from_python_keep_their_precision_and_offset() -> None:
    import datetime as dt

    b = Builder()
    kabul = dt.timezone(dt.timedelta(hours=4, minutes=30))
    b.version("a", "en", published=dt.datetime(2021, 6, 10, 10, 30, tzinfo=kabul))
    b.version("b", "en", published=dt.date(2021, 6, 10))
    b.version("c", "en", published=dt.datetime(2021, 6, 10, 10, 30))
    lineage = b.build(subject="a")
    assert [str(v.published) for v in lineage.versions] == [
        "2021-06-10T10:30:00+04:30",
        "2021-06-10",
        "2021-06-10T10:30:00",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: b.version("c", "en", title=5), "version(): title= takes a string, not int"),
        (
            lambda b: b.version("d", 5),
            "version(): language= takes a BCP 47 tag such as 'fa' (str), not int",
        ),
        (lambda b: b.organization(5), "organization(): name= takes a string, not int"),
        (
            lambda b: b.version("e", "en", published_as="20 Khordad 1400"),
            "version(): published_as= takes a PublishedAs (the date as printed and its "
            "calendar), not str",
        ),
        (
            lambda b: b.build(subject="a", extensions=[1]),
            "build(): extensions= takes a dict, not list",
        ),
    ],
)
def test_builder_arguments_of_the_wrong_type_say_what_they_take(call: object, message: str) -> None:
    b = Builder()
    b.version("a", "en")
    with pytest.raises(TypeError) as error:
        call(b)  # type: ignore[operator]
    assert str(error.value) == message


def test_involves_machine_looks_only_at_what_the_subject_derives_from() -> None:
    tool = Agent(id="cms", type=AgentType.ORGANIZATION, name="CMS")
    versions = tuple(Version(id=v, language="en") for v in ("s", "t", "u"))
    # 'u' was machine translated from 's', but the subject 't' does not derive from 'u'.
    machine = Derivation(target="u", sources=("s",), kind=Kind.TRANSLATION, method=Method.MACHINE)
    copied = Derivation(target="t", sources=("s",), kind=Kind.REPUBLICATION)
    lineage = Lineage(subject="t", agents=(tool,), versions=versions, derivations=(machine, copied))
    assert not lineage.involves_machine()
    # A credit in the role of a tool is a machine at work, whatever the agent's type says.
    tooled = attrs.evolve(copied, agents=(AgentRole("cms", Role.TOOL),))
    assert attrs.evolve(lineage, derivations=(machine, tooled)).involves_machine()


def test_ids_are_strings_and_sequences_of_them() -> None:
    assert Version(id="v", language="en", authors=["a", "b"]).authors == ("a", "b")
    with pytest.raises(TypeError, match=r"^expected a sequence of ids, got the string 'ab'$"):
        Version(id="v", language="en", authors="ab")
    with pytest.raises(TypeError, match=r"^a version id is a string, not int$"):
        examples.get("shafaqna").version(5)  # type: ignore[arg-type]
