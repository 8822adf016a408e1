"""Bodies read back from a WARC are inflated within a limit (arshif/warc/payload.py): a compression
bomb is refused after a few megabytes, whatever its coding; ordinary bodies come back whole."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import brotli
import pytest
from backports import zstd
from warcio.archiveiterator import ArchiveIterator

from arshif.extract.charset import decode_html
from arshif.warc.payload import PayloadError, PayloadTooLarge, decode_content, record_payload
from arshif.warc.writer import WarcFileWriter

ZEROS = bytes(64 * 1024 * 1024)
LIMIT = 1024 * 1024


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


CODERS = {
    "gzip": lambda d: gzip.compress(d, 6),
    "deflate": lambda d: zlib.compress(d, 6),
    "deflate-raw": _raw_deflate,
    "br": lambda d: brotli.compress(d, quality=1),
    "zstd": zstd.compress,
}


@pytest.mark.parametrize("coding", CODERS)
def test_a_bomb_is_refused_past_the_limit(coding):
    with pytest.raises(PayloadTooLarge, match="compression bomb"):
        decode_content(CODERS[coding](ZEROS), coding.removesuffix("-raw"), limit=LIMIT)


@pytest.mark.parametrize("coding", CODERS)
def test_an_ordinary_body_comes_back_whole(coding):
    body = "<p>نص عربي عادي</p>".encode() * 1000
    assert decode_content(CODERS[coding](body), coding.removesuffix("-raw"), limit=LIMIT) == body


def test_stacked_codings_are_undone_in_order_and_unknown_ones_left_alone():
    body = b"hello " * 100
    assert decode_content(brotli.compress(gzip.compress(body)), "gzip, br") == body
    assert decode_content(body, "identity") == body


def test_a_corrupt_stream_is_an_error_not_a_crash():
    with pytest.raises(PayloadError, match="corrupt"):
        decode_content(b"\x1f\x8b\x08\x00garbage-that-is-not-deflate" * 3, "gzip")


def test_gzip_bytes_served_as_html_are_not_inflated_past_the_limit():
    bomb = gzip.compress(ZEROS, 1)
    text, _ = decode_html(bomb, "text/html")
    assert len(text) < 2 * len(bomb)  # left as it came, not 64 MB of NULs


def test_record_payload_reads_a_warc_record_within_the_limit(tmp_path):
    writer = WarcFileWriter(tmp_path / "t.warc.gz", {})
    fetches = []
    for body, coding in ((gzip.compress("<p>مرحبا</p>".encode()), "gzip"), (brotli.compress(ZEROS), "br")):
        fetches.append(writer.write_fetch(
            url="http://127.0.0.31/x", method="GET", request_headers=[], request_body=b"", status=200,
            reason="OK", response_headers=[("Content-Type", "text/html"), ("Content-Encoding", coding)],
            body=body, fetched_at=datetime.now(UTC), ip_address=None))
    writer.close()
    with (tmp_path / "t.warc.gz").open("rb") as fh:
        for fetch, expected in zip(fetches, ("<p>مرحبا</p>".encode(), None), strict=True):
            fh.seek(fetch.response.offset)
            record = next(iter(ArchiveIterator(fh)))
            if expected is None:
                with pytest.raises(PayloadTooLarge):
                    record_payload(record, LIMIT)
            else:
                assert record_payload(record, LIMIT) == (expected, "text/html")
