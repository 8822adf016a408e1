"""Chrome removal: what goes, and what must stay although it looks like chrome."""

from __future__ import annotations

import pytest
from extract_pages import PARAGRAPHS
from lxml.html import fragment_fromstring
from trafilatura.utils import load_html

from arshif.extract.chrome import is_chrome_class, strip_chrome
from arshif.extract.chrome_labels import is_credit
from arshif.extract.chrome_lines import drop_chrome_lines

STORY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


@pytest.mark.parametrize(
    "attrs",
    [
        'class="news-ticker"',
        'id="breaking-bar"',
        'class="urgent"',
        'class="شريط-عاجل"',
        'class="share-buttons"',
        'class="social icons"',
        'class="related-posts"',
        'class="read-also"',
        'class="newsletter-box"',
        'class="ad"',
        'class="ads-300x250"',
        'id="div-gpt-ad-123"',
        'class="advertisement"',
    ],
)
def test_chrome_classes(attrs: str) -> None:
    assert is_chrome_class(fragment_fromstring(f"<div {attrs}>x</div>"))


@pytest.mark.parametrize(
    "attrs",
    [
        'class="header"',
        'class="shadow"',
        'class="download"',
        'class="article-body"',
        'class="lead"',
    ],
)
def test_not_chrome_classes(attrs: str) -> None:
    assert not is_chrome_class(fragment_fromstring(f"<div {attrs}>x</div>"))


@pytest.mark.parametrize(
    ("text", "bare_name", "expected"),
    [
        ("رئيس التحرير", False, True),
        ("رئيس التحرير / أحمد ناصف", False, True),
        ("رئيس مجلس الإدارة: سامي عبد العزيز", False, True),
        ("رئيس التحرير أحمد ناصف", True, True),
        ("رئيس التحرير أحمد ناصف", False, False),
        ("رئيس التحرير يعلن استقالته من منصبه بعد عشرين عاما في الصحيفة.", True, False),
        ("رئيس الوزراء يلتقي وفدا", True, False),
    ],
)
def test_credits(text: str, bare_name: bool, expected: bool) -> None:
    assert is_credit(text, bare_name=bare_name) is expected


def _strip(body: str) -> str:
    tree = load_html(f"<html><body>{body}</body></html>")
    strip_chrome(tree)
    return " ".join(tree.find(".//body").text_content().split())


def test_story_in_a_breaking_container_stays() -> None:
    text = _strip(
        f'<div class="g-row-breaking-news"><div class="entry-read-more">{STORY}</div></div>'
    )
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text


def test_ticker_without_classes_goes() -> None:
    ticker = '<div class="x"><span>عاجل</span><a href="/1">خبر أول عن شيء ما</a><a href="/2">خبر ثان</a></div>'
    text = _strip(ticker + STORY)
    assert "عاجل" not in text and "خبر أول" not in text and PARAGRAPHS[0] in text


def test_read_also_paragraph_goes() -> None:
    read_also = '<p>اقرأ أيضاً: <a href="/n/9">الأهلي يواجه الزمالك في القمة</a></p>'
    text = _strip(f"<div>{STORY}{read_also}</div>")
    assert "الأهلي" not in text and PARAGRAPHS[-1] in text


def test_headline_about_the_editor_stays() -> None:
    heading = "<h2>رئيس التحرير يعلن استقالته</h2>"
    assert "رئيس التحرير يعلن استقالته" in _strip(f"<div>{heading}{STORY}</div>")


def test_masthead_credit_and_name_go() -> None:
    masthead = '<div class="top"><p>رئيس التحرير</p><p>أحمد ناصف</p></div>'
    text = _strip(f"<div>{masthead}{STORY}</div>")
    assert "رئيس التحرير" not in text and "أحمد ناصف" not in text


def test_lone_lines() -> None:
    blocks = [
        "رئيس التحرير",
        "أحمد ناصف",
        "نشر",
        PARAGRAPHS[0],
        "عاجل",
        "الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.",
        "وقال الوزير إن التصريحات لا تعبر عن رأي الحكومة الرسمي في هذه القضية الشائكة.",
        "شاركت الوزارة في المؤتمر.",
    ]
    assert drop_chrome_lines(blocks) == [PARAGRAPHS[0], blocks[6], blocks[7]]
