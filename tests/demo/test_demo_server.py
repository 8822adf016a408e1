"""The demo server for real, on its loopback addresses: what a crawler sees over HTTP."""

from __future__ import annotations

import gzip
import re
import socket
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
import yaml

from arshif.demo import (
    DEMO_SITES,
    clear_requests_log,
    ensure_running,
    expected_articles,
    requests_log,
    scenario,
    set_day,
    site_named,
    sites_yaml,
    status,
    stop,
)

pytestmark = pytest.mark.usefixtures("demo_server")


def body_paragraphs(html: bytes, encoding: str) -> list[str]:
    tree = lxml.html.fromstring(html.decode(encoding))
    (body,) = tree.xpath(
        '//div[@class="news-body" or @class="post-content" or @class="gw-story__body"]'
    )
    return [el.text_content() for el in body if el.tag in ("p", "h2")]


def links(base: str, body: bytes, encoding: str) -> set[str]:
    """Every href of an HTML page, or every <link>/<loc> of a feed or sitemap, made absolute."""
    text = body.decode(encoding)
    if text.lstrip().startswith("<?xml"):
        root = ET.fromstring(body)
        found = [e.text for e in root.iter() if e.tag.split("}")[-1] in ("link", "loc") and e.text]
        found += [e.get("href") for e in root.iter() if e.get("href")]
    else:
        found = lxml.html.fromstring(text).xpath("//a/@href")
    return {urljoin(base, href) for href in found}


def test_three_sites_answer_each_with_its_own_template(fetch):
    set_day(1)
    pages = {}
    for site in DEMO_SITES:
        code, headers, body = fetch(site.base_url)
        assert code == 200 and headers["server"] == "nginx"
        text = body.decode(site.encoding)
        assert site.title in text and 'lang="ar" dir="rtl"' in text
        pages[site.name] = text
    assert 'class="breaking-news"' in pages["masr-today"]
    assert 'id="urgent"' in pages["levant-post"] and "<marquee" in pages["levant-post"]
    assert 'class="gw-breaking"' in pages["gulf-wire"]
    assert len(set(pages.values())) == 3


@pytest.mark.parametrize("day", [1, 2])
def test_every_article_is_reachable_from_feeds_sitemaps_and_sections(fetch, day):
    set_day(day)
    config = yaml.safe_load(sites_yaml())
    for entry in config["sites"]:
        site = site_named(entry["name"])
        discovered = set()
        disallowed = site.members_prefix + "/"
        for url in [*entry["feeds"], *entry["sitemaps"], *entry["start_urls"]]:
            if urlsplit(url).path.startswith(disallowed):
                continue  # listed in the sites file, but robots.txt forbids it
            code, _, body = fetch(url)
            assert code == 200, url
            encoding = "utf-8" if url in entry["feeds"] + entry["sitemaps"] else site.encoding
            for link in links(url, body, encoding):
                path = unquote(urlsplit(link).path)
                if urlsplit(link).netloc == f"{site.host}:8765" and re.search(
                    entry["article_pattern"], path
                ):
                    discovered.add(path)
        expected = {unquote(urlsplit(a.url).path) for a in expected_articles(site.name, day)}
        assert len(expected) >= 20
        assert discovered == expected, site.name


def test_levant_post_sends_windows_1256_with_no_charset_in_the_header(fetch):
    set_day(1)
    article = expected_articles("levant-post", 1)[0]
    code, headers, body = fetch(article.url, {"Accept-Encoding": "gzip"})
    assert code == 200 and headers["content-type"] == "text/html"
    assert "content-encoding" not in headers  # the old site never compresses
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("windows-1256")
    assert 'charset=windows-1256"' in text and article.title in text
    assert body_paragraphs(body, "windows-1256") == [t for _, t in article.blocks]


def test_robots_disallows_the_members_section_and_it_lists_articles(fetch):
    set_day(2)
    story = scenario()
    for site in DEMO_SITES:
        prefix = story.disallowed_prefix[site.name]
        code, _, robots = fetch(site.url("/robots.txt"))
        assert code == 200 and f"Disallow: {prefix}" in robots.decode()
        code, _, members = fetch(site.url(prefix))
        assert code == 200
        listed = {
            urljoin(site.base_url, h) for h in links(site.url(prefix), members, site.encoding)
        }
        wanted = {site.iri(unquote(urlsplit(u).path)) for u in story.disallowed_urls[site.name][2]}
        assert wanted <= {unquote(u) for u in listed}
        code, _, _ = fetch(story.disallowed_urls[site.name][2][0])
        assert code == 200  # it is there for a crawler that ignores robots.txt


def test_switching_the_day_changes_feeds_and_new_articles(fetch):
    story = scenario()
    for site in DEMO_SITES:
        set_day(1)
        feed1 = fetch(site.url(site.feed_path))[2]
        new = story.new_on_day2[site.name][0]
        assert fetch(new)[0] == 404
        set_day(2)
        feed2 = fetch(site.url(site.feed_path))[2]
        assert feed1 != feed2
        assert new.encode() in feed2 and new.encode() not in feed1
        assert fetch(new)[0] == 200
    assert status()["day"] == 2


def test_scenario_pages_over_http_across_days(fetch):
    story = scenario()

    def both(url: str, headers: dict | None = None) -> tuple[tuple, tuple]:
        set_day(1)
        one = fetch(url, headers, raw=True)
        set_day(2)
        return one, fetch(url, headers, raw=True)

    for headers in (None, {"Accept-Encoding": "gzip"}):
        one, two = both(story.byte_identical, headers)
        assert one[2] == two[2] and one[1]["etag"] == two[1]["etag"]
        assert one[1]["last-modified"] == two[1]["last-modified"]
    code, _, body = fetch(story.byte_identical, {"If-None-Match": one[1]["etag"]})
    assert code == 304 and body == b""

    one, two = both(story.edited, {"Accept-Encoding": "gzip"})
    assert two[1]["content-encoding"] == "gzip"
    old, new = (body_paragraphs(gzip.decompress(r[2]), "utf-8") for r in (one, two))
    assert old != new and len(old) == len(new)

    one, two = both(story.chrome_only)
    assert one[2] != two[2] and one[1]["etag"] != two[1]["etag"]
    assert body_paragraphs(one[2], "utf-8") == body_paragraphs(two[2], "utf-8")


def test_seed_article_page_has_the_four_subheadings_as_h2(fetch):
    set_day(1)
    code, _, body = fetch(scenario().seed)
    assert code == 200
    tree = lxml.html.fromstring(body.decode())
    (article,) = tree.xpath("//article")
    assert len(article.xpath('.//div[@class="news-body"]/h2')) == 4
    header = tree.xpath("//header")[0].text_content()
    assert "عاجل" in header and "رئيس التحرير" in header and "أحمد ناصف" in header
    assert "رئيس التحرير" not in article.text_content()


def test_arabic_slug_url_answers_percent_encoded_and_raw(fetch):
    set_day(2)
    article = next(a for a in expected_articles("gulf-wire", 2) if a.url == scenario().wire_pair[1])
    code, _, encoded = fetch(article.url)
    assert code == 200 and "%D9" in article.url
    raw_path = urlsplit(article.iri).path.encode()
    with socket.create_connection(("127.0.0.23", 8765), timeout=10) as conn:
        conn.sendall(
            b"GET " + raw_path + b" HTTP/1.1\r\nHost: 127.0.0.23:8765\r\nConnection: close\r\n\r\n"
        )
        response = b""
        while chunk := conn.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and body == encoded
    code, headers, _ = fetch(article.url + "?utm_source=feed")
    assert code == 200
    code, headers, _ = fetch(
        "http://127.0.0.23:8765/story/2026/11/another-slug-" + article.url.rsplit("-", 1)[1]
    )
    assert code == 301 and headers["location"] == article.url


def test_request_log_lists_what_the_sites_received(fetch):
    set_day(1)
    clear_requests_log()
    fetch("http://127.0.0.21:8765/robots.txt")
    fetch("http://127.0.0.22:8765/no-such-page")
    fetch("http://127.0.0.20:8765/status")  # the control address is not a site: not logged
    log = requests_log()
    mine = [(r["host"], r["path"], r["status"]) for r in log]
    assert ("127.0.0.21", "/robots.txt", 200) in mine
    assert ("127.0.0.22", "/no-such-page", 404) in mine
    assert all(r["host"] != "127.0.0.20" for r in log)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$", r["time"]) for r in log)
    clear_requests_log()
    assert ("127.0.0.21", "/robots.txt", 200) not in [
        (r["host"], r["path"], r["status"]) for r in requests_log()
    ]


def test_control_api_rejects_bad_days_and_ensure_running_reuses_the_server(fetch, tmp_path):
    before = status()
    code, _, body = fetch("http://127.0.0.20:8765/day?set=9")
    assert code == 400 and status()["day"] == before["day"]
    code, _, body = fetch("http://127.0.0.20:8765/day?set=2")
    assert code == 200 and status()["day"] == 2
    ensure_running(tmp_path, day=1)  # another home: the running server is reused, not replaced
    assert status()["pid"] == before["pid"] and status()["day"] == 1
    assert stop(tmp_path) is False and status() is not None  # not this home's to stop


def test_a_server_built_from_other_files_is_replaced_not_reused(demo_server, tmp_path, monkeypatch):
    """A demo server left running by an older checkout serves another network: reusing it would
    make every test of the scenario wrong in ways hard to see."""
    from arshif.demo import launcher

    before = status()
    monkeypatch.setattr(launcher, "network_version", lambda: "another-version")
    try:
        ensure_running(tmp_path, day=1)
        replaced = status()
        assert replaced["pid"] != before["pid"]
    finally:
        monkeypatch.undo()
        stop(tmp_path)  # started under this test's home: put the session's server back
        ensure_running(demo_server["home"], day=before["day"])
    assert status()["version"] == launcher.network_version()
