"""The takedown record: which article is withdrawn, who asked, when and why, and which captures
the archive held of it at that moment. Written once to ``takedowns/<id>.json``; the catalog's
``takedowns`` table is derived from these records (``sync_takedowns``)."""

from __future__ import annotations

import getpass
import hashlib
import socket
from datetime import UTC, datetime

from arshif import layout
from arshif.urls import canonical_url

TAKEDOWN_FORMAT = "arshif-takedown/1"
MAX_REASON = 2000


class TakedownError(RuntimeError):
    """The takedown cannot be made as asked; the message says why and what to do."""


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_requester() -> str:
    """Who runs the command, when ``--by`` does not say: user@host."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def takedown_id(article: str, decided_at: str) -> str:
    """``td-<UTC time>-<10 hex of the article's hash>``: sortable by time, stable for a retry."""
    stamp = decided_at.replace("-", "").replace(":", "")
    return f"td-{stamp}-{hashlib.sha256(article.encode('utf-8')).hexdigest()[:10]}"


def build_record(url: str, article: str, rows: list[dict], reason: str, requested_by: str,
                 decided_at: str) -> dict:
    """The record of a takedown of ``article`` whose captures are ``rows`` (catalog rows)."""
    reason = " ".join(reason.split())
    if not reason:
        raise TakedownError("--reason is empty: say why the article is withdrawn (a court order, "
                            "a request by the author, …); the record keeps it")
    if len(reason) > MAX_REASON:
        raise TakedownError(f"--reason is {len(reason)} characters; keep it under {MAX_REASON} "
                            "and cite the document that holds the rest")
    if not rows:
        raise TakedownError(f"no capture of {url} in the archive: there is nothing to take down "
                            "(`arshif history URL` lists what the archive holds)")
    sites = sorted({r["site"] for r in rows})
    return {
        "format": TAKEDOWN_FORMAT,
        "id": takedown_id(article, decided_at),
        "url": url,
        "article": article,
        "site": sites[0] if len(sites) == 1 else None,
        "sites": sites,
        # Every URL the article was fetched under: what replay and lookups must refuse.
        "url_keys": sorted({r.get("url_key") or canonical_url(r["url"]) for r in rows} | {article}),
        "urls": sorted({r["url"] for r in rows}),
        "decided_at": decided_at,
        "requested_by": requested_by,
        "reason": reason,
        "captures": [{"record_id": r["record_id"], "timestamp": r["timestamp"], "run_key": r["run_key"],
                      "site": r["site"], "kind": r["kind"], "digest": r["digest"],
                      "warc_file": r["warc_file"], "warc_offset": r["warc_offset"]} for r in rows],
    }


def read_takedown_records(store) -> list[tuple[str, dict]]:
    """Every takedown record in the bucket (key, record), oldest first."""
    keys = [info.key for info in store.list(layout.takedowns_prefix()) if is_takedown_key(info.key)]
    records = [(key, store.get_json(key)) for key in keys]
    return sorted(records, key=lambda kr: (kr[1].get("decided_at", ""), kr[1].get("id", "")))


def is_takedown_key(key: str) -> bool:
    name = key.removeprefix(layout.takedowns_prefix())
    return "/" not in name and name.endswith(".json") and not name.endswith(".purge.json")


def is_purge_key(key: str) -> bool:
    name = key.removeprefix(layout.takedowns_prefix())
    return "/" not in name and name.endswith(".purge.json")
