"""``arshif reindex``: the catalog rebuilt from the bucket (arshif/integrity/rebuild.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from arshif.cli import app


class _ProgressLine:
    """One line rewritten in place on a terminal; plain log lines (one per run part, text
    object and report) otherwise, so that a log file reads well."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = False

    def __call__(self, step) -> None:
        s = step.summary
        if self.tty:
            line = (f"reindex: {step.stage} {step.done}/{step.total} · {s.manifests} run parts · "
                    f"{s.captures} captures · {s.index_docs} index docs · {s.texts} texts · "
                    f"{s.reports} reports")
            sys.stderr.write("\r\033[K" + line[:200])
            sys.stderr.flush()
            self.shown = True
            return
        if step.stage == "manifests":
            detail = f"{s.captures} captures, {s.index_docs} index docs so far"
        elif step.stage == "texts":
            detail = f"{s.texts} texts so far"
        else:
            detail = f"{s.reports} reports so far"
        typer.echo(f"reindex: {step.stage} {step.done}/{step.total} {step.key} ({detail})", err=True)

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@app.command("reindex")
def reindex_command(
    catalog: Path | None = typer.Option(
        None, "--catalog", help="Build this catalog file instead (default: ARSHIF_INDEX_URL, "
        "else catalog.sqlite under ARSHIF_HOME).", dir_okay=False),
    no_backup: bool = typer.Option(False, "--no-backup",
                                   help="Remove the old catalog instead of keeping it as <file>.bak-<utc>."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Rebuild the catalog from the bucket alone (manifests and captures, the near-copy index
    with its story cluster ids, re-extracted texts, run reports), in a new file that replaces
    the old catalog in one rename at the end: if anything fails, the old one is left as it was.
    For a new machine, a lost catalog, or a near-copy index arshif asks to rebuild."""
    from arshif.catalog import CatalogError, catalog_path
    from arshif.integrity.rebuild import ReindexError, rebuild_catalog
    from storage.errors import ObjectMissing, StorageError, StoreUnavailable
    from storage.s3 import ObjectStore, resolve_endpoint

    try:
        target = catalog or catalog_path()
    except CatalogError as exc:
        raise _fail(str(exc)) from None
    progress = _ProgressLine()
    try:
        # Not open_store(): that would create a missing bucket, and a reindex only reads.
        store = ObjectStore(resolve_endpoint(start_if_needed=True))
        summary = rebuild_catalog(store, target, keep_backup=not no_backup, progress=progress)
    except StoreUnavailable as exc:
        raise _fail(f"cannot reach the object store: {exc}") from None
    except ObjectMissing as exc:
        raise _fail(f"{exc}; check ARSHIF_BUCKET and ARSHIF_S3_ENDPOINT (`arshif verify` lists missing "
                    f"objects); the catalog {target} was not changed") from None
    except (ReindexError, StorageError) as exc:
        raise _fail(f"{exc}" + ("" if isinstance(exc, ReindexError)
                                else f"; the catalog {target} was not changed")) from None
    finally:
        progress.end()
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    if summary.backup:
        old = f"kept as {summary.backup}"
    elif summary.replaced:
        old = "removed (--no-backup)"
    else:
        old = "none before"
    typer.echo(f"rebuilt {summary.catalog} from {summary.bucket} in {summary.seconds:.1f} s\n"
               f"  runs        {summary.runs} ({summary.manifests} run parts)\n"
               f"  captures    {summary.captures}\n"
               f"  texts       {summary.texts} ({summary.text_objects} re-extraction objects)\n"
               f"  reports     {summary.reports}\n"
               f"  takedowns   {summary.takedowns}\n"
               f"  ledger      {summary.ledger_entries} entries"
               + (f", head at position {summary.ledger_head['position']}, sha256 {summary.ledger_head['sha256']}"
                  if summary.ledger_head else "") + "\n"
               f"  index docs  {summary.index_docs} ({summary.clusters} story clusters)\n"
               f"  old catalog {old}")
