"""The ``arshif`` command: one sub-module per group of commands, registered here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="arshif",
    help="Crawl Arabic news sites into a web archive, and retrieve what they said and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to ``app``; imports stay light (heavy work is imported
    # inside the command functions) so that ``arshif --help`` answers quickly.
    from arshif.cli import (  # noqa: F401
        airflow_command,
        changes_command,
        demo_commands,
        demo_run,
        export_command,
        extract_command,
        reextract_command,
        reindex_command,
        replay_command,
        retrieve_commands,
        run_command,
        s3_commands,
        search_command,
        serve_command,
        sites_command,
        takedown_command,
        verify_command,
    )


def main() -> None:
    from arshif.catalog import CatalogError

    _register()
    try:
        app()
    except CatalogError as exc:  # ARSHIF_INDEX_URL names a catalog that cannot be opened: say why
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
