"""Scrapy settings for one site's crawl: the components, wired by priority, and politeness."""

from __future__ import annotations

from pathlib import Path

from arshif.config import Site, SitesConfig


def crawl_settings(config: SitesConfig, site: Site, output_dir: Path, warcinfo: dict[str, str],
                   frontier_file: Path | None = None) -> dict:
    polite = site.politeness
    return {
        "BOT_NAME": "arshif",
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": polite.concurrency,
        # Scrapy starts this many asyncio tasks for each callback's output (100 by default: a
        # fifth of the crawl process's CPU, bench/crawl.py); the pipelines are synchronous, so
        # one task does the same work.
        "CONCURRENT_ITEMS": 1,
        # Scrapy parses each generator callback's source (inspect, tokenize, ast) to warn about a
        # `return value` in it; its cache holds the bound methods weakly, so the parse was redone
        # for most responses (~5% of the crawl process's CPU, bench/crawl.py). A warning for
        # developers only: nothing crawled changes.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "DOWNLOAD_DELAY": polite.delay,
        "DOWNLOAD_TIMEOUT": polite.timeout,
        "DOWNLOAD_MAXSIZE": polite.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(polite.max_page_bytes, 8 * 1024 * 1024),
        "RETRY_TIMES": polite.retries,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        # A cache would answer below the capture middleware and hide responses from the WARC.
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "DOWNLOADER_MIDDLEWARES": {
            "spiders.middlewares.address_guard.AddressGuardMiddleware": 50,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "spiders.middlewares.robots.RobotsTxtMiddleware": 100,
            # Before RetryMiddleware (550) sees the response: the retry waits as asked.
            "spiders.middlewares.politeness.RetryAfterMiddleware": 560,
            "spiders.middlewares.warc_capture.WarcCaptureMiddleware": 950,
        },
        "ITEM_PIPELINES": {"spiders.pipelines.CaptureLogPipeline": 900,
                           "spiders.pipelines.ExtractionPipeline": 950},
        "EXTENSIONS": {"spiders.extensions.CaptureLogExtension": 500,
                       # Redirects to refuse are refused (and recorded) when scheduled.
                       "spiders.middlewares.redirects.RedirectGuard": 510},
        "ARSHIF_OUTPUT_DIR": str(output_dir),
        "ARSHIF_WARCINFO": warcinfo,
        "ARSHIF_ALLOW_PRIVATE": config.allow_private_addresses,
        "ARSHIF_FRONTIER_FILE": str(frontier_file) if frontier_file else "",
    }
