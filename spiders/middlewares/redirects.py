"""Redirects (HTTP 3xx and <meta refresh>) that must not be followed end as a failure of the
page that redirected, with the reason, instead of vanishing.

Scrapy drops such requests quietly: an off-site target is filtered when it is scheduled, and
a loop back to a URL already fetched is dropped by the duplicate filter, so the run's failures
would not name them. This extension looks at every redirected request as it is scheduled
(``request_scheduled``, before anything is sent), and refuses, with a failure recorded for
the URL the chain started from:

- a loop: the target is a URL of the chain already;
- a target the address guard refuses (private, link-local, loopback not allowed, arshif's own
  services), decided here before any connection; the guard refuses it again at download;
- a target outside the site's domains (page requisites from allowed CDNs excepted).
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from spiders.middlewares.address_guard import AddressGuardMiddleware, BlockedAddress
from spiders.output import output_for


class RefusedRedirect(IgnoreRequest):
    """A redirect arshif does not follow; the message says why."""


class RedirectGuard:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.policy = AddressGuardMiddleware.from_crawler(crawler).policy

    @classmethod
    def from_crawler(cls, crawler) -> RedirectGuard:
        guard = cls(crawler)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def request_scheduled(self, request: Request, spider) -> None:
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        reason = self._refusal(request, chain, spider)
        if reason is None:
            return
        self.crawler.stats.inc_value("arshif/failures")
        self.crawler.stats.inc_value("arshif/redirects_refused")
        message = f"RefusedRedirect: redirect from {chain[-1]} to {request.url}: {reason}; not followed"
        spider.logger.warning("failed %s: %s", chain[0], message)
        output_for(self.crawler).add_failure(chain[0], request.meta.get("arshif_role", "other"), message)
        raise RefusedRedirect(message)

    def _refusal(self, request: Request, chain: list[str], spider) -> str | None:
        if request.url in chain:
            return f"a redirect loop ({len(chain)} hops)"
        try:
            self.policy.check(request.url)
        except BlockedAddress as exc:
            return str(exc)
        host = urlparse_cached(request).hostname or ""
        site = getattr(spider, "site", None)
        if site is not None and not request.meta.get("allow_offsite") and not site.owns_host(host):
            return f"outside the site's domains {list(site.domains)}"
        return None
