"""Short Arabic briefs (300–600 characters) come out whole and clean, in realistic templates.

trafilatura's size thresholds (MIN_EXTRACTED_SIZE 250, the recall fallbacks) are where a brief
can be dropped, cut or padded with chrome; each brief here sits in a full site template with a
ticker, share row, tags, a "read also" box of teasers, a most-read list and a footer.
"""

from __future__ import annotations

import re

import pytest
from site_pages import BRIEFS, CHROME_LINES, SECTION_CARDS, Brief, brief_page

from arshif.extract import extract_article

VARIANTS = {
    "classed": {"classed": True},
    "plain-classes": {"classed": False},
    "br-paragraphs": {"classed": True, "body_markup": "br"},
    "plain-br": {"classed": False, "body_markup": "br"},
    # A one-paragraph brief used to come out followed by these teasers (trafilatura falls
    # through to the page column when a body container yields one element).
    "teaser-box": {"classed": True, "teasers": True},
    "plain-teaser-box": {"classed": False, "teasers": True},
    "div-per-paragraph": {"body_markup": "divs", "teasers": True},
}


def test_brief_lengths() -> None:
    lengths = sorted(len(brief.text) for brief in BRIEFS.values())
    assert lengths[0] >= 290 and lengths[-1] <= 640
    assert any(len(brief.paragraphs) == 1 for brief in BRIEFS.values())


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", sorted(BRIEFS))
def test_brief_whole_and_clean(name: str, variant: str) -> None:
    brief: Brief = BRIEFS[name]
    html = brief_page(brief, **VARIANTS[variant])
    article = extract_article(html.encode("utf-8"), url=f"https://{brief.site.host}/news/5501")
    # Exactly the brief: every paragraph, in order, as its own block; nothing else.
    assert article.text == brief.text
    for line in CHROME_LINES + [teaser for _, teaser in SECTION_CARDS]:
        assert line not in article.text, line
    assert article.title == brief.title
    assert article.page_kind == "article", article.page_kind_reason
    # Words, not dashes: "دبي – الخليج اليوم" is three words.
    assert article.word_count == len([w for w in brief.text.split() if re.search(r"\w", w)])
    assert article.headings == []
    assert article.language == "ar"


def test_single_paragraph_brief_is_one_block() -> None:
    brief = BRIEFS["egypt-300"]
    article = extract_article(brief_page(brief), url=f"https://{brief.site.host}/news/5501")
    assert article.text.split("\n\n") == list(brief.paragraphs)


def test_brief_metadata() -> None:
    brief = BRIEFS["gulf-400"]
    article = extract_article(
        brief_page(brief), url=f"https://{brief.site.host}/news/5501", timezone="Asia/Dubai"
    )
    assert article.date == "2024-11-14"
    assert article.section == brief.section
    assert article.tags == list(brief.tags)
    assert article.image == f"https://{brief.site.host}/img/lead.jpg"
    assert article.canonical_url == f"https://{brief.site.host}/news/5501"
