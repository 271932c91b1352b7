"""The credit-line score: one number (and its five parts) for how well an extractor reads lines.

Used by ``benchmarks/extract.py`` on the two parts of the corpus (``tests/data/credits/dev.jsonl``
and ``test.jsonl``; see their README for the split and the frozen hash)::

    from credit_score import load, score
    from provenance.credits import extract
    print(score(load(DEV), extract)["score"])

``score(lines, extract_fn)`` reads every line's ``text`` with ``extract_fn(text)`` (a function
returning a :class:`provenance.Lineage` or ``None``; the page context is *not* passed, because a
line's ``expected`` records only what the line itself says) and returns the five parts and
their mean:

``detection``
    F1 of "is this a credit line": a line is a positive when ``expected`` is not ``null``, and is
    detected when the extractor returns a lineage with at least one derivation step.
``kinds``
    Of the true positives, the fraction whose sequence of step kinds (oldest first) equals the
    expected one exactly. (No true positive: 0.0, or 1.0 when the lines hold no positive.)
``languages``
    Of the languages the positive lines state (every non-null ``source_language`` and
    ``target_language`` of their steps, as a multiset of (field, primary subtag) pairs per line),
    the fraction the extraction holds in the same field of one of its steps. Only the primary
    subtag is compared (``en-US`` and ``en`` match); an undetected line recovers none.
``names``
    F1 over the names of translators and post-editors, as a multiset of (role, name) pairs per
    line; a name is compared case-insensitively with its whitespace collapsed and surrounding
    quotes removed. Every line counts, so a name extracted from a negative is a false positive.
``origin``
    Of the positive lines whose first step names the original's outlet (``source_publisher``),
    the fraction where the extraction's original version has the same publisher, compared after
    :func:`outlet_key` (case, punctuation, spacing and a leading article such as "the", "le",
    "der" or "al-" do not count).

``score`` is the plain mean of the five. Each part is 1.0 when there is nothing to count (no
line states a language, no name appears anywhere, ...).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

PARTS = ("detection", "kinds", "languages", "names", "origin")

# Leading articles of outlet names, lower-case, in the languages of the corpus. A name made only
# of an article ("Die") is kept as it is.
_ARTICLES = re.compile(
    r"^(?:the|a|le|la|les|l'|l’|el|los|las|il|lo|gli|i|der|die|das|de|het|een|o|os|as|"
    r"al|al-|el-|an|den|det)(?:\s+|(?<=['’-]))",
)
_EDGE_PUNCTUATION = " \t\n\"'“”‘’«»„‚‹›()[]{}.,;:!?·-–—"


def load(path: str | Path) -> list[dict[str, Any]]:
    """The lines of a corpus file (JSON Lines, one object a line; blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def name_key(value: str) -> str:
    """A translator's or post-editor's name, as the ``names`` part compares it."""
    return " ".join(
        unicodedata.normalize("NFKC", value).strip(_EDGE_PUNCTUATION).split()
    ).casefold()


def outlet_key(value: str) -> str:
    """An outlet name as the ``origin`` part compares it: NFKC, case-folded, punctuation at
    either end and doubled spaces removed, and one leading article dropped ("The New York
    Times", "le New York Times" and "new york times" are one key; so are "Al-Ahram" and
    "Ahram")."""
    text = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    text = text.strip(_EDGE_PUNCTUATION)
    stripped = _ARTICLES.sub("", text, count=1).strip(_EDGE_PUNCTUATION)
    return stripped or text


def _primary(tag: str | None) -> str | None:
    if not tag or tag == "und":
        return None
    return tag.split("-")[0].casefold()


def lineage_steps(lineage: Any) -> list[dict[str, Any]]:
    """An extracted lineage as the corpus's steps, oldest first, with only what is scored:
    ``kind``, ``source_language``, ``target_language``, ``source_publisher``, ``translators``
    and ``post_editors`` (placeholder agents the extractor marks as unnamed are left out)."""
    from provenance import Role  # late: the module loads without the package on the path

    unnamed = set(lineage.extensions.get("extract", {}).get("unnamed_agents", ()))
    post_editing = (Role.POST_EDITOR, Role.EDITOR)

    def agent_name(agent_id: str | None) -> str | None:
        if agent_id is None or agent_id in unnamed:
            return None
        return str(lineage.agent(agent_id).name)

    steps = []
    for derivation in lineage.steps():
        source = lineage.version(derivation.sources[0])
        target = lineage.version(derivation.target)
        credits = [(c.role, agent_name(c.agent)) for c in derivation.agents]
        steps.append(
            {
                "kind": derivation.kind.value,
                "source_language": source.language,
                "target_language": target.language,
                "source_publisher": agent_name(source.publisher),
                "translators": [n for r, n in credits if r is Role.TRANSLATOR and n],
                "post_editors": [n for r, n in credits if r in post_editing and n],
            }
        )
    return steps


def _languages(steps: Iterable[Mapping[str, Any]]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for step in steps:
        for field in ("source_language", "target_language"):
            primary = _primary(step.get(field))
            if primary:
                found[(field, primary)] += 1
    return found


def _names(steps: Iterable[Mapping[str, Any]]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for step in steps:
        for role in ("translators", "post_editors"):
            found.update((role, name_key(name)) for name in step.get(role) or () if name_key(name))
    return found


def _origin(steps: list[Mapping[str, Any]]) -> str | None:
    value = steps[0].get("source_publisher") if steps else None
    return outlet_key(value) if isinstance(value, str) and value.strip() else None


def _f1(tp: int, fp: int, fn: int) -> float:
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def _fraction(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def score(lines: Iterable[Mapping[str, Any]], extract_fn: Callable[[str], Any]) -> dict[str, Any]:
    """The five parts, their mean (``score``), the counts behind each, and ``misses``: one entry
    per line that lost a point anywhere, naming the parts it lost (for reading, not scoring)."""
    det = Counter[str]()
    kinds_hit = kinds_total = 0
    lang_hit = lang_total = 0
    name_tp = name_fp = name_fn = 0
    origin_hit = origin_total = 0
    positives = 0
    misses = []
    for row in lines:
        expected = list(row["expected"]["steps"]) if row.get("expected") else []
        lineage = extract_fn(row["text"])
        got = lineage_steps(lineage) if lineage is not None else []
        lost = []
        positives += bool(expected)
        if expected and got:
            det["tp"] += 1
            kinds_total += 1
            if [s["kind"] for s in expected] == [s["kind"] for s in got]:
                kinds_hit += 1
            else:
                lost.append("kinds")
        elif got:
            det["fp"] += 1
            lost.append("detection")
        elif expected:
            det["fn"] += 1
            lost.append("detection")
        want, have = _languages(expected), _languages(got)
        matched = sum((want & have).values())
        lang_hit, lang_total = lang_hit + matched, lang_total + sum(want.values())
        if matched < sum(want.values()):
            lost.append("languages")
        want_names, have_names = _names(expected), _names(got)
        matched = sum((want_names & have_names).values())
        name_tp += matched
        name_fp += sum(have_names.values()) - matched
        name_fn += sum(want_names.values()) - matched
        if want_names != have_names:
            lost.append("names")
        origin = _origin(expected)
        if origin is not None:
            origin_total += 1
            if _origin(got) == origin:
                origin_hit += 1
            else:
                lost.append("origin")
        if lost:
            misses.append({"text": row["text"], "lost": lost, "expected": expected, "got": got})
    parts = {
        "detection": _f1(det["tp"], det["fp"], det["fn"]),
        "kinds": kinds_hit / kinds_total if kinds_total else (0.0 if positives else 1.0),
        "languages": _fraction(lang_hit, lang_total),
        "names": _f1(name_tp, name_fp, name_fn),
        "origin": _fraction(origin_hit, origin_total),
    }
    return {
        **parts,
        "score": sum(parts.values()) / len(parts),
        "counts": {
            "detection": {"tp": det["tp"], "fp": det["fp"], "fn": det["fn"]},
            "kinds": {"matched": kinds_hit, "of": kinds_total},
            "languages": {"matched": lang_hit, "of": lang_total},
            "names": {"tp": name_tp, "fp": name_fp, "fn": name_fn},
            "origin": {"matched": origin_hit, "of": origin_total},
        },
        "misses": misses,
    }


def table(results: Mapping[str, Mapping[str, Any]]) -> str:
    """A plain-text table: one row per named result (e.g. ``dev``, ``test``), one column per
    part and the score."""
    head = f"{'part':<8}" + "".join(f"{p:>11}" for p in (*PARTS, "score"))
    rows = [
        f"{name:<8}" + "".join(f"{r[p]:>11.3f}" for p in (*PARTS, "score"))
        for name, r in results.items()
    ]
    return "\n".join([head, *rows])


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "credits"
GOAL = "goal on test: score >= 0.90 and every part >= 0.85; dev within 0.05 of test"


def parts(extract_fn: Callable[[str], Any], corpus: Path = CORPUS) -> dict[str, dict[str, Any]]:
    """The score on each part of the corpus (``dev`` and ``test``), misses left out."""
    results = {}
    for name in ("dev", "test"):
        result = score(load(corpus / f"{name}.jsonl"), extract_fn)
        result.pop("misses")
        results[name] = result
    return results


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="The credit-line score on dev and test.")
    parser.add_argument(
        "--cues-only",
        action="store_true",
        help="score the DEV part with the phrasings switched off: the cue-word fallback alone, "
        "whose words were written from general knowledge, not from dev lines (the estimate of "
        "how it reads unseen text)",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="also list the DEV lines that lost a point (never the test part's: tune on dev)",
    )
    args = parser.parse_args(argv)
    root = str(CORPUS.parent.parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from provenance.credits import extract

    if args.cues_only:
        from provenance import _extract

        _extract._hits = lambda text, folded: iter(())  # no phrasing matches: cues only
        dev = score(load(CORPUS / "dev.jsonl"), extract)
        print(table({"dev-cues": dev}))
        if args.misses:
            for miss in dev["misses"]:
                print("\n" + json.dumps(miss, ensure_ascii=False))
        return 0
    print(table(parts(extract)))
    print(GOAL)
    if args.misses:
        for miss in score(load(CORPUS / "dev.jsonl"), extract)["misses"]:
            print("\n" + json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
