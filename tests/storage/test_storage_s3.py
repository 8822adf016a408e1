"""ObjectStore against a real SeaweedFS: write-once, checksums, ranges, listings, errors."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from storage import (
    CorruptObject,
    ObjectConflict,
    ObjectMissing,
    ObjectStore,
    StorageError,
    StoreUnavailable,
    open_store,
    resolve_endpoint,
)


def test_put_once_writes_then_recognises_its_own_bytes(store: ObjectStore) -> None:
    data = b"WARC/1.1\r\n" * 100
    first = store.put_once("warc/a.warc.gz", data)
    assert first.created
    assert first.size == len(data)
    assert first.sha256 == hashlib.sha256(data).hexdigest()

    # A retried step writes the same bytes again: not an error, and nothing is rewritten.
    again = store.put_once("warc/a.warc.gz", data)
    assert not again.created
    assert again.sha256 == first.sha256
    assert store.get("warc/a.warc.gz") == data


def test_put_once_refuses_different_bytes(store: ObjectStore) -> None:
    store.put_once("runs/r1/manifest.json", b'{"v": 1}')
    with pytest.raises(ObjectConflict, match="already exists with different content"):
        store.put_once("runs/r1/manifest.json", b'{"v": 2}')
    assert store.get("runs/r1/manifest.json") == b'{"v": 1}'


def test_concurrent_writers_of_one_key_create_it_once(store: ObjectStore) -> None:
    data = os.urandom(256 * 1024)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.put_once("race", data), range(8)))
    assert sum(result.created for result in results) == 1
    assert store.get("race") == data


def test_server_rejects_a_wrong_checksum(store: ObjectStore) -> None:
    # SeaweedFS itself checks ChecksumSHA256: a body that does not match is never stored.
    wrong = base64.b64encode(hashlib.sha256(b"something else").digest()).decode()
    with pytest.raises(ClientError) as info:
        store.client.put_object(
            Bucket=store.bucket,
            Key=store.full_key("bad-digest"),
            Body=b"the real body",
            IfNoneMatch="*",
            ChecksumSHA256=wrong,
        )
    assert info.value.response["Error"]["Code"] == "BadDigest"
    assert not store.exists("bad-digest")


def test_head_reports_the_sha256_and_metadata(store: ObjectStore) -> None:
    data = "نص عربي".encode()
    store.put_once("a.txt", data, content_type="text/plain; charset=utf-8")
    info = store.head("a.txt")
    assert info is not None
    assert info["size"] == len(data)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["metadata"]["sha256"] == info["sha256"]
    assert info["content_type"].startswith("text/plain")
    assert store.exists("a.txt")
    assert store.head("missing") is None
    assert not store.exists("missing")


def test_get_detects_an_object_changed_behind_our_back(store: ObjectStore) -> None:
    original = store.put_once("captures/x.jsonl", b'{"a": 1}\n')
    # Overwrite it without the write-once guard, keeping the old (now stale) sha256 metadata.
    store.client.put_object(
        Bucket=store.bucket,
        Key=store.full_key("captures/x.jsonl"),
        Body=b'{"a": 2}\n',
        Metadata={"sha256": original.sha256},
    )
    with pytest.raises(CorruptObject, match="is corrupt"):
        store.get("captures/x.jsonl")


def test_get_of_a_missing_key(store: ObjectStore) -> None:
    with pytest.raises(ObjectMissing):
        store.get("nothing/here")
    with pytest.raises(ObjectMissing):
        store.get_range("nothing/here", 0, 10)


def test_get_range_reads_one_record(store: ObjectStore) -> None:
    data = bytes(range(256)) * 40
    store.put_once("warc/b.warc.gz", data)
    assert store.get_range("warc/b.warc.gz", 0, 1) == data[:1]
    assert store.get_range("warc/b.warc.gz", 1000, 2345) == data[1000:3345]
    assert store.get_range("warc/b.warc.gz", len(data) - 7, 7) == data[-7:]
    with pytest.raises(StorageError, match="shorter than the index says"):
        store.get_range("warc/b.warc.gz", len(data) - 7, 8)
    with pytest.raises(StorageError, match="has no bytes at"):
        store.get_range("warc/b.warc.gz", len(data) + 10, 5)
    with pytest.raises(ValueError):
        store.get_range("warc/b.warc.gz", 0, 0)


def test_list_pages_through_a_prefix(store: ObjectStore) -> None:
    keys = [f"cdxj/2026/11/29/site-{i:03d}.cdxj" for i in range(250)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda key: store.put_once(key, key.encode()), keys))
    store.put_once("cdxj/2026/11/30/other.cdxj", b"x")
    store.put_once("cdxj-not-this.txt", b"x")

    listed = list(store.list("cdxj/2026/11/29/", page_size=40))
    assert [item.key for item in listed] == keys  # relative to the store's prefix, in order
    assert all(item.size == len(item.key) for item in listed)
    assert all(item.last_modified is not None for item in listed)
    assert len(list(store.list("cdxj/", page_size=40))) == 251
    assert len(list(store.list(page_size=100))) == 252


def test_json_round_trip_keeps_arabic(store: ObjectStore) -> None:
    manifest = {"site": "example-news", "title": "وزير الخارجية يصل إلى القاهرة", "n": 3}
    result = store.put_json_once("runs/r/manifest.json", manifest)
    assert result.created
    assert "وزير".encode() in store.get("runs/r/manifest.json")
    assert store.get_json("runs/r/manifest.json") == manifest
    assert not store.put_json_once("runs/r/manifest.json", manifest).created
    assert store.head("runs/r/manifest.json")["content_type"] == "application/json"


def test_keys_with_arabic_characters(store: ObjectStore) -> None:
    store.put_once("ar/أخبار/خبر-١.html", b"<html></html>")
    assert store.get("ar/أخبار/خبر-١.html") == b"<html></html>"
    assert [item.key for item in store.list("ar/")] == ["ar/أخبار/خبر-١.html"]


def test_put_file_once_streams_a_file(store: ObjectStore, tmp_path: Path) -> None:
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(os.urandom(6 * 1024 * 1024 + 17))
    first = store.put_file_once("staging/capture.warc.gz", path)
    assert first.created
    assert first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not store.put_file_once("staging/capture.warc.gz", path).created
    assert store.get("staging/capture.warc.gz") == path.read_bytes()

    path.write_bytes(b"different")
    with pytest.raises(ObjectConflict):
        store.put_file_once("staging/capture.warc.gz", path)


def test_ensure_bucket_is_idempotent(s3_endpoint: str) -> None:
    store = ObjectStore(s3_endpoint, "arshif-test")
    store.ensure_bucket()
    store.ensure_bucket()


def test_missing_bucket_is_reported(s3_endpoint: str) -> None:
    store = ObjectStore(s3_endpoint, "arshif-no-such-bucket")
    with pytest.raises(ObjectMissing, match="bucket arshif-no-such-bucket"):
        store.get("x")


def test_dead_endpoint_says_what_to_do(unused_port: int) -> None:
    endpoint = f"http://127.0.0.1:{unused_port}"
    store = ObjectStore(endpoint, "arshif-test", max_attempts=2, connect_timeout=1)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        store.put_once("k", b"v")
    message = str(info.value)
    assert endpoint in message
    assert "arshif s3 start" in message
    assert "ARSHIF_S3_ENDPOINT" in message
    assert time.monotonic() - started < 10


def test_resolve_endpoint_prefers_arshif_s3_endpoint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2")
    monkeypatch.setenv("ARSHIF_S3_ENDPOINT", "http://127.0.0.1:3/")
    assert resolve_endpoint(tmp_path) == "http://127.0.0.1:3"


def test_resolve_endpoint_without_a_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ARSHIF_S3_ENDPOINT", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2")  # must not be used
    with pytest.raises(StoreUnavailable, match="arshif s3 start") as info:
        resolve_endpoint(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_open_store_uses_the_environment(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str) -> None:
    monkeypatch.setenv("ARSHIF_S3_ENDPOINT", s3_endpoint)
    monkeypatch.setenv("ARSHIF_BUCKET", "arshif-test")
    store = open_store(prefix=f"tests/open-store-{os.getpid()}-{time.time_ns()}")
    assert store.bucket == "arshif-test"
    assert store.endpoint_url == s3_endpoint
    assert store.put_once("k", b"v").created
    assert store.get("k") == b"v"


@pytest.fixture
def unused_port() -> Iterator[int]:
    # Bound but not listening: nothing else can take the port, and connecting is refused.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
