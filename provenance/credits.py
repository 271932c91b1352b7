"""Credit lines: the sentence a newsroom prints about where an article came from.

:func:`render` writes one from a lineage, in Arabic, English, French, German, Persian or
Spanish. The wording is data,
one JSON file per locale in ``provenance/data/credit_templates/``: adding a language means
adding a file (see the guide "Credit lines"); :func:`locales` lists those installed.

>>> from provenance import examples
>>> print(render(examples.get("shafaqna")))  # doctest: +NORMALIZE_WHITESPACE
Originally published in Persian by Shafaqna Persian. Translated into English by Shafaqna
English. Based on statements by Syrian Presidency and Iraqi Presidency.
"""

from __future__ import annotations

from provenance import _credit_render
from provenance._arguments import expect_lineage
from provenance._credit_render import UnknownLocaleError
from provenance._extract import extract
from provenance.model import Lineage

__all__ = ["UnknownLocaleError", "extract", "locales", "render"]


def render(lineage: Lineage, *, locale: str = "en") -> str:
    """The credit line for ``lineage``'s subject, in ``locale`` (``ar``, ``de``, ``en``, ``es``,
    ``fa``, ``fr``, or a regional tag of one of them such as ``fr-CA``).

    Names and languages are the lineage's own; what it does not know is left out, never
    guessed. An original text, derived from nothing, has no credit line: the result is ``""``.
    An unknown locale raises :class:`UnknownLocaleError` (a :class:`LookupError`), which lists
    the known ones.

    >>> from provenance import examples
    >>> print(render(examples.get("machine"), locale="fr"))  # doctest: +NORMALIZE_WHITESPACE
    Publié initialement en allemand par Rheinische Abendpost. Traduit automatiquement en
    anglais avec DeepL.
    """
    expect_lineage(lineage, "credits.render")
    return _credit_render.render(lineage, _credit_render.rules_for(locale))


def locales() -> tuple[str, ...]:
    """The locales credit lines can be rendered in, sorted.

    >>> locales()
    ('ar', 'de', 'en', 'es', 'fa', 'fr')
    """
    return _credit_render.known_locales()
