"""`arshif demo ...`: every command answers --help, and drives the running demo server."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

import arshif.cli.demo  # noqa: F401  (registers `demo` on the app)
from arshif.cli import app
from arshif.demo import sites_yaml, status

runner = CliRunner()


@pytest.mark.parametrize("command", [[], ["start"], ["stop"], ["status"], ["day"], ["sites"]])
def test_every_demo_command_has_help(command):
    result = runner.invoke(app, ["demo", *command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_demo_sites_prints_the_sites_file():
    result = runner.invoke(app, ["demo", "sites"])
    assert result.exit_code == 0
    assert result.output == sites_yaml()
    assert len(yaml.safe_load(result.output)["sites"]) == 3


def test_demo_day_and_status_drive_the_running_server(demo_server):
    result = runner.invoke(app, ["demo", "day", "2"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["demo", "status", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["server"] == "arshif-demo" and data["day"] == 2
    assert runner.invoke(app, ["demo", "day", "3"]).exit_code != 0
    assert runner.invoke(app, ["demo", "day", "1"]).exit_code == 0
    assert status()["day"] == 1
    result = runner.invoke(app, ["demo", "status"])
    assert "serving day 1" in result.output
