"""Ranged reads from the S3 store without boto3: what ``arshif get`` and ``arshif diff`` use.

boto3 costs ~250 ms to import and ~100 ms to make a client, ten times the ranged GET that
``get`` needs. ``RangeReader`` makes that one request itself: a SigV4-signed (AWS Signature
Version 4, header form, unsigned payload) GET with a ``Range`` header over http.client, with a
few retries on a dropped connection or a 5xx, and the same errors as ``storage.s3.ObjectStore``.

It handles keys given in the environment (``AWS_ACCESS_KEY_ID``…) or none (SeaweedFS without
identities), and https with the system's CAs or ``AWS_CA_BUNDLE``. Keys that only boto3's own
search would find (a profile, a credentials file) make :func:`open_reader` return an ``ObjectStore`` instead, which reads the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import os
import time
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote, urlsplit

from storage.endpoint import _HINT, credentials_or_dummy, resolve_endpoint
from storage.errors import ObjectMissing, StorageError, StoreUnavailable

_ATTEMPTS = 4
_BACKOFF_S = (0.1, 0.4, 1.6)
_UNSIGNED = "UNSIGNED-PAYLOAD"


class Ranges(Protocol):
    """What a reader of archived bytes offers (``RangeReader`` and ``ObjectStore`` both do)."""

    def get_range(self, key: str, offset: int, length: int) -> bytes: ...


def open_reader(bucket: str | None = None, start_if_needed: bool = False, prefix: str = "") -> Ranges:
    """A reader of the archive's bucket: a ``RangeReader`` when it can sign for itself, else an
    ``ObjectStore`` (boto3). Unlike ``open_store`` it neither checks nor creates the bucket: a
    missing bucket is reported by the first read (``ObjectMissing``)."""
    endpoint = resolve_endpoint(start_if_needed=start_if_needed)
    keys = _environment_keys()
    if keys is None:
        from storage.s3 import ObjectStore

        return ObjectStore(endpoint, bucket, prefix=prefix)
    return RangeReader(endpoint, bucket, prefix=prefix, keys=keys)


def _environment_keys() -> tuple[str, str, str | None] | None:
    """(access key, secret, session token) from the environment or the dummy pair; None when
    only boto3's own search (profile, credentials file) could find them."""
    env = os.environ
    if env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY") and not env.get("AWS_PROFILE"):
        return env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env.get("AWS_SESSION_TOKEN") or None
    dummy = credentials_or_dummy()
    if dummy:
        return dummy["aws_access_key_id"], dummy["aws_secret_access_key"], None
    return None


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def sigv4_headers(method: str, host: str, path: str, region: str, keys: tuple[str, str, str | None],
                  now: datetime) -> dict[str, str]:
    """The headers that sign a bodiless S3 request (SigV4, header form, unsigned payload);
    ``path`` is already URI-encoded and has no query string."""
    access_key, secret, token = keys
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    headers = {"host": host, "x-amz-content-sha256": _UNSIGNED, "x-amz-date": stamp}
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    canonical = "\n".join([method, path, "", *(f"{n}:{headers[n]}" for n in names), "", ";".join(names),
                           _UNSIGNED])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(f"AWS4{secret}".encode(), day), region), "s3"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return headers


class RangeReader:
    """Ranged GETs from one bucket (optionally below a key prefix), path-style addressing."""

    def __init__(self, endpoint_url: str, bucket: str | None = None, prefix: str = "", *,
                 keys: tuple[str, str, str | None] = ("arshif", "arshif", None), region: str | None = None,
                 timeout: float = 60.0) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.bucket = bucket or os.environ.get("ARSHIF_BUCKET") or "arshif"
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        self.keys, self.timeout = keys, timeout
        parts = urlsplit(self.endpoint_url)
        self._https, self._netloc, self._base = parts.scheme == "https", parts.netloc, parts.path.rstrip("/")
        self._connection: http.client.HTTPConnection | None = None

    def __repr__(self) -> str:
        return f"RangeReader({self.endpoint_url!r}, bucket={self.bucket!r}, prefix={self.prefix!r})"

    def full_key(self, key: str) -> str:
        return self.prefix + key.lstrip("/")

    def url(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.full_key(key)}"

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` (as ``ObjectStore.get_range``)."""
        if offset < 0 or length <= 0:
            raise ValueError(f"bad range: offset={offset}, length={length}")
        status, body = self._get(key, f"bytes={offset}-{offset + length - 1}")
        if status == 416:
            raise StorageError(f"{self.url(key)} has no bytes at {offset} (range {offset}+{length})")
        if status == 404:
            what = f"bucket {self.bucket}" if b"NoSuchBucket" in body else self.url(key)
            raise ObjectMissing(f"{what} does not exist (get range of)")
        if status not in (200, 206):
            raise StorageError(f"get range of {self.url(key)} failed: HTTP {status} {_error_text(body)}".rstrip())
        if status == 200:  # a server that ignored the Range header: cut the range out ourselves
            body = body[offset:offset + length]
        if len(body) != length:
            raise StorageError(f"{self.url(key)}: asked for {length} bytes at {offset}, got {len(body)} "
                               "(the object is shorter than the index says)")
        return body

    def _get(self, key: str, byte_range: str) -> tuple[int, bytes]:
        path = quote(f"{self._base}/{self.bucket}/{self.full_key(key)}", safe="/~")
        for attempt in range(_ATTEMPTS):
            headers = sigv4_headers("GET", self._netloc, path, self.region, self.keys, datetime.now(UTC))
            headers["range"] = byte_range
            try:
                connection = self._connection or self._connect()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                status, body = response.status, response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if attempt + 1 == _ATTEMPTS:
                    raise StoreUnavailable(f"S3 endpoint {self.endpoint_url} did not answer (get range of "
                                           f"{self.url(key)}): {exc}; {_HINT}") from exc
            else:
                if status < 500 or attempt + 1 == _ATTEMPTS:
                    return status, body
            time.sleep(_BACKOFF_S[min(attempt, len(_BACKOFF_S) - 1)])
        raise AssertionError("unreachable")

    def _connect(self) -> http.client.HTTPConnection:
        if self._https:
            import ssl

            context = ssl.create_default_context(cafile=os.environ.get("AWS_CA_BUNDLE") or None)
            self._connection = http.client.HTTPSConnection(self._netloc, timeout=self.timeout, context=context)
        else:
            self._connection = http.client.HTTPConnection(self._netloc, timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _error_text(body: bytes) -> str:
    """The <Code> and <Message> of an S3 error document, if it is one."""
    text = body[:2000].decode("utf-8", "replace")
    found = []
    for tag in ("Code", "Message"):
        start, end = text.find(f"<{tag}>"), text.find(f"</{tag}>")
        if 0 <= start < end:
            found.append(text[start + len(tag) + 2:end])
    return " ".join(found)
