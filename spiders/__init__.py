"""Scrapy side of arshif: discover, fetch and capture one site per crawl subprocess.

``spiders.run`` is the subprocess entry point; ``spiders.settings`` wires the components
(spider, downloader middlewares, item pipelines, extension) the way Scrapy projects do.
"""
