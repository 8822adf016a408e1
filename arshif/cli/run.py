"""``arshif run``: one run of the daily_crawl DAG, through Airflow itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import typer

from arshif.cli import app
from arshif.home import arshif_home, home_dir

# Lines worth showing on the terminal while the DAG runs; everything goes to the run's log.
PROGRESS = re.compile(r"\[arshif\.pipeline\]|\[DAG TEST\] starting|new_state=(?:failed|up_for_retry)")


def _message(log_line: str) -> str:
    """``2026-… [info     ] crawled x [arshif.pipeline] loc=…`` → ``… crawled x``."""
    match = re.match(r"^(\S+)\s+\[\s*(\w+)\s*\]\s+(.*?)(?:\s+\[[\w.]+\]\s+loc=\S+)?\s*$", log_line)
    if not match:
        return log_line.rstrip()
    stamp, level, message = match.groups()
    message = message.replace("[DAG TEST] starting ", "task ")
    return f"{stamp[11:19]} {level:<5} {message}"


def prepare_store() -> str:
    """The S3 endpoint for this run: ``ARSHIF_S3_ENDPOINT`` or the embedded SeaweedFS, started
    if needed; exported so that every task and crawl subprocess uses the same one."""
    from storage.s3 import open_store, resolve_endpoint

    endpoint = resolve_endpoint(arshif_home(), start_if_needed=True)
    os.environ["ARSHIF_S3_ENDPOINT"] = endpoint
    protected = {e for e in os.environ.get("ARSHIF_PROTECTED_ENDPOINTS", "").split(",") if e}
    os.environ["ARSHIF_PROTECTED_ENDPOINTS"] = ",".join(sorted(protected | {endpoint}))
    open_store().ensure_bucket()
    return endpoint


def demo_sites_file(logical: date) -> Path:
    """Starts the demo network on the simulated day matching ``logical`` and writes its sites file."""
    from arshif.demo import sites_yaml
    from arshif.demo.launcher import ensure_running
    from arshif.demo.sites import day_of

    day = day_of(logical)
    home = arshif_home()
    ensure_running(home, day=day)
    path = home_dir("demo") / "sites.yaml"
    path.write_text(sites_yaml(), encoding="utf-8")
    return path


def run_dag(sites_file: Path, logical: date, echo: bool = True) -> tuple[int, str]:
    """Runs daily_crawl for ``logical`` with ``dag.test()`` in a child process; returns its exit
    status and the run key. The child's whole output goes to a log file under ARSHIF_HOME."""
    from arshif.layout import run_key
    from arshif.orchestrate.airflow_env import airflow_env, ensure_metadata_db

    key = run_key(logical)
    env = airflow_env()
    # One run, in the foreground: a failed task is reported at once, not retried minutes later
    # (the scheduler's retries are for unattended runs; `arshif run` is run again by hand).
    env.setdefault("ARSHIF_TASK_RETRIES", "0")
    env.setdefault("ARSHIF_RUN_DEADLINE_HOURS", "0")  # deadlines need the scheduler and triggerer
    # ARSHIF_CRAWL_PROCESS=warm (arshif/crawl/warm.py) is opt-in for now: it cut a site's fixed
    # cost on 20-site runs but is young; the test suite exercises it in tests/crawl/test_warm.py
    # (issue 17: make it the default here once measured on a quiet machine).
    ensure_metadata_db(env)
    log_path = home_dir("logs", "runs") / f"{key}.log"
    conf = json.dumps({"sites_file": str(sites_file.resolve()), "run_key": key})
    command = [sys.executable, "-m", "arshif.orchestrate.local_run", "--date", logical.isoformat(),
               "--conf", conf]
    if echo:
        typer.echo(f"running daily_crawl for {logical.isoformat()} (run {key}); full log: {log_path}")
    with log_path.open("a", encoding="utf-8") as log, subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            log.write(line)
            if echo and PROGRESS.search(line):
                typer.echo("  " + _message(line)[:160])
    return child.returncode, key


def print_report(key: str, as_json: bool) -> None:
    from arshif.catalog import Catalog
    from arshif.report import format_report

    catalog = Catalog()
    report = catalog.reports(key)
    head = catalog.ledger_head()
    catalog.close()
    head = {"position": head["position"], "sha256": head["sha256"]} if head else None
    if as_json:
        typer.echo(json.dumps({"run_key": key, "sites": report, "ledger_head": head}, ensure_ascii=False,
                              indent=2))
    elif report:
        typer.echo(format_report(key, report, head))


def parse_date(value: str | None) -> date:
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-29") from None


@app.command("run")
def run(
    sites: Path | None = typer.Option(None, "--sites", help="The sites file (YAML).", dir_okay=False),
    when: str | None = typer.Option(None, "--date", help="The run's logical date, YYYY-MM-DD (default: today, UTC)."),
    demo: bool = typer.Option(False, "--demo", help="Crawl the bundled offline demo sites (started on loopback)."),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Run the daily_crawl DAG once over the sites that are due, through Airflow.

    Running the same date again completes what is missing and archives nothing twice. Exits 0
    when every site ran (page failures are in the report), 1 when a site's crawl or the
    archive step failed.
    """
    logical = parse_date(when)
    if demo:
        from arshif.demo.launcher import network_lock

        with network_lock():
            _run(demo_sites_file(logical), logical, as_json)
        return
    if sites is None:
        typer.echo("error: no sites file: pass --sites FILE, or --demo for the bundled demo sites",
                   err=True)
        raise typer.Exit(2)
    _run(sites, logical, as_json)


def _run(sites: Path, logical: date, as_json: bool) -> None:
    from arshif.config import ConfigError, load_sites

    try:
        load_sites(sites)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    endpoint = prepare_store()
    if not as_json:
        typer.echo(f"object store: {endpoint}, bucket {os.environ.get('ARSHIF_BUCKET', 'arshif')}")
    status, key = run_dag(sites, logical, echo=not as_json)
    print_report(key, as_json)
    if status != 0:
        typer.echo(f"run {key} did not complete: see {home_dir('logs', 'runs') / (key + '.log')}",
                   err=True)
        raise typer.Exit(1)
