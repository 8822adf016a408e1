"""``arshif extract FILE``: JSON out, gzip and stdin in, exit 2 on unreadable input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from extract_pages import PARAGRAPHS, SUBHEADINGS, TITLE, seed_page
from typer.testing import CliRunner

from arshif.cli import extract as extract_cli

ROOT = Path(__file__).resolve().parents[2]
URL = "https://mwatan.news/900419"

# A Typer app with a single command runs it without its name; the callback keeps "extract"
# a sub-command, as it is in the full ``arshif`` app.
_SCRIPT = """
import typer
from arshif.cli import extract as extract_cli
cli = typer.Typer()
cli.callback()(lambda: None)
cli.command("extract")(extract_cli.extract)
cli()
"""


def _app() -> typer.Typer:
    cli = typer.Typer()
    cli.callback()(lambda: None)
    cli.command("extract")(extract_cli.extract)
    return cli


@pytest.fixture
def page_gz(tmp_path: Path) -> Path:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(seed_page(charset_meta="", nested=True).encode("cp1256")))
    return path


def test_prints_the_article_as_json(page_gz: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["extract", str(page_gz), "--url", URL, "--timezone", "Africa/Cairo"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["url"] == URL
    assert data["title"] == TITLE
    assert data["date"] == "2024-03-07"
    assert data["language"] == "ar"
    assert data["author"] == "محمد عبد الله"
    assert PARAGRAPHS[-1] in data["text"] and data["headings"] == SUBHEADINGS
    # ensure_ascii=False and indent=2: Arabic is printed as is
    assert TITLE in result.stdout and '\n  "title"' in result.stdout


def test_reads_stdin() -> None:
    result = CliRunner().invoke(_app(), ["extract", "-"], input=seed_page().encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == TITLE


def test_content_type_option(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(seed_page(charset_meta="").encode("cp1256"))
    result = CliRunner().invoke(
        _app(), ["extract", str(path), "--content-type", "text/html; charset=windows-1256"]
    )
    assert json.loads(result.stdout)["charset"] == "windows-1256"


@pytest.mark.parametrize("target", ["missing.html", "."])
def test_unreadable_file_exits_2(tmp_path: Path, target: str) -> None:
    result = CliRunner().invoke(_app(), ["extract", str(tmp_path / target)])
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_unknown_timezone_exits_2(page_gz: Path) -> None:
    result = CliRunner().invoke(_app(), ["extract", str(page_gz), "--timezone", "Mars/Base"])
    assert result.exit_code == 2
    assert "timezone" in result.output


def test_subprocess(page_gz: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "extract", str(page_gz), "--url", URL],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["title"] == TITLE


def test_installed_entry_point(page_gz: Path) -> None:
    exe = ROOT / ".venv" / "bin" / "arshif"
    if not exe.exists():
        pytest.skip("arshif entry point not installed")
    probe = subprocess.run([str(exe), "--help"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("the arshif command does not start yet (other command groups missing)")
    proc = subprocess.run(
        [str(exe), "extract", str(page_gz), "--url", URL], capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert data["title"] == TITLE and data["date"] == "2024-03-07"
    missing = subprocess.run([str(exe), "extract", "/nonexistent.html"], capture_output=True)
    assert missing.returncode == 2
