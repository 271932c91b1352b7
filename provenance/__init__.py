"""Record, validate, convert and render where a news article came from.

>>> import provenance
>>> lineage = provenance.examples.get("shafaqna")
>>> provenance.validate(lineage)
()
>>> provenance.loads(provenance.dumps(lineage)) == lineage
True
"""

from __future__ import annotations

import sys

# Nothing is imported until it is first used (PEP 562): ``import provenance`` costs almost
# nothing, so that ``python -m provenance`` and the ``provenance`` command install their
# handling of Ctrl-C before any real work (see provenance.__main__), and a program that needs
# one function loads only what that function needs. The imports below are for type checkers
# only: they give every public name its exact type. ``TYPE_CHECKING`` is spelled out here so
# that not even ``typing`` is imported.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

    from provenance import badge, batch, credits, examples, formats
    from provenance._version import __version__
    from provenance.builder import Builder
    from provenance.credits import extract
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
    from provenance.formats.native import (
        dump,
        dumps,
        fingerprint,
        from_dict,
        load,
        loads,
        to_dict,
    )
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

# Where each public name is defined; the submodules are their own names.
_DEFINED_IN = {
    "provenance._version": ("__version__",),
    "provenance.builder": ("Builder",),
    "provenance.credits": ("extract",),
    "provenance.dates": ("IsoDate", "Precision"),
    "provenance.digest": ("digest",),
    "provenance.errors": (
        "CheckError",
        "LossWarning",
        "ParseError",
        "Problem",
        "ProvenanceError",
        "UnknownFormatError",
    ),
    "provenance.findings": ("RULES", "Finding", "Rule", "Severity"),
    "provenance.formats.native": (
        "dump",
        "dumps",
        "fingerprint",
        "from_dict",
        "load",
        "loads",
        "to_dict",
    ),
    "provenance.model": (
        "Agent",
        "AgentRole",
        "AgentType",
        "Derivation",
        "Kind",
        "Lineage",
        "Method",
        "PublishedAs",
        "Role",
        "Version",
    ),
    "provenance.validate": ("check", "iter_findings", "validate"),
}
_WHERE = {name: module for module, names in _DEFINED_IN.items() for name in names}
_SUBMODULES = frozenset(("badge", "batch", "credits", "examples", "formats"))

# Two functions share their names with the modules that define them. Once such a module is
# imported (by the library itself, maybe), the import system sets it as this package's
# attribute, which would hide the function: ``provenance.digest(text)`` would call a module.
_FUNCTIONS_NAMED_AS_MODULES = frozenset(("digest", "validate"))

if not TYPE_CHECKING:
    ModuleType = type(sys)  # types.ModuleType, without importing types


class _Package(ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        if name in _FUNCTIONS_NAMED_AS_MODULES and isinstance(value, ModuleType):
            return  # the function stays the public name; the module is in sys.modules
        super().__setattr__(name, value)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # Pickled, as a plain module is, by its name: Dask and multiprocessing send closures
        # that name the package (``lambda x: provenance.loads(x)``) to their workers.
        import importlib

        return importlib.import_module, (self.__name__,)


def _load(name: str) -> object:
    if name not in _WHERE and name not in _SUBMODULES:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    import importlib

    if name in _SUBMODULES:
        value: object = importlib.import_module(f"provenance.{name}")
    else:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # the next use is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


sys.modules[__name__].__class__ = _Package
if not TYPE_CHECKING:  # type checkers see the names above, and no attribute beyond them
    __getattr__ = _load
