"""The copy of a demo archive the test modules work on (tests/demo_archive.py) holds what the
original holds, as the original holds it: the same bytes under the same keys, the checksum the
store recorded (`arshif verify` counts objects checked by it), arshif's metadata and content
type, re-extractions in the order they were written; and the home's Airflow config names the
copy's folder."""

from __future__ import annotations

import time
import uuid

from demo_archive import copy_bucket, copy_home

from storage.s3 import ObjectStore


def test_a_copied_bucket_keeps_bytes_checksums_metadata_and_write_order(s3_endpoint):
    source, target = (f"arshif-copy-{what}-{uuid.uuid4().hex[:8]}" for what in ("from", "to"))
    original = ObjectStore(s3_endpoint, source)
    original.ensure_bucket()
    original.put_json_once("runs/20261128T000000Z/masr-today/manifest.json", {"site": "مصر اليوم"})
    original.put_once("warc/a.warc.gz", b"\x1f\x8b warc bytes")
    # Two re-extractions, the later one with the smaller key: order must come from the time.
    original.put_once("text/b--v1.jsonl", b"first\n")
    time.sleep(1.1)
    original.put_once("text/a--v2.jsonl", b"second\n")

    assert copy_bucket(s3_endpoint, source, target) == 4
    copy = ObjectStore(s3_endpoint, target)
    for info in original.list(""):
        before, after = original.head(info.key), copy.head(info.key)
        assert copy.get(info.key) == original.get(info.key)
        assert after["sha256"] == before["sha256"] is not None
        assert (after["metadata"], after["content_type"]) == (before["metadata"], before["content_type"])
    texts = sorted(copy.list("text/"), key=lambda i: (i.last_modified, i.key))
    assert [i.key for i in texts] == ["text/b--v1.jsonl", "text/a--v2.jsonl"]
    # Again with only the missing keys: nothing left to copy.
    assert copy_bucket(s3_endpoint, source, target, only_missing=True) == 0


def test_a_copied_home_points_airflow_at_the_copy(tmp_path):
    source, target = tmp_path / "golden", tmp_path / "copy"
    (source / "airflow").mkdir(parents=True)
    (source / "catalog.sqlite").write_bytes(b"SQLite format 3\x00")
    (source / "airflow" / "airflow.cfg").write_text(f"base_log_folder = {source}/airflow/logs\n")
    copy_home(source, target)
    assert (target / "catalog.sqlite").read_bytes() == b"SQLite format 3\x00"
    assert (target / "airflow" / "airflow.cfg").read_text() == f"base_log_folder = {target}/airflow/logs\n"
    assert str(source) in (source / "airflow" / "airflow.cfg").read_text()  # the original untouched
