"""One page in, one ``Article`` out: decode, parse once, strip chrome, trafilatura, metadata.

The page is parsed once. What chrome removal would change (page-kind link counts, declared
dates) is read first; the chrome is then removed from the same tree, which trafilatura
copies for its own work; the remaining metadata is read from it afterwards.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

import py3langid
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from arshif.extract import chrome, describe, meta, pagedates, pagekind
from arshif.extract.byline import find_author
from arshif.extract.charset import decode_html
from arshif.extract.dates import zone
from arshif.extract.lone_paragraph import keep_lone_paragraph
from arshif.extract.maintext import extract_main
from arshif.extract.title import choose_title
from arshif.textnorm import normalize_for_matching

# Bump when the output for some page changes, so stored extractions can be told apart.
# 2: page kind, section, sources, date originals; headline no longer repeated in the text;
#    <br><br> paragraphs split.
EXTRACTOR_VERSION = 2
EXTRACTOR = f"arshif-extract/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"

# Fewer letters than this and language identification is a guess; use the page's lang then.
_MIN_LANGID_CHARS = 40
# The language of a page is plain from its first few thousand characters; scoring a long
# article whole costs more than the rest of the metadata.
_LANGID_SAMPLE_CHARS = 600
_TOKEN = re.compile(r"\S+")
_NO_WORD_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")


class SiteChromeFilter(Protocol):
    """What ``extract_article`` needs of a per-site chrome model (``site_chrome.SiteChrome``)."""

    def filter_blocks(self, blocks: list[str]) -> list[str]: ...


@dataclass
class Article:
    url: str | None
    title: str | None
    text: str  # blocks (paragraphs, subheadings) separated by one blank line
    date: str | None  # YYYY-MM-DD, publisher's local calendar date of publication
    date_source: str | None = None
    date_confidence: float | None = None
    modified: str | None = None  # YYYY-MM-DD, last modification as declared; never the date
    author: str | None = None
    language: str | None = None
    sitename: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    image: str | None = None  # lead image URL
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    word_count: int = 0
    charset: str | None = None
    extractor: str = EXTRACTOR
    # "article", "section" (index page), "media" (video/gallery) or "stub" (error page, soft
    # 404, paywall, anti-bot challenge, near-empty); only articles are article text.
    page_kind: str = "article"
    page_kind_reason: str = ""
    section: str | None = None
    # The publication date as the page writes it, and its calendar ("gregorian", "hijri"):
    # a Hijri date is converted for ``date`` and kept as written here.
    date_original: str | None = None
    date_calendar: str | None = None
    # Where each metadata field was read ("date": "meta", "section": "json-ld:articleSection"…).
    sources: dict[str, str] = field(default_factory=dict)
    chrome_model: str | None = None  # name of the per-site chrome model applied, if any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _language(text: str, tree: HtmlElement) -> str | None:
    sample = text[:_LANGID_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters >= _MIN_LANGID_CHARS:
        code, _ = py3langid.classify(sample)
        return str(code)
    return meta.html_lang(tree)


def _word_count(text: str) -> int:
    # Whitespace-separated tokens holding a letter or digit ("–" and "/" are no words):
    # all tokens, less those without any, each counted by one regex pass.
    return len(_TOKEN.findall(text)) - len(_NO_WORD_TOKEN.findall(text))


def _key(text: str) -> str:
    return " ".join(text.split())


# A headline this long is not a phrase an article would also use as a paragraph of its own.
_HEADLINE_MIN_WORDS = 4


def _without_headline(blocks: list[str], title: str | None) -> list[str]:
    """The blocks without the headline, which is the title field: as the opening block, or
    anywhere when it is a real headline (trafilatura sometimes slots the <h1> between the
    paragraphs of a body it assembled from several containers)."""
    if not blocks or not title:
        return blocks
    key = normalize_for_matching(title)
    anywhere = len(key.split()) >= _HEADLINE_MIN_WORDS
    # Only blocks of about the title's length are normalised (normalising seldom lengthens).
    longest, shortest = 2 * len(title) + 10, len(key) // 2

    def headline(index: int, block: str) -> bool:
        if (index > 0 and not anywhere) or not shortest <= len(block) <= longest:
            return False
        return normalize_for_matching(block) == key

    return [block for index, block in enumerate(blocks) if not headline(index, block)]


def _with_blocks(
    article: Article, blocks: list[str], site_chrome: SiteChromeFilter | None
) -> Article:
    if site_chrome is not None:
        blocks = site_chrome.filter_blocks(blocks)
    kept = {_key(block) for block in blocks}
    text = "\n\n".join(blocks)
    return replace(
        article,
        text=text,
        headings=[h for h in article.headings if h in kept],
        word_count=_word_count(text),
        chrome_model=getattr(site_chrome, "name", None),
    )


def refilter(article: Article, site_chrome: SiteChromeFilter | None) -> Article:
    """``article`` with ``site_chrome`` applied to its text blocks, without re-extracting.

    ``refilter(extract_article(page), model)`` equals ``extract_article(page,
    site_chrome=model)``: the model sees the blocks after the generic chrome removal.
    """
    blocks = [block for block in article.text.split("\n\n") if block.strip()]
    return _with_blocks(article, blocks, site_chrome)


def _sources(**found: Any) -> dict[str, str]:
    return {name: item.source for name, item in found.items() if item is not None}


def extract_article(
    body: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    timezone: str | None = None,
    published_hint: str | None = None,
    *,
    site_chrome: SiteChromeFilter | None = None,
    status: int | None = None,
) -> Article:
    """Extract the article of one HTML page.

    ``timezone`` (IANA) is where the site publishes: times without a zone are read in it and
    the reported ``date`` is the local calendar date. ``published_hint`` is an ISO date or
    datetime from a news sitemap and wins over everything on the page. ``site_chrome`` (a
    per-site model with ``filter_blocks``) removes the site's learned chrome blocks after the
    generic removal. ``status`` is the HTTP status, when known (an error status is a stub).
    Raises ValueError for an unknown timezone name.
    """
    zone(timezone)  # fail early on an unknown zone name
    charset: str | None = None
    if isinstance(body, bytes):
        html, charset = decode_html(body, content_type)
    else:
        html = body
    page = load_html(html)
    if page is None:
        empty = Article(url=url, title=None, text="", date=None, charset=charset)
        return replace(
            empty,
            page_kind="stub",
            page_kind_reason="no HTML",
            chrome_model=getattr(site_chrome, "name", None),
        )
    # Read before chrome removal edits the tree: links of related boxes count for the page
    # kind, and dates are read as the page declares them.
    signals = pagekind.signals(page)
    published = pagedates.declared_published(page, timezone, published_hint)
    modified = pagedates.modified(page, timezone)
    section = describe.declared_section(page)
    trails = [] if section else describe.breadcrumbs(page)
    chrome.strip_chrome(page, html)
    main = extract_main(page, html, url)
    doc = main.metadata

    site_names = meta.site_names(page) + ([doc["sitename"]] if doc.get("sitename") else [])
    title = choose_title(page, url, fallback=doc.get("title"), extra_names=site_names)
    blocks = keep_lone_paragraph(page, _without_headline(main.blocks, title))
    text = "\n\n".join(blocks)
    kind, kind_reason = pagekind.classify(signals, blocks, page, title, url, status)
    found = (
        published
        or pagedates.htmldate_finding(doc.get("date"), html, modified)
        or pagedates.visible_published(page, text)
    )
    categories = doc.get("categories") or []
    section = section or describe.trail_section(trails, title, categories)
    tags = describe.tags(page, doc.get("tags") or [])
    image = describe.image(page, url, doc.get("image"))
    canonical = describe.canonical(page, url, doc.get("url"))
    title_key = normalize_for_matching(title or "")
    article = Article(
        url=url,
        title=title,
        text=text,
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_confidence=found.confidence if found else None,
        modified=modified.date if modified else None,
        author=find_author(
            page, text, doc.get("author"), site_names, arabic=chrome.may_be_arabic(html)
        ),
        language=_language(text, page),
        sitename=doc.get("sitename") or (site_names[0] if site_names else None),
        description=doc.get("description"),
        canonical_url=canonical.value if canonical else None,
        image=image.value if image else None,
        categories=categories,
        tags=tags.value if tags else [],
        # A heading that repeats the headline is the headline, not a subheading.
        headings=[h for h in main.headings if normalize_for_matching(h) != title_key],
        charset=charset,
        page_kind=kind,
        page_kind_reason=kind_reason,
        section=section.value if section else None,
        date_original=found.original if found else None,
        date_calendar=found.calendar if found else None,
        sources=_sources(
            date=found,
            modified=modified,
            section=section,
            tags=tags,
            image=image,
            canonical_url=canonical,
        ),
    )
    return _with_blocks(article, blocks, site_chrome)
