"""Scrapy side of arshif: discover, fetch and capture one site per crawl subprocess.

``arshif.crawl.run`` is the subprocess entry point (it runs this package's spider, never the
other way round); ``spiders.settings`` wires the components
(spider, downloader middlewares, item pipelines, extension) the way Scrapy projects do.
"""
