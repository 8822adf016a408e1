"""``arshif history`` and ``arshif get``: what the archive holds for a URL."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer

from arshif.cli import app


class Extraction(StrEnum):
    archived = "archived"
    latest = "latest"


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    warc = "warc"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@app.command("history")
def history_command(
    url: str = typer.Argument(..., help="The article's URL (any alias)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of captures."),
) -> None:
    """Every capture of a URL, oldest first: time, status, kind, version, digest, WARC position."""
    from arshif.catalog import Catalog
    from arshif.retrieve import NoCapture, Withdrawn, history, public_fields

    catalog = Catalog()
    try:
        rows = history(catalog, url)
    except Withdrawn as exc:
        raise _fail(str(exc)) from None
    except NoCapture as exc:
        raise _fail(f"{exc}; `arshif run` archives it once a site lists it") from None
    finally:
        catalog.close()
    captures = [public_fields(r) for r in rows]
    if as_json:
        typer.echo(json.dumps(captures, ensure_ascii=False, indent=2))
        return
    for c in captures:
        version = f"v{c['version']}" if c["version"] is not None else "-"
        typer.echo(f"{c['timestamp']}  {c['status']}  {c['kind']:<9}  {version:<4}  {c['cluster'] or '-':<10}  "
                   f"{c['digest']}  {c['warc']['file']}#{c['warc']['offset']}")


@app.command("get")
def get_command(
    url: str = typer.Argument(..., help="The article's URL (any alias)."),
    at: str | None = typer.Option(None, "--at", help="A time: what `history` prints, 2026-11-29, "
                                  "2026-11-29T10:15+02:00 or 20261129081502. Default: the newest."),
    fmt: Format = typer.Option(Format.text, "--format", help="text, json, html or warc."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    extraction: Extraction = typer.Option(Extraction.archived, "--extraction",
                                          help="archived: the text made at capture time; "
                                          "latest: the newest re-extraction, if any."),
) -> None:
    """The capture nearest a time (the earlier on a tie): its text, fields, page or records."""
    from arshif.catalog import Catalog
    from arshif.retrieve import (
        BadTimestamp,
        NoCapture,
        capture_html,
        capture_json,
        capture_records,
        capture_text,
        choose_capture,
        parse_when,
        removal_note,
    )
    from storage.errors import StorageError
    from storage.reader import open_reader

    try:
        moment = parse_when(at) if at else None
    except BadTimestamp as exc:
        raise _fail(f"error: {exc}", 2) from None
    catalog = Catalog()
    try:
        row, source = choose_capture(catalog, url, moment, extraction is Extraction.latest)
    except NoCapture as exc:
        raise _fail(str(exc)) from None
    finally:
        catalog.close()
    note = removal_note(row)
    if note and fmt is not Format.warc:
        typer.echo(note, err=True)
    try:
        store = open_reader(start_if_needed=True)
        if as_json or fmt is Format.json:
            typer.echo(json.dumps(capture_json(store, row, source), ensure_ascii=False, indent=2))
        elif fmt is Format.text:
            if not note:  # a removal has no text of its own; the note said where the last one is
                typer.echo(capture_text(store, source), nl=False)
        elif fmt is Format.html:
            typer.echo(capture_html(store, row), nl=False)
        else:
            sys.stdout.buffer.write(capture_records(store, row))
            sys.stdout.buffer.flush()
    except StorageError as exc:
        raise _fail(f"error: cannot read the archive: {exc}") from None


@app.command("diff")
def diff_command(
    url: str = typer.Argument(..., help="The article's URL (any alias)."),
    since: str | None = typer.Option(None, "--from", help="The older capture's time (as for `get --at`)."),
    until: str | None = typer.Option(None, "--to", help="The newer capture's time (as for `get --at`)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    colour: bool | None = typer.Option(None, "--colour/--no-colour",
                                       help="Colour instead of [-…-]{+…+} markers (default: on a terminal)."),
) -> None:
    """What changed in an article between two versions (default: the last two), word by word,
    paragraph by paragraph, in the text as published."""
    from arshif.catalog import Catalog
    from arshif.retrieve import (
        BadTimestamp,
        NoCapture,
        capture_article_text,
        choose_diff,
        parse_when,
        public_fields,
    )
    from arshif.textdiff import diff_texts, render, to_json
    from storage.reader import open_reader

    try:
        start, end = (parse_when(t) if t else None for t in (since, until))
    except BadTimestamp as exc:
        raise _fail(f"error: {exc}", 2) from None
    catalog = Catalog()
    try:
        old, new, old_text, new_text = choose_diff(catalog, url, start, end)
    except NoCapture as exc:
        raise _fail(str(exc)) from None
    finally:
        catalog.close()
    store = open_reader(start_if_needed=True)
    changes = diff_texts(capture_article_text(store, old_text), capture_article_text(store, new_text))
    if as_json:
        typer.echo(json.dumps({"from": public_fields(old), "to": public_fields(new),
                               "changes": to_json(changes)}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"v{old['version']} {old['timestamp']}  →  v{new['version']} {new['timestamp']}")
    if not changes:
        typer.echo("no change in the text")
        return
    typer.echo(render(changes, colour=sys.stdout.isatty() if colour is None else colour), nl=False)


@app.command("cluster")
def cluster_command(
    url: str = typer.Argument(..., help="The article's URL (any alias)."),
    as_json: bool = typer.Option(False, "--json", help="Print the cluster as JSON."),
) -> None:
    """The other articles of the same story (near-copies on this and other sites), with site and
    time of first capture."""
    from arshif.catalog import Catalog
    from arshif.retrieve import NoCapture, NoCluster, story_cluster

    catalog = Catalog()
    try:
        cluster, others = story_cluster(catalog, url)
    except NoCluster as exc:
        raise _fail(f"{exc}; see `arshif history`") from None
    except NoCapture as exc:
        raise _fail(str(exc)) from None
    finally:
        catalog.close()
    if as_json:
        typer.echo(json.dumps({"cluster": cluster, "url": url, "others": others}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"cluster {cluster}: {len(others)} other article(s)")
    for m in others:
        typer.echo(f"  {m['first_seen']}  {m['site']:<14} v{m['versions']}  {m['url']}  {m['title'] or ''}")
