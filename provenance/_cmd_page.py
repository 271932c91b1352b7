"""``provenance page``: read the lineage a web page states, or every page of a web archive.

- ``provenance page FILE`` (or ``-``): the lineage as native JSON, or ``--to FORMAT``;
  ``--explain`` shows each field with where on the page it came from.
- several FILEs, or ``--jsonl``: one compact line per file in input order, ``null`` for a file
  that could not be read (a message on stderr names it); exit 2 if any could not be read.
- ``--warc FILE.warc[.gz]…``: one line per HTML response record, with its target URI and
  capture date in ``extensions["page"]``, streaming, ``--jobs N`` wide.

What the page states against itself (the PV6xx findings) goes to stderr; it does not change
the exit code. Needs the ``web`` extra.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from provenance._cli_io import (
    EXIT_OK,
    EXIT_UNUSABLE,
    MAX_INDENT,
    Streams,
    Unreadable,
    UsageError,
    add_jobs_option,
    add_output_option,
    add_quiet_option,
    display_name,
    emit,
    indent,
    output_stream,
    report_losses,
    summarize,
)

if TYPE_CHECKING:
    from provenance.batch import Result
    from provenance.pages import PageInput, PageReading

NAME = "page"
HELP = "read the lineage a web page states (structured data, credit line, page signals)"
DESCRIPTION = (
    "Read HTML pages (FILE…, '-' for stdin) or web archives (--warc) and print the lineage "
    "each states: its structured data (JSON-LD, microdata, RDFa), its visible credit line and "
    "its page signals (<html lang>, OpenGraph, canonical link, dates), merged in that order. "
    "One FILE prints native JSON (or --to FORMAT); several FILEs, --jsonl or --warc print one "
    "compact line per page, null for a page that could not be read (exit 2 at the end). "
    "Findings about the page (PV6xx) go to stderr. Needs: pip install 'news-provenance[web]'."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="HTML pages (or, with --warc, WARC files); '-' (the default) reads stdin",
    )
    parser.add_argument("--url", metavar="URL", default=None, help="the page's address")
    parser.add_argument(
        "--to",
        metavar="FORMAT",
        default="native",
        help="output format (default native); with several pages, JSON formats one line each "
        "and text formats as a JSON string",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="one compact line per FILE, in input order (implied by several FILEs)",
    )
    parser.add_argument(
        "--warc",
        action="store_true",
        help="the FILEs are web archives (.warc, .warc.gz): one line per HTML response",
    )
    add_jobs_option(parser, "with several FILEs, --jsonl or --warc")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="show each field of the lineage with where on the page it came from",
    )
    parser.add_argument(
        "--indent",
        type=indent,
        default=2,
        metavar="N",
        help=f"indentation of one page's native JSON (default 2; 0 for compact; at most "
        f"{MAX_INDENT})",
    )
    add_output_option(parser)
    add_quiet_option(parser)


def execute(args: argparse.Namespace, streams: Streams) -> int:
    from provenance import formats

    formats.get(args.to)  # an unknown format is a usage error before any page is read
    many = args.jsonl or args.warc or len(args.files) > 1
    if args.url is not None and (args.warc or len(args.files) > 1):
        raise UsageError("provenance page: error: --url names one page's address, not several")
    if args.explain and many:
        raise UsageError("provenance page: error: --explain reads one page")
    if args.jobs != 1 and not many:
        raise UsageError(
            "provenance page: error: --jobs goes with several FILEs, --jsonl or --warc"
        )
    if args.files.count("-") > 1:
        raise UsageError("provenance page: error: standard input can be read once")
    if many:
        return _many(args, streams)
    return _one(args, streams, args.files[0])


def _one(args: argparse.Namespace, streams: Streams, name: str) -> int:
    from provenance import formats
    from provenance.errors import ParseError
    from provenance.pages import read_with_evidence

    content = streams.read(name)
    source = display_name(name)
    try:
        reading = read_with_evidence(
            content, url=args.url, source=source, max_sources=streams.max_sources
        )
    except ParseError as error:
        raise Unreadable(f"{source}: {'; '.join(p.message for p in error.problems)}") from None
    for lost in () if args.quiet else reading.losses:
        streams.error(f"{source}: warning: {lost}")
    if args.explain:
        emit(streams, args.output, explain(reading, source))
        return EXIT_OK
    for finding in reading.findings:
        streams.stderr.write(f"{source}: {finding}\n")
    if args.to == "native":
        from provenance.formats import native

        text = native.dumps(reading.lineage, indent=args.indent or None)
    else:
        module = formats.get(args.to)
        text = report_losses(streams, lambda: module.dumps(reading.lineage), quiet=args.quiet)
    emit(streams, args.output, text + "\n")
    return EXIT_OK


def _many(args: argparse.Namespace, streams: Streams) -> int:
    from provenance import batch, formats
    from provenance.errors import ParseError
    from provenance.pages import page_task

    task = page_task(to=args.to, max_sources=streams.max_sources)
    as_json = formats.is_json(args.to)
    tally = batch.Tally()
    status = EXIT_OK
    with output_stream(streams, args.output) as out:

        def write(results: Iterator[Result], where: list[str] | None) -> None:
            for result in tally.track(results):
                place = where[result.line - 1] if where is not None else result.location
                if result.name and where is None:
                    place += f" ({result.name})"
                for lost in () if args.quiet else result.warnings:
                    streams.error(f"{place}: warning: {lost}")
                for finding in result.findings or ():
                    streams.stderr.write(f"{place}: {finding}\n")
                if result.output is None:
                    streams.stderr.write(f"{place}: {result.error}\n")
                    out.write("null\n")
                else:
                    out.write((result.output if as_json else json.dumps(result.output)) + "\n")

        if not args.warc:
            names = [display_name(name) for name in args.files]
            pages = _files(streams, args.files, args.url)
            write(batch.run_items(task, pages, jobs=args.jobs, chunk_size=4), names)
        else:
            from provenance.pages import read_warc

            for name in args.files:
                source = display_name(name)
                try:
                    with _open(streams, name) as stream:
                        records = read_warc(stream, source=source)
                        results = batch.run_items(
                            task, records, jobs=args.jobs, chunk_size=4, source=source
                        )
                        write(results, None)
                except ParseError as error:
                    status = EXIT_UNUSABLE
                    streams.stderr.write(f"{error}\n")
                except Unreadable as error:
                    status = EXIT_UNUSABLE
                    streams.error(str(error))
    summarize(streams, tally.documents - tally.unusable, "read", unusable=tally.unusable)
    return max(status, EXIT_UNUSABLE if tally.unusable else EXIT_OK)


def _files(streams: Streams, names: list[str], url: str | None) -> Iterator[PageInput]:
    """Each file as a page to read, read as it is needed; a file that cannot be read is a
    page with a note saying why (the task reports it, in its place)."""
    from provenance.pages import PageInput

    for name in names:
        try:
            content = streams.read(name)
        except Unreadable as error:
            yield PageInput(content=b"", note=str(error).split(": ", 1)[-1])
            continue
        yield PageInput(content=content, url=url)


@contextlib.contextmanager
def _open(streams: Streams, name: str) -> Iterator[IO[bytes]]:
    """A WARC file (or stdin) opened as bytes; a file that cannot be opened is Unreadable."""
    if name == "-":
        buffer = getattr(streams.stdin, "buffer", None)
        if buffer is None:
            raise Unreadable("<stdin>: a WARC file is bytes: give a file name")
        yield buffer
        return
    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as error:
        raise Unreadable(f"{name}: cannot read: {error.strerror or error}") from None
    with handle:
        yield handle


# -- --explain -----------------------------------------------------------------------------------


def explain(reading: PageReading, source: str) -> str:
    """A reader's view of a page read: the chain, each field and where it came from, the
    credit line, the other editions and the findings."""
    lineage = reading.lineage
    subject = lineage.subject_version
    lines = [f"{source}: subject {subject.id}"]
    chain = " → ".join(
        f"{v.language} ({lineage.agent(v.publisher).name})"
        if v.publisher and lineage.has_agent(v.publisher)
        else v.language
        for v in lineage.chain()
    )
    lines.append(f"chain: {chain}")
    for step in lineage.steps():
        method = f" {step.method.value}" if step.method else ""
        lines.append(f"  {step.sources[0]} → {step.target}: {step.kind.value}{method}")
    lines.append("fields:")
    for item in reading.evidence:
        value = json.dumps(item.value, ensure_ascii=False)
        lines.append(f"  {item.path} = {value}  ← {item.source}")
    lines.append(
        f"credit line: {json.dumps(reading.credit_line, ensure_ascii=False)}"
        if reading.credit_line
        else "credit line: none found"
    )
    if reading.editions:
        lines.append("other editions:")
        lines.extend(f"  {e.language}  {e.url}" for e in reading.editions)
    lines.append("findings:" if reading.findings else "findings: none")
    lines.extend(f"  {finding}" for finding in reading.findings)
    return "\n".join(lines) + "\n"
