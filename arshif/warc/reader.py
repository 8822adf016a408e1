"""Records read back out of WARC bytes: one record at a known position, or every record of a
stretch of gzip members with what later steps check about it."""

from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator

from arshif.warc.payload import drain


def read_record(staged: bytes, offset: int, length: int):
    """The one WARC record stored at ``offset`` (a gzip member of its own)."""
    return next(iter(ArchiveIterator(io.BytesIO(staged[offset:offset + length]))))


def checked_records(data: bytes) -> list[dict]:
    """Every record in ``data`` (whole gzip members) with its headers' facts and its position,
    read to its end so that warcio checks its digests: raises warcio's ``ArchiveLoadFailed``,
    ``ValueError``, ``OSError``, ``EOFError`` or ``zlib.error`` on data that is not intact."""
    records = []
    iterator = ArchiveIterator(io.BytesIO(data), check_digests="raise")
    for record in iterator:
        drain(record)  # reading to the end checks the digests (not inflated: no bomb)
        headers = record.rec_headers
        http = record.http_headers
        records.append({"type": record.rec_type, "id": headers.get_header("WARC-Record-ID"),
                        "concurrent_to": headers.get_header("WARC-Concurrent-To"),
                        "refers_to": headers.get_header("WARC-Refers-To"),
                        "url": headers.get_header("WARC-Target-URI"),
                        "date": headers.get_header("WARC-Date"),
                        "digest": headers.get_header("WARC-Payload-Digest"),
                        "status": http.get_statuscode() if http else None,
                        "content_type": http.get_header("Content-Type") if http else None,
                        "offset": iterator.get_record_offset(),
                        "length": iterator.get_record_length()})
    return records
