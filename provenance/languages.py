"""Languages as BCP 47 tags: validation, canonical forms, names and comparisons.

This is the only module that imports :mod:`langcodes`; the rest of the library speaks plain tag
strings. Every lookup is cached, since a pipeline sees the same few dozen tags millions of times.

>>> canonical("iw")
'he'
>>> from_name("Farsi")
'fa'
>>> same_language("fa", "pes")
True
"""

from __future__ import annotations

import enum
import functools
import re
from types import ModuleType

from provenance._language_table import SAME_LANGUAGE, TWO_LETTER

__all__ = [
    "Change",
    "canonical",
    "change",
    "display_name",
    "from_name",
    "is_valid",
    "resolve",
    "same_language",
]

# A quick syntactic screen before asking langcodes: BCP 47 tags are ASCII letters, digits,
# hyphens (and underscores, which langcodes tolerates and canonicalizes), at most a few dozen chars.
_TAG_SHAPE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*\Z")
_UNDETERMINED = frozenset({"und", "mul", "zxx", "mis"})


@functools.cache
def _langcodes() -> ModuleType:
    """Import langcodes on first use: its name tables cost ~25 ms, and a command that never
    looks at a language tag should not pay for them."""
    import langcodes

    return langcodes


@functools.lru_cache(maxsize=4096)
def is_valid(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 tag made of registered subtags.

    >>> is_valid("fa"), is_valid("en-GB"), is_valid("english"), is_valid("xx-zzz")
    (True, True, False, False)
    """
    if tag in TWO_LETTER:
        return True
    if not isinstance(tag, str) or len(tag) > 64 or not _TAG_SHAPE.match(tag):
        return False
    try:
        return bool(_langcodes().tag_is_valid(tag))
    except (ValueError, LookupError):
        return False


@functools.lru_cache(maxsize=4096)
def canonical(tag: str) -> str | None:
    """The canonical form of a valid tag, or ``None`` if the tag is not valid.

    Deprecated codes are replaced, case is fixed, a redundant script is dropped.

    >>> canonical("iw"), canonical("in"), canonical("EN_us"), canonical("en-Latn-GB")
    ('he', 'id', 'en-US', 'en-GB')
    >>> canonical("not a tag") is None
    True
    """
    if tag in TWO_LETTER:
        return tag
    if not is_valid(tag):
        return None
    try:
        return str(_langcodes().standardize_tag(tag))
    except (ValueError, LookupError):
        return None


@functools.lru_cache(maxsize=4096)
def _maximized(tag: str) -> tuple[str, str, str] | None:
    """(language, script, territory) with likely subtags filled in, or None when unknown."""
    canon = canonical(tag)
    if canon is None:
        return None
    lang = _langcodes().Language.get(canon)
    if lang.language is None or lang.language in _UNDETERMINED:
        return None
    full = lang.maximize()
    return (full.language or "", full.script or "", full.territory or "")


@functools.lru_cache(maxsize=4096)
def _explicit_region(tag: str) -> str | None:
    canon = canonical(tag)
    return None if canon is None else _langcodes().Language.get(canon).territory


@functools.lru_cache(maxsize=4096)
def _macrolanguage(language: str) -> str:
    """The macrolanguage of an individual language subtag (``pes`` → ``fa``), else itself."""
    macro = str(_langcodes().standardize_tag(language, macro=True))
    return macro.split("-", 1)[0]


def _same_base(a: str, b: str) -> bool:
    # One is the macrolanguage of the other (fa ≈ pes, ar ≈ arb). Two individual languages under
    # one macrolanguage (yue, cmn; arb, arz) stay different: translating between them is real.
    # (CLDR, through langcodes, makes prs, Dari, an alias of fa-AF: so pes → prs is a region
    # change here, as it is in CLDR.)
    return a == b or _macrolanguage(a) == b or _macrolanguage(b) == a


@functools.lru_cache(maxsize=4096)
def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language, ignoring script and region.

    Macrolanguages count: ``fa`` and ``pes`` are the same language, ``ar`` and ``arb`` too.
    Undetermined or invalid tags are never the same as anything.

    >>> same_language("fa", "pes"), same_language("en-US", "en-GB"), same_language("fa", "ar")
    (True, True, False)
    """
    ma, mb = _maximized(a), _maximized(b)
    if ma is None or mb is None:
        return False
    return _same_base(ma[0], mb[0])


class Change(enum.Enum):
    """How the language changes from a source tag to a target tag."""

    NONE = "none"
    SCRIPT = "script"
    REGION = "region"
    SCRIPT_AND_REGION = "script_and_region"
    LANGUAGE = "language"
    UNKNOWN = "unknown"


@functools.lru_cache(maxsize=8192)
def change(source: str, target: str) -> Change:
    """Classify the change from ``source`` to ``target``.

    Likely subtags are filled in first, so ``sr`` → ``sr-Latn`` is a script change and
    ``en`` → ``en-GB`` a region change (``en`` is likely ``en-Latn-US``).

    >>> change("sr-Cyrl", "sr-Latn"), change("pt-PT", "pt-BR"), change("fa", "en")
    (<Change.SCRIPT: 'script'>, <Change.REGION: 'region'>, <Change.LANGUAGE: 'language'>)
    >>> change("fa", "pes")
    <Change.NONE: 'none'>
    """
    if source in TWO_LETTER and target in TWO_LETTER:
        if source == target:
            return Change.NONE
        if (source, target) not in SAME_LANGUAGE:
            return Change.LANGUAGE
    return _change(source, target)


def _change(source: str, target: str) -> Change:
    """:func:`change` through langcodes, with no shortcut (the table's generator uses it)."""
    ms, mt = _maximized(source), _maximized(target)
    if ms is None or mt is None:
        return Change.UNKNOWN
    if not _same_base(ms[0], mt[0]):
        return Change.LANGUAGE
    # A region named on one side only is a change too: pt → pt-BR says the text was made
    # Brazilian, though pt alone is likely Brazilian already.
    script = ms[1] != mt[1]
    region = ms[2] != mt[2] or _explicit_region(source) != _explicit_region(target)
    if script and region:
        return Change.SCRIPT_AND_REGION
    if script:
        return Change.SCRIPT
    if region:
        return Change.REGION
    return Change.NONE


@functools.lru_cache(maxsize=4096)
def display_name(tag: str, locale: str = "en") -> str:
    """The name of a language, in the language ``locale``; the tag itself if it is not valid.

    >>> display_name("fa"), display_name("fa", "fr"), display_name("fa", "fa")
    ('Persian', 'persan', 'فارسی')
    >>> display_name("sr-Latn")
    'Serbian (Latin)'
    """
    canon = canonical(tag)
    if canon is None:
        return tag
    display_locale = canonical(locale) or "en"
    try:
        return str(_langcodes().Language.get(canon).display_name(display_locale))
    except (ValueError, LookupError):  # pragma: no cover - langcodes falls back by itself
        return canon


_NAME_NOISE = re.compile(r"^(?:the|l'|la|le|el|die|der|das)\s+|\s+language$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def from_name(name: str) -> str | None:
    """The tag for a language name written in any language, or ``None``.

    >>> [from_name(n) for n in ("Persian", "Farsi", "persan", "فارسی", "Qwertyish")]
    ['fa', 'fa', 'fa', 'fa', None]
    """
    text = " ".join(name.split()).strip(" .,;:()[]\"'«»“”")
    if not text.isprintable():
        return None  # control characters are no name, and upset langcodes' trie (SystemError)
    text = _NAME_NOISE.sub("", text)
    if not text or len(text) > 60:
        return None
    try:
        found = _langcodes().find(text)
    except (LookupError, ValueError):
        return None
    return canonical(str(found))


@functools.lru_cache(maxsize=4096)
def resolve(text: str) -> str | None:
    """A canonical tag from a tag or a language name: ``"fa-IR"``, ``"Farsi"``.

    Tags win over names, so ``"fr"`` is French, not a name lookup.

    >>> resolve("fa-IR"), resolve("Farsi"), resolve("anglais"), resolve("nonsense") is None
    ('fa-IR', 'fa', 'en', True)
    """
    stripped = text.strip()
    return canonical(stripped) or from_name(stripped)
