"""Generate the badge gallery of the documentation: ``docs/_static/badges/*.svg``.

Run from the repository root after changing how badges look or what they say::

    python tools/gen_gallery.py           # write the SVGs
    python tools/gen_gallery.py --check   # exit 1 if a committed SVG is missing or stale

``docs/guides/badges.md`` shows these files as images. Each is what ``provenance badge``
prints for the lineage named (same input, same bytes), so the page cannot drift from the
code while ``--check`` passes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from provenance import Builder, badge, examples
from provenance.badge import Badge
from provenance.model import Lineage

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "_static" / "badges"


def invalid() -> Lineage:
    """A machine translation that names no software (PV401, an error)."""
    b = Builder()
    outlet = b.organization("Example Daily", language="en")
    source = b.version("fa-article", "fa", published="2024-01-02")
    b.translate(source, "en-article", "en", publisher=outlet, method="machine")
    return b.build()


def warned() -> Lineage:
    """A human translation that credits no translator (PV402, a warning)."""
    b = Builder()
    source = b.version("ar-statement", "ar", published="2024-01-02")
    b.translate(source, "en-article", "en", method="human")
    return b.build()


GALLERY: dict[str, Callable[[], Badge]] = {
    "shafaqna": lambda: badge.for_lineage(examples.get("shafaqna")),
    "shafaqna-tags": lambda: badge.for_lineage(examples.get("shafaqna"), names=False),
    "shafaqna-fa": lambda: badge.for_lineage(examples.get("shafaqna"), locale="fa"),
    "shafaqna-flat-square": lambda: badge.for_lineage(
        examples.get("shafaqna"), style="flat-square"
    ),
    "shafaqna-for-the-badge": lambda: badge.for_lineage(
        examples.get("shafaqna"), style="for-the-badge"
    ),
    "machine": lambda: badge.for_lineage(examples.get("machine")),
    "post-edited": lambda: badge.for_lineage(examples.get("post-edited")),
    "relay": lambda: badge.for_lineage(examples.get("relay")),
    "relay-hops": lambda: badge.for_lineage(
        examples.get("relay"), names=False, template="{route} · {hops} hops"
    ),
    "syndication": lambda: badge.for_lineage(examples.get("syndication")),
    "warnings": lambda: badge.for_lineage(warned()),
    "invalid": lambda: badge.for_lineage(invalid()),
    "general": lambda: Badge(label="build", message="passing", color="green"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files, write none")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, make in GALLERY.items():
        path = OUT / f"{name}.svg"
        text = make().svg() + "\n"
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    print(f"{len(GALLERY)} badges, {len(stale)} {verb}: {', '.join(stale) or 'none'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
