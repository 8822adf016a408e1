"""``arshif changes``: the articles new, edited or removed, in time order (arshif/changes.py)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from arshif.cli import app


@app.command("changes")
def changes_command(
    site: Annotated[str | None, typer.Option("--site", help="Only this site's articles.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="A date (2026-11-30): only changes found by "
                                              "the runs of that logical day (their run key) and later, "
                                              "whenever they ran. A time (2026-11-30T08:15Z, "
                                              "20261130081502): only changes captured at or after it.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only edited, removed or new articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Every article edited (a new version, with the words added and removed), removed (404/410
    or sent to the home page after it was published) or new, oldest first. Articles withdrawn
    by a takedown are left out."""
    from arshif.catalog import Catalog, CatalogError
    from arshif.changes import KINDS, changes, since_value

    if kind is not None and kind not in KINDS:
        typer.echo(f"error: --kind {kind!r}: use one of {', '.join(KINDS)}", err=True)
        raise typer.Exit(2)
    try:
        start = since_value(since)
    except ValueError as exc:
        typer.echo(f"error: --since: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        catalog = Catalog()
    except CatalogError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    try:
        found = changes(catalog, site=site, since=start, kind=kind)
    finally:
        catalog.close()
    if as_json:
        typer.echo(json.dumps({"site": site, "since": None if start is None else str(start), "kind": kind,
                               "changes": [c.to_dict() for c in found]}, ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no change found", err=True)
        return
    for change in found:
        detail = ""
        if change.kind == "edited":
            detail = f"  v{change.version}" + ("" if change.words_added is None else
                                               f" +{change.words_added}/-{change.words_removed} words")
        elif change.kind == "removed":
            detail = f"  {change.status}; last archived {change.previous_at or '-'}"
        typer.echo(f"{change.at[:16].replace('T', ' ')}  {change.kind:<7}  {change.site}  {change.title}{detail}\n"
                   f"    {change.url}")
    counts = {k: sum(c.kind == k for c in found) for k in KINDS}
    typer.echo(f"{len(found)} change(s): {counts['new']} new, {counts['edited']} edited, "
               f"{counts['removed']} removed")
