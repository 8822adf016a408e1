"""Tombstones: a purged capture's bytes replaced in place by a note of the same length.

A WARC file holds many articles' captures, and every other capture is found by its byte offset
(the catalog, the CDXJ, the captures object, revisits in later runs). So a purge does not cut the
file: it overwrites the purged span (response, request and metadata records, contiguous gzip
members) with one gzip member of exactly the span's length, holding a WARC ``metadata`` record
that says what was purged and by which takedown. The gzip header's comment field (RFC 1952,
FCOMMENT) pads the member to length; every gzip reader skips it. Every other byte of the file
stays as it was, so every other offset stays true.

JSON Lines objects (captures, re-extracted texts) are treated alike: a purged capture's line
becomes ``{"purged": …}`` padded with spaces to the line's length.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from collections.abc import Iterable

from warcio.archiveiterator import ArchiveIterator

from arshif.warc.payload import drain
from arshif.warc.records import derived_id

GZIP_MAGIC = b"\x1f\x8b"
_FCOMMENT = 0x10


class TombstoneError(RuntimeError):
    """A span cannot be overwritten in place (too short for the note, or not where expected)."""


def tombstone_record(purged_record_id: str, takedown_id: str, deletion_record: str, date: str) -> bytes:
    """The WARC ``metadata`` record left where the purged capture's records were.

    It names neither the URL nor anything of the page: only the purged record's id, the
    takedown, and the deletion record in the bucket that explains the gap.
    """
    payload = json.dumps({"purged_record": purged_record_id, "takedown": takedown_id,
                          "deletion_record": deletion_record}, sort_keys=True).encode("utf-8")
    digest = "sha256:" + hashlib.sha256(payload).hexdigest()
    headers = [
        "WARC/1.1",
        "WARC-Type: metadata",
        f"WARC-Record-ID: {derived_id(purged_record_id, 'purged')}",
        f"WARC-Date: {date}",
        f"WARC-Refers-To: {purged_record_id}",
        "Content-Type: application/json",
        f"WARC-Block-Digest: {digest}",
        f"Content-Length: {len(payload)}",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8") + payload + b"\r\n\r\n"


def gzip_member_of_length(data: bytes, length: int) -> bytes:
    """One gzip member holding ``data`` that is exactly ``length`` bytes long."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    fixed = 10 + 1 + len(deflated) + len(trailer)  # header, the comment's NUL, body, trailer
    if length < fixed:
        raise TombstoneError(f"a {length}-byte span is shorter than the {fixed}-byte purge note")
    header = GZIP_MAGIC + bytes([8, _FCOMMENT]) + b"\0\0\0\0" + b"\x02\xff"
    return header + b" " * (length - fixed) + b"\0" + deflated + trailer


def purge_warc(data: bytes, record_ids: set[str], takedown_id: str, deletion_record: str,
               date: str) -> tuple[bytes, list[dict]]:
    """The WARC with every record of the purged captures overwritten by tombstones.

    A purged capture's records are its response or revisit (``record_ids``), the request sent
    with it (WARC-Concurrent-To) and the metadata record about it (WARC-Refers-To). Adjacent
    records of one capture become one tombstone. Returns the new bytes and the spans replaced.
    """
    spans: list[list] = []  # [offset, end, purged record id]
    iterator = ArchiveIterator(io.BytesIO(data), check_digests=False)
    for record in iterator:
        drain(record)  # to the record's end, not inflated
        headers = record.rec_headers
        own = headers.get_header("WARC-Record-ID")
        related = headers.get_header("WARC-Concurrent-To") or headers.get_header("WARC-Refers-To")
        owner = own if own in record_ids else related if (
            record.rec_type in ("request", "metadata") and related in record_ids) else None
        if owner is None:
            continue
        offset = iterator.get_record_offset()
        end = offset + iterator.get_record_length()
        if spans and spans[-1][1] == offset and spans[-1][2] == owner:
            spans[-1][1] = end
        else:
            spans.append([offset, end, owner])
    found = {owner for _, _, owner in spans}
    if found != record_ids:
        raise TombstoneError(f"records not in the file: {', '.join(sorted(record_ids - found))}")
    out = bytearray(data)
    for offset, end, owner in spans:
        if data[offset:offset + 2] != GZIP_MAGIC:
            raise TombstoneError(f"offset {offset} does not start a gzip member")
        note = tombstone_record(owner, takedown_id, deletion_record, date)
        out[offset:end] = gzip_member_of_length(note, end - offset)
    return bytes(out), [{"offset": o, "length": e - o, "record_id": r} for o, e, r in spans]


def purge_json_lines(data: bytes, record_ids: set[str], takedown_id: str) -> tuple[bytes, int]:
    """The JSON Lines object with each line about a purged capture (by ``record_id``) replaced by
    a ``purged`` line of the same length; returns the new bytes and how many lines were replaced."""
    out, replaced = bytearray(), 0
    for raw in data.splitlines(keepends=True):
        line = json.loads(raw)
        record_id = line.get("record_id")
        if record_id in record_ids:
            note = json.dumps({"purged": True, "record_id": record_id, "takedown": takedown_id},
                              sort_keys=True).encode("utf-8")
            width = len(raw) - 1  # the newline stays
            if len(note) > width:
                raise TombstoneError(f"the line of {record_id} is shorter than its purge note")
            raw = note + b" " * (width - len(note)) + b"\n"
            replaced += 1
        out += raw
    return bytes(out), replaced


def purge_cdxj(data: bytes, positions: Iterable[tuple[str, int]]) -> tuple[bytes, int]:
    """The CDXJ without the lines of the purged captures (by WARC file and offset)."""
    drop = {(name, str(offset)) for name, offset in positions}
    kept, dropped = [], 0
    for line in data.splitlines(keepends=True):
        fields = json.loads(line.split(b" ", 2)[2]) if line.count(b" ") >= 2 else {}
        if (fields.get("filename"), fields.get("offset")) in drop:
            dropped += 1
            continue
        kept.append(line)
    return b"".join(kept), dropped


def purge_chrome_model(data: bytes, article_id: str) -> tuple[bytes, int]:
    """A site chrome model without the lines only the purged article was seen with (the model
    keeps an example of every candidate line, article text included, until it is forgotten);
    lines also seen on other articles are the site's, and stay."""
    model = json.loads(data)
    lines = model.get("lines") or {}
    own = [key for key, stats in lines.items() if set(stats[1]) == {article_id}]
    for key in own:
        del lines[key]
    return (json.dumps(model, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), len(own)


def is_purged_line(line: dict) -> bool:
    """Whether a captures or texts line is a purge's tombstone (readers skip it)."""
    return bool(line.get("purged"))
