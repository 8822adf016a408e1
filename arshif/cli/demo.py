"""`arshif demo ...`: start, drive and stop the offline demo news network, and ``arshif demo run``
(what ``make demo`` runs): two simulated days of the demo network through the daily_crawl DAG,
then a summary and commands to paste."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from arshif.cli import app

demo_app = typer.Typer(
    help=(
        "The offline demo news network: three Arabic news sites on loopback "
        "(127.0.0.21-23:8765) that serve day 1 or day 2 of a small news cycle."
    ),
    no_args_is_help=True,
)
app.add_typer(demo_app, name="demo")

Day = Annotated[int, typer.Argument(min=1, max=2, help="The day to serve: 1 or 2.")]


def _fail(error: Exception) -> None:
    typer.echo(f"arshif demo: {error}", err=True)
    raise typer.Exit(1)


ScaleSites = Annotated[
    int | None,
    typer.Option("--sites", min=1, help="A scaled network of this many sites (arshif.demo.scale), "
                 "cycling the three designs on 127.1.x.y; the default network is left alone."),
]
ScaleArticles = Annotated[
    int | None, typer.Option("--articles", min=8, help="Articles per site of a scaled network (day 1).")
]
ScalePort = Annotated[int | None, typer.Option("--port", help="The scaled network's port (default 8790).")]


@demo_app.command("start")
def start(
    day: Annotated[
        int | None,
        typer.Option(
            "--day", min=1, max=2, help="Serve this day (default: keep the current one, or 1)."
        ),
    ] = None,
    sites: ScaleSites = None,
    articles: ScaleArticles = None,
    port: ScalePort = None,
) -> None:
    """Start the demo server in the background (or reuse the one running) and wait for it.

    With --sites, --articles or --port: a scaled network of its own instead (day 1 only), and
    the path of its sites file for `arshif run --sites`."""
    from arshif.demo import DemoServerError, ensure_running, status
    from arshif.home import arshif_home

    if sites is not None or articles is not None or port is not None:
        _start_scaled(sites or 3, articles or 100, port)
        return
    try:
        ensure_running(arshif_home(), day)
    except DemoServerError as error:
        _fail(error)
    current = status() or {}
    typer.echo(f"demo network serving day {current.get('day')}:")
    for name, url in current.get("addresses", {}).items():
        typer.echo(f"  {name:12} {url}")


def _start_scaled(sites: int, articles: int, port: int | None) -> None:
    from arshif.demo.scale.launcher import ScaledServerError, start
    from arshif.demo.scale.sites import DEFAULT_PORT
    from arshif.home import arshif_home

    try:
        pid, sites_file = start(arshif_home(), sites, articles, port or DEFAULT_PORT)
    except (ScaledServerError, ValueError) as error:
        _fail(error)
    typer.echo(f"scaled demo network (pid {pid}): {sites} sites × {articles} articles on port "
               f"{port or DEFAULT_PORT}, day 1\nsites file: {sites_file}\n"
               f"stop it with: arshif demo stop --port {port or DEFAULT_PORT}")


@demo_app.command("stop")
def stop_command(port: ScalePort = None) -> None:
    """Stop the demo server, if this ARSHIF_HOME started it (with --port: the scaled one there)."""
    from arshif.demo import status, stop
    from arshif.home import arshif_home

    if port is not None:
        from arshif.demo.scale.launcher import stop as stop_scaled

        typer.echo("scaled demo server stopped" if stop_scaled(arshif_home(), port)
                   else f"no scaled demo server this ARSHIF_HOME started on port {port}")
        return
    if stop(arshif_home()):
        typer.echo("demo server stopped")
    elif status():
        typer.echo("the running demo server was not started from this ARSHIF_HOME; left running")
    else:
        typer.echo("no demo server is running")


@demo_app.command("status")
def status_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Say whether the demo server runs, which day it serves and where. Exit 1 if it is down."""
    from arshif.demo import status

    current = status()
    if as_json:
        typer.echo(json.dumps(current, ensure_ascii=False))
    elif current:
        typer.echo(f"demo server running (pid {current.get('pid')}), serving day {current['day']}")
        for name, url in current.get("addresses", {}).items():
            typer.echo(f"  {name:12} {url}")
    else:
        typer.echo("no demo server is running")
    if not current:
        raise typer.Exit(1)


@demo_app.command("day")
def day_command(day: Day) -> None:
    """Switch every demo site to day 1 or day 2."""
    from arshif.demo import DemoServerError, set_day

    try:
        set_day(day)
    except DemoServerError as error:
        _fail(error)
    typer.echo(f"demo network now serves day {day}")


@demo_app.command("sites")
def sites_command(sites: ScaleSites = None, port: ScalePort = None) -> None:
    """Print the sites file (YAML) of the demo network, for `arshif run --sites` (with --sites
    or --port: of a scaled network)."""
    if sites is not None or port is not None:
        from arshif.demo.scale import scaled_sites
        from arshif.demo.scale import sites_yaml as scaled_yaml
        from arshif.demo.scale.sites import DEFAULT_PORT

        typer.echo(scaled_yaml(scaled_sites(sites or 3, port or DEFAULT_PORT)), nl=False)
        return
    from arshif.demo import sites_yaml

    typer.echo(sites_yaml(), nl=False)


def _examples() -> list[str]:
    from arshif.catalog import Catalog
    from arshif.demo import expected_articles, scenario
    from arshif.retrieve import history

    edited = scenario().edited
    catalog = Catalog()
    first = history(catalog, edited)[0]
    catalog.close()
    levant = expected_articles("levant-post", 1)[0].url
    wire_copy = scenario().wire_pair[1]
    exe = Path(sys.executable).parent / "arshif"
    try:
        exe = exe.relative_to(Path.cwd())
    except ValueError:
        pass
    return [
        f"{exe} history {shlex.quote(edited)}",
        f"{exe} get {shlex.quote(edited)} --at {first['timestamp']}",
        f"{exe} get {shlex.quote(levant)} --format html | head -n 20",
        f"{exe} diff {shlex.quote(edited)}",
        f"{exe} cluster {shlex.quote(wire_copy)}",
    ]


@demo_app.command("run")
def demo_run() -> None:
    """Crawl the demo sites on day 1 and day 2 through the DAG into the object store, then
    print a per-site summary and retrieval commands that work when pasted."""
    from arshif.cli.run import demo_sites_file, prepare_store, print_report, run_dag
    from arshif.demo import DAY_DATES
    from arshif.demo.launcher import network_lock
    from arshif.home import PROJECT_ROOT, arshif_home

    home = arshif_home()
    typer.echo(f"arshif demo: data under {home}")
    endpoint = prepare_store()
    typer.echo(f"object store: {endpoint}")
    keys = []
    with network_lock():
        for day in (1, 2):
            logical = DAY_DATES[day]
            typer.echo(f"\n== day {day}: {logical.isoformat()} ==")
            sites = demo_sites_file(logical)
            status, key = run_dag(sites, logical)
            keys.append(key)
            if status != 0:
                print_report(key, as_json=False)
                typer.echo(f"day {day} failed: see {home / 'logs' / 'runs' / (key + '.log')}", err=True)
                raise typer.Exit(1)
    typer.echo("\n== summary ==")
    for key in keys:
        print_report(key, as_json=False)
        typer.echo("")
    typer.echo("Try (from the project's folder" + (f", {PROJECT_ROOT}" if Path.cwd() != PROJECT_ROOT else "") + "):")
    for line in _examples():
        typer.echo(f"  {line}")
    typer.echo(
        "\nThe demo sites and the object store keep running: `.venv/bin/arshif s3 status` shows the "
        "S3 endpoint (bucket 'arshif': warc/, cdxj/, captures/, runs/); `.venv/bin/arshif demo stop` and "
        "`.venv/bin/arshif s3 stop` end them."
    )
