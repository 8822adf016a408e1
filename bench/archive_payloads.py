"""The bytes bench/archive.py writes: real objects of one demo day, and a run part scaled up.

The demo day's objects are read back from the bucket its run wrote to. The scaled run part is
built by arshif's own archive code (``build_site_archive``: WARC, CDXJ and captures object) from
that day's staged crawl of one site, its captures repeated under new URLs until there are
``captures`` of them: real Arabic pages, real records, at the size a large site's daily part has.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from arshif import layout


@dataclass
class PayloadSet:
    """One row of the table: objects the pipeline writes with one kind of put."""

    name: str
    source: str  # "bytes" (put_once, as archive_site writes) or "file" (put_file_once, as staging)
    blobs: list[bytes] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def sizes(self) -> list[int]:
        return [len(b) for b in self.blobs] if self.source == "bytes" else [p.stat().st_size for p in self.files]

    @property
    def count(self) -> int:
        return len(self.sizes)

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes)


def demo_day_sets(store, workdir: Path) -> list[PayloadSet]:
    """Every object of the demo day, split by how the pipeline writes it: the crawl's staged
    files with ``put_file_once`` (arshif/crawl/run.py), everything else from memory with
    ``put_once`` (WARC, CDXJ, captures, manifests, verdicts, markers, chrome models, report)."""
    from arshif.layout import FRONTIER_NAME, ITEMS_NAME, STATS_NAME, WARC_NAME

    staged_files = {WARC_NAME, ITEMS_NAME, STATS_NAME, FRONTIER_NAME}
    in_memory = PayloadSet("the demo day's objects written from memory (WARC, CDXJ, captures, "
                           "manifests, verdicts, markers, models)", "bytes")
    staging = PayloadSet("the demo day's staged crawl files (WARC, items, stats, frontier)", "file")
    workdir.mkdir(parents=True, exist_ok=True)
    for n, info in enumerate(store.list()):
        data = store.get(info.key)
        name = info.key.rsplit("/", 1)[-1]
        if info.key.startswith("staging/") and name in staged_files:
            path = workdir / f"{n:05d}-{name}"
            path.write_bytes(data)
            staging.files.append(path)
        else:
            in_memory.blobs.append(data)
    return [in_memory, staging]


def _largest_site_part(store) -> tuple[str, str]:
    """(run_key, site) of the committed run part with the most captures."""
    best = None
    for info in store.list(layout.manifests_prefix()):
        if info.key.endswith("/manifest.json"):
            manifest = store.get_json(info.key)
            if best is None or manifest["captures"] > best[0]:
                best = (manifest["captures"], manifest["run_key"], manifest["site"])
    if best is None:
        raise RuntimeError("the demo run committed no run part")
    return best[1], best[2]


def scaled_run_part(store, captures: int) -> tuple[list[PayloadSet], dict]:
    """WARC, CDXJ and captures object of a run part with ``captures`` captures."""
    from arshif.archive.run_part import build_site_archive
    from arshif.crawl.staging import read_staged

    run_key, site = _largest_site_part(store)
    staged = read_staged(store, run_key, site)
    lines = store.get(layout.verdicts_key(run_key, site)).decode("utf-8").splitlines()
    verdicts = {v["record_id"]: v for v in (json.loads(line) for line in lines if line.strip())}
    originals = staged.captures
    scaled = []
    for n in range(captures):
        capture = copy.deepcopy(originals[n % len(originals)])
        copy_no = n // len(originals)
        if copy_no:  # the same page under another address, as another article of the site
            capture["url"] += ("&" if "?" in capture["url"] else "?") + f"p={copy_no}"
        scaled.append(capture)
    staged.captures = scaled
    staged_warc = store.get(staged.warc_key)
    # One WARC file for the whole part (the default rotation is at 1 GiB).
    objects, rows = build_site_archive(run_key, site, staged, verdicts, staged_warc, max_bytes=1 << 40)
    by_kind = {name.split("/", 1)[0]: data for name, data in objects.items()}
    sets = [
        PayloadSet(f"run part WARC, {captures:,} captures", "bytes", [by_kind["warc"]]),
        PayloadSet(f"run part CDXJ, {captures:,} captures", "bytes", [by_kind["cdxj"]]),
        PayloadSet(f"run part captures object, {captures:,} captures", "bytes", [by_kind["captures"]]),
    ]
    return sets, {"run_key": run_key, "site": site, "site_captures": len(originals), "captures": len(rows)}
