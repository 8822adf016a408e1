"""The run ledger: an append-only hash chain of what the archive committed, in the bucket.

One write-once object per entry, ``ledger/<position>.json`` (12 digits, from 1). Each entry
names what it records — a run part's manifest (key and SHA-256, run, site, counts) or a purge's
deletion record — and the SHA-256 of the previous entry's bytes (``previous``; the first entry's
is 64 zeros). The SHA-256 of the newest entry's bytes, with its position, is the *head*: the
figure an outsider writes down to witness the archive; any later change to an entry, a
manifest it names, or the order of entries, no longer leads to it.

Appending is safe with many writers (Celery workers archiving several sites at once): an entry
is put at position N with ``IfNoneMatch: *``; a writer that loses the race to N (412, or 409
while another write to N is in flight) reads the new head and tries N+1. Nothing is ever
overwritten, so two writers can never both think they hold position N.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from storage.errors import CorruptObject, ObjectMissing, StorageError, StoreUnavailable

LEDGER_FORMAT = "arshif-ledger/1"
PREFIX = "ledger/"
GENESIS = "0" * 64  # the ``previous`` of the first entry
ENTRY_KEY = re.compile(r"^ledger/(?P<position>\d{12})\.json$")
KINDS = ("run-part", "purge")


class LedgerError(RuntimeError):
    """The ledger cannot be read or appended to; the message says why and what to do."""


@dataclass(frozen=True)
class Head:
    """An entry as stored: its position, the SHA-256 of its bytes, its key and content.
    Position 0 is the empty ledger (sha256 = GENESIS)."""

    position: int
    sha256: str
    key: str | None = None
    entry: dict | None = None

    def to_dict(self) -> dict:
        entry = self.entry or {}
        return {"position": self.position, "sha256": self.sha256, "key": self.key,
                "kind": entry.get("kind"), "recorded_at": entry.get("recorded_at"),
                "object": (entry.get("object") or {}).get("key")}


def entry_key(position: int) -> str:
    if position < 1:
        raise ValueError(f"ledger positions start at 1, not {position}")
    return f"{PREFIX}{position:012d}.json"


def position_of(key: str) -> int | None:
    match = ENTRY_KEY.match(key)
    return int(match["position"]) if match else None


def encode(entry: dict) -> bytes:
    """An entry's bytes: compact JSON, keys sorted, UTF-8, one line."""
    return (json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def run_part_body(manifest_key: str, manifest_sha256: str, manifest: dict) -> dict:
    """What an entry for a committed run part records."""
    return {"kind": "run-part", "object": {"key": manifest_key, "sha256": manifest_sha256},
            "run_key": manifest["run_key"], "site": manifest["site"],
            "captures": manifest.get("captures"), "counts": manifest.get("counts") or {},
            "committed_at": manifest.get("committed_at")}


def purge_body(record_key: str, record_sha256: str, record: dict) -> dict:
    """What an entry for a purge records: its deletion record, and the run parts it touched."""
    return {"kind": "purge", "object": {"key": record_key, "sha256": record_sha256},
            "takedown": record["id"], "purged_at": record.get("purged_at"),
            "run_parts": record.get("run_parts") or []}


def positions(store, after: int = 0) -> list[int]:
    """The positions stored after ``after``, ascending (from the listing)."""
    found = []
    for info in store.list(PREFIX, start_after=entry_key(after) if after > 0 else None):
        position = position_of(info.key)
        if position is not None and position > after:
            found.append(position)
    return sorted(found)


def read_entry(store, position: int) -> Head | None:
    """The entry at ``position`` as stored (bytes checked against their write-time checksum),
    None when there is none."""
    key = entry_key(position)
    try:
        data = store.get(key)
    except ObjectMissing:
        return None
    try:
        entry = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LedgerError(f"{store.url(key)} is not a ledger entry ({exc}); `arshif verify` reports it") from exc
    return Head(position, sha256_hex(data), key, entry)


def head(store, hint: int = 0) -> Head:
    """The newest entry. ``hint``: a position known to exist (the catalog's), so that only the
    tail of the listing is read."""
    found = positions(store, hint)
    if not found and hint > 0:
        known = read_entry(store, hint)
        if known is not None:
            return known
        found = positions(store)  # the hint was wrong: read the whole listing
    if not found:
        return Head(0, GENESIS)
    last = read_entry(store, found[-1])
    if last is None:  # listed, then gone: a damaged ledger (verify says which entry)
        raise LedgerError(f"{store.url(entry_key(found[-1]))} was listed but cannot be read; "
                          "run `arshif verify`")
    return last


def append(store, body: dict, hint: int = 0, recorded_at: str | None = None, attempts: int = 100) -> Head:
    """Appends an entry recording ``body`` after the current head; returns it as stored."""
    if body.get("kind") not in KINDS:
        raise ValueError(f"a ledger entry records one of {KINDS}, not {body.get('kind')!r}")
    recorded_at = recorded_at or utc_now()
    for attempt in range(attempts):
        last = head(store, hint)
        entry = {"format": LEDGER_FORMAT, "position": last.position + 1, "previous": last.sha256,
                 "recorded_at": recorded_at, **body}
        data = encode(entry)
        key = entry_key(entry["position"])
        try:
            store.put_once(key, data, content_type="application/json")
        except (StoreUnavailable, CorruptObject):
            raise
        except StorageError:
            # Another writer took this position (or is writing it right now): read the new
            # head and try the next one, after a short random pause so that the losers spread.
            hint = last.position
            time.sleep(random.uniform(0, min(0.5, 0.01 * (attempt + 1))))
            continue
        return Head(entry["position"], sha256_hex(data), key, entry)
    raise LedgerError(f"could not append to the ledger in s3://{store.bucket} after {attempts} attempts: "
                      "too many writers at once; run the step again")


def entries(store, after: int = 0) -> Iterator[Head]:
    """Every stored entry after ``after`` in position order (gaps skipped: verify reports them)."""
    for position in positions(store, after):
        found = read_entry(store, position)
        if found is not None:
            yield found


def find_entry(store, object_key: str, after: int = 0) -> Head | None:
    """The first entry after ``after`` that records ``object_key`` (a manifest or a deletion
    record), None when none does."""
    for found in entries(store, after):
        if (found.entry.get("object") or {}).get("key") == object_key:
            return found
    return None


def record(store, catalog, body: dict) -> Head:
    """Appends ``body`` unless the ledger already records its object (a retried step), and
    keeps the catalog's view of it; returns the entry."""
    object_key = body["object"]["key"]
    known = catalog.ledger_entry_for(object_key) if catalog is not None else None
    if known is not None:
        return Head(known["position"], known["sha256"], entry_key(known["position"]))
    hint = catalog.ledger_contiguous() if catalog is not None else 0
    # An entry appended by a step that died before it reached the catalog is after the
    # catalog's contiguous part: look there before appending a second one.
    existing = find_entry(store, object_key, hint)
    found = existing or append(store, body, hint=catalog.ledger_last() if catalog is not None else 0)
    if catalog is not None:
        catalog.add_ledger_entry(found)
    return found


def sync_catalog(store, catalog) -> int:
    """Adds to the catalog's view the entries it lacks; returns how many."""
    added = 0
    for found in entries(store, catalog.ledger_contiguous()):
        added += catalog.add_ledger_entry(found)
    return added


def adopt(store, catalog=None) -> list[Head]:
    """Appends entries for the committed manifests and deletion records no entry records yet
    (an archive made before the ledger existed), oldest run first; returns them."""
    from arshif.ledger.chain import read_chain
    from arshif.takedown.record import is_purge_key

    recorded = read_chain(store).recorded()
    added = []
    manifests = sorted(i.key for i in store.list("runs/") if i.key.endswith("/manifest.json")
                       and i.key.count("/") == 3)
    for key in manifests:
        if key not in recorded:
            data = store.get(key)
            added.append(record(store, catalog, run_part_body(key, sha256_hex(data), json.loads(data))))
    for info in store.list("takedowns/"):
        if is_purge_key(info.key) and info.key not in recorded:
            data = store.get(info.key)
            added.append(record(store, catalog, purge_body(info.key, sha256_hex(data), json.loads(data))))
    return added
