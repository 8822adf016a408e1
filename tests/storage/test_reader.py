"""storage/reader.py: ranged reads without boto3 (what ``arshif get`` and ``diff`` use) return
the bytes ``ObjectStore`` returns, fail as it fails, and sign requests as botocore does."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from storage.errors import ObjectMissing, StorageError, StoreUnavailable
from storage.reader import RangeReader, _environment_keys, open_reader, sigv4_headers
from storage.s3 import ObjectStore

BODY = "سطر أول\nسطر ثان\n".encode() * 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reader_of(store: ObjectStore, **kwargs) -> RangeReader:
    return RangeReader(store.endpoint_url, store.bucket, prefix=store.prefix, **kwargs)


def test_the_same_bytes_as_the_store(store: ObjectStore) -> None:
    store.put_once("a/b c.jsonl", BODY, content_type="application/x-ndjson")
    reader = reader_of(store)
    try:
        for offset, length in ((0, 1), (0, len(BODY)), (7, 300), (len(BODY) - 5, 5)):
            assert reader.get_range("a/b c.jsonl", offset, length) == store.get_range("a/b c.jsonl", offset, length)
    finally:
        reader.close()


def test_missing_object_short_range_and_no_endpoint(store: ObjectStore) -> None:
    store.put_once("x", BODY)
    reader = reader_of(store)
    with pytest.raises(ObjectMissing):
        reader.get_range("not-there", 0, 10)
    with pytest.raises(StorageError, match="no bytes at|shorter"):
        reader.get_range("x", len(BODY) + 10, 10)
    with pytest.raises(StorageError, match="shorter than the index says"):
        reader.get_range("x", len(BODY) - 5, 10)
    with pytest.raises(ValueError):
        reader.get_range("x", 0, 0)
    with pytest.raises(StoreUnavailable, match="did not answer"):
        RangeReader(f"http://127.0.0.1:{free_port()}", "b").get_range("x", 0, 1)


def test_open_reader_uses_the_environment(monkeypatch: pytest.MonkeyPatch, store: ObjectStore) -> None:
    monkeypatch.setenv("ARSHIF_S3_ENDPOINT", store.endpoint_url)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    reader = open_reader(store.bucket)
    assert isinstance(reader, RangeReader) and reader.keys == ("id", "secret", None)
    monkeypatch.setenv("AWS_PROFILE", "someone")  # only boto3 can resolve a profile: open_reader uses it
    assert _environment_keys() is None


@pytest.mark.parametrize("token", [None, "session-token"])
def test_the_signature_botocore_makes(token: str | None) -> None:
    now = datetime(2026, 11, 29, 8, 15, 2, tzinfo=UTC)
    path = "/arshif/captures/2026/11/29/%D8%B3%20x.jsonl"
    ours = sigv4_headers("GET", "127.0.0.1:8333", path, "eu-west-1", ("AKID", "SECRET", token), now)
    request = AWSRequest(method="GET", url=f"http://127.0.0.1:8333{path}",
                         headers={k: v for k, v in ours.items() if k != "authorization"})
    request.context["timestamp"] = now.strftime("%Y%m%dT%H%M%SZ")
    signer = S3SigV4Auth(Credentials("AKID", "SECRET", token), "s3", "eu-west-1")
    signer._modify_request_before_signing = lambda request: None  # keep exactly our headers
    canonical = signer.canonical_request(request)
    signature = signer.signature(signer.string_to_sign(request, canonical), request)
    assert ours["authorization"].endswith(f"Signature={signature}")
