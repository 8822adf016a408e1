"""``arshif airflow start|stop|status``: Airflow's scheduler, DAG processor, triggerer and API
server (with the UI) on this machine, for arshif's DAGs (arshif/orchestrate/standalone.py)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from arshif.cli import app

airflow_app = typer.Typer(help="Airflow on this machine: the scheduler runs the daily_crawl DAG on its "
                          "schedule; the UI and REST API answer on loopback.", no_args_is_help=True)
app.add_typer(airflow_app, name="airflow")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@airflow_app.command("start")
def start_command(
    sites: Path | None = typer.Option(None, "--sites", help="The sites file the DAG crawls "
                                      "(default: ARSHIF_SITES_FILE).", dir_okay=False),
    demo: bool = typer.Option(False, "--demo", help="Crawl the bundled demo sites (the demo network is started)."),
    port: int = typer.Option(8082, "--port", help="The API and UI port, on 127.0.0.1."),
    as_json: bool = typer.Option(False, "--json", help="Print where it runs as JSON once healthy."),
) -> None:
    """Start Airflow in the background (metadata, logs and pid files under ARSHIF_HOME/airflow),
    wait until every component is healthy, and print the UI address and where the password is."""
    import os
    import sys

    from arshif.orchestrate.standalone import StandaloneError, start

    if demo:
        from datetime import UTC, datetime

        from arshif.cli.run import demo_sites_file

        sites = demo_sites_file(datetime.now(UTC).date())
    sites = sites or (Path(os.environ["ARSHIF_SITES_FILE"]) if os.environ.get("ARSHIF_SITES_FILE") else None)
    if sites is None or not sites.is_file():
        raise _fail("no sites file: pass --sites FILE (or --demo), or set ARSHIF_SITES_FILE", 2)

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        standalone = start(sites, port, progress=progress)
    except StandaloneError as exc:
        raise _fail(str(exc)) from None
    info = {"url": standalone.url, "user": "arshif", "password_file": str(standalone.password_file),
            "home": str(standalone.home), "pids": standalone.running(), "sites_file": str(sites.resolve())}
    if as_json:
        typer.echo(json.dumps(info, indent=2))
    else:
        typer.echo(f"Airflow runs at {standalone.url} (user arshif, password in {standalone.password_file});\n"
                   f"it crawls {sites} on schedule. `arshif airflow stop` ends it.")


@airflow_app.command("stop")
def stop_command() -> None:
    """Stop every Airflow process `arshif airflow start` started from this ARSHIF_HOME."""
    from arshif.orchestrate.standalone import environment, stop

    _, standalone = environment(None, None)
    signalled = stop(standalone)
    typer.echo(f"stopped {len(signalled)} process group(s)" if signalled else "Airflow was not running")


@airflow_app.command("status")
def status_command(
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
) -> None:
    """Which components run, and what the API's health check says; exit 1 when not running."""
    from arshif.orchestrate.standalone import environment, health

    _, standalone = environment(None, None)
    running = standalone.running()
    report = health(standalone) if running else None
    if as_json:
        typer.echo(json.dumps({"running": running, "health": report, "url": standalone.url}, indent=2))
    else:
        for component, pid in running.items():
            typer.echo(f"{component:<14} pid {pid}")
        if report:
            for part, state in report.items():
                typer.echo(f"{part:<14} {(state or {}).get('status')}")
        if not running:
            typer.echo("Airflow is not running (`arshif airflow start`)")
    if not running:
        raise typer.Exit(1)
