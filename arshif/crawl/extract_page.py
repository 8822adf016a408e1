"""Extract one page: the article in a captured response, read back from the crawl's WARC.

Shared by the extraction workers (``arshif.crawl.extract_pool``, during the crawl) and the
extract step (``arshif.crawl.extract_pass``, for the pages no worker took); neither imports the
other for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from arshif.config import Site
from arshif.extract import extract_article
from arshif.frontier import parse_time
from arshif.warc.payload import MAX_DECODED_BYTES, PayloadError, record_payload

log = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_payload(warc_path: Path, offset: int, limit: int = MAX_DECODED_BYTES) -> tuple[bytes, str | None]:
    """The body of the response record at ``offset``, content-encoding undone within ``limit``
    bytes (raises ``PayloadError`` past it: a compression bomb is not inflated)."""
    with warc_path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return record_payload(record, limit)


def extract_page(item: dict, warc_path: Path, site: Site):
    """(article, None) for an article capture, or (None, why not)."""
    if item["status"] != 200:
        return None, f"HTTP {item['status']}"
    try:
        body, content_type = read_payload(warc_path, item["response"]["offset"], site.politeness.max_page_bytes)
    except PayloadError as exc:
        return None, str(exc)
    if content_type and not content_type.lower().startswith(HTML_TYPES):
        return None, f"not HTML ({content_type})"
    try:
        # The capture time bounds the dates: no page can be published after it was fetched.
        article = extract_article(body, url=item["url"], content_type=content_type, timezone=site.timezone,
                                  published_hint=(item.get("hints") or {}).get("published"),
                                  captured_at=parse_time(item.get("fetched_at")))
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the crawl's extraction
        log.warning("extraction failed for %s: %r", item["url"], exc)
        return None, f"{type(exc).__name__}: {exc}"
    return article, None
