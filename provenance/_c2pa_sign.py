"""Sign a lineage's C2PA manifest into an asset with c2pa-python (``news-provenance[c2pa]``).

C2PA binds a manifest to an asset's bytes, and c2pa-python embeds manifests in images, audio,
video, PDF, SVG and office documents, not in plain text or HTML. A newsroom signs an asset that
travels with the article (its lead image, or the SVG badge) with the article's lineage.

Signing needs no network: without a timestamp authority (``ta_url=None``) the signature carries
no trusted time, and a reader checks the certificate's validity at reading time instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from typing import Any

from provenance.errors import SigningError
from provenance.formats import c2pa as c2pa_format
from provenance.model import Lineage

__all__ = ["SigningError", "sign"]

_ALGORITHMS = ("es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519")


def _library() -> Any:
    try:
        import c2pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise SigningError(
            "signing needs c2pa-python: pip install 'news-provenance[c2pa]'"
        ) from error
    return c2pa


def sign(
    lineage: Lineage,
    asset_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    cert_chain: bytes | str,
    private_key: bytes | str,
    alg: str = "es256",
    format: str | None = None,
) -> bytes:
    """Sign the subject's manifest into a copy of ``asset_path`` written to ``output_path``.

    ``cert_chain`` is the PEM chain, signer first; ``private_key`` its PEM key. ``format`` is
    the asset's MIME type, guessed from the file name when omitted. The manifest's loss
    warnings (:class:`~provenance.LossWarning`) pass on to the caller. Returns the manifest
    store's bytes. Raises :class:`SigningError` with c2pa-python's reason on failure; the
    output file is then not left behind.
    """
    if alg.lower() not in _ALGORITHMS:
        raise SigningError(
            f"unknown signing algorithm {alg!r}; use one of {', '.join(_ALGORITHMS)}"
        )
    c2pa = _library()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        manifest = c2pa_format.to_dict(lineage)
    for warning in caught:  # re-issued so that they point at the caller of sign()
        warnings.warn(warning.message, stacklevel=2)
    mime = format or _mime_type(os.fspath(asset_path))
    manifest["format"] = mime
    chain = cert_chain.encode() if isinstance(cert_chain, str) else cert_chain
    key = private_key.encode() if isinstance(private_key, str) else private_key
    output = os.fspath(output_path)
    try:
        info = c2pa.C2paSignerInfo(
            alg=alg.lower().encode(), sign_cert=chain, private_key=key, ta_url=None
        )
        signer = c2pa.Signer.from_info(info)
        builder = c2pa.Builder(json.dumps(manifest))
        with open(asset_path, "rb") as source, open(output, "w+b") as target:
            store: bytes = builder.sign(signer, mime, source, target)
    except c2pa.C2paError as error:
        _remove(output)
        raise SigningError(
            f"{os.fspath(asset_path)}: c2pa-python refused to sign: {error}"
        ) from None
    except OSError as error:
        _remove(output)
        raise SigningError(f"cannot sign {os.fspath(asset_path)}: {error}") from None
    return store


_MIME = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}


def _mime_type(path: str) -> str:
    extension = os.path.splitext(path)[1].lower()
    try:
        return _MIME[extension]
    except KeyError:
        raise SigningError(
            f"{path}: cannot tell the format from {extension or 'no extension'!r}; "
            f"pass format= (a MIME type c2pa-python supports, e.g. image/png)"
        ) from None


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
