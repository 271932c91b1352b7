"""Record, validate, convert and render where a news article came from.

>>> import provenance
>>> lineage = provenance.examples.get("shafaqna")
>>> provenance.validate(lineage)
()
>>> provenance.loads(provenance.dumps(lineage)) == lineage
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from provenance import examples, formats
from provenance._version import __version__
from provenance.builder import Builder
from provenance.dates import IsoDate, Precision
from provenance.digest import digest
from provenance.errors import (
    CheckError,
    LossWarning,
    ParseError,
    Problem,
    ProvenanceError,
    UnknownFormatError,
)
from provenance.findings import RULES, Finding, Rule, Severity
from provenance.formats.native import dump, dumps, fingerprint, from_dict, load, loads, to_dict
from provenance.model import (
    Agent,
    AgentRole,
    AgentType,
    Derivation,
    Kind,
    Lineage,
    Method,
    PublishedAs,
    Role,
    Version,
)
from provenance.validate import check, iter_findings, validate

__all__ = [
    "RULES",
    "Agent",
    "AgentRole",
    "AgentType",
    "Builder",
    "CheckError",
    "Derivation",
    "Finding",
    "IsoDate",
    "Kind",
    "Lineage",
    "LossWarning",
    "Method",
    "ParseError",
    "Precision",
    "Problem",
    "ProvenanceError",
    "PublishedAs",
    "Role",
    "Rule",
    "Severity",
    "UnknownFormatError",
    "Version",
    "__version__",
    "badge",
    "batch",
    "check",
    "credits",
    "digest",
    "dump",
    "dumps",
    "examples",
    "extract",
    "fingerprint",
    "formats",
    "from_dict",
    "iter_findings",
    "load",
    "loads",
    "to_dict",
    "validate",
]

if TYPE_CHECKING:
    from provenance import badge, batch, credits
    from provenance.credits import extract

# Modules a command needs only sometimes are imported on first use: the command line starts
# once per article in pipelines, and the credit-line patterns and badge width tables would
# add a quarter to its start-up for every command.
_LAZY = {
    "badge": ("provenance.badge", None),
    "batch": ("provenance.batch", None),
    "credits": ("provenance.credits", None),
    "extract": ("provenance.credits", "extract"),
}


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}") from None
    import importlib

    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value
