"""Record, validate, convert and render where a news article came from.

>>> import provenance
>>> lineage = provenance.examples.get("shafaqna")
>>> provenance.validate(lineage)
()
>>> provenance.loads(provenance.dumps(lineage)) == lineage
True
"""

from __future__ import annotations

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
    "check",
    "digest",
    "dump",
    "dumps",
    "examples",
    "fingerprint",
    "formats",
    "from_dict",
    "iter_findings",
    "load",
    "loads",
    "to_dict",
    "validate",
]
