"""Catalog synchronisation: the catalog brought up to date with what the bucket committed.

The bucket is the source of truth and the catalog is derived from it; these are the only ways
rows come in from committed objects. The archive step applies the manifest it just committed;
the crawl process, the DAG's tasks and ``arshif reindex`` apply every manifest the catalog has
not seen (after a crash, another worker's run, or a rebuild from nothing).
"""

from __future__ import annotations

import json

from arshif import layout
from arshif.catalog import CAPTURE_COLUMNS, Catalog
from arshif.search import index_run_part


def apply_manifest(store, catalog: Catalog, manifest_name: str, manifest: dict) -> int:
    """Brings the catalog up to date with one committed manifest, reading its captures object."""
    if catalog.has_manifest(manifest_name):
        return 0
    captures_name = layout.captures_key(manifest["run_key"], manifest["site"])
    data = store.get(captures_name)
    rows, lines, offset = [], [], 0
    for raw in data.splitlines(keepends=True):
        line = json.loads(raw)
        if line.get("purged"):  # a purged capture's tombstone (arshif/takedown/): not a capture
            offset += len(raw)
            continue
        lines.append(line)
        row = {k: line.get(k) for k in line if k in CAPTURE_COLUMNS}
        row.update(captures_object=captures_name, captures_offset=offset, captures_length=len(raw))
        rows.append(row)
        offset += len(raw)
    applied = catalog.apply_manifest(manifest_name, manifest["run_key"], manifest["site"], rows)
    # The same read of the captures object feeds the search index (article text is only there).
    index_run_part(catalog, manifest_name, lines)
    return applied


def sync_catalog(store, catalog) -> int:
    """Applies every committed manifest the catalog has not seen (after a crash, say)."""
    # Imported here: arshif.takedown imports the archive step, which imports this module.
    from arshif.takedown import sync_takedowns

    applied = 0
    for info in store.list(layout.manifests_prefix()):
        if info.key.endswith("/manifest.json") and not catalog.has_manifest(info.key):
            applied += apply_manifest(store, catalog, info.key, store.get_json(info.key))
    # Takedowns made elsewhere: the crawl must not re-check a withdrawn article.
    sync_takedowns(store, catalog)
    return applied
