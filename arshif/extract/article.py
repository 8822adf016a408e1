"""One page in, one ``Article`` out: decode, parse once, strip chrome, trafilatura, metadata.

The page is parsed once. What chrome removal would change (page-kind link counts, declared
dates, breadcrumbs) is read first; the chrome is then removed from the same tree, which
trafilatura copies for its own work; the rest of the metadata is read from it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import py3langid
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from arshif.extract import chrome, describe, meta, pagedates, pagekind, visibledates
from arshif.extract.byline import find_author
from arshif.extract.charset import decode_html
from arshif.extract.dates import zone
from arshif.extract.lone_paragraph import keep_lone_paragraph
from arshif.extract.maintext import MainText, extract_main
from arshif.extract.prose_guard import guard_prose
from arshif.extract.record import (
    EXTRACTOR,
    EXTRACTOR_VERSION,
    Article,
    Dropped,
    SiteChromeFilter,
    dropped_blocks,
    refilter,
    with_blocks,
)
from arshif.extract.title import choose_title
from arshif.textnorm import normalize_for_matching

__all__ = [
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "Article",
    "SiteChromeFilter",
    "extract_article",
    "refilter",
]

# Fewer letters than this and language identification is a guess; use the page's lang then.
_MIN_LANGID_CHARS = 40
# An article's language is plain from its first few hundred characters, and py3langid's
# cost grows with the text: a long article scored whole costs more than all other metadata.
_LANGID_SAMPLE_CHARS = 400
# A headline this long is not a phrase an article would also use as a paragraph of its own.
_HEADLINE_MIN_WORDS = 4


def load_language_model() -> None:
    """Loads py3langid's model now rather than at the first article (an LZMA file: about a
    second). A process that forks extraction workers calls it first, so that they share one."""
    py3langid.classify("")


def _language(text: str, tree: HtmlElement) -> str | None:
    sample = text[:_LANGID_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters >= _MIN_LANGID_CHARS:
        code, _ = py3langid.classify(sample)
        return str(code)
    return meta.html_lang(tree)


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


@dataclass(frozen=True)
class _Untouched:
    """What is read from the page before chrome removal edits it: links of related boxes
    count for the page kind, dates are read as declared, breadcrumbs may look like chrome."""

    signals: pagekind.Signals
    published: pagedates.DateFinding | None
    modified: pagedates.DateFinding | None
    section: describe.Found | None
    trails: list[tuple[list[str], str]]


def _read_untouched(
    page: HtmlElement,
    html: str,
    timezone: str | None,
    published_hint: str | None,
    captured: datetime,
) -> _Untouched:
    section = describe.declared_section(page)
    return _Untouched(
        signals=pagekind.signals(page),
        published=pagedates.declared_published(page, timezone, published_hint, captured),
        modified=pagedates.modified(page, timezone),
        section=section,
        trails=[] if section else describe.breadcrumbs(page, html),
    )


def _published(
    page: HtmlElement,
    html: str,
    url: str | None,
    text: str,
    before: _Untouched,
    main: MainText,
    captured: datetime,
) -> pagedates.DateFinding | None:
    """The publication date: declared, else htmldate's, else printed on the page, else
    htmldate's extensive search (as bare trafilatura); never a day after the capture."""
    if before.published:
        return before.published
    today = captured.astimezone(UTC).date()
    declared = pagedates.declares_publication(page)
    finders = (
        lambda: pagedates.htmldate_finding(
            main.metadata.get("date"), html, before.modified, declared
        ),
        lambda: visibledates.headline_published(page, today),
        lambda: visibledates.visible_published(page, text, today),
        lambda: visibledates.extensive_htmldate(
            page, html, url, captured, before.modified, declared
        ),
    )
    for finder in finders:
        found = finder()
        if found and not pagedates.after_capture(date.fromisoformat(found.date), captured):
            return found
    return None


def _sources(**found: Any) -> dict[str, str]:
    return {name: item.source for name, item in found.items() if item is not None}


@dataclass(frozen=True)
class _Described:
    """What the page says about the article besides its text, each with where it was found."""

    section: describe.Found | None
    tags: describe.Found | None
    image: describe.Found | None
    canonical: describe.Found | None


def _describe(
    page: HtmlElement, url: str | None, doc: Any, before: _Untouched, title: str | None
) -> _Described:
    categories = doc.get("categories") or []
    return _Described(
        section=before.section or describe.trail_section(before.trails, title, categories),
        tags=describe.tags(page, lambda: doc.get("tags") or []),
        image=describe.image(page, url, doc.get("image")),
        canonical=describe.canonical(page, url, doc.get("url")),
    )


def _blocks(
    page: HtmlElement, main: MainText, title: str | None, removed: list[Dropped]
) -> tuple[list[str], list[Dropped]]:
    """The text's blocks (headline taken out, a lone paragraph kept), and every block dropped
    on the way with its rule."""
    unheaded = _without_headline(main.blocks, title)
    blocks = keep_lone_paragraph(page, unheaded)
    dropped = [
        *removed,
        *main.dropped,
        *dropped_blocks(main.blocks, unheaded, "headline"),
        *dropped_blocks(unheaded, blocks, "lone-paragraph"),
    ]
    return blocks, dropped


def _article(
    page: HtmlElement,
    html: str,
    url: str | None,
    status: int | None,
    before: _Untouched,
    main: MainText,
    captured: datetime,
    removed: list[Dropped],
) -> Article:
    """The article of a chrome-free ``page``, its text not yet through a site model.
    ``removed``: what chrome removal took from the page, with the rules that took it."""
    doc = main.metadata
    site_names = meta.site_names(page) + ([doc["sitename"]] if doc.get("sitename") else [])
    title = choose_title(page, url, fallback=doc.get("title"), extra_names=site_names)
    blocks, dropped = _blocks(page, main, title, removed)
    text = "\n\n".join(blocks)
    kind, kind_reason = pagekind.classify(before.signals, blocks, page, title, url, status)
    found = _published(page, html, url, text, before, main, captured)
    described = _describe(page, url, doc, before, title)
    title_key = normalize_for_matching(title or "")
    author = find_author(
        page, text, lambda: doc.get("author"), site_names, arabic=chrome.may_be_arabic(html)
    )
    return Article(
        url=url,
        title=title,
        text=text,
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_confidence=found.confidence if found else None,
        modified=before.modified.date if before.modified else None,
        author=author,
        language=_language(text, page),
        sitename=doc.get("sitename") or (site_names[0] if site_names else None),
        description=doc.get("description"),
        canonical_url=described.canonical.value if described.canonical else None,
        image=described.image.value if described.image else None,
        categories=doc.get("categories") or [],
        tags=described.tags.value if described.tags else [],
        # A heading that repeats the headline is the headline, not a subheading.
        headings=[h for h in main.headings if normalize_for_matching(h) != title_key],
        page_kind=kind,
        page_kind_reason=kind_reason,
        section=described.section.value if described.section else None,
        date_original=found.original if found else None,
        date_calendar=found.calendar if found else None,
        sources=_sources(
            date=found,
            modified=before.modified,
            section=described.section,
            tags=described.tags,
            image=described.image,
            canonical_url=described.canonical,
        ),
        dropped=dropped,
    )


def extract_article(
    body: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    timezone: str | None = None,
    published_hint: str | None = None,
    *,
    site_chrome: SiteChromeFilter | None = None,
    status: int | None = None,
    captured_at: datetime | None = None,
) -> Article:
    """Extract the article of one HTML page.

    ``timezone`` (IANA) is where the site publishes: times without a zone are read in it and
    the reported ``date`` is the local calendar date. ``published_hint`` is an ISO date or
    datetime from a news sitemap and wins over everything on the page. ``site_chrome`` (a
    per-site model with ``filter_blocks``) removes the site's learned chrome blocks after the
    generic removal. ``status`` is the HTTP status, when known (an error status is a stub).
    ``captured_at`` (aware) is when the page was fetched, the current time if not given: no
    date after it is reported.
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
        article = Article(url=url, title=None, text="", date=None, charset=charset)
        article = replace(article, page_kind="stub", page_kind_reason="no HTML")
        return with_blocks(article, [], site_chrome)
    captured = captured_at or datetime.now(UTC)
    if captured.tzinfo is None:
        raise ValueError("captured_at must be timezone-aware (e.g. 2024-03-07T10:00:00+00:00)")
    before = _read_untouched(page, html, timezone, published_hint, captured)
    removed: list[Dropped] = []
    chrome.strip_chrome(page, html, removed)
    guard_prose(page)
    main = extract_main(page, html, url)
    article = _article(page, html, url, status, before, main, captured, removed)
    article = replace(article, charset=charset)
    blocks = article.text.split("\n\n") if article.text else []
    return with_blocks(article, blocks, site_chrome)
