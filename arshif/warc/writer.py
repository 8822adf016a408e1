"""The capture-time WARC writer: one request and one response record for every fetch, as it came
off the wire (as far as Scrapy lets us see it: the body is raw, the headers are rebuilt).

The Scrapy glue that feeds it is ``spiders/middlewares/warc_capture.py`` and ``spiders/output.py``."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid
import zlib
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from arshif.warc.warcinfo import WARC_VERSION, warcinfo_fields

WARC_GZIP_LEVEL = 6
# Hop-by-hop framing that no longer describes the stored body once Scrapy has de-chunked it.
DROPPED_RESPONSE_HEADERS = {"transfer-encoding"}


@dataclass
class CapturedRecord:
    """Where one record landed in the local WARC file."""

    record_id: str
    offset: int
    length: int


@dataclass
class CapturedFetch:
    """A fetch's two records plus the facts later steps need without re-reading the WARC."""

    url: str
    fetched_at: str
    status: int
    content_type: str | None
    payload_digest: str
    ip_address: str | None
    request: CapturedRecord
    response: CapturedRecord
    extra: dict = field(default_factory=dict)


def warc_date(moment: datetime) -> str:
    """WARC 1.1 dates carry microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


class GzipMember:
    """Compresses what is written into one gzip member, ended by ``flush``.

    warcio compresses at level 9; level 6 (gzip's own default) gives members under 1% bigger for
    about 60% of the CPU, and compressing was the crawl process's largest cost (bench/crawl.py).
    """

    def __init__(self, out: BinaryIO, level: int = WARC_GZIP_LEVEL) -> None:
        self.out = out
        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class _Body(io.BytesIO):
    """A record's payload that the writer below digests and compresses in one piece."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)  # shares ``data`` (no copy) until written to, which it never is
        self.data = data


def _sha1(*parts: bytes) -> str:
    """A digest as warcio writes it (``sha1:`` and base32)."""
    digester = hashlib.sha1()
    for part in parts:
        digester.update(part)  # one call over the whole body: the GIL is released for it
    return "sha1:" + base64.b32encode(digester.digest()).decode("ascii")


class _WholeBodyWriter(WARCWriter):
    """warcio's records, byte for byte, with a ``_Body`` payload digested and compressed whole.

    warcio reads a payload in 16 KiB pieces twice (to digest it, then to write it): a copy of
    every piece, and a Python loop between the C calls that holds the GIL. The digests are the
    same (SHA-1 of the payload; of the HTTP headers and payload for the block), added in the
    same order; the bytes compressed are the same.
    """

    def ensure_digest(self, record, block: bool = True, payload: bool = True) -> None:
        stream = record.raw_stream
        if not isinstance(stream, _Body) or record.length is None:
            super().ensure_digest(record, block=block, payload=payload)
            return
        headers = record.rec_headers
        if payload and not headers.get_header("WARC-Payload-Digest") \
                and record.rec_type not in self.NO_PAYLOAD_DIGEST_TYPES:
            headers.add_header("WARC-Payload-Digest", _sha1(stream.data))
        if block and not headers.get_header("WARC-Block-Digest"):
            http = record.http_headers
            if http and not http.headers_buff:
                http.compute_headers_buffer(self.header_filter)
            headers.add_header("WARC-Block-Digest", _sha1(http.headers_buff if http else b"", stream.data))

    @staticmethod
    def _iter_stream(stream):
        if isinstance(stream, _Body):
            if stream.data:
                yield stream.data
            return
        yield from WARCWriter._iter_stream(stream)


class WarcFileWriter:
    """Appends gzip-per-record WARC 1.1 records to a local file and reports their positions.

    ``submit_fetch`` writes on a thread of the writer's own, one fetch after another in the order
    submitted: digesting and compressing a body (hashlib and zlib release the GIL) then runs on
    the other core while the crawl's thread goes on with the other downloads.
    """

    def __init__(self, path: Path, warcinfo: dict[str, str]) -> None:
        self.path = path
        self._fh = path.open("wb")
        self._writer = _WholeBodyWriter(self._fh, gzip=False, warc_version=WARC_VERSION)  # builds records
        record = self._writer.create_warcinfo_record(path.name, warcinfo_fields(**warcinfo))
        self._write(record)
        self._thread: ThreadPoolExecutor | None = None

    def submit_fetch(self, **fetch) -> Future[CapturedFetch]:
        """``write_fetch`` on the writer's thread; the records are in the file (flushed) when the
        future is done. One thread: records land in the order they were submitted."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")
        return self._thread.submit(self.write_fetch, **fetch)

    def _write(self, record) -> CapturedRecord:
        offset = self._fh.tell()
        # A gzip member of its own per record, so that each can be read (and copied) alone.
        _WholeBodyWriter(GzipMember(self._fh), gzip=False, warc_version=WARC_VERSION).write_record(record)
        self._fh.flush()
        return CapturedRecord(
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
            offset=offset,
            length=self._fh.tell() - offset,
        )

    def write_fetch(
        self,
        *,
        url: str,
        method: str,
        request_headers: Iterable[tuple[str, str]],
        request_body: bytes,
        status: int,
        reason: str,
        response_headers: Iterable[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
        ip_address: str | None,
        protocol: str = "HTTP/1.1",
    ) -> CapturedFetch:
        date = warc_date(fetched_at)
        response_id = new_record_id()
        kept_headers = [(k, v) for k, v in response_headers if k.lower() not in DROPPED_RESPONSE_HEADERS]
        response_http = StatusAndHeaders(f"{status} {reason}".strip(), kept_headers, protocol=protocol)
        warc_headers = {"WARC-Record-ID": response_id, "WARC-Date": date}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        response = self._writer.create_warc_record(
            url, "response", payload=_Body(body), length=len(body),
            http_headers=response_http, warc_headers_dict=warc_headers,
        )
        path = _request_target(url)
        request_http = StatusAndHeaders(f"{method} {path} {protocol}", list(request_headers),
                                        is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", payload=_Body(request_body), length=len(request_body),
            http_headers=request_http,
            warc_headers_dict={"WARC-Record-ID": new_record_id(), "WARC-Date": date,
                               "WARC-Concurrent-To": response_id},
        )
        response_pos = self._write(response)
        request_pos = self._write(request)
        return CapturedFetch(
            url=url,
            fetched_at=date,
            status=status,
            content_type=response_http.get_header("Content-Type"),
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            ip_address=ip_address,
            request=request_pos,
            response=response_pos,
        )

    def close(self) -> None:
        if self._thread is not None:  # every submitted fetch is written before the file closes
            self._thread.shutdown(wait=True)
            self._thread = None
        if not self._fh.closed:
            self._fh.close()


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
