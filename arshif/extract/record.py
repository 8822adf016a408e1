"""The ``Article`` record, and how its text follows a per-site chrome model (``refilter``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

import trafilatura

# Bump when the output for some page changes, so stored extractions can be told apart.
# 2: page kind, section, sources, date originals; headline no longer repeated in the text;
#    <br><br> paragraphs split.
# 3: the publisher's day when the page restates a UTC time with its offset; dates beside the
#    headline; htmldate's extensive search as the last resort; no date after the capture.
EXTRACTOR_VERSION = 3
EXTRACTOR = f"arshif-extract/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"

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
    # "article", "section" (index page), "media" (video/gallery), "challenge" (an anti-bot
    # challenge in place of the page: a failed fetch) or "stub" (error page, soft 404, paywall,
    # near-empty); only articles are article text.
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


def word_count(text: str) -> int:
    """Words of a text: whitespace-separated tokens holding a letter or digit."""
    # All tokens, less those without any letter or digit ("–", "/"): one regex pass each.
    return len(_TOKEN.findall(text)) - len(_NO_WORD_TOKEN.findall(text))


def _key(text: str) -> str:
    return " ".join(text.split())


def with_blocks(
    article: Article, blocks: list[str], site_chrome: SiteChromeFilter | None
) -> Article:
    """``article`` whose text is ``blocks`` (after ``site_chrome``, when given): headings and
    word count follow, everything read from the page stays."""
    if site_chrome is not None:
        blocks = site_chrome.filter_blocks(blocks)
    kept = {_key(block) for block in blocks} if article.headings else set()
    text = "\n\n".join(blocks)
    return replace(
        article,
        text=text,
        headings=[h for h in article.headings if h in kept],
        word_count=word_count(text),
        chrome_model=getattr(site_chrome, "name", None),
    )


def refilter(article: Article, site_chrome: SiteChromeFilter | None) -> Article:
    """``article`` with ``site_chrome`` applied to its text blocks, without re-extracting.

    ``refilter(extract_article(page), model)`` equals ``extract_article(page,
    site_chrome=model)``: the model sees the blocks after the generic chrome removal.
    """
    blocks = [block for block in article.text.split("\n\n") if block.strip()]
    return with_blocks(article, blocks, site_chrome)
