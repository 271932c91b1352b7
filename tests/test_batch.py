from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import batch, errors, examples, formats, strategies, validate
from provenance.errors import BaseIRIError, LossWarning, ParseError, Problem, UnknownFormatError
from provenance.findings import Finding, Severity
from provenance.formats import native
from provenance.model import Lineage

CLEAN = [native.dumps(examples.get(name)) for name in examples.names()]
BROKEN = {
    "syntax": '{"format": "provenance/1", "subject": ',
    "structure": '{"format":"provenance/1","subject":"x","versions":[{"id":"x"}]}',
    "not-utf8": b'{"format":"provenance/1","subject":"\xff"}',
    "list": "[1, 2]",
}


def mixed_lines(n: int) -> list[str | bytes]:
    """Clean documents, with a broken one every 7th line and a blank one every 11th."""
    broken = list(BROKEN.values())
    lines: list[str | bytes] = []
    for i in range(1, n + 1):
        if i % 11 == 0:
            lines.append("   \n")
        elif i % 7 == 0:
            lines.append(broken[i % len(broken)])
        else:
            lines.append(CLEAN[i % len(CLEAN)] + "\n")
    return lines


def expected_for(line: str | bytes) -> tuple[Finding, ...] | None:
    """The findings a line should get, or None if it cannot be read: straight from the API."""
    try:
        return validate(native.loads(line))
    except ParseError:
        return None


# -- results, in order, one per non-blank line --------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_line_gets_its_result_in_order(jobs: int) -> None:
    lines = mixed_lines(300)
    results = list(batch.validate_lines(lines, jobs=jobs, chunk_size=16, source="in.jsonl"))
    wanted = [n for n, text in enumerate(lines, 1) if text.strip()]
    assert [r.line for r in results] == wanted
    for result in results:
        line = lines[result.line - 1]
        expected = expected_for(line)
        assert result.source == "in.jsonl"
        if expected is None:
            assert result.error is not None
            assert result.exit_code == 2
            assert not result.ok
            assert result.findings is None
            assert result.problems
        else:
            assert result.error is None
            assert result.findings == expected
            assert result.ok == all(f.severity is not Severity.ERROR for f in expected)


def test_broken_lines_are_located_inside_the_document() -> None:
    lines = [CLEAN[0], BROKEN["syntax"] + "\r\n", BROKEN["structure"], BROKEN["not-utf8"], CLEAN[1]]
    results = list(batch.validate_lines(lines))
    assert [r.ok for r in results] == [True, False, False, False, True]
    syntax, structure, encoding = results[1:4]
    assert syntax.line == 2
    assert (syntax.problems[0].line, syntax.problems[0].column) == (1, len(BROKEN["syntax"]) + 1)
    assert structure.line == 3
    assert structure.problems[0].location == "$.versions[0].language"
    assert "missing" in structure.problems[0].message
    assert encoding.line == 4
    assert "not UTF-8" in (encoding.error or "")


def test_jobs_give_the_same_results_as_one_process() -> None:
    lines = mixed_lines(400)
    one = list(batch.validate_lines(lines, chunk_size=10))
    two = list(batch.validate_lines(lines, jobs=2, chunk_size=10))
    assert one == two


def test_spawned_workers_give_the_same_results() -> None:
    """The spawn start method (macOS, Windows) re-imports everything: the task must pickle."""
    lines = mixed_lines(60)
    task = batch.validate_task(select=["PV2", "PV1"], fail_on="warning")
    spawned = list(batch.run_lines(task, lines, jobs=2, chunk_size=7, context="spawn"))
    assert spawned == list(batch.run_lines(task, lines))


def test_blank_lines_give_no_result_but_count() -> None:
    results = list(batch.validate_lines(["", CLEAN[0], "\n", "  ", CLEAN[0]], start=10))
    assert [r.line for r in results] == [11, 14]


@pytest.mark.parametrize("jobs", [1, 2])
def test_chunks_of_blank_lines_give_nothing_and_keep_the_numbering(jobs: int) -> None:
    # Workers number the lines of their chunk and skip the blank ones; a chunk may be all blank.
    lines = ["\n", "  \n", "\r\n", "\n", "\t\n", CLEAN[0] + "\r\n", "\n", CLEAN[1]]
    results = list(batch.validate_lines(lines, jobs=jobs, chunk_size=2, start=3))
    assert [(r.line, r.ok) for r in results] == [(8, True), (10, True)]


def test_a_result_pickles_to_an_equal_result_without_its_converters() -> None:
    result = batch.Result(line=4, source="s", ok=False, error="e", problems=[Problem((), "p")])
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert type(copy.problems) is tuple


def test_lineages_are_numbered_and_validated() -> None:
    lineages = [examples.get(name) for name in examples.names()]
    results = list(batch.run_lineages("validate", lineages, start=0))
    assert [r.line for r in results] == list(range(len(lineages)))
    assert [r.findings for r in results] == [validate(lin) for lin in lineages]


def test_select_ignore_and_fail_on_reach_the_findings() -> None:
    relay = native.dumps(examples.get("relay"))  # a PV207 info finding
    kept = next(batch.validate_lines([relay], select="PV2", fail_on="info"))
    assert [f.code for f in kept.findings or ()] == ["PV207"]
    assert not kept.ok
    assert kept.exit_code == 1
    ignored = next(batch.validate_lines([relay], ignore=["pv207"], fail_on="info"))
    assert ignored.findings == ()
    assert ignored.ok


# -- the input is streamed, never materialized ------------------------------------------------


class Counting:
    """An endless stream of documents that counts how many were read."""

    def __init__(self) -> None:
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for i in itertools.count():
            self.read += 1
            yield CLEAN[i % len(CLEAN)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_endless_input_streams_with_bounded_read_ahead(jobs: int) -> None:
    source = Counting()
    chunk = 20
    results = batch.validate_lines(source, jobs=jobs, chunk_size=chunk)
    taken = list(itertools.islice(results, 100))
    assert [r.line for r in taken] == list(range(1, 101))
    # Read ahead is at most the chunks in flight (2 per job) plus the one being cut.
    assert source.read <= 100 + (2 * jobs + 1) * chunk
    results.close()  # type: ignore[attr-defined]


# -- convert -----------------------------------------------------------------------------------


def test_convert_outputs_the_format_text() -> None:
    lines = [*CLEAN, BROKEN["list"]]
    results = list(batch.convert_lines(lines, "native", indent=2, jobs=2, chunk_size=2))
    for result, line in zip(results, lines, strict=True):
        if result.error is None:
            assert result.output == native.dumps(native.loads(line), indent=2)
            assert result.findings is None
        else:
            assert result.output is None
            assert result.line == len(lines)


@pytest.fixture
def lossy_format(monkeypatch: pytest.MonkeyPatch) -> str:
    """A format that drops the extensions and says so, registered for this test only."""
    module = types.ModuleType("_test_lossy_format")

    def dumps(lineage: Lineage, *, upper: bool = False) -> str:
        if lineage.extensions:
            warnings.warn(LossWarning("lossy drops extensions"), stacklevel=2)
        return lineage.subject.upper() if upper else lineage.subject

    module.dumps = dumps  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(formats._REGISTRY, "lossy", (module.__name__, False))
    return "lossy"


def test_convert_records_what_the_format_drops(lossy_format: str) -> None:
    with_extensions = native.dumps(
        attrs.evolve(native.loads(CLEAN[0]), extensions={"cms": {"id": 7}})
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape: the losses are in the results
        plain, lossy = batch.convert_lines([CLEAN[0], with_extensions], lossy_format, upper=True)
    assert plain.warnings == ()
    assert lossy.warnings == ("lossy drops extensions",)
    assert lossy.output == native.loads(CLEAN[0]).subject.upper()
    assert lossy.to_dict()["warnings"] == ["lossy drops extensions"]


def test_a_bug_in_a_task_becomes_an_error_result(lossy_format: str) -> None:
    # Built directly: the factory refuses the option up front (next test).
    task = batch.ConvertTask(to=lossy_format, options=(("no_such_option", 1),))
    results = list(batch.run_lines(task, [CLEAN[0], BROKEN["list"]]))
    assert results[0].error is not None
    assert "unexpected TypeError" in results[0].error
    assert results[0].exit_code == 2
    assert results[1].problems  # a bad document is still reported as such


def test_a_misspelled_convert_option_fails_once_up_front() -> None:
    lines = iter([CLEAN[0]])
    with pytest.raises(TypeError) as error:
        batch.convert_lines(lines, "jsonld", htm=True)
    assert str(error.value) == (
        "format 'jsonld' takes no option 'htm' (did you mean 'html'?); its options: html, "
        "indent, base"
    )
    assert next(lines) == CLEAN[0]  # refused before any line was read
    with pytest.raises(TypeError, match=r"^format 'mermaid' takes no option 'indent'; its options"):
        batch.convert_task("mermaid", indent=2)


def test_a_bad_convert_option_value_fails_up_front() -> None:
    lines = iter([CLEAN[0]])
    with pytest.raises(BaseIRIError, match=r"^base IRI 'not an iri': must be an absolute IRI"):
        batch.convert_lines(lines, "prov-n", base="not an iri")
    assert next(lines) == CLEAN[0]


def test_batch_validation_refuses_codes_that_name_no_rule() -> None:
    with pytest.raises(ValueError, match=r"^select: ") as error:
        batch.validate_lines(CLEAN, select=["PV999"])
    assert str(error.value) == (
        "select: 'PV999' names no rule; codes run from PV101 to PV604 (see the rule catalog)"
    )
    with pytest.raises(ValueError, match=r"^ignore: 'X' names no rule"):
        batch.validate_task(ignore="PV105,X")
    with pytest.raises(ValueError, match=r"^select: no codes given"):
        batch.validate_task(select=[])
    with pytest.raises(ValueError, match=r"^fail_on=") as error:
        batch.validate_task(fail_on="warn")
    assert str(error.value) == (
        "fail_on='warn' is not one of info, warning, error (did you mean 'warning'?)"
    )
    assert batch.validate_task(select="pv2, PV401").select == ("PV2", "PV401")


# -- workers that die or fail ------------------------------------------------------------------


class KillsItsWorker:
    """Unpickling this kills the process doing it, as a segfault or the OOM killer would."""

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return (os._exit, (13,))


def test_a_dying_worker_fails_only_its_chunk() -> None:
    lineages: list[Any] = [examples.get("shafaqna")] * 40
    lineages[25] = KillsItsWorker()
    results = list(batch.run_lineages("validate", lineages, jobs=2, chunk_size=10))
    assert [r.line for r in results] == list(range(1, 41))
    failed = [r.line for r in results if r.error is not None]
    assert failed == list(range(21, 31))
    assert results[25].error == (
        "lines 21-30 were lost: the worker process exited with status 13 while processing "
        "them; run them again"
    )
    assert all(r.ok and r.findings == () for r in results if r.error is None)


def test_a_chunk_that_cannot_be_sent_fails_alone() -> None:
    unpicklable = attrs.evolve(examples.get("machine"), extensions={"f": lambda: None})
    lineages = [examples.get("shafaqna")] * 9 + [unpicklable]
    results = list(batch.run_lineages("validate", lineages, jobs=2, chunk_size=3))
    assert [r.error is not None for r in results] == [False] * 9 + [True]
    assert results[-1].line == 10
    assert "pickle" in (results[-1].error or "").lower()


# -- progress ----------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal() -> None:
    terminal = FakeTerminal()
    results = list(batch.validate_lines(mixed_lines(50), chunk_size=5, progress=terminal))
    shown = terminal.getvalue()
    assert shown.startswith("\rprovenance: ")
    assert shown.endswith("\n")
    final = shown.rstrip("\n").rsplit("\r", 1)[-1]
    failed = sum(1 for r in results if not r.ok)
    assert f"provenance: {len(results)} lines, {failed} failed" in final


def test_progress_is_silent_elsewhere() -> None:
    stream = io.StringIO()
    list(batch.validate_lines(mixed_lines(50), chunk_size=5, progress=stream))
    assert stream.getvalue() == ""


# -- results as JSON lines, tallies and exit codes --------------------------------------------


def test_json_lines_carry_what_the_cli_prints() -> None:
    results = list(batch.validate_lines([CLEAN[0], BROKEN["structure"]], source="x.jsonl"))
    clean, broken = (json.loads(r.to_json()) for r in results)
    assert clean == {"source": "x.jsonl", "line": 1, "ok": True, "findings": []}
    assert broken["line"] == 2
    assert broken["error"][0]["path"] == "$.versions[0].language"
    assert "findings" not in broken
    syntax = next(batch.validate_lines([BROKEN["syntax"]]))
    assert json.loads(syntax.to_json())["error"][0]["line"] == 1


def test_tally_counts_and_gives_the_exit_code() -> None:
    tally = batch.Tally()
    results = list(tally.track(batch.validate_lines(mixed_lines(70))))
    assert tally.documents == len(results)
    assert tally.unusable == sum(1 for r in results if r.error is not None)
    assert tally.ok + tally.failed + tally.unusable == tally.documents
    assert tally.exit_code == max(r.exit_code for r in results) == 2
    half = batch.Tally()
    for result in results[:30]:
        half.add(result)
    rest = batch.Tally()
    for result in results[30:]:
        rest.add(result)
    assert half.merge(rest) == tally
    assert batch.Tally().exit_code == 0


# -- arguments ---------------------------------------------------------------------------------


def test_bad_arguments_fail_at_once() -> None:
    with pytest.raises(ValueError, match="jobs"):
        batch.validate_lines([], jobs=-1)
    with pytest.raises(ValueError, match="chunk_size"):
        batch.validate_lines([], chunk_size=0)
    with pytest.raises(UnknownFormatError, match="known formats"):
        batch.convert_task("yaml")
    with pytest.raises(LookupError, match="tasks: badge, convert, extract, validate"):
        batch.get_task("nope")
    with pytest.raises(ValueError, match=r"'fatal'"):
        batch.validate_task(fail_on="fatal")


def test_tasks_can_be_registered_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(batch._TASKS, "strict", lambda: batch.validate_task(fail_on="info"))
    assert "strict" in batch.task_names()
    relay = native.dumps(examples.get("relay"))
    assert not next(batch.run_lines("strict", [relay])).ok
    assert next(batch.run_lines("validate", [relay])).ok


# -- properties --------------------------------------------------------------------------------


def validated(lineage: Lineage) -> tuple[Finding, ...] | str:
    """What validate says, or the name of what it raised (a bug: the batch must survive it)."""
    try:
        return validate(lineage)
    except Exception as error:
        return type(error).__name__


@given(st.lists(strategies.any_lineages(), max_size=6))
def test_results_are_what_validate_says(lineages: list[Lineage]) -> None:
    results = list(batch.run_lineages(batch.validate_task(), lineages, chunk_size=4))
    for result, lineage in zip(results, lineages, strict=True):
        expected = validated(lineage)
        if isinstance(expected, str):
            assert f"unexpected {expected}" in (result.error or "")
        else:
            assert result.findings == expected
    texts = [native.dumps(lin) for lin in lineages]
    for result, text in zip(batch.validate_lines(texts, chunk_size=4), texts, strict=True):
        try:
            expected = validated(native.loads(text))
        except ParseError:
            assert result.problems
            continue
        if isinstance(expected, str):
            assert f"unexpected {expected}" in (result.error or "")
        else:
            assert result.findings == expected


@settings(max_examples=100)
@given(st.lists(strategies.json_values().map(json.dumps) | st.text(max_size=30), max_size=8))
def test_any_input_gives_one_result_per_line_and_never_raises(lines: list[str]) -> None:
    one_per_line = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    results = list(batch.validate_lines(one_per_line, chunk_size=3))
    assert [r.line for r in results] == [n for n, t in enumerate(one_per_line, 1) if t.strip()]
    for result in results:
        assert (result.error is None) == (result.findings is not None)
        json.loads(result.to_json())


# -- what crosses a process boundary pickles ---------------------------------------------------


def round_trip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value))


@given(strategies.any_lineages())
def test_lineages_and_their_findings_pickle(lineage: Lineage) -> None:
    assert round_trip(lineage) == lineage
    findings = validated(lineage)
    assert round_trip(findings) == findings


def test_results_tasks_and_tallies_pickle() -> None:
    results = list(batch.validate_lines(mixed_lines(30)))
    assert round_trip(results) == results
    problem = Problem(("versions", 0, "language"), "missing", line=None)
    assert round_trip(problem) == problem
    for task in (
        batch.validate_task(select="PV2", ignore="PV207", fail_on="warning"),
        batch.convert_task("native", indent=2),
    ):
        assert round_trip(task) == task
    tally = batch.Tally()
    for result in results:
        tally.add(result)
    assert round_trip(tally) == tally


def test_errors_pickle() -> None:
    error = ParseError([Problem(("versions", 0), "bad")], source="x.jsonl:3")
    copy = round_trip(error)
    assert (copy.problems, copy.source, str(copy)) == (error.problems, error.source, str(error))
    from provenance.errors import CheckError, UnknownFormatError
    from provenance.findings import Finding, Severity

    check = CheckError([Finding("PV104", Severity.ERROR, "no subject", ("subject",))])
    assert (round_trip(check).findings, str(round_trip(check))) == (check.findings, str(check))
    unknown = UnknownFormatError("yaml", ("native", "jsonld"))
    assert (round_trip(unknown).known, str(round_trip(unknown))) == (unknown.known, str(unknown))
    locale = errors.UnknownLocaleError("xx", ("en", "fa"))
    assert (round_trip(locale).locale, str(round_trip(locale))) == ("xx", str(locale))
    for simple in (errors.BadgeError("no"), errors.BaseIRIError("no"), errors.SigningError("no")):
        assert (type(round_trip(simple)), str(round_trip(simple))) == (type(simple), "no")


def test_every_error_class_lives_in_errors_and_narrows_a_builtin() -> None:
    # One hierarchy (STYLE.md): every error the package defines is in provenance.errors, and
    # subclasses the built-in it narrows as well, so callers can catch either.
    import importlib
    import pkgutil

    import provenance

    for module in pkgutil.walk_packages(provenance.__path__, "provenance."):
        importlib.import_module(module.name)
    found, stack = [], [errors.ProvenanceError]
    while stack:
        subclasses = stack.pop().__subclasses__()
        found.extend(subclasses)
        stack.extend(subclasses)
    assert found
    for error in found:
        assert error.__module__ == "provenance.errors", error
        assert any(b.__module__ == "builtins" and b is not Exception for b in error.__mro__), error


# -- badges ------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["svg", "endpoint", "markdown", "html"])
def test_badge_task_draws_what_the_badge_module_draws(form: str) -> None:
    from provenance import badge

    lineage = examples.get("machine")
    made = badge.for_lineage(lineage, names=False, style="flat-square")
    expected = {
        "svg": made.svg(),
        "endpoint": json.dumps(made.endpoint(), ensure_ascii=False),
        "markdown": made.markdown(),
        "html": made.html(),
    }[form]
    task = batch.get_task("badge", format=form, names=False, style="flat-square")
    results = list(batch.run_lines(task, [native.dumps(lineage), "{"], jobs=2, chunk_size=1))
    assert results[0].output == expected
    assert results[1].output is None
    assert results[1].problems


def test_badge_task_checks_its_options_at_once() -> None:
    from provenance.badge import BadgeError

    with pytest.raises(BadgeError, match="style"):
        batch.badge_task(style="round")
    with pytest.raises(BadgeError, match="format"):
        batch.badge_task(format="png")
    with pytest.raises(TypeError):
        batch.badge_task(colour="red")
    with pytest.raises(TypeError, match=r"^a badge takes no option") as error:
        batch.badge_task(lable="news")
    assert str(error.value) == (
        "a badge takes no option 'lable' (did you mean 'label'?); its options: label, "
        "template, names, locale, style, link, message_link, logo, logo_color, logo_width"
    )


def test_an_unknown_task_name_names_the_nearest() -> None:
    with pytest.raises(LookupError, match=r"^no task") as error:
        batch.get_task("validat")
    assert str(error.value) == (
        "no task 'validat'; tasks: badge, convert, extract, validate (did you mean 'validate'?)"
    )


def test_texts_check_the_digest_of_every_lineage_that_has_the_version() -> None:
    from provenance.digest import digest

    lineage = examples.get("shafaqna")
    with_digest = attrs.evolve(
        lineage,
        versions=[
            attrs.evolve(v, digest=digest("the text")) if v.id == "en-article" else v
            for v in lineage.versions
        ],
    )
    line = native.dumps(with_digest)
    other = native.dumps(examples.get("machine"))  # no en-article: the text does not apply
    right = batch.validate_task(texts={"en-article": "the text"})
    wrong = batch.validate_task(texts={"en-article": "another text"})
    assert [r.findings for r in batch.run_lines(right, [line, other])] == [
        validate(with_digest, texts={"en-article": "the text"}),
        validate(examples.get("machine")),
    ]
    found = next(batch.run_lines(wrong, [line]))
    assert [f.code for f in found.findings or ()] == ["PV502"]
    assert not found.ok


def test_a_result_names_what_its_output_is_about() -> None:
    result = batch.Result(line=1, name="en-article", findings=())
    assert result.to_dict() == {"line": 1, "ok": True, "findings": [], "name": "en-article"}


def test_the_extract_task_refuses_a_lineage_as_a_failure_result() -> None:
    result = batch.extract_task()(examples.get("shafaqna"), line=3, source="in.jsonl")
    assert (result.ok, result.location, result.error) == (
        False,
        "in.jsonl:3",
        "extract reads credit-line records, not lineages",
    )


def test_read_lines_reads_a_text_stream_too() -> None:
    lines = batch.read_lines(io.StringIO('{"a": 1}\n' + "x" * 20 + "\n"), max_bytes=10)
    assert list(lines) == ['{"a": 1}\n', "x" * 11]
