"""A site that turns slow, times out, and answers 5xx and 429 in bursts (the demo server's
POST /faults): the crawl retries within its limits (the sites file's ``politeness.retries``),
the run finishes, each page that never came is a failure in the report and the capture log,
and everything else is archived."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif
from faults_mini import SITE, one_site_file

from arshif.catalog import Catalog
from arshif.crawl.staging import read_staged
from arshif.demo import DAY_DATES, expected_articles, set_day
from arshif.demo.launcher import faults, set_faults
from arshif.urls import canonical_url
from storage.s3 import ObjectStore

pytestmark = pytest.mark.slow
RETRIES = 2


@pytest.fixture
def flaky(demo_server):
    """The demo sites' faults, always turned off again."""
    try:
        yield set_faults
    finally:
        set_faults([])


def test_slow_5xx_and_429_bursts_are_retried_within_limits_and_reported(tmp_path, s3_endpoint, flaky):
    articles = expected_articles(SITE, 1)
    throttled, stalled = articles[0], articles[1]
    tail = {a.url: re.search(r"-\d+$", a.url)[0] + "$" for a in (throttled, stalled)}
    sites = one_site_file(tmp_path, timeout=1.5, retries=RETRIES)
    env = archive_env(tmp_path / "home", s3_endpoint, "faults-flaky")
    set_day(1)
    flaky([
        {"match": "/feeds/latest\\.atom$", "status": 503, "times": 2},  # recovers on the 3rd try
        {"match": "^/world/$", "status": 500, "times": 1},  # recovers on the 2nd
        {"match": tail[throttled.url], "status": 429, "times": 50},  # never recovers
        {"match": tail[stalled.url], "slow_ms": 4000, "times": 50},  # always times out
        {"match": "^/story/", "slow_ms": 300, "times": 8},  # slow, within the timeout
    ])
    result = arshif(env, "run", "--sites", str(sites), "--date", DAY_DATES[1].isoformat(), "--json",
                    timeout=900)
    left = [rule["left"] for rule in faults()]

    report = json.loads(result.stdout[result.stdout.index("{"):])["sites"][SITE]
    assert report["status"] == "archived"
    assert report["failures"] == 2, report
    # Retries, within the limit: the first try and RETRIES more, never beyond (a rule's count
    # goes down once per request it answered, timed-out ones included).
    assert left[:4] == [0, 0, 50 - (1 + RETRIES), 50 - (1 + RETRIES)]

    # Each page that never came is a failure that says why, in the staged capture log.
    staged = read_staged(ObjectStore(s3_endpoint, "faults-flaky"), "20261128T000000Z", SITE)
    errors = {canonical_url(f["url"]): f["error"] for f in staged.failures}
    assert set(errors) == {canonical_url(throttled.url), canonical_url(stalled.url)}
    assert errors[canonical_url(throttled.url)] == f"HttpError: HTTP 429 after {RETRIES} retries"
    assert "TimeoutError" in errors[canonical_url(stalled.url)], errors

    # Everything else is archived; the two failed pages are not archived as articles.
    catalog = Catalog(Path(env["ARSHIF_HOME"]) / "catalog.sqlite")
    archived = {row["canonical_url"] for row in catalog.db.execute(
        "SELECT canonical_url FROM captures WHERE role = 'article' AND status = 200")}
    catalog.close()
    wanted = {canonical_url(a.url) for a in articles}
    assert archived == wanted - {canonical_url(throttled.url), canonical_url(stalled.url)}
