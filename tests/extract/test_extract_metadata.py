"""Metadata an archivist can cite: section, tags, lead image, canonical URL, modified date and
the date as written (Hijri kept), each with where it was read."""

from __future__ import annotations

import json

import pytest
from extract_pages import seed_page

from arshif.extract import Article, extract_article

URL = "https://mwatan.news/900419"


def _with_head(extra: str, **options: object) -> str:
    return seed_page(**options).replace("</head>", f"{extra}</head>")  # type: ignore[arg-type]


def _jsonld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _extract(html: str, **kwargs: object) -> Article:
    return extract_article(html, url=URL, timezone="Africa/Cairo", **kwargs)  # type: ignore[arg-type]


# --- section ---------------------------------------------------------------------------


def test_section_from_article_section_meta() -> None:
    article = _extract(_with_head('<meta property="article:section" content="سياسة خارجية">'))
    assert article.section == "سياسة خارجية"
    assert article.sources["section"] == "meta:article:section"


def test_section_from_jsonld() -> None:
    article = _extract(_with_head(_jsonld(articleSection=["عربي ودولي", "أفريقيا"])))
    assert (article.section, article.sources["section"]) == ("عربي ودولي", "json-ld:articleSection")


def test_section_from_jsonld_breadcrumbs() -> None:
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "name": "الرئيسية",
                "item": "https://mwatan.news/",
            },
            {
                "@type": "ListItem",
                "position": 2,
                "name": "أخبار العالم",
                "item": "https://mwatan.news/w",
            },
            {
                "@type": "ListItem",
                "position": 3,
                "name": "روسيا تعلن استعدادها للتعاون العسكري مع دول غرب أفريقيا بعد طرد القوات الفرنسية",
            },
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>'
    article = _extract(_with_head(script))
    assert (article.section, article.sources["section"]) == (
        "أخبار العالم",
        "json-ld:BreadcrumbList",
    )


def test_section_from_html_breadcrumbs() -> None:
    # The seed template's trail: الرئيسية › سياسة
    article = _extract(seed_page())
    assert (article.section, article.sources["section"]) == ("سياسة", "breadcrumb")


def test_no_section() -> None:
    html = seed_page().replace('<ol class="breadcrumb">', '<ol class="path">')
    assert _extract(html).section is None


# --- tags ------------------------------------------------------------------------------


def test_tags_from_article_tag_metas_keep_their_commas() -> None:
    metas = (
        '<meta property="article:tag" content="روسيا">'
        '<meta property="article:tag" content="مالي، بوركينا فاسو">'
    )
    article = _extract(_with_head(metas))
    assert article.tags == ["روسيا", "مالي، بوركينا فاسو"]
    assert article.sources["tags"] == "meta:article:tag"


@pytest.mark.parametrize(
    ("head", "source"),
    [
        (_jsonld(keywords="روسيا، مالي, لافروف"), "json-ld:keywords"),
        (_jsonld(keywords=["روسيا", "مالي", "لافروف"]), "json-ld:keywords"),
        ('<meta name="keywords" content="روسيا، مالي ، لافروف،">', "meta:keywords"),
        ('<meta name="news_keywords" content="روسيا,مالي,لافروف">', "meta:news_keywords"),
    ],
    ids=["jsonld-string", "jsonld-list", "keywords-arabic-comma", "news-keywords"],
)
def test_tags_from_keywords(head: str, source: str) -> None:
    article = _extract(_with_head(head))
    assert article.tags == ["روسيا", "مالي", "لافروف"]
    assert article.sources["tags"] == source


def test_machine_labels_are_not_tags() -> None:
    article = _extract(_with_head('<meta name="keywords" content="@post-id:1913719, روسيا">'))
    assert article.tags == ["روسيا"]


# --- lead image and canonical URL ------------------------------------------------------


def test_relative_og_image_is_made_absolute() -> None:
    article = _extract(_with_head('<meta property="og:image" content="/img/putin.jpg">'))
    assert article.image == "https://mwatan.news/img/putin.jpg"
    assert article.sources["image"] == "meta:og:image"


def test_image_from_jsonld_image_object() -> None:
    image = {"@type": "ImageObject", "url": "https://cdn.mwatan.news/putin.jpg", "width": 1200}
    article = _extract(_with_head(_jsonld(image=[image])))
    assert article.image == "https://cdn.mwatan.news/putin.jpg"
    assert article.sources["image"] == "json-ld:image"


def test_canonical_from_link_made_absolute() -> None:
    html = seed_page().replace('href="https://mwatan.news/900419"', 'href="/900419/"')
    article = extract_article(html, url="https://www.mwatan.news/900419?utm_source=fb")
    assert article.canonical_url == "https://www.mwatan.news/900419/"
    assert article.sources["canonical_url"] == "link:canonical"


def test_canonical_is_the_page_url_when_nothing_is_declared() -> None:
    html = seed_page().replace('<link rel="canonical" href="https://mwatan.news/900419">', "")
    article = extract_article(html, url=URL)
    assert article.canonical_url == URL
    assert article.sources["canonical_url"] == "url"


# --- dates -----------------------------------------------------------------------------


def test_date_original_and_confidence_from_meta() -> None:
    article = _extract(seed_page(published="2024-03-07T21:45:00+02:00"))
    assert article.date == "2024-03-07"
    assert article.date_original == "2024-03-07T21:45:00+02:00"
    assert article.date_calendar == "gregorian"
    assert article.sources["date"] == "meta"
    assert article.date_confidence == pytest.approx(0.9)


def test_modified_kept_apart_with_its_source() -> None:
    html = _with_head(_jsonld(dateModified="2024-03-10T09:00:00+02:00"))
    article = _extract(html)
    assert (article.date, article.modified) == ("2024-03-07", "2024-03-10")
    assert article.sources["modified"] == "json-ld"


def test_modified_is_never_the_publication_date() -> None:
    html = _with_head(_jsonld(dateModified="2024-03-10T09:00:00+02:00"), published=None)
    article = _extract(html)
    assert article.modified == "2024-03-10"
    assert article.date != "2024-03-10"


@pytest.mark.parametrize(
    ("printed", "expected_original"),
    [
        ("الثلاثاء 24 شعبان 1445 هـ", "24 شعبان 1445 هـ"),
        ("الثلاثاء ٢٤ شعبان ١٤٤٥ هـ", "٢٤ شعبان ١٤٤٥ هـ"),
        ("24 من شعبان سنة 1445", "24 من شعبان سنة 1445"),
    ],
    ids=["western-digits", "arabic-indic-digits", "spelled-out"],
)
def test_hijri_date_keeps_its_original(printed: str, expected_original: str) -> None:
    html = seed_page(published=None).replace(
        '<div class="meta">', f'<div class="meta"><span class="post-date">{printed}</span>'
    )
    article = _extract(html)
    assert article.date == "2024-03-05"
    assert article.date_calendar == "hijri"
    assert article.date_original == expected_original
    assert article.sources["date"] == "visible-text"


def test_gregorian_printed_beside_hijri_wins() -> None:
    html = seed_page(published=None).replace(
        '<div class="meta">',
        '<div class="meta"><span class="post-date">24 شعبان 1445 هـ - 5 مارس 2024</span>',
    )
    article = _extract(html)
    assert (article.date, article.date_calendar, article.date_original) == (
        "2024-03-05",
        "gregorian",
        "5 مارس 2024",
    )


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2024">',
        _jsonld(datePublished=2024),
        _jsonld(datePublished="2024-03"),
    ],
    ids=["meta-year", "jsonld-int-year", "jsonld-month"],
)
def test_a_bare_year_is_never_a_date(head: str) -> None:
    html = seed_page(published=None).replace("</head>", f"{head}</head>")
    article = _extract(html)
    assert article.date is None, (article.date, article.date_source)
    assert article.date_original is None and article.date_confidence is None


def test_sources_name_every_field_found() -> None:
    html = _with_head(
        '<meta property="og:image" content="https://mwatan.news/a.jpg">'
        '<meta property="article:tag" content="روسيا">'
        '<meta property="article:modified_time" content="2024-03-08T10:00:00+02:00">'
    )
    article = _extract(html)
    assert set(article.sources) == {"date", "modified", "section", "tags", "image", "canonical_url"}
    assert article.to_dict()["sources"] == article.sources
