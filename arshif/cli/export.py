"""``arshif export``: a site's, an article's or a story's captures as WARC, WACZ or JSON Lines,
with a fixity manifest (arshif/export/)."""

from __future__ import annotations

import json
import shlex
import sys
from enum import StrEnum
from pathlib import Path

import typer

from arshif.cli import app


class ExportFormat(StrEnum):
    wacz = "wacz"
    warc = "warc"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"arshif export: {message}", err=True)
    return typer.Exit(code)


@app.command("export")
def export_command(
    site: str | None = typer.Option(None, "--site", help="Every capture of this site."),
    url: str | None = typer.Option(None, "--url", help="Every capture of this article (any alias)."),
    cluster: str | None = typer.Option(None, "--cluster", help="Every capture of every article of this "
                                       "story cluster (c-…, as `arshif cluster URL` prints)."),
    since: str | None = typer.Option(None, "--from", help="Captured on or after: a date (UTC, whole day "
                                     "included) or a time as `get --at` takes."),
    until: str | None = typer.Option(None, "--to", help="Captured on or before: a date (UTC, whole day "
                                     "included) or a time."),
    fmt: ExportFormat | None = typer.Option(None, "--format", help="wacz, warc or jsonl (default: from "
                                            "the output's name: .wacz, .warc.gz, .jsonl)."),
    output: Path = typer.Option(..., "-o", "--output", help="The file to write; FILE.fixity.json and "
                                "FILE.sha256 are written beside it.", dir_okay=False),
    force: bool = typer.Option(False, "--force", help="Replace FILE and its fixity files if they exist."),
    sign: bool = typer.Option(False, "--sign", help="Sign the WACZ with the archive's key (wacz-auth 0.1.0; "
                              "`arshif keys init` creates the key). `arshif verify-export FILE` checks it."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary (progress stays on stderr)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
) -> None:
    """Export captures for other tools and for evidence.

    warc: the archived records of the selected captures, byte for byte as stored
    (response or revisit, then its request; a revisit's payload record too, so
    that the file replays on its own; each source file's warcinfo record; a
    warcinfo record of the export first).

    wacz: that WARC in a WACZ 1.1.1 package (CDXJ index, pages, datapackage.json
    with the SHA-256 of every file), for ReplayWeb.page, pywb and `wacz validate`;
    with --sign, signed with the archive's key (WACZ Signing and Verification
    0.1.0), and naming the run ledger entries of its captures.

    jsonl: one line per capture, its fields and its article, as `get --json`.

    Beside FILE: FILE.fixity.json (the SHA-256 of every file exported; what was
    selected, when, by which arshif; the bucket, run manifests and source
    objects it came from) and FILE.sha256 (for `sha256sum -c`).

    Exit status: 0 written, 1 nothing matched or the archive could not be read,
    2 bad options.
    """
    from arshif.export import Selection, SelectionError, format_for

    try:
        selection = Selection(site=site, url=url, cluster=cluster, since=since, until=until)
    except SelectionError as exc:
        raise _fail(str(exc), 2) from None
    chosen = fmt.value if fmt else format_for(output)
    if chosen is None:
        raise _fail(f"say which format to write with --format wacz|warc|jsonl ({output.name} does not "
                    "end in .wacz, .warc.gz or .jsonl)", 2)
    summary = _export(selection, chosen, output, force=force, sign=sign, quiet=quiet)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{summary['output']}  {summary['format']}  {summary['captures']} capture(s) of "
               f"{', '.join(summary['sites'])}  {summary['bytes']} bytes\n"
               f"  sha256  {summary['sha256']}\n"
               f"  fixity  {summary['fixity']}\n"
               f"  check   cd {Path(summary['output']).parent} && sha256sum -c {Path(summary['sha256_file']).name}")


def _export(selection, fmt: str, output: Path, *, force: bool, sign: bool, quiet: bool) -> dict:
    """arshif.export.export over the catalog and the bucket; its summary, or exit 1 (2 for a bad
    selection) saying why nothing was written."""
    from arshif.catalog import Catalog, CatalogError
    from arshif.export import (
        ExportError,
        ExportIntegrityError,
        NothingSelected,
        SelectionError,
        export,
    )
    from arshif.signing import SigningError
    from storage.errors import StorageError
    from storage.s3 import open_store

    progress = (lambda _message: None) if quiet else (lambda message: typer.echo(message, err=True))
    try:
        catalog = Catalog()
    except CatalogError as exc:
        raise _fail(str(exc)) from None
    try:
        store = open_store(start_if_needed=True)
        return export(store, catalog, selection, fmt, output, force=force, progress=progress,
                      command=shlex.join(["arshif", *sys.argv[1:]]), sign=sign)
    except (NothingSelected, ExportError, SigningError) as exc:
        raise _fail(str(exc)) from None
    except SelectionError as exc:
        raise _fail(str(exc), 2) from None
    except ExportIntegrityError as exc:
        raise _fail(f"stopped, nothing written: {exc}") from None
    except StorageError as exc:
        raise _fail(f"cannot read the archive: {exc}") from None
    finally:
        catalog.close()
