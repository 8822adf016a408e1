"""What every arshif WARC file says about itself: its WARC version and its warcinfo record."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from warcio.warcwriter import WARCWriter

from arshif import __version__

WARC_VERSION = "1.1"
HEADER_NOTE = (
    "HTTP headers in request and response records are rebuilt by Scrapy from parsed values: "
    "header names may differ in case and order from the wire, and chunked transfer-encoding "
    "has been removed. Response bodies are the bytes received, before content-decoding."
)


def warcinfo_fields(**extra: str) -> dict[str, str]:
    """What every arshif WARC file says about itself in its warcinfo record."""
    return {"software": f"arshif/{__version__} (Scrapy, warcio)", "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "http-header-note": HEADER_NOTE, **extra}


def warcinfo_member(filename: str, fields: dict[str, str]) -> bytes:
    """A warcinfo record dated now, as one gzip member (an export's opening record)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
    record = writer.create_warcinfo_record(filename, warcinfo_fields(**fields))
    record.rec_headers.replace_header(
        "WARC-Date", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    writer.write_record(record)
    return buffer.getvalue()
