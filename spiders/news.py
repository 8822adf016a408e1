"""The one generic news spider: a site's config says where to look; the spider discovers
articles there and fetches them. Capture and extraction happen in middleware and pipelines."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from arshif.config import Site
from arshif.urls import request_url
from spiders.discovery import Lead, parse_feed, parse_sitemap
from spiders.output import output_for

MAX_SITEMAP_DEPTH = 3
MAX_CHILD_SITEMAPS = 50


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, site_json: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = Site.model_validate(json.loads(site_json))
        self.allowed_domains = list(self.site.domains)
        self.article_leads: dict[str, Lead] = {}
        self.sitemaps_followed = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.site.feeds:
            yield self._request(url, self.parse_feed, "feed")
        for url in self.site.sitemaps:
            yield self._request(url, self.parse_sitemap, "sitemap", depth=0)
        for url in self.site.start_urls:
            yield self._request(url, self.parse_section, "section")

    def _request(self, url: str, callback, role: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error,
                              meta={"arshif_role": role, **meta})

    def _article(self, lead: Lead) -> scrapy.Request | None:
        # One request per article however it was linked (tracking parameters, raw or encoded path).
        lead = Lead(request_url(lead.url), lead.published, lead.title)
        if not self.site.is_article_url(lead.url):
            return None
        known = self.article_leads.get(lead.url)
        # Keep the richest hint (a sitemap's publication date) whatever the order of discovery.
        if known is None or (lead.published and not known.published):
            self.article_leads[lead.url] = lead
        if known is not None:
            return None
        self.crawler.stats.inc_value("arshif/discovered")
        return self._request(lead.url, self.parse_article, "article")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        for lead in parse_feed(response.body):
            request = self._article(Lead(urljoin(response.url, lead.url), lead.published, lead.title))
            if request:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        listing = parse_sitemap(response.body)
        depth = response.meta.get("depth", 0)
        for child in listing.child_sitemaps:
            if depth >= MAX_SITEMAP_DEPTH or self.sitemaps_followed >= MAX_CHILD_SITEMAPS:
                self.logger.warning("sitemap limit reached; not following %s", child)
                break
            self.sitemaps_followed += 1
            yield self._request(urljoin(response.url, child), self.parse_sitemap, "sitemap",
                                depth=depth + 1)
        for lead in listing.leads:
            request = self._article(Lead(urljoin(response.url, lead.url), lead.published, lead.title))
            if request:
                yield request

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        if not hasattr(response, "css"):
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
        lead = self.article_leads.get(response.request.url if response.request else response.url)
        yield {
            "record_id": record_id,
            "url": response.url,
            "published_hint": lead.published if lead else None,
            "listing_title": lead.title if lead else None,
        }

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        message = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if failure.check(IgnoreRequest) and "robots.txt" in message:
            return  # obeying robots.txt is not a failure; Scrapy counts it as robotstxt/forbidden
        self.logger.warning("failed %s: %s", request.url, message)
        self.crawler.stats.inc_value("arshif/failures")
        output_for(self.crawler).add_failure(request.url, request.meta.get("arshif_role", "other"), message)
