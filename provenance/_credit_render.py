"""The engine behind :func:`provenance.credits.render`: walk the lineage, fill the templates.

Every word of a credit line lives in ``provenance/data/credit_templates/<locale>.json``; this
module only decides *which* template applies and *what* goes into it, the same way in every
language. Template syntax:

- ``{name}`` a placeholder; ``{name@form}`` the same with a language form of the locale
  (French ``{source@from}`` gives ``du persan`` or ``de l'anglais``);
- ``[ … ]`` an optional part, dropped unless every placeholder in it is known;
- a list of templates: the first whose required placeholders are all known;
- ``{"count": "translators", "zero": …, "one": …, "many": …}``: chosen by a list's length
  (``zero`` falls back to ``many``), for verbs that agree with their subject.

What is walked: the main line of the lineage (:meth:`~provenance.Lineage.chain`), cut at each
``reporting`` or ``quotation`` step, which starts a new text *based on* its sources. The last
piece is the text the reader has ("Originally published in Persian by … Translated into English
by …"); the cuts and the pieces before them become source sentences ("Based on statements by
…"). Unknown facts leave their part of a sentence out; nothing is guessed.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from provenance import languages
from provenance._text_safety import one_line
from provenance.errors import UnknownLocaleError
from provenance.model import Derivation, Kind, Lineage, Method, Role, Version

__all__ = ["Rules", "UnknownLocaleError", "known_locales", "render", "rules_for"]

_BASIS = frozenset({Kind.REPORTING, Kind.QUOTATION})
_MACHINE = frozenset({Method.MACHINE, Method.POST_EDITED})
_UNDETERMINED = frozenset({"und", "mul", "zxx", "mis"})
_TOKEN = re.compile(r"(\[|\]|\{[a-z_]+(?:@[a-z_]+)?\})")

# A placeholder's value: a list of names or language names (possibly empty: unknown).
Values = Mapping[str, Sequence[str]]


@attrs.frozen
class Rules:
    """One locale's rendering rules, as loaded from its JSON file."""

    locale: str
    data: Mapping[str, Any]

    def template(self, section: str, key: str) -> Any:
        return self.data[section][key]


def _templates() -> Traversable:
    return resources.files("provenance").joinpath("data", "credit_templates")


@functools.cache
def known_locales() -> tuple[str, ...]:
    """The locales that have a template file, sorted."""
    return tuple(
        sorted(
            entry.name.removesuffix(".json")
            for entry in _templates().iterdir()
            if entry.name.endswith(".json")
        )
    )


@functools.cache
def rules_for(locale: str) -> Rules:
    """The rules for ``locale``: its own file, else its language's (``fr-CA`` → ``fr``)."""
    known = known_locales()
    name = locale if locale in known else None
    if name is None:
        canon = languages.canonical(locale)
        if canon is not None and canon.split("-")[0] in known:
            name = canon.split("-")[0]
    if name is None:
        raise UnknownLocaleError(locale, known)
    text = _templates().joinpath(f"{name}.json").read_text(encoding="utf-8")
    return Rules(name, json.loads(text))


# -- text -------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """One line of text: control characters and every run of whitespace (line and paragraph
    separators too) become one space; lone surrogates become U+FFFD; bidi controls and other
    invisible format characters (but ZWNJ and ZWJ) are dropped, so a name cannot reorder the
    line it is printed in."""
    if not text.isprintable():
        text = "".join("\ufffd" if unicodedata.category(c) == "Cs" else c for c in text)
    return one_line(text, control=" ")


def _join(rules: Rules, items: Sequence[str]) -> str:
    patterns = rules.data["list"]
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return str(patterns["two"]).format(*items)
    text = str(patterns["end"]).format(items[-2], items[-1])
    for item in reversed(items[1:-2]):
        text = str(patterns["middle"]).format(item, text)
    return str(patterns["start"]).format(items[0], text)


def _form(rules: Rules, form: str, name: str) -> str:
    forms = rules.data["language_forms"][form]
    elision = rules.data["elision"]
    elided = (
        elision is not None
        and re.match(elision["pattern"], name) is not None
        and not any(name.lower().startswith(word) for word in elision["exceptions"])
    )
    return str(forms["elided" if elided else "plain"]).replace("{name}", name)


def _fill(rules: Rules, template: str, values: Values) -> str | None:
    """The template filled in, or None when a required placeholder is unknown."""
    out: list[str] = []
    group: list[str] | None = None
    group_ok = True
    for token in _TOKEN.split(template):
        if token == "[":
            group, group_ok = [], True
            continue
        if token == "]":
            if group is not None and group_ok:
                out.extend(group)
            group = None
            continue
        if token.startswith("{") and token.endswith("}"):
            name, _, form = token[1:-1].partition("@")
            items = values.get(name, ())
            if not items:
                if group is None:
                    return None
                group_ok = False
                continue
            if form:
                items = [_form(rules, form, item) for item in items]
            token = _join(rules, items)
        (out if group is None else group).append(token)
    return "".join(out)


def _choose(rules: Rules, spec: Any, values: Values) -> str | None:
    if isinstance(spec, dict):
        count = len(values.get(spec["count"], ()))
        key = "one" if count == 1 else "zero" if count == 0 and "zero" in spec else "many"
        return _choose(rules, spec[key], values)
    for template in [spec] if isinstance(spec, str) else spec:
        filled = _fill(rules, template, values)
        if filled is not None:
            return filled
    return None


# -- the walk ---------------------------------------------------------------------------------


def _tag(version: Version) -> str | None:
    """The canonical tag of a version's language, or None when it says nothing."""
    canon = languages.canonical(version.language)
    if canon is None or canon.split("-")[0] in _UNDETERMINED:
        return None
    return canon


class _Walk:
    def __init__(self, lineage: Lineage, rules: Rules) -> None:
        self.lineage = lineage
        self.rules = rules
        self.display = rules.data["language_names"]["display_locale"]

    def language(self, tag: str | None) -> list[str]:
        return [plain(languages.display_name(tag, self.display))] if tag else []

    def agent_names(self, ids: Sequence[str]) -> list[str]:
        names: dict[str, None] = {}
        for agent_id in ids:
            if self.lineage.has_agent(agent_id):
                name = plain(self.lineage.agent(agent_id).name)
                if name:
                    names[name] = None
        return list(names)

    def publisher(self, version: Version) -> list[str]:
        return self.agent_names([version.publisher] if version.publisher else [])

    def segment(self, versions: Sequence[Version], steps: Sequence[Derivation | None]) -> list[str]:
        """Sentences for one stretch of text: where it was first published, then each step."""
        if len(versions) < 2:
            return []
        origin, last = versions[0], versions[-1]
        origin_tag, last_tag = _tag(origin), _tag(last)
        # The original's language, unless the reader's text is in it too. Then a translation
        # back into it says "from X" itself; a summary or adaptation ("Adapted into Persian")
        # does not, so the opening says it.
        first = steps[0] if steps else None
        mention = origin_tag is not None and (
            not (last_tag is not None and languages.same_language(origin_tag, last_tag))
            or (
                first is not None
                and not first.kind.is_translation_like
                and any(
                    t is not None and not languages.same_language(origin_tag, t)
                    for t in map(_tag, versions[1:])
                )
            )
        )
        values: dict[str, list[str]] = {"publisher": self.publisher(origin)}
        if mention:
            values["language"] = self.language(origin_tag)
        key = "other_language" if mention else "same_language"
        opening = _choose(self.rules, self.rules.template("origin", key), values)
        spoken = origin_tag if mention and opening is not None else None
        clauses: list[str] = []
        previous: Kind | None = None  # the kind of the step the last clause tells
        for source, target, step in zip(versions, versions[1:], steps, strict=False):
            if step is None:
                previous = None
                continue
            values, spoken_after = self.values(step, source, target, origin, spoken)
            joined = self.clause("continued", step, values) if previous is step.kind else None
            if joined is not None:
                clauses[-1] += self.rules.data["sentence"]["continue_join"] + joined
            else:
                clause = self.clause("steps", step, values)
                if clause is None:
                    previous = None
                    continue
                clauses.append(clause)
            previous = step.kind
            if values.get("target"):
                spoken = spoken_after
        link = self.rules.data["sentence"]["link_origin_and_first_step"]
        if opening is not None and clauses and link:
            return [opening + link + clauses[0], *clauses[1:]]
        return [opening, *clauses] if opening is not None else clauses

    def values(
        self,
        step: Derivation,
        source: Version,
        target: Version,
        origin: Version,
        spoken: str | None,
    ) -> tuple[dict[str, list[str]], str | None]:
        """What a step's templates may say, and the language named last if they say it."""
        source_tag, target_tag = _tag(source), _tag(target)
        values: dict[str, list[str]] = {
            "translators": self.agent_names(step.agents_with(Role.TRANSLATOR)),
            "tools": self.agent_names(step.agents_with(Role.TOOL)),
            "post_editors": self.agent_names(step.agents_with(Role.POST_EDITOR)),
            "editors": self.agent_names(step.agents_with(Role.EDITOR)),
        }
        if source_tag != spoken:  # "from Persian" only when Persian was not just named
            values["source"] = self.language(source_tag)
        if step.kind.is_translation_like or source_tag != target_tag:
            values["target"] = self.language(target_tag)
        if target.id != self.lineage.subject:  # the reader sees the subject's publisher
            values["publisher"] = self.publisher(target)
        if source.id != origin.id:  # the origin's publisher has been named already
            values["source_publisher"] = self.publisher(source)
        return values, target_tag

    def clause(self, section: str, step: Derivation, values: Values) -> str | None:
        """The step told with the templates of ``section`` (``steps`` or ``continued``)."""
        templates = self.rules.data[section]
        keys = [step.kind.value]
        if step.method is not None:
            keys.insert(0, f"{step.kind.value}.{step.method.value}")
            if step.kind.is_translation_like and step.method in _MACHINE:
                keys.pop()  # never tell machine work in the words for people's work
        spec = next((templates[k] for k in keys if k in templates), None)
        return None if spec is None else _choose(self.rules, spec, values)

    def basis(self, step: Derivation, target: Version) -> str | None:
        sources = [
            self.lineage.version(s)
            for s in dict.fromkeys(step.sources)
            if self.lineage.has_version(s)
        ]
        publishers = self.agent_names([s.publisher for s in sources if s.publisher])
        tags = [t for t in dict.fromkeys(_tag(s) for s in sources) if t is not None]
        values: dict[str, list[str]] = {
            "sources": list(dict.fromkeys(step.sources)),
            "source_publishers": publishers,
        }
        if any(t != _tag(target) for t in tags):
            values["source_languages"] = [name for t in tags for name in self.language(t)]
        return _choose(self.rules, self.rules.template("basis", step.kind.value), values)

    def sentences(self) -> list[str]:
        chain = self.lineage.chain()
        steps: list[Derivation | None] = [
            next((d for d in self.lineage.derivations_of(cur.id) if prev.id in d.sources), None)
            for prev, cur in itertools.pairwise(chain)
        ]
        cuts = [i for i, step in enumerate(steps) if step is not None and step.kind in _BASIS]
        start = cuts[-1] + 1 if cuts else 0
        groups: dict[str, list[str]] = {
            "text": self.segment(chain[start:], steps[start:]),
            "sources": [],
        }
        for index, cut in reversed(list(enumerate(cuts))):
            basis = steps[cut]
            assert basis is not None  # cuts are indexes of known steps
            sentence = self.basis(basis, chain[cut + 1])
            if sentence is not None:
                groups["sources"].append(sentence)
            first = cuts[index - 1] + 1 if index else 0
            groups["sources"].extend(self.segment(chain[first : cut + 1], steps[first:cut]))
        return [s for group in self.rules.data["order"] for s in groups[group]]


def render(lineage: Lineage, rules: Rules) -> str:
    """The credit line for ``lineage`` under ``rules``; empty for an original text."""
    sentence = rules.data["sentence"]
    end = str(sentence["end"])
    return str(sentence["join"]).join(
        text if text.endswith(end) else text + end for text in _Walk(lineage, rules).sentences()
    )
