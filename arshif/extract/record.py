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

# Site chrome may take at most this share of an article's text (issue 15: a model that had
# learned an article's own paragraphs as chrome erased it whole)…
MAX_CHROME_SHARE = 0.5
# …nor leave less than the shortest news brief (pagekind.py) of a text that was longer, once
# it takes more than this share: a short story in a site's template loses a slogan and a
# prompt (a quarter of it, say) and stays what it was; one that loses over a third of its text
# to the model has probably lost a paragraph of its own.
BRIEF_CHARS = 300
BRIEF_CHROME_SHARE = 1 / 3

_TOKEN = re.compile(r"\S+")
_NO_WORD_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")


# The rule names a paragraph can be dropped by, relative to trafilatura's own output (see
# ``Dropped``); tests/extract/test_extract_dropped.py checks every drop carries one of these.
RULES = {
    "chrome-class": "an element whose class or id names it chrome (ticker, share, related, ad…)",
    "chrome-box": "a box opened by a chrome label (اقرأ أيضا, عاجل, شارك…) with its links",
    "masthead": "a masthead credit (رئيس التحرير…) and the name printed under it",
    "chrome-line": "a whole block that is a lone chrome label, a disclaimer or a credit",
    "headline": "the headline, which is the title field, repeated as a block",
    "lone-paragraph": "a block outside the container of a one-paragraph article",
    "site-chrome": "a block the site's learned chrome model names as chrome",
    # Named by bench/dropped.py when trafilatura, on the chrome-free page, leaves out a line
    # whose text is in the record all the same:
    "byline": "a short line holding the author field's name (the author field keeps it)",
}


@dataclass(frozen=True)
class Dropped:
    """A piece of text removed from the article, and the rule that removed it."""

    text: str
    rule: str  # a key of RULES


def dropped_blocks(before: list[str], after: list[str], rule: str) -> list[Dropped]:
    """The blocks of ``before`` that ``after`` no longer holds, each named with ``rule``."""
    if len(after) == len(before):
        return []
    kept = {_key(block) for block in after}
    return [Dropped(block, rule) for block in before if _key(block) not in kept]


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
    # Why the model's filtering was not applied, when it would have taken most of the article.
    chrome_skipped: str | None = None
    # What the extractor removed from trafilatura's text, each with the rule that removed it.
    # Kept out of ``to_dict`` (and so out of stored records): it is for tests and diagnosis.
    dropped: list[Dropped] = field(default_factory=list, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        del record["dropped"]
        return record


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
    word count follow, everything read from the page stays. When the model would take most of
    an article, the text stays unfiltered and ``chrome_skipped`` says why."""
    skipped = None
    dropped = list(article.dropped)
    if site_chrome is not None:
        filtered = site_chrome.filter_blocks(blocks)
        if article.page_kind == "article":
            skipped = chrome_takes_too_much(blocks, filtered, getattr(site_chrome, "name", None))
        if not skipped:
            dropped += dropped_blocks(blocks, filtered, "site-chrome")
            blocks = filtered
    kept = {_key(block) for block in blocks} if article.headings else set()
    text = "\n\n".join(blocks)
    return replace(
        article,
        text=text,
        headings=[h for h in article.headings if h in kept],
        word_count=word_count(text),
        chrome_model=getattr(site_chrome, "name", None),
        chrome_skipped=skipped,
        dropped=dropped,
    )


def chrome_takes_too_much(blocks: list[str], filtered: list[str], model: str | None) -> str | None:
    """Why filtering ``blocks`` down to ``filtered`` must not happen, or None when it may:
    chrome is the small part of an article around its text, never most of it."""
    before, after = _chars(blocks), _chars(filtered)
    if not before:
        return None
    name = f"site chrome model {model}" if model else "the site chrome model"
    if before - after > MAX_CHROME_SHARE * before:
        return (f"{name} would remove {before - after} of the text's {before} characters "
                f"(more than {MAX_CHROME_SHARE:.0%}): the text is kept unfiltered")
    if after < BRIEF_CHARS <= before and before - after > BRIEF_CHROME_SHARE * before:
        return (f"{name} would leave {after} characters of {before}, less than a brief "
                f"({BRIEF_CHARS}): the text is kept unfiltered")
    return None


def _chars(blocks: list[str]) -> int:
    """Characters of text, whitespace aside: what a reader reads."""
    return sum(len("".join(block.split())) for block in blocks)


def refilter(article: Article, site_chrome: SiteChromeFilter | None) -> Article:
    """``article`` with ``site_chrome`` applied to its text blocks, without re-extracting.

    ``refilter(extract_article(page), model)`` equals ``extract_article(page,
    site_chrome=model)``: the model sees the blocks after the generic chrome removal.
    """
    blocks = [block for block in article.text.split("\n\n") if block.strip()]
    return with_blocks(article, blocks, site_chrome)
