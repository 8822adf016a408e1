"""The run manifests in the bucket, read into the walk: which (run, site) are committed and what
each object they name must be. A manifest that cannot be trusted is ``corrupt`` itself."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor, as_completed

from arshif.integrity.layout_keys import MANIFEST
from arshif.integrity.walk import Expected, Walk


def read_manifests(walk: Walk) -> None:
    """Reads every listed manifest (the store checks each against its recorded checksum)."""
    from storage.errors import CorruptObject, ObjectMissing

    keys = sorted(k for k in walk.listed if MANIFEST.match(k))
    walk.progress.start("reading manifests", len(keys))

    def read(key: str) -> tuple[str, bytes | None, str | None]:
        try:
            return key, walk.store.get(key), None
        except CorruptObject as exc:
            return key, None, str(exc)
        except ObjectMissing:
            return key, None, "gone"

    with ThreadPoolExecutor(walk.workers) as pool:
        for future in as_completed([pool.submit(read, k) for k in keys]):
            key, data, error = future.result()
            walk.progress.advance()
            _take_manifest(walk, key, data, error)
    walk.progress.finish()
    walk.report.checked["manifests"] = len(keys)


def _take_manifest(walk: Walk, key: str, data: bytes | None, error: str | None) -> None:
    match = MANIFEST.match(key)
    assert match is not None
    run_key, site = match["run"], match["site"]
    if error == "gone":  # deleted between listing and reading: as if never listed
        walk.listed.pop(key, None)
        return
    # Committed even when unreadable: the run is not incomplete, its manifest is corrupt.
    walk.committed[(run_key, site)] = key
    walk.manifests[key] = None
    if error:
        walk.problem("corrupt", "manifest-checksum", key,
                     "the manifest does not match the checksum recorded when it was written; "
                     "the objects it names cannot be checked", action="restore the manifest")
        return
    walk.manifest_sha256[key] = hashlib.sha256(data).hexdigest()  # what the ledger recorded
    try:
        manifest = json.loads(data.decode("utf-8"))
        objects = [(o["key"], int(o["size"]), str(o["sha256"]).lower()) for o in manifest["objects"]]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        walk.problem("corrupt", "manifest-unreadable", key,
                     f"the manifest is not a readable arshif manifest ({exc.__class__.__name__}: {exc})",
                     action="restore the manifest")
        return
    if manifest.get("run_key") != run_key or manifest.get("site") != site:
        walk.problem("corrupt", "manifest-mismatch", key,
                     f"the manifest says run {manifest.get('run_key')} site {manifest.get('site')}, "
                     "not what its key says", action="restore the manifest")
        return
    walk.manifests[key] = manifest
    for obj_key, size, sha256 in objects:
        walk.expected[obj_key] = Expected(size, sha256, key, run_key, site)
