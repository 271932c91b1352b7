"""The lineages the benchmarks measure, made one way for all of them.

``seed_lineage(i)`` builds a lineage shaped like the seed (two statements, a report on both in
another language, its human translation), with ids, names, languages and dates varied by
``i`` so that caches see realistic variety; ``seed_line(i)`` writes the same document as
compact native JSON straight from a template, fast enough for a million lines.
"""

from __future__ import annotations

import datetime as dt

import provenance
from provenance import Builder

# (source language, report language, translation language), as ar → fa → en in the seed.
_TRIPLES = (
    ("ar", "fa", "en"),
    ("ru", "uk", "en"),
    ("zh", "ja", "ko"),
    ("es", "pt", "en"),
    ("de", "fr", "it"),
    ("tr", "ar", "en"),
    ("hi", "ur", "en"),
    ("fr", "en", "es"),
    ("ar", "en", "fr"),
    ("fa", "ar", "en"),
    ("ko", "en", "zh"),
    ("pl", "de", "en"),
)
_OUTLETS = ("Presidency", "Ministry", "Agency", "Council", "Office", "Chancellery")
_BASE_DAY = dt.date(2015, 1, 1)


def seed_lineage(i: int) -> provenance.Lineage:
    """A lineage shaped like ``examples.get("shafaqna")``, with ids, names, languages, dates
    varied by ``i``: 4 agents, 4 versions (two statements, a report, its translation), 2
    derivations (a two-source reporting, a human translation)."""
    src, rep, tra = _TRIPLES[i % len(_TRIPLES)]
    outlet = _OUTLETS[i % len(_OUTLETS)]
    day = _BASE_DAY + dt.timedelta(days=(i * 7919) % 3650)
    b = Builder()
    first = b.organization(f"{outlet} A{i}", id=f"a{i}-first", language=src)
    second = b.organization(f"{outlet} B{i}", id=f"a{i}-second", language=src)
    report_outlet = b.organization(
        f"Outlet {i} ({rep})",
        id=f"o{i}-{rep}",
        url=f"https://{rep}.outlet{i}.example/",
        language=rep,
    )
    translate_outlet = b.organization(
        f"Outlet {i} ({tra})",
        id=f"o{i}-{tra}",
        url=f"https://{tra}.outlet{i}.example/",
        language=tra,
    )
    s1 = b.version(f"s{i}-one", src, publisher=first, medium="Telegram")
    s2 = b.version(f"s{i}-two", src, publisher=second, medium="Telegram")
    report = b.version(
        f"r{i}-{rep}",
        rep,
        publisher=report_outlet,
        published=day.isoformat(),
        derived_from=[s1, s2],
        kind="reporting",
    )
    b.translate(
        report,
        f"t{i}-{tra}",
        tra,
        publisher=translate_outlet,
        translator=translate_outlet,
        published=(day + dt.timedelta(days=i % 2)).isoformat(),
        title=f"Leaders {i} discussed strengthening ties between the two countries and their "
        "cooperation and coordination in the fight against terrorism",
    )
    return b.build(f"t{i}-{tra}")


def seed_line(i: int) -> str:
    """The compact native JSON of a seed-shaped lineage, straight as text (fast to make)."""
    src, rep, tra = _TRIPLES[i % len(_TRIPLES)]
    outlet = _OUTLETS[i % len(_OUTLETS)]
    day = _BASE_DAY + dt.timedelta(days=(i * 7919) % 3650)
    later = day + dt.timedelta(days=i % 2)
    return (
        f'{{"format":"provenance/1","subject":"t{i}-{tra}","agents":['
        f'{{"id":"a{i}-first","type":"organization","name":"{outlet} A{i}","language":"{src}"}},'
        f'{{"id":"a{i}-second","type":"organization","name":"{outlet} B{i}","language":"{src}"}},'
        f'{{"id":"o{i}-{rep}","type":"organization","name":"Outlet {i} ({rep})",'
        f'"url":"https://{rep}.outlet{i}.example/","language":"{rep}"}},'
        f'{{"id":"o{i}-{tra}","type":"organization","name":"Outlet {i} ({tra})",'
        f'"url":"https://{tra}.outlet{i}.example/","language":"{tra}"}}],"versions":['
        f'{{"id":"s{i}-one","language":"{src}","publisher":"a{i}-first","medium":"Telegram"}},'
        f'{{"id":"s{i}-two","language":"{src}","publisher":"a{i}-second","medium":"Telegram"}},'
        f'{{"id":"r{i}-{rep}","language":"{rep}","publisher":"o{i}-{rep}",'
        f'"published":"{day.isoformat()}"}},'
        f'{{"id":"t{i}-{tra}","language":"{tra}","publisher":"o{i}-{tra}","title":"Leaders {i} '
        "discussed strengthening ties between the two countries and their cooperation and "
        f'coordination in the fight against terrorism","published":"{later.isoformat()}"}}],'
        f'"derivations":[{{"target":"r{i}-{rep}","sources":["s{i}-one","s{i}-two"],'
        f'"kind":"reporting"}},{{"target":"t{i}-{tra}","sources":["r{i}-{rep}"],'
        f'"kind":"translation","method":"human","agents":[{{"agent":"o{i}-{tra}",'
        f'"role":"translator"}}]}}]}}'
    )
