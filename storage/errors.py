"""Errors of the object store; callers catch ``StorageError`` or one of its kinds."""

from __future__ import annotations


class StorageError(Exception):
    """Something went wrong talking to the object store."""


class StoreUnavailable(StorageError):
    """The S3 endpoint does not answer (or the embedded store could not be started)."""


class ObjectConflict(StorageError):
    """A write-once key already holds different bytes."""


class ObjectMissing(StorageError):
    """The key (or the bucket) does not exist."""


class CorruptObject(StorageError):
    """The bytes read back do not match the SHA-256 recorded when they were written."""
