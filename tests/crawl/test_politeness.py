"""A site's own pacing requests are honoured: robots.txt ``Crawl-delay`` spaces the requests to
its host, and a 429 with ``Retry-After`` slows the host down before the retry, which then
succeeds. Runs the project's middlewares in a subprocess (a reactor per process) against a
small server on loopback that logs when it was asked."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from spiders.middlewares.politeness import MAX_RETRY_AFTER_S, retry_after_seconds

CRAWL_DELAY = 2


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, float, int]] = []
    busy_once = True

    def do_GET(self):  # noqa: N802
        status, headers, body = 200, {"Content-Type": "text/html"}, b"<html><body>ok</body></html>"
        if self.path == "/robots.txt":
            headers, body = {"Content-Type": "text/plain"}, f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\n".encode()
        elif self.path == "/busy" and Handler.busy_once:
            Handler.busy_once = False
            status, headers = 429, {**headers, "Retry-After": "3"}
        Handler.seen.append((self.path, time.monotonic(), status))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


CRAWL = textwrap.dedent("""
    import json, sys, scrapy
    from scrapy.crawler import CrawlerProcess
    base = sys.argv[1]

    class Paced(scrapy.Spider):
        name = "paced"
        async def start(self):
            for path in ("/a", "/b", "/c", "/busy"):
                yield scrapy.Request(base + path)

        def parse(self, response):
            pass

    settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "RETRY_TIMES": 2,
                "DOWNLOADER_MIDDLEWARES": {
                    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                    "spiders.middlewares.robots.RobotsTxtMiddleware": 100,
                    "spiders.middlewares.politeness.RetryAfterMiddleware": 560}}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Paced)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({k: stats.get(k) for k in ("arshif/crawl_delay", "arshif/retry_after",
                                                 "downloader/response_status_count/200")}))
""")


def test_retry_after_reads_seconds_and_dates():
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sun, 29 Nov 2026 08:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sun, 29 Nov 2026 07:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert MAX_RETRY_AFTER_S < timedelta(hours=1).total_seconds()


def test_crawl_delay_and_retry_after_pace_the_host():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Handler.seen.clear()
    Handler.busy_once = True
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = subprocess.run([sys.executable, "-c", CRAWL, base], capture_output=True, text=True,
                                timeout=180)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["arshif/crawl_delay"] == CRAWL_DELAY
    assert stats["arshif/retry_after"] == 1
    assert stats["downloader/response_status_count/200"] == 5  # robots.txt, /a, /b, /c, /busy retried
    pages = [(path, at, status) for path, at, status in Handler.seen if path != "/robots.txt"]
    assert [p for p, _, s in pages if p == "/busy"] == ["/busy", "/busy"]
    # Scrapy spreads a delay over 0.5–1.5 of its value: no two page requests came closer than
    # half the Crawl-delay, and the retry waited at least half its Retry-After.
    gaps = [b[1] - a[1] for a, b in zip(pages, pages[1:], strict=False)]
    assert min(gaps) >= 0.5 * CRAWL_DELAY - 0.05, gaps
    busy = [at for path, at, _ in pages if path == "/busy"]
    assert busy[1] - busy[0] >= 0.5 * 3 - 0.05
