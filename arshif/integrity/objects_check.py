"""The objects the manifests name, against what was committed: ``missing`` or ``corrupt``.

The fast check compares each object's listed size with its manifest, and the manifest's SHA-256
with the checksum the store recorded when the object was written (HEAD with
``ChecksumMode=ENABLED``: ``ChecksumSHA256``, and arshif's own ``sha256`` metadata); an object
with no recorded checksum is read in full. ``deep`` reads every byte and recomputes the SHA-256,
which also catches bytes changed under an unchanged record, and checks that every catalog
capture's WARC position holds its record (``drift``, reason ``record-mismatch``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed

from arshif.integrity.layout_keys import REPORT, STAGING_PREFIX
from arshif.integrity.object_digests import check_object, read_in_full, recorded_checksums
from arshif.integrity.walk import Walk

_RESTORE = "restore it from a replica or backup"


def check_objects(walk: Walk, positions: dict[str, list[tuple]]) -> None:
    """Every object the manifests name; ``positions`` (deep only): the catalog's WARC positions
    by object, checked while the object is read."""
    from storage.errors import ObjectMissing

    todo = []
    for key, want in sorted(walk.expected.items()):
        size = walk.size(key)
        walk.report.checked["objects"] += 1
        if size is None:
            walk.missing.add(key)
            walk.problem("missing", "absent", key, f"named by {want.manifest}, not in the bucket",
                         run_key=want.run_key, site=want.site, action=_RESTORE,
                         expected={"size": want.size, "sha256": want.sha256, "manifest": want.manifest})
            continue
        if size != want.size:  # no need to read it: it cannot hash right
            walk.problem("corrupt", "size", key,
                         f"{size} bytes, but {want.manifest} committed {want.size}",
                         run_key=want.run_key, site=want.site, action=_RESTORE,
                         expected={"size": want.size, "sha256": want.sha256, "manifest": want.manifest},
                         actual={"size": size})
            continue
        walk.report.checked["bytes"] += size
        todo.append(key)

    walk.progress.start("reading objects in full" if walk.deep else "checking stored checksums", len(todo))
    with ThreadPoolExecutor(walk.workers) as pool:
        futures = {pool.submit(check_object, walk.store, key, positions.get(key, []), walk.deep): key
                   for key in todo}
        for future in as_completed(futures):
            key = futures[future]
            walk.progress.advance()
            try:
                outcome = future.result()
            except ObjectMissing:
                outcome = None
            _take_outcome(walk, key, outcome)
    walk.progress.finish()
    _check_unlisted_digests(walk)


def _take_outcome(walk: Walk, key: str, outcome: dict | None) -> None:
    want = walk.expected[key]
    where = {"run_key": want.run_key, "site": want.site}
    expected = {"size": want.size, "sha256": want.sha256, "manifest": want.manifest}
    if outcome is None or outcome.get("gone"):
        walk.missing.add(key)
        walk.problem("missing", "absent", key, f"named by {want.manifest}, gone while verifying",
                     action=_RESTORE, expected=expected, **where)
        return
    if "recorded" in outcome:
        walk.report.checked["by_stored_checksum"] += 1
        wrong = [d for d in outcome["recorded"] if d != want.sha256]
        if wrong:
            walk.problem("corrupt", "sha256", key,
                         f"the store's recorded sha256 {wrong[0][:16]}… is not the {want.sha256[:16]}… "
                         f"committed in {want.manifest}", action=_RESTORE,
                         expected=expected, actual={"size": want.size, "sha256": wrong[0],
                                                    "source": "stored checksum"}, **where)
        return
    walk.report.checked["read_in_full"] += 1
    if outcome["sha256"] != want.sha256:
        walk.problem("corrupt", "sha256", key,
                     f"its bytes hash to {outcome['sha256'][:16]}…, not the {want.sha256[:16]}… "
                     f"committed in {want.manifest}", action=_RESTORE,
                     expected=expected, actual={"size": want.size, "sha256": outcome["sha256"],
                                                "source": "bytes read"}, **where)
        return
    walk.report.checked["record_positions"] += outcome["positions"]
    if outcome["bad_records"]:
        bad = outcome["bad_records"]
        walk.problem("drift", "record-mismatch", key,
                     f"{len(bad)} catalog position(s) do not hold their WARC record "
                     f"(first: the {bad[0]['role']} of capture {bad[0]['record_id']}, {bad[0]['length']} "
                     f"bytes at {bad[0]['offset']}: {bad[0]['found']})",
                     action="arshif reindex", records=sorted({b["record_id"] for b in bad}),
                     actual={"positions": bad}, **where)


def _check_unlisted_digests(walk: Walk) -> None:
    """With deep: objects that no manifest names but arshif wrote (reports, texts) read in
    full against the checksum the store recorded for them (manifests were checked when read)."""
    if not walk.deep:
        return
    keys = sorted(k for k in walk.listed if not k.startswith(STAGING_PREFIX)
                  and k not in walk.expected and k not in walk.manifests
                  and (REPORT.match(k) or k.startswith("text/")))
    if not keys:
        return
    walk.progress.start("reading reports and texts in full", len(keys))

    def check(key: str) -> tuple[str, list[str], str | None]:
        info = walk.store.head(key)
        digest, _ = read_in_full(walk.store, key, [])
        return key, recorded_checksums(info) if info else [], digest

    with ThreadPoolExecutor(walk.workers) as pool:
        for future in as_completed([pool.submit(check, k) for k in keys]):
            key, recorded, digest = future.result()
            walk.progress.advance()
            walk.report.checked["others_read_in_full"] += 1
            wrong = [d for d in recorded if digest and d != digest]
            if wrong:
                walk.problem("corrupt", "sha256", key,
                             f"its bytes hash to {digest[:16]}…, not the {wrong[0][:16]}… recorded "
                             "when it was written", action=_RESTORE,
                             expected={"sha256": wrong[0], "source": "stored checksum"},
                             actual={"sha256": digest, "source": "bytes read"})
    walk.progress.finish()
