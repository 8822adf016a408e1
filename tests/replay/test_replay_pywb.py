"""pywb replays the archive straight from SeaweedFS, looked up in arshif's CDXJ (issue 5, item 6).

Two demo days go through the DAG into a bucket of its own; pywb (its own venv, `make pywb`) is
started on a free loopback port and asked for Arabic articles of the three demo sites: utf-8
with gzip (masr-today), windows-1256 named only in a <meta> (levant-post), Arabic paths
(gulf-wire). The text must come back intact, revisits must resolve, and nothing may be fetched
from the (live, on loopback) demo sites while replaying.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import lxml.html
import pytest
import yaml
from demo_archive import copy_bucket, copy_snapshot

from arshif.demo import DAY_DATES, clear_requests_log, expected_articles, requests_log, scenario
from arshif.pywb import iter_captures, prepare, replay_dir, start, update_merged_index
from storage.s3 import ObjectStore

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BUCKET = "arshif-replay"
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
META_CHARSET = re.compile(rb"<meta[^>]*charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)



@pytest.fixture(scope="module")
def archive(tmp_path_factory, s3_endpoint, demo_server, demo_day1, demo_days12):
    """Days 1 and 2 into bucket arshif-replay (the session's demo archive, tests/demo_archive.py);
    the merged index is also updated after day 1 (the bucket then holding day 1 alone), so that
    the incremental update can be compared with a fresh build."""
    home = tmp_path_factory.mktemp("replay-home")
    store = ObjectStore(s3_endpoint, BUCKET)
    copy_bucket(s3_endpoint, demo_day1.bucket, BUCKET)
    after_day1 = update_merged_index(store, home / "incremental")
    # Day 2 on top: the objects day 2 added (day 1's are write-once, the same), and its home.
    env = copy_snapshot(demo_days12, home, s3_endpoint, BUCKET, only_missing=True)
    return {"env": env, "home": home, "store": store, "after_day1": after_day1}


@pytest.fixture(scope="module")
def pywb(archive):
    setup = prepare(archive["store"], replay_dir(archive["home"], BUCKET))
    server = start(setup, timeout=60)
    yield server
    server.stop()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with NO_PROXY.open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def page_text(headers: dict[str, str], body: bytes) -> str:
    """The page's text, decoded as a browser would: the header's charset, else the <meta>'s."""
    charset = re.search(r"charset=([\w-]+)", headers.get("Content-Type", ""))
    meta = META_CHARSET.search(body[:4096])
    encoding = charset.group(1) if charset else meta.group(1).decode() if meta else "utf-8"
    text = lxml.html.fromstring(body.decode(encoding)).text_content()
    return " ".join(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())


def first_capture(pywb, url: str) -> dict:
    captures = [c for c in iter_captures(pywb.setup.index.path) if c["url"] == url]
    assert captures, f"{url} is not in the merged index"
    return min(captures, key=lambda c: c["timestamp"])


def memento_stamp(headers: dict[str, str]) -> str:
    return time.strftime("%Y%m%d%H%M%S", time.strptime(headers["Memento-Datetime"],
                                                       "%a, %d %b %Y %H:%M:%S GMT"))


def test_merged_index_holds_every_committed_capture(archive, pywb):
    store, index = archive["store"], pywb.setup.index
    per_warc = [line for info in store.list("cdxj/") for line in store.get(info.key).splitlines()]
    merged = index.path.read_bytes().splitlines()
    assert merged == sorted(merged), "pywb's binary search needs byte-sorted lines"
    # Everything but the 304s (server-not-modified revisits), which pywb would replay as empty.
    not_modified = [line for line in per_warc if b'"status": "304"' in line]
    assert len(not_modified) == 1  # levant-post's byte-identical story, re-checked on day 2
    assert sorted(merged) == sorted(set(per_warc) - set(not_modified))
    assert index.manifests == 6 and index.lines == len(merged)
    assert {c["filename"].split("/")[0] for c in iter_captures(index.path)} == {"warc"}
    # Incremental: day 2's objects merged into day 1's file give the fresh build, byte for byte.
    assert archive["after_day1"].manifests == 3
    again = update_merged_index(store, archive["home"] / "incremental")
    assert (again.added, again.manifests) == (3, 6)
    assert again.path.read_bytes() == index.path.read_bytes()
    assert update_merged_index(store, archive["home"] / "incremental").added == 0


@pytest.mark.parametrize("site", ["masr-today", "levant-post", "gulf-wire"])
def test_pywb_replays_an_arabic_article_with_its_text_intact(pywb, site):
    article = next(a for a in expected_articles(site, 1) if a.paragraphs)
    capture = first_capture(pywb, article.url)
    for modifier in ("id_", "mp_"):  # the archived bytes as they were; the page rewritten for replay
        status, headers, body = fetch(pywb.replay_url(article.url, capture["timestamp"], modifier))
        assert status == 200, (modifier, body[:500])
        assert memento_stamp(headers) == capture["timestamp"]
        text = page_text(headers, body)
        assert squash(article.title) in text, (modifier, text[:300])
        assert squash(article.paragraphs[0]) in text
        assert not any(mark in text for mark in MOJIBAKE), (modifier, text[:300])
    if site == "levant-post":  # still windows-1256 bytes: replay does not re-encode the page
        assert article.title.encode("windows-1256") in body
    # The framed page a browser opens first, and the Arabic path typed as an IRI.
    status, headers, body = fetch(pywb.replay_url(article.url, capture["timestamp"]))
    assert status == 200 and b"wb_frame.js" in body
    iri = quote(article.iri, safe=":/?&=")
    status, headers, body = fetch(pywb.replay_url(iri, capture["timestamp"], "id_"))
    assert status == 200 and squash(article.title) in page_text(headers, body)


def test_a_revisit_replays_the_bytes_it_points_to(pywb):
    # levant-post's home page links its main story as ?ref=home: the same bytes as the story,
    # archived as an identical-payload-digest revisit of another URL.
    revisit = next(c for c in iter_captures(pywb.setup.index.path)
                   if c["mime"] == "warc/revisit" and c["url"].endswith("?ref=home"))
    story = revisit["url"].removesuffix("?ref=home")
    article = next(a for a in expected_articles("levant-post", 2) if a.url == story)
    status, headers, body = fetch(pywb.replay_url(revisit["url"], revisit["timestamp"], "id_"))
    assert status == 200 and memento_stamp(headers) == revisit["timestamp"]
    original = fetch(pywb.replay_url(story, first_capture(pywb, story)["timestamp"], "id_"))[2]
    assert body == original
    assert squash(article.title) in page_text(headers, body)


def test_a_304_recheck_replays_the_capture_it_confirmed(pywb):
    # Day 2 re-checked the byte-identical story and got a 304: replay at that moment answers
    # with day 1's capture (the bytes the 304 confirmed), not with an empty 304.
    url = scenario().byte_identical
    day1 = first_capture(pywb, url)
    article = next(a for a in expected_articles("levant-post", 1) if a.url == url)
    status, headers, body = fetch(pywb.replay_url(url, DAY_DATES[2].strftime("%Y%m%d") + "235959", "id_"))
    assert status == 200 and memento_stamp(headers) == day1["timestamp"]
    assert squash(article.title) in page_text(headers, body)


def test_replay_never_reaches_the_live_web(pywb):
    config = yaml.safe_load((pywb.setup.directory / "config.yaml").read_text())
    assert not {"proxy", "recorder"} & set(config)
    assert list(config["collections"]) == [BUCKET]
    assert "'self'" in config["csp-header"]
    site = urlsplit(expected_articles("levant-post", 1)[0].url)
    never_archived = f"{site.scheme}://{site.netloc}/article/999999999.html"
    clear_requests_log()
    status, _, _ = fetch(pywb.replay_url(never_archived, "2026", "id_"))
    assert status == 404
    assert fetch(f"{pywb.url}/live/{never_archived}")[0] == 404
    assert requests_log() == []  # the demo sites (live, on loopback) saw nothing
    article = expected_articles("levant-post", 1)[0]
    _, headers, _ = fetch(pywb.replay_url(article.url, first_capture(pywb, article.url)["timestamp"], "mp_"))
    assert "default-src" in headers.get("Content-Security-Policy", "")


def test_pywb_reads_the_warcs_through_s3_too(archive, pywb):
    """archive_paths s3://bucket/ with the endpoint in AWS_ENDPOINT_URL_S3 (stores without
    anonymous reads): the same bytes as over plain HTTP."""
    setup = prepare(archive["store"], archive["home"] / "replay-s3", access="s3")
    assert setup.archive == f"s3://{BUCKET}/"
    server = start(setup, timeout=60)
    try:
        article = expected_articles("levant-post", 1)[1]
        stamp = first_capture(pywb, article.url)["timestamp"]
        through_s3 = fetch(server.replay_url(article.url, stamp, "id_"))
        assert through_s3[0] == 200
        assert through_s3[2] == fetch(pywb.replay_url(article.url, stamp, "id_"))[2]
    finally:
        server.stop()


def test_arshif_replay_command_serves_until_interrupted(archive, pywb):
    proc = subprocess.Popen([str(BIN / "arshif"), "replay", "--port", "0", "--json"],
                            env=archive["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    info = None
    try:
        info = read_json(proc, timeout=120)
        assert info["access"] == "http" and info["captures"] == pywb.setup.index.lines
        status, headers, body = fetch(info["example"])
        assert status == 200 and b"wb_frame.js" in body
    finally:
        proc.send_signal(signal.SIGINT)
        # pywb gets 10 s to stop on SIGTERM, then SIGKILL: 60 s is ample. One fresh-clone run
        # (a suite twice as slow as usual) saw 30 s pass; the stderr below says where it was.
        hung = False
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hung = True
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            if info and info.get("pid"):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(info["pid"], signal.SIGKILL)
    stderr = proc.stderr.read().decode(errors="replace")
    assert not hung, f"arshif replay did not exit within 60 s of SIGINT; its stderr:\n{stderr[-3000:]}"
    assert proc.returncode == 0, stderr


def read_json(proc: subprocess.Popen, timeout: float) -> dict:
    """The JSON the command prints once pywb answers (bounded wait)."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    out, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=1):
            chunk = os.read(proc.stdout.fileno(), 65536)  # unbuffered: select sees what is left
            if not chunk:
                break
            out += chunk
            with contextlib.suppress(ValueError):
                return json.loads(out)
    raise AssertionError(f"no JSON from arshif replay: {out!r}")
