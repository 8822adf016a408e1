"""The command line answers mistakes with a clear message and a non-zero exit, before any work."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def arshif(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARSHIF_HOME": str(tmp_path / "home"), "ARSHIF_S3_ENDPOINT": "http://127.0.0.1:9"}
    return subprocess.run([str(BIN / "arshif"), *args], env=env, capture_output=True, text=True, timeout=120)


def test_every_command_has_help(tmp_path):
    for command in ("run", "history", "get", "extract", "s3", "demo"):
        result = arshif(tmp_path, command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, command


def test_run_refuses_a_bad_sites_file_and_names_the_problem(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - name: masr\n    domains: [example.com]\n    feeds: [https://other.org/rss]\n"
                     "  - name: Bad Name\n    domains: [example.org]\n    feeds: []\n    sitemaps: [https://example.org/s.xml]\n")
    result = arshif(tmp_path, "run", "--sites", str(sites))
    assert result.returncode == 2
    assert str(sites) in result.stderr and "2 problem(s)" in result.stderr
    assert "sites[0] (masr)" in result.stderr and "outside the site's domains" in result.stderr
    assert "sites[1] (Bad Name).name" in result.stderr


def test_run_without_sites_says_what_to_pass(tmp_path):
    result = arshif(tmp_path, "run")
    assert result.returncode == 2 and "--sites" in result.stderr and "--demo" in result.stderr


def test_history_and_get_of_an_unknown_url(tmp_path):
    for args in (("history", "http://example.com/x"), ("get", "http://example.com/x")):
        result = arshif(tmp_path, *args)
        assert result.returncode == 1 and "no capture of http://example.com/x" in result.stderr


def test_get_with_an_unreadable_time(tmp_path):
    result = arshif(tmp_path, "get", "http://example.com/x", "--at", "yesterday-ish")
    assert result.returncode == 2 and "20261129081502" in result.stderr


def test_parse_when_accepts_every_documented_form():
    from datetime import UTC, datetime

    from arshif.retrieve import nearest, parse_when

    assert parse_when("2026-11-29") == datetime(2026, 11, 29, tzinfo=UTC)
    assert parse_when("2026-11-29T08:15:02.123456Z") == datetime(2026, 11, 29, 8, 15, 2, 123456, tzinfo=UTC)
    assert parse_when("2026-11-29T10:15+02:00") == datetime(2026, 11, 29, 8, 15, tzinfo=UTC)
    assert parse_when("2026-11-29T08:15") == datetime(2026, 11, 29, 8, 15, tzinfo=UTC)
    assert parse_when("20261129081502") == datetime(2026, 11, 29, 8, 15, 2, tzinfo=UTC)
    rows = [{"timestamp": "2026-11-28T10:00:00.000000Z"}, {"timestamp": "2026-11-29T10:00:00.000000Z"}]
    assert nearest(rows, parse_when("2026-11-28T22:00:00Z"))["timestamp"].startswith("2026-11-28")  # a tie
    assert nearest(rows, parse_when("2026-11-28T22:00:01Z"))["timestamp"].startswith("2026-11-29")
    assert nearest(rows, None)["timestamp"].startswith("2026-11-29")
