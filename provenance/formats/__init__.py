"""Formats: one module per wire format, each offering the same verbs.

Every format module has ``to_dict`` and ``dumps`` (writing), and ``from_dict`` and ``loads``
where the format can be read back. Modules are imported on first use, so naming a format
costs nothing at start-up.

>>> get("native").__name__
'provenance.formats.native'
>>> get("yaml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
provenance.errors.UnknownFormatError: unknown format 'yaml'; known formats: c2pa, dot, jsonld, ...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from provenance.errors import UnknownFormatError

__all__ = ["get", "is_json", "names", "readable"]

# name -> (module, can it be read back?, is its output one JSON document?)
_REGISTRY: dict[str, tuple[str, bool, bool]] = {
    "c2pa": ("provenance.formats.c2pa", False, True),
    "dot": ("provenance.formats.dot", False, False),
    "jsonld": ("provenance.formats.jsonld", True, True),
    "mermaid": ("provenance.formats.mermaid", False, False),
    "native": ("provenance.formats.native", True, True),
    "prov-json": ("provenance.formats.prov_json", True, True),
    "prov-n": ("provenance.formats.prov_n", False, False),
    "prov-o": ("provenance.formats.prov_o", False, False),
}


def names() -> tuple[str, ...]:
    """The registered format names, sorted."""
    return tuple(sorted(_REGISTRY))


def readable() -> tuple[str, ...]:
    """The names of the formats a lineage can be read back from."""
    return tuple(sorted(name for name, (_, can_read, _) in _REGISTRY.items() if can_read))


def is_json(name: str) -> bool:
    """Whether the format writes one JSON document (compact: on one line, by default)."""
    if name not in _REGISTRY:
        raise UnknownFormatError(name, names())
    return _REGISTRY[name][2]


def get(name: str) -> ModuleType:
    """The module for a format name.

    An unknown name raises :class:`~provenance.UnknownFormatError`, which lists the known ones.
    """
    try:
        module = _REGISTRY[name][0]
    except KeyError:
        raise UnknownFormatError(name, names()) from None
    return importlib.import_module(module)
