"""Incremental crawling: a site crawled yesterday with nothing new today, and no re-check due,
costs a handful of requests: robots.txt and its feeds, sitemaps and section pages, each read
conditionally (a 304 from the demo server, which sends ETags like most sites), and not one
article request.

Real parts: the demo server (kept on its day 1 for both runs: nothing new), the DAG, SeaweedFS.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from arshif_cli import archive_env, arshif

pytestmark = pytest.mark.slow
BUCKET = "arshif-incremental"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, s3_endpoint, demo_server):
    from arshif.demo import clear_requests_log, requests_log, set_day

    home = tmp_path_factory.mktemp("incremental-home")
    env = archive_env(home, s3_endpoint, BUCKET)
    config = yaml.safe_load((Path(__file__).parents[2] / "arshif/demo/sites.yaml").read_text())
    masr = next(s for s in config["sites"] if s["name"] == "masr-today")
    masr["recheck"] = ["3d"]  # nothing is due for a re-check the next day
    config["sites"] = [masr]
    sites = home / "sites.yaml"
    sites.write_text(yaml.safe_dump(config, allow_unicode=True))
    logs = {}
    try:
        set_day(1)
        for date in ("2026-11-28", "2026-11-29"):
            clear_requests_log()
            result = arshif(env, "run", "--sites", str(sites), "--date", date, "--json")
            logs[date] = {"requests": [r for r in requests_log() if r["site"] == "masr-today"],
                          "report": result.stdout}
    finally:
        set_day(demo_server.get("day") or 1)
    return logs


def test_the_second_day_reads_only_its_listings_conditionally(runs):
    """Its setup runs two days through the DAG (about half a minute each)."""
    first, second = runs["2026-11-28"]["requests"], runs["2026-11-29"]["requests"]
    articles = [r for r in second if "/news/" in r["path"]]
    assert articles == []
    assert len(second) <= 12 < len(first)  # robots.txt, a feed, a sitemap, the sections
    listings = [r for r in second if not r["path"].startswith("/robots.txt")]
    assert listings and all(r["status"] == 304 for r in listings), [(r["path"], r["status"]) for r in listings]


def test_the_quiet_day_is_archived_as_revisits_and_reported(runs):
    import json

    report = json.loads(runs["2026-11-29"]["report"])
    figures = report["sites"]["masr-today"] if "sites" in report else report["masr-today"]
    assert figures["status"] == "archived"
    assert figures["new"] == 0 and figures["changed"] == 0 and figures["rechecks"] == 0
