"""The seed article inside realistic site templates: text, headings, chrome, charset, marks."""

from __future__ import annotations

import gzip

import pytest
from extract_pages import (
    AUTHOR,
    CAPTION,
    CHROME_LINES,
    PARAGRAPHS,
    SITE,
    SUBHEADINGS,
    TITLE,
    seed_page,
)

from arshif.extract import EXTRACTOR, Article, extract_article
from arshif.extract.article import EXTRACTOR_VERSION

URL = "https://mwatan.news/900419"
TEMPLATES = {
    "classed": {},
    "plain": {"plain": True},
    "nested": {"nested": True},
    "nested-plain": {"nested": True, "plain": True},
    "bold-subheadings": {"nested": True, "bold_subheadings": True},
}


@pytest.fixture(scope="module", params=sorted(TEMPLATES))
def article(request: pytest.FixtureRequest) -> Article:
    html = seed_page(**TEMPLATES[request.param])
    return extract_article(html.encode("utf-8"), url=URL, timezone="Africa/Cairo")


def test_all_paragraphs_in_order(article: Article) -> None:
    positions = [article.text.find(p) for p in PARAGRAPHS]
    assert all(pos >= 0 for pos in positions), positions
    assert positions == sorted(positions)


def test_subheadings_are_their_own_lines(article: Article) -> None:
    lines = article.text.split("\n")
    for heading in SUBHEADINGS:
        assert heading in lines
    assert article.headings == SUBHEADINGS


def test_paragraphs_are_separated_by_blank_lines(article: Article) -> None:
    blocks = article.text.split("\n\n")
    assert blocks[0] == PARAGRAPHS[0]
    assert blocks[1] == SUBHEADINGS[0]
    assert len(blocks) == len(PARAGRAPHS) + len(SUBHEADINGS)


def test_no_chrome_in_text(article: Article) -> None:
    lines = {line.strip() for line in article.text.splitlines()}
    for chrome_line in CHROME_LINES:
        assert chrome_line not in article.text, chrome_line
    assert "نشر" not in lines
    assert CAPTION not in lines


def test_metadata(article: Article) -> None:
    assert article.title == TITLE
    assert article.date == "2024-03-07"
    assert article.date_source == "meta"
    assert article.author == AUTHOR
    assert article.language == "ar"
    assert article.sitename == SITE
    assert article.canonical_url == URL
    assert article.charset == "utf-8"
    assert article.extractor == EXTRACTOR
    assert article.extractor.startswith(f"arshif-extract/{EXTRACTOR_VERSION} trafilatura/")
    assert article.word_count == len(article.text.split())


def test_to_dict_has_the_contract_keys(article: Article) -> None:
    data = article.to_dict()
    for key in ("url", "title", "text", "date", "author", "language", "headings", "extractor"):
        assert key in data
    assert data["url"] == URL


@pytest.mark.parametrize(
    "charset_meta",
    ['<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', ""],
    ids=["meta-http-equiv", "no-declaration"],
)
def test_windows_1256_page_without_header_charset(charset_meta: str) -> None:
    body = seed_page(charset_meta=charset_meta, nested=True).encode("cp1256")
    article = extract_article(body, url=URL, content_type="text/html")
    assert article.charset == "windows-1256"
    assert article.title == TITLE
    assert all(p in article.text for p in PARAGRAPHS)
    assert article.headings == SUBHEADINGS
    assert EDITOR_NAME not in article.text


EDITOR_NAME = "أحمد ناصف"


def test_gzip_body_is_decompressed() -> None:
    article = extract_article(gzip.compress(seed_page().encode("utf-8")), url=URL)
    assert article.title == TITLE and PARAGRAPHS[0] in article.text


def test_bold_sentence_is_not_a_heading() -> None:
    sentence = "وقال المتحدث إن الاجتماع انتهى."
    html = seed_page().replace(
        f"<p>{PARAGRAPHS[1]}</p>", f"<p>{PARAGRAPHS[1]}</p><p><b>{sentence}</b></p>"
    )
    article = extract_article(html)
    assert sentence in article.text.split("\n\n")
    assert article.headings == SUBHEADINGS


def test_bidi_marks_survive_in_stored_text() -> None:
    marked = "أكدت روسيا\u200f اليوم \u202bالخميس\u202c استعدادها\u200c الكامل"
    html = seed_page().replace("أكدت روسيا اليوم الخميس استعدادها الكامل", marked)
    article = extract_article(html, url=URL)
    assert marked in article.text
    assert PARAGRAPHS[0] not in article.text  # stored as published, not normalised


def test_diacritics_are_stored_as_published() -> None:
    html = seed_page().replace("أكدت روسيا اليوم", "أكَّدت روسيا اليَوْم")
    assert "أكَّدت روسيا اليَوْم" in extract_article(html).text


def test_str_input_and_no_url() -> None:
    article = extract_article(seed_page())
    assert article.url is None and article.charset is None and article.title == TITLE


def test_empty_page() -> None:
    article = extract_article(b"")
    assert article.text == "" and article.title is None and article.headings == []


def test_short_brief_still_has_text() -> None:
    html = (
        '<html lang="ar"><head><title>خبر قصير - موطن نيوز</title></head><body>'
        "<article><h1>خبر قصير</h1><p>أعلنت وزارة الصحة عن افتتاح مستشفى جديد في أسوان.</p>"
        "</article></body></html>"
    )
    article = extract_article(html)
    assert "أعلنت وزارة الصحة" in article.text
    assert article.title == "خبر قصير"
    assert article.language == "ar"


def test_article_container_named_breaking_survives() -> None:
    html = (
        seed_page()
        .replace("<article>", '<article class="breaking-news">')
        .replace('<div class="article-body">', '<div class="article-body urgent-story">')
    )
    article = extract_article(html)
    assert all(p in article.text for p in PARAGRAPHS)


def test_sentence_starting_with_a_label_word_is_kept() -> None:
    sentence = "عاجل هو وصف استخدمه الوزير للموقف في مؤتمر صحفي عقده اليوم بمقر الوزارة في القاهرة."
    html = seed_page().replace(
        f"<p>{PARAGRAPHS[1]}</p>", f"<p>{PARAGRAPHS[1]}</p><p>{sentence}</p>"
    )
    assert sentence in extract_article(html).text


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\xff\xfe garbage \x1f\x8b not gzip",
        b"<html>",
        b"\x1f\x8b\x08 truncated gzip",
        "<html><body><p>" + "<div>" * 500 + "نص" + "</div>" * 500 + "</p></body></html>",
        '<?xml version="1.0" encoding="windows-1256"?><html><body><p>x</p></body></html>',
        b"<html><head><meta charset='no-such-charset'></head><body><p>abc</p></body></html>",
    ],
)
def test_odd_input_never_raises(body: bytes | str) -> None:
    article = extract_article(body)
    assert isinstance(article.text, str)


def test_marks_written_as_entities_survive() -> None:
    # The page is parsed once and protected in the tree, so "&rlm;" and "&#8206;" (marks
    # only once parsed) reach the text as the marks they are.
    html = seed_page().replace("أكدت روسيا اليوم الخميس", "أكدت روسيا&rlm; اليوم&#8206; الخميس")
    article = extract_article(html, url=URL)
    assert "أكدت روسيا\u200f اليوم\u200e الخميس" in article.text
