"""A crawl's local output before it is staged in S3: the WARC file and the capture log."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from arshif.faults import fault_point
from arshif.layout import ITEMS_NAME, STATS_NAME, WARC_NAME
from arshif.warc.writer import CapturedFetch, WarcFileWriter


class CrawlOutput:
    """Shared by the capture middleware (records), the pipelines (articles) and the runner."""

    def __init__(self, folder: Path, warcinfo: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.warc = WarcFileWriter(folder / WARC_NAME, warcinfo)
        self.fetches: dict[str, CapturedFetch] = {}  # by response record id, in fetch order
        self.failures: list[dict] = []

    def add_fetch(self, fetch: CapturedFetch) -> None:
        self.fetches[fetch.response.record_id] = fetch
        fault_point("crawl:after-pages", len(self.fetches))

    def attach(self, record_id: str, **extra: object) -> None:
        """Adds what later stages learned (role, extraction, hints) to a captured fetch."""
        self.fetches[record_id].extra.update(extra)

    def add_failure(self, url: str, role: str, error: str) -> None:
        self.failures.append({"type": "failure", "url": url, "role": role, "error": error,
                              "failed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})

    def close(self, stats: dict) -> None:
        self.warc.close()
        with (self.folder / ITEMS_NAME).open("w", encoding="utf-8") as fh:
            for fetch in self.fetches.values():
                line = asdict(fetch)
                line.update(line.pop("extra"))
                line["type"] = "capture"
                fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            for failure in self.failures:
                fh.write(json.dumps(failure, ensure_ascii=False) + "\n")
        (self.folder / STATS_NAME).write_text(json.dumps(stats, indent=2, default=str), encoding="utf-8")


def output_for(crawler) -> CrawlOutput:
    """The crawl's output, created once from the settings the runner passed."""
    output = getattr(crawler, "arshif_output", None)
    if output is None:
        settings = crawler.settings
        output = CrawlOutput(Path(settings["ARSHIF_OUTPUT_DIR"]), dict(settings.getdict("ARSHIF_WARCINFO")))
        crawler.arshif_output = output
    return output
