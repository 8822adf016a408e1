"""Takedowns and purges in the walk (arshif/takedown/): a purge's deletion record is what the
objects it rewrote must now be, so the walk expects its bytes instead of the manifest's, and
counts the captures it removed; a purge that stopped half-way is ``incomplete``; a takedown
the catalog does not know is ``drift`` (the article would still be shown)."""

from __future__ import annotations

import json
from collections import defaultdict

from arshif import layout
from arshif.integrity.walk import Expected, Walk

PENDING = ".pending/"


def read_takedowns(walk: Walk) -> None:
    """Reads every takedown and deletion record listed, before the objects are checked."""
    from arshif.takedown import is_purge_key, is_takedown_key
    from storage.errors import CorruptObject, ObjectMissing

    prefix = layout.takedowns_prefix()
    keys = sorted(k for k in walk.listed if k.startswith(prefix))
    unfinished: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        name = key.removeprefix(prefix)
        if PENDING in name:
            unfinished[name.split(PENDING, 1)[0]].append(key)
            walk.accounted.add(key)
            continue
        if not (is_takedown_key(key) or is_purge_key(key)):
            continue  # left to the extras check
        walk.accounted.add(key)
        try:
            record = json.loads(walk.store.get(key))
        except CorruptObject:
            walk.problem("corrupt", "takedown-checksum", key,
                         "the record does not match the checksum recorded when it was written",
                         action="restore it from a replica or backup")
            continue
        except ObjectMissing:
            continue
        except ValueError as exc:
            walk.problem("corrupt", "takedown-unreadable", key, f"not a readable record ({exc})",
                         action="restore it from a replica or backup")
            continue
        if is_takedown_key(key):
            walk.report.checked["takedowns"] += 1
            walk.takedowns[record["id"]] = key
        else:
            walk.report.checked["purges"] += 1
            _take_purge(walk, key, record)
    for takedown_id, pending in sorted(unfinished.items()):
        walk.problem("incomplete", "purge-unfinished", layout.purge_key(takedown_id),
                     f"the purge of {takedown_id} stopped before it replaced {len(pending)} object(s) "
                     f"(their new bytes wait under {prefix}{takedown_id}{PENDING})",
                     action="run the same `arshif takedown URL --purge --signed-off-by NAME` again to finish it")


def _take_purge(walk: Walk, key: str, record: dict) -> None:
    """The purged objects' new sizes and digests replace the manifests' for the checks."""
    if record.get("takedown_record") not in walk.listed:
        walk.problem("missing", "takedown-record", record.get("takedown_record") or key,
                     f"the deletion record {key} refers to a takedown record the bucket does not hold",
                     action="restore it from a replica or backup")
    for obj in record.get("objects", []):
        if obj["action"] != "rewritten" or obj["key"] not in walk.expected:
            continue
        before = walk.expected[obj["key"]]
        walk.expected[obj["key"]] = Expected(obj["after"]["size"], obj["after"]["sha256"], key,
                                             before.run_key, before.site)
    for part in record.get("run_parts", []):
        walk.purged_captures[(part["run_key"], part["site"])] += int(part["captures"])


def check_takedowns_in_catalog(walk: Walk, catalog) -> None:
    """Every takedown in the bucket must be in the catalog, or the article is still shown."""
    known = catalog.takedown_ids()
    for takedown_id, key in sorted(walk.takedowns.items()):
        if takedown_id not in known:
            walk.problem("drift", "takedown-not-in-catalog", key,
                         f"takedown {takedown_id} is not in the catalog: the article it withdrew is "
                         "still shown by history, get, search and the API", action="arshif reindex")
