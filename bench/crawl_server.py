"""The crawl benchmark's HTTP server: the pages of ``bench.crawl_pages.BenchSite``, rendered once
at start and served from memory over HTTP/1.1 keep-alive, so the server costs both crawlers the
same little CPU.

    python -m bench.crawl_server --pages 5000 --host 127.0.0.31 --port 8790

Prints ``ready <origin>`` on stdout once it answers.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from email.utils import formatdate
from pathlib import Path

from bench.crawl_pages import BenchSite

_ARTICLE = re.compile(r"^/news/(\d+)/$")
_SITEMAP = re.compile(r"^/sitemap-(\d+)\.xml$")


class Pages:
    def __init__(self, site: BenchSite, origin: str) -> None:
        self.origin = origin
        self.articles = [site.article(n) for n in range(site.pages)]
        self.sitemaps = [site.sitemap(origin, i)
                         for i in range((site.pages + 999) // 1000)]
        self.index = site.sitemap_index(origin)
        self.robots = site.robots()
        self.etags = [site.etag(n) for n in range(site.pages)]
        self.home = ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
                     '<title>الصفحة الرئيسية</title></head><body><h1>أخبار</h1></body></html>').encode()

    def answer(self, path: str) -> tuple[int, str, bytes, str | None]:
        """(status, content type, body, ETag)."""
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.robots, None
        if path == "/sitemap.xml":
            return 200, "application/xml", self.index, None
        if path == "/":
            return 200, "text/html; charset=utf-8", self.home, None
        match = _SITEMAP.match(path)
        if match and int(match[1]) < len(self.sitemaps):
            return 200, "application/xml", self.sitemaps[int(match[1])], None
        match = _ARTICLE.match(path)
        if match and int(match[1]) < len(self.articles):
            n = int(match[1])
            return 200, "text/html; charset=utf-8", self.articles[n], self.etags[n]
        return 404, "text/plain", b"not found", None


class Http(asyncio.Protocol):
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            try:
                method, target, _ = request_line.split(" ", 2)
            except ValueError:
                self.transport.close()
                return
            path = target.split("?", 1)[0]
            status, content_type, body, etag = self.pages.answer(path)
            headers = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}",
                       f"Date: {formatdate(usegmt=True)}", f"Content-Type: {content_type}",
                       f"Content-Length: {len(body)}", "Last-Modified: Sat, 28 Nov 2026 06:00:00 GMT"]
            if etag:
                headers.append(f"ETag: {etag}")
            self.transport.write(("\r\n".join(headers) + "\r\n\r\n").encode("latin-1"))
            if method != "HEAD":
                self.transport.write(body)


async def serve(pages: Pages, host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Http(pages), host, port, backlog=512)
    print(f"ready {pages.origin}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--page-kb", type=int, default=100)
    parser.add_argument("--host", default="127.0.0.31")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--real-pages", type=Path, help="serve the saved pages of this folder instead")
    args = parser.parse_args(argv)
    origin = f"http://{args.host}:{args.port}"
    pages = Pages(BenchSite(args.pages, args.page_kb, real_pages=args.real_pages), origin)
    print(f"rendered {len(pages.articles)} pages, "
          f"{sum(map(len, pages.articles)) / len(pages.articles) / 1024:.0f} KiB each", file=sys.stderr)
    try:
        asyncio.run(serve(pages, args.host, args.port))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
