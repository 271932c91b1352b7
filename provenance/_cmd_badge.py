"""``provenance badge``: a badge for a lineage, for a stream of lineages, or for any text.

Three modes:

- ``provenance badge FILE``: the badge of one lineage (``-`` reads stdin);
- ``provenance badge --jsonl FILE -o DIR``: one badge per line of FILE, each written whole to
  DIR under a safe name made from the subject id; a broken line is reported with its number
  and the rest go on (exit 2 at the end if any line was unusable);
- ``provenance badge --label L --message M``: shields.io's general badge, no lineage.
"""

from __future__ import annotations

import argparse
import json
import os
import unicodedata
from typing import TYPE_CHECKING, Any

from provenance._cli_io import (
    EXIT_OK,
    EXIT_UNUSABLE,
    Streams,
    Unreadable,
    UsageError,
    add_jobs_option,
    batch_results,
    check_jobs,
    display_name,
    emit,
    expect_input,
    load_lineage,
    summarize,
    write_atomic,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from provenance.badge import Badge
    from provenance.batch import Result
    from provenance.model import Lineage

NAME = "badge"
HELP = "render a badge (SVG, shields.io endpoint JSON, Markdown or HTML)"
DESCRIPTION = (
    "Render the badge of a lineage (FILE, or '-' for stdin), of each line of a JSON Lines "
    "stream (--jsonl, one file per document into -o DIR), or a general badge from --label and "
    "--message. Exit 0 when the badges are made, 2 when an input cannot be used."
)

_EXTENSIONS = {"svg": ".svg", "endpoint": ".json", "markdown": ".md", "html": ".html"}
# provenance.badge.STYLES (a test checks), spelt out so that --help needs no badge tables
STYLES = ("flat", "flat-square", "for-the-badge", "plastic", "social")
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)
_MAX_STEM_BYTES = 150  # well under NAME_MAX (255 bytes), leaving room for "-NN.html"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default=None,
        metavar="FILE",
        help="a native JSON lineage, or '-' for stdin (default, unless --message is given)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here, whole or not at all (with --jsonl: a directory, created if missing)",
    )
    parser.add_argument(
        "--format",
        choices=tuple(_EXTENSIONS),
        default="svg",
        help="svg (default), endpoint (shields.io endpoint JSON), markdown or html",
    )
    parser.add_argument(
        "--style",
        choices=STYLES,
        default="flat",
        help="badge style, as shields.io draws them (default: flat)",
    )
    parser.add_argument(
        "--label", default=None, help="left-hand text (default: 'provenance' for a lineage)"
    )
    parser.add_argument(
        "--template",
        metavar="T",
        help="the message as a format string: {route}, {method}, {hops}, {languages}, "
        "{origin_language}, {source_language}, {subject_language}, {status}, {problems}, "
        "{errors}, {warnings}, {kind}, {publisher}",
    )
    parser.add_argument(
        "--tags", action="store_true", help="show language tags (fa → en), not names"
    )
    parser.add_argument(
        "--locale", default="en", help="language of the language names, as a tag (default: en)"
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="FILE holds one lineage per line; with -o DIR, one badge file per lineage; "
        "without, one badge per line (an empty line, or null for endpoint JSON, for a bad line)",
    )
    add_jobs_option(parser)
    parser.add_argument(
        "--link",
        metavar="URL",
        help="an http(s) URL the badge links to (with --message-link: the label half)",
    )
    parser.add_argument(
        "--message-link",
        metavar="URL",
        help="an http(s) URL the message half links to (SVG only: an image's links are dead)",
    )
    parser.add_argument(
        "--logo",
        metavar="SVG",
        help="an SVG file drawn before the label (shields' named logos are not included)",
    )
    parser.add_argument("--logo-color", metavar="C", help="fill the logo in this colour")
    parser.add_argument(
        "--logo-width", metavar="PX", type=int, help="the logo's width (default: 14)"
    )
    parser.add_argument(
        "--image-url",
        metavar="URL",
        help="with --format markdown/html: where the SVG is hosted (default: a data: URI)",
    )
    general = parser.add_argument_group("general badge (no lineage)")
    general.add_argument("--message", metavar="M", help="right-hand text")
    general.add_argument("--color", metavar="C", help="message colour (default: blue)")
    general.add_argument("--label-color", metavar="C", help="label colour (default: grey)")


def _usage(message: str) -> UsageError:
    return UsageError(f"provenance badge: error: {message}")


def _check_args(args: argparse.Namespace) -> None:
    from provenance import badge, languages

    if args.message is not None:
        if args.file is not None:
            raise _usage("give a FILE or --message, not both")
        for flag, value in (("--template", args.template), ("--jsonl", args.jsonl)):
            if value:
                raise _usage(f"{flag} needs a lineage FILE, not --message")
        if args.tags:
            raise _usage("--tags needs a lineage FILE, not --message")
    else:
        for flag, value in (("--color", args.color), ("--label-color", args.label_color)):
            if value is not None:
                raise _usage(
                    f"{flag} goes with --message: a lineage badge's colour tells its status"
                )
        if languages.canonical(args.locale) is None:
            raise _usage(f"--locale {args.locale!r} is not a language tag (try 'en' or 'fa')")
        if args.template is not None:
            try:
                badge.check_template(args.template)
            except badge.BadgeError as error:
                raise _usage(f"--template: {error}") from None
    if args.image_url is not None and args.format not in ("markdown", "html"):
        raise _usage("--image-url goes with --format markdown or html")
    if args.message_link is not None and args.format in ("markdown", "html"):
        raise _usage(
            "--message-link needs --format svg: a Markdown or HTML snippet shows the badge as an "
            "image, whose own links are dead (use --link)"
        )
    for flag, value in (("--logo-color", args.logo_color), ("--logo-width", args.logo_width)):
        if value is not None and args.logo is None:
            raise _usage(f"{flag} needs --logo")
    if args.logo is not None:
        try:
            with open(args.logo, encoding="utf-8") as handle:
                args.logo = handle.read(64 * 1024 + 1)
        except OSError as error:
            raise _usage(f"--logo {args.logo}: cannot read: {error.strerror or error}") from None
        except UnicodeDecodeError as error:
            raise _usage(f"--logo {args.logo}: not UTF-8 text (byte {error.start})") from None
    try:  # the options every badge shares, checked once before any input is read
        badge.Badge(label="", message="-", **_drawn(args))
    except badge.BadgeError as error:
        raise _usage(str(error)) from None


def _text(made: Badge, args: argparse.Namespace) -> str:
    if args.format == "endpoint":
        return json.dumps(made.endpoint(), ensure_ascii=False)
    if args.format == "markdown":
        return made.markdown(image_url=args.image_url)
    if args.format == "html":
        return made.html(image_url=args.image_url)
    return made.svg()


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of badge.for_lineage, from the command line."""
    return {
        "label": "provenance" if args.label is None else args.label,
        "template": args.template,
        "names": not args.tags,
        "locale": args.locale,
        **_drawn(args),
    }


def _drawn(args: argparse.Namespace) -> dict[str, Any]:
    """How every badge of the command is drawn: style, links and logo."""
    return {
        "style": args.style,
        "link": args.link,
        "message_link": args.message_link,
        "logo": args.logo,
        "logo_color": args.logo_color,
        "logo_width": args.logo_width,
    }


def execute(args: argparse.Namespace, streams: Streams) -> int:
    from provenance import badge

    _check_args(args)
    check_jobs(args, "badge")
    if args.message is not None:
        try:
            made = badge.Badge(
                label=args.label or "",
                message=args.message,
                color=args.color or "blue",
                label_color=args.label_color,
                **_drawn(args),
            )
            text = _text(made, args)
        except badge.BadgeError as error:
            raise _usage(str(error)) from None
        emit(streams, args.output, text + "\n")
        return EXIT_OK

    def make(lineage: Lineage) -> Badge:
        return badge.for_lineage(lineage, **_options(args))

    if args.file is None:
        expect_input(streams, "badge", "give a lineage FILE ('-' reads stdin) or --message")
    name = args.file or "-"
    if args.jsonl:
        return _jsonl(args, streams, name)
    lineage = load_lineage(streams, name)
    try:
        text = _text(make(lineage), args)
    except badge.BadgeError as error:
        raise _usage(f"{display_name(name)}: {error}") from None
    emit(streams, args.output, text + "\n")
    return EXIT_OK


def _jsonl(args: argparse.Namespace, streams: Streams, name: str) -> int:
    """One badge per line, in order, ``--jobs`` wide; files named by subject id in -o DIR."""
    from provenance import batch
    from provenance.badge import BadgeError

    directory: str | None = args.output if args.output not in (None, "-") else None
    try:
        task = batch.badge_task(
            format=args.format,
            image_url=args.image_url,
            max_sources=streams.max_sources,
            **_options(args),
        )
    except BadgeError as error:
        raise _usage(str(error)) from None
    if directory is not None:
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as error:
            raise Unreadable(f"{directory}: cannot create: {error.strerror or error}") from None
    with batch_results(streams, task, name, jobs=args.jobs) as results:
        written, unusable = _write_badges(args, streams, results, directory)
    where = f"written to {directory}" if directory else ""
    summarize(streams, written, "badged", where, unusable)
    return EXIT_UNUSABLE if unusable else EXIT_OK


def _write_badges(
    args: argparse.Namespace, streams: Streams, results: Iterator[Result], directory: str | None
) -> tuple[int, int]:
    """Write each result's badge (to stdout, or a file in ``directory``); count the badges
    written and the lines that could not be used."""
    used: set[str] = set()
    written = unusable = 0
    for result in results:
        if result.output is None:
            unusable += 1
            problems = result.problems or ()
            for problem in problems:
                streams.stderr.write(f"{result.location}: {problem}\n")
            if not problems:
                streams.stderr.write(f"{result.location}: {result.error}\n")
            if directory is None:  # keep output line N the badge of input line N
                streams.stdout.write("null\n" if args.format == "endpoint" else "\n")
            continue
        if directory is None:
            streams.stdout.write(result.output + "\n")
        else:
            filename = unique_name(result.name or "badge", _EXTENSIONS[args.format], used)
            path = os.path.join(directory, filename)
            try:
                # never through a link someone left in DIR: it could point anywhere
                write_atomic(path, result.output + "\n", follow_symlinks=False)
            except OSError as error:
                raise Unreadable(f"{path}: cannot write: {error.strerror or error}") from None
        written += 1
    return written, unusable


def safe_stem(subject: str) -> str:
    """A file name stem from a subject id: letters, marks, digits, '-', '_' and '.' only (any
    script), never hidden, never a path, never a Windows device name, at most 150 bytes."""
    text = unicodedata.normalize("NFC", subject)
    kept = [ch if unicodedata.category(ch)[0] in "LMN" or ch in "-_." else "_" for ch in text]
    stem = "_".join(part for part in "".join(kept).split("_") if part).strip(".-_")
    while len(stem.encode("utf-8")) > _MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(".")
    if not stem:
        return "badge"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem


def unique_name(subject: str, extension: str, used: set[str]) -> str:
    """``safe_stem(subject) + extension``, with ``-2``, ``-3`` … until unused in ``used``
    (compared case-insensitively, for macOS and Windows file systems); records the name."""
    stem = safe_stem(subject)
    candidate, count = stem + extension, 1
    while candidate.casefold() in used:
        count += 1
        candidate = f"{stem}-{count}{extension}"
    used.add(candidate.casefold())
    return candidate
