"""Read a lineage out of a credit line: the phrasings are data, this is the small engine.

The phrasings live in ``provenance/data/credit_patterns/*.json``, one file per language, plus
``_shared.json`` (slot patterns, MT engine names, organization words). Each pattern is a regular
expression with *slots* (``{translators:names}``, ``{source_language:lang}``) and says which
derivation ``kind`` and ``method`` it implies. The engine:

1. cleans the text (markup and control characters out, each run of whitespace made one
   character, offsets kept), bounded to :data:`MAX_CHARS`;
2. runs the patterns whose trigger words occur, resolves their slots (a language name to a tag,
   a list of names to names), and drops matches that a *veto* pattern rules out in the same
   sentence ("translated into 30 languages");
3. merges the matches into a chain of steps, oldest first, and builds the lineage, recording for
   every field the span of text it came from (``extensions["extract"]["evidence"]``).

Nothing is guessed: what the line does not say stays unknown (language ``und``). Only the
caller's ``page_language`` and ``page_publisher`` fill gaps, and they never override the line.
Documented in ``docs/guides/extract.md``.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Any

import attrs

from provenance import languages
from provenance.errors import ParseError, Problem
from provenance.model import Agent, AgentRole, AgentType, Derivation, Kind, Lineage, Method, Role
from provenance.model import Version as _Version

__all__ = ["MAX_CHARS", "UNDETERMINED", "extract", "read_record"]

MAX_CHARS = 5000
"""Longer texts are not credit lines: :func:`extract` returns ``None`` without reading them.
This bounds the work per call whatever the input (a whole page pasted by mistake)."""

UNDETERMINED = "und"
"""The BCP 47 tag stored for a language the line does not name."""

_FIELDS_SCALAR = ("source_language", "target_language", "source_publisher", "publisher")
_FIELDS_LIST = ("translators", "tools", "post_editors", "editors", "source_publishers")
_FIELDS = frozenset(_FIELDS_SCALAR + _FIELDS_LIST)
_ROLES = frozenset({"step", "source", "origin", "modifier"})
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z_][a-z0-9_]*))?\}")
_INLINE_TAGS = frozenset(
    ["a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub", "font", "abbr", "cite", "q"]
)


# -- the data --------------------------------------------------------------------------------


@attrs.frozen
class _StepSpec:
    kind: Kind | None
    method: Method | None
    fields: tuple[tuple[str, str], ...]  # (slot name, field)


@attrs.frozen
class _Pattern:
    id: str
    regex: re.Pattern[str]
    triggers: frozenset[str]
    role: str
    veto: bool
    steps: tuple[_StepSpec, ...]
    slot_types: tuple[tuple[str, str], ...]  # (regex group, slot type)
    strict: frozenset[str]
    need_slot: bool  # a match that fills no slot is dropped
    new_step: bool  # never merged into the step before ("then into Hindi …")
    follows: bool  # a source after a step is a step of its own ("… Republished from X")
    names: Mapping[str, str]  # extra language names of the pattern's file
    noise: frozenset[str]
    joiners: re.Pattern[str]


@attrs.frozen
class _Catalog:
    patterns: tuple[_Pattern, ...]
    triggers: Mapping[str, tuple[int, ...]]  # trigger word -> the patterns it wakes
    # One pass finds the triggers in a text: at each position, the longest trigger that
    # starts there; ``wake`` maps it to the patterns of every trigger it begins with.
    trigger_regex: re.Pattern[str]
    wake: Mapping[str, frozenset[int]]
    always: tuple[int, ...]  # patterns with no trigger words
    tools: frozenset[str]
    organization_words: frozenset[str]
    edition_names: Mapping[str, str]  # casefolded language name -> tag, for outlet editions


def _read(name: str) -> dict[str, Any]:
    text = (
        resources.files("provenance").joinpath("data", "credit_patterns", name).read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def _pattern_files() -> list[str]:
    folder = resources.files("provenance").joinpath("data", "credit_patterns")
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and not entry.name.startswith("_")
    )


@functools.cache
def _catalog() -> _Catalog:
    """Load and compile every pattern file once. A bad file is a bug: raise, naming it."""
    shared = _read("_shared.json")
    tools = sorted(shared["tools"], key=len, reverse=True)
    slots: dict[str, str] = dict(shared["slots"])
    slots["outlets"] = slots["outlet"]  # "AFP and Reuters": an outlet takes "and" itself
    # "Reuters, AFP and AP": comma-separated too. Costly to match, so only a pattern that
    # needs it names it; the joiners split either when the slot is resolved.
    slots["listed_outlets"] = (
        f"{slots['outlet']}(?:[^\\S\\n]*[,،][^\\S\\n]*{slots['outlet']}){{0,5}}"
    )
    slots["tool"] = "(?:" + "|".join(re.escape(t).replace(r"\ ", r"[\s-]") for t in tools) + ")"
    patterns: list[_Pattern] = []
    all_names: dict[str, str] = {}
    for filename in _pattern_files():
        data = _read(filename)
        names = {key.casefold(): value for key, value in data.get("names", {}).items()}
        all_names.update(names)
        noise = frozenset(word.casefold() for word in data.get("name_noise", ()))
        joiners = data.get("and", ["and"])
        joiner = "|".join(re.escape(word) for word in joiners)
        local_slots = dict(slots)
        local_slots.update(data.get("slots", {}))
        if "name" in local_slots:
            name = local_slots["name"]
            local_slots["names"] = (
                f"{name}(?:(?:[^\\S\\n]*[,،、][^\\S\\n]*|[^\\S\\n]+(?:{joiner})[^\\S\\n]+){name}){{0,5}}"
            )
        words: dict[str, str] = data.get("words", {})
        for number, spec in enumerate(data["patterns"]):
            where = f"{filename}: patterns[{number}]"
            try:
                patterns.append(
                    _compile(spec, local_slots, words, names, noise, joiner, data["language"])
                )
            except (KeyError, ValueError, re.error) as error:
                raise ValueError(f"{where} ({spec.get('id')!r}): {error}") from error
    edition_names: dict[str, str] = {}
    for tag in shared["edition_languages"]:
        for locale in shared["edition_locales"]:
            edition_names[languages.display_name(tag, locale).casefold()] = tag
    edition_names.update(
        (name, tag) for name, tag in all_names.items() if len(tag.split("-")[0]) == 2
    )
    triggers = {
        t: tuple(i for i, p in enumerate(patterns) if t in p.triggers)
        for t in sorted({t for p in patterns for t in p.triggers})
    }
    return _Catalog(
        patterns=tuple(patterns),
        triggers=triggers,
        trigger_regex=re.compile(f"(?=({_trie(list(triggers))}))"),
        wake={
            t: frozenset(i for u, found in triggers.items() if t.startswith(u) for i in found)
            for t in triggers
        },
        always=tuple(i for i, p in enumerate(patterns) if not p.triggers),
        tools=frozenset(t.casefold() for t in tools),
        organization_words=frozenset(w.casefold() for w in shared["organization_words"]),
        edition_names=edition_names,
    )


def _trie(words: list[str], atom: Callable[[str], str] = re.escape) -> str:
    """A regular expression matching any of ``words``, written as a trie so that a position
    costs one test per character, however many words; the longest word wins (greedy).
    ``atom`` writes one character (the cue lexicon gives some characters a meaning)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _word(match: re.Match[str], words: Mapping[str, str], slots: Mapping[str, str]) -> str:
    """A ``{word}`` of the file, or a slot's pattern without capturing (``{tool}``)."""
    if match[2] is not None:
        return match[0]
    if match[1] in words:
        return words[match[1]]
    if match[1] in slots:
        return f"(?:{slots[match[1]]})"
    raise ValueError(f"unknown word {{{match[1]}}}; define it under 'words'")


def _compile(
    spec: Mapping[str, Any],
    slots: Mapping[str, str],
    words: Mapping[str, str],
    names: Mapping[str, str],
    noise: frozenset[str],
    joiner: str,
    language: str,
) -> _Pattern:
    source = str(spec["match"])
    # Words first ({translated}), then slots ({translators:names}); one level of words.
    source = _SLOT.sub(lambda m: _word(m, words, slots), source)
    slot_types: list[tuple[str, str]] = []
    slot_group: dict[str, list[str]] = {}

    def slot(match: re.Match[str]) -> str:
        name, kind = match[1], match[2]
        if kind is None:
            raise ValueError(f"unknown word {{{name}}}")
        group = f"s{len(slot_types)}"
        slot_types.append((group, kind))
        slot_group.setdefault(name, []).append(group)
        return f"(?P<{group}>{slots[kind]})"

    pieces = re.split(r"(\{[^{}]*\})", source)
    # A space is a run of whitespace; " ?" (an optional space) is an optional run.
    built = "".join(
        _SLOT.sub(slot, piece)
        if piece.startswith("{")
        else piece.replace(" ?", r"\s*").replace(" ", r"\s+")
        for piece in pieces
    )
    flags = re.MULTILINE | (0 if spec.get("case") else re.IGNORECASE)
    regex = re.compile(built, flags)
    role = spec.get("role", "step")
    if role not in _ROLES:
        raise ValueError(f"role {role!r} is not one of {sorted(_ROLES)}")
    step_specs: list[_StepSpec] = []
    raw_steps = spec.get("steps") or (
        [] if spec.get("veto") else [{"kind": spec.get("kind"), "method": spec.get("method")}]
    )
    for raw in raw_steps:
        fields = raw["fields"] if "fields" in raw else {name: name for name in slot_group}
        kinds = dict(slot_types)
        for name, field in fields.items():
            if field not in _FIELDS:
                raise ValueError(f"unknown field {field!r}; fields: {sorted(_FIELDS)}")
            wrong = [g for g in slot_group.get(name, ()) if not kinds[g].startswith("lang")]
            if field.endswith("_language") and wrong:
                # Only a lang… slot is resolved to a tag; any other would store its words.
                raise ValueError(f"{field} takes a slot whose type starts with 'lang'")
        step_specs.append(
            _StepSpec(
                kind=Kind(raw["kind"]) if raw.get("kind") else None,
                method=Method(raw["method"]) if raw.get("method") else None,
                fields=tuple(
                    (group, field) for name, field in fields.items() for group in slot_group[name]
                ),
            )
        )
    return _Pattern(
        id=f"{language}.{spec['id']}",
        regex=regex,
        triggers=frozenset(t.casefold() for t in spec.get("when", ())),
        role=role,
        veto=bool(spec.get("veto")),
        steps=tuple(step_specs),
        slot_types=tuple(slot_types),
        strict=frozenset(g for name in spec.get("strict", ()) for g in slot_group[name]),
        need_slot=bool(spec.get("need_slot")),
        new_step=bool(spec.get("new_step")),
        follows=bool(spec.get("follows")),
        names=names,
        noise=noise,
        joiners=re.compile(rf"[^\S\n]*[,،、][^\S\n]*|[^\S\n]+(?:{joiner})[^\S\n]+", re.IGNORECASE),
    )


# -- cleaning --------------------------------------------------------------------------------

_CLEAN = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})?[^<>]{0,500}>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]"
)


def _clean(text: str) -> tuple[str, list[int] | None]:
    """Markup out, entities decoded, control characters made spaces; and where each character
    of the result was in ``text`` (``None`` when nothing changed)."""
    if not _CLEAN.search(text):
        return text, None
    out: list[str] = []
    where: list[int] = []
    last = 0
    for match in _CLEAN.finditer(text):
        out.append(text[last : match.start()])
        where.extend(range(last, match.start()))
        token = match[0]
        if token.startswith("<"):
            name = (match[2] or "").lower()
            replacement = "" if name in _INLINE_TAGS else "\n"
        elif token.startswith("&"):
            replacement = html.unescape(token)
            if replacement in ("\u00a0", "\t"):
                replacement = " "
        else:
            replacement = "\n" if token in "\u2028\u2029\x0b\x0c" else " "
        out.append(replacement)
        where.extend([match.start()] * len(replacement))
        last = match.end()
    out.append(text[last:])
    where.extend(range(last, len(text)))
    where.append(len(text))
    return "".join(out), where


# Every run of whitespace becomes one space, or one line break if it holds one. Then no
# ``\s+`` of a pattern can take more than one character, which is what keeps the patterns
# linear: "paru" followed by 5,000 spaces made ``\s+ [^,.;]{1,40}? \s+`` try every split of
# the run (20 s); collapsed, it is "paru " and nothing is left to try.
_SPACES = re.compile(r"\s{2,}|[^\S \n]")
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _collapse(text: str, where: list[int] | None) -> tuple[str, list[int] | None]:
    """``text`` with each run of whitespace made one character, and the offsets of the input
    each character of the result came from (``where`` composed with the collapse)."""
    if _SPACES.search(text) is None:
        return text, where
    out: list[str] = []
    mapped: list[int] = []
    offsets = where if where is not None else range(len(text) + 1)
    last = 0
    for match in _SPACES.finditer(text):
        out.append(text[last : match.start()])
        mapped.extend(offsets[last : match.start()])
        out.append("\n" if _BREAKS.intersection(match[0]) else " ")
        mapped.append(offsets[match.start()])
        last = match.end()
    out.append(text[last:])
    mapped.extend(offsets[last:])
    return "".join(out), mapped


# -- matching --------------------------------------------------------------------------------


@attrs.frozen
class _Value:
    value: str
    start: int
    end: int


@attrs.frozen
class _Hit:
    pattern: _Pattern
    start: int
    end: int
    slots: dict[str, list[_Value]]  # regex group -> resolved values


# A word of a language name: letters with their combining marks (Devanagari vowel signs are
# not ``\w``); apostrophes split "l'anglais"; a hyphen keeps "pt-br" whole.
_LANGUAGE_WORD = re.compile(r"[^\s\d_,.;:!?()\[\]{}«»\"“”'’/\\|*]+")


def _resolve_language(text: str, start: int, pattern: _Pattern) -> _Value | None:
    """The language a slot names: the shortest run of words from its start that resolves,
    extended while more words make the tag more specific ("American English" → en-US)."""
    tokens = [(m.start(), m.end(), m[0].casefold()) for m in _LANGUAGE_WORD.finditer(text)]
    while tokens and tokens[0][2] in pattern.noise:
        tokens.pop(0)
    best: _Value | None = None
    for count in range(1, min(len(tokens), 3) + 1):
        first, end = tokens[0][0], tokens[count - 1][1]
        phrase = " ".join(token[2] for token in tokens[:count])
        tag = pattern.names.get(phrase) or _language_tag(phrase)
        if tag is None:
            if best is not None:
                break
            continue
        if best is not None and tag == best.value:
            break
        best = _Value(tag, start + first, start + end)
    return best


@functools.lru_cache(maxsize=4096)
def _language_tag(phrase: str) -> str | None:
    if re.fullmatch(r"[a-z]{2}-[a-z]{2,4}", phrase):
        return languages.canonical(phrase)
    tag = languages.from_name(phrase)
    # langcodes matches names loosely ("Foreign" is a language); in a credit line only the
    # languages with two-letter codes, the ones newsrooms translate, are worth believing.
    if tag is None or len(tag.split("-")[0]) != 2:
        return None
    return tag


_TRAILING = " \t\n,;:،؛!?-–—'\"“”«»)("


def _trim(text: str, start: int) -> _Value | None:
    stripped = text.rstrip(_TRAILING)
    # A final full stop ends the sentence, unless it closes an initial ("Caty R.").
    if stripped.endswith(".") and not re.search(r"(?:^|\s)\w\.$", stripped):
        stripped = stripped[:-1].rstrip(_TRAILING)
    lead = len(stripped) - len(stripped.lstrip(' \t\n-–—:«"“„'))
    stripped = stripped[lead:]
    if not stripped:
        return None
    return _Value(stripped, start + lead, start + lead + len(stripped))


def _without_article(value: _Value) -> _Value:
    """A name without the lower-case article it was credited with ("by the Middle East
    Monitor"); a capitalized one is part of the name ("The Economist")."""
    if value.value.startswith("the ") and len(value.value) > 4:
        rest = value.value[4:].lstrip()
        return _Value(rest, value.end - len(rest), value.end)
    return value


def _resolve(kind: str, text: str, start: int, pattern: _Pattern) -> list[_Value]:
    if kind.startswith("lang"):
        found = _resolve_language(text, start, pattern)
        return [found] if found else []
    if kind.endswith(("names", "outlets")):
        values: list[_Value] = []
        last = 0
        for sep in pattern.joiners.finditer(text):
            values.extend(v for v in [_trim(text[last : sep.start()], start + last)] if v)
            last = sep.end()
        values.extend(v for v in [_trim(text[last:], start + last)] if v)
        if kind.endswith("names"):
            values = [_without_article(v) for v in values]
        return values[:6]
    if kind == "outlet":
        # "Gehirn & Geist. Alle Rechte vorbehalten": a full stop after a word ends the name.
        cut = re.search(r"(?<=\w\w\w)\.\s", text)
        if cut is not None:
            text = text[: cut.start()]
    value = _trim(text, start)
    if value is not None and kind == "name":
        value = _without_article(value)
    return [value] if value else []


def _hits(text: str, folded: str) -> Iterator[_Hit]:
    catalog = _catalog()
    chosen = set(catalog.always)
    for found in set(catalog.trigger_regex.findall(folded)):
        chosen.update(catalog.wake[found])
    for index in sorted(chosen):
        pattern = catalog.patterns[index]
        for match in pattern.regex.finditer(text):
            if match.end() == match.start():
                continue
            slots: dict[str, list[_Value]] = {}
            ok = True
            for group, kind in pattern.slot_types:
                raw = match[group]
                if raw is None:
                    continue
                values = _resolve(kind, raw, match.start(group), pattern)
                if values:
                    slots[group] = values
                elif group in pattern.strict:
                    ok = False
            if ok and (slots or not pattern.need_slot):
                yield _Hit(pattern, match.start(), match.end(), slots)


_SENTENCE_END = re.compile(r"[.!?؟。]+(?=\s|$)|\n")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((last, match.end()))
        last = match.end()
    spans.append((last, len(text)))
    return spans


def _banned(text: str, hits: list[_Hit]) -> list[tuple[int, int]]:
    """The sentences a veto pattern matched in: nothing in them is read."""
    vetoes = [hit for hit in hits if hit.pattern.veto]
    if not vetoes:
        return []
    return [
        (a, b) for a, b in _sentence_spans(text) if any(v.start < b and v.end > a for v in vetoes)
    ]


def _select(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Drop matches a veto rules out (same sentence) and overlaps (the longer match wins)."""
    kept: list[_Hit] = []
    banned = _banned(text, hits)
    if banned:
        hits = [h for h in hits if not any(h.start < b and h.end > a for a, b in banned)]
    for hit in sorted(
        (h for h in hits if not h.pattern.veto), key=lambda h: (h.start - h.end, h.start)
    ):
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    kept.sort(key=lambda h: h.start)
    return kept


# -- steps -----------------------------------------------------------------------------------


@attrs.define
class _Step:
    kind: Kind
    span: tuple[int, int]
    methods: dict[Method, tuple[int, int]] = attrs.field(factory=dict)
    scalars: dict[str, _Value] = attrs.field(factory=dict)
    lists: dict[str, list[_Value]] = attrs.field(factory=dict)
    implied: bool = False  # only a phrase about the original made it ("Original text in X")

    def conflicts(self, other: _Step) -> bool:
        if other.kind is not self.kind:
            return True
        for field, value in other.scalars.items():
            mine = self.scalars.get(field)
            if mine is not None and mine.value != value.value:
                return True
        source, target = other.scalars.get("source_language"), self.scalars.get("target_language")
        if source is not None and target is not None and source.value == target.value:
            return True  # a relay: this step starts where the last one ended
        return any(self.lists.get(field) and values for field, values in other.lists.items())

    def absorb(self, other: _Step) -> None:
        for method, span in other.methods.items():
            self.methods.setdefault(method, span)
        for field, value in other.scalars.items():
            self.scalars.setdefault(field, value)
        for field, values in other.lists.items():
            self.lists.setdefault(field, []).extend(values)


def _steps_of(hit: _Hit) -> list[_Step]:
    steps = []
    for spec in hit.pattern.steps:
        step = _Step(kind=spec.kind or Kind.REVISION, span=(hit.start, hit.end))
        if spec.method is not None:
            step.methods[spec.method] = (hit.start, hit.end)
        for group, field in spec.fields:
            values = hit.slots.get(group)
            if not values:
                continue
            if field in _FIELDS_LIST:
                step.lists.setdefault(field, []).extend(values)
            else:
                step.scalars.setdefault(field, values[0])
        steps.append(step)
    return steps


def _chain(hits: list[_Hit], text: str) -> list[_Step]:
    """Order the matches into steps, oldest first.

    ``step`` matches merge into the step before unless they conflict (another kind, another
    value for a field, a relay); ``modifier`` matches (post-editing, review) change the last
    translation; ``source`` matches describe the original and attach to the first step;
    ``origin`` matches ("Based on statements by …") are steps before everything else.
    """
    steps: list[_Step] = []
    origins: list[_Step] = []
    sources: list[_Step] = []
    modifiers: list[_Step] = []
    for hit in hits:
        made = _steps_of(hit)
        role = hit.pattern.role
        if role == "source" and hit.pattern.follows and (steps or modifiers):
            # "… Translated by A. Republished from X.": X published the translation, and
            # republishing it is the next step, not the original's publisher.
            steps.extend(made)
        elif role == "source":
            sources.extend(made)
        elif role == "origin":
            origins.extend(made)
        elif role == "modifier":
            # Post-editing qualifies the translation just before it; none yet: wait.
            modifiers.extend(m for m in made if not _apply_modifier(steps, m, text, create=False))
        elif len(made) > 1 or hit.pattern.new_step or not steps or steps[-1].conflicts(made[0]):
            steps.extend(made)
        else:
            steps[-1].absorb(made[0])
    for modifier in modifiers:
        # Nothing before it to qualify: a step of its own where the line tells it ("Revised by
        # A. Excerpted by B." is a revision, then an excerpt).
        at = next((i for i, s in enumerate(steps) if s.span[0] >= modifier.span[1]), len(steps))
        placed: list[_Step] = []
        _apply_modifier(placed, modifier, text, create=True)
        steps[at:at] = placed
    for source in reversed(sources):
        head = steps[0] if steps else None
        attachable = (
            head is not None
            and "publisher" not in source.scalars
            and all(
                head.scalars.get(f) is None or head.scalars[f].value == v.value
                for f, v in source.scalars.items()
            )
        )
        if head is not None and attachable:
            for field, value in source.scalars.items():
                head.scalars.setdefault(field, value)
        else:
            source.implied = not steps
            steps.insert(0, source)
    return origins + steps


def _apply_modifier(steps: list[_Step], modifier: _Step, text: str, *, create: bool) -> bool:
    """Review right after a machine step makes it post-edited; after a human one in the same
    sentence ("translated by A and reviewed by B"), an editor joins. Otherwise the review is a
    step of its own ("… Excerpted by A. Revised by B."), if ``create``."""
    reviewers = modifier.lists.get("post_editors", [])
    step = steps[-1] if steps else None
    if step is not None and step.kind is Kind.TRANSLATION:
        if Method.MACHINE in step.methods or step.lists.get("tools"):
            step.methods.setdefault(Method.POST_EDITED, modifier.span)
            step.lists.setdefault("post_editors", []).extend(reviewers)
            return True
        between = text[step.span[1] : modifier.span[0]]
        if _SENTENCE_END.search(between) is None:
            if reviewers:
                step.lists.setdefault("editors", []).extend(reviewers)
            return True
    if not create:
        return False
    if modifier.kind is not Kind.TRANSLATION:
        modifier.lists["editors"] = modifier.lists.pop("post_editors", [])
    steps.append(modifier)
    return True


# -- the lineage -----------------------------------------------------------------------------


class _Assembler:
    """Builds versions, agents and derivations from the steps, with evidence for each field."""

    def __init__(self, text: str, where: list[int] | None) -> None:
        self.text = text
        self.where = where
        self.agents: list[Agent] = []
        self.agent_ids: dict[tuple[str, AgentType], str] = {}
        self.evidence: list[dict[str, Any]] = []
        self.anonymous: list[str] = []

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.where is None:
            return start, end
        return self.where[start], self.where[max(end - 1, start)] + 1

    def cite(self, path: str, start: int, end: int) -> None:
        a, b = self.span(start, end)
        self.evidence.append({"path": path, "start": a, "end": b, "text": self.text[a:b]})

    def agent(self, value: _Value, kind: AgentType, language: _Value | None = None) -> str:
        key = (value.value.casefold(), kind)
        if key in self.agent_ids:
            agent_id = self.agent_ids[key]
            index = next(i for i, a in enumerate(self.agents) if a.id == agent_id)
            if language is not None and self.agents[index].language is None:
                self.agents[index] = attrs.evolve(self.agents[index], language=language.value)
                self.cite(f"$.agents[{index}].language", language.start, language.end)
            return agent_id
        base = _agent_slug(value.value)
        agent_id, n = base, 2
        while any(a.id == agent_id for a in self.agents):
            agent_id, n = f"{base}-{n}", n + 1
        index = len(self.agents)
        self.agents.append(
            Agent(
                id=agent_id,
                type=kind,
                name=value.value,
                language=language.value if language else None,
            )
        )
        self.agent_ids[key] = agent_id
        self.cite(f"$.agents[{index}].name", value.start, value.end)
        if language is not None:
            self.cite(f"$.agents[{index}].language", language.start, language.end)
        return agent_id

    def context_agent(self, name: str) -> str:
        """The page's publisher, given by the caller: an agent with no span in the line."""
        key = (name.casefold(), AgentType.ORGANIZATION)
        if key not in self.agent_ids:
            agent_id = _agent_slug(name)
            while any(a.id == agent_id for a in self.agents):
                agent_id += "-page"
            self.agents.append(Agent(id=agent_id, type=AgentType.ORGANIZATION, name=name))
            self.agent_ids[key] = agent_id
            self.evidence.append(
                {"path": f"$.agents[{len(self.agents) - 1}].name", "context": "page_publisher"}
            )
        return self.agent_ids[key]

    def derivation(
        self, index: int, step: _Step, sources: tuple[str, ...], target: str
    ) -> Derivation:
        """The derivation of one step, with its agents and their roles."""
        path = f"$.derivations[{index}]"
        self.cite(f"{path}.kind", *step.span)
        tools = _catalog().tools
        people: list[_Value] = []
        named_tools = list(step.lists.get("tools", []))
        for person in step.lists.get("translators", []):
            (named_tools if person.value.casefold() in tools else people).append(person)
        step.lists["tools"] = named_tools
        method: Method | None = None
        if step.kind.is_translation_like:
            method, evidence = _method(step)
            if evidence is not None:
                self.cite(f"{path}.method", *evidence)
        credits: list[tuple[AgentRole, _Value | None]] = []
        for person in _unique(people):
            kind = AgentType.ORGANIZATION if _is_organization(person) else AgentType.PERSON
            agent_id = self.agent(person, kind, _edition(person))
            credits.append((AgentRole(agent_id, Role.TRANSLATOR), person))
        credits.extend(
            (AgentRole(self.agent(tool, AgentType.SOFTWARE), Role.TOOL), tool)
            for tool in _unique(named_tools)
        )
        if method in (Method.MACHINE, Method.POST_EDITED) and not named_tools:
            span = step.methods.get(method) or step.span
            unnamed = self.anonymous_agent(
                AgentType.SOFTWARE, "machine translation (engine not named)", span
            )
            credits.append((AgentRole(unnamed, Role.TOOL), None))
        role = Role.POST_EDITOR if method is Method.POST_EDITED else Role.EDITOR
        reviewers = _unique([*step.lists.get("post_editors", []), *step.lists.get("editors", [])])
        for person in reviewers:
            kind = AgentType.ORGANIZATION if _is_organization(person) else AgentType.PERSON
            credits.append((AgentRole(self.agent(person, kind), role), person))
        if method is Method.POST_EDITED and not reviewers:
            span = step.methods.get(method) or step.span
            unnamed = self.anonymous_agent(AgentType.PERSON, "post-editor (not named)", span)
            credits.append((AgentRole(unnamed, Role.POST_EDITOR), None))
        for position, (_, value) in enumerate(credits):
            if value is not None:
                self.cite(f"{path}.agents[{position}]", value.start, value.end)
        return Derivation(
            target=target,
            sources=sources,
            kind=step.kind,
            method=method,
            agents=tuple(credit for credit, _ in credits),
        )

    def anonymous_agent(self, kind: AgentType, name: str, span: tuple[int, int]) -> str:
        """An agent the line implies but does not name ("machine translated"): the model needs
        one (rules PV401, PV404), its name says it is unnamed, and its id is listed in
        ``extensions["extract"]["unnamed_agents"]`` so nobody mistakes it for a name."""
        for agent_id in self.anonymous:
            if self.agents[self._index(agent_id)].type is kind:
                return agent_id
        agent_id = "unnamed-engine" if kind is AgentType.SOFTWARE else "unnamed-post-editor"
        while any(a.id == agent_id for a in self.agents):
            agent_id += "-x"
        self.anonymous.append(agent_id)
        self.agents.append(Agent(id=agent_id, type=kind, name=name))
        self.cite(f"$.agents[{len(self.agents) - 1}].type", *span)
        return agent_id

    def _index(self, agent_id: str) -> int:
        return next(i for i, a in enumerate(self.agents) if a.id == agent_id)


_VERSION_ID = re.compile(r"(?:source|subject|version)(?:-\d+)?\Z")


def _agent_slug(name: str) -> str:
    """An agent id from a name; never one of the version ids (ids share one namespace)."""
    slug = _slug(name)
    return f"{slug}-agent" if _VERSION_ID.match(slug) else slug


@functools.lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-")[:40] or "agent"


def _edition(value: _Value) -> _Value | None:
    """The language an outlet's name gives it: "Shafaqna Persian" → fa, "Le Monde in English"."""
    found = _edition_of(value.value)
    if found is None:
        return None
    tag, start, end = found
    return _Value(tag, value.start + start, value.start + end)


@functools.lru_cache(maxsize=4096)
def _edition_of(name: str) -> tuple[str, int, int] | None:
    names = _catalog().edition_names
    words = list(re.finditer(r"[^\W\d_]+", name))
    for count in (2, 1):
        if len(words) <= count:
            continue
        tail = words[-count:]
        phrase = " ".join(w[0] for w in tail).casefold()
        if phrase in names:
            return names[phrase], tail[0].start(), tail[-1].end()
    return None


def _is_organization(value: _Value) -> bool:
    return _is_organization_name(value.value)


@functools.lru_cache(maxsize=4096)
def _is_organization_name(name: str) -> bool:
    words = set(re.findall(r"[^\W\d_]+", name.casefold()))
    return bool(
        words & _catalog().organization_words
        or re.fullmatch(r"[A-Z][A-Z0-9&.\-]{1,9}", name)
        or re.search(r"\.(?:com|org|net|ir|info|news)\b", name, re.IGNORECASE)
        or _edition_of(name) is not None
    )


def _method(step: _Step) -> tuple[Method, tuple[int, int] | None]:
    tools = step.lists.get("tools", [])
    tool_span = (tools[0].start, tools[0].end) if tools else None
    if Method.POST_EDITED in step.methods or (
        (Method.MACHINE in step.methods or tools) and step.lists.get("post_editors")
    ):
        return Method.POST_EDITED, step.methods.get(Method.POST_EDITED) or tool_span
    if Method.MACHINE in step.methods or tools:
        return Method.MACHINE, step.methods.get(Method.MACHINE) or tool_span
    if Method.HUMAN in step.methods:
        return Method.HUMAN, step.methods[Method.HUMAN]
    for person in step.lists.get("translators", []):
        if not _is_organization(person):
            return Method.HUMAN, (person.start, person.end)
    return Method.UNKNOWN, None


def _build(
    text: str,
    where: list[int] | None,
    steps: list[_Step],
    page_language: str | None,
    page_publisher: str | None,
    matched: list[str],
) -> Lineage:
    out = _Assembler(text, where)
    count = len(steps)
    # Position p is the text before step p (0: the origin) and after step p-1 (count: the
    # subject). Each language and publisher keeps where it came from.
    langs: list[tuple[str, Any]] = [(UNDETERMINED, None)] * (count + 1)
    pubs: list[_Value | None] = [None] * (count + 1)
    origin_pubs = _unique(
        [v for v in [steps[0].scalars.get("source_publisher")] if v]
        + steps[0].lists.get("source_publishers", [])
    )
    extra = origin_pubs[1:]  # "Based on statements by A and B": B's statement is a source too
    pubs[0] = origin_pubs[0] if origin_pubs else None
    for index, step in enumerate(steps):
        pubs[index] = pubs[index] or step.scalars.get("source_publisher")
        pubs[index + 1] = step.scalars.get("publisher")
    for index, step in enumerate(steps):
        for position, field in ((index, "source_language"), (index + 1, "target_language")):
            value = step.scalars.get(field)
            if value is not None and langs[position][0] == UNDETERMINED:
                langs[position] = (value.value, value)
    for position, publisher in enumerate(pubs):
        edition = _edition(publisher) if publisher else None
        if edition is not None and langs[position][0] == UNDETERMINED:
            langs[position] = (edition.value, edition)
    for index, step in enumerate(steps):
        if step.kind is Kind.TRANSLATION and langs[index + 1][0] == UNDETERMINED:
            for translator in step.lists.get("translators", []):
                edition = _edition(translator)
                if edition is not None:
                    langs[index + 1] = (edition.value, edition)
                    break
    if langs[count][0] == UNDETERMINED and page_language:
        langs[count] = (page_language, "page_language")
    _settle_languages(steps, langs)

    ids = ["source", *(f"version-{n}" for n in range(1, count)), "subject"]
    extra_ids = [f"source-{n}" for n in range(2, len(extra) + 2)]
    order = [0, *(-n for n in range(1, len(extra) + 1)), *range(1, count + 1)]
    versions: list[_Version] = []
    for vindex, position in enumerate(order):
        vpath = f"$.versions[{vindex}]"
        publisher = pubs[position] if position >= 0 else extra[-position - 1]
        publisher_id = None
        if publisher is not None:
            publisher_id = out.agent(publisher, AgentType.ORGANIZATION, _edition(publisher))
            out.cite(f"{vpath}.publisher", publisher.start, publisher.end)
        elif position == count and page_publisher is not None:
            publisher_id = out.context_agent(page_publisher)
            out.evidence.append({"path": f"{vpath}.publisher", "context": "page_publisher"})
        tag, origin = langs[max(position, 0)]
        if isinstance(origin, _Value):
            out.cite(f"{vpath}.language", origin.start, origin.end)
        elif origin == "page_language":
            out.evidence.append({"path": f"{vpath}.language", "context": "page_language"})
        vid = ids[position] if position >= 0 else extra_ids[-position - 1]
        versions.append(_Version(id=vid, language=tag, publisher=publisher_id))

    derivations = [
        out.derivation(
            index, step, (ids[index], *(extra_ids if index == 0 else ())), ids[index + 1]
        )
        for index, step in enumerate(steps)
    ]
    record: dict[str, Any] = {"text": text, "patterns": matched, "evidence": out.evidence}
    if out.anonymous:
        record["unnamed_agents"] = out.anonymous
    return Lineage(
        subject="subject",
        versions=tuple(versions),
        derivations=tuple(derivations),
        agents=tuple(out.agents),
        extensions={"extract": record},
    )


def _unique(values: Sequence[_Value]) -> list[_Value]:
    seen: set[str] = set()
    found = []
    for value in values:
        if value.value.casefold() not in seen:
            seen.add(value.value.casefold())
            found.append(value)
    return found


def _settle_languages(steps: list[_Step], langs: list[tuple[str, Any]]) -> None:
    """Make the languages agree with the kinds: a translation changes the language, a
    republication keeps it. Where they disagree the target's language is dropped (``und``):
    the page's language is only a default, and two claims of the line that contradict each
    other are not turned into a third."""
    for index, step in enumerate(steps):
        how = languages.change(langs[index][0], langs[index + 1][0])
        if (step.kind is Kind.TRANSLATION and how is languages.Change.NONE) or (
            step.kind.keeps_text and how in _CROSSING
        ):
            langs[index + 1] = (UNDETERMINED, None)


_CROSSING = frozenset(
    {languages.Change.LANGUAGE, languages.Change.SCRIPT, languages.Change.SCRIPT_AND_REGION}
)


# -- the entry point -------------------------------------------------------------------------


def extract(
    text: str, *, page_language: str | None = None, page_publisher: str | None = None
) -> Lineage | None:
    """The lineage a credit line states, or ``None`` if it is not a credit line.

    ``page_language`` (a tag or a language name) and ``page_publisher`` describe the page the
    line sits on; they fill the subject's language and publisher when the line does not say.
    Languages the line does not name are ``und``. Every field records the span it came from
    in ``extensions["extract"]["evidence"]``. A lone UTF-16 surrogate (half a character, as
    when a string was cut inside an emoji) becomes U+FFFD, so the result can be written out.

    >>> line = ("This news is originally published by Shafaqna Persian "
    ...         "and translated by Shafaqna English")
    >>> lineage = extract(line, page_language="en")
    >>> lineage.languages(), [a.name for a in lineage.agents]
    (('fa', 'en'), ['Shafaqna Persian', 'Shafaqna English'])
    >>> extract("The book has been translated into 30 languages.") is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the credit line as a str, not {type(text).__name__}")
    text = _whole_characters(text)
    language = _page_language(page_language)
    publisher = " ".join(_whole_characters(page_publisher).split()) if page_publisher else None
    if not text.strip() or len(text) > MAX_CHARS:
        return None
    clean, where = _collapse(*_clean(text))
    found = list(_hits(clean, clean.casefold()))
    hits = _select(clean, found)
    if hits:
        steps = _chain(hits, clean)
        matched = list(dict.fromkeys(hit.pattern.id for hit in hits))
    else:
        # No phrasing matched: the cue words of many languages (issue 11), outside the
        # sentences a veto ruled out.
        read = _extract_cues.read(clean, _banned(clean, found))
        if read is None:
            return None
        steps, matched = read
    if not steps or (language is not None and _names_the_page_itself(steps, language)):
        return None
    return _build(text, where, steps, language, publisher or None, matched)


def _names_the_page_itself(steps: list[_Step], page_language: str) -> bool:
    """True when the line only says what the original's language is ("Original text in
    English", "La version anglaise fait foi") and the page is in that language: the page is
    the original, and nothing derives from it (issue 11)."""
    for step in steps:
        said = step.scalars.get("source_language")
        if not step.implied or step.kind is not Kind.TRANSLATION or said is None:
            return False
        if languages.change(said.value, page_language) is not languages.Change.NONE:
            return False
    return True


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (same length: spans still hold)."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _page_language(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    tag = languages.resolve(value)
    if tag is None:
        raise ParseError(
            [
                Problem(
                    ("page_language",),
                    f"{value!r} is neither a language tag nor a language name; "
                    "use a BCP 47 tag such as 'en' or 'fa'",
                )
            ]
        )
    return None if tag == UNDETERMINED else tag


def read_record(line: str) -> tuple[str, str | None, str | None]:
    """The text and context of one JSON Lines record; ValueError says what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg} at column {error.colno}") from None
    if isinstance(record, str):
        return record, None, None
    if not isinstance(record, dict):
        raise ValueError(
            f'expected an object like {{"text": "Translated by …"}}, got {type(record).__name__}'
        )
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" is missing or not a string')
    context: list[str | None] = []
    for key in ("page_language", "page_publisher"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{key}" must be a string or null, not {type(value).__name__}')
        context.append(value)
    return text, context[0], context[1]


from provenance import _extract_cues  # noqa: E402  (it builds on the helpers above)
