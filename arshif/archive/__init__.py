"""Archive: one site's part of a run becomes write-once objects, then a manifest commits them,
then the run ledger records the manifest's hash (arshif/ledger/), then the catalog is updated.

Order matters: WARC, CDXJ and captures objects first, the manifest last. A run part without a
manifest is incomplete and invisible; a retry rewrites the same deterministic objects (the store
reports them as already there) and then commits. A retry that finds the manifest appends its
ledger entry if the step died before it did (never a second one).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from arshif import layout, ledger
from arshif.archive.run_part import build_site_archive
from arshif.catalog import Catalog
from arshif.catalog.sync import apply_manifest
from arshif.crawl.staging import StagedCrawl
from arshif.faults import fault_point
from arshif.search import captures_lines, index_run_part

__all__ = ["MANIFEST_FORMAT", "archive_site", "build_site_archive"]

MANIFEST_FORMAT = "arshif-manifest/1"


def archive_site(store, catalog: Catalog, run_key: str, site: str, staged: StagedCrawl,
                 verdicts: dict[str, dict], counts: dict) -> dict:
    """Writes the site's objects, then its manifest, then updates the catalog. Idempotent."""
    manifest_name = layout.manifest_key(run_key, site)
    if store.exists(manifest_name):
        data = store.get(manifest_name)
        manifest = json.loads(data)
        ledger.record(store, catalog, ledger.run_part_body(manifest_name, hashlib.sha256(data).hexdigest(), manifest))
        apply_manifest(store, catalog, manifest_name, manifest)
        return manifest
    staged_warc = store.get(staged.warc_key)
    objects, rows = build_site_archive(run_key, site, staged, verdicts, staged_warc)
    written = []
    for name, data in objects.items():
        content_type = "application/warc" if name.endswith(".warc.gz") else (
            "application/x-ndjson" if name.endswith(".jsonl") else "text/plain; charset=utf-8")
        result = store.put_once(name, data, content_type=content_type)
        written.append({"key": result.key, "size": result.size, "sha256": result.sha256})
        if name.endswith(".warc.gz"):
            fault_point("archive:after-warc")
    fault_point("archive:before-manifest")
    manifest = {
        "format": MANIFEST_FORMAT, "run_key": run_key, "site": site,
        "staged": staged.marker["prefix"], "captures": len(rows), "objects": written, "counts": counts,
        "committed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }
    committed = store.put_json_once(manifest_name, manifest)
    fault_point("archive:before-ledger")
    ledger.record(store, catalog, ledger.run_part_body(manifest_name, committed.sha256, manifest))
    catalog.apply_manifest(manifest_name, run_key, site, rows)
    index_run_part(catalog, manifest_name, captures_lines(objects[layout.captures_key(run_key, site)]))
    return manifest

