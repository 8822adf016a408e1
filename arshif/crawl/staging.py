"""Reading what a crawl subprocess staged in S3 for one site and run."""

from __future__ import annotations

import json
from dataclasses import dataclass

from arshif import layout
from arshif.layout import ITEMS_NAME, STATS_NAME, WARC_NAME


@dataclass
class StagedCrawl:
    marker: dict
    captures: list[dict]
    failures: list[dict]
    stats: dict

    @property
    def warc_key(self) -> str:
        return self.marker["prefix"] + WARC_NAME


def read_staged(store, run_key: str, site: str) -> StagedCrawl | None:
    """The staged crawl named by the site's ``_SUCCESS`` marker, or None if none finished."""
    success = layout.staging_success(run_key, site)
    if not store.exists(success):
        return None
    marker = store.get_json(success)
    captures, failures = [], []
    for raw in store.get(marker["prefix"] + ITEMS_NAME).decode("utf-8").splitlines():
        line = json.loads(raw)
        (captures if line.get("type") == "capture" else failures).append(line)
    stats = store.get_json(marker["prefix"] + STATS_NAME)
    return StagedCrawl(marker, captures, failures, stats)
