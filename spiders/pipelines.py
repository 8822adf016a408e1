"""Item pipelines: extract the article from each fetched page, then add it to the capture log."""

from __future__ import annotations

import logging

from spiders.output import CrawlOutput, output_for

HTML_TYPES = ("text/html", "application/xhtml+xml")
log = logging.getLogger(__name__)


class ExtractionPipeline:
    """Runs arshif's extractor on an article page; a failure is recorded, never fatal."""

    def process_item(self, item: dict) -> dict:
        from arshif.extract import extract_article

        content_type = (item.get("content_type") or "").lower()
        if item["status"] != 200:
            item["extraction_error"] = f"HTTP {item['status']}"
        elif content_type and not content_type.startswith(HTML_TYPES):
            item["extraction_error"] = f"not HTML ({content_type})"
        else:
            try:
                article = extract_article(item["body"], url=item["url"],
                                          content_type=item.get("content_type"),
                                          timezone=item.get("timezone"),
                                          published_hint=item.get("published_hint"))
                item["article"] = article.to_dict()
            except Exception as exc:  # noqa: BLE001 - one bad page must not end the crawl
                log.warning("extraction failed for %s: %r", item["url"], exc)
                item["extraction_error"] = f"{type(exc).__name__}: {exc}"
        return item


class CaptureLogPipeline:
    """Attaches the extraction to the response record it came from."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.output: CrawlOutput = output_for(crawler)

    @classmethod
    def from_crawler(cls, crawler) -> CaptureLogPipeline:
        return cls(crawler)

    def process_item(self, item: dict) -> dict:
        self.output.attach(
            item["record_id"],
            role="article",
            article=item.get("article"),
            extraction_error=item.get("extraction_error"),
            hints={"published": item.get("published_hint"), "listing_title": item.get("listing_title")},
        )
        self.crawler.stats.inc_value("arshif/articles")
        return {"record_id": item["record_id"], "url": item["url"]}
