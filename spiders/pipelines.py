"""Item pipelines: each article page the spider parsed is marked in the capture log.

The article text itself is extracted after the crawl (``arshif.pipeline.extract_pass``), once
the site's chrome can be learned from all of the crawl's pages.
"""

from __future__ import annotations

from spiders.output import CrawlOutput, output_for


class CaptureLogPipeline:
    """Marks the response record an article page came from, with what discovery said of it."""

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
            hints={"published": item.get("published_hint"), "listing_title": item.get("listing_title")},
        )
        self.crawler.stats.inc_value("arshif/articles")
        return {"record_id": item["record_id"], "url": item["url"]}
