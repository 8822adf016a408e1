"""Pages of one site where one body sits under 3, 5 or 10 URLs, extracted and filtered with the
chrome model learned from them, as the crawl's extract step does (issue 15, class 1).

The pages are tests/one_body_site.py's: the site's full template, one copy in windows-1256 and
one with a few broken bytes. Before, every copy came out with empty text.
"""

from __future__ import annotations

import pytest
from one_body_site import BODY, BROKEN_COPY, COPIES, OTHERS, SITE_CHROME, copy_bytes

from arshif.extract import extract_article
from arshif.extract.article import refilter
from arshif.extract.site_chrome import ChromeLearner, SiteChrome

ORIGIN = "http://127.0.0.57:8000"


def crawl(numbers: list[int], site_lines: bool) -> dict[int, str]:
    """Each page's text after the site chrome model learned from all of them."""
    articles = {}
    for number in numbers:
        data, charset = copy_bytes(number, site_lines)
        articles[number] = extract_article(data, url=f"{ORIGIN}/article/{number}.html",
                                           content_type=f"text/html; charset={charset}",
                                           timezone="Africa/Cairo")
    learner = ChromeLearner(SiteChrome(site="wadi-news"), "r1")
    for number, article in articles.items():
        learner.observe(f"{ORIGIN}/article/{number}.html", article.text)
    model = learner.model()
    filtered = {number: refilter(article, model) for number, article in articles.items()}
    assert not any(article.chrome_skipped for article in filtered.values())
    return {number: article.text for number, article in filtered.items()}


def whole(text: str, number: int) -> bool:
    blocks = text.split("\n\n")
    if number == BROKEN_COPY:  # three damaged letters in one paragraph
        return len(blocks) == len(BODY) and sum(b == p for b, p in zip(blocks, BODY, strict=True)) == 4
    return blocks == BODY


@pytest.mark.parametrize("urls", [3, 5, 10])
@pytest.mark.parametrize("site_lines", [False, True])
def test_every_copy_keeps_the_whole_body(urls, site_lines):
    others = list(range(COPIES + 1, COPIES + len(OTHERS) + 1))
    texts = crawl([*range(1, urls + 1), *others], site_lines)
    for number in range(1, urls + 1):
        assert whole(texts[number], number), number
    # The site's own lines are learned from the five distinct texts and leave every page.
    for number, text in texts.items():
        assert not any(line in text for line in SITE_CHROME), number
    for offset, (_title, body) in enumerate(OTHERS):
        assert texts[COPIES + 1 + offset].split("\n\n") == body


def test_copies_alone_teach_nothing():
    texts = crawl(list(range(1, COPIES + 1)), site_lines=True)
    # One distinct text: not even the site's own lines are chrome yet, and nothing is lost.
    for number, text in texts.items():
        blocks = text.split("\n\n")
        assert blocks[0] == SITE_CHROME[0] and blocks[-1] == SITE_CHROME[1]
        assert whole("\n\n".join(blocks[1:-1]), number)
