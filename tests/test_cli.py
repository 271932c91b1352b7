from __future__ import annotations

import io
import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import attrs
import pytest

from provenance import cli, examples
from provenance.formats import native

from .conftest import DATA


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run(*argv: str, stdin: str | bytes = "") -> Result:
    out, err = io.StringIO(), io.StringIO()
    if isinstance(stdin, bytes):
        stream: io.TextIOBase = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    else:
        stream = io.StringIO(stdin)
    code = cli.run(list(argv), stdin=stream, stdout=out, stderr=err)  # type: ignore[arg-type]
    return Result(code, out.getvalue(), err.getvalue())


SEED = native.dumps(examples.get("shafaqna"))


def test_example_prints_the_seed_lineage() -> None:
    result = run("example", "shafaqna")
    assert result.code == 0
    assert native.loads(result.out) == examples.get("shafaqna")
    assert run("example").out == result.out


def test_example_list_and_unknown_names() -> None:
    listing = run("example", "--list").out
    for name in examples.names():
        assert name in listing
    result = run("example", "nope")
    assert result.code == 2
    assert "shafaqna" in result.err


def test_show_prints_a_tree_with_language_names() -> None:
    result = run("show", "-", stdin=SEED)
    assert result.code == 0
    assert "en-article · English · Shafaqna English · 2021-06-10" in result.out
    assert "└─ iq-statement · Arabic · Iraqi Presidency · Telegram" in result.out
    persian = run("show", "-", "--locale", "fa", stdin=SEED)
    assert "فارسی" in persian.out


def test_validate_clean_document() -> None:
    result = run("validate", "-", stdin=SEED)
    assert result.code == 0
    assert result.out == ""
    assert "1 document checked: no findings" in result.err


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.json")), ids=lambda p: p.stem)
def test_validate_json_output_matches_the_corpus(path: pathlib.Path) -> None:
    result = run("validate", "--format", "json", str(path))
    record = json.loads(result.out)
    expected = path.with_suffix(".findings").read_text().split()
    got = [part for f in record["findings"] for part in (f["code"], f["path"])]
    assert got == expected
    errors = any(f["severity"] == "error" for f in record["findings"])
    assert result.code == (1 if errors else 0)


def test_fail_on_warning_and_info() -> None:
    path = str(DATA / "invalid" / "pv202-non-canonical-tag.json")
    assert run("validate", path).code == 0
    assert run("validate", "--fail-on", "warning", path).code == 1
    relay = native.dumps(examples.get("relay"))
    assert run("validate", "-", stdin=relay).code == 0
    assert run("validate", "--fail-on", "info", "-", stdin=relay).code == 1


def test_select_and_ignore() -> None:
    path = str(DATA / "invalid" / "pv503-malformed-urls.json")
    assert run("validate", "--ignore", "PV503", path).code == 0
    assert run("validate", "--select", "PV1,PV2", path).code == 0
    assert run("validate", "--select", "pv5", path).code == 1
    bad = run("validate", "--select", "XX9", path)
    assert bad.code == 2
    assert "names no rule" in bad.err


def test_github_annotations_are_escaped() -> None:
    doc = json.loads(SEED)
    doc["subject"] = "a,b:c%\nd"
    result = run("validate", "--format", "github", "-", stdin=json.dumps(doc))
    (line,) = result.out.splitlines()
    assert line.startswith(
        "::error file=<stdin>,title=PV104::$.subject: the subject 'a,b:c%25\\nd'"
    )
    assert result.code == 1


def test_multiple_files_and_an_unreadable_one(tmp_path: pathlib.Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(SEED)
    result = run(
        "validate",
        str(good),
        str(tmp_path / "missing.json"),
        str(DATA / "invalid" / "pv104-unknown-subject.json"),
    )
    assert result.code == 2
    assert "missing.json: cannot read" in result.err
    assert "PV104" in result.out


def test_jsonl_reports_each_line_by_number() -> None:
    broken = '{"format": "provenance/1", "subject": '
    stream = "\n".join([SEED, broken, "", native.dumps(examples.get("relay")), "[]"]) + "\n"
    result = run("validate", "--jsonl", "--format", "json", "-", stdin=stream)
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r.get("line") for r in records] == [1, 2, 4, 5]
    assert records[0]["findings"] == []
    assert "error" in records[1]
    assert "error" in records[3]
    assert records[2]["findings"][0]["code"] == "PV207"
    assert result.code == 2


def test_digest_texts_from_the_command_line(tmp_path: pathlib.Path) -> None:
    import provenance

    text = (DATA / "seed" / "shafaqna-presidents-iraq-syria.txt").read_text(encoding="utf-8")
    doc = json.loads(SEED)
    doc["versions"][3]["digest"] = provenance.digest(text)
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    assert run("validate", "--text", f"en-article={article}", "-", stdin=json.dumps(doc)).code == 0
    article.write_text(text + " (updated)", encoding="utf-8")
    result = run("validate", "--text", f"en-article={article}", "-", stdin=json.dumps(doc))
    assert result.code == 1
    assert "PV502" in result.out
    assert run("validate", "--text", "nonsense", "-", stdin=SEED).code == 2


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"format": "provenance/1", "subject": }', "line 1, column 39: broken JSON"),
        (
            '{"format": "provenance/1", "subject": 1, "versions": "x"}',
            "$.subject: expected a string",
        ),
        ('{"format": "provenance/9", "subject": "x", "versions": []}', "unsupported format"),
        ("[" * 100_000, "nested too deeply"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "not UTF-8"),
        (b"\x00\x00\x00\x00", "binary"),
        ("", "empty"),
    ],
    ids=["broken-json", "wrong-types", "format-version", "deep-nesting", "binary", "nul", "empty"],
)
@pytest.mark.parametrize("command", ["validate", "show", "convert"])
def test_bad_input_exits_2_with_a_located_message(
    stdin: str | bytes, message: str, command: str
) -> None:
    argv = [command, "-"] + (["--to", "native"] if command == "convert" else [])
    result = run(*argv, stdin=stdin)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_convert_writes_whole_or_not_at_all(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "out.json"
    assert run("convert", "-", "--to", "native", "-o", str(out), stdin=SEED).code == 0
    assert out.read_text() == SEED + "\n"
    assert run("convert", "-", "--to", "native", "-o", str(out), stdin="{broken").code == 2
    assert out.read_text() == SEED + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    denied = run(
        "convert", "-", "--to", "native", "-o", str(tmp_path / "no" / "x.json"), stdin=SEED
    )
    assert denied.code == 2
    assert "cannot write" in denied.err


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "-"),
        ("show", "-", "--format", "mermaid"),
        ("credit", "-"),
        ("credit", "-", "--locale", "fa"),
        ("example", "shafaqna"),
    ],
    ids=" ".join,
)
def test_every_writing_verb_takes_output_and_writes_what_it_prints(
    argv: tuple[str, ...], tmp_path: pathlib.Path
) -> None:
    printed = run(*argv, stdin=SEED)
    assert printed.code == 0
    out = tmp_path / "out.txt"
    written = run(*argv, "-o", str(out), stdin=SEED)
    assert (written.code, written.out) == (0, "")
    assert out.read_text(encoding="utf-8") == printed.out
    assert run(*argv, "-o", "-", stdin=SEED).out == printed.out


def test_show_output_is_left_alone_when_the_input_is_bad(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "tree.txt"
    out.write_text("before\n")
    result = run("show", "-", "-o", str(out), stdin="{broken")
    assert result.code == 2
    assert out.read_text() == "before\n"


def test_credit_output_of_an_original_is_an_empty_file(tmp_path: pathlib.Path) -> None:
    lineage = examples.get("shafaqna")
    origin = lineage.origins()[0]
    alone = attrs.evolve(lineage, subject=origin.id, versions=(origin,), derivations=())
    out = tmp_path / "credit.txt"
    result = run("credit", "-", "-o", str(out), stdin=native.dumps(alone))
    assert (result.code, out.read_text()) == (0, "")


def test_convert_is_canonical_and_lists_formats_when_unknown() -> None:
    pretty = native.dumps(examples.get("shafaqna"), indent=4)
    assert run("convert", "-", "--to", "native", stdin=pretty).out == SEED + "\n"
    result = run("convert", "-", "--to", "yaml", stdin=SEED)
    assert result.code == 2
    assert "known formats: " in result.err
    assert "native" in result.err.split("known formats: ")[1]


def test_usage_errors_exit_2() -> None:
    assert run("frobnicate").code == 2
    assert run().code == 2
    assert run("validate", "--format", "xml", "-").code == 2
    help_text = run("validate", "--help")
    assert help_text.code == 0
    assert "--fail-on" in help_text.out
    assert run("--version").out.startswith("provenance ")


def test_python_dash_m_and_pipes_work_end_to_end(tmp_path: pathlib.Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    example = subprocess.run(
        [sys.executable, "-m", "provenance", "example", "shafaqna"],
        capture_output=True,
        check=True,
        env=env,
    )
    shown = subprocess.run(
        [sys.executable, "-m", "provenance", "show", "-"],
        input=example.stdout,
        capture_output=True,
        env=env,
    )
    assert shown.returncode == 0
    assert "fa-article · Persian" in shown.stdout.decode()
    garbage = subprocess.run(
        [sys.executable, "-m", "provenance", "validate", "-"],
        input=os.urandom(512),
        capture_output=True,
        env=env,
    )
    assert garbage.returncode == 2
    assert b"Traceback" not in garbage.stderr


def _stream_of(count: int, broken: set[int]) -> str:
    lines = []
    for number in range(1, count + 1):
        if number in broken:
            lines.append('{"format": "provenance/1", "subject": ')
        else:
            doc = json.loads(SEED)
            doc["subject"] = "en-article" if number % 3 else "missing"
            lines.append(json.dumps(doc))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_jsonl_jobs_keep_input_order_and_line_numbers(jobs: str) -> None:
    stream = _stream_of(50, broken={7, 31})
    result = run("validate", "--jsonl", "--jobs", jobs, "--format", "json", "-", stdin=stream)
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["line"] for r in records] == list(range(1, 51))
    assert [r["line"] for r in records if "error" in r] == [7, 31]
    flagged = [r["line"] for r in records if r.get("findings")]
    assert flagged == [n for n in range(3, 51, 3) if n not in (7, 31)]
    assert result.code == 2


def test_validate_jobs_needs_jsonl() -> None:
    result = run("validate", "--jobs", "2", "-", stdin=SEED)
    assert result.code == 2
    assert "--jobs goes with --jsonl" in result.err
    assert run("validate", "--jsonl", "--jobs", "-1", "-", stdin=SEED).code == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_jsonl_writes_one_line_per_input(jobs: str, tmp_path: pathlib.Path) -> None:
    stream = _stream_of(20, broken={4})
    out = tmp_path / "out.jsonl"
    result = run(
        "convert", "-", "--to", "native", "--jsonl", "--jobs", jobs, "-o", str(out), stdin=stream
    )
    assert result.code == 2
    assert "<stdin>:4: " in result.err
    lines = out.read_text().splitlines()
    assert len(lines) == 20
    assert lines[3] == "null"
    assert native.loads(lines[0]) == native.loads(stream.splitlines()[0])


def test_convert_jsonl_text_formats_are_json_strings() -> None:
    result = run("convert", "-", "--to", "mermaid", "--jsonl", stdin=SEED + "\n" + SEED + "\n")
    first, second = result.out.splitlines()
    assert json.loads(first).startswith("flowchart")
    assert first == second
    assert "warning:" in result.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_badge_jsonl_jobs_name_files_by_subject(jobs: str, tmp_path: pathlib.Path) -> None:
    docs = []
    for number in range(12):
        doc = json.loads(SEED)
        doc["subject"] = doc["versions"][3]["id"] = f"article-{number}"
        doc["derivations"][1]["target"] = f"article-{number}"
        docs.append(json.dumps(doc))
    docs.insert(5, "{broken")
    out = tmp_path / "badges"
    result = run("badge", "--jsonl", "--jobs", jobs, "-o", str(out), "-", stdin="\n".join(docs))
    assert result.code == 2
    assert "<stdin>:6: " in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"article-{n}.svg" for n in range(12))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_jsonl_jobs_keep_order(jobs: str) -> None:
    records = [
        {
            "text": "This news is originally published by Shafaqna Persian and translated by "
            "Shafaqna English",
            "page_language": "en",
        },
        {"text": "You can paste the URL into Google Translate."},
        "not an object but a string: (Translated by Google)",
        {"text": 42},
    ] * 5
    stream = "\n".join(json.dumps(r) for r in records) + "\n"
    result = run("extract", "--jsonl", "--jobs", jobs, "-", stdin=stream)
    lines = result.out.splitlines()
    assert len(lines) == 20
    assert native.loads(lines[0]).languages() == ("fa", "en")
    assert lines[1] == "null"
    assert native.loads(lines[2]).involves_machine()
    assert lines[3] == "null"
    assert "<stdin>:4: " in result.err
    assert result.code == 2


# -- found in review: output files, streams and hostile text ----------------------------------


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(
    tmp_path: pathlib.Path,
) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run("convert", "-", "--to", "native", "-o", str(link), stdin=SEED).code == 0
    assert link.is_symlink()
    assert target.read_text() == SEED + "\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_output_files_get_the_umask_not_0600(tmp_path: pathlib.Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "new.json"
        assert run("convert", "-", "--to", "native", "-o", str(out), stdin=SEED).code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_output_to_a_fifo_is_written_not_replaced(tmp_path: pathlib.Path) -> None:
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert run("convert", "-", "--to", "native", "-o", str(fifo), stdin=SEED).code == 0
    reader.join(timeout=10)
    assert received == [SEED + "\n"]
    assert fifo.is_fifo()


def test_output_to_a_directory_is_a_located_error(tmp_path: pathlib.Path) -> None:
    result = run("convert", "-", "--to", "native", "-o", str(tmp_path), stdin=SEED)
    assert result.code == 2
    assert "is a directory" in result.err


def test_lone_surrogates_are_located_parse_errors() -> None:
    doc = json.loads(SEED)
    doc["versions"][3]["title"] = "Flood \ud83c"
    text = json.dumps(doc)  # escapes it as \ud83c, as JavaScript would
    for argv in (["show", "-"], ["convert", "-", "--to", "jsonld"], ["validate", "-"]):
        result = run(*argv, stdin=text)
        assert result.code == 2
        assert "$.versions[3].title: a lone UTF-16 surrogate" in result.err
    mixed = "\n".join([SEED, text, SEED]) + "\n"
    streamed = run("convert", "-", "--to", "native", "--jsonl", stdin=mixed)
    assert streamed.out.splitlines()[1] == "null"
    assert streamed.out.splitlines()[2] == SEED
    assert streamed.code == 2


def test_indent_only_where_the_format_takes_it() -> None:
    result = run("convert", "-", "--to", "mermaid", "--indent", "2", stdin=SEED)
    assert result.code == 2
    assert "--indent does not apply to mermaid" in result.err
    assert run("convert", "-", "--to", "native", "--indent", "-3", stdin=SEED).code == 2


def test_an_empty_select_is_a_usage_error_not_silence() -> None:
    path = str(DATA / "invalid" / "pv401-machine-without-software.json")
    for empty in ("", ",,,"):
        result = run("validate", "--select", empty, path)
        assert result.code == 2
        assert "no codes given" in result.err


class _ClosingPipe(io.StringIO):
    """A stdout whose reader goes away after the first line."""

    def write(self, text: str) -> int:
        if self.getvalue():
            raise BrokenPipeError
        return super().write(text)


def test_a_closed_pipe_keeps_the_exit_code_reached() -> None:
    path = str(DATA / "invalid" / "pv102-unknown-references.json")
    err = io.StringIO()
    code = cli.run(["validate", path], stdin=io.StringIO(), stdout=_ClosingPipe(), stderr=err)
    assert code == 1
    code = cli.run(["example"], stdin=io.StringIO(), stdout=_ClosingPipe(), stderr=err)
    assert code == 0


def test_show_escapes_terminal_controls_and_bidi_overrides() -> None:
    doc = json.loads(SEED)
    doc["agents"][3]["name"] = "Shafaqna\x1b[31m English\u202e"
    doc["versions"][3]["title"] = "Title\x07"
    out = run("show", "-", stdin=json.dumps(doc)).out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "Shafaqna\\x1b[31m English\\u202e" in out


def test_show_escapes_line_separators_and_zero_width_spaces() -> None:
    doc = json.loads(SEED)
    doc["agents"][3]["name"] = "Shafaqna\u2028forged line\u200b"
    out = run("show", "-", stdin=json.dumps(doc)).out
    assert "\u2028" not in out
    assert "\u200b" not in out
    assert "Shafaqna\\u2028forged line\\u200b" in out


@pytest.mark.parametrize("form", ["text", "github", "json"])
def test_keys_with_terminal_controls_are_escaped_in_error_paths(form: str) -> None:
    doc = json.loads(SEED)
    doc["agents"][0]["\x1b]0;owned\x07\x1b[2J"] = 1
    doc["extensions"] = {"\u202ex": 1}
    text = json.dumps(doc).replace('"x": 1', '"x": 1, "x": 2')
    result = run("validate", "--format", form, "-", stdin=text)
    assert result.code == 2
    shown = result.out + result.err
    assert not {"\x1b", "\x07", "\u202e"} & set(shown)
    assert "['\\x1b]0;owned\\x07\\x1b[2J']" in shown.replace("\\\\", "\\")


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_lone_surrogate_in_a_key_is_located_and_exit_2(form: str) -> None:
    doc = json.loads(SEED)
    doc["extensions"] = {"\udc00": 1}
    result = run("validate", "--format", form, "-", stdin=json.dumps(doc))
    assert result.code == 2
    shown = result.out + result.err
    assert "extensions['" in shown
    assert "udc00']" in shown
    assert "lone UTF-16 surrogate" in shown
    shown.encode("utf-8")  # no surrogate reached the output


def test_a_lone_surrogate_key_in_jsonl_spoils_only_its_line() -> None:
    doc = json.loads(SEED)
    doc["extensions"] = {"\udc00": 1}
    lines = json.dumps(doc) + "\n" + SEED + "\n"
    result = run("validate", "--jsonl", "-", stdin=lines)
    assert result.code == 2
    assert "<stdin>:1: $.extensions['\\udc00']" in result.err
    assert "1 document checked: no findings; 1 could not be read" in result.err


def test_json_errors_keep_json_paths_and_github_sees_missing_files() -> None:
    result = run("validate", "--format", "json", "-", stdin='{"format": ')
    (problem,) = json.loads(result.out)["error"]
    assert problem["path"] == "$"
    assert (problem["line"], problem["column"]) == (1, 12)
    missing = run("validate", "--format", "github", "no-such-file.json")
    assert missing.out.startswith("::error file=no-such-file.json,title=unreadable::")
    assert missing.code == 2


def test_closed_stdin_and_legacy_encodings_do_not_crash(tmp_path: pathlib.Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(SEED, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    shown = subprocess.run(
        [sys.executable, "-m", "provenance", "credit", str(seed), "--locale", "fa"],
        capture_output=True,
        env=env,
    )
    assert shown.returncode == 0
    assert "فارسی" in shown.stdout.decode("utf-8")
    closed = subprocess.run(
        [sys.executable, "-m", "provenance", "show", "-"],
        capture_output=True,
        preexec_fn=lambda: os.close(0),
    )
    assert closed.returncode == 2
    assert b"Traceback" not in closed.stderr


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: pathlib.Path) -> None:
    import signal
    import time

    source = tmp_path / "in.jsonl"
    source.write_text((SEED + "\n") * 20_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provenance",
            "convert",
            str(source),
            "--to",
            "prov-o",
            "--jsonl",
            "-o",
            str(out),
        ],
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert not list(tmp_path.glob(".provenance-*.tmp"))
    # Stopped by SIGTERM (143; -15 when it came before Python had loaded provenance, as the
    # shell also reports as 143): nothing half-written at the target.
    if process.returncode in (143, -signal.SIGTERM):
        assert not out.exists()
    else:  # it had finished: the whole output is there
        assert process.returncode in (0, 2)
        assert len(out.read_text().splitlines()) == 20_000


@pytest.mark.parametrize("verb", ["validate", "convert", "badge", "extract"])
def test_jsonl_on_pretty_printed_json_says_so(verb: str) -> None:
    pretty = native.dumps(examples.get("shafaqna"), indent=2) + "\n"
    argv = [verb, "--jsonl", "-"] + (["--to", "native"] if verb == "convert" else [])
    result = run(*argv, stdin=pretty)
    assert result.code == 2
    first, *rest = [line for line in result.err.splitlines() if line.startswith("<stdin>:")]
    assert first.startswith("<stdin>:1: ")
    assert "looks like pretty-printed JSON, not JSON Lines" in first
    assert rest  # the other lines are still reported, without the hint
    assert not any("pretty-printed" in line for line in rest)


def test_jsonl_hint_is_only_for_a_line_that_opens_a_document() -> None:
    result = run("validate", "--jsonl", "-", stdin='{"format": \n')
    assert result.code == 2
    assert "pretty-printed" not in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ("convert", "-", "--to", "mermaid"),
        ("show", "-", "--format", "mermaid"),
        ("convert", "--jsonl", "-", "--to", "mermaid"),
    ],
    ids=" ".join,
)
def test_quiet_silences_loss_warnings_only(argv: tuple[str, ...]) -> None:
    stdin = SEED + "\n"
    loud = run(*argv, stdin=stdin)
    assert "warning: mermaid drops" in loud.err
    quiet = run(*argv, "-q", stdin=stdin)
    assert (quiet.code, quiet.out) == (loud.code, loud.out)
    assert "warning" not in quiet.err
    broken = run(*argv, "--quiet", stdin="{broken\n")
    assert broken.code == 2
    assert "broken JSON" in broken.err  # errors are never silenced


def test_validate_jsonl_json_records_are_json_dumps_of_the_record(tmp_path: pathlib.Path) -> None:
    # Clean lines take a shortcut that writes the record as text; it must be the same bytes.
    path = tmp_path / 'odd "näme".jsonl'
    relay = native.dumps(examples.get("relay"))  # one PV207 finding: the long way
    path.write_text(f"{SEED}\n\n{relay}\n{SEED}\n", encoding="utf-8")
    result = run("validate", "--jsonl", "--format", "json", str(path))
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [(r["line"], len(r["findings"])) for r in records] == [(1, 0), (3, 1), (4, 0)]
    for text, record in zip(result.out.splitlines(), records, strict=True):
        assert text == json.dumps(record, ensure_ascii=False)
        assert record["source"] == str(path)


_UNDATED = '{"@context": "https://schema.org", "@type": "NewsArticle", "inLanguage": "en", '
_UNDATED += '"datePublished": "sometime last June"}'


@pytest.mark.parametrize("jsonl", [False, True])
def test_what_reading_drops_is_a_warning_line_that_quiet_leaves_out(jsonl: bool) -> None:
    argv = ["convert", "-", "--from", "jsonld", "--to", "native"] + (["--jsonl"] if jsonl else [])
    loud = run(*argv, stdin=_UNDATED + "\n")
    assert loud.code == 0
    summary = ["1 document converted"] if jsonl else []  # a stream ends with its summary
    (warning, *rest) = loud.err.splitlines()
    assert rest == summary
    assert warning.startswith("provenance: ")
    assert "warning: jsonld reading drops datePublished 'sometime last June'" in warning
    assert "LossWarning" not in loud.err  # not Python's own warning format
    quiet = run(*argv, "-q", stdin=_UNDATED + "\n")
    assert (quiet.code, quiet.out, quiet.err.splitlines()) == (0, loud.out, summary)


def test_loss_warnings_show_user_data_with_its_controls_escaped() -> None:
    doc = json.loads(SEED)
    doc["versions"][0]["medium"] = "Tele\x1b]0;owned\x07gram\u202e"
    doc["extensions"] = {"\x1b[2Jkey": 1}
    result = run("convert", "--to", "jsonld", "-", stdin=json.dumps(doc))
    assert result.code == 0
    assert not {"\x1b", "\x07", "\u202e"} & set(result.err)
    assert "Tele\\x1b]0;owned\\x07gram\\u202e" in result.err
    assert "\\x1b[2Jkey" in result.err


def test_convert_base_names_the_namespace_of_minted_ids() -> None:
    base = "https://example.org/articles/42/"
    for to in ("jsonld", "prov-n", "prov-o", "prov-json"):
        result = run("convert", "-", "--to", to, "--base", base, "-q", stdin=SEED)
        assert result.code == 0, result.err
        assert base in result.out
        assert "urn:provenance:" not in result.out
    lines = run("convert", "-", "--jsonl", "--to", "jsonld", "--base", base, stdin=SEED)
    assert lines.code == 0
    assert json.loads(lines.out)["@graph"][0]["@id"] == base + "en-article"


def test_convert_base_is_refused_where_nothing_is_minted_or_when_malformed() -> None:
    result = run("convert", "-", "--to", "mermaid", "--base", "urn:x:", stdin=SEED)
    assert result.code == 2
    assert result.err == "provenance convert: error: --base does not apply to mermaid\n"
    bad = run("convert", "-", "--to", "jsonld", "--base", "my base", stdin=SEED)
    assert bad.code == 2
    assert "base IRI 'my base': must be an absolute IRI with a scheme" in bad.err
    assert bad.out == ""


# -- main(), in this process ----------------------------------------------------------------


class _Failing(io.StringIO):
    """Standard output that takes writes but fails when flushed, as a full disk does."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error


@pytest.fixture
def process(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """main() as the process's entry point, with its signal handlers put back afterwards (the
    test sets the streams: pytest's capture sets them again between setup and call)."""
    import signal

    from provenance import _cli_console

    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    alarm = signal.getsignal(signal.SIGALRM)
    yield monkeypatch
    signal.setitimer(signal.ITIMER_REAL, 0)  # a stop's alarm still armed would end pytest
    for signum, handler in kept.items():
        signal.signal(signum, handler)
    signal.signal(signal.SIGALRM, alarm)
    _cli_console._state.deferring, _cli_console._state.pending = 0, None
    _cli_console._state.stopped = False


def test_main_runs_the_arguments_of_the_process(process: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    process.setattr(sys, "stdin", io.StringIO(SEED))
    process.setattr(sys, "stdout", out)
    process.setattr(sys, "stderr", io.StringIO())
    process.setattr(sys, "argv", ["provenance", "validate", "--format", "json", "-"])
    assert cli.main() == 0
    assert json.loads(out.getvalue()) == {"source": "<stdin>", "findings": []}


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (BrokenPipeError(32, "Broken pipe"), 0, ""),  # the reader left: nothing to say
        (
            OSError(28, "No space left on device"),
            2,
            "provenance: cannot write to standard output: No space left on device\n",
        ),
    ],
)
def test_main_says_when_the_output_cannot_be_written(
    process: pytest.MonkeyPatch, error: OSError, code: int, message: str
) -> None:
    process.setattr(sys, "stdout", _Failing(error))
    process.setattr(sys, "stderr", io.StringIO())
    process.setattr(sys, "argv", ["provenance", "example", "shafaqna"])
    assert cli.main() == code
    assert sys.stderr.getvalue() == message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("stop", "code"),
    [(KeyboardInterrupt(), 130), ("SIGTERM", 143), ("SIGHUP", 129)],
)
def test_main_exits_as_the_stop_signal_asks(
    process: pytest.MonkeyPatch, stop: BaseException | str, code: int
) -> None:
    import signal

    from provenance._cli_console import Stopped

    raised = Stopped(getattr(signal, stop)) if isinstance(stop, str) else stop

    def interrupted(*args: object, **kwargs: object) -> int:
        raise raised

    process.setattr(sys, "stdout", io.StringIO())
    process.setattr(sys, "stderr", io.StringIO())
    process.setattr(cli, "run", interrupted)
    assert cli.main() == code
    assert sys.stderr.getvalue() == ""  # type: ignore[attr-defined]


def test_github_annotations_name_the_line_of_a_stream_and_of_a_file() -> None:
    relay = native.dumps(examples.get("relay"))
    result = run(
        "validate", "--format", "github", "--jsonl", "-", stdin=relay + '\n{"format": "x"\n'
    )
    assert result.code == 2
    assert result.out.splitlines() == [
        "::notice file=<stdin>,line=1,title=PV207::$.derivations[1].sources[0]: 'hi-story' is "
        "translated from 'en-story', itself a translation (relay translation)",
        "::error file=<stdin>,line=2,title=unreadable::line 1, column 15: broken JSON: "
        "Expecting ',' delimiter",
    ]
    result = run("validate", "--format", "github", "-", stdin='{"format": "x",\n "subject": }')
    assert (result.code, result.out) == (
        2,
        "::error file=<stdin>,line=2,col=13,title=unreadable::line 2, column 13: broken JSON: "
        "Expecting value\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["show", "--locale", "xx-!!", "-"],
            "provenance show: error: --locale 'xx-!!' is not a language tag (try 'en' or 'fa')",
        ),
        (
            ["validate", "--text", "en-article=-", "-"],
            "provenance validate: error: standard input cannot hold both a text and a lineage",
        ),
        (
            ["convert", "--html", "--to", "native", "-"],
            "provenance convert: error: --html goes with --to jsonld",
        ),
        (
            ["convert", "--jsonl", "--indent", "2", "--to", "native", "-"],
            "provenance convert: error: with --jsonl each document is one line; --indent and "
            "--html do not apply",
        ),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(argv: list[str], message: str) -> None:
    result = run(*argv, stdin=SEED)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["convert", "--indent", "x", "--to", "native"],
            "argument --indent: 'x' is not a whole number",
        ),
        (
            ["validate", "--max-bytes", "64Q"],
            "argument --max-bytes: '64Q' is not a size: give bytes, or a number with K, M or G "
            "(64M)",
        ),
        (
            ["validate", "--max-bytes", "0.5"],
            "argument --max-bytes: give a size of at least 1 byte",
        ),
        (["validate", "--jsonl", "--jobs", "x"], "argument --jobs: 'x' is not a whole number"),
        (["validate", "--jsonl", "--jobs", "-1"], "argument --jobs: give 0 (one per CPU) or more"),
    ],
)
def test_option_values_are_checked_with_the_reason(argv: list[str], message: str) -> None:
    result = run(*argv, "-", stdin=SEED)
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"provenance {argv[0]}: error: {message}\n",
    )


@pytest.mark.parametrize("jsonl", [[], ["--jsonl"]])
def test_a_file_that_cannot_be_read_is_named_with_the_reason(
    tmp_path: pathlib.Path, jsonl: list[str]
) -> None:
    missing = tmp_path / "missing.json"
    result = run("validate", *jsonl, str(missing))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"provenance: {missing}: cannot read: No such file or directory\n"
        "0 documents checked: no findings; 1 could not be read\n"
    )


def test_validate_reads_standard_input_when_no_file_is_named() -> None:
    result = run("validate", "--format", "json", stdin=SEED)
    assert (result.code, result.out) == (0, '{"source": "<stdin>", "findings": []}\n')


def test_a_text_for_no_version_is_an_annotation_in_github_form(tmp_path: pathlib.Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("…", encoding="utf-8")
    result = run("validate", "--format", "github", "--text", f"en-artcle={text}", "-", stdin=SEED)
    assert result.code == 2
    assert result.out == (
        "::error file=--text,title=unreadable::--text en-artcle=…: no document has a version "
        "'en-artcle', so its digest was not checked; did you mean 'en-article'? (versions: "
        "en-article, fa-article, iq-statement, sy-statement)\n"
    )


# -- stop signals, in this process ------------------------------------------------------------


def test_a_stop_signal_raises_once_then_is_only_noted(process: pytest.MonkeyPatch) -> None:
    import signal
    import time

    from provenance import _cli_console

    def signalled() -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises as soon as the signal arrives

    _cli_console.install()
    with pytest.raises(_cli_console.Stopped) as stop:
        signalled()
    assert (stop.value.exit_code, str(stop.value)) == (143, "SIGTERM")
    os.kill(os.getpid(), signal.SIGINT)  # while unwinding: noted, never raised
    time.sleep(0.05)
    assert _cli_console.stop_code() == 143  # the first signal's code


class _SignalledWhileWriting(io.StringIO):
    """A stream that receives a stop signal in the middle of each write."""

    def __init__(self, pause: float) -> None:
        super().__init__()
        self.pause = pause

    def write(self, text: str) -> int:
        import signal
        import time

        half = len(text) // 2
        super().write(text[:half])
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(self.pause)
        return half + super().write(text[half:])


def test_a_line_being_written_is_finished_before_the_stop(process: pytest.MonkeyPatch) -> None:
    from provenance import _cli_console

    _cli_console.install()
    raw = _SignalledWhileWriting(pause=0.05)
    out, _ = _cli_console.ConsoleStream.pair(raw, io.StringIO())
    with pytest.raises(_cli_console.Stopped):
        out.write('{"line": 1}\n')
    assert raw.getvalue() == '{"line": 1}\n'


def test_a_write_blocked_for_more_than_a_second_is_cut_by_the_stop(
    process: pytest.MonkeyPatch,
) -> None:
    """A reader that stopped reading must not hold the stop back for ever."""
    from provenance import _cli_console

    _cli_console.install()
    raw = _SignalledWhileWriting(pause=10.0)  # the sleep is cut by the alarm after a second
    out, _ = _cli_console.ConsoleStream.pair(raw, io.StringIO())
    with pytest.raises(_cli_console.Stopped):
        out.write('{"line": 1}\n')
    assert raw.getvalue() == '{"line'


def test_a_file_that_cannot_be_read_is_a_json_record_in_json_form(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("validate", "--format", "json", str(missing))
    assert result.code == 2
    assert json.loads(result.out) == {
        "source": str(missing),
        "error": [{"path": "$", "message": f"{missing}: cannot read: No such file or directory"}],
    }


@pytest.mark.parametrize(
    ("argv", "stdin", "err"),
    [
        (["page", "-", "-"], "", "provenance page: error: standard input can be read once\n"),
        (
            ["page", "--warc", "-"],
            "WARC/1.0",
            "provenance: <stdin>: a WARC file is bytes: give a file name\n0 documents read\n",
        ),
        (["page", "-"], "", "provenance: <stdin>: the page is empty\n"),
        (
            ["page", "-"],
            "\x00\x01",
            "provenance: <stdin>: no HTML markup: this is not an HTML page\n",
        ),
    ],
)
def test_page_input_it_cannot_use_is_named(argv: list[str], stdin: str, err: str) -> None:
    pytest.importorskip("trafilatura")  # the web extra
    result = run(*argv, stdin=stdin)
    assert (result.code, result.out, result.err) == (2, "", err)


def test_a_format_that_cannot_be_read_lists_those_that_can() -> None:
    result = run("convert", "--from", "dot", "--to", "native", "-", stdin=SEED)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "provenance: format 'dot' cannot be read; readable: jsonld, native, prov-json\n"
    )
