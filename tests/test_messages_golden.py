"""What a user reads: the message and fix of every finding of the invalid corpus, and the
message of every problem of the unreadable corpus.

``tests/data/invalid/*.findings`` hold each finding's code and place (tests/test_validate.py),
``tests/data/unreadable/*.problems`` each problem's place (tests/test_native.py); the
``*.messages`` files beside them hold the words, written by ``tools/gen_findings_messages.py``
and read by a person before they were committed.
"""

from __future__ import annotations

import importlib.util
import pathlib
import types

import pytest

from .conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.json"))
UNREADABLE = sorted((DATA / "unreadable").glob("*.json"))
VALID = sorted((DATA / "valid").glob("*.json"))
_TOOL = pathlib.Path(__file__).parent.parent / "tools" / "gen_findings_messages.py"


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gen_findings_messages", _TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_finding_has_its_golden_message_and_fix(path: pathlib.Path) -> None:
    expected = path.with_suffix(".messages").read_text(encoding="utf-8")
    assert GEN.messages_of(path) == expected


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_golden_messages_name_the_same_findings_as_the_findings_files(path: pathlib.Path) -> None:
    # The two golden files of a case cannot drift apart: same codes, same places, same order.
    heads = [
        line
        for line in path.with_suffix(".messages").read_text(encoding="utf-8").splitlines()
        if line.startswith("PV")
    ]
    findings = path.with_suffix(".findings").read_text(encoding="utf-8").splitlines()
    assert heads == [line for line in findings if line]


def test_every_finding_of_the_corpus_has_a_message_and_all_but_pv207_a_fix() -> None:
    blocks = [
        block
        for path in INVALID
        for block in path.with_suffix(".messages").read_text(encoding="utf-8").split("\n\n")
    ]
    for block in blocks:
        lines = block.strip().split("\n")
        assert lines[1].startswith("message: ")
        assert len(lines[1]) > len("message: ") + 10
        if lines[0].startswith("PV207"):  # information, not a problem: nothing to fix
            assert len(lines) == 2
        else:
            assert lines[2].startswith("fix: ")


def test_render_leaves_out_a_missing_fix_and_separates_blocks() -> None:
    from provenance import Severity
    from provenance.findings import Finding

    findings = (
        Finding("PV207", Severity.INFO, "relay", ("derivations", 0, "sources", 0)),
        Finding("PV202", Severity.WARNING, "'AR' is odd", ("versions", 1, "language"), "use 'ar'"),
    )
    assert GEN.render(findings) == (
        "PV207 $.derivations[0].sources[0]\nmessage: relay\n"
        "\n"
        "PV202 $.versions[1].language\nmessage: 'AR' is odd\nfix: use 'ar'\n"
    )


@pytest.mark.parametrize("path", UNREADABLE, ids=lambda p: p.stem)
def test_every_parse_problem_has_its_golden_message(path: pathlib.Path) -> None:
    expected = path.with_suffix(".messages").read_text(encoding="utf-8")
    assert GEN.problems_of(path) == expected
    places = path.with_suffix(".problems").read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[0] for line in expected.splitlines()] == [p for p in places if p]


def test_the_generator_refuses_a_readable_document_in_the_unreadable_corpus() -> None:
    with pytest.raises(SystemExit, match="but it loads"):
        GEN.problems_of(VALID[0])
