"""``arshif takedown`` and ``arshif takedowns``: withdraw an article from access, optionally purge
it, and list what was withdrawn (arshif/takedown/)."""

from __future__ import annotations

import json

import typer

from arshif.cli import app


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command("takedown")
def takedown_command(
    url: str = typer.Argument(..., help="The article's URL (any alias)."),
    reason: str = typer.Option(..., "--reason", help="Why it is withdrawn (kept in the record)."),
    by: str | None = typer.Option(None, "--by", help="Who asked for it (default: user@host running this)."),
    purge: bool = typer.Option(False, "--purge", help="Also delete its bytes from the bucket for good "
                               "(needs --signed-off-by); without it, the captures are hidden, not deleted."),
    signed_off_by: str | None = typer.Option(None, "--signed-off-by",
                                             help="Who approved the purge (kept in the deletion record)."),
    as_json: bool = typer.Option(False, "--json", help="Print the takedown (and deletion) record as JSON."),
) -> None:
    """Withdraw an article from history, get, diff, cluster, search, export and replay, and stop
    re-checking it; the record (who, when, why, which captures) is written once to the bucket.
    With --purge, its records are also overwritten in the WARC files and its lines removed from
    the indexes, and a deletion record lists every object changed so that `arshif verify` stays
    clean. Taking down an article already withdrawn shows that takedown (and can purge it)."""
    from arshif.catalog import Catalog
    from arshif.takedown import TakedownError, take_down
    from arshif.takedown import purge as purge_article
    from arshif.takedown.tombstone import TombstoneError
    from storage.errors import StorageError
    from storage.s3 import open_store

    if purge and not (signed_off_by or "").strip():
        raise _fail("--purge deletes archived bytes for good: add --signed-off-by NAME, who approved it", 2)
    if signed_off_by and not purge:
        raise _fail("--signed-off-by is for --purge; without --purge nothing is deleted", 2)
    catalog = Catalog()
    try:
        store = open_store(start_if_needed=True)
        result = take_down(store, catalog, url, reason, by)
        if purge:
            def progress(key: str) -> None:
                if not as_json:
                    typer.echo(f"purging {key}", err=True)
            result.purge = purge_article(store, catalog, result, signed_off_by or "", progress)
    except TakedownError as exc:
        raise _fail(str(exc)) from None
    except TombstoneError as exc:
        raise _fail(f"the purge stopped, the takedown stands: {exc}; `arshif verify` checks the bucket") from None
    except StorageError as exc:
        raise _fail(f"{exc}; run the same command again to finish") from None
    finally:
        catalog.close()
    record = result.record
    if as_json:
        typer.echo(json.dumps({"takedown": record, "key": result.key, "created": result.created,
                               "purge": result.purge}, ensure_ascii=False, indent=2))
        return
    verb = "withdrew" if result.created else "already withdrawn by"
    typer.echo(f"{verb} {record['id']}: {record['article']}\n"
               f"  decided {record['decided_at']} by {record['requested_by']}\n"
               f"  reason  {record['reason']}\n"
               f"  {len(record['captures'])} capture(s), {len(record['urls'])} URL(s); record {result.key}")
    if result.purge:
        objects = result.purge["objects"]
        rewritten = sum(1 for o in objects if o["action"] == "rewritten")
        typer.echo(f"purged {len(result.purge['captures'])} capture(s), signed off by "
                   f"{result.purge['signed_off_by']}: {rewritten} object(s) rewritten, "
                   f"{len(objects) - rewritten} deleted; deletion record takedowns/{record['id']}.purge.json")


@app.command("takedowns")
def takedowns_command(
    as_json: bool = typer.Option(False, "--json", help="Print the takedowns as JSON."),
) -> None:
    """Every takedown: id, when, who asked, why, the article, and whether it was purged."""
    from arshif.catalog import Catalog

    catalog = Catalog()
    try:
        rows = catalog.takedowns()
    finally:
        catalog.close()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no takedowns")
        return
    for r in rows:
        purged = f"purged {r['purged_at']}" if r["purged_at"] else "hidden"
        typer.echo(f"{r['id']}  {r['decided_at']}  {purged:<28}  {r['requested_by']}  {r['canonical_url']}\n"
                   f"    {r['reason']}")
