"""The run ledger in ``arshif verify``: the chain from the first entry to the head (see
arshif/ledger/chain.py), each manifest and deletion record against the hash its entry recorded,
and every committed manifest and purge recorded by some entry."""

from __future__ import annotations

from arshif.integrity.layout_keys import MANIFEST
from arshif.integrity.walk import Walk
from arshif.ledger.chain import check_objects, read_chain
from arshif.takedown.record import is_purge_key

ADOPT = "arshif ledger adopt"


def check_ledger(walk: Walk) -> None:
    chain = read_chain(walk.store, walk.workers)
    walk.report.checked["ledger_entries"] = len(chain.entries)

    def digest_of(key: str) -> str | None:
        if MANIFEST.match(key):
            if not walk.key_in_scope(key):
                return "?"
            if key in walk.manifest_sha256:
                return walk.manifest_sha256[key]
            if key in walk.manifests:  # listed but unreadable: reported as corrupt already
                return "?"
            return None
        info = walk.store.head(key)
        return None if info is None else (info["sha256"] or "?")

    check_objects(chain, digest_of)
    for b in chain.breaks:
        walk.problem(b.kind, b.reason, b.key, b.detail, action="restore it from a replica or backup",
                     expected=b.expected, actual=b.actual)
    recorded = chain.recorded()
    for (run_key, site), key in sorted(walk.committed.items()):
        if key not in recorded and walk.manifests.get(key) is not None:
            walk.problem("missing", "ledger-unrecorded", key,
                         f"run {run_key} {site} is committed, but no ledger entry records its manifest "
                         "(committed before the ledger existed, or its entry was lost)", action=ADOPT)
    for key in sorted(k for k in walk.listed if is_purge_key(k)):
        if key not in recorded:
            walk.problem("missing", "ledger-unrecorded", key,
                         "a purge's deletion record that no ledger entry records", action=ADOPT)
    walk.report.ledger = chain.summary()
