"""The whole path, end to end, on the real parts: the demo news network on loopback → Scrapy
subprocesses → WARC + extraction staged in SeaweedFS → the daily_crawl DAG run by Airflow
(``dag.test()`` on SQLite, through ``arshif run``) → dedupe → archive → ``arshif history/get``.

Days 1, 2 and 3 run once for the module (`make demo` runs the first two; day 3 is the re-check
day: a second edit, an article unpublished, another redirected home); each test checks one
promise of the issues.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from arshif_cli import arshif
from warcio.archiveiterator import ArchiveIterator

from arshif.demo import DAY_DATES, expected_articles, scenario
from arshif.demo.sites import site_named

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")



@pytest.fixture(scope="module")
def archive(demo_days123, copy_demo_archive):
    """Days 1, 2 and 3 through the DAG, each run's output and the requests the demo sites got
    during it (the session's demo archive, tests/demo_archive.py), copied into a bucket of its own."""
    env, home = copy_demo_archive(demo_days123, "arshif-e2e")
    return {"env": env, "home": home, "runs": demo_days123.runs, "requests": demo_days123.requests}


def history(archive, url: str) -> list[dict]:
    return json.loads(arshif(archive["env"], "history", url, "--json").stdout)


def get(archive, url: str, *args: str) -> str:
    return arshif(archive["env"], "get", url, *args).stdout


def store_for(archive):
    from storage.s3 import ObjectStore

    return ObjectStore(archive["env"]["ARSHIF_S3_ENDPOINT"], "arshif-e2e")


def report_rows(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line.split() for line in stdout.splitlines()]
    heads = next(cells for cells in lines if cells[:2] == ["site", "status"])
    return {cells[0]: dict(zip(heads, cells, strict=True)) for cells in lines
            if len(cells) == len(heads) and cells[1] == "archived"}


def test_every_day_ran_and_each_scenario_got_its_verdict(archive):
    """Slow when first to ask for the session's demo archive (tests/demo_archive.py): its setup
    then runs days 1, 2 and 3 through the DAG (about a minute each on 2 cores), once for all."""
    day1, day2, day3 = (report_rows(archive["runs"][d].stdout) for d in (1, 2, 3))
    assert set(day1) == set(day2) == set(day3) == {"masr-today", "levant-post", "gulf-wire"}
    assert all(row["new"] == "24" and row["changed"] == "0" for row in day1.values()), day1
    figures = ("new", "changed", "unchanged", "revisit", "removed")
    # Day 2: six new articles per site; the one edit; the byte-identical page (a 304 to the
    # re-check's If-None-Match); every other old article re-rendered with new chrome only (the
    # wire copy on gulf-wire is one of the new). Every day-1 article is due (1 day after).
    # levant-post's home page also links its main story (new each day) as `?ref=home`: fetched
    # too, it is that article again (its rel=canonical says so), a revisit of the same bytes.
    assert {site: row["revisit"] for site, row in day1.items()} == {
        "masr-today": "0", "levant-post": "1", "gulf-wire": "0"}
    expected = {"masr-today": ("6", "1", "23", "0", "0"), "levant-post": ("6", "0", "23", "2", "0"),
                "gulf-wire": ("6", "0", "24", "0", "0")}
    assert {site: tuple(row[f] for f in figures) for site, row in day2.items()} == expected
    assert {row["rechecks"] for row in day2.values()} == {"24"}
    # Day 3: two new articles per site; day 2's six are due (1 day after), day 1's are not
    # (their next check is at 3 days) unless a listing says they changed: the second edit of
    # masr-today's accident report (sitemap lastmod) and gulf-wire's re-rendered story (Atom
    # <updated>). levant-post unpublished one of day 2's (404), gulf-wire sent one home (301).
    expected = {"masr-today": ("2", "1", "6", "0", "0"), "levant-post": ("2", "0", "5", "1", "1"),
                "gulf-wire": ("2", "0", "6", "0", "1")}
    assert {site: tuple(row[f] for f in figures) for site, row in day3.items()} == expected
    assert {site: row["rechecks"] for site, row in day3.items()} == {
        "masr-today": "7", "levant-post": "6", "gulf-wire": "7"}


def article_paths(requests: list[dict], site: str) -> set[str]:
    pattern = site_named(site).article_pattern
    return {unquote(r["path"].split("?", 1)[0]) for r in requests
            if r["site"] == site and re.search(pattern, unquote(r["path"]))}


def test_old_articles_are_not_fetched_again_every_day(archive):
    """Day 3 fetches what is new, what is due on the schedule and what a listing says changed:
    nothing else, although every listing still names the old articles."""
    plan = scenario()
    day3 = archive["requests"][3]
    for site in ("masr-today", "levant-post", "gulf-wire"):
        expected = {*plan.new_on_day3[site], *plan.new_on_day2[site]}
        expected |= {"masr-today": {plan.edited}, "gulf-wire": {plan.chrome_only}}.get(site, set())
        assert article_paths(day3, site) == {unquote(urlsplit(u).path) for u in expected}, site
    # Day 2 re-checked day 1's articles with their validators: the unchanged page got a 304.
    byte_identical = unquote(urlsplit(plan.byte_identical).path)
    statuses = [r["status"] for r in archive["requests"][2] if unquote(r["path"]) == byte_identical]
    assert statuses == [304]


def test_every_article_of_every_site_is_archived(archive):
    from arshif.catalog import Catalog
    from arshif.urls import canonical_url

    catalog = Catalog(Path(archive["home"]) / "catalog.sqlite")
    missing = []
    for day in (1, 2):  # every article is new or due on these days (day 3: see the test above)
        for site in ("masr-today", "levant-post", "gulf-wire"):
            expected = expected_articles(site, day)
            assert len(expected) >= 20
            for article in expected:
                captures = [c for c in catalog.captures_of(canonical_url(article.url)) if c["run_key"].startswith(
                    DAY_DATES[day].strftime("%Y%m%d"))]
                if not captures or captures[-1]["status"] not in (200, 304):
                    missing.append((day, article.url))
    catalog.close()
    assert not missing, missing


def test_every_warc_passes_warcio_check(archive, tmp_path):
    store = store_for(archive)
    keys = [info.key for info in store.list("warc/")]
    assert len(keys) == 9  # three sites, three days
    for key in keys:
        path = tmp_path / key.replace("/", "_")
        path.write_bytes(store.get(key))
        check = subprocess.run([str(BIN / "warcio"), "check", "-v", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
        assert "digest fail" not in check.stdout
        with path.open("rb") as fh:
            versions = {r.rec_headers.protocol for r in ArchiveIterator(fh)}
        assert versions == {"WARC/1.1"}


def test_edited_article_has_three_versions_and_get_at_day1_returns_old_text(archive):
    url = scenario().edited
    captures = history(archive, url)
    assert [c["version"] for c in captures] == [1, 2, 3]
    assert [c["kind"] for c in captures] == ["response", "response", "response"]
    old = get(archive, url, "--at", captures[0]["timestamp"])
    new = get(archive, url, "--at", captures[1]["timestamp"])
    assert get(archive, url) not in (old, new)
    assert old != new
    day1 = {a.url: a for a in expected_articles("masr-today", 1) + expected_articles("levant-post", 1)
            + expected_articles("gulf-wire", 1)}[url]
    day2 = {a.url: a for a in expected_articles("masr-today", 2) + expected_articles("levant-post", 2)
            + expected_articles("gulf-wire", 2)}[url]
    changed_day1 = [p for p in day1.paragraphs if p not in day2.paragraphs]
    changed_day2 = [p for p in day2.paragraphs if p not in day1.paragraphs]
    assert changed_day1 and changed_day2
    assert all(p in old for p in changed_day1) and not any(p in old for p in changed_day2)
    assert all(p in new for p in changed_day2)
    # Every form --at accepts lands on the day-1 capture.
    stamp = captures[0]["timestamp"]
    wayback = stamp[:19].replace("-", "").replace(":", "").replace("T", "")
    assert get(archive, url, "--at", wayback) == old
    as_json = json.loads(get(archive, url, "--at", stamp, "--format", "json"))
    assert as_json["version"] == 1 and as_json["article"]["text"]


def test_diff_shows_each_edit_word_by_word(archive):
    url = scenario().edited
    day1, day2, day3 = (next(a for a in expected_articles("masr-today", d) if a.url == url) for d in (1, 2, 3))
    stamps = [c["timestamp"] for c in history(archive, url)]
    # by default the last two versions: day 3's second edit
    last = json.loads(get_diff(archive, url, "--json"))
    assert last["from"]["version"] == 2 and last["to"]["version"] == 3
    inserted = {w for c in last["changes"] for p in c["pieces"] if p["op"] == "insert" for w in p["text"].split()}
    assert set(day3.paragraphs[-1].split()) <= inserted and "ثلاثة" in inserted
    result = json.loads(get_diff(archive, url, "--json", "--from", stamps[0], "--to", stamps[1]))
    assert result["from"]["version"] == 1 and result["to"]["version"] == 2
    inserted = " ".join(p["text"] for c in result["changes"] for p in c["pieces"] if p["op"] == "insert")
    deleted = " ".join(p["text"] for c in result["changes"] for p in c["pieces"] if p["op"] == "delete")
    new_words = set(" ".join(day2.paragraphs).split()) - set(" ".join(day1.paragraphs).split())
    old_words = set(" ".join(day1.paragraphs).split()) - set(" ".join(day2.paragraphs).split())
    assert new_words and all(w in inserted.split() for w in new_words)
    assert all(w in deleted.split() for w in old_words)
    plain = get_diff(archive, url, "--no-colour")
    assert "{+" in plain and plain.splitlines()[0].startswith("v2 ")
    unchanged = arshif(archive["env"], "diff", scenario().chrome_only, check=False)
    assert unchanged.returncode == 1 and "one version only" in unchanged.stderr


def get_diff(archive, url: str, *args: str) -> str:
    return arshif(archive["env"], "diff", url, *args).stdout


def warc_records(archive, url: str, *args: str) -> list:
    records = subprocess.run([str(BIN / "arshif"), "get", url, "--format", "warc", *args], env=archive["env"],
                             capture_output=True, check=True).stdout
    return list(ArchiveIterator(io.BytesIO(records)))


def test_a_recheck_answered_304_is_a_server_not_modified_revisit(archive):
    url = scenario().byte_identical
    captures = history(archive, url)
    assert [(c["status"], c["kind"], c["version"]) for c in captures] == [(200, "response", 1), (304, "revisit", 1)]
    assert captures[0]["digest"] == captures[1]["digest"]  # the payload it stands for
    revisit, request = warc_records(archive, url)
    assert revisit.rec_type == "revisit" and request.rec_type == "request"
    assert revisit.rec_headers.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert revisit.rec_headers.get_header("WARC-Refers-To-Date") == captures[0]["timestamp"]
    assert revisit.http_headers.get_statuscode() == "304"
    assert request.http_headers.get_header("If-None-Match")  # the validator of day 1's capture
    # The 304 still answers with the page and its text, from the capture it refers to.
    assert "<html" in get(archive, url, "--format", "html").lower()
    assert get(archive, url) == get(archive, url, "--at", captures[0]["timestamp"]) != "\n"


def test_the_same_bytes_again_is_an_identical_payload_revisit(archive):
    robots = site_named("masr-today").url("/robots.txt")
    kinds = [c["kind"] for c in history(archive, robots)]
    assert kinds == ["response", "revisit", "revisit"]
    (revisit, _request) = warc_records(archive, robots)
    assert revisit.rec_headers.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")


def test_an_unpublished_article_is_recorded_removed_and_its_text_kept(archive):
    plan = scenario()
    for url, status in ((plan.unpublished, 404), (plan.moved_home, 301)):
        captures = history(archive, url)
        assert [(c["status"], c["kind"], c["version"]) for c in captures] == [
            (200, "response", 1), (status, "removed", 1)], url
        gone = arshif(archive["env"], "get", url)
        assert gone.stdout == "" and "gone" in gone.stderr and "version 1" in gone.stderr
        text = get(archive, url, "--at", captures[0]["timestamp"])
        assert text.strip() and not any(bad in text for bad in MOJIBAKE)
        fields = json.loads(get(archive, url, "--format", "json"))
        assert fields["kind"] == "removed" and fields["removed"].startswith(f"HTTP {status}")


def test_chrome_only_rerender_is_unchanged_text(archive):
    url = scenario().chrome_only
    captures = history(archive, url)
    assert [c["kind"] for c in captures] == ["response", "unchanged", "unchanged"]
    assert captures[0]["digest"] != captures[1]["digest"]
    assert {c["version"] for c in captures} == {1}


def test_nothing_under_the_robots_disallowed_section_was_fetched(archive):
    prefixes = scenario().disallowed_prefix
    # The sites file lists each disallowed section: robots.txt refused it, and the report says so.
    for run in archive["runs"].values():
        for line in run.stdout.splitlines():
            if line.split()[:1] and line.split()[0] in prefixes:
                assert int(line.split()[-2]) >= 1, line
    requests = [r for day in archive["requests"].values() for r in day]
    assert requests, "the demo server logged no request"
    hits = [r for r in requests for prefix in prefixes.values() if r["path"].startswith(prefix)]
    assert not hits, json.dumps(hits, indent=1)


def test_windows_1256_site_is_correct_arabic(archive):
    articles = expected_articles("levant-post", 1)
    for article in articles[:5]:
        data = json.loads(get(archive, article.url, "--format", "json"))
        title, text = data["article"]["title"], data["article"]["text"]
        assert title == article.title
        assert article.paragraphs[0] in text
        assert not any(bad in title + text for bad in MOJIBAKE)
    html = get(archive, articles[0].url, "--format", "html")
    assert article_title_in(html, articles[0].title)


def article_title_in(html: str, title: str) -> bool:
    return title in html and not any(bad in html for bad in MOJIBAKE)


def test_seed_article_text_has_its_subheadings_and_no_chrome(archive):
    seed = next(a for a in expected_articles("masr-today", 1) if "غرب أفريقيا" in a.title)
    text = get(archive, seed.url, "--format", "text")
    assert len(seed.subheadings) == 4
    for heading in seed.subheadings:
        assert heading in text
    for chrome in ("رئيس التحرير", "أحمد ناصف", "عاجل"):
        assert chrome not in text


def test_running_a_day_again_archives_nothing_twice(archive):
    from arshif.catalog import Catalog

    catalog = Catalog(Path(archive["home"]) / "catalog.sqlite")
    before = catalog.count()
    catalog.close()
    store = store_for(archive)
    objects_before = {i.key for i in store.list("warc/")} | {i.key for i in store.list("captures/")}
    arshif(archive["env"], "run", "--demo", "--date", DAY_DATES[2].isoformat())
    catalog = Catalog(Path(archive["home"]) / "catalog.sqlite")
    assert catalog.count() == before
    catalog.close()
    assert {i.key for i in store.list("warc/")} | {i.key for i in store.list("captures/")} == objects_before


def test_unknown_url_says_so(archive):
    result = arshif(archive["env"], "get", "http://127.0.0.21:8765/news/does-not-exist/", check=False)
    assert result.returncode == 1 and "no capture" in result.stderr


def test_texts_name_their_chrome_model_and_reextraction_writes_beside(archive):
    store = store_for(archive)
    models = sorted(info.key for info in store.list("models/chrome/masr-today/"))
    assert len(models) == 3  # one version per crawl of the site
    url = scenario().edited
    day1 = history(archive, url)[0]
    archived = json.loads(get(archive, url, "--at", day1["timestamp"], "--format", "json"))
    assert archived["article"]["chrome_model"] == "masr-today/v1"
    assert archived["article"]["extractor"].startswith("arshif-extract/")

    first = arshif(archive["env"], "reextract", "--site", "masr-today", "--run", "20261128T000000Z")
    assert "written" in first.stdout
    again = arshif(archive["env"], "reextract", "--site", "masr-today", "--run", "20261128T000000Z")
    assert "already there" in again.stdout
    latest = json.loads(get(archive, url, "--at", day1["timestamp"], "--format", "json", "--extraction", "latest"))
    assert latest["article"]["chrome_model"] == "masr-today/v3"  # the newest model
    # the archived text is untouched
    assert json.loads(get(archive, url, "--at", day1["timestamp"], "--format", "json")) == archived
    assert [i.key for i in store.list("text/2026/11/28/masr-today/")]


def test_a_run_that_died_after_crawling_is_completed_not_recrawled(tmp_path, s3_endpoint, demo_server):
    """The DAG died after masr-today's crawl was staged: the next run of the same date archives
    what was staged instead of crawling again."""
    env = {**os.environ, "ARSHIF_HOME": str(tmp_path / "home"), "ARSHIF_S3_ENDPOINT": s3_endpoint,
           "ARSHIF_BUCKET": "arshif-e2e-resume"}
    arshif(env, "demo", "day", "1")
    sites = tmp_path / "sites.yaml"
    sites.write_text(arshif(env, "demo", "sites").stdout)
    from storage.s3 import ObjectStore

    ObjectStore(s3_endpoint, "arshif-e2e-resume").ensure_bucket()
    staged = subprocess.run([sys.executable, "-m", "arshif.crawl.run", "--sites", str(sites), "--site", "masr-today",
                             "--run-key", "20261128T000000Z"], env=env, capture_output=True, text=True, timeout=300)
    assert staged.returncode == 0, staged.stderr[-2000:]

    arshif(env, "run", "--demo", "--date", DAY_DATES[1].isoformat())
    store = ObjectStore(s3_endpoint, "arshif-e2e-resume")
    attempts = {info.key.split("/")[3] for info in store.list("staging/20261128T000000Z/masr-today/")
                if info.key.count("/") > 3}
    assert len(attempts) == 1  # staged once, by the run that died
    log = (tmp_path / "home" / "logs" / "crawl" / "20261128T000000Z" / "masr-today.log").read_text()
    assert "already staged" in log
    history_of_seed = json.loads(arshif(env, "history", scenario().seed, "--json").stdout)
    assert [c["kind"] for c in history_of_seed] == ["response"]


def test_an_alias_only_rel_canonical_reveals_answers_for_the_article(archive):
    from arshif.demo.newsroom import edition

    top = edition("levant-post", 1).stories[0]
    url = site_named("levant-post").url(top.path)
    alias = url + "?ref=home"
    captures = history(archive, url)
    assert history(archive, alias) == captures
    kinds = {c["url"]: c["kind"] for c in captures[:2]}
    assert sorted(kinds.values()) == ["response", "revisit"] and set(kinds) == {url, alias}
    assert get(archive, alias) == get(archive, url)
    assert json.loads(arshif(archive["env"], "cluster", alias, "--json").stdout)["cluster"] == \
        json.loads(arshif(archive["env"], "cluster", url, "--json").stdout)["cluster"]


def test_the_wire_story_on_two_sites_is_one_cluster(archive):
    seed, copy = scenario().wire_pair
    clusters = {c["cluster"] for url in (seed, copy) for c in history(archive, url)}
    assert len(clusters) == 1 and None not in clusters
    listed = json.loads(arshif(archive["env"], "cluster", copy, "--json").stdout)
    from arshif.urls import canonical_url

    assert [(m["canonical_url"], m["site"]) for m in listed["others"]] == [(canonical_url(seed), "masr-today")]
    # other stories are not in it
    edited = history(archive, scenario().edited)
    assert edited[0]["cluster"] not in clusters
    plain = arshif(archive["env"], "cluster", seed).stdout
    assert "gulf-wire" in plain and "1 other article" in plain


def test_archived_captures_keep_the_publication_instant_as_stated(archive):
    """``date_original`` rides beside ``date`` in the archived capture JSON: the full instant
    with its offset, whose own day is the date."""
    from arshif.extract.dates import local_date, parse_timestamp

    store = store_for(archive)
    dated = 0
    for info in store.list("captures/"):
        for line in store.get(info.key).decode("utf-8").splitlines():
            article = json.loads(line).get("article") or {}
            if not article.get("date"):
                continue
            dated += 1
            stated = parse_timestamp(article["date_original"])
            assert stated is not None and stated.utcoffset() is not None, article["date_original"]
            assert local_date(stated).isoformat() == article["date"]
    assert dated
