"""An object's SHA-256 as the store holds it: the checksum recorded when it was written (fast),
or its bytes read and hashed (deep, or when the store recorded none). A WARC read in full is
also where the catalog's record positions in it are checked, while its bytes are at hand.

A position is (capture's record id, offset, length, role), role ``response`` or ``request``.
"""

from __future__ import annotations

import hashlib
import tempfile
from typing import IO, Any

_CHUNK = 1 << 20
_SPOOL = 64 << 20  # a WARC read in full for its record check stays in memory up to this size


def check_object(store: Any, key: str, positions: list[tuple], deep: bool) -> dict:
    """One object: ``{"recorded": [sha256…]}`` from the store's records, or ``{"sha256": …,
    "bad_records": […], "positions": n}`` from its bytes, or ``{"gone": True}``."""
    if not deep:
        info = store.head(key)
        if info is None:
            return {"gone": True}
        recorded = recorded_checksums(info)
        if recorded:
            return {"recorded": recorded}
    digest, bad_records = read_in_full(store, key, positions)
    if digest is None:
        return {"gone": True}
    return {"sha256": digest, "bad_records": bad_records, "positions": len(positions)}


def recorded_checksums(info: dict) -> list[str]:
    """Every SHA-256 the store holds for an object: ChecksumSHA256, and arshif's metadata."""
    found = []
    if info.get("sha256"):
        found.append(info["sha256"].lower())
    meta = (info.get("metadata") or {}).get("sha256")
    if meta and meta.lower() not in found:
        found.append(meta.lower())
    return found


def read_in_full(store: Any, key: str, positions: list[tuple]) -> tuple[str | None, list[dict]]:
    """SHA-256 of the object's bytes, streamed (None: it is gone); the positions that do not
    hold their record, when positions are given."""
    from botocore.exceptions import ClientError

    digest = hashlib.sha256()
    try:
        # The raw client, streamed: store.get holds the whole object in memory and rejects bytes
        # that differ from the record, where we want their hash.
        response = store.client.get_object(Bucket=store.bucket, Key=store.full_key(key))
    except ClientError as exc:
        code, status = _client_error_code(exc)
        if code == "NoSuchKey" or status == 404:
            return None, []
        raise
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as spool:
        for chunk in response["Body"].iter_chunks(_CHUNK):
            digest.update(chunk)
            if positions:
                spool.write(chunk)
        bad = check_records(spool, positions) if positions else []
    return digest.hexdigest(), bad


def check_records(fh: IO[bytes], positions: list[tuple]) -> list[dict]:
    """Which catalog positions (capture's record id, offset, length, role) do not hold a
    record of that length (the response: with that record id)."""
    from warcio.archiveiterator import ArchiveIterator

    fh.seek(0)
    found: dict[int, tuple[str, int]] = {}
    try:
        records = ArchiveIterator(fh)
        for record in records:
            offset = records.get_record_offset()
            length = records.get_record_length()
            found[offset] = (record.rec_headers.get_header("WARC-Record-ID"), length)
    except Exception as exc:  # a WARC that cannot be parsed: every position is suspect
        return [{"record_id": rid, "offset": off, "length": ln, "role": role,
                 "found": f"unreadable WARC: {exc.__class__.__name__}"} for rid, off, ln, role in positions]
    end = fh.seek(0, 2)
    bad = []
    for record_id, offset, length, role in positions:
        if offset is None or length is None or offset < 0 or offset + length > end:
            continue  # outside the object: reported as out-of-bounds
        at = found.get(offset)
        if at is None or at[1] != length or (role == "response" and at[0] != record_id):
            bad.append({"record_id": record_id, "offset": offset, "length": length, "role": role,
                        "found": f"record {at[0]} of {at[1]} bytes" if at else "no record starts there"})
    return bad


def _client_error_code(exc: Exception) -> tuple[str, int | None]:
    response = getattr(exc, "response", None) or {}
    return (str(response.get("Error", {}).get("Code", "")),
            response.get("ResponseMetadata", {}).get("HTTPStatusCode"))
