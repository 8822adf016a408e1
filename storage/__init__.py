"""The object store: the embedded SeaweedFS launcher and the S3 client arshif uses everywhere.

``storage.seaweedfs`` starts and stops SeaweedFS under ``ARSHIF_HOME``; ``storage.s3`` holds
``ObjectStore`` (write-once puts with a SHA-256 the server checks, verified reads) and
``open_store``, which finds the endpoint (``ARSHIF_S3_ENDPOINT`` or the embedded store).
"""

from __future__ import annotations

from typing import Any

from storage.errors import (
    CorruptObject,
    ObjectConflict,
    ObjectMissing,
    StorageError,
    StoreUnavailable,
)

_S3_NAMES = {"ObjectInfo", "ObjectStore", "PutResult", "open_store", "resolve_endpoint"}

__all__ = [
    "CorruptObject",
    "ObjectConflict",
    "ObjectInfo",
    "ObjectMissing",
    "ObjectStore",
    "PutResult",
    "StorageError",
    "StoreUnavailable",
    "open_store",
    "resolve_endpoint",
]


def __getattr__(name: str) -> Any:
    # boto3 takes a few hundred milliseconds to import: load it only when the client is used,
    # so that ``import storage.seaweedfs`` and ``arshif --help`` stay quick.
    if name in _S3_NAMES:
        from storage import s3

        return getattr(s3, name)
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
