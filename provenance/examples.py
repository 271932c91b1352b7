"""Built-in example lineages, for the tutorial, the tests and ``provenance example``.

``shafaqna`` is the real case the library was built for: two statements posted in Arabic on the
Syrian and Iraqi presidencies' Telegram channels, reported in Persian by Shafaqna Persian, then
translated into English by Shafaqna English. The others are illustrative, with invented outlets
and people, one per common pattern.

>>> names()
('machine', 'post-edited', 'relay', 'shafaqna', 'syndication')
>>> get("shafaqna").subject
'en-article'
"""

from __future__ import annotations

from collections.abc import Callable

from provenance.builder import Builder
from provenance.model import Lineage

__all__ = ["describe", "get", "names"]


def _shafaqna() -> Lineage:
    b = Builder()
    syria = b.organization("Syrian Presidency", id="syrian-presidency", language="ar")
    iraq = b.organization("Iraqi Presidency", id="iraqi-presidency", language="ar")
    shafaqna_fa = b.organization(
        "Shafaqna Persian", id="shafaqna-fa", url="https://fa.shafaqna.com/", language="fa"
    )
    shafaqna_en = b.organization(
        "Shafaqna English", id="shafaqna-en", url="https://en.shafaqna.com/", language="en"
    )
    syrian = b.version("sy-statement", "ar", publisher=syria, medium="Telegram")
    iraqi = b.version("iq-statement", "ar", publisher=iraq, medium="Telegram")
    persian = b.version(
        "fa-article",
        "fa",
        publisher=shafaqna_fa,
        published="2021-06-10",
        derived_from=[syrian, iraqi],
        kind="reporting",
    )
    b.translate(
        persian,
        "en-article",
        "en",
        publisher=shafaqna_en,
        translator=shafaqna_en,
        published="2021-06-10",
        title="The Presidents of Iraq and Syria discussed strengthening ties between the two "
        "countries and their cooperation and coordination in the fight against terrorism",
    )
    return b.build("en-article")


def _machine() -> Lineage:
    b = Builder()
    paper = b.organization("Rheinische Abendpost", language="de")
    digest = b.organization("Continental Digest", language="en")
    deepl = b.software("DeepL", version="2024-05")
    source = b.version(
        "de-article",
        "de",
        publisher=paper,
        published="2024-05-14",
        title="Hochwasser am Rhein: Pegel steigt weiter",
    )
    b.translate(
        source,
        "en-article",
        "en",
        publisher=digest,
        tool=deepl,
        published="2024-05-14T16:20:00+02:00",
        title="Rhine floods: water level keeps rising",
    )
    return b.build()


def _post_edited() -> Lineage:
    b = Builder()
    diario = b.organization("Diario del Valle", language="es")
    wire = b.organization("Latin Wire Service", language="en")
    google = b.software("Google Translate")
    editor = b.person("Ana Ruiz")
    source = b.version("es-article", "es", publisher=diario, published="2025-02-03")
    b.translate(
        source,
        "en-article",
        "en",
        publisher=wire,
        tool=google,
        post_editor=editor,
        published="2025-02-04",
        note="machine translated, with minor manual corrections",
    )
    return b.build()


def _relay() -> Lineage:
    b = Builder()
    weekly = b.organization("Sahyadri Weekly", language="mr")
    review = b.organization("Deccan Literary Review", language="en")
    patrika = b.organization("Hindi Sahitya Patrika", language="hi")
    first = b.person("A. Kulkarni")
    second = b.person("B. Sharma")
    original = b.version("mr-story", "mr", publisher=weekly, published="2019")
    english = b.translate(
        original, "en-story", "en", publisher=review, translator=first, published="2020-03"
    )
    b.translate(
        english, "hi-story", "hi", publisher=patrika, translator=second, published="2021-08-15"
    )
    return b.build()


def _syndication() -> Lineage:
    b = Builder()
    origin = b.organization(
        "The Campus Observer", language="en", url="https://observer.example.org/"
    )
    local = b.organization("Valley Gazette", language="en", url="https://gazette.example.com/")
    author = b.person("Jordan Lee")
    first = b.version(
        "original",
        "en",
        publisher=origin,
        authors=[author],
        published="2023-09-01T08:00:00-04:00",
        url="https://observer.example.org/2023/09/01/water-rates",
    )
    b.version(
        "republished",
        "en",
        publisher=local,
        authors=[author],
        published="2023-09-02",
        url="https://gazette.example.com/news/water-rates",
        derived_from=first,
        kind="republication",
        note="republished under a Creative Commons licence",
    )
    return b.build()


_EXAMPLES: dict[str, tuple[Callable[[], Lineage], str]] = {
    "shafaqna": (_shafaqna, "Arabic statements → Persian report → English translation (real)"),
    "machine": (_machine, "a German article machine-translated into English with DeepL"),
    "post-edited": (_post_edited, "Spanish → English by Google Translate, revised by a person"),
    "relay": (_relay, "Marathi → English → Hindi: a relay (pivot) translation"),
    "syndication": (_syndication, "an English article republished by another outlet"),
}


def names() -> tuple[str, ...]:
    """The example names, sorted."""
    return tuple(sorted(_EXAMPLES))


def describe(name: str) -> str:
    """One line on what an example shows."""
    return _lookup(name)[1]


def get(name: str) -> Lineage:
    """Build the example lineage ``name``; :class:`KeyError` lists the names if unknown."""
    return _lookup(name)[0]()


def _lookup(name: str) -> tuple[Callable[[], Lineage], str]:
    try:
        return _EXAMPLES[name]
    except KeyError:
        raise KeyError(f"no example {name!r}; examples: {', '.join(names())}") from None
