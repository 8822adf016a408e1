"""The ``arshif`` command: one sub-module per group of commands, registered here.

Adding a command (keep ``arshif --help`` and ``arshif history URL`` fast to start):

1. Put it in a module of this package named for the command or group it holds
   (``arshif/cli/<name>.py``: ``search.py`` for ``arshif search``), that imports only
   ``typer``, the standard library and ``from arshif.cli import app`` at its top, and decorates
   its function with ``@app.command("name")`` (or adds a ``typer.Typer()`` group with
   ``app.add_typer``).
2. Import whatever the command needs (the catalog, the store, Scrapy, trafilatura, boto3,
   Airflow…) inside the command's function, so that only the command that is run pays for it.
3. Add the module's name to ``_COMMAND_MODULES`` below.

tests/cli/test_cli_imports.py runs ``arshif --help`` and the retrieval commands in a
subprocess and fails if Airflow, Scrapy, trafilatura, boto3 (or, for the retrieval commands,
Pydantic) were imported: a heavy import at the top of any registered module shows up there.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from arshif.cli import plain_params

plain_params.install()

app = typer.Typer(
    name="arshif",
    help="Crawl Arabic news sites into a web archive, and retrieve what they said and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# The modules whose import adds their commands to ``app`` (see the module's docstring).
_COMMAND_MODULES = (
    "airflow",
    "changes",
    "demo",
    "export",
    "extract",
    "ledger",
    "reextract",
    "reindex",
    "replay",
    "retrieve",
    "run",
    "s3",
    "search",
    "serve",
    "sites",
    "takedown",
    "verify",
)


def _register() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(f"arshif.cli.{name}")


def _single(name: str) -> typer.Typer | None:
    """``app`` narrowed to the plain command ``name`` (None for a group or an unknown name).

    Before parsing, typer builds the click objects of every registered command (~10-30 ms for
    ~30 commands, more than a ranged read); to run one command only that one is needed."""
    from typer.main import get_command_name

    found = [info for info in app.registered_commands
             if (info.name or get_command_name(info.callback.__name__)) == name]
    if len(found) != 1 or any(group.name == name for group in app.registered_groups):
        return None
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.registered_commands = found
    return single


def main() -> None:
    from arshif.catalog import CatalogError

    _register()
    args = sys.argv[1:]
    single = _single(args[0]) if args and not args[0].startswith("-") else None
    try:
        if single is None:
            app()
        else:  # the same command, usage line and errors as through the group
            single(args=args[1:], prog_name=f"{os.path.basename(sys.argv[0])} {args[0]}")
    except CatalogError as exc:  # ARSHIF_INDEX_URL names a catalog that cannot be opened: say why
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
