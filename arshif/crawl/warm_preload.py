"""Imported by the warm crawl parent's fork server (arshif/crawl/warm.py), never by a crawl:
loads what every crawl would otherwise import while it starts — Scrapy's default components,
which Scrapy imports by name from its settings, and the project's — and the S3 client's session.

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


def _share_s3_session() -> None:
    """Every crawl opens a store: its client made from one session loaded here (no request)."""
    from botocore.config import Config

    from storage.endpoint import credentials_or_dummy
    from storage.s3 import DEFAULT_REGION
    from storage.s3_clients import share_one_session

    share_one_session(endpoint_url="http://127.0.0.1:9", config=Config(region_name=DEFAULT_REGION),
                      **credentials_or_dummy())


def preload() -> None:
    try:
        _share_s3_session()
    except Exception as exc:  # noqa: BLE001 - each crawl then loads its own session, as before
        log.warning("no shared S3 session for the crawls: %r", exc)
    for module in [*MODULES, *sorted(_component_paths())]:
        if module.startswith("twisted.internet.reactor"):
            continue
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - a missing optional component is imported later, or never
            log.debug("preload of %s skipped: %r", module, exc)


preload()
