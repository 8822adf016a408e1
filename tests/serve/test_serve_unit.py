"""The pieces of `arshif serve` that need no archive: URL checks, link rewriting, Memento text."""

from __future__ import annotations

import lxml.html
import pytest

from arshif.serve import Origins
from arshif.serve.errors import ApiError
from arshif.serve.lookup import checked_time, checked_url
from arshif.serve.memento import Links, parse_http_date
from arshif.serve.rewrite import archive_link, rewrite_page
from arshif.serve.wayback import policy, wayback_time

STAMP = "20261128093000"


@pytest.mark.parametrize("url", [
    "http://127.0.0.21:8765/news/900438/",
    "https://example.com/story/2026/11/تراجع-أسعار",
    "http://127.0.0.23:8765/story/2026/11/%D8%AA%D8%B1%D8%A7%D8%AC%D8%B9-31368",
    "http://example.com/a?ref=home&amp=1",
])
def test_checked_url_accepts_web_addresses(url):
    assert checked_url(url) == url


@pytest.mark.parametrize("url,status", [
    ("", 400), ("../../etc/passwd", 400), ("/etc/passwd", 400), ("file:///etc/passwd", 400),
    ("http://x/a/../../etc/passwd", 400), ("http://x/%2e%2e/etc", 400), ("http://x/%252E%252E/etc", 400),
    ("http://x/a%00b", 400), ("http://x/a\x00b", 400), ("http:///nohost", 400), ("javascript:alert(1)", 400),
    ("http://x/" + "a" * 9000, 414),
])
def test_checked_url_refuses_probes(url, status):
    with pytest.raises(ApiError) as caught:
        checked_url(url)
    assert caught.value.status == status and caught.value.hint


def test_checked_time_names_the_accepted_formats():
    assert checked_time(None) is None
    assert checked_time("20261129081502").isoformat() == "2026-11-29T08:15:02+00:00"
    with pytest.raises(ApiError) as caught:
        checked_time("yesterday")
    assert caught.value.status == 400 and "20261129081502" in caught.value.extra["accepted"]


def test_wayback_time_pads_short_stamps():
    assert wayback_time("2026").isoformat() == "2026-01-01T00:00:00+00:00"
    assert wayback_time("202611").isoformat() == "2026-11-01T00:00:00+00:00"
    with pytest.raises(ApiError):
        wayback_time("20261399")


@pytest.mark.parametrize("link,expected", [
    ("b.html", f"/web/{STAMP}/http://site/news/b.html"),
    ("/img/a.png", f"/web/{STAMP}/http://site/img/a.png"),
    ("//cdn.example/x.css", f"/web/{STAMP}/http://cdn.example/x.css"),
    ("https://other.example/p?q=1", f"/web/{STAMP}/https://other.example/p?q=1"),
    ("#top", "#top"), ("mailto:a@b", "mailto:a@b"), ("data:image/png;base64,AA", "data:image/png;base64,AA"),
    ("javascript:alert(1)", "#"), (" JavaScript:alert(1)", "#"), ("file:///etc/passwd", "#"),
])
def test_archive_link(link, expected):
    assert archive_link(link, "http://site/news/a.html", STAMP) == expected


def test_rewrite_page_removes_script_and_leads_links_into_the_archive():
    html = ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="windows-1256">'
            '<base href="http://site/section/"><title>خبر &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>'
            '<script>steal()</script><link rel="stylesheet" href="/s.css">'
            '<meta http-equiv="refresh" content="5; url=http://evil.example/"></head>'
            '<body onload="steal()"><a href="../a/2.html" onclick="x()">٢</a><img src="i.png" '
            'srcset="/1.png 1x, /2.png 2x" onerror="x()"><a href="javascript:steal()">j</a>'
            '<svg><script>steal()</script></svg><p style="background:url(/bg.png)">نص</p></body></html>')
    out = rewrite_page(html, "http://site/news/1.html", STAMP)
    doc = lxml.html.document_fromstring(out)
    assert "<script" not in out.lower() and "javascript:" not in out.lower()
    assert doc.findtext(".//title") == "خبر </title><script>x()</script>"
    assert not doc.findall(".//base")
    links = {link for _, _, link, _ in doc.iterlinks()}
    assert f"/web/{STAMP}/http://site/a/2.html" in links
    assert f"/web/{STAMP}/http://site/s.css" in links
    assert f"/web/{STAMP}/http://site/bg.png" in links
    assert f'content="5; url=/web/{STAMP}/http://evil.example/"' in out
    assert f"/web/{STAMP}/http://site/1.png 1x, /web/{STAMP}/http://site/2.png 2x" in out
    assert not any(a.startswith("on") for e in doc.iter() if isinstance(e.tag, str) for a in e.attrib)
    assert doc.find(".//meta[@charset]").get("charset") == "utf-8"
    assert out.startswith("<!DOCTYPE html>")


def test_policy_forbids_script_and_names_the_ui_origin():
    origins = Origins.of("127.0.0.1", 8080, 8081)
    text = policy(origins)
    assert "script-src 'none'" in text and "object-src 'none'" in text and "base-uri 'none'" in text
    assert "form-action 'none'" in text and "default-src 'self' data:" in text
    assert "frame-ancestors http://127.0.0.1:8080 http://localhost:8080;" in text


def test_timemap_and_link_header():
    rows = [{"timestamp": "2026-11-28T09:30:00.5Z", "url": "http://site/a"},
            {"timestamp": "2026-11-29T10:00:01Z", "url": "http://site/a?ref=home"}]
    links = Links("http://127.0.0.1:8081", "http://site/a")
    body = links.timemap_body(rows)
    assert body.splitlines() == [
        '<http://site/a>; rel="original",',
        '<http://127.0.0.1:8081/timegate/http://site/a>; rel="timegate",',
        '<http://127.0.0.1:8081/timemap/link/http://site/a>; rel="self"; type="application/link-format"; '
        'from="Sat, 28 Nov 2026 09:30:00 GMT"; until="Sun, 29 Nov 2026 10:00:01 GMT",',
        '<http://127.0.0.1:8081/web/20261128093000/http://site/a>; rel="first memento"; '
        'datetime="Sat, 28 Nov 2026 09:30:00 GMT",',
        '<http://127.0.0.1:8081/web/20261129100001/http://site/a?ref=home>; rel="last memento"; '
        'datetime="Sun, 29 Nov 2026 10:00:01 GMT"']
    header = links.header(rows, rows[1])
    assert 'rel="last memento"' in header and header.count("rel=") == 5
    assert parse_http_date("Sun, 29 Nov 2026 10:00:01 GMT").isoformat() == "2026-11-29T10:00:01+00:00"
    assert parse_http_date("last tuesday") is None


def test_a_timestamp_names_its_own_second_before_a_nearer_capture_in_the_previous_one():
    from arshif.retrieve import nearest_memento as choose

    alias = {"url": "http://s/a?ref=home", "timestamp": "2026-11-30T08:24:04.950000Z"}
    own = {"url": "http://s/a", "timestamp": "2026-11-30T08:24:05.900000Z"}
    rows = [alias, own]
    assert choose(rows, "http://s/a", wayback_time("20261130082405"), "20261130082405") is own
    assert choose(rows, "http://s/a?ref=home", wayback_time("20261130082404"), "20261130082404") is alias
    assert choose(rows, "http://s/a", wayback_time("2026"), "2026") is alias  # no such second: nearest
