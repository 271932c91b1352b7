"""Hypothesis strategies for lineages, for this library's tests and for yours.

- :func:`lineages` draws *valid* lineages: no error or warning findings (a relay translation's
  PV207 info may appear). Use it for round trips and for code that consumes lineages.
- :func:`any_lineages` draws well-typed but arbitrary lineages: unknown references, duplicate
  ids, cycles, bad tags and dates. Use it to check that code never crashes on bad content.
- :func:`json_values` draws arbitrary JSON data, for loaders.

Requires ``hypothesis`` (``pip install 'news-provenance[test]'``).

>>> from hypothesis import given
>>> import provenance
>>> @given(lineages())
... def test_round_trip(lineage):
...     assert provenance.loads(provenance.dumps(lineage)) == lineage
>>> test_round_trip()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from provenance.dates import IsoDate
from provenance.digest import digest
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    PublishedAs,
    Role,
    Version,
)

__all__ = [
    "any_lineages",
    "credit_lineages",
    "iso_dates",
    "json_values",
    "language_tags",
    "lineages",
]

# Canonical tags of distinct languages (no two share a macrolanguage), plus a few with scripts
# and regions, so generated translations always cross a language boundary.
LANGUAGES = (
    "ar",
    "fa",
    "en",
    "fr",
    "de",
    "es",
    "hi",
    "mr",
    "ru",
    "zh-Hant",
    "tr",
    "ur",
    "he",
    "sw",
    "ja",
    "ko",
    "pt-BR",
    "id",
    "th",
    "uk",
)

_ID = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


def language_tags() -> st.SearchStrategy[str]:
    """Valid, canonical BCP 47 tags of distinct languages."""
    return st.sampled_from(LANGUAGES)


def iso_dates(min_year: int = 1990, max_year: int = 2025) -> st.SearchStrategy[IsoDate]:
    """Dates at every precision, and datetimes with UTC offsets."""
    days = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    times = st.times().map(lambda t: t.replace(tzinfo=None))
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15)
    return st.one_of(
        days.map(lambda d: IsoDate(d.year)),
        days.map(lambda d: IsoDate(d.year, d.month)),
        days.map(lambda d: IsoDate(d.year, d.month, d.day)),
        st.builds(lambda d, t, o: IsoDate(d.year, d.month, d.day, t, o), days, times, offsets),
    )


def _url(slug: str) -> str:
    return f"https://example.org/{slug}"


@st.composite
def lineages(draw: st.DrawFn, max_versions: int = 8) -> Lineage:
    """A valid lineage: a DAG whose last version, the subject, derives from all the others."""
    count = draw(st.integers(1, max_versions))
    agents: list[Agent] = []

    def new_agent(kind: AgentType, prefix: str) -> str:
        agent_id = f"{prefix}-{len(agents)}"
        agents.append(
            Agent(
                id=agent_id,
                type=kind,
                name=draw(_TEXT.filter(str.strip)) or agent_id,
                url=_url(agent_id) if draw(st.booleans()) else None,
                version=draw(st.none() | st.just("1.0")) if kind is AgentType.SOFTWARE else None,
                language=draw(st.none() | language_tags())
                if kind is AgentType.ORGANIZATION
                else None,
            )
        )
        return agent_id

    # Dates grow along the document order, so no derived version predates its source.
    base = draw(st.dates(dt.date(1990, 1, 1), dt.date(2020, 1, 1)))
    versions: list[Version] = []
    derivations: list[Derivation] = []
    for index in range(count):
        version_id = f"v{index}"
        language = draw(language_tags())
        sources: list[int] = []
        if index:
            # Every version feeds a later one, and the subject (the last) is reached by all.
            sources = [index - 1]
            if index > 1 and draw(st.booleans()):
                sources.append(draw(st.integers(0, index - 2)))
        published = None
        if draw(st.booleans()):
            day = base + dt.timedelta(days=index)
            precision = draw(st.integers(1, 4))
            published = IsoDate(
                day.year,
                day.month if precision >= 2 else None,
                day.day if precision >= 3 else None,
                dt.time(12, 0) if precision == 4 else None,
                0 if precision == 4 else None,
            )
        text = draw(st.none() | _TEXT)
        versions.append(
            Version(
                id=version_id,
                language=language,
                publisher=new_agent(AgentType.ORGANIZATION, "org") if draw(st.booleans()) else None,
                authors=tuple(
                    new_agent(AgentType.PERSON, "person") for _ in range(draw(st.integers(0, 2)))
                ),
                title=draw(st.none() | _TEXT),
                url=_url(version_id) if draw(st.booleans()) else None,
                published=published,
                published_as=draw(
                    st.none() | st.builds(PublishedAs, _TEXT, st.none() | st.just("persian"))
                ),
                medium=draw(st.none() | st.sampled_from(("Telegram", "web", "print"))),
                digest=digest(text) if text is not None else None,
            )
        )
        if sources:
            derivations.append(
                _derivation(
                    draw,
                    version_id,
                    [f"v{i}" for i in sources],
                    [versions[i].language for i in sources],
                    language,
                    new_agent,
                    published,
                )
            )
    extensions = draw(st.dictionaries(_ID, json_values(max_leaves=4), max_size=2))
    return Lineage(
        subject=f"v{count - 1}",
        versions=tuple(versions),
        derivations=tuple(derivations),
        agents=tuple(agents),
        extensions=extensions,
    )


def _derivation(
    draw: st.DrawFn,
    target: str,
    sources: list[str],
    source_languages: list[str],
    language: str,
    new_agent: Any,
    published: IsoDate | None,
) -> Derivation:
    different = all(src != language for src in source_languages)
    same = all(src == language for src in source_languages)
    if different and len(sources) == 1:
        kind = draw(
            st.sampled_from(
                (Kind.TRANSLATION, Kind.TRANSLATION, Kind.ADAPTATION, Kind.SUMMARY, Kind.REPORTING)
            )
        )
    elif same:
        kind = draw(
            st.sampled_from(
                (
                    Kind.REPUBLICATION,
                    Kind.EXCERPT,
                    Kind.QUOTATION,
                    Kind.REVISION,
                    Kind.REPORTING,
                    Kind.SUMMARY,
                )
            )
        )
    else:
        kind = draw(st.sampled_from((Kind.REPORTING, Kind.ADAPTATION, Kind.SUMMARY)))
    method = None
    credits: list[AgentRole] = []
    if kind is Kind.TRANSLATION:
        method = draw(st.sampled_from(tuple(Method)))
        if method in (Method.MACHINE, Method.POST_EDITED):
            credits.append(AgentRole(new_agent(AgentType.SOFTWARE, "mt"), Role.TOOL))
        if method is Method.POST_EDITED:
            credits.append(AgentRole(new_agent(AgentType.PERSON, "person"), Role.POST_EDITOR))
        if method is Method.HUMAN or draw(st.booleans()):
            translator = new_agent(
                draw(st.sampled_from((AgentType.PERSON, AgentType.ORGANIZATION))), "tr"
            )
            credits.append(AgentRole(translator, Role.TRANSLATOR))
    elif draw(st.booleans()):
        credits.append(AgentRole(new_agent(AgentType.PERSON, "person"), Role.EDITOR))
    return Derivation(
        target=target,
        sources=tuple(sources),
        kind=kind,
        method=method,
        agents=tuple(credits),
        date=published if draw(st.booleans()) else None,
        note=draw(st.none() | _TEXT),
    )


# Names a credit line carries verbatim: people (two words, capitalized), outlets, engines.
CREDIT_PEOPLE = (
    "Ana Ruiz",
    "Jane Doe",
    "Marie Dupont",
    "Hans Meier",
    "Omar Haddad",
    "Sara Karimi",
    "Li Wei",
    "Olga Petrova",
)
CREDIT_OUTLETS = (
    "Diario del Valle",
    "Rheinische Abendpost",
    "Sahyadri Weekly",
    "Kabul Tribune",
    "Tehran Times",
    "Gulf Daily",
    "Nord Zeitung",
    "NHK",
)
CREDIT_TOOLS = ("DeepL", "Google Translate", "ChatGPT", "Microsoft Translator")
# Languages every credit-line locale names, and reads back by that name.
CREDIT_LANGUAGES = ("ar", "fa", "en", "fr", "de", "es", "ru", "tr", "it", "pt", "ja", "zh")
_CHANGES_LANGUAGE = (Kind.TRANSLATION, Kind.SUMMARY, Kind.ADAPTATION)
_KEEPS_LANGUAGE = (Kind.REPUBLICATION, Kind.EXCERPT, Kind.REVISION, Kind.TRANSCRIPTION)


@st.composite
def credit_lineages(draw: st.DrawFn, max_hops: int = 3) -> Lineage:
    """A lineage whose credit line (:func:`provenance.credits.render`) states all of it, for
    render-then-extract properties: an origin in one language, maybe with its publisher; then
    1 to ``max_hops`` steps, and maybe a basis before it (reporting on or quoting one or two
    other outlets' texts). Translations are human (named translators), machine (a named
    engine) or post-edited (an engine and a post-editor); summaries and adaptations go into
    another language; a republication names its outlet (the republished text's, or, when the
    reader has it, the outlet it was taken from); excerpts, revisions and transcriptions name
    their editor. No revision follows a machine translation: that is a post-edited one. The
    subject has no publisher: the reader sees it, the line does not say it.
    """
    hops = draw(st.integers(1, max_hops))
    kinds = [
        draw(st.sampled_from((*_CHANGES_LANGUAGE, Kind.TRANSLATION, *_KEEPS_LANGUAGE)))
        for _ in range(hops)
    ]
    if hops == 1 and kinds[0] is Kind.REPUBLICATION:
        kinds[0] = Kind.TRANSLATION  # "Republished from the origin": nothing a line says
    machine = False  # a revision right after a machine translation is its post-editing
    agents: dict[str, Agent] = {}

    def agent(name: str, kind: AgentType) -> str:
        agent_id = "-".join(name.lower().split())
        agents.setdefault(agent_id, Agent(id=agent_id, type=kind, name=name))
        return agent_id

    def outlet() -> str:
        return agent(draw(st.sampled_from(CREDIT_OUTLETS)), AgentType.ORGANIZATION)

    def person() -> str:
        return agent(draw(st.sampled_from(CREDIT_PEOPLE)), AgentType.PERSON)

    language = draw(st.sampled_from(CREDIT_LANGUAGES))
    versions = [
        Version(id="v0", language=language, publisher=outlet() if draw(st.booleans()) else None)
    ]
    derivations: list[Derivation] = []
    basis = draw(st.sampled_from((None, Kind.REPORTING, Kind.QUOTATION)))
    if basis is not None:
        # "Based on statements by A and B", "Quotes a text published by A": other outlets'
        # texts the original is based on, in a language the line does not say.
        names = draw(st.lists(st.sampled_from(CREDIT_OUTLETS), min_size=1, max_size=2, unique=True))
        sources = [f"basis-{n}" for n in range(len(names))]
        versions[0:0] = [
            Version(id=i, language="und", publisher=agent(n, AgentType.ORGANIZATION))
            for i, n in zip(sources, names, strict=True)
        ]
        derivations.append(Derivation(target="v0", sources=tuple(sources), kind=basis))
    for hop, kind in enumerate(kinds, start=1):
        if kind in _CHANGES_LANGUAGE:
            language = draw(st.sampled_from([t for t in CREDIT_LANGUAGES if t != language]))
        last = hop == hops
        publisher = None
        if kind is Kind.REPUBLICATION and not last:
            publisher = outlet()  # "Republished by X"
        if not last and kinds[hop] is Kind.REPUBLICATION and hop + 1 == hops:
            publisher = publisher or outlet()  # "Republished from X": X is this version's
        method = None
        credits: list[AgentRole] = []
        if kind is Kind.REVISION and machine:
            kind = Kind.EXCERPT
        if kind is Kind.TRANSLATION:
            method = draw(st.sampled_from((Method.HUMAN, Method.MACHINE, Method.POST_EDITED)))
            if method is Method.HUMAN:
                people = draw(
                    st.lists(st.sampled_from(CREDIT_PEOPLE), min_size=1, max_size=2, unique=True)
                )
                credits.extend(
                    AgentRole(agent(p, AgentType.PERSON), Role.TRANSLATOR) for p in people
                )
            else:
                tool = agent(draw(st.sampled_from(CREDIT_TOOLS)), AgentType.SOFTWARE)
                credits.append(AgentRole(tool, Role.TOOL))
            if method is Method.POST_EDITED:
                credits.append(AgentRole(person(), Role.POST_EDITOR))
        elif kind in (Kind.EXCERPT, Kind.REVISION, Kind.TRANSCRIPTION) or (
            kind is not Kind.REPUBLICATION and draw(st.booleans())
        ):
            credits.append(AgentRole(person(), Role.EDITOR))
        machine = method in (Method.MACHINE, Method.POST_EDITED)
        versions.append(Version(id=f"v{hop}", language=language, publisher=publisher))
        derivations.append(
            Derivation(
                target=f"v{hop}",
                sources=(f"v{hop - 1}",),
                kind=kind,
                method=method,
                agents=tuple(credits),
            )
        )
    return Lineage(
        subject=f"v{hops}",
        versions=tuple(versions),
        derivations=tuple(derivations),
        agents=tuple(agents.values()),
    )


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Arbitrary JSON data: null, booleans, numbers, strings, lists and objects."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(-(10**12), 10**12)
        | st.floats(allow_nan=False, allow_infinity=False)
        | _TEXT
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
        max_leaves=max_leaves,
    )


@st.composite
def any_lineages(draw: st.DrawFn) -> Lineage:
    """A well-typed lineage with arbitrary content: anything validation must survive."""
    ids = st.sampled_from(("a", "b", "c", "d", "")) | _ID
    tags = (
        st.sampled_from(
            (
                "fa",
                "pes",
                "en",
                "en-US",
                "en-GB",
                "sr-Latn",
                "sr-Cyrl",
                "iw",
                "und",
                "english",
                "",
                "xx-zzz",
                "zh-Hans",
                "EN_us",
            )
        )
        | _TEXT
    )
    dates = st.none() | iso_dates(1, 9999)
    agents = st.lists(
        st.builds(
            Agent,
            id=ids,
            type=st.sampled_from(tuple(AgentType)),
            name=_TEXT,
            url=st.none() | _TEXT | st.just("https://example.org/x"),
            version=st.none() | _TEXT,
            language=st.none() | tags,
        ),
        max_size=4,
    )
    versions = st.lists(
        st.builds(
            Version,
            id=ids,
            language=tags,
            publisher=st.none() | ids,
            authors=st.lists(ids, max_size=2).map(tuple),
            title=st.none() | _TEXT,
            url=st.none() | _TEXT,
            published=dates,
            digest=st.none() | _TEXT | st.just("sha256:" + "0" * 64),
        ),
        max_size=5,
    )
    derivations = st.lists(
        st.builds(
            Derivation,
            target=ids,
            sources=st.lists(ids, max_size=3).map(tuple),
            kind=st.sampled_from(tuple(Kind)),
            method=st.none() | st.sampled_from(tuple(Method)),
            agents=st.lists(
                st.builds(AgentRole, ids, st.sampled_from(tuple(Role))), max_size=3
            ).map(tuple),
            date=dates,
            note=st.none() | _TEXT,
        ),
        max_size=5,
    )
    return Lineage(
        subject=draw(ids),
        agents=tuple(draw(agents)),
        versions=tuple(draw(versions)),
        derivations=tuple(draw(derivations)),
    )
