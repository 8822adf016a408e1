"""One article under ten URLs of one site, crawled by `arshif run` (issue 15, class 1).

Before: the site chrome model counted each URL as an article, so every line of the body was
"on 3+ articles" and was learned as chrome: all ten captures were archived with empty text.
Now the ten captures are ten texts, each whole; the site's own chrome (a slogan and an SMS
prompt printed in every article column) is still learned and removed from all fourteen.
"""

from __future__ import annotations

import json

import pytest
from arshif_cli import archive_env, arshif
from one_body_site import (
    BODY,
    BROKEN_COPY,
    BROKEN_PARAGRAPH,
    COPIES,
    OTHERS,
    SITE_CHROME,
    WINDOWS_1256_COPY,
    OneBodySite,
)

pytestmark = pytest.mark.slow
RUN_DATE = "2026-11-26"  # the site's articles are of that day; nothing here reads the clock


@pytest.fixture(scope="module")
def crawl(tmp_path_factory, s3_endpoint):
    home = tmp_path_factory.mktemp("one-body-home")
    env = archive_env(home, s3_endpoint, "arshif-one-body")
    with OneBodySite() as site:
        sites = home / "sites.yaml"
        sites.write_text(site.sites_yaml(), encoding="utf-8")
        result = arshif(env, "run", "--sites", str(sites), "--date", RUN_DATE, "--json")
        texts = {n: json.loads(arshif(env, "get", site.url(n), "--format", "json").stdout)["article"]
                 for n in range(1, COPIES + len(OTHERS) + 1)}
    return {"report": json.loads(result.stdout[result.stdout.index("{"):]), "texts": texts}


def paragraphs(article: dict) -> list[str]:
    return [block for block in article["text"].split("\n\n") if block.strip()]


def test_every_copy_of_the_body_is_archived_whole(crawl):
    texts = crawl["texts"]
    for number in range(1, COPIES + 1):
        kept = paragraphs(texts[number])
        if number == BROKEN_COPY:
            # Three damaged letters in one paragraph; every other paragraph as written.
            assert len(kept) == len(BODY) and kept[BROKEN_PARAGRAPH].count("\ufffd") >= 3
            assert [p for i, p in enumerate(kept) if i != BROKEN_PARAGRAPH] == \
                [p for i, p in enumerate(BODY) if i != BROKEN_PARAGRAPH]
        else:
            assert kept == BODY, f"copy {number}"
        assert texts[number].get("chrome_skipped") is None
    assert texts[WINDOWS_1256_COPY]["charset"] == "windows-1256"


def test_the_sites_own_chrome_is_learned_and_removed_everywhere(crawl):
    for number, article in crawl["texts"].items():
        assert article["chrome_model"], number
        for line in SITE_CHROME:
            assert line not in article["text"], (number, line)
    for offset, (_title, body) in enumerate(OTHERS):
        assert paragraphs(crawl["texts"][COPIES + 1 + offset]) == body


def test_the_run_report_has_no_empty_text_and_no_skipped_chrome(crawl):
    (figures,) = crawl["report"]["sites"].values()
    assert figures["status"] == "archived"
    assert figures["extracted"] == COPIES + len(OTHERS)
    assert figures["empty_text"] == 0
    assert figures["chrome_skipped"] == 0 and figures["alerts"] == []
