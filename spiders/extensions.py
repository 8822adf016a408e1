"""Closes the crawl's output (WARC and capture log) when the spider finishes."""

from __future__ import annotations

from scrapy import signals

from spiders.output import output_for


class CaptureLogExtension:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        output_for(crawler)  # open the WARC before the first response arrives

    @classmethod
    def from_crawler(cls, crawler) -> CaptureLogExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        output_for(self.crawler).close(stats)
