"""Response bodies out of WARC records, their Content-Encoding undone within a size limit.

A WARC keeps the body as received, still compressed. warcio's ``content_stream()`` inflates
it without any bound (a 1 MB gzip bomb becomes 1 GiB in memory) and fails outright on
brotli bodies with brotli >= 1.2. Everything that reads a page's text out of the archive
(extraction, re-extraction, retrieval) goes through ``record_payload`` instead: inflated in
64 KiB steps, and refused as soon as it passes the limit.
"""

from __future__ import annotations

import zlib
from io import BytesIO

MAX_DECODED_BYTES = 32 * 1024 * 1024  # more than any HTML page; the crawl's own cap is lower
_STEP = 64 * 1024


class PayloadError(ValueError):
    """The body cannot be decoded: corrupt, or larger than allowed once inflated."""


class PayloadTooLarge(PayloadError):
    pass


def _check(size: int, limit: int, encoding: str) -> None:
    if size > limit:
        raise PayloadTooLarge(f"{encoding} body inflates past {limit} bytes (a compression bomb?); not decoded")


def _inflate(data: bytes, limit: int, encoding: str) -> bytes:
    # gzip and zlib headers are detected (32 + MAX_WBITS); raw deflate, which some servers
    # send as "deflate", is the fallback.
    for wbits in (32 + zlib.MAX_WBITS, -zlib.MAX_WBITS):
        decompressor = zlib.decompressobj(wbits)
        out = BytesIO()
        try:
            chunk = decompressor.decompress(data, _STEP)
            while True:
                out.write(chunk)
                _check(out.tell(), limit, encoding)
                if decompressor.eof or not (decompressor.unconsumed_tail or chunk):
                    break
                chunk = decompressor.decompress(decompressor.unconsumed_tail, _STEP)
        except zlib.error as exc:
            error = exc
            continue
        return out.getvalue()
    raise PayloadError(f"corrupt {encoding} body: {error}")


def _unbrotli(data: bytes, limit: int) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    out = BytesIO()
    try:
        chunk = decompressor.process(data, output_buffer_limit=_STEP)
        while True:
            out.write(chunk)
            _check(out.tell(), limit, "br")
            if decompressor.is_finished() or not chunk:
                break
            chunk = decompressor.process(b"", output_buffer_limit=_STEP)
    except brotli.error as exc:
        raise PayloadError(f"corrupt br body: {exc}") from exc
    return out.getvalue()


def _unzstd(data: bytes, limit: int) -> bytes:
    from backports import zstd

    out = BytesIO()
    try:
        with zstd.ZstdFile(BytesIO(data)) as stream:
            while chunk := stream.read(_STEP):
                out.write(chunk)
                _check(out.tell(), limit, "zstd")
    except (EOFError, zstd.ZstdError) as exc:
        raise PayloadError(f"corrupt zstd body: {exc}") from exc
    return out.getvalue()


def decode_content(body: bytes, content_encoding: str | None, limit: int = MAX_DECODED_BYTES) -> bytes:
    """``body`` with its Content-Encoding (``gzip``, ``deflate``, ``br``, ``zstd``, or a list of
    them, applied in order) undone; raises ``PayloadError``. Unknown codings are left as they are."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip", "deflate"):
            body = _inflate(body, limit, coding)
        elif coding == "br":
            body = _unbrotli(body, limit)
        elif coding == "zstd":
            body = _unzstd(body, limit)
    return body


def drain(record) -> None:
    """Reads a record's body to its end without decoding it (warcio checks the digests then):
    ``content_stream().read()`` would inflate a bomb whole, and fails on brotli bodies."""
    while record.raw_stream.read(_STEP):
        pass


def record_payload(record, limit: int = MAX_DECODED_BYTES) -> tuple[bytes, str | None]:
    """A warcio response record's body, content-decoded within ``limit``, and its Content-Type."""
    headers = record.http_headers
    content_type = headers.get_header("Content-Type") if headers else None
    encoding = headers.get_header("Content-Encoding") if headers else None
    raw = record.raw_stream.read(limit + 1)
    if len(raw) > limit:
        raise PayloadTooLarge(f"body larger than {limit} bytes; not decoded")
    return decode_content(raw, encoding, limit), content_type
