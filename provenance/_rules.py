"""The rules of the catalog, run over one lineage by a :class:`Checker`.

Private machinery of :mod:`provenance.validate`, which holds the public entry points. One
``_rule_*`` method per group of codes reports into a list; :meth:`Checker._quiet` answers for
clean lineages in one pass first (docs: "Validation answers for clean lineages in one pass").
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Collection, Iterator, Mapping
from urllib.parse import urlsplit

from provenance import dates, languages
from provenance.dates import IsoDate
from provenance.digest import digest, is_digest
from provenance.findings import RULES, Finding, Severity
from provenance.languages import Change
from provenance.model import (
    Agent,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    Role,
    Version,
)

__all__ = ["Checker", "is_web_url"]

Path = tuple[str | int, ...]
_ID = operator.attrgetter("id")


class Checker:
    """One pass over a lineage; each ``_rule_*`` method reports into ``found``."""

    def __init__(self, lineage: Lineage, texts: Mapping[str, str], today: dt.date) -> None:
        self.lineage = lineage
        self.texts = texts
        self.today = today
        self.far_future = _far_future(today)
        self.found: list[Finding] = []
        self.cyclic: set[int] = set()  # indexes of the derivations in a cycle (PV103)
        self.version_index = _first_places(list(map(_ID, lineage.versions)))
        self.agent_index = _first_places(list(map(_ID, lineage.agents)))
        # Languages are looked up once per version; invalid tags are None and skipped below.
        self.tags = list(map(languages.canonical, [v.language for v in lineage.versions]))

    def report(self, code: str, message: str, path: Path, fix: str | None = None) -> None:
        self.found.append(Finding(code, RULES[code].severity, message, path, fix))

    def run(self) -> list[Finding]:
        if not self.texts and self._quiet():
            return self.found  # nothing to report, as the rules would find
        return self.run_rules()

    def run_rules(self) -> list[Finding]:
        """Every rule, in catalog order."""
        self._rule_ids()
        self._rule_references()
        self._rule_cycles()
        self._rule_connected()
        self._rule_language_tags()
        self._rule_derivation_languages()
        self._rule_dates()
        self._rule_agents()
        self._rule_digests()
        self._rule_urls()
        return self.found

    def run_severe(self) -> list[Finding]:
        """The errors and warnings of :meth:`run`, without its infos (what a badge counts).

        The one-pass check lets relay translations through here (PV207, the only info), so
        a lineage whose only findings are infos needs no rules either.
        """
        if not self.texts and self._quiet(infos=False):
            return self.found
        return [f for f in self.run_rules() if f.severity is not Severity.INFO]

    def _quiet(self, *, infos: bool = True) -> bool:
        """Whether the rules certainly find nothing, by one cheap pass over the lineage.

        Most lineages in a pipeline are clean, and running ten rules to learn so costs more
        than loading them. Each test below is a sufficient condition for one rule to stay
        silent; on any doubt the answer is False and every rule runs, so this never changes
        what is reported (a property test holds it to the rules).
        """
        lineage = self.lineage
        versions, agents = lineage.versions, lineage.agents
        places, agent_places, tags = self.version_index, self.agent_index, self.tags
        if (
            len(places) != len(versions)  # PV101
            or len(agent_places) != len(agents)
            or not places.keys().isdisjoint(agent_places)
            or lineage.subject not in places  # PV104
        ):
            return False
        year = self.today.year
        for version, tag in zip(versions, tags, strict=True):
            published = version.published
            if (
                tag != version.language  # PV201, PV202
                or (version.publisher is not None and version.publisher not in agent_places)
                or (version.authors and not all(map(agent_places.__contains__, version.authors)))
                or (version.url is not None and not _is_web_url(version.url))  # PV503
                or (version.digest is not None and not is_digest(version.digest))  # PV501
                or (published is not None and not _plausible(published, year))  # PV302, PV303
            ):
                return False
        for agent in agents:
            if (
                agent.language is not None and languages.canonical(agent.language) != agent.language
            ) or (agent.url is not None and not _is_web_url(agent.url)):
                return False
        return self._derivations_quiet(year, infos)

    def _derivations_quiet(self, year: int, infos: bool = True) -> bool:
        """The derivation half of :meth:`_quiet`; ``infos=False`` lets PV207 (an info) pass."""
        versions, places, tags = self.lineage.versions, self.version_index, self.tags
        translated = self._translated() if infos else set()
        sources_seen: set[str] = set()
        for derivation in self.lineage.derivations:
            target_place = places.get(derivation.target)
            sources = derivation.sources
            if target_place is None or not sources:  # PV102, PV106
                return False
            kind, target_tag = derivation.kind, tags[target_place]
            date = derivation.date
            if date is not None and not _plausible(date, year):
                return False
            target_date = versions[target_place].published or date
            for source in sources:
                place = places.get(source)
                if (
                    place is None  # PV102
                    or place >= target_place  # not in document order: maybe a cycle (PV103)
                    or _language_problem(kind, tags[place], target_tag) is not None
                    or (kind is Kind.TRANSLATION and source in translated)  # PV207
                ):
                    return False
                source_date = versions[place].published
                if (
                    target_date is not None
                    and source_date is not None
                    and dates.is_before(target_date, source_date)  # PV301
                ):
                    return False
            sources_seen.update(sources)
            if derivation.agents:
                agent_places, agents = self.agent_index, self.lineage.agents
                for credit in derivation.agents:
                    place = agent_places.get(credit.agent)
                    if place is None or (  # PV102, PV403
                        _role_problem(agents[place].type, credit.role, derivation.method)
                        is not None
                    ):
                        return False
            if derivation.method is not None and self._missing_credits(derivation):
                return False  # PV401, PV402, PV404
        # PV105: in document order every source leads on to a later version, so when every
        # version but the subject is a source, every path forward ends at the subject.
        sources_seen.add(self.lineage.subject)
        return len(sources_seen) == len(versions)

    # -- PV101, PV102, PV104: identity and references -------------------------------------------

    def _rule_ids(self) -> None:
        if (
            len(self.version_index) == len(self.lineage.versions)
            and len(self.agent_index) == len(self.lineage.agents)
            and self.version_index.keys().isdisjoint(self.agent_index)
        ):
            return  # every id once: the indexes already tell
        first: dict[str, Path] = {}
        groups: tuple[tuple[str, tuple[Agent | Version, ...]], ...] = (
            ("agents", self.lineage.agents),
            ("versions", self.lineage.versions),
        )
        for kind, items in groups:
            for index, item in enumerate(items):
                path: Path = (kind, index, "id")
                if item.id in first:
                    self.report(
                        "PV101",
                        f"id {item.id!r} is already used at {_at(first[item.id])}",
                        path,
                        "give each agent and version its own id",
                    )
                else:
                    first[item.id] = path

    def _rule_references(self) -> None:
        lineage = self.lineage
        subject = lineage.subject
        if not subject:
            self.report(
                "PV104",
                "the subject is empty",
                ("subject",),
                "name the id of the version this document is about",
            )
        elif subject not in self.version_index:
            self.report(
                "PV104",
                f"the subject {subject!r} is not a version id",
                ("subject",),
                _suggest(subject, self.version_index),
            )
        # Membership first, paths only for the (rare) broken reference.
        agents, versions = self.agent_index, self.version_index
        for index, version in enumerate(lineage.versions):
            if version.publisher is not None and version.publisher not in agents:
                self._agent_ref(version.publisher, ("versions", index, "publisher"))
            if version.authors:
                for position, author in enumerate(version.authors):
                    if author not in agents:
                        self._agent_ref(author, ("versions", index, "authors", position))
        for index, derivation in enumerate(lineage.derivations):
            sources = derivation.sources
            if not sources:
                self.report(
                    "PV106",
                    f"the derivation of {derivation.target!r} names no source",
                    ("derivations", index, "sources"),
                    "name the version it came from, or remove the derivation",
                )
            if derivation.target not in versions:
                self._version_ref(derivation.target, ("derivations", index, "target"))
            if not all(map(versions.__contains__, sources)):
                for position, source in enumerate(sources):
                    if source not in versions:
                        self._version_ref(source, ("derivations", index, "sources", position))
            if derivation.agents:
                for position, credit in enumerate(derivation.agents):
                    if credit.agent not in agents:
                        path: Path = ("derivations", index, "agents", position, "agent")
                        self._agent_ref(credit.agent, path)

    def _version_ref(self, ref: str, path: Path) -> None:
        if ref not in self.version_index:
            extra = " (it is an agent id)" if ref in self.agent_index else ""
            self.report(
                "PV102", f"unknown version {ref!r}{extra}", path, _suggest(ref, self.version_index)
            )

    def _agent_ref(self, ref: str, path: Path) -> None:
        if ref not in self.agent_index:
            extra = " (it is a version id)" if ref in self.version_index else ""
            self.report(
                "PV102",
                f"unknown agent {ref!r}{extra}",
                path,
                _suggest(ref, self.agent_index) or "add the agent to $.agents",
            )

    # -- PV103, PV105: graph shape ---------------------------------------------------------------

    def _rule_cycles(self) -> None:
        # Edges run from a target to its sources. Iterative depth-first search; each frame
        # remembers the derivation that led to it, so a cycle can be named in full and
        # reported once, at its last derivation in document order (usually the one added last).
        if self._in_document_order():
            return
        edges: dict[str, list[tuple[str, int]]] = {}
        for index, derivation in enumerate(self.lineage.derivations):
            for source in derivation.sources:
                edges.setdefault(derivation.target, []).append((source, index))
        state: dict[str, int] = {}  # 1 = on the stack, 2 = done
        reported: set[frozenset[int]] = set()
        for root in edges:
            if root in state:
                continue
            state[root] = 1
            stack: list[tuple[str, int, Iterator[tuple[str, int]]]] = [
                (root, -1, iter(edges[root]))
            ]
            while stack:
                node, _, children = stack[-1]
                advanced = False
                for child, index in children:
                    mark = state.get(child)
                    if mark == 1:
                        self._cycle(stack, child, index, reported)
                    elif mark is None:
                        state[child] = 1
                        stack.append((child, index, iter(edges.get(child, ()))))
                        advanced = True
                        break
                if not advanced:
                    state[node] = 2
                    stack.pop()

    def _in_document_order(self) -> bool:
        """Whether every source is a known version listed before its target: then edges only
        point back up the document, and no cycle can exist. Most documents are written so."""
        index = self.version_index
        for derivation in self.lineage.derivations:
            target = index.get(derivation.target)
            if target is None:
                return False
            for source in derivation.sources:
                position = index.get(source)
                if position is None or position >= target:
                    return False
        return True

    def _cycle(
        self,
        stack: list[tuple[str, int, Iterator[tuple[str, int]]]],
        start: str,
        closing: int,
        reported: set[frozenset[int]],
    ) -> None:
        position = next(i for i, frame in enumerate(stack) if frame[0] == start)
        members = [frame[1] for frame in stack[position + 1 :]] + [closing]
        key = frozenset(members)
        if key in reported:
            return
        reported.add(key)
        self.cyclic.update(members)
        names = [frame[0] for frame in stack[position:]] + [start]
        shown = " → ".join(repr(n) for n in names[:8]) + (" → …" if len(names) > 8 else "")
        self.report(
            "PV103",
            f"derivation cycle: {shown} (each derives from the next)",
            ("derivations", max(members)),
            "remove the derivation that points back down the chain",
        )

    def _rule_connected(self) -> None:
        subject = self.lineage.subject
        if subject not in self.version_index:
            return
        neighbours: dict[str, list[str]] = {}
        for derivation in self.lineage.derivations:
            for source in derivation.sources:
                neighbours.setdefault(derivation.target, []).append(source)
                neighbours.setdefault(source, []).append(derivation.target)
        seen = {subject}
        stack = [subject]
        while stack:
            for other in neighbours.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        if self.version_index.keys() <= seen:
            return
        for index, version in enumerate(self.lineage.versions):
            if version.id not in seen and self.version_index[version.id] == index:
                self.report(
                    "PV105",
                    f"version {version.id!r} is not connected to the subject {subject!r}",
                    ("versions", index),
                    "add the derivation that links it, or remove it",
                )

    # -- PV201-PV207: languages ------------------------------------------------------------------

    def _rule_language_tags(self) -> None:
        for index, version in enumerate(self.lineage.versions):
            if self.tags[index] != version.language:  # invalid (None) or not canonical
                self._tag(version.language, self.tags[index], ("versions", index, "language"))
        for index, agent in enumerate(self.lineage.agents):
            if agent.language is not None:
                self._tag(
                    agent.language,
                    languages.canonical(agent.language),
                    ("agents", index, "language"),
                )

    def _tag(self, tag: str, canon: str | None, path: Path) -> None:
        if canon is None:
            guess = languages.from_name(tag) if tag else None
            fix = f"use {guess!r}" if guess else "use a BCP 47 tag such as 'fa' or 'en-GB'"
            self.report("PV201", f"{tag!r} is not a valid BCP 47 language tag", path, fix)
        elif canon != tag:
            self.report("PV202", f"{tag!r} is not in canonical form", path, f"use {canon!r}")

    def _language(self, version_id: str) -> str | None:
        index = self.version_index.get(version_id)
        return None if index is None else self.tags[index]

    def _translated(self) -> set[str]:
        """The ids of versions made by translation (for the relay rule, PV207)."""
        return {d.target for d in self.lineage.derivations if d.kind is Kind.TRANSLATION}

    def _rule_derivation_languages(self) -> None:
        # A cycle is reported as one (PV103): its translations are not relays of each other.
        translated = {
            d.target
            for i, d in enumerate(self.lineage.derivations)
            if d.kind is Kind.TRANSLATION and i not in self.cyclic
        }
        for index, derivation in enumerate(self.lineage.derivations):
            target = self._language(derivation.target)
            if target is None:
                continue
            kind = derivation.kind
            relay = kind is Kind.TRANSLATION and index not in self.cyclic
            for position, source_id in enumerate(derivation.sources):
                source = self._language(source_id)
                if source is None:
                    continue
                code = _language_problem(kind, source, target)
                if code is not None:
                    self._language_finding(code, index, source_id, source, target)
                if relay and source_id in translated:
                    self.report(
                        "PV207",
                        f"{derivation.target!r} is translated from {source_id!r}, itself a "
                        "translation (relay translation)",
                        ("derivations", index, "sources", position),
                    )

    def _language_finding(
        self, code: str, index: int, source_id: str, source: str, target: str
    ) -> None:
        derivation = self.lineage.derivations[index]
        path: Path = ("derivations", index, "kind")
        if code == "PV203":
            message = (
                f"translation from {source_id!r} to {derivation.target!r} keeps the "
                f"language ({source} → {target})"
            )
            fix = "use kind 'revision' or 'republication', or correct a language tag"
        elif code == "PV205":
            how = languages.change(source, target)
            what = "the script" if how is Change.SCRIPT else "the script and region"
            message = f"{source} → {target} changes only {what}, not the language"
            fix = "use kind 'transliteration'"
        elif code == "PV206":
            message = f"{source} → {target} changes only the region"
            fix = "use kind 'localization'"
        else:  # PV204
            kind = derivation.kind
            message = f"{_a(kind)} keeps the text, but the language changes ({source} → {target})"
            fix = "use kind 'translation' (or 'transliteration'), or correct a language tag"
        self.report(code, message, path, fix)

    # -- PV301-PV303: dates ----------------------------------------------------------------------

    def _rule_dates(self) -> None:
        lineage = self.lineage
        for index, version in enumerate(lineage.versions):
            if version.published is not None:
                self._date(version.published, ("versions", index, "published"))
        for index, derivation in enumerate(lineage.derivations):
            if derivation.date is not None:
                self._date(derivation.date, ("derivations", index, "date"))
            target_index = self.version_index.get(derivation.target)
            if target_index is None:
                continue
            target = lineage.versions[target_index].published
            target_path: Path = ("versions", target_index, "published")
            if target is None:
                target, target_path = derivation.date, ("derivations", index, "date")
            if target is None:
                continue
            for source_id in derivation.sources:
                source_index = self.version_index.get(source_id)
                if source_index is None:
                    continue
                source = lineage.versions[source_index].published
                if source is not None and dates.is_before(target, source):
                    self.report(
                        "PV301",
                        f"{derivation.target!r} ({target}) is dated before its source "
                        f"{source_id!r} ({source})",
                        target_path,
                        "correct one of the dates (was a local calendar misread?)",
                    )

    def _date(self, date: IsoDate, path: Path) -> None:
        year = date.year
        if date.has_offset and 1500 < year <= self.today.year:
            return  # the common case: a plausible date, not in the future, nothing to say
        if not date.has_offset:
            self.report(
                "PV302",
                f"{date} has a time but no UTC offset, so its instant is unknown",
                path,
                f"append the offset, e.g. '{date}Z' for UTC",
            )
        if 1300 <= year <= 1500:
            candidates = dates.other_calendar_candidates(date)
            readings = (
                "(" + ", ".join(f"{cal}: {greg}" for cal, greg in candidates) + ")"
                if candidates
                else "(Solar Hijri or Hijri)"
            )
            self.report(
                "PV303",
                f"year {date.year} is implausible for a Gregorian date; it reads like a local "
                f"calendar {readings}",
                path,
                "store the Gregorian date in 'published' and the printed one in 'published_as'",
            )
        elif dt.date(year, date.month or 1, date.day or 1) > self.far_future:
            self.report(
                "PV303",
                f"{date} is more than a year in the future",
                path,
                "correct the date",
            )

    # -- PV401-PV404: agents and methods ---------------------------------------------------------

    def _agent_type(self, agent_id: str) -> AgentType | None:
        index = self.agent_index.get(agent_id)
        return None if index is None else self.lineage.agents[index].type

    def _rule_agents(self) -> None:
        for index, derivation in enumerate(self.lineage.derivations):
            if derivation.agents:
                self._roles(index, derivation)
            for code in self._missing_credits(derivation):
                self._missing_credit(code, index, derivation)

    def _missing_credits(self, derivation: Derivation) -> list[str]:
        """The codes among PV401, PV404, PV402 a derivation breaks: who must be credited for
        its method."""
        method = derivation.method
        if method is None or not derivation.kind.is_translation_like:
            return []
        roles = {credit.role for credit in derivation.agents}
        missing = []
        if (
            method in (Method.MACHINE, Method.POST_EDITED)
            and Role.TOOL not in roles
            and not any(
                self._agent_type(credit.agent) is AgentType.SOFTWARE for credit in derivation.agents
            )
        ):
            missing.append("PV401")
        if method is Method.POST_EDITED and Role.POST_EDITOR not in roles:
            missing.append("PV404")
        if (
            method is Method.HUMAN
            and derivation.kind is Kind.TRANSLATION
            and Role.TRANSLATOR not in roles
            and Role.PUBLISHER not in roles
        ):
            missing.append("PV402")
        return missing

    def _missing_credit(self, code: str, index: int, derivation: Derivation) -> None:
        if code == "PV401":
            method = str(derivation.method).replace("_", "-")
            message = f"{_a(method)} {derivation.kind} names no software agent"
            fix = "add the engine as an agent of type 'software' with role 'tool'"
        elif code == "PV404":
            message = "a post-edited translation names no post-editor"
            fix = "add the person who revised the machine output with role 'post_editor'"
        else:  # PV402
            message = "a human translation names no translator or translating publisher"
            fix = "add the translator (a person or the outlet) with role 'translator'"
        self.report(code, message, ("derivations", index, "agents"), fix)

    def _roles(self, index: int, derivation: Derivation) -> None:
        for position, credit in enumerate(derivation.agents):
            kind = self._agent_type(credit.agent)
            if kind is None:
                continue
            problem = _role_problem(kind, credit.role, derivation.method)
            if problem is not None:
                self.report(
                    "PV403",
                    f"agent {credit.agent!r}: {problem[0]}",
                    ("derivations", index, "agents", position, "role"),
                    problem[1],
                )

    # -- PV501-PV503: digests and URLs -----------------------------------------------------------

    def _rule_digests(self) -> None:
        for index, version in enumerate(self.lineage.versions):
            value = version.digest
            path: Path = ("versions", index, "digest")
            if value is not None and not is_digest(value):
                self.report(
                    "PV501",
                    f"{_clip(value)!r} is not a digest",
                    path,
                    "use 'sha256:' and 64 lower-case hex digits; provenance.digest(text) makes one",
                )
            elif value is not None and version.id in self.texts:
                actual = digest(self.texts[version.id])
                if actual != value:
                    self.report(
                        "PV502",
                        f"the text supplied for {version.id!r} has digest {actual}",
                        path,
                        f"if the text is right, set the digest to {actual!r}",
                    )

    def _rule_urls(self) -> None:
        groups: tuple[tuple[str, tuple[Agent | Version, ...]], ...] = (
            ("agents", self.lineage.agents),
            ("versions", self.lineage.versions),
        )
        for kind, items in groups:
            for index, item in enumerate(items):
                if item.url is not None and not _is_web_url(item.url):
                    self.report(
                        "PV503",
                        f"{_clip(item.url)!r} is not an absolute http or https URL",
                        (kind, index, "url"),
                        "use a full address such as 'https://example.org/article'",
                    )


@functools.lru_cache(maxsize=8192)
def _language_problem(kind: Kind, source: str, target: str) -> str | None:
    """The code a derivation of ``kind`` from ``source`` to ``target`` (canonical tags) breaks,
    if any, among PV203-PV206: a translation must change the language, a kind that keeps the
    text must keep it."""
    how = languages.change(source, target)
    if kind is Kind.TRANSLATION:
        if how is Change.NONE:
            return "PV203"
        if how in (Change.SCRIPT, Change.SCRIPT_AND_REGION):
            return "PV205"
        if how is Change.REGION:
            return "PV206"
    elif kind.keeps_text and how in (Change.LANGUAGE, Change.SCRIPT, Change.SCRIPT_AND_REGION):
        return "PV204"
    return None


@functools.lru_cache(maxsize=256)
def _role_problem(kind: AgentType, role: Role, method: Method | None) -> tuple[str, str] | None:
    """What is wrong (and the fix) when an agent of type ``kind`` plays ``role`` in a
    derivation of ``method`` (rule PV403), or ``None``."""
    if role is Role.TOOL and kind is not AgentType.SOFTWARE:
        return (
            f"{_a(kind)} cannot be a tool",
            "give role 'translator', 'post_editor' or 'editor', or type 'software'",
        )
    if kind is not AgentType.SOFTWARE:
        return None
    if role in (Role.POST_EDITOR, Role.EDITOR):
        return (
            f"software cannot be {_a(role.replace('_', '-'))}",
            "post-editors and editors are people or organizations",
        )
    if role is Role.TRANSLATOR and method is Method.HUMAN:
        return (
            "software is the translator of a human translation",
            "use method 'machine' (or 'post_edited') and role 'tool'",
        )
    if role is Role.PUBLISHER:
        return "software cannot be a publisher", "the publisher is the outlet that ran the text"
    return None


def _plausible(date: IsoDate, this_year: int) -> bool:
    """A date rules PV302 and PV303 say nothing about: a date, or a time with its offset, in
    a year after 1500 and not after this one."""
    return (date.time is None or date.offset is not None) and 1500 < date.year <= this_year


@functools.lru_cache(maxsize=4)
def _far_future(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=366)


_SPACE = re.compile(r"\s")
# Characters RFC 3986 never allows unencoded in a URL; in an export a quote or an angle
# bracket would end up inside an IRI.
_NEVER_IN_URL = re.compile(r'["<>\\^`{|}]')
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# Plainly fine: scheme, an ASCII host name, then a path, query or fragment of URL characters.
_PLAIN_URL = re.compile(rf"https?://{_LABEL}(?:\.{_LABEL})*\.?(?:[/?#][!#-;=?-\[\]_a-z~]*)?\Z")


def _is_web_url(url: str) -> bool:
    return _PLAIN_URL.match(url) is not None or _is_web_url_slow(url)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http or https URL (rule PV503): the only URLs the
    exports write, so no ``javascript:`` or ``data:`` address reaches a page or a manifest.

    >>> is_web_url("https://example.org/a"), is_web_url("javascript:alert(1)")
    (True, False)
    """
    return _is_web_url(url)


@functools.lru_cache(maxsize=4096)
def _is_web_url_slow(url: str) -> bool:
    if not url.isprintable() or _SPACE.search(url) or _NEVER_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or not port_ok:
        return False
    if "[" in parts.netloc:
        return True  # an IPv6 literal, checked by urlsplit
    if "%" in host:
        return False  # a percent-encoded host name is no host name
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return all(label and label[0] != "-" and label[-1] != "-" for label in labels)


def _suggest(name: str, known: Collection[str]) -> str | None:
    import difflib

    if len(known) > 2000:  # a suggestion is not worth a quadratic scan of a huge lineage
        return None
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _at(path: Path) -> str:
    from provenance.errors import format_path

    return format_path(path)


def _a(word: str) -> str:
    """The word with its indefinite article: 'an organization', 'a person'."""
    return f"an {word}" if word.startswith(("a", "e", "i", "o", "u")) else f"a {word}"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_places(ids: list[str]) -> dict[str, int]:
    """Each id's position in the list; a repeated id keeps its first."""
    places = dict(zip(ids, range(len(ids)), strict=True))  # a repeated id: its last place
    if len(places) == len(ids):
        return places
    places.clear()
    for position, item in enumerate(ids):
        places.setdefault(item, position)
    return places
