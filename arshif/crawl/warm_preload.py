"""Imported by the warm crawl parent's fork server (arshif/crawl/warm.py), never by a crawl:
loads what every crawl would otherwise import while it starts — Scrapy's default components,
which Scrapy imports by name from its settings, and the project's.

The Twisted reactor is not loaded: Scrapy installs the one its settings ask for when a crawl
starts, in the forked process.
"""

from __future__ import annotations

import importlib
import logging

from scrapy.settings import default_settings

log = logging.getLogger(__name__)
MODULES = [
    "arshif.crawl.run", "arshif.crawl.extract_pass", "arshif.crawl.extract_preload", "arshif.crawl.staging",
    "arshif.catalog.sync", "arshif.frontier", "arshif.config", "arshif.takedown", "arshif.dedupe",
    "arshif.dedupe.minhash", "arshif.dedupe.nearcopy", "arshif.catalog.pg", "arshif.warc.reader",
    "storage.s3", "boto3.s3.transfer", "boto3.s3.inject", "numpy.ma", "_strptime",
    "multiprocessing.popen_fork", "multiprocessing.synchronize",
    "scrapy.crawler", "spiders.news", "spiders.settings", "spiders.pipelines", "spiders.extensions",
    "spiders.middlewares.address_guard", "spiders.middlewares.robots", "spiders.middlewares.politeness",
    "spiders.middlewares.warc_capture", "spiders.middlewares.redirects",
]


def _component_paths() -> set[str]:
    """Module paths of the classes Scrapy's default settings name (middlewares, extensions,
    download handlers, scheduler, queues…)."""
    paths: set[str] = set()
    for name in dir(default_settings):
        value = getattr(default_settings, name)
        values = value.values() if name.endswith("_BASE") and isinstance(value, dict) else [value]
        if name.endswith("_BASE") and isinstance(value, dict):
            values = [*value.keys(), *value.values()]
        for item in values:
            if isinstance(item, str) and item.startswith("scrapy.") and "." in item[7:]:
                paths.add(item.rsplit(".", 1)[0])
    return paths


def preload() -> None:
    for module in [*MODULES, *sorted(_component_paths())]:
        if module.startswith("twisted.internet.reactor"):
            continue
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - a missing optional component is imported later, or never
            log.debug("preload of %s skipped: %r", module, exc)


preload()
