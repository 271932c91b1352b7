"""What every verb of the command line does the same way: the summary line after a --jsonl
stream, a terminal on stdin, --text for an unknown version, and broken UTF-8."""

from __future__ import annotations

import io
import json
import pathlib

import pytest

from provenance import cli, digest, examples
from provenance.formats import native

from .test_cli import SEED, run

BAD = '{"format": "provenance/1"'
CREDIT = '{"text": "Translated from Persian by Ali Rezaei", "page_language": "en"}'


@pytest.mark.parametrize(
    ("argv", "good", "summary"),
    [
        (["validate"], SEED, "2 documents checked: no findings; 1 could not be read"),
        (
            ["validate", "--format", "json"],
            SEED,
            "2 documents checked: no findings; 1 could not be read",
        ),
        (["convert", "--to", "native"], SEED, "2 documents converted; 1 could not be read"),
        (["badge"], SEED, "2 documents badged; 1 could not be read"),
        (["extract"], CREDIT, "2 documents read: 2 lineages found; 1 could not be read"),
    ],
)
def test_every_jsonl_verb_ends_with_the_same_summary_line(
    argv: list[str], good: str, summary: str
) -> None:
    result = run(*argv, "--jsonl", "-", stdin="\n".join([good, BAD, good]) + "\n")
    assert result.code == 2
    assert result.err.splitlines()[-1] == summary


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate"], "provenance validate: error: give lineage FILEs ('-' reads stdin)"),
        (["badge"], "provenance badge: error: give a lineage FILE ('-' reads stdin) or --message"),
        (["extract"], "provenance extract: error: give the credit line as TEXT, '-' or --file"),
    ],
)
def test_no_input_named_and_a_terminal_on_stdin_says_what_to_give(
    argv: list[str], expected: str
) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(argv, stdin=Terminal(), stdout=out, stderr=err)
    assert code == 2
    assert err.getvalue() == expected + "\n"
    # '-' named on purpose still reads the terminal (here: what was typed before Ctrl-D).
    typed = Terminal(SEED if argv[0] != "extract" else "Translated by Ali")
    assert cli.run([*argv, "-"], stdin=typed, stdout=out, stderr=err) == 0


def test_text_for_an_unknown_version_is_an_error(tmp_path: pathlib.Path) -> None:
    lineage, text = tmp_path / "seed.json", tmp_path / "article.txt"
    lineage.write_text(SEED, encoding="utf-8")
    text.write_text("The Presidents of Iraq and Syria …", encoding="utf-8")
    result = run("validate", str(lineage), "--text", f"en-artcle={text}")
    assert result.code == 2
    assert (
        "provenance: --text en-artcle=…: no document has a version 'en-artcle', so its digest "
        "was not checked; did you mean 'en-article'?"
    ) in result.err
    assert run("validate", str(lineage), "--text", f"en-article={text}").code == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_text_for_a_version_no_line_has_is_an_error_in_a_stream_too(
    tmp_path: pathlib.Path, jobs: str
) -> None:
    text = tmp_path / "article.txt"
    text.write_text("The Presidents of Iraq and Syria …", encoding="utf-8")
    relay = native.dumps(examples.get("relay"))
    stream = "\n".join([relay, SEED.replace("\n", ""), relay]) + "\n"
    argv = ["validate", "--jsonl", "--jobs", jobs, "-"]
    result = run(*argv, "--text", f"en-artcle={text}", stdin=stream)
    assert result.code == 2
    assert result.err.splitlines() == [
        "provenance: --text en-artcle=…: no document has a version 'en-artcle', so its digest "
        "was not checked",
        "3 documents checked: 2 finding(s) (2 info); 1 could not be read",
    ]
    # Only the second line has the version: the text applies to it, and is no error; it is
    # checked against the version's digest.
    assert run(*argv, "--text", f"en-article={text}", stdin=stream).code == 0
    document = json.loads(SEED)
    document["versions"][3]["digest"] = digest("another text")
    stream = "\n".join([relay, json.dumps(document), relay]) + "\n"
    result = run(*argv, "--format", "json", "--text", f"en-article={text}", stdin=stream)
    assert result.code == 1
    found = [json.loads(line)["findings"] for line in result.out.splitlines()]
    assert [[f["code"] for f in line] for line in found] == [["PV207"], ["PV502"], ["PV207"]]
    assert found[1][0]["path"] == "$.versions[3].digest"
    # No line was read: the text is not blamed for it.
    assert run(*argv, "--text", f"en-artcle={text}", stdin="[]\n").err.splitlines()[-1] == (
        "0 documents checked: no findings; 1 could not be read"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate", "{path}"], "{path}: $: not UTF-8 text: byte 6 (line 2, column 3) is 0xff"),
        (
            ["extract", "--file", "{path}"],
            "{path}: not UTF-8 text: byte 6 (line 2, column 3) is 0xff",
        ),
        (
            ["validate", "{seed}", "--text", "en-article={path}"],
            "{path}: the text of 'en-article': not UTF-8 text: byte 6 (line 2, column 3) is 0xff",
        ),
    ],
)
def test_broken_utf8_is_located_the_same_way_everywhere(
    argv: list[str], expected: str, tmp_path: pathlib.Path
) -> None:
    path, seed = tmp_path / "bad.txt", tmp_path / "seed.json"
    path.write_bytes(b"ok\nca\xffe")
    seed.write_text(native.dumps(examples.get("shafaqna")), encoding="utf-8")
    names = {"path": str(path), "seed": str(seed)}
    result = run(*(arg.format(**names) for arg in argv))
    assert result.code == 2
    assert expected.format(**names) in result.err


def test_broken_utf8_in_a_jsonl_line_is_located_in_that_line() -> None:
    for verb in (["validate"], ["extract"]):
        result = run(*verb, "--jsonl", "-", stdin=b'{"text": "ab\xff"}\n')
        assert result.code == 2
        assert "<stdin>:1: " in result.err
        assert "not UTF-8 text: byte 13 is 0xff" in result.err
