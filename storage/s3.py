"""The S3 client arshif uses everywhere: write-once puts the server checksums, verified reads.

Every object is written once (``IfNoneMatch="*"``) with a ``ChecksumSHA256`` the server
verifies (a mismatch is rejected as BadDigest); the hex SHA-256 also goes into the user
metadata ``sha256`` so that reads can be verified on stores that do not return checksums.
A retried step that finds its own bytes already stored gets ``created=False``, not an error.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    FlexibleChecksumError,
    HTTPClientError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from storage.endpoint import _HINT, credentials_or_dummy, resolve_endpoint
from storage.errors import (
    CorruptObject,
    ObjectConflict,
    ObjectMissing,
    StorageError,
    StoreUnavailable,
)
from storage.s3_clients import s3_client

__all__ = ["ObjectInfo", "ObjectStore", "PutResult", "open_store", "resolve_endpoint"]

DEFAULT_BUCKET = "arshif"
DEFAULT_REGION = "us-east-1"
# A single PUT is limited to 5 GiB by S3; beyond that a multipart upload is needed.
_SINGLE_PUT_LIMIT = 5 * 1024**3


@dataclass(frozen=True)
class PutResult:
    """What a write-once put did: ``created`` is False when the same bytes were already there."""

    key: str
    size: int
    sha256: str
    created: bool


@dataclass(frozen=True)
class ObjectInfo:
    """One listed object. ``sha256`` is None: listings carry no checksums (``head`` has it)."""

    key: str
    size: int
    sha256: str | None = None
    last_modified: datetime | None = None


def open_store(
    bucket: str | None = None, start_if_needed: bool = False, prefix: str = ""
) -> ObjectStore:
    """An ``ObjectStore`` on the resolved endpoint, with its bucket created if missing."""
    store = ObjectStore(resolve_endpoint(start_if_needed=start_if_needed), bucket, prefix=prefix)
    store.ensure_bucket()
    return store


class ObjectStore:
    """One bucket (optionally below a key prefix) on one S3 endpoint.

    Keys passed to and returned by the methods are relative to ``prefix``.
    """

    def __init__(
        self,
        endpoint_url: str,
        bucket: str | None = None,
        prefix: str = "",
        *,
        region: str | None = None,
        max_attempts: int = 5,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.bucket = bucket or os.environ.get("ARSHIF_BUCKET") or DEFAULT_BUCKET
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        self.region = region or DEFAULT_REGION
        config = Config(
            region_name=self.region,
            # No SigV4 payload hash: every body we send carries the ChecksumSHA256 the server
            # verifies, and that header is signed, so hashing the body again for the signature
            # (which botocore does over http) only read every byte a second time (bench/archive.py).
            s3={"addressing_style": "path", "payload_signing_enabled": False},
            retries={"max_attempts": max_attempts, "mode": "standard"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            # We send and check our own SHA-256; botocore's automatic CRC32 trailers (aws-chunked
            # uploads) are not understood by every S3-compatible store.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        self.client = s3_client(endpoint_url=endpoint_url, config=config, **credentials_or_dummy())

    def __repr__(self) -> str:
        return f"ObjectStore({self.endpoint_url!r}, bucket={self.bucket!r}, prefix={self.prefix!r})"

    def full_key(self, key: str) -> str:
        """The key in the bucket, with this store's prefix."""
        return self.prefix + key.lstrip("/")

    def url(self, key: str) -> str:
        """``s3://bucket/key``, for messages and manifests."""
        return f"s3://{self.bucket}/{self.full_key(key)}"

    # --- bucket ---------------------------------------------------------------------------

    def ensure_bucket(self) -> None:
        """Create the bucket unless it exists (safe to call from many tasks at once)."""
        with self._errors("check bucket"):
            try:
                self.client.head_bucket(Bucket=self.bucket)
                return
            except ClientError as exc:
                if _status(exc) != 404:
                    raise
            kwargs: dict[str, Any] = {"Bucket": self.bucket}
            if self.region != "us-east-1":  # AWS refuses an explicit us-east-1 constraint
                kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
            try:
                self.client.create_bucket(**kwargs)
            except ClientError as exc:
                code = _code(exc)
                if code == "BucketAlreadyOwnedByYou":
                    return
                if code == "BucketAlreadyExists":
                    # Either a race with another of our tasks or someone else's bucket.
                    self.client.head_bucket(Bucket=self.bucket)
                    return
                raise

    # --- writes ---------------------------------------------------------------------------

    def put_once(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> PutResult:
        """Write ``data`` at ``key`` unless the key exists.

        Same bytes already there → ``created=False``; different bytes → ``ObjectConflict``.
        """
        digest = hashlib.sha256(data).digest()
        return self._put_once(key, data, len(data), digest, content_type)

    def put_file_once(
        self, key: str, path: Path | str, content_type: str = "application/octet-stream"
    ) -> PutResult:
        """``put_once`` for a file, streamed from disk (up to 5 GiB: a single PUT)."""
        path = Path(path)
        size = path.stat().st_size
        if size > _SINGLE_PUT_LIMIT:
            raise StorageError(f"{path} is {size} bytes: multipart uploads are not implemented")
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").digest()
            handle.seek(0)
            return self._put_once(key, handle, size, digest, content_type)

    def put_json_once(self, key: str, obj: Any) -> PutResult:
        """``put_once`` of ``obj`` as UTF-8 JSON (Arabic kept as is, not \\u-escaped)."""
        data = (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return self.put_once(key, data, content_type="application/json")

    def _put_once(
        self, key: str, body: Any, size: int, digest: bytes, content_type: str
    ) -> PutResult:
        hex_digest = digest.hex()
        with self._errors("put", key):
            try:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=self.full_key(key),
                    Body=body,
                    ContentLength=size,
                    ContentType=content_type,
                    IfNoneMatch="*",
                    ChecksumSHA256=base64.b64encode(digest).decode("ascii"),
                    Metadata={"sha256": hex_digest},
                )
            except ClientError as exc:
                # 412: the key exists. 409: a concurrent conditional write to it is in flight.
                if _status(exc) not in (409, 412) and _code(exc) != "PreconditionFailed":
                    raise
                return self._already_there(key, hex_digest, size)
        return PutResult(key=key, size=size, sha256=hex_digest, created=True)

    def _already_there(self, key: str, sha256: str, size: int) -> PutResult:
        info = self.head(key)
        if info is None:
            raise StorageError(f"{self.url(key)} was refused as existing, yet HEAD finds nothing")
        stored = info["sha256"]
        if stored is None:
            # A store that keeps neither our metadata nor checksums: compare the bytes.
            stored = hashlib.sha256(self._get(key, verify=False)).hexdigest()
        if stored != sha256:
            raise ObjectConflict(
                f"{self.url(key)} already exists with different content "
                f"(stored sha256 {stored}, ours {sha256}); objects are written once, "
                "so write the new content under a new key"
            )
        return PutResult(key=key, size=size, sha256=sha256, created=False)

    # --- reads ----------------------------------------------------------------------------

    def get(self, key: str) -> bytes:
        """The object's bytes, checked against its recorded SHA-256 (``CorruptObject`` if not)."""
        return self._get(key, verify=True)

    def get_json(self, key: str) -> Any:
        return json.loads(self.get(key).decode("utf-8"))

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` (a ranged GET, e.g. one WARC record)."""
        if offset < 0 or length <= 0:
            raise ValueError(f"bad range: offset={offset}, length={length}")
        with self._errors("get range of", key):
            try:
                response = self.client.get_object(
                    Bucket=self.bucket,
                    Key=self.full_key(key),
                    Range=f"bytes={offset}-{offset + length - 1}",
                )
            except ClientError as exc:
                if _code(exc) == "InvalidRange":
                    raise StorageError(
                        f"{self.url(key)} has no bytes at {offset} (range {offset}+{length})"
                    ) from exc
                raise
            data = response["Body"].read()
        if len(data) != length:
            raise StorageError(
                f"{self.url(key)}: asked for {length} bytes at {offset}, got {len(data)} "
                "(the object is shorter than the index says)"
            )
        return data

    def _get(self, key: str, verify: bool) -> bytes:
        with self._errors("get", key):
            try:
                response = self.client.get_object(
                    Bucket=self.bucket, Key=self.full_key(key), ChecksumMode="ENABLED"
                )
                data = response["Body"].read()
            except FlexibleChecksumError as exc:
                raise CorruptObject(f"{self.url(key)} does not match its checksum: {exc}") from exc
        if verify:
            actual = hashlib.sha256(data).hexdigest()
            for expected in _recorded_digests(response):
                if expected != actual:
                    raise CorruptObject(
                        f"{self.url(key)} is corrupt: its sha256 is {actual}, "
                        f"but {expected} was recorded when it was written"
                    )
        return data

    def head(self, key: str) -> dict[str, Any] | None:
        """The object's size, sha256 (or None), content type, metadata, etag, last_modified.

        None when the key does not exist.
        """
        with self._errors("head", key):
            try:
                response = self.client.head_object(
                    Bucket=self.bucket, Key=self.full_key(key), ChecksumMode="ENABLED"
                )
            except ClientError as exc:
                if _status(exc) == 404:
                    return None
                raise
        return {
            "key": key,
            "size": response["ContentLength"],
            "sha256": _recorded_sha256(response),
            "content_type": response.get("ContentType"),
            "metadata": response.get("Metadata") or {},
            "etag": (response.get("ETag") or "").strip('"') or None,
            "last_modified": response.get("LastModified"),
        }

    def exists(self, key: str) -> bool:
        return self.head(key) is not None

    def delete(self, key: str) -> None:
        """Deletes the object; deleting one that is not there is not an error.

        Only a purge (arshif/takedown/) deletes archived objects, after it has written the
        record that explains the deletion.
        """
        with self._errors("delete", key):
            self.client.delete_object(Bucket=self.bucket, Key=self.full_key(key))

    def list(self, prefix: str = "", page_size: int = 1000,
             start_after: str | None = None) -> Iterator[ObjectInfo]:
        """Every object whose key starts with ``prefix``, in key order, page by page; with
        ``start_after``, only the keys after that one (the tail of an append-only prefix)."""
        paginator = self.client.get_paginator("list_objects_v2")
        extra = {"StartAfter": self.full_key(start_after)} if start_after else {}
        pages = paginator.paginate(
            Bucket=self.bucket,
            Prefix=self.full_key(prefix) if prefix else self.prefix,
            PaginationConfig={"PageSize": page_size},
            **extra,
        )
        with self._errors("list", prefix or "/"):
            for page in pages:
                for item in page.get("Contents") or []:
                    yield ObjectInfo(
                        key=item["Key"][len(self.prefix) :],
                        size=item["Size"],
                        last_modified=item.get("LastModified"),
                    )

    # --- errors ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str, key: str | None = None) -> Iterator[None]:
        """Turn botocore's errors into ours, with the endpoint, bucket and key in the message."""
        where = self.url(key) if key is not None else f"s3://{self.bucket}"
        try:
            yield
        except (BotoConnectionError, HTTPClientError) as exc:
            raise StoreUnavailable(
                f"S3 endpoint {self.endpoint_url} did not answer ({action} {where}): {exc}; {_HINT}"
            ) from exc
        except ClientError as exc:
            code = _code(exc)
            if code in ("NoSuchKey", "NoSuchBucket") or (
                _status(exc) == 404 and action.startswith("get")
            ):
                what = f"bucket {self.bucket}" if code == "NoSuchBucket" else where
                raise ObjectMissing(f"{what} does not exist ({action})") from exc
            if code == "BadDigest":
                raise CorruptObject(
                    f"{where} was damaged on the way to the store (BadDigest); retry the write"
                ) from exc
            message = exc.response.get("Error", {}).get("Message", "")
            raise StorageError(f"{action} {where} failed: {code} {message}".rstrip()) from exc


def _recorded_digests(response: dict[str, Any]) -> list[str]:
    """The hex SHA-256s recorded at write time: our metadata's, then the store's checksum."""
    digests = []
    recorded = (response.get("Metadata") or {}).get("sha256")
    if recorded:
        digests.append(recorded.lower())
    checksum = response.get("ChecksumSHA256")
    # "<base64>-<n>" is a checksum of part checksums (multipart), not of the object's bytes.
    if checksum and "-" not in checksum:
        with contextlib.suppress(binascii.Error, ValueError):
            digests.append(base64.b64decode(checksum, validate=True).hex())
    return digests


def _recorded_sha256(response: dict[str, Any]) -> str | None:
    digests = _recorded_digests(response)
    return digests[0] if digests else None


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _status(exc: ClientError) -> int | None:
    return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
