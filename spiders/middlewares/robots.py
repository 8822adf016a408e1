"""robots.txt, obeyed for every request, including those that arrive while it is being fetched.

Scrapy 2.19's ``RobotsTxtMiddleware`` lets every request that waits for a site's robots.txt
await one shared Deferred; the first waiter consumes its result and the others receive None,
which the middleware reads as "no robots.txt": they are fetched unchecked (a regression from
scrapy/scrapy#6802). Here each waiter gets the parser through a Deferred of its own.

Its ``Crawl-delay`` is honoured too (spiders/middlewares/politeness.py).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from spiders.middlewares.politeness import MAX_CRAWL_DELAY_S, HostPace

logger = logging.getLogger(__name__)


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def relay(result: RobotParser | None) -> RobotParser | None:
                waiter.callback(result)
                return result  # pass it on to the next waiter

            pending.addCallback(relay)
            parser = await maybe_deferred_to_future(waiter)
        else:
            parser = await super().robot_parser(request)
        self._honour_crawl_delay(request, parser)
        return parser

    def _honour_crawl_delay(self, request: Request, parser: RobotParser | None) -> None:
        """robots.txt's ``Crawl-delay`` for our user agent becomes the host's pace (capped)."""
        if parser is None or not hasattr(parser, "crawl_delay"):
            return
        delay = parser.crawl_delay(self._robotstxt_useragent or self._default_useragent)
        if not delay:
            return
        pace = HostPace.of(self.crawler)
        key = pace.key(request)
        if key in pace.crawl_delay:
            return
        pace.crawl_delay[key] = min(float(delay), MAX_CRAWL_DELAY_S)
        pace.apply(key)
        self.crawler.stats.set_value("arshif/crawl_delay", pace.crawl_delay[key])
        logger.info("robots.txt of %s asks Crawl-delay %g s: %.1f s between its requests", key, delay,
                    pace.crawl_delay[key])
