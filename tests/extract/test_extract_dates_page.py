"""Which day a page is dated: the publisher's own offset, a date printed beside the headline,
htmldate as the last resort, and never a day the page or the capture contradicts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from html import escape
from pathlib import Path

import pytest
from extract_pages import PARAGRAPHS
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from arshif.extract import extract_article
from arshif.extract.dates import local_date

CAPTURED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
HEADLINE = "وزير الخارجية يلتقي نظيره في العاصمة لبحث العلاقات الثنائية"
ISSUE_HEADER = "الأربعاء 13 تشرين الثاني/نوفمبر 2024 10:30 صباحاً"


def page(
    head: str = "",
    header_line: str | None = None,
    *,
    where: str = "after",
    site_header: str = "",
    url_path: str = "/news/900419",
) -> str:
    """A plain article page: a site header and menu, the headline, a header line, the body."""
    body = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    line = f'<div class="x1">{escape(header_line)}</div>' if header_line else ""
    title = f"<h1>{escape(HEADLINE)}</h1>"
    top = {
        "after": f"<div class='x0'>{title}{line}</div>",
        "before": f"<div class='x0'>{line}{title}</div>",
        "article-header": f"<header>{title}<span>{escape(header_line or '')}</span></header>",
    }[where]
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>{escape(HEADLINE)}</title>"
        f"<link rel='canonical' href='https://example.news{url_path}'>{head}</head><body>"
        f"<header class='site'>{site_header}<a href='/'>الرئيسية</a></header>"
        "<nav><a href='/politics'>سياسة</a> <a href='/sport'>رياضة</a></nav>"
        f"<main><article>{top}<div class='x2'>{body}</div></article></main>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def jsonld(**fields: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE}
    return f'<script type="application/ld+json">{json.dumps({**data, **fields})}</script>'


def meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def extract(html: str, tz: str | None = None, captured: datetime = CAPTURED):  # noqa: ANN201
    return extract_article(html, timezone=tz, captured_at=captured)


# Class 2: the publisher's calendar date.

UTC_STAMP = "2024-03-06T23:30:00+00:00"
LOCAL_STAMP = "2024-03-07T01:30:00+02:00"


@pytest.mark.parametrize("tz", [None, "UTC", "Africa/Cairo", "Asia/Beirut"])
@pytest.mark.parametrize(
    "head",
    [
        meta(UTC_STAMP) + jsonld(datePublished=LOCAL_STAMP),
        meta(LOCAL_STAMP) + jsonld(datePublished=UTC_STAMP),
    ],
    ids=["utc-meta", "utc-jsonld"],
)
def test_the_publishers_offset_gives_the_day(head: str, tz: str | None) -> None:
    article = extract(page(head), tz)
    assert (article.date, article.date_original) == ("2024-03-07", LOCAL_STAMP)


def test_an_offset_time_element_beats_a_utc_meta() -> None:
    html = page(meta("2024-03-06T22:30:00Z")).replace(
        "</h1>", '</h1><time datetime="2024-03-07T00:30:00+02:00">قبل ساعتين</time>'
    )
    article = extract(html)
    assert (article.date, article.date_source) == ("2024-03-07", "time-element")


def test_another_storys_offset_stamp_is_no_restatement() -> None:
    # A teaser's <time itemprop="datePublished"> names another moment: the UTC meta decides.
    teaser = '<time itemprop="datePublished" datetime="2024-04-16T13:41:52+02:00">x</time>'
    html = page(meta("2024-02-06T19:25:34.000Z")).replace("</main>", f"<div>{teaser}</div></main>")
    article = extract(html)
    assert (article.date, article.date_source) == ("2024-02-06", "meta")


def test_a_bare_day_gives_way_to_the_heads_offset_moment() -> None:
    # A print daily: <meta name="date"> is the issue's day, JSON-LD the evening it went online.
    bare = '<meta name="date" content="2024-04-26">'
    article = extract(page(bare + jsonld(datePublished="2024-04-25T19:30:04+02:00")))
    assert (article.date, article.date_original) == ("2024-04-25", "2024-04-25T19:30:04+02:00")
    teaser = '<time itemprop="datePublished" datetime="2024-04-25T19:30:04+02:00">x</time>'
    article = extract(page(bare).replace("</main>", f"<div>{teaser}</div></main>"))
    assert (article.date, article.date_source) == ("2024-04-26", "meta")


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (None, "2024-03-06"),
        ("UTC", "2024-03-06"),
        ("Asia/Beirut", "2024-03-07"),
        ("Africa/Casablanca", "2024-03-07"),
    ],
)
def test_utc_alone_is_read_in_the_sites_zone(tz: str | None, expected: str) -> None:
    article = extract(page(meta(UTC_STAMP)), tz)
    assert (article.date, article.date_original) == (expected, UTC_STAMP)


def test_cli_timezone_and_page_offsets(tmp_path: Path) -> None:
    from test_extract_cli import _app

    both, utc_only = tmp_path / "both.html", tmp_path / "utc.html"
    both.write_text(page(meta(UTC_STAMP) + jsonld(datePublished=LOCAL_STAMP)), encoding="utf-8")
    utc_only.write_text(page(meta(UTC_STAMP)), encoding="utf-8")

    def run(*args: str) -> dict:
        result = CliRunner().invoke(
            _app(), ["extract", *args, "--captured-at", "2026-01-10T09:00:00Z"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert run(str(both))["date"] == "2024-03-07"  # no --timezone: the page's offset decides
    assert run(str(both))["date_original"] == LOCAL_STAMP
    assert run(str(utc_only))["date"] == "2024-03-06"
    assert run(str(utc_only), "--timezone", "Asia/Beirut")["date"] == "2024-03-07"


def test_cli_rejects_a_bad_capture_time(tmp_path: Path) -> None:
    from test_extract_cli import _app

    path = tmp_path / "p.html"
    path.write_text(page(), encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", str(path), "--captured-at", "yesterday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output


# Class 3: a visible date beside the headline, and htmldate as the last resort.


@pytest.mark.parametrize("where", ["after", "before", "article-header"])
@pytest.mark.parametrize("digits", ["latin", "arabic-indic"])
def test_the_header_line_dates_the_page(where: str, digits: str) -> None:
    line = (
        ISSUE_HEADER
        if digits == "latin"
        else ISSUE_HEADER.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    )
    article = extract(page(header_line=line, where=where))
    assert (article.date, article.date_source) == ("2024-11-13", "visible-text")
    assert article.date_original == line.split(" ", 1)[1].rsplit(" ", 2)[0]


def test_the_sites_today_is_not_the_articles_date() -> None:
    html = page(header_line=ISSUE_HEADER, site_header="<span>السبت 10 كانون الثاني 2026</span>")
    assert extract(html).date == "2024-11-13"
    assert extract(page(site_header="<span>السبت 10 كانون الثاني 2026</span>")).date is None


def test_htmldate_is_the_last_resort() -> None:
    # No declared date and no Arabic date: a date written in English below the article, which
    # htmldate's extensive search finds (as bare trafilatura does) and nothing else reads.
    html = page().replace("</article>", '<div class="x9">7 March 2024</div></article>')
    article = extract(html)
    assert (article.date, article.date_source) == ("2024-03-07", "htmldate-extensive")


def test_htmldate_does_not_pad_a_month_out() -> None:
    html = page().replace("</article>", '<div class="x9">March 2024</div></article>')
    assert extract(html).date is None


@pytest.mark.parametrize("tag", ["header", "nav"])
def test_htmldate_reads_no_site_chrome(tag: str) -> None:
    html = page().replace(f"</{tag}>", f" 7 March 2024</{tag}>")
    assert extract(html).date is None


# The invariant: never a date the page or the capture contradicts.


def test_no_date_after_the_capture() -> None:
    captured = datetime(2024, 11, 1, tzinfo=UTC)
    assert extract(page(header_line=ISSUE_HEADER), captured=captured).date is None
    html = page(
        meta("2024-11-13T10:00:00+02:00") + jsonld(datePublished="2024-10-30T10:00:00+03:00")
    )
    article = extract(html, captured=captured)
    assert (article.date, article.date_source) == ("2024-10-30", "json-ld")


def test_a_stamp_a_little_ahead_of_our_clock_is_kept() -> None:
    article = extract(page(meta("2026-01-10T11:30:00+02:00")))  # 09:30 UTC, captured 09:00 UTC
    assert article.date == "2026-01-10"


def test_captured_at_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        extract_article(page(), captured_at=datetime(2026, 1, 1))


OFFSETS = [timedelta(hours=h) for h in (0, 1, 2, 3, 4)] + [timedelta(hours=-5)]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip


@st.composite
def dated_pages(draw: st.DrawFn) -> tuple[str, datetime, datetime | None]:
    """A page stating one moment in a meta tag and/or JSON-LD (each in UTC or with an offset),
    perhaps another story's moment in a teaser's JSON-LD-like <time>, and perhaps a header
    line. Returns (html, capture time, the moment as first stated with an offset, if any)."""
    captured = draw(st.datetimes(datetime(2020, 1, 1), datetime(2025, 12, 31))).replace(tzinfo=UTC)
    moment = captured + timedelta(minutes=draw(st.integers(-60 * 24 * 40, 60 * 24 * 3)))
    stamps = [
        moment.astimezone(timezone(draw(st.sampled_from(OFFSETS)))).replace(microsecond=0)
        for _ in range(2)
    ]
    use_meta, use_jsonld = draw(st.booleans()), draw(st.booleans())
    head = meta(stamps[0].isoformat()) if use_meta else ""
    head += jsonld(datePublished=stamps[1].isoformat()) if use_jsonld else ""
    stated = [s for s, used in zip(stamps, (use_meta, use_jsonld), strict=True) if used]
    own = next((s for s in stated if s.utcoffset()), None)
    if own is not None and own > captured + timedelta(hours=1):
        own = None  # a moment after the capture is no publication time
    line = None
    if draw(st.booleans()):
        shown = captured.date() + timedelta(days=draw(st.integers(-40, 3)))
        line = f"{shown.day} {LEVANTINE[shown.month - 1]} {shown.year}"
    html = page(head, line)
    if draw(st.booleans()):  # a teaser of another story, stamped with an offset
        other = (moment - timedelta(days=draw(st.integers(1, 30)))).astimezone(
            timezone(timedelta(hours=2))
        )
        teaser = f'<time itemprop="datePublished" datetime="{other.isoformat()}">x</time>'
        html = html.replace("</main>", f"<div class='x3'>{teaser}</div></main>")
    return html, captured, own


@settings(max_examples=60, deadline=None)
@given(dated_pages())
def test_never_a_date_the_page_or_capture_contradicts(
    case: tuple[str, datetime, datetime | None],
) -> None:
    html, captured, own = case
    article = extract(html, captured=captured)
    if article.date is not None:
        assert date.fromisoformat(article.date) <= (captured + timedelta(hours=14)).date()
    if own is not None:
        assert (article.date, article.date_original) == (
            local_date(own).isoformat(),
            own.isoformat(),
        )
