"""Write the ``*.messages`` golden files: what a user reads about each document of the corpora.

``tests/data/invalid/*.findings`` hold each finding's code and place, and
``tests/data/unreadable/*.problems`` each parse problem's place; the ``.messages`` files beside
them hold the messages and fixes, so that a changed word is a failing test
(tests/test_messages_golden.py) rather than a surviving mutant. After changing a message on
purpose, run from the repository root::

    python tools/gen_findings_messages.py

and read the diff: a wrong message frozen into a golden file is a bug, not a test.

Format, one block per finding in ``validate()`` order, blocks separated by a blank line::

    PV202 $.versions[0].language
    message: 'AR' is not in canonical form
    fix: use 'ar'

The ``fix:`` line is left out when the finding has no fix. An unreadable document's file has
one line per problem, as the ParseError prints it: ``$.versions[0].language: missing ...``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provenance import ParseError, validate  # noqa: E402
from provenance.findings import Finding  # noqa: E402
from provenance.formats import native  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "invalid"
UNREADABLE = ROOT / "tests" / "data" / "unreadable"
TODAY = dt.date(2026, 11, 29)  # the day tests/test_validate.py validates the corpus on


def render(findings: tuple[Finding, ...]) -> str:
    """The ``.messages`` text of a document's findings."""
    blocks = []
    for finding in findings:
        lines = [f"{finding.code} {finding.location}", f"message: {finding.message}"]
        if finding.fix is not None:
            lines.append(f"fix: {finding.fix}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def messages_of(path: Path) -> str:
    return render(validate(native.loads(path.read_bytes()), today=TODAY))


def problems_of(path: Path) -> str:
    try:
        native.loads(path.read_bytes())
    except ParseError as error:
        return "".join(f"{problem}\n" for problem in error.problems)
    raise SystemExit(f"{path.name} is in the unreadable corpus, but it loads")


def main() -> None:
    for path in sorted(CORPUS.glob("*.json")):
        path.with_suffix(".messages").write_text(messages_of(path), encoding="utf-8")
    for path in sorted(UNREADABLE.glob("*.json")):
        path.with_suffix(".messages").write_text(problems_of(path), encoding="utf-8")


if __name__ == "__main__":
    main()
