"""robots.txt is obeyed for every request, also those queued while robots.txt is in flight.

Runs the project's crawl settings in a subprocess (a Twisted reactor per process) against a
small server on loopback that logs what it was asked for.
"""

import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = b"User-agent: *\nDisallow: /private/\nAllow: /\n"


class Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        Handler.seen.append(self.path)
        body = ROBOTS if self.path == "/robots.txt" else b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


CRAWL = textwrap.dedent("""
    import sys, scrapy
    from scrapy.crawler import CrawlerProcess
    base = sys.argv[1]

    class Many(scrapy.Spider):
        name = "many"
        async def start(self):
            for i in range(8):
                yield scrapy.Request(f"{base}/section/{i}/")
            yield scrapy.Request(f"{base}/private/")  # queued behind the others
            yield scrapy.Request(f"{base}/private/article/1/")

        def parse(self, response):
            pass

    settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
                "DOWNLOADER_MIDDLEWARES": {
                    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                    "spiders.middlewares.robots.RobotsTxtMiddleware": 100}}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Many)
    process.crawl(crawler)
    process.start()
    print(crawler.stats.get_value("robotstxt/forbidden"))
""")


def test_requests_waiting_for_robots_txt_are_checked_too():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Handler.seen.clear()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = subprocess.run([sys.executable, "-c", CRAWL, base], capture_output=True, text=True,
                                timeout=120)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "2"
    assert "/robots.txt" in Handler.seen and "/section/7/" in Handler.seen
    assert not [path for path in Handler.seen if path.startswith("/private/")], Handler.seen
