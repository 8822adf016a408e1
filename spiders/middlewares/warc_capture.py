"""Writes every response Scrapy downloads, redirects and robots.txt included, to the WARC.

It sits at 950, next to the downloader: responses reach it before decompression (590) and
redirect handling (600), so the stored body is the one received and each redirect hop is a
capture of its own.

The records are written on the WARC writer's thread (arshif/warc/writer.py) and the response goes
on once they are in the file, as before: what follows (the capture log, the spider, the
extraction workers reading the record back) sees the same thing, while the crawl's thread
serves the other downloads meanwhile.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.reactor import is_asyncio_reactor_installed

from arshif.warc.writer import CapturedFetch
from spiders.output import CrawlOutput, output_for


class WarcCaptureMiddleware:
    def __init__(self, output: CrawlOutput) -> None:
        self.output = output

    @classmethod
    def from_crawler(cls, crawler) -> WarcCaptureMiddleware:
        return cls(output_for(crawler))

    async def process_response(self, request: Request, response: Response) -> Response:
        fetch = await self._write(
            url=response.url,
            method=request.method,
            request_headers=_header_pairs(request.headers, host=_host_header(request.url)),
            request_body=request.body or b"",
            status=response.status,
            reason=_reason(response.status),
            response_headers=_header_pairs(response.headers),
            body=response.body,
            fetched_at=datetime.now(UTC),
            ip_address=str(response.ip_address) if response.ip_address else None,
            protocol=(response.protocol or "HTTP/1.1").upper(),
        )
        fetch.extra["role"] = request.meta.get("arshif_role") or _role_of(request.url)
        fetch.extra.update(_validators(response))
        if request.meta.get("arshif_recheck"):
            fetch.extra["recheck"] = True
        self.output.add_fetch(fetch)
        request.meta["arshif_record_id"] = fetch.response.record_id
        return response

    async def _write(self, **fetch) -> CapturedFetch:
        if not is_asyncio_reactor_installed():  # no asyncio loop to wait on: write here
            return self.output.warc.write_fetch(**fetch)
        return await asyncio.wrap_future(self.output.warc.submit_fetch(**fetch))


def _validators(response: Response) -> dict[str, str]:
    """What the next conditional request needs, and where a redirect points."""
    found = {}
    for header, key in ((b"ETag", "etag"), (b"Last-Modified", "last_modified"), (b"Location", "location")):
        value = response.headers.get(header)
        if value:
            found[key] = value.decode("latin-1")
    return found


def _header_pairs(headers, host: str | None = None) -> list[tuple[str, str]]:
    pairs = [("Host", host)] if host else []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def _host_header(url: str) -> str:
    return urlsplit(url).netloc


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _role_of(url: str) -> str:
    return "robots" if url.split("?", 1)[0].endswith("/robots.txt") else "other"
