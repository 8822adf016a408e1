"""Dates: Arabic visible dates, timestamps in a publisher's zone, and which source wins."""

from __future__ import annotations

from datetime import date

import pytest
from extract_pages import seed_page
from trafilatura.utils import load_html

from arshif.extract import extract_article
from arshif.extract.dates import parse_arabic_date, timestamp_date
from arshif.extract.pagedates import htmldate_finding
from arshif.extract.visibledates import visible_published

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Egyptian / MSA month names
        ("الثلاثاء 5 مارس 2024", "2024-03-05"),
        ("نشر في 17 أبريل 2023 - 10:30 ص", "2023-04-17"),
        ("3 ابريل 2023", "2023-04-03"),
        ("1 يونيه 2022", "2022-06-01"),
        ("22 يوليه 2021", "2021-07-22"),
        ("9 أغسطس، 2020", "2020-08-09"),
        ("مايو 5، 2024", "2024-05-05"),
        # Levantine
        ("الأربعاء 12 كانون الثاني 2022", "2022-01-12"),
        ("5 آذار 2024", "2024-03-05"),
        ("5 آذار (مارس) 2024", "2024-03-05"),
        ("18 تشرين الأول 2023", "2023-10-18"),
        ("2 تشرين الثاني 2023", "2023-11-02"),
        ("25 كانون الأول 2023", "2023-12-25"),
        ("1 آب 2019", "2019-08-01"),
        ("3 كانون 2 2024", "2024-01-03"),
        # Maghrebi
        ("الجمعة 8 فيفري 2019", "2019-02-08"),
        ("14 جويلية 2023", "2023-07-14"),
        ("7 أوت 2022", "2022-08-07"),
        ("20 أفريل 2021", "2021-04-20"),
        ("1 جانفي 2024", "2024-01-01"),
        ("5 ماي 2024", "2024-05-05"),
        ("5 جوان 2024", "2024-06-05"),
        # Moroccan
        ("15 غشت 2023", "2023-08-15"),
        # Arabic-Indic and Persian digits
        ("٥ مارس ٢٠٢٤", "2024-03-05"),
        ("۵ آذار ۲۰۲۴", "2024-03-05"),
        ("٢٠٢٤/٠٣/٠٥", "2024-03-05"),
        # numeric, day first as Arab sites write it
        ("05/03/2024", "2024-03-05"),
        ("2024-03-05 14:20", "2024-03-05"),
        ("25-12-2023", "2023-12-25"),
        # Hijri (Umm al-Qura)
        ("24 شعبان 1445 هـ", "2024-03-05"),
        ("١ رمضان ١٤٤٥هـ", "2024-03-11"),
        ("10 ذو الحجة 1444", "2023-06-28"),
        ("5 جمادى الأولى 1445 هـ", "2023-11-19"),
        # both calendars: the Gregorian date is the one kept
        ("الثلاثاء 24 شعبان 1445 هـ الموافق 5 مارس 2024 م", "2024-03-05"),
    ],
)
def test_arabic_visible_dates(text: str, expected: str) -> None:
    assert parse_arabic_date(text, today=TODAY) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "2024",  # a bare year is never a date
        "عام 2024",
        "مارس 2024",  # no day
        "5 مارس",  # no year
        "في 5 مارس 2030",  # in the future
        "5 مارس 1850",  # before any news site
        "31 فبراير 2024",  # no such day
        "رقم الهاتف 0123456789",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_arabic_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("value", "timezone", "expected"),
    [
        # an evening story in Cairo, stamped without a zone, stays on its day
        ("2024-03-05T23:30:00", "Africa/Cairo", "2024-03-05"),
        ("2024-03-05 23:30", "Africa/Cairo", "2024-03-05"),
        # a zoned evening time keeps its own day when no zone is given…
        ("2024-03-05T23:30:00+02:00", None, "2024-03-05"),
        # …and is moved into the publisher's zone when one is
        ("2024-03-05T22:30:00Z", "Africa/Cairo", "2024-03-06"),
        ("2024-03-05T21:30:00Z", "Africa/Cairo", "2024-03-05"),
        ("2024-03-05T22:30:00Z", "Asia/Riyadh", "2024-03-06"),
        # Cairo observes summer time since 2023 (UTC+3)
        ("2024-07-05T21:30:00Z", "Africa/Cairo", "2024-07-06"),
        ("2024-07-05T20:30:00Z", "Africa/Cairo", "2024-07-05"),
        # RSS-style and plain dates
        ("Tue, 05 Mar 2024 22:30:00 GMT", "Africa/Cairo", "2024-03-06"),
        ("2024-03-05", "Africa/Cairo", "2024-03-05"),
        ("2024/3/5", None, "2024-03-05"),
        ("٢٠٢٤-٠٣-٠٥T10:00:00", None, "2024-03-05"),
    ],
)
def test_timestamps_in_the_publishers_zone(value: str, timezone: str | None, expected: str) -> None:
    assert timestamp_date(value, timezone) == date.fromisoformat(expected)


def test_garbage_is_no_timestamp() -> None:
    assert timestamp_date("قبل ساعتين") is None


def test_htmldate_january_first_is_distrusted() -> None:
    assert htmldate_finding("2013-01-01", "<html>2013</html>") is None
    kept = htmldate_finding("2013-01-01", "<time>2013-01-01</time>")
    assert kept is not None and kept.confidence < 0.5
    assert htmldate_finding("2013-08-03", "") is not None


def _page_date(**kwargs: object) -> tuple[str | None, str | None]:
    html = kwargs.pop("html", None) or seed_page(**kwargs)  # type: ignore[arg-type]
    article = extract_article(html, timezone="Africa/Cairo")
    return article.date, article.date_source


def test_sitemap_hint_wins() -> None:
    article = extract_article(
        seed_page(published="2024-03-07T21:45:00+02:00"),
        timezone="Africa/Cairo",
        published_hint="2024-03-06T09:00:00+02:00",
    )
    assert (article.date, article.date_source) == ("2024-03-06", "sitemap")
    assert article.date_confidence is not None and article.date_confidence > 0.9


def test_meta_published_time_in_cairo_evening() -> None:
    assert _page_date(published="2024-03-07T23:45:00") == ("2024-03-07", "meta")
    assert _page_date(published="2024-03-07T22:15:00Z") == ("2024-03-08", "meta")


def test_jsonld_only() -> None:
    html = seed_page(published=None).replace(
        '"@type": "NewsArticle",',
        '"@type": "NewsArticle", "datePublished": "2024-03-07T10:00:00+02:00",',
    )
    assert _page_date(html=html) == ("2024-03-07", "json-ld")


def test_time_element() -> None:
    html = seed_page(published=None).replace(
        "<span>نشر</span>",
        '<span>نشر</span> <time datetime="2024-03-07T20:10:00+02:00">منذ ساعتين</time>',
    )
    assert _page_date(html=html) == ("2024-03-07", "time-element")


def test_visible_levantine_date_when_nothing_is_declared() -> None:
    html = seed_page(published=None).replace("<span>نشر</span>", "<span>نشر في 7 آذار 2024</span>")
    date_found, source = _page_date(html=html)
    assert (date_found, source) == ("2024-03-07", "visible-text")


def test_header_date_is_todays_not_the_articles() -> None:
    html = seed_page(published=None).replace(
        '<header class="site-header">',
        '<header class="site-header"><div class="today-date">الخميس 9 مايو 2024</div>',
    )
    assert _page_date(html=html) == (None, None)


def test_visible_hijri_date() -> None:
    tree = load_html('<div class="post-date">الثلاثاء 24 شعبان 1445 هـ</div><p>نص</p>')
    found = visible_published(tree, "", today=TODAY)
    assert found is not None and (found.date, found.source) == ("2024-03-05", "visible-text")


def test_modified_is_separate() -> None:
    html = seed_page().replace(
        "</head>",
        '<meta property="article:modified_time" content="2024-03-09T08:00:00+02:00"></head>',
    )
    article = extract_article(html, timezone="Africa/Cairo")
    assert (article.date, article.modified) == ("2024-03-07", "2024-03-09")


def test_unknown_timezone_is_an_error() -> None:
    with pytest.raises(ValueError, match="timezone"):
        extract_article(seed_page(), timezone="Africa/Atlantis")
