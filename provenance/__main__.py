"""``python -m provenance``: the command line."""

from __future__ import annotations

if __name__ == "__main__":
    from provenance import _cli_console

    _cli_console.install()  # before the command line's imports: Ctrl-C during them is clean
    try:
        from provenance.cli import main
    except KeyboardInterrupt as stop:
        raise SystemExit(getattr(stop, "exit_code", 130)) from None
    raise SystemExit(main())
