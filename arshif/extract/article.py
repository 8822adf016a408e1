"""One page in, one ``Article`` out: decode, strip chrome, trafilatura, Arabic metadata."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import py3langid
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from arshif.extract import chrome, marks, meta, pagedates
from arshif.extract.body import render_body
from arshif.extract.byline import find_author
from arshif.extract.charset import decode_html
from arshif.extract.chrome_lines import drop_chrome_lines
from arshif.extract.dates import zone
from arshif.extract.title import choose_title
from arshif.textnorm import normalize_for_matching

# Bump when the output for some page changes, so stored extractions can be told apart.
EXTRACTOR_VERSION = 1
EXTRACTOR = f"arshif-extract/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"

# Measured with tests/extract/benchmark.py on ../shared/eval: ScrapingHub shingle F1 0.964
# with precision vs 0.960 without (the three Arabic pages score the same either way).
FAVOR_PRECISION = True

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


def _language(text: str, tree: HtmlElement) -> str | None:
    letters = sum(1 for ch in text if ch.isalpha())
    if letters >= _MIN_LANGID_CHARS:
        code, _ = py3langid.classify(text)
        return str(code)
    return meta.html_lang(tree)


def _word_count(text: str) -> int:
    return sum(1 for token in text.split() if _WORD.search(token))


def _run_trafilatura(tree: HtmlElement, url: str | None) -> Any:
    options: dict[str, Any] = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        # Keeps <hi> (bold) in the body tree, so a bold-only paragraph can be read as the
        # subheading it is on many Arabic CMSs; the stored text is rendered without markup.
        "include_formatting": True,
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


@dataclass
class _MainText:
    text: str
    headings: list[str]
    metadata: dict[str, Any]  # trafilatura's metadata fields, marks restored


def _main_text(html: str, url: str | None) -> _MainText:
    """Chrome stripped, trafilatura run, body rendered into blocks."""
    working = load_html(marks.protect(html))
    if working is None:
        return _MainText("", [], {})
    chrome.strip_chrome(working)
    document = _run_trafilatura(working, url)
    if document is None:
        return _MainText("", [], {})
    rendered = render_body(document.body)
    blocks = drop_chrome_lines(rendered.blocks)
    kept = {" ".join(block.split()) for block in blocks}
    metadata = {key: _restored(value) for key, value in document.as_dict().items()}
    headings = [h for h in rendered.headings if h in kept]
    return _MainText("\n\n".join(blocks), headings, metadata)


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
    datetime from a news sitemap and wins over everything on the page. Raises ValueError for
    an unknown timezone name.
    """
    zone(timezone)  # fail early on an unknown zone name
    charset: str | None = None
    if isinstance(body, bytes):
        html, charset = decode_html(body, content_type)
    else:
        html = body
    # Metadata is read from an untouched tree; the text from a protected, chrome-free copy.
    page = load_html(html)
    if page is None:
        return Article(url=url, title=None, text="", date=None, charset=charset)
    main = _main_text(html, url)
    doc = main.metadata

    site_names = meta.site_names(page) + ([doc["sitename"]] if doc.get("sitename") else [])
    title = choose_title(page, url, fallback=doc.get("title"), extra_names=site_names)
    title_key = normalize_for_matching(title or "")
    found = (
        pagedates.declared_published(page, timezone, published_hint)
        or pagedates.htmldate_finding(doc.get("date"), html)
        or pagedates.visible_published(page, main.text)
    )
    return Article(
        url=url,
        title=title,
        text=main.text,
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_confidence=found.confidence if found else None,
        modified=pagedates.modified(page, timezone),
        author=find_author(page, main.text, doc.get("author"), site_names),
        language=_language(main.text, page),
        sitename=doc.get("sitename") or (site_names[0] if site_names else None),
        description=doc.get("description"),
        canonical_url=meta.canonical_url(page) or doc.get("url"),
        image=doc.get("image"),
        categories=doc.get("categories") or [],
        tags=doc.get("tags") or [],
        # A heading that repeats the headline is the headline, not a subheading.
        headings=[h for h in main.headings if normalize_for_matching(h) != title_key],
        word_count=_word_count(main.text),
        charset=charset,
    )
