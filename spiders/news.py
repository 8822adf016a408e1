"""The one generic news spider: a site's config says where to look; the spider discovers
articles there and fetches them. Capture and extraction happen in middleware and pipelines."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from arshif.config import Site
from arshif.frontier import Frontier, KnownArticle
from arshif.urls import canonical_url, request_url
from spiders.discovery import Lead, UnsafeXML, parse_feed, parse_sitemap
from spiders.output import output_for
from spiders.requisites import page_requisites

MAX_SITEMAP_DEPTH = 3
MAX_CHILD_SITEMAPS = 50
# A re-check is answered with these too: not modified, moved, or gone (unpublished).
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
GONE_STATUSES = (404, 410)
RECHECK_STATUSES = [304, *REDIRECT_STATUSES, *GONE_STATUSES]
LISTING_ROLES = ("feed", "sitemap", "section")
# Failures whose exception carries no message of its own, described.
QUIET_ERRORS = {
    "DownloadCancelledError": "download cancelled: the body passed the site's max_page_bytes",
    "ResponseDataLossError": "the connection closed before the body was complete (shorter than its "
                             "Content-Length, or a broken chunked body)",
    "TimeoutError": "no complete answer within the site's politeness.timeout",
}


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, site_json: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = Site.model_validate(json.loads(site_json))
        self.allowed_domains = list(self.site.domains)
        self.article_leads: dict[str, Lead] = {}
        self.sitemaps_followed = 0
        self.frontier: Frontier | None = None
        self.requested: set[str] = set()  # canonical URLs of the articles requested
        self.listed: set[str] = set()  # article URLs found in feeds, sitemaps and sections
        self.not_due: set[str] = set()  # known articles listed but not due for a re-check
        self.sitemaps_seen: set[str] = set()  # sitemap URLs requested, to refuse loops

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.frontier = Frontier.load(self.settings.get("ARSHIF_FRONTIER_FILE"))
        # Due re-checks first: a listing that names one of them later finds it requested.
        for known in self.frontier.due_rechecks() if self.frontier else []:
            lead = Lead(request_url(known.url))
            self.article_leads[lead.url] = lead
            self.crawler.stats.inc_value("arshif/rechecks")
            yield self._fetch_article(lead.url, known)
        for url in self.site.feeds:
            yield self._request(url, self.parse_feed, "feed")
        for url in self.site.sitemaps:
            self.sitemaps_seen.add(request_url(url))
            yield self._request(url, self.parse_sitemap, "sitemap", depth=0)
        for url in self.site.start_urls:
            yield self._request(url, self.parse_section, "section")

    def _request(self, url: str, callback, role: str, **meta: Any) -> scrapy.Request:
        request = scrapy.Request(url, callback=callback, errback=self.on_error,
                                 meta={"arshif_role": role, **meta})
        conditional = self.frontier.listing_headers(url) if self.frontier and role in LISTING_ROLES else {}
        if conditional:
            # Read again only if it changed: a 304 lists nothing new and costs no body.
            request.headers.update(conditional)
            request.meta["handle_httpstatus_list"] = [304]
        return request

    def _not_modified(self, response: Response) -> bool:
        if response.status != 304:
            return False
        self.crawler.stats.inc_value("arshif/listings_not_modified")
        return True

    def _article(self, lead: Lead) -> scrapy.Request | None:
        # One request per article however it was linked (tracking parameters, raw or encoded path).
        lead = Lead(request_url(lead.url), lead.published, lead.title, lead.modified)
        if not self.site.is_article_url(lead.url):
            return None
        if lead.url not in self.listed:
            self.listed.add(lead.url)
            self.crawler.stats.inc_value("arshif/discovered")
        known_lead = self.article_leads.get(lead.url)
        # Keep the richest hint (a sitemap's publication date) whatever the order of discovery.
        if known_lead is None or (lead.published and not known_lead.published):
            self.article_leads[lead.url] = lead
        if self._identity(lead.url) in self.requested:
            return None  # listed before (maybe under another alias), or due for a re-check
        known = self.frontier.lookup(lead.url) if self.frontier else None
        if known is not None and known.withdrawn:
            self.crawler.stats.inc_value("arshif/withdrawn_skipped")
            return None
        if known is None or known.removed:  # new, or back after it was found gone
            return self._fetch_article(lead.url, None)
        # Known and not due, unless this listing says it changed since its last check.
        if known.modified_since_check(lead.modified):
            self.crawler.stats.inc_value("arshif/rechecks")
            return self._fetch_article(lead.url, known)
        if lead.url not in self.not_due:
            self.not_due.add(lead.url)
            self.crawler.stats.inc_value("arshif/not_due")
        return None

    def _identity(self, url: str) -> str:
        """The article a URL is known as: aliases found by earlier crawls (rel=canonical) fold."""
        key = canonical_url(url)
        return self.frontier.aliases.get(key, key) if self.frontier else key

    def _fetch_article(self, url: str, known: KnownArticle | None) -> scrapy.Request:
        self.requested.add(self._identity(url))
        request = self._request(url, self.parse_article, "article")
        if known is not None:
            request.headers.update(known.conditional_headers())
            # Redirects are looked at here: one to the home or a section page means "gone".
            request.meta.update(arshif_recheck=True, handle_httpstatus_list=RECHECK_STATUSES,
                                dont_redirect=True)
        return request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if self._not_modified(response):
            return
        try:
            leads = parse_feed(response.body)
        except UnsafeXML as exc:
            self._fail(response.url, "feed", f"UnsafeXML: {exc}")
            return
        yield from self._listed(response, leads, "feed")

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if self._not_modified(response):
            return
        try:
            listing = parse_sitemap(response.body)
        except UnsafeXML as exc:
            self._fail(response.url, "sitemap", f"UnsafeXML: {exc}")
            return
        depth = response.meta.get("depth", 0)
        for child in listing.child_sitemaps:
            url = urljoin(response.url, child)
            if request_url(url) in self.sitemaps_seen:
                self._fail(response.url, "sitemap", f"SitemapLoop: names {url}, a sitemap already read "
                           "(a loop or a repeat); not read again")
                continue
            if depth >= MAX_SITEMAP_DEPTH or self.sitemaps_followed >= MAX_CHILD_SITEMAPS:
                self._fail(response.url, "sitemap", f"SitemapLimit: sitemap limit reached (depth "
                           f"{MAX_SITEMAP_DEPTH}, {MAX_CHILD_SITEMAPS} child sitemaps); not following {url}")
                break
            self.sitemaps_followed += 1
            self.sitemaps_seen.add(request_url(url))
            yield self._request(url, self.parse_sitemap, "sitemap", depth=depth + 1)
        yield from self._listed(response, listing.leads, "sitemap")

    def _listed(self, response: Response, leads: list[Lead], role: str) -> Iterator[scrapy.Request]:
        """Requests for a listing's articles. A listing names articles: a link that is no web
        address (``javascript:``, ``data:``) is refused and recorded, never requested."""
        for lead in leads:
            url = urljoin(response.url, lead.url)
            if urlsplit(url).scheme not in ("http", "https"):
                shown = url if len(url) <= 200 else url[:200] + "…"
                self._fail(shown, "link", f"NotWebLink: {role} {response.url} lists a link that is not an "
                           "http(s) address; not requested")
                continue
            request = self._article(replace(lead, url=url))
            if request:
                yield request

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        if self._not_modified(response) or not hasattr(response, "css"):
            return
        for href in response.css("a::attr(href)").getall():
            url = urljoin(response.url, href.strip())
            if urlsplit(url).scheme not in ("http", "https"):
                continue
            request = self._article(Lead(url.split("#", 1)[0]))
            if request:
                yield request

    def parse_article(self, response: Response) -> Iterator[dict]:
        record_id = response.meta.get("arshif_record_id")
        if record_id is None:
            return
        if response.meta.get("arshif_recheck"):
            ended = self._recheck_ended(response, record_id)
            if ended is not None:
                if isinstance(ended, scrapy.Request):
                    yield ended
                return
        lead = self.article_leads.get(response.request.url if response.request else response.url)
        yield {
            "record_id": record_id,
            "url": response.url,
            "published_hint": lead.published if lead else None,
            "listing_title": lead.title if lead else None,
        }
        if self.site.requisites and response.status == 200:
            yield from self._requisites(response)

    def _requisites(self, response: Response) -> Iterator[scrapy.Request]:
        """The page's images, stylesheets and scripts, from its own hosts or named CDNs; after
        the articles (lower priority), never followed further."""
        for url in page_requisites(response):
            host = urlsplit(url).hostname or ""
            if not self.site.may_serve_requisites(host):
                continue
            yield scrapy.Request(url, callback=self.parse_requisite, errback=self.on_error, priority=-10,
                                 meta={"arshif_role": "requisite", "allow_offsite": not self.site.owns_host(host)})

    def parse_requisite(self, response: Response) -> Iterator[dict]:
        return iter(())  # captured on the way in (warc_capture); nothing to read in it

    def _recheck_ended(self, response: Response, record_id: str) -> bool | scrapy.Request | None:
        """A re-check answered 304, or that found the article gone or moved, ends here: noted,
        and for a move to another article URL, that URL's request. None: a page to read."""
        output = output_for(self.crawler)
        if response.status == 304:
            self.crawler.stats.inc_value("arshif/not_modified")
            return True
        if response.status in GONE_STATUSES:
            output.attach(record_id, removed=f"HTTP {response.status}")
            self.crawler.stats.inc_value("arshif/removed")
            return True
        if response.status in REDIRECT_STATUSES:
            location = response.headers.get(b"Location", b"").decode("latin-1").strip()
            target = request_url(urljoin(response.url, location)) if location else ""
            if target and self.site.is_article_url(target):
                # Moved to another article URL (a new slug): the article lives on there.
                return self._fetch_article(target, None) if self._identity(target) not in self.requested else True
            # Sent to the home or a section page (or nowhere): the article is gone.
            output.attach(record_id, removed=f"HTTP {response.status} to {target or 'nowhere'}")
            self.crawler.stats.inc_value("arshif/removed")
            return True
        return None

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        name = failure.type.__name__
        if name.islower():  # zlib.error and kin: the module says what failed
            name = f"{failure.type.__module__}.{name}"
        message = failure.getErrorMessage().strip() or QUIET_ERRORS.get(name, "no message")
        if name == "DownloadCancelledError" and "max size" not in message:
            message += f" ({self.settings.getint('DOWNLOAD_MAXSIZE')} bytes)"
        if failure.check(HttpError):
            # Scrapy says only "Ignoring non-200 response": the report must say which status,
            # and that the retries allowed by the site's politeness were spent.
            status = failure.value.response.status
            retries = request.meta.get("retry_times", 0)
            message = f"HTTP {status}" + (f" after {retries} retries" if retries else "")
        message = f"{name}: {message}"
        if failure.check(IgnoreRequest) and "robots.txt" in message:
            return  # obeying robots.txt is not a failure; Scrapy counts it as robotstxt/forbidden
        if failure.check(IgnoreRequest) and "RefusedRedirect" in message:
            return  # recorded when it was refused (spiders/middlewares/redirects.py)
        self._fail(request.url, request.meta.get("arshif_role", "other"), message)

    def _fail(self, url: str, role: str, message: str) -> None:
        self.logger.warning("failed %s: %s", url, message)
        self.crawler.stats.inc_value("arshif/failures")
        output_for(self.crawler).add_failure(url, role, message)
