"""Headline selection and bylines."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from arshif.extract import extract_article
from arshif.extract.byline import clean_author_field, parse_byline
from arshif.extract.title import choose_title, strip_site_name

HEADLINE = "مجلس النواب يقر قانون الإيجار القديم"


def _page(head: str, body: str = "") -> str:
    return f'<html lang="ar"><head>{head}</head><body>{body}<p>{"نص الخبر " * 40}</p></body></html>'


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        (f"{HEADLINE} - الوطن", ["الوطن"], HEADLINE),
        (f"{HEADLINE} | جريدة الوطن", ["الوطن"], HEADLINE),
        (f"الوطن :: {HEADLINE}", ["الوطن"], HEADLINE),
        (f"{HEADLINE} — Elwatan News", ["elwatannews"], HEADLINE),
        (f"{HEADLINE} – المصري اليوم", ["المصري اليوم"], HEADLINE),
        # a dash inside the headline is not a separator to cut at
        (
            "لواء الإسلام - جبهة النصرة تسيطر على مستودعات",
            ["الوطن"],
            "لواء الإسلام - جبهة النصرة تسيطر على مستودعات",
        ),
        # nothing matches the site: keep the whole title
        (f"{HEADLINE} - تقرير", ["الوطن"], f"{HEADLINE} - تقرير"),
    ],
)
def test_strip_site_name(title: str, names: list[str], expected: str) -> None:
    assert strip_site_name(title, names, []) == expected


def test_strip_when_the_other_side_is_another_candidate() -> None:
    assert strip_site_name(f"{HEADLINE} - موقع ما", [], [HEADLINE]) == HEADLINE


def test_hostname_names_the_site() -> None:
    tree = load_html(_page(f"<title>{HEADLINE} | Youm7</title>"))
    assert choose_title(tree, url="https://www.youm7.com/story/1") == HEADLINE


def test_og_site_name() -> None:
    head = f'<title>{HEADLINE} - بوابة الأهرام</title><meta property="og:site_name" content="بوابة الأهرام">'
    assert choose_title(load_html(_page(head))) == HEADLINE


def test_agreement_beats_a_logo_h1() -> None:
    head = f'<title>{HEADLINE} - الشروق</title><meta property="og:title" content="{HEADLINE}">'
    body = '<h1 class="logo">الشروق</h1>'
    assert choose_title(load_html(_page(head, body))) == HEADLINE


def test_h1_and_title_agree_against_a_social_og_title() -> None:
    head = (
        f'<title>{HEADLINE} - الشروق</title><meta property="og:title" content="عاجل: شاهد ما حدث">'
    )
    body = f"<article><h1>{HEADLINE}</h1></article>"
    assert choose_title(load_html(_page(head, body))) == HEADLINE


def test_only_a_title_tag_without_a_known_site() -> None:
    assert choose_title(load_html(_page(f"<title>{HEADLINE}</title>"))) == HEADLINE


def test_never_empty_when_a_title_exists() -> None:
    # The whole <title> is the site name: still return something.
    tree = load_html(_page('<title>الوطن</title><meta property="og:site_name" content="الوطن">'))
    assert choose_title(tree) == "الوطن"


def test_no_title_at_all() -> None:
    assert choose_title(load_html("<html><body><p>x</p></body></html>")) is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("كتب: أحمد علي", "أحمد علي"),
        ("كتبت: منى الشاذلي - القاهرة", "منى الشاذلي"),
        ("كتب : محمود حسن، الإسكندرية", "محمود حسن"),
        ("بقلم: د. محمد سليم", "د. محمد سليم"),
        ("بقلم محمد سليم العوا", "محمد سليم العوا"),
        ("حرر بواسطة سارة أحمد", "سارة أحمد"),
        ("إعداد: فريق التحرير", "فريق التحرير"),
        ("اعداد: هبة عادل", "هبة عادل"),
        ("حوار: آسيا العتروس", "آسيا العتروس"),
        ("\u200fكتب: علي", "علي"),
    ],
)
def test_bylines(line: str, author: str) -> None:
    assert parse_byline(line) == author


@pytest.mark.parametrize(
    "line",
    [
        "كتب الوزير في رسالته أن الحكومة ستعمل على زيادة الدعم",  # a sentence, no colon
        "إعداد الموازنة العامة يبدأ الشهر المقبل",
        "بقلم: " + "كلمة " * 12,  # too long to be a name
        "رئيس التحرير",
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_author_field_with_byline_word() -> None:
    assert clean_author_field("كتب محمد عبد الله") == "محمد عبد الله"
    assert clean_author_field("محمد عبد الله") == "محمد عبد الله"


def test_author_from_metadata_first() -> None:
    html = _page(
        '<meta name="author" content="سامي كمال الدين">', "<article><p>كتب: شخص آخر</p></article>"
    )
    assert extract_article(html).author == "سامي كمال الدين"


def test_author_from_jsonld() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"author":[{"@type":"Person","name":"ليلى حسن"}]}</script>'
    )
    assert extract_article(_page(jsonld)).author == "ليلى حسن"


def test_site_name_as_author_is_ignored() -> None:
    head = (
        '<meta name="author" content="موطن نيوز"><meta property="og:site_name" content="موطن نيوز">'
    )
    html = _page(head, '<article><p class="writer">بقلم: هدى فؤاد</p></article>')
    assert extract_article(html).author == "هدى فؤاد"


def test_byline_in_text() -> None:
    body = f"<article><h1>{HEADLINE}</h1><p>كتبت: نور الهدى</p><p>{'وقال المتحدث إن ' * 30}</p></article>"
    assert extract_article(_page(f"<title>{HEADLINE}</title>", body)).author == "نور الهدى"


def test_no_author() -> None:
    assert extract_article(_page(f"<title>{HEADLINE}</title>")).author is None
