"""Content digests: does this version's text match what the lineage says it was?

A digest is ``sha256:`` followed by the hex SHA-256 of the UTF-8 bytes of the NFC-normalized
text, so the same words typed with composed or decomposed accents give the same digest.

>>> digest("Shafaqna")
'sha256:baae1326b41640e9e8b9a727754ec7f90504274cf7498ecda235db70b0701c2c'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["digest", "is_digest"]

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}\Z")


def digest(text: str) -> str:
    """The digest of a text: ``sha256:`` + hex of the UTF-8 bytes of its NFC form."""
    if not isinstance(text, str):
        raise TypeError(f"digest() takes the text as str, not {type(text).__name__}")
    normalized = unicodedata.normalize("NFC", text)
    return "sha256:" + hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def is_digest(value: str) -> bool:
    """Whether a string is a well-formed digest (lower-case hex, 64 digits).

    >>> is_digest(digest("x")), is_digest("sha256:ABC"), is_digest("md5:00")
    (True, False, False)
    """
    return isinstance(value, str) and _DIGEST.match(value) is not None
