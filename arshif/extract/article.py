"""One page in, one ``Article`` out: decode, strip chrome, trafilatura, Arabic metadata."""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from arshif.extract import chrome, marks, meta, pagedates
from arshif.extract.body import render_body
from arshif.extract.byline import find_author
from arshif.extract.charset import decode_html
from arshif.extract.dates import zone
from arshif.extract.title import choose_title
from arshif.textnorm import normalize_for_matching

# Bump when the output for some page changes, so stored extractions can be told apart.
EXTRACTOR_VERSION = 1
EXTRACTOR = f"arshif-extract/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"

# Measured on the eval pages (tests/extract/benchmark.py): see docs in the module's README.
FAVOR_PRECISION = False

# Fewer letters than this and language identification is a guess; use the page's lang then.
_MIN_LANGID_CHARS = 40
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass
class Article:
    url: str | None
    title: str | None
    text: str
    date: str | None  # YYYY-MM-DD, publisher's local calendar date of publication
    date_source: str | None = None
    date_confidence: float | None = None
    modified: str | None = None
    author: str | None = None
    language: str | None = None
    sitename: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    word_count: int = 0
    charset: str | None = None
    extractor: str = EXTRACTOR

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _decompress(body: bytes) -> bytes:
    # A body straight from a WARC may still carry gzip content-encoding.
    if body[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return body
    return body


def _language(text: str, tree: HtmlElement) -> str | None:
    letters = sum(1 for ch in text if ch.isalpha())
    if letters >= _MIN_LANGID_CHARS:
        try:
            import py3langid

            code, _ = py3langid.classify(text)
            return str(code)
        except ImportError:  # pragma: no cover - py3langid is a declared dependency
            pass
    return meta.html_lang(tree)


def _word_count(text: str) -> int:
    return sum(1 for token in text.split() if _WORD.search(token))


def _run_trafilatura(tree: HtmlElement, url: str | None) -> Any:
    options: dict[str, Any] = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "favor_precision": FAVOR_PRECISION,
        "date_extraction_params": {"extensive_search": False, "original_date": True},
    }
    document = trafilatura.bare_extraction(tree, **options)
    if document is None or not (document.text or "").strip():
        # Short briefs fall below trafilatura's size thresholds; ask for recall before
        # giving up on the text.
        options["favor_precision"] = False
        document = trafilatura.bare_extraction(tree, favor_recall=True, **options) or document
    return document


def _restored(value: Any) -> Any:
    if isinstance(value, str):
        return marks.restore(value).strip() or None
    if isinstance(value, list):
        return [marks.restore(str(item)).strip() for item in value if str(item).strip()]
    return value


def extract_article(
    body: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    timezone: str | None = None,
    published_hint: str | None = None,
) -> Article:
    """Extract the article of one HTML page.

    ``timezone`` (IANA) is where the site publishes: times without a zone are read in it and
    the reported ``date`` is the local calendar date. ``published_hint`` is an ISO date or
    datetime from a news sitemap and wins over everything on the page.
    """
    zone(timezone)  # fail early on an unknown zone name
    charset: str | None = None
    if isinstance(body, bytes):
        html, charset = decode_html(_decompress(body), content_type)
    else:
        html = body
    page = load_html(html)
    if page is None:
        return Article(url=url, title=None, text="", date=None, charset=charset)

    working = load_html(marks.protect(html))
    chrome.strip_chrome(working)
    document = _run_trafilatura(working, url)
    rendered = render_body(document.body if document is not None else None)
    blocks = chrome.drop_chrome_lines(rendered.blocks)
    text = "\n\n".join(blocks)

    doc = document.as_dict() if document is not None else {}
    doc = {key: _restored(value) for key, value in doc.items()}
    site_names = meta.site_names(page) + ([doc["sitename"]] if doc.get("sitename") else [])
    title = choose_title(page, url, fallback=doc.get("title"), extra_names=site_names)
    title_key = normalize_for_matching(title or "")
    kept = set(blocks)
    headings = [
        h
        for h in rendered.headings
        if any(h == " ".join(b.split()) for b in kept) and normalize_for_matching(h) != title_key
    ]

    found = (
        pagedates.declared_published(page, timezone, published_hint)
        or pagedates.htmldate_finding(doc.get("date"), html)
        or pagedates.visible_published(page, text)
    )
    return Article(
        url=url,
        title=title,
        text=text,
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_confidence=found.confidence if found else None,
        modified=pagedates.modified(page, timezone),
        author=find_author(page, text, doc.get("author"), site_names),
        language=_language(text, page),
        sitename=doc.get("sitename") or (site_names[0] if site_names else None),
        description=doc.get("description"),
        canonical_url=meta.canonical_url(page) or doc.get("url"),
        image=doc.get("image"),
        categories=doc.get("categories") or [],
        tags=doc.get("tags") or [],
        headings=headings,
        word_count=_word_count(text),
        charset=charset,
    )
