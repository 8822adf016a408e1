"""``arshif reextract``: archived pages through today's extractor, beside the archived texts."""

from __future__ import annotations

import json

import typer

from arshif.cli import app


@app.command("reextract")
def reextract_command(
    site: str | None = typer.Option(None, "--site", help="Only this site."),
    run_key: str | None = typer.Option(None, "--run", help="Only this run, e.g. 20261128T000000Z."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Extract archived pages again with the current extractor and each site's newest chrome
    model, writing new text objects beside the old. Archived texts are never changed; `arshif
    get --extraction latest` shows the newest text."""
    from arshif.archive.reextract import committed_runs, reextract_run
    from arshif.catalog import Catalog
    from storage.s3 import open_store

    store, catalog = open_store(start_if_needed=True), Catalog()
    done = []
    for key, name in sorted(committed_runs(store, site, run_key)):
        result = reextract_run(store, catalog, key, name)
        done.append(vars(result))
        if not as_json:
            state = "written" if result.created else "already there"
            typer.echo(f"{key} {name}: {result.captures} texts → {result.key} ({state})")
    catalog.close()
    if as_json:
        typer.echo(json.dumps(done, ensure_ascii=False, indent=2))
    elif not done:
        typer.echo("nothing archived matches; see `arshif history` or run `arshif run` first", err=True)
        raise typer.Exit(1)
