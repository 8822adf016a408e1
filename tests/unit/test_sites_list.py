"""`arshif sites list`: every site of a sites file with its schedule, and from the catalog its
last run and articles archived (nothing over the network)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from arshif_cli import arshif

from arshif.catalog import Catalog

SITES = """
user_agent: "arshif-test/1 (+mailto:ops@example.org)"
sites:
  - name: cairo-daily
    domains: [127.0.0.61]
    feeds: [http://127.0.0.61/rss.xml]
    timezone: Africa/Cairo
    every: 6h
  - name: quiet-gazette
    domains: [127.0.0.62]
    start_urls: [http://127.0.0.62/]
    enabled: false
"""


def _capture(n: int, url: str, site: str, run_key: str, role: str = "article") -> dict:
    return {"record_id": f"urn:uuid:{n}", "url": url, "canonical_url": url, "site": site,
            "run_key": run_key, "role": role, "timestamp": "2026-11-29T08:00:00.000000Z", "status": 200}


def test_sites_list_with_the_catalog_figures(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES, "utf-8")
    home = tmp_path / "home"
    catalog = Catalog(home / "catalog.sqlite")
    catalog.apply_manifest("m1", "20261128T0800Z", "cairo-daily", [
        _capture(1, "http://127.0.0.61/a/1", "cairo-daily", "20261128T0800Z"),
        _capture(2, "http://127.0.0.61/rss.xml", "cairo-daily", "20261128T0800Z", role="feed")])
    catalog.apply_manifest("m2", "20261129T0800Z", "cairo-daily", [
        _capture(3, "http://127.0.0.61/a/1", "cairo-daily", "20261129T0800Z"),
        _capture(4, "http://127.0.0.61/a/2", "cairo-daily", "20261129T0800Z")])
    catalog.close()
    env = {**os.environ, "ARSHIF_HOME": str(home)}
    env.pop("ARSHIF_INDEX_URL", None)

    listed = json.loads(arshif(env, "sites", "list", "--sites", str(sites), "--json").stdout)
    assert listed["sites"] == [
        {"name": "cairo-daily", "domains": ["127.0.0.61"], "feeds": ["http://127.0.0.61/rss.xml"],
         "timezone": "Africa/Cairo", "enabled": True, "schedule": "every 6h",
         "last_run": "20261129T0800Z", "articles_archived": 2},
        {"name": "quiet-gazette", "domains": ["127.0.0.62"], "feeds": [], "timezone": "UTC",
         "enabled": False, "schedule": "every 1d", "last_run": None, "articles_archived": 0}]
    text = arshif(env, "sites", "list", "--sites", str(sites)).stdout
    assert "cairo-daily (enabled, every 6h, Africa/Cairo)" in text
    assert "last run: 20261129T0800Z; articles archived: 2" in text
    assert "quiet-gazette (disabled" in text and "2 site(s), 1 enabled" in text


def test_sites_list_without_an_archive_and_with_a_bad_file(tmp_path: Path) -> None:
    env = {**os.environ, "ARSHIF_HOME": str(tmp_path / "none")}
    env.pop("ARSHIF_INDEX_URL", None)
    listed = json.loads(arshif(env, "sites", "list", "--json").stdout)  # the bundled demo's
    assert [s["name"] for s in listed["sites"]] == ["masr-today", "levant-post", "gulf-wire"]
    assert all(s["last_run"] is None and s["articles_archived"] == 0 for s in listed["sites"])
    assert not (tmp_path / "none" / "catalog.sqlite").exists()  # listing creates no catalog
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites: [{name: x}]", "utf-8")
    result = arshif(env, "sites", "list", "--sites", str(bad), check=False)
    assert result.returncode == 2 and "arshif sites list:" in result.stderr
