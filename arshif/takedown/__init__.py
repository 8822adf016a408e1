"""Takedowns: an article withdrawn from every access path, and, when signed off, purged.

A takedown is a write-once record in the bucket (``takedowns/<id>.json``, record.py): the
article, every URL it was captured under, who asked, when and why, and the captures it held.
From then on history, get, diff, cluster, export, replay, search and the HTTP API refuse the
article (they consult the catalog's ``takedowns`` table, derived from these records), and the
crawl no longer re-checks it. The archived bytes stay: a takedown hides, it does not destroy.

A purge (purge.py) destroys: the article's records are overwritten in the WARC files, its lines
in the indexes and captures objects, its staging copies deleted, and a deletion record lists
every object changed with its SHA-256 before and after, so ``arshif verify`` stays clean and the
gap is explained.
"""

from __future__ import annotations

from dataclasses import dataclass

from arshif import layout, ledger
from arshif.takedown.purge import PURGE_FORMAT, apply_purge, forget_in_catalog, plan_purge
from arshif.takedown.record import (
    TAKEDOWN_FORMAT,
    TakedownError,
    build_record,
    default_requester,
    is_purge_key,
    is_takedown_key,
    read_takedown_records,
    utc_now,
)
from arshif.urls import canonical_url

__all__ = ["PURGE_FORMAT", "TAKEDOWN_FORMAT", "TakedownError", "TakedownResult", "default_requester",
           "is_purge_key", "is_takedown_key", "purge", "sync_takedowns", "take_down"]


@dataclass
class TakedownResult:
    record: dict
    key: str
    created: bool  # False: the article was already taken down (this is that takedown)
    purge: dict | None = None  # the deletion record, when purged


def take_down(store, catalog, url: str, reason: str, requested_by: str | None = None,
              decided_at: str | None = None) -> TakedownResult:
    """Withdraws the article ``url`` names (any alias); a second takedown of it returns the first."""
    key = canonical_url(url)
    article = catalog.resolve(key)
    existing = catalog.takedown_of(article, key)
    if existing is not None:
        return TakedownResult(store.get_json(existing["record_key"]), existing["record_key"], created=False)
    record = build_record(url, article, catalog.captures_of(article), reason,
                          requested_by or default_requester(), decided_at or utc_now())
    record_key = layout.takedown_key(record["id"])
    store.put_json_once(record_key, record)  # the bucket first: the catalog is derived from it
    catalog.add_takedown(record, record_key)
    return TakedownResult(record, record_key, created=True)


def purge(store, catalog, result: TakedownResult, signed_off_by: str, progress=None) -> dict:
    """Purges a taken-down article (see purge.py); finishes an interrupted purge of it."""
    purge_key = layout.purge_key(result.record["id"])
    if store.exists(purge_key):
        record, new_bytes = store.get_json(purge_key), {}
    else:
        record, new_bytes = plan_purge(store, catalog, result.record, signed_off_by)
        store.put_json_once(purge_key, record)
    # The run ledger records the deletion record's hash before any byte is destroyed: the purge
    # is in the chain, and the manifests' entries stay true (manifests are never rewritten).
    ledger.record(store, catalog, ledger.purge_body(purge_key, store.head(purge_key)["sha256"], record))
    apply_purge(store, record, new_bytes, progress)
    forget_in_catalog(catalog, record)
    return record


def sync_takedowns(store, catalog) -> int:
    """Brings the catalog's takedowns up to date with the bucket's records (another machine's
    takedowns, or a rebuilt catalog); returns how many were new to it."""
    known = {row["id"] for row in catalog.takedowns()}
    added = 0
    for key, record in read_takedown_records(store):
        if record["id"] not in known:
            catalog.add_takedown(record, key)
            added += 1
    purged = {row["id"] for row in catalog.takedowns() if row["purged_at"]}
    for info in store.list(layout.takedowns_prefix()):
        if is_purge_key(info.key):
            record = store.get_json(info.key)
            if record["id"] not in purged:
                forget_in_catalog(catalog, record)
    return added
