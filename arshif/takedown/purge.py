"""Purge: a taken-down article's bytes removed from the bucket, the gap explained.

What a purge touches, for every capture of the article:

- the WARC files that hold it: its records overwritten in place by a tombstone of the same length
  (tombstone.py), so that every other capture's offset stays true;
- their CDXJ: the capture's lines dropped;
- the run part's captures object and any re-extraction (``text/``): the capture's line replaced
  by a ``purged`` line of the same length;
- the site's chrome models (``models/chrome/``): the lines seen on this article only (a model
  keeps an example of each candidate line until it forgets it);
- the staging objects of the run parts involved: deleted whole (they are the crawl's hand-over
  to the archive step; once a run part is committed, its archived objects are the copy).

Order, so that a crash at any point loses nothing and a second ``purge`` finishes the first:

1. every new object is computed in memory, and the deletion record (``takedowns/<id>.purge.json``:
   every object's size and SHA-256 before and after, who signed the purge off, when) is
   written once — from here on ``arshif verify`` expects the new bytes;
2. for each object: its new bytes go to a holding key, the old object is deleted, the new bytes
   are written under its name, the holding copy is deleted; staging objects are deleted;
3. the catalog forgets the captures, their texts, near-copy documents and search entries.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable

from arshif import layout
from arshif.takedown.record import TakedownError, utc_now
from arshif.takedown.tombstone import purge_cdxj, purge_chrome_model, purge_json_lines, purge_warc

PURGE_FORMAT = "arshif-purge/1"
_CONTENT_TYPES = {".warc.gz": "application/warc", ".jsonl": "application/x-ndjson",
                  ".cdxj": "text/plain; charset=utf-8", ".json": "application/json"}
_WARC_SEQ = re.compile(r"^warc/\d{4}/\d{2}/\d{2}/[^/]+/arshif-.+-(?P<seq>\d{5})\.warc\.gz$")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _content_type(key: str) -> str:
    return next((t for suffix, t in _CONTENT_TYPES.items() if key.endswith(suffix)), "application/octet-stream")


def cdxj_of_warc(warc_key: str, run_key: str, site: str) -> str:
    match = _WARC_SEQ.match(warc_key)
    if not match:
        raise TakedownError(f"{warc_key} is not a WARC name arshif writes: its index cannot be found")
    return layout.cdxj_key(run_key, site, int(match["seq"]))


class _PurgePlan:
    """The objects a purge touches, in the order its deletion record lists them, and the new
    bytes of those it rewrites. Nothing is written."""

    def __init__(self, store) -> None:
        self.store = store
        self.objects: list[dict] = []
        self.new_bytes: dict[str, bytes] = {}

    def rewrite(self, key: str, kind: str, records: set[str], change: Callable[[bytes], bytes], **extra) -> None:
        old = self.store.get(key)  # checked against the checksum recorded when it was written
        new = change(old)
        self.objects.append({"key": key, "kind": kind, "action": "rewritten", "records": sorted(records), **extra,
                             "before": {"size": len(old), "sha256": _sha256(old)},
                             "after": {"size": len(new), "sha256": _sha256(new)}})
        self.new_bytes[key] = new

    def delete_staging(self, parts: list[tuple[str, str]]) -> None:
        for run_key, site in parts:
            for info in self.store.list(layout.staging_prefix(run_key, site)):
                head = self.store.head(info.key) or {}
                self.objects.append({"key": info.key, "kind": "staging", "action": "deleted",
                                     "before": {"size": info.size, "sha256": head.get("sha256")}, "after": None})


def plan_purge(store, catalog, takedown: dict, signed_off_by: str, purged_at: str | None = None
               ) -> tuple[dict, dict[str, bytes]]:
    """The deletion record of a purge of ``takedown`` (its record), and the new bytes of every
    object it rewrites. Nothing is written."""
    signed_off_by = " ".join(signed_off_by.split())
    if not signed_off_by:
        raise TakedownError("a purge deletes archived bytes for good: name who signed it off "
                            "with --signed-off-by NAME")
    purged_at = purged_at or utc_now()
    rows = catalog.captures_of(takedown["article"])
    if not rows:
        raise TakedownError(f"the catalog holds no capture of {takedown['article']}: nothing to purge "
                            "(already purged? `arshif takedowns` says)")
    parts = sorted({(r["run_key"], r["site"]) for r in rows})
    plan = _PurgePlan(store)
    _rewrite_archived(plan, catalog, rows, takedown["id"], purged_at)
    _rewrite_chrome_models(plan, sorted({site for _, site in parts}), takedown["article"])
    plan.delete_staging(parts)
    return _deletion_record(takedown, signed_off_by, purged_at, rows, parts, plan.objects), plan.new_bytes


def _rewrite_archived(plan: _PurgePlan, catalog, rows: list[dict], takedown_id: str, purged_at: str) -> None:
    """The WARC files, CDXJ, captures objects and re-extracted texts that hold ``rows``."""
    record_key = layout.purge_key(takedown_id)
    by_warc: dict[str, set[str]] = defaultdict(set)
    by_captures: dict[str, set[str]] = defaultdict(set)
    cdxj_positions: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in rows:
        by_warc[r["warc_file"]].add(r["record_id"])
        by_captures[r["captures_object"]].add(r["record_id"])
        cdxj_positions[cdxj_of_warc(r["warc_file"], r["run_key"], r["site"])].append(
            (r["warc_file"], r["warc_offset"]))
    ids = [r["record_id"] for r in rows]
    by_text: dict[str, set[str]] = defaultdict(set)
    for obj, record_id in catalog.db.execute(
            f"SELECT object, record_id FROM texts WHERE record_id IN ({', '.join('?' for _ in ids)})", ids):
        by_text[obj].add(record_id)

    for key, records in sorted(by_warc.items()):
        plan.rewrite(key, "warc", records,
                     lambda data, r=records: purge_warc(data, r, takedown_id, record_key, purged_at)[0])
    for key, positions in sorted(cdxj_positions.items()):
        records = {rid for rid in ids if any(rid in by_warc[w] for w, _ in positions)}
        plan.rewrite(key, "cdxj", records, lambda data, p=positions: purge_cdxj(data, p)[0],
                     positions=sorted([w, o] for w, o in positions))
    for key, records in sorted(by_captures.items()):
        plan.rewrite(key, "captures", records, lambda data, r=records: purge_json_lines(data, r, takedown_id)[0])
    for key, records in sorted(by_text.items()):
        plan.rewrite(key, "text", records, lambda data, r=records: purge_json_lines(data, r, takedown_id)[0])


def _rewrite_chrome_models(plan: _PurgePlan, sites: list[str], article: str) -> None:
    """The sites' chrome models that keep a line seen on ``article`` only."""
    from arshif.extract.site_chrome import article_id

    seen_on = article_id(article)
    for site in sites:
        for info in plan.store.list(layout.site_chrome_prefix(site)):
            if info.key.endswith(".json") and purge_chrome_model(plan.store.get(info.key), seen_on)[1]:
                plan.rewrite(info.key, "model", set(), lambda data: purge_chrome_model(data, seen_on)[0],
                             article_id=seen_on)


def _deletion_record(takedown: dict, signed_off_by: str, purged_at: str, rows: list[dict],
                     parts: list[tuple[str, str]], objects: list[dict]) -> dict:
    return {
        "format": PURGE_FORMAT,
        "id": takedown["id"],
        "takedown_record": layout.takedown_key(takedown["id"]),
        "article": takedown["article"],
        "reason": takedown["reason"],
        "requested_by": takedown["requested_by"],
        "decided_at": takedown["decided_at"],
        "signed_off_by": signed_off_by,
        "purged_at": purged_at,
        "run_parts": [{"run_key": k, "site": s, "captures": sum(1 for r in rows if (r["run_key"], r["site"]) == (k, s))}
                      for k, s in parts],
        "captures": [{"record_id": r["record_id"], "timestamp": r["timestamp"], "run_key": r["run_key"],
                      "site": r["site"], "version": r["version"]} for r in rows],
        "objects": objects,
        "note": ("Each purged capture's records were overwritten in place by a WARC metadata record "
                 "of the same length naming the purged record and this takedown; no other byte of "
                 "the WARC files changed. Staging copies of the run parts were deleted."),
    }


def apply_purge(store, record: dict, new_bytes: dict[str, bytes] | None = None,
                progress: Callable[[str], None] | None = None) -> None:
    """Replaces and deletes the objects the deletion record lists. Safe to run again after a
    crash: an object already replaced is skipped, one caught between delete and write is taken
    from its holding copy. ``new_bytes`` may be empty on a resume: they are recomputed from the
    record (a purge is deterministic given its record)."""
    new_bytes = new_bytes or {}
    for obj in record["objects"]:
        key = obj["key"]
        if obj["action"] == "deleted":
            store.delete(key)
            continue
        after = obj["after"]
        head = store.head(key)
        holding = layout.purge_holding_key(record["id"], key)
        if head is not None and head.get("sha256") == after["sha256"]:
            store.delete(holding)
            continue
        if store.exists(holding):
            data = store.get(holding)
        else:
            data = new_bytes.get(key) or _recompute(store, record, obj)
            store.put_once(holding, data, content_type=_content_type(key))
        if _sha256(data) != after["sha256"]:
            raise TakedownError(f"the purged bytes of {key} are not those the deletion record "
                                f"{layout.purge_key(record['id'])} committed; nothing more was changed")
        if progress:
            progress(key)
        store.delete(key)
        store.put_once(key, data, content_type=_content_type(key))
        store.delete(holding)


def _recompute(store, record: dict, obj: dict) -> bytes:
    data = store.get(obj["key"])
    if _sha256(data) != obj["before"]["sha256"]:
        raise TakedownError(f"{obj['key']} is neither what the purge found nor what it leaves: "
                            "run `arshif verify` and restore it before purging again")
    records = set(obj["records"])
    if obj["kind"] == "warc":
        return purge_warc(data, records, record["id"], layout.purge_key(record["id"]), record["purged_at"])[0]
    if obj["kind"] == "cdxj":
        return purge_cdxj(data, [(w, o) for w, o in obj["positions"]])[0]
    if obj["kind"] == "model":
        return purge_chrome_model(data, obj["article_id"])[0]
    return purge_json_lines(data, records, record["id"])[0]


def forget_in_catalog(catalog, record: dict) -> int:
    """The catalog after a purge: the captures, their texts, near-copy documents and search
    entries gone."""
    from arshif.dedupe.nearcopy import NearCopyIndex
    from arshif.search import forget_article

    ids = [c["record_id"] for c in record["captures"]]
    versions = {c["version"] for c in record["captures"] if c.get("version") is not None}
    NearCopyIndex(catalog.db).forget(f"{record['article']}#v{v}" for v in sorted(versions))
    forget_article(catalog, record["article"])
    forgotten = catalog.forget_captures(ids)
    catalog.mark_purged(record["id"], record["purged_at"])
    return forgotten
