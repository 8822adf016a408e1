"""Operations logic: which sites a run crawls, which runs raise alerts, and that alerts reach a
webhook (a real HTTP server on loopback) and the alert log."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from arshif.catalog import Catalog
from arshif.config import AlertThresholds, parse_sites
from arshif.ops.alerts import send, task_failed
from arshif.ops.health import Alert, site_alerts
from arshif.ops.schedule import site_due
from arshif.report import format_report


def figures(new=5, status="archived", fetched=40, failures=0, extracted=20, empty_text=0, no_date=0) -> dict:
    return {"status": status, "new": new, "fetched": fetched, "failures": failures,
            "extracted": extracted, "empty_text": empty_text, "no_date": no_date}


def history(*runs: dict) -> list[tuple[str, dict]]:
    return [(f"202611{day:02d}T000000Z", f) for day, f in enumerate(runs, 1)]


def rules(alerts: list[Alert]) -> list[str]:
    return [a.rule for a in alerts]


# -- health rules ------------------------------------------------------------------------------
def test_a_healthy_run_raises_nothing():
    assert site_alerts("s", "20261130T000000Z", figures(), history(figures(), figures())) == []


def test_a_failed_run_is_an_error_with_what_to_do():
    [alert] = site_alerts("s", "20261130T000000Z", {"status": "crawl failed"}, [])
    assert alert.rule == "run-failed" and alert.severity == "error"
    assert "logs/crawl/20261130T000000Z/s.log" in alert.action


def test_errors_above_the_sites_share():
    assert rules(site_alerts("s", "r", figures(fetched=20, failures=6), [])) == ["errors"]
    assert site_alerts("s", "r", figures(fetched=20, failures=3), []) == []  # 15% < 20%
    lenient = AlertThresholds(error_rate=0.5)
    assert site_alerts("s", "r", figures(fetched=20, failures=6), [], lenient) == []


def test_no_new_articles_for_n_runs_in_a_row():
    quiet = figures(new=0)
    assert site_alerts("s", "r", quiet, history(figures(), quiet)) == []  # two runs
    [alert] = site_alerts("s", "r", quiet, history(figures(), quiet, quiet))
    assert alert.rule == "no-new-articles" and "3 runs" in alert.message
    assert site_alerts("s", "r", quiet, history(quiet, quiet), AlertThresholds(no_new_runs=0)) == []


def test_extraction_drift_against_the_sites_usual_share():
    usual = [figures(empty_text=1), figures(empty_text=2), figures(empty_text=1)]
    broken = figures(empty_text=14)  # 70% empty against a usual 5%
    [alert] = site_alerts("s", "r", broken, history(*usual))
    assert alert.rule == "extraction-drift" and "empty text" in alert.message and "usually 5%" in alert.message
    assert site_alerts("s", "r", figures(empty_text=4), history(*usual)) == []  # 20%: within 30 points
    undated = figures(no_date=15)
    assert rules(site_alerts("s", "r", undated, history(*usual))) == ["extraction-drift"]
    # Too few articles to judge, or nothing to compare with: no alert.
    assert site_alerts("s", "r", figures(extracted=3, empty_text=3), history(*usual)) == []
    assert site_alerts("s", "r", broken, []) == []


def test_articles_kept_unfiltered_raise_chrome_skipped():
    [alert] = site_alerts("s", "r", {**figures(), "chrome_skipped": 3}, history(figures(), figures()))
    assert alert.rule == "chrome-skipped" and alert.severity == "warning"
    assert "3 article(s)" in alert.message and "models/chrome/s/" in alert.action
    assert site_alerts("s", "r", {**figures(), "chrome_skipped": 0}, []) == []
    text = format_report("r", {"s": {**figures(), "chrome_skipped": 3, "alerts": [alert.to_dict()]}})
    heads, row = (line.split() for line in text.splitlines()[1:3])
    assert dict(zip(heads, row, strict=True))["chrome-kept"] == "3"
    assert "ALERT warning chrome-skipped" in text


def test_the_report_shows_each_alert_with_its_action():
    report = {"s": {**figures(new=0), "alerts": [site_alerts("s", "r", {"status": "crawl failed"}, [])[0].to_dict()]}}
    text = format_report("r", report)
    assert "ALERT error run-failed" in text and "what to do:" in text


# -- schedule ------------------------------------------------------------------------------------
def config(every: str, enabled: bool = True):
    return parse_sites({"allow_private_addresses": True, "sites": [{
        "name": "s", "domains": ["127.0.0.21"], "feeds": ["http://127.0.0.21:8765/rss.xml"],
        "every": every, "enabled": enabled}]}).sites[0]


def test_a_site_is_due_at_its_own_pace(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    try:
        assert site_due(catalog, config("1d"), "20261129T000000Z").reason == "never crawled"
        catalog.apply_manifest("runs/20261128T000000Z/s/manifest.json", "20261128T000000Z", "s", [])
        assert site_due(catalog, config("1d"), "20261129T000000Z").due
        assert not site_due(catalog, config("1d"), "20261128T130000Z").due  # 13 h later
        weekly = site_due(catalog, config("7d"), "20261129T000000Z")
        assert not weekly.due and "every 7d; no re-check due" in weekly.reason
        assert site_due(catalog, config("1h"), "20261128T010000Z").due
        assert not site_due(catalog, config("1h", enabled=False), "20261129T000000Z").due
    finally:
        catalog.close()


def test_every_must_be_a_duration():
    with pytest.raises(ValueError, match="every"):
        config("daily")


# -- delivery --------------------------------------------------------------------------------
class _Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_alerts_reach_the_webhook_and_the_log(tmp_path, monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("ARSHIF_HOME", str(tmp_path))
        monkeypatch.setenv("ARSHIF_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/hook")
        _Receiver.received.clear()
        alert = Alert("no-new-articles", "warning", "masr-today", "r", "مصر اليوم: لا جديد", "check")
        assert send([alert]) == 1
        assert _Receiver.received[0]["message"] == "مصر اليوم: لا جديد"
        task_failed({"task_instance": type("TI", (), {"task_id": "crawl", "map_index": 2})(),
                     "run_id": "scheduled__x", "exception": RuntimeError("boom")})
        assert _Receiver.received[1]["rule"] == "task-failed" and "crawl[2]" in _Receiver.received[1]["message"]
        kept = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
        assert [k["rule"] for k in kept] == ["no-new-articles", "task-failed"]
    finally:
        server.shutdown()


def test_a_webhook_url_is_logged_without_its_secrets():
    from arshif.ops.alerts import redacted

    assert redacted("https://user:pw@hooks.example.org:8443/a/b?token=s3cret#x") == "https://hooks.example.org:8443/a/b"


def test_an_unreachable_webhook_never_fails_the_caller(tmp_path, monkeypatch):
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("ARSHIF_HOME", str(tmp_path))
    monkeypatch.setenv("ARSHIF_ALERT_WEBHOOK", f"http://127.0.0.1:{port}/hook")
    assert send([Alert("errors", "warning", "s", "r", "m", "a")]) == 0
    assert "errors" in (tmp_path / "alerts.jsonl").read_text()
