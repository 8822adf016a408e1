"""Catalog drift: where the catalog disagrees with the bucket (the bucket is the archive, the
catalog is derived from it): a missing catalog, manifests not applied, captures whose manifest is
gone, capture counts that differ, positions outside (or pointing to no) object."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from arshif import layout
from arshif.integrity.catalog_view import CatalogView
from arshif.integrity.takedowns_check import check_takedowns_in_catalog
from arshif.integrity.walk import Walk


def open_catalog(walk: Walk, path: Path | None) -> CatalogView | None:
    """The catalog to check, None when it is not checked (``--no-catalog``) or absent (then
    ``drift`` if the bucket holds committed manifests)."""
    if path is None:
        return None
    if not path.exists():
        if walk.committed:
            walk.problem("drift", "no-catalog", str(path),
                         f"there is no catalog at {path}; {len(walk.committed)} "
                         "committed manifest(s) are not queryable",
                         action="arshif reindex", run_key=None, site=None)
        return None
    return CatalogView.open(path, walk.run_key, walk.site)


def check_catalog(walk: Walk, catalog: CatalogView) -> None:
    """The committed manifests against the catalog's, then every position the catalog holds."""
    applied = {r["key"]: (r["run_key"], r["site"]) for r in catalog.db.execute(
        "SELECT key, run_key, site FROM manifests") if walk.in_scope(r["run_key"], r["site"])}
    counts = catalog.capture_counts()
    for (run_key, site), key in sorted(walk.committed.items()):
        manifest = walk.manifests.get(key)
        if key not in applied:
            walk.problem("drift", "not-applied", key,
                         f"committed in the bucket, not applied to the catalog: run {run_key} {site}'s "
                         f"{manifest['captures'] if manifest else 'captures'} captures are not queryable",
                         action="arshif reindex")
        elif manifest is not None and counts.get((run_key, site), 0) != _committed_count(walk, manifest):
            purged = walk.purged_captures.get((run_key, site), 0)
            walk.problem("drift", "count", key,
                         f"the manifest commits {manifest.get('captures')} captures"
                         + (f" ({purged} since purged)" if purged else "")
                         + f", the catalog holds {counts.get((run_key, site), 0)}", action="arshif reindex",
                         expected={"captures": _committed_count(walk, manifest)},
                         actual={"captures": counts.get((run_key, site), 0)})
    gone = {(run_key, site) for run_key, site in applied.values()} | set(counts)
    for run_key, site in sorted(gone - set(walk.committed)):
        key = layout.manifest_key(run_key, site)
        walk.problem("drift", "manifest-gone", key,
                     f"the catalog holds {counts.get((run_key, site), 0)} captures of run {run_key} {site}, "
                     "whose manifest is not in the bucket", action="arshif reindex",
                     run_key=run_key, site=site)
    check_takedowns_in_catalog(walk, catalog)
    _check_positions(walk, catalog)


def _committed_count(walk: Walk, manifest: dict) -> int | None:
    """The captures a run part holds: what its manifest committed, less those purged since."""
    if manifest.get("captures") is None:
        return None
    return manifest["captures"] - walk.purged_captures.get((manifest["run_key"], manifest["site"]), 0)


def _check_positions(walk: Walk, catalog: CatalogView) -> None:
    """Every capture's WARC, payload and captures-line position inside its object, and every
    recorded text inside its text object."""
    # (object, reason) → [(record id, which position)]: one problem per object, not per capture.
    outside: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    walk.progress.start("checking catalog positions", None)
    columns = ("record_id", "warc_file", "warc_offset", "warc_length", "request_length",
               "payload_warc_file", "payload_warc_offset", "payload_warc_length",
               "captures_object", "captures_offset", "captures_length")
    for r in catalog.captures(columns):
        walk.report.checked["captures"] += 1
        walk.progress.advance()
        spans = (("warc", r["warc_file"], r["warc_offset"], (r["warc_length"] or 0) + (r["request_length"] or 0)),
                 ("payload", r["payload_warc_file"], r["payload_warc_offset"], r["payload_warc_length"]),
                 ("captures line", r["captures_object"], r["captures_offset"], r["captures_length"]))
        for what, obj, offset, length in spans:
            if obj is None:
                continue
            _check_span(walk, outside, r["record_id"], what, obj, offset, length)
    if catalog.has_table("texts"):
        for r in catalog.db.execute("SELECT record_id, object, offset, length FROM texts"):
            if walk.key_in_scope(r["object"]):
                walk.report.checked["catalog_texts"] += 1
                _check_span(walk, outside, r["record_id"], "text", r["object"], r["offset"], r["length"])
    walk.progress.finish()
    for (obj, reason), hits in sorted(outside.items()):
        record_id, what = hits[0]
        size = walk.size(obj)
        if reason == "dangling":
            detail = (f"{len(hits)} catalog position(s) point into it, but it is not in the bucket "
                      f"and no manifest names it (first: {what} of {record_id})")
        else:
            detail = (f"{len(hits)} catalog position(s) fall outside its {size} bytes "
                      f"(first: {what} of {record_id})")
        walk.problem("drift", reason, obj, detail, action="arshif reindex",
                     records=sorted({h[0] for h in hits}), actual={"size": size})


def _check_span(walk: Walk, outside: dict, record_id: str, what: str, obj: str,
                offset: int | None, length: int | None) -> None:
    if obj in walk.missing:
        return  # reported as missing already
    size = walk.size(obj)
    if size is None:
        outside[(obj, "dangling")].append((record_id, what))
    elif offset is None or length is None or offset < 0 or length <= 0 or offset + length > size:
        outside[(obj, "out-of-bounds")].append((record_id, what))
