"""``python -m provenance``: the command line."""

from __future__ import annotations

from provenance.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
