"""Item pipelines: each article page the spider parsed is marked in the capture log, then sent
to the extraction workers.

The site's chrome is learned, and the texts filtered with it, after the crawl
(``arshif.crawl.extract_pass``), once all of the crawl's pages are in.
"""

from __future__ import annotations

from dataclasses import asdict

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


class ExtractionPipeline:
    """Sends each article page to the extraction workers while the crawl goes on (when the crawl
    process opened them: ``arshif.crawl.extract_pool``, handed over as the crawler's
    ``arshif_extraction_pool`` by ``arshif.crawl.run.crawl``)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.output: CrawlOutput = output_for(crawler)

    @classmethod
    def from_crawler(cls, crawler) -> ExtractionPipeline:
        return cls(crawler)

    def process_item(self, item: dict) -> dict:
        pool = getattr(self.crawler, "arshif_extraction_pool", None)
        if pool is not None:
            fetch = self.output.fetches[item["record_id"]]
            capture = asdict(fetch)
            capture.update(capture.pop("extra"))
            pool.submit(item["record_id"], capture, self.output.warc.path, self.crawler.spider.site)
        return item
