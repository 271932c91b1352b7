"""``provenance extract``: read the lineage a credit line states.

- ``provenance extract "Translated from Persian by …"``: the line as an argument;
- ``provenance extract -`` or ``--file F``: the line is the whole of stdin or of F;
- ``--jsonl``: each input line is ``{"text": …, "page_language": …, "page_publisher": …}``;
  each output line is the compact native lineage, or ``null``. A bad input line gives ``null``
  and a located message on stderr, the rest go on, and the exit code is 2 at the end.

A line that is not a credit line prints ``null`` and exits 0: "nothing to extract" is an
answer, not an error. ``--explain`` shows which words fed which field.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import TYPE_CHECKING, Any

from provenance._cli_io import (
    EXIT_OK,
    EXIT_UNUSABLE,
    MAX_INDENT,
    Streams,
    Unreadable,
    UsageError,
    add_jobs_option,
    batch_results,
    check_jobs,
    emit,
    expect_input,
    indent,
    output_stream,
    summarize,
)
from provenance._text_safety import visible
from provenance.errors import value_at

if TYPE_CHECKING:
    from provenance.model import Lineage

NAME = "extract"
HELP = "read the lineage a credit line states ('Translated from Persian by …')"
READS_LINEAGES = False  # it reads credit lines: --max-sources would mean nothing here
DESCRIPTION = (
    "Read a credit line (TEXT, '-' or --file for stdin or a file) and print the lineage it "
    "states as native JSON, or null if it is not a credit line (exit 0 either way). With "
    "--jsonl, read one JSON object per line and write one lineage or null per line. "
    "--page-language and --page-publisher describe the page the line sits on: they fill the "
    "subject's language and publisher when the line does not say."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text",
        nargs="?",
        default=None,
        metavar="TEXT",
        help="the credit line; '-' reads it from stdin",
    )
    parser.add_argument(
        "--file",
        metavar="F",
        default=None,
        help="read the credit line (or, with --jsonl, the JSON Lines) from F; '-' is stdin",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='input lines are {"text": …, "page_language": …, "page_publisher": …}; '
        "output one compact lineage or null per line",
    )
    add_jobs_option(parser)
    parser.add_argument(
        "--page-language",
        metavar="TAG",
        default=None,
        help="the language of the page the line is on (a tag such as 'en', or a name)",
    )
    parser.add_argument(
        "--page-publisher",
        metavar="NAME",
        default=None,
        help="the outlet whose page it is",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="show each extracted field with the words it came from, instead of JSON",
    )
    parser.add_argument(
        "--indent",
        type=indent,
        default=2,
        metavar="N",
        help=f"indentation of the JSON (default 2; 0 for compact; at most {MAX_INDENT})",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default=None,
        help="write here (whole or not at all) instead of standard output",
    )


def execute(args: argparse.Namespace, streams: Streams) -> int:
    check_jobs(args, "extract")
    from provenance.credits import extract

    if args.text is not None and args.file is not None and args.text != "-":
        raise UsageError("provenance extract: error: give TEXT or --file, not both")
    source = args.file if args.file is not None else ("-" if args.text in (None, "-") else None)
    if args.jsonl:
        if args.explain:
            raise UsageError("provenance extract: error: --explain reads one line, not --jsonl")
        if source is None:
            raise UsageError("provenance extract: error: --jsonl reads --file F or stdin ('-')")
        return _jsonl(args, streams, source)
    if source is None:
        text = args.text
    else:
        if args.text is None and args.file is None:
            expect_input(streams, "extract", "give the credit line as TEXT, '-' or --file")
        text = _decode(streams.read(source), source)
    lineage = _extract(extract, text, args.page_language, args.page_publisher, "--page-language")
    if args.explain:
        output = explain(text, lineage)
    elif lineage is None:
        output = "null\n"
    else:
        from provenance.formats import native

        output = native.dumps(lineage, indent=args.indent or None) + "\n"
    emit(streams, args.output, output)
    return EXIT_OK


def _decode(content: bytes | str, source: str) -> str:
    from provenance.formats._json_text import not_utf8

    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = "<stdin>" if source == "-" else source
        raise Unreadable(f"{where}: {not_utf8(content, error)}; save the text as UTF-8") from None


def _extract(
    extract: Any, text: str, language: str | None, publisher: str | None, where: str
) -> Lineage | None:
    from provenance.errors import ParseError

    try:
        result: Lineage | None = extract(text, page_language=language, page_publisher=publisher)
    except ParseError as error:
        raise UsageError(
            f"provenance extract: error: {where}: {error.problems[0].message}"
        ) from None
    return result


def _jsonl(args: argparse.Namespace, streams: Streams, source: str) -> int:
    from provenance import batch

    tally = batch.Tally()
    found = 0

    with (
        batch_results(streams, batch.extract_task(), source, jobs=args.jobs) as results,
        output_stream(streams, args.output) as out,
    ):
        for result in tally.track(results):
            if result.error is not None:
                streams.stderr.write(f"{result.location}: {result.error}\n")
            out.write((result.output or "null") + "\n")
            found += result.output not in (None, "null")
    details = f"{found} {'lineage' if found == 1 else 'lineages'} found"
    summarize(streams, tally.documents - tally.unusable, "read", details, tally.unusable)
    return EXIT_UNUSABLE if tally.unusable else EXIT_OK


# -- --explain --------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a monospace terminal gives ``text``: wide CJK counts 2, combining marks 0."""
    return sum(
        0
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf"
        else 2
        if unicodedata.east_asian_width(ch) in "WF"
        else 1
        for ch in text
    )


def explain(text: str, lineage: Lineage | None) -> str:
    """A reader's view of an extraction: each field, its value, and the words it came from.

    Every piece of the input shown is made :func:`~provenance._text_safety.visible`: a credit
    line is untrusted text, and its ESC, BEL or bidi controls must not reach the terminal."""
    if lineage is None:
        return "not a credit line: nothing extracted\n"
    from provenance.formats import native

    data = native.to_dict(lineage)
    record = lineage.extensions.get("extract", {})
    lines = [
        "chain: "
        + " → ".join(
            f"{v.language} ({lineage.agent(v.publisher).name})" if v.publisher else v.language
            for v in lineage.chain()
        )
    ]
    lines[0] = visible(lines[0])
    for step in lineage.steps():
        names = ", ".join(f"{lineage.agent(c.agent).name} [{c.role.value}]" for c in step.agents)
        method = f" {step.method.value}" if step.method else ""
        lines.append(
            visible(
                f"  {step.sources[0]} → {step.target}: {step.kind.value}{method}"
                + (f"; {names}" if names else "")
            )
        )
    lines.append("evidence:")
    for item in record.get("evidence", []):
        value = visible(json.dumps(value_at(data, item["path"]), ensure_ascii=False))
        if "context" in item:
            lines.append(
                f"  {item['path']} = {value}  ← from --{item['context'].replace('_', '-')}"
            )
            continue
        start, end = item["start"], item["end"]
        lines.append(f"  {item['path']} = {value}  ← {item['text']!r} ({start}–{end})")
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        shown = visible(text[line_start : line_end if line_end != -1 else len(text)])
        lead = _width(visible(text[line_start:start]))
        mark = max(1, _width(visible(text[start:end])))
        lines.append(f"      {shown}")
        lines.append(f"      {' ' * lead}{'^' * mark}")
    return "\n".join(lines) + "\n"
