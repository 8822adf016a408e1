"""The merged, sorted CDXJ that pywb looks captures up in, made from the bucket's per-WARC CDXJ.

pywb reads indexes from local files only (pywb#239), and objects in the bucket are written once,
so the merged index is derived state under ``ARSHIF_HOME`` like the catalog: it can be rebuilt
from the bucket alone at any time. Only CDXJ objects that a committed run manifest lists go in
(a run without a manifest is invisible), and none of a withdrawn article's captures (its
takedown record, ``takedowns/``, lists the URLs it was captured under). An update merges the lines of new manifests' CDXJ into
the existing file (a merge of sorted streams), so it costs what is new, not the whole archive.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from arshif import layout

SOURCES_FORMAT = "arshif-replay-sources/1"
MANIFEST_SUFFIX = "/manifest.json"


@dataclass(frozen=True)
class MergedIndex:
    """The merged index file and what went into it."""

    path: Path
    lines: int  # captures pywb can find
    manifests: int  # committed run parts whose CDXJ is in it
    added: int  # manifests merged in by this update (0: it was up to date)


def replayable(line: bytes) -> bool:
    """False for a capture replay must skip: a 304 (a server-not-modified revisit).

    pywb replays a revisit with the revisit record's own HTTP headers, so a 304's capture would
    come back as an empty 304; without it, pywb answers with the closest full capture, which
    holds the bytes the 304 confirmed. The per-WARC CDXJ objects keep every capture.
    """
    parts = line.split(b" ", 2)
    if len(parts) < 3:
        return False
    try:
        status = json.loads(parts[2]).get("status")
    except ValueError:
        return False
    return str(status) != "304"


def update_merged_index(store, directory: Path) -> MergedIndex:
    """Bring ``directory/merged.cdxj`` up to date with the bucket's committed manifests."""
    directory.mkdir(parents=True, exist_ok=True)
    merged, sources_path = directory / "merged.cdxj", directory / "sources.json"
    with _locked(directory / ".lock"):
        origin = {"endpoint": store.endpoint_url, "bucket": store.bucket, "prefix": store.prefix}
        sources = _read_json(sources_path)
        manifests = [info.key for info in store.list(layout.manifests_prefix())
                     if info.key.endswith(MANIFEST_SUFFIX)]
        takedowns = _takedown_keys(store)
        withdrawn = _withdrawn_surts(store, takedowns)
        done: dict[str, list[str]] = {}
        if sources and sources.get("format") == SOURCES_FORMAT and merged.is_file() \
                and {k: sources.get(k) for k in origin} == origin \
                and set(sources["manifests"]) <= set(manifests) \
                and sources.get("takedowns", []) == takedowns:
            done = sources["manifests"]
        # else: another store, a manifest went away, or a takedown or purge since: start again.
        new = [key for key in manifests if key not in done]
        if not new and done:
            return MergedIndex(merged, int(sources["lines"]), len(done), 0)
        keep_old = bool(done)
        lines: list[bytes] = []
        for key in new:
            cdxj_keys = [obj["key"] for obj in store.get_json(key).get("objects", [])
                         if obj["key"].endswith(".cdxj")]
            for cdxj_key in cdxj_keys:
                lines.extend(line + b"\n" for line in store.get(cdxj_key).splitlines()
                             if line.strip() and replayable(line) and line.split(b" ", 1)[0] not in withdrawn)
            done[key] = cdxj_keys
        lines.sort()  # byte order, the order pywb's binary search expects
        count = _merge_into(merged, lines, keep_old=keep_old)
        _write_json(sources_path, {"format": SOURCES_FORMAT, **origin, "lines": count,
                                   "manifests": done, "takedowns": takedowns})
        return MergedIndex(merged, count, len(done), len(new))


def _takedown_keys(store) -> list[str]:
    """The takedown and purge records in the bucket: any change means a rebuild."""
    return sorted(info.key for info in store.list(layout.takedowns_prefix())
                  if info.key.endswith(".json") and "/" not in info.key.removeprefix(layout.takedowns_prefix()))


def _withdrawn_surts(store, keys: list[str]) -> set[bytes]:
    """The CDXJ keys (SURT) of every URL a withdrawn article was captured under."""
    from surt import surt

    from arshif.takedown import is_takedown_key

    return {surt(url).encode("utf-8") for key in keys if is_takedown_key(key)
            for url in store.get_json(key).get("urls", [])}


def _merge_into(merged: Path, lines: list[bytes], keep_old: bool) -> int:
    tmp = merged.with_name(merged.name + ".tmp")
    count = 0
    with contextlib.ExitStack() as stack:
        old: Iterator[bytes] = iter(stack.enter_context(merged.open("rb"))) if keep_old else iter(())
        out = stack.enter_context(tmp.open("wb"))
        for line in heapq.merge(old, lines):
            out.write(line)
            count += 1
    os.replace(tmp, merged)
    return count


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    # Two `arshif replay` on one ARSHIF_HOME: one updates the index, the other waits for it.
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)
