"""What a site asks of the crawler's pace, beyond the sites file's ``politeness``:

- robots.txt ``Crawl-delay``: the seconds between two requests to the host (at most
  ``MAX_CRAWL_DELAY_S``: a robots.txt asking for more would stop the crawl, so it is capped and
  the cap logged);
- ``Retry-After`` on a 429 or 503 (seconds or an HTTP date): the host's delay rises to it (at
  most ``MAX_RETRY_AFTER_S``) for the requests that follow, the retried one included, and
  returns to the host's pace after the next answer that is not a 429/503.

Both become the delay of the host's download slot, which Scrapy honours for every request to
it. A slot is made when a request reaches the downloader (after the middlewares), so the pace
is kept per slot key and applied then (signal ``request_reached_downloader``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import signals
from scrapy.http import Request, Response

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY_S = 60.0
MAX_RETRY_AFTER_S = 120.0
BACK_OFF_STATUSES = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now (None when absent or unreadable)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class HostPace:
    """Per host (download slot key): the robots.txt Crawl-delay and the current back-off."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.configured = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.crawl_delay: dict[str, float] = {}
        self.back_off: dict[str, float] = {}
        crawler.signals.connect(self._reached_downloader, signal=signals.request_reached_downloader)

    @classmethod
    def of(cls, crawler) -> HostPace:
        pace = getattr(crawler, "_arshif_host_pace", None)
        if pace is None:
            pace = crawler._arshif_host_pace = cls(crawler)
        return pace

    def key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    def delay(self, key: str) -> float:
        return max(self.configured, self.crawl_delay.get(key, 0.0), self.back_off.get(key, 0.0))

    def apply(self, key: str) -> None:
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = self.delay(key)

    def _reached_downloader(self, request: Request, **kwargs) -> None:
        key = request.meta.get("download_slot") or self.key(request)
        if key in self.crawl_delay or key in self.back_off:
            self.apply(key)


class RetryAfterMiddleware:
    """Slows a host down as its 429/503 ``Retry-After`` asks, then back to its pace."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.pace = HostPace.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        key = self.pace.key(request)
        if response.status in BACK_OFF_STATUSES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                self.pace.back_off[key] = min(wait, MAX_RETRY_AFTER_S)
                self.pace.apply(key)
                self.crawler.stats.inc_value("arshif/retry_after")
                log.info("%s: HTTP %d, Retry-After %g s: %.1f s between requests to %s", request.url,
                         response.status, wait, self.pace.delay(key), key)
        elif self.pace.back_off.pop(key, None) is not None:
            self.pace.apply(key)  # the host answers again: back to its own pace
        return response
