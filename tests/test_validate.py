from __future__ import annotations

import datetime as dt
import pathlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import CheckError, Severity, _rules, dates, examples, validate
from provenance.findings import RULES, Finding
from provenance.formats import native
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
from provenance.strategies import any_lineages, iso_dates, lineages

from .conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.json"))
VALID = sorted((DATA / "valid").glob("*.json"))
TODAY = dt.date(2026, 11, 29)


def _expected(path: pathlib.Path) -> list[tuple[str, str]]:
    lines = path.with_suffix(".findings").read_text(encoding="utf-8").splitlines()
    return [(code, where) for code, where in (line.split(" ", 1) for line in lines if line)]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_corpus_gives_exactly_the_expected_codes_and_paths(path: pathlib.Path) -> None:
    lineage = native.loads(path.read_bytes())
    found = validate(lineage, today=TODAY)
    assert [(f.code, f.location) for f in found] == _expected(path)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_corpus_has_no_errors_or_warnings(path: pathlib.Path) -> None:
    found = validate(native.loads(path.read_bytes()), today=TODAY)
    assert all(f.severity is Severity.INFO for f in found)


def test_every_rule_has_an_invalid_case() -> None:
    covered = {code for path in INVALID for code, _ in _expected(path)}
    # PV502 needs the text beside the lineage; PV106 cannot be written in JSON (the loader
    # refuses an empty source list): both are tested below.
    # PV6xx are about a page, found while reading it (provenance.pages): tested there.
    page_rules = {code for code in RULES if code.startswith("PV6")}
    assert set(RULES) - covered - page_rules == {"PV106", "PV502"}


def test_a_derivation_without_sources_is_reported() -> None:
    from provenance.model import Derivation, Kind, Version

    lineage = Lineage(
        subject="b",
        versions=(Version(id="a", language="fa"), Version(id="b", language="en")),
        derivations=(Derivation(target="b", sources=(), kind=Kind.TRANSLATION),),
    )
    codes = [(f.code, f.location) for f in validate(lineage)]
    assert ("PV106", "$.derivations[0].sources") in codes


def test_findings_are_data_with_messages_and_fixes() -> None:
    lineage = native.loads((DATA / "invalid" / "pv202-non-canonical-tag.json").read_bytes())
    first = validate(lineage)[0]
    assert first == Finding(
        "PV202",
        Severity.WARNING,
        "'AR' is not in canonical form",
        ("versions", 0, "language"),
        "use 'ar'",
    )
    assert str(first) == (
        "$.versions[0].language: PV202 [warning] 'AR' is not in canonical form (fix: use 'ar')"
    )
    assert first.to_dict()["path"] == "$.versions[0].language"


def test_every_finding_names_a_catalogued_code_with_its_severity() -> None:
    for path in INVALID:
        for finding in validate(native.loads(path.read_bytes()), today=TODAY):
            assert RULES[finding.code].severity is finding.severity
            assert finding.message


def test_digests_are_checked_against_supplied_texts() -> None:
    text = (DATA / "seed" / "shafaqna-presidents-iraq-syria.txt").read_text(encoding="utf-8")
    lineage = examples.get("shafaqna")
    subject = lineage.subject_version
    good = attrs.evolve(
        lineage,
        versions=(*lineage.versions[:-1], attrs.evolve(subject, digest=provenance.digest(text))),
    )
    assert validate(good, texts={"en-article": text}) == ()
    edited = text.replace("Thursday", "Friday")
    (finding,) = validate(good, texts={"en-article": edited})
    assert (finding.code, finding.location) == ("PV502", "$.versions[3].digest")
    assert finding.fix == f"if the text is right, set the digest to {provenance.digest(edited)!r}"


def test_texts_for_unknown_versions_are_a_usage_error() -> None:
    with pytest.raises(ValueError, match="does not have"):
        validate(examples.get("shafaqna"), texts={"nope": "x"})


def test_select_and_ignore_by_code_and_prefix() -> None:
    lineage = native.loads((DATA / "invalid" / "pv303-implausible-dates.json").read_bytes())
    assert {f.code for f in validate(lineage, today=TODAY)} == {"PV303"}
    assert validate(lineage, ignore=["PV3"], today=TODAY) == ()
    assert validate(lineage, select=["PV1", "PV2"], today=TODAY) == ()
    assert len(validate(lineage, select=["pv303"], today=TODAY)) == 2


def test_far_future_depends_on_today() -> None:
    lineage = native.loads((DATA / "invalid" / "pv303-implausible-dates.json").read_bytes())
    later = validate(lineage, today=dt.date(2999, 6, 1))
    assert [f.location for f in later] == ["$.versions[2].published"]


def test_check_raises_at_the_threshold_only() -> None:
    relay = examples.get("relay")  # one PV207, an info
    assert provenance.check(relay) is relay
    assert provenance.check(relay, fail_on="warning") is relay
    with pytest.raises(CheckError) as caught:
        provenance.check(relay, fail_on="info")
    assert [f.code for f in caught.value.findings] == ["PV207"]
    assert isinstance(caught.value, ValueError)


def test_plausible_calendar_years_get_gregorian_readings() -> None:
    lineage = native.loads((DATA / "invalid" / "pv303-implausible-dates.json").read_bytes())
    message = validate(lineage, today=TODAY)[0].message
    assert "persian: 2021-06-10" in message


@given(any_lineages())
def test_validate_never_raises(lineage: Lineage) -> None:
    for finding in validate(lineage):
        assert finding.code in RULES
        assert finding.path


@given(lineages())
def test_generated_valid_lineages_have_no_errors_or_warnings(lineage: Lineage) -> None:
    found = validate(lineage, today=TODAY)
    assert {f.code for f in found} <= {"PV207"}, found


def test_iter_findings_is_lazy_and_unsorted() -> None:
    lineage = native.loads((DATA / "invalid" / "pv102-unknown-references.json").read_bytes())
    streamed = list(provenance.iter_findings(lineage))
    assert sorted(streamed, key=Finding.sort_key) == list(validate(lineage))


@given(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda s, rest: f"{s}://{rest}",
            st.sampled_from(["http", "https", "ftp"]),
            st.text(max_size=30),
        ),
        st.from_regex(r"https?://[a-z0-9.-]{1,12}(:[0-9]{1,6})?(/[ -~]{0,12})?", fullmatch=True),
    )
)
def test_url_screen_agrees_with_the_full_check(url: str) -> None:
    from provenance._rules import _is_web_url, _is_web_url_slow

    assert _is_web_url(url) == _is_web_url_slow(url)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com", True),
        ("https://فارسی.example/خبر", True),
        ("http://[::1]:8080/a", True),
        ("https://a.b.c./p?q=1#f", True),
        ("https://user@example.org/a%20b", True),
        ('https://example.com/"><script>', False),
        ("https://example.com/a|b", False),
        ("https://.", False),
        ("https://-/", False),
        ("https://example.com:0/", False),
        ("https://ex%20ample.org/", False),
        ("ftp://example.com/", False),
        ("//example.com/", False),
        ("https://exa mple.com/", False),
    ],
)
def test_urls(url: str, ok: bool) -> None:
    from provenance._rules import _is_web_url

    assert _is_web_url(url) is ok


def _one(version: Version, *derivations: Derivation, agents: tuple[Agent, ...] = ()) -> Lineage:
    source = Version(id="s", language="fa", published=dates.parse_iso("2021-01-01"))
    return Lineage(
        subject=version.id, versions=(source, version), derivations=derivations, agents=agents
    )


def test_pv303_flags_every_year_in_the_hijri_ranges() -> None:
    # Day 31 of Solar Hijri month 7 does not exist, so no Gregorian reading; still flagged.
    lineage = Lineage(
        subject="t",
        versions=(Version(id="t", language="fa", published=dates.parse_iso("1400-07-31")),),
    )
    (finding,) = validate(lineage, today=TODAY)
    assert finding.code == "PV303"
    assert "Solar Hijri or Hijri" in finding.message


def test_far_future_at_month_precision() -> None:
    lineage = Lineage(
        subject="t",
        versions=(Version(id="t", language="en", published=dates.parse_iso("2028-12")),),
    )
    assert [f.code for f in validate(lineage, today=TODAY)] == ["PV303"]


def test_software_translators_only_contradict_human_translations() -> None:
    tool = Agent(id="mt", type=AgentType.SOFTWARE, name="DeepL")
    summary = Derivation(
        target="t", sources=("s",), kind=Kind.SUMMARY, agents=(AgentRole("mt", Role.TRANSLATOR),)
    )
    assert "PV403" not in {
        f.code for f in validate(_one(Version(id="t", language="en"), summary, agents=(tool,)))
    }
    b = provenance.Builder()
    engine = b.software("DeepL")
    src = b.version("s", "fa")
    b.translate(src, "t", "en", translator=engine)
    built = b.build()
    assert built.derivations[0].method is Method.MACHINE
    assert "PV403" not in {f.code for f in validate(built)}


def test_relay_through_any_source() -> None:
    b = provenance.Builder()
    person = b.person("A. Translator")
    ar = b.version("ar", "ar")
    fa = b.translate(ar, "fa", "fa", translator=person)
    tr = b.version("tr", "tr")
    b.version("en", "en", derived_from=[tr, fa], kind="translation", translator=person)
    codes = [(f.code, f.location) for f in validate(b.build())]
    assert ("PV207", "$.derivations[1].sources[1]") in codes


def test_select_and_ignore_take_a_single_code_as_a_string() -> None:
    lineage = native.loads((DATA / "invalid" / "pv503-malformed-urls.json").read_bytes())
    assert {f.code for f in validate(lineage, select="PV503")} == {"PV503"}
    assert validate(lineage, ignore="PV503") == ()


def test_builder_takes_one_author_as_a_string() -> None:
    b = provenance.Builder()
    author = b.person("Alice")
    b.version("v", "en", authors=author)
    assert b.build().versions[0].authors == ("alice",)


# -- the shortcut for clean lineages -----------------------------------------------------------
# ``_Checker._quiet`` answers "no finding" in one cheap pass, so that clean lineages skip the
# rules. It must never say so of a lineage a rule reports on: these tests nudge valid lineages
# one field at a time, to the edge of every rule, and compare.


_NUDGE_TAGS = st.sampled_from(
    ("fa", "pes", "en", "en-US", "en-GB", "EN", "sr-Latn", "sr-Cyrl", "iw", "und", "xx-zzz", "")
)
_NUDGE_DATES = st.one_of(
    iso_dates(1, 9999),
    iso_dates(1300, 1500),
    st.just(dates.IsoDate(2021, 6, 10, dt.time(10, 0), None)),  # a time without offset
    st.just(dates.IsoDate(2027, 6, 10)),  # next year, within a year of TODAY
    st.just(dates.IsoDate(2028, 6, 10)),  # more than a year ahead
)


@st.composite
def _nudged_lineages(draw: st.DrawFn) -> Lineage:
    lineage = draw(lineages(max_versions=5))
    for _ in range(draw(st.integers(1, 2))):
        ids = [v.id for v in lineage.versions] + [a.id for a in lineage.agents] + ["nope"]
        some_id = st.sampled_from(ids)
        versions, agents = list(lineage.versions), list(lineage.agents)
        derivations = list(lineage.derivations)
        what = draw(st.sampled_from(("version", "agent", "derivation", "lineage")))
        if what == "version":
            i = draw(st.integers(0, len(versions) - 1))
            field, value = draw(
                st.sampled_from(
                    [
                        ("id", some_id),
                        ("language", _NUDGE_TAGS),
                        ("publisher", st.none() | some_id),
                        ("authors", st.lists(some_id, max_size=2).map(tuple)),
                        ("url", st.sampled_from(("https://ok.example/a", "ftp://x", "x y"))),
                        ("published", st.none() | _NUDGE_DATES),
                        ("digest", st.sampled_from(("sha256:" + "a" * 64, "sha256:AB"))),
                    ]
                )
            )
            versions[i] = attrs.evolve(versions[i], **{field: draw(value)})
        elif what == "agent" and agents:
            i = draw(st.integers(0, len(agents) - 1))
            field, value = draw(
                st.sampled_from(
                    [
                        ("id", some_id),
                        ("type", st.sampled_from(tuple(AgentType))),
                        ("language", st.none() | _NUDGE_TAGS),
                        ("url", st.sampled_from(("https://ok.example/", "mailto:x@y"))),
                    ]
                )
            )
            agents[i] = attrs.evolve(agents[i], **{field: draw(value)})
        elif what == "derivation" and derivations:
            i = draw(st.integers(0, len(derivations) - 1))
            credit = st.builds(AgentRole, some_id, st.sampled_from(tuple(Role)))
            field, value = draw(
                st.sampled_from(
                    [
                        ("target", some_id),
                        ("sources", st.lists(some_id, max_size=3).map(tuple)),
                        ("kind", st.sampled_from(tuple(Kind))),
                        ("method", st.none() | st.sampled_from(tuple(Method))),
                        ("agents", st.lists(credit, max_size=3).map(tuple)),
                        ("date", st.none() | _NUDGE_DATES),
                    ]
                )
            )
            derivations[i] = attrs.evolve(derivations[i], **{field: draw(value)})
        else:
            change = draw(st.sampled_from(("subject", "reverse", "drop", "repeat")))
            if change == "subject":
                lineage = attrs.evolve(lineage, subject=draw(some_id))
            elif change == "reverse":
                versions.reverse()
            elif change == "drop" and derivations:
                derivations.pop(draw(st.integers(0, len(derivations) - 1)))
            elif change == "repeat" and derivations:
                derivations.append(draw(st.sampled_from(derivations)))
        lineage = attrs.evolve(lineage, versions=versions, agents=agents, derivations=derivations)
    return lineage


@given(st.one_of(_nudged_lineages(), any_lineages()))
def test_the_clean_shortcut_never_hides_a_finding(lineage: Lineage) -> None:
    if _rules.Checker(lineage, {}, TODAY)._quiet():
        assert _rules.Checker(lineage, {}, TODAY).run_rules() == []


@given(lineages())
def test_clean_generated_lineages_take_the_shortcut(lineage: Lineage) -> None:
    # Not a rule but the point of the shortcut: a clean lineage should not need the rules.
    if not _rules.Checker(lineage, {}, TODAY).run_rules():
        assert _rules.Checker(lineage, {}, TODAY)._quiet()


@pytest.mark.parametrize("name", examples.names())
def test_clean_examples_take_the_shortcut(name: str) -> None:
    lineage = examples.get(name)
    quiet = _rules.Checker(lineage, {}, TODAY)._quiet()
    assert quiet == (not _rules.Checker(lineage, {}, TODAY).run_rules())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"select": ["PV999"]},
            "select: 'PV999' names no rule; codes run from PV101 to PV604 (see the rule catalog)",
        ),
        (
            {"select": ["X"]},
            "select: 'X' names no rule; codes run from PV101 to PV604 (see the rule catalog)",
        ),
        (
            {"ignore": "PV105,PV9"},
            "ignore: 'PV9' names no rule; codes run from PV101 to PV604 (see the rule catalog)",
        ),
        ({"select": [""]}, "select: '' is an empty code; name codes or prefixes such as PV2,PV401"),
        (
            {"select": []},
            "select: no codes given; name codes or prefixes such as PV2,PV401 (an empty "
            "selection would turn every rule off)",
        ),
    ],
)
def test_codes_that_name_no_rule_are_refused(options: dict[str, object], message: str) -> None:
    lineage = examples.get("shafaqna")
    for entry in (validate, provenance.check, provenance.iter_findings):
        with pytest.raises(ValueError, match=r"^(select|ignore): ") as error:
            entry(lineage, **options)  # type: ignore[operator]
        assert str(error.value) == message


def test_a_comma_separated_string_selects_each_code() -> None:
    version = Version(id="v", language="xx-!!", url="ftp://example.org/", digest="md5:00")
    lineage = Lineage(subject="v", versions=(version,))
    assert {f.code for f in validate(lineage)} == {"PV201", "PV501", "PV503"}
    assert {f.code for f in validate(lineage, select="PV201, pv503")} == {"PV201", "PV503"}
    assert {f.code for f in validate(lineage, ignore="PV201,PV5")} == set()


def test_a_code_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^select: a code is a string such as 'PV203', not 203$"):
        validate(examples.get("shafaqna"), select=[203])  # type: ignore[list-item]


@pytest.mark.parametrize("entry", ["validate", "check", "iter_findings"])
def test_a_dict_is_not_a_lineage(entry: str) -> None:
    data = native.to_dict(examples.get("shafaqna"))
    with pytest.raises(TypeError) as error:
        getattr(provenance, entry)(data)
    assert str(error.value) == (
        f"{entry}() takes a Lineage, not dict: read parsed JSON with provenance.from_dict(data)"
    )


def test_fail_on_lists_the_severities_and_the_nearest() -> None:
    with pytest.raises(ValueError, match=r"^fail_on=") as error:
        provenance.check(examples.get("shafaqna"), fail_on="warn")
    assert str(error.value) == (
        "fail_on='warn' is not one of info, warning, error (did you mean 'warning'?)"
    )


def test_a_cycle_of_translations_is_one_cycle_finding_not_relays() -> None:
    b = provenance.Builder()
    b.version("a", "en")
    b.version("b", "fr")
    translator = b.person("T. Ranslator")
    b.derive("a", "b", "translation", translator=translator)
    b.derive("b", "a", "translation", translator=translator)
    b.version("c", "de", derived_from="a", kind="translation", translator=translator)
    found = [str(f) for f in validate(b.build(subject="c"))]
    assert found == [
        "$.derivations[1]: PV103 [error] derivation cycle: 'a' → 'b' → 'a' (each derives from "
        "the next) (fix: remove the derivation that points back down the chain)"
    ]


def test_a_relay_next_to_a_cycle_is_still_a_relay() -> None:
    b = provenance.Builder()
    translator = b.person("T. Ranslator")
    for vid, tag in (("a", "en"), ("b", "fr"), ("x", "mr"), ("y", "en"), ("z", "hi")):
        b.version(vid, tag)
    b.derive("a", "b", "republication")
    b.derive("b", "a", "republication")
    b.derive("y", "x", "translation", translator=translator)
    b.derive("z", "y", "translation", translator=translator)
    codes = [(f.code, f.location) for f in validate(b.build(subject="z"))]
    assert ("PV207", "$.derivations[3].sources[0]") in codes
    assert ("PV103", "$.derivations[1]") in codes
