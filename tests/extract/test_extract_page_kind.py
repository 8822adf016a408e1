"""Page kind: article, section (index), media (video/gallery) or stub, each with its reason."""

from __future__ import annotations

import pytest
from extract_pages import seed_page
from site_pages import (
    BRIEFS,
    CHALLENGE_PAGE,
    VIDEO_DESCRIPTION,
    brief_page,
    home_page,
    not_found_page,
    paywall_page,
    section_page,
    video_page,
)

from arshif.extract import extract_article

SECTION_URL = "https://bawabet-elnil.example/section/economy"


def _kind(html: str, **kwargs: object) -> tuple[str, str]:
    article = extract_article(html, **kwargs)  # type: ignore[arg-type]
    assert article.page_kind_reason, "every kind comes with its reason"
    return article.page_kind, article.page_kind_reason


@pytest.mark.parametrize("teasers", [1, 3, 10], ids=["one-line", "short", "long-teasers"])
def test_arabic_section_page(teasers: int) -> None:
    kind, reason = _kind(section_page(teaser_repeat=teasers), url=SECTION_URL)
    assert kind == "section"
    assert "headline links" in reason


def test_long_teasers_at_an_article_address_are_not_a_section() -> None:
    # Without a listing address, a page whose text is long prose stays an article: a
    # three-word headline ("Royal Self-Indicting Arrogance") is no section name.
    url = "https://bawabet-elnil.example/news/2024/11/12/economy-plan-1234567"
    assert _kind(section_page(teaser_repeat=10), url=url)[0] == "article"


def test_home_page_with_a_featured_story() -> None:
    # The featured teaser is as long as a brief, and the title the featured headline: only
    # the address tells this index page from the brief itself.
    kind, reason = _kind(home_page(), url="https://bawabet-elnil.example/")
    assert kind == "section" and "https://bawabet-elnil.example/" in reason


def test_declared_collection_page() -> None:
    assert _kind(section_page(declared=True))[0] == "section"


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({}, "og:type video.other"),
        ({"player": "video"}, "og:type video.other"),
        ({"og_type": "article"}, "video player"),
    ],
    ids=["og-video-iframe", "og-video-tag", "player-only"],
)
def test_video_page(options: dict[str, str], why: str) -> None:
    article = extract_article(video_page(**options), url="https://khaleej-today.example/news/881")
    assert article.page_kind == "media"
    assert why in article.page_kind_reason
    # The page is archived all the same, its description kept.
    assert VIDEO_DESCRIPTION in article.text


def test_soft_404_with_status_200() -> None:
    kind, reason = _kind(not_found_page(), status=200)
    assert kind == "stub"
    assert reason.startswith("error page")


def test_error_status() -> None:
    assert _kind(seed_page(), status=404) == ("stub", "HTTP status 404")


def test_anti_bot_challenge() -> None:
    kind, reason = _kind(CHALLENGE_PAGE)
    assert kind == "challenge" and "challenge" in reason


def test_anti_bot_challenge_by_its_markup() -> None:
    html = ('<html><head><title>www.example.com</title></head><body><div id="cf-turnstile-wrapper">'
            '<form id="challenge-form" action="/?__cf_chl_f_tk=x"></form></div>'
            '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>')
    kind, reason = _kind(html)
    assert kind == "challenge" and "markup" in reason


def test_paywall() -> None:
    kind, reason = _kind(paywall_page())
    assert kind == "stub" and reason.startswith("paywall")


def test_near_empty_page() -> None:
    html = '<html lang="ar"><head><title>خبر</title></head><body><p>قريبا</p></body></html>'
    kind, reason = _kind(html)
    assert kind == "stub" and reason.startswith("near-empty")


def test_no_html_at_all() -> None:
    article = extract_article(b"")
    assert article.page_kind == "stub"


@pytest.mark.parametrize("name", sorted(BRIEFS))
def test_short_brief_is_an_article(name: str) -> None:
    assert _kind(brief_page(BRIEFS[name]))[0] == "article"


def test_one_line_breaking_news_is_an_article() -> None:
    # "عاجل.." items are a sentence long and still articles, in their full template.
    sentence = (
        "عاجل.. الرئاسة تعلن عقد قمة ثلاثية في القاهرة الأسبوع المقبل بمشاركة قادة الأردن والعراق"
    )
    html = seed_page(nested=True)
    start = html.index('<div class="article-body">')
    end = html.index('<div class="related-news">')
    html = html[:start] + f'<div class="article-body"><p>{sentence}</p></div>' + html[end:]
    article = extract_article(html)
    assert sentence in article.text
    assert article.page_kind == "article", article.page_kind_reason


@pytest.mark.parametrize("options", [{}, {"plain": True, "nested": True}])
def test_seed_is_an_article(options: dict[str, bool]) -> None:
    assert _kind(seed_page(**options))[0] == "article"


def test_article_mentioning_an_error_is_an_article() -> None:
    html = seed_page().replace(
        "أكدت روسيا اليوم الخميس",
        "قالت الوزارة إن الصفحة غير موجودة على موقعها، وأكدت روسيا اليوم الخميس",
    )
    assert _kind(html)[0] == "article"
