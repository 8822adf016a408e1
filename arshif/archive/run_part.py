"""One site's part of a run as archive objects: WARC files, their CDXJ indexes, the captures
object, and the catalog rows they hold.

Each capture is its response (or a revisit record in its place), its request, and for an
article a ``metadata`` record that holds the extracted article and names the response it came
from (``WARC-Refers-To``): the text travels with the bytes it was read from, in the WARC itself.
The three records of a capture are never split across files; a file is closed and the next one
started once it reaches ``ARSHIF_WARC_MAX_BYTES`` (default 1 GiB), each with its own warcinfo
record and CDXJ index.
"""

from __future__ import annotations

import json
import os

from arshif import layout
from arshif.crawl.staging import StagedCrawl
from arshif.urls import canonical_url
from arshif.warc.cdxj import cdxj_line, sorted_index
from arshif.warc.records import ArchiveWarcBuilder, WrittenRecord

DEFAULT_WARC_MAX_BYTES = 1 << 30


def warc_max_bytes() -> int:
    value = os.environ.get("ARSHIF_WARC_MAX_BYTES", "")
    try:
        return max(1, int(value)) if value else DEFAULT_WARC_MAX_BYTES
    except ValueError:
        raise ValueError(f"ARSHIF_WARC_MAX_BYTES={value!r} is not a number of bytes") from None


def _mime(content_type: str | None) -> str:
    return (content_type or "unknown").split(";", 1)[0].strip().lower() or "unknown"


class _RotatingWarcs:
    """The site's WARC files for one run: ``-00000``, ``-00001``… each with its CDXJ lines."""

    def __init__(self, run_key: str, site: str, first_date: str, max_bytes: int) -> None:
        self.run_key, self.site, self.first_date, self.max_bytes = run_key, site, first_date, max_bytes
        self.files: list[tuple[str, ArchiveWarcBuilder, list[str]]] = []
        self._open()

    def _open(self) -> None:
        name = layout.warc_key(self.run_key, self.site, len(self.files))
        builder = ArchiveWarcBuilder(name.rsplit("/", 1)[-1], self.run_key, self.site, self.first_date,
                                     {"description": f"arshif archive of {self.site}, run {self.run_key}"})
        self.files.append((name, builder, []))

    def for_next_capture(self) -> tuple[str, ArchiveWarcBuilder, list[str]]:
        name, builder, index = self.files[-1]
        if index and builder.size() >= self.max_bytes:  # a file holds at least one capture
            self._open()
        return self.files[-1]

    def objects(self) -> dict[str, bytes]:
        objects = {}
        for seq, (name, builder, index) in enumerate(self.files):
            objects[name] = builder.getvalue()
            objects[layout.cdxj_key(self.run_key, self.site, seq)] = sorted_index(index)
        return objects


def build_site_archive(run_key: str, site: str, staged: StagedCrawl, verdicts: dict[str, dict],
                       staged_warc: bytes, max_bytes: int | None = None) -> tuple[dict[str, bytes], list[dict]]:
    """The objects of one site's run part, and the catalog rows they hold. Deterministic."""
    captures = staged.captures
    first_date = min((c["fetched_at"] for c in captures), default=staged.marker["staged_at"])
    warcs = _RotatingWarcs(run_key, site, first_date, max_bytes or warc_max_bytes())
    positions: dict[str, tuple[str, int, int]] = {}  # this run's payload records: file, offset, length
    rows: list[dict] = []
    for capture in captures:
        warc_name, builder, index = warcs.for_next_capture()
        response = capture["response"]
        verdict = verdicts[response["record_id"]]
        if verdict["kind"] == "revisit":
            payload_id = verdict["payload_record_id"]
            payload = (verdict["payload_warc_file"], verdict["payload_warc_offset"], verdict["payload_warc_length"])
            if payload[0] is None:  # the payload is in this very run
                payload = positions[payload_id]
            written = builder.revisit(staged_warc, response["offset"], response["length"],
                                      payload_record_id=payload_id,
                                      refers_to_url=verdict["refers_to_url"],
                                      refers_to_date=verdict["refers_to_date"],
                                      profile=verdict.get("profile") or "identical-payload-digest",
                                      payload_digest=verdict.get("refers_to_digest"))
        else:
            written = builder.copy(staged_warc, response["offset"], response["length"])
            payload_id, payload = written.record_id, (warc_name, written.offset, written.length)
        positions[written.record_id] = (warc_name, written.offset, written.length)
        # The request record follows its response directly: together they are the capture.
        request_written = builder.copy(staged_warc, capture["request"]["offset"], capture["request"]["length"])
        article = capture.get("article") or {}
        if article.get("text"):
            builder.metadata(written, capture["url"], capture["fetched_at"], _article_metadata(capture))
        # A 304 revisit stands for the payload it points to: index it under that digest.
        digest = (verdict.get("refers_to_digest") if verdict.get("profile") == "server-not-modified"
                  else None) or capture["payload_digest"]
        rows.append(_catalog_row(run_key, site, capture, verdict, written, request_written, warc_name,
                                 payload_id, payload, digest))
        index.append(cdxj_line(
            url=capture["url"], timestamp=capture["fetched_at"],
            mime="warc/revisit" if verdict["kind"] == "revisit" else _mime(capture.get("content_type")),
            status=capture["status"], digest=digest,
            length=written.length, offset=written.offset, filename=warc_name,
        ))
    captures_name = layout.captures_key(run_key, site)
    objects = {**warcs.objects(), captures_name: _captures_object(captures_name, captures, rows, verdicts)}
    return objects, rows


def _article_metadata(capture: dict) -> dict:
    """What the metadata record says: the article as extracted, and with what."""
    return {"article": capture["article"], "chrome_model": capture.get("chrome_model"),
            "hints": capture.get("hints")}


def _catalog_row(run_key: str, site: str, capture: dict, verdict: dict, written: WrittenRecord,
                 request_written: WrittenRecord, warc_name: str, payload_id: str,
                 payload: tuple[str, int, int], digest: str) -> dict:
    article = capture.get("article") or {}
    return {
        "record_id": written.record_id, "url": capture["url"], "canonical_url": verdict["canonical_url"],
        "url_key": canonical_url(capture["url"]),
        "site": site, "run_key": run_key, "role": capture.get("role") or "other",
        "timestamp": capture["fetched_at"], "status": capture["status"], "kind": verdict["kind"],
        "version": verdict["version"], "change": verdict["change"], "digest": digest,
        "text_fingerprint": verdict["text_fingerprint"], "content_type": capture.get("content_type"),
        "warc_file": warc_name, "warc_offset": written.offset, "warc_length": written.length,
        "request_length": request_written.length,
        "payload_record_id": payload_id, "payload_warc_file": payload[0],
        "payload_warc_offset": payload[1], "payload_warc_length": payload[2],
        "title": article.get("title"), "page_kind": article.get("page_kind"),
        "chrome_model": capture.get("chrome_model"),
        "cluster": verdict.get("cluster"),
        "text_lines": json.dumps(capture["text_lines"]) if capture.get("text_lines") is not None else None,
        "etag": capture.get("etag"), "last_modified": capture.get("last_modified"),
    }


def _captures_object(name: str, captures: list[dict], rows: list[dict], verdicts: dict[str, dict]) -> bytes:
    """One JSON line per capture: its catalog row plus article and hints; rows learn their line."""
    lines = bytearray()
    by_id = {c["response"]["record_id"]: c for c in captures}
    for row in rows:
        capture, verdict = by_id[row["record_id"]], verdicts[row["record_id"]]
        line = {**row, "article": capture.get("article"), "extraction_error": capture.get("extraction_error"),
                "hints": capture.get("hints"), "ip_address": capture.get("ip_address"),
                "request_record_id": capture["request"]["record_id"],
                "removed": verdict.get("removed"), "revisit_profile": verdict.get("profile")}
        encoded = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        row.update(captures_object=name, captures_offset=len(lines), captures_length=len(encoded))
        lines += encoded
    return bytes(lines)
