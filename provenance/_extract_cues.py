"""The fallback reader of credit lines: cue words of many languages, when no phrasing matched.

The phrasings of ``credit_patterns/*.json`` are precise, and they only know the sentences someone
wrote them for. This layer reads what they miss, in any of about fifty languages, from a lexicon
of *cue words* (``credit_patterns/_cues.json``): the words for translating, publishing first,
republishing, reporting, excerpting, summarizing and adapting, written from general knowledge of
each language, not from any corpus line. It runs only when no phrasing matched, and:

1. finds the cues with one compiled alternation (a trie: one test per character, whatever the
   number of cues), so a line with no cue costs one scan and returns ``None``;
2. per cue, takes the kind (and method) the cue implies, and reads the slots around it from the
   words of its sentence: the languages (any word a language-name lookup resolves, in any
   language, "persan", "Englischen", "انگلیسی"; the direction from the function word before it:
   "from"/"de"/"aus"/"z"/"از"/"من" → the original's, "into"/"en"/"na"/"به" → the target's),
   the translators (capitalized names after a colon or a "by" word), the original's outlet
   (capitalized, quoted or domain names after a "from"/"in"/"by" word or a colon);
3. keeps only what looks like a statement about the text it sits on: a cue whose sentence talks
   about books, films, languages in general or jobs is not read, and a cue that reads no slot
   counts only in a short line or at its start.

Linear in the length of the line: the words are split once, each cue looks at a bounded number
of words around it. Documented in ``docs/guides/extract.md``; the reasons in ``docs/decisions.md``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, NamedTuple

import attrs

from provenance import _extract as core
from provenance import languages
from provenance.model import Kind, Method

# The languages newsrooms translate between; a word that resolves to another tag ("Ewe",
# "Ido", "Avar") is not believed in a credit line.
_NEWS_LANGUAGES = frozenset((
    "en", "fr", "es", "de", "it", "pt", "nl", "sv", "da", "nb", "no", "nn", "pl", "cs", "sk",
    "hu", "fi", "ru", "uk", "be", "bg", "sr", "hr", "bs", "sl", "el", "he", "ar", "fa", "ur",
    "hi", "mr", "bn", "ta", "te", "gu", "pa", "ne", "si", "tr", "az", "kk", "uz", "ky", "tk",
    "id", "ms", "tl", "vi", "th", "zh", "ja", "ko", "sw", "ha", "yo", "ig", "am", "so", "sq",
    "lt", "lv", "et", "ro", "ka", "hy", "mk", "ca", "eu", "gl", "cy", "ga", "is", "ku", "ps",
    "my", "km", "lo", "mn", "ml", "kn", "af", "zu", "xh",
))  # fmt: skip
_SOURCE_KINDS = frozenset({Kind.REPUBLICATION, Kind.REPORTING})
_KINDS = {
    "translation": (Kind.TRANSLATION, None),
    "machine": (Kind.TRANSLATION, Method.MACHINE),
    "republication": (Kind.REPUBLICATION, None),
    "published": (Kind.REPUBLICATION, None),  # "published in X": only at the start
    "authored": (Kind.REPUBLICATION, None),
    "citing": (Kind.REPORTING, None),  # "according to X, citing Y": Y's text is older
    "revision": (Kind.REVISION, None),  # "Article by A in X": X is the outlet
    "reporting": (Kind.REPORTING, None),
    "excerpt": (Kind.EXCERPT, None),
    "summary": (Kind.SUMMARY, None),
    "adaptation": (Kind.ADAPTATION, None),
}
# Scripts whose words are separated by spaces and whose cue must start a word.
_SPACED = re.compile(r"[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]")
_WORD = re.compile(r"[^\s]+")
_EDGE = "\"'“”‘’«»„‚‹›()[]{}<>《》「」『』〈〉.,;!?؟،؛、。…*"
_COLON = frozenset(":：-–—|>©")
_ELISION = re.compile(r"^(?:l|d|dall|dell|all|nell|sull|de l|qu)['’]", re.IGNORECASE)
_FROM_ELISION = re.compile(r"^(?:d|dall|dell)['’]", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^(?:original|originale|originally|originalmente|originellement|originaire|orijinal|"
    r"oryginał|oryginalnie|оригинал|оригинала|اصلی|الأصلي|الاصلي|الأصلية|asilia|asli|gốc|"
    r"originalt|ursprünglich|oorspronkelijk|originaal|originál|originalu)$",
    re.IGNORECASE,
)
_NEWSPAPER = re.compile(
    r"^(?:agencji|agencja|dziennika|gazety|tygodnika|portalu|serwisu|агентства|газеты|"
    r"журнала|издания|портала|сайта|newspaper|daily|weekly|magazine|journal|agency|website|site|blog|outlet|paper|"
    r"journal|quotidien|hebdomadaire|magazine|revue|agence|site|periódico|diario|revista|"
    r"agencia|quotidiano|giornale|settimanale|rivista|agenzia|jornal|agência|zeitung|"
    r"tageszeitung|wochenzeitung|magazin|nachrichtenagentur|krant|dagblad|weekblad|tidning|"
    r"tidningen|dagstidning|avis|avisen|avisa|dagbladet|gazeta|gazety|gazecie|dziennik|"
    r"tygodnik|agencja|газета|газеты|газете|журнал|агентство|издание|روزنامه|خبرگزاری|"
    r"هفته‌نامه|مجله|سایت|صحيفة|جريدة|مجلة|وكالة|موقع|اخبار|gazete|gazetesi|ajansı|koran|"
    r"harian|majalah|báo|tạp|gazeti|jarida|shirika|gazetës|laikraštis|ziarul|cotidianul|"
    r"noviny|deník|lehti|εφημερίδα|עיתון|अख़बार|अखबार|পত্রিকা|اخبار)$",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"^(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_ARTICLES = frozenset(
    [
        "the",
        "le",
        "la",
        "les",
        "l",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "i",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "de",
        "het",
        "een",
        "o",
        "os",
        "as",
        "a",
        "al",
    ]
)
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "de",
        "del",
        "della",
        "delle",
        "di",
        "da",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ibn",
        "y",
        "e",
        "et",
        "and",
        "und",
        "&",
        "für",
        "in",
        "do",
        "dos",
        "das",
    ]
)
_CASELESS = re.compile(
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff"
    r"\u3400-\u9fff\uac00-\ud7af\ufb1d-\ufdff\ufe70-\ufeff]"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@attrs.frozen
class _Cue:
    name: str  # as written in the lexicon, without markers
    kind: Kind
    method: Method | None
    family: str  # the lexicon section: translation, machine, republication, …


@attrs.frozen
class _Lexicon:
    regex: re.Pattern[str]
    lower_regex: re.Pattern[str]  # the same, on a lower-cased text (faster than IGNORECASE)
    cues: Mapping[str, _Cue]  # normalized matched text -> cue
    by: frozenset[str]
    from_: frozenset[str]
    into: frozenset[str]
    in_: frozenset[str]
    negative: re.Pattern[str]
    cjk_names: Mapping[str, str]
    cjk_regex: re.Pattern[str]
    from_before: frozenset[str]
    from_after: tuple[str, ...]
    into_before: frozenset[str]
    into_after: tuple[str, ...]
    tools: re.Pattern[str]
    self_words: re.Pattern[str]
    dates: frozenset[str]
    function_words: frozenset[str]


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" :：-–—=")


def _atom(char: str) -> str:
    """A character of a cue as a regular expression: ' ' is one whitespace character (runs are
    collapsed before), ':' a colon or dash after an optional space, '=' the end of a word."""
    if char == " ":
        return r"\s"
    if char == ":":
        return r"[^\S\n]?[:：\-–—]"
    if char == "=":
        return r"(?![^\W_])"
    return re.escape(char)


def _emit(words: list[str]) -> str:
    """A trie of ``words`` as a regular expression (one test per character, longest wins)."""
    return core._trie(words, _atom)


@functools.cache
def _lexicon() -> _Lexicon:
    text = (
        resources.files("provenance")
        .joinpath("data", "credit_patterns", "_cues.json")
        .read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    cues: dict[str, _Cue] = {}
    spaced: list[str] = []
    unspaced: list[str] = []
    for family, by_language in data["cues"].items():
        kind, method = _KINDS[family]
        for words in by_language.values():
            for word in words:
                folded = word.casefold()
                key = _key(folded)
                if key not in cues or (
                    (method is not None and cues[key].method is None) or family == "citing"
                ):
                    cues[key] = _Cue(key, kind, method, family)
                (spaced if _SPACED.match(folded) else unspaced).append(folded)
    pattern = rf"(?<![^\W\d_])(?:{_emit(sorted(set(spaced)))})|(?:{_emit(sorted(set(unspaced)))})"
    words = data["words"]
    negative = {w.casefold() for ws in data["negative"].values() for w in ws}
    # A short word is a whole word ("app" is not "apparso", "vers" not "version"); a longer
    # one is a stem ("subtitle" finds "subtitles").
    negative_spaced = sorted(
        w + ("=" if len(w) <= 5 and w[-1].isalpha() else "") for w in negative if _SPACED.match(w)
    )
    negative_unspaced = sorted(w for w in negative if not _SPACED.match(w))
    cjk = data["cjk"]
    shared = json.loads(
        resources.files("provenance")
        .joinpath("data", "credit_patterns", "_shared.json")
        .read_text("utf-8")
    )
    tools = sorted(shared["tools"], key=len, reverse=True)
    return _Lexicon(
        regex=re.compile(pattern, re.IGNORECASE),
        lower_regex=re.compile(pattern),
        cues=cues,
        by=frozenset(w.casefold().strip() for w in words["by"]),
        from_=frozenset(w.casefold().strip() for w in words["from"]),
        into=frozenset(w.casefold().strip() for w in words["into"]),
        in_=frozenset(w.casefold().strip() for w in words["in"]),
        negative=re.compile(
            rf"(?<![^\W\d_])(?:{_emit(negative_spaced)})|(?:{_emit(negative_unspaced)})",
            re.IGNORECASE,
        ),
        cjk_names=cjk["names"],
        cjk_regex=re.compile(_emit(sorted(cjk["names"], key=len, reverse=True))),
        from_before=frozenset(cjk["from_before"]),
        from_after=tuple(cjk["from_after"]),
        into_before=frozenset(cjk["into_before"]),
        into_after=tuple(cjk["into_after"]),
        tools=re.compile(
            r"(?<![^\W\d_])(?:" + "|".join(re.escape(t) for t in tools) + r")(?![^\W\d_])",
            re.IGNORECASE,
        ),
        self_words=re.compile(
            _emit(sorted({w.casefold() for ws in data["self"].values() for w in ws})),
            re.IGNORECASE,
        ),
        dates=frozenset(data["dates"]),
        function_words=frozenset(
            w.casefold().strip() for key in ("by", "from", "into", "in") for w in words[key]
        ),
    )


def _cues_in(text: str) -> Iterator[re.Match[str]]:
    """The cue words of ``text``; on its lower-case copy when that keeps every offset."""
    lexicon = _lexicon()
    lower = text.lower()
    if len(lower) == len(text):
        return lexicon.lower_regex.finditer(lower)
    return lexicon.regex.finditer(text)  # "İ" lower-cases to two characters


# -- words -----------------------------------------------------------------------------------


class _Token(NamedTuple):
    start: int
    end: int
    text: str  # without the punctuation around it
    folded: str
    raw_end: int  # end including trailing punctuation
    stop: bool  # punctuation after it ends a clause (",", ".", ";", ":")
    colon: bool  # a colon or dash right after it
    opens: bool  # a quotation mark or bracket before it


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    found: list[_Token] = []
    for match in _WORD.finditer(text, start, end):
        word = match[0]
        lead = len(word) - len(word.lstrip(_EDGE))
        core_text = word.strip(_EDGE + ":：©")
        if not core_text:
            if word[0] in _COLON and found:
                found[-1] = found[-1]._replace(colon=True, stop=True)
            continue
        inner = word.lstrip(_EDGE)
        begin = match.start() + lead
        tail = word[lead + len(core_text) :] if inner.startswith(core_text) else ""
        if not inner.startswith(core_text):  # a colon or other mark before the word
            begin = match.start() + word.find(core_text)
            tail = word[word.find(core_text) + len(core_text) :]
        found.append(
            _Token(
                start=begin,
                end=begin + len(core_text),
                text=core_text,
                folded=core_text.casefold(),
                raw_end=match.end(),
                stop=bool(tail) and not _STOPS.isdisjoint(tail),
                colon=bool(tail) and not _COLONS.isdisjoint(tail),
                opens=lead > 0 and word[0] in '"“„«‘「『《<(',
            )
        )
    return found


_STOPS = frozenset(".,;:：،؛!?؟。、-–—")
_COLONS = frozenset(":：")


_MAX_CUES = 24
"""A credit line states a few steps; the cues after the first 24 of a line are not read, which
keeps the work linear in the length of the line whatever it holds."""


@functools.lru_cache(maxsize=8192)
def _language_of(word: str) -> str | None:
    """The tag a word names as a language ("persan", "Englischen", "inglês", "انگلیسی"), or
    ``None``; only the languages of :data:`_NEWS_LANGUAGES` count."""
    if len(word) < 3 or word.isdigit():
        return None
    word = _ELISION.sub("", word)
    candidates = [word, word[2:]] if word.startswith(("ال",)) and len(word) > 4 else [word]
    if word.endswith(("den", "dan", "ten", "tan")) and len(word) > 6:
        candidates.append(word[:-3])  # Turkish ablative: "İngilizceden"
    known = core._catalog().edition_names  # the phrasings' inflected names ("amerikanischen")
    for candidate in candidates:
        if candidate in known:
            return known[candidate]
        tag = languages.from_name(candidate)
        if tag is not None and tag.split("-")[0] in _NEWS_LANGUAGES and _named(candidate, tag):
            return tag
    return None


_ALIASES = frozenset(["farsi", "castilian", "flemish", "filipino", "tagalog"])


def _named(word: str, tag: str) -> bool:
    """Whether ``word`` is a form of the name of ``tag`` in one of the news locales: the
    lookup behind :func:`languages.from_name` also matches loosely ("Denise" is Danish to
    it), so the word must begin like a real name, allowing an inflected ending
    ("angielskiego" / "angielski", "Englischen" / "Englisch", "İngilizceden")."""
    if word in _ALIASES:
        return True
    for name in _names_of(tag.split("-")[0]):
        common = _common_prefix(word, name)
        if common >= min(4, len(name)) and common >= min(len(word), len(name)) - 4:
            return True
    return False


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


@functools.lru_cache(maxsize=256)
def _names_of(tag: str) -> frozenset[str]:
    return frozenset(
        languages.display_name(tag, locale).casefold().split(" (")[0] for locale in _NEWS_LANGUAGES
    )


_COUNTRIES = frozenset(
    [
        "germany",
        "france",
        "spain",
        "italy",
        "russia",
        "china",
        "japan",
        "korea",
        "iran",
        "iraq",
        "turkey",
        "poland",
        "sweden",
        "norway",
        "denmark",
        "finland",
        "greece",
        "israel",
        "egypt",
        "india",
        "pakistan",
        "brazil",
        "portugal",
        "mexico",
        "netherlands",
        "holland",
        "ukraine",
        "vietnam",
        "indonesia",
        "nigeria",
        "kenya",
        "tanzania",
        "albania",
        "lithuania",
        "romania",
    ]
)


def _is_name_word(token: _Token) -> bool:
    word = _ELISION.sub("", token.text) or token.text
    first = word[0]
    return first.isupper() or (first.isdigit() and word[-1].isalpha() and len(word) > 1)


# -- reading ---------------------------------------------------------------------------------


@attrs.define
class _Found:
    cue: _Cue
    start: int
    end: int
    first: int  # index of the first token after the cue
    before: int  # index of the last token before the cue (-1: none)
    step: core._Step
    sentence: tuple[int, int] = (0, 0)
    slots: int = 0
    strong: bool = False  # a name after a colon or a "by" word
    credible: bool = False


def read(text: str, banned: list[tuple[int, int]]) -> tuple[list[core._Step], list[str]] | None:
    """The steps the cue words of ``text`` state, oldest first, and the cue families used; or
    ``None``. ``banned`` spans (sentences a veto of the catalog ruled out) are not read."""
    lexicon = _lexicon()
    matches = [
        m
        for m in itertools.islice(_cues_in(text), _MAX_CUES)
        if not any(m.start() < b and m.end() > a for a, b in banned)
    ]
    if not matches:
        return _masthead(text)
    candidates: list[_Found] = []
    sentences = core._sentence_spans(text)
    cache: dict[tuple[int, int], list[_Token]] = {}
    starts_cache: dict[tuple[int, int], list[int]] = {}
    negative_cache: dict[tuple[int, int], bool] = {}
    for match in matches:
        cue = lexicon.cues.get(_key(match[0]))
        if cue is None:  # pragma: no cover - every alternative comes from a cue
            continue
        a, b = next((s, e) for s, e in sentences if s <= match.start() < e or e == len(text))
        if (a, b) not in cache:
            cache[(a, b)] = _tokens(text, a, b)
        tokens = cache[(a, b)]
        if (a, b) not in negative_cache:
            negative_cache[(a, b)] = lexicon.negative.search(text, a, b) is not None
        if cue.kind not in (Kind.EXCERPT, Kind.ADAPTATION) and negative_cache[(a, b)]:
            continue  # a sentence about a book, a film, languages in general, a job
        if (a, b) not in starts_cache:
            starts_cache[(a, b)] = [t.start for t in tokens]
        starts = starts_cache[(a, b)]
        first = bisect.bisect_left(starts, match.end())
        before = bisect.bisect_left(starts, match.start()) - 1
        if before >= 0 and tokens[before].end > match.start():
            before -= 1  # the cue begins inside this word
        step = core._Step(kind=cue.kind, span=(match.start(), match.end()))
        if cue.method is not None:
            step.methods[cue.method] = (match.start(), match.end())
        item = _Found(cue, match.start(), match.end(), first, before, step, sentence=(a, b))
        _read_slots(item, tokens, text, lexicon, (a, b))
        item.credible = _credible(item, tokens, text)
        candidates.append(item)
    for item in candidates:
        if not item.credible and item.before < 0 and item.cue.kind not in _SOURCE_KINDS:
            # "Excerpted and adapted from X": a cue heading the line, chained to a credible one
            item.credible = any(
                other.credible and other.sentence == item.sentence for other in candidates
            )
    found = [item for item in candidates if item.credible]
    if not found:
        return None
    steps, families = _assemble(found, text, lexicon)
    return (steps, families) if steps else None


def _read_slots(
    item: _Found, tokens: list[_Token], text: str, lexicon: _Lexicon, sentence: tuple[int, int]
) -> None:
    step = item.step
    kind = item.cue.kind
    translation = kind is Kind.TRANSLATION or kind is Kind.SUMMARY
    # Languages: words of the sentence near the cue that name one.
    window = range(max(0, item.before - 3), min(len(tokens), item.first + 12))
    for index in window:
        token = tokens[index]
        if index >= item.first + 6 and (
            index == 0 or tokens[index - 1].folded not in lexicon.into | lexicon.from_
        ):
            continue  # far from the cue, only "… into Danish", "… from the Persian"
        tag = None if token.folded in _COUNTRIES else _language_of(token.folded)
        if tag is None and _TAG.match(token.folded):
            tag = languages.canonical(token.folded)  # "the pt-br machine translation"
        if tag is None and index + 1 < len(tokens) and token.folded in _LANGUAGE_HEADS:
            tag = _language_of(f"{token.folded} {tokens[index + 1].folded}")
        if tag is None:
            continue
        field = _direction(tokens, index, item, translation)
        if field is None:
            continue
        if field not in step.scalars:
            step.scalars[field] = core._Value(tag, token.start, token.end)
            item.slots += 1
    if _CJK.search(text, *sentence):
        _cjk_languages(item, text, lexicon, sentence)
    # Agents and outlets after the cue.
    if kind is Kind.TRANSLATION or kind is Kind.REVISION:
        _read_translators(item, tokens, text, lexicon)
    else:
        last = item.cue.name.rsplit(" ", 1)[-1]
        immediate = item.cue.family != "authored" or (
            last in lexicon.in_ and last not in lexicon.from_ and last not in lexicon.by
        )
        _read_outlet(item, tokens, text, lexicon, immediate=immediate)
    if "source_publisher" not in step.scalars:
        _read_before(item, tokens, text)


def _cue_colon(item: _Found, tokens: list[_Token], text: str) -> bool:
    after = text[item.end : item.end + 2].lstrip()[:1]
    return (
        after in _COLON
        or item.cue.name.endswith(":")
        or (
            # the word the cue begins ends with a colon: "Translation: A", "Tłumaczenie: A"
            item.first > 0
            and tokens[item.first - 1].colon
            and tokens[item.first - 1].start <= item.start
        )
    )


def _read_translators(item: _Found, tokens: list[_Token], text: str, lexicon: _Lexicon) -> None:
    """Translators after a colon or a "by" word, past the languages ("translated from Persian
    into English by A"); then the original's outlet ("… of an article published in X")."""
    index = item.first
    colon = _cue_colon(item, tokens, text)
    skipped = 0
    near = True  # only languages and function words between the cue and the "by" word
    while index < len(tokens) and not colon and skipped < 6:
        token = tokens[index]
        if token.folded in lexicon.by:
            _credit(item, _name(tokens, index + 1, text, outlet=False), lexicon, strong=near)
            break
        if token.stop and not token.colon:
            break
        near = near and bool(
            _language_of(token.folded)
            or token.folded in _ARTICLES
            or token.folded in lexicon.from_
            or token.folded in lexicon.into
            or token.folded in _LANGUAGE_HEADS
        )
        if token.colon:
            if not near:
                break  # "Strojový překlad, korektura: A": the colon of another word
            colon = True
        index += 1
        skipped += 1
        if colon:
            break
    if colon and index < len(tokens):
        name = _name(tokens, index, text, outlet=False)
        if name is not None and _language_of(name.value.casefold()) is None:
            _credit(item, name, lexicon, strong=True)
            return
        # "Translation © 2020 by A": no name after the mark, a "by" word a little further
        for later in range(index, min(len(tokens), index + 3)):
            if tokens[later].folded in lexicon.by and _credit(
                item, _name(tokens, later + 1, text, outlet=False), lexicon, strong=True
            ):
                return
            if tokens[later].stop:
                break
    _read_outlet(item, tokens, text, lexicon, immediate=False)


def _credit(item: _Found, name: core._Value | None, lexicon: _Lexicon, *, strong: bool) -> bool:
    """Credit ``name`` to the cue's step: a reviewer for a review, an engine as a tool, a
    translator otherwise. False when there is no name."""
    if name is None:
        return False
    if item.cue.kind is Kind.REVISION:
        field = "post_editors"
    else:
        field = "tools" if _is_tool(name.value, lexicon) else "translators"
    _put(item.step, field, name)
    item.slots += 1
    item.strong = strong
    return True


def _read_outlet(
    item: _Found, tokens: list[_Token], text: str, lexicon: _Lexicon, *, immediate: bool
) -> None:
    """The original's outlet: right after the cue ("Source: X", "according to X", "paru dans
    X"), or after a "from"/"in"/"by" word within the next few words ("published on 3 May in
    X", "an article by A in X")."""
    index = item.first
    colon = _cue_colon(item, tokens, text)
    source = item.cue.kind in _SOURCE_KINDS
    if not source and item.cue.name.rsplit(" ", 1)[-1] in lexicon.by:
        # "adapted by A", "bearbejdet af A": the adapter, not recorded, makes it a credit
        item.strong = _name(tokens, index, text, outlet=False) is not None
    if immediate or colon:
        name = _name(tokens, index, text, outlet=True)
        if (
            name is not None
            and _plausible_outlet(name, lexicon)
            and (source or not _ONE_PERSON.match(name.value))
        ):  # "Adaptation: Anna Nowak" names the adapter, not the original's outlet
            _put(item.step, "source_publisher", name)
            item.slots += 1
            item.strong = colon or item.cue.kind is not Kind.REPORTING
            return
    for index in range(item.first, min(len(tokens), item.first + 8)):
        token = tokens[index]
        # "adapted by A" names the adapter; "published by X", "a report by X" the outlet
        if token.folded in lexicon.by and not source and index == item.first:
            # the adapter is not recorded (no role in the score or the model's roles for it
            # here), but a named one makes the cue a credit
            item.strong = _name(tokens, index + 1, text, outlet=False) is not None
        by = token.folded in lexicon.by and source
        if token.folded in lexicon.in_ or token.folded in lexicon.from_ or by:
            name = _name(tokens, index + 1, text, outlet=True)
            if name is not None and _plausible_outlet(name, lexicon):
                _put(item.step, "source_publisher", name)
                item.slots += 1
                return
        if token.stop and item.cue.family != "authored" and immediate:
            return  # "Według agencji PAP, powołując się na …": the clause ends
        if (
            item.cue.family == "authored"
            and token.stop
            and index + 1 < len(tokens)
            and index > item.first
        ):
            # "Intervista di A, il Messaggero 02/01/2021": the outlet after the author.
            name = _name(tokens, index + 1, text, outlet=True)
            if name is not None and _plausible_outlet(name, lexicon):
                _put(item.step, "source_publisher", name)
                item.slots += 1
            return
        if token.stop and not token.colon and index > item.first + 2:
            return


def _plausible_outlet(name: core._Value, lexicon: _Lexicon) -> bool:
    folded = name.value.casefold()
    return (
        _language_of(folded) is None
        and folded.split()[0] not in lexicon.dates
        and folded not in _COUNTRIES
        and not folded.isdigit()
    )


_TAG = re.compile(r"[a-z]{2}-[a-z]{2,4}\Z")
_LANGUAGE_HEADS = frozenset(["tiếng", "bahasa", "lugha", "زبان", "اللغة", "язык", "kalbos"])


def _direction(tokens: list[_Token], index: int, item: _Found, translation: bool) -> str | None:
    lexicon = _lexicon()
    token = tokens[index]
    previous = [tokens[i].folded for i in range(max(0, index - 2), index)]
    following = [tokens[i].folded for i in range(index + 1, min(len(tokens), index + 3))]
    if _FROM_ELISION.match(token.folded):
        return "source_language"
    if any(_ORIGINAL.match(w) for w in previous + following):
        return "source_language"
    if previous and previous[-1] in lexicon.from_ and previous[-1] not in ("de", "of"):
        return "source_language"
    if following and following[0] in ("سے", "से", "থেকে", "kutoka"):
        return "source_language"
    if token.folded.endswith(("den", "dan", "ten", "tan")) and len(token.folded) > 6:
        return "source_language"
    if not translation:
        # "originally published in French": the original's language.
        return "source_language" if index >= item.first - 1 else None
    if previous and previous[-1] == "de" and index >= item.first:
        # "traduit de l'anglais", "traducido del inglés": from; "versión de" is rare.
        return "source_language"
    if previous and previous[-1] in lexicon.into:
        return "target_language"
    # No function word: only a language right next to the cue is its target ("English
    # translation", "traduction française"); "ترجمه اخبار انگلیسی" is English news.
    return "target_language" if item.before <= index <= item.first else None


def _cjk_languages(item: _Found, text: str, lexicon: _Lexicon, sentence: tuple[int, int]) -> None:
    a = max(sentence[0], item.start - 6)
    b = min(sentence[1], item.end + 6)
    for match in lexicon.cjk_regex.finditer(text, a, b):
        tag = lexicon.cjk_names[match[0]]
        before = text[max(a, match.start() - 1) : match.start()]
        after = text[match.end() : match.end() + 4]
        if before in lexicon.from_before or after.startswith(lexicon.from_after):
            field = "source_language"
        elif before in lexicon.into_before or after.startswith(lexicon.into_after):
            field = "target_language"
        elif item.cue.kind is Kind.TRANSLATION:
            field = "target_language" if match.start() < item.start else "source_language"
        else:
            continue
        if field not in item.step.scalars:
            item.step.scalars[field] = core._Value(tag, match.start(), match.end())
            item.slots += 1


def _read_before(item: _Found, tokens: list[_Token], text: str) -> None:
    """Outlets before the cue, in languages that put them there ("X에 실린", "X より転載",
    "X سے لیا گیا") and before a verb of reporting ("taz.de berichtet", "AFP linaripoti")."""
    if item.cue.kind not in (Kind.REPUBLICATION, Kind.EXCERPT, Kind.REPORTING) or item.before < 0:
        return
    token = tokens[item.before]
    if token.stop and not token.colon:
        return
    if _CASELESS.search(token.text) and not _SPACED.search(token.text):
        value = token.text
        for particle in (
            "에서",
            "에",
            "의",
            "より",
            "から",
            "に",
            "で",
            "の",
            "が",
            "는",
            "은",
            "이",
            "가",
        ):
            if value.endswith(particle) and len(value) > len(particle) + 1:
                value = value[: -len(particle)]
                break
        if len(value) >= 2 and not _language_of(value.casefold()):
            end = token.start + len(value)
            _put(item.step, "source_publisher", core._Value(value, token.start, end))
            item.slots += 1
        return
    if item.cue.kind is not Kind.REPORTING:
        return
    first = item.before
    while (
        first > 0
        and item.before - first < 4
        and _is_name_word(tokens[first - 1])
        and not (tokens[first - 1].stop)
    ):
        first -= 1
    if _is_name_word(tokens[item.before]) or _DOMAIN.match(tokens[item.before].text):
        start, end = tokens[first].start, tokens[item.before].end
        _put(item.step, "source_publisher", core._Value(text[start:end], start, end))
        item.slots += 1


def _name(tokens: list[_Token], index: int, text: str, *, outlet: bool) -> core._Value | None:
    """A name starting at token ``index``: capitalized words (with connectors such as "de",
    "van", "of the"), a quoted name, a domain, or in a script without capitals the words up
    to the next punctuation (at most three)."""
    if index >= len(tokens):
        return None
    article = None
    while (
        index < len(tokens) - 1
        and tokens[index].folded in _ARTICLES
        and not tokens[index].text[0].isupper()
    ):
        article = tokens[index]
        index += 1
    first = tokens[index]
    if outlet and article is not None and _is_name_word(first) and not article.stop:
        # "aldus de Telegraaf", "selon le Monde": an article marks an outlet, and stays.
        found = _name(tokens, index, text, outlet=outlet)
        if found is not None and found.start == first.start:
            return core._Value(text[article.start : found.end], article.start, found.end)
    if _DOMAIN.match(first.text) and "." in first.text:
        return core._Value(first.text, first.start, first.end)
    if (
        _NEWSPAPER.match(first.folded)
        and not first.text[0].isupper()
        and not first.stop
        and index + 1 < len(tokens)
    ):
        found = _name(tokens, index + 1, text, outlet=outlet)
        if found is not None and _CASELESS.search(first.text) and not _SPACED.search(first.text):
            # "صحيفة الراي", "روزنامه شرق": in these scripts the noun is part of the name
            return core._Value(text[first.start : found.end], first.start, found.end)
        return found
    if first.opens:
        # A quoted name: up to the closing mark, at most eight words.
        last = index
        while last < len(tokens) - 1 and last - index < 8:
            if text[tokens[last].end : tokens[last].raw_end].strip(".,;:") and any(
                c in text[tokens[last].end : tokens[last].raw_end] for c in '"”»’」』》>)'
            ):
                break
            last += 1
        return core._Value(text[first.start : tokens[last].end], first.start, tokens[last].end)
    caseless = _CASELESS.search(first.text) is not None and not _SPACED.search(first.text)
    if caseless:
        last = index
        lexicon = _lexicon()
        while (
            last < len(tokens) - 1
            and last - index < 2
            and not tokens[last].stop
            and _CASELESS.search(tokens[last + 1].text)
            and tokens[last + 1].folded not in lexicon.function_words
            and lexicon.lower_regex.match(tokens[last + 1].folded) is None
        ):
            last += 1
        return core._Value(text[first.start : tokens[last].end], first.start, tokens[last].end)
    if not _is_name_word(first):
        return None
    last = index
    while last < len(tokens) - 1 and last - index < 6 and not tokens[last].stop:
        nxt = tokens[last + 1]
        if _is_name_word(nxt) and nxt.folded not in _lexicon().by:
            last += 1
            continue
        if (
            nxt.folded in _CONNECTORS
            and last + 2 < len(tokens)
            and not nxt.stop
            and _is_name_word(tokens[last + 2])
        ):
            last += 2
            continue
        break
    value = text[first.start : tokens[last].end]
    return core._Value(value, first.start, tokens[last].end)


def _is_tool(name: str, lexicon: _Lexicon) -> bool:
    return lexicon.tools.fullmatch(name) is not None


def _put(step: core._Step, field: str, value: core._Value) -> None:
    if field in core._FIELDS_LIST:
        names = [value]
        if field in ("translators", "post_editors"):
            names = _split_names(value)
        step.lists.setdefault(field, []).extend(names)
    else:
        step.scalars.setdefault(field, value)


_AND = re.compile(r"\s*[,،、]\s*|\s+(?:and|et|y|e|und|en|och|og|i|и|و|và|na|dan|ve)\s+")


def _split_names(value: core._Value) -> list[core._Value]:
    names = []
    last = 0
    for sep in _AND.finditer(value.value):
        part = value.value[last : sep.start()]
        if part:
            names.append(core._Value(part, value.start + last, value.start + sep.start()))
        last = sep.end()
    rest = value.value[last:]
    if rest:
        names.append(core._Value(rest, value.start + last, value.end))
    return names


def _credible(item: _Found, tokens: list[_Token], text: str) -> bool:
    """Whether a cue states where *this* text came from, not merely mentions translating or
    publishing: a name after a colon or "by", the start of the line with what the cue needs
    after it, or a sentence about this text; or, weaker, a slot read in a short line."""
    lexicon = _lexicon()
    count = len(tokens)
    if tokens:  # words without spaces between them: about two characters a word
        count += len(_CJK.findall(text, tokens[0].start, tokens[-1].end)) // 2
    step = item.step
    kind = item.cue.kind
    at_start = item.before < 0 or (item.before == 0 and tokens[0].opens)
    if kind is Kind.REPORTING:
        publisher = step.scalars.get("source_publisher")
        if publisher is None:
            return False
        # "according to a report by Shargh": the noun before it makes a name an outlet
        between = text[item.end : publisher.start] if publisher.start > item.end else ""
        # "according to Haaretz", "selon Libération": one capitalized word right after the
        # cue is an outlet (a person would be named in full)
        single = (
            publisher.start >= item.end
            and len(publisher.value.split()) == 1
            and len(publisher.value) >= 3
            and publisher.value[:1].isupper()
        )
        return _outlet_like(publisher.value) or single or _REPORT_NOUN.search(between) is not None
    sentence = (tokens[0].start, tokens[-1].end) if tokens else (item.start, item.end)
    about_this = lexicon.self_words.search(text, *sentence) is not None
    if item.cue.family in ("authored", "published") and _byline_of_a_person(item, tokens):
        return False  # "Posted by Ned Deily", "Artikel von Alexa von Heyden": an author
    if item.cue.family == "authored":
        return at_start and "source_publisher" in step.scalars
    if item.cue.family == "published":
        # "Article published in X", "Cette tribune … a été publiée … dans X"; not "He read an
        # article published in X".
        early = item.before <= 1 or (item.before == 2 and tokens[0].opens)
        return "source_publisher" in step.scalars and (early or about_this)
    if kind is Kind.REPUBLICATION:
        return "source_publisher" in step.scalars or (at_start and count <= 4)
    holder = next((t for t in tokens if t.start <= item.end - 1 < t.end), None)
    word = holder.folded if holder is not None else ""
    if kind is Kind.TRANSLATION and (word.endswith(_AGENT_ENDINGS) or _ARABIC_AGENT.match(word)):
        # "Als Übersetzer …", "an automatic translator", "قال المترجم": a person or a tool,
        # not this text's origin, unless a colon and a name follow ("Translator: A").
        return bool(holder is not None and holder.colon and item.strong)
    if kind is Kind.TRANSLATION and _shouted(text, tokens):
        return bool(item.strong)  # an all-capitals line is a title ("TRANSLATION OF …")
    if item.strong or about_this or (count <= 3 and at_start):
        return True
    if item.cue.method is Method.MACHINE:
        return True
    if at_start and (item.slots or _cue_colon(item, tokens, text) or _leads(item, tokens)):
        return True
    # Weaker: a language or a name the cue reads, in a short line (an outlet alone is not
    # enough: "He read a translation of an article published in Le Monde").
    said = len(step.scalars) - ("source_publisher" in step.scalars) + len(step.lists)
    return said > 0 and count <= 12


_ARABIC_AGENT = re.compile(r"(?:و|ب|ل)?(?:ال|لل)?مترجم")


_NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "dem",
        "du",
        "le",
        "la",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "ter",
        "ten",
    ]
)


_INITIAL = re.compile(r"^[^\W\d_]\.$")  # the "W." of "Günter W. Kienitz"


def _byline_of_a_person(item: _Found, tokens: list[_Token]) -> bool:
    """A byline: the cue's "by" word ("Posted by", "Artikel von") names a person, two to four
    capitalized words with the particles of names between, and no organization word. The
    author of this text is no other outlet it came from."""
    publisher = item.step.scalars.get("source_publisher")
    if publisher is None or not _leads_by(item, tokens):
        return False
    name = publisher.value
    words = name.replace(",", " ").split()
    given = [w for w in words if w.casefold() not in _NAME_PARTICLES]
    return (
        2 <= len(given) <= 4
        and all(w[:1].isupper() and (not w.isupper() or _INITIAL.match(w)) for w in given)
        and not core._is_organization_name(name)
    )


def _leads_by(item: _Found, tokens: list[_Token]) -> bool:
    """The word after the cue, or the cue's own last word, is a "by" word."""
    lexicon = _lexicon()
    if item.first < len(tokens) and tokens[item.first].folded in lexicon.by:
        return True
    holder = next((t for t in tokens if t.start <= item.end - 1 < t.end), None)
    return holder is not None and holder.folded in lexicon.by


def _shouted(text: str, tokens: list[_Token]) -> bool:
    letters = [c for t in tokens[:40] for c in t.text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 20 and upper >= 0.8 * len(letters)


_REPORT_NOUN = re.compile(
    r"\b(?:report|article|story|newspaper|daily|paper|agency|site|website|rapport|article|"
    r"journal|quotidien|informe|artículo|periódico|diario|articolo|quotidiano|giornale|"
    r"relatório|artigo|jornal|bericht|artikel|zeitung|blatt|krant|dagblad|tidning|avis|"
    r"raport|artykuł|gazet\w*|доклад\w*|стать\w*|газет\w*|издани\w*)\b",
    re.IGNORECASE,
)
_AGENT_ENDINGS = (
    "tor", "tors", "tora", "ore", "ori", "eur", "eurs", "trice", "trices", "zer", "zerin",
    "ler", "are", "aren", "ter", "tere", "чик", "чика", "чики", "чиков", "чица", "ач", "acz",
    "acza", "czka", "software",
)  # fmt: skip


def _leads(item: _Found, tokens: list[_Token]) -> bool:
    """The cue is followed by what a credit puts after it: a "by", "from" or "into" word."""
    if item.first >= len(tokens):
        return False
    word = tokens[item.first].folded
    lexicon = _lexicon()
    return word in lexicon.by or word in lexicon.from_ or word in lexicon.into


def _outlet_like(name: str) -> bool:
    """An outlet, not a person or a common noun: an organization word, an acronym, a domain,
    an edition ("BBC Persian"), or two to four capitalized words; in a script without
    capitals, any name."""
    words = name.split()
    return bool(
        core._is_organization_name(name)
        or _DOMAIN.match(name)
        or (words[0].casefold() in _ARTICLES and len(words) > 1)
        or (2 <= len(words) <= 4 and name[:1].isupper() and not _ONE_PERSON.match(name))
        or (_CASELESS.search(name) and not _SPACED.search(name))
    )


_ONE_PERSON = re.compile(r"^(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+$")


def _assemble(
    found: list[_Found], text: str, lexicon: _Lexicon
) -> tuple[list[core._Step], list[str]]:
    revisions = [f for f in found if f.cue.kind is Kind.REVISION]
    citing = [f for f in found if f.cue.family == "citing"]
    found = [f for f in found if f not in revisions and f not in citing]
    derived = [f for f in found if f.cue.kind not in _SOURCE_KINDS]
    sources = [f for f in found if f.cue.kind in _SOURCE_KINDS]
    steps: list[core._Step] = []
    for item in derived or sources[:1]:
        step = item.step
        if steps and steps[-1].kind is step.kind:
            steps[-1].absorb(step)
            continue
        steps.append(step)
    if derived:
        head = steps[0]
        for item in sources:
            publisher = item.step.scalars.get("source_publisher")
            if publisher is not None and not any(
                s.step.scalars.get("source_publisher") for s in sources if s is not item
            ):
                # "Source: X", "originally published in X" say the outlet more surely
                # than a name after the colon of "Excerpt: …"
                head.scalars["source_publisher"] = publisher
            language = item.step.scalars.get("source_language")
            if language is not None:
                head.scalars.setdefault("source_language", language)
    else:
        for item in sources[1:]:
            for field, value in item.step.scalars.items():
                steps[0].scalars.setdefault(field, value)
    cited = [c.step for c in citing if "source_publisher" in c.step.scalars]
    if cited and steps and steps[0].kind is Kind.REPORTING:
        # "به گزارش X به نقل از Y", "according to X, citing Y": Y → X → this text
        steps.insert(0, cited[0])
    elif cited and not steps:
        steps.append(cited[0])
    for revision in revisions:
        reviewers = revision.step.lists.get("post_editors", [])
        last = steps[-1] if steps else None
        if last is not None and last.kind is Kind.TRANSLATION and Method.MACHINE in last.methods:
            # a review after a machine translation is its post-editing
            last.methods[Method.POST_EDITED] = revision.step.span
            last.lists.setdefault("post_editors", []).extend(reviewers)
        elif last is not None and last.kind is Kind.TRANSLATION:
            last.lists.setdefault("editors", []).extend(reviewers)
        elif reviewers or not steps:
            revision.step.lists["editors"] = revision.step.lists.pop("post_editors", [])
            steps.append(revision.step)
    if not steps:
        return steps, []
    tools = list(lexicon.tools.finditer(text))
    for step in steps:
        if step.kind is Kind.TRANSLATION and tools and not step.lists.get("tools"):
            step.lists["tools"] = [core._Value(m[0], m.start(), m.end()) for m in tools[:2]]
            step.methods.setdefault(Method.MACHINE, (tools[0].start(), tools[0].end()))
        # A translation into the language it came from is no translation: drop the target.
        source = step.scalars.get("source_language")
        target = step.scalars.get("target_language")
        if source is not None and target is not None and source.value == target.value:
            del step.scalars["target_language"]
        if step.kind is not Kind.TRANSLATION:
            step.scalars.pop("target_language", None)
    families = list(dict.fromkeys(f"cue.{f.cue.family}" for f in found))
    return steps, families


# A line that is only a byline and an outlet, or an outlet and a date, with a dash between:
# "A – De Standaard", "The Wall Street Journal – October 9, 2023". The outlet must look like
# one (an article before a capitalized name, or an organization word): "A – B" alone is not
# read. Bounded: at most 12 words on either side of one dash, no quantifier over a group
# that can match empty.
_DASH_LINE = re.compile(
    r"\A\s*(?P<left>[^\s–—|]+(?:[^\S\n][^\s–—|]+){0,11})[^\S\n]?[–—|][^\S\n]?"
    r"(?P<right>[^\s–—|]+(?:[^\S\n][^\s–—|]+){0,11})\s*\Z"
)
_DATE = re.compile(
    r"\A(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"(?:[^\W\d_]+\.?\s)?\d{1,2}\.?,?\s[^\W\d_]+\.?,?\s\d{4}|[^\W\d_]+\.?\s\d{1,2},?\s\d{4})\.?\Z"
)


def _masthead(text: str) -> tuple[list[core._Step], list[str]] | None:
    """ "A – De Standaard", "The Wall Street Journal – October 9, 2023": a republication
    from the outlet, when the line holds nothing else."""
    found = _DASH_LINE.match(text)
    if found is None or ":" in text or _lexicon().negative.search(text):
        return None  # "Photo: A – Reuters" is a photo credit
    left, right = found["left"].strip(), found["right"].strip(" .")
    outlet = None
    if _DATE.match(right) and _named_outlet(left):
        outlet = core._Value(left, found.start("left"), found.start("left") + len(left))
    elif _named_outlet(right) and _byline(left):
        start = found.start("right")
        outlet = core._Value(right, start, start + len(right))
    if outlet is None:
        return None
    step = core._Step(kind=Kind.REPUBLICATION, span=(found.start(), found.end()))
    step.scalars["source_publisher"] = outlet
    return [step], ["cue.masthead"]


def _named_outlet(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() or w in _CONNECTORS for w in words):
        return False
    return (len(words) > 1 and words[0].casefold() in _ARTICLES) or core._is_organization_name(name)


def _byline(name: str) -> bool:
    """A person's name: two to four capitalized words (an "e.a." or "et al." may follow)."""
    words = [w for w in name.split() if w.casefold() not in ("e.a.", "et", "al.")]
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
