"""Capture → archived WARC: records copied byte for byte, repeats turned into revisits, and
the result passes ``warcio check`` with its digests verified."""

import gzip
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from arshif.archive import build_site_archive
from arshif.crawl.staging import StagedCrawl
from arshif.warc.writer import WarcFileWriter

PAGE = "<html lang='ar' dir='rtl'><body><h1>عنوان</h1><p>نص الخبر</p></body></html>".encode()


def _stage(tmp_path: Path) -> tuple[bytes, list[dict]]:
    writer = WarcFileWriter(tmp_path / "staged.warc.gz", {"operator": "test"})
    fetches = []
    for i, body in enumerate([PAGE, gzip.compress(PAGE)]):
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
        if i:
            headers.append(("Content-Encoding", "gzip"))
        fetch = writer.write_fetch(
            url=f"http://127.0.0.21:8765/news/{i}/",
            method="GET",
            request_headers=[("Host", "127.0.0.21:8765"), ("User-Agent", "arshif")],
            request_body=b"",
            status=200,
            reason="OK",
            response_headers=headers,
            body=body,
            fetched_at=datetime(2026, 11, 28, 8, 15, i, 123456, tzinfo=UTC),
            ip_address="127.0.0.21",
        )
        fetches.append(
            {
                "type": "capture",
                "url": fetch.url,
                "fetched_at": fetch.fetched_at,
                "status": 200,
                "content_type": fetch.content_type,
                "payload_digest": fetch.payload_digest,
                "role": "article",
                "request": vars(fetch.request),
                "response": vars(fetch.response),
                "article": {"title": "عنوان", "text": "نص الخبر"},
            }
        )
    writer.close()
    return (tmp_path / "staged.warc.gz").read_bytes(), fetches


def test_staged_records_are_warc_1_1_with_raw_bodies(tmp_path):
    staged, fetches = _stage(tmp_path)
    records, bodies = [], []
    for record in ArchiveIterator(io.BytesIO(staged)):
        records.append(record)
        bodies.append(record.raw_stream.read())
    assert [r.rec_type for r in records] == [
        "warcinfo",
        "response",
        "request",
        "response",
        "request",
    ]
    assert all(r.rec_headers.protocol == "WARC/1.1" for r in records)
    response = records[3]
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert bodies[3] == gzip.compress(PAGE)  # stored as received, still gzipped
    assert (
        records[2].rec_headers.get_header("WARC-Concurrent-To")
        == fetches[0]["response"]["record_id"]
    )
    assert fetches[0]["fetched_at"] == "2026-11-28T08:15:00.123456Z"


def test_archive_copies_bytes_and_writes_revisits(tmp_path):
    staged, fetches = _stage(tmp_path)
    marker = {"prefix": "staging/x/", "staged_at": "2026-11-28T09:00:00Z"}
    first, second = fetches
    verdicts = {
        first["response"]["record_id"]: {
            "kind": "response",
            "canonical_url": first["url"],
            "version": 1,
            "change": "new",
            "text_fingerprint": "sha256:a",
        },
        second["response"]["record_id"]: {
            "kind": "revisit",
            "canonical_url": second["url"],
            "version": 1,
            "change": "identical",
            "text_fingerprint": "sha256:a",
            "payload_record_id": "<urn:uuid:0000>",
            "payload_warc_file": "warc/2026/11/27/x.warc.gz",
            "payload_warc_offset": 10,
            "payload_warc_length": 99,
            "refers_to_url": second["url"],
            "refers_to_date": "2026-11-27T08:00:00.000000Z",
        },
    }
    objects, rows = build_site_archive(
        "20261128T000000Z", "masr-today", StagedCrawl(marker, fetches, [], {}), verdicts, staged
    )
    warc_name = "warc/2026/11/28/masr-today/arshif-masr-today-20261128T000000Z-00000.warc.gz"
    data = objects[warc_name]
    # Deterministic: building again gives the same bytes (a retried step finds its own upload).
    again, _ = build_site_archive(
        "20261128T000000Z", "masr-today", StagedCrawl(marker, fetches, [], {}), verdicts, staged
    )
    assert again[warc_name] == data

    first_row, second_row = rows
    assert (
        data[first_row["warc_offset"] : first_row["warc_offset"] + first_row["warc_length"]]
        == staged[
            first["response"]["offset"] : first["response"]["offset"] + first["response"]["length"]
        ]
    )
    revisit = next(
        iter(
            ArchiveIterator(
                io.BytesIO(
                    data[
                        second_row["warc_offset"] : second_row["warc_offset"]
                        + second_row["warc_length"]
                    ]
                )
            )
        )
    )
    assert revisit.rec_type == "revisit"
    assert revisit.rec_headers.get_header("WARC-Profile").endswith(
        "/revisit/identical-payload-digest"
    )
    assert revisit.rec_headers.get_header("WARC-Refers-To") == "<urn:uuid:0000>"
    assert revisit.rec_headers.get_header("WARC-Payload-Digest") == second["payload_digest"]
    assert second_row["payload_warc_file"] == "warc/2026/11/27/x.warc.gz"

    path = tmp_path / "archived.warc.gz"
    path.write_bytes(data)
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", "-v", str(path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout

    index = objects[
        "cdxj/2026/11/28/masr-today/arshif-masr-today-20261128T000000Z-00000.cdxj"
    ].decode()
    lines = index.splitlines()
    assert len(lines) == 2 and lines == sorted(lines)
    assert '"mime": "warc/revisit"' in index and lines[0].startswith("21,0,0,127:8765)/news/0")


def test_each_article_text_rides_in_a_metadata_record_and_files_rotate(tmp_path):
    import json

    staged, fetches = _stage(tmp_path)
    marker = {"prefix": "staging/x/", "staged_at": "2026-11-28T09:00:00Z"}
    verdicts = {f["response"]["record_id"]: {"kind": "response", "canonical_url": f["url"], "version": 1,
                                             "change": "new", "text_fingerprint": f"sha256:{i}"}
                for i, f in enumerate(fetches)}
    crawl = StagedCrawl(marker, fetches, [], {})
    # one byte per file at most: every capture opens a file of its own (never split)
    objects, rows = build_site_archive("20261128T000000Z", "masr-today", crawl, verdicts, staged, max_bytes=1)
    stem = "arshif-masr-today-20261128T000000Z"
    warcs = sorted(k for k in objects if k.endswith(".warc.gz"))
    assert warcs == [f"warc/2026/11/28/masr-today/{stem}-0000{i}.warc.gz" for i in (0, 1)]
    assert sorted(k for k in objects if k.endswith(".cdxj")) == [
        f"cdxj/2026/11/28/masr-today/{stem}-0000{i}.cdxj" for i in (0, 1)]
    assert [r["warc_file"] for r in rows] == warcs
    for name, row in zip(warcs, rows, strict=True):
        records, content = [], None
        for record in ArchiveIterator(io.BytesIO(objects[name])):
            records.append(record)
            if record.rec_type == "metadata":
                content = json.loads(record.content_stream().read())
        assert [r.rec_type for r in records] == ["warcinfo", "response", "request", "metadata"]
        metadata = records[3]
        assert metadata.rec_headers.get_header("WARC-Refers-To") == row["record_id"]
        assert metadata.rec_headers.get_header("Content-Type") == "application/json"
        assert content["article"]["text"] == "نص الخبر"
        path = tmp_path / name.rsplit("/", 1)[-1]
        path.write_bytes(objects[name])
        check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    # without a limit: one file, deterministic
    single, _ = build_site_archive("20261128T000000Z", "masr-today", crawl, verdicts, staged)
    assert sorted(k for k in single if k.endswith(".warc.gz")) == warcs[:1]
    assert build_site_archive("20261128T000000Z", "masr-today", crawl, verdicts, staged)[0] == single
