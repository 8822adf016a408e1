"""Imported by the processes extraction workers are forked from (the pool's fork server, the warm
crawl parent of arshif/crawl/warm.py): the extractor's modules and py3langid's model loaded once
there, so that no worker loads them again at its first page."""

from __future__ import annotations

from arshif.crawl import extract_page  # noqa: F401 - loaded here so that forked workers have it
from arshif.extract.article import load_language_model

load_language_model()
