"""Tests that bite: the edges of the rules and of the validate() options, one by one.

Written against surviving mutants of ``provenance/_rules.py`` and ``provenance/validate.py``
(``tools/mutation.sh``): each test pins a message, a fix, a place or a boundary that the corpus
tests in tests/test_validate.py leave to chance.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import CheckError, Severity, _rules, dates, validate
from provenance.findings import RULES, Finding, matches
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

TODAY = dt.date(2026, 11, 29)
FAR = dt.date(2027, 11, 30)  # TODAY + 366 days: the last day that is not "far future"


def _several() -> Lineage:
    """One lineage with findings of seven codes in four groups (PV2, PV3, PV4, PV5)."""
    return Lineage(
        subject="t",
        agents=(
            Agent(
                id="o", type=AgentType.ORGANIZATION, name="O", url="fa.example", language="Farsi!"
            ),
        ),
        versions=(
            Version(
                id="s",
                language="AR",
                published=dates.parse_iso("1400-03-20"),
                url="javascript:x",
                publisher="o",
            ),
            Version(
                id="t",
                language="en",
                digest="sha256:AB",
                published=dates.parse_iso("2021-06-10T10:00"),
            ),
        ),
        derivations=(
            Derivation(target="t", sources=("s",), kind=Kind.TRANSLATION, method=Method.HUMAN),
        ),
    )


def _places(found: tuple[Finding, ...] | list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.location) for f in found]


ALL_OF_SEVERAL = [
    ("PV503", "$.agents[0].url"),
    ("PV201", "$.agents[0].language"),
    ("PV202", "$.versions[0].language"),
    ("PV503", "$.versions[0].url"),
    ("PV303", "$.versions[0].published"),
    ("PV302", "$.versions[1].published"),
    ("PV501", "$.versions[1].digest"),
    ("PV402", "$.derivations[0].agents"),
]


# -- select and ignore, with several codes present ---------------------------------------------


def test_the_lineage_of_several_codes_reports_them_all_in_document_order() -> None:
    assert _places(validate(_several(), today=TODAY)) == ALL_OF_SEVERAL


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["PV2"], (), [("PV201", "$.agents[0].language"), ("PV202", "$.versions[0].language")]),
        (["PV201", "PV303"], (), [("PV201", "$.agents[0].language"), ("PV303", "$.versions[0].published")]),
        (["pv5"], (), [("PV503", "$.agents[0].url"), ("PV503", "$.versions[0].url"), ("PV501", "$.versions[1].digest")]),
        (None, ["PV2", "PV5"], [("PV303", "$.versions[0].published"), ("PV302", "$.versions[1].published"), ("PV402", "$.derivations[0].agents")]),
        (None, ["PV303", "pv4"], [c for c in ALL_OF_SEVERAL if c[0] not in ("PV303", "PV402")]),
        (["PV3", "PV4"], ["PV302"], [("PV303", "$.versions[0].published"), ("PV402", "$.derivations[0].agents")]),
        (["PV2"], ["PV2"], []),
        (["PV1", "PV104"], (), []),
        (None, ["PV1"], ALL_OF_SEVERAL),
        ("PV302", (), [("PV302", "$.versions[1].published")]),
        (None, "PV503", [c for c in ALL_OF_SEVERAL if c[0] != "PV503"]),
    ],
)  # fmt: skip
def test_select_and_ignore_with_several_codes(
    select: list[str] | str | None, ignore: list[str] | str, expected: list[tuple[str, str]]
) -> None:
    lineage = _several()
    assert _places(validate(lineage, select=select, ignore=ignore, today=TODAY)) == expected
    streamed = list(provenance.iter_findings(lineage, select=select, ignore=ignore, today=TODAY))
    assert sorted(_places(streamed)) == sorted(expected)


_CODES = st.sampled_from(["PV1", "PV2", "PV3", "PV5", "PV201", "PV202", "PV302", "pv303", "PV50"])
_PATTERNS = st.lists(_CODES, max_size=3)


@given(select=st.none() | st.lists(_CODES, min_size=1, max_size=3), ignore=_PATTERNS)
def test_select_and_ignore_filter_the_full_report(
    select: list[str] | None, ignore: list[str]
) -> None:
    everything = validate(_several(), today=TODAY)
    kept = tuple(
        f
        for f in everything
        if (select is None or matches(f.code, select)) and not matches(f.code, ignore)
    )
    assert validate(_several(), select=select, ignore=ignore, today=TODAY) == kept


# -- the options of iter_findings() and check() -----------------------------------------------


def test_iter_findings_yields_in_rule_order_not_document_order() -> None:
    assert _places(provenance.iter_findings(_several(), today=TODAY)) == [
        ("PV202", "$.versions[0].language"),
        ("PV201", "$.agents[0].language"),
        ("PV303", "$.versions[0].published"),
        ("PV302", "$.versions[1].published"),
        ("PV402", "$.derivations[0].agents"),
        ("PV501", "$.versions[1].digest"),
        ("PV503", "$.agents[0].url"),
        ("PV503", "$.versions[0].url"),
    ]


def _with_text() -> tuple[Lineage, str]:
    text = "The presidents met."
    lineage = Lineage(
        subject="v",
        versions=(Version(id="v", language="en", digest=provenance.digest("Another text.")),),
    )
    return lineage, text


def test_iter_findings_checks_texts_and_the_clock() -> None:
    lineage, text = _with_text()
    assert list(provenance.iter_findings(lineage)) == []
    (finding,) = provenance.iter_findings(lineage, texts={"v": text})
    assert finding.code == "PV502"
    assert finding.message == f"the text supplied for 'v' has digest {provenance.digest(text)}"
    with pytest.raises(
        ValueError, match=r"texts= names versions the lineage does not have: \['w'\]"
    ):
        list(provenance.iter_findings(lineage, texts={"w": text}))
    future = Lineage(
        subject="v", versions=(Version(id="v", language="en", published=dates.parse_iso("2030")),)
    )
    assert _places(provenance.iter_findings(future, today=TODAY)) == [
        ("PV303", "$.versions[0].published")
    ]
    assert list(provenance.iter_findings(future, today=dt.date(2029, 6, 1))) == []


def test_a_matching_text_gives_no_finding_and_an_empty_texts_map_is_no_texts() -> None:
    lineage, text = _with_text()
    good = Lineage(
        subject="v", versions=(Version(id="v", language="en", digest=provenance.digest(text)),)
    )
    assert validate(good, texts={"v": text}) == ()
    assert validate(lineage, texts={}) == ()


def test_a_text_for_a_version_without_digest_is_not_checked() -> None:
    lineage = Lineage(subject="v", versions=(Version(id="v", language="en"),))
    assert validate(lineage, texts={"v": "anything"}) == ()


def test_check_passes_each_option_on() -> None:
    lineage, text = _with_text()
    assert provenance.check(lineage) is lineage
    with pytest.raises(CheckError) as caught:
        provenance.check(lineage, texts={"v": text})
    assert _places(caught.value.findings) == [("PV502", "$.versions[0].digest")]
    assert provenance.check(lineage, texts={"v": text}, ignore=["PV502"]) is lineage
    assert provenance.check(lineage, texts={"v": text}, select=["PV1", "PV3"]) is lineage
    with pytest.raises(CheckError):
        provenance.check(lineage, texts={"v": text}, select=["PV5"])
    future = Lineage(
        subject="v", versions=(Version(id="v", language="en", published=dates.parse_iso("2030")),)
    )
    with pytest.raises(CheckError):
        provenance.check(future, today=TODAY)
    assert provenance.check(future, today=dt.date(2029, 6, 1)) is future


@pytest.mark.parametrize(
    ("fail_on", "raises"),
    [
        (Severity.ERROR, False),
        ("error", False),
        (Severity.WARNING, True),
        ("warning", True),
        ("info", True),
    ],
)
def test_check_threshold_is_at_or_above(fail_on: Severity | str, raises: bool) -> None:
    # Only warnings (PV302, PV202): an error threshold passes, a warning one does not.
    lineage = Lineage(
        subject="v",
        versions=(Version(id="v", language="EN", published=dates.parse_iso("2021-06-10T10:00")),),
    )
    if not raises:
        assert provenance.check(lineage, fail_on=fail_on, today=TODAY) is lineage
        return
    with pytest.raises(CheckError) as caught:
        provenance.check(lineage, fail_on=fail_on, today=TODAY)
    assert _places(caught.value.findings) == [
        ("PV202", "$.versions[0].language"),
        ("PV302", "$.versions[0].published"),
    ]
    assert str(caught.value).startswith("2 finding(s):\n  $.versions[0].language: PV202 [warning]")


def test_check_reports_only_the_findings_at_or_above_the_threshold() -> None:
    with pytest.raises(CheckError) as caught:
        provenance.check(_several(), today=TODAY)
    assert {f.severity for f in caught.value.findings} == {Severity.ERROR}
    assert [f.code for f in caught.value.findings] == ["PV503", "PV201", "PV503", "PV303", "PV501"]


def test_today_defaults_to_the_clock() -> None:
    validate_module = importlib.import_module("provenance.validate")
    assert validate_module._today() == dates.today()
    next_year = dates.today().year + 2
    lineage = Lineage(
        subject="v",
        versions=(Version(id="v", language="en", published=dates.IsoDate(next_year)),),
    )
    assert [f.code for f in validate(lineage)] == ["PV303"]
    assert validate(lineage, today=dt.date(next_year, 1, 1)) == ()


def test_the_clock_is_asked_again_each_second(monkeypatch: pytest.MonkeyPatch) -> None:
    validate_module = importlib.import_module("provenance.validate")
    clock = {"now": 2_000_000_000.0, "day": dt.date(2033, 5, 18)}
    monkeypatch.setattr(validate_module.time, "time", lambda: clock["now"])
    monkeypatch.setattr(validate_module.dates, "today", lambda: clock["day"])
    validate_module._day_of.cache_clear()
    assert validate_module._today() == dt.date(2033, 5, 18)
    clock["day"] = dt.date(2033, 5, 19)
    assert validate_module._today() == dt.date(2033, 5, 18)  # the same second: not asked
    clock["now"] += 1
    assert validate_module._today() == dt.date(2033, 5, 19)
    validate_module._day_of.cache_clear()


# -- the clean-lineage shortcut, with explicit examples -----------------------------------------


def _clean(**changes: object) -> Lineage:
    """A clean two-version lineage with one agent, with some fields changed."""
    agent = Agent(
        id="mt",
        type=AgentType.SOFTWARE,
        name="MT",
        url=changes.pop("agent_url", "https://mt.example/"),  # type: ignore[arg-type]
        language=changes.pop("agent_language", "en"),  # type: ignore[arg-type]
    )
    derivation = Derivation(
        target="t",
        sources=("s",),
        kind=Kind.TRANSLATION,
        method=Method.MACHINE,
        agents=(AgentRole("mt", Role.TOOL),),
        date=changes.pop("date", dates.parse_iso("2021-06-11")),  # type: ignore[arg-type]
    )
    assert not changes
    return Lineage(
        subject="t",
        agents=(agent,),
        versions=(
            Version(id="s", language="fa", published=dates.parse_iso("2021-06-10")),
            Version(id="t", language="en", published=dates.parse_iso("2021-06-11")),
        ),
        derivations=(derivation,),
    )


def test_the_clean_example_takes_the_shortcut() -> None:
    assert _rules.Checker(_clean(), {}, TODAY)._quiet()
    assert validate(_clean(), today=TODAY) == ()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": dates.parse_iso("2030-01-01")}, [("PV303", "$.derivations[0].date", "2030-01-01 is more than a year in the future")]),
        ({"date": dates.parse_iso("1400-03-21")}, [("PV303", "$.derivations[0].date", "year 1400 is implausible for a Gregorian date; it reads like a local calendar (persian: 2021-06-11, islamic-umalqura: 1980-02-08)")]),
        ({"date": dates.parse_iso("2021-06-11T09:00")}, [("PV302", "$.derivations[0].date", "2021-06-11T09:00:00 has a time but no UTC offset, so its instant is unknown")]),
        ({"agent_language": "Farsi!"}, [("PV201", "$.agents[0].language", "'Farsi!' is not a valid BCP 47 language tag")]),
        ({"agent_language": "EN"}, [("PV202", "$.agents[0].language", "'EN' is not in canonical form")]),
        ({"agent_url": "mailto:mt@example.org"}, [("PV503", "$.agents[0].url", "'mailto:mt@example.org' is not an absolute http or https URL")]),
        ({"agent_url": "https://mt.example/a b"}, [("PV503", "$.agents[0].url", "'https://mt.example/a b' is not an absolute http or https URL")]),
    ],
)  # fmt: skip
def test_the_shortcut_stands_aside_for_agents_and_derivation_dates(
    changes: dict[str, object], expected: list[tuple[str, str, str]]
) -> None:
    lineage = _clean(**changes)
    assert not _rules.Checker(lineage, {}, TODAY)._quiet()
    assert [(f.code, f.location, f.message) for f in validate(lineage, today=TODAY)] == expected


def test_an_agent_without_language_or_url_stays_quiet() -> None:
    lineage = _clean(agent_language=None, agent_url=None)
    assert _rules.Checker(lineage, {}, TODAY)._quiet()


# -- the edges of the year-1500 and far-future checks -----------------------------------------


@pytest.mark.parametrize(
    ("date", "codes"),
    [
        ("1300-01-01", ["PV303"]),
        ("1500", ["PV303"]),
        ("1500-12-31", ["PV303"]),
        ("1501-01-01", []),
        ("2026-12-31", []),  # later this year
        ("2027-06-10", []),  # next year, within a year
        ("2027-11-30", []),  # today + 366 days
        ("2027-12-01", ["PV303"]),  # today + 367 days
        ("2027-11", []),  # a month is read as its first day
        ("2027-12", ["PV303"]),
        ("2027", []),  # a year is read as 1 January
        ("2028", ["PV303"]),
        ("2027-12-01T00:00Z", ["PV303"]),
        ("2027-11-30T23:59+14:00", []),
        ("2027-12-01T00:00", ["PV302", "PV303"]),
        ("1400-03-20T10:00", ["PV302", "PV303"]),
        ("1501-01-01T10:00", ["PV302"]),
    ],
)
def test_date_edges(date: str, codes: list[str]) -> None:
    for lineage, where in (
        (
            Lineage(
                subject="v",
                versions=(Version(id="v", language="en", published=dates.parse_iso(date)),),
            ),
            "$.versions[0].published",
        ),
        (_clean(date=dates.parse_iso(date)), "$.derivations[0].date"),
    ):
        found = validate(lineage, today=TODAY)
        assert _places(found) == [(code, where) for code in codes], date
        assert _rules.Checker(lineage, {}, TODAY)._quiet() is (not codes and date < "2027"), date


def test_far_future_counts_from_the_day_given() -> None:
    late = Lineage(
        subject="v",
        versions=(Version(id="v", language="en", published=dates.parse_iso("2027-12-01")),),
    )
    assert [f.code for f in validate(late, today=TODAY)] == ["PV303"]
    assert validate(late, today=TODAY + dt.timedelta(days=1)) == ()
    assert _rules._far_future(TODAY) == FAR


def test_far_future_message_and_fix() -> None:
    lineage = Lineage(
        subject="v",
        versions=(Version(id="v", language="en", published=dates.parse_iso("2027-12")),),
    )
    (finding,) = validate(lineage, today=TODAY)
    assert (finding.message, finding.fix) == (
        "2027-12 is more than a year in the future",
        "correct the date",
    )


def test_a_translation_dated_before_its_source_names_both_dates() -> None:
    lineage = Lineage(
        subject="t",
        versions=(
            Version(id="s", language="fa", published=dates.parse_iso("2021-06-10")),
            Version(id="t", language="en"),
        ),
        derivations=(
            Derivation(
                target="t",
                sources=("s",),
                kind=Kind.TRANSLATION,
                date=dates.parse_iso("2021-06-09"),
            ),
        ),
    )
    (finding,) = validate(lineage, today=TODAY)
    assert (finding.code, finding.location) == ("PV301", "$.derivations[0].date")
    assert finding.message == "'t' (2021-06-09) is dated before its source 's' (2021-06-10)"
    same_day = Lineage(
        subject=lineage.subject,
        versions=lineage.versions,
        derivations=(Derivation(target="t", sources=("s",), kind=Kind.TRANSLATION, date=dates.parse_iso("2021-06-10")),),
    )  # fmt: skip
    assert validate(same_day, today=TODAY) == ()


def test_dates_of_later_derivations_are_checked_after_unknown_or_undated_ones() -> None:
    # Each derivation that cannot be dated is skipped, not the rest of the lineage.
    day = dates.parse_iso
    lineage = Lineage(
        subject="t",
        versions=(
            Version(id="s", language="fa", published=day("2021-06-10")),
            Version(id="u", language="en"),
            Version(id="t", language="de", published=day("2021-06-01")),
        ),
        derivations=(
            Derivation(target="nope", sources=("s",), kind=Kind.SUMMARY),
            Derivation(target="u", sources=("s",), kind=Kind.TRANSLATION),
            Derivation(target="t", sources=("gone", "s"), kind=Kind.TRANSLATION),
        ),
    )
    found = [(f.code, f.location) for f in validate(lineage, today=TODAY)]
    assert ("PV301", "$.versions[2].published") in found


@pytest.mark.parametrize("kind", [Kind.SUMMARY, Kind.ADAPTATION, Kind.REPUBLICATION])
def test_a_method_on_a_kind_that_takes_none_asks_for_no_credits(kind: Kind) -> None:
    for method in Method:
        lineage = _derived(kind, "en", "en", method)
        assert _rules.Checker(lineage, {}, TODAY)._missing_credits(lineage.derivations[0]) == []
        assert validate(lineage, today=TODAY) == ()


# -- messages the corpus does not reach ---------------------------------------------------------


def _derived(
    kind: Kind,
    source: str,
    target: str,
    method: Method | None = None,
    credits: tuple[AgentRole, ...] = (),
    agents: tuple[Agent, ...] = (),
) -> Lineage:
    return Lineage(
        subject="t",
        agents=agents,
        versions=(Version(id="s", language=source), Version(id="t", language=target)),
        derivations=(
            Derivation(target="t", sources=("s",), kind=kind, method=method, agents=credits),
        ),
    )


@pytest.mark.parametrize(
    ("lineage", "expected"),
    [
        (_derived(Kind.EXCERPT, "fa", "en"), ("PV204", "an excerpt keeps the text, but the language changes (fa → en)", "use kind 'translation' (or 'transliteration'), or correct a language tag")),
        (_derived(Kind.REVISION, "sr-Cyrl", "sr-Latn"), ("PV204", "a revision keeps the text, but the language changes (sr-Cyrl → sr-Latn)", "use kind 'translation' (or 'transliteration'), or correct a language tag")),
        (_derived(Kind.TRANSLATION, "sr-Cyrl-RS", "sr-Latn-ME"), ("PV205", "sr-Cyrl-RS → sr-Latn-ME changes only the script and region, not the language", "use kind 'transliteration'")),
        (_derived(Kind.TRANSLATION, "en", "en"), ("PV203", "translation from 's' to 't' keeps the language (en → en)", "use kind 'revision' or 'republication', or correct a language tag")),
        (_derived(Kind.TRANSLITERATION, "fa", "en", Method.POST_EDITED, (AgentRole("p", Role.POST_EDITOR),), (Agent(id="p", type=AgentType.PERSON, name="P"),)), ("PV401", "a post-edited transliteration names no software agent", "add the engine as an agent of type 'software' with role 'tool'")),
        (_derived(Kind.LOCALIZATION, "en-US", "en-GB", Method.MACHINE), ("PV401", "a machine localization names no software agent", "add the engine as an agent of type 'software' with role 'tool'")),
    ],
)  # fmt: skip
def test_derivation_messages(lineage: Lineage, expected: tuple[str, str, str]) -> None:
    (finding,) = validate(lineage, today=TODAY)
    assert (finding.code, finding.message, finding.fix) == expected
    assert finding.location in ("$.derivations[0].kind", "$.derivations[0].agents")


def test_a_post_edited_translation_without_credits_lacks_a_tool_and_a_post_editor() -> None:
    found = validate(_derived(Kind.TRANSLATION, "fa", "en", Method.POST_EDITED), today=TODAY)
    assert [(f.code, f.location, f.message) for f in found] == [
        ("PV401", "$.derivations[0].agents", "a post-edited translation names no software agent"),
        ("PV404", "$.derivations[0].agents", "a post-edited translation names no post-editor"),
    ]


_SOFT = Agent(id="mt", type=AgentType.SOFTWARE, name="MT")
_PERSON = Agent(id="p", type=AgentType.PERSON, name="P")
_OUTLET = Agent(id="o", type=AgentType.ORGANIZATION, name="O")


@pytest.mark.parametrize(
    ("method", "credits", "codes"),
    [
        (Method.MACHINE, (AgentRole("mt", Role.TRANSLATOR),), []),  # software, any role but a tool's
        (Method.MACHINE, (AgentRole("o", Role.PUBLISHER),), ["PV401"]),
        (Method.POST_EDITED, (AgentRole("mt", Role.TOOL), AgentRole("p", Role.POST_EDITOR)), []),
        (Method.POST_EDITED, (AgentRole("p", Role.TOOL), AgentRole("p", Role.POST_EDITOR)), ["PV403"]),
        (Method.HUMAN, (AgentRole("o", Role.PUBLISHER),), []),  # a translating publisher
        (Method.HUMAN, (AgentRole("p", Role.TRANSLATOR),), []),
        (Method.HUMAN, (AgentRole("p", Role.EDITOR),), ["PV402"]),
        (Method.UNKNOWN, (), []),
        (None, (), []),
    ],
)  # fmt: skip
def test_who_must_be_credited_for_a_method(
    method: Method | None, credits: tuple[AgentRole, ...], codes: list[str]
) -> None:
    lineage = _derived(Kind.TRANSLATION, "fa", "en", method, credits, (_SOFT, _PERSON, _OUTLET))
    assert [f.code for f in validate(lineage, today=TODAY)] == codes


def test_a_human_transliteration_needs_no_translator() -> None:
    lineage = _derived(Kind.TRANSLITERATION, "sr-Cyrl", "sr-Latn", Method.HUMAN)
    assert validate(lineage, today=TODAY) == ()


@pytest.mark.parametrize(
    ("agent", "role", "method", "message", "fix"),
    [
        (_PERSON, Role.TOOL, None, "agent 'p': a person cannot be a tool", "give role 'translator', 'post_editor' or 'editor', or type 'software'"),
        (_OUTLET, Role.TOOL, None, "agent 'o': an organization cannot be a tool", "give role 'translator', 'post_editor' or 'editor', or type 'software'"),
        (_SOFT, Role.POST_EDITOR, Method.MACHINE, "agent 'mt': software cannot be a post-editor", "post-editors and editors are people or organizations"),
        (_SOFT, Role.EDITOR, Method.MACHINE, "agent 'mt': software cannot be an editor", "post-editors and editors are people or organizations"),
        (_SOFT, Role.PUBLISHER, Method.MACHINE, "agent 'mt': software cannot be a publisher", "the publisher is the outlet that ran the text"),
        (_SOFT, Role.TRANSLATOR, Method.HUMAN, "agent 'mt': software is the translator of a human translation", "use method 'machine' (or 'post_edited') and role 'tool'"),
    ],
)  # fmt: skip
def test_role_messages(
    agent: Agent, role: Role, method: Method | None, message: str, fix: str
) -> None:
    credits = (AgentRole(agent.id, role), AgentRole("p", Role.TRANSLATOR))
    agents = (agent,) if agent is _PERSON else (agent, _PERSON)
    lineage = _derived(Kind.SUMMARY, "en", "en", method, credits, agents)
    found = [f for f in validate(lineage, today=TODAY) if f.code == "PV403"]
    assert [(f.location, f.message, f.fix) for f in found] == [
        ("$.derivations[0].agents[0].role", message, fix)
    ]


@pytest.mark.parametrize(
    ("role", "method"),
    [(Role.TRANSLATOR, Method.MACHINE), (Role.TOOL, Method.HUMAN), (Role.TRANSLATOR, None)],
)
def test_software_may_translate_by_machine_and_be_a_tool(role: Role, method: Method | None) -> None:
    assert _rules._role_problem(AgentType.SOFTWARE, role, method) is None


def test_people_and_outlets_may_play_every_role_but_tool() -> None:
    for kind in (AgentType.PERSON, AgentType.ORGANIZATION):
        for role in set(Role) - {Role.TOOL}:
            assert _rules._role_problem(kind, role, Method.HUMAN) is None


def test_reference_messages() -> None:
    lineage = Lineage(
        subject="nowhere-at-all",
        agents=(_OUTLET,),
        versions=(Version(id="s", language="fa", authors=("s", "o", "zzz")),),
        derivations=(Derivation(target="o", sources=("s", "q"), kind=Kind.SUMMARY),),
    )
    found = validate(lineage, today=TODAY)
    assert [(f.code, f.location, f.message, f.fix) for f in found] == [
        ("PV104", "$.subject", "the subject 'nowhere-at-all' is not a version id", None),
        ("PV102", "$.versions[0].authors[0]", "unknown agent 's' (it is a version id)", "add the agent to $.agents"),
        ("PV102", "$.versions[0].authors[2]", "unknown agent 'zzz'", "add the agent to $.agents"),
        ("PV102", "$.derivations[0].target", "unknown version 'o' (it is an agent id)", None),
        ("PV102", "$.derivations[0].sources[1]", "unknown version 'q'", None),
    ]  # fmt: skip


def test_an_unconnected_version_is_reported_once_even_when_its_id_repeats() -> None:
    lineage = Lineage(
        subject="t",
        versions=(
            Version(id="t", language="en"),
            Version(id="x", language="fa"),
            Version(id="x", language="fa"),
        ),
    )
    assert [(f.code, f.location, f.message) for f in validate(lineage, today=TODAY)] == [
        ("PV105", "$.versions[1]", "version 'x' is not connected to the subject 't'"),
        ("PV101", "$.versions[2].id", "id 'x' is already used at $.versions[1].id"),
    ]


def test_suggestions_need_a_close_name_and_a_small_lineage() -> None:
    assert (
        _rules._suggest("fa-artcle", ["fa-article", "en-article"]) == "did you mean 'fa-article'?"
    )
    assert _rules._suggest("zzz", ["fa-article"]) is None
    many = [f"v{i}" for i in range(2000)]
    assert _rules._suggest("v1x", many) == "did you mean 'v1'?"
    assert _rules._suggest("v1x", [*many, "w"]) is None


def test_long_values_are_clipped_in_messages() -> None:
    assert _rules._clip("x" * 80) == "x" * 80
    assert _rules._clip("x" * 81) == "x" * 79 + "…"
    lineage = Lineage(
        subject="v",
        versions=(Version(id="v", language="en", url="u" * 100, digest="d" * 100),),
    )
    assert [f.message for f in validate(lineage, today=TODAY)] == [
        f"{'u' * 79 + '…'!r} is not an absolute http or https URL",
        f"{'d' * 79 + '…'!r} is not a digest",
    ]


def test_an_empty_tag_gets_the_generic_fix() -> None:
    lineage = Lineage(subject="v", versions=(Version(id="v", language=""),))
    (finding,) = validate(lineage, today=TODAY)
    assert (finding.code, finding.message, finding.fix) == (
        "PV201",
        "'' is not a valid BCP 47 language tag",
        "use a BCP 47 tag such as 'fa' or 'en-GB'",
    )


def test_every_reported_severity_is_the_catalogs() -> None:
    for finding in validate(_several(), today=TODAY):
        assert finding.severity is RULES[finding.code].severity


def test_first_places_keep_the_first_of_a_repeated_id() -> None:
    assert _rules._first_places(["a", "b", "a", "c"]) == {"a": 0, "b": 1, "c": 3}


def test_articles() -> None:
    assert [_rules._a(w) for w in ("organization", "excerpt", "person", "unknown", "")] == [
        "an organization",
        "an excerpt",
        "a person",
        "an unknown",
        "a ",
    ]


def _translations(*pairs: tuple[str, str]) -> Lineage:
    """Human translations ``target ← source``, in this document order, between versions in
    as many languages; the subject is ``r``."""
    used = {vid for pair in pairs for vid in pair}
    translator = Agent(id="t", type=AgentType.PERSON, name="T")
    return Lineage(
        subject="r",
        agents=(translator,),
        versions=tuple(
            Version(id=vid, language=tag)
            for vid, tag in (("r", "en"), ("s", "it"), ("a", "fr"), ("b", "de"), ("c", "es"))
            if vid in used
        ),
        derivations=tuple(
            Derivation(
                target=target,
                sources=(source,),
                kind=Kind.TRANSLATION,
                method=Method.HUMAN,
                agents=(AgentRole(agent="t", role=Role.TRANSLATOR),),
            )
            for target, source in pairs
        ),
    )


CYCLE = (
    "derivation cycle: 'a' → 'b' → 'c' → 'a' (each derives from the next) "
    "(fix: remove the derivation that points back down the chain)"
)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # The search starts on the cycle: its three derivations are its members, so the
        # translation of a cycle member ('r' from 'a') is no relay finding of its own.
        (
            (("a", "b"), ("b", "c"), ("c", "a"), ("r", "a")),
            [f"$.derivations[2]: PV103 [error] {CYCLE}"],
        ),
        # The search reaches the cycle through 'r' and 's': the cycle is placed at its own
        # last derivation (3), not at the derivation that led into it ('s' from 'a', 4), which
        # is no member: 'r' from 's' stays a relay.
        (
            (("r", "s"), ("a", "b"), ("b", "c"), ("c", "a"), ("s", "a")),
            [
                "$.derivations[0].sources[0]: PV207 [info] 'r' is translated from 's', itself "
                "a translation (relay translation)",
                f"$.derivations[3]: PV103 [error] {CYCLE}",
            ],
        ),
    ],
)
def test_a_cycle_is_its_own_derivations_only(
    pairs: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    assert [str(f) for f in validate(_translations(*pairs), today=TODAY)] == expected
