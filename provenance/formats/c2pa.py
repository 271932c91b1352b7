"""C2PA manifest definition: the subject's last step, as c2patool and c2pa-python's Builder take it.

A manifest describes one asset, the subject, and the step that made it. Its direct sources
become ingredients: the version it was translated, republished or edited from is the
``parentOf`` ingredient; quoted and reported sources are ``componentOf`` ingredients. The
``c2pa.actions.v2`` assertion then says what happened: ``c2pa.opened`` on the parent (or
``c2pa.created`` when there is none), ``c2pa.translated`` with ``sourceLanguage`` and
``targetLanguage``, ``softwareAgent`` and an IPTC ``digitalSourceType`` for machine work,
``c2pa.edited`` for post-editing, ``c2pa.published`` for the publication.

The definition is plain JSON; signing it into an asset is :mod:`provenance._c2pa_sign`'s job
(the ``news-provenance[c2pa]`` extra). Earlier hops cannot be structured actions here: a manifest
nests another only when the ingredient is a signed asset. They are summarized in each
ingredient's ``description``, and :class:`~provenance.LossWarning` says so.

>>> from provenance import examples
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     manifest = to_dict(examples.get("shafaqna"))
>>> [a["action"] for a in manifest["assertions"][0]["data"]["actions"]]
['c2pa.opened', 'c2pa.translated', 'c2pa.published']
"""

from __future__ import annotations

import json
import warnings
from collections import deque
from typing import Any

from provenance import languages
from provenance._arguments import expect_indent, expect_lineage
from provenance._rules import is_web_url
from provenance._version import __version__
from provenance.dates import IsoDate, Precision
from provenance.errors import LossWarning
from provenance.model import Agent, AgentType, Derivation, Kind, Lineage, Method, Role, Version

__all__ = [
    "ACTIONS_LABEL",
    "DIGITAL_SOURCE_TYPES",
    "MAX_SUMMARY_STEPS",
    "dumps",
    "losses",
    "to_dict",
]

ACTIONS_LABEL = "c2pa.actions.v2"
"""The label of the actions assertion written (C2PA 2.x)."""

_IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
DIGITAL_SOURCE_TYPES = {
    "machine": _IPTC + "trainedAlgorithmicMedia",
    "human_edits": _IPTC + "humanEdits",
    "human": _IPTC + "digitalCreation",
    "post_edited": _IPTC + "compositeWithTrainedAlgorithmicMedia",
}
"""IPTC digital source types: machine output, a person's edit of it, a person's own text, and
(for a ``c2pa.created`` text written from post-edited machine output) the mix of both."""

MAX_SUMMARY_STEPS = 12
"""How many earlier steps an ingredient's description spells out before it counts the rest."""

# Kinds whose sources are parts of the new text, not its parent (DESIGN §4).
_COMPONENT_KINDS = frozenset({Kind.QUOTATION, Kind.REPORTING})


def _when(date: IsoDate | None) -> str | None:
    """C2PA's ``when`` is an RFC 3339 date-time: only a time with a UTC offset qualifies."""
    if date is None or date.precision is not Precision.MINUTE or date.offset is None:
        return None
    return str(date)


class _Mapper:
    def __init__(self, lineage: Lineage) -> None:
        self.lineage = lineage
        self.lost: list[str] = []
        self.labels: dict[str, str] = {}
        self.used: set[str] = set()  # the labels' values, for a linear uniqueness check
        self.republished: list[str] = []  # words for the closing c2pa.published action

    def agent(self, agent_id: str) -> Agent | None:
        return self.lineage.agent(agent_id) if self.lineage.has_agent(agent_id) else None

    def version(self, version_id: str) -> Version | None:
        if self.lineage.has_version(version_id):
            return self.lineage.version(version_id)
        return None

    def language(self, version_id: str) -> str:
        version = self.version(version_id)
        # c2pa.translated must name both languages; "und" is BCP 47 for "not known".
        return version.language if version is not None and version.language else "und"

    def names(self, derivation: Derivation, *roles: Role) -> list[str]:
        found = []
        for credit in derivation.agents:
            agent = self.agent(credit.agent)
            if agent is not None and credit.role in roles and agent.type is not AgentType.SOFTWARE:
                found.append(agent.name)
        return list(dict.fromkeys(found))

    def software(self, derivation: Derivation) -> list[Agent]:
        found = []
        for credit in derivation.agents:
            agent = self.agent(credit.agent)
            if agent is not None and agent.type is AgentType.SOFTWARE:
                found.append(agent)
        return list({a.id: a for a in found}.values())

    # -- the manifest -------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        lineage = self.lineage
        subject = self.version(lineage.subject)
        derivations = lineage.derivations_of(lineage.subject)
        parent = next(
            (d.sources[0] for d in derivations if d.kind not in _COMPONENT_KINDS and d.sources),
            None,
        )
        ingredients = []
        for source in lineage.sources_of(lineage.subject):
            label = source if source and source not in self.used else None
            if label is None:
                label = f"ingredient-{len(self.labels)}"
                while label in self.used:  # a version may be called "ingredient-3" itself
                    label += "-"
            self.labels[source] = label
            self.used.add(label)
            relationship = "parentOf" if source == parent else "componentOf"
            ingredients.append(self.ingredient(source, relationship))
        actions: list[dict[str, Any]] = []
        if parent is not None:
            actions.append({"action": "c2pa.opened", "parameters": self.ids([parent])})
        else:
            actions.append(self.created(derivations))
        for derivation in derivations:
            actions.extend(self.step(derivation, parent, opened=parent is not None))
        if subject is not None:
            published = self.published(subject)
            if published is not None:
                actions.append(published)
        if subject is not None:
            self.disclose(actions, derivations)
        self.note_losses(subject)
        title = lineage.subject
        if subject is not None and subject.title:
            title = subject.title
        return {
            "claim_generator_info": [{"name": "provenance", "version": __version__}],
            "title": title,
            "format": "text/html" if subject is not None and subject.url else "text/plain",
            "ingredients": ingredients,
            "assertions": [{"label": ACTIONS_LABEL, "data": {"actions": actions}}],
        }

    def disclose(self, actions: list[dict[str, Any]], derivations: tuple[Derivation, ...]) -> None:
        """Mark the subject's actions as machine output when its words are a machine step's
        before it, carried by republication, excerpt, quotation, transcription or revision:
        the reader of the asset sees machine-translated text. A quotation holds machine text
        among its own words: a composite."""
        carried = self.lineage.machine_step()
        if carried is None or carried.target == self.lineage.subject:
            return  # people's words, or the subject's own step already says so
        whole = all(d.kind is not Kind.QUOTATION for d in derivations)
        mixed = carried.method is Method.POST_EDITED or not whole
        source_type = DIGITAL_SOURCE_TYPES["post_edited" if mixed else "machine"]
        marked = [a for a in actions if a["action"] != "c2pa.opened"]
        for action in marked:
            action["digitalSourceType"] = source_type
        if marked:
            tools = [a.name for a in self.software(carried)]
            made = "post-edited machine" if carried.method is Method.POST_EDITED else "machine"
            words = f"{made} {carried.kind.value} carried from {carried.target}"
            if tools:
                words += f" ({' and '.join(tools)})"
            last = marked[-1]
            last["description"] = "; ".join(filter(None, [last.get("description"), words]))

    def ids(self, sources: list[str] | tuple[str, ...]) -> dict[str, Any]:
        labels = [self.labels[s] for s in dict.fromkeys(sources) if s in self.labels]
        return {"ingredientIds": labels} if labels else {}

    def ingredient(self, version_id: str, relationship: str) -> dict[str, Any]:
        version = self.version(version_id)
        data: dict[str, Any] = {
            "title": version.title if version is not None and version.title else version_id,
            "format": "text/html" if version is not None and version.url else "text/plain",
            "relationship": relationship,
            "label": self.labels[version_id],
            "description": self.summary(version_id, version),
        }
        if version is not None and version.url:
            if is_web_url(version.url):
                data["informational_URI"] = version.url
            else:
                self.lost.append(f"url of version {version_id!r} (not an http or https URL)")
        return data

    def describe(self, version_id: str, version: Version | None = None) -> str:
        """``fa-article (Persian, Shafaqna Persian, 2021-06-10)``; ``version`` is the version
        with that id when the caller has it already (a fan-in describes thousands)."""
        if version is None:
            version = self.version(version_id)
        if version is None:
            return f"{version_id} (unknown version)"
        facts = [languages.display_name(version.language)]
        publisher = self.agent(version.publisher) if version.publisher else None
        if publisher is not None:
            facts.append(publisher.name)
        if version.medium:
            facts.append(version.medium)
        if version.published is not None:
            facts.append(str(version.published))
        return f"{version_id} ({', '.join([f for f in facts if f])})"

    def summary(self, version_id: str, version: Version | None) -> str:
        """The ingredient and the steps before it, nearest first, in words."""
        text = self.describe(version_id, version) + "."
        steps: list[str] = []
        seen = {version_id}
        queue = deque([version_id])
        while queue:
            current = queue.popleft()
            for derivation in self.lineage.derivations_of(current):
                sources = list(derivation.sources)
                step = f"{current}: {derivation.kind.value}"
                if derivation.method is not None:
                    step += f" ({derivation.method.value.replace('_', '-')})"
                people = self.names(derivation, Role.TRANSLATOR, Role.POST_EDITOR, Role.EDITOR)
                tools = [a.name for a in self.software(derivation)]
                if people or tools:
                    step += f" by {' and '.join(people + tools)}"
                step += " of " + " and ".join(self.describe(s) for s in sources)
                steps.append(step)
                for source in sources:
                    if source not in seen:
                        seen.add(source)
                        queue.append(source)
        if steps:
            shown = steps[:MAX_SUMMARY_STEPS]
            text += " Earlier: " + "; ".join(shown)
            if len(steps) > len(shown):
                text += f"; and {len(steps) - len(shown)} earlier steps"
            text += "."
            self.lost.append(
                f"the steps before ingredient {version_id} (written only as text in its "
                "description: a manifest definition cannot nest another manifest)"
            )
        return text

    def created(self, derivations: tuple[Derivation, ...]) -> dict[str, Any]:
        methods = {d.method for d in derivations}
        if Method.POST_EDITED in methods:
            source_type = DIGITAL_SOURCE_TYPES["post_edited"]
        elif Method.MACHINE in methods:
            source_type = DIGITAL_SOURCE_TYPES["machine"]
        else:
            source_type = DIGITAL_SOURCE_TYPES["human"]
        action: dict[str, Any] = {"action": "c2pa.created", "digitalSourceType": source_type}
        components = [s for d in derivations for s in d.sources]
        if components:
            action["parameters"] = self.ids(components)
        words = [d.kind.value for d in derivations if d.kind in _COMPONENT_KINDS]
        if words:
            action["description"] = "written as " + " and ".join(dict.fromkeys(words))
        return action

    def step(
        self, derivation: Derivation, parent: str | None, opened: bool
    ) -> list[dict[str, Any]]:
        """The actions for one derivation of the subject."""
        kind, method = derivation.kind, derivation.method
        sources = list(derivation.sources)
        actions: list[dict[str, Any]] = []
        first = parent if parent in sources else (sources[0] if sources else None)
        target = self.lineage.subject
        source_language = self.language(first) if first is not None else "und"
        target_language = self.language(target)
        details: list[str] = []
        if derivation.date is not None and _when(derivation.date) is None:
            details.append(f"on {derivation.date}")
        if derivation.note:
            details.append(derivation.note)

        machine = method in (Method.MACHINE, Method.POST_EDITED)
        translating = kind.is_translation_like or self.lineage.is_translation_hop(derivation)
        if translating:
            action: dict[str, Any] = {"action": "c2pa.translated"}
            people = self.names(derivation, Role.TRANSLATOR)
            words = [] if kind is Kind.TRANSLATION else [kind.value]
            if people:
                words.append(f"translated by {' and '.join(people)}")
            self.decorate(action, derivation, words + details, machine)
            action["parameters"] = {
                **self.ids(sources),
                "sourceLanguage": source_language,
                "targetLanguage": target_language,
            }
            actions.append(action)
            details = []
        if method is Method.POST_EDITED:
            editors = self.names(derivation, Role.POST_EDITOR)
            edit: dict[str, Any] = {
                "action": "c2pa.edited",
                "digitalSourceType": DIGITAL_SOURCE_TYPES["human_edits"],
                "description": "post-edited" + (f" by {' and '.join(editors)}" if editors else ""),
            }
            actions.append(edit)
        if translating and kind not in (Kind.ADAPTATION, Kind.SUMMARY):
            return actions

        if kind is Kind.REPUBLICATION:
            source = self.version(first) if first is not None else None
            subject = self.version(target)
            if (
                source is not None
                and subject is not None
                and source.medium
                and subject.medium
                and source.medium != subject.medium
            ):
                action = {"action": "c2pa.repackaged", "parameters": self.ids(sources)}
                self.decorate(action, derivation, [f"{source.medium} to {subject.medium}"], False)
                actions.append(action)
            else:
                self.republished.extend(["republication", *details])
            return actions
        if kind in _COMPONENT_KINDS and not opened:
            return actions  # c2pa.created already names the components
        name = {
            Kind.QUOTATION: "c2pa.placed",
            Kind.TRANSCRIPTION: "c2pa.converted",
        }.get(kind, "c2pa.edited")
        action = {"action": name}
        people = self.names(derivation, Role.EDITOR, Role.TRANSLATOR)
        words = [kind.value] + ([f"by {' and '.join(people)}"] if people else [])
        self.decorate(action, derivation, words + details, machine and not translating)
        if name == "c2pa.edited" and "digitalSourceType" not in action:
            action["digitalSourceType"] = DIGITAL_SOURCE_TYPES["human_edits"]
        ids = self.ids(sources)
        if ids:
            action["parameters"] = ids
        actions.append(action)
        return actions

    def decorate(
        self, action: dict[str, Any], derivation: Derivation, words: list[str], machine: bool
    ) -> None:
        """Add ``when``, ``softwareAgent``, ``digitalSourceType`` and ``description``."""
        when = _when(derivation.date)
        if when is not None:
            action["when"] = when
        tools = self.software(derivation)
        if tools:
            first = tools[0]
            agent: dict[str, Any] = {"name": first.name}
            if first.version:
                agent["version"] = first.version
            action["softwareAgent"] = agent
            if len(tools) > 1:
                extra = ", ".join(t.name for t in tools[1:])
                self.lost.append(f"software agents beyond the first on one action ({extra})")
        if machine:
            action["digitalSourceType"] = DIGITAL_SOURCE_TYPES["machine"]
        if words:
            action["description"] = "; ".join(words)

    def published(self, subject: Version) -> dict[str, Any] | None:
        publisher = self.agent(subject.publisher) if subject.publisher else None
        if publisher is None and subject.published is None and not self.republished:
            return None
        action: dict[str, Any] = {"action": "c2pa.published"}
        when = _when(subject.published)
        if when is not None:
            action["when"] = when
        words = "published"
        if publisher is not None:
            words += f" by {publisher.name}"
        if subject.published is not None and when is None:
            words += f" on {subject.published}"
        action["description"] = "; ".join([words, *self.republished])
        return action

    def note_losses(self, subject: Version | None) -> None:
        lineage = self.lineage
        connected = {lineage.subject, *lineage.ancestors()}
        unrelated = [v.id for v in lineage.versions if v.id not in connected]
        if unrelated:
            self.lost.append(
                "versions the subject does not derive from (" + ", ".join(unrelated) + ")"
            )
        if subject is not None:
            if subject.authors:
                self.lost.append(
                    "the subject's authors (C2PA names people only in signed identity assertions)"
                )
            if subject.digest:
                self.lost.append(
                    "the subject's text digest (the signature binds the asset's bytes instead)"
                )
            if subject.published_as is not None:
                self.lost.append("the subject's published_as (the date as printed)")
            if subject.medium:
                self.lost.append(f"the subject's medium ({subject.medium})")
        if lineage.extensions:
            self.lost.append("extensions (" + ", ".join(sorted(lineage.extensions)) + ")")


def _map(lineage: Lineage) -> tuple[dict[str, Any], tuple[str, ...]]:
    expect_lineage(lineage, "c2pa dumps")
    mapper = _Mapper(lineage)
    manifest = mapper.manifest()
    return manifest, tuple(dict.fromkeys(mapper.lost))


def to_dict(lineage: Lineage) -> dict[str, Any]:
    """The manifest definition for the subject, as JSON data.

    Warns :class:`~provenance.LossWarning` naming what a manifest definition cannot hold.

    >>> from provenance import examples
    >>> actions = to_dict(examples.get("post-edited"))["assertions"][0]["data"]["actions"]
    >>> [a["action"] for a in actions], actions[1]["softwareAgent"]["name"]
    (['c2pa.opened', 'c2pa.translated', 'c2pa.edited', 'c2pa.published'], 'Google Translate')
    """
    manifest, lost = _map(lineage)
    _warn(lost)
    return manifest


def losses(lineage: Lineage) -> tuple[str, ...]:
    """What the manifest definition drops, one phrase each.

    >>> from provenance import examples
    >>> losses(examples.get("machine"))
    ()
    """
    return _map(lineage)[1]


def _warn(lost: tuple[str, ...]) -> None:
    if lost:
        warnings.warn(LossWarning("c2pa drops " + "; ".join(lost)), stacklevel=3)


def dumps(lineage: Lineage, *, indent: int | None = None) -> str:
    """The manifest definition as JSON text, compact unless ``indent`` is given.

    >>> from provenance import examples
    >>> json.loads(dumps(examples.get("machine")))["claim_generator_info"][0]["name"]
    'provenance'
    """
    expect_indent(indent, "c2pa dumps")
    manifest, lost = _map(lineage)
    _warn(lost)
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(manifest, ensure_ascii=False, indent=indent, separators=separators)
