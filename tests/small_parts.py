"""Small run parts archived into a real SeaweedFS without the demo network: for the tests of the
run ledger, signed exports and verify-export (tests/integrity/test_ledger.py,
tests/export/test_signed_export.py). Each run part holds two captures of one page: the first a
response, the second a revisit of it.

Imported as a plain module (pytest puts tests/ on sys.path: this folder has a conftest.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from arshif.archive import archive_site
from arshif.crawl.staging import StagedCrawl
from arshif.warc.writer import WarcFileWriter

RUN = "20261128T000000Z"
PAGE = ("<html lang='ar' dir='rtl'><head><title>عنوان الخبر</title></head>"
        "<body><p>نص الخبر</p></body></html>").encode()


def archive_part(store, catalog, folder: Path, site: str, run: str = RUN, host: int = 21,
                 path: str = "/news/{site}/{i}/", counts: dict | None = None) -> list[dict]:
    """Archives one run part of ``site`` (two captures, at ``path`` with ``i`` = 0 and 1, the
    second a revisit of the first); ``counts``: the run report's (default: two fetched).
    Returns the fetches."""
    folder.mkdir(parents=True, exist_ok=True)
    warc = folder / f"{site}-{run}.warc.gz"
    writer = WarcFileWriter(warc, {"operator": "test"})
    fetches = []
    for i in range(2):
        fetch = writer.write_fetch(
            url=f"http://127.0.0.{host}:8765" + path.format(site=site, i=i), method="GET",
            request_headers=[("Host", f"127.0.0.{host}:8765"), ("User-Agent", "arshif")], request_body=b"",
            status=200, reason="OK", response_headers=[("Content-Type", "text/html; charset=utf-8")],
            body=PAGE, fetched_at=datetime(2026, 11, 28, 8, 15, i, tzinfo=UTC), ip_address=f"127.0.0.{host}")
        fetches.append({"type": "capture", "url": fetch.url, "fetched_at": fetch.fetched_at, "status": 200,
                        "content_type": fetch.content_type, "payload_digest": fetch.payload_digest,
                        "role": "article", "request": vars(fetch.request), "response": vars(fetch.response),
                        "article": {"title": "عنوان الخبر", "text": "نص الخبر"}})
    writer.close()
    marker = {"prefix": f"staging/{run}/{site}/a/", "staged_at": "2026-11-28T09:00:00Z"}
    staged = StagedCrawl(marker, fetches, [], {})
    store.put_once(staged.warc_key, warc.read_bytes())
    first, second = fetches
    verdicts = {
        first["response"]["record_id"]: {"kind": "response", "canonical_url": first["url"], "version": 1,
                                         "change": "new", "text_fingerprint": "sha256:a"},
        second["response"]["record_id"]: {
            "kind": "revisit", "canonical_url": second["url"], "version": 1, "change": "identical",
            "text_fingerprint": "sha256:a", "payload_record_id": first["response"]["record_id"],
            "payload_warc_file": None, "payload_warc_offset": None, "payload_warc_length": None,
            "refers_to_url": first["url"], "refers_to_date": first["fetched_at"],
            "refers_to_digest": first["payload_digest"]},
    }
    archive_site(store, catalog, run, site, staged, verdicts, {"fetched": 2} if counts is None else counts)
    return fetches


def retry_part(store, catalog, site: str, run: str = RUN) -> dict:
    """The archive step run again for a committed run part (its manifest is there: nothing of
    the crawl is read)."""
    return archive_site(store, catalog, run, site, None, {}, {})


def rewrite(store, key: str, data: bytes) -> None:
    """Replaces an object behind arshif's back (write-once store: delete, then put, with the
    new bytes' checksum, as someone rewriting the archive would)."""
    store.client.delete_object(Bucket=store.bucket, Key=store.full_key(key))
    store.put_once(key, data)
