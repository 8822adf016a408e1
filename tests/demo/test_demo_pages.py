"""The demo network's pages, feeds and scenario, checked through `render` (no socket needed)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest
import yaml

from arshif.demo import (
    DAY_DATES,
    DEMO_SITES,
    expected_articles,
    render,
    scenario,
    site_named,
    sites_yaml,
)

SITES = [s.name for s in DEMO_SITES]
BODY = {  # where each template keeps the article body
    "masr-today": '//div[@class="news-body"]',
    "levant-post": '//div[@class="post-content"]',
    "gulf-wire": '//div[@class="gw-story__body"]',
}
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


def path_of(url: str) -> str:
    return urlsplit(url).path


def page(site: str, url: str, day: int) -> lxml.html.HtmlElement:
    status, _, body = render(site, path_of(url), day)
    assert status == 200, url
    return lxml.html.fromstring(body.decode(site_named(site).encoding))


def body_blocks(site: str, tree: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    (body,) = tree.xpath(BODY[site])
    return [(el.tag, el.text_content()) for el in body if el.tag in ("p", "h2")]


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


@pytest.mark.parametrize("day", [1, 2])
@pytest.mark.parametrize("site", SITES)
def test_each_site_has_twenty_articles_or_more_with_real_bodies(site, day):
    articles = expected_articles(site, day)
    assert len(articles) >= 20
    assert len({a.url for a in articles}) == len(articles)
    dates = {DAY_DATES[day], DAY_DATES[day] - timedelta(days=1), DAY_DATES[1] - timedelta(days=1)}
    with_subheadings = 0
    for article in articles:
        assert article.published.utcoffset() is not None
        assert article.published.date() in dates
        assert 4 <= len(article.paragraphs) <= 8, article.url
        assert all(len(p.split()) >= 8 for p in article.paragraphs)
        assert len(article.subheadings) <= 4
        with_subheadings += bool(article.subheadings)
        assert article.author and article.title
    assert with_subheadings >= 0.6 * len(articles)


def test_headlines_and_bodies_are_distinct_across_the_network():
    articles = [a for s in SITES for a in expected_articles(s, 2)]
    assert len({a.title for a in articles}) == len(articles)
    wire = set(scenario().wire_pair)
    texts = {a.url: a.text for a in articles if a.url not in wire}
    scores = [jaccard(x, y) for x, y in itertools.combinations(texts.values(), 2)]
    # articles share few word 5-grams: no near-copies besides the wire pair
    assert max(scores) < 0.3
    assert sum(scores) / len(scores) < 0.01


@pytest.mark.parametrize("site", SITES)
def test_page_body_holds_exactly_the_expected_blocks_and_metadata(site):
    demo = site_named(site)
    for article in expected_articles(site, 2):
        tree = page(site, article.url, 2)
        assert body_blocks(site, tree) == [
            ("h2" if k == "h2" else "p", t) for k, t in article.blocks
        ]
        assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
        title = tree.findtext(".//title")
        assert title in (f"{article.title} - {demo.title}", f"{article.title} | {demo.title}")
        meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}
        assert meta["og:title"] == article.title and meta["og:type"] == "article"
        assert meta["article:published_time"] == article.published.isoformat()
        assert (meta.get("article:modified_time") is not None) == (article.modified is not None)
        assert tree.xpath('//link[@rel="canonical"]/@href') == [article.url]
        (ld,) = tree.xpath('//script[@type="application/ld+json"]/text()')
        data = json.loads(ld)
        assert data["@type"] == "NewsArticle" and data["headline"] == article.title
        assert data["datePublished"] == article.published.isoformat()
        assert data["author"]["name"] == article.author


def test_templates_are_distinguishable():
    classes = {}
    for site in SITES:
        article = expected_articles(site, 1)[0]
        tree = page(site, article.url, 1)
        classes[site] = {c for el in tree.iter() for c in (el.get("class") or "").split()}
    for a, b in itertools.combinations(SITES, 2):
        assert len(classes[a] & classes[b]) <= 2, (a, b, classes[a] & classes[b])


@pytest.mark.parametrize("site", SITES)
def test_chrome_is_around_the_article_not_in_it(site):
    article = expected_articles(site, 1)[3]
    status, _, raw = render(site, path_of(article.url), 1)
    html = raw.decode(site_named(site).encoding)
    tree = lxml.html.fromstring(html)
    body_text = "\n".join(t for _, t in body_blocks(site, tree))
    for chrome in (
        "رئيس التحرير",
        "فيسبوك",
        "تويتر",
        "واتساب",
        "اقرأ أيضا",
        "الأكثر قراءة",
        "تابعونا على",
        "جميع الحقوق محفوظة",
    ):
        assert chrome in html, chrome
        assert chrome not in body_text, chrome
    assert "شارك" in html
    # the ticker is in the header, before the headline; "اقرأ أيضا" comes after the body
    body = html.index("<body")
    assert body < html.index("عاجل", body) < html.index("<h1") < html.index("اقرأ أيضا")


def test_seed_article_keeps_its_text_and_four_h2_subheadings():
    story = scenario()
    tree = page("masr-today", story.seed, 1)
    seed_file = Path(__file__).resolve().parents[2].parent / "shared/seed/000_001dd51da319823b.txt"
    h2 = [t for k, t in body_blocks("masr-today", tree) if k == "h2"]
    assert h2 == [
        "موسكو مستعدة لتقديم الدعم العسكري والتدريب لدول الساحل الأفريقي",
        "روسيا تدعم تعزيز القدرة القتالية لجيوش دول الساحل وتزويدها بالأسلحة",
        "اتهام أوكرانيا بدعم الجماعات الإرهابية في المنطقة",
        "توتر العلاقات بين مالي وأوكرانيا على خلفية دعم الجماعات المسلحة",
    ]
    assert tree.findtext(".//h1").strip().startswith("روسيا تعلن استعدادها للتعاون العسكري")
    assert tree.xpath("//figcaption/text()") == ["الرئيس الروسي فلاديمير بوتين"]
    html = lxml.html.tostring(tree, encoding="unicode")
    assert html.count("أحمد ناصف") == 2
    if seed_file.exists():  # the seed's body is kept word for word
        seed = seed_file.read_text("utf-8")
        for _, text in body_blocks("masr-today", tree):
            assert text in seed


def test_wire_pair_is_a_near_copy_with_an_injected_ad():
    story = scenario()
    masr, gulf = story.wire_pair
    seed = next(a for a in expected_articles("masr-today", 2) if a.url == masr)
    copy = next(a for a in expected_articles("gulf-wire", 2) if a.url == gulf)
    assert gulf in story.new_on_day2["gulf-wire"]
    assert masr not in story.new_on_day2["masr-today"]
    assert seed.title != copy.title
    assert story.wire_ad_paragraph in copy.paragraphs
    assert story.wire_ad_paragraph not in seed.paragraphs
    assert seed.text != copy.text
    assert jaccard(seed.text, copy.text) >= 0.8


def test_scenario_texts_change_only_where_the_scenario_says():
    story = scenario()
    day1 = {a.url: a for s in SITES for a in expected_articles(s, 1)}
    day2 = {a.url: a for s in SITES for a in expected_articles(s, 2)}
    assert set(day1) <= set(day2)
    changed = [url for url in day1 if day1[url].blocks != day2[url].blocks]
    assert changed == [story.edited]
    old, new = day1[story.edited].paragraphs, day2[story.edited].paragraphs
    assert len(old) == len(new) and sum(a != b for a, b in zip(old, new, strict=True)) == 2
    assert new[-1].startswith(old[-1]) and len(new[-1]) > len(old[-1])  # a sentence added
    assert day2[story.edited].modified and day2[story.chrome_only].modified
    for site in SITES:
        new_urls = set(day2) - set(day1)
        assert set(story.new_on_day2[site]) == {
            u for u in new_urls if u.startswith(site_named(site).origin)
        }
        assert len(story.new_on_day2[site]) >= 5


def test_pages_change_between_days_as_the_scenario_says():
    story = scenario()

    def both(url: str) -> tuple[bytes, bytes]:
        site = next(s.name for s in DEMO_SITES if url.startswith(s.origin))
        return render(site, path_of(url), 1)[2], render(site, path_of(url), 2)[2]

    one, two = both(story.byte_identical)
    assert one == two
    one, two = both(story.chrome_only)
    assert one != two
    assert "آخر تحديث" not in one.decode() and "آخر تحديث" in two.decode()
    assert body_blocks("gulf-wire", lxml.html.fromstring(one)) == body_blocks(
        "gulf-wire", lxml.html.fromstring(two)
    )
    one, two = both(story.seed)  # any other article: new chrome, same text
    assert one != two
    assert body_blocks("masr-today", lxml.html.fromstring(one)) == body_blocks(
        "masr-today", lxml.html.fromstring(two)
    )


@pytest.mark.parametrize("site", SITES)
def test_feeds_and_news_sitemaps(site):
    demo = site_named(site)
    for day in (1, 2):
        expected = {a.url for a in expected_articles(site, day)}
        status, headers, body = render(site, demo.feed_path, day)
        root = ET.fromstring(body)
        if demo.feed_kind == "rss":
            assert headers["Content-Type"].startswith("application/rss+xml")
            links = [i.findtext("link") for i in root.iter("item")]
        else:
            assert headers["Content-Type"].startswith("application/atom+xml")
            links = [
                e.find("atom:link", NS).get("href") for e in root.iter(f"{{{NS['atom']}}}entry")
            ]
        assert len(links) == 20
        assert {link.split("?")[0] for link in links} <= expected
        status, headers, body = render(site, demo.sitemap_path, day)
        root = ET.fromstring(body)
        urls = root.findall("sm:url", NS)
        assert urls and {u.findtext("sm:loc", namespaces=NS) for u in urls} <= expected
        for url in urls:
            news = url.find("news:news", NS)
            assert news.findtext("news:publication/news:language", namespaces=NS) == "ar"
            assert news.findtext("news:title", namespaces=NS)
            assert news.findtext("news:publication_date", namespaces=NS)[19:] in (
                "+02:00",
                "+04:00",
            )


@pytest.mark.parametrize("site", SITES)
def test_robots_disallows_the_members_section_that_lists_articles(site):
    demo = site_named(site)
    story = scenario()
    robots = RobotFileParser()
    robots.parse(render(site, "/robots.txt", 1)[2].decode().splitlines())
    prefix = story.disallowed_prefix[site]
    assert f"Sitemap: {demo.url(demo.sitemap_path)}" in render(site, "/robots.txt", 1)[2].decode()
    assert not robots.can_fetch("arshif", demo.url(prefix))
    assert robots.can_fetch("arshif", expected_articles(site, 1)[0].url)
    home = render(site, "/", 1)[2].decode(demo.encoding)
    assert f'{prefix}"' in home  # the home page links to the section
    for day in (1, 2):
        members = render(site, prefix, day)[2].decode(demo.encoding)
        urls = story.disallowed_urls[site][day]
        assert len(urls) >= 3
        for url in urls:
            assert path_of(url).startswith(prefix)
            assert not robots.can_fetch("arshif", url)
            assert unquote(path_of(url)) in members  # as the page links it
            assert re.search(demo.article_pattern, path_of(url))  # a careless crawler takes it
            assert render(site, path_of(url), day)[0] == 200


def test_levant_post_pages_are_windows_1256_declared_in_the_page_only():
    article = expected_articles("levant-post", 1)[0]
    status, headers, body = render("levant-post", path_of(article.url), 1)
    assert headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("windows-1256")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />' in text
    assert article.title in text and "تشرين الثاني" in text


def test_gulf_wire_links_arabic_slugs_raw_and_answers_either_form():
    article = expected_articles("gulf-wire", 1)[0]
    assert "%D8" in article.url and re.search("[\u0600-\u06ff]", article.iri)
    encoded = render("gulf-wire", path_of(article.url), 1)
    raw = render("gulf-wire", path_of(article.iri), 1)
    assert encoded == raw and encoded[0] == 200
    home = render("gulf-wire", "/", 1)[2].decode()
    assert f'href="{path_of(article.iri)}"' in home
    outdated = re.sub(r"/[^/]+-(\d+)$", r"/old-slug-\1", path_of(article.iri))
    status, headers, _ = render("gulf-wire", outdated, 1)
    assert status == 301 and headers["Location"] == article.url


def test_unknown_paths_are_404_and_near_misses_redirect():
    assert render("masr-today", "/no/such/page", 1)[0] == 404
    assert render("levant-post", "/article/1.html", 1)[0] == 404
    status, headers, _ = render("masr-today", "/section/sports", 1)
    assert status == 301 and headers["Location"].endswith("/section/sports/")
    new_url = scenario().new_on_day2["masr-today"][0]
    assert render("masr-today", path_of(new_url), 1)[0] == 404
    assert render("masr-today", path_of(new_url) + "?utm_source=x", 2)[0] == 200


def test_sites_yaml_matches_the_network_and_the_file_in_the_repo():
    data = yaml.safe_load(sites_yaml())
    assert data["allow_private_addresses"] == [f"{s.host}:8765" for s in DEMO_SITES]
    assert [s["name"] for s in data["sites"]] == SITES
    for entry in data["sites"]:
        demo = site_named(entry["name"])
        assert entry["domains"] == [demo.host] and entry["timezone"] == demo.timezone
        assert entry["feeds"] and entry["sitemaps"] and len(entry["start_urls"]) >= 5
        for article in expected_articles(demo.name, 2):
            assert re.search(entry["article_pattern"], path_of(article.url))
            assert re.search(entry["article_pattern"], path_of(article.iri))
        for url in [*entry["start_urls"], *entry["feeds"], *entry["sitemaps"], demo.base_url]:
            assert not re.search(entry["article_pattern"], path_of(url))
            assert render(demo.name, path_of(url), 1)[0] == 200
    shipped = Path(__file__).resolve().parents[2] / "arshif" / "demo" / "sites.yaml"
    assert shipped.read_text("utf-8") == sites_yaml()


def _digest_of_network() -> str:
    digest = hashlib.sha256()
    for site in SITES:
        for day in (1, 2):
            for path in ["/", site_named(site).feed_path, site_named(site).sitemap_path]:
                digest.update(render(site, path, day)[2])
            for article in expected_articles(site, day):
                digest.update(render(site, path_of(article.url), day)[2])
    return digest.hexdigest()


def test_same_day_same_bytes_in_any_process():
    # another interpreter, another hash seed: nothing may depend on either
    code = "import sys, test_demo_pages as t; print(t._digest_of_network())"
    here, root = Path(__file__).parent, Path(__file__).resolve().parents[2]
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PYTHONPATH": f"{here}:{root}", "PATH": ""},
    )
    assert other.stdout.strip() == _digest_of_network()
