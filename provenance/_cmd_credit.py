"""``provenance credit FILE [--locale en|fr|fa]``: print the credit line of a lineage."""

from __future__ import annotations

import argparse

from provenance._cli_io import EXIT_OK, Streams, UsageError, add_output_option, emit, load_lineage

NAME = "credit"
HELP = "print the credit line a newsroom would print for a lineage"
DESCRIPTION = (
    "Render the credit line for the lineage's subject: who first published it, in which "
    "language, who translated it and how, what it is based on. An original text, derived from "
    "nothing, has no credit line: nothing is printed."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a native JSON file, or '-' for stdin")
    parser.add_argument(
        "--locale",
        default="en",
        help="language of the credit line: ar, de, en, es, fa or fr, or a regional tag such "
        "as fr-CA (default: en)",
    )
    add_output_option(
        parser,
        "write here (whole or not at all) instead of standard output; "
        "an empty file when there is no credit line",
    )


def execute(args: argparse.Namespace, streams: Streams) -> int:
    from provenance import credits
    from provenance._credit_render import rules_for

    try:  # before reading any input; a regional tag of a known locale (fr-CA) is fine
        rules_for(args.locale)
    except credits.UnknownLocaleError:
        raise UsageError(
            f"provenance credit: error: no credit-line templates for --locale "
            f"{args.locale!r}; known locales: {', '.join(credits.locales())}"
        ) from None
    lineage = load_lineage(streams, args.file)
    line = credits.render(lineage, locale=args.locale)
    emit(streams, args.output, line + "\n" if line else "")
    return EXIT_OK
