"""``arshif s3 start|status|stop`` on a home of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import arshif.cli.s3  # noqa: F401  (registers the ``s3`` group on the app)
from arshif.cli import app

runner = CliRunner()


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ARSHIF_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("ARSHIF_S3_ENDPOINT", raising=False)
    return tmp_path / "var"


def test_status_exits_1_when_not_running(home: Path) -> None:
    result = runner.invoke(app, ["s3", "status"])
    assert result.exit_code == 1
    assert "not running" in result.output
    assert "arshif s3 start" in result.output

    result = runner.invoke(app, ["s3", "status", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {"running": False, "home": str(home)}


def test_start_status_stop(home: Path) -> None:
    try:
        result = runner.invoke(app, ["s3", "start"])
        assert result.exit_code == 0, result.output
        assert "started" in result.output
        assert str(home / "seaweedfs" / "data") in result.output
        assert str(home / "seaweedfs" / "weed.log") in result.output
        assert "aws --endpoint-url http://127.0.0.1:" in result.output

        result = runner.invoke(app, ["s3", "status", "--json"])
        assert result.exit_code == 0, result.output
        state = json.loads(result.output)
        assert state["running"] and state["answering"]
        assert state["endpoint"] == f"http://127.0.0.1:{state['ports']['s3']}"

        result = runner.invoke(app, ["s3", "start"])
        assert "already running" in result.output
    finally:
        result = runner.invoke(app, ["s3", "stop", "--timeout", "1"])
    assert result.exit_code == 0, result.output
    assert "Stopped" in result.output
    assert runner.invoke(app, ["s3", "status"]).exit_code == 1
