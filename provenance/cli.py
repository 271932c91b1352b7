"""The ``provenance`` command line.

:func:`run` takes the arguments and the three streams and returns the exit code, so tests and
other programs drive it in memory; :func:`main` only calls it with the process's streams.

Exit codes: 0 clean; 1 findings at or above ``--fail-on``; 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import importlib
import inspect
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, NoReturn

from provenance import _cli_console, examples, formats
from provenance._cli_console import ConsoleStream, OutputError, Stopped
from provenance._cli_io import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    MAX_INDENT,
    Streams,
    Unreadable,
    UsageError,
    add_jobs_option,
    add_max_bytes_option,
    add_max_sources_option,
    add_output_option,
    add_quiet_option,
    batch_results,
    check_jobs,
    display_name,
    emit,
    expect_input,
    indent,
    load_lineage,
    output_stream,
    report_losses,
    summarize,
)
from provenance._text_safety import visible
from provenance.errors import ParseError, Problem, ProvenanceError, format_path
from provenance.findings import Finding, Severity, rule_codes
from provenance.formats import native
from provenance.formats._json_text import not_utf8
from provenance.model import Lineage

__all__ = ["main", "run"]


class _Parser(argparse.ArgumentParser):
    """An argument parser that prints to the streams it is given and never exits."""

    def __init__(self, *args: object, stream: IO[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.stream = stream

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            self.stream.write(message)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _Exit(status, message)


class _Exit(Exception):
    def __init__(self, status: int, message: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _build_parser(stdout: IO[str]) -> _Parser:
    parser = _Parser(
        stream=stdout,
        prog="provenance",
        description="Record, validate, convert and render where a news article came from.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser(
        "validate",
        stream=stdout,
        help="check lineages against the rule catalog",
        description="Check lineage documents. Exit 0 if clean, 1 on findings at or above "
        "--fail-on, 2 if a document cannot be read.",
    )
    validate.add_argument(
        "files",
        nargs="*",
        default=None,
        metavar="FILE",
        help="native JSON files; '-' (the default) reads standard input",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output: text for people, json for programs, github for GitHub Actions annotations",
    )
    validate.add_argument(
        "--select",
        type=_codes,
        default=None,
        metavar="CODES",
        help="only these codes or prefixes, comma-separated (PV2,PV401)",
    )
    validate.add_argument(
        "--ignore",
        type=_codes,
        default=(),
        metavar="CODES",
        help="skip these codes or prefixes, comma-separated",
    )
    validate.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    validate.add_argument(
        "--jsonl", action="store_true", help="each input line is one document (JSON Lines)"
    )
    add_jobs_option(validate)
    validate.add_argument(
        "--text",
        action="append",
        default=[],
        metavar="ID=FILE",
        help="the text of version ID, to check its digest (PV502)",
    )

    show = commands.add_parser("show", stream=stdout, help="print a lineage as a readable tree")
    show.add_argument("file", metavar="FILE", help="a native JSON file, or '-' for stdin")
    show.add_argument(
        "--format",
        choices=("tree", "mermaid", "dot"),
        default="tree",
        help="tree (text), mermaid (for Markdown) or dot (for Graphviz)",
    )
    show.add_argument(
        "--locale", default="en", help="language for language names, as a tag (default: en)"
    )
    add_output_option(show)
    add_quiet_option(show)

    convert = commands.add_parser(
        "convert", stream=stdout, help="convert a lineage to another format"
    )
    convert.add_argument("file", metavar="FILE", help="the input file, or '-' for stdin")
    convert.add_argument(
        "--to", required=True, metavar="FORMAT", help=f"output format: {', '.join(formats.names())}"
    )
    convert.add_argument(
        "--from",
        dest="source_format",
        default="native",
        metavar="FORMAT",
        help=f"input format: {', '.join(formats.readable())} (default: native)",
    )
    add_output_option(convert)
    add_quiet_option(convert)
    convert.add_argument(
        "--jsonl",
        action="store_true",
        help="each input line is one document; each output line one converted document "
        "(JSON formats as they are, text formats as a JSON string; null for a bad line)",
    )
    add_jobs_option(convert)
    convert.add_argument(
        "--html",
        action="store_true",
        help='with --to jsonld: wrap the output in <script type="application/ld+json">',
    )
    convert.add_argument(
        "--indent",
        type=indent,
        default=None,
        metavar="N",
        help=f"pretty-print with N spaces, at most {MAX_INDENT} (default: compact, canonical)",
    )
    convert.add_argument(
        "--base",
        default=None,
        metavar="IRI",
        help="with --to jsonld, prov-json, prov-n or prov-o: the namespace of the ids the "
        "export mints (default: urn:provenance:<16 hex of the lineage's fingerprint>:, "
        "unique per lineage, so exports of different lineages merge in one graph)",
    )

    for sub in (validate, show, convert):
        add_max_bytes_option(sub)
        add_max_sources_option(sub)
    for name in _PLUGGED:
        module = importlib.import_module(name)
        sub = commands.add_parser(
            module.NAME,
            stream=stdout,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
        )
        module.configure(sub)
        add_max_bytes_option(sub)
        if getattr(module, "READS_LINEAGES", True):
            add_max_sources_option(sub)
        sub.set_defaults(plugged=module)

    example = commands.add_parser("example", stream=stdout, help="print a built-in example lineage")
    example.add_argument(
        "name",
        nargs="?",
        default="shafaqna",
        help=f"one of: {', '.join(examples.names())} (default: shafaqna)",
    )
    example.add_argument("--list", action="store_true", help="list the examples")
    example.add_argument(
        "--indent",
        type=indent,
        default=2,
        metavar="N",
        help=f"indentation (default: 2; 0 for compact; at most {MAX_INDENT})",
    )
    add_output_option(example)
    return parser


def _codes(text: str) -> tuple[str, ...]:
    try:
        return rule_codes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# -- commands ---------------------------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace, streams: Streams) -> int:
    from provenance.validate import validate

    check_jobs(args, "validate")
    if not args.files:
        expect_input(streams, "validate", "give lineage FILEs ('-' reads stdin)")
        args.files = ["-"]
    texts: dict[str, str] = {}
    for item in args.text:
        version_id, sep, path = item.partition("=")
        if not sep or not version_id or not path:
            raise UsageError(f"provenance validate: error: --text takes ID=FILE, got {item!r}")
        if path == "-" and "-" in args.files:
            raise UsageError(
                "provenance validate: error: standard input cannot hold both a text and a lineage"
            )
        content = streams.read(path)
        try:
            texts[version_id] = content if isinstance(content, str) else content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            assert isinstance(content, bytes)
            raise Unreadable(
                f"{display_name(path)}: the text of {version_id!r}: {not_utf8(content, error)}; "
                "save it as UTF-8"
            ) from None
    reporter = _Reporter(args.format, streams, Severity(args.fail_on))

    unmatched = dict.fromkeys(texts)  # --text ids no document has (yet), kept in order
    versions: set[str] = set()

    def check(lineage: Lineage, source: str, line: int | None) -> None:
        wanted = {vid: text for vid, text in texts.items() if lineage.has_version(vid)}
        for vid in wanted:
            unmatched.pop(vid, None)
        versions.update(version.id for version in lineage.versions)
        findings = validate(lineage, texts=wanted, select=args.select, ignore=args.ignore)
        reporter.findings(source, line, findings)

    for name in args.files:
        source = display_name(name)
        try:
            if args.jsonl:
                _validate_stream(args, streams, reporter, name, texts, unmatched)
            else:
                try:
                    lineage = native.loads(
                        streams.read(name), source=source, max_sources=streams.max_sources
                    )
                except ParseError as error:
                    reporter.unusable(source, None, error)
                    continue
                check(lineage, source, None)
        except Unreadable as error:
            reporter.unreadable(source, str(error))
    # A text for no version is a typo, not a check passed. (Lines are read by worker processes:
    # their versions are not known here, only whether they had the texts' ones.)
    if versions or (args.jsonl and reporter.documents):
        for vid in unmatched:
            hint = difflib.get_close_matches(vid, sorted(versions), n=1)
            reporter.unreadable(
                "--text",
                f"--text {vid}=…: no document has a version {vid!r}, so its digest was not "
                + (f"checked; did you mean {hint[0]!r}?" if hint else "checked")
                + (f" (versions: {', '.join(sorted(versions)[:10])})" if versions else ""),
            )
    return reporter.finish(stream=args.jsonl)


def _validate_stream(
    args: argparse.Namespace,
    streams: Streams,
    reporter: _Reporter,
    name: str,
    texts: dict[str, str],
    unmatched: dict[str, None],
) -> None:
    """Validate JSON Lines through the batch machinery: streaming, in order, ``--jobs`` wide.
    The ids of ``texts`` a line has are taken out of ``unmatched``."""
    from provenance import _cli_texts, batch

    source = display_name(name)
    task = batch.validate_task(
        select=args.select,
        ignore=args.ignore,
        fail_on=args.fail_on,
        texts=texts,
        max_sources=streams.max_sources,
    )
    if texts:
        task = _cli_texts.TextsTask.of(task)
    with batch_results(streams, task, name, jobs=args.jobs) as results:
        for result in results:
            if result.error is not None:
                problems = result.problems or (Problem((), result.error),)
                reporter.unusable(source, result.line, ParseError(problems))
            else:
                reporter.findings(source, result.line, result.findings or ())
                for vid in _cli_texts.used(result):
                    unmatched.pop(vid, None)


def _problem_record(problem: Problem) -> dict[str, object]:
    """A problem as JSON: ``path`` is always a JSON path; a syntax error adds line and column."""
    record: dict[str, object] = {"path": format_path(problem.path), "message": problem.message}
    if problem.line is not None:
        record["line"], record["column"] = problem.line, problem.column
    return record


class _Reporter:
    """Prints findings in one of three forms and keeps the exit code."""

    def __init__(self, form: str, streams: Streams, fail_on: Severity) -> None:
        self.form = form
        self.streams = streams
        self.fail_on = fail_on
        self.status = EXIT_OK
        self.counts = dict.fromkeys(Severity, 0)
        self.documents = 0
        self.unreadable_count = 0

    def _out(self, text: str) -> None:
        self.streams.stdout.write(text + "\n")

    def findings(self, source: str, line: int | None, findings: Sequence[Finding]) -> None:
        self.documents += 1
        for finding in findings:
            self.counts[finding.severity] += 1
            if finding.severity.rank >= self.fail_on.rank:
                self.status = max(self.status, EXIT_FINDINGS)
        self.streams.status = max(self.streams.status, self.status)
        if self.form == "json":
            if not findings and line is not None:  # a clean line of a stream: the usual case
                self._out(f'{self._json_source(source)}, "line": {line}, "findings": []}}')
                return
            record: dict[str, object] = {"source": source}
            if line is not None:
                record["line"] = line
            record["findings"] = [f.to_dict() for f in findings]
            self._out(json.dumps(record, ensure_ascii=False))
        elif self.form == "github":
            for finding in findings:
                level = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
                props = f"file={_gh_property(source)}"
                if line is not None:
                    props += f",line={line}"
                props += f",title={_gh_property(finding.code)}"
                self._out(
                    f"::{level} {props}::{_gh_data(f'{finding.location}: {finding.message}')}"
                )
        else:
            where = source if line is None else f"{source}:{line}"
            for finding in findings:
                self._out(f"{where}: {finding}")

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one reporter per run, a few sources
    def _json_source(self, source: str) -> str:
        """The start of a JSON record, ``{"source": …``, as json.dumps writes it."""
        return '{"source": ' + json.dumps(source, ensure_ascii=False)

    def unusable(self, source: str, line: int | None, error: ParseError) -> None:
        self.unreadable_count += 1
        self.status = self.streams.status = EXIT_UNUSABLE
        if self.form == "json":
            record: dict[str, object] = {"source": source}
            if line is not None:
                record["line"] = line
            record["error"] = [_problem_record(p) for p in error.problems]
            self._out(json.dumps(record, ensure_ascii=False))
            return
        where = source if line is None else f"{source}:{line}"
        for problem in error.problems:
            if self.form == "github":
                props = f"file={_gh_property(source)}"
                if problem.line is not None and line is None:
                    props += f",line={problem.line},col={problem.column}"
                elif line is not None:
                    props += f",line={line}"
                self._out(f"::error {props},title=unreadable::{_gh_data(str(problem))}")
            else:
                self.streams.stderr.write(f"{where}: {problem}\n")

    def unreadable(self, source: str, message: str) -> None:
        self.unreadable_count += 1
        self.status = self.streams.status = EXIT_UNUSABLE
        if self.form == "json":
            self._out(
                json.dumps(
                    {"source": source, "error": [{"path": "$", "message": message}]},
                    ensure_ascii=False,
                )
            )
        elif self.form == "github":
            self._out(f"::error file={_gh_property(source)},title=unreadable::{_gh_data(message)}")
        else:
            self.streams.error(message)

    def finish(self, *, stream: bool = False) -> int:
        """The summary line (for people; always after a stream) and the exit code."""
        if self.form == "text" or stream:
            total = sum(self.counts.values())
            summary = ", ".join(
                f"{n} {s}"
                for s, n in sorted(self.counts.items(), key=lambda item: -item[0].rank)
                if n
            )
            details = f"{total} finding(s) ({summary})" if total else "no findings"
            summarize(self.streams, self.documents, "checked", details, self.unreadable_count)
        return self.status


def _gh_data(text: str) -> str:
    # Line breaks are the workflow command's own escapes; any other control character (ESC,
    # BEL, bidi controls) would reach the log raw, so it is written as a visible escape.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _cmd_show(args: argparse.Namespace, streams: Streams) -> int:
    from provenance import languages
    from provenance.formats import diagram

    if languages.canonical(args.locale) is None:
        raise UsageError(
            f"provenance show: error: --locale {args.locale!r} is not a language tag "
            "(try 'en' or 'fa')"
        )
    lineage = load_lineage(streams, args.file)
    if args.format == "tree":
        text = diagram.to_tree(lineage, locale=args.locale)
    else:
        module = formats.get(args.format)
        text = report_losses(
            streams, lambda: module.dumps(lineage, locale=args.locale), quiet=args.quiet
        )
    emit(streams, args.output, text + "\n")
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace, streams: Streams) -> int:
    module = formats.get(args.to)
    check_jobs(args, "convert")
    if args.html and args.to != "jsonld":
        raise UsageError("provenance convert: error: --html goes with --to jsonld")
    options: dict[str, object] = {}
    if args.base is not None:
        if "base" not in inspect.signature(module.dumps).parameters:
            raise UsageError(f"provenance convert: error: --base does not apply to {args.to}")
        options["base"] = args.base
    if args.jsonl:
        if args.indent is not None or args.html:
            raise UsageError(
                "provenance convert: error: with --jsonl each document is one line; "
                "--indent and --html do not apply"
            )
        return _convert_stream(args, streams, options)
    lineage = load_lineage(streams, args.file, args.source_format, quiet=args.quiet)
    if args.indent is not None:
        if "indent" not in inspect.signature(module.dumps).parameters:
            raise UsageError(f"provenance convert: error: --indent does not apply to {args.to}")
        options["indent"] = args.indent
    if args.html:
        options["html"] = True
    text = report_losses(streams, lambda: module.dumps(lineage, **options), quiet=args.quiet)
    emit(streams, args.output, text + "\n")
    return EXIT_OK


def _cmd_example(args: argparse.Namespace, streams: Streams) -> int:
    if args.list:
        for name in examples.names():
            streams.stdout.write(f"{name:<12} {examples.describe(name)}\n")
        return EXIT_OK
    try:
        lineage = examples.get(args.name)
    except KeyError as error:
        raise UsageError(f"provenance example: error: {error.args[0]}") from None
    emit(streams, args.output, native.dumps(lineage, indent=args.indent or None) + "\n")
    return EXIT_OK


# Verbs that live in their own module (``provenance/_cmd_*.py``), each with NAME, HELP,
# configure(parser) and execute(args, streams) -> int. Heavy imports belong inside execute().
_PLUGGED: tuple[str, ...] = (
    "provenance._cmd_badge",
    "provenance._cmd_credit",
    "provenance._cmd_extract",
    "provenance._cmd_page",
)


def _convert_stream(args: argparse.Namespace, streams: Streams, options: dict[str, object]) -> int:
    """One output line per input line, in order; a bad line gives ``null`` and a message."""
    from provenance import batch

    task = batch.convert_task(
        args.to, source_format=args.source_format, max_sources=streams.max_sources, **options
    )
    as_json = formats.is_json(args.to)
    tally = batch.Tally()
    with (
        batch_results(streams, task, args.file, jobs=args.jobs) as results,
        output_stream(streams, args.output) as out,
    ):
        for result in tally.track(results):
            for lost in () if args.quiet else result.warnings:
                streams.error(f"{result.location}: warning: {lost}")
            if result.output is None:
                streams.stderr.write(f"{result.location}: {result.error}\n")
                out.write("null\n")
            else:
                out.write((result.output if as_json else json.dumps(result.output)) + "\n")
    summarize(streams, tally.documents - tally.unusable, "converted", unusable=tally.unusable)
    return tally.exit_code


_COMMANDS = {
    "validate": _cmd_validate,
    "show": _cmd_show,
    "convert": _cmd_convert,
    "example": _cmd_example,
}


def run(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with these arguments and streams; return the exit code."""
    out, err = ConsoleStream.pair(
        stdout or sys.stdout or _discard(), stderr or sys.stderr or _discard()
    )
    streams = Streams(stdin or sys.stdin or _closed_input(), out, err)
    parser = _build_parser(streams.stdout)
    try:
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except _Exit as done:  # --help: already printed to our stdout
            if done.message:
                streams.stderr.write(done.message)
            return EXIT_OK if done.status == 0 else EXIT_UNUSABLE
        if args.version:
            from provenance._version import __version__

            streams.stdout.write(f"provenance {__version__}\n")
            return EXIT_OK
        if args.command is None:
            streams.stdout.write(parser.format_help())
            return EXIT_UNUSABLE
        streams.max_bytes = getattr(args, "max_bytes", streams.max_bytes)
        streams.max_sources = getattr(args, "max_sources", streams.max_sources)
        plugged = getattr(args, "plugged", None)
        if plugged is not None:
            code: int = plugged.execute(args, streams)
            return code
        return _COMMANDS[args.command](args, streams)
    except UsageError as error:
        streams.stderr.write(f"{error}\n")
        return EXIT_UNUSABLE
    except Unreadable as error:
        streams.error(str(error))
        return EXIT_UNUSABLE
    except ParseError as error:
        streams.stderr.write(f"{error}\n")
        return EXIT_UNUSABLE
    except ProvenanceError as error:
        streams.error(str(error))
        return EXIT_UNUSABLE
    except BrokenPipeError:
        # The reader went away (``provenance validate | head``): not an error of ours, but
        # what was found before it left still decides the exit code.
        return streams.status
    except OutputError as error:  # a full disk, an I/O error: say so once, on stderr
        with contextlib.suppress(OSError, OutputError):
            streams.error(str(error))
        return EXIT_UNUSABLE


def _closed_input() -> IO[str]:
    """Standard input when the process was started with it closed: empty."""
    return io.StringIO()


def _discard() -> IO[str]:
    """A closed standard output or error: what would go there goes nowhere."""
    return open(os.devnull, "w", encoding="utf-8")


def main() -> int:
    """The console entry point: UTF-8 output whatever the locale; a clean exit when the output
    cannot be written (a full disk, a closed pipe) or a stop signal arrives (see
    :mod:`provenance._cli_console`): 128 + the signal's number, no traceback, nothing half
    written, no worker process left."""
    _cli_console.install()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # Lineages, badges and exports are UTF-8 by their formats' rules; a legacy console
            # code page (cp1252, ASCII) must not turn a Persian name into a traceback.
            reconfigure(encoding="utf-8")
    try:
        code = run()
        _cli_console.hold()  # the work is done: a signal now only changes the exit code
        if sys.stdout is not None:
            sys.stdout.flush()
    except KeyboardInterrupt as stop:
        _cli_console.hold()
        code = stop.exit_code if isinstance(stop, Stopped) else 130
    except BrokenPipeError:
        code = EXIT_OK
    except OSError as error:
        if sys.stderr is not None:
            sys.stderr.write(f"provenance: cannot write to standard output: {error.strerror}\n")
        code = EXIT_UNUSABLE
    _silence_stdout()
    stopped = _cli_console.stop_code()
    return code if stopped is None else stopped


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what could
    not be written (a closed pipe, a full disk) says nothing: the exit code has said it."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
