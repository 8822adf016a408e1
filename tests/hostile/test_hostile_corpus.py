"""The hostile-input corpus (tests/hostile/corpus.py), crawled by the real crawl subprocess
(``python -m arshif.crawl.run``) and taken through dedupe, archive and report as a run would, on
loopback servers only. Each case ends with the run finishing, a clear error recorded for its
URL (or, for pages that are fine to keep, its article archived intact), the normal articles
archived beside it, and the crawl's peak memory under 1 GiB.

Real parts: the crawl subprocess, SeaweedFS (a bucket of this module's own), the pipeline's
dedupe/archive/report steps, the catalog.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from arshif_cli import archive_env

from tests.hostile import corpus

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
BUCKET = "arshif-hostile"
RUN_KEY = "20261128T000000Z"
SITE = "hostile"
CRAWL_TIMEOUT_S = 420
MEMORY_LIMIT_KIB = 1024 * 1024  # 1 GiB


def _run_measured(command: list[str], env: dict, log: Path, timeout: float) -> tuple[int, int, str]:
    """Runs ``command``; returns its exit status, its peak RSS (KiB, the largest of it and the
    children it waited for) and its stdout. Killed (SIGKILL) after ``timeout`` seconds."""
    out = log.with_suffix(".stdout")
    with log.open("wb") as err, out.open("wb") as stdout:
        proc = subprocess.Popen(command, env=env, stdout=stdout, stderr=err, start_new_session=True)
    timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss, out.read_text(encoding="utf-8", errors="replace")


PIPELINE = """
import json, sys
from arshif.pipeline.tasks import archive_run, dedupe_run, report_run
run_key, site, sites_file = sys.argv[1:4]
dedupe_run(run_key, [site])
archive_run(run_key, [site])
print(json.dumps(report_run(run_key, [site], sites_file), ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, s3_endpoint):
    from arshif.catalog import Catalog
    from arshif.crawl.staging import read_staged
    from storage.s3 import ObjectStore

    network = corpus.start_network(s3_endpoint)
    try:
        home = tmp_path_factory.mktemp("hostile-home")
        env = archive_env(home, s3_endpoint, BUCKET)
        env["ARSHIF_PROTECTED_ENDPOINTS"] = ",".join([s3_endpoint, network.airflow.url])
        store = ObjectStore(s3_endpoint, BUCKET)
        store.ensure_bucket()
        sites_file = home / "sites.yaml"
        sites_file.write_text(yaml.safe_dump(corpus.sites_yaml(network, s3_endpoint), allow_unicode=True),
                              encoding="utf-8")
        command = [sys.executable, "-m", "arshif.crawl.run", "--sites", str(sites_file), "--site", SITE,
                   "--run-key", RUN_KEY]
        status, peak_kib, stdout = _run_measured(command, env, home / "crawl.log", CRAWL_TIMEOUT_S)
        log = (home / "crawl.log").read_text(encoding="utf-8", errors="replace")
        assert status == 0, f"crawl exited {status}\n{log[-6000:]}"
        report = subprocess.run([sys.executable, "-c", PIPELINE, RUN_KEY, SITE, str(sites_file)], env=env,
                                capture_output=True, text=True, timeout=300)
        assert report.returncode == 0, report.stderr[-6000:]
        staged = read_staged(store, RUN_KEY, SITE)
        catalog = Catalog(home / "catalog.sqlite")
        try:
            rows = [dict(r) for r in catalog.db.execute("SELECT * FROM captures WHERE site = ?", (SITE,))]
        finally:
            catalog.close()
        result = {
            "network": network, "home": home, "store": store, "staged": staged, "rows": rows,
            "peak_kib": peak_kib, "summary": json.loads(stdout.strip().splitlines()[-1]),
            "report": json.loads(report.stdout.strip().splitlines()[-1]), "log": log,
            "keys": [info.key for info in store.list("")],
        }
        dump = os.environ.get("ARSHIF_HOSTILE_DUMP")
        if dump:  # for looking at a run by hand
            Path(dump).write_text(json.dumps({
                "captures": staged.captures, "failures": staged.failures, "stats": staged.stats,
                "rows": rows, "peak_kib": peak_kib, "report": result["report"], "keys": result["keys"],
                "seen": {h: getattr(network, h).recorder.paths for h in ("site", "side", "off", "airflow")},
            }, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        yield result
    finally:
        network.stop()


def _expected_url(crawled, case) -> str:
    """The URL arshif requests for a case's link, as the spider builds it."""
    from arshif.urls import request_url

    base = crawled["network"].site.url
    if case.path.startswith(("javascript:", "data:")):
        return case.path
    listing = f"{base}/section/" if case.listed_in == "section" else f"{base}/feed.xml"
    return request_url(urljoin(listing, case.path))


def _captures(crawled, url: str) -> list[dict]:
    return [c for c in crawled["staged"].captures if c["url"] == url]


def _failures(crawled, url: str) -> list[dict]:
    return [f for f in crawled["staged"].failures if f["url"] == url]


def _requested(crawled, url: str) -> bool:
    path = urlsplit(url).path
    return any(p.split("?")[0] == path for p in crawled["network"].site.recorder.paths)


CASES = corpus.build_cases("http://site", "http://side", "http://off", "http://airflow", "http://s3")


def test_the_corpus_has_at_least_30_cases():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_each_hostile_case_ends_as_expected(crawled, name):
    case = next(c for c in crawled["network"].cases if c.name == name)
    expect = case.expect
    url = _expected_url(crawled, case)
    captures, failures = _captures(crawled, url), _failures(crawled, url)
    articles = [r for r in crawled["rows"] if r["url"] == url and r["page_kind"] == "article"]
    if expect.outcome == "article":
        assert [c["status"] for c in captures] == [200], captures
        article = captures[0]["article"]
        assert article["page_kind"] == "article", article["page_kind_reason"]
        assert expect.text in article["text"]
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", article["title"] or "")
        assert articles and articles[0]["kind"] == "response"
        assert not failures
    elif expect.outcome == "not-article":
        assert captures, f"{url} was not captured"
        article = captures[0].get("article") or {}
        said = f"{article.get('page_kind_reason', '')} {captures[0].get('extraction_error') or ''}"
        assert article.get("page_kind") != "article" and re.search(expect.reason, said), said
        assert not articles
        if expect.failure:
            assert any(re.search(expect.reason, f["error"]) for f in failures), failures
    elif expect.outcome == "failure":
        assert any(re.search(expect.reason, f["error"]) for f in failures), (failures, crawled["staged"].failures)
        assert not articles
    elif expect.outcome == "refused":
        assert any(re.search(expect.reason, f["error"]) for f in failures), crawled["staged"].failures
        assert not captures
    elif expect.outcome == "ignored":
        assert not captures and not articles
        if urlsplit(url).hostname == corpus.SITE_HOST:
            assert not _requested(crawled, url)
    elif expect.outcome == "robots":
        assert [c["status"] for c in _captures(crawled, url)] == [200]
        private = crawled["network"].site.url + corpus.PRIVATE_ARTICLE
        assert not _requested(crawled, private), "robots.txt's one rule was lost in the junk"
        assert crawled["staged"].stats.get("robotstxt/forbidden", 0) >= 1
    else:
        raise AssertionError(f"unknown outcome {expect.outcome}")


def test_the_run_finishes_and_reports_every_failure(crawled):
    report = crawled["report"][SITE]
    assert report["status"] == "archived"
    expected = sum(1 for c in crawled["network"].cases
                   if c.expect.outcome in ("failure", "refused") or c.expect.failure)
    assert report["failures"] >= expected
    assert report["failures"] == len(crawled["staged"].failures)


def test_the_normal_articles_are_archived_intact(crawled):
    from arshif.retrieve import capture_article

    base = crawled["network"].site.url
    for path, title in corpus.ARTICLES.items():
        rows = [r for r in crawled["rows"] if r["url"] == base + path]
        assert len(rows) == 1, path
        assert rows[0]["kind"] == "response" and rows[0]["page_kind"] == "article"
        article = capture_article(crawled["store"], rows[0])
        assert article["title"] == title
        for paragraph in corpus.PARAGRAPHS:
            assert paragraph in article["text"]


def test_hosts_that_must_not_be_reached_never_were(crawled):
    """The wiring of the address guard end to end: 127.0.0.32 (loopback, not on the allow-list)
    got a redirect pointed at it; 127.0.0.33 is allowed but not the site's; 127.0.0.34 plays
    the Airflow API, protected though allow-listed. None of them saw a connection."""
    network = crawled["network"]
    assert network.side.recorder.connections == []
    assert network.off.recorder.connections == []
    assert network.airflow.recorder.connections == []
    # The redirects that pointed there were refused when scheduled, before any connection.
    refused = [f["error"] for f in crawled["staged"].failures if f["error"].startswith("RefusedRedirect")]
    for host in (network.side.url, network.off.url, network.airflow.url):
        assert any(f" to {host}/" in error for error in refused), host


def test_peak_memory_of_the_crawl_stays_under_1_gib(crawled, record_property):
    peak = crawled["peak_kib"]
    record_property("crawl_peak_rss_kib", peak)
    print(f"hostile corpus: crawl subprocess peak RSS {peak / 1024:.0f} MiB")
    assert 0 < peak < MEMORY_LIMIT_KIB


def test_object_keys_stay_in_their_prefixes(crawled):
    """A URL that climbs with ../ (raw or %2f-encoded) names no object: keys are built from the
    run, the site and hashes."""
    tops = {"captures", "cdxj", "models", "runs", "staging", "warc", "texts", "verdicts", "index", "ledger"}
    for key in crawled["keys"]:
        assert key.split("/", 1)[0] in tops, key
        assert ".." not in key.split("/") and "%2f" not in key.lower(), key
        assert key.isprintable(), key
