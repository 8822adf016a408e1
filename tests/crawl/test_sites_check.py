"""`arshif sites check` on the demo network (every site ok, Arabic sample intact) and on
loopback addresses where nothing listens (every site broken, connection refused, exit 1).
Addresses off loopback are only ever judged by the guard, never connected to."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from arshif_cli import arshif

from arshif.config import load_sites, parse_sites
from arshif.demo import DAY_DATES, status
from arshif.sites_check import Fetcher, check_sites, policy_for
from spiders.middlewares.address_guard import BlockedAddress

DEMO_SITES = Path(__file__).resolve().parents[2] / "arshif" / "demo" / "sites.yaml"


def demo_now(demo_server: dict) -> datetime:
    """The end of the day the demo serves: freshness is judged against it, never the wall clock."""
    served = (status() or demo_server).get("day", 1)  # another test may have moved the day
    day = DAY_DATES[served] + timedelta(days=1)
    return datetime.combine(day, time(0), UTC)


def test_demo_network_every_site_ok(demo_server: dict) -> None:
    reports = check_sites(load_sites(DEMO_SITES), timeout=10, now=demo_now(demo_server))
    assert [r.name for r in reports] == ["masr-today", "levant-post", "gulf-wire"]
    for report in reports:
        assert report.status == "ok", (report.name, report.reasons)
        assert report.articles_listed > 0
        assert report.newest_item
        if report.name == "masr-today":  # its members page is disallowed by robots.txt
            assert any("disallowed by robots.txt" in note for note in report.notes)
        assert report.sample and report.sample["arabic"] and report.sample["text_chars"] > 200
        kinds = {p.kind for p in report.probes}
        assert {"robots", "feed", "sitemap", "start", "article"} <= kinds
        assert all(p.error is None for p in report.probes if p.kind in ("feed", "sitemap")), report.probes


def test_demo_network_cli_json(demo_server: dict) -> None:
    result = arshif(dict(__import__("os").environ), "sites", "check", "--sites", str(DEMO_SITES),
                    "--json", "--site", "gulf-wire", "--now", demo_now(demo_server).isoformat(), timeout=300)
    data = json.loads(result.stdout)
    assert data["broken"] == []
    [site] = data["sites"]
    assert site["name"] == "gulf-wire" and site["status"] == "ok"
    # Arabic comes through the JSON as Arabic, not as escapes
    assert any("\u0600" <= ch <= "\u06ff" for ch in site["sample"]["text_start"])
    assert "sites check: gulf-wire: ok" in result.stderr


DEAD = """
allow_private_addresses: ["127.0.0.77", "127.0.0.78"]
contact: ops@example.org
sites:
  - name: dead-one
    domains: ["127.0.0.77"]
    feeds: ["http://127.0.0.77:9/rss.xml"]
    sitemaps: ["http://127.0.0.77:9/sitemap.xml"]
    start_urls: ["http://127.0.0.77:9/", "http://127.0.0.77:9/section/"]
  - name: dead-two
    domains: ["127.0.0.78"]
    feeds: ["http://127.0.0.78:9/feed/"]
  - name: switched-off
    enabled: false
    domains: ["127.0.0.79"]
    feeds: ["http://127.0.0.79:9/feed/"]
"""


def test_unreachable_loopback_sites_are_broken_with_reason(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(DEAD, encoding="utf-8")
    result = arshif(dict(__import__("os").environ), "sites", "check", "--sites", str(sites), "--json",
                    "--timeout", "2", check=False, timeout=120)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["broken"] == ["dead-one", "dead-two"]  # the disabled site is not probed
    for site in data["sites"]:
        assert site["status"] == "broken"
        assert site["reasons"][0] == "unreachable: no feed, sitemap or section page answered"
        assert any("connection refused" in reason for reason in site["reasons"])
        assert all(p["error"] and "connection refused" in p["error"] for p in site["probes"])
    assert data["user_agent"] == "arshif/0.1 (+mailto:ops@example.org; web archive of Arabic news)"
    text = arshif(dict(__import__("os").environ), "sites", "check", "--sites", str(sites),
                  "--timeout", "2", check=False, timeout=120)
    assert text.returncode == 1
    assert "dead-one: broken" in text.stdout and "2 broken" in text.stdout


def test_private_address_without_allow_is_refused_before_connecting() -> None:
    config = parse_sites({"sites": [{"name": "private", "domains": ["10.1.2.3"],
                                     "feeds": ["http://10.1.2.3/rss.xml"]}]})
    policy = policy_for(config)
    with pytest.raises(BlockedAddress, match="private or special address"):
        policy.check("http://10.1.2.3/rss.xml")
    fetched = Fetcher(policy, config.user_agent, timeout=1).get("http://10.1.2.3/rss.xml")
    assert fetched.refused and fetched.status is None
    assert "refused before connecting" in fetched.error


def test_allow_list_lets_only_the_listed_loopback_address() -> None:
    """Every hop (first URL or redirect) gets this decision; no server needed to judge it."""
    config = parse_sites({"allow_private_addresses": ["127.0.0.77"],
                          "sites": [{"name": "x", "domains": ["127.0.0.77"],
                                     "feeds": ["http://127.0.0.77:9/rss.xml"]}]})
    policy = policy_for(config)
    policy.check("http://127.0.0.77:9/rss.xml")  # allowed
    with pytest.raises(BlockedAddress):
        policy.check("http://127.0.0.1:9/rss.xml")  # loopback, but not in the allow-list


def test_freshness_is_judged_against_the_reference_time(demo_server: dict) -> None:
    """The same listings are fresh on the demo's day and stale a week later: the check reads the
    reference time it is given, never the wall clock."""
    config = load_sites(DEMO_SITES)
    later = demo_now(demo_server) + timedelta(days=7)
    [report] = check_sites(config, ["gulf-wire"], timeout=10, now=later)
    assert report.status != "ok"
    assert any(reason.startswith("stale: newest item is") for reason in report.reasons), report.reasons


def test_cli_refuses_a_reference_time_it_cannot_read() -> None:
    result = arshif(dict(__import__("os").environ), "sites", "check", "--sites", str(DEMO_SITES),
                    "--now", "next tuesday", check=False, timeout=120)
    assert result.returncode == 2
    assert "--now 'next tuesday' is not an ISO 8601 date or time" in result.stderr
