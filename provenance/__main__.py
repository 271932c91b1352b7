"""``python -m provenance`` and the ``provenance`` command: the command line, stoppable at once.

The command line's handling of Ctrl-C and SIGTERM (:mod:`provenance._cli_console`) is installed
first, before the imports that make up most of the start-up, so that a stop signal at any
moment after the interpreter has started gives the exit code a shell expects (130, 143) and no
traceback. ``import provenance`` imports nothing else (see ``provenance/__init__.py``), so the
only moments left to Python's own handling are the interpreter's start and this module's
first line.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> int:
    """Run the command line on the process's arguments and streams; return its exit code."""
    try:
        from provenance import _cli_console

        _cli_console.install()
        from provenance import cli

        return cli.main()
    except KeyboardInterrupt as stop:  # a stop before cli.main() took over
        return int(getattr(stop, "exit_code", 130))


if __name__ == "__main__":
    raise SystemExit(main())
