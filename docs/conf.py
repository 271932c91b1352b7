"""Sphinx configuration for the provenance documentation.

Build (from the repository root), warnings as errors:

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

Nothing here needs the network: no intersphinx, no remote images or fonts fetched at build time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import provenance

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "provenance"
author = "The provenance developers"
copyright = "the provenance developers"
release = provenance.__version__
version = ".".join(release.split(".")[:2])

# autodoc alone: the docstrings are plain reStructuredText, not Google or NumPy style, and
# napoleon would misread a data docstring such as DateLike's "What ...: ISO text" as a type.
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# -- MyST -----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc --------------------------------------------------------------------------------
# Type hints go into the parameter descriptions instead of the signatures: signatures stay
# readable, and the many `str | None` unions do not each need a resolvable cross-reference.
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {
    "members": True,
    "undoc-members": True,
    "show-inheritance": True,
}
# Without intersphinx, references to the standard library and to attrs cannot resolve; do
# not report each one (nitpicky mode would turn them all into warnings).
nitpicky = False

# -- HTML -----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"provenance {release}"

# -- the JSON Schema ------------------------------------------------------------------------
# The schema ships in the package; the site also serves it at the address its "$id" names,
# <site>/schema/provenance-1.schema.json. (format.md links the file with {download} as well.)
SCHEMA = Path(__file__).resolve().parent.parent / "provenance" / "schema"


def _copy_schema(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not SCHEMA.is_dir():
        return
    target = Path(app.outdir) / "schema"
    target.mkdir(parents=True, exist_ok=True)
    for schema in SCHEMA.glob("*.schema.json"):
        shutil.copyfile(schema, target / schema.name)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _copy_schema)
