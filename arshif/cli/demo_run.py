"""``arshif demo run`` (what ``make demo`` runs): two simulated days of the demo network through
the daily_crawl DAG, then a summary and commands to paste."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from arshif.cli.demo_commands import demo_app
from arshif.paths import PROJECT_ROOT, arshif_home


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
    from arshif.cli.run_command import demo_sites_file, prepare_store, print_report, run_dag
    from arshif.demo import DAY_DATES
    from arshif.demo.launcher import network_lock

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
