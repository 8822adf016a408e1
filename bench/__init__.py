"""Benchmarks of arshif, run with ``make bench``; each writes its own section of docs/benchmarks.md.

``bench/extraction.py`` measures the article extractor against bare trafilatura,
readability-lxml and jusText on the shared evaluation sets and the gold set in ``bench/gold``.
"""
