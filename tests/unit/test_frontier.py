"""The re-check schedule and the frontier planned from a real SQLite catalog."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.catalog import Catalog
from arshif.config import ConfigError, parse_sites
from arshif.frontier import (
    DEFAULT_RECHECK,
    Frontier,
    KnownArticle,
    RecheckSchedule,
    parse_duration,
    plan_frontier,
)

T0 = datetime(2026, 11, 28, tzinfo=UTC)
SCHEDULE = RecheckSchedule.parse(DEFAULT_RECHECK)


def test_durations():
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("6h") == timedelta(hours=6)
    assert parse_duration(" 3d ") == timedelta(days=3)
    assert parse_duration("2w") == timedelta(weeks=2)
    for bad in ("0h", "6", "h", "1.5d", "-1d", "1y"):
        with pytest.raises(ValueError, match="not a duration"):
            parse_duration(bad)


def test_daily_runs_recheck_on_days_1_3_and_7_then_never():
    """Daily runs after a first capture at T0: due on the runs that pass 1 d, 3 d and 7 d."""
    last, due_days = T0, []
    for day in range(1, 15):
        now = T0 + timedelta(days=day)
        if SCHEDULE.due(T0, last, now):
            due_days.append(day)
            last = now
    # 1 h and 6 h have passed by day 1: they and 1 d make one re-check, not three
    assert due_days == [1, 3, 7]
    assert SCHEDULE.next_check(T0, T0 + timedelta(days=7)) is None


def test_hourly_runs_follow_every_step_of_the_schedule():
    last, due_hours = T0, []
    for hour in range(1, 24 * 8):
        now = T0 + timedelta(hours=hour)
        if SCHEDULE.due(T0, last, now):
            due_hours.append(hour)
            last = now
    assert due_hours == [1, 6, 24, 72, 168]


@given(st.lists(st.integers(min_value=1, max_value=24 * 30), min_size=1, max_size=6, unique=True),
       st.integers(min_value=1, max_value=24 * 40))
def test_at_most_one_recheck_per_scheduled_delay(hours, runs):
    schedule = RecheckSchedule(tuple(sorted(timedelta(hours=h) for h in hours)))
    last, checks = T0, 0
    for hour in range(1, runs + 1):
        now = T0 + timedelta(hours=hour)
        if schedule.due(T0, last, now):
            checks, last = checks + 1, now
    assert checks <= len(hours)
    if runs >= max(hours):
        assert checks >= 1 and schedule.next_check(T0, last) is None


def test_the_sites_file_takes_a_schedule_and_names_a_bad_one():
    site = {"name": "s", "domains": ["example.com"], "feeds": ["https://example.com/rss"]}
    config = parse_sites({"sites": [{**site, "recheck": ["2h", "1d"]}]})
    assert config.sites[0].recheck == ["2h", "1d"]
    assert parse_sites({"sites": [site]}).sites[0].recheck == list(DEFAULT_RECHECK)
    with pytest.raises(ConfigError, match=r"sites\[0\] \(s\)\.recheck.*'soon' is not a duration"):
        parse_sites({"sites": [{**site, "recheck": ["1h", "soon"]}]})


def _row(n: int, url: str, run: str, kind: str = "response", etag: str | None = None,
         fingerprint: str | None = "fp", site: str = "s") -> dict:
    return {"record_id": f"<urn:uuid:{n}>", "url": url, "canonical_url": url, "site": site,
            "run_key": run, "role": "article", "timestamp": f"{run[:4]}-{run[4:6]}-{run[6:8]}T08:00:0{n % 10}Z",
            "status": 200, "kind": kind, "text_fingerprint": fingerprint, "etag": etag,
            "last_modified": "Sat, 28 Nov 2026 07:00:00 GMT" if etag else None}


def test_plan_frontier_from_the_catalog(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    old, fresh, gone = ("http://example.com/news/1", "http://example.com/news/2",
                        "http://example.com/news/3")
    catalog.apply_manifest("m1", "20261128T000000Z", "s", [
        _row(1, old, "20261128T000000Z", etag='"a1"'),
        _row(2, gone, "20261128T000000Z"),
        _row(3, "http://example.com/section/x", "20261128T000000Z", fingerprint=None),  # no text ever
        _row(4, "http://other.example/news/9", "20261128T000000Z", site="other"),
    ])
    catalog.apply_manifest("m2", "20261129T000000Z", "s", [
        _row(5, old, "20261129T000000Z", etag='"a2"'),
        _row(6, fresh, "20261129T000000Z", etag='"b1"'),
        {**_row(7, gone, "20261129T000000Z", kind="removed", fingerprint=None), "status": 404},
    ])
    frontier = plan_frontier(catalog, "s", "20261130T000000Z", DEFAULT_RECHECK)
    assert set(frontier.known) == {old, fresh, gone}
    assert [a.url for a in frontier.due_rechecks()] == [fresh]  # old: next at 3 d; gone: never
    assert frontier.known[old].conditional_headers() == {
        "If-None-Match": '"a2"', "If-Modified-Since": "Sat, 28 Nov 2026 07:00:00 GMT"}
    assert frontier.known[old].next_check == "2026-12-01T00:00:00Z"
    assert frontier.known[gone].removed and frontier.known[gone].next_check is None
    # planning a date again ignores what that date (and later ones) archived
    again = plan_frontier(catalog, "s", "20261129T000000Z", DEFAULT_RECHECK)
    assert set(again.known) == {old, gone} and {a.url for a in again.due_rechecks()} == {old, gone}
    path = tmp_path / "frontier.json"
    frontier.save(path)
    assert Frontier.load(path) == frontier


def test_a_listing_modified_after_the_last_check_makes_a_known_article_due():
    known = KnownArticle(url="http://example.com/news/1", first_seen="20261128T000000Z",
                         last_checked="20261129T000000Z", due=False)
    assert known.modified_since_check("2026-11-29T10:20:00+02:00")
    assert not known.modified_since_check("2026-11-28T23:00:00Z")
    assert not known.modified_since_check("not a date") and not known.modified_since_check(None)
    assert known.conditional_headers() == {}
