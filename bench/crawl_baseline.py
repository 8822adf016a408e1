"""The baselines of the crawl benchmark: bare Scrapy, as a user would write it, reading the
same sitemap index and fetching the same pages with the same concurrency; with ``--extract``
it also runs bare trafilatura (with metadata) on every page in its callback.

    python -m bench.crawl_baseline --sitemap http://127.0.0.31:8790/sitemap.xml [--extract]

Prints one JSON line: pages, wall and CPU seconds (this process; the crawl only, not imports).
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class BareSpider(SitemapSpider):
    name = "bare"
    sitemap_rules = [("/news/", "parse_article")]
    pages = 0
    extracted = 0
    extract = False

    def parse_article(self, response: scrapy.http.Response):
        type(self).pages += 1
        if self.extract:
            import trafilatura

            document = trafilatura.bare_extraction(response.body, url=response.url, with_metadata=True)
            if document is not None and document.text:
                type(self).extracted += 1
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sitemap", required=True)
    parser.add_argument("--extract", action="store_true")
    parser.add_argument("--concurrency", type=int, default=16, help="parallel requests to the host")
    args = parser.parse_args(argv)
    if args.extract:
        import trafilatura  # noqa: F401 - imported before the clock starts, as arshif's workers do

    BareSpider.sitemap_urls = [args.sitemap]
    BareSpider.extract = args.extract
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
        "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency, "DOWNLOAD_DELAY": 0,
    })
    process.crawl(BareSpider)
    cpu, wall = cpu_seconds(), time.perf_counter()
    process.start()
    print(json.dumps({"pages": BareSpider.pages, "extracted": BareSpider.extracted,
                      "wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds() - cpu}))


if __name__ == "__main__":
    main()
