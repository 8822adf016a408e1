"""The archive-time record builder: a run's archived WARC built from the staged one, records
copied byte for byte, except exact repeats of an earlier capture, which become revisit records.

Everything here is deterministic (record ids derived from staged ids, dates from fetch times),
so a retried archive step produces the same bytes and finds its earlier upload instead of
colliding with it.
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass

from warcio.warcwriter import WARCWriter

from arshif.warc.reader import read_record
from arshif.warc.warcinfo import WARC_VERSION, warcinfo_fields

REVISIT_PROFILES = {
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
}
ARSHIF_NS = uuid.UUID("6f1c2d1e-7a35-4d6b-9a43-2d3a5b7e9c10")


def derived_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(ARSHIF_NS, '|'.join(parts))}>"


@dataclass
class WrittenRecord:
    record_id: str
    offset: int
    length: int


class ArchiveWarcBuilder:
    def __init__(self, filename: str, run_key: str, site: str, first_date: str, info: dict[str, str]) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=True, warc_version=WARC_VERSION)
        record = self.writer.create_warcinfo_record(
            filename, warcinfo_fields(isPartOf=f"arshif-{run_key}", **info))
        record.rec_headers.replace_header("WARC-Record-ID", derived_id(filename, "warcinfo"))
        record.rec_headers.replace_header("WARC-Date", first_date)
        self._write(record)

    def _write(self, record) -> WrittenRecord:
        offset = self.buffer.tell()
        self.writer.write_record(record)
        return WrittenRecord(record.rec_headers.get_header("WARC-Record-ID"), offset,
                             self.buffer.tell() - offset)

    def copy(self, staged: bytes, offset: int, length: int) -> WrittenRecord:
        """Copies a staged record's gzip member unchanged."""
        record_id = read_record(staged, offset, length).rec_headers.get_header("WARC-Record-ID")
        start = self.buffer.tell()
        self.buffer.write(staged[offset:offset + length])
        return WrittenRecord(record_id, start, length)

    def revisit(self, staged: bytes, offset: int, length: int, *, payload_record_id: str,
                refers_to_url: str, refers_to_date: str, profile: str = "identical-payload-digest",
                payload_digest: str | None = None) -> WrittenRecord:
        """A revisit in place of a staged response record: ``identical-payload-digest`` (the
        same bytes again) or ``server-not-modified`` (a 304 answer to a conditional request,
        whose headers it keeps; its payload digest is the referred capture's)."""
        if profile not in REVISIT_PROFILES:
            raise ValueError(f"unknown revisit profile {profile!r}")
        original = read_record(staged, offset, length)
        headers = original.rec_headers
        record = self.writer.create_revisit_record(
            headers.get_header("WARC-Target-URI"),
            digest=payload_digest or headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=refers_to_url,
            refers_to_date=refers_to_date,
            http_headers=original.http_headers,
            warc_headers_dict={
                # The revisit stands in for the staged response (which is not archived), so it
                # keeps its id and the request record's WARC-Concurrent-To stays true.
                "WARC-Record-ID": headers.get_header("WARC-Record-ID"),
                "WARC-Date": headers.get_header("WARC-Date"),
                "WARC-Refers-To": payload_record_id,
                **({"WARC-IP-Address": headers.get_header("WARC-IP-Address")}
                   if headers.get_header("WARC-IP-Address") else {}),
            },
        )
        record.rec_headers.replace_header("WARC-Profile", REVISIT_PROFILES[profile])
        return self._write(record)

    def metadata(self, response: WrittenRecord, url: str, date: str, content: dict) -> WrittenRecord:
        """A ``metadata`` record (JSON) about the capture whose response record is ``response``,
        naming it with WARC-Refers-To; its id is derived from the response's, so it is stable."""
        payload = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
        record = self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(payload), length=len(payload),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Record-ID": derived_id(response.record_id, "metadata"),
                               "WARC-Date": date, "WARC-Refers-To": response.record_id},
        )
        return self._write(record)

    def size(self) -> int:
        return self.buffer.tell()

    def getvalue(self) -> bytes:
        return self.buffer.getvalue()
