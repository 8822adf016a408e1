"""``arshif serve`` on a real archive, over real HTTP (issue 6, item 1).

The demo network's days 1 and 2 go through the DAG into SeaweedFS (a bucket of this module's
own), plus one run of a hostile site (tests/serve/hostile_site.py: script in the body, a title
that closes <title> and opens <script>); one demo article is then taken down. `arshif serve` runs
as a subprocess on free loopback ports and every endpoint is asked over HTTP.

What an archivist relies on: Arabic comes back intact from every site (windows-1256 included);
bad input gets a clear 4xx JSON error and never reaches the disk; a withdrawn article answers
410, never its content; Memento clients get a link-format TimeMap and a TimeGate that
negotiates; a replayed page lives on another origin, under a CSP that forbids script, with its
links leading back into the archive.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import lxml.html
import pytest
from arshif_cli import arshif, serving
from hostile_site import TITLE

from arshif.demo import DAY_DATES, expected_articles, scenario

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BUCKET = "arshif-serve"
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")
SITES = ("masr-today", "levant-post", "gulf-wire")
ENDPOINTS = ("/api/history", "/api/capture", "/api/text", "/api/diff", "/api/cluster", "/api/sites",
             "/api/search")


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def archive(demo_days12_hostile, copy_demo_archive):
    """Days 1 and 2 and the hostile site's run (the session's, tests/demo_archive.py) copied into
    a bucket of this module's own; then one demo article taken down."""
    env, home = copy_demo_archive(demo_days12_hostile, BUCKET)
    withdrawn = withdrawn_article()
    record = json.loads(arshif(env, "takedown", withdrawn.url, "--reason", "test: a court order",
                               "--json").stdout)["takedown"]
    return {"env": env, "home": home, "hostile": demo_days12_hostile.extra["hostile"], "withdrawn": withdrawn,
            "takedown": record}


def withdrawn_article():
    """A masr-today article no other test here asks for."""
    used = {scenario().edited, scenario().seed, *scenario().wire_pair}
    candidates = [a for a in expected_articles("masr-today", 1) if a.paragraphs and a.url not in used]
    return candidates[-1]


@pytest.fixture(scope="module")
def server(archive):
    with serving(archive["env"]) as info:
        yield info


def api(server, path: str, **params) -> httpx.Response:
    return server["client"].get(server["api"] + path, params=params)


def replay(server, path: str, **headers) -> httpx.Response:
    return server["client"].get(server["replay"] + path, headers=headers)


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """A request target sent exactly as written (no client-side normalisation of '..')."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    except ConnectionError:  # the server hung up on the request: it was refused, unread
        return 0, b""
    finally:
        connection.close()


def error_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["error"]
    return body


def history(server, url: str) -> list[dict]:
    response = api(server, "/api/history", url=url)
    assert response.status_code == 200, response.text[:500]
    return response.json()["captures"]


def page_text(html: bytes, charset: str = "utf-8") -> str:
    return squash(lxml.html.document_fromstring(html.decode(charset)).text_content())


# -- the command -------------------------------------------------------------------------------

def test_serve_refuses_a_public_address_or_one_port_for_both(archive):
    """Slow when first to ask for the session's archive with the hostile site's run (its setup
    then runs that day through the DAG, and days 1–2 if nobody asked for them before)."""
    result = arshif(archive["env"], "serve", "--host", "0.0.0.0", check=False, timeout=60)
    assert result.returncode == 2 and "--public" in result.stderr
    result = arshif(archive["env"], "serve", "--port", "18555", "--replay-port", "18555", check=False,
                    timeout=60)
    assert result.returncode == 2 and "origin of their own" in result.stderr


def test_openapi_spec_lists_every_endpoint(server):
    response = api(server, "/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    for path in ENDPOINTS:
        assert path in spec["paths"], path
        operation = spec["paths"][path]["get"]
        assert operation["summary"], path
        assert "200" in operation["responses"]
    assert "url" in {p["name"] for p in spec["paths"]["/api/capture"]["get"]["parameters"]}
    # No third-party script on the API origin: the interactive docs pages (CDN) are off.
    assert api(server, "/docs").status_code == 404


# -- Arabic, every site ------------------------------------------------------------------------

@pytest.mark.parametrize("site", SITES)
def test_history_capture_and_text_keep_arabic_intact(server, site):
    article = next(a for a in expected_articles(site, 1) if a.paragraphs)
    captures = history(server, article.url)
    assert captures and all(c["site"] == site for c in captures)
    assert {"timestamp", "status", "kind", "version", "digest", "warc", "replay"} <= set(captures[0])
    assert captures[0]["replay"].startswith(server["replay"] + "/web/")

    first = captures[0]["timestamp"]
    response = api(server, "/api/capture", url=article.url, at=first)
    assert response.status_code == 200, response.text[:500]
    detail = response.json()
    assert detail["timestamp"] == first
    assert squash(article.title) in squash(detail["article"]["title"])
    assert squash(article.paragraphs[0]) in squash(detail["article"]["text"])

    response = api(server, "/api/text", url=article.url, at=first)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    text = response.content.decode("utf-8")
    assert squash(article.paragraphs[0]) in squash(text)
    for body in (response.text, json.dumps(detail, ensure_ascii=False)):
        assert not any(mark in body for mark in MOJIBAKE)


def test_an_alias_with_a_raw_arabic_path_finds_the_article(server):
    article = next(a for a in expected_articles("gulf-wire", 1) if a.paragraphs)
    assert history(server, article.iri) == history(server, article.url)


@pytest.mark.parametrize("site", SITES)
def test_replay_serves_the_page_with_its_text_intact(server, site):
    article = next(a for a in expected_articles(site, 1) if a.paragraphs)
    captures = history(server, article.url)
    own = next(c for c in captures if c["url"] == article.url)
    stamp = own["replay"].split("/web/")[1].split("/")[0]
    response = replay(server, f"/web/{stamp}/{article.url}")
    assert response.status_code == 200, response.text[:300]
    # The same time under another URL of the article (levant-post's home page links ?ref=home)
    # redirects to the capture made under that URL, if it is another one.
    for capture in captures:
        if capture["url"] != article.url:
            moved = replay(server, capture["replay"].removeprefix(server["replay"]).replace(
                capture["url"], article.url))
            assert moved.status_code in (200, 302)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    text = page_text(response.content)
    assert squash(article.title) in text and squash(article.paragraphs[0]) in text
    assert not any(mark in text for mark in MOJIBAKE)
    raw = replay(server, f"/web/{stamp}id_/{article.url}")
    assert raw.status_code == 200
    if site == "levant-post":  # the archived bytes, in their own charset, byte for byte
        assert article.title.encode("windows-1256") in raw.content
        assert "windows-1256" in raw.headers["content-type"].lower() or b"windows-1256" in raw.content[:2000]
        assert squash(article.title) in page_text(raw.content, "windows-1256")


# -- diff, cluster, sites, search --------------------------------------------------------------

def test_diff_of_an_edited_article(server):
    url = scenario().edited
    response = api(server, "/api/diff", url=url)
    assert response.status_code == 200, response.text[:500]
    diff = response.json()
    assert (diff["from"]["version"], diff["to"]["version"]) == (1, 2)
    assert diff["changes"] and {c["op"] for c in diff["changes"]} <= {"changed", "added", "removed"}
    pieces = [p for c in diff["changes"] for p in c["pieces"]]
    assert any(p["op"] in ("insert", "delete") for p in pieces)
    assert any(re.search("[\u0600-\u06ff]", p["text"]) for p in pieces)
    captures = history(server, url)
    again = api(server, "/api/diff", url=url, **{"from": captures[0]["timestamp"], "to": captures[-1]["timestamp"]})
    assert again.json()["changes"] == diff["changes"]
    one_version = next(a for a in expected_articles("levant-post", 1) if a.url == scenario().byte_identical)
    error_of(api(server, "/api/diff", url=one_version.url), 404)


def test_cluster_names_the_same_story_on_another_site(server):
    first, second = scenario().wire_pair
    response = api(server, "/api/cluster", url=first)
    assert response.status_code == 200, response.text[:500]
    others = response.json()["others"]
    assert any(o["url"] == second or o["canonical_url"] == second for o in others)
    assert all(o["site"] != "masr-today" or o["url"] != first for o in others)


def test_sites_carry_their_runs_figures_and_a_daily_series(server):
    response = api(server, "/api/sites")
    assert response.status_code == 200
    sites = {s["site"]: s for s in response.json()["sites"]}
    assert set(SITES) | {"hostile-news"} == set(sites)
    for name in SITES:
        site = sites[name]
        assert [r["day"] for r in site["runs"]] == [DAY_DATES[1].isoformat(), DAY_DATES[2].isoformat()]
        assert [d["day"] for d in site["daily"]] == [r["day"] for r in site["runs"]]
        assert site["last_run"]["run_key"] == site["runs"][-1]["run_key"]
        assert site["last_run"]["status"] == "archived"
        for figure in ("new", "changed", "unchanged", "failures"):
            assert isinstance(site["last_run"][figure], int)
            assert site["daily"][-1][figure] == site["last_run"][figure]
        assert site["runs"][0]["new"] > 0 and site["articles"] > 0
        assert site["captures"] >= site["articles"]


def test_search_finds_arabic_without_diacritics(server, archive):
    response = api(server, "/api/search", q="الجسر الحجري")
    assert response.status_code == 200, response.text[:500]
    results = response.json()["results"]
    assert results and results[0]["url"] == archive["hostile"]
    assert results[0]["replay"].startswith(server["replay"] + "/web/")
    article = next(a for a in expected_articles("levant-post", 1) if a.paragraphs)
    word = max(article.title.split(), key=len)
    found = api(server, "/api/search", q=word, site="levant-post").json()["results"]
    assert found and all(r["site"] == "levant-post" for r in found)
    assert article.url in {r["canonical_url"] for r in found}
    error_of(api(server, "/api/search", q="  "), 400)
    assert api(server, "/api/search", q="ق" * 3000).status_code in (400, 414)
    error_of(api(server, "/api/search", q="الجسر", **{"from": "yesterday"}), 400)


# -- bad input ---------------------------------------------------------------------------------

def test_unknown_url_is_404_with_a_hint(server):
    url = expected_articles("masr-today", 1)[0].url.rsplit("/", 2)[0] + "/999999999/"
    for path in ("/api/history", "/api/capture", "/api/text", "/api/diff", "/api/cluster"):
        body = error_of(api(server, path, url=url), 404)
        assert "no capture" in body["error"] and body["hint"]
    assert replay(server, f"/web/20261128000000/{url}").status_code == 404
    assert replay(server, f"/timemap/link/{url}").status_code == 404


def test_malformed_timestamps_are_400_with_the_accepted_formats(server):
    url = scenario().edited
    for bad in ("yesterday", "2026-13-45", "2026-11-29T25:00", "2026112908150", "٢٠٢٦-١١-٢٩x"):
        body = error_of(api(server, "/api/capture", url=url, at=bad), 400)
        assert "20261129081502" in " ".join(body["accepted"]), bad
    error_of(api(server, "/api/diff", url=url, **{"from": "nope"}), 400)
    assert replay(server, f"/web/2026zz/{url}").status_code == 400
    assert replay(server, f"/web/20261399/{url}").status_code == 400
    assert replay(server, f"/timegate/{url}", **{"Accept-Datetime": "last tuesday"}).status_code == 400
    body = error_of(api(server, "/api/capture"), 400)
    assert "url" in body["error"]


PROBES = ["../../../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "..%2f..%2fetc%2fpasswd",
          "http://127.0.0.21:8765/news/../../../etc/passwd",
          "http://127.0.0.21:8765/%2e%2e/%2e%2e/etc/passwd",
          "http://127.0.0.21:8765/%252e%252e/etc/passwd",
          "http://127.0.0.21:8765/news/1\x00.html", "C:\\Windows\\win.ini"]


@pytest.mark.parametrize("probe", PROBES)
def test_path_traversal_is_refused_before_any_lookup(server, probe):
    for path in ("/api/history", "/api/capture", "/api/text"):
        response = api(server, path, url=probe)
        assert response.status_code in (400, 404), (path, probe, response.status_code)
        assert "root:" not in response.text and "[fonts]" not in response.text
    encoded = quote(probe, safe=":/%\\")
    status, body = raw_get(server["replay"], f"/web/20261128000000/{encoded}")
    assert status in (400, 404) and b"root:" not in body


def test_raw_dot_segments_in_the_request_target_never_reach_a_file(server):
    for base in (server["api"], server["replay"]):
        for target in ("/../../../../etc/passwd", "/api/../../etc/passwd", "/web/../../../etc/passwd",
                       "/web/%2e%2e/%2e%2e/etc/passwd", "/web/20261128000000/%00", "/static/..%2f..%2fetc%2fpasswd"):
            status, body = raw_get(base, target)
            assert status in (400, 404), (base, target, status)
            assert b"root:" not in body


def test_huge_requests_are_refused(server):
    url = "http://127.0.0.21:8765/news/" + "a" * 10_000
    body = error_of(api(server, "/api/history", url=url), 414)
    assert "8192" in body["hint"]
    assert replay(server, f"/web/{url}").status_code == 414
    # Past what a client library sends (httpx stops at 64 KiB): uvicorn refuses it itself.
    # (It may also close the connection while the request is still being sent: status 0.)
    status, _ = raw_get(server["api"], "/api/history?url=http://127.0.0.21:8765/" + "b" * 200_000)
    assert status in (0, 400, 414)
    assert api(server, "/api/health").status_code == 200  # and the server is still there


# -- takedowns ---------------------------------------------------------------------------------

def test_a_withdrawn_article_is_gone_everywhere(server, archive):
    article, takedown = archive["withdrawn"], archive["takedown"]
    for path in ("/api/history", "/api/capture", "/api/text", "/api/diff", "/api/cluster"):
        response = api(server, path, url=article.url)
        body = error_of(response, 410)
        assert body["takedown"] == {"id": takedown["id"], "decided_at": takedown["decided_at"]}
        assert squash(article.paragraphs[0])[:40] not in squash(response.text)
    for path in (f"/web/{article.url}", f"/web/20261128000000/{article.url}", f"/web/20261128000000id_/{article.url}",
                 f"/timegate/{article.url}", f"/timemap/link/{article.url}"):
        response = replay(server, path)
        assert response.status_code == 410, path
        assert takedown["id"] in response.text
        assert article.title not in response.text
    words = " ".join(re.sub(r"[^\w\s]", " ", article.title).split()[:3])
    response = api(server, "/api/search", q=words)
    assert response.status_code == 200, response.text[:300]
    assert article.url not in {r["url"] for r in response.json()["results"]}


# -- Memento -----------------------------------------------------------------------------------

LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[\w-]+\s*=\s*"[^"]*")*)\s*(?:,|$)')
ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def link_format(text: str) -> list[dict]:
    """application/link-format (RFC 6690) entries: target and attributes."""
    entries = [{"href": m.group(1), **dict(ATTR.findall(m.group(2)))} for m in LINK.finditer(text.strip())]
    assert entries and len(entries) == len(re.findall(r"(?:^|,)\s*<", text.strip()))
    return entries


def http_date(iso: str) -> str:
    from datetime import datetime

    return format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")).replace(microsecond=0), usegmt=True)


def test_timemap_is_link_format_with_every_memento(server):
    url = scenario().edited
    captures = history(server, url)
    response = replay(server, f"/timemap/link/{url}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/link-format")
    entries = link_format(response.text)
    rels = {e["rel"]: e for e in entries if e["rel"] in ("original", "timegate", "self")}
    assert rels["original"]["href"] == url
    assert rels["timegate"]["href"] == f"{server['replay']}/timegate/{url}"
    assert rels["self"]["href"] == f"{server['replay']}/timemap/link/{url}"
    assert rels["self"]["type"] == "application/link-format"
    mementos = [e for e in entries if "memento" in e["rel"].split()]
    assert [m["datetime"] for m in mementos] == [http_date(c["timestamp"]) for c in captures]
    assert [m["href"] for m in mementos] == [c["replay"] for c in captures]
    assert "first" in mementos[0]["rel"].split() and "last" in mementos[-1]["rel"].split()
    for memento in mementos:  # each one answers, at the time it claims
        page = server["client"].get(memento["href"])
        assert page.status_code == 200
        assert page.headers["memento-datetime"] == memento["datetime"]


def test_timegate_negotiates_to_the_nearest_capture(server):
    from arshif.retrieve import nearest

    url = scenario().edited
    captures = history(server, url)
    rows = [{**c, "timestamp": c["timestamp"]} for c in captures]
    first, last = (parsedate_to_datetime(http_date(c["timestamp"])) for c in (captures[0], captures[-1]))
    asked = [first.replace(year=first.year - 1), first, last, last.replace(year=last.year + 1),
             first + (last - first) / 3]
    for moment in asked:
        moment = moment.replace(microsecond=0)
        expected = nearest(rows, moment)
        response = replay(server, f"/timegate/{url}", **{"Accept-Datetime": format_datetime(moment, usegmt=True)})
        assert response.status_code == 302, response.text
        assert response.headers["location"] == expected["replay"]
        assert "accept-datetime" in response.headers["vary"].lower()
        assert 'rel="original"' in response.headers["link"]
    latest = replay(server, f"/timegate/{url}")
    assert latest.headers["location"] == captures[-1]["replay"]
    page = server["client"].get(latest.headers["location"])
    assert page.status_code == 200 and page.headers["memento-datetime"] == http_date(captures[-1]["timestamp"])
    assert f'<{url}>; rel="original"' in page.headers["link"]
    assert 'rel="timemap"' in page.headers["link"]


def test_replay_redirects_to_the_nearest_capture(server):
    url = scenario().edited
    captures = history(server, url)
    response = replay(server, f"/web/{url}")
    assert response.status_code == 302
    assert server["replay"] + response.headers["location"] == captures[-1]["replay"]
    response = replay(server, f"/web/1999/{url}")
    assert response.status_code == 302
    assert server["replay"] + response.headers["location"] == captures[0]["replay"]


def test_a_304_recheck_replays_the_bytes_it_confirmed(server):
    url = scenario().byte_identical
    captures = history(server, url)
    recheck = next(c for c in captures if c["status"] == 304)
    response = server["client"].get(recheck["replay"])
    assert response.status_code == 200
    article = next(a for a in expected_articles("levant-post", 1) if a.url == url)
    assert squash(article.title) in page_text(response.content)
    text = api(server, "/api/text", url=url, at=recheck["timestamp"]).text
    assert squash(article.paragraphs[0]) in squash(text)


# -- isolation: a hostile page -----------------------------------------------------------------

def test_a_hostile_page_cannot_run_script_in_the_ui_origin(server, archive):
    url = archive["hostile"]
    captures = history(server, url)
    assert captures[0]["title"] == TITLE  # verbatim in JSON, which no browser runs
    response = api(server, "/api/history", url=url)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"

    memento = server["client"].get(captures[0]["replay"])
    assert memento.status_code == 200
    api_origin, replay_origin = urlsplit(server["api"]), urlsplit(server["replay"])
    assert urlsplit(captures[0]["replay"]).netloc == replay_origin.netloc
    assert (replay_origin.hostname, replay_origin.port) != (api_origin.hostname, api_origin.port)
    for response in (memento, server["client"].get(captures[0]["replay"].replace("/http", "id_/http", 1))):
        policy = {d.split()[0]: d.split()[1:] for d in response.headers["content-security-policy"].split("; ")}
        assert policy["script-src"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["default-src"] == ["'self'", "data:"]
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
        assert server["api"] in policy["frame-ancestors"] and "*" not in policy["frame-ancestors"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "set-cookie" not in response.headers
    assert b"<script" in server["client"].get(captures[0]["replay"].replace("/http", "id_/http", 1)).content

    html = memento.content.decode("utf-8")
    assert not re.search(r"<\s*script", html, re.I)
    doc = lxml.html.document_fromstring(html)
    assert doc.findtext(".//title") == TITLE  # the payload is text, escaped, not markup
    assert not doc.findall(".//base")
    for element in doc.iter():
        if isinstance(element.tag, str):
            assert not [a for a in element.attrib if a.lower().startswith("on")], element.tag
    assert "javascript:" not in html.lower()
    links = [link for _, _, link, _ in doc.iterlinks()]
    stamp = captures[0]["replay"].split("/web/")[1].split("/")[0]
    assert f"/web/{stamp}/{urlsplit(url).scheme}://{urlsplit(url).netloc}/article/2.html" in links
    assert f"/web/{stamp}/http://other.example/page" in links
    assert all(link.startswith("/web/") or link == "#" for link in links), links
    assert f"/web/{stamp}/{urlsplit(url).scheme}://{urlsplit(url).netloc}/img/bridge-2x.jpg 2x" in html
    # The API origin never serves the page's HTML: capture and text are JSON and plain text.
    assert api(server, "/api/capture", url=url).headers["content-type"] == "application/json"
    assert api(server, "/api/text", url=url).headers["content-type"] == "text/plain; charset=utf-8"
