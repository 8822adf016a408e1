"""robots.txt, obeyed for every request, including those that arrive while it is being fetched.

Scrapy 2.19's ``RobotsTxtMiddleware`` lets every request that waits for a site's robots.txt
await one shared Deferred; the first waiter consumes its result and the others receive None,
which the middleware reads as "no robots.txt": they are fetched unchecked (a regression from
scrapy/scrapy#6802). Here each waiter gets the parser through a Deferred of its own.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def relay(result: RobotParser | None) -> RobotParser | None:
                waiter.callback(result)
                return result  # pass it on to the next waiter

            pending.addCallback(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)
