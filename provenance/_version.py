"""The version of this package, in one place (read by the build too)."""

from __future__ import annotations

__version__ = "0.1.0"
