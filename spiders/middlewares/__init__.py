"""Downloader middlewares: the address guard (before a request leaves) and WARC capture."""
